//! hh.ru OAuth as FACTS.md describes it: the authorize URL, code exchange, refresh,
//! application token and revocation, with a typed error callers branch on.
//!
//! It never follows redirects, always sends `HH-User-Agent`, and never puts a token,
//! code or secret into an error or log. It knows nothing about files: storing a pair is
//! [`crate::token_store`], deciding when to refresh is [`crate::refresh`].

use std::sync::OnceLock;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, RETRY_AFTER};
use reqwest::StatusCode;
use serde::Deserialize;
use url::Url;

use crate::config;
use crate::http;
use crate::secret::Secret;
use crate::token_store::TokenPair;

/// How long to wait for a TCP/TLS connection to hh.ru.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a whole token request may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What went wrong talking to the token endpoint, by what the caller must do next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The grant is dead (already refreshed, revoked, deactivated, bad token, code used
    /// or expired): the user must authorize again.
    #[error("re-authorization needed: hh.ru answered {reason}")]
    Reauthorize { reason: String },
    /// The access token has not expired yet, and hh.ru refreshes only after expiry.
    #[error("token not expired yet: hh.ru refreshes only after the access token expires")]
    NotYetDue,
    /// The app's settings are wrong (client id or secret, redirect URI, grant type).
    #[error("misconfigured: {reason}")]
    Misconfigured { reason: String },
    /// The request did not get through or hh.ru is unwell; trying later is safe.
    #[error("temporary failure: {reason}")]
    Transient {
        reason: String,
        retry_after: Option<Duration>,
    },
    /// The request was sent but the answer was lost: hh.ru may have acted on it.
    #[error("no answer after the request was sent ({reason}); hh.ru may have accepted it")]
    Uncertain { reason: String },
}

/// A successful token-endpoint answer.
#[derive(Debug, Clone, Deserialize)]
pub struct TokenResponse {
    /// The new access token.
    pub access_token: Secret,
    /// The new refresh token (absent for application tokens).
    pub refresh_token: Option<Secret>,
    /// Always `bearer`.
    pub token_type: String,
    /// Seconds until expiry (absent for application tokens).
    pub expires_in: Option<i64>,
}

impl TokenResponse {
    /// The user pair received at `now`; an answer without a refresh token or expiry is refused.
    pub fn into_pair(self, now: DateTime<Utc>) -> Result<TokenPair, Error> {
        match (self.refresh_token, self.expires_in) {
            (Some(refresh_token), Some(expires_in))
                if expires_in > 0 && !refresh_token.is_empty() =>
            {
                Ok(TokenPair::new(
                    self.access_token,
                    refresh_token,
                    self.token_type,
                    expires_in,
                    now,
                ))
            }
            _ => Err(Error::Uncertain {
                reason: "hh.ru answered 200 without a refresh_token or expires_in".to_owned(),
            }),
        }
    }
}

/// The token endpoint's error body.
#[derive(Debug, Deserialize)]
struct ErrorBody {
    error: String,
    #[serde(default)]
    error_description: String,
}

/// Talks to hh.ru's OAuth endpoints for one registered app.
#[derive(Debug, Clone)]
pub struct Client {
    /// Built on first use: idle hh-callback and a no-op hh-refresh never pay for TLS setup.
    http: OnceLock<reqwest::Client>,
    user_agent: HeaderValue,
    oauth_base: Url,
    api_base: Url,
    client_id: String,
    redirect_uri: String,
}

impl Client {
    /// A client for the app in `hh` (redirects disabled, timeouts set, User-Agent sent).
    pub fn new(hh: &config::Hh) -> anyhow::Result<Client> {
        let user_agent = http::hh_user_agent(&hh.user_agent)?;
        Ok(Client {
            http: OnceLock::new(),
            user_agent,
            oauth_base: Url::parse(&hh.oauth_base_url)?,
            api_base: Url::parse(&hh.api_base_url)?,
            client_id: hh.client_id.clone(),
            redirect_uri: hh.redirect_uri.clone(),
        })
    }

    fn http(&self) -> Result<&reqwest::Client, Error> {
        if let Some(http) = self.http.get() {
            return Ok(http);
        }
        let http = http::client(CONNECT_TIMEOUT, REQUEST_TIMEOUT, Some(&self.user_agent)).map_err(
            |err| Error::Misconfigured {
                reason: format!("cannot set up HTTPS: {}", http::error_chain(&err)),
            },
        )?;
        Ok(self.http.get_or_init(|| http))
    }

    /// `https://hh.ru/oauth/authorize?response_type=code&client_id=…&state=…&redirect_uri=…`.
    pub fn authorize_url(&self, state: &Secret) -> Url {
        let mut url = http::join(&self.oauth_base, "oauth/authorize");
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.client_id)
            .append_pair("state", state.expose())
            .append_pair("redirect_uri", &self.redirect_uri);
        url
    }

    /// Redeems an authorization code (sending the same redirect URI as the authorize step).
    pub async fn exchange_code(
        &self,
        code: &Secret,
        client_secret: &Secret,
    ) -> Result<TokenResponse, Error> {
        self.token_request(&[
            ("grant_type", "authorization_code"),
            ("client_id", &self.client_id),
            ("client_secret", client_secret.expose()),
            ("redirect_uri", &self.redirect_uri),
            ("code", code.expose()),
        ])
        .await
    }

    /// Spends `refresh_token` for a new pair; hh.ru wants only these two fields.
    pub async fn refresh(&self, refresh_token: &Secret) -> Result<TokenResponse, Error> {
        self.token_request(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.expose()),
        ])
        .await
    }

    /// Gets an application token (`client_credentials`); it does not expire, so cache it.
    pub async fn application_token(&self, client_secret: &Secret) -> Result<Secret, Error> {
        let response = self
            .token_request(&[
                ("grant_type", "client_credentials"),
                ("client_id", &self.client_id),
                ("client_secret", client_secret.expose()),
            ])
            .await?;
        Ok(response.access_token)
    }

    /// Revokes a user token pair (`DELETE /oauth/token`, 204).
    pub async fn revoke(&self, access_token: &Secret) -> Result<(), Error> {
        let url = http::join(&self.api_base, "oauth/token");
        let bearer =
            HeaderValue::from_str(&format!("Bearer {}", access_token.expose())).map_err(|_| {
                Error::Reauthorize {
                    reason: "a malformed access token".to_owned(),
                }
            })?;
        let response = self
            .http()?
            .delete(url)
            .header(AUTHORIZATION, bearer)
            .send()
            .await
            .map_err(send_error)?;
        match response.status() {
            StatusCode::NO_CONTENT | StatusCode::OK => Ok(()),
            StatusCode::FORBIDDEN => Err(Error::Reauthorize {
                reason: "403 to the revocation (the token is already invalid)".to_owned(),
            }),
            status => Err(status_error(status, response.headers())),
        }
    }

    async fn token_request(&self, form: &[(&str, &str)]) -> Result<TokenResponse, Error> {
        let url = http::join(&self.api_base, "token");
        let response = self
            .http()?
            .post(url)
            .form(form)
            .send()
            .await
            .map_err(send_error)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(|err| Error::Uncertain {
            reason: format!("reading the answer failed: {}", err.without_url()),
        })?;
        if status == StatusCode::OK {
            return serde_json::from_slice(&body).map_err(|_| Error::Uncertain {
                reason: "hh.ru answered 200 with an unreadable body".to_owned(),
            });
        }
        match serde_json::from_slice::<ErrorBody>(&body) {
            Ok(error) if status.is_client_error() && status != StatusCode::TOO_MANY_REQUESTS => {
                Err(classify(status, &error.error, &error.error_description))
            }
            _ => Err(status_error(status, &headers)),
        }
    }
}

/// Maps a token-endpoint error to what the caller must do.
pub fn classify(status: StatusCode, error: &str, description: &str) -> Error {
    let said = format!("{} {error}: {description}", status.as_u16());
    match (error, description) {
        // errors.md sends it as 403 `forbidden`, the spec as 400 `invalid_client`.
        (_, "app token refresh too early") => Error::Transient {
            reason: said,
            retry_after: Some(Duration::from_secs(300)),
        },
        ("invalid_grant", "token not expired") => Error::NotYetDue,
        ("invalid_grant", _) => Error::Reauthorize { reason: said },
        ("invalid_request", "bad redirect url") => Error::Misconfigured {
            reason: format!(
                "hh.ru rejected the redirect_uri ({said}); it must match the one registered at dev.hh.ru in scheme, host and port"
            ),
        },
        ("invalid_request", "account not found") | ("invalid_client", _) => Error::Misconfigured {
            reason: format!(
                "hh.ru does not know this client_id and client_secret pair ({said}); check hh.client_id and the hh-client-secret credential"
            ),
        },
        ("invalid_request", "token not found" | "token is empty" | "code not found")
        | ("invalid_request", "account is locked" | "password invalidated" | "login not verified") => {
            Error::Reauthorize { reason: said }
        }
        ("forbidden", _) => Error::Transient {
            reason: said,
            retry_after: Some(Duration::from_secs(300)),
        },
        _ => Error::Misconfigured { reason: said },
    }
}

fn status_error(status: StatusCode, headers: &HeaderMap) -> Error {
    let retry_after = headers
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
        Error::Transient {
            reason: format!("hh.ru answered {status}"),
            retry_after,
        }
    } else {
        Error::Misconfigured {
            reason: format!("hh.ru answered {status} with no OAuth error"),
        }
    }
}

/// A failed send: a connection that never opened is safe to retry; anything after
/// the request may have left is uncertain.
fn send_error(err: reqwest::Error) -> Error {
    let err = err.without_url();
    if err.is_connect() || err.is_builder() {
        Error::Transient {
            reason: format!("cannot reach hh.ru: {}", http::error_chain(&err)),
            retry_after: None,
        }
    } else {
        Error::Uncertain {
            reason: http::error_chain(&err),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(status: u16, error: &str, description: &str, expected: &str) {
        let got = match classify(StatusCode::from_u16(status).unwrap(), error, description) {
            Error::Reauthorize { .. } => "reauthorize",
            Error::NotYetDue => "not due",
            Error::Misconfigured { .. } => "misconfigured",
            Error::Transient { .. } => "transient",
            Error::Uncertain { .. } => "uncertain",
        };
        assert_eq!(got, expected, "{error}: {description}");
    }

    /// Every token-endpoint error of FACTS.md §4 lands in the class the refresher needs.
    #[test]
    fn token_errors_are_classified_by_what_to_do() {
        for description in [
            "token has already been refreshed",
            "token was revoked",
            "bad token",
            "code has already been used",
            "code expired",
            "code was revoke",
            "token deactivated",
        ] {
            check(400, "invalid_grant", description, "reauthorize");
        }
        check(400, "invalid_grant", "token not expired", "not due");
        for description in [
            "token not found",
            "token is empty",
            "code not found",
            "account is locked",
            "password invalidated",
            "login not verified",
        ] {
            check(400, "invalid_request", description, "reauthorize");
        }
        check(400, "invalid_request", "account not found", "misconfigured");
        check(400, "invalid_request", "bad redirect url", "misconfigured");
        check(
            400,
            "invalid_client",
            "client_id or client_secret not found",
            "misconfigured",
        );
        check(
            400,
            "unsupported_grant_type",
            "unsupported grant_type",
            "misconfigured",
        );
        check(403, "forbidden", "app token refresh too early", "transient");
        check(
            400,
            "invalid_client",
            "app token refresh too early",
            "transient",
        );
    }

    #[test]
    fn authorize_url_has_exactly_the_documented_parameters() {
        let hh = config::Hh {
            client_id: "CID".into(),
            redirect_uri: "https://home.example.org/hh/callback".into(),
            user_agent: "hh-agent/0.1 (me@example.org)".into(),
            oauth_base_url: "https://hh.ru".into(),
            api_base_url: "https://api.hh.ru".into(),
            request_interval_ms: 250,
            apply_interval_ms: 2_000,
        };
        let url = Client::new(&hh)
            .unwrap()
            .authorize_url(&Secret::new("v1.s"));
        assert_eq!(
            url.as_str(),
            "https://hh.ru/oauth/authorize?response_type=code&client_id=CID&state=v1.s&redirect_uri=https%3A%2F%2Fhome.example.org%2Fhh%2Fcallback"
        );
    }
}
