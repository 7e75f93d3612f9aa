//! Hidden vacancies and employers (`/vacancies/blacklisted`, `/employers/blacklisted`) as
//! `hhru/api : docs/blacklisted.md` and the spec describe them: applicant-only lists,
//! idempotent PUT and DELETE, 404 for unknown ids, a limit, and an applicant's search that
//! leaves out what they hid. Every answer is checked against the spec.

use serde_json::Value;

use super::raw::{app_token, Answer, Raw};
use crate::support::api::Api;

/// Collects answers and what the spec says about them.
#[derive(Default)]
struct Spec {
    failures: Vec<String>,
}

impl Spec {
    fn check(&mut self, answer: Answer) -> Answer {
        self.failures.extend(answer.spec_errors());
        answer
    }
}

/// `found` and the ids of one search page.
fn found(answer: &Answer) -> (u64, Vec<String>) {
    assert_eq!(answer.status, 200, "{} {}", answer.path, answer.body);
    let ids = answer.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect();
    (answer.body["found"].as_u64().unwrap(), ids)
}

fn listed(answer: &Answer) -> Vec<&str> {
    answer.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn hidden_employers_and_vacancies_are_listed_and_left_out_of_search() {
    let api = Api::start().await;
    let (token, _) = api.sandbox.issue_user_tokens(0);
    let user = Raw::new(&api.url, Some(&token));
    let (other_token, _) = api.sandbox.issue_user_tokens(1);
    let other = Raw::new(&api.url, Some(&other_token));
    let anonymous = Raw::new(&api.url, None);
    let mut spec = Spec::default();
    let catalog = api.sandbox.catalog();
    let employer = catalog
        .dataset
        .employers
        .iter()
        .max_by_key(|e| catalog.dataset.open_vacancies(&e.id))
        .unwrap()
        .id
        .clone();

    for path in ["/vacancies/blacklisted", "/employers/blacklisted"] {
        let empty = spec.check(user.get(path).await);
        assert_eq!(empty.status, 200);
        assert_eq!(empty.body["found"], 0);
        assert_eq!(empty.body["limit_reached"], false);
    }

    // An employer: listed once however often it is added, gone from the applicant's search.
    let by_employer = format!("/vacancies?employer_id={employer}&per_page=100");
    let (before, _) = found(&spec.check(user.get(&by_employer).await));
    assert!(before > 0);
    let hide = format!("/employers/blacklisted/{employer}");
    for _ in 0..2 {
        assert_eq!(spec.check(user.put(&hide).await).status, 204);
    }
    let list = spec.check(user.get("/employers/blacklisted").await);
    assert_eq!(listed(&list), [employer.as_str()]);
    assert_eq!(list.body["items"][0]["open_vacancies"], before);
    assert_eq!(found(&spec.check(user.get(&by_employer).await)).0, 0);
    assert_eq!(found(&anonymous.get(&by_employer).await).0, before);
    assert_eq!(found(&other.get(&by_employer).await).0, before);
    let card = spec.check(user.get(&format!("/employers/{employer}")).await);
    assert_eq!(card.body["relations"], serde_json::json!(["blacklisted"]));
    let card = anonymous.get(&format!("/employers/{employer}")).await;
    assert_eq!(card.body["relations"], serde_json::json!([]));

    // A vacancy: out of search, still readable, marked `blacklisted`.
    let search = "/vacancies?text=python&per_page=100";
    let (total, ids) = found(&spec.check(user.get(search).await));
    let vacancy = ids[0].clone();
    let hide = format!("/vacancies/blacklisted/{vacancy}");
    assert_eq!(spec.check(user.put(&hide).await).status, 204);
    let (after, ids) = found(&user.get(search).await);
    assert_eq!(after, total - 1);
    assert!(!ids.contains(&vacancy));
    let detail = spec.check(user.get(&format!("/vacancies/{vacancy}")).await);
    assert_eq!(detail.status, 200);
    assert_eq!(detail.body["relations"], serde_json::json!(["blacklisted"]));
    let list = spec.check(user.get("/vacancies/blacklisted").await);
    assert_eq!(listed(&list), [vacancy.as_str()]);
    assert_eq!(
        list.body["items"][0]["relations"],
        serde_json::json!(["blacklisted"])
    );
    // Another applicant hides nothing: they see the employer's vacancies and this one.
    let everyone = found(&anonymous.get(search).await).0;
    assert!(everyone > total);
    assert_eq!(found(&other.get(search).await).0, everyone);
    assert_eq!(other.get("/vacancies/blacklisted").await.body["found"], 0);

    // Removing is idempotent too, and brings everything back.
    for path in [
        format!("/vacancies/blacklisted/{vacancy}"),
        format!("/employers/blacklisted/{employer}"),
    ] {
        for _ in 0..2 {
            assert_eq!(spec.check(user.delete(&path).await).status, 204, "{path}");
        }
    }
    assert_eq!(found(&user.get(search).await).0, everyone);
    assert_eq!(found(&user.get(&by_employer).await).0, before);

    // Unknown ids are hh.ru's 404 with the list's own error type.
    for (path, error) in [
        ("/vacancies/blacklisted/999999999999", "vacancies_blacklist"),
        ("/employers/blacklisted/999999999", "employers_blacklist"),
    ] {
        for answer in [user.put(path).await, user.delete(path).await] {
            let answer = spec.check(answer);
            assert_eq!(answer.status, 404, "{path}");
            assert_eq!(answer.error(), (error.to_owned(), "not_found".to_owned()));
        }
    }
    assert!(spec.failures.is_empty(), "{:#?}", spec.failures);
}

#[tokio::test]
async fn blacklists_are_for_applicants_and_have_a_limit() {
    let api = Api::start().await;
    let (token, _) = api.sandbox.issue_user_tokens(0);
    let user = Raw::new(&api.url, Some(&token));
    let app_token = app_token(&api.url).await;
    let mut spec = Spec::default();
    let vacancies: Vec<String> = (0..3).map(|skip| api.plain_vacancy(skip)).collect();
    let employers: Vec<String> = api.sandbox.catalog().dataset.employers[..3]
        .iter()
        .map(|e| e.id.clone())
        .collect();

    let paths = [
        "/vacancies/blacklisted".to_owned(),
        "/employers/blacklisted".to_owned(),
        format!("/vacancies/blacklisted/{}", vacancies[0]),
        format!("/employers/blacklisted/{}", employers[0]),
    ];
    for (who, raw, value) in [
        ("anonymous", Raw::new(&api.url, None), "bad_authorization"),
        (
            "app",
            Raw::new(&api.url, Some(&app_token)),
            "user_auth_expected",
        ),
    ] {
        let answers = [
            raw.get(&paths[0]).await,
            raw.get(&paths[1]).await,
            raw.put(&paths[2]).await,
            raw.delete(&paths[2]).await,
            raw.put(&paths[3]).await,
            raw.delete(&paths[3]).await,
        ];
        for answer in answers {
            let answer = spec.check(answer);
            assert_eq!(answer.status, 403, "{who} {}", answer.path);
            assert_eq!(answer.error(), ("oauth".to_owned(), value.to_owned()));
        }
    }
    api.sandbox.set_applicant_access(false);
    let refused = spec.check(user.put(&paths[2]).await);
    assert_eq!(
        (refused.status, refused.error().0.as_str()),
        (403, "forbidden")
    );
    api.sandbox.set_applicant_access(true);

    api.sandbox.set_blacklist_limit(2);
    for (kind, ids, error) in [
        ("vacancies", &vacancies, "vacancies_blacklist"),
        ("employers", &employers, "employers_blacklist"),
    ] {
        let put = |id: &str| format!("/{kind}/blacklisted/{id}");
        for id in &ids[..2] {
            assert_eq!(spec.check(user.put(&put(id)).await).status, 204);
        }
        let list = spec.check(user.get(&format!("/{kind}/blacklisted")).await);
        assert_eq!(list.body["limit_reached"], Value::from(true));
        let full = spec.check(user.put(&put(&ids[2])).await);
        assert_eq!(full.status, 400, "{kind}");
        assert_eq!(
            full.error(),
            (error.to_owned(), "limit_exceeded".to_owned())
        );
        assert_eq!(user.put(&put(&ids[0])).await.status, 204, "already listed");
        assert_eq!(user.delete(&put(&ids[0])).await.status, 204);
        assert_eq!(user.put(&put(&ids[2])).await.status, 204, "room again");
    }
    assert!(spec.failures.is_empty(), "{:#?}", spec.failures);
}
