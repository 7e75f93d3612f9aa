//! The account end to end: login link and confirmation, alerts and warnings about the
//! token, strangers, resumes, logout and settings, the resume bump, a token file replaced
//! under the bot.

use chrono::Duration;
use hh_agent::bot::agent::ACTIVE_RESUME;
use hh_agent::bot::jobs;
use hh_agent::token_store::{RefreshRecord, RefreshResult};
use hh_sandbox::telegram::Method;
use hh_sandbox::{Fault, FaultKind};

use super::rig::{assert_telegram_rules, Rig, Upstream, BACKEND, OWNER, PASTED, QA, STRANGER};
use crate::support::World;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reauthorization_alert_comes_once_with_the_login_button() {
    let rig = Rig::start(Some(QA)).await;
    let now = rig.sandbox.now();
    let store = rig.ctx.store.clone();
    store
        .lock()
        .unwrap()
        .update_status(|status| {
            status.last_refresh = Some(RefreshRecord {
                at: now,
                result: RefreshResult::ReauthorizationNeeded,
                reason: "refresh token revoked".into(),
                next_due: None,
            })
        })
        .unwrap();
    jobs::watch_token(&rig.bot, &rig.ctx, now).await.unwrap();
    let alert = rig.expect("нужно войти заново").await;
    assert_eq!(alert.chat_id, OWNER);
    assert_eq!(alert.button("Войти на hh.ru"), Some("auth"));
    jobs::watch_token(&rig.bot, &rig.ctx, now + Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!(
        rig.records()
            .sent
            .iter()
            .filter(|s| s.text.contains("нужно войти заново"))
            .count(),
        1
    );
    // The button sends the login link.
    let mark = rig.mark();
    rig.press(&alert, "Войти на hh.ru").await;
    let link = rig.expect_after(mark, "Ссылка действует 10 минут").await;
    assert!(link
        .button("Войти через hh.ru")
        .is_some_and(|url| url.contains("/login?state=")));
    assert_telegram_rules(&rig);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hh_auth_link_leads_to_a_confirmation_with_the_account_name() {
    let world = World::start().await;
    world.sandbox.sign_in_as(QA);
    let rig = Rig::over(Upstream::World(world)).await;
    rig.say("/start");
    let start = rig.expect("не авторизован").await;
    // What the app may do, decided by the probe: no login yet, so search only.
    assert!(start.text.contains("Доступ: поиск"), "{}", start.text);
    rig.say("/hh_auth");
    let message = rig.expect("Ссылка действует 10 минут").await;
    let link = message.button("Войти через hh.ru").unwrap().to_owned();
    // The browser: hh-callback's login page, hh.ru's consent, back to the callback.
    let world = rig.world();
    assert!(
        link.starts_with(&format!("{}/hh/login?state=", world.callback_url)),
        "{link}"
    );
    let state = crate::support::state_of(&link);
    let (cookie, authorize) = world.login(&state).await;
    let back = crate::support::follow(&authorize).await;
    let (status, page) = crate::support::get(&back, Some(&cookie)).await;
    assert_eq!(status, 200, "{page}");
    let record = rig
        .ctx
        .store
        .read_status()
        .unwrap()
        .last_authorization
        .unwrap();
    assert_eq!(record.chat_id, Some(OWNER));

    jobs::watch_token(&rig.bot, &rig.ctx, rig.sandbox.now())
        .await
        .unwrap();
    let person = &rig.sandbox.catalog().dataset.people[QA];
    let confirmation = rig.expect("Авторизация на hh.ru прошла успешно").await;
    assert!(
        confirmation
            .text
            .contains(&format!("{} {}", person.first_name, person.last_name)),
        "{}",
        confirmation.text
    );
    assert_eq!(confirmation.chat_id, OWNER);
    jobs::watch_token(&rig.bot, &rig.ctx, rig.sandbox.now())
        .await
        .unwrap();
    assert_eq!(
        rig.records()
            .sent
            .iter()
            .filter(|s| s.text.contains("прошла успешно"))
            .count(),
        1
    );
    assert_telegram_rules(&rig);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn strangers_cause_no_hh_request_and_get_nothing() {
    let rig = Rig::start(Some(BACKEND)).await;
    // Let start-up reconciliation finish.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let before = rig.hh_requests();
    for text in [
        "/recommend",
        "/search rust",
        "/hh_apply 1",
        "/hh_logout",
        "/hh_status",
    ] {
        rig.tg.push_text(STRANGER, text);
    }
    rig.tg.push_callback(STRANGER, 1, "a:1");
    rig.say("/help");
    rig.expect("Команды:").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(rig.hh_requests(), before);
    assert!(rig.records().sent.iter().all(|s| s.chat_id == OWNER));
    assert!(rig.ctx.store.read().is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resumes_choose_logout_and_settings() {
    let rig = Rig::start(Some(BACKEND)).await;
    rig.say("/hh_resumes");
    let list = rig.expect("Ваши резюме на hh.ru").await;
    let resumes = &rig.sandbox.catalog().dataset.people[BACKEND].resumes;
    assert_eq!(list.buttons.len(), resumes.len());
    let second = list.buttons[1][0].clone();
    let mark = rig.mark();
    rig.press(&list, &second.0).await;
    let edited = rig.expect_after(mark, "Ваши резюме на hh.ru").await;
    assert_eq!(edited.method, Method::EditMessageText);
    assert!(edited.buttons[1][0].0.starts_with("✅ "), "{edited:#?}");
    let active: Option<String> = rig.ctx.ledger.lock().await.setting(ACTIVE_RESUME).unwrap();
    assert_eq!(active.as_deref(), Some(&second.1[2..]));

    rig.say("/settings");
    let settings = rig.expect("Минимальная оценка: 60").await;
    let mark = rig.mark();
    rig.press(&settings, "Оценка +5").await;
    rig.expect_after(mark, "Минимальная оценка: 65").await;
    rig.say("/settings digest 8:30 20:00");
    rig.expect("Подборка: 08:30, 20:00").await;
    rig.say("/settings cap 500");
    rig.expect("от 1 до 200").await;

    rig.say("/hh_logout");
    let question = rig.expect("Выйти из hh.ru?").await;
    let mark = rig.mark();
    rig.press(&question, "Да, выйти").await;
    rig.expect_after(mark, "доступ к hh.ru отозван").await;
    assert!(rig.ctx.store.read().is_err());
    assert_eq!(rig.sandbox.count("DELETE", "/oauth/token"), 1);
    // Without a login the bot still searches (hh.ru's application-level methods), but it
    // has no resume to rank against until one is given.
    rig.say("/recommend");
    rig.expect("Нет резюме").await;
    assert_telegram_rules(&rig);
}

/// Without applicant access the bot cannot bump the resume: it reminds the user with a
/// link, as often as hh.ru allows a bump (every 4 hours), never more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_bump_becomes_a_reminder_every_four_hours() {
    let rig = Rig::start(Some(QA)).await;
    rig.sandbox.set_applicant_access(false);
    rig.say(&format!("/reset {PASTED}"));
    rig.expect("Резюме сохранено").await;
    let reminders = |rig: &Rig| {
        rig.tg
            .records()
            .sent
            .iter()
            .filter(|sent| sent.text.contains("Пора поднять резюме"))
            .count()
    };
    jobs::bump(&rig.bot, &rig.ctx, rig.sandbox.now())
        .await
        .unwrap();
    let reminder = rig.expect("Пора поднять резюме на hh.ru").await;
    assert_eq!(
        reminder.button("Мои резюме на hh.ru"),
        Some("https://hh.ru/applicant/resumes")
    );
    let publishes = rig
        .sandbox
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/publish"))
        .count();
    assert_eq!(
        publishes, 0,
        "a pasted resume is not bumped through the API"
    );
    for hours in [1, 3] {
        let at = rig.sandbox.now() + Duration::hours(hours);
        jobs::bump(&rig.bot, &rig.ctx, at).await.unwrap();
        assert_eq!(reminders(&rig), 1, "{hours} h later");
    }
    let later = rig.sandbox.now() + Duration::hours(4);
    jobs::bump(&rig.bot, &rig.ctx, later).await.unwrap();
    rig.tg
        .wait_for(|records| {
            records
                .sent
                .iter()
                .filter(|s| s.text.contains("Пора поднять резюме"))
                .count()
                == 2
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_bump_is_silent_on_success_and_speaks_on_failure() {
    let rig = Rig::start(Some(QA)).await;
    rig.sandbox
        .advance(std::time::Duration::from_secs(5 * 3600));
    let now = rig.sandbox.now();
    let mark = rig.mark();
    jobs::bump(&rig.bot, &rig.ctx, now).await.unwrap();
    let publishes = |rig: &Rig| {
        rig.sandbox
            .requests()
            .iter()
            .filter(|r| r.method == "POST" && r.path.ends_with("/publish"))
            .count()
    };
    assert_eq!(publishes(&rig), 1);
    assert_eq!(rig.mark(), mark, "a message on success");
    // Not due again right after the bump: no request.
    jobs::bump(&rig.bot, &rig.ctx, rig.sandbox.now())
        .await
        .unwrap();
    assert_eq!(publishes(&rig), 1);

    rig.sandbox
        .advance(std::time::Duration::from_secs(5 * 3600));
    rig.sandbox.inject(Fault {
        method: Some("POST".into()),
        path: "/resumes/*".into(),
        kind: FaultKind::Status {
            status: 500,
            retry_after: None,
            body: String::new(),
        },
        times: 1,
        skip: 0,
    });
    jobs::bump(&rig.bot, &rig.ctx, rig.sandbox.now())
        .await
        .unwrap();
    rig.expect_after(mark, "Не удалось поднять резюме").await;
    assert_telegram_rules(&rig);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expiry_warning_comes_once_when_refresh_is_silent() {
    let rig = Rig::start(Some(QA)).await;
    let expires = rig.ctx.store.read().unwrap().expires_at;
    let mark = rig.mark();
    // A week before expiry: nothing.
    jobs::watch_token(&rig.bot, &rig.ctx, expires - Duration::days(7))
        .await
        .unwrap();
    // Refresh ran an hour ago: nothing either.
    let near = expires - Duration::days(1);
    rig.ctx
        .store
        .lock()
        .unwrap()
        .update_status(|status| {
            status.last_refresh = Some(RefreshRecord {
                at: near - Duration::hours(1),
                result: RefreshResult::NotDue,
                reason: "not expired yet".into(),
                next_due: Some(expires),
            })
        })
        .unwrap();
    jobs::watch_token(&rig.bot, &rig.ctx, near).await.unwrap();
    assert_eq!(rig.mark(), mark);
    // The timer went silent for a day: one warning.
    let later = near + Duration::hours(12);
    jobs::watch_token(&rig.bot, &rig.ctx, later).await.unwrap();
    let warning = rig
        .expect_after(mark, "обновление давно не запускалось")
        .await;
    assert!(
        warning.text.contains("hh-refresh.timer"),
        "{}",
        warning.text
    );
    jobs::watch_token(&rig.bot, &rig.ctx, later + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(rig.mark(), mark + 1);
    assert_telegram_rules(&rig);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_file_replaced_a_hundred_times_under_the_bot_is_always_read_fresh() {
    let rig = Rig::start(Some(QA)).await;
    // The start-up reconciliation runs in the background on the first pair; let it finish.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while rig.sandbox.count("GET", "/negotiations") == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no start-up reconciliation"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let store = rig.ctx.store.clone();
    for round in 0..100 {
        let (access, refresh) = rig.sandbox.issue_user_tokens(QA);
        let serial = rig.sandbox.user_token_serial(&access).unwrap();
        crate::support::write_pair(
            &store,
            &crate::support::pair(&access, &refresh, 1_209_600, rig.sandbox.now()),
        );
        rig.sandbox.clear_requests();
        let mark = rig.mark();
        rig.say("/hh_status");
        rig.expect_after(mark, "Откликов за последние 24 ч.").await;
        let requests = rig.sandbox.requests();
        assert!(!requests.is_empty(), "round {round}: no request");
        for request in &requests {
            assert_eq!(
                request.token_serial,
                Some(serial),
                "round {round}: {} {} carried an old pair",
                request.method,
                request.path
            );
        }
    }
    assert_eq!(
        rig.sandbox.count("POST", "/token"),
        0,
        "a stale pair forced a refresh"
    );
    assert_telegram_rules(&rig);
}
