//! Where the API client gets its bearer tokens: the shared token file (re-read whenever it
//! changes on disk, refreshed through [`crate::refresh`] on `token_expired`), the
//! application token (fixed, or kept beside the token file and renewed through
//! [`refresh::app_token`]), or none.
//!
//! It never writes the token file itself; the refresh path does.

use std::fs::File;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::sync::Mutex;

use crate::clock::Clock;
use crate::oauth;
use crate::refresh::{self, Policy};
use crate::secret::Secret;
use crate::token_store::{ReadError, Store, TokenPair};

use super::Error;

/// How requests authenticate: the user's pair where hh.ru allows it, the application
/// token where there is no user pair or hh.ru refused it, or nothing. Which bearer goes
/// with which request is the client's choice (`Client::send`).
#[derive(Debug, Default)]
pub struct Auth {
    user: Option<Box<UserTokens>>,
    app: Option<AppTokens>,
}

impl Auth {
    /// The user's pair from the token file (and no application token).
    pub fn user(tokens: UserTokens) -> Auth {
        Auth {
            user: Some(Box::new(tokens)),
            app: None,
        }
    }

    /// A fixed application token only: search, vacancies, employers, dictionaries.
    pub fn application(token: Secret) -> Auth {
        Auth::default().with_app(AppTokens::fixed(token))
    }

    /// No token at all (hh.ru may refuse or answer anonymous search with a captcha).
    pub fn anonymous() -> Auth {
        Auth::default()
    }

    /// The same, with `app` for requests the user token cannot make.
    pub fn with_app(mut self, app: AppTokens) -> Auth {
        self.app = Some(app);
        self
    }

    /// What a service or command on this machine uses: the user's pair from `[token]`
    /// (refreshed through the one refresh path), and the application token beside it
    /// when the app's client secret is configured.
    pub fn from_config(
        config: &crate::config::Config,
        secrets: &crate::config::Secrets,
        clock: &Clock,
    ) -> anyhow::Result<Auth> {
        let store = Store::new(config.token.path.clone());
        let user = UserTokens::new(
            store.clone(),
            oauth::Client::new(&config.hh)?,
            clock.clone(),
            Policy::default(),
        );
        let auth = Auth::user(user);
        Ok(match &secrets.client_secret {
            Some(secret) if !secret.is_empty() => auth.with_app(AppTokens::managed(
                store,
                oauth::Client::new(&config.hh)?,
                secret.clone(),
                clock.clone(),
            )),
            _ => auth,
        })
    }

    /// The user's pair, if this auth has one.
    pub fn user_tokens(&self) -> Option<&UserTokens> {
        self.user.as_deref()
    }

    /// The application token source, if any.
    pub fn app_tokens(&self) -> Option<&AppTokens> {
        self.app.as_ref()
    }
}

/// Where the application token comes from: a fixed value, or the token directory's
/// `app-token.json`, obtained through [`refresh::app_token`] when first needed and
/// renewed when hh.ru refuses it.
#[derive(Debug)]
pub struct AppTokens {
    source: AppSource,
    cache: Mutex<Option<Secret>>,
}

#[derive(Debug)]
enum AppSource {
    Fixed,
    Managed(Box<Managed>),
}

/// What obtaining and renewing a token needs.
#[derive(Debug)]
struct Managed {
    store: Store,
    oauth: oauth::Client,
    client_secret: Secret,
    clock: Clock,
}

impl AppTokens {
    /// A fixed token that is never renewed.
    pub fn fixed(token: Secret) -> AppTokens {
        AppTokens {
            source: AppSource::Fixed,
            cache: Mutex::new(Some(token)),
        }
    }

    /// The token kept beside the user's token file in `store`, obtained with the app's
    /// `client_secret` when there is none.
    pub fn managed(
        store: Store,
        oauth: oauth::Client,
        client_secret: Secret,
        clock: Clock,
    ) -> AppTokens {
        AppTokens {
            source: AppSource::Managed(Box::new(Managed {
                store,
                oauth,
                client_secret,
                clock,
            })),
            cache: Mutex::new(None),
        }
    }

    /// The token to send: the cached one, else the file's, else a new one from hh.ru.
    pub async fn token(&self) -> Result<Secret, Error> {
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        self.fetch(None).await
    }

    /// After hh.ru refused `refused`: the file's token if another process renewed it,
    /// else a new one (at most one request per 5 minutes across processes).
    pub async fn renew(&self, refused: &Secret) -> Result<Secret, Error> {
        self.fetch(Some(refused)).await
    }

    fn cached(&self) -> Option<Secret> {
        self.cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    async fn fetch(&self, refused: Option<&Secret>) -> Result<Secret, Error> {
        let AppSource::Managed(managed) = &self.source else {
            return match self.cached() {
                Some(token) if Some(&token) != refused => Ok(token),
                _ => Err(Error::NoToken(
                    "the fixed application token was refused".to_owned(),
                )),
            };
        };
        let Managed {
            store,
            oauth,
            client_secret,
            clock,
        } = managed.as_ref();
        let token = refresh::app_token(store, oauth, client_secret, clock, refused)
            .await
            .map_err(|err| Error::NoToken(format!("no application token: {err}")))?;
        *self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(token.access_token.clone());
        Ok(token.access_token)
    }
}

/// The user's token file, cached until the file changes.
#[derive(Debug)]
pub struct UserTokens {
    store: Store,
    oauth: oauth::Client,
    clock: Clock,
    policy: Policy,
    cache: Mutex<Option<Cached>>,
}

/// What identifies one version of the file: a rename makes a new inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    size: u64,
    mtime_ns: i128,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
        }
    }
}

/// The pair last read, with the version of the file it was stamped from kept open.
///
/// The stamp alone cannot tell versions apart when two of them share size and mtime
/// (same-size pairs written within one tick of a coarse filesystem clock) and the newer
/// one got the older one's inode number, which ext4 hands to the next file as soon as a
/// rename frees it. An open file keeps its inode allocated, so while this entry lives no
/// other file can have its (dev, ino): an equal stamp really is the same file. The cost:
/// a replaced or removed version (still 0600, no longer linked) stays on disk until the
/// next call drops it.
#[derive(Debug)]
struct Cached {
    stamp: Stamp,
    pair: TokenPair,
    _pinned: File,
}

impl UserTokens {
    /// Tokens from `store`, refreshed with `oauth` on the clock `clock`.
    pub fn new(store: Store, oauth: oauth::Client, clock: Clock, policy: Policy) -> UserTokens {
        UserTokens {
            store,
            oauth,
            clock,
            policy,
            cache: Mutex::new(None),
        }
    }

    /// The store this reads.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The current access token, re-reading the file if it was replaced since last time.
    ///
    /// A file that is gone or unusable also drops the cached pair, so a pair that was
    /// removed (logout) is never sent again.
    pub fn access_token(&self) -> Result<Secret, Error> {
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let result = self.current(cache.take());
        match result {
            Ok(cached) => {
                let token = cached.pair.access_token.clone();
                *cache = Some(cached);
                Ok(token)
            }
            Err(err) => Err(Error::NoToken(err.to_string())),
        }
    }

    /// `cached` if the file is still that version, else the file read anew.
    fn current(&self, cached: Option<Cached>) -> Result<Cached, ReadError> {
        let path = self.store.path();
        let unreadable = |source: io::Error| match source.kind() {
            io::ErrorKind::NotFound => ReadError::Missing {
                path: path.to_owned(),
            },
            _ => ReadError::Io {
                path: path.to_owned(),
                source,
            },
        };
        let file = File::open(path).map_err(unreadable)?;
        let stamp = Stamp::of(&file.metadata().map_err(unreadable)?);
        if let Some(cached) = cached.filter(|cached| cached.stamp == stamp) {
            return Ok(cached);
        }
        // The file may be replaced again before this read: then the pair is newer than
        // the stamp, which only costs one more read next time, never a stale pair.
        let pair = self.store.read()?;
        Ok(Cached {
            stamp,
            pair,
            _pinned: file,
        })
    }

    /// Called after hh.ru said `token_expired`: runs the one refresh path (a no-op if
    /// another process already refreshed) and forgets the cache.
    pub async fn refresh(&self) -> Result<(), Error> {
        let result =
            refresh::refresh_if_due(&self.store, &self.oauth, &self.clock, &self.policy).await;
        *self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
        match result {
            Ok(outcome) => {
                tracing::info!(?outcome, "token refresh on demand");
                Ok(())
            }
            Err(err) => Err(Error::NoToken(err.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use chrono::{DateTime, Utc};

    use super::*;
    use crate::config;

    fn tokens(store: &Store) -> UserTokens {
        let hh = config::Hh {
            client_id: "client".to_owned(),
            redirect_uri: "http://127.0.0.1:9/callback".to_owned(),
            user_agent: "hh-agent-tests/1.0 (tests@example.org)".to_owned(),
            oauth_base_url: "http://127.0.0.1:9".to_owned(),
            api_base_url: "http://127.0.0.1:9".to_owned(),
            request_interval_ms: 0,
            apply_interval_ms: 0,
        };
        let policy = Policy {
            attempts: 1,
            backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(1),
        };
        UserTokens::new(
            store.clone(),
            oauth::Client::new(&hh).unwrap(),
            Clock::system(),
            policy,
        )
    }

    /// Writes a pair whose file has the same size and mtime as every other one this
    /// writes: same-length tokens, fixed times, and the mtime a coarse clock would give
    /// writes within one tick.
    fn write(store: &Store, serial: u32) -> String {
        let access = format!("ACCESS{serial:08}");
        let obtained_at: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let pair = TokenPair::new(
            Secret::new(access.clone()),
            Secret::new(format!("REFRESH{serial:08}")),
            "bearer".to_owned(),
            1_209_600,
            obtained_at,
        );
        store.lock().unwrap().write_token(None, &pair).unwrap();
        File::open(store.path())
            .unwrap()
            .set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_225_600))
            .unwrap();
        access
    }

    fn size(store: &Store) -> u64 {
        std::fs::metadata(store.path()).unwrap().len()
    }

    #[test]
    fn two_replacements_with_equal_size_and_mtime_are_both_seen() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("hh-token/token.json"));
        let tokens = tokens(&store);
        let mut serial = 0;
        let mut expected = write(&store, serial);
        let first_size = size(&store);
        for round in 0..50 {
            assert_eq!(
                tokens.access_token().unwrap().expose(),
                expected,
                "round {round}"
            );
            // Two versions the reader never sees in between: the newer one may get the
            // inode the cached one had (ext4 reuses a freed inode at once).
            for _ in 0..2 {
                serial += 1;
                expected = write(&store, serial);
                assert_eq!(size(&store), first_size);
            }
        }
    }

    #[test]
    fn a_removed_file_is_missing_and_its_pair_is_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("hh-token/token.json"));
        let tokens = tokens(&store);
        for serial in 0..20 {
            let access = write(&store, serial);
            assert_eq!(tokens.access_token().unwrap().expose(), access);
            store
                .lock()
                .unwrap()
                .remove_token(chrono::Utc::now())
                .unwrap();
            match tokens.access_token() {
                Err(Error::NoToken(message)) => {
                    assert!(message.contains("does not exist"), "{message}")
                }
                other => panic!("expected NoToken, got {other:?}"),
            }
        }
    }
}
