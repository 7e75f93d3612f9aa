//! hh-callback as systemd runs it: READY=1 once listening, WATCHDOG=1 pings when
//! WATCHDOG_USEC is set, STOPPING=1 and a clean exit on SIGTERM.

use std::os::unix::net::UnixDatagram;
use std::time::{Duration, Instant};

use crate::support::{self, World};

#[tokio::test]
async fn callback_talks_to_systemd_and_stops_on_sigterm() {
    let world = World::start().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut config = world.config.clone();
    config.callback.listen = format!("127.0.0.1:{port}").parse().unwrap();
    let config_path = support::write_config_file(world.dir.path(), &config);
    let socket_path = world.dir.path().join("notify.sock");
    let socket = UnixDatagram::bind(&socket_path).unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();

    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_hh-callback"))
        .arg("--config")
        .arg(&config_path)
        .env("NOTIFY_SOCKET", &socket_path)
        .env("WATCHDOG_USEC", "200000")
        .env("HH_CLIENT_SECRET", hh_sandbox::CLIENT_SECRET)
        .env("HH_STATE_KEY", support::STATE_KEY)
        .env_remove("CREDENTIALS_DIRECTORY")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id().unwrap();

    let messages = tokio::task::spawn_blocking(move || {
        let mut seen = Vec::new();
        let started = Instant::now();
        let mut buf = [0u8; 512];
        while started.elapsed() < Duration::from_secs(10) {
            let Ok(len) = socket.recv(&mut buf) else {
                break;
            };
            let message = String::from_utf8_lossy(&buf[..len]).into_owned();
            seen.push(message);
            let watchdogs = seen.iter().filter(|m| m.contains("WATCHDOG=1")).count();
            if seen.iter().any(|m| m.contains("READY=1")) && watchdogs >= 2 {
                break;
            }
        }
        (seen, socket)
    })
    .await
    .unwrap();
    let (seen, socket) = messages;
    assert!(
        seen.first().is_some_and(|m| m.contains("READY=1")),
        "{seen:?}"
    );
    assert!(
        seen.iter().filter(|m| m.contains("WATCHDOG=1")).count() >= 2,
        "{seen:?}"
    );
    // READY means listening: the health check answers now.
    let (status, _) = support::get(&format!("http://127.0.0.1:{port}/healthz"), None).await;
    assert_eq!(status, 200);

    unsafe { libc::kill(pid as i32, libc::SIGTERM) };
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "{status}");
    let stopping = tokio::task::spawn_blocking(move || {
        let mut buf = [0u8; 512];
        (0..20).any(|_| {
            socket
                .recv(&mut buf)
                .is_ok_and(|len| String::from_utf8_lossy(&buf[..len]).contains("STOPPING=1"))
        })
    })
    .await
    .unwrap();
    assert!(stopping, "no STOPPING=1 before exit");
}

/// A service's stderr that is not a terminal (a pipe, systemd's stream to the journal)
/// gets plain log lines, never ANSI colours, and the fatal error exactly once.
#[tokio::test]
async fn logs_on_a_pipe_are_plain_and_a_fatal_error_is_said_once() {
    let world = World::start().await;
    let refresh = |config: std::path::PathBuf| async move {
        let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_hh-refresh"))
            .arg("--config")
            .arg(config)
            .env("RUST_LOG", "debug")
            .env("HH_CLIENT_SECRET", hh_sandbox::CLIENT_SECRET)
            .env_remove("JOURNAL_STREAM")
            .env_remove("NO_COLOR")
            .env_remove("CREDENTIALS_DIRECTORY")
            .output()
            .await
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            !stderr.contains('\u{1b}'),
            "ANSI escapes on a pipe: {stderr:?}"
        );
        (output.status.code(), stderr)
    };

    let store = world.store();
    std::fs::create_dir_all(store.dir()).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(store.dir(), std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::write(store.path(), r#"{"hello": "world"}"#).unwrap();
    std::fs::set_permissions(store.path(), std::fs::Permissions::from_mode(0o600)).unwrap();
    let (code, stderr) = refresh(world.config_file()).await;
    assert_eq!(code, Some(3), "{stderr}");
    let fatal = stderr
        .lines()
        .filter(|line| line.contains("is not a token file"))
        .count();
    assert_eq!(fatal, 1, "{stderr}");

    std::fs::remove_file(store.path()).unwrap();
    let (status, _) = world.authorize(None).await;
    assert_eq!(status, 200);
    world.expire();
    let (code, stderr) = refresh(world.config_file()).await;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("INFO"), "no log lines: {stderr}");
}
