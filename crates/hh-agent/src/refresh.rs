//! The one refresh path: every process that needs a fresh pair calls [`refresh_if_due`].
//!
//! Under the store lock it re-reads the file, refreshes only after expiry (hh.ru refuses
//! earlier), reserves the write before spending the single-use refresh token, writes the
//! new pair atomically and records the outcome in the status file. Exit codes belong to
//! the binaries. The application token has its own path beside it ([`app_token`]).

mod app;

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::oauth;
use crate::token_store::{Guard, ReadError, RefreshRecord, RefreshResult, Store};

pub use app::{app_token, AppTokenError};

/// How hard to try within one run before leaving it to the next timer tick.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Attempts in total for transient failures (at least 1).
    pub attempts: u32,
    /// The first pause between attempts; it doubles each time.
    pub backoff: Duration,
    /// The longest pause, also the cap on hh.ru's Retry-After.
    pub max_backoff: Duration,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            attempts: 3,
            backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(20),
        }
    }
}

/// What a successful run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new pair is on disk.
    Refreshed { expires_at: DateTime<Utc> },
    /// Nothing to do before `due_at`.
    NotDue { due_at: DateTime<Utc> },
}

/// Why a run failed, by what must happen next.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Try again later; the old pair is untouched.
    #[error("{0}")]
    Transient(String),
    /// The user must authorize again.
    #[error("{0}")]
    Reauthorize(String),
    /// Settings, the token file or the disk need a person.
    #[error("{0}")]
    Misconfigured(String),
}

/// Refreshes the pair in `store` if it has expired; safe to call from many processes at once.
pub async fn refresh_if_due(
    store: &Store,
    client: &oauth::Client,
    clock: &Clock,
    policy: &Policy,
) -> Result<Outcome, Error> {
    let guard = store
        .lock_async()
        .await
        .map_err(|err| Error::Misconfigured(format!("{err:#}")))?;
    let result = refresh_locked(&guard, client, clock, policy).await;
    record(&guard, clock.now(), &result);
    result
}

async fn refresh_locked(
    guard: &Guard,
    client: &oauth::Client,
    clock: &Clock,
    policy: &Policy,
) -> Result<Outcome, Error> {
    let pair = guard.read().map_err(|err| match err {
        ReadError::Missing { .. } | ReadError::Empty { .. } | ReadError::Corrupt { .. } => {
            Error::Reauthorize(err.to_string())
        }
        _ => Error::Misconfigured(err.to_string()),
    })?;
    if !pair.is_due(clock.now()) {
        return Ok(Outcome::NotDue {
            due_at: pair.expires_at,
        });
    }
    let reservation = guard.reserve_token().map_err(|err| {
        Error::Misconfigured(format!(
            "cannot prepare the token write in {} ({err}); the refresh token was not spent: free disk space or fix the directory",
            guard_dir(guard)
        ))
    })?;
    let mut pause = policy.backoff;
    let mut attempt = 1;
    let response = loop {
        match client.refresh(&pair.refresh_token).await {
            Ok(response) => break response,
            Err(oauth::Error::Transient {
                reason,
                retry_after,
            }) if attempt < policy.attempts.max(1) => {
                let wait = retry_after.unwrap_or(pause).min(policy.max_backoff);
                tracing::warn!(attempt, %reason, wait_ms = wait.as_millis() as u64, "refresh failed, retrying");
                tokio::time::sleep(wait).await;
                pause = (pause * 2).min(policy.max_backoff);
                attempt += 1;
            }
            Err(oauth::Error::NotYetDue) => {
                // hh.ru's clock disagrees with ours; the next run tries again.
                return Ok(Outcome::NotDue {
                    due_at: pair.expires_at,
                });
            }
            Err(err) => return Err(from_oauth(err)),
        }
    };
    let new_pair = response.into_pair(clock.now()).map_err(from_oauth)?;
    guard.write_token(Some(reservation), &new_pair).map_err(|err| {
        Error::Reauthorize(format!(
            "hh.ru issued a new pair but writing it failed ({err}); the old refresh token is spent, authorize again"
        ))
    })?;
    Ok(Outcome::Refreshed {
        expires_at: new_pair.expires_at,
    })
}

fn guard_dir(guard: &Guard) -> String {
    guard.dir().display().to_string()
}

fn from_oauth(err: oauth::Error) -> Error {
    match err {
        oauth::Error::Transient { .. } => Error::Transient(err.to_string()),
        oauth::Error::Reauthorize { .. } => Error::Reauthorize(err.to_string()),
        oauth::Error::Uncertain { .. } => Error::Reauthorize(format!(
            "{err}; the old refresh token may be spent, so it is not retried: authorize again"
        )),
        oauth::Error::Misconfigured { .. } | oauth::Error::NotYetDue => {
            Error::Misconfigured(err.to_string())
        }
    }
}

fn record(guard: &Guard, now: DateTime<Utc>, result: &Result<Outcome, Error>) {
    let (result, reason, next_due) = match result {
        Ok(Outcome::Refreshed { expires_at }) => (
            RefreshResult::Refreshed,
            "refreshed".to_owned(),
            Some(*expires_at),
        ),
        Ok(Outcome::NotDue { due_at }) => (
            RefreshResult::NotDue,
            "access token not expired yet".to_owned(),
            Some(*due_at),
        ),
        Err(Error::Transient(reason)) => (RefreshResult::TransientFailure, reason.clone(), None),
        Err(Error::Reauthorize(reason)) => {
            (RefreshResult::ReauthorizationNeeded, reason.clone(), None)
        }
        Err(Error::Misconfigured(reason)) => (RefreshResult::Misconfigured, reason.clone(), None),
    };
    let record = RefreshRecord {
        at: now,
        result,
        reason,
        next_due,
    };
    if let Err(err) = guard.update_status(|status| status.last_refresh = Some(record)) {
        tracing::warn!(error = %format!("{err:#}"), "cannot record the refresh outcome");
    }
}
