//! Opening the ledger file: permissions, pragmas, the foreign-file check and migrations.
//!
//! What the tables mean is for `applications` and `store`; this file only creates them.

use std::fs::{DirBuilder, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::Error;

/// How long a write waits for another connection's lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Schema migrations; migration `i` takes `user_version` from `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE ledger_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
INSERT INTO ledger_meta (key, value) VALUES ('program', 'hh-agent');
CREATE TABLE applications (
    vacancy_id TEXT PRIMARY KEY NOT NULL,
    resume_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    negotiation_id TEXT,
    detail TEXT,
    score INTEGER,
    letter TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX applications_created_at ON applications (created_at);
CREATE TABLE hidden (vacancy_id TEXT PRIMARY KEY NOT NULL, hidden_at TEXT NOT NULL);
CREATE TABLE shown (vacancy_id TEXT PRIMARY KEY NOT NULL, shown_at TEXT NOT NULL);
CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
"#];

/// Opens the file, checks it is ours (before writing anything), then sets WAL and migrates.
pub(super) fn open_file(path: &Path) -> Result<Connection, Error> {
    let open_error = |reason: String| Error::Open {
        path: path.to_owned(),
        reason,
    };
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        if !parent.exists() {
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent)
                .map_err(|err| open_error(format!("creating its directory: {err}")))?;
        }
    }
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
        .map_err(|err| open_error(err.to_string()))?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection =
        Connection::open_with_flags(path, flags).map_err(|err| open_error(err.to_string()))?;
    connection.busy_timeout(BUSY_TIMEOUT)?;
    let with_path = |err: rusqlite::Error| match Error::from(err) {
        Error::Corrupt { reason } => Error::Corrupt {
            reason: format!("{}: {reason}", path.display()),
        },
        other => other,
    };
    if is_foreign(&connection).map_err(with_path)? {
        return Err(Error::Foreign {
            path: path.to_owned(),
        });
    }
    let mode: String = connection
        .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
        .map_err(with_path)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(open_error(format!("journal mode stayed {mode:?}, not WAL")));
    }
    connection
        .pragma_update(None, "synchronous", "FULL")
        .map_err(with_path)?;
    migrate(&connection).map_err(|err| match err {
        Error::Corrupt { reason } => Error::Corrupt {
            reason: format!("{}: {reason}", path.display()),
        },
        Error::Sqlite(reason) => open_error(reason),
        other => other,
    })?;
    Ok(connection)
}

/// Whether the database has tables but no `ledger_meta`: another program's file.
fn is_foreign(connection: &Connection) -> Result<bool, rusqlite::Error> {
    let (tables, ours): (i64, i64) = connection.query_row(
        "SELECT count(*), coalesce(sum(name = 'ledger_meta'), 0) FROM sqlite_master \
         WHERE type = 'table'",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    Ok(tables > 0 && ours == 0)
}

/// Brings the schema up to date, one transaction per migration; running it again is a no-op.
/// The version is read inside each write transaction, so two processes cannot both migrate.
pub(super) fn migrate(connection: &Connection) -> Result<(), Error> {
    loop {
        let transaction = rusqlite::Transaction::new_unchecked(
            connection,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        let version: i64 = transaction.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        let Ok(current) = usize::try_from(version) else {
            return Err(Error::Corrupt {
                reason: format!("negative schema version {version}"),
            });
        };
        let Some(sql) = MIGRATIONS.get(current) else {
            if current > MIGRATIONS.len() {
                return Err(Error::Sqlite(format!(
                    "schema version {current} is newer than this program knows ({}): upgrade hh-agent",
                    MIGRATIONS.len()
                )));
            }
            return Ok(());
        };
        transaction.execute_batch(sql)?;
        transaction.pragma_update(None, "user_version", version + 1)?;
        transaction.commit()?;
    }
}
