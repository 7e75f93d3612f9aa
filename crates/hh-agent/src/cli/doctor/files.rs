//! The doctor's checks of files on this machine: the config, the secrets and their modes,
//! the token directory and file (owner and modes), the last refresh, free disk space.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use super::{Check, Options};
use crate::cli::credentials::{self, Source};
use crate::config::{self, Config, Secrets};
use crate::report::io_problem;
use crate::token_store::{RefreshResult, Store};

/// The least free space worth calling enough for the token and the ledger.
pub const MIN_FREE_BYTES: u64 = 50 * 1024 * 1024;

/// The config: readable and valid.
pub fn config(
    options: &Options,
    env: &dyn Fn(&str) -> Option<String>,
    checks: &mut Vec<Check>,
) -> Option<Config> {
    let name = "Конфигурация";
    let path = &options.config;
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            let fix = if err.kind() == std::io::ErrorKind::NotFound {
                "создайте её из config.example.toml (или укажите --config ФАЙЛ)".to_owned()
            } else {
                io_problem(&err)
            };
            checks.push(Check::fail(
                name,
                format!("{} не читается: {fix}", path.display()),
            ));
            return None;
        }
    };
    match Config::from_str(&text, env) {
        Ok(config) => {
            checks.push(Check::pass(
                name,
                format!("{} читается и верна", path.display()),
            ));
            Some(config)
        }
        Err(err) => {
            checks.push(Check::fail(
                name,
                format!("{} с ошибкой, исправьте её: {err:#}", path.display()),
            ));
            None
        }
    }
}

/// Each secret: present where the services read it, owner-only.
pub fn secrets(env: &dyn Fn(&str) -> Option<String>, checks: &mut Vec<Check>) -> Secrets {
    let (secrets, source) = match credentials::load(env) {
        Ok(loaded) => loaded,
        Err(err) => {
            checks.push(Check::fail("Секреты", format!("{err:#}")));
            return Secrets::default();
        }
    };
    let wanted = [
        (
            config::CLIENT_SECRET_CREDENTIAL,
            "HH_CLIENT_SECRET",
            secrets.client_secret.is_some(),
            "для входа и поиска без входа",
        ),
        (
            config::STATE_KEY_CREDENTIAL,
            "HH_STATE_KEY",
            secrets.state_key.is_some(),
            "для ссылок входа",
        ),
        (
            config::BOT_TOKEN_CREDENTIAL,
            "BOT_TOKEN",
            secrets.bot_token.is_some(),
            "для бота в Telegram",
        ),
    ];
    for (credential, var, present, purpose) in wanted {
        let name = format!("Секрет {credential}");
        if !present {
            checks.push(Check::fail(
                name,
                format!(
                    "нет — он нужен {purpose}: {}",
                    source.where_to_put(credential, var)
                ),
            ));
            continue;
        }
        checks.push(secret_mode(name, &source, credential));
    }
    secrets
}

fn secret_mode(name: String, source: &Source, credential: &str) -> Check {
    let Some(dir) = source.dir() else {
        return Check::pass(name, "есть, из переменной окружения");
    };
    let path = dir.join(credential);
    match std::fs::metadata(&path) {
        Ok(meta) if meta.mode() & 0o077 != 0 => Check::fail(
            name,
            format!(
                "{} доступен не только владельцу (права {:04o}): выполните chmod 600 {}",
                path.display(),
                meta.mode() & 0o777,
                path.display()
            ),
        ),
        Ok(_) => Check::pass(name, format!("есть, {} закрыт от чужих", path.display())),
        Err(_) => Check::pass(name, "есть, из переменной окружения"),
    }
}

/// The token directory and file: present, owned by the services' user, owner-only.
pub fn token(config: &Config, options: &Options, checks: &mut Vec<Check>) {
    let store = Store::new(&config.token.path);
    let owner = user_id(&options.service_user);
    checks.push(private(
        "Каталог токена",
        store.dir(),
        0o700,
        owner.map(|uid| (uid, options.service_user.as_str())),
    ));
    let file = match store.read() {
        Ok(_) => private(
            "Файл токена",
            store.path(),
            0o600,
            owner.map(|uid| (uid, options.service_user.as_str())),
        ),
        // No login (never, or logged out): the mode without applicant access needs none
        // (the probe below says what the app may do); a login that vanished is a problem.
        Err(crate::token_store::ReadError::Missing { .. })
            if !store.read_status().is_ok_and(|status| status.expects_login()) =>
        {
            Check::skip(
                "Файл токена",
                "входа на hh.ru нет: для поиска и откликов по ссылке он не нужен; hh login — если вашему приложению доступны методы соискателя",
            )
        }
        Err(crate::token_store::ReadError::Missing { .. }) => Check::fail(
            "Файл токена",
            format!(
                "{} нет, хотя вход был: войдите заново — hh login",
                store.path().display()
            ),
        ),
        Err(err) => Check::fail(
            "Файл токена",
            format!("{}: {}", store.path().display(), token_problem(&err)),
        ),
    };
    checks.push(file);
}

fn token_problem(err: &crate::token_store::ReadError) -> String {
    use crate::token_store::ReadError;
    match err {
        ReadError::TooPermissive { path, mode } => format!(
            "права {mode:04o}, а нужен доступ только владельцу: выполните chmod 600 {}",
            path.display()
        ),
        ReadError::Io { source, .. } => io_problem(source),
        _ => "не файл токена или повреждён: войдите заново — hh login".to_owned(),
    }
}

/// `path` has exactly the owner-only `mode` and, when the services' user exists, its owner.
fn private(name: &str, path: &Path, mode: u32, owner: Option<(u32, &str)>) -> Check {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(err) => return Check::fail(name, format!("{}: {}", path.display(), io_problem(&err))),
    };
    let actual = meta.mode() & 0o777;
    if actual & 0o077 != 0 {
        return Check::fail(
            name,
            format!(
                "{} с правами {actual:04o}, а hh-refresh работает только с закрытым: выполните chmod {mode:o} {}",
                path.display(),
                path.display()
            ),
        );
    }
    if let Some((uid, user)) = owner {
        if meta.uid() != uid {
            return Check::fail(
                name,
                format!(
                    "{} принадлежит не {user}, и службы не смогут его читать: выполните chown {user}:{user} {}",
                    path.display(),
                    path.display()
                ),
            );
        }
    }
    Check::pass(name, format!("{}, права {actual:04o}", path.display()))
}

/// The uid of `user`, if such a user exists.
fn user_id(user: &str) -> Option<u32> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        (fields.next()? == user).then_some(())?;
        fields.nth(1)?.parse().ok()
    })
}

/// The last refresh and its outcome (a failure followed by a new login is healthy).
pub fn last_refresh(config: &Config, checks: &mut Vec<Check>) {
    let name = "Последнее обновление токена";
    let store = Store::new(&config.token.path);
    let status = match store.read_status() {
        Ok(status) => status,
        Err(_) => {
            checks.push(Check::fail(
                name,
                "файл статуса не читается: проверьте hh status",
            ));
            return;
        }
    };
    let Some(record) = status.last_refresh else {
        checks.push(Check::skip(
            name,
            "ещё не было: hh-refresh обновит токен, когда он истечёт",
        ));
        return;
    };
    let at = record.at.format("%Y-%m-%d %H:%M UTC");
    let reauthorized = status
        .last_authorization
        .is_some_and(|auth| auth.at > record.at);
    let check = match record.result {
        RefreshResult::Refreshed | RefreshResult::NotDue => Check::pass(name, format!("{at}, успешно")),
        _ if reauthorized => Check::pass(name, format!("{at} не удалось, но после этого был новый вход")),
        RefreshResult::Uncertain => Check::fail(name, format!("{at}: ответ hh.ru потерялся; следующий запуск таймера повторит, и вход нужен, только если hh.ru откажет")),
        RefreshResult::TransientFailure => Check::fail(name, format!("{at}: временная ошибка связи с hh.ru; таймер повторит, а если не пройдёт — journalctl -u hh-refresh")),
        RefreshResult::ReauthorizationNeeded => Check::fail(name, format!("{at}: hh.ru больше не принимает токен — войдите заново: hh login")),
        RefreshResult::Misconfigured => Check::fail(name, format!("{at}: ошибка настройки — journalctl -u hh-refresh скажет, какая")),
    };
    checks.push(check);
}

/// Free space where the token and the ledger are written.
pub fn disk(config: &Config, checks: &mut Vec<Check>) {
    let token_dir = Store::new(&config.token.path).dir().to_owned();
    for (name, dir) in [
        ("Место для токена", token_dir),
        ("Место для журнала откликов", config.bot.state_dir.clone()),
    ] {
        let existing = dir
            .ancestors()
            .find(|path| path.exists())
            .unwrap_or(Path::new("/"));
        checks.push(match free_bytes(existing) {
            Some(free) => free_space(name, existing, free),
            None => Check::skip(
                name,
                format!("{}: размер диска не узнать", existing.display()),
            ),
        });
    }
}

/// The verdict for `free` bytes at `dir`.
pub fn free_space(name: &str, dir: &Path, free: u64) -> Check {
    let mib = free / (1024 * 1024);
    if free < MIN_FREE_BYTES {
        Check::fail(name, format!("на диске с {} свободно {mib} МиБ: освободите место, иначе токен и отклики не запишутся", dir.display()))
    } else {
        Check::pass(name, format!("свободно {mib} МиБ"))
    }
}

fn free_bytes(dir: &Path) -> Option<u64> {
    let stat = nix::sys::statvfs::statvfs(dir).ok()?;
    Some(stat.blocks_available().saturating_mul(stat.fragment_size()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::doctor::Mark;

    #[test]
    fn too_little_free_space_fails_with_what_to_do() {
        let dir = Path::new("/var/lib/hh-token");
        assert_eq!(free_space("Место", dir, MIN_FREE_BYTES).mark, Mark::Pass);
        let low = free_space("Место", dir, MIN_FREE_BYTES - 1);
        assert_eq!(low.mark, Mark::Fail);
        assert!(low.detail.contains("освободите место"), "{}", low.detail);
        assert!(free_bytes(Path::new("/")).is_some_and(|free| free > 0));
    }
}
