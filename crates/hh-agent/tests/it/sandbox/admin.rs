//! The sandbox's `/_sandbox/` controls over HTTP: the clock, the token lifetime, the next
//! authorization, faults, the request log and deactivation; controls are never recorded.

use hh_sandbox as sandbox;
use serde_json::{json, Value};

use super::{hh, UA};
use crate::support::browser;

#[tokio::test]
async fn admin_controls_over_http() {
    let hh = hh().await;
    let client = browser();
    let admin = |path: &str| format!("{}/_sandbox/{path}", hh.url);
    let before: Value = client
        .get(admin("clock"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let after: Value = client
        .post(admin("clock/advance?seconds=3600"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let parse =
        |v: &Value| chrono::DateTime::parse_from_rfc3339(v["now"].as_str().unwrap()).unwrap();
    assert!(parse(&after) - parse(&before) >= chrono::Duration::seconds(3600));
    assert_eq!(
        client
            .post(admin("token-ttl?seconds=60"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(hh.exchange(&hh.code().await).await.1["expires_in"], 60);
    assert_eq!(
        client
            .post(admin("authorize/next?decision=deny"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let (_, location) = hh
        .authorize(&format!(
            "response_type=code&client_id={}",
            sandbox::CLIENT_ID
        ))
        .await;
    assert!(location.unwrap().contains("error=access_denied"));
    let fault = json!({"method": "GET", "path": "/me", "kind": {"kind": "status", "status": 502, "body": "bad gateway"}, "times": 1});
    assert_eq!(
        client
            .post(admin("faults"))
            .json(&fault)
            .send()
            .await
            .unwrap()
            .status(),
        201
    );
    assert_eq!(
        client
            .post(admin("faults"))
            .body("not json")
            .send()
            .await
            .unwrap()
            .status(),
        400
    );
    let response = client
        .get(format!("{}/me", hh.url))
        .header("User-Agent", UA)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 502);
    let recorded: Value = client
        .get(admin("requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(recorded
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["path"] == "/me"));
    assert!(recorded
        .as_array()
        .unwrap()
        .iter()
        .all(|r| !r["path"].as_str().unwrap().starts_with("/_sandbox")));
    assert_eq!(
        client
            .delete(admin("requests"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        client
            .post(admin("deactivate"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        client
            .post(admin("clock/advance?seconds=x"))
            .send()
            .await
            .unwrap()
            .status(),
        400
    );
    assert!(hh.sandbox.requests().is_empty());
}
