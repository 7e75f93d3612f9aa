//! The emulated OAuth of hh.ru: the token endpoint's three grants with hh.ru's own error
//! texts, revocation and `GET /me`; the authorize step is in `authorize`.
//!
//! Token state lives in [`Grants`]; times come from the sandbox clock, so tests expire
//! tokens by moving it. The HTTP plumbing is in `http`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use hyper::{Response, StatusCode};
use rand::distributions::Alphanumeric;
use rand::Rng;
use serde_json::json;

mod authorize;

pub(crate) use authorize::authorize;
pub use authorize::redirect_matches;

use super::dataset::render;
use super::http::{self, Body, Call};
use super::Sandbox;

/// Issued codes, pairs and application tokens.
#[derive(Default)]
pub(super) struct Grants {
    pub(super) codes: HashMap<String, Code>,
    pairs: Vec<Pair>,
    by_access: HashMap<String, usize>,
    by_refresh: HashMap<String, usize>,
    /// The app's one live application token.
    app_token: Option<String>,
    last_app_token_at: Option<DateTime<Utc>>,
}

pub(super) struct Code {
    pub(super) person: usize,
    pub(super) redirect_uri: Option<String>,
    pub(super) expires_at: DateTime<Utc>,
    pub(super) used: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum PairState {
    Active,
    Refreshed,
    Revoked,
    Deactivated,
}

struct Pair {
    person: usize,
    expires_at: DateTime<Utc>,
    state: PairState,
}

/// What a bearer token is, on the sandbox clock.
pub(super) enum Bearer {
    /// A live user token of this person.
    User(usize),
    Application,
    Refused(&'static str),
}

impl Grants {
    pub(super) fn deactivate_all(&mut self) {
        for pair in &mut self.pairs {
            if pair.state == PairState::Active {
                pair.state = PairState::Deactivated;
            }
        }
    }

    pub(super) fn issue_pair(
        &mut self,
        person: usize,
        ttl: chrono::Duration,
        now: DateTime<Utc>,
    ) -> (String, String) {
        let (access, refresh) = (random_token("USER"), random_token("RFSH"));
        self.pairs.push(Pair {
            person,
            expires_at: now + ttl,
            state: PairState::Active,
        });
        self.by_access.insert(access.clone(), self.pairs.len() - 1);
        self.by_refresh
            .insert(refresh.clone(), self.pairs.len() - 1);
        (access, refresh)
    }

    /// The serial number of the user pair whose access token is `token`: 1 for the first
    /// pair this sandbox issued, 2 for the next, and so on. A number, never the token, so
    /// the request log can say which pair authenticated a request without holding a secret.
    pub(super) fn serial(&self, token: Option<&str>) -> Option<u64> {
        let index = *self.by_access.get(token?)?;
        u64::try_from(index).ok().map(|index| index + 1)
    }

    /// Classifies a bearer token for the API.
    pub(super) fn bearer(&self, token: Option<&str>, now: DateTime<Utc>) -> Bearer {
        let Some(token) = token else {
            return Bearer::Refused("bad_authorization");
        };
        if self.app_token.as_deref() == Some(token) {
            return Bearer::Application;
        }
        match self.by_access.get(token).map(|&index| &self.pairs[index]) {
            Some(pair) => match pair.state {
                PairState::Active if now < pair.expires_at => Bearer::User(pair.person),
                PairState::Active => Bearer::Refused("token_expired"),
                PairState::Revoked => Bearer::Refused("token_revoked"),
                PairState::Refreshed | PairState::Deactivated => {
                    Bearer::Refused("bad_authorization")
                }
            },
            None => Bearer::Refused("bad_authorization"),
        }
    }
}

pub(super) fn random_token(prefix: &str) -> String {
    let tail: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(60)
        .map(char::from)
        .collect();
    format!("{prefix}{}", tail.to_uppercase())
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response<Body> {
    http::json(
        status,
        &json!({"error": error, "error_description": description}),
    )
}

/// `POST /token` and `POST /oauth/token`. Every refusal uses one of hh.ru's own
/// `error_description` texts (FACTS.md §4).
pub(super) fn token(sandbox: &Sandbox, call: &Call) -> Response<Body> {
    // FACTS: the body is `application/x-www-form-urlencoded` (§4). (assumed: a body hh.ru
    // cannot read as that form has no `grant_type`, so it is `unsupported grant_type`.)
    let form_ok = call
        .content_type
        .as_deref()
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    let grant_type = if form_ok {
        call.form("grant_type")
    } else {
        None
    };
    match grant_type {
        Some("authorization_code") => exchange_code(sandbox, call),
        Some("refresh_token") => refresh(sandbox, call),
        Some("client_credentials") => client_credentials(sandbox, call),
        _ => oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "unsupported grant_type",
        ),
    }
}

/// The refusal for a wrong client pair, if it is wrong.
fn client_refusal(sandbox: &Sandbox, call: &Call) -> Option<Response<Body>> {
    let state = sandbox.state();
    if call.form("client_id") != Some(state.options.client_id.as_str()) {
        return Some(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_client",
            "client_id or client_secret not found",
        ));
    }
    if call.form("client_secret") != Some(state.options.client_secret.as_str()) {
        return Some(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "account not found",
        ));
    }
    None
}

fn exchange_code(sandbox: &Sandbox, call: &Call) -> Response<Body> {
    if let Some(refusal) = client_refusal(sandbox, call) {
        return refusal;
    }
    let now = sandbox.now();
    let mut state = sandbox.state();
    let registered = state.options.redirect_uri.clone();
    let ttl = chrono::Duration::from_std(state.options.access_token_ttl).unwrap_or_default();
    let Some(code) = call
        .form("code")
        .and_then(|code| state.oauth.codes.get_mut(code))
    else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "code not found");
    };
    let expected = code.redirect_uri.clone().unwrap_or(registered);
    if call.form("redirect_uri") != Some(expected.as_str()) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "bad redirect url",
        );
    }
    if code.used {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "code has already been used",
        );
    }
    if now >= code.expires_at {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "code expired");
    }
    code.used = true;
    let person = code.person;
    let (access, refresh) = state.oauth.issue_pair(person, ttl, now);
    pair_response(&access, &refresh, ttl)
}

fn refresh(sandbox: &Sandbox, call: &Call) -> Response<Body> {
    // FACTS: a refresh sends only `grant_type` and `refresh_token`, "no `client_id` /
    // `client_secret`" (§4, spec `additionalProperties: false`). (assumed: hh.ru answers
    // client credentials on a refresh as credentials it cannot match, and ignores other
    // unknown fields as it does elsewhere.)
    if call.form("client_id").is_some() || call.form("client_secret").is_some() {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_client",
            "client_id or client_secret not found",
        );
    }
    let given = call.form("refresh_token").unwrap_or("");
    if given.is_empty() {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "token is empty");
    }
    let now = sandbox.now();
    let mut state = sandbox.state();
    let ttl = chrono::Duration::from_std(state.options.access_token_ttl).unwrap_or_default();
    let Some(&index) = state.oauth.by_refresh.get(given) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "token not found",
        );
    };
    let pair = &mut state.oauth.pairs[index];
    let refusal = match pair.state {
        PairState::Refreshed => Some("token has already been refreshed"),
        PairState::Revoked => Some("token was revoked"),
        PairState::Deactivated => Some("token deactivated"),
        PairState::Active if now < pair.expires_at => Some("token not expired"),
        PairState::Active => None,
    };
    if let Some(description) = refusal {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", description);
    }
    pair.state = PairState::Refreshed;
    let person = pair.person;
    let (access, refresh) = state.oauth.issue_pair(person, ttl, now);
    pair_response(&access, &refresh, ttl)
}

fn pair_response(access: &str, refresh: &str, ttl: chrono::Duration) -> Response<Body> {
    http::json(
        StatusCode::OK,
        &json!({"access_token": access, "token_type": "bearer", "expires_in": ttl.num_seconds(), "refresh_token": refresh}),
    )
}

/// `grant_type=client_credentials`: the application token.
// FACTS: at most one new application token per 5 minutes, else 403 `forbidden` / `app
// token refresh too early`; it does not expire, and comes without `expires_in` or a
// refresh token (§4, §6). (assumed: an app has one active application token, so issuing a
// new one ends the previous one, which then answers 403 `oauth/bad_authorization` like
// any unknown token; the 5 minutes count from the last token issued, refusals do not
// restart them.)
fn client_credentials(sandbox: &Sandbox, call: &Call) -> Response<Body> {
    if let Some(refusal) = client_refusal(sandbox, call) {
        return refusal;
    }
    let now = sandbox.now();
    let mut state = sandbox.state();
    if state
        .oauth
        .last_app_token_at
        .is_some_and(|last| now < last + chrono::Duration::minutes(5))
    {
        return oauth_error(
            StatusCode::FORBIDDEN,
            "forbidden",
            "app token refresh too early",
        );
    }
    let access = random_token("APPL");
    state.oauth.app_token = Some(access.clone());
    state.oauth.last_app_token_at = Some(now);
    http::json(
        StatusCode::OK,
        &json!({"access_token": access, "token_type": "bearer"}),
    )
}

/// A 403 `oauth` error as hh.ru sends it.
pub(super) fn oauth_refusal(value: &str) -> Response<Body> {
    let mut body = json!({
        "description": "Forbidden",
        "errors": [{"type": "oauth", "value": value}],
        "request_id": http::request_id(),
    });
    // The legacy field exists only for the values it had names for.
    let legacy = match value {
        "token_expired" => Some("token-expired"),
        "token_revoked" => Some("token-revoked"),
        "user_auth_expected" => Some("bad-auth-type"),
        "application_not_found" => Some("client-id-deleted"),
        _ => None,
    };
    if let Some(legacy) = legacy {
        body["oauth_error"] = json!(legacy);
    }
    http::json(StatusCode::FORBIDDEN, &body)
}

/// `DELETE /oauth/token`: revokes a valid user pair.
pub(super) fn revoke(sandbox: &Sandbox, call: &Call) -> Response<Body> {
    let now = sandbox.now();
    let mut state = sandbox.state();
    match state.oauth.bearer(call.bearer.as_deref(), now) {
        Bearer::User(_) => {
            let index = state.oauth.by_access[call.bearer.as_deref().unwrap_or_default()];
            state.oauth.pairs[index].state = PairState::Revoked;
            http::empty(StatusCode::NO_CONTENT)
        }
        Bearer::Application => oauth_refusal("user_auth_expected"),
        Bearer::Refused(value) => oauth_refusal(value),
    }
}

/// `GET /me`.
pub(super) fn me(sandbox: &Sandbox, call: &Call) -> Response<Body> {
    let now = sandbox.now();
    let bearer = sandbox.state().oauth.bearer(call.bearer.as_deref(), now);
    match bearer {
        Bearer::User(person) => match sandbox.catalog().dataset.people.get(person) {
            Some(person) => http::json(
                StatusCode::OK,
                &render::me(person, &super::api::api_base(call)),
            ),
            None => oauth_refusal("bad_authorization"),
        },
        Bearer::Application => http::json(
            StatusCode::OK,
            &json!({"auth_type": "application", "is_applicant": false, "is_employer": false, "is_admin": false,
                    "is_application": true, "is_employer_integration": false}),
        ),
        Bearer::Refused(value) => oauth_refusal(value),
    }
}
