//! Where the API client gets its bearer token: the shared token file (re-read whenever it
//! changes on disk, refreshed through [`crate::refresh`] on `token_expired`), a fixed
//! application token, or none.
//!
//! It never writes the token file itself; the refresh path does.

use std::os::unix::fs::MetadataExt;
use std::sync::Mutex;

use crate::clock::Clock;
use crate::oauth;
use crate::refresh::{self, Policy};
use crate::secret::Secret;
use crate::token_store::{Store, TokenPair};

use super::Error;

/// How requests authenticate.
#[derive(Debug)]
pub enum Auth {
    /// The user's pair from the token file.
    User(Box<UserTokens>),
    /// An application token (`client_credentials`): search and dictionaries only.
    Application(Secret),
    /// No token at all (hh.ru may answer anonymous search with a captcha).
    Anonymous,
}

/// The user's token file, cached until the file changes.
#[derive(Debug)]
pub struct UserTokens {
    store: Store,
    oauth: oauth::Client,
    clock: Clock,
    policy: Policy,
    cache: Mutex<Option<(Stamp, TokenPair)>>,
}

/// What identifies one version of the file: a rename makes a new inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    size: u64,
    mtime_ns: i128,
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
    pub fn access_token(&self) -> Result<Secret, Error> {
        let meta = std::fs::metadata(self.store.path()).map_err(|err| {
            Error::NoToken(
                crate::token_store::ReadError::Io {
                    path: self.store.path().to_owned(),
                    source: err,
                }
                .to_string(),
            )
        })?;
        let stamp = Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
        };
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((cached, pair)) = cache.as_ref() {
            if *cached == stamp {
                return Ok(pair.access_token.clone());
            }
        }
        let pair = self
            .store
            .read()
            .map_err(|err| Error::NoToken(err.to_string()))?;
        let token = pair.access_token.clone();
        *cache = Some((stamp, pair));
        Ok(token)
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

impl Auth {
    /// The bearer token for the next request, if any.
    pub fn bearer(&self) -> Result<Option<Secret>, Error> {
        match self {
            Auth::User(tokens) => tokens.access_token().map(Some),
            Auth::Application(token) => Ok(Some(token.clone())),
            Auth::Anonymous => Ok(None),
        }
    }
}
