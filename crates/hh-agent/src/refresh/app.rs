//! The application token's one path, beside the user pair's: every process that needs one
//! calls [`app_token`].
//!
//! Under the store lock it re-reads the file (another process may have just got one),
//! asks hh.ru only when there is none or hh.ru refused the one on disk, and never more
//! than once per [`APP_TOKEN_MIN_INTERVAL`] across processes (hh.ru answers `app token
//! refresh too early`); the request's time and outcome go to the status file.

use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::oauth;
use crate::secret::Secret;
use crate::token_store::{AppToken, AppTokenRecord, Guard, Store, APP_TOKEN_MIN_INTERVAL};

/// Why no application token could be had.
#[derive(Debug, thiserror::Error)]
pub enum AppTokenError {
    /// hh.ru allows one request per 5 minutes; the last one was too recent.
    #[error(
        "an application token was asked for at {last}; hh.ru allows the next request at {next}"
    )]
    TooEarly {
        /// When the last request was made.
        last: DateTime<Utc>,
        /// When the next one may be made.
        next: DateTime<Utc>,
    },
    /// The app's credentials are wrong, or the token directory needs a person.
    #[error("{0}")]
    Misconfigured(String),
    /// Network trouble or an hh.ru outage; a later call tries again.
    #[error("{0}")]
    Transient(String),
}

/// The application token to use: the one on disk unless it is `refused` (hh.ru turned it
/// down), else a new one from hh.ru with `client_secret`. Safe to call from many
/// processes at once: at most one request reaches hh.ru per 5 minutes.
pub async fn app_token(
    store: &Store,
    client: &oauth::Client,
    client_secret: &Secret,
    clock: &Clock,
    refused: Option<&Secret>,
) -> Result<AppToken, AppTokenError> {
    let guard = store
        .lock_async()
        .await
        .map_err(|err| AppTokenError::Misconfigured(format!("{err:#}")))?;
    let on_disk = guard
        .read_app_token()
        .map_err(|err| AppTokenError::Misconfigured(err.to_string()))?;
    if let Some(token) = on_disk.filter(|token| Some(&token.access_token) != refused) {
        return Ok(token);
    }
    let now = clock.now();
    let last = store
        .read_status()
        .ok()
        .and_then(|status| status.last_app_token)
        .map(|record| record.at)
        .filter(|at| *at <= now);
    if let Some(last) = last.filter(|at| now < *at + APP_TOKEN_MIN_INTERVAL) {
        return Err(AppTokenError::TooEarly {
            last,
            next: last + APP_TOKEN_MIN_INTERVAL,
        });
    }
    let result = match client.application_token(client_secret).await {
        Ok(access_token) => {
            let token = AppToken {
                access_token,
                obtained_at: now,
            };
            guard.write_app_token(&token).map(|()| token).map_err(|err| {
                AppTokenError::Misconfigured(format!(
                    "cannot write the application token in {} ({err}): free disk space or fix the directory",
                    guard.dir().display()
                ))
            })
        }
        Err(err @ (oauth::Error::Transient { .. } | oauth::Error::Uncertain { .. })) => {
            Err(AppTokenError::Transient(err.to_string()))
        }
        Err(err) => Err(AppTokenError::Misconfigured(err.to_string())),
    };
    record(&guard, now, &result);
    result
}

fn record(guard: &Guard, now: DateTime<Utc>, result: &Result<AppToken, AppTokenError>) {
    let record = AppTokenRecord {
        at: now,
        obtained: result.is_ok(),
        reason: match result {
            Ok(_) => "obtained".to_owned(),
            Err(err) => err.to_string(),
        },
    };
    if let Err(err) = guard.update_status(|status| status.last_app_token = Some(record)) {
        tracing::warn!(error = %format!("{err:#}"), "cannot record the application token request");
    }
}
