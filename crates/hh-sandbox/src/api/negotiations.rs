//! Applying and the applicant's negotiations: `POST /negotiations` with every rule of
//! FACTS.md §12 (201 + Location, 303 for `direct`, the 403 refusals, letter rules, the
//! rolling 24-hour cap in both forms) and `GET /negotiations` reflecting what was sent.
//!
//! Which vacancies show `got_response` is derived from these records in `search`.

use chrono::{DateTime, Duration, Utc};
use hyper::header::{HeaderValue, LOCATION, RETRY_AFTER};
use hyper::{Response, StatusCode};
use serde_json::{json, Value};

use super::{api_base, applicant, bad_argument, not_found, page_params, resumes, LimitForm};
use crate::dataset::{render, Dataset};
use crate::http::{self, Body, Call};
use crate::Sandbox;

/// hh.ru's longest cover letter.
const MAX_MESSAGE_CHARS: usize = 10_000;

/// One application the sandbox accepted.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub id: String,
    pub person: usize,
    pub resume_id: String,
    pub vacancy_id: String,
    pub state: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /negotiations` (multipart or urlencoded form).
pub(super) fn apply(sandbox: &Sandbox, call: &Call) -> Response<Body> {
    let person = match applicant(sandbox, call) {
        Ok(person) => person,
        Err(refusal) => return *refusal,
    };
    let (Some(vacancy_id), Some(resume_id)) = (
        call.form("vacancy_id").filter(|v| !v.is_empty()),
        call.form("resume_id").filter(|v| !v.is_empty()),
    ) else {
        let missing = if call.form("vacancy_id").is_none_or(str::is_empty) {
            "vacancy_id"
        } else {
            "resume_id"
        };
        return bad_argument(missing);
    };
    let message = call.form("message").unwrap_or("");
    let catalog = sandbox.catalog();
    let dataset = &catalog.dataset;
    let owns_resume = dataset.people.get(person).is_some_and(|owner| {
        owner
            .resumes
            .iter()
            .any(|r| r.id == resume_id && resumes::current(sandbox, r).status == "published")
    });
    if !owns_resume {
        return refusal(StatusCode::BAD_REQUEST, "resume_not_found");
    }
    let Some(vacancy) = dataset.vacancy(vacancy_id) else {
        return refusal(StatusCode::BAD_REQUEST, "vacancy_not_found");
    };
    if vacancy.archived {
        return refusal(StatusCode::FORBIDDEN, "invalid_vacancy");
    }
    if vacancy.kind == "direct" {
        let target = vacancy
            .response_url
            .clone()
            .unwrap_or_else(|| format!("https://hh.ru/vacancy/{vacancy_id}"));
        return redirect(StatusCode::SEE_OTHER, &target);
    }
    if vacancy.has_test {
        return refusal(StatusCode::FORBIDDEN, "test_required");
    }
    let now = sandbox.now();
    let mut state = sandbox.state();
    let api = &mut state.api;
    let already = api
        .negotiations
        .iter()
        .any(|n| n.resume_id == resume_id && n.vacancy_id == vacancy_id);
    if already {
        return refusal(StatusCode::FORBIDDEN, "already_applied");
    }
    if vacancy.response_letter_required && message.trim().is_empty() {
        return refusal(StatusCode::FORBIDDEN, "empty_message");
    }
    if message.chars().count() > MAX_MESSAGE_CHARS {
        return refusal(StatusCode::FORBIDDEN, "too_long_message");
    }
    let window_start = now - Duration::hours(24);
    let mut recent: Vec<DateTime<Utc>> = api
        .negotiations
        .iter()
        .filter(|n| n.person == person && n.created_at > window_start)
        .map(|n| n.created_at)
        .collect();
    if recent.len() >= api.apply_limit as usize {
        recent.sort();
        let frees_at = recent
            .get(recent.len() - api.apply_limit as usize)
            .map(|oldest| *oldest + Duration::hours(24));
        return limit_refusal(
            api.limit_form,
            frees_at.map(|at| (at - now).num_seconds().max(1)),
        );
    }
    let id = (api.take_id() + 4_000_000_000).to_string();
    api.negotiations.push(Record {
        id: id.clone(),
        person,
        resume_id: resume_id.to_owned(),
        vacancy_id: vacancy_id.to_owned(),
        state: "response".to_owned(),
        created_at: now,
        updated_at: now,
    });
    redirect(StatusCode::CREATED, &format!("/negotiations/{id}"))
}

/// `GET /negotiations`: the caller's applications, newest first by default.
pub(super) fn list(sandbox: &Sandbox, call: &Call) -> Response<Body> {
    let person = match applicant(sandbox, call) {
        Ok(person) => person,
        Err(refusal) => return *refusal,
    };
    let (page, per_page) = match page_params(call, 20, 100) {
        Ok(paging) => paging,
        Err(refusal) => return *refusal,
    };
    let status = call.query("status").unwrap_or("all");
    let states: &[&str] = match status {
        "all" | "non_archived" | "active" => &["response", "invitation", "discard", "interview"],
        "response" => &["response"],
        "invitations" => &["invitation", "interview"],
        "discard" => &["discard"],
        "archived" | "deleted" => &[],
        _ => return bad_argument("status"),
    };
    let order_by = call.query("order_by").unwrap_or("updated_at");
    if !["updated_at", "created_at"].contains(&order_by) {
        return bad_argument("order_by");
    }
    let ascending = call.query("order") == Some("asc");
    let mut records: Vec<Record> = sandbox
        .state()
        .api
        .negotiations
        .iter()
        .filter(|n| n.person == person && states.contains(&n.state.as_str()))
        .filter(|n| call.query("vacancy_id").is_none_or(|v| v == n.vacancy_id))
        .cloned()
        .collect();
    records.sort_by_key(|n| {
        let at = if order_by == "created_at" {
            n.created_at
        } else {
            n.updated_at
        };
        (at, n.id.parse::<u64>().unwrap_or_default())
    });
    if !ascending {
        records.reverse();
    }
    let catalog = sandbox.catalog();
    let base = api_base(call);
    let found = records.len() as u32;
    let items: Vec<Value> = records
        .iter()
        .skip((page * per_page) as usize)
        .take(per_page as usize)
        .map(|record| item(sandbox, &catalog.dataset, record, &base))
        .collect();
    http::json(
        StatusCode::OK,
        &json!({"items": items, "found": found, "pages": found.div_ceil(per_page), "page": page, "per_page": per_page}),
    )
}

/// `GET /negotiations/{id}`.
pub(super) fn detail(sandbox: &Sandbox, call: &Call, id: &str) -> Response<Body> {
    let person = match applicant(sandbox, call) {
        Ok(person) => person,
        Err(refusal) => return *refusal,
    };
    let record = sandbox
        .state()
        .api
        .negotiations
        .iter()
        .find(|n| n.id == id && n.person == person)
        .cloned();
    match record {
        Some(record) => http::json(
            StatusCode::OK,
            &item(
                sandbox,
                &sandbox.catalog().dataset,
                &record,
                &api_base(call),
            ),
        ),
        None => not_found(),
    }
}

/// A negotiation as hh.ru lists it to the applicant; its `resume` carries the dates the
/// single-negotiation schema requires (NegotiationsObjectsTopicResume).
fn item(sandbox: &Sandbox, dataset: &Dataset, record: &Record, base: &str) -> Value {
    let vacancy = dataset
        .vacancy(&record.vacancy_id)
        .map(|vacancy| render::vacancy_item(dataset, vacancy, &["got_response"], base));
    let resume = dataset.resume(&record.resume_id).map(|resume| {
        let resume = resumes::current(sandbox, resume);
        json!({
            "id": resume.id,
            "title": resume.title,
            "url": format!("{base}/resumes/{}", resume.id),
            "alternate_url": format!("https://hh.ru/resume/{}", resume.id),
            "created_at": render::format_date(resume.created_at),
            "updated_at": render::format_date(resume.updated_at),
        })
    });
    let state_name = match record.state.as_str() {
        "invitation" => "Приглашение",
        "discard" => "Отказ",
        "interview" => "Собеседование",
        _ => "Отклик",
    };
    json!({
        "id": record.id,
        "state": {"id": record.state, "name": state_name},
        "created_at": render::format_date(record.created_at),
        "updated_at": render::format_date(record.updated_at),
        "has_updates": false,
        "viewed_by_opponent": false,
        "hidden": false,
        "decline_allowed": true,
        "messaging_status": "ok",
        "source": "NEGOTIATION",
        "url": format!("{base}/negotiations/{}", record.id),
        "counters": {"messages": 1, "unread_messages": 0},
        "tags": [],
        "vacancy": vacancy,
        "resume": resume,
    })
}

/// A `negotiations` refusal.
fn refusal(status: StatusCode, value: &str) -> Response<Body> {
    http::error(status, "negotiations", Some(value))
}

/// The cap in the configured form; `retry_after` seconds until a slot frees up.
fn limit_refusal(form: LimitForm, retry_after: Option<i64>) -> Response<Body> {
    match form {
        LimitForm::BadRequest => refusal(StatusCode::BAD_REQUEST, "limit_exceeded"),
        LimitForm::TooManyRequests => {
            let mut response = http::empty(StatusCode::TOO_MANY_REQUESTS);
            if let Some(seconds) = retry_after {
                response
                    .headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from(seconds));
            }
            response
        }
    }
}

/// An empty answer with `Location`.
fn redirect(status: StatusCode, location: &str) -> Response<Body> {
    let mut response = http::empty(status);
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
}
