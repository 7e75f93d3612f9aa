//! HTTP plumbing every upstream client shares (hh.ru's OAuth and API, the LLM): the
//! reqwest client that never follows a redirect, a path joined onto a base URL that keeps
//! the base's own path, and error text that names no URL. It knows no endpoint and no
//! error classes: each client decides what a failure means.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, USER_AGENT};
use url::Url;

/// A client that never follows redirects (a redirect is an answer to classify, and
/// following one invites SSRF), with both timeouts set; with `hh_user_agent`, every
/// request carries it as `HH-User-Agent` and `User-Agent`, as hh.ru requires.
pub fn client(
    connect_timeout: Duration,
    timeout: Duration,
    hh_user_agent: Option<&HeaderValue>,
) -> reqwest::Result<reqwest::Client> {
    let mut headers = HeaderMap::new();
    if let Some(agent) = hh_user_agent {
        headers.insert("HH-User-Agent", agent.clone());
        headers.insert(USER_AGENT, agent.clone());
    }
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(connect_timeout)
        .timeout(timeout)
        .default_headers(headers)
        .build()
}

/// `[hh] user_agent` as a header value.
pub fn hh_user_agent(text: &str) -> anyhow::Result<HeaderValue> {
    HeaderValue::from_str(text)
        .map_err(|_| anyhow::anyhow!("hh.user_agent: expected printable ASCII"))
}

/// `base` with `path` appended to its own path (`https://host/v1` + `chat/completions` →
/// `https://host/v1/chat/completions`), without the base's query.
pub fn join(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let prefix = url.path().trim_end_matches('/').to_owned();
    url.set_path(&format!("{prefix}/{}", path.trim_start_matches('/')));
    url.set_query(None);
    url
}

/// The error and all its causes, `: `-separated, with the request URL (which may carry
/// query values) replaced by `<url>`.
pub fn error_chain(err: &reqwest::Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    match err.url() {
        Some(url) => text.replace(url.as_str(), "<url>"),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(base: &str, path: &str, expected: &str) {
        let base = Url::parse(base).unwrap();
        assert_eq!(join(&base, path).as_str(), expected);
    }

    #[test]
    fn join_keeps_the_base_path_and_drops_its_query() {
        check(
            "https://api.hh.ru",
            "/vacancies",
            "https://api.hh.ru/vacancies",
        );
        check("https://api.hh.ru/", "token", "https://api.hh.ru/token");
        check(
            "http://127.0.0.1:9/prefix/",
            "/me",
            "http://127.0.0.1:9/prefix/me",
        );
        check(
            "https://llm.example/v1?x=1",
            "chat/completions",
            "https://llm.example/v1/chat/completions",
        );
    }

    #[tokio::test]
    async fn error_chains_name_no_url() {
        let http = client(Duration::from_secs(1), Duration::from_secs(1), None).unwrap();
        // A port that was just free: the connect is refused at once.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let err = http
            .get(format!("http://127.0.0.1:{port}/path?code=SECRET"))
            .send()
            .await
            .unwrap_err();
        let text = error_chain(&err);
        assert!(!text.contains("SECRET"), "{text}");
        assert!(text.contains(": "), "causes are kept: {text}");
    }

    #[test]
    fn a_user_agent_must_be_printable_ascii() {
        assert!(hh_user_agent("hh-agent/0.1 (me@example.org)").is_ok());
        assert!(hh_user_agent("агент\n").is_err());
    }
}
