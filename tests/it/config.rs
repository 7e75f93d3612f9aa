//! Config parsing, validation messages, env overrides and secrets loading.

use hh_agent::config::{Config, Secrets};

const GOOD: &str = r#"
[hh]
client_id = "ABC"
redirect_uri = "https://home.example.org/hh/callback"
user_agent = "hh-agent/0.1 (me@example.org)"
"#;

#[track_caller]
fn check(text: &str, expected_error: &str) {
    match Config::from_str(text, &|_| None) {
        Ok(config) => assert_eq!(expected_error, "", "parsed: {config:?}"),
        Err(err) => {
            let message = format!("{err:#}");
            assert!(
                !expected_error.is_empty() && message.contains(expected_error),
                "{message}"
            );
        }
    }
}

#[test]
fn errors_name_the_key_and_what_is_expected() {
    check(GOOD, "");
    check(&format!("{GOOD}\n[token]\npath = \"/var/lib/hh-token/token.json\"\n[callback]\nlisten = \"127.0.0.1:9000\"\n"), "");
    check(&format!("{GOOD}unknown = 1\n"), "unknown field `unknown`");
    check(
        &format!("{GOOD}\n[callback]\nlisten = \"nowhere\"\n"),
        "listen",
    );
    check(
        &format!("{GOOD}\n[token]\npath = \"relative.json\"\n"),
        "token.path: expected an absolute file path",
    );
    check(&format!("{GOOD}\n[extra]\n"), "unknown field `extra`");
    check(
        &GOOD.replace("client_id = \"ABC\"", "client_id = \"\""),
        "hh.client_id: expected",
    );
    check(
        &GOOD.replace("https://home.example.org/hh/callback", "home/callback"),
        "hh.redirect_uri: expected an absolute http(s) URL",
    );
    check(
        &GOOD.replace("https://home.example.org/hh/callback", "ftp://x.org/cb"),
        "hh.redirect_uri",
    );
    check(
        &GOOD.replace("user_agent = \"hh-agent/0.1 (me@example.org)\"", ""),
        "missing field `user_agent`",
    );
    for bad in [
        "hh-agent",
        "hh-agent/0.1",
        "hh-agent/0.1 me@example.org",
        "hh agent/0.1 (me@example.org)",
        "hh-agent/0.1 (me)",
        "hh-agent/0.1 (me@localhost)",
        "MyApp/1.0 (my-app-feedback@example.com)",
    ] {
        check(
            &GOOD.replace("hh-agent/0.1 (me@example.org)", bad),
            "hh.user_agent: expected",
        );
    }
    check(
        &format!("{GOOD}client_secret = \"s\"\n"),
        "unknown field `client_secret`",
    );
}

#[test]
fn env_overrides_client_id_and_redirect_uri() {
    let env = |name: &str| match name {
        "HH_CLIENT_ID" => Some("FROMENV".to_owned()),
        "HH_REDIRECT_URI" => Some("https://other.example.org/callback".to_owned()),
        _ => None,
    };
    let config = Config::from_str(&GOOD.replace("client_id = \"ABC\"\n", ""), &env).unwrap();
    assert_eq!(config.hh.client_id, "FROMENV");
    assert_eq!(config.hh.redirect_uri, "https://other.example.org/callback");
    assert_eq!(config.hh.api_base_url, "https://api.hh.ru");
    assert_eq!(config.hh.oauth_base_url, "https://hh.ru");
    assert_eq!(
        config.token.path.to_str(),
        Some("/var/lib/hh-token/token.json")
    );
    assert_eq!(config.callback.listen.to_string(), "127.0.0.1:8000");
}

#[test]
fn the_shipped_example_config_is_valid() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml"))
        .unwrap();
    Config::from_str(&text, &|_| None).unwrap();
}

#[test]
fn secrets_come_from_credentials_first_then_env() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hh-client-secret"), "from-credentials\n").unwrap();
    let env = |name: &str| match name {
        "HH_CLIENT_SECRET" => Some("from-env".to_owned()),
        "HH_STATE_KEY" => Some("k".repeat(40)),
        _ => None,
    };
    let secrets = Secrets::load(Some(dir.path()), &env).unwrap();
    assert_eq!(
        secrets.client_secret().unwrap().expose(),
        "from-credentials"
    );
    assert_eq!(secrets.state_key().unwrap().expose(), "k".repeat(40));
    assert!(!format!("{secrets:?}").contains("from-credentials"));

    let none = Secrets::load(None, &|_| None).unwrap();
    let err = none.client_secret().unwrap_err().to_string();
    assert!(
        err.starts_with("hh client secret is not configured"),
        "{err}"
    );
    assert!(none
        .state_key()
        .unwrap_err()
        .to_string()
        .starts_with("state signing key is not configured"));
    let short = Secrets::load(None, &|name| {
        (name == "HH_STATE_KEY").then(|| "short".to_owned())
    })
    .unwrap();
    assert!(short
        .state_key()
        .unwrap_err()
        .to_string()
        .contains("too short"));
}
