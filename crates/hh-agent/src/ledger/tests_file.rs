//! Tests of the ledger file: permissions, reopening, hostile files and a full disk.
//!
//! Each test works in its own temporary directory.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};

use super::{Error, Ledger, Outcome};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap()
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn file_is_private_and_directory_is_created() {
    let temporary = tempfile::tempdir().unwrap();
    let directory = temporary.path().join("state").join("hh");
    let path = directory.join("ledger.sqlite");
    let ledger = Ledger::open(&path).unwrap();
    ledger.begin("v1", "r1", None, None, now()).unwrap();
    assert_eq!(mode(&directory), 0o700);
    assert_eq!(mode(&path), 0o600);
    let wal = directory.join("ledger.sqlite-wal");
    assert!(wal.exists(), "WAL mode is on");
    assert_eq!(mode(&wal), 0o600);
}

#[test]
fn reopening_keeps_data_and_migrations_are_idempotent() {
    let temporary = tempfile::tempdir().unwrap();
    let path = temporary.path().join("ledger.sqlite");
    {
        let ledger = Ledger::open(&path).unwrap();
        ledger
            .begin("v1", "r1", Some("letter"), Some(70), now())
            .unwrap();
        ledger.set_setting("active_resume", &"r1").unwrap();
    }
    for _ in 0..2 {
        let ledger = Ledger::open(&path).unwrap();
        assert_eq!(
            ledger.application("v1").unwrap().unwrap().outcome,
            Outcome::Sending
        );
        assert_eq!(
            ledger
                .setting::<String>("active_resume")
                .unwrap()
                .as_deref(),
            Some("r1")
        );
    }
}

#[test]
fn newer_schema_is_refused() {
    let temporary = tempfile::tempdir().unwrap();
    let path = temporary.path().join("ledger.sqlite");
    drop(Ledger::open(&path).unwrap());
    let connection = rusqlite::Connection::open(&path).unwrap();
    connection.pragma_update(None, "user_version", 99).unwrap();
    drop(connection);
    let err = Ledger::open(&path).unwrap_err();
    assert!(err.to_string().contains("upgrade hh-agent"), "{err}");
}

#[test]
fn foreign_database_is_refused_and_left_alone() {
    let temporary = tempfile::tempdir().unwrap();
    let path = temporary.path().join("other.sqlite");
    let connection = rusqlite::Connection::open(&path).unwrap();
    connection.execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos (name) VALUES ('cat');").unwrap();
    drop(connection);
    let before = fs::read(&path).unwrap();
    assert!(matches!(Ledger::open(&path), Err(Error::Foreign { .. })));
    assert_eq!(fs::read(&path).unwrap(), before);
    assert!(!temporary.path().join("other.sqlite-wal").exists());
}

#[test]
fn files_that_are_not_sqlite_give_errors() {
    let pseudo_random: Vec<u8> = (0u32..8192)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let mut bad_header = b"SQLite format 3\0".to_vec();
    bad_header.extend_from_slice(&pseudo_random);
    let contents: [(&str, Vec<u8>); 3] = [
        ("random bytes", pseudo_random),
        ("sqlite magic, garbage after", bad_header),
        ("text", b"vacancy_id,outcome\n1,applied\n".to_vec()),
    ];
    for (name, content) in contents {
        let temporary = tempfile::tempdir().unwrap();
        let path = temporary.path().join("ledger.sqlite");
        fs::write(&path, &content).unwrap();
        let err = Ledger::open(&path).expect_err(name);
        assert!(matches!(err, Error::Corrupt { .. }), "{name}: {err}");
        assert!(
            err.to_string().contains("move the file away"),
            "{name}: {err}"
        );
        assert_eq!(fs::read(&path).unwrap(), content, "{name}: file changed");
    }
}

#[test]
fn full_disk_is_reported_and_earlier_data_survives() {
    let temporary = tempfile::tempdir().unwrap();
    let path = temporary.path().join("ledger.sqlite");
    let ledger = Ledger::open(&path).unwrap();
    ledger
        .begin("v1", "r1", Some("letter"), Some(90), now())
        .unwrap();
    ledger
        .finish("v1", Outcome::Applied, Some("n1"), None, now())
        .unwrap();
    ledger.set_max_page_count(16).unwrap();
    let filler = "x".repeat(3000);
    let failed_at =
        (0..1000).find_map(
            |index| match ledger.set_setting(&format!("filler{index}"), &filler) {
                Ok(()) => None,
                Err(err) => Some((index, err)),
            },
        );
    let Some((index, err)) = failed_at else {
        panic!("the page limit was never reached")
    };
    assert!(matches!(err, Error::Full), "{err}");
    assert!(err.to_string().starts_with("disk full: "), "{err}");
    assert_eq!(
        ledger.setting::<String>(&format!("filler{index}")).unwrap(),
        None
    );
    let check = |ledger: &Ledger| {
        let application = ledger.application("v1").unwrap().unwrap();
        assert_eq!(application.outcome, Outcome::Applied);
        assert_eq!(application.negotiation_id.as_deref(), Some("n1"));
    };
    check(&ledger);
    drop(ledger);
    let reopened = Ledger::open(&path).unwrap();
    check(&reopened);
    assert_eq!(reopened.application("v2").unwrap(), None);
    reopened.begin("v2", "r1", None, None, now()).unwrap();
}
