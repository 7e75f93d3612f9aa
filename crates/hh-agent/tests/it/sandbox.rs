//! The sandbox behaves as FACTS.md says hh.ru does: authorize and its redirect_uri rules,
//! `/me`, the User-Agent rule and faults. The token endpoint (its grants, revocation and
//! error texts) is in `token`, the `/_sandbox/` controls in `admin`.

mod admin;
mod token;

use std::time::Duration;

use hh_sandbox::{self as sandbox, Decision, Fault, FaultKind, Sandbox};
use serde_json::{json, Value};

use crate::support::{browser, start_sandbox};

const UA: &str = "hh-agent-tests/1.0 (tests@example.org)";
const REDIRECT: &str = "http://app.example.org/oauth";

struct Hh {
    sandbox: Sandbox,
    url: String,
    _stop: tokio::sync::oneshot::Sender<()>,
}

async fn hh() -> Hh {
    let (sandbox, url, stop) = start_sandbox(REDIRECT).await;
    Hh {
        sandbox,
        url,
        _stop: stop,
    }
}

impl Hh {
    async fn authorize(&self, query: &str) -> (u16, Option<String>) {
        let response = browser()
            .get(format!("{}/oauth/authorize?{query}", self.url))
            .send()
            .await
            .unwrap();
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        (response.status().as_u16(), location)
    }

    async fn code(&self) -> String {
        let query = format!(
            "response_type=code&client_id={}&redirect_uri={REDIRECT}",
            sandbox::CLIENT_ID
        );
        let (_, location) = self.authorize(&query).await;
        let location = url::Url::parse(&location.unwrap()).unwrap();
        let code = location
            .query_pairs()
            .find(|(k, _)| k == "code")
            .unwrap()
            .1
            .into_owned();
        code
    }

    async fn token(&self, form: &[(&str, &str)]) -> (u16, Value) {
        let response = browser()
            .post(format!("{}/token", self.url))
            .header("HH-User-Agent", UA)
            .form(form)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn exchange(&self, code: &str) -> (u16, Value) {
        self.token(&[
            ("grant_type", "authorization_code"),
            ("client_id", sandbox::CLIENT_ID),
            ("client_secret", sandbox::CLIENT_SECRET),
            ("redirect_uri", REDIRECT),
            ("code", code),
        ])
        .await
    }

    async fn pair(&self) -> (String, String) {
        let (status, body) = self.exchange(&self.code().await).await;
        assert_eq!(status, 200, "{body}");
        (
            body["access_token"].as_str().unwrap().to_owned(),
            body["refresh_token"].as_str().unwrap().to_owned(),
        )
    }

    async fn refresh(&self, refresh_token: &str) -> (u16, Value) {
        self.token(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ])
        .await
    }

    async fn me(&self, token: &str) -> (u16, Value) {
        let response = browser()
            .get(format!("{}/me", self.url))
            .header("HH-User-Agent", UA)
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }

    fn expire(&self) {
        self.sandbox.advance(Duration::from_secs(1_209_600 + 1));
    }
}

fn oauth_error(body: &Value) -> (String, String) {
    (
        body["error"].as_str().unwrap_or("").to_owned(),
        body["error_description"].as_str().unwrap_or("").to_owned(),
    )
}

#[track_caller]
fn check_redirect(candidate: &str, allowed: bool) {
    assert_eq!(
        sandbox::redirect_matches("http://example.com/oauth", candidate),
        allowed,
        "{candidate}"
    );
}

#[test]
fn redirect_uri_matching_follows_hh_rules() {
    check_redirect("http://example.com/oauth", true);
    check_redirect("http://www.example.com/oauth", true);
    check_redirect("http://example.com/oauth/sub/path", true);
    check_redirect("http://example.com/oauth?lang=RU", true);
    check_redirect("http://www.example.com/oauth/sub/path?lang=RU", true);
    check_redirect("https://example.com/oauth", false);
    check_redirect("http://example.org/oauth", false);
    check_redirect("http://badexample.com/oauth", false);
    check_redirect("http://example.com/oauths", false);
    check_redirect("http://example.com/", false);
    check_redirect("http://example.com:80/oauths", false);
    check_redirect("http://example.com:8080/oauth", false);
    check_redirect("not a url", false);
}

#[tokio::test]
async fn authorize_approves_denies_and_refuses_foreign_redirects() {
    let hh = hh().await;
    let base = format!(
        "response_type=code&client_id={}&state=xyz",
        sandbox::CLIENT_ID
    );
    let (status, location) = hh
        .authorize(&format!("{base}&redirect_uri={REDIRECT}/sub"))
        .await;
    assert_eq!(status, 302);
    let location = location.unwrap();
    assert!(
        location.starts_with("http://app.example.org/oauth/sub?code="),
        "{location}"
    );
    assert!(location.ends_with("&state=xyz"));
    // Omitted redirect_uri: the registered one.
    let (_, location) = hh.authorize(&base).await;
    assert!(location
        .unwrap()
        .starts_with("http://app.example.org/oauth?code="));

    hh.sandbox.set_next_authorize(Decision::Deny);
    let (status, location) = hh.authorize(&base).await;
    assert_eq!(
        (status, location.as_deref()),
        (
            302,
            Some("http://app.example.org/oauth?error=access_denied&state=xyz")
        )
    );
    let (_, location) = hh.authorize(&base).await;
    assert!(location.unwrap().contains("code="), "Deny applies once");

    for query in [
        format!("{base}&redirect_uri=http://evil.example.net/oauth"),
        format!("{base}&redirect_uri=https://app.example.org/oauth"),
        "response_type=code&client_id=OTHER".to_owned(),
        format!("response_type=token&client_id={}", sandbox::CLIENT_ID),
    ] {
        let (status, location) = hh.authorize(&query).await;
        assert_eq!((status, location), (400, None), "{query}");
    }
}

#[tokio::test]
async fn me_and_the_user_agent_rule() {
    let hh = hh().await;
    let (access, _) = hh.pair().await;
    let (status, me) = hh.me(&access).await;
    assert_eq!(status, 200);
    assert_eq!(me["auth_type"], "applicant");
    assert_eq!(me["is_applicant"], true);
    assert_eq!(
        hh.me("garbage").await.1["errors"][0],
        json!({"type": "oauth", "value": "bad_authorization"})
    );
    let response = browser()
        .get(format!("{}/me", hh.url))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["errors"][0],
        json!({"type": "bad_user_agent", "value": "unset"})
    );
    let response = browser()
        .get(format!("{}/nowhere", hh.url))
        .header("User-Agent", UA)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn faults_and_recording() {
    let hh = hh().await;
    hh.sandbox.inject(Fault {
        method: Some("POST".into()),
        path: "/token".into(),
        kind: FaultKind::Status {
            status: 503,
            body: "{}".into(),
            retry_after: Some(7),
        },
        times: 2,
        skip: 0,
    });
    for _ in 0..2 {
        let response = browser()
            .post(format!("{}/token", hh.url))
            .header("HH-User-Agent", UA)
            .form(&[("grant_type", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 503);
        assert_eq!(response.headers()["retry-after"], "7");
    }
    let (access, refresh) = hh.pair().await;
    // Dropped after processing: the refresh happened although the client got no answer.
    hh.expire();
    hh.sandbox.inject(Fault {
        method: None,
        path: "/token".into(),
        kind: FaultKind::DropAfterProcessing,
        times: 1,
        skip: 0,
    });
    let sent = browser()
        .post(format!("{}/token", hh.url))
        .header("HH-User-Agent", UA)
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh.as_str()),
        ])
        .send()
        .await;
    assert!(sent.is_err(), "the connection must drop");
    assert_eq!(
        hh.refresh(&refresh).await.1["error_description"],
        "token has already been refreshed"
    );
    assert_eq!(
        hh.me(&access).await.1["errors"][0]["value"],
        "bad_authorization"
    );
    hh.sandbox.inject(Fault {
        method: None,
        path: "/me".into(),
        kind: FaultKind::DropBeforeProcessing,
        times: 1,
        skip: 0,
    });
    assert!(browser()
        .get(format!("{}/me", hh.url))
        .header("HH-User-Agent", UA)
        .send()
        .await
        .is_err());

    let requests = hh.sandbox.requests();
    assert!(requests
        .iter()
        .filter(|r| r.path != "/oauth/authorize")
        .all(|r| r.has_user_agent));
    let refreshes = requests
        .iter()
        .filter(|r| {
            r.form
                .contains(&("grant_type".into(), "refresh_token".into()))
        })
        .count();
    assert_eq!(refreshes, 2);
    assert_eq!(hh.sandbox.count("GET", "/oauth/authorize"), 1);
    hh.sandbox.clear_requests();
    assert!(hh.sandbox.requests().is_empty());
}
