//! `POST /resumes/{id}/publish` as FACTS.md §10 says: the first call publishes a
//! `not_published` resume (which can then be used to apply), later calls bump it, and a
//! bump before `next_publish_at` is 429 `touch_limit_exceeded`.

use std::time::Duration;

use serde_json::Value;

use super::raw::Raw;
use crate::support::api::Api;

/// The status id of resume `id` in `/resumes/mine` and in `/resumes/{id}`.
async fn statuses(raw: &Raw, id: &str) -> (Value, Value) {
    let mine = raw.get("/resumes/mine").await.body;
    let item = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == id)
        .unwrap()
        .clone();
    let detail = raw.get(&format!("/resumes/{id}")).await.body;
    assert_eq!(item["status"], detail["status"]);
    (
        item["status"]["id"].clone(),
        item["can_publish_or_update"].clone(),
    )
}

#[tokio::test]
async fn the_first_publish_publishes_an_unpublished_resume() {
    let api = Api::start().await;
    let (token, _) = api.sandbox.issue_user_tokens(0);
    let raw = Raw::new(&api.url, Some(&token));
    let hidden = api.sandbox.catalog().dataset.people[0]
        .resumes
        .iter()
        .find(|resume| resume.status == "not_published")
        .expect("person 0 has an unpublished resume")
        .id
        .clone();
    let apply = |vacancy: String| {
        let raw = raw.clone();
        let hidden = hidden.clone();
        async move {
            raw.post(
                "/negotiations",
                &[("vacancy_id", &vacancy), ("resume_id", &hidden)],
            )
            .await
        }
    };
    assert_eq!(
        statuses(&raw, &hidden).await,
        (Value::from("not_published"), Value::from(true))
    );
    let refused = apply(api.plain_vacancy(0)).await;
    assert_eq!(refused.status, 400);
    assert_eq!(
        refused.error(),
        ("negotiations".into(), "resume_not_found".into())
    );

    let publish = format!("/resumes/{hidden}/publish");
    assert_eq!(raw.post(&publish, &[]).await.status, 204);
    assert_eq!(
        statuses(&raw, &hidden).await,
        (Value::from("published"), Value::from(false))
    );
    assert_eq!(apply(api.plain_vacancy(0)).await.status, 201);

    // Later calls are bumps, held to next_publish_at.
    let early = raw.post(&publish, &[]).await;
    assert_eq!(early.status, 429);
    assert_eq!(
        early.error(),
        ("resumes".into(), "touch_limit_exceeded".into())
    );
    api.sandbox.advance(Duration::from_secs(4 * 3600 + 1));
    assert_eq!(raw.post(&publish, &[]).await.status, 204);
    assert_eq!(
        statuses(&raw, &hidden).await,
        (Value::from("published"), Value::from(false))
    );
}
