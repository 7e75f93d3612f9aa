//! `hh::Client`: one typed method per hh.ru endpoint we use, on top of one request engine
//! that sends `HH-User-Agent`, never follows redirects, paces requests, retries idempotent
//! GETs with jitter, and refreshes the token once on `token_expired`.
//!
//! `POST`s are never retried automatically. Endpoint methods live in `endpoints`.

use std::time::Duration;

use rand::Rng;
use reqwest::header::{HeaderMap, LOCATION, RETRY_AFTER};
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
    pub body: bytes::Bytes,
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
        if !answer.status.is_success() {
            return Err(Error::from_response(
                answer.status.as_u16(),
                answer.retry_after,
                &answer.body,
            ));
        }
        serde_json::from_slice(&answer.body).map_err(|err| Error::invalid_json(&err, &answer.body))
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
        let attempts = if idempotent {
            self.options.attempts.max(1)
        } else {
            1
        };
        let mut refreshed = false;
        let mut attempt = 1;
        loop {
            let result = self
                .send_once(method.clone(), path, query, body.clone(), idempotent)
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
    ) -> Result<Answer, Error> {
        self.wait_turn().await;
        let mut url = http::join(&self.base, path);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        let mut request = self.http.request(method, url);
        if let Some(token) = self.auth.bearer()? {
            request = request.bearer_auth(token.expose());
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
    let text = http::error_chain(err);
    if idempotent || err.is_connect() {
        Error::Network(text)
    } else {
        Error::Uncertain(text)
    }
}
