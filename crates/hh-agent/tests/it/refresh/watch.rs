//! What the bot's token watch makes of hh-refresh's results: a dropped refresh is no
//! reason to log in again, hh.ru's refusal is; checks that find nothing due keep the
//! "refresh has gone silent" warning away without rewriting the status file.

use hh_agent::bot::jobs;
use hh_agent::refresh::{self, Outcome};
use hh_agent::token_store::RefreshResult;
use hh_sandbox::FaultKind;

use super::{drop_token_request, last_result};
use crate::bot::rig::{Rig, Upstream};
use crate::support::World;

/// Re-authorization alerts the bot has sent so far.
fn login_alerts(rig: &Rig) -> usize {
    rig.records()
        .sent
        .iter()
        .filter(|sent| sent.text.contains("нужно войти заново"))
        .count()
}

/// A refresh whose connection drops is uncertain, not a refusal: hh-refresh exits 1 and
/// the bot stays quiet. The next run decides: a new pair when hh.ru never saw the request;
/// when hh.ru had spent the token, its refusal — and only then exit 2 and the alert.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_refresh_is_retried_and_only_hh_refusal_asks_to_log_in_again() {
    for (kind, next_exit, next_result, alerts) in [
        (
            FaultKind::DropBeforeProcessing,
            0,
            RefreshResult::Refreshed,
            0,
        ),
        (
            FaultKind::DropAfterProcessing,
            2,
            RefreshResult::ReauthorizationNeeded,
            1,
        ),
    ] {
        let world = World::start().await;
        assert_eq!(world.authorize(None).await.0, 200);
        let rig = Rig::over(Upstream::World(world)).await;
        let watch = || jobs::watch_token(&rig.bot, &rig.ctx, rig.sandbox.now());
        watch().await.unwrap(); // confirms the authorization while the pair is fresh
        let world = rig.world();
        let store = world.store();
        world.expire();
        let expired = store.read().unwrap();
        world.sandbox.clear_requests();
        drop_token_request(world, kind.clone());

        let first = world.run_refresh().await;
        let stderr = String::from_utf8_lossy(&first.stderr);
        assert_eq!(first.status.code(), Some(1), "{kind:?}: {stderr}");
        assert!(stderr.contains("uncertain, retrying"), "{kind:?}: {stderr}");
        assert!(!stderr.contains("re-authorization"), "{kind:?}: {stderr}");
        assert_eq!(last_result(&store), RefreshResult::Uncertain, "{kind:?}");
        assert_eq!(store.read().unwrap(), expired, "{kind:?}");
        watch().await.unwrap();
        assert_eq!(login_alerts(&rig), 0, "{kind:?}: alerted on a lost answer");

        let next = world.run_refresh().await;
        let stderr = String::from_utf8_lossy(&next.stderr);
        assert_eq!(next.status.code(), Some(next_exit), "{kind:?}: {stderr}");
        assert_eq!(last_result(&store), next_result, "{kind:?}");
        assert_eq!(world.token_calls(), 2, "{kind:?}");
        watch().await.unwrap();
        assert_eq!(login_alerts(&rig), alerts, "{kind:?}");
        match kind {
            FaultKind::DropBeforeProcessing => {
                assert!(store.read().unwrap().expires_at > chrono::Utc::now())
            }
            _ => {
                assert!(
                    stderr.contains("token has already been refreshed"),
                    "{stderr}"
                );
                assert_eq!(store.read().unwrap(), expired);
            }
        }
    }
}

/// Checks that find nothing due leave the status file alone after the first (no disk wait
/// per timer tick) and mark the check instead, which keeps the bot from calling refresh
/// silent; once the checks stop, the bot warns.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_due_checks_mark_the_check_and_keep_the_status_file_as_it_is() {
    let world = World::start().await;
    assert_eq!(world.authorize(None).await.0, 200);
    let rig = Rig::over(Upstream::World(world)).await;
    jobs::watch_token(&rig.bot, &rig.ctx, rig.sandbox.now())
        .await
        .unwrap(); // confirms the authorization
    let world = rig.world();
    world.sandbox.clear_requests();
    let store = world.store();
    let expires = store.read().unwrap().expires_at;
    assert!(matches!(
        refresh::check(&store, &world.clock).unwrap(),
        refresh::Check::Done(Outcome::NotDue { .. })
    ));
    let first = std::fs::read(store.status_path()).unwrap();
    assert_eq!(last_result(&store), RefreshResult::NotDue);
    // A day before expiry, an hour ago: another check.
    let near = expires - chrono::Duration::days(1);
    let until = near - chrono::Duration::hours(1) - world.clock.now();
    world.sandbox.advance(until.to_std().unwrap());
    assert!(matches!(
        refresh::check(&store, &world.clock).unwrap(),
        refresh::Check::Done(Outcome::NotDue { .. })
    ));
    assert_eq!(std::fs::read(store.status_path()).unwrap(), first);
    let checked = store.last_check().unwrap();
    assert!((world.clock.now() - checked).abs() < chrono::Duration::seconds(5));
    let silent = |rig: &Rig| {
        rig.records()
            .sent
            .iter()
            .filter(|sent| sent.text.contains("обновление давно не запускалось"))
            .count()
    };
    jobs::watch_token(&rig.bot, &rig.ctx, near).await.unwrap();
    assert_eq!(silent(&rig), 0, "the recent check was not seen");
    jobs::watch_token(&rig.bot, &rig.ctx, near + chrono::Duration::hours(12))
        .await
        .unwrap();
    assert_eq!(
        silent(&rig),
        1,
        "checks stopped for 13 hours without a warning"
    );
    assert_eq!(world.token_calls(), 0);
}
