//! The applicant's saved vacancy searches: list (at most 10 a page), create from the
//! query string (201 + Location), get, rename or (un)subscribe, delete.
//!
//! Counts come from running the saved query through `search`'s filters at read time.

use chrono::{DateTime, Utc};
use hyper::header::{HeaderValue, LOCATION};
use hyper::{Response, StatusCode};
use serde_json::{json, Value};

use super::{api_base, applicant, bad_argument, not_found, page_params, Refusal};
use crate::dataset::render;
use crate::http::{self, Body, Call};
use crate::Sandbox;

/// Query keys that are not search filters.
const NOT_FILTERS: [&str; 4] = ["name", "page", "per_page", "host"];

/// One saved search.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub id: String,
    pub person: usize,
    pub name: String,
    pub filters: Vec<(String, String)>,
    pub subscription: bool,
    pub created_at: DateTime<Utc>,
}

/// `GET /saved_searches/vacancies`.
pub(super) fn list(sandbox: &Sandbox, call: &Call) -> Response<Body> {
    let person = match applicant(sandbox, call) {
        Ok(person) => person,
        Err(refusal) => return *refusal,
    };
    let (page, per_page) = match page_params(call, 10, 10) {
        Ok(paging) => paging,
        Err(refusal) => return *refusal,
    };
    let records: Vec<Record> = sandbox
        .state()
        .api
        .saved_searches
        .iter()
        .filter(|record| record.person == person)
        .cloned()
        .collect();
    let found = records.len() as u32;
    let items: Vec<Value> = records
        .iter()
        .skip((page * per_page) as usize)
        .take(per_page as usize)
        .map(|record| render_record(sandbox, call, record))
        .collect();
    http::json(
        StatusCode::OK,
        &json!({"items": items, "found": found, "pages": found.div_ceil(per_page), "page": page, "per_page": per_page}),
    )
}

/// `POST /saved_searches/vacancies?name=…&text=…`.
pub(super) fn create(sandbox: &Sandbox, call: &Call) -> Response<Body> {
    let person = match applicant(sandbox, call) {
        Ok(person) => person,
        Err(refusal) => return *refusal,
    };
    let name = call.query("name").unwrap_or("").trim();
    if name.chars().count() > 128 {
        return bad_argument("name");
    }
    let filters: Vec<(String, String)> = call
        .query
        .iter()
        .filter(|(key, _)| !NOT_FILTERS.contains(&key.as_str()))
        .cloned()
        .collect();
    let now = sandbox.now();
    let mut state = sandbox.state();
    let id = (state.api.take_id() + 70_000_000).to_string();
    let name = if name.is_empty() {
        filters
            .iter()
            .find(|(key, _)| key == "text")
            .map(|(_, text)| text.clone())
            .unwrap_or_else(|| "Все вакансии".to_owned())
    } else {
        name.to_owned()
    };
    state.api.saved_searches.push(Record {
        id: id.clone(),
        person,
        name,
        filters,
        subscription: false,
        created_at: now,
    });
    let mut response = http::empty(StatusCode::CREATED);
    if let Ok(location) = HeaderValue::from_str(&format!("/saved_searches/vacancies/{id}")) {
        response.headers_mut().insert(LOCATION, location);
    }
    response
}

/// `GET /saved_searches/vacancies/{id}`.
pub(super) fn get(sandbox: &Sandbox, call: &Call, id: &str) -> Response<Body> {
    match owned(sandbox, call, id) {
        Ok(record) => http::json(StatusCode::OK, &render_record(sandbox, call, &record)),
        Err(refusal) => *refusal,
    }
}

/// `PUT /saved_searches/vacancies/{id}` with `name` or `subscription` (one at a time).
pub(super) fn update(sandbox: &Sandbox, call: &Call, id: &str) -> Response<Body> {
    if let Err(refusal) = owned(sandbox, call, id) {
        return *refusal;
    }
    let value = |key: &str| call.query(key).or_else(|| call.form(key));
    let (name, subscription) = (value("name"), value("subscription"));
    let mut state = sandbox.state();
    let Some(record) = state.api.saved_searches.iter_mut().find(|r| r.id == id) else {
        return not_found();
    };
    match (name, subscription) {
        (Some(name), None) if !name.trim().is_empty() && name.chars().count() <= 128 => {
            record.name = name.trim().to_owned()
        }
        (None, Some("true")) => record.subscription = true,
        (None, Some("false")) => record.subscription = false,
        (Some(_), Some(_)) => {
            return http::error(StatusCode::CONFLICT, "bad_argument", Some("name"));
        }
        (None, None) | (Some(_), None) => return bad_argument("name"),
        (None, Some(_)) => return bad_argument("subscription"),
    }
    http::empty(StatusCode::NO_CONTENT)
}

/// `DELETE /saved_searches/vacancies/{id}`.
pub(super) fn delete(sandbox: &Sandbox, call: &Call, id: &str) -> Response<Body> {
    if let Err(refusal) = owned(sandbox, call, id) {
        return *refusal;
    }
    sandbox.state().api.saved_searches.retain(|r| r.id != id);
    http::empty(StatusCode::NO_CONTENT)
}

/// The caller's saved search `id`.
fn owned(sandbox: &Sandbox, call: &Call, id: &str) -> Result<Record, Refusal> {
    let person = applicant(sandbox, call)?;
    sandbox
        .state()
        .api
        .saved_searches
        .iter()
        .find(|record| record.id == id && record.person == person)
        .cloned()
        .ok_or_else(|| Box::new(not_found()))
}

/// A saved search as hh.ru shows it, with live counts.
fn render_record(sandbox: &Sandbox, call: &Call, record: &Record) -> Value {
    let base = api_base(call);
    let query: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&record.filters)
        .append_pair("saved_search_id", &record.id)
        .finish();
    let since = render::format_date(record.created_at);
    let count = super::search::count(sandbox, &record.filters, None);
    let new_count = super::search::count(sandbox, &record.filters, Some(record.created_at));
    json!({
        "id": record.id,
        "name": record.name,
        "created_at": since,
        "subscription": record.subscription,
        "items": {"count": count, "url": format!("{base}/vacancies?{query}")},
        "new_items": {
            "count": new_count,
            "url": format!("{base}/vacancies?{query}&date_from={}", form_urlencoded::byte_serialize(since.as_bytes()).collect::<String>()),
        },
    })
}
