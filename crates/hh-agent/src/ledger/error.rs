//! The ledger's typed errors and the mapping from SQLite's error codes onto them.
//!
//! Only classification lives here; opening and querying are the other modules' business.

use std::path::PathBuf;

use rusqlite::ErrorCode;

/// Why the ledger could not be opened, read or written; each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file or its directory could not be created or opened.
    #[error("cannot open ledger {} ({reason}): check that the directory exists and is writable by this user", .path.display())]
    Open { path: PathBuf, reason: String },
    /// An SQLite file that belongs to something else (it has tables but no `ledger_meta`).
    #[error("{} is an SQLite database of another program, not a hh-agent ledger: move it away or fix the ledger path in the config", .path.display())]
    Foreign { path: PathBuf },
    /// SQLITE_FULL: the disk (or the database's page limit) is full; nothing was written.
    #[error("disk full: the ledger could not be written and was left as it was; free some disk space and retry")]
    Full,
    /// The file is damaged or not an SQLite database, or a row holds an impossible value.
    #[error("ledger is damaged ({reason}): move the file away and restart; a new empty ledger is created")]
    Corrupt { reason: String },
    /// The vacancy already has an application that must not be sent again.
    #[error("vacancy {vacancy_id} already has an application ({outcome}): not applying twice")]
    AlreadyRecorded { vacancy_id: String, outcome: String },
    /// `finish` for a vacancy that `begin` never recorded.
    #[error("vacancy {vacancy_id} has no recorded application: call begin before finish")]
    NotRecorded { vacancy_id: String },
    /// A setting that cannot be stored as JSON, or whose stored JSON no longer fits its type.
    #[error(
        "setting {key} cannot be converted ({reason}): set it again to replace the stored value"
    )]
    Setting { key: String, reason: String },
    /// Any other SQLite failure.
    #[error("ledger error: {0}")]
    Sqlite(String),
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Error {
        match err.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => Error::Full,
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Error::Corrupt {
                reason: err.to_string(),
            },
            _ => Error::Sqlite(err.to_string()),
        }
    }
}

/// A `Corrupt` error for a stored value that cannot be decoded.
pub(crate) fn corrupt(what: &str, value: &str) -> Error {
    Error::Corrupt {
        reason: format!("invalid {what} {value:?}"),
    }
}
