//! A local emulator of hh.ru for tests, `hh sandbox` and `hh demo`: OAuth and the API the
//! agent uses, over a seeded dataset, following `FACTS.md` (beside this crate) rather than
//! folklore.
//!
//! [`Sandbox`] is a cheap handle to shared state with a movable clock, fault injection and
//! a request log; [`Sandbox::run`] serves it on a listener the caller bound. It never
//! logs a token, code or secret. [`telegram`] is its Telegram Bot API counterpart, for
//! hh-bot. [`documents`] renders its resumes as the files hh.ru's website gives people.

mod admin;
mod api;
pub mod dataset;
pub mod documents;
mod faults;
mod http;
mod oauth;
pub mod telegram;

use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use api::{Catalog, LimitForm};
pub use faults::{Fault, FaultKind};
pub use oauth::redirect_matches;

/// The sandbox app's client id (public, fixed).
pub const CLIENT_ID: &str = "SANDBOXAPPCLIENTID0000000000000000000000000000000000000000000000";
/// The sandbox app's client secret (public, fixed: it protects nothing).
pub const CLIENT_SECRET: &str = "SANDBOXAPPCLIENTSECRET00000000000000000000000000000000000000000";
/// The redirect URI "registered" for the sandbox app unless told otherwise.
pub const DEFAULT_REDIRECT_URI: &str = "http://127.0.0.1:8000/callback";

/// What hh.ru lets a self-registered app do (see [`Options::access`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// hh.ru as its December 2025 spec describes it: every documented caller may call
    /// every documented method (the default).
    #[default]
    Full,
    /// hh.ru as reported in 2026 (FACTS.md §1): anonymous vacancy search, details, similar
    /// vacancies and employers answer 403 `forbidden`; an application token may read
    /// them; a user token gets `/me` and the reading methods but 403 `forbidden` on every
    /// applicant method.
    Closed,
}

impl std::str::FromStr for Access {
    type Err = String;

    fn from_str(text: &str) -> Result<Access, String> {
        match text {
            "full" => Ok(Access::Full),
            "closed" => Ok(Access::Closed),
            other => Err(format!("unknown access profile {other:?}: full or closed")),
        }
    }
}

impl std::fmt::Display for Access {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Access::Full => "full",
            Access::Closed => "closed",
        })
    }
}

/// How a sandbox is set up.
#[derive(Clone)]
pub struct Options {
    /// The app's client id.
    pub client_id: String,
    /// The app's client secret.
    pub client_secret: String,
    /// The redirect URI registered for the app.
    pub redirect_uri: String,
    /// `expires_in` of issued user tokens.
    pub access_token_ttl: Duration,
    /// How long an authorization code stays valid.
    pub code_ttl: Duration,
    /// The dataset's seed.
    pub seed: u64,
    /// The access profile at start ([`Sandbox::set_access`] switches it at run time).
    pub access: Access,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("redirect_uri", &self.redirect_uri)
            .field("access_token_ttl", &self.access_token_ttl)
            .field("code_ttl", &self.code_ttl)
            .field("seed", &self.seed)
            .field("access", &self.access)
            .finish()
    }
}

impl Default for Options {
    fn default() -> Options {
        Options {
            client_id: CLIENT_ID.to_owned(),
            client_secret: CLIENT_SECRET.to_owned(),
            redirect_uri: DEFAULT_REDIRECT_URI.to_owned(),
            access_token_ttl: Duration::from_secs(1_209_600),
            code_ttl: Duration::from_secs(600),
            seed: dataset::DEFAULT_SEED,
            access: Access::Full,
        }
    }
}

/// What the next authorization answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Grant access (the default).
    Approve,
    /// `error=access_denied`, once.
    Deny,
}

/// One request the sandbox received (admin requests are not recorded).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// Decoded query pairs.
    pub query: Vec<(String, String)>,
    /// Decoded form fields (urlencoded or multipart).
    pub form: Vec<(String, String)>,
    /// Whether `HH-User-Agent` or `User-Agent` was sent.
    pub has_user_agent: bool,
    /// Whether `HH-User-Agent` itself was sent (the header the spec declares).
    #[serde(default)]
    pub has_hh_user_agent: bool,
    /// The `Content-Type` of the body, if any (`multipart/form-data; boundary=…`, …).
    #[serde(default)]
    pub content_type: Option<String>,
    /// The `If-None-Match` header, if sent (an ETag is no secret).
    #[serde(default)]
    pub if_none_match: Option<String>,
    /// The serial number of the user pair whose access token the request carried (see
    /// [`Sandbox::user_token_serial`]); `None` without a bearer or for any other bearer.
    /// The token itself is never recorded.
    #[serde(default)]
    pub token_serial: Option<u64>,
    /// The HTTP status answered; `None` while in flight, or for a dropped connection or an
    /// injected fault.
    #[serde(default)]
    pub status: Option<u16>,
}

/// A handle to one sandbox's state.
#[derive(Clone)]
pub struct Sandbox {
    inner: Arc<Mutex<State>>,
    catalog: Arc<OnceLock<Arc<Catalog>>>,
    seed: u64,
}

/// Everything the sandbox remembers.
struct State {
    options: Options,
    clock_offset: chrono::Duration,
    next_decision: Decision,
    faults: Vec<Fault>,
    requests: Vec<RecordedRequest>,
    oauth: oauth::Grants,
    /// The person the next authorization signs in (an index into the dataset's people).
    person: usize,
    api: api::ApiState,
}

impl Sandbox {
    /// A sandbox with `options` and no grants yet.
    pub fn new(options: Options) -> Sandbox {
        let access = options.access;
        Sandbox {
            seed: options.seed,
            catalog: Arc::new(OnceLock::new()),
            inner: Arc::new(Mutex::new(State {
                options,
                clock_offset: chrono::Duration::zero(),
                next_decision: Decision::Approve,
                faults: Vec::new(),
                requests: Vec::new(),
                oauth: oauth::Grants::default(),
                person: 0,
                api: api::ApiState {
                    access,
                    ..api::ApiState::default()
                },
            })),
        }
    }

    /// Serves until `shutdown` resolves; the caller binds the listener.
    pub async fn run(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()>,
    ) -> std::io::Result<()> {
        http::serve(self, listener, shutdown).await
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The sandbox clock: real time plus everything [`Sandbox::advance`] added.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.state().clock_offset
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        let by = chrono::Duration::from_std(by).unwrap_or(chrono::Duration::MAX);
        let mut state = self.state();
        state.clock_offset = state
            .clock_offset
            .checked_add(&by)
            .unwrap_or(state.clock_offset);
    }

    /// `expires_in` for user tokens issued from now on.
    pub fn set_access_token_ttl(&self, ttl: Duration) {
        self.state().options.access_token_ttl = ttl;
    }

    /// What the next authorization answers (`Deny` applies once).
    pub fn set_next_authorize(&self, decision: Decision) {
        self.state().next_decision = decision;
    }

    /// Adds a fault.
    pub fn inject(&self, fault: Fault) {
        self.state().faults.push(fault);
    }

    /// Removes all faults.
    pub fn clear_faults(&self) {
        self.state().faults.clear();
    }

    /// Everything received, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state().requests.clone()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.state().requests.clear();
    }

    /// How many recorded requests have this method and path.
    pub fn count(&self, method: &str, path: &str) -> usize {
        self.state()
            .requests
            .iter()
            .filter(|r| r.method == method && r.path == path)
            .count()
    }

    /// The seeded dataset (generated on first use, shared by sandboxes with one seed).
    pub fn catalog(&self) -> Arc<Catalog> {
        self.catalog.get_or_init(|| api::catalog(self.seed)).clone()
    }

    /// Who the next authorizations sign in: an index into the dataset's people
    /// (0, the backend developer, by default). Out-of-range indexes are refused.
    pub fn sign_in_as(&self, person: usize) -> bool {
        if person >= self.catalog().dataset.people.len() {
            return false;
        }
        self.state().person = person;
        true
    }

    /// Issues a user pair for `person` directly, as if they had authorized (for tests and
    /// benchmarks that do not need the browser round trip).
    pub fn issue_user_tokens(&self, person: usize) -> (String, String) {
        let now = self.now();
        let mut state = self.state();
        let ttl = chrono::Duration::from_std(state.options.access_token_ttl).unwrap_or_default();
        state.oauth.issue_pair(person, ttl, now)
    }

    /// The serial number of the user pair whose access token is `access_token` (1 for the
    /// first pair issued, then 2, …, in issue order, whether by authorization, refresh or
    /// [`Sandbox::issue_user_tokens`]); `None` for a token this sandbox never issued.
    pub fn user_token_serial(&self, access_token: &str) -> Option<u64> {
        self.state().oauth.serial(Some(access_token))
    }

    /// The access profile now.
    pub fn access(&self) -> Access {
        self.state().api.access
    }

    /// Switches the access profile; the next request is answered by the new one.
    pub fn set_access(&self, access: Access) {
        self.state().api.access = access;
    }

    /// Switches every applicant method off (`false`: hh.ru's post-2025 refusal) or on,
    /// leaving the rest of the profile as it is.
    pub fn set_applicant_access(&self, allowed: bool) {
        self.state().api.applicant_access = allowed;
    }

    /// The rolling 24-hour application cap per person and how it is answered.
    pub fn set_apply_limit(&self, limit: u32, form: LimitForm) {
        let mut state = self.state();
        state.api.apply_limit = limit;
        state.api.limit_form = form;
    }

    /// How many items each hidden-vacancies or hidden-employers list may hold.
    pub fn set_blacklist_limit(&self, limit: usize) {
        self.state().api.blacklists.limit = limit;
    }

    /// Moves a negotiation to another state (`invitation`, `discard`, `interview`), as an
    /// employer would; false when there is no such negotiation.
    pub fn set_negotiation_state(&self, negotiation_id: &str, new_state: &str) -> bool {
        let now = self.now();
        let mut state = self.state();
        match state
            .api
            .negotiations
            .iter_mut()
            .find(|negotiation| negotiation.id == negotiation_id)
        {
            Some(negotiation) => {
                negotiation.state = new_state.to_owned();
                negotiation.updated_at = now;
                true
            }
            None => false,
        }
    }

    /// A password change: every issued user pair now answers `token deactivated`.
    pub fn deactivate_user_tokens(&self) {
        self.state().oauth.deactivate_all();
    }
}
