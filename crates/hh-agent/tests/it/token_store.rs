//! The token file format and its failure modes.

use std::os::unix::fs::PermissionsExt;

use chrono::{TimeZone, Utc};
use hh_agent::token_store::{ReadError, Store};

use crate::support;

#[track_caller]
fn check(contents: &[u8], mode: u32, expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("token.json"));
    std::fs::write(store.path(), contents).unwrap();
    std::fs::set_permissions(store.path(), std::fs::Permissions::from_mode(mode)).unwrap();
    let got = match store.read() {
        Ok(pair) => format!("ok {}", pair.expires_at.to_rfc3339()),
        Err(err) => {
            let kind = match err {
                ReadError::Missing { .. } => "missing",
                ReadError::Empty { .. } => "empty",
                ReadError::Corrupt { .. } => "corrupt",
                ReadError::Foreign { .. } => "foreign",
                ReadError::TooPermissive { .. } => "permissive",
                ReadError::Io { .. } => "io",
            };
            format!("{kind}: {err}")
        }
    };
    assert!(got.starts_with(expected), "{got}");
}

#[test]
fn reading_classifies_every_kind_of_bad_file() {
    let good = br#"{"access_token":"A","refresh_token":"R","token_type":"bearer","expires_in":60,"obtained_at":"2026-01-01T00:00:00Z","expires_at":"2026-01-01T00:01:00Z"}"#;
    check(good, 0o600, "ok 2026-01-01T00:01:00+00:00");
    check(good, 0o400, "ok");
    check(good, 0o640, "permissive: token file");
    check(good, 0o604, "permissive");
    check(b"", 0o600, "empty");
    check(b"  \n", 0o600, "empty");
    check(&good[..40], 0o600, "corrupt: token file");
    check(b"\x00\x00\x00", 0o600, "corrupt");
    check(b"[1,2,3]", 0o600, "foreign");
    check(br#"{"name":"not a token"}"#, 0o600, "foreign");
    check(
        br#"{"access_token":"A","refresh_token":"R"}"#,
        0o600,
        "corrupt",
    );
    check(
        br#"{"access_token":"","refresh_token":"R","expires_in":5}"#,
        0o600,
        "corrupt",
    );
    // A file written by the original scripts: no times, the mtime stands in.
    check(
        br#"{"access_token":"A","refresh_token":"R","token_type":"bearer","expires_in":1209600}"#,
        0o600,
        "ok",
    );
    let dir = tempfile::tempdir().unwrap();
    let missing = Store::new(dir.path().join("nope.json")).read().unwrap_err();
    assert!(matches!(missing, ReadError::Missing { .. }));
    assert!(missing.to_string().contains("authorize first"));
}

#[test]
fn writes_are_private_and_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("deep/hh-token/token.json"));
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
    let pair = support::pair("ACCESS", "REFRESH", 1_209_600, now);
    support::write_pair(&store, &pair);
    assert_eq!(store.read().unwrap(), pair);
    assert_eq!(support::mode(store.path()), 0o600);
    assert_eq!(support::mode(store.dir()), 0o700);
    assert_eq!(support::mode(&store.dir().join(".token.lock")), 0o600);
    let text = std::fs::read_to_string(store.path()).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    for key in [
        "access_token",
        "refresh_token",
        "token_type",
        "expires_in",
        "obtained_at",
        "expires_at",
    ] {
        assert!(json.get(key).is_some(), "{key} missing");
    }
    assert_eq!(json["expires_at"], "2026-03-15T12:00:00Z");
    assert!(
        !format!("{pair:?}").contains("ACCESS"),
        "Debug shows a token"
    );
}

#[test]
fn a_permissive_directory_is_refused_for_writes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let store = Store::new(dir.path().join("token.json"));
    let err = store.lock().unwrap_err();
    assert!(format!("{err:#}").contains("chmod 700"), "{err:#}");
}

#[test]
fn stale_temp_files_are_removed_under_the_lock() {
    let root = tempfile::tempdir().unwrap();
    let store = Store::new(root.path().join("hh-token/token.json"));
    drop(store.lock().unwrap());
    let dir = store.dir();
    let stale = dir.join(".token.json.tmp.12345.00000000deadbeef");
    let unrelated = dir.join("notes.txt");
    std::fs::write(&stale, b"half a tok").unwrap();
    std::fs::write(&unrelated, b"keep me").unwrap();
    let guard = store.lock().unwrap();
    assert!(!stale.exists());
    assert!(unrelated.exists());
    // A reservation made under the live lock is not touched by a reader.
    let reservation = guard.reserve_token().unwrap();
    assert!(
        store.read().is_err(),
        "no token file yet, and the temp file is not read"
    );
    drop(reservation);
    let leftovers = std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(".tmp.")
        })
        .count();
    assert_eq!(leftovers, 0, "a dropped reservation removes its temp file");
}

/// The check file: absent until marked, then its mtime is the check's time, private.
#[test]
fn a_marked_check_is_read_back_and_the_file_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("hh-token/token.json"));
    assert_eq!(store.last_check(), None);
    let guard = store.lock().unwrap();
    for at in [
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap(),
    ] {
        guard.mark_checked(at).unwrap();
        assert_eq!(store.last_check(), Some(at));
    }
    assert_eq!(support::mode(&store.check_path()), 0o600);
    assert_eq!(std::fs::metadata(store.check_path()).unwrap().len(), 0);
}
