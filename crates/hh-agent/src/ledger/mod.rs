//! The application ledger: one SQLite file recording every attempt to apply, hh.ru's cap
//! window, hidden and shown vacancies, and the bot's settings.
//!
//! Synchronous by design (the bot wraps calls in `spawn_blocking`); no HTTP, no Telegram.

mod applications;
mod error;
mod outcome;
mod reconcile;
mod schema;
mod store;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_file;

use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use error::Error;
pub use outcome::{Outcome, UnknownOutcome};

/// The ledger's file name in `[bot] state_dir`, for every process that opens it.
pub const FILE_NAME: &str = "ledger.sqlite3";

/// The open ledger; one connection, not shared between threads without a lock.
#[derive(Debug)]
pub struct Ledger {
    connection: Connection,
}

/// One application as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    /// hh.ru's vacancy id; one application per vacancy.
    pub vacancy_id: String,
    /// The resume sent; empty when hh.ru's listing did not say (applications made on the site).
    pub resume_id: String,
    /// What became of it.
    pub outcome: Outcome,
    /// hh.ru's negotiation id, once known.
    pub negotiation_id: Option<String>,
    /// A short explanation for people (hh.ru's reason, "made on hh.ru", ...).
    pub detail: Option<String>,
    /// The match score when it was sent.
    pub score: Option<u8>,
    /// The cover letter sent, if any.
    pub letter: Option<String>,
    /// When the attempt was recorded (for website ones: when hh.ru says it was made).
    pub created_at: DateTime<Utc>,
    /// When the record last changed.
    pub updated_at: DateTime<Utc>,
}

/// One negotiation as `GET /negotiations` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// The vacancy applied to.
    pub vacancy_id: String,
    /// The resume used, when the listing says.
    pub resume_id: Option<String>,
    /// hh.ru's negotiation id.
    pub negotiation_id: String,
    /// When hh.ru says the application was made.
    pub created_at: DateTime<Utc>,
}

/// What [`Ledger::reconcile`] changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reconciled {
    /// Recorded applications that hh.ru confirmed (they were not `Applied` before).
    pub confirmed: usize,
    /// Applications made on the website that the ledger did not know.
    pub added: usize,
}

impl Ledger {
    /// Opens (or creates, mode 0600) the ledger at `path`; the parent directory is created
    /// 0700 when missing. Refuses SQLite files of other programs and migrates the schema.
    pub fn open(path: &Path) -> Result<Ledger, Error> {
        schema::open_file(path).map(|connection| Ledger { connection })
    }

    /// A fresh ledger in memory, for tests and dry runs.
    pub fn open_in_memory() -> Result<Ledger, Error> {
        let connection = Connection::open_in_memory()?;
        schema::migrate(&connection)?;
        Ok(Ledger { connection })
    }

    /// Starts a write transaction that takes the write lock at once; dropped means rolled back.
    fn write(&self) -> Result<Transaction<'_>, Error> {
        Ok(Transaction::new_unchecked(
            &self.connection,
            TransactionBehavior::Immediate,
        )?)
    }

    /// Limits the database to `pages` pages, so tests can fill it up like a full disk.
    #[cfg(test)]
    pub(crate) fn set_max_page_count(&self, pages: u32) -> Result<(), Error> {
        self.connection
            .pragma_update(None, "max_page_count", pages)
            .map_err(Error::from)
    }
}

/// The stored form of a time: RFC 3339 UTC with microseconds, fixed width so text order is
/// time order.
fn time_text(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Reads a time written by [`time_text`].
fn parse_time(text: &str) -> Result<DateTime<Utc>, Error> {
    DateTime::parse_from_rfc3339(text)
        .map(|time| time.with_timezone(&Utc))
        .map_err(|_| error::corrupt("time", text))
}
