//! The authorize step of hh.ru's OAuth: `GET /oauth/authorize` (approve or deny, a
//! short-lived code) and hh.ru's `redirect_uri` matching rule.
//!
//! Codes are kept in `Grants`; exchanging them is the token endpoint's job (`oauth`).

use hyper::header::{HeaderValue, LOCATION};
use hyper::{Response, StatusCode};
use url::Url;

use super::{random_token, Code};
use crate::http::{self, Body, Call};
use crate::{Decision, Sandbox};

/// `GET /oauth/authorize`.
pub(crate) fn authorize(sandbox: &Sandbox, call: &Call) -> Response<Body> {
    let now = sandbox.now();
    let mut state = sandbox.state();
    if call.query("client_id") != Some(state.options.client_id.as_str()) {
        return http::error(StatusCode::BAD_REQUEST, "bad_argument", Some("client_id"));
    }
    if call.query("response_type") != Some("code") {
        return http::error(
            StatusCode::BAD_REQUEST,
            "bad_argument",
            Some("response_type"),
        );
    }
    let sent = call.query("redirect_uri").map(str::to_owned);
    if let Some(uri) = &sent {
        if !redirect_matches(&state.options.redirect_uri, uri) {
            return http::error(
                StatusCode::BAD_REQUEST,
                "bad_argument",
                Some("redirect_uri"),
            );
        }
    }
    let Ok(mut target) = Url::parse(sent.as_deref().unwrap_or(&state.options.redirect_uri)) else {
        return http::error(
            StatusCode::BAD_REQUEST,
            "bad_argument",
            Some("redirect_uri"),
        );
    };
    let decision = std::mem::replace(&mut state.next_decision, Decision::Approve);
    {
        let mut pairs = target.query_pairs_mut();
        if decision == Decision::Deny {
            pairs.append_pair("error", "access_denied");
        } else {
            let code = random_token("CODE");
            let expires_at =
                now + chrono::Duration::from_std(state.options.code_ttl).unwrap_or_default();
            let person = state.person;
            state.oauth.codes.insert(
                code.clone(),
                Code {
                    person,
                    redirect_uri: sent.clone(),
                    expires_at,
                    used: false,
                },
            );
            pairs.append_pair("code", &code);
        }
        if let Some(value) = call.query("state") {
            pairs.append_pair("state", value);
        }
    }
    let mut response = http::empty(StatusCode::FOUND);
    match HeaderValue::from_str(target.as_str()) {
        Ok(location) => {
            response.headers_mut().insert(LOCATION, location);
            response
        }
        Err(_) => http::error(
            StatusCode::BAD_REQUEST,
            "bad_argument",
            Some("redirect_uri"),
        ),
    }
}

/// hh.ru's redirect_uri rule: same scheme and explicit port, the same host or a subdomain,
/// the same path or a longer one under it; extra query allowed.
pub fn redirect_matches(registered: &str, candidate: &str) -> bool {
    let (Ok(registered), Ok(candidate)) = (Url::parse(registered), Url::parse(candidate)) else {
        return false;
    };
    let (Some(host), Some(candidate_host)) = (registered.host_str(), candidate.host_str()) else {
        return false;
    };
    let host_ok = candidate_host == host || candidate_host.ends_with(&format!(".{host}"));
    let base = registered.path().trim_end_matches('/');
    let path_ok = candidate.path() == registered.path()
        || candidate.path().trim_end_matches('/') == base
        || candidate.path().starts_with(&format!("{base}/"));
    registered.scheme() == candidate.scheme()
        && registered.port() == candidate.port()
        && host_ok
        && path_ok
}
