//! What the online commands share: the config, the secrets, and the bot's own
//! [`Context`] over the same token file and ledger, so the cap, the dedup, the active
//! resume and the user's settings are the bot's. Run as root on a server where the
//! services' user owns the token directory, `hh` becomes that user once the secrets are
//! read, so every file it writes stays readable by the services.
//!
//! What each command does is in its own module; words for problems are `words`.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use anyhow::{anyhow, Context as _};

use super::credentials::{self, Source};
use crate::bot::Context;
use crate::clock::Clock;
use crate::config::{Config, Secrets};
use crate::hh::{self, Auth, Capability};
use crate::ledger::Ledger;

/// An online command's world.
pub struct Session {
    /// The bot's context: hh.ru client, ledger, drafter, settings.
    pub ctx: Context,
    /// Where the secrets came from (for messages about missing ones).
    pub source: Source,
    /// The secrets as read (the state key for login links).
    pub secrets: Secrets,
}

impl Session {
    /// Reads the secrets, becomes the token directory's owner when run as root, opens the
    /// ledger and builds the context.
    pub fn open(config: Config, env: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<Session> {
        let (secrets, source) = credentials::load(env)?;
        become_owner(&config)?;
        let path = config.bot.state_dir.join(crate::ledger::FILE_NAME);
        let ledger = Ledger::open(&path).map_err(|err| {
            anyhow!(
                "журнал откликов {}: {}",
                path.display(),
                super::words::ledger(&err)
            )
        })?;
        let ctx = Context::new(config, &secrets, ledger, Clock::system())
            .context("не удалось подготовить клиент hh.ru")?;
        Ok(Session {
            ctx,
            source,
            secrets,
        })
    }
}

/// Who should write the shared files: the owner of the token directory (or of the bot's
/// state directory when there is no token directory yet), when that is not us.
pub fn owner_to_become(euid: u32, token_dir: &Path, state_dir: &Path) -> Option<(u32, u32)> {
    if euid != 0 {
        return None;
    }
    let meta = std::fs::metadata(token_dir)
        .or_else(|_| std::fs::metadata(state_dir))
        .ok()?;
    (meta.uid() != 0).then(|| (meta.uid(), meta.gid()))
}

/// What the app may do now, asked of hh.ru once with the stored tokens (the probe, one
/// attempt per request), for `hh status` and `hh doctor`. An application token obtained
/// here is stored for the services, so the caller first becomes the files' owner
/// ([`become_owner`]).
pub async fn probe(config: &Config, secrets: &Secrets) -> anyhow::Result<Capability> {
    let auth = Auth::from_config(config, secrets, &Clock::system())?;
    let options = hh::Options {
        attempts: 1,
        ..hh::Options::from_config(&config.hh)
    };
    Ok(hh::Client::new(auth, options)?.probe().await)
}

/// Switches to the owner of the shared directories when run as root (see
/// [`owner_to_become`]); groups, then group, then user.
pub fn become_owner(config: &Config) -> anyhow::Result<()> {
    let euid = nix::unistd::geteuid().as_raw();
    let token_dir = config.token.path.parent().unwrap_or(Path::new("/"));
    let Some((uid, gid)) = owner_to_become(euid, token_dir, &config.bot.state_dir) else {
        return Ok(());
    };
    use nix::unistd::{setgid, setgroups, setuid, Gid, Uid};
    let switched = setgroups(&[]).is_ok()
        && setgid(Gid::from_raw(gid)).is_ok()
        && setuid(Uid::from_raw(uid)).is_ok();
    if !switched {
        return Err(anyhow!(
            "не удалось стать владельцем каталога {} (uid {uid}): запустите hh от его имени",
            token_dir.display()
        ));
    }
    tracing::debug!(uid, gid, "running as the owner of the token directory");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_root_becomes_the_owner_and_only_of_a_directory_root_does_not_own() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing");
        let me = nix::unistd::geteuid().as_raw();
        assert_eq!(owner_to_become(1000, dir.path(), dir.path()), None);
        assert_eq!(owner_to_become(0, &missing, &missing), None);
        if me == 0 {
            // Root's own directory: nobody to become; a user's directory: that user.
            assert_eq!(owner_to_become(0, &missing, dir.path()), None);
            std::os::unix::fs::chown(dir.path(), Some(65534), Some(65534)).unwrap();
            assert_eq!(
                owner_to_become(0, &missing, dir.path()),
                Some((65534, 65534))
            );
        } else {
            let meta = std::fs::metadata(dir.path()).unwrap();
            assert_eq!(
                owner_to_become(0, &missing, dir.path()),
                Some((meta.uid(), meta.gid()))
            );
        }
    }
}
