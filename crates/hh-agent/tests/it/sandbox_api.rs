//! The sandbox's API controls over HTTP, as scripts drive them: choosing whom to sign in,
//! tokens without a browser, the applicant switch, the apply cap, employers answering,
//! and the dataset's determinism; the submodules hold the rest of the API's behaviour.

mod access;
mod blacklists;
mod caching;
mod raw;
mod resumes;
mod search;

use hh_agent::hh::{self, NegotiationFilter, Search};
use hh_sandbox::dataset::Dataset;
use serde_json::Value;

use crate::support::api::Api;
use crate::support::browser;

const UA: (&str, &str) = ("HH-User-Agent", "tests/1.0 (t@example.org)");

#[tokio::test]
async fn scripts_can_drive_the_api_sandbox() {
    let api = Api::start().await;
    let http = browser();
    let admin = |path: &str| format!("{}/_sandbox/{path}", api.url);

    let people: Value = http
        .get(admin("people"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let people = people.as_array().unwrap();
    assert!(people.len() >= 4);
    assert!(people
        .iter()
        .all(|p| !p["resumes"].as_array().unwrap().is_empty()));

    // Sign in as the accountant through the real authorize flow.
    let accountant = people
        .iter()
        .position(|p| {
            p["resumes"][0]["title"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("бухгалтер")
        })
        .expect("an accountant");
    let chosen = http
        .post(admin(&format!("authorize/next?person={accountant}")))
        .send()
        .await
        .unwrap();
    assert_eq!(chosen.status(), 200);
    assert_eq!(
        http.post(admin("authorize/next?person=999"))
            .send()
            .await
            .unwrap()
            .status(),
        400
    );
    let authorize = format!(
        "{}/oauth/authorize?response_type=code&client_id={}",
        api.url,
        hh_sandbox::CLIENT_ID
    );
    let location = http.get(authorize).send().await.unwrap().headers()["location"]
        .to_str()
        .unwrap()
        .to_owned();
    let code = url::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let pair: Value = http
        .post(format!("{}/token", api.url))
        .header(UA.0, UA.1)
        .form(&[
            ("grant_type", "authorization_code"),
            ("client_id", hh_sandbox::CLIENT_ID),
            ("client_secret", hh_sandbox::CLIENT_SECRET),
            ("redirect_uri", hh_sandbox::DEFAULT_REDIRECT_URI),
            ("code", &code),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = pair["access_token"].as_str().unwrap();
    let mine: Value = http
        .get(format!("{}/resumes/mine", api.url))
        .header(UA.0, UA.1)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        mine["items"][0]["id"],
        people[accountant]["resumes"][0]["id"]
    );

    // A token straight from the controls.
    let issued: Value = http
        .post(admin("tokens?person=1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let me: Value = http
        .get(format!("{}/me", api.url))
        .header(UA.0, UA.1)
        .bearer_auth(issued["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        me["first_name"],
        people[1]["name"]
            .as_str()
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
    );

    // The applicant switch and the apply cap.
    let off = http
        .post(admin("applicant-access?enabled=false"))
        .send()
        .await
        .unwrap();
    assert_eq!(off.status(), 200);
    let refused = http
        .get(format!("{}/resumes/mine", api.url))
        .header(UA.0, UA.1)
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    http.post(admin("applicant-access?enabled=true"))
        .send()
        .await
        .unwrap();
    let capped = http
        .post(admin("apply-limit?limit=0&form=too_many_requests"))
        .send()
        .await
        .unwrap();
    assert_eq!(capped.status(), 200);
    let apply = http
        .post(format!("{}/negotiations", api.url))
        .header(UA.0, UA.1)
        .bearer_auth(token)
        .form(&[
            ("vacancy_id", api.plain_vacancy(0).as_str()),
            ("resume_id", mine["items"][0]["id"].as_str().unwrap()),
            ("message", "Здравствуйте"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(apply.status(), 429);
    assert_eq!(
        http.post(admin("apply-limit?form=sideways"))
            .send()
            .await
            .unwrap()
            .status(),
        400
    );
}

#[tokio::test]
async fn employers_answer_and_the_list_follows() {
    let api = Api::start().await;
    let client = api.user_client(0);
    let resume = api.resume_id(0);
    let mut ids = Vec::new();
    for skip in 0..3 {
        let vacancy = api.plain_vacancy(skip);
        let outcome = client.apply(&vacancy, &resume, None).await.unwrap();
        let hh::ApplyOutcome::Applied {
            negotiation_id: Some(id),
        } = outcome
        else {
            panic!("{outcome:?}");
        };
        ids.push(id);
    }
    assert!(api.sandbox.set_negotiation_state(&ids[1], "invitation"));
    assert!(!api.sandbox.set_negotiation_state("1", "invitation"));
    let only = |status: &str| NegotiationFilter {
        status: Some(status.to_owned()),
        ..NegotiationFilter::default()
    };
    let invitations = client
        .negotiations(&only("invitations"), 0, 20)
        .await
        .unwrap();
    assert_eq!(invitations.items.len(), 1);
    assert_eq!(invitations.items[0].id, ids[1]);
    assert_eq!(
        invitations.items[0].state.as_ref().unwrap().id,
        "invitation"
    );
    let responses = client.negotiations(&only("response"), 0, 20).await.unwrap();
    assert_eq!(responses.items.len(), 2);
    let all = client
        .negotiations(&NegotiationFilter::default(), 0, 2)
        .await
        .unwrap();
    assert_eq!((all.found, all.pages, all.items.len()), (3, 2, 2));
    // Newest change first: the invitation.
    assert_eq!(all.items[0].id, ids[1]);
    // Another person sees none of it.
    let other = api.user_client(1);
    assert!(other
        .negotiations(&NegotiationFilter::default(), 0, 20)
        .await
        .unwrap()
        .items
        .is_empty());
}

#[tokio::test]
async fn search_fields_and_excluded_employers() {
    let api = Api::start().await;
    let client = api.anonymous_client();
    let catalog = api.sandbox.catalog();
    let employer = catalog
        .dataset
        .employers
        .iter()
        .max_by_key(|e| catalog.dataset.open_vacancies(&e.id))
        .unwrap();
    let by_company = Search {
        text: Some(employer.name.clone()),
        search_field: vec!["company_name".into()],
        ..Search::default()
    };
    let page = client.vacancies(&by_company, 0, 100).await.unwrap();
    assert!(page.found > 0);
    assert!(page
        .items
        .iter()
        .all(|v| v.employer.as_ref().unwrap().name == employer.name));
    let by_title = Search {
        text: Some("курьер".into()),
        search_field: vec!["name".into()],
        ..Search::default()
    };
    let page = client.vacancies(&by_title, 0, 100).await.unwrap();
    assert!(page.found > 0);
    assert!(page
        .items
        .iter()
        .all(|v| v.name.to_lowercase().contains("курьер")));

    let user = api.user_client(0);
    let resume = api.resume_id(0);
    let similar = user
        .similar_vacancies(&resume, &Search::default(), 0, 100)
        .await
        .unwrap();
    let top_employer = similar.items[0]
        .employer
        .as_ref()
        .unwrap()
        .id
        .clone()
        .unwrap();
    let without = Search {
        excluded_employer_id: vec![top_employer.clone()],
        ..Search::default()
    };
    let filtered = user
        .similar_vacancies(&resume, &without, 0, 100)
        .await
        .unwrap();
    assert!(filtered.found < similar.found);
    assert!(filtered
        .items
        .iter()
        .all(|v| v.employer.as_ref().unwrap().id.as_deref() != Some(&top_employer)));
}

#[test]
fn the_dataset_is_a_function_of_its_seed() {
    let now = chrono::Utc::now();
    let a = Dataset::generate(7, now);
    let b = Dataset::generate(7, now);
    let c = Dataset::generate(8, now);
    let names = |d: &Dataset| {
        d.vacancies
            .iter()
            .map(|v| v.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&a), names(&b));
    assert_ne!(names(&a), names(&c));
    assert!(a.vacancies.len() >= 2500);
}
