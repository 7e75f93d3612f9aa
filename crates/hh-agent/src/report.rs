//! `hh status`: the token file's state in plain Russian, without a single secret, and
//! what the app may do now (the probe's line from `access`).
//!
//! Builds a [`Report`] from the store and prints it; it changes nothing on disk. Probing
//! hh.ru is the caller's (`hh status` does it unless `--offline`); the report only words
//! the answer and weighs it: with no login at all, search with the app's own token and
//! applying by link is a healthy state, not a missing file.

use std::fmt;
use std::os::unix::fs::MetadataExt;

use chrono::{DateTime, Utc};

use crate::hh::{Capability, Limit};
use crate::token_store::{ReadError, RefreshResult, Status, Store};

/// What the probe said for the report's «Доступ» line.
#[derive(Debug)]
pub enum Access {
    /// hh.ru was asked.
    Probed(Capability),
    /// hh.ru was not asked, and why (`--offline`, no config for a client).
    NotChecked(String),
}

/// What `hh status` shows.
#[derive(Debug)]
pub struct Report {
    path: String,
    dir: Option<String>,
    file: Result<FileFacts, String>,
    /// No token file, and none expected: nobody logged in, or they logged out (weighed
    /// against the access).
    never_logged_in: bool,
    access: Option<Access>,
    status: Result<Status, String>,
    last_check: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
}

#[derive(Debug)]
struct FileFacts {
    mode: u32,
    owner: String,
    expires_at: DateTime<Utc>,
}

impl Report {
    /// Inspects `store` at `now`.
    pub fn new(store: &Store, now: DateTime<Utc>) -> Report {
        let read = store.read();
        let status = store.read_status();
        let never_logged_in = matches!(read, Err(ReadError::Missing { .. }))
            && !status.as_ref().is_ok_and(|status| status.expects_login());
        let file = read.map_err(|err| describe(&err)).and_then(|pair| {
            let meta = std::fs::metadata(store.path()).map_err(|err| io_problem(&err))?;
            Ok(FileFacts {
                mode: meta.mode() & 0o777,
                owner: user_name(meta.uid()),
                expires_at: pair.expires_at,
            })
        });
        Report {
            path: store.path().display().to_string(),
            dir: open_dir_problem(store.dir()),
            file,
            never_logged_in,
            access: None,
            status: status.map_err(|err| status_problem(&err)),
            last_check: store.last_check(),
            now,
        }
    }

    /// The report with what the probe said.
    pub fn with_access(mut self, access: Access) -> Report {
        self.access = Some(access);
        self
    }

    /// Whether the token file holds a usable pair (expired but refreshable counts) in a
    /// directory hh-refresh accepts, and no refresh failed since the last authorization —
    /// or nobody logged in and the app searches with its own token (link-only mode).
    pub fn is_healthy(&self) -> bool {
        let failed = matches!(&self.status, Ok(status) if stale_failure(status).is_none()
            && status.last_refresh.as_ref().is_some_and(|record| is_failure(record.result)));
        let file_ok = self.file.is_ok() || (self.never_logged_in && self.works_without_login());
        file_ok && self.dir.is_none() && !failed
    }

    /// The probe found search working with no login (the app's token).
    fn works_without_login(&self) -> bool {
        matches!(
            &self.access,
            Some(Access::Probed(Capability::ApplicationOnly {
                limit: Limit::NoLogin,
                ..
            }))
        )
    }
}

fn is_failure(result: RefreshResult) -> bool {
    matches!(
        result,
        RefreshResult::ReauthorizationNeeded | RefreshResult::Misconfigured
    )
}

/// When a failed refresh was followed by a new authorization: the authorization's time.
fn stale_failure(status: &Status) -> Option<DateTime<Utc>> {
    let refresh = status.last_refresh.as_ref()?;
    let auth = status.last_authorization.as_ref()?;
    (is_failure(refresh.result) && auth.at > refresh.at).then_some(auth.at)
}

/// The token directory's problem that hh-refresh refuses (others may enter it).
fn open_dir_problem(dir: &std::path::Path) -> Option<String> {
    let mode = std::fs::metadata(dir).ok()?.mode() & 0o777;
    (mode & 0o077 != 0).then(|| {
        format!(
            "права {mode:04o}, а hh-refresh и hh-callback работают только с закрытым каталогом: выполните chmod 700 {}",
            dir.display()
        )
    })
}

fn describe(err: &ReadError) -> String {
    match err {
        ReadError::Missing { .. } => {
            "нет файла: авторизуйтесь (/hh_auth в боте или hh login)".to_owned()
        }
        ReadError::TooPermissive { mode, .. } => {
            format!("права {mode:04o} слишком широкие: выполните chmod 600 для файла")
        }
        ReadError::Io { source, .. } => io_problem(source),
        ReadError::Empty { .. } => {
            "файл пуст: авторизуйтесь заново, успешный вход заменит его".to_owned()
        }
        ReadError::Corrupt { .. } => {
            "файл повреждён: авторизуйтесь заново, успешный вход заменит его".to_owned()
        }
        ReadError::Foreign { .. } => {
            "это не файл токена: уберите его или исправьте token.path в конфигурации".to_owned()
        }
    }
}

/// Why a file could not be read, in words: missing, not allowed, or another I/O error.
pub fn io_problem(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "нет файла".to_owned(),
        std::io::ErrorKind::PermissionDenied => {
            "нет прав на чтение: запустите от имени владельца (sudo -u hh-agent …) или через sudo"
                .to_owned()
        }
        _ => match err.raw_os_error() {
            Some(code) => format!("ошибка чтения, код системы {code}"),
            None => "ошибка чтения".to_owned(),
        },
    }
}

fn status_problem(err: &anyhow::Error) -> String {
    match err.root_cause().downcast_ref::<std::io::Error>() {
        Some(io) => io_problem(io),
        None => "файл повреждён; следующее обновление перепишет его".to_owned(),
    }
}

/// A human duration in Russian, e.g. `13 дн. 4 ч.` or `25 мин.`.
pub fn human(duration: chrono::Duration) -> String {
    let minutes = (duration.num_seconds().abs() + 30) / 60;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    if days > 0 {
        format!("{days} дн. {hours} ч.")
    } else if hours > 0 {
        format!("{hours} ч. {mins} мин.")
    } else {
        format!("{mins} мин.")
    }
}

fn user_name(uid: u32) -> String {
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    passwd
        .lines()
        .filter_map(|line| {
            let mut fields = line.split(':');
            let name = fields.next()?;
            let id = fields.nth(1)?.parse::<u32>().ok()?;
            (id == uid).then(|| name.to_owned())
        })
        .next()
        .unwrap_or_else(|| uid.to_string())
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Файл токена: {}", self.path)?;
        if let Some(problem) = &self.dir {
            writeln!(f, "  каталог: {problem}")?;
        }
        match &self.file {
            Ok(facts) => {
                writeln!(
                    f,
                    "  состояние: есть, права {:04o}, владелец {}",
                    facts.mode, facts.owner
                )?;
                let left = facts.expires_at - self.now;
                if left > chrono::Duration::zero() {
                    writeln!(
                        f,
                        "  истекает через {} ({})",
                        human(left),
                        facts.expires_at.format("%Y-%m-%d %H:%M UTC")
                    )?;
                } else {
                    writeln!(
                        f,
                        "  истёк {} назад: hh-refresh обновит его при следующем запуске таймера",
                        human(left)
                    )?;
                }
            }
            Err(_) if self.never_logged_in && self.works_without_login() => writeln!(
                f,
                "  состояние: нет файла — входа на hh.ru нет; для поиска и откликов по ссылке он не нужен"
            )?,
            Err(problem) => writeln!(f, "  состояние: {problem}")?,
        }
        match &self.access {
            Some(Access::Probed(capability)) => {
                writeln!(f, "{}", crate::access::describe(capability))?
            }
            Some(Access::NotChecked(why)) => writeln!(f, "Доступ: не проверен — {why}")?,
            None => {}
        }
        match &self.status {
            Ok(status) => {
                match (&status.last_refresh, stale_failure(status)) {
                    (Some(record), Some(_)) => writeln!(
                        f,
                        "Последнее обновление: {} — не удалось, но после этого вы авторизовались заново",
                        record.at.format("%Y-%m-%d %H:%M UTC"),
                    )?,
                    (Some(record), None) => writeln!(
                        f,
                        "Последнее обновление: {} — {}",
                        record.at.format("%Y-%m-%d %H:%M UTC"),
                        result_text(record.result),
                    )?,
                    (None, _) => writeln!(f, "Последнее обновление: ещё не было")?,
                }
                if let Some(at) = self.last_check {
                    writeln!(
                        f,
                        "Последняя проверка: {} — обновлять было рано",
                        at.format("%Y-%m-%d %H:%M UTC")
                    )?;
                }
                if let Some(auth) = &status.last_authorization {
                    writeln!(
                        f,
                        "Последняя авторизация: {}",
                        auth.at.format("%Y-%m-%d %H:%M UTC")
                    )?;
                }
            }
            Err(problem) => writeln!(f, "Файл статуса: {problem}")?,
        }
        Ok(())
    }
}

fn result_text(result: RefreshResult) -> &'static str {
    match result {
        RefreshResult::Refreshed => "токен обновлён",
        RefreshResult::NotDue => "обновлять ещё рано",
        RefreshResult::TransientFailure => "временная ошибка, повторим",
        RefreshResult::Uncertain => "ответ hh.ru потерян, повторим",
        RefreshResult::ReauthorizationNeeded => "нужна повторная авторизация",
        RefreshResult::Misconfigured => "ошибка настройки",
    }
}
