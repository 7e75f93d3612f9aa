//! The applicant's resumes: `GET /resumes/mine`, `GET /resumes/{id}` and the bump
//! `POST /resumes/{id}/publish` with `next_publish_at` and `429 touch_limit_exceeded`.
//!
//! Only the author sees a resume; similar vacancies are in `search`.

use chrono::{DateTime, Duration, Utc};
use hyper::{Response, StatusCode};
use serde_json::json;

use super::{api_base, applicant, not_found};
use crate::dataset::{render, Person, Resume};
use crate::http::{self, Body, Call};
use crate::Sandbox;

/// How long after a bump the next one is allowed.
const BUMP_INTERVAL_HOURS: i64 = 4;

/// The last `POST /resumes/{id}/publish` that succeeded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bump {
    pub updated_at: DateTime<Utc>,
    pub next_publish_at: DateTime<Utc>,
}

/// A resume as it stands now: the dataset's, published and with the sandbox's times once
/// it was published or bumped here.
pub(super) fn current(sandbox: &Sandbox, resume: &Resume) -> Resume {
    let mut resume = resume.clone();
    if let Some(bump) = sandbox.state().api.published.get(&resume.id) {
        resume.status = "published";
        resume.updated_at = bump.updated_at;
        resume.next_publish_at = bump.next_publish_at;
    }
    resume
}

/// `GET /resumes/mine`.
pub(super) fn mine(sandbox: &Sandbox, call: &Call) -> Response<Body> {
    let person = match applicant(sandbox, call) {
        Ok(person) => person,
        Err(refusal) => return *refusal,
    };
    let catalog = sandbox.catalog();
    let Some(owner) = catalog.dataset.people.get(person) else {
        return not_found();
    };
    let now = sandbox.now();
    let base = api_base(call);
    let items: Vec<_> = owner
        .resumes
        .iter()
        .map(|resume| {
            let total = super::similar::count_for_resume(&catalog, resume) as u64;
            render::resume_mine_item(owner, &current(sandbox, resume), now, total, &base)
        })
        .collect();
    let found = items.len();
    http::json(
        StatusCode::OK,
        &json!({"items": items, "found": found, "pages": 1, "page": 0, "per_page": found.max(1)}),
    )
}

/// The caller's own resume `id`.
fn own<'a>(owner: Option<&'a Person>, id: &str) -> Option<&'a Resume> {
    owner?.resumes.iter().find(|resume| resume.id == id)
}

/// `GET /resumes/{id}`.
pub(super) fn detail(sandbox: &Sandbox, call: &Call, id: &str) -> Response<Body> {
    let person = match applicant(sandbox, call) {
        Ok(person) => person,
        Err(refusal) => return *refusal,
    };
    let catalog = sandbox.catalog();
    let owner = catalog.dataset.people.get(person);
    let (Some(owner), Some(resume)) = (owner, own(owner, id)) else {
        return not_found();
    };
    let body = render::resume_detail(
        &catalog.dataset,
        owner,
        &current(sandbox, resume),
        sandbox.now(),
        &api_base(call),
    );
    http::json(StatusCode::OK, &body)
}

/// `POST /resumes/{id}/publish`: 204 (the first call publishes, later ones bump), or 429
/// before `next_publish_at`.
pub(super) fn publish(sandbox: &Sandbox, call: &Call, id: &str) -> Response<Body> {
    let person = match applicant(sandbox, call) {
        Ok(person) => person,
        Err(refusal) => return *refusal,
    };
    let catalog = sandbox.catalog();
    let Some(resume) = own(catalog.dataset.people.get(person), id) else {
        return not_found();
    };
    let now = sandbox.now();
    let resume = current(sandbox, resume);
    // FACTS: "The first call publishes; later calls refresh the resume date" (§10).
    // (assumed: the touch limit guards bumps only, so an unpublished resume publishes at
    // once whatever its `next_publish_at`.)
    if resume.status == "published" && now < resume.next_publish_at {
        return http::json(
            StatusCode::TOO_MANY_REQUESTS,
            &json!({
                "description": "Too Many Requests",
                "errors": [{"type": "resumes", "value": "touch_limit_exceeded"}],
                "request_id": http::request_id(),
            }),
        );
    }
    bump(sandbox, id, now);
    http::empty(StatusCode::NO_CONTENT)
}

fn bump(sandbox: &Sandbox, id: &str, now: DateTime<Utc>) {
    sandbox.state().api.published.insert(
        id.to_owned(),
        Bump {
            updated_at: now,
            next_publish_at: now + Duration::hours(BUMP_INTERVAL_HOURS),
        },
    );
}
