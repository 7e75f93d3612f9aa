//! Applications whose fate is unknown: settled at start (the process that sent them is
//! gone), worded as unknown until then, checked with hh.ru once their grace is over.

use std::time::Duration as StdDuration;

use chrono::Duration;
use hh_agent::bot::jobs;
use hh_agent::ledger::Outcome;
use hh_sandbox::{Fault, FaultKind};

use super::rig::{apply_by_command, assert_telegram_rules, outcome, Rig, BACKEND};

/// The next POST /negotiations loses its connection (`kind`).
fn drop_next_apply(rig: &Rig, kind: FaultKind) {
    rig.sandbox.inject(Fault {
        method: Some("POST".into()),
        path: "/negotiations".into(),
        kind,
        times: 1,
        skip: 0,
    });
}

/// Waits until the ledger says `expected` for `vacancy`.
async fn settles_as(rig: &Rig, vacancy: &str, expected: Outcome) {
    let deadline = tokio::time::Instant::now() + StdDuration::from_secs(10);
    loop {
        let now = outcome(rig, vacancy).await;
        if now == Some(expected) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{vacancy}: {now:?}, not {expected:?}"
        );
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uncertain_applications_are_settled_with_hh_at_start() {
    let rig = Rig::start(Some(BACKEND)).await;
    let api = rig.api();
    let (reached, lost, crashed) = (
        api.plain_vacancy(3),
        api.plain_vacancy(4),
        api.plain_vacancy(5),
    );
    drop_next_apply(&rig, FaultKind::DropAfterProcessing);
    assert!(apply_by_command(&rig, &reached)
        .await
        .contains("оборвалась"));
    drop_next_apply(&rig, FaultKind::DropBeforeProcessing);
    assert!(apply_by_command(&rig, &lost).await.contains("оборвалась"));
    assert_eq!(outcome(&rig, &reached).await, Some(Outcome::Uncertain));
    assert_eq!(outcome(&rig, &lost).await, Some(Outcome::Uncertain));
    // A crash mid-send: recorded as sending, never posted.
    let before = rig.sandbox.now() - Duration::minutes(1);
    rig.ctx
        .ledger
        .lock()
        .await
        .begin(&crashed, "resume", None, None, before)
        .unwrap();

    // A new process: each is settled at once, without waiting out the grace.
    let rig = rig.restart().await;
    settles_as(&rig, &reached, Outcome::Applied).await;
    settles_as(&rig, &lost, Outcome::Refused).await;
    settles_as(&rig, &crashed, Outcome::Refused).await;
    let asked: Vec<String> = rig
        .sandbox
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET" && r.path == "/negotiations")
        .filter_map(|r| {
            r.query
                .into_iter()
                .find(|(key, _)| key == "vacancy_id")
                .map(|(_, value)| value)
        })
        .collect();
    for vacancy in [&reached, &lost, &crashed] {
        assert!(asked.contains(vacancy), "{vacancy} not asked: {asked:?}");
    }
    // Those that never arrived can be sent again; the one that did is refused at once.
    for vacancy in [&lost, &crashed] {
        let answer = apply_by_command(&rig, vacancy).await;
        assert!(answer.starts_with("✅ Отклик на «"), "{answer}");
    }
    let mark = rig.mark();
    rig.say(&format!("/hh_apply {reached}"));
    rig.expect_after(mark, "уже откликались").await;
    assert_telegram_rules(&rig);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsettled_application_is_worded_as_unknown_and_checked_after_its_grace() {
    let rig = Rig::start(Some(BACKEND)).await;
    rig.say("/settings digest off");
    rig.expect("Подборка: выключена").await;
    let vacancy = rig.api().plain_vacancy(6);
    drop_next_apply(&rig, FaultKind::DropBeforeProcessing);
    assert!(apply_by_command(&rig, &vacancy)
        .await
        .contains("оборвалась"));

    // Asked again meanwhile: not "already applied", and no letter drafted.
    let mark = rig.mark();
    rig.say(&format!("/hh_apply {vacancy}"));
    let answer = rig.expect_after(mark, "Не знаю, дошёл ли отклик").await;
    assert!(answer.text.contains("проверяю"), "{}", answer.text);
    let sent = rig.records().sent;
    assert!(sent[mark..]
        .iter()
        .all(|s| !s.text.contains("Письмо:") && !s.text.contains("уже откликались")));

    // Within its grace the minute tick leaves it; after it, hh.ru is asked.
    let now = rig.sandbox.now();
    jobs::tick(&rig.bot, &rig.ctx, now + Duration::minutes(10))
        .await
        .unwrap();
    assert_eq!(outcome(&rig, &vacancy).await, Some(Outcome::Uncertain));
    jobs::tick(&rig.bot, &rig.ctx, now + Duration::minutes(31))
        .await
        .unwrap();
    assert_eq!(outcome(&rig, &vacancy).await, Some(Outcome::Refused));
    let answer = apply_by_command(&rig, &vacancy).await;
    assert!(answer.starts_with("✅ Отклик на «"), "{answer}");
    assert_telegram_rules(&rig);
}
