//! The token endpoint as FACTS.md §4–§6 describe it: the code exchange and the refresh
//! with every documented error, application tokens, and the rule that every error body
//! carries one of hh.ru's own `error_description` texts.

use std::time::Duration;

use hh_sandbox as sandbox;
use serde_json::json;

use super::{hh, oauth_error, REDIRECT, UA};
use crate::support::browser;

#[tokio::test]
async fn code_exchange_answers_every_documented_error() {
    let hh = hh().await;
    let code = hh.code().await;
    let with = |client_id: &'static str, secret: &'static str, redirect: &'static str| {
        vec![
            ("grant_type", "authorization_code"),
            ("client_id", client_id),
            ("client_secret", secret),
            ("redirect_uri", redirect),
        ]
    };
    type Form<'a> = Vec<(&'a str, &'a str)>;
    let cases: Vec<(Form, &str, &str)> = vec![
        (
            with("OTHER", sandbox::CLIENT_SECRET, REDIRECT),
            "invalid_client",
            "client_id or client_secret not found",
        ),
        (
            with(sandbox::CLIENT_ID, "wrong", REDIRECT),
            "invalid_request",
            "account not found",
        ),
        (
            with(
                sandbox::CLIENT_ID,
                sandbox::CLIENT_SECRET,
                "http://app.example.org/other",
            ),
            "invalid_request",
            "bad redirect url",
        ),
        (
            with(sandbox::CLIENT_ID, sandbox::CLIENT_SECRET, ""),
            "invalid_request",
            "bad redirect url",
        ),
    ];
    for (mut form, error, description) in cases {
        form.push(("code", &code));
        let (status, body) = hh.token(&form).await;
        assert_eq!(
            (status, oauth_error(&body)),
            (400, (error.to_owned(), description.to_owned()))
        );
    }
    let (status, body) = hh.exchange("NOSUCHCODE").await;
    assert_eq!(
        (status, oauth_error(&body).1.as_str()),
        (400, "code not found")
    );
    let (status, body) = hh.exchange(&code).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 1_209_600);
    assert_eq!(
        hh.exchange(&code).await.1["error_description"],
        "code has already been used"
    );
    let late = hh.code().await;
    hh.sandbox.advance(Duration::from_secs(601));
    assert_eq!(
        hh.exchange(&late).await.1["error_description"],
        "code expired"
    );
    let (status, body) = hh.token(&[("grant_type", "password")]).await;
    assert_eq!(
        (status, oauth_error(&body).0.as_str()),
        (400, "unsupported_grant_type")
    );
}

#[tokio::test]
async fn refresh_follows_the_single_use_after_expiry_rules() {
    let hh = hh().await;
    let (access, refresh) = hh.pair().await;
    assert_eq!(
        hh.refresh(&refresh).await.1["error_description"],
        "token not expired"
    );
    let (status, body) = hh
        .token(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", &refresh),
            ("client_id", sandbox::CLIENT_ID),
        ])
        .await;
    assert_eq!(
        (status, oauth_error(&body)),
        (
            400,
            (
                "invalid_client".to_owned(),
                "client_id or client_secret not found".to_owned()
            )
        ),
        "client credentials on a refresh are refused"
    );
    assert_eq!(
        hh.refresh("").await.1["error_description"],
        "token is empty"
    );
    assert_eq!(
        hh.refresh("NOSUCH").await.1["error_description"],
        "token not found"
    );
    hh.expire();
    assert_eq!(
        hh.me(&access).await.1["errors"][0]["value"],
        "token_expired"
    );
    let (status, body) = hh.refresh(&refresh).await;
    assert_eq!(status, 200, "{body}");
    let new_access = body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        hh.refresh(&refresh).await.1["error_description"],
        "token has already been refreshed"
    );
    assert_eq!(
        hh.me(&access).await.1["errors"][0]["value"],
        "bad_authorization"
    );
    assert_eq!(hh.me(&new_access).await.0, 200);

    // A password change deactivates; a revocation revokes.
    let (_, refresh) = hh.pair().await;
    hh.sandbox.deactivate_user_tokens();
    hh.expire();
    assert_eq!(
        hh.refresh(&refresh).await.1["error_description"],
        "token deactivated"
    );
    let (access, refresh) = hh.pair().await;
    let response = browser()
        .delete(format!("{}/oauth/token", hh.url))
        .header("HH-User-Agent", UA)
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(
        hh.me(&access).await.1["errors"][0]["value"],
        "token_revoked"
    );
    hh.expire();
    assert_eq!(
        hh.refresh(&refresh).await.1["error_description"],
        "token was revoked"
    );
    let response = browser()
        .delete(format!("{}/oauth/token", hh.url))
        .header("HH-User-Agent", UA)
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403, "a dead token cannot be revoked");
}

/// FACTS.md §4 and §6: an application token comes without expiry or refresh token, at
/// most one per 5 minutes (else 403 `app token refresh too early`), never expires; and
/// (the sandbox's assumption) the app has one active token, so a new one ends the old.
#[tokio::test]
async fn application_tokens_follow_hh_ru_rules() {
    let hh = hh().await;
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", sandbox::CLIENT_ID),
        ("client_secret", sandbox::CLIENT_SECRET),
    ];
    let too_early = (
        403,
        (
            "forbidden".to_owned(),
            "app token refresh too early".to_owned(),
        ),
    );
    let (status, body) = hh.token(&form).await;
    assert_eq!(status, 200);
    assert_eq!(body["token_type"], "bearer");
    assert!(body.get("refresh_token").is_none() && body.get("expires_in").is_none());
    let first = body["access_token"].as_str().unwrap().to_owned();
    let (status, body) = hh.token(&form).await;
    assert_eq!((status, oauth_error(&body)), too_early);
    // A refusal does not restart the 5 minutes, and leaves the live token alone.
    hh.sandbox.advance(Duration::from_secs(299));
    let (status, body) = hh.token(&form).await;
    assert_eq!((status, oauth_error(&body)), too_early);
    assert_eq!(hh.me(&first).await.0, 200);
    hh.sandbox.advance(Duration::from_secs(2));
    let (status, body) = hh.token(&form).await;
    assert_eq!(status, 200, "{body}");
    let second = body["access_token"].as_str().unwrap().to_owned();
    assert_ne!(second, first);

    // One active token: the first is gone, the second works, and it does not expire.
    let (status, body) = hh.me(&first).await;
    assert_eq!(
        (status, body["errors"][0].clone()),
        (403, json!({"type": "oauth", "value": "bad_authorization"}))
    );
    hh.sandbox.advance(Duration::from_secs(366 * 24 * 3600));
    let (status, me) = hh.me(&second).await;
    assert_eq!(
        (status, me["auth_type"].as_str()),
        (200, Some("application"))
    );
    let search = browser()
        .get(format!("{}/vacancies?text=python", hh.url))
        .header("HH-User-Agent", UA)
        .bearer_auth(&second)
        .send()
        .await
        .unwrap();
    assert_eq!(search.status(), 200);
    // An application token cannot be revoked like a user token.
    let revoke = browser()
        .delete(format!("{}/oauth/token", hh.url))
        .header("HH-User-Agent", UA)
        .bearer_auth(&second)
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), 403);
    assert_eq!(hh.me(&second).await.0, 200);
}

/// hh.ru's token errors: FACTS.md §4 (errors.md and the spec's enums), nothing else.
const HH_TOKEN_ERRORS: [(u16, &str, &str); 19] = [
    (400, "invalid_request", "account not found"),
    (400, "invalid_request", "account is locked"),
    (400, "invalid_request", "password invalidated"),
    (400, "invalid_request", "login not verified"),
    (400, "invalid_request", "bad redirect url"),
    (400, "invalid_request", "token is empty"),
    (400, "invalid_request", "token not found"),
    (400, "invalid_request", "code not found"),
    (
        400,
        "invalid_client",
        "client_id or client_secret not found",
    ),
    (400, "invalid_grant", "token has already been refreshed"),
    (400, "invalid_grant", "token not expired"),
    (400, "invalid_grant", "token was revoked"),
    (400, "invalid_grant", "bad token"),
    (400, "invalid_grant", "code has already been used"),
    (400, "invalid_grant", "code expired"),
    (400, "invalid_grant", "code was revoke"),
    (400, "invalid_grant", "token deactivated"),
    (400, "unsupported_grant_type", "unsupported grant_type"),
    (403, "forbidden", "app token refresh too early"),
];

/// Posts `body` with `content_type` (none when `None`) to `/token`.
async fn post_raw(url: &str, content_type: Option<&str>, body: &str) -> (u16, serde_json::Value) {
    let mut request = browser()
        .post(format!("{url}/token"))
        .header("HH-User-Agent", UA)
        .body(body.to_owned());
    if let Some(content_type) = content_type {
        request = request.header("Content-Type", content_type);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

#[tokio::test]
async fn every_token_error_uses_an_hh_ru_text() {
    let hh = hh().await;
    let id = sandbox::CLIENT_ID;
    let secret = sandbox::CLIENT_SECRET;
    let (_, live_refresh) = hh.pair().await;
    let used_code = hh.code().await;
    assert_eq!(hh.exchange(&used_code).await.0, 200);
    let code = hh.code().await;
    let app = [
        ("grant_type", "client_credentials"),
        ("client_id", id),
        ("client_secret", secret),
    ];
    assert_eq!(hh.token(&app).await.0, 200);
    let form = "application/x-www-form-urlencoded";
    let mut answers = Vec::new();
    for (content_type, body) in [
        (Some("application/json"), r#"{"grant_type":"client_credentials"}"#.to_owned()),
        (Some("text/plain"), "grant_type=client_credentials".to_owned()),
        (None, "grant_type=client_credentials".to_owned()),
        (Some("multipart/form-data; boundary=b"), "--b\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nclient_credentials\r\n--b--\r\n".to_owned()),
        (Some(form), String::new()),
        (Some(form), "grant_type=".to_owned()),
        (Some(form), "grant_type=password&username=a&password=b".to_owned()),
        (Some(form), "%zz=%zz".to_owned()),
    ] {
        answers.push((format!("{content_type:?} {body}"), post_raw(&hh.url, content_type, &body).await));
    }
    let forms: Vec<Vec<(&str, &str)>> = vec![
        vec![("grant_type", "authorization_code")],
        vec![("grant_type", "authorization_code"), ("client_id", id)],
        vec![
            ("grant_type", "authorization_code"),
            ("client_id", "x"),
            ("client_secret", secret),
        ],
        vec![
            ("grant_type", "authorization_code"),
            ("client_id", id),
            ("client_secret", secret),
        ],
        vec![
            ("grant_type", "authorization_code"),
            ("client_id", id),
            ("client_secret", secret),
            ("redirect_uri", REDIRECT),
            ("code", "NOSUCH"),
        ],
        vec![
            ("grant_type", "authorization_code"),
            ("client_id", id),
            ("client_secret", secret),
            ("redirect_uri", "http://evil.example/"),
            ("code", &code),
        ],
        vec![
            ("grant_type", "authorization_code"),
            ("client_id", id),
            ("client_secret", secret),
            ("redirect_uri", REDIRECT),
            ("code", &used_code),
        ],
        vec![("grant_type", "refresh_token")],
        vec![("grant_type", "refresh_token"), ("refresh_token", "")],
        vec![("grant_type", "refresh_token"), ("refresh_token", "NOSUCH")],
        vec![
            ("grant_type", "refresh_token"),
            ("refresh_token", &live_refresh),
        ],
        vec![
            ("grant_type", "refresh_token"),
            ("refresh_token", &live_refresh),
            ("client_secret", secret),
        ],
        vec![
            ("grant_type", "refresh_token"),
            ("refresh_token", &live_refresh),
            ("colour", "red"),
        ],
        vec![("grant_type", "client_credentials")],
        vec![
            ("grant_type", "client_credentials"),
            ("client_id", id),
            ("client_secret", "wrong"),
        ],
        app.to_vec(),
    ];
    for form in &forms {
        answers.push((format!("{form:?}"), hh.token(form).await));
    }
    hh.sandbox.advance(Duration::from_secs(601));
    let expired = vec![
        ("grant_type", "authorization_code"),
        ("client_id", id),
        ("client_secret", secret),
        ("redirect_uri", REDIRECT),
        ("code", code.as_str()),
    ];
    answers.push(("expired code".to_owned(), hh.token(&expired).await));

    let mut seen = std::collections::BTreeSet::new();
    for (what, (status, body)) in &answers {
        let keys: Vec<&String> = body
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        let (error, description) = oauth_error(body);
        assert_eq!(keys, ["error", "error_description"], "{what}: {body}");
        assert!(
            HH_TOKEN_ERRORS.contains(&(*status, error.as_str(), description.as_str())),
            "{what}: {status} {body} is not one of hh.ru's token errors"
        );
        seen.insert(description);
    }
    eprintln!(
        "{} bad token requests, {} distinct hh.ru texts: {seen:?}",
        answers.len(),
        seen.len()
    );
    assert!(seen.len() >= 9, "{seen:?}");
}
