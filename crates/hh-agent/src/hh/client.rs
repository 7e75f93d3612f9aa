//! `hh::Client`: one typed method per hh.ru endpoint we use, on top of one request engine
//! that sends `HH-User-Agent`, never follows redirects, paces requests, retries idempotent
//! GETs with jitter, and refreshes the token once on `token_expired`.
//!
//! `POST`s are never retried automatically. Dictionaries are revalidated with their
//! `ETag` (`If-None-Match`, a 304 reuses the kept body). Endpoint methods live in
//! `endpoints`.

use std::collections::HashMap;
use std::time::Duration;

use rand::Rng;
use reqwest::header::{
    HeaderMap, HeaderValue, ETAG, IF_NONE_MATCH, LOCATION, RETRY_AFTER, USER_AGENT,
};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;
use tokio::time::Instant;
use url::Url;

use super::error::AuthError;
use super::tokens::Auth;
use super::Error;
use crate::config;

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
    validated: Validated,
}

impl Client {
    /// A client with `auth` and `options`.
    pub fn new(auth: Auth, options: Options) -> anyhow::Result<Client> {
        let user_agent = HeaderValue::from_str(&options.user_agent)
            .map_err(|_| anyhow::anyhow!("hh.user_agent: expected printable ASCII"))?;
        let mut headers = HeaderMap::new();
        headers.insert("HH-User-Agent", user_agent.clone());
        headers.insert(USER_AGENT, user_agent);
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .timeout(options.timeout)
            .default_headers(headers)
            .build()?;
        let base = Url::parse(&options.base_url)?;
        Ok(Client {
            http,
            base,
            auth,
            options,
            last_request: Mutex::new(None),
            last_apply: Mutex::new(None),
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

    /// Sends one request: pacing, auth, one refresh on `token_expired`, and for idempotent
    /// requests retries with backoff. Non-2xx answers are returned, not turned into errors.
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
        let mut refreshed = false;
        let mut attempt = 1;
        loop {
            let result = self
                .send_once(method.clone(), path, query, body.clone(), idempotent, etag)
                .await;
            let error = match result {
                Ok(answer) if is_token_expired(&answer) && !refreshed => {
                    if let Auth::User(tokens) = &self.auth {
                        tokens.refresh().await?;
                        refreshed = true;
                        continue;
                    }
                    return Ok(answer);
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
        etag: Option<&str>,
    ) -> Result<Answer, Error> {
        self.wait_turn().await;
        let mut url = self.base.clone();
        let prefix = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{prefix}{path}"));
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        let mut request = self.http.request(method, url);
        if let Some(token) = self.auth.bearer()? {
            request = request.bearer_auth(token.expose());
        }
        if let Some(etag) = etag {
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

fn is_token_expired(answer: &Answer) -> bool {
    answer.status == StatusCode::FORBIDDEN
        && matches!(
            Error::from_response(403, None, &answer.body),
            Error::Auth(AuthError::TokenExpired)
        )
}

fn is_transient(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// A failed send, with no URL in the text (it may carry query values). For a request
/// that is not idempotent, anything but a failed connect may have reached hh.ru.
fn network_error(err: &reqwest::Error, idempotent: bool) -> Error {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    if let Some(url) = err.url() {
        text = text.replace(url.as_str(), "<url>");
    }
    if idempotent || err.is_connect() {
        Error::Network(text)
    } else {
        Error::Uncertain(text)
    }
}
