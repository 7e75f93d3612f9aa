//! The application token: obtained once when first needed and kept beside the token file,
//! shared by processes, renewed only after hh.ru refuses it and never more than once per
//! 5 minutes; and the client's bearer choice per request (the user token where hh.ru
//! allows it, the application token where it is absent or was refused, the refusal
//! remembered until the next probe).

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use hh_agent::hh::{self, Auth, Bearer, Capability, Error, Search};
use hh_sandbox::{Fault, FaultKind, RecordedRequest};

use crate::support::api::Api;

/// `POST /token` requests with `grant_type=client_credentials`.
fn app_token_requests(api: &Api) -> usize {
    api.sandbox
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/token")
        .filter(|r| {
            r.form
                .iter()
                .any(|(k, v)| k == "grant_type" && v == "client_credentials")
        })
        .count()
}

/// The searches sent so far, oldest first: whether each carried a user token.
fn searches_with_user_token(api: &Api) -> Vec<bool> {
    api.sandbox
        .requests()
        .iter()
        .filter(|r: &&RecordedRequest| r.method == "GET" && r.path == "/vacancies")
        .map(|r| r.token_serial.is_some())
        .collect()
}

/// A client that has the user's token file (maybe absent) and the app's managed token.
fn client(api: &Api) -> hh::Client {
    api.client_with(api.user_auth().with_app(api.app_tokens()), api.options())
}

fn one_search() -> Search {
    Search {
        text: Some("Rust".into()),
        ..Search::default()
    }
}

#[tokio::test]
async fn without_a_login_one_application_token_serves_every_process() {
    let api = Api::start().await;
    let first = client(&api);
    assert!(api.store().read().is_err(), "nobody has logged in");
    for _ in 0..3 {
        first.vacancies(&one_search(), 0, 5).await.unwrap();
    }
    assert_eq!(
        app_token_requests(&api),
        1,
        "obtained once, when first needed"
    );
    assert_eq!(searches_with_user_token(&api), [false, false, false]);
    let path = api.store().app_token_path();
    assert_eq!(path.parent(), api.config.token.path.parent());
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let status = api.store().read_status().unwrap();
    let record = status.last_app_token.expect("a status record");
    assert!(record.obtained && record.reason == "obtained", "{record:?}");
    let token = api.store().read_app_token().unwrap().unwrap().access_token;
    let status_text = std::fs::read_to_string(api.store().status_path()).unwrap();
    assert!(
        !status_text.contains(token.expose()),
        "the status file holds no token"
    );

    // Another process reads the file instead of asking hh.ru again.
    let second = client(&api);
    second.vacancy(&api.plain_vacancy(0)).await.unwrap();
    assert_eq!(app_token_requests(&api), 1);

    // Applicant methods never go out with the application token.
    let err = first.resumes_mine().await.unwrap_err();
    assert!(matches!(err, Error::NoToken(_)), "{err:?}");
    assert_eq!(api.sandbox.count("GET", "/resumes/mine"), 0);
    assert_eq!(first.search_bearer().await, Bearer::Application);
    assert!(matches!(
        first.probe().await,
        Capability::ApplicationOnly { .. }
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn processes_starting_together_ask_for_one_token() {
    let api = Api::start().await;
    let mut searches = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let client = client(&api);
        searches.spawn(async move { client.vacancies(&one_search(), 0, 1).await.map(drop) });
    }
    while let Some(result) = searches.join_next().await {
        result.unwrap().unwrap();
    }
    assert_eq!(app_token_requests(&api), 1);
}

#[tokio::test]
async fn a_refused_user_token_moves_public_methods_to_the_application_token_until_the_next_probe() {
    let api = Api::start().await;
    api.sign_in(0);
    let client = client(&api);
    client.vacancies(&one_search(), 0, 5).await.unwrap();
    assert_eq!(searches_with_user_token(&api), [true]);
    assert_eq!(
        app_token_requests(&api),
        0,
        "not needed while the user token works"
    );

    // hh.ru withdraws search from the user token: one refusal, then the app token.
    api.sandbox.inject(Fault {
        method: Some("GET".into()),
        path: "/vacancies".into(),
        kind: FaultKind::Status {
            status: 403,
            body: r#"{"errors":[{"type":"forbidden"}],"request_id":"x"}"#.into(),
            retry_after: None,
        },
        times: 1,
        skip: 0,
    });
    for _ in 0..4 {
        client.vacancies(&one_search(), 0, 5).await.unwrap();
    }
    assert_eq!(
        searches_with_user_token(&api),
        [true, true, false, false, false, false],
        "the refused call is not repeated on every request"
    );
    assert_eq!(app_token_requests(&api), 1);
    assert_eq!(client.search_bearer().await, Bearer::Application);
    // Other methods keep the user token.
    let vacancy = api.plain_vacancy(0);
    client.vacancy(&vacancy).await.unwrap();
    let detail = api
        .sandbox
        .requests()
        .into_iter()
        .rfind(|r| r.path == format!("/vacancies/{vacancy}"))
        .unwrap();
    assert!(detail.token_serial.is_some());

    // A probe decides afresh: access granted again is followed at once.
    assert!(matches!(client.probe().await, Capability::Applicant { .. }));
    client.vacancies(&one_search(), 0, 5).await.unwrap();
    assert_eq!(searches_with_user_token(&api).last(), Some(&true));
    assert_eq!(client.search_bearer().await, Bearer::User);
}

#[tokio::test]
async fn a_refused_application_token_is_renewed_at_most_every_five_minutes() {
    let api = Api::start().await;
    let client = api.client_with(Auth::anonymous().with_app(api.app_tokens()), api.options());
    client.vacancies(&one_search(), 0, 1).await.unwrap();
    assert_eq!(app_token_requests(&api), 1);
    let refuse = || Fault {
        method: Some("GET".into()),
        path: "/vacancies".into(),
        kind: FaultKind::Status {
            status: 403,
            body: r#"{"errors":[{"type":"oauth","value":"bad_authorization"}],"request_id":"x"}"#
                .into(),
            retry_after: None,
        },
        times: 1,
        skip: 0,
    };
    // Within 5 minutes of the last request hh.ru would refuse a new one: not asked.
    api.sandbox.inject(refuse());
    let err = client.vacancies(&one_search(), 0, 1).await.unwrap_err();
    assert!(
        err.to_string().contains("hh.ru allows the next request at"),
        "{err}"
    );
    assert_eq!(app_token_requests(&api), 1);

    // Later, the refused token is replaced once and the search goes through.
    api.sandbox.advance(Duration::from_secs(6 * 60));
    api.sandbox.inject(refuse());
    client.vacancies(&one_search(), 0, 1).await.unwrap();
    assert_eq!(app_token_requests(&api), 2);
    client.vacancies(&one_search(), 0, 1).await.unwrap();
    assert_eq!(app_token_requests(&api), 2);
}
