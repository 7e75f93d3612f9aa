//! `hh::Error`: every way an hh.ru API call can fail, by what the caller must do.
//!
//! Built from the status code and hh.ru's `{"errors":[{"type","value"}]}` body. It never
//! holds a token or a request body; an unreadable body is kept only as a short excerpt.

use std::time::Duration;

use serde::Deserialize;

/// Why hh.ru refused the token (`403`, `type: "oauth"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthError {
    /// The access token expired: refresh (the client does it once by itself).
    TokenExpired,
    /// The pair was revoked: authorize again.
    TokenRevoked,
    /// The token is unknown or malformed.
    BadAuthorization,
    /// An application token was used where a user token is needed.
    UserAuthExpected,
    /// A user token was used where an application token is needed.
    ApplicationAuthExpected,
    /// The app was deleted at dev.hh.ru.
    ApplicationNotFound,
    /// Another `oauth` value.
    Other(String),
}

impl AuthError {
    fn from_value(value: &str) -> AuthError {
        match value {
            "token_expired" | "token-expired" => AuthError::TokenExpired,
            "token_revoked" | "token-revoked" => AuthError::TokenRevoked,
            "bad_authorization" => AuthError::BadAuthorization,
            "user_auth_expected" | "bad-auth-type" => AuthError::UserAuthExpected,
            "application_auth_expected" => AuthError::ApplicationAuthExpected,
            "application_not_found" | "client-id-deleted" => AuthError::ApplicationNotFound,
            other => AuthError::Other(other.to_owned()),
        }
    }
}

impl std::fmt::Display for AuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            AuthError::TokenExpired => "token_expired",
            AuthError::TokenRevoked => "token_revoked",
            AuthError::BadAuthorization => "bad_authorization",
            AuthError::UserAuthExpected => "user_auth_expected",
            AuthError::ApplicationAuthExpected => "application_auth_expected",
            AuthError::ApplicationNotFound => "application_not_found",
            AuthError::Other(value) => value,
        };
        f.write_str(text)
    }
}

/// A captcha hh.ru asks the user to solve in a browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captcha {
    /// The captcha page, without `backurl`.
    pub captcha_url: Option<String>,
    /// Where to go when the captcha page cannot be used.
    pub fallback_url: Option<String>,
}

impl Captcha {
    /// The link for the user: `captcha_url` with `backurl` appended (hh.ru returns there),
    /// or the fallback URL.
    pub fn url_for_user(&self, backurl: &str) -> Option<String> {
        if let Some(captcha) = &self.captcha_url {
            let mut url = url::Url::parse(captcha).ok()?;
            url.query_pairs_mut().append_pair("backurl", backurl);
            return Some(url.into());
        }
        self.fallback_url.clone()
    }
}

/// One element of hh.ru's `errors[]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ErrorItem {
    /// The error class, e.g. `oauth`, `negotiations`, `bad_argument`, `captcha_required`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The detail, e.g. `token_expired`, `already_applied`, the bad argument's name.
    #[serde(default)]
    pub value: Option<String>,
    /// For `captcha_required`.
    #[serde(default)]
    pub captcha_url: Option<String>,
    /// For `captcha_required`.
    #[serde(default)]
    pub fallback_url: Option<String>,
    /// For `bad_argument`: `too_long_value`, `too_many_arguments`, `invalid`.
    #[serde(default)]
    pub reason: Option<String>,
}

/// hh.ru's error body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ErrorBody {
    /// The errors, at least one in a well-formed body.
    #[serde(default)]
    pub errors: Vec<ErrorItem>,
    /// A legacy summary.
    #[serde(default)]
    pub description: Option<String>,
    /// hh.ru's request id, for support.
    #[serde(default)]
    pub request_id: Option<String>,
}

impl ErrorBody {
    /// The first item of `kind`.
    pub fn find(&self, kind: &str) -> Option<&ErrorItem> {
        self.errors.iter().find(|item| item.kind == kind)
    }

    /// `type/value` pairs for messages.
    pub fn summary(&self) -> String {
        let items: Vec<String> = self
            .errors
            .iter()
            .map(|item| match &item.value {
                Some(value) => format!("{}/{value}", item.kind),
                None => item.kind.clone(),
            })
            .collect();
        if items.is_empty() {
            self.description
                .clone()
                .unwrap_or_else(|| "no details".to_owned())
        } else {
            items.join(", ")
        }
    }
}

/// Why an API call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The token was refused (403 `oauth`).
    #[error("hh.ru refused the token: {0}")]
    Auth(AuthError),
    /// A captcha must be solved by the user.
    #[error("hh.ru asks for a captcha")]
    Captcha(Captcha),
    /// Too many requests; wait `retry_after` if hh.ru said.
    #[error("hh.ru rate limit (429)")]
    RateLimited { retry_after: Option<Duration> },
    /// The resource does not exist or is not visible.
    #[error("not found on hh.ru")]
    NotFound,
    /// A parameter was refused.
    #[error("hh.ru refused the argument {name}{}", reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default())]
    BadArgument {
        name: String,
        reason: Option<String>,
    },
    /// This app or account may not call the method (the applicant-access case).
    #[error("hh.ru does not allow this app to call the method: {summary}")]
    Forbidden { summary: String },
    /// hh.ru is unwell (5xx) or answered something unexpected that may pass.
    #[error("hh.ru server error {status}")]
    Server { status: u16 },
    /// The request did not complete.
    #[error("network error: {0}")]
    Network(String),
    /// A request that is not idempotent was sent but its answer was lost: hh.ru may have
    /// acted on it. Never retried automatically.
    #[error("no answer after sending ({0}); hh.ru may have processed the request")]
    Uncertain(String),
    /// A 2xx body that is not the expected JSON.
    #[error("hh.ru sent unreadable JSON ({reason}): {excerpt}")]
    InvalidJson { reason: String, excerpt: String },
    /// Any other refusal, with hh.ru's error summary.
    #[error("hh.ru answered {status}: {summary}")]
    Rejected { status: u16, summary: String },
    /// No user token is available (not authorized yet, or the file is unusable).
    #[error("no usable hh.ru token: {0}")]
    NoToken(String),
}

impl Error {
    /// Whether an idempotent request may be retried after this error.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Error::RateLimited { .. } | Error::Server { .. } | Error::Network(_)
        )
    }

    /// Classifies a non-2xx answer.
    pub fn from_response(status: u16, retry_after: Option<Duration>, body: &[u8]) -> Error {
        let parsed: ErrorBody = serde_json::from_slice(body).unwrap_or_default();
        if let Some(item) = parsed.find("captcha_required") {
            return Error::Captcha(Captcha {
                captcha_url: item.captcha_url.clone(),
                fallback_url: item.fallback_url.clone(),
            });
        }
        if let Some(item) = parsed.find("oauth") {
            return Error::Auth(AuthError::from_value(item.value.as_deref().unwrap_or("")));
        }
        match status {
            429 => Error::RateLimited { retry_after },
            404 => Error::NotFound,
            400 if parsed.find("bad_argument").is_some() => {
                let item = parsed.find("bad_argument").expect("checked above");
                Error::BadArgument {
                    name: item.value.clone().unwrap_or_default(),
                    reason: item.reason.clone(),
                }
            }
            403 if parsed.find("forbidden").is_some() || parsed.errors.is_empty() => {
                Error::Forbidden {
                    summary: parsed.summary(),
                }
            }
            500..=599 => Error::Server { status },
            _ => Error::Rejected {
                status,
                summary: parsed.summary(),
            },
        }
    }

    /// An unreadable body: keep a short, printable excerpt only.
    pub fn invalid_json(err: &serde_json::Error, body: &[u8]) -> Error {
        let text = String::from_utf8_lossy(body);
        let excerpt: String = text.chars().filter(|c| !c.is_control()).take(80).collect();
        Error::InvalidJson {
            reason: err.to_string(),
            excerpt,
        }
    }
}
