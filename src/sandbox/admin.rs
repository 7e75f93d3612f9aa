//! The sandbox's controls over HTTP under `/_sandbox/`, so people and scripts can move its
//! clock, inject faults and read what it received; JSON in and out.
//!
//! These requests are never recorded and never faulted.

use bytes::Bytes;
use hyper::{Method, Response, StatusCode};
use serde_json::json;

use super::http::{self, Body, Call};
use super::{Decision, Fault, Sandbox};

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
                Some("approve") => Decision::Approve,
                _ => return bad("decision"),
            };
            sandbox.set_next_authorize(decision);
            http::json(StatusCode::OK, &json!({"next": decision}))
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

fn now(sandbox: &Sandbox) -> Response<Body> {
    http::json(StatusCode::OK, &json!({"now": sandbox.now().to_rfc3339()}))
}

fn bad(name: &str) -> Response<Body> {
    http::error(StatusCode::BAD_REQUEST, "bad_argument", Some(name))
}
