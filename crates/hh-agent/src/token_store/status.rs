//! The status file beside the token: the last refresh outcome, the last authorization and
//! the last application-token request.
//!
//! It holds no secret, so `hh status` and the bot can show it as it is. Writing it is the
//! store guard's job; this module only defines and reads the format.

use std::path::Path;

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Everything the status file records.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Status {
    /// The outcome of the last refresh attempt.
    #[serde(default)]
    pub last_refresh: Option<RefreshRecord>,
    /// The last successful authorization through hh-callback.
    #[serde(default)]
    pub last_authorization: Option<AuthorizationRecord>,
    /// The last request for an application token.
    #[serde(default)]
    pub last_app_token: Option<AppTokenRecord>,
}

/// One request for an application token: when, and whether hh.ru gave one; never a token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppTokenRecord {
    /// When it was asked for (hh.ru allows one request per 5 minutes).
    pub at: DateTime<Utc>,
    /// Whether a token was written.
    pub obtained: bool,
    /// A short English reason for people reading `hh status` or the journal.
    pub reason: String,
}

/// One refresh attempt: when, what happened, why; never a token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefreshRecord {
    /// When it ran.
    pub at: DateTime<Utc>,
    /// What happened.
    pub result: RefreshResult,
    /// A short English reason for people reading `hh status` or the journal.
    pub reason: String,
    /// When the current pair may be refreshed, if known.
    #[serde(default)]
    pub next_due: Option<DateTime<Utc>>,
}

/// The outcome classes of a refresh attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefreshResult {
    /// A new pair was written.
    Refreshed,
    /// The access token has not expired yet; hh.ru refuses early refreshes.
    NotDue,
    /// Network trouble or an hh.ru outage; the next timer run retries.
    TransientFailure,
    /// The refresh was sent but its answer was lost; the next run sends the stored refresh
    /// token again, and only hh.ru's refusal of it then means authorizing again.
    Uncertain,
    /// The pair is dead (hh.ru refused the stored refresh token, or the file is gone or
    /// damaged); the user must authorize again.
    ReauthorizationNeeded,
    /// The app or the machine is misconfigured (client id, redirect URI, disk).
    Misconfigured,
}

/// A successful authorization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorizationRecord {
    /// When the token file was written.
    pub at: DateTime<Utc>,
    /// The Telegram chat that asked for it, from the signed state.
    #[serde(default)]
    pub chat_id: Option<i64>,
}

impl Status {
    /// Reads the status file at `path`; a missing file is an empty status.
    pub fn read(path: &Path) -> anyhow::Result<Status> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text)
                .with_context(|| format!("status file {} is damaged", path.display())),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Status::default()),
            Err(err) => {
                Err(err).with_context(|| format!("cannot read status file {}", path.display()))
            }
        }
    }
}
