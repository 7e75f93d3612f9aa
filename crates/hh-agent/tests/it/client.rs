//! `hh::Client` against the sandbox: every endpoint, each apply outcome, each error class,
//! the paging limits, refresh on `token_expired`, hot reload of the token file and the
//! capability probe.

use hh_agent::hh::{
    self, ApplyOutcome, AuthError, Capability, Error, NegotiationFilter, PublishOutcome, Search,
};
use hh_sandbox::LimitForm;

use crate::support::api::Api;

fn search(text: &str) -> Search {
    Search {
        text: Some(text.to_owned()),
        ..Search::default()
    }
}

#[tokio::test]
async fn search_filters_order_and_pages() {
    let api = Api::start().await;
    let client = api.anonymous_client();
    let rust = client.vacancies(&search("rust"), 0, 20).await.unwrap();
    assert!(rust.found >= 5, "found {}", rust.found);
    assert!(rust.items.len() <= 20);
    for item in &rust.items {
        assert!(!item.archived);
        assert!(item.alternate_url.is_some());
    }

    let moscow_remote = Search {
        area: vec!["1".into()],
        work_format: vec!["REMOTE".into()],
        experience: vec!["between3And6".into()],
        ..Search::default()
    };
    let page = client.vacancies(&moscow_remote, 0, 100).await.unwrap();
    assert!(page.found > 0);
    for item in &page.items {
        assert_eq!(item.area.as_ref().unwrap().id, "1");
        assert!(item.work_format.iter().any(|f| f.id == "REMOTE"));
        assert_eq!(item.experience.as_ref().unwrap().id, "between3And6");
    }

    let russia = Search {
        area: vec!["113".into()],
        ..Search::default()
    };
    let everything = client.vacancies(&Search::default(), 0, 1).await.unwrap();
    let in_russia = client.vacancies(&russia, 0, 1).await.unwrap();
    assert!(in_russia.found > 0 && in_russia.found <= everything.found);

    let rich = Search {
        salary: Some(300_000),
        only_with_salary: true,
        order_by: Some("salary_desc".into()),
        ..Search::default()
    };
    let page = client.vacancies(&rich, 0, 50).await.unwrap();
    assert!(page.found > 0);
    let tops: Vec<f64> = page
        .items
        .iter()
        .map(|v| {
            let salary = v.salary().expect("only_with_salary");
            salary.to.or(salary.from).unwrap()
        })
        .collect();
    assert!(page.items.iter().all(|v| v.salary().is_some()));
    let rubles: Vec<&hh::types::Vacancy> = page
        .items
        .iter()
        .filter(|v| v.salary().unwrap().currency.as_deref() == Some("RUR"))
        .collect();
    assert!(rubles.windows(2).all(
        |w| w[0].salary().unwrap().to.or(w[0].salary().unwrap().from)
            >= w[1].salary().unwrap().to.or(w[1].salary().unwrap().from)
    ));
    assert!(!tops.is_empty());

    let newest = Search {
        order_by: Some("publication_time".into()),
        period: Some(3),
        ..Search::default()
    };
    let page = client.vacancies(&newest, 0, 100).await.unwrap();
    let dates: Vec<_> = page
        .items
        .iter()
        .map(|v| hh::types::parse_date(v.published_at.as_deref().unwrap()).unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]));
    let cutoff = api.sandbox.now() - chrono::Duration::days(3);
    assert!(dates.iter().all(|d| *d >= cutoff));

    let without_java = Search {
        text: Some("разработчик".into()),
        excluded_text: Some("java".into()),
        ..Search::default()
    };
    let page = client.vacancies(&without_java, 0, 100).await.unwrap();
    assert!(page.found > 0);
    assert!(page
        .items
        .iter()
        .all(|v| !v.name.to_lowercase().contains("java")));
}

#[tokio::test]
async fn paging_stays_within_depth_and_page_size() {
    let api = Api::start().await;
    let client = api.anonymous_client();
    // The client refuses what hh.ru would refuse, before sending.
    for (page, per_page) in [(0, 101), (20, 100), (200, 10), (0, 0)] {
        let err = client
            .vacancies(&Search::default(), page, per_page)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::BadArgument { .. }), "{err}");
    }
    assert_eq!(api.sandbox.count("GET", "/vacancies"), 0);
    assert!(client.vacancies(&Search::default(), 19, 100).await.is_ok());

    // The whole reachable depth: 20 pages of 100, never page 20.
    api.sandbox.clear_requests();
    let all = client
        .search_all(None, &Search::default(), 5000)
        .await
        .unwrap();
    assert_eq!(all.len(), 2000);
    let pages: Vec<String> = api
        .sandbox
        .requests()
        .iter()
        .filter(|r| r.path == "/vacancies")
        .map(|r| r.query.iter().find(|(k, _)| k == "page").unwrap().1.clone())
        .collect();
    assert_eq!(pages.len(), 20);
    assert_eq!(pages.last().unwrap(), "19");
    let mut ids: Vec<&str> = all.iter().map(|v| v.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 2000, "pages overlap");

    // A small limit stops early.
    api.sandbox.clear_requests();
    let few = client.search_all(None, &search("rust"), 150).await.unwrap();
    assert!(few.len() <= 150);
    assert!(api.sandbox.count("GET", "/vacancies") <= 2);

    // The sandbox itself answers hh.ru's errors for requests the client would not send.
    let raw = reqwest::Client::new();
    let depth = raw
        .get(format!("{}/vacancies?page=200&per_page=10", api.url))
        .header("HH-User-Agent", "tests/1.0 (t@example.org)")
        .send()
        .await
        .unwrap();
    assert_eq!(depth.status(), 400);
    let body: serde_json::Value = depth.json().await.unwrap();
    assert_eq!(
        body["description"],
        "you can't look up more than 2000 items in the list"
    );
    assert_eq!(body["bad_argument"], "page, per_page");
    let big = raw
        .get(format!("{}/vacancies?per_page=101", api.url))
        .header("HH-User-Agent", "tests/1.0 (t@example.org)")
        .send()
        .await
        .unwrap();
    assert_eq!(big.status(), 400);
    let body: serde_json::Value = big.json().await.unwrap();
    assert_eq!(body["errors"][0]["value"], "per_page");
}

#[tokio::test]
async fn details_resumes_similar_employers_and_dictionaries() {
    let api = Api::start().await;
    let client = api.user_client(0);
    let resumes = client.resumes_mine().await.unwrap();
    assert!(!resumes.items.is_empty());
    assert!(resumes.items.iter().all(|r| r.skill_set.is_empty()));
    let resume = client.resume(&resumes.items[0].id).await.unwrap();
    assert!(resume.skill_set.len() >= 5, "{:?}", resume.skill_set);
    assert!(resume.next_publish_at.is_some());

    let similar = client
        .similar_vacancies(&resume.id, &Search::default(), 0, 50)
        .await
        .unwrap();
    assert!(similar.found >= 50);
    // Mostly the candidate's field: most of the first page shares a key skill.
    let skills: Vec<String> = resume.skill_set.iter().map(|s| s.to_lowercase()).collect();
    let mut related = 0;
    for item in similar.items.iter().take(20) {
        let detail = client.vacancy(&item.id).await.unwrap();
        if detail
            .key_skills
            .iter()
            .any(|k| skills.contains(&k.name.to_lowercase()))
        {
            related += 1;
        }
    }
    assert!(related >= 14, "only {related} of 20 related");

    let id = similar.items[0].id.clone();
    let vacancy = client.vacancy(&id).await.unwrap();
    assert!(vacancy.description.as_deref().unwrap_or("").len() >= 200);
    assert!(!vacancy.key_skills.is_empty());
    let employer_id = vacancy.employer.as_ref().unwrap().id.clone().unwrap();
    let employer = client.employer(&employer_id).await.unwrap();
    assert!(!employer.name.is_empty());
    assert!(matches!(
        client.vacancy("999999999999").await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        client.employer("999999999999").await,
        Err(Error::NotFound)
    ));
    // Someone else's resume is not visible.
    assert!(matches!(
        client.resume(&api.resume_id(1)).await,
        Err(Error::NotFound)
    ));

    let dictionaries = client.dictionaries().await.unwrap();
    let usd = dictionaries
        .currency
        .iter()
        .find(|c| c.code == "USD")
        .unwrap();
    assert!(usd.rate > 0.0 && usd.rate < 1.0);
    assert!(dictionaries.experience.len() >= 4);
    let areas = client.areas().await.unwrap();
    let russia = areas.iter().find(|a| a.id == "113").unwrap();
    assert!(russia.areas.iter().any(|a| a.id == "1"));
}

#[tokio::test]
async fn every_apply_outcome() {
    let api = Api::start().await;
    api.sandbox.set_apply_limit(3, LimitForm::BadRequest);
    let client = api.user_client(0);
    let resume = api.resume_id(0);

    let plain = api.plain_vacancy(0);
    let applied = client
        .apply(&plain, &resume, Some("Здравствуйте!"))
        .await
        .unwrap();
    let ApplyOutcome::Applied {
        negotiation_id: Some(nid),
    } = &applied
    else {
        panic!("{applied:?}");
    };
    assert!(applied.is_success());
    assert_eq!(
        client.apply(&plain, &resume, None).await.unwrap(),
        ApplyOutcome::AlreadyApplied
    );
    // The vacancy now carries the relation, and the list shows the application.
    let vacancy = client.vacancy(&plain).await.unwrap();
    assert_eq!(vacancy.relations, ["got_response"]);
    let list = client
        .negotiations(&NegotiationFilter::default(), 0, 20)
        .await
        .unwrap();
    assert_eq!(list.items.len(), 1);
    assert_eq!(&list.items[0].id, nid);
    assert_eq!(list.items[0].vacancy.as_ref().unwrap().id, plain);

    let direct = api.vacancy_where(|v| v.kind == "direct" && !v.archived && !v.has_test);
    match client.apply(&direct, &resume, None).await.unwrap() {
        ApplyOutcome::External { url } => assert!(url.starts_with("https://"), "{url}"),
        other => panic!("{other:?}"),
    }
    let tested = api.vacancy_where(|v| v.has_test && !v.archived && v.kind != "direct");
    assert_eq!(
        client.apply(&tested, &resume, None).await.unwrap(),
        ApplyOutcome::TestRequired
    );
    let archived = api.vacancy_where(|v| v.archived);
    assert_eq!(
        client.apply(&archived, &resume, None).await.unwrap(),
        ApplyOutcome::Gone
    );
    let letter = api.vacancy_where(|v| {
        v.response_letter_required && !v.archived && !v.has_test && v.kind == "open"
    });
    assert_eq!(
        client.apply(&letter, &resume, Some("  ")).await.unwrap(),
        ApplyOutcome::LetterRequired
    );
    let long = "а".repeat(10_001);
    assert_eq!(
        client
            .apply(&api.plain_vacancy(1), &resume, Some(&long))
            .await
            .unwrap(),
        ApplyOutcome::LetterTooLong
    );
    assert!(matches!(
        client
            .apply(&api.plain_vacancy(1), &api.resume_id(1), None)
            .await
            .unwrap(),
        ApplyOutcome::ResumeUnavailable { .. }
    ));
    assert!(matches!(
        client.apply("999999999999", &resume, None).await.unwrap(),
        ApplyOutcome::Gone
    ));
    // Two more fill the cap of 3; the next is the daily limit, in either form.
    for skip in [1, 2] {
        assert!(client
            .apply(&api.plain_vacancy(skip), &resume, None)
            .await
            .unwrap()
            .is_success());
    }
    assert_eq!(
        client
            .apply(&api.plain_vacancy(3), &resume, None)
            .await
            .unwrap(),
        ApplyOutcome::DailyLimit { retry_after: None }
    );
    api.sandbox.set_apply_limit(3, LimitForm::TooManyRequests);
    match client
        .apply(&api.plain_vacancy(3), &resume, None)
        .await
        .unwrap()
    {
        ApplyOutcome::DailyLimit {
            retry_after: Some(wait),
        } => assert!(wait.as_secs() > 23 * 3600, "{wait:?}"),
        other => panic!("{other:?}"),
    }
    // The window rolls: a day later the cap has room again.
    api.sandbox
        .advance(std::time::Duration::from_secs(24 * 3600 + 1));
    api.sign_in(0);
    assert!(client
        .apply(&api.plain_vacancy(3), &resume, None)
        .await
        .unwrap()
        .is_success());

    // A refused token is an outcome too, not a crash.
    api.sandbox.deactivate_user_tokens();
    assert!(matches!(
        client
            .apply(&api.plain_vacancy(4), &resume, None)
            .await
            .unwrap(),
        ApplyOutcome::AuthFailed(_)
    ));
}

#[tokio::test]
async fn the_sandbox_enforces_letter_length_and_accepts_urlencoded_forms() {
    // hh-applicant-tool's flow: User-Agent only, a form-urlencoded apply, an empty 201.
    let api = Api::start().await;
    let (token, _) = api.sandbox.issue_user_tokens(0);
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("hh-applicant-tool/2.5.3 (tests@example.org)")
        .build()
        .unwrap();
    let get = |path: &str| raw.get(format!("{}{path}", api.url)).bearer_auth(&token);
    let mine: serde_json::Value = get("/resumes/mine")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let resume_id = mine["items"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(mine["items"][0]["status"]["id"], "published");
    assert!(mine["items"][0]["can_publish_or_update"].is_boolean());
    let me: serde_json::Value = get("/me").send().await.unwrap().json().await.unwrap();
    assert_eq!(me["is_applicant"], true);
    let resume = get(&format!("/resumes/{resume_id}")).send().await.unwrap();
    assert_eq!(resume.status(), 200);
    let similar: serde_json::Value = get(&format!(
        "/resumes/{resume_id}/similar_vacancies?page=0&per_page=100"
    ))
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let item = &similar["items"][0];
    for key in [
        "id",
        "name",
        "alternate_url",
        "employer",
        "relations",
        "archived",
        "has_test",
        "response_letter_required",
        "snippet",
    ] {
        assert!(!item[key].is_null(), "{key} missing in {item}");
    }
    let employer_id = item["employer"]["id"].as_str().unwrap();
    assert_eq!(
        get(&format!("/employers/{employer_id}"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    let vacancy_id = api.plain_vacancy(0);
    let apply = |message: String| {
        raw.post(format!("{}/negotiations", api.url))
            .bearer_auth(&token)
            .form(&[
                ("vacancy_id", vacancy_id.clone()),
                ("resume_id", resume_id.clone()),
                ("message", message),
            ])
            .send()
    };
    let too_long = apply("б".repeat(10_001)).await.unwrap();
    assert_eq!(too_long.status(), 403);
    let body: serde_json::Value = too_long.json().await.unwrap();
    assert_eq!(body["errors"][0]["value"], "too_long_message");
    let created = apply("Добрый день".into()).await.unwrap();
    assert_eq!(created.status(), 201);
    assert!(created.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("/negotiations/"));
    assert!(created.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn error_classes() {
    let api = Api::start().await;
    // An application token may search but not call applicant methods.
    let app = api.app_client().await;
    assert!(app.vacancies(&search("rust"), 0, 10).await.is_ok());
    assert_eq!(
        app.resumes_mine().await.unwrap_err(),
        Error::Auth(AuthError::UserAuthExpected)
    );
    // The post-2025 refusal of applicant methods to this app.
    let user = api.user_client(0);
    api.sandbox.set_applicant_access(false);
    assert!(matches!(
        user.resumes_mine().await.unwrap_err(),
        Error::Forbidden { .. }
    ));
    api.sandbox.set_applicant_access(true);
    // A revoked token.
    oauth_revoke(&api).await;
    assert_eq!(
        user.me().await.unwrap_err(),
        Error::Auth(AuthError::TokenRevoked)
    );
    // Bad arguments, found before sending.
    let err = user.vacancy("../me").await.unwrap_err();
    assert!(matches!(err, Error::BadArgument { ref name, .. } if name == "vacancy_id"));
    let both = Search {
        period: Some(3),
        date_from: Some("2026-01-01T00:00:00+0300".into()),
        ..Search::default()
    };
    assert!(matches!(
        user.vacancies(&both, 0, 10).await.unwrap_err(),
        Error::BadArgument { .. }
    ));
    // No token file at all.
    std::fs::remove_file(api.store().path()).unwrap();
    assert!(matches!(user.me().await.unwrap_err(), Error::NoToken(_)));
}

async fn oauth_revoke(api: &Api) {
    let pair = api.store().read().unwrap();
    hh_agent::oauth::Client::new(&api.config.hh)
        .unwrap()
        .revoke(&pair.access_token)
        .await
        .unwrap();
}

#[tokio::test]
async fn refresh_on_token_expired_and_hot_reload() {
    let api = Api::start().await;
    let client = api.user_client(0);
    let me = client.me().await.unwrap();
    assert_eq!(
        me.first_name.as_deref(),
        Some(api.sandbox.catalog().dataset.people[0].first_name.as_str())
    );
    let before = api.store().read().unwrap();

    // The access token expires at hh.ru: the client refreshes once and retries.
    api.sandbox
        .advance(std::time::Duration::from_secs(1_209_600 + 60));
    api.sandbox.clear_requests();
    assert!(client.resumes_mine().await.is_ok());
    assert_eq!(api.sandbox.count("POST", "/token"), 1);
    assert_eq!(api.sandbox.count("GET", "/resumes/mine"), 2);
    let after = api.store().read().unwrap();
    assert_ne!(
        before.refresh_token.expose(),
        after.refresh_token.expose(),
        "a new pair is on disk"
    );

    // Another process writes a pair for another person: picked up without restart.
    api.sign_in(1);
    let me = client.me().await.unwrap();
    assert_eq!(
        me.first_name.as_deref(),
        Some(api.sandbox.catalog().dataset.people[1].first_name.as_str())
    );
}

#[tokio::test]
async fn capability_probe() {
    let api = Api::start().await;
    let user = api.user_client(0);
    assert!(matches!(user.probe().await, Capability::Applicant { .. }));
    api.sandbox.set_applicant_access(false);
    assert!(matches!(
        user.probe().await,
        Capability::ApplicationOnly { .. }
    ));
    api.sandbox.set_applicant_access(true);
    let app = api.app_client().await;
    assert!(matches!(
        app.probe().await,
        Capability::ApplicationOnly { .. }
    ));
    api.sandbox.deactivate_user_tokens();
    assert!(matches!(user.probe().await, Capability::Nothing { .. }));
}

#[tokio::test]
async fn resume_bump_and_saved_searches() {
    let api = Api::start().await;
    let client = api.user_client(0);
    let resume = api.resume_id(0);
    // Make sure the bump is due, then bump twice.
    api.sandbox
        .advance(std::time::Duration::from_secs(5 * 3600));
    api.sign_in(0);
    assert_eq!(
        client.publish_resume(&resume).await.unwrap(),
        PublishOutcome::Published
    );
    assert_eq!(
        client.publish_resume(&resume).await.unwrap(),
        PublishOutcome::TooEarly
    );
    let next = client
        .resume(&resume)
        .await
        .unwrap()
        .next_publish_at
        .unwrap();
    let next = hh::types::parse_date(&next).unwrap();
    assert!(next > api.sandbox.now());
    assert_eq!(
        client.resume(&resume).await.unwrap().can_publish_or_update,
        Some(false)
    );

    let filters = Search {
        text: Some("rust".into()),
        area: vec!["1".into()],
        ..Search::default()
    };
    let id = client
        .create_saved_search("Rust в Москве", &filters)
        .await
        .unwrap();
    let saved = client.saved_search(&id).await.unwrap();
    assert_eq!(saved.name, "Rust в Москве");
    assert!(saved.items.as_ref().unwrap()["count"].as_u64().unwrap() > 0);
    let list = client.saved_searches(0, 10).await.unwrap();
    assert_eq!(list.items.len(), 1);
    client.delete_saved_search(&id).await.unwrap();
    assert!(matches!(
        client.saved_search(&id).await,
        Err(Error::NotFound)
    ));
}

#[tokio::test]
async fn requests_and_applies_are_paced() {
    use std::time::{Duration, Instant};
    let api = Api::start().await;
    let mut options = api.options();
    options.min_interval = Duration::from_millis(100);
    options.apply_interval = Duration::from_millis(400);
    api.sign_in(0);
    let client = api.client_with(api.user_auth(), options);
    let started = Instant::now();
    for _ in 0..3 {
        client.dictionaries().await.unwrap();
    }
    // Three requests, two gaps of at least min_interval.
    assert!(started.elapsed() >= Duration::from_millis(200));
    let resume = api.resume_id(0);
    let started = Instant::now();
    for skip in 0..2 {
        assert!(client
            .apply(&api.plain_vacancy(skip), &resume, None)
            .await
            .unwrap()
            .is_success());
    }
    assert!(started.elapsed() >= Duration::from_millis(400));
}
