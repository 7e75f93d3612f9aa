//! The one refresh path: every process that needs a fresh pair calls [`refresh_if_due`]
//! (or its two halves, [`check`] then [`Due::refresh`], as hh-refresh does).
//!
//! Under the store lock it re-reads the file, refreshes only after expiry (hh.ru refuses
//! earlier), reserves the write before spending the single-use refresh token, writes the
//! new pair atomically and records the outcome in the status file. A lost answer is
//! [`Error::Uncertain`], never a reason to authorize again: only hh.ru's refusal of the
//! stored refresh token is. Exit codes belong to the binaries. The application token has
//! its own path beside it ([`app_token`]).

mod app;

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::oauth;
use crate::token_store::{Guard, ReadError, RefreshRecord, RefreshResult, Store, TokenPair};

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
    /// No user token, and none expected: nobody logged in, or they logged out. The app's
    /// own token needs no refresh. Nothing is recorded.
    NoLogin,
}

/// Why a run failed, by what must happen next.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Try again later; the old pair is untouched and its refresh token unspent.
    #[error("{0}")]
    Transient(String),
    /// The refresh was sent but its answer was lost: hh.ru may or may not have spent the
    /// refresh token. The next run sends it again; hh.ru's answer then decides.
    #[error("uncertain, retrying: {0}")]
    Uncertain(String),
    /// The user must authorize again.
    #[error("{0}")]
    Reauthorize(String),
    /// Settings, the token file or the disk need a person.
    #[error("{0}")]
    Misconfigured(String),
}

/// What [`check`] found.
#[derive(Debug)]
pub enum Check {
    /// Nothing to do (recorded in the status file).
    Done(Outcome),
    /// The pair has expired: refresh it with [`Due::refresh`].
    Due(Due),
}

/// The first half of a run, before anything needs the network: the lock is held and the
/// pair is due.
#[derive(Debug)]
pub struct Due {
    guard: Guard,
    pair: TokenPair,
}

/// Refreshes the pair in `store` if it has expired; safe to call from many processes at once.
pub async fn refresh_if_due(
    store: &Store,
    client: &oauth::Client,
    clock: &Clock,
    policy: &Policy,
) -> Result<Outcome, Error> {
    let (store, check_clock) = (store.clone(), clock.clone());
    let checked = tokio::task::spawn_blocking(move || check(&store, &check_clock))
        .await
        .map_err(|err| Error::Misconfigured(format!("lock task failed: {err}")))?;
    match checked? {
        Check::Done(outcome) => Ok(outcome),
        Check::Due(due) => due.refresh(client, clock, policy).await,
    }
}

/// Takes the lock (blocking) and re-reads the pair. Needs no runtime and no HTTP client,
/// so a no-op hh-refresh builds neither.
pub fn check(store: &Store, clock: &Clock) -> Result<Check, Error> {
    let guard = store
        .lock()
        .map_err(|err| Error::Misconfigured(format!("{err:#}")))?;
    let pair = match guard.read() {
        Ok(pair) => pair,
        Err(ReadError::Missing { .. })
            if !guard
                .read_status()
                .is_ok_and(|status| status.expects_login()) =>
        {
            return Ok(Check::Done(Outcome::NoLogin));
        }
        Err(err) => {
            let err = from_read(err);
            record(&guard, clock.now(), Err(&err));
            return Err(err);
        }
    };
    if pair.is_due(clock.now()) {
        return Ok(Check::Due(Due { guard, pair }));
    }
    let outcome = Outcome::NotDue {
        due_at: pair.expires_at,
    };
    if let Err(err) = guard.mark_checked(clock.now()) {
        tracing::warn!(%err, "cannot mark the check");
    }
    // The status file changes only when it would say something new: rewriting it at every
    // timer tick would wait on the disk each time.
    let recorded = guard
        .read_status()
        .ok()
        .and_then(|status| status.last_refresh);
    if !recorded.is_some_and(|record| {
        record.result == RefreshResult::NotDue && record.next_due == Some(pair.expires_at)
    }) {
        record(&guard, clock.now(), Ok(&outcome));
    }
    Ok(Check::Done(outcome))
}

impl Due {
    /// Spends the refresh token for a new pair, writes it and records the outcome.
    pub async fn refresh(
        self,
        client: &oauth::Client,
        clock: &Clock,
        policy: &Policy,
    ) -> Result<Outcome, Error> {
        let result = self.exchange(client, clock, policy).await;
        record(&self.guard, clock.now(), result.as_ref());
        result
    }

    async fn exchange(
        &self,
        client: &oauth::Client,
        clock: &Clock,
        policy: &Policy,
    ) -> Result<Outcome, Error> {
        let reservation = self.guard.reserve_token().map_err(|err| {
            Error::Misconfigured(format!(
                "cannot prepare the token write in {} ({err}); the refresh token was not spent: free disk space or fix the directory",
                self.guard.dir().display()
            ))
        })?;
        let mut pause = policy.backoff;
        let mut attempt = 1;
        let response = loop {
            match client.refresh(&self.pair.refresh_token).await {
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
                        due_at: self.pair.expires_at,
                    });
                }
                Err(err) => return Err(from_oauth(err)),
            }
        };
        let new_pair = response.into_pair(clock.now()).map_err(from_oauth)?;
        self.guard.write_token(Some(reservation), &new_pair).map_err(|err| {
            Error::Reauthorize(format!(
                "hh.ru issued a new pair but writing it failed ({err}); the old refresh token is spent, authorize again"
            ))
        })?;
        Ok(Outcome::Refreshed {
            expires_at: new_pair.expires_at,
        })
    }
}

fn from_read(err: ReadError) -> Error {
    match err {
        ReadError::Missing { .. } | ReadError::Empty { .. } | ReadError::Corrupt { .. } => {
            Error::Reauthorize(err.to_string())
        }
        _ => Error::Misconfigured(err.to_string()),
    }
}

fn from_oauth(err: oauth::Error) -> Error {
    match err {
        oauth::Error::Transient { .. } => Error::Transient(err.to_string()),
        oauth::Error::Reauthorize { .. } => Error::Reauthorize(err.to_string()),
        // Sent and unanswered: the connection may have dropped before hh.ru read the
        // request (the token still works) or after (it is spent, and hh.ru will say so).
        oauth::Error::Uncertain { .. } => Error::Uncertain(format!(
            "{err}; not retried in this run, the next run sends the stored refresh token again"
        )),
        oauth::Error::Misconfigured { .. } | oauth::Error::NotYetDue => {
            Error::Misconfigured(err.to_string())
        }
    }
}

/// Writes the outcome to the status file; a failure to do so is logged, not fatal.
fn record(guard: &Guard, now: DateTime<Utc>, result: Result<&Outcome, &Error>) {
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
        Ok(Outcome::NoLogin) => return,
        Err(err @ Error::Transient(_)) => (RefreshResult::TransientFailure, err.to_string(), None),
        Err(err @ Error::Uncertain(_)) => (RefreshResult::Uncertain, err.to_string(), None),
        Err(err @ Error::Reauthorize(_)) => {
            (RefreshResult::ReauthorizationNeeded, err.to_string(), None)
        }
        Err(err @ Error::Misconfigured(_)) => (RefreshResult::Misconfigured, err.to_string(), None),
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
