//! The refresh path: not due, due, every error class (exit code, old pair intact, status
//! file), concurrency across processes, and a write that cannot happen; what the bot makes
//! of the results in `watch`.

use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;
use std::time::Duration;

use tokio::process::Command;

use hh_agent::oauth;
use hh_agent::refresh::{self, Outcome, Policy};
use hh_agent::token_store::{RefreshResult, Store};
use hh_sandbox::{Fault, FaultKind};

use crate::support::{self, World};

mod watch;

const REFRESH: &str = env!("CARGO_BIN_EXE_hh-refresh");

fn fast() -> Policy {
    Policy {
        attempts: 3,
        backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
    }
}

/// Authorizes through the real flow and expires the pair on both clocks.
async fn expired_world() -> World {
    let world = World::start().await;
    assert_eq!(world.authorize(None).await.0, 200);
    world.expire();
    world.sandbox.clear_requests();
    world
}

pub(crate) fn last_result(store: &Store) -> RefreshResult {
    store.read_status().unwrap().last_refresh.unwrap().result
}

/// The next `POST /token` loses its connection, before or after hh.ru acted on it.
pub(crate) fn drop_token_request(world: &World, kind: FaultKind) {
    world.sandbox.inject(Fault {
        method: Some("POST".into()),
        path: "/token".into(),
        kind,
        times: 1,
        skip: 0,
    });
}

#[tokio::test]
async fn not_due_makes_no_call() {
    let world = World::start().await;
    assert_eq!(world.authorize(None).await.0, 200);
    world.sandbox.clear_requests();
    let client = oauth::Client::new(&world.config.hh).unwrap();
    let outcome = refresh::refresh_if_due(&world.store(), &client, &world.clock, &fast())
        .await
        .unwrap();
    assert!(matches!(outcome, Outcome::NotDue { .. }));
    assert_eq!(world.token_calls(), 0);
    assert_eq!(last_result(&world.store()), RefreshResult::NotDue);
}

/// The real binary on a fresh pair: exit 0, the check noted, nothing sent (this path
/// builds no runtime and no HTTP client; `scripts/bench-footprint.sh` times it).
#[tokio::test]
async fn the_binary_on_a_fresh_pair_notes_the_check_and_sends_nothing() {
    let world = World::start().await;
    assert_eq!(world.authorize(None).await.0, 200);
    world.sandbox.clear_requests();
    let pair = world.store().read().unwrap();
    let output = world.run_refresh().await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("not due yet"), "{stderr}");
    assert_eq!(world.sandbox.requests().len(), 0);
    let record = world.store().read_status().unwrap().last_refresh.unwrap();
    assert_eq!(record.result, RefreshResult::NotDue);
    assert_eq!(record.next_due, Some(pair.expires_at));
    assert_eq!(world.store().read().unwrap(), pair);
}

#[tokio::test]
async fn due_pair_is_replaced_and_the_old_refresh_token_is_refused() {
    let world = expired_world().await;
    let store = world.store();
    let old = store.read().unwrap();
    let client = oauth::Client::new(&world.config.hh).unwrap();
    let outcome = refresh::refresh_if_due(&store, &client, &world.clock, &fast())
        .await
        .unwrap();
    let new = store.read().unwrap();
    assert_eq!(
        outcome,
        Outcome::Refreshed {
            expires_at: new.expires_at
        }
    );
    assert_ne!(new.refresh_token, old.refresh_token);
    assert_ne!(new.access_token, old.access_token);
    assert_eq!(support::mode(store.path()), 0o600);
    let refresh_request = &world.sandbox.requests()[0];
    let fields: Vec<&str> = refresh_request
        .form
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(
        fields,
        ["grant_type", "refresh_token"],
        "refresh sends only these two fields"
    );
    match client.refresh(&old.refresh_token).await {
        Err(oauth::Error::Reauthorize { reason }) => assert!(
            reason.contains("token has already been refreshed"),
            "{reason}"
        ),
        other => panic!("old refresh token accepted: {:?}", other.map(|_| ())),
    }
    assert_eq!(last_result(&store), RefreshResult::Refreshed);
}

/// Each error class through the real binary: exit code, old pair intact, status file.
#[tokio::test]
async fn error_classes_map_to_exit_codes_and_keep_the_old_pair() {
    struct Case {
        name: &'static str,
        setup: fn(&World),
        exit: i32,
        result: RefreshResult,
        says: &'static str,
    }
    let cases = [
        Case {
            name: "503 burst",
            setup: |w| {
                w.sandbox.inject(Fault {
                    method: Some("POST".into()),
                    path: "/token".into(),
                    kind: FaultKind::Status {
                        status: 503,
                        body: String::new(),
                        retry_after: Some(0),
                    },
                    times: 10,
                    skip: 0,
                })
            },
            exit: 1,
            result: RefreshResult::TransientFailure,
            says: "temporary failure",
        },
        Case {
            name: "429",
            setup: |w| {
                w.sandbox.inject(Fault {
                    method: Some("POST".into()),
                    path: "/token".into(),
                    kind: FaultKind::Status {
                        status: 429,
                        body: String::new(),
                        retry_after: Some(0),
                    },
                    times: 10,
                    skip: 0,
                })
            },
            exit: 1,
            result: RefreshResult::TransientFailure,
            says: "429",
        },
        Case {
            name: "password changed",
            setup: |w| w.sandbox.deactivate_user_tokens(),
            exit: 2,
            result: RefreshResult::ReauthorizationNeeded,
            says: "token deactivated",
        },
        Case {
            name: "request lost",
            setup: |w| drop_token_request(w, FaultKind::DropBeforeProcessing),
            exit: 1,
            result: RefreshResult::Uncertain,
            says: "uncertain, retrying",
        },
        Case {
            name: "answer lost",
            setup: |w| drop_token_request(w, FaultKind::DropAfterProcessing),
            exit: 1,
            result: RefreshResult::Uncertain,
            says: "uncertain, retrying",
        },
        Case {
            name: "invalid client",
            setup: |w| {
                w.sandbox.inject(Fault { method: Some("POST".into()), path: "/token".into(), kind: FaultKind::Status { status: 400, body: r#"{"error":"invalid_client","error_description":"client_id or client_secret not found"}"#.into(), retry_after: None }, times: 1 , skip: 0,})
            },
            exit: 3,
            result: RefreshResult::Misconfigured,
            says: "client_id",
        },
    ];
    for case in cases {
        let world = expired_world().await;
        let store = world.store();
        let before = std::fs::read(store.path()).unwrap();
        (case.setup)(&world);
        let output = world.run_refresh().await;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(case.exit),
            "{}: {stderr}",
            case.name
        );
        assert!(stderr.contains(case.says), "{}: {stderr}", case.name);
        assert_eq!(
            std::fs::read(store.path()).unwrap(),
            before,
            "{}: token file changed",
            case.name
        );
        assert_eq!(last_result(&store), case.result, "{}", case.name);
    }
}

#[tokio::test]
async fn already_refreshed_token_needs_reauthorization() {
    let world = expired_world().await;
    let store = world.store();
    let before = std::fs::read(store.path()).unwrap();
    let client = oauth::Client::new(&world.config.hh).unwrap();
    refresh::refresh_if_due(&store, &client, &world.clock, &fast())
        .await
        .unwrap();
    // Someone restores the old file (a backup, another machine): its refresh token is spent.
    let guard = store.lock().unwrap();
    hh_agent::token_store::Reservation::new(store.path())
        .unwrap()
        .commit(&before)
        .unwrap();
    drop(guard);
    let output = world.run_refresh().await;
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("token has already been refreshed"));
}

#[tokio::test]
async fn clock_skew_with_hh_is_not_an_error() {
    let world = World::start().await;
    assert_eq!(world.authorize(None).await.0, 200);
    let store = world.store();
    // Our file says expired; the sandbox (hh.ru) thinks the token is still alive.
    let mut pair = store.read().unwrap();
    pair.expires_at = chrono::Utc::now() - chrono::Duration::seconds(1);
    support::write_pair(&store, &pair);
    let output = world.run_refresh().await;
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(last_result(&store), RefreshResult::NotDue);
    assert_eq!(store.read().unwrap(), pair);
}

/// No login at all — the mode without applicant access — or a logout: hh-refresh has
/// nothing to do, succeeds and records nothing, so neither systemd nor the bot calls it a
/// failure that needs a new login. A login after that is refreshed as usual.
#[tokio::test]
async fn without_a_login_or_after_a_logout_there_is_nothing_to_refresh() {
    let world = World::start().await;
    let store = world.store();
    let output = world.run_refresh().await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains("ERROR") && !stderr.contains("WARN") && !stderr.contains("authorize"),
        "{stderr}"
    );
    assert!(store.read_status().unwrap().last_refresh.is_none());
    assert!(!store.status_path().exists());

    let (code, _) = world.authorize(None).await;
    assert_eq!(code, 200);
    assert!(store.read_status().unwrap().expects_login());
    store
        .lock()
        .unwrap()
        .remove_token(world.clock.now())
        .unwrap();
    assert!(!store.read_status().unwrap().expects_login());
    let output = world.run_refresh().await;
    assert_eq!(output.status.code(), Some(0));
    assert!(store.read_status().unwrap().last_refresh.is_none());
    assert_eq!(world.token_calls(), 1, "only the code exchange");

    let (code, _) = world.authorize(None).await;
    assert_eq!(code, 200);
    world.expire();
    let output = world.run_refresh().await;
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(last_result(&store), RefreshResult::Refreshed);
}

#[tokio::test]
async fn missing_foreign_and_permissive_files_are_clear_errors() {
    let world = World::start().await;
    let store = world.store();
    // A login whose file is gone (not a logout) means logging in again.
    std::fs::create_dir_all(store.dir()).unwrap();
    std::fs::set_permissions(store.dir(), std::fs::Permissions::from_mode(0o700)).unwrap();
    store
        .lock()
        .unwrap()
        .update_status(|status| {
            status.last_authorization = Some(hh_agent::token_store::AuthorizationRecord {
                at: world.clock.now(),
                chat_id: None,
            })
        })
        .unwrap();
    let output = world.run_refresh().await;
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("authorize first"));

    std::fs::write(store.path(), r#"{"hello": "world"}"#).unwrap();
    std::fs::set_permissions(store.path(), std::fs::Permissions::from_mode(0o600)).unwrap();
    let output = world.run_refresh().await;
    assert_eq!(output.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not a token file"));
    assert_eq!(
        std::fs::read_to_string(store.path()).unwrap(),
        r#"{"hello": "world"}"#
    );

    support::write_pair(&store, &support::pair("A", "R", 60, world.clock.now()));
    std::fs::set_permissions(store.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let output = world.run_refresh().await;
    assert_eq!(output.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&output.stderr).contains("chmod 600"));
    assert_eq!(world.token_calls(), 0);

    let output = Command::new(REFRESH)
        .arg("--config")
        .arg(world.dir.path().join("nope.toml"))
        .output()
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&output.stderr).contains("не удалось прочитать конфигурацию"));
}

/// Eight processes refresh the same due token at once: one request reaches hh.ru.
#[tokio::test]
async fn eight_processes_make_exactly_one_refresh() {
    let world = expired_world().await;
    let config = world.config_file();
    let children: Vec<_> = (0..8)
        .map(|_| {
            Command::new(REFRESH)
                .arg("--config")
                .arg(&config)
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut outputs = Vec::new();
    for child in children {
        outputs.push(child.wait_with_output().await.unwrap());
    }
    for output in &outputs {
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(world.token_calls(), 1);
    let refreshed = outputs
        .iter()
        .filter(|o| String::from_utf8_lossy(&o.stderr).contains("token pair refreshed"))
        .count();
    assert_eq!(refreshed, 1);
    let pair = world.store().read().unwrap();
    assert!(pair.expires_at > chrono::Utc::now());
}

/// A write that cannot happen is found before the refresh token is spent.
#[tokio::test]
async fn unwritable_disk_is_detected_before_spending_the_refresh_token() {
    let world = expired_world().await;
    let store = world.store();
    let before = std::fs::read(store.path()).unwrap();
    // A file-size limit of zero bytes: every allocation fails with EFBIG, as on a full quota.
    let output = unsafe {
        Command::new(REFRESH)
            .arg("--config")
            .arg(world.config_file())
            .pre_exec(|| {
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                let limit = libc::rlimit {
                    rlim_cur: 0,
                    rlim_max: libc::RLIM_INFINITY,
                };
                if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            })
            .output()
            .await
            .unwrap()
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("the refresh token was not spent"),
        "{stderr}"
    );
    assert_eq!(world.token_calls(), 0);
    assert_eq!(std::fs::read(store.path()).unwrap(), before);
    // The same token still refreshes once the disk is fine.
    assert_eq!(world.run_refresh().await.status.code(), Some(0));
    assert_eq!(world.token_calls(), 1);
}

/// On a real full filesystem (a tiny tmpfs; needs root, as CI has).
#[tokio::test]
async fn full_filesystem_is_detected_before_spending_the_refresh_token() {
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("not root: the rlimit test above covers this case");
        return;
    }
    let world = expired_world().await;
    let mount = tempfile::tempdir().unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs"])
        .arg(mount.path())
        .status()
        .unwrap();
    assert!(mounted.success());
    let store = Store::new(mount.path().join("token.json"));
    let pair = world.store().read().unwrap();
    support::write_pair(&store, &pair);
    let before = std::fs::read(store.path()).unwrap();
    let filler = mount.path().join("filler");
    let _ = std::fs::write(&filler, vec![0u8; 128 * 1024]); // fails part-way: the disk is full
    let client = oauth::Client::new(&world.config.hh).unwrap();
    let result = refresh::refresh_if_due(&store, &client, &world.clock, &fast()).await;
    let calls = world.token_calls();
    let after = std::fs::read(store.path()).unwrap();
    std::fs::remove_file(&filler).unwrap();
    let readonly = std::process::Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(mount.path())
        .status()
        .unwrap();
    let ro_result = refresh::refresh_if_due(&store, &client, &world.clock, &fast()).await;
    let ro_calls = world.token_calls();
    std::process::Command::new("umount")
        .arg(mount.path())
        .status()
        .unwrap();
    match result {
        Err(refresh::Error::Misconfigured(reason)) => {
            assert!(reason.contains("not spent"), "{reason}")
        }
        other => panic!("full disk not detected: {other:?}"),
    }
    assert_eq!(calls, 0);
    assert_eq!(after, before);
    assert!(readonly.success());
    assert!(
        matches!(ro_result, Err(refresh::Error::Misconfigured(_))),
        "{ro_result:?}"
    );
    assert_eq!(ro_calls, 0);
}
