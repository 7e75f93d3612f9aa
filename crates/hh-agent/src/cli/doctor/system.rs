//! The doctor's checks of the services: the systemd units (installed, enabled, active, the
//! timer's next run) only when systemd runs, and the nginx site with `nginx -t` only when
//! nginx is installed; otherwise one line saying they were skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Check, Options};

/// The units the installation enables.
const UNITS: [&str; 4] = [
    "hh-callback.service",
    "hh-refresh.timer",
    "hh-bot.service",
    "hh-refresh.service",
];

/// Finds `program` in the `path` list.
pub fn find(program: &str, path: &str) -> Option<PathBuf> {
    path.split(':')
        .filter(|dir| !dir.is_empty())
        .map(|dir| Path::new(dir).join(program))
        .find(|candidate| candidate.is_file())
}

/// Runs `program args`; its success and its first line of output.
fn run(program: &Path, args: &[&str]) -> (bool, String) {
    match Command::new(program).args(args).output() {
        Ok(output) => {
            let text = String::from_utf8_lossy(&output.stdout).to_string()
                + &String::from_utf8_lossy(&output.stderr);
            let line = text.lines().next().unwrap_or("").trim().to_owned();
            (output.status.success(), line)
        }
        Err(_) => (false, String::new()),
    }
}

/// Each unit installed, enabled and active; the timer's next run.
pub fn units(options: &Options, checks: &mut Vec<Check>) {
    let systemctl = find("systemctl", &options.path);
    let (true, Some(systemctl)) = (options.systemd_marker.exists(), systemctl) else {
        checks.push(Check::skip(
            "Службы systemd",
            "systemd здесь не запущен: проверки служб пропущены",
        ));
        return;
    };
    for unit in UNITS {
        let name = format!("Служба {unit}");
        let (_, enabled) = run(&systemctl, &["is-enabled", unit]);
        let (active, state) = run(&systemctl, &["is-active", unit]);
        // hh-refresh.service is started by its timer: it is neither enabled nor running.
        let oneshot = unit == "hh-refresh.service";
        let check = match enabled.as_str() {
            "" | "not-found" => Check::fail(name, "не установлена: запустите scripts/install.sh"),
            _ if oneshot => Check::pass(name, "установлена, запускается таймером"),
            "enabled" if active => Check::pass(name, "включена и работает"),
            "enabled" => {
                let state = match state.as_str() {
                    "failed" => "упала",
                    "activating" => "запускается",
                    _ => "остановлена",
                };
                Check::fail(name, format!("включена, но {state}: journalctl -u {unit}"))
            }
            _ => Check::fail(name, format!("не включена: systemctl enable --now {unit}")),
        };
        checks.push(check);
    }
    let (_, next) = run(
        &systemctl,
        &[
            "show",
            "hh-refresh.timer",
            "-p",
            "NextElapseUSecRealtime",
            "--value",
        ],
    );
    checks.push(if next.is_empty() || next == "n/a" {
        Check::fail(
            "Следующий запуск hh-refresh",
            "не запланирован: systemctl enable --now hh-refresh.timer",
        )
    } else {
        Check::pass("Следующий запуск hh-refresh", next)
    });
}

/// The nginx site present and `nginx -t` passing, when nginx is installed.
pub fn nginx(options: &Options, checks: &mut Vec<Check>) {
    let name = "nginx";
    let Some(nginx) = find("nginx", &options.path) else {
        checks.push(Check::skip(
            name,
            "nginx не установлен: проверка сайта пропущена",
        ));
        return;
    };
    if !options.nginx_site.is_file() {
        checks.push(Check::fail(
            name,
            format!(
                "нет сайта {}: скопируйте туда nginx/hh-agent.conf и выполните systemctl reload nginx",
                options.nginx_site.display()
            ),
        ));
        return;
    }
    let (ok, line) = run(&nginx, &["-t"]);
    checks.push(if ok {
        Check::pass(
            name,
            format!(
                "сайт {} на месте, nginx -t проходит",
                options.nginx_site.display()
            ),
        )
    } else {
        Check::fail(
            name,
            format!("nginx -t не проходит, исправьте конфигурацию: {line}"),
        )
    });
}
