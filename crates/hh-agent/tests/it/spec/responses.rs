//! Response conformance: what the sandbox answers for every operation the client uses —
//! successes, refusals and errors — validates against hh.ru's response schemas, and every
//! seeded vacancy, employer and resume renders to a valid body.

use std::collections::BTreeMap;

use hh_sandbox::dataset::render;
use hh_sandbox::{Fault, FaultKind, LimitForm};
use reqwest::Method;

use crate::support::api::Api;
use crate::support::openapi::Spec;

/// Sends one request the way a client would and checks the answer against the spec.
struct Checker<'a> {
    api: &'a Api,
    http: reqwest::Client,
    token: String,
    app_token: String,
    covered: BTreeMap<String, usize>,
    failures: Vec<String>,
}

#[derive(Clone, Copy)]
enum As {
    User,
    App,
    Nobody,
}

impl<'a> Checker<'a> {
    async fn new(api: &'a Api) -> Checker<'a> {
        let (token, _) = api.sandbox.issue_user_tokens(0);
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let app: serde_json::Value = http
            .post(format!("{}/token", api.url))
            .header("HH-User-Agent", "tests/1.0 (t@example.org)")
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", hh_sandbox::CLIENT_ID),
                ("client_secret", hh_sandbox::CLIENT_SECRET),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Checker {
            api,
            http,
            token,
            app_token: app["access_token"].as_str().unwrap().to_owned(),
            covered: BTreeMap::new(),
            failures: Vec::new(),
        }
    }

    /// Sends and checks; returns the status and body for further use.
    async fn check(
        &mut self,
        who: As,
        method: Method,
        path_and_query: &str,
        form: &[(&str, &str)],
        expect: u16,
    ) -> (u16, Vec<u8>, Option<String>) {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path_and_query}", self.api.url))
            .header("HH-User-Agent", "tests/1.0 (t@example.org)");
        match who {
            As::User => request = request.bearer_auth(&self.token),
            As::App => request = request.bearer_auth(&self.app_token),
            As::Nobody => {}
        }
        if !form.is_empty() {
            request = request.form(form);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned());
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        let body = response.bytes().await.unwrap().to_vec();
        let path = path_and_query.split('?').next().unwrap();
        let label = format!("{method} {path} → {status}");
        if status != expect {
            self.failures.push(format!(
                "{label}: expected {expect}: {}",
                String::from_utf8_lossy(&body)
            ));
        }
        if let Err(errors) = Spec::get().check_response(
            method.as_str(),
            path,
            status,
            content_type.as_deref(),
            &body,
        ) {
            self.failures
                .push(format!("{label}: {}", errors.join("; ")));
        }
        let operation = Spec::get()
            .operation(method.as_str(), path)
            .map(|op| format!("{} {} {status}", op.method, op.template))
            .unwrap_or(label);
        *self.covered.entry(operation).or_default() += 1;
        (status, body, location)
    }
}

#[tokio::test]
async fn sandbox_answers_validate_against_the_spec() {
    let api = Api::start().await;
    api.sandbox.set_apply_limit(2, LimitForm::BadRequest);
    let mut c = Checker::new(&api).await;
    let resume = api.resume_id(0);
    let plain = api.plain_vacancy(0);

    // Search and details, by every kind of caller.
    for who in [As::User, As::App, As::Nobody] {
        c.check(
            who,
            Method::GET,
            "/vacancies?text=python&per_page=20",
            &[],
            200,
        )
        .await;
    }
    c.check(As::User, Method::GET, "/vacancies?area=1&experience=between3And6&work_format=REMOTE&order_by=salary_desc&only_with_salary=true&salary=200000&currency=RUR&period=30&per_page=100", &[], 200).await;
    c.check(
        As::User,
        Method::GET,
        "/vacancies?page=200&per_page=10",
        &[],
        400,
    )
    .await;
    c.check(As::User, Method::GET, "/vacancies?per_page=101", &[], 400)
        .await;
    c.check(
        As::User,
        Method::GET,
        &format!("/vacancies/{plain}"),
        &[],
        200,
    )
    .await;
    c.check(As::Nobody, Method::GET, "/vacancies/999999999999", &[], 404)
        .await;
    c.check(
        As::User,
        Method::GET,
        &format!("/resumes/{resume}/similar_vacancies?per_page=50"),
        &[],
        200,
    )
    .await;
    api.sandbox.inject(Fault {
        method: Some("GET".into()),
        path: "/vacancies/*".into(),
        kind: FaultKind::Captcha,
        times: 1,
        skip: 0,
    });
    c.check(
        As::User,
        Method::GET,
        &format!("/vacancies/{plain}"),
        &[],
        403,
    )
    .await;

    // Resumes and the bump.
    c.check(As::User, Method::GET, "/resumes/mine", &[], 200)
        .await;
    c.check(As::App, Method::GET, "/resumes/mine", &[], 403)
        .await;
    c.check(
        As::User,
        Method::GET,
        &format!("/resumes/{resume}"),
        &[],
        200,
    )
    .await;
    c.check(
        As::User,
        Method::GET,
        &format!("/resumes/{}", api.resume_id(1)),
        &[],
        404,
    )
    .await;
    api.sandbox
        .advance(std::time::Duration::from_secs(5 * 3600));
    let (token, _) = api.sandbox.issue_user_tokens(0);
    c.token = token;
    c.check(
        As::User,
        Method::POST,
        &format!("/resumes/{resume}/publish"),
        &[],
        204,
    )
    .await;
    c.check(
        As::User,
        Method::POST,
        &format!("/resumes/{resume}/publish"),
        &[],
        429,
    )
    .await;

    // Applying: each answer.
    let apply = |vacancy: &str| {
        vec![
            ("vacancy_id", vacancy.to_owned()),
            ("resume_id", resume.clone()),
        ]
    };
    let form = apply(&plain);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (_, _, negotiation) = c
        .check(As::User, Method::POST, "/negotiations", &form, 201)
        .await;
    c.check(As::User, Method::GET, &negotiation.unwrap(), &[], 200)
        .await;
    c.check(As::User, Method::POST, "/negotiations", &form, 403)
        .await;
    let direct = api.vacancy_where(|v| v.kind == "direct" && !v.archived && !v.has_test);
    let tested = api.vacancy_where(|v| v.has_test && !v.archived && v.kind != "direct");
    let archived = api.vacancy_where(|v| v.archived);
    for (vacancy, status) in [
        (direct, 303),
        (tested, 403),
        (archived, 403),
        ("999999999999".to_owned(), 400),
    ] {
        let form = apply(&vacancy);
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        c.check(As::User, Method::POST, "/negotiations", &form, status)
            .await;
    }
    for (skip, status) in [(1, 201), (2, 400)] {
        let form = apply(&api.plain_vacancy(skip));
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        c.check(As::User, Method::POST, "/negotiations", &form, status)
            .await;
    }
    c.check(
        As::User,
        Method::GET,
        "/negotiations?per_page=20&order_by=created_at",
        &[],
        200,
    )
    .await;

    // Saved searches.
    let (_, _, location) = c
        .check(
            As::User,
            Method::POST,
            "/saved_searches/vacancies?name=Rust&text=rust&area=1",
            &[],
            201,
        )
        .await;
    let saved = location.unwrap();
    c.check(
        As::User,
        Method::GET,
        "/saved_searches/vacancies?per_page=10",
        &[],
        200,
    )
    .await;
    c.check(As::User, Method::GET, &saved, &[], 200).await;
    c.check(As::User, Method::DELETE, &saved, &[], 204).await;
    c.check(As::User, Method::GET, &saved, &[], 404).await;

    // Reference data and the token's owner.
    let employer = api
        .sandbox
        .catalog()
        .dataset
        .employers
        .first()
        .unwrap()
        .id
        .clone();
    c.check(
        As::App,
        Method::GET,
        &format!("/employers/{employer}"),
        &[],
        200,
    )
    .await;
    c.check(As::Nobody, Method::GET, "/dictionaries", &[], 200)
        .await;
    c.check(As::Nobody, Method::GET, "/areas", &[], 200).await;
    c.check(As::User, Method::GET, "/me", &[], 200).await;
    c.check(As::App, Method::GET, "/me", &[], 200).await;

    // Auth errors are 403 with an `oauth` body.
    api.sandbox
        .advance(std::time::Duration::from_secs(1_209_600 + 60));
    c.check(As::User, Method::GET, "/resumes/mine", &[], 403)
        .await;
    c.check(As::User, Method::GET, "/me", &[], 403).await;

    eprintln!(
        "response conformance: {} operation/status pairs, {} requests: {:#?}",
        c.covered.len(),
        c.covered.values().sum::<usize>(),
        c.covered
    );
    assert!(c.failures.is_empty(), "{:#?}", c.failures);
}

#[tokio::test]
async fn every_seeded_record_renders_to_a_valid_body() {
    let api = Api::start().await;
    let catalog = api.sandbox.catalog();
    let data = &catalog.dataset;
    let spec = Spec::get();
    let base = "http://127.0.0.1:1";
    let mut failures = Vec::new();
    let mut check = |method: &str, path: &str, body: serde_json::Value, what: String| {
        let bytes = serde_json::to_vec(&body).unwrap();
        if let Err(errors) =
            spec.check_response(method, path, 200, Some("application/json"), &bytes)
        {
            failures.push(format!("{what}: {}", errors.join("; ")));
        }
    };
    for vacancy in &data.vacancies {
        check(
            "GET",
            &format!("/vacancies/{}", vacancy.id),
            render::vacancy_detail(data, vacancy, &[], base),
            format!("vacancy {}", vacancy.id),
        );
    }
    let items: Vec<_> = data
        .vacancies
        .iter()
        .map(|vacancy| render::vacancy_item(data, vacancy, &["got_response"], base))
        .collect();
    for chunk in items.chunks(100) {
        let page = serde_json::json!({
            "items": chunk, "found": items.len(), "pages": 20, "page": 0, "per_page": 100,
            "clusters": null, "arguments": null, "fixes": null, "suggests": null,
            "alternate_url": "https://hh.ru/search/vacancy",
        });
        check("GET", "/vacancies", page, "search page".into());
    }
    for employer in &data.employers {
        check(
            "GET",
            &format!("/employers/{}", employer.id),
            render::employer_detail(employer, 3, base),
            format!("employer {}", employer.id),
        );
    }
    let now = api.sandbox.now();
    for person in &data.people {
        check(
            "GET",
            "/me",
            render::me(person, base),
            format!("me {}", person.id),
        );
        for resume in &person.resumes {
            check(
                "GET",
                &format!("/resumes/{}", resume.id),
                render::resume_detail(data, person, resume, now, base),
                format!("resume {}", resume.id),
            );
        }
    }
    eprintln!(
        "rendered and validated: {} vacancy details, {} search items, {} employers, {} people",
        data.vacancies.len(),
        items.len(),
        data.employers.len(),
        data.people.len()
    );
    failures.truncate(20);
    assert!(failures.is_empty(), "{failures:#?}");
}
