//! Client caching as hh.ru documents it (`docs/cache.md`, FACTS.md §2): `/dictionaries`
//! and `/areas` send a weak `ETag`, `Cache-Control: max-age=1200` and `Expires`, and a
//! matching `If-None-Match` gets `304 Not Modified` without a body; `hh::Client` sends
//! `If-None-Match` once it holds a body and reuses that body on a 304.

use reqwest::Method;

use super::raw::{Answer, Raw};
use crate::support::api::Api;

/// A header of `answer` as text ("" when missing).
fn header<'a>(answer: &'a Answer, name: &str) -> &'a str {
    answer
        .headers
        .get(name)
        .map_or("", |value| value.to_str().unwrap())
}

async fn conditional(raw: &Raw, path: &str, if_none_match: &str) -> Answer {
    raw.send(Method::GET, path, &[("If-None-Match", if_none_match)], &[])
        .await
}

#[tokio::test]
async fn dictionaries_and_areas_revalidate_with_their_etag() {
    let api = Api::start().await;
    let raw = Raw::new(&api.url, None);
    for path in ["/dictionaries", "/areas"] {
        let first = raw.get(path).await;
        assert_eq!(first.status, 200, "{path}");
        let etag = header(&first, "etag").to_owned();
        assert!(
            etag.starts_with("W/\"") && etag.ends_with('"'),
            "{path}: {etag}"
        );
        assert_eq!(header(&first, "cache-control"), "max-age=1200", "{path}");
        let expires = header(&first, "expires");
        let expires = chrono::DateTime::parse_from_rfc2822(expires).unwrap();
        let ahead = expires.with_timezone(&chrono::Utc) - api.sandbox.now();
        assert!(
            (1190..=1200).contains(&ahead.num_seconds()),
            "{path}: {ahead}"
        );
        assert_eq!(raw.get(path).await.headers["etag"], etag.as_str(), "stable");

        for matching in [
            etag.clone(),
            etag.trim_start_matches("W/").to_owned(),
            format!("\"other\", {etag}"),
            "*".to_owned(),
        ] {
            let again = conditional(&raw, path, &matching).await;
            assert_eq!(again.status, 304, "{path} with {matching}");
            assert_eq!(again.body, serde_json::Value::Null, "a 304 has no body");
            assert_eq!(header(&again, "etag"), etag);
            assert_eq!(header(&again, "cache-control"), "max-age=1200");
            assert!(!header(&again, "expires").is_empty());
        }
        for stale in ["W/\"sbx-0000000000000000\"", "", "garbage"] {
            let fresh = conditional(&raw, path, stale).await;
            assert_eq!(fresh.status, 200, "{path} with {stale:?}");
            assert_eq!(fresh.body, first.body);
        }
    }
}

#[tokio::test]
async fn the_client_sends_if_none_match_and_reuses_the_body_on_304() {
    let api = Api::start().await;
    let client = api.anonymous_client();
    api.sandbox.clear_requests();
    let first = client.dictionaries().await.unwrap();
    let second = client.dictionaries().await.unwrap();
    assert_eq!(format!("{first:?}"), format!("{second:?}"));
    assert!(!second.currency.is_empty());
    let areas = client.areas().await.unwrap();
    assert_eq!(client.areas().await.unwrap().len(), areas.len());

    let etag = Raw::new(&api.url, None).get("/dictionaries").await.headers["etag"]
        .to_str()
        .unwrap()
        .to_owned();
    let sent: Vec<(String, Option<String>)> = api
        .sandbox
        .requests()
        .into_iter()
        .map(|request| (request.path, request.if_none_match))
        .collect();
    assert_eq!(sent[0], ("/dictionaries".to_owned(), None));
    assert_eq!(sent[1], ("/dictionaries".to_owned(), Some(etag)));
    assert_eq!(sent[2].1, None, "/areas is a body of its own");
    assert!(sent[3].1.is_some());
    assert_eq!(sent.len(), 5);
}
