//! Where `hh` finds the secrets when it is run by hand rather than by systemd, in this
//! order: `$CREDENTIALS_DIRECTORY` (systemd's `LoadCredential=`), then the credentials
//! directory the services load from (`/etc/hh-agent/credentials`, or
//! `$HH_AGENT_CREDENTIALS`) when it can be read, then the environment variables.
//!
//! Reading the secrets themselves is [`Secrets::load`]; this only picks the directory and
//! says, in Russian, what is missing and where to put it.

use std::path::{Path, PathBuf};

use anyhow::anyhow;

use crate::config::{self, Secrets};
use crate::report::io_problem;
use crate::state::Signer;

/// The directory the systemd units load credentials from.
pub const SYSTEM_DIR: &str = "/etc/hh-agent/credentials";
/// Names another directory instead of [`SYSTEM_DIR`] (tests, other layouts).
pub const DIR_OVERRIDE: &str = "HH_AGENT_CREDENTIALS";

/// Where the secrets come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `$CREDENTIALS_DIRECTORY`, set by systemd.
    Systemd(PathBuf),
    /// The services' credentials directory, readable by this user.
    Directory(PathBuf),
    /// Environment variables only; `unreadable` is the directory this user may not read.
    Environment { unreadable: Option<PathBuf> },
}

impl Source {
    /// The directory to read credential files from, if any.
    pub fn dir(&self) -> Option<&Path> {
        match self {
            Source::Systemd(dir) | Source::Directory(dir) => Some(dir),
            Source::Environment { .. } => None,
        }
    }

    /// Where a missing credential `name` (or its variable `var`) belongs, in words.
    pub fn where_to_put(&self, name: &str, var: &str) -> String {
        let dir = match self {
            Source::Systemd(dir) | Source::Directory(dir) => dir.display().to_string(),
            Source::Environment { .. } => SYSTEM_DIR.to_owned(),
        };
        let mut text = format!("положите его в файл {dir}/{name} (права 0600) или задайте {var}");
        if let Source::Environment {
            unreadable: Some(dir),
        } = self
        {
            text += &format!(
                "; каталог {} недоступен этому пользователю — запустите hh через sudo",
                dir.display()
            );
        }
        text
    }
}

/// Picks the credentials directory (see the module's order); `env` reads variables.
pub fn locate(env: &dyn Fn(&str) -> Option<String>) -> Source {
    if let Some(dir) = env("CREDENTIALS_DIRECTORY").filter(|dir| !dir.is_empty()) {
        return Source::Systemd(PathBuf::from(dir));
    }
    let dir = env(DIR_OVERRIDE)
        .filter(|dir| !dir.is_empty())
        .map_or_else(|| PathBuf::from(SYSTEM_DIR), PathBuf::from);
    match std::fs::read_dir(&dir) {
        Ok(_) => Source::Directory(dir),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            Source::Environment { unreadable: None }
        }
        Err(_) => Source::Environment {
            unreadable: Some(dir),
        },
    }
}

/// The secrets from where [`locate`] points, with the source for later messages.
pub fn load(env: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<(Secrets, Source)> {
    let source = locate(env);
    let secrets = Secrets::load(source.dir(), env).map_err(|err| {
        let why = match err.root_cause().downcast_ref::<std::io::Error>() {
            Some(io) => io_problem(io),
            None => "ошибка чтения".to_owned(),
        };
        let dir = source.dir().map(Path::display);
        anyhow!(
            "не удалось прочитать секреты из {}: {why}",
            dir.map(|dir| dir.to_string()).unwrap_or_default()
        )
    })?;
    Ok((secrets, source))
}

/// The signer of login links, or what to do to get one.
pub fn signer(secrets: &Secrets, source: &Source) -> anyhow::Result<Signer> {
    match &secrets.state_key {
        Some(key) if key.expose().len() >= config::MIN_STATE_KEY_LEN => Ok(Signer::new(key.clone())),
        Some(_) => Err(anyhow!(
            "ключ подписи ссылок {} короче {} знаков: создайте новый командой head -c 32 /dev/urandom | base64",
            config::STATE_KEY_CREDENTIAL,
            config::MIN_STATE_KEY_LEN
        )),
        None => Err(anyhow!(
            "нет ключа подписи ссылок для входа: {}",
            source.where_to_put(config::STATE_KEY_CREDENTIAL, "HH_STATE_KEY")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of<'a>(pairs: &'a [(&'a str, String)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.clone())
        }
    }

    #[test]
    fn systemd_first_then_the_services_directory_then_the_environment() {
        let systemd = tempfile::tempdir().unwrap();
        let services = tempfile::tempdir().unwrap();
        let both = [
            (
                "CREDENTIALS_DIRECTORY",
                systemd.path().display().to_string(),
            ),
            (DIR_OVERRIDE, services.path().display().to_string()),
        ];
        assert_eq!(
            locate(&env_of(&both)),
            Source::Systemd(systemd.path().to_owned())
        );
        let services_only = [(DIR_OVERRIDE, services.path().display().to_string())];
        assert_eq!(
            locate(&env_of(&services_only)),
            Source::Directory(services.path().to_owned())
        );
        let missing = [(
            DIR_OVERRIDE,
            services.path().join("absent").display().to_string(),
        )];
        assert_eq!(
            locate(&env_of(&missing)),
            Source::Environment { unreadable: None }
        );
        // A file where the directory should be cannot be listed: not readable.
        let file = services.path().join("file");
        std::fs::write(&file, "x").unwrap();
        let not_a_dir = [(DIR_OVERRIDE, file.display().to_string())];
        assert_eq!(
            locate(&env_of(&not_a_dir)),
            Source::Environment {
                unreadable: Some(file)
            }
        );
    }

    #[test]
    fn credentials_of_the_services_directory_are_read_and_missing_ones_explained() {
        let services = tempfile::tempdir().unwrap();
        let key = "k".repeat(config::MIN_STATE_KEY_LEN);
        std::fs::write(
            services.path().join(config::STATE_KEY_CREDENTIAL),
            format!("{key}\n"),
        )
        .unwrap();
        let env = [(DIR_OVERRIDE, services.path().display().to_string())];
        let (secrets, source) = load(&env_of(&env)).unwrap();
        assert_eq!(secrets.state_key.unwrap().expose(), key);
        assert!(signer(&Secrets::default(), &source).is_err());
        let error = signer(&Secrets::default(), &source)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains(&format!(
                "{}/{}",
                services.path().display(),
                config::STATE_KEY_CREDENTIAL
            )),
            "{error}"
        );
        let unreadable = Source::Environment {
            unreadable: Some(PathBuf::from(SYSTEM_DIR)),
        };
        let error = signer(&Secrets::default(), &unreadable)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("sudo") && error.contains("HH_STATE_KEY"),
            "{error}"
        );
    }
}
