//! `hh::Client`: one typed method per hh.ru endpoint we use, on top of one request engine
//! that sends `HH-User-Agent`, never follows redirects, paces requests, retries idempotent
//! GETs with jitter, refreshes the user token once on `token_expired`, and chooses the
//! bearer per request: the user token where hh.ru allows it, the application token for
//! public methods (search, vacancies, employers, dictionaries, areas) when there is no
//! user token or hh.ru refused it there. A refusal is remembered per method until the next
//! probe, so a refused call is not repeated on every request.
//!
//! `POST`s are never retried automatically. Dictionaries are revalidated with their
//! `ETag` (`If-None-Match`, a 304 reuses the kept body). Endpoint methods live in
//! `endpoints`.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use rand::Rng;
use reqwest::header::{HeaderMap, ETAG, IF_NONE_MATCH, LOCATION, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;
use tokio::time::Instant;
use url::Url;

use super::error::AuthError;
use super::tokens::Auth;
use super::Error;
use crate::config;
use crate::http;
use crate::secret::Secret;

/// Pacing and retry settings.
#[derive(Debug, Clone)]
pub struct Options {
    /// The API base URL (`https://api.hh.ru`, or the sandbox).
    pub base_url: String,
    /// `AppName/version (contact-email)`.
    pub user_agent: String,
    /// The least time between two requests (hh.ru allows about 10 per second per IP).
    pub min_interval: Duration,
    /// The least time between two applications.
    pub apply_interval: Duration,
    /// Attempts for an idempotent GET (1 = no retry).
    pub attempts: u32,
    /// The first retry pause; it doubles, with ±50 % jitter.
    pub backoff: Duration,
    /// The longest pause, also the cap on Retry-After.
    pub max_backoff: Duration,
    /// The whole-request timeout.
    pub timeout: Duration,
}

impl Options {
    /// Production defaults for the app in `hh`.
    pub fn from_config(hh: &config::Hh) -> Options {
        Options {
            base_url: hh.api_base_url.clone(),
            user_agent: hh.user_agent.clone(),
            min_interval: Duration::from_millis(hh.request_interval_ms),
            apply_interval: Duration::from_millis(hh.apply_interval_ms),
            attempts: 4,
            backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            timeout: Duration::from_secs(30),
        }
    }
}

/// A response as the engine hands it to endpoint methods.
#[derive(Debug)]
pub(super) struct Answer {
    pub status: StatusCode,
    pub location: Option<String>,
    pub retry_after: Option<Duration>,
    pub etag: Option<String>,
    pub body: bytes::Bytes,
}

/// Bodies hh.ru marked with an `ETag`, by path, for `If-None-Match` (FACTS.md §2).
#[derive(Default)]
struct Validated(std::sync::Mutex<HashMap<String, (String, bytes::Bytes)>>);

impl Validated {
    fn get(&self, path: &str) -> Option<(String, bytes::Bytes)> {
        let kept = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        kept.get(path).cloned()
    }

    fn keep(&self, path: &str, etag: String, body: bytes::Bytes) {
        let mut kept = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        kept.insert(path.to_owned(), (etag, body));
    }
}

impl std::fmt::Debug for Validated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.0.lock().map(|kept| kept.len()).unwrap_or_default();
        write!(f, "Validated({kept} bodies)")
    }
}

/// The body of a request.
#[derive(Debug, Clone)]
pub(super) enum Body {
    None,
    /// `multipart/form-data` fields.
    Multipart(Vec<(&'static str, String)>),
}

/// The hh.ru API client.
#[derive(Debug)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    pub(super) auth: Auth,
    options: Options,
    last_request: Mutex<Option<Instant>>,
    pub(super) last_apply: Mutex<Option<Instant>>,
    /// Public methods hh.ru refused the user token for (until the next probe).
    refused: std::sync::Mutex<HashSet<&'static str>>,
    validated: Validated,
}

/// The per-request headers the engine adds.
#[derive(Debug, Clone, Copy)]
struct Headers<'a> {
    /// `Authorization: Bearer …`.
    bearer: Option<&'a Secret>,
    /// `If-None-Match` for a kept body.
    if_none_match: Option<&'a str>,
}

/// Which token a request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bearer {
    /// The user's access token.
    User,
    /// The application token.
    Application,
    /// None.
    Anonymous,
}

/// The public methods an application token may call, by path shape; every other path is
/// an applicant method that only a user token may call.
fn public_method(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segments.as_slice() {
        ["vacancies"] => Some("GET /vacancies"),
        ["vacancies", _] => Some("GET /vacancies/{id}"),
        ["vacancies", _, "similar_vacancies"] => Some("GET /vacancies/{id}/similar_vacancies"),
        ["employers", _] => Some("GET /employers/{id}"),
        ["dictionaries"] => Some("GET /dictionaries"),
        ["areas"] | ["areas", ..] => Some("GET /areas"),
        _ => None,
    }
}

impl Client {
    /// A client with `auth` and `options`.
    pub fn new(auth: Auth, options: Options) -> anyhow::Result<Client> {
        let user_agent = http::hh_user_agent(&options.user_agent)?;
        let http = http::client(Duration::from_secs(10), options.timeout, Some(&user_agent))?;
        let base = Url::parse(&options.base_url)?;
        Ok(Client {
            http,
            base,
            auth,
            options,
            last_request: Mutex::new(None),
            last_apply: Mutex::new(None),
            refused: std::sync::Mutex::new(HashSet::new()),
            validated: Validated::default(),
        })
    }

    /// How requests authenticate.
    pub fn auth(&self) -> &Auth {
        &self.auth
    }

    pub(super) fn options(&self) -> &Options {
        &self.options
    }

    /// GET `path` and parse JSON, retrying transient failures.
    pub(super) async fn get_json<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(String, String)],
    ) -> Result<T, Error> {
        let answer = self
            .send(Method::GET, path, query, Body::None, true)
            .await?;
        parse_json(answer)
    }

    /// GET `path` like [`Client::get_json`], revalidating a body kept from an earlier
    /// answer with its `ETag`: `304 Not Modified` reuses the kept body.
    pub(super) async fn get_json_revalidated<T: DeserializeOwned>(
        &self,
        path: &str,
    ) -> Result<T, Error> {
        let kept = self.validated.get(path);
        let etag = kept.as_ref().map(|(etag, _)| etag.as_str());
        let mut answer = self
            .send_conditional(Method::GET, path, &[], Body::None, true, etag)
            .await?;
        match kept {
            Some((_, body)) if answer.status == StatusCode::NOT_MODIFIED => {
                answer.status = StatusCode::OK;
                answer.body = body;
            }
            _ if answer.status.is_success() => {
                if let Some(etag) = &answer.etag {
                    self.validated.keep(path, etag.clone(), answer.body.clone());
                }
            }
            _ => {}
        }
        parse_json(answer)
    }

    /// Sends one request: pacing, the bearer choice, one refresh on `token_expired`, one
    /// switch to the application token when hh.ru refuses the user token on a public
    /// method, one renewal of a refused application token, and for idempotent requests
    /// retries with backoff. Non-2xx answers are returned, not turned into errors.
    pub(super) async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(String, String)],
        body: Body,
        idempotent: bool,
    ) -> Result<Answer, Error> {
        self.send_conditional(method, path, query, body, idempotent, None)
            .await
    }

    /// [`Client::send`] with `If-None-Match: etag` when `etag` is given.
    async fn send_conditional(
        &self,
        method: Method,
        path: &str,
        query: &[(String, String)],
        body: Body,
        idempotent: bool,
        etag: Option<&str>,
    ) -> Result<Answer, Error> {
        let attempts = if idempotent {
            self.options.attempts.max(1)
        } else {
            1
        };
        let public = if method == Method::GET {
            public_method(path)
        } else {
            None
        };
        let (mut bearer, mut token) = self.first_bearer(public).await?;
        let (mut refreshed, mut switched, mut renewed) = (false, false, false);
        let mut attempt = 1;
        loop {
            let result = self
                .send_once(
                    method.clone(),
                    path,
                    query,
                    body.clone(),
                    idempotent,
                    Headers {
                        bearer: token.as_ref(),
                        if_none_match: etag,
                    },
                )
                .await;
            let error = match result {
                Ok(answer) if answer.status == StatusCode::FORBIDDEN => {
                    let refusal = Error::from_response(403, None, &answer.body);
                    match (bearer, &refusal) {
                        (Bearer::User, Error::Auth(AuthError::TokenExpired)) if !refreshed => {
                            if let Some(user) = self.auth.user_tokens() {
                                user.refresh().await?;
                                token = Some(user.access_token()?);
                                refreshed = true;
                                continue;
                            }
                            return Ok(answer);
                        }
                        (Bearer::User, Error::Forbidden { .. } | Error::Auth(_))
                            if !switched && public.is_some() =>
                        {
                            let method_name = public.unwrap_or_default();
                            tracing::info!(method = method_name, %refusal, "hh.ru refused the user token here; the application token is used for it from now on");
                            self.refused_set().insert(method_name);
                            (bearer, token) = self.app_or_anonymous().await?;
                            switched = true;
                            continue;
                        }
                        (
                            Bearer::Application,
                            Error::Auth(AuthError::BadAuthorization | AuthError::TokenRevoked),
                        ) if !renewed => {
                            if let (Some(app), Some(refused)) = (self.auth.app_tokens(), &token) {
                                token = Some(app.renew(refused).await?);
                                renewed = true;
                                continue;
                            }
                            return Ok(answer);
                        }
                        _ => return Ok(answer),
                    }
                }
                Ok(answer) if idempotent && is_transient(answer.status) => {
                    Error::from_response(answer.status.as_u16(), answer.retry_after, &answer.body)
                }
                Ok(answer) => return Ok(answer),
                Err(err) => err,
            };
            if !error.is_retryable() || attempt >= attempts {
                return Err(error);
            }
            let wait = self.pause(attempt, &error);
            tracing::warn!(%method, path, attempt, %error, wait_ms = wait.as_millis() as u64, "hh.ru request failed, retrying");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// The bearer a request to `public` (a public method, or `None` for an applicant one)
    /// starts with: the user token unless hh.ru refused it there or there is none usable
    /// (a public method then goes with the application token, else with none).
    async fn first_bearer(
        &self,
        public: Option<&'static str>,
    ) -> Result<(Bearer, Option<Secret>), Error> {
        let refused = public.is_some_and(|method| self.refused_set().contains(method));
        if let Some(user) = self.auth.user_tokens().filter(|_| !refused) {
            match user.access_token() {
                Ok(token) => return Ok((Bearer::User, Some(token))),
                Err(err) if public.is_none() && self.auth.app_tokens().is_none() => {
                    return Err(err)
                }
                Err(_) if public.is_some() => {}
                Err(err) => return Err(err),
            }
        }
        self.app_or_anonymous().await
    }

    async fn app_or_anonymous(&self) -> Result<(Bearer, Option<Secret>), Error> {
        match self.auth.app_tokens() {
            Some(app) => Ok((Bearer::Application, Some(app.token().await?))),
            None => Ok((Bearer::Anonymous, None)),
        }
    }

    fn refused_set(&self) -> std::sync::MutexGuard<'_, HashSet<&'static str>> {
        self.refused
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Forgets which methods refused the user token (a probe decides afresh).
    pub(super) fn forget_refusals(&self) {
        self.refused_set().clear();
    }

    /// The bearer a search would start with now.
    pub async fn search_bearer(&self) -> Bearer {
        match self.first_bearer(public_method("/vacancies")).await {
            Ok((bearer, _)) => bearer,
            Err(_) => Bearer::Anonymous,
        }
    }

    fn pause(&self, attempt: u32, error: &Error) -> Duration {
        if let Error::RateLimited {
            retry_after: Some(retry_after),
        } = error
        {
            return (*retry_after).min(self.options.max_backoff);
        }
        let base = self
            .options
            .backoff
            .saturating_mul(1 << (attempt - 1).min(16));
        let jitter = rand::thread_rng().gen_range(0.5..1.5);
        base.mul_f64(jitter).min(self.options.max_backoff)
    }

    async fn send_once(
        &self,
        method: Method,
        path: &str,
        query: &[(String, String)],
        body: Body,
        idempotent: bool,
        headers: Headers<'_>,
    ) -> Result<Answer, Error> {
        self.wait_turn().await;
        let mut url = http::join(&self.base, path);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        let mut request = self.http.request(method, url);
        if let Some(token) = headers.bearer {
            request = request.bearer_auth(token.expose());
        }
        if let Some(etag) = headers.if_none_match {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Body::Multipart(fields) = body {
            let form = fields
                .into_iter()
                .fold(reqwest::multipart::Form::new(), |form, (name, value)| {
                    form.text(name, value)
                });
            request = request.multipart(form);
        }
        let response = request
            .send()
            .await
            .map_err(|err| network_error(&err, idempotent))?;
        let status = response.status();
        let location = header(response.headers(), LOCATION);
        let etag = header(response.headers(), ETAG);
        let retry_after = header(response.headers(), RETRY_AFTER)
            .and_then(|value| value.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = response
            .bytes()
            .await
            .map_err(|err| network_error(&err, idempotent))?;
        Ok(Answer {
            status,
            location,
            retry_after,
            etag,
            body,
        })
    }

    async fn wait_turn(&self) {
        let mut last = self.last_request.lock().await;
        if let Some(previous) = *last {
            pace_until(previous + self.options.min_interval).await;
        }
        *last = Some(Instant::now());
    }
}

/// Waits until `deadline` unless it has passed: tokio's timer has millisecond ticks, so
/// even an elapsed deadline would cost up to a millisecond per request.
pub(super) async fn pace_until(deadline: Instant) {
    if deadline > Instant::now() {
        tokio::time::sleep_until(deadline).await;
    }
}

/// A successful answer's JSON body, or the error its status and body say.
fn parse_json<T: DeserializeOwned>(answer: Answer) -> Result<T, Error> {
    if !answer.status.is_success() {
        return Err(Error::from_response(
            answer.status.as_u16(),
            answer.retry_after,
            &answer.body,
        ));
    }
    serde_json::from_slice(&answer.body).map_err(|err| Error::invalid_json(&err, &answer.body))
}

fn header(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

fn is_transient(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// A failed send, with no URL in the text (it may carry query values). For a request
/// that is not idempotent, anything but a failed connect may have reached hh.ru.
fn network_error(err: &reqwest::Error, idempotent: bool) -> Error {
    let text = http::error_chain(err);
    if idempotent || err.is_connect() {
        Error::Network(text)
    } else {
        Error::Uncertain(text)
    }
}
