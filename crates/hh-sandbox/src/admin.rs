//! The sandbox's controls over HTTP under `/_sandbox/`, so people and scripts can move its
//! clock, inject faults and read what it received; JSON in and out.
//!
//! These requests are never recorded and never faulted.

use bytes::Bytes;
use hyper::{Method, Response, StatusCode};
use serde_json::json;

use super::http::{self, Body, Call};
use super::{Access, Decision, Fault, LimitForm, Sandbox};

/// Answers one `/_sandbox/…` request.
pub(super) fn handle(sandbox: &Sandbox, call: &Call, body: &Bytes) -> Response<Body> {
    let seconds = || {
        call.query("seconds")
            .and_then(|value| value.parse::<u64>().ok())
    };
    match (&call.method, call.path.as_str()) {
        (&Method::GET, "/_sandbox/clock") => now(sandbox),
        (&Method::POST, "/_sandbox/clock/advance") => match seconds() {
            Some(seconds) => {
                sandbox.advance(std::time::Duration::from_secs(seconds));
                now(sandbox)
            }
            None => bad("seconds"),
        },
        (&Method::POST, "/_sandbox/token-ttl") => match seconds().filter(|&s| s > 0) {
            Some(seconds) => {
                sandbox.set_access_token_ttl(std::time::Duration::from_secs(seconds));
                http::json(StatusCode::OK, &json!({"access_token_ttl": seconds}))
            }
            None => bad("seconds"),
        },
        (&Method::POST, "/_sandbox/authorize/next") => {
            let decision = match call.query("decision") {
                Some("deny") => Decision::Deny,
                Some("approve") | None => Decision::Approve,
                _ => return bad("decision"),
            };
            if let Some(person) = call.query("person") {
                match person.parse::<usize>() {
                    Ok(person) if sandbox.sign_in_as(person) => {}
                    _ => return bad("person"),
                }
            }
            sandbox.set_next_authorize(decision);
            http::json(StatusCode::OK, &json!({"next": decision}))
        }
        (&Method::GET, "/_sandbox/people") => people(sandbox),
        (&Method::POST, "/_sandbox/tokens") => {
            match call.query("person").map(str::parse::<usize>) {
                Some(Ok(person)) if person < sandbox.catalog().dataset.people.len() => {
                    let (access, refresh) = sandbox.issue_user_tokens(person);
                    http::json(
                        StatusCode::CREATED,
                        &json!({"access_token": access, "refresh_token": refresh, "token_type": "bearer"}),
                    )
                }
                _ => bad("person"),
            }
        }
        (&Method::GET, "/_sandbox/access") => access(sandbox),
        (&Method::POST, "/_sandbox/access") => {
            match call.query("profile").map(str::parse::<Access>) {
                Some(Ok(profile)) => {
                    sandbox.set_access(profile);
                    access(sandbox)
                }
                _ => bad("profile"),
            }
        }
        (&Method::POST, "/_sandbox/applicant-access") => match call.query("enabled") {
            Some(value @ ("true" | "false")) => {
                sandbox.set_applicant_access(value == "true");
                http::json(
                    StatusCode::OK,
                    &json!({"applicant_access": value == "true"}),
                )
            }
            _ => bad("enabled"),
        },
        (&Method::POST, "/_sandbox/apply-limit") => {
            let limit = call.query("limit").and_then(|v| v.parse::<u32>().ok());
            let form = match call.query("form") {
                None | Some("bad_request") => LimitForm::BadRequest,
                Some("too_many_requests") => LimitForm::TooManyRequests,
                Some(_) => return bad("form"),
            };
            match limit {
                Some(limit) => {
                    sandbox.set_apply_limit(limit, form);
                    http::json(StatusCode::OK, &json!({"limit": limit, "form": form}))
                }
                None => bad("limit"),
            }
        }
        (&Method::POST, "/_sandbox/negotiations/state") => {
            match (call.query("id"), call.query("state")) {
                (Some(id), Some(state @ ("response" | "invitation" | "interview" | "discard"))) => {
                    if sandbox.set_negotiation_state(id, state) {
                        http::empty(StatusCode::NO_CONTENT)
                    } else {
                        http::error(StatusCode::NOT_FOUND, "not_found", None)
                    }
                }
                (_, None) | (_, Some(_)) => bad("state"),
            }
        }
        (&Method::POST, "/_sandbox/faults") => match serde_json::from_slice::<Fault>(body) {
            Ok(fault) => {
                sandbox.inject(fault.clone());
                http::json(StatusCode::CREATED, &json!(fault))
            }
            Err(err) => http::json(
                StatusCode::BAD_REQUEST,
                &json!({"error": format!("bad fault: {err}")}),
            ),
        },
        (&Method::DELETE, "/_sandbox/faults") => {
            sandbox.clear_faults();
            http::empty(StatusCode::NO_CONTENT)
        }
        (&Method::GET, "/_sandbox/requests") => {
            http::json(StatusCode::OK, &json!(sandbox.requests()))
        }
        (&Method::DELETE, "/_sandbox/requests") => {
            sandbox.clear_requests();
            http::empty(StatusCode::NO_CONTENT)
        }
        (&Method::POST, "/_sandbox/deactivate") => {
            sandbox.deactivate_user_tokens();
            http::empty(StatusCode::NO_CONTENT)
        }
        _ => http::error(StatusCode::NOT_FOUND, "not_found", None),
    }
}

/// The dataset's people and their resumes, for choosing whom to sign in as.
fn people(sandbox: &Sandbox) -> Response<Body> {
    let catalog = sandbox.catalog();
    let people: Vec<_> = catalog
        .dataset
        .people
        .iter()
        .enumerate()
        .map(|(index, person)| {
            json!({
                "person": index,
                "name": format!("{} {}", person.first_name, person.last_name),
                "resumes": person.resumes.iter().map(|resume| json!({"id": resume.id, "title": resume.title})).collect::<Vec<_>>(),
            })
        })
        .collect();
    http::json(StatusCode::OK, &json!(people))
}

fn access(sandbox: &Sandbox) -> Response<Body> {
    http::json(StatusCode::OK, &json!({"access": sandbox.access()}))
}

fn now(sandbox: &Sandbox) -> Response<Body> {
    http::json(StatusCode::OK, &json!({"now": sandbox.now().to_rfc3339()}))
}

fn bad(name: &str) -> Response<Body> {
    http::error(StatusCode::BAD_REQUEST, "bad_argument", Some(name))
}
