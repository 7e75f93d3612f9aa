//! The token file replaced under a running client, again and again: every request carries
//! the newest pair on disk, never a stale one, and a removed file is a typed `NoToken`.
//!
//! The sandbox records, for each request, the serial number of the user pair whose access
//! token it carried (a number it assigns per issued pair, never the token), so a stale
//! read is caught even where hh.ru (and the sandbox) would still accept the older token.
//!
//! The files written as hh-callback writes them (`write_new_pair`) all have the same size
//! and the same pinned mtime: the case of a filesystem whose timestamps tick once per
//! second (or per jiffy, on kernels without fine-grained timestamps) with all writes
//! inside one tick. Then only the inode tells two versions apart, and ext4 hands a freed
//! inode to the very next file.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use chrono::SubsecRound;
use hh_agent::hh::Error;
use hh_agent::oauth;
use hh_agent::refresh::{self, Outcome, Policy};
use hh_agent::token_store::Store;
use hh_sandbox::{RecordedRequest, Sandbox};

use crate::support::api::Api;
use crate::support::{pair, write_pair};

/// The mtime every pinned version carries: 2026-01-01T00:00:00Z.
const PINNED_MTIME_SECS: u64 = 1_767_225_600;

/// Issues a new pair for person 0, writes it with the store's guard (as hh-callback
/// does) and returns its serial. Times are whole seconds, so every file has one size.
fn write_new_pair(sandbox: &Sandbox, store: &Store, pin_mtime: bool) -> u64 {
    let (access, refresh) = sandbox.issue_user_tokens(0);
    let serial = sandbox
        .user_token_serial(&access)
        .expect("the sandbox knows the pair it issued");
    let now = sandbox.now().trunc_subsecs(0);
    write_pair(store, &pair(&access, &refresh, 1_209_600, now));
    if pin_mtime {
        pin(store.path());
    }
    serial
}

/// Gives the file the pinned mtime, as a coarse filesystem clock would.
fn pin(path: &Path) {
    std::fs::File::open(path)
        .unwrap()
        .set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(PINNED_MTIME_SECS))
        .unwrap();
}

fn token_calls(requests: &[RecordedRequest]) -> usize {
    requests
        .iter()
        .filter(|r| r.method == "POST" && (r.path == "/token" || r.path == "/oauth/token"))
        .count()
}

#[tokio::test]
async fn a_hundred_replacements_each_request_carries_the_newest_pair() {
    let api = Api::start().await;
    let store = api.store();
    let client = api.user_client(0);
    pin(store.path());
    client.me().await.unwrap();
    api.sandbox.clear_requests();

    let mut sizes = BTreeSet::new();
    for round in 0..100 {
        // Every other round replaces the file twice before the request: the pair the
        // client cached is then two versions old, and its inode has been freed and
        // possibly reused by the newest file, with the same size and mtime.
        let writes = 1 + round % 2;
        let mut newest = 0;
        for _ in 0..writes {
            newest = write_new_pair(&api.sandbox, &store, true);
            sizes.insert(std::fs::metadata(store.path()).unwrap().len());
        }
        let before = api.sandbox.requests().len();
        let me = client
            .me()
            .await
            .unwrap_or_else(|err| panic!("round {round}: {err}"));
        assert_eq!(me.auth_type.as_deref(), Some("applicant"));
        let sent = api.sandbox.requests().split_off(before);
        assert_eq!(
            sent.iter()
                .map(|r| (r.method.as_str(), r.path.as_str(), r.token_serial))
                .collect::<Vec<_>>(),
            [("GET", "/me", Some(newest))],
            "round {round}: one request, carrying pair #{newest}, the one on disk"
        );
    }
    assert_eq!(sizes.len(), 1, "every version had the same size: {sizes:?}");
    let requests = api.sandbox.requests();
    assert_eq!(requests.len(), 100);
    assert_eq!(token_calls(&requests), 0, "no refresh was needed or made");
}

#[tokio::test]
async fn a_hundred_refreshes_by_another_process_each_request_carries_the_new_pair() {
    let api = Api::start().await;
    api.sandbox.set_access_token_ttl(Duration::from_secs(60));
    let store = api.store();
    let (access, refresh) = api.sandbox.issue_user_tokens(0);
    write_pair(&store, &pair(&access, &refresh, 60, api.sandbox.now()));
    let client = api.client_with(api.user_auth(), api.options());
    client.me().await.unwrap();
    // hh-refresh: its own oauth client and store handle, on the sandbox clock.
    let refresher = oauth::Client::new(&api.config.hh).unwrap();
    let policy = Policy {
        attempts: 1,
        backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(5),
    };
    for round in 0..100 {
        api.sandbox.advance(Duration::from_secs(61));
        let outcome = refresh::refresh_if_due(&store, &refresher, &api.clock, &policy)
            .await
            .unwrap_or_else(|err| panic!("round {round}: refresh failed: {err}"));
        assert!(
            matches!(outcome, Outcome::Refreshed { .. }),
            "round {round}"
        );
        let on_disk = store.read().unwrap();
        let newest = api
            .sandbox
            .user_token_serial(on_disk.access_token.expose())
            .unwrap();
        api.sandbox.clear_requests();
        // The old pair is dead at the sandbox now (refresh tokens are single-use), so a
        // stale read would fail the request; the serial shows it was not even tried.
        client
            .me()
            .await
            .unwrap_or_else(|err| panic!("round {round}: {err}"));
        let sent = api.sandbox.requests();
        assert_eq!(
            sent.iter()
                .map(|r| (r.method.as_str(), r.path.as_str(), r.token_serial))
                .collect::<Vec<_>>(),
            [("GET", "/me", Some(newest))],
            "round {round}: the client used the refreshed pair and refreshed nothing itself"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_writer_racing_a_reader_never_yields_a_stale_or_missing_pair() {
    const MIN_WRITES: usize = 150;
    const MIN_REQUESTS: usize = 100;
    let api = Api::start().await;
    let store = api.store();
    let client = api.user_client(0);
    let first = api
        .sandbox
        .user_token_serial(store.read().unwrap().access_token.expose())
        .unwrap();
    pin(store.path());
    api.sandbox.clear_requests();

    // The serial of the newest pair whose rename has completed; the file holds that one
    // or, while a write is in flight, the next.
    let published = Arc::new(AtomicU64::new(first));
    let requests_done = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));

    let writer = {
        let (sandbox, store) = (api.sandbox.clone(), store.clone());
        let (published, requests_done, stop) =
            (published.clone(), requests_done.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut writes = 0;
            while !stop.load(Ordering::SeqCst)
                && (writes < MIN_WRITES || requests_done.load(Ordering::SeqCst) < MIN_REQUESTS)
                && writes < 100_000
            {
                let serial = write_new_pair(&sandbox, &store, true);
                published.store(serial, Ordering::SeqCst);
                writes += 1;
            }
            stop.store(true, Ordering::SeqCst);
            writes
        })
    };
    // Another reader that never caches: the path always opens to a whole pair.
    let prober = {
        let (store, stop) = (store.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut reads = 0usize;
            while !stop.load(Ordering::SeqCst) {
                if let Err(err) = store.read() {
                    return Err(format!("read {reads}: {err}"));
                }
                reads += 1;
            }
            Ok(reads)
        })
    };

    let mut windows = Vec::new();
    let mut failure = None;
    while !stop.load(Ordering::SeqCst) {
        let start = published.load(Ordering::SeqCst);
        let result = client.me().await;
        let end = published.load(Ordering::SeqCst);
        match result {
            Ok(_) => windows.push((start, end)),
            Err(err) => {
                failure = Some(format!("request {}: {err}", windows.len()));
                break;
            }
        }
        requests_done.fetch_add(1, Ordering::SeqCst);
    }
    stop.store(true, Ordering::SeqCst);
    let writes = writer.join().unwrap();
    let reads = prober.join().unwrap().unwrap_or_else(|err| panic!("{err}"));
    if let Some(failure) = failure {
        panic!("{failure}");
    }

    assert!(writes >= MIN_WRITES, "{writes} replacements");
    assert!(windows.len() >= MIN_REQUESTS, "{} requests", windows.len());
    assert!(reads > 0);
    let requests = api.sandbox.requests();
    assert_eq!(token_calls(&requests), 0, "no refresh was needed or made");
    assert!(requests
        .iter()
        .all(|r| r.method == "GET" && r.path == "/me"));
    assert_eq!(requests.len(), windows.len());
    let mut carried = BTreeSet::new();
    for (index, (request, &(start, end))) in requests.iter().zip(&windows).enumerate() {
        let serial = request.token_serial.expect("a user token");
        assert!(
            start <= serial && serial <= end + 1,
            "request {index} carried pair #{serial}, but the file held #{start} or newer \
             when it started and at most #{} when it ended",
            end + 1
        );
        carried.insert(serial);
    }
    assert!(
        carried.len() > 1,
        "the requests overlapped the replacements: {} distinct pairs",
        carried.len()
    );
}

#[tokio::test]
async fn a_removed_file_is_no_token_and_a_new_one_is_used_at_once() {
    let api = Api::start().await;
    let store = api.store();
    let client = api.user_client(0);
    pin(store.path());
    client.me().await.unwrap();
    for cycle in 0..10 {
        // Logout's path: the file goes away under the lock.
        store
            .lock()
            .unwrap()
            .remove_token(chrono::Utc::now())
            .unwrap();
        api.sandbox.clear_requests();
        for _ in 0..2 {
            match client.me().await {
                Err(Error::NoToken(message)) => assert!(
                    message.contains("does not exist") && message.contains("authorize"),
                    "cycle {cycle}: {message}"
                ),
                other => panic!("cycle {cycle}: expected NoToken, got {other:?}"),
            }
        }
        assert_eq!(
            api.sandbox.requests(),
            [],
            "cycle {cycle}: nothing was sent with the removed pair"
        );
        // A new authorization: same size, same mtime, and on ext4 often the inode the
        // removed file had.
        let newest = write_new_pair(&api.sandbox, &store, true);
        client
            .me()
            .await
            .unwrap_or_else(|err| panic!("cycle {cycle}: {err}"));
        let sent = api.sandbox.requests();
        assert_eq!(
            sent.iter()
                .map(|r| (r.path.as_str(), r.token_serial))
                .collect::<Vec<_>>(),
            [("/me", Some(newest))],
            "cycle {cycle}: the new pair, not the removed one"
        );
    }
}
