//! A writer for the crash-safety test: rewrites the token file in a loop, through the
//! same store path every process uses, until it is killed.
//!
//! Usage: `token_writer TOKEN_FILE`. Pair `n` holds `access-n` and `refresh-n`, so a
//! reader can tell a whole pair from a torn one.

use chrono::Utc;
use hh_agent::secret::Secret;
use hh_agent::token_store::{Store, TokenPair};

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: token_writer TOKEN_FILE"))?;
    let store = Store::new(path);
    for n in 0u64.. {
        let pair = TokenPair::new(
            Secret::new(format!("access-{n}")),
            Secret::new(format!("refresh-{n}")),
            "bearer".to_owned(),
            1_209_600,
            Utc::now(),
        );
        let guard = store.lock()?;
        let reservation = guard.reserve_token()?;
        guard.write_token(Some(reservation), &pair)?;
    }
    Ok(())
}
