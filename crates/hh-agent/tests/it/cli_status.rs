//! `hh status` tells the truth about the token (a re-authorization after a failed refresh is
//! healthy, an open token directory is the problem hh-refresh refuses, a file it may not
//! read is "no permission", not "damaged"), and `hh auth-link` finds the services'
//! credentials directory by itself.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};

use chrono::{Duration, Utc};
use hh_agent::token_store::{AuthorizationRecord, RefreshRecord, RefreshResult, Store};

use crate::cli_online::Cli;
use crate::support::{config_for, pair, write_config_file, write_pair, World, STATE_KEY};

const HH: &str = env!("CARGO_BIN_EXE_hh");
/// An unprivileged user for the runs that must not be allowed to read the token.
const NOBODY: u32 = 65534;

/// A token directory with a fresh pair and the config naming it.
struct Setup {
    dir: tempfile::TempDir,
    config: PathBuf,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let token = dir.path().join("hh-token/token.json");
        let config = config_for(
            "http://127.0.0.1:9",
            "http://127.0.0.1:8000/callback",
            &token,
        );
        let config = write_config_file(dir.path(), &config);
        write_pair(&Store::new(&token), &pair("a", "r", 1_209_600, Utc::now()));
        Setup { dir, config }
    }

    fn store(&self) -> Store {
        Store::new(self.dir.path().join("hh-token/token.json"))
    }

    fn status(&self, failed: Duration, authorized: Duration) {
        let now = Utc::now();
        self.store()
            .lock()
            .unwrap()
            .update_status(|status| {
                status.last_refresh = Some(RefreshRecord {
                    at: now + failed,
                    result: RefreshResult::ReauthorizationNeeded,
                    reason: "token revoked".to_owned(),
                    next_due: None,
                });
                status.last_authorization = Some(AuthorizationRecord {
                    at: now + authorized,
                    chat_id: None,
                });
            })
            .unwrap();
    }

    fn run(&self, args: &[&str]) -> (bool, String, String) {
        run(std::process::Command::new(HH)
            .args(args)
            .arg("--config")
            .arg(&self.config))
    }
}

fn run(command: &mut std::process::Command) -> (bool, String, String) {
    let output = command
        .env_remove("CREDENTIALS_DIRECTORY")
        .env_remove("HH_STATE_KEY")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn a_reauthorization_after_a_failed_refresh_is_healthy() {
    let setup = Setup::new();
    setup.status(Duration::minutes(-10), Duration::minutes(-5));
    let (ok, out, err) = setup.run(&["status"]);
    assert!(ok, "{out}{err}");
    assert!(!out.contains("нужна повторная авторизация"), "{out}");
    assert!(out.contains("авторизовались заново"), "{out}");
    // No English reason in brackets.
    assert!(!out.contains("token revoked"), "{out}");

    // A failure after the last authorization is still the truth.
    setup.status(Duration::minutes(-1), Duration::minutes(-5));
    let (ok, out, _) = setup.run(&["status"]);
    assert!(!ok);
    assert!(out.contains("нужна повторная авторизация"), "{out}");
}

#[test]
fn an_open_token_directory_is_the_problem_hh_refresh_refuses() {
    let setup = Setup::new();
    let dir = setup.store().dir().to_owned();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (ok, out, _) = setup.run(&["status"]);
    assert!(!ok, "{out}");
    assert!(out.contains("0755"), "{out}");
    assert!(
        out.contains(&format!("chmod 700 {}", dir.display())),
        "{out}"
    );
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    let (ok, out, _) = setup.run(&["status"]);
    assert!(ok, "{out}");
}

/// Runs `hh status` as a user who may not read the token: `nobody` when the tests run as
/// root (root reads everything), else this user with the file's read bits removed.
#[test]
fn a_token_it_may_not_read_is_reported_as_unreadable_not_damaged() {
    let setup = Setup::new();
    let root = unsafe { libc::geteuid() } == 0;
    let mut command = std::process::Command::new(HH);
    command.arg("status").arg("--config").arg(&setup.config);
    if root {
        open_for_everyone(setup.dir.path(), &setup.config);
        command.uid(NOBODY).gid(NOBODY);
    } else {
        let token = setup.store().path().to_owned();
        std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let (ok, out, err) = run(&mut command);
    assert!(!ok, "{out}{err}");
    assert!(out.contains("нет прав на чтение"), "{out}");
    assert!(!out.contains("повреждён"), "{out}");

    // A missing file is "no file", not damaged.
    std::fs::remove_file(setup.store().path()).unwrap();
    let (ok, out, _) = setup.run(&["status"]);
    assert!(!ok);
    assert!(out.contains("нет файла"), "{out}");
    assert!(!out.contains("повреждён"), "{out}");
}

/// The temp directory and the config readable by anyone (the token directory stays 0700).
fn open_for_everyone(dir: &Path, config: &Path) {
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(config, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn auth_link_finds_the_services_credentials_directory_by_itself() {
    let setup = Setup::new();
    let credentials = tempfile::tempdir().unwrap();
    let mut command = std::process::Command::new(HH);
    command
        .args(["auth-link", "--config"])
        .arg(&setup.config)
        .env("HH_AGENT_CREDENTIALS", credentials.path());
    let (ok, _, err) = run(&mut command);
    assert!(!ok);
    let expected = credentials.path().join("hh-state-key");
    assert!(err.contains(&expected.display().to_string()), "{err}");
    assert!(err.contains("HH_STATE_KEY"), "{err}");

    std::fs::write(&expected, STATE_KEY).unwrap();
    let mut command = std::process::Command::new(HH);
    command
        .args(["auth-link", "--config"])
        .arg(&setup.config)
        .env("HH_AGENT_CREDENTIALS", credentials.path());
    let (ok, out, err) = run(&mut command);
    assert!(ok, "{err}");
    assert!(out.contains("login?state=v1."), "{out}");
}

/// `hh status` ends with what the app may do now, asked of hh.ru: with no login at all on
/// today's hh.ru that is healthy (search with the app's token, applying by link); a
/// login hh.ru refuses applicant methods to says why; full access says API applying;
/// `--offline` asks nothing.
#[tokio::test]
async fn status_says_what_the_app_may_do_now() {
    let world = World::start().await;
    world.sandbox.set_access(hh_sandbox::Access::Closed);
    let cli = Cli::new(&world.config, world.dir.path());

    let (ok, out, err) = cli.run(&["status"]).await;
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("Доступ: поиск — с ключом приложения, отклики — по ссылке на hh.ru")
            && out.contains("входа на hh.ru нет"),
        "{out}"
    );

    let (code, _) = world.authorize(None).await;
    assert_eq!(code, 200);
    let (ok, out, err) = cli.run(&["status"]).await;
    assert!(ok, "{out}{err}");
    assert!(out.contains("с декабря 2025 года"), "{out}");
    assert!(out.contains("истекает через"), "{out}");

    world.sandbox.set_access(hh_sandbox::Access::Full);
    let (ok, out, _) = cli.run(&["status"]).await;
    let name = &world.sandbox.catalog().dataset.people[0].first_name;
    assert!(
        ok && out.contains("отклики — через API hh.ru") && out.contains(name.as_str()),
        "{out}"
    );

    let asked = world.sandbox.requests().len();
    let (ok, out, _) = cli.run(&["status", "--offline"]).await;
    assert!(
        ok && out.contains("Доступ: не проверен — hh.ru не спрашивали"),
        "{out}"
    );
    assert_eq!(
        world.sandbox.requests().len(),
        asked,
        "--offline asked hh.ru"
    );
}

/// Without the app's secret, a closed hh.ru gives nothing to search with: the status says
/// so and fails, rather than calling the missing file the problem.
#[tokio::test]
async fn status_without_the_apps_secret_on_a_closed_hh_is_unhealthy() {
    let world = World::start().await;
    world.sandbox.set_access(hh_sandbox::Access::Closed);
    let config = write_config_file(world.dir.path(), &world.config);
    let output = tokio::process::Command::new(HH)
        .args(["status", "--config"])
        .arg(&config)
        .env(
            "HH_AGENT_CREDENTIALS",
            world.dir.path().join("no-credentials"),
        )
        .env_remove("CREDENTIALS_DIRECTORY")
        .env_remove("HH_CLIENT_SECRET")
        .output()
        .await
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(!output.status.success(), "{out}");
    assert!(
        out.contains("Доступ: hh.ru не даёт искать без ключа приложения")
            && out.contains("hh-client-secret"),
        "{out}"
    );
}
