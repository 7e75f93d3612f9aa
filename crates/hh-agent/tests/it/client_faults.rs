//! The client under injected faults: 429 and 5xx bursts ridden out with bounded backoff on
//! GETs, never a repeated POST, captchas with a ready link, unreadable JSON, and the
//! dropped-connection apply reported as uncertain and found again in `GET /negotiations`.

use std::time::{Duration, Instant};

use hh_agent::hh::{ApplyOutcome, Error, NegotiationFilter, Search};
use hh_sandbox::{Fault, FaultKind};

use crate::support::api::Api;

fn status(status: u16, body: &str, retry_after: Option<u64>) -> FaultKind {
    FaultKind::Status {
        status,
        body: body.to_owned(),
        retry_after,
    }
}

fn fault(method: &str, path: &str, kind: FaultKind, times: u32) -> Fault {
    Fault {
        method: Some(method.to_owned()),
        path: path.to_owned(),
        kind,
        times,
        skip: 0,
    }
}

#[tokio::test]
async fn bursts_of_429_and_5xx_are_ridden_out() {
    let api = Api::start().await;
    let client = api.anonymous_client();
    let limited = r#"{"errors":[{"type":"too_many_requests"}]}"#;
    api.sandbox
        .inject(fault("GET", "/vacancies", status(429, limited, Some(0)), 2));
    let started = Instant::now();
    assert!(client.vacancies(&Search::default(), 0, 10).await.is_ok());
    assert_eq!(api.sandbox.count("GET", "/vacancies"), 3);
    assert!(started.elapsed() < Duration::from_secs(5));

    api.sandbox.clear_requests();
    api.sandbox
        .inject(fault("GET", "/dictionaries", status(503, "", None), 2));
    assert!(client.dictionaries().await.is_ok());
    assert_eq!(api.sandbox.count("GET", "/dictionaries"), 3);

    // A burst longer than the attempts: the error comes back, after exactly `attempts`.
    api.sandbox.clear_requests();
    api.sandbox.inject(fault(
        "GET",
        "/areas",
        status(502, "<html>bad gateway</html>", None),
        10,
    ));
    assert_eq!(
        client.areas().await.unwrap_err(),
        Error::Server { status: 502 }
    );
    assert_eq!(api.sandbox.count("GET", "/areas"), 3);
    api.sandbox.clear_faults();

    api.sandbox.clear_requests();
    api.sandbox
        .inject(fault("GET", "/me", status(429, "", Some(0)), 10));
    let user = api.user_client(0);
    assert!(matches!(
        user.me().await.unwrap_err(),
        Error::RateLimited { .. }
    ));
    assert_eq!(api.sandbox.count("GET", "/me"), 3);
    api.sandbox.clear_faults();

    // A dropped connection on a GET is retried too.
    api.sandbox.clear_requests();
    api.sandbox
        .inject(fault("GET", "/me", FaultKind::DropBeforeProcessing, 1));
    assert!(user.me().await.is_ok());
    assert_eq!(api.sandbox.count("GET", "/me"), 2);
}

#[tokio::test]
async fn retry_after_is_honoured_but_capped() {
    let api = Api::start().await;
    let mut options = api.options();
    options.max_backoff = Duration::from_millis(300);
    let client = api.client_with(hh_agent::hh::Auth::anonymous(), options);
    api.sandbox
        .inject(fault("GET", "/areas", status(429, "", Some(3600)), 1));
    let started = Instant::now();
    assert!(client.areas().await.is_ok());
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(300), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
}

#[tokio::test]
async fn a_post_is_never_repeated() {
    let api = Api::start().await;
    let client = api.user_client(0);
    let resume = api.resume_id(0);
    for (kind, expect_unknown) in [
        (status(503, "", None), true),
        (status(429, "", Some(0)), false),
        (FaultKind::DropBeforeProcessing, true),
    ] {
        api.sandbox.clear_requests();
        api.sandbox
            .inject(fault("POST", "/negotiations", kind.clone(), 5));
        let outcome = client
            .apply(&api.plain_vacancy(0), &resume, None)
            .await
            .unwrap();
        assert_eq!(api.sandbox.count("POST", "/negotiations"), 1, "{kind:?}");
        assert_eq!(
            matches!(outcome, ApplyOutcome::Uncertain { .. }),
            expect_unknown,
            "{kind:?} gave {outcome:?}"
        );
        api.sandbox.clear_faults();
    }
}

#[tokio::test]
async fn a_dropped_apply_is_uncertain_and_reconciled() {
    let api = Api::start().await;
    let client = api.user_client(0);
    let resume = api.resume_id(0);
    let vacancy = api.plain_vacancy(0);
    api.sandbox.inject(fault(
        "POST",
        "/negotiations",
        FaultKind::DropAfterProcessing,
        1,
    ));
    let outcome = client.apply(&vacancy, &resume, None).await.unwrap();
    assert!(
        matches!(outcome, ApplyOutcome::Uncertain { .. }),
        "{outcome:?}"
    );
    assert!(!outcome.is_success());
    // hh.ru did record it: reconciliation finds it.
    let filter = NegotiationFilter {
        vacancy_id: Some(vacancy.clone()),
        ..NegotiationFilter::default()
    };
    let found = client.negotiations(&filter, 0, 20).await.unwrap();
    assert_eq!(found.items.len(), 1);
    assert_eq!(
        client.apply(&vacancy, &resume, None).await.unwrap(),
        ApplyOutcome::AlreadyApplied
    );
}

#[tokio::test]
async fn captchas_come_with_a_link_for_the_user() {
    let api = Api::start().await;
    let client = api.user_client(0);
    let vacancy = api.plain_vacancy(0);
    // The third vacancy view asks for a captcha.
    api.sandbox.inject(Fault {
        method: Some("GET".into()),
        path: "/vacancies/*".into(),
        kind: FaultKind::Captcha,
        times: 1,
        skip: 2,
    });
    assert!(client.vacancy(&vacancy).await.is_ok());
    assert!(client.vacancy(&vacancy).await.is_ok());
    let Error::Captcha(captcha) = client.vacancy(&vacancy).await.unwrap_err() else {
        panic!("expected a captcha");
    };
    let link = captcha
        .url_for_user("https://home.example/hh/done")
        .unwrap();
    assert!(link.starts_with("https://hh.ru/account/captcha?"), "{link}");
    assert!(
        link.contains("backurl=https%3A%2F%2Fhome.example%2Fhh%2Fdone"),
        "{link}"
    );
    // Not retried: a captcha needs a person.
    assert_eq!(
        api.sandbox.count("GET", &format!("/vacancies/{vacancy}")),
        3
    );
    assert!(client.vacancy(&vacancy).await.is_ok());

    api.sandbox
        .inject(fault("POST", "/negotiations", FaultKind::Captcha, 1));
    let outcome = client
        .apply(&vacancy, &api.resume_id(0), None)
        .await
        .unwrap();
    assert!(matches!(outcome, ApplyOutcome::Captcha(_)), "{outcome:?}");
}

#[tokio::test]
async fn unreadable_json_is_an_error_with_a_short_excerpt() {
    let api = Api::start().await;
    let client = api.user_client(0);
    let token = api.store().read().unwrap().access_token.expose().to_owned();
    let garbage = format!("<html>oops {}</html>", "x".repeat(500));
    api.sandbox
        .inject(fault("GET", "/me", status(200, &garbage, None), 1));
    match client.me().await.unwrap_err() {
        Error::InvalidJson { excerpt, .. } => {
            assert!(excerpt.starts_with("<html>oops"));
            assert!(excerpt.chars().count() <= 80);
            assert!(!excerpt.contains(&token));
        }
        other => panic!("{other:?}"),
    }
}
