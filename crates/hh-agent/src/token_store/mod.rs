//! The token file shared by hh-callback, hh-refresh and hh-bot, with its lock, status file
//! and check file, and the application token's file beside it (`app`).
//!
//! Owns the on-disk format (the keys existing scripts read plus `obtained_at` and
//! `expires_at`), the permission rules and the one exclusive lock writers take. Readers
//! never lock: writes are atomic renames, so a reader sees the old or the new file whole.
//! It does not talk to hh.ru; refreshing is [`crate::refresh`].

mod app;
mod atomic;
mod status;

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

pub use app::{AppToken, APP_TOKEN_FILE, APP_TOKEN_MIN_INTERVAL};
pub use atomic::{Reservation, RESERVE_BYTES};
pub use status::{AppTokenRecord, AuthorizationRecord, RefreshRecord, RefreshResult, Status};

use crate::secret::Secret;

/// The name of the lock file beside the token file.
pub const LOCK_FILE: &str = ".token.lock";
/// The name of the status file beside the token file.
pub const STATUS_FILE: &str = "status.json";
/// The name of the empty file whose mtime is the last check that found nothing due.
pub const CHECK_FILE: &str = ".last_check";

/// A user token pair as stored on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenPair {
    /// The bearer token for API calls.
    pub access_token: Secret,
    /// The single-use token that buys the next pair once `access_token` expired.
    pub refresh_token: Secret,
    /// Always `bearer` at hh.ru.
    pub token_type: String,
    /// Lifetime in seconds as hh.ru answered it.
    pub expires_in: i64,
    /// When the pair was received.
    pub obtained_at: DateTime<Utc>,
    /// `obtained_at + expires_in`: from then on hh.ru accepts a refresh.
    pub expires_at: DateTime<Utc>,
}

impl TokenPair {
    /// Builds a pair received at `now`.
    pub fn new(
        access_token: Secret,
        refresh_token: Secret,
        token_type: String,
        expires_in: i64,
        now: DateTime<Utc>,
    ) -> TokenPair {
        TokenPair {
            access_token,
            refresh_token,
            token_type,
            expires_in,
            obtained_at: now,
            expires_at: now + Duration::seconds(expires_in),
        }
    }

    /// Whether hh.ru will accept a refresh at `now` (only after expiry).
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        now >= self.expires_at
    }
}

/// Why the token file could not be read; each variant's message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// No file: nobody has authorized yet.
    #[error("token file {} does not exist: authorize first (the /hh_auth button in the bot, or `hh auth-link`)", .path.display())]
    Missing { path: PathBuf },
    /// An empty file.
    #[error("token file {} is empty: authorize again; a successful authorization replaces it", .path.display())]
    Empty { path: PathBuf },
    /// Cut short or not JSON.
    #[error("token file {} is damaged ({reason}): authorize again; a successful authorization replaces it", .path.display())]
    Corrupt { path: PathBuf, reason: String },
    /// Valid JSON that is not a token file.
    #[error("{} is not a token file (no access_token and refresh_token): move it away or fix token.path in the config", .path.display())]
    Foreign { path: PathBuf },
    /// Readable by others than its owner.
    #[error("token file {} has mode {mode:04o} but must be readable by its owner only: run chmod 600 {}", .path.display(), .path.display())]
    TooPermissive { path: PathBuf, mode: u32 },
    /// Any other I/O failure.
    #[error("cannot read token file {}: {source}", .path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// The token file and its siblings (lock, status, temp files).
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
}

/// Proof of holding the exclusive writer lock; released on drop.
#[derive(Debug)]
pub struct Guard {
    store: Store,
    _lock: File,
}

impl Store {
    /// A store for the token file at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Store {
        Store { path: path.into() }
    }

    /// The token file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The directory holding the token, lock and status files.
    pub fn dir(&self) -> &Path {
        atomic::parent(&self.path)
    }

    /// The status file beside the token file.
    pub fn status_path(&self) -> PathBuf {
        self.dir().join(STATUS_FILE)
    }

    /// The check file beside the token file (see [`Guard::mark_checked`]).
    pub fn check_path(&self) -> PathBuf {
        self.dir().join(CHECK_FILE)
    }

    /// When a run last checked the pair and found nothing due, if ever.
    pub fn last_check(&self) -> Option<DateTime<Utc>> {
        let modified = fs::metadata(self.check_path()).ok()?.modified().ok()?;
        Some(modified.into())
    }

    /// Reads the token file without locking.
    pub fn read(&self) -> Result<TokenPair, ReadError> {
        read_pair(&self.path)
    }

    /// Reads the status file; a missing one is an empty status.
    pub fn read_status(&self) -> anyhow::Result<Status> {
        Status::read(&self.status_path())
    }

    /// Takes the exclusive writer lock, blocking until it is free. Creates the
    /// directory (0700) if needed, refuses a directory others can enter, and removes
    /// temp files left by killed writers.
    pub fn lock(&self) -> anyhow::Result<Guard> {
        use anyhow::Context;
        let dir = self.dir();
        ensure_private_dir(dir)?;
        let lock_path = dir.join(LOCK_FILE);
        let lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&lock_path)
            .with_context(|| format!("cannot open lock file {}", lock_path.display()))?;
        lock.lock()
            .with_context(|| format!("cannot lock {}", lock_path.display()))?;
        let status_path = self.status_path();
        let app_token_path = self.app_token_path();
        let removed = atomic::remove_stale_temps(dir, &[&self.path, &status_path, &app_token_path])
            .with_context(|| format!("cannot clean temp files in {}", dir.display()))?;
        if removed > 0 {
            tracing::info!(removed, dir = %dir.display(), "removed temp files left by an interrupted write");
        }
        Ok(Guard {
            store: self.clone(),
            _lock: lock,
        })
    }

    /// [`Store::lock`] off the async runtime's worker threads.
    pub async fn lock_async(&self) -> anyhow::Result<Guard> {
        let store = self.clone();
        tokio::task::spawn_blocking(move || store.lock())
            .await
            .map_err(|err| anyhow::anyhow!("lock task failed: {err}"))?
    }
}

impl Guard {
    /// The directory of the locked store.
    pub fn dir(&self) -> &Path {
        self.store.dir()
    }

    /// Re-reads the token file under the lock.
    pub fn read(&self) -> Result<TokenPair, ReadError> {
        self.store.read()
    }

    /// Reads the status file under the lock.
    pub fn read_status(&self) -> anyhow::Result<Status> {
        self.store.read_status()
    }

    /// Reserves the next token write (temp file with space allocated) so that a full
    /// disk or read-only directory is found before a single-use token is spent.
    pub fn reserve_token(&self) -> io::Result<Reservation> {
        Reservation::new(&self.store.path)
    }

    /// Writes `pair` through `reservation` (or a new one) atomically.
    pub fn write_token(
        &self,
        reservation: Option<Reservation>,
        pair: &TokenPair,
    ) -> io::Result<()> {
        let reservation = match reservation {
            Some(reservation) => reservation,
            None => self.reserve_token()?,
        };
        let bytes =
            serde_json::to_vec_pretty(pair).map_err(|err| io::Error::other(format!("{err:#}")))?;
        reservation.commit(&bytes)
    }

    /// Applies `change` to the status file and writes it atomically.
    pub fn update_status(&self, change: impl FnOnce(&mut Status)) -> anyhow::Result<()> {
        let path = self.store.status_path();
        let mut status = Status::read(&path).unwrap_or_default();
        change(&mut status);
        let bytes = serde_json::to_vec_pretty(&status)?;
        atomic::write(&path, &bytes)
            .map_err(|err| anyhow::anyhow!("cannot write status file {}: {err}", path.display()))
    }

    /// Marks that a run checked the pair at `now` and found nothing to do: the check
    /// file's mtime, a metadata change that waits on no disk (rewriting the status file
    /// would, at every timer tick).
    pub fn mark_checked(&self, now: DateTime<Utc>) -> io::Result<()> {
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(self.store.check_path())?;
        file.set_modified(now.into())
    }

    /// Removes the token file (logout) and records the logout at `now`, so hh-refresh and
    /// the bot take the missing file for no login rather than a lost one.
    pub fn remove_token(&self, now: DateTime<Utc>) -> io::Result<()> {
        match fs::remove_file(&self.store.path) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => return Err(err),
            _ => {}
        }
        self.update_status(|status| status.last_logout = Some(now))
            .map_err(io::Error::other)
    }
}

fn ensure_private_dir(dir: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    match fs::metadata(dir) {
        Ok(meta) => {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                anyhow::bail!(
                    "token directory {} has mode {mode:04o} but must be private: run chmod 700 {}",
                    dir.display(),
                    dir.display()
                );
            }
            Ok(())
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|err| {
                anyhow::anyhow!("cannot create token directory {}: {err}", dir.display())
            }),
        Err(err) => Err(anyhow::anyhow!(
            "cannot inspect token directory {}: {err}",
            dir.display()
        )),
    }
}

fn read_pair(path: &Path) -> Result<TokenPair, ReadError> {
    let io_error = |source: io::Error| match source.kind() {
        io::ErrorKind::NotFound => ReadError::Missing {
            path: path.to_owned(),
        },
        _ => ReadError::Io {
            path: path.to_owned(),
            source,
        },
    };
    let file = File::open(path).map_err(io_error)?;
    let meta = file.metadata().map_err(io_error)?;
    let mode = meta.mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(ReadError::TooPermissive {
            path: path.to_owned(),
            mode,
        });
    }
    let bytes = io::read_to_string(file).map_err(io_error)?;
    parse_pair(path, &bytes, &meta)
}

/// What older scripts wrote: the four hh.ru keys, times optional.
#[derive(Deserialize)]
struct OnDisk {
    access_token: Secret,
    refresh_token: Secret,
    #[serde(default = "bearer")]
    token_type: String,
    expires_in: i64,
    obtained_at: Option<DateTime<Utc>>,
    expires_at: Option<DateTime<Utc>>,
}

fn bearer() -> String {
    "bearer".to_owned()
}

fn parse_pair(path: &Path, text: &str, meta: &fs::Metadata) -> Result<TokenPair, ReadError> {
    if text.trim().is_empty() {
        return Err(ReadError::Empty {
            path: path.to_owned(),
        });
    }
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|err| ReadError::Corrupt {
            path: path.to_owned(),
            reason: if err.is_eof() {
                "cut short".to_owned()
            } else {
                format!("not JSON at line {} column {}", err.line(), err.column())
            },
        })?;
    let is_token_file = value.as_object().is_some_and(|object| {
        object.contains_key("access_token") && object.contains_key("refresh_token")
    });
    if !is_token_file {
        return Err(ReadError::Foreign {
            path: path.to_owned(),
        });
    }
    let disk: OnDisk = serde_json::from_value(value).map_err(|err| ReadError::Corrupt {
        path: path.to_owned(),
        reason: err.to_string(),
    })?;
    if disk.access_token.is_empty() || disk.refresh_token.is_empty() {
        return Err(ReadError::Corrupt {
            path: path.to_owned(),
            reason: "empty token".to_owned(),
        });
    }
    // Files from older scripts carry no times: the file's mtime is when they got the pair.
    let obtained_at = disk.obtained_at.unwrap_or_else(|| {
        meta.modified()
            .map(DateTime::<Utc>::from)
            .unwrap_or_else(|_| Utc::now())
    });
    let expires_at = disk
        .expires_at
        .unwrap_or(obtained_at + Duration::seconds(disk.expires_in));
    Ok(TokenPair {
        access_token: disk.access_token,
        refresh_token: disk.refresh_token,
        token_type: disk.token_type,
        expires_in: disk.expires_in,
        obtained_at,
        expires_at,
    })
}
