//! Signed, expiring, single-use OAuth `state` values and the browser cookie bound to them.
//!
//! A state is `v1.<payload>.<mac>` (base64url): a random nonce, an expiry and an optional
//! Telegram chat id, HMAC-SHA256-signed with the state key and verified in constant time.
//! Single use is enforced by [`ReplayGuard`] in the process that redeems states; this
//! module keeps nothing on disk.

use std::collections::HashMap;
use std::sync::Mutex;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, TimeZone, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use url::Url;

use crate::secret::Secret;

/// The login path beside the callback path: `/hh/callback` → `/hh/login`.
pub fn login_path(redirect: &Url) -> String {
    match redirect.path().rsplit_once('/') {
        Some((parent, _)) => format!("{parent}/login"),
        None => "/login".to_owned(),
    }
}

/// The link that starts an authorization: hh-callback's login page beside `redirect` (the
/// registered redirect URI) with a signed `state` from [`Signer::issue`]; what
/// `hh auth-link` prints and `/hh_auth` sends.
pub fn login_url(mut redirect: Url, state: &Secret) -> Url {
    let path = login_path(&redirect);
    redirect.set_path(&path);
    redirect.set_query(None);
    redirect.set_fragment(None);
    redirect
        .query_pairs_mut()
        .append_pair("state", state.expose());
    redirect
}

/// How long a state stays valid after it is issued.
pub const LIFETIME: Duration = Duration::minutes(10);
/// Longer values are refused before any decoding.
const MAX_ENCODED_LEN: usize = 256;
const STATE_CONTEXT: &[u8] = b"hh-agent/oauth-state/v1\0";
const COOKIE_CONTEXT: &[u8] = b"hh-agent/browser-binding/v1\0";
const NONCE_LEN: usize = 16;

/// Why a state was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Not a state this program issued (wrong shape or encoding).
    #[error("state is malformed")]
    Malformed,
    /// The signature does not match: forged or signed with another key.
    #[error("state signature is invalid")]
    Forged,
    /// Older than [`LIFETIME`].
    #[error("state has expired")]
    Expired,
    /// Already redeemed once.
    #[error("state was already used")]
    Replayed,
}

/// A state whose signature and expiry were checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    nonce: [u8; NONCE_LEN],
    /// When it stops being accepted.
    pub expires_at: DateTime<Utc>,
    /// The Telegram chat that asked for the authorization, if any.
    pub chat_id: Option<i64>,
}

/// Issues and checks states with one key.
#[derive(Clone)]
pub struct Signer {
    key: Secret,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer([redacted])")
    }
}

impl Signer {
    /// A signer with the state key.
    pub fn new(key: Secret) -> Signer {
        Signer { key }
    }

    fn mac(&self, context: &[u8]) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.key.expose().as_bytes())
            .expect("HMAC takes keys of any length");
        mac.update(context);
        mac
    }

    /// Issues a new state valid for [`LIFETIME`] from `now`.
    pub fn issue(&self, chat_id: Option<i64>, now: DateTime<Utc>) -> Secret {
        let nonce: [u8; NONCE_LEN] = rand::random();
        let expires_at = now + LIFETIME;
        let mut payload = Vec::with_capacity(NONCE_LEN + 17);
        payload.extend_from_slice(&nonce);
        payload.extend_from_slice(&expires_at.timestamp().to_be_bytes());
        if let Some(chat_id) = chat_id {
            payload.push(1);
            payload.extend_from_slice(&chat_id.to_be_bytes());
        } else {
            payload.push(0);
        }
        let mut mac = self.mac(STATE_CONTEXT);
        mac.update(&payload);
        let tag = mac.finalize().into_bytes();
        Secret::new(format!(
            "v1.{}.{}",
            URL_SAFE_NO_PAD.encode(&payload),
            URL_SAFE_NO_PAD.encode(tag)
        ))
    }

    /// Checks shape, signature (constant time) and expiry; not single use.
    pub fn verify(&self, state: &str, now: DateTime<Utc>) -> Result<Verified, Error> {
        if state.len() > MAX_ENCODED_LEN {
            return Err(Error::Malformed);
        }
        let rest = state.strip_prefix("v1.").ok_or(Error::Malformed)?;
        let (payload, tag) = rest.split_once('.').ok_or(Error::Malformed)?;
        let payload = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| Error::Malformed)?;
        let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| Error::Malformed)?;
        if payload.len() < NONCE_LEN + 9 || tag.len() != 32 {
            return Err(Error::Malformed);
        }
        let mut mac = self.mac(STATE_CONTEXT);
        mac.update(&payload);
        mac.verify_slice(&tag).map_err(|_| Error::Forged)?;
        let verified = decode_payload(&payload).ok_or(Error::Malformed)?;
        if now >= verified.expires_at {
            return Err(Error::Expired);
        }
        Ok(verified)
    }

    /// The cookie value that binds a browser to `state`'s nonce.
    pub fn browser_binding(&self, state: &Verified) -> Secret {
        let mut mac = self.mac(COOKIE_CONTEXT);
        mac.update(&state.nonce);
        Secret::new(URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
    }

    /// Whether `cookie` is the binding of `state` (constant time).
    pub fn is_bound(&self, state: &Verified, cookie: &str) -> bool {
        let Ok(tag) = URL_SAFE_NO_PAD.decode(cookie) else {
            return false;
        };
        let mut mac = self.mac(COOKIE_CONTEXT);
        mac.update(&state.nonce);
        mac.verify_slice(&tag).is_ok()
    }
}

fn decode_payload(payload: &[u8]) -> Option<Verified> {
    let nonce: [u8; NONCE_LEN] = payload.get(..NONCE_LEN)?.try_into().ok()?;
    let expires = i64::from_be_bytes(payload.get(NONCE_LEN..NONCE_LEN + 8)?.try_into().ok()?);
    let expires_at = Utc.timestamp_opt(expires, 0).single()?;
    let chat_id = match (payload.get(NONCE_LEN + 8)?, payload.len() - NONCE_LEN - 9) {
        (0, 0) => None,
        (1, 8) => Some(i64::from_be_bytes(
            payload.get(NONCE_LEN + 9..)?.try_into().ok()?,
        )),
        _ => return None,
    };
    Some(Verified {
        nonce,
        expires_at,
        chat_id,
    })
}

/// Remembers redeemed nonces until their states expire, so each state works once.
#[derive(Debug, Default)]
pub struct ReplayGuard {
    used: Mutex<HashMap<[u8; NONCE_LEN], DateTime<Utc>>>,
}

impl ReplayGuard {
    /// Marks `state` used; refuses it if it already was. Forgets expired entries.
    pub fn consume(&self, state: &Verified, now: DateTime<Utc>) -> Result<(), Error> {
        let mut used = self
            .used
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        used.retain(|_, expires_at| *expires_at > now);
        if used.insert(state.nonce, state.expires_at).is_some() {
            return Err(Error::Replayed);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> Signer {
        Signer::new(Secret::new("k".repeat(40)))
    }

    #[test]
    fn round_trip_keeps_chat_id() {
        let now = Utc::now();
        for chat_id in [None, Some(42), Some(-1001234567890)] {
            let state = signer().issue(chat_id, now);
            let verified = signer().verify(state.expose(), now).unwrap();
            assert_eq!(verified.chat_id, chat_id);
        }
    }

    #[test]
    fn refuses_forged_expired_and_replayed() {
        let now = Utc::now();
        let state = signer().issue(Some(7), now);
        let other = Signer::new(Secret::new("x".repeat(40)));
        assert_eq!(other.verify(state.expose(), now), Err(Error::Forged));
        assert_eq!(
            signer().verify(state.expose(), now + LIFETIME),
            Err(Error::Expired)
        );
        let mut tampered = state.expose().to_owned();
        tampered.insert(5, 'A');
        assert!(signer().verify(&tampered, now).is_err());
        for garbage in ["", "v1.", "v1..", "v2.a.b", "v1.@@.@@", &"v1.".repeat(200)] {
            assert_eq!(
                signer().verify(garbage, now),
                Err(Error::Malformed),
                "{garbage}"
            );
        }
        let verified = signer().verify(state.expose(), now).unwrap();
        let guard = ReplayGuard::default();
        assert_eq!(guard.consume(&verified, now), Ok(()));
        assert_eq!(guard.consume(&verified, now), Err(Error::Replayed));
    }

    #[test]
    fn cookie_binds_one_state() {
        let now = Utc::now();
        let first = signer()
            .verify(signer().issue(None, now).expose(), now)
            .unwrap();
        let second = signer()
            .verify(signer().issue(None, now).expose(), now)
            .unwrap();
        let cookie = signer().browser_binding(&first);
        assert!(signer().is_bound(&first, cookie.expose()));
        assert!(!signer().is_bound(&second, cookie.expose()));
        assert!(!signer().is_bound(&first, "not base64 !"));
    }
}
