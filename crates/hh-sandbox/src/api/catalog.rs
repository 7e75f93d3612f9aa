//! Reference data anyone may read: `GET /vacancies/{id}`, `GET /employers/{id}`,
//! `GET /dictionaries`, `GET /areas`.
//!
//! Rendering is the dataset's; this file only finds records and picks the relations.

use hyper::{Response, StatusCode};

use super::search::{relation_for, relations_of};
use super::{api_base, caller, not_found};
use crate::dataset::render;
use crate::http::{self, Body, Call};
use crate::Sandbox;

/// `GET /vacancies/{id}`: archived vacancies are still shown (with `archived: true`).
pub(super) fn vacancy(sandbox: &Sandbox, call: &Call, id: &str) -> Response<Body> {
    let caller = match caller(sandbox, call) {
        Ok(caller) => caller,
        Err(refusal) => return *refusal,
    };
    let catalog = sandbox.catalog();
    let Some(vacancy) = catalog.dataset.vacancy(id) else {
        return not_found();
    };
    let applied = relations_of(sandbox, caller);
    let body = render::vacancy_detail(
        &catalog.dataset,
        vacancy,
        relation_for(&applied, id),
        &api_base(call),
    );
    http::json(StatusCode::OK, &body)
}

/// `GET /employers/{id}`.
pub(super) fn employer(sandbox: &Sandbox, call: &Call, id: &str) -> Response<Body> {
    if let Err(refusal) = caller(sandbox, call) {
        return *refusal;
    }
    let catalog = sandbox.catalog();
    let Some(employer) = catalog.dataset.employer(id) else {
        return not_found();
    };
    let open = catalog.dataset.open_vacancies(id);
    http::json(
        StatusCode::OK,
        &render::employer_detail(employer, open, &api_base(call)),
    )
}

/// `GET /dictionaries`.
pub(super) fn dictionaries(sandbox: &Sandbox, call: &Call) -> Response<Body> {
    if let Err(refusal) = caller(sandbox, call) {
        return *refusal;
    }
    http::json(StatusCode::OK, &render::dictionaries())
}

/// `GET /areas`.
pub(super) fn areas(sandbox: &Sandbox, call: &Call) -> Response<Body> {
    if let Err(refusal) = caller(sandbox, call) {
        return *refusal;
    }
    http::json(StatusCode::OK, &render::areas())
}
