//! Every request `hh::Client` and `oauth::Client` build, sent to a sandbox on 127.0.0.1:0
//! and checked against hh.ru's spec as the sandbox recorded it (the answers are checked
//! in `responses`), plus the shapes the spec cannot express (never `period` with dates, multipart applies, dictionary ids).

use std::collections::BTreeMap;
use std::time::Duration;

use hh_agent::clock::Clock;
use hh_agent::hh::{self, Auth, NegotiationFilter, Search, UserTokens};
use hh_agent::oauth;
use hh_agent::refresh::Policy;
use hh_agent::secret::Secret;
use hh_agent::token_store::Store;
use hh_sandbox::{self as sandbox, RecordedRequest, Sandbox};

use crate::support::openapi::Spec;
use crate::support::{browser, config_for, start_sandbox, write_pair};

const REDIRECT: &str = "http://127.0.0.1:8000/callback";
const UA: &str = "hh-agent-tests/1.0 (tests@example.org)";

/// A sandbox with a user pair on disk, an app token, and clients for every kind of auth.
pub(super) struct Rig {
    pub(super) sandbox: Sandbox,
    pub(super) oauth: oauth::Client,
    pub(super) user: hh::Client,
    pub(super) application: hh::Client,
    pub(super) anonymous: hh::Client,
    pub(super) access_token: Secret,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
}

/// Fast-failing options: no pacing, one attempt, short timeouts.
fn options(url: &str) -> hh::Options {
    hh::Options {
        base_url: url.to_owned(),
        user_agent: UA.to_owned(),
        min_interval: Duration::ZERO,
        apply_interval: Duration::ZERO,
        attempts: 1,
        backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(1),
        timeout: Duration::from_secs(5),
    }
}

/// Starts a sandbox and authorizes through it with every OAuth call the client has
/// except revocation (the code exchange, a refresh and an application token are recorded).
pub(super) async fn rig() -> Rig {
    let (sandbox, url, stop) = start_sandbox(REDIRECT).await;
    let dir = tempfile::tempdir().unwrap();
    let config = config_for(&url, REDIRECT, &dir.path().join("hh-token/token.json"));
    let oauth = oauth::Client::new(&config.hh).unwrap();
    let authorize = format!(
        "{url}/oauth/authorize?response_type=code&client_id={}&redirect_uri={REDIRECT}",
        sandbox::CLIENT_ID
    );
    let answer = browser().get(authorize).send().await.unwrap();
    let location = url::Url::parse(answer.headers()["location"].to_str().unwrap()).unwrap();
    let code = location.query_pairs().find(|(k, _)| k == "code").unwrap().1;
    sandbox.clear_requests();
    let secret = Secret::new(sandbox::CLIENT_SECRET);
    let tokens = oauth
        .exchange_code(&Secret::new(code), &secret)
        .await
        .unwrap();
    let pair = tokens.into_pair(sandbox.now()).unwrap();
    let store = Store::new(&config.token.path);
    write_pair(&store, &pair);
    let refused = oauth.refresh(&pair.refresh_token).await;
    assert_eq!(refused.unwrap_err(), oauth::Error::NotYetDue);
    let app_token = oauth.application_token(&secret).await.unwrap();
    let clock = {
        let sandbox = sandbox.clone();
        Clock::from_fn(move || sandbox.now())
    };
    let policy = Policy {
        attempts: 1,
        backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(1),
    };
    let user_tokens = UserTokens::new(store, oauth.clone(), clock, policy);
    let client = |auth| hh::Client::new(auth, options(&url)).unwrap();
    Rig {
        user: client(Auth::user(user_tokens)),
        application: client(Auth::application(app_token)),
        anonymous: client(Auth::anonymous()),
        access_token: pair.access_token.clone(),
        sandbox,
        oauth,
        _dir: dir,
        _stop: stop,
    }
}

pub(super) fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|value| value.to_string()).collect()
}

/// Every filter the client has, with `period`.
pub(super) fn every_filter() -> Search {
    Search {
        text: Some("Rust AND (backend OR бэкенд) \"senior\"".into()),
        search_field: strings(&["name", "description"]),
        area: strings(&["1", "2", "113"]),
        experience: strings(&["between1And3", "between3And6"]),
        employment_form: strings(&["FULL", "PART"]),
        work_format: strings(&["REMOTE", "HYBRID"]),
        professional_role: strings(&["96"]),
        label: strings(&["with_address", "accept_handicapped"]),
        excluded_employer_id: strings(&["1455", "3529"]),
        excluded_text: Some("php, 1c".into()),
        salary: Some(250_000),
        currency: Some("USD".into()),
        only_with_salary: true,
        period: Some(7),
        date_from: None,
        date_to: None,
        order_by: Some("publication_time".into()),
    }
}

/// The search variants every search method is driven with.
fn searches() -> Vec<(&'static str, Search)> {
    let dates = Search {
        period: None,
        date_from: Some("2025-12-01T00:00:00+0300".into()),
        date_to: Some("2025-12-30".into()),
        currency: None,
        order_by: Some("salary_desc".into()),
        ..every_filter()
    };
    let legacy = Search {
        text: Some("   ".into()),
        employment_form: strings(&["FULL", "PART", "PROJECT", "FLY_IN_FLY_OUT"]),
        work_format: strings(&["REMOTE", "ON_SITE", "HYBRID", "FIELD_WORK"]),
        order_by: Some("relevance".into()),
        ..Search::default()
    };
    vec![
        ("every filter, period", every_filter()),
        ("every filter, dates", dates),
        ("empty", Search::default()),
        ("every employment form and work format", legacy),
    ]
}

/// Calls every public method of both clients; returns what the sandbox recorded.
async fn drive_every_method() -> Vec<RecordedRequest> {
    let rig = rig().await;
    let user = &rig.user;
    // Answers are ignored: the sandbox may not serve the path yet.
    let _ = user.me().await;
    let _ = user.resumes_mine().await;
    let _ = user.resume("r1").await;
    let _ = user.publish_resume("r1").await;
    for (_, search) in searches() {
        let _ = user.vacancies(&search, 0, 20).await;
        let _ = user.vacancies(&search, 19, 100).await;
        let _ = user.similar_vacancies("r1", &search, 1, 50).await;
        let _ = user.create_saved_search("Rust, удалённо", &search).await;
        let _ = user.search_all(None, &search, 250).await;
        let _ = user.search_all(Some("r1"), &search, 30).await;
    }
    let _ = user.vacancy("123").await;
    let _ = user
        .apply("123", "r1", Some("Здравствуйте!\nМой опыт: …"))
        .await;
    let _ = user.apply("124", "r1", None).await;
    let _ = user.apply("125", "r1", Some("  ")).await;
    let _ = user
        .negotiations(&NegotiationFilter::default(), 0, 20)
        .await;
    let filter = NegotiationFilter {
        status: Some("active".into()),
        vacancy_id: Some("123".into()),
        order_by: Some("updated_at".into()),
    };
    let _ = user.negotiations(&filter, 1, 50).await;
    let _ = user.saved_searches(0, 50).await;
    let _ = user.saved_search("42").await;
    let _ = user.delete_saved_search("42").await;
    let _ = user.employer("1455").await;
    let _ = user.dictionaries().await;
    let _ = user.areas().await;
    let _ = user.probe().await;
    let application = &rig.application;
    let _ = application.vacancies(&every_filter(), 0, 100).await;
    let _ = application.vacancy("123").await;
    let _ = application.employer("1455").await;
    let _ = application.dictionaries().await;
    let _ = application.areas().await;
    let _ = application.probe().await;
    let _ = rig.anonymous.vacancies(&Search::default(), 0, 10).await;
    rig.oauth.revoke(&rig.access_token).await.unwrap();
    rig.sandbox.requests()
}

pub(super) fn show(request: &RecordedRequest) -> String {
    let query: Vec<String> = request
        .query
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    format!("{} {}?{}", request.method, request.path, query.join("&"))
}

#[tokio::test]
async fn every_request_the_client_builds_is_allowed_by_the_spec() {
    let spec = Spec::get();
    let requests = drive_every_method().await;
    let mut coverage: BTreeMap<String, usize> = BTreeMap::new();
    let mut refused = Vec::new();
    for request in &requests {
        match spec.check_recorded(request) {
            Ok(operation) => {
                *coverage
                    .entry(format!("{} {}", operation.method, operation.template))
                    .or_default() += 1
            }
            Err(errors) => refused.push(format!("{}: {}", show(request), errors.join("; "))),
        }
    }
    eprintln!(
        "spec coverage: {} requests, {} of {} client operations, all checked against the spec",
        requests.len(),
        coverage.len(),
        super::CLIENT_OPERATIONS.len()
    );
    coverage
        .iter()
        .for_each(|(operation, cases)| eprintln!("  {cases:3} × {operation}"));
    assert!(
        refused.is_empty(),
        "requests the spec does not allow:\n{}",
        refused.join("\n")
    );
    for (method, template) in super::CLIENT_OPERATIONS {
        assert!(
            coverage.contains_key(&format!("{method} {template}")),
            "{method} {template} was never called"
        );
    }
    assert_eq!(coverage.len(), super::CLIENT_OPERATIONS.len());
}

#[tokio::test]
async fn the_client_sends_the_documented_shapes() {
    let requests = drive_every_method().await;
    let mut dated = 0;
    for request in &requests {
        let has = |key: &str| request.query.iter().any(|(k, _)| k == key);
        assert!(
            !(has("period") && (has("date_from") || has("date_to"))),
            "{}",
            show(request)
        );
        dated += usize::from(has("date_from"));
    }
    assert!(dated >= 4, "the dates variant was not sent");
    let saved = requests
        .iter()
        .find(|r| r.method == "GET" && r.path == "/saved_searches/vacancies")
        .unwrap();
    assert!(
        saved.query.contains(&("per_page".into(), "10".into())),
        "{}",
        show(saved)
    );
    let applies: Vec<&RecordedRequest> = requests
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/negotiations")
        .collect();
    assert_eq!(applies.len(), 3);
    for apply in applies {
        let content_type = apply.content_type.as_deref().unwrap_or_default();
        assert!(
            content_type.starts_with("multipart/form-data; boundary="),
            "{content_type}"
        );
    }
    let token = requests.iter().find(|r| r.path == "/token").unwrap();
    assert_eq!(
        token.content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
}

/// Query parameters whose values are ids from `GET /dictionaries` (the spec types them as
/// plain strings and names the dictionary in prose), checked against the spec's example
/// dictionaries: the client's own values (the deprecated fallbacks, the default currency)
/// must be real ids.
const DICTIONARY_PARAMETERS: [(&str, &str, &str); 11] = [
    ("/vacancies", "experience", "experience"),
    ("/vacancies", "employment_form", "employment_form"),
    ("/vacancies", "work_format", "work_format"),
    ("/vacancies", "search_field", "vacancy_search_fields"),
    ("/vacancies", "label", "vacancy_label"),
    ("/vacancies", "order_by", "vacancy_search_order"),
    ("/vacancies", "currency", "currency"),
    ("/vacancies", "employment", "employment"),
    ("/vacancies", "schedule", "schedule"),
    ("/negotiations", "order_by", "negotiations_order"),
    ("/negotiations", "status", "applicant_negotiation_status"),
];

#[tokio::test]
async fn dictionary_backed_values_are_known_ids() {
    let text = std::fs::read_to_string(format!(
        "{}/dictionaries.GET_dictionaries.json",
        crate::support::openapi::EXAMPLES_DIR
    ))
    .unwrap();
    let dictionaries: serde_json::Value = serde_json::from_str(&text).unwrap();
    let ids = |key: &str| -> Vec<String> {
        let entries = dictionaries[key].as_array().unwrap();
        entries
            .iter()
            .map(|entry| {
                entry
                    .get("id")
                    .unwrap_or(&entry["code"])
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    let mut checked = 0;
    for request in drive_every_method().await {
        // Search endpoints share /vacancies' filters.
        let family = if request.path == "/negotiations" {
            "/negotiations"
        } else {
            "/vacancies"
        };
        for (name, value) in &request.query {
            let entry = DICTIONARY_PARAMETERS
                .iter()
                .find(|(path, param, _)| *path == family && param == name);
            let Some((_, _, dictionary)) = entry else {
                continue;
            };
            assert!(
                ids(dictionary).contains(value),
                "{}: {name}={value} is not in /dictionaries {dictionary}",
                show(&request)
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} values checked");
}
