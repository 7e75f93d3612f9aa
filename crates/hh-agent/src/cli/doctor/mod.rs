//! `hh doctor`: the installation checked in order, one line each — ✔ passed, ✖ failed
//! with what to do, «–» skipped (not applicable here) — and JSON for scripts. Exit 0
//! when nothing failed.
//!
//! The checks live by what they look at: `files` (config, secrets, token directory and
//! file, the last refresh, free disk), `system` (systemd units, nginx), `network`
//! (hh-callback, the redirect URI's host, hh.ru and its clock, Telegram). Every upstream
//! is the config's URL, and every machine path is an [`Options`] field, so tests point
//! them at the sandbox, the Telegram emulator and temp directories.

mod files;
mod network;
mod system;

use std::path::PathBuf;

use serde_json::{json, Value};

use super::output::Answer;

/// How a check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Fine.
    Pass,
    /// Broken; the detail says what to do.
    Fail,
    /// Not applicable here (no systemd, no nginx, nothing to check yet).
    Skip,
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What was checked, in Russian.
    pub name: String,
    /// How it ended.
    pub mark: Mark,
    /// What was found, and for a failure what to do.
    pub detail: String,
}

impl Check {
    fn new(name: impl Into<String>, mark: Mark, detail: impl Into<String>) -> Check {
        Check {
            name: name.into(),
            mark,
            detail: detail.into(),
        }
    }

    /// A passed check.
    pub fn pass(name: impl Into<String>, detail: impl Into<String>) -> Check {
        Check::new(name, Mark::Pass, detail)
    }

    /// A failed check with what to do.
    pub fn fail(name: impl Into<String>, detail: impl Into<String>) -> Check {
        Check::new(name, Mark::Fail, detail)
    }

    /// A check that does not apply here.
    pub fn skip(name: impl Into<String>, detail: impl Into<String>) -> Check {
        Check::new(name, Mark::Skip, detail)
    }
}

/// Where the machine keeps what the checks look at.
#[derive(Debug, Clone)]
pub struct Options {
    /// The config file.
    pub config: PathBuf,
    /// The user the services run as; its ownership is checked when it exists.
    pub service_user: String,
    /// Present when systemd runs (`/run/systemd/system`).
    pub systemd_marker: PathBuf,
    /// The nginx site.
    pub nginx_site: PathBuf,
    /// Where to look for `nginx` and `systemctl` (`$PATH`).
    pub path: String,
}

impl Options {
    /// This machine's places.
    pub fn system(config: PathBuf) -> Options {
        Options {
            config,
            service_user: "hh-agent".to_owned(),
            systemd_marker: PathBuf::from("/run/systemd/system"),
            nginx_site: PathBuf::from("/etc/nginx/conf.d/hh-agent.conf"),
            path: std::env::var("PATH").unwrap_or_default(),
        }
    }
}

/// Runs every check in order; `env` reads variables (config overrides, secrets).
pub async fn run(options: &Options, env: &dyn Fn(&str) -> Option<String>) -> Vec<Check> {
    let mut checks = Vec::new();
    let config = files::config(options, env, &mut checks);
    let Some(config) = config else {
        checks.push(Check::skip(
            "Остальные проверки",
            "пропущены: без конфигурации нечего проверять",
        ));
        return checks;
    };
    let secrets = files::secrets(env, &mut checks);
    files::token(&config, options, &mut checks);
    files::last_refresh(&config, &mut checks);
    system::units(options, &mut checks);
    system::nginx(options, &mut checks);
    network::callback(&config, &mut checks).await;
    network::hh(&config, &secrets, &mut checks).await;
    network::telegram(&config, &secrets, &mut checks).await;
    files::disk(&config, &mut checks);
    checks
}

/// The report as text and JSON; it succeeds when nothing failed.
pub fn answer(checks: &[Check]) -> Answer {
    let mut text = String::new();
    for check in checks {
        let mark = match check.mark {
            Mark::Pass => "✔",
            Mark::Fail => "✖",
            Mark::Skip => "–",
        };
        text += &format!("{mark} {}: {}\n", check.name, check.detail);
    }
    let failed = checks.iter().filter(|c| c.mark == Mark::Fail).count();
    text += &if failed == 0 {
        "\nВсё в порядке.\n".to_owned()
    } else {
        format!("\nПроблем: {failed}. Исправьте отмеченное ✖ и запустите hh doctor снова.\n")
    };
    let items: Vec<Value> = checks
        .iter()
        .map(|check| {
            json!({
                "check": check.name,
                "status": match check.mark {
                    Mark::Pass => "pass",
                    Mark::Fail => "fail",
                    Mark::Skip => "skip",
                },
                "detail": check.detail,
            })
        })
        .collect();
    Answer {
        text,
        json: json!({ "ok": failed == 0, "checks": items }),
        ok: failed == 0,
    }
}
