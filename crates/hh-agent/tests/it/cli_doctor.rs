//! `hh doctor` against the sandbox (hh.ru), hh-callback in process and the Telegram
//! emulator: every check passes on a good installation, and each failure is found and
//! explained — a bad bot token, unreachable hh.ru, a refused User-Agent, clock skew, open
//! modes, a missing config, a silent hh-callback, an unresolvable redirect host, no allowed
//! chats, a failed refresh, nginx and systemd (through stand-in programs).

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Utc;
use hh_agent::cli::doctor::{self, Check, Mark, Options};
use hh_agent::token_store::{RefreshRecord, RefreshResult};
use hh_sandbox::telegram;
use hh_sandbox::{Fault, FaultKind};

use crate::support::{World, STATE_KEY};

/// A good installation: a login done through hh-callback, the secrets in a credentials
/// directory, Telegram's emulator, no systemd and no nginx.
struct Install {
    world: World,
    telegram: telegram::Server,
    credentials: tempfile::TempDir,
    bin: tempfile::TempDir,
    options: Options,
}

impl Install {
    async fn new() -> Install {
        let world = World::start().await;
        let (status, _) = world.authorize(None).await;
        assert_eq!(status, 200);
        let telegram = telegram::Server::start().await.unwrap();
        let credentials = tempfile::tempdir().unwrap();
        for (name, value) in [
            ("hh-client-secret", hh_sandbox::CLIENT_SECRET),
            ("hh-state-key", STATE_KEY),
            ("telegram-bot-token", "123:doctor"),
        ] {
            let path = credentials.path().join(name);
            std::fs::write(&path, value).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let bin = tempfile::tempdir().unwrap();
        let options = Options {
            config: world.dir.path().join("doctor.toml"),
            service_user: "hh-agent-doctor-test-nobody".to_owned(),
            systemd_marker: bin.path().join("no-systemd"),
            nginx_site: bin.path().join("hh-agent.conf"),
            path: bin.path().display().to_string(),
        };
        let install = Install {
            world,
            telegram,
            credentials,
            bin,
            options,
        };
        install.write_config(|_| {});
        install
    }

    /// Writes the config with `change` applied to its `(key, value)` lines.
    fn write_config(&self, change: impl FnOnce(&mut Vec<(&'static str, String)>)) {
        let config = &self.world.config;
        let listen = self
            .world
            .callback_url
            .trim_start_matches("http://")
            .to_owned();
        let mut hh = vec![
            ("client_id", format!("{:?}", config.hh.client_id)),
            ("redirect_uri", format!("{:?}", config.hh.redirect_uri)),
            ("user_agent", format!("{:?}", config.hh.user_agent)),
            ("oauth_base_url", format!("{:?}", config.hh.oauth_base_url)),
            ("api_base_url", format!("{:?}", config.hh.api_base_url)),
            ("request_interval_ms", "0".to_owned()),
            ("listen", format!("{listen:?}")),
            ("telegram_api_url", format!("{:?}", self.telegram.url())),
            ("allowed_chats", "[42]".to_owned()),
        ];
        change(&mut hh);
        let value = |key: &str| {
            hh.iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let mut text = String::from("[hh]\n");
        for key in [
            "client_id",
            "redirect_uri",
            "user_agent",
            "oauth_base_url",
            "api_base_url",
            "request_interval_ms",
        ] {
            text += &format!("{key} = {}\n", value(key));
        }
        text += &format!(
            "\n[token]\npath = {:?}\n",
            config.token.path.display().to_string()
        );
        text += &format!("\n[callback]\nlisten = {}\n", value("listen"));
        text += &format!(
            "\n[bot]\nstate_dir = {:?}\ntelegram_api_url = {}\nallowed_chats = {}\n",
            self.world.dir.path().join("hh-bot").display().to_string(),
            value("telegram_api_url"),
            value("allowed_chats")
        );
        std::fs::write(&self.options.config, text).unwrap();
    }

    async fn run(&self) -> Vec<Check> {
        let dir = self.credentials.path().display().to_string();
        let env = move |name: &str| (name == "HH_AGENT_CREDENTIALS").then(|| dir.clone());
        doctor::run(&self.options, &env).await
    }

    /// A stand-in program in the doctor's `$PATH`.
    fn program(&self, name: &str, script: &str) {
        let path = self.bin.path().join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

fn find<'a>(checks: &'a [Check], name: &str) -> &'a Check {
    checks
        .iter()
        .find(|check| check.name == name)
        .unwrap_or_else(|| panic!("no check {name}: {checks:#?}"))
}

fn failed(checks: &[Check]) -> Vec<&str> {
    checks
        .iter()
        .filter(|check| check.mark == Mark::Fail)
        .map(|check| check.name.as_str())
        .collect()
}

#[tokio::test]
async fn a_good_installation_passes_every_check_in_order() {
    let install = Install::new().await;
    let checks = install.run().await;
    assert!(failed(&checks).is_empty(), "{checks:#?}");
    let names: Vec<&str> = checks.iter().map(|check| check.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Конфигурация",
            "Секрет hh-client-secret",
            "Секрет hh-state-key",
            "Секрет telegram-bot-token",
            "Каталог токена",
            "Файл токена",
            "Последнее обновление токена",
            "Службы systemd",
            "nginx",
            "hh-callback",
            "Адрес возврата",
            "hh.ru",
            "HH-User-Agent",
            "Часы",
            "Доступ к hh.ru",
            "Telegram",
            "Разрешённые чаты",
            "Место для токена",
            "Место для журнала откликов",
        ]
    );
    assert_eq!(find(&checks, "Службы systemd").mark, Mark::Skip);
    assert_eq!(find(&checks, "nginx").mark, Mark::Skip);
    assert!(find(&checks, "Telegram").detail.contains("@hh_test_bot"));
    let name = &install.world.sandbox.catalog().dataset.people[0].first_name;
    assert!(find(&checks, "Доступ к hh.ru")
        .detail
        .contains(name.as_str()));
    let answer = doctor::answer(&checks);
    assert!(
        answer.ok && answer.text.ends_with("Всё в порядке.\n"),
        "{}",
        answer.text
    );
    for line in answer
        .text
        .lines()
        .filter(|line| !line.is_empty())
        .take(checks.len())
    {
        assert!(line.starts_with('✔') || line.starts_with('–'), "{line}");
    }
}

#[tokio::test]
async fn the_network_failures_are_found_and_explained() {
    let install = Install::new().await;
    std::fs::write(
        install.credentials.path().join("telegram-bot-token"),
        "not-a-token",
    )
    .unwrap();
    install.write_config(|lines| {
        for (key, value) in lines.iter_mut() {
            match *key {
                "listen" => *value = "\"127.0.0.1:9\"".to_owned(),
                "allowed_chats" => *value = "[]".to_owned(),
                "redirect_uri" => {
                    *value = "\"http://hh-agent-doctor.invalid/hh/callback\"".to_owned()
                }
                _ => {}
            }
        }
    });
    install.world.sandbox.advance(Duration::from_secs(600));
    let checks = install.run().await;
    assert_eq!(
        failed(&checks),
        [
            "hh-callback",
            "Адрес возврата",
            "Часы",
            "Telegram",
            "Разрешённые чаты"
        ],
        "{checks:#?}"
    );
    assert!(find(&checks, "Telegram").detail.contains("@BotFather"));
    assert!(find(&checks, "Часы").detail.contains("timedatectl"));
    assert!(find(&checks, "hh-callback")
        .detail
        .contains("systemctl start hh-callback"));
    let text = format!("{checks:?}");
    assert!(!text.contains("not-a-token"), "no secret in the report");

    // hh.ru unreachable: said once, and the clock has nothing to compare with.
    install.write_config(|lines| {
        for (key, value) in lines.iter_mut() {
            if *key == "api_base_url" {
                *value = "\"http://127.0.0.1:9\"".to_owned();
            }
        }
    });
    let checks = install.run().await;
    assert_eq!(find(&checks, "hh.ru").mark, Mark::Fail, "{checks:#?}");
    assert_eq!(find(&checks, "Часы").mark, Mark::Skip);

    // A User-Agent hh.ru refuses.
    install.write_config(|_| {});
    install.world.sandbox.inject(Fault {
        method: Some("GET".into()),
        path: "/dictionaries".into(),
        kind: FaultKind::Status {
            status: 400,
            body: r#"{"errors":[{"type":"bad_user_agent","value":"blacklisted"}]}"#.into(),
            retry_after: None,
        },
        times: 1,
        skip: 0,
    });
    let checks = install.run().await;
    assert_eq!(
        find(&checks, "HH-User-Agent").mark,
        Mark::Fail,
        "{checks:#?}"
    );
}

#[tokio::test]
async fn the_local_failures_are_found_and_explained() {
    let install = Install::new().await;
    let store = install.world.store();
    let secret = install.credentials.path().join("hh-state-key");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    store
        .lock()
        .unwrap()
        .update_status(|status| {
            status.last_refresh = Some(RefreshRecord {
                at: Utc::now() + chrono::Duration::minutes(1),
                result: RefreshResult::ReauthorizationNeeded,
                reason: "token revoked".into(),
                next_due: None,
            })
        })
        .unwrap();
    std::fs::set_permissions(store.dir(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let checks = install.run().await;
    assert_eq!(
        failed(&checks),
        [
            "Секрет hh-state-key",
            "Каталог токена",
            "Последнее обновление токена"
        ],
        "{checks:#?}"
    );
    assert!(find(&checks, "Каталог токена").detail.contains("chmod 700"));
    assert!(find(&checks, "Секрет hh-state-key")
        .detail
        .contains("chmod 600"));
    assert!(find(&checks, "Последнее обновление токена")
        .detail
        .contains("hh login"));

    // No config: said first, the rest skipped.
    std::fs::remove_file(&install.options.config).unwrap();
    let checks = install.run().await;
    assert_eq!(checks.len(), 2, "{checks:#?}");
    assert_eq!(checks[0].mark, Mark::Fail);
    assert!(checks[0].detail.contains("config.example.toml"));
    assert_eq!(checks[1].mark, Mark::Skip);
}

#[tokio::test]
async fn nginx_and_systemd_are_checked_when_present() {
    let install = Install::new().await;
    install.program(
        "nginx",
        "echo 'nginx: configuration file test failed' >&2; exit 1",
    );
    let checks = install.run().await;
    assert!(
        find(&checks, "nginx")
            .detail
            .contains("nginx/hh-agent.conf"),
        "no site yet"
    );
    std::fs::write(&install.options.nginx_site, "server {}\n").unwrap();
    let checks = install.run().await;
    assert_eq!(find(&checks, "nginx").mark, Mark::Fail);
    assert!(find(&checks, "nginx").detail.contains("nginx -t"));
    install.program("nginx", "exit 0");
    assert_eq!(find(&install.run().await, "nginx").mark, Mark::Pass);

    std::fs::create_dir(&install.options.systemd_marker).unwrap();
    install.program(
        "systemctl",
        r#"case "$1" in
is-enabled) [ "$2" = hh-bot.service ] && echo disabled || echo enabled ;;
is-active) [ "$2" = hh-callback.service ] && { echo failed; exit 3; } || echo active ;;
show) echo 'Mon 2026-11-30 09:15:00 UTC' ;;
esac"#,
    );
    let checks = install.run().await;
    assert_eq!(
        find(&checks, "Служба hh-refresh.timer").mark,
        Mark::Pass,
        "{checks:#?}"
    );
    assert!(find(&checks, "Служба hh-bot.service")
        .detail
        .contains("systemctl enable --now hh-bot.service"));
    assert!(find(&checks, "Служба hh-callback.service")
        .detail
        .contains("упала"));
    assert!(find(&checks, "Следующий запуск hh-refresh")
        .detail
        .contains("2026-11-30"));
}

#[tokio::test]
async fn the_binary_exits_zero_only_when_nothing_failed_and_speaks_json() {
    let install = Install::new().await;
    let run = |config: &Path| {
        let config: PathBuf = config.to_owned();
        let credentials = install.credentials.path().to_owned();
        async move {
            tokio::process::Command::new(env!("CARGO_BIN_EXE_hh"))
                .args(["doctor", "--json", "--config"])
                .arg(&config)
                .env("HH_AGENT_CREDENTIALS", credentials)
                .env_remove("CREDENTIALS_DIRECTORY")
                .output()
                .await
                .unwrap()
        }
    };
    let output = run(&install.options.config).await;
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let failures: Vec<&serde_json::Value> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|check| check["status"] == "fail")
        .collect();
    // This machine's nginx, if any, has no hh-agent site: the only failure allowed.
    assert!(
        failures.iter().all(|check| check["check"] == "nginx"),
        "{failures:?}"
    );
    assert_eq!(output.status.success(), failures.is_empty());
    let output = run(&install.world.dir.path().join("missing.toml")).await;
    assert!(!output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(report["checks"][0]["status"], "fail");
}

/// Without applicant access and without ever logging in, a good installation passes: the
/// token file is not needed (skipped, saying why), and the probe says search works with
/// the app's token and applying is by link. A login whose file vanished still fails.
#[tokio::test]
async fn an_installation_without_a_login_passes_in_the_mode_without_applicant_access() {
    let install = Install::new().await;
    let store = install.world.store();
    std::fs::remove_file(store.path()).unwrap();
    let checks = install.run().await;
    assert_eq!(failed(&checks), ["Файл токена"], "{checks:#?}");
    assert!(find(&checks, "Файл токена")
        .detail
        .contains("хотя вход был"));

    std::fs::remove_file(store.status_path()).unwrap();
    install.world.sandbox.set_access(hh_sandbox::Access::Closed);
    let checks = install.run().await;
    assert!(failed(&checks).is_empty(), "{checks:#?}");
    let token = find(&checks, "Файл токена");
    assert_eq!(token.mark, Mark::Skip);
    assert!(token
        .detail
        .contains("для поиска и откликов по ссылке он не нужен"));
    let access = find(&checks, "Доступ к hh.ru");
    assert_eq!(access.mark, Mark::Pass);
    assert!(
        access.detail.contains("с ключом приложения") && access.detail.contains("по ссылке"),
        "{}",
        access.detail
    );
}
