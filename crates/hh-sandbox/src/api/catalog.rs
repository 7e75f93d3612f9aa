//! Reference data: `GET /vacancies/{id}` and `GET /employers/{id}` (for whoever may read
//! vacancies in the access profile), `GET /dictionaries` and `GET /areas` (for anyone, with
//! hh.ru's client caching: `ETag`, `Cache-Control`, `Expires`, `304 Not Modified` on a
//! matching `If-None-Match`).
//!
//! Rendering is the dataset's; this file only finds records and picks the relations.

use std::hash::{DefaultHasher, Hash, Hasher};

use chrono::{DateTime, Utc};
use hyper::header::{HeaderValue, CACHE_CONTROL, ETAG, EXPIRES};
use hyper::{Response, StatusCode};
use serde_json::Value;

use super::blacklists::Hidden;
use super::search::relations_of;
use super::{api_base, caller, not_found, reader};
use crate::dataset::render;
use crate::http::{self, Body, Call};
use crate::Sandbox;

/// `GET /vacancies/{id}`: archived vacancies are still shown (with `archived: true`).
pub(super) fn vacancy(sandbox: &Sandbox, call: &Call, id: &str) -> Response<Body> {
    let caller = match reader(sandbox, call) {
        Ok(caller) => caller,
        Err(refusal) => return *refusal,
    };
    let catalog = sandbox.catalog();
    let Some(vacancy) = catalog.dataset.vacancy(id) else {
        return not_found();
    };
    let relations = relations_of(sandbox, caller);
    let body = render::vacancy_detail(
        &catalog.dataset,
        vacancy,
        &relations.of(id),
        &api_base(call),
    );
    http::json(StatusCode::OK, &body)
}

/// `GET /employers/{id}`: `relations` is `["blacklisted"]` for an employer the applicant
/// hid (spec EmployersEmployerInfo).
pub(super) fn employer(sandbox: &Sandbox, call: &Call, id: &str) -> Response<Body> {
    let caller = match reader(sandbox, call) {
        Ok(caller) => caller,
        Err(refusal) => return *refusal,
    };
    let catalog = sandbox.catalog();
    let Some(employer) = catalog.dataset.employer(id) else {
        return not_found();
    };
    let open = catalog.dataset.open_vacancies(id);
    let mut body = render::employer_detail(employer, open, &api_base(call));
    if Hidden::of(sandbox, caller).employers.contains(id) {
        body["relations"] = serde_json::json!(["blacklisted"]);
    }
    http::json(StatusCode::OK, &body)
}

/// `GET /dictionaries`.
pub(super) fn dictionaries(sandbox: &Sandbox, call: &Call) -> Response<Body> {
    if let Err(refusal) = caller(sandbox, call) {
        return *refusal;
    }
    cached(call, sandbox.now(), &render::dictionaries())
}

/// `GET /areas`.
pub(super) fn areas(sandbox: &Sandbox, call: &Call) -> Response<Body> {
    if let Err(refusal) = caller(sandbox, call) {
        return *refusal;
    }
    cached(call, sandbox.now(), &render::areas())
}

/// How long a dictionary may be used without asking again: `Cache-Control: max-age=1200`,
/// as in hh.ru's own example (`hhru/api : docs/cache.md`).
const MAX_AGE_SECONDS: i64 = 1200;

/// A cacheable answer as `docs/cache.md` shows it: a weak `ETag` (a hash of the body),
/// `Cache-Control` and `Expires`; `304 Not Modified` with the same headers and no body when
/// `If-None-Match` names the current `ETag` (or is `*`).
fn cached(call: &Call, now: DateTime<Utc>, value: &Value) -> Response<Body> {
    let mut hasher = DefaultHasher::new();
    value.to_string().hash(&mut hasher);
    let etag = format!("W/\"sbx-{:016x}\"", hasher.finish());
    let unchanged = call.if_none_match.as_deref().is_some_and(|sent| {
        sent.split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || weak_tag(tag) == weak_tag(&etag))
    });
    let mut response = if unchanged {
        http::empty(StatusCode::NOT_MODIFIED)
    } else {
        http::json(StatusCode::OK, value)
    };
    let expires = (now + chrono::Duration::seconds(MAX_AGE_SECONDS))
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let headers = response.headers_mut();
    for (name, value) in [
        (ETAG, etag),
        (CACHE_CONTROL, format!("max-age={MAX_AGE_SECONDS}")),
        (EXPIRES, expires),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    response
}

/// An entity tag without its weak marker: `If-None-Match` compares weakly (RFC 7232 §3.2).
fn weak_tag(tag: &str) -> &str {
    tag.strip_prefix("W/").unwrap_or(tag)
}
