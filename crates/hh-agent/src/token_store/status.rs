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
    /// The last logout (`hh logout`, the bot's «Выйти»): the token file was removed on
    /// purpose.
    #[serde(default)]
    pub last_logout: Option<DateTime<Utc>>,
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
    /// Whether a user's token pair should be on disk: someone logged in (or, for files from
    /// before authorizations were recorded, a refresh read a pair) and did not log out
    /// since. Without it, a missing token file is the mode without a login, not a loss.
    pub fn expects_login(&self) -> bool {
        let refreshed = self.last_refresh.as_ref().and_then(|record| {
            matches!(
                record.result,
                RefreshResult::Refreshed | RefreshResult::NotDue
            )
            .then_some(record.at)
        });
        let login = match (
            self.last_authorization.as_ref().map(|auth| auth.at),
            refreshed,
        ) {
            (Some(auth), Some(refresh)) => Some(auth.max(refresh)),
            (auth, refresh) => auth.or(refresh),
        };
        match (login, self.last_logout) {
            (Some(login), Some(logout)) => login > logout,
            (login, _) => login.is_some(),
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH + chrono::Duration::minutes(minutes)
    }

    fn refreshed(minutes: i64, result: RefreshResult) -> Option<RefreshRecord> {
        Some(RefreshRecord {
            at: at(minutes),
            result,
            reason: String::new(),
            next_due: None,
        })
    }

    #[test]
    fn a_login_is_expected_after_a_login_or_a_good_refresh_until_a_logout() {
        let mut status = Status::default();
        assert!(!status.expects_login());
        // A failed refresh on a missing file proves no login.
        status.last_refresh = refreshed(1, RefreshResult::ReauthorizationNeeded);
        assert!(!status.expects_login());
        // Files from before authorizations were recorded: a refresh that read a pair.
        status.last_refresh = refreshed(2, RefreshResult::NotDue);
        assert!(status.expects_login());
        status.last_logout = Some(at(3));
        assert!(!status.expects_login());
        status.last_authorization = Some(AuthorizationRecord {
            at: at(4),
            chat_id: None,
        });
        assert!(status.expects_login());
        status.last_logout = Some(at(5));
        assert!(!status.expects_login());
    }
}
