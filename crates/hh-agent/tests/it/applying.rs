//! The one apply path against the sandbox and a real SQLite ledger: every rule that stops
//! a POST, exactly one POST otherwise, the caps (ours and hh.ru's first signal), and the
//! uncertain apply reconciled with `GET /negotiations`.

use chrono::Duration;
use hh_agent::applying::{self, Request};
use hh_agent::hh::types::Vacancy;
use hh_agent::hh::ApplyOutcome;
use hh_agent::hh::{self, NegotiationFilter};
use hh_agent::ledger::{Ledger, Outcome, Seen};
use hh_sandbox::{Fault, FaultKind, LimitForm};

use crate::support::api::Api;

struct Rig {
    api: Api,
    client: hh::Client,
    ledger: Ledger,
    resume: String,
}

async fn rig() -> Rig {
    let api = Api::start().await;
    let client = api.user_client(0);
    let ledger = Ledger::open(&api.dir.path().join("bot/ledger.sqlite")).unwrap();
    let resume = api.resume_id(0);
    Rig {
        api,
        client,
        ledger,
        resume,
    }
}

impl Rig {
    async fn vacancy(&self, id: &str) -> Vacancy {
        self.client.vacancy(id).await.unwrap()
    }

    async fn apply(&mut self, vacancy: &Vacancy, letter: Option<&str>, cap: u32) -> ApplyOutcome {
        let request = Request {
            vacancy,
            resume_id: &self.resume,
            letter,
            score: Some(80),
            current_employer: Some("ФинТехПлатформа"),
            daily_cap: cap,
        };
        applying::apply(
            &self.client,
            &mut self.ledger,
            &request,
            self.api.sandbox.now(),
        )
        .await
        .unwrap()
    }

    /// When a `DailyLimit` answer says applying may resume, on the sandbox's clock.
    fn until(&self, outcome: &ApplyOutcome) -> chrono::DateTime<chrono::Utc> {
        match outcome {
            ApplyOutcome::DailyLimit {
                retry_after: Some(wait),
            } => self.api.sandbox.now() + Duration::from_std(*wait).unwrap(),
            other => panic!("not a limit with a known end: {other:?}"),
        }
    }

    fn posts(&self) -> usize {
        self.api.sandbox.count("POST", "/negotiations")
    }
}

#[tokio::test]
async fn applies_once_and_never_twice() {
    let mut rig = rig().await;
    let vacancy = rig.vacancy(&rig.api.plain_vacancy(0)).await;
    let attempt = rig.apply(&vacancy, Some("Здравствуйте!"), 150).await;
    let ApplyOutcome::Applied {
        negotiation_id: Some(nid),
    } = attempt
    else {
        panic!("{attempt:?}");
    };
    let recorded = rig.ledger.application(&vacancy.id).unwrap().unwrap();
    assert_eq!(recorded.outcome, Outcome::Applied);
    assert_eq!(recorded.negotiation_id.as_deref(), Some(nid.as_str()));
    assert_eq!(recorded.letter.as_deref(), Some("Здравствуйте!"));
    // Again, with the stale detail (no relation yet) and with a fresh one: never re-sent.
    assert_eq!(
        rig.apply(&vacancy, None, 150).await,
        ApplyOutcome::AlreadyApplied
    );
    let fresh = rig.vacancy(&vacancy.id).await;
    assert_eq!(
        rig.apply(&fresh, None, 150).await,
        ApplyOutcome::AlreadyApplied
    );
    assert_eq!(rig.posts(), 1);
}

#[tokio::test]
async fn the_rules_that_stop_a_post() {
    let mut rig = rig().await;
    // Applied on the website: the vacancy's relations say so.
    let elsewhere = rig.api.plain_vacancy(1);
    rig.client
        .apply(&elsewhere, &rig.resume, None)
        .await
        .unwrap();
    rig.api.sandbox.clear_requests();
    let seen = rig.vacancy(&elsewhere).await;
    assert_eq!(
        rig.apply(&seen, None, 150).await,
        ApplyOutcome::AlreadyApplied
    );

    let tested = rig.api.vacancy_where(|v| v.has_test && !v.archived);
    let tested = rig.vacancy(&tested).await;
    assert_eq!(
        rig.apply(&tested, None, 150).await,
        ApplyOutcome::TestRequired
    );
    assert_eq!(
        rig.ledger.application(&tested.id).unwrap().unwrap().outcome,
        Outcome::SkippedTest
    );
    let archived = rig.api.vacancy_where(|v| v.archived);
    let archived = rig.vacancy(&archived).await;
    assert_eq!(rig.apply(&archived, None, 150).await, ApplyOutcome::Gone);

    let letter = rig.api.vacancy_where(|v| {
        v.response_letter_required && !v.archived && !v.has_test && v.kind == "open"
    });
    let letter = rig.vacancy(&letter).await;
    assert_eq!(
        rig.apply(&letter, Some("  "), 150).await,
        ApplyOutcome::LetterRequired
    );

    let mut current = rig.vacancy(&rig.api.plain_vacancy(2)).await;
    if let Some(employer) = current.employer.as_mut() {
        employer.name = "ООО «ФинТехПлатформа»".to_owned();
    }
    assert_eq!(
        rig.apply(&current, None, 150).await,
        ApplyOutcome::CurrentEmployer
    );
    assert_eq!(rig.posts(), 0, "none of these reached hh.ru");

    // A letter makes the letter-required vacancy go through.
    assert!(matches!(
        rig.apply(&letter, Some("Добрый день! Откликаюсь."), 150)
            .await,
        ApplyOutcome::Applied { .. }
    ));
    let direct = rig
        .api
        .vacancy_where(|v| v.kind == "direct" && !v.archived && !v.has_test);
    let direct = rig.vacancy(&direct).await;
    match rig.apply(&direct, None, 150).await {
        ApplyOutcome::External { url } => assert!(url.starts_with("https://")),
        other => panic!("{other:?}"),
    }
    assert_eq!(rig.posts(), 2);
}

#[tokio::test]
async fn our_cap_and_hh_rus_first_limit_signal_stop_applying() {
    let mut rig = rig().await;
    let start = rig.api.sandbox.now();
    for skip in 0..2 {
        let vacancy = rig.vacancy(&rig.api.plain_vacancy(skip)).await;
        assert!(matches!(
            rig.apply(&vacancy, None, 2).await,
            ApplyOutcome::Applied { .. }
        ));
    }
    let third = rig.vacancy(&rig.api.plain_vacancy(2)).await;
    let limited = rig.apply(&third, None, 2).await;
    let until = rig.until(&limited);
    assert!(until >= start + Duration::hours(24) && until <= start + Duration::hours(25));
    assert_eq!(rig.posts(), 2);

    // hh.ru's own cap, in its 400 form: the first signal stops everything.
    rig.api.sandbox.set_apply_limit(2, LimitForm::BadRequest);
    let limited = rig.apply(&third, None, 150).await;
    assert!(rig.until(&limited) > rig.api.sandbox.now());
    assert_eq!(rig.posts(), 3);
    let fourth = rig.vacancy(&rig.api.plain_vacancy(3)).await;
    assert!(matches!(
        rig.apply(&fourth, None, 150).await,
        ApplyOutcome::DailyLimit { .. }
    ));
    assert_eq!(rig.posts(), 3, "nothing is sent while hh.ru's limit holds");
    assert!(rig.ledger.limit_until().unwrap().is_some());
}

#[tokio::test]
async fn hh_rus_429_sets_the_pause_from_retry_after() {
    let mut rig = rig().await;
    rig.api
        .sandbox
        .set_apply_limit(1, LimitForm::TooManyRequests);
    let first = rig.vacancy(&rig.api.plain_vacancy(0)).await;
    let applied_at = rig.api.sandbox.now();
    assert!(matches!(
        rig.apply(&first, None, 150).await,
        ApplyOutcome::Applied { .. }
    ));
    rig.api
        .sandbox
        .advance(std::time::Duration::from_secs(2 * 3600));
    rig.api.sign_in(0);
    let second = rig.vacancy(&rig.api.plain_vacancy(1)).await;
    // hh.ru's Retry-After (22 h here) decides: the window frees a day after the first.
    let limited = rig.apply(&second, None, 150).await;
    let until = rig.until(&limited);
    let expected = applied_at + Duration::hours(24);
    assert!(
        (until - expected).num_seconds().abs() < 60,
        "{until} vs {expected}"
    );
    assert_eq!(
        rig.ledger.application(&second.id).unwrap().unwrap().outcome,
        Outcome::DailyLimit
    );
    assert_eq!(
        rig.ledger.limit_until().unwrap().map(|u| u > applied_at),
        Some(true)
    );
}

#[tokio::test]
async fn a_lost_answer_is_uncertain_until_reconciled() {
    let mut rig = rig().await;
    let vacancy = rig.vacancy(&rig.api.plain_vacancy(0)).await;
    rig.api.sandbox.inject(Fault {
        method: Some("POST".into()),
        path: "/negotiations".into(),
        kind: FaultKind::DropAfterProcessing,
        times: 1,
        skip: 0,
    });
    assert!(matches!(
        rig.apply(&vacancy, None, 150).await,
        ApplyOutcome::Uncertain { .. }
    ));
    assert_eq!(rig.ledger.uncertain().unwrap().len(), 1);
    // Never blindly retried.
    assert_eq!(
        rig.apply(&vacancy, None, 150).await,
        ApplyOutcome::AlreadyApplied
    );
    assert_eq!(rig.posts(), 1);
    // hh.ru's list settles it.
    let listed = rig
        .client
        .negotiations(&NegotiationFilter::default(), 0, 100)
        .await
        .unwrap();
    let seen: Vec<Seen> = listed
        .items
        .iter()
        .map(|n| Seen {
            vacancy_id: n.vacancy.as_ref().unwrap().id.clone(),
            resume_id: None,
            negotiation_id: n.id.clone(),
            created_at: rig.api.sandbox.now(),
        })
        .collect();
    let report = rig.ledger.reconcile(&seen, rig.api.sandbox.now()).unwrap();
    assert_eq!(report.confirmed, 1);
    assert!(rig.ledger.uncertain().unwrap().is_empty());
    assert_eq!(
        rig.ledger
            .application(&vacancy.id)
            .unwrap()
            .unwrap()
            .outcome,
        Outcome::Applied
    );
}
