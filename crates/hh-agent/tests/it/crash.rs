//! Crash safety: a writer SIGKILLed at random moments never leaves a torn or lost file.

use std::process::{Command, Stdio};
use std::time::Duration;

use hh_agent::token_store::Store;
use rand::Rng;

use crate::support;

/// `cargo test` builds examples beside the test binary; a filtered run such as
/// `cargo test --test it` does not, so build it then.
fn writer_binary() -> std::path::PathBuf {
    let deps = std::env::current_exe().unwrap();
    let profile = deps.parent().unwrap().parent().unwrap();
    let binary = profile.join("examples").join("token_writer");
    if !binary.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let status = Command::new(cargo)
            .args(["build", "--example", "token_writer"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .unwrap();
        assert!(status.success(), "building the token_writer example failed");
    }
    binary
}

#[test]
fn killed_writers_leave_a_whole_pair_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("hh-token/token.json"));
    support::write_pair(
        &store,
        &support::pair("access-init", "refresh-init", 60, chrono::Utc::now()),
    );
    let binary = writer_binary();
    assert!(
        binary.exists(),
        "{} missing: cargo test builds examples",
        binary.display()
    );
    let mut rng = rand::thread_rng();
    let kills = 200;
    let mut changed = 0;
    let mut last = String::new();
    for round in 0..kills {
        let mut child = Command::new(&binary)
            .arg(store.path())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.gen_range(500..15_000)));
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        assert!(
            !status.success(),
            "round {round}: the writer stopped by itself: {status}"
        );

        let pair = store
            .read()
            .unwrap_or_else(|err| panic!("round {round}: {err}"));
        let access = pair.access_token.expose().strip_prefix("access-").unwrap();
        let refresh = pair
            .refresh_token
            .expose()
            .strip_prefix("refresh-")
            .unwrap();
        assert_eq!(access, refresh, "round {round}: torn pair");
        if access != last {
            changed += 1;
            last = access.to_owned();
        }
        assert_eq!(support::mode(store.path()), 0o600, "round {round}");

        // The next write succeeds and cleans up what the killed writer left.
        let guard = store.lock().unwrap();
        let leftovers = std::fs::read_dir(store.dir())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .contains(".tmp.")
            })
            .count();
        assert_eq!(
            leftovers, 0,
            "round {round}: stale temp files survived the lock"
        );
        guard.write_token(None, &pair).unwrap();
    }
    // The kills really landed among writes, not only before the first one.
    assert!(
        changed > kills / 4,
        "only {changed} of {kills} rounds saw a new pair"
    );
}
