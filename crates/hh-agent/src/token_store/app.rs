//! The application token (`grant_type=client_credentials`) in its own file beside the
//! user's token file, under the same rules: written only under the store's lock, atomically
//! and 0600; read without locking; never readable by others. It does not talk to hh.ru:
//! obtaining and renewing one is [`crate::refresh::app_token`].
//!
//! hh.ru's application token does not expire and has no refresh token; a new one may be
//! asked for at most once per [`APP_TOKEN_MIN_INTERVAL`] (FACTS.md §6), so the time of the
//! last request lives in the status file for every process to see.

use std::fs::File;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{atomic, Guard, ReadError, Store};
use crate::secret::Secret;

/// The application token's file name, beside the user's token file.
pub const APP_TOKEN_FILE: &str = "app-token.json";
/// hh.ru answers `app token refresh too early` to a second request within 5 minutes.
pub const APP_TOKEN_MIN_INTERVAL: Duration = Duration::minutes(5);

/// The application token as stored on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppToken {
    /// The bearer token for application-level calls (search, vacancies, employers).
    pub access_token: Secret,
    /// When hh.ru issued it.
    pub obtained_at: DateTime<Utc>,
}

impl Store {
    /// The application token's file.
    pub fn app_token_path(&self) -> PathBuf {
        self.dir().join(APP_TOKEN_FILE)
    }

    /// Reads the application token without locking. `Ok(None)`: there is none yet, or
    /// the file is empty or cut short (a new one replaces it). A file readable by others
    /// or one that is not ours is an error that says what to do.
    pub fn read_app_token(&self) -> Result<Option<AppToken>, ReadError> {
        read(&self.app_token_path())
    }
}

impl Guard {
    /// Writes `token` atomically (temp file 0600, fsync, rename, directory fsync).
    pub fn write_app_token(&self, token: &AppToken) -> io::Result<()> {
        let bytes = serde_json::to_vec_pretty(token).map_err(io::Error::other)?;
        atomic::write(&self.store.app_token_path(), &bytes)
    }

    /// Re-reads the application token under the lock.
    pub fn read_app_token(&self) -> Result<Option<AppToken>, ReadError> {
        self.store.read_app_token()
    }
}

fn read(path: &Path) -> Result<Option<AppToken>, ReadError> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(ReadError::Io {
                path: path.to_owned(),
                source,
            })
        }
    };
    let io_error = |source: io::Error| ReadError::Io {
        path: path.to_owned(),
        source,
    };
    let mode = file.metadata().map_err(io_error)?.mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(ReadError::TooPermissive {
            path: path.to_owned(),
            mode,
        });
    }
    let text = io::read_to_string(file).map_err(io_error)?;
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
        // Empty or torn: only an interrupted writer of ours leaves that; replace it.
        return Ok(None);
    };
    let token: AppToken = serde_json::from_value(value).map_err(|_| ReadError::Foreign {
        path: path.to_owned(),
    })?;
    if token.access_token.is_empty() {
        return Ok(None);
    }
    Ok(Some(token))
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("hh-token/token.json"));
        (dir, store)
    }

    #[test]
    fn written_private_and_read_back() {
        let (_dir, store) = store();
        assert_eq!(store.read_app_token().unwrap(), None);
        let token = AppToken {
            access_token: Secret::new("APP-TOKEN"),
            obtained_at: "2026-12-01T10:00:00Z".parse().unwrap(),
        };
        store.lock().unwrap().write_app_token(&token).unwrap();
        assert_eq!(store.read_app_token().unwrap(), Some(token));
        let mode = std::fs::metadata(store.app_token_path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(store.app_token_path().parent(), Some(store.dir()));
    }

    #[test]
    fn torn_files_are_absent_foreign_and_open_ones_are_errors() {
        let (_dir, store) = store();
        drop(store.lock().unwrap());
        let path = store.app_token_path();
        let write = |text: &str, mode: u32| {
            std::fs::write(&path, text).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        };
        for torn in [
            "",
            "{\"access_token\": \"AB",
            "{\"access_token\": \"\", \"obtained_at\": \"2026-12-01T10:00:00Z\"}",
        ] {
            write(torn, 0o600);
            assert_eq!(store.read_app_token().unwrap(), None, "{torn:?}");
        }
        write("{\"name\": \"something else\"}", 0o600);
        let err = store.read_app_token().unwrap_err().to_string();
        assert!(err.contains("is not a token file"), "{err}");
        write(
            "{\"access_token\": \"X\", \"obtained_at\": \"2026-12-01T10:00:00Z\"}",
            0o644,
        );
        let err = store.read_app_token().unwrap_err().to_string();
        assert!(err.contains("chmod 600"), "{err}");
    }
}
