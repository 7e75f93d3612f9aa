//! The emulated hh.ru API beyond OAuth: vacancies and search, resumes, negotiations,
//! saved searches, employers, dictionaries and areas, over the seeded [`Dataset`].
//!
//! Who may call what (user, application or anonymous token; the access profile and the
//! applicant switch) is decided here; each area's behaviour lives in its own file. OAuth and `/me` stay in
//! `oauth`, connection handling and faults in `http`.

mod blacklists;
mod catalog;
mod filters;
mod negotiations;
mod resumes;
mod saved;
mod search;
mod similar;
mod text;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::Utc;
use hyper::{Method, Response, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::dataset::Dataset;
use super::http::{self, Body, Call};
use super::oauth::Bearer;
use super::{Access, Sandbox};
use blacklists::Kind;

pub use search::Catalog;

/// How hh.ru answers an applicant over the rolling 24-hour application cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitForm {
    /// `400 {"errors":[{"type":"negotiations","value":"limit_exceeded"}]}` (the default).
    BadRequest,
    /// `429 Too Many Requests`, as HH staff describe it.
    TooManyRequests,
}

/// The API's mutable state (inside the sandbox's lock).
pub(super) struct ApiState {
    /// The access profile.
    pub access: Access,
    /// Whether applicant methods answer (false: the post-December-2025 refusal).
    pub applicant_access: bool,
    /// Applications allowed per person in any 24 hours.
    pub apply_limit: u32,
    /// How the cap is answered.
    pub limit_form: LimitForm,
    pub negotiations: Vec<negotiations::Record>,
    pub saved_searches: Vec<saved::Record>,
    /// Hidden vacancies and employers, per person.
    pub blacklists: blacklists::Lists,
    /// Resume id → its last publish or bump; a resume listed here is published.
    pub published: HashMap<String, resumes::Bump>,
    pub next_id: u64,
}

impl Default for ApiState {
    fn default() -> ApiState {
        ApiState {
            access: Access::Full,
            applicant_access: true,
            apply_limit: 200,
            limit_form: LimitForm::BadRequest,
            negotiations: Vec::new(),
            saved_searches: Vec::new(),
            blacklists: blacklists::Lists::default(),
            published: HashMap::new(),
            next_id: 1,
        }
    }
}

impl ApiState {
    fn take_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }
}

/// A refusal on its way out: hh.ru's error answer, boxed because it is large.
pub(super) type Refusal = Box<Response<Body>>;

/// Who is calling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Caller {
    /// A user token of this person (an index into the dataset's people).
    User(usize),
    /// An application token.
    Application,
    /// No `Authorization` header.
    Anonymous,
}

/// The seeded dataset, generated once per process and seed (the dates are anchored to the
/// first generation's time).
pub(super) fn catalog(seed: u64) -> Arc<Catalog> {
    static CACHE: OnceLock<Mutex<HashMap<u64, Arc<Catalog>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    cache
        .entry(seed)
        .or_insert_with(|| Arc::new(Catalog::new(Dataset::generate(seed, Utc::now()))))
        .clone()
}

/// Answers an API request, or `None` when the path is not an API path.
pub(super) fn route(sandbox: &Sandbox, call: &Call) -> Option<Response<Body>> {
    let segments: Vec<&str> = call.path.trim_matches('/').split('/').collect();
    let response = match (&call.method, segments.as_slice()) {
        (&Method::GET, ["vacancies"]) => search::vacancies(sandbox, call),
        (&Method::GET, ["vacancies", "blacklisted"]) => {
            blacklists::list(sandbox, call, Kind::Vacancies)
        }
        (&Method::PUT, ["vacancies", "blacklisted", id]) => {
            blacklists::add(sandbox, call, Kind::Vacancies, id)
        }
        (&Method::DELETE, ["vacancies", "blacklisted", id]) => {
            blacklists::remove(sandbox, call, Kind::Vacancies, id)
        }
        (&Method::GET, ["employers", "blacklisted"]) => {
            blacklists::list(sandbox, call, Kind::Employers)
        }
        (&Method::PUT, ["employers", "blacklisted", id]) => {
            blacklists::add(sandbox, call, Kind::Employers, id)
        }
        (&Method::DELETE, ["employers", "blacklisted", id]) => {
            blacklists::remove(sandbox, call, Kind::Employers, id)
        }
        (&Method::GET, ["vacancies", id]) => catalog::vacancy(sandbox, call, id),
        (&Method::GET, ["employers", id]) => catalog::employer(sandbox, call, id),
        (&Method::GET, ["dictionaries"]) => catalog::dictionaries(sandbox, call),
        (&Method::GET, ["areas"]) => catalog::areas(sandbox, call),
        (&Method::GET, ["resumes", "mine"]) => resumes::mine(sandbox, call),
        (&Method::GET, ["resumes", id]) => resumes::detail(sandbox, call, id),
        (&Method::POST, ["resumes", id, "publish"]) => resumes::publish(sandbox, call, id),
        (&Method::GET, ["resumes", id, "similar_vacancies"]) => {
            similar::to_resume(sandbox, call, id)
        }
        (&Method::GET, ["vacancies", id, "similar_vacancies"]) => {
            similar::to_vacancy(sandbox, call, id)
        }
        (&Method::POST, ["negotiations"]) => negotiations::apply(sandbox, call),
        (&Method::GET, ["negotiations"]) => negotiations::list(sandbox, call),
        (&Method::GET, ["negotiations", id]) => negotiations::detail(sandbox, call, id),
        (&Method::GET, ["saved_searches", "vacancies"]) => saved::list(sandbox, call),
        (&Method::POST, ["saved_searches", "vacancies"]) => saved::create(sandbox, call),
        (&Method::GET, ["saved_searches", "vacancies", id]) => saved::get(sandbox, call, id),
        (&Method::PUT, ["saved_searches", "vacancies", id]) => saved::update(sandbox, call, id),
        (&Method::DELETE, ["saved_searches", "vacancies", id]) => saved::delete(sandbox, call, id),
        _ => return None,
    };
    Some(response)
}

/// The caller, or hh.ru's 403 `oauth` refusal for a bad token.
pub(super) fn caller(sandbox: &Sandbox, call: &Call) -> Result<Caller, Refusal> {
    if call.bearer.is_none() {
        return Ok(Caller::Anonymous);
    }
    let now = sandbox.now();
    match sandbox.state().oauth.bearer(call.bearer.as_deref(), now) {
        Bearer::User(person) => Ok(Caller::User(person)),
        Bearer::Application => Ok(Caller::Application),
        Bearer::Refused(value) => Err(Box::new(super::oauth::oauth_refusal(value))),
    }
}

/// The caller of a method that reads vacancies or employers (search, details, similar
/// vacancies, employers): anyone in the `full` profile; in `closed`, anonymous callers get
/// 403 `forbidden`.
// FACTS: anonymous `GET /vacancies` answers `forbidden` without an application token
// (2026 report, §1), and hh.ru's README now marks vacancy search, vacancy view and
// employer info for application and employer auth (§1). (assumed: vacancy details,
// similar vacancies and employers are refused alike, with the same body; a user token
// still reads them, since no report shows one refused there.)
pub(super) fn reader(sandbox: &Sandbox, call: &Call) -> Result<Caller, Refusal> {
    let caller = caller(sandbox, call)?;
    if caller == Caller::Anonymous && sandbox.state().api.access == Access::Closed {
        return Err(Box::new(forbidden()));
    }
    Ok(caller)
}

/// The person behind an applicant method: a valid user token while applicant access is on
/// (the `full` profile and the applicant switch on).
pub(super) fn applicant(sandbox: &Sandbox, call: &Call) -> Result<usize, Refusal> {
    let allowed = {
        let api = &sandbox.state().api;
        api.applicant_access && api.access == Access::Full
    };
    match caller(sandbox, call)? {
        Caller::User(person) if allowed => Ok(person),
        Caller::User(_) => Err(Box::new(forbidden())),
        Caller::Application => Err(Box::new(super::oauth::oauth_refusal("user_auth_expected"))),
        Caller::Anonymous => Err(Box::new(super::oauth::oauth_refusal("bad_authorization"))),
    }
}

/// hh.ru's bare 403 `forbidden`: an applicant method this app may no longer use, or (in
/// `closed`) reading vacancies without a token.
fn forbidden() -> Response<Body> {
    http::json(
        StatusCode::FORBIDDEN,
        &json!({
            "description": "Forbidden",
            "errors": [{"type": "forbidden"}],
            "request_id": http::request_id(),
        }),
    )
}

/// `page` (default 0) and `per_page` (default `default`, at most `max`) of a list request.
pub(super) fn page_params(call: &Call, default: u32, max: u32) -> Result<(u32, u32), Refusal> {
    let number = |key: &str, default: u32| match call.query(key) {
        None => Ok(default),
        Some(value) => value
            .parse::<u32>()
            .map_err(|_| Box::new(bad_argument(key))),
    };
    let page = number("page", 0)?;
    let per_page = number("per_page", default)?;
    if per_page == 0 || per_page > max {
        return Err(Box::new(bad_argument("per_page")));
    }
    Ok((page, per_page))
}

/// hh.ru's `400 bad_argument` for `name`.
pub(super) fn bad_argument(name: &str) -> Response<Body> {
    http::error(StatusCode::BAD_REQUEST, "bad_argument", Some(name))
}

/// hh.ru's `404 not_found`.
pub(super) fn not_found() -> Response<Body> {
    http::error(StatusCode::NOT_FOUND, "not_found", None)
}

/// The base URL clients used to reach this sandbox, for `url` fields.
pub(super) fn api_base(call: &Call) -> String {
    match &call.host {
        Some(host) => format!("http://{host}"),
        None => "https://api.hh.ru".to_owned(),
    }
}
