//! hh-bot end to end: the Telegram emulator, the real handler tree, the sandbox as hh.ru
//! and a real ledger. Each test checks Telegram's rules over its whole conversation.

use chrono::Duration;
use hh_agent::bot::agent::ACTIVE_RESUME;
use hh_agent::bot::jobs;
use hh_agent::ledger::Outcome;
use hh_agent::token_store::{RefreshRecord, RefreshResult};
use hh_sandbox::telegram::Method;
use hh_sandbox::LimitForm;
use hh_sandbox::{Fault, FaultKind};

use super::rig::{assert_telegram_rules, Rig, Upstream, OWNER, STRANGER};
use crate::support::World;

/// Андрей: a Rust/Go backend developer with one published and one hidden resume.
const BACKEND: usize = 0;
/// Мария: a QA engineer with one resume.
const QA: usize = 1;

const PASTED: &str = "Backend-разработчик Rust\nОпыт работы 6 лет. Москва.\nНавыки: Rust, Go, PostgreSQL, Tokio, Kafka, Docker, Kubernetes, Linux.";

async fn outcome(rig: &Rig, vacancy: &str) -> Option<Outcome> {
    rig.ctx
        .ledger
        .lock()
        .await
        .application(vacancy)
        .unwrap()
        .map(|application| application.outcome)
}

/// /hh_apply, then «Отправить» on the prepared message; returns the answer.
async fn apply_by_command(rig: &Rig, vacancy: &str) -> String {
    let mark = rig.mark();
    rig.say(&format!("/hh_apply https://hh.ru/vacancy/{vacancy}"));
    let prepared = rig.expect_after(mark, "Письмо:").await;
    let mark = rig.mark();
    rig.press(&prepared, "Отправить").await;
    rig.tg
        .wait_for(|records| records.sent.len() > mark)
        .await
        .sent[mark]
        .text
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recommend_shows_progress_cards_with_buttons_and_pages() {
    let rig = Rig::start(Some(BACKEND)).await;
    rig.say("/recommend");
    let summary = rig.expect("Проверено ").await;
    assert_eq!(summary.method, Method::EditMessageText);
    let records = rig.records();
    assert!(
        records
            .sent
            .iter()
            .any(|sent| sent.text.starts_with("Проверяю вакансии: ") && sent.text.contains(" из ")),
        "no progress: {:#?}",
        records.sent
    );
    let card = rig.expect("Оценка:").await;
    for label in ["Откликнуться", "Письмо", "Скрыть"] {
        assert!(card.button(label).is_some(), "{label}: {card:#?}");
    }
    assert!(card
        .button("Открыть на hh.ru")
        .is_some_and(|url| url.starts_with("http")));
    let footer = rig.expect("Показаны 1–5 из ").await;
    // Five cards before the footer, best first.
    let cards: Vec<_> = rig
        .records()
        .sent
        .into_iter()
        .filter(|sent| sent.text.contains("Оценка:"))
        .collect();
    assert_eq!(cards.len(), 5);
    let scores: Vec<u32> = cards
        .iter()
        .map(|card| {
            let after = card.text.split("Оценка: ").nth(1).unwrap();
            after.split('/').next().unwrap().parse().unwrap()
        })
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(
        scores[0] >= 80,
        "the backend developer's best match: {scores:?}"
    );
    rig.press(&footer, "Ещё ▶").await;
    rig.expect("Показаны 6–10 из ").await;
    // Hiding takes the card's buttons away and keeps it out of the next run.
    let hidden = cards[0].button("Скрыть").unwrap()[2..].to_owned();
    rig.press(&cards[0], "Скрыть").await;
    assert!(rig.ctx.ledger.lock().await.is_hidden(&hidden).unwrap());
    let mark = rig.mark();
    rig.say("/recommend");
    rig.expect_after(mark, "Показаны 1–5 из ").await;
    let again = rig.records().sent[mark..].to_vec();
    assert!(
        again
            .iter()
            .all(|sent| sent.button("Откликнуться") != Some(&format!("a:{hidden}"))),
        "a hidden vacancy came back"
    );
    assert_telegram_rules(&rig);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_sends_once_with_the_letter_and_dedups_across_restarts() {
    let rig = Rig::start(Some(BACKEND)).await;
    let vacancy = rig.api().plain_vacancy(3);
    let answer = apply_by_command(&rig, &vacancy).await;
    assert!(answer.starts_with("✅ Отклик на «"), "{answer}");
    assert_eq!(rig.applications_sent(), 1);
    assert_eq!(outcome(&rig, &vacancy).await, Some(Outcome::Applied));
    let post = rig
        .sandbox
        .requests()
        .into_iter()
        .find(|r| r.method == "POST" && r.path == "/negotiations")
        .unwrap();
    let letter = post
        .form
        .iter()
        .find(|(key, _)| key == "message")
        .map(|(_, value)| value.clone())
        .unwrap();
    assert!(letter.starts_with("Здравствуйте"), "{letter}");

    let rig = rig.restart().await;
    let answer = apply_by_command(&rig, &vacancy).await;
    assert!(answer.contains("уже откликались"), "{answer}");
    assert_eq!(rig.applications_sent(), 1, "a second POST after a restart");
    assert_telegram_rules(&rig);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_apply_outcome_has_its_own_message() {
    let rig = Rig::start(Some(BACKEND)).await;
    let tested = rig.api().vacancy_where(|v| v.has_test && !v.archived);
    let answer = apply_by_command(&rig, &tested).await;
    assert!(answer.contains("тестовое задание"), "{answer}");

    let direct = rig
        .api()
        .vacancy_where(|v| v.kind == "direct" && !v.archived && !v.has_test);
    let mark = rig.mark();
    apply_by_command(&rig, &direct).await;
    let external = rig.expect_after(mark, "на своём сайте").await;
    assert!(external
        .button("Форма работодателя")
        .is_some_and(|url| url.starts_with("http")));

    let archived = rig.api().vacancy_where(|v| v.archived);
    let answer = apply_by_command(&rig, &archived).await;
    assert!(answer.contains("в архиве"), "{answer}");

    // A captcha: a link with backurl and «Готово», which sends again.
    rig.sandbox.inject(Fault {
        method: Some("POST".into()),
        path: "/negotiations".into(),
        kind: FaultKind::Captcha,
        times: 1,
        skip: 0,
    });
    let vacancy = rig.api().plain_vacancy(10);
    let mark = rig.mark();
    apply_by_command(&rig, &vacancy).await;
    let captcha = rig.expect_after(mark, "не робот").await;
    let link = captcha.button("Пройти проверку на hh.ru").unwrap();
    assert!(link.contains("backurl="), "{link}");
    let mark = rig.mark();
    rig.press(&captcha, "Готово — отправить снова").await;
    rig.expect_after(mark, "✅ Отклик на «").await;

    // The connection dropped after hh.ru took it: uncertain, then confirmed by the list.
    rig.sandbox.inject(Fault {
        method: Some("POST".into()),
        path: "/negotiations".into(),
        kind: FaultKind::DropAfterProcessing,
        times: 1,
        skip: 0,
    });
    let vacancy = rig.api().plain_vacancy(11);
    let answer = apply_by_command(&rig, &vacancy).await;
    assert!(answer.contains("оборвалась"), "{answer}");
    assert_eq!(outcome(&rig, &vacancy).await, Some(Outcome::Uncertain));
    let reconciled = rig.ctx.reconcile(rig.sandbox.now()).await.unwrap();
    assert_eq!(reconciled.confirmed, 1);
    assert_eq!(outcome(&rig, &vacancy).await, Some(Outcome::Applied));

    // A revoked token: the login button.
    rig.sandbox.deactivate_user_tokens();
    let mark = rig.mark();
    rig.say(&format!("/hh_apply {}", rig.api().plain_vacancy(12)));
    let refused = rig.expect_after(mark, "/hh_auth").await;
    assert!(refused.button("Войти на hh.ru").is_some(), "{refused:#?}");
    assert_telegram_rules(&rig);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daily_cap_and_hh_limit_stop_applying() {
    let rig = Rig::start(Some(QA)).await;
    rig.say("/settings cap 2");
    rig.expect("Лимит откликов за сутки: 2").await;
    for skip in 0..2 {
        let answer = apply_by_command(&rig, &rig.api().plain_vacancy(skip)).await;
        assert!(answer.starts_with("✅"), "{answer}");
    }
    let answer = apply_by_command(&rig, &rig.api().plain_vacancy(2)).await;
    assert!(answer.contains("Лимит откликов исчерпан"), "{answer}");
    assert_eq!(rig.applications_sent(), 2);

    // hh.ru's own limit (below ours) stops everything at its first signal.
    rig.say("/settings cap 150");
    rig.expect("Лимит откликов за сутки: 150").await;
    rig.sandbox.set_apply_limit(3, LimitForm::TooManyRequests);
    let answer = apply_by_command(&rig, &rig.api().plain_vacancy(3)).await;
    assert!(answer.starts_with("✅"), "{answer}");
    let answer = apply_by_command(&rig, &rig.api().plain_vacancy(4)).await;
    assert!(answer.contains("Лимит откликов исчерпан"), "{answer}");
    let posts = rig.applications_sent();
    let answer = apply_by_command(&rig, &rig.api().plain_vacancy(5)).await;
    assert!(answer.contains("Лимит откликов исчерпан"), "{answer}");
    assert_eq!(
        rig.applications_sent(),
        posts,
        "sent after hh.ru's limit signal"
    );
    rig.say("/hh_status");
    rig.expect("Отклики приостановлены до").await;
    assert_telegram_rules(&rig);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn link_only_mode_when_applicant_methods_are_refused() {
    let rig = Rig::start(Some(BACKEND)).await;
    rig.sandbox.set_applicant_access(false);
    rig.say("/hh_status");
    rig.expect("только поиск и вакансии").await;
    rig.say("/recommend");
    rig.expect("Нет резюме").await;
    rig.say(&format!("/reset {PASTED}"));
    rig.expect("Резюме сохранено").await;
    rig.say("/recommend");
    let card = rig.expect("Оценка:").await;
    assert!(card.button("Откликнуться").is_none(), "{card:#?}");
    assert!(card
        .button("Откликнуться на hh.ru")
        .is_some_and(|url| url.starts_with("http")));
    let vacancy = card.button("Я откликнулся").unwrap()[2..].to_owned();
    // «Письмо»: the letter to copy, with the page link and «Я откликнулся».
    let mark = rig.mark();
    rig.press(&card, "Письмо").await;
    let letter = rig.expect_after(mark, "Письмо:").await;
    assert!(letter.text.contains("вставьте письмо"), "{}", letter.text);
    assert!(letter.button("Откликнуться на hh.ru").is_some());
    rig.press(&letter, "Я откликнулся").await;
    rig.tg
        .wait_for(|records| {
            records
                .answered
                .iter()
                .any(|a| a.text.as_deref() == Some("Записал отклик."))
        })
        .await;
    assert_eq!(outcome(&rig, &vacancy).await, Some(Outcome::Manual));
    assert_eq!(rig.applications_sent(), 0);
    assert_telegram_rules(&rig);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn digest_never_repeats_a_vacancy() {
    let rig = Rig::start(Some(BACKEND)).await;
    let now = rig.sandbox.now();
    jobs::digest(&rig.bot, &rig.ctx, now).await.unwrap();
    let first = rig.records().sent;
    assert!(first[0].text.starts_with("Подборка: "), "{:#?}", first);
    let ids = |sent: &[hh_sandbox::telegram::Sent]| -> Vec<String> {
        sent.iter()
            .filter_map(|s| s.button("Откликнуться").map(|data| data[2..].to_owned()))
            .collect()
    };
    let first_ids = ids(&first);
    assert_eq!(first_ids.len(), 5);
    jobs::digest(&rig.bot, &rig.ctx, now).await.unwrap();
    let all = rig.records().sent;
    let second_ids = ids(&all[first.len()..]);
    assert_eq!(second_ids.len(), 5);
    assert!(
        second_ids.iter().all(|id| !first_ids.contains(id)),
        "{first_ids:?} {second_ids:?}"
    );
    assert!(all.iter().all(|s| s.chat_id == OWNER));
    assert_telegram_rules(&rig);
}

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
    rig.expect("не авторизован").await;
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
    rig.say("/recommend");
    rig.expect("авторизуйтесь командой /hh_auth").await;
    assert_telegram_rules(&rig);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_mode_starts_with_a_dry_run_then_applies_within_the_cap() {
    let rig = Rig::start(Some(BACKEND)).await;
    rig.say("/settings cap 3");
    rig.expect("Лимит откликов за сутки: 3").await;
    rig.say("/settings");
    let settings = rig.expect("Режим: ручной").await;
    let mark = rig.mark();
    rig.press(&settings, "Включить авто-режим…").await;
    let dry = rig.expect_after(mark, "Включить авто-режим?").await;
    assert!(
        dry.text.contains("откликнулся бы на 3 вакансий"),
        "{}",
        dry.text
    );
    assert_eq!(rig.applications_sent(), 0, "the dry run sent something");
    rig.press(&dry, "Включить авто-режим").await;
    rig.expect("Авто-режим включён").await;
    jobs::auto_run(&rig.bot, &rig.ctx, rig.sandbox.now())
        .await
        .unwrap();
    let report = rig.expect("Авто-режим: обработано").await;
    assert_eq!(rig.applications_sent(), 3, "{}", report.text);
    assert_eq!(report.text.matches("✅").count(), 3, "{}", report.text);
    // The cap is spent: the next run sends nothing.
    jobs::auto_run(&rig.bot, &rig.ctx, rig.sandbox.now())
        .await
        .unwrap();
    assert_eq!(rig.applications_sent(), 3);
    assert_telegram_rules(&rig);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_texts_are_split_and_stale_buttons_answered() {
    let rig = Rig::start(None).await;
    let long = format!(
        "{PASTED}\n{}",
        "Опыт: разработка сервисов на Rust.\n".repeat(200)
    );
    rig.say(&format!("/reset {long}"));
    rig.expect("Резюме сохранено").await;
    rig.say("/show_cv");
    rig.tg.wait_for(|records| records.sent.len() >= 3).await;
    let sent = rig.records().sent;
    let parts: Vec<&str> = sent[1..].iter().map(|s| s.text.as_str()).collect();
    assert!(parts.len() >= 2, "{}", parts.len());
    assert_eq!(parts.concat(), long.trim());
    let query = rig.tg.push_callback(OWNER, 1, "garbage:data");
    let records = rig
        .tg
        .wait_for(|records| {
            records
                .answered
                .iter()
                .any(|a| a.callback_query_id == query)
        })
        .await;
    let answer = records
        .answered
        .iter()
        .find(|a| a.callback_query_id == query)
        .unwrap();
    assert_eq!(answer.text.as_deref(), Some("Эта кнопка устарела."));
    assert_telegram_rules(&rig);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_by_words_and_the_tick_runs_the_digest_once_per_time() {
    let rig = Rig::start(Some(BACKEND)).await;
    rig.say("/search");
    rig.expect("Что искать?").await;
    rig.say("/search Rust разработчик");
    rig.expect("Проверено ").await;
    let card = rig.expect("Оценка:").await;
    assert!(card.text.to_lowercase().contains("rust"), "{}", card.text);
    rig.expect("Показаны 1–5 из ").await;
    assert!(rig.sandbox.requests().iter().any(|r| r.path == "/vacancies"
        && r.query
            .iter()
            .any(|(k, v)| k == "text" && v.contains("Rust"))));

    // The digest at 09:00 Moscow time (06:00 UTC), once.
    rig.say("/settings digest 9:00");
    rig.expect("Подборка: 09:00").await;
    let now = rig.sandbox.now();
    let nine = now.date_naive().and_hms_opt(6, 0, 30).unwrap().and_utc();
    let nine = if nine < now {
        nine + Duration::days(1)
    } else {
        nine
    };
    let mark = rig.mark();
    jobs::tick(&rig.bot, &rig.ctx, nine - Duration::minutes(2))
        .await
        .unwrap();
    assert_eq!(
        rig.mark(),
        mark,
        "a digest before its time: {:#?}",
        &rig.records().sent[mark..]
    );
    jobs::tick(&rig.bot, &rig.ctx, nine).await.unwrap();
    rig.expect_after(mark, "Подборка: ").await;
    let after = rig.mark();
    jobs::tick(&rig.bot, &rig.ctx, nine + Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!(rig.mark(), after, "the digest came twice");
    assert_telegram_rules(&rig);
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
async fn an_hh_outage_gets_words_not_a_crash() {
    let rig = Rig::start(Some(BACKEND)).await;
    rig.sandbox.inject(Fault {
        method: None,
        path: "/*".into(),
        kind: FaultKind::Status {
            status: 503,
            retry_after: None,
            body: String::new(),
        },
        times: 1000,
        skip: 0,
    });
    rig.say("/recommend");
    rig.expect("hh.ru сейчас отвечает с ошибкой").await;
    let mark = rig.mark();
    rig.say(&format!("/hh_apply {}", rig.api().plain_vacancy(1)));
    rig.expect_after(mark, "hh.ru сейчас отвечает с ошибкой")
        .await;
    rig.sandbox.clear_faults();
    rig.say("/recommend");
    rig.expect("Проверено ").await;
    assert_eq!(rig.applications_sent(), 0);
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_flood_control_is_waited_out() {
    let rig = Rig::start(None).await;
    rig.tg.flood(2);
    let started = std::time::Instant::now();
    rig.say("/help");
    let help = rig.expect("Команды:").await;
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(2),
        "did not wait"
    );
    assert_eq!(help.chat_id, OWNER);
    let errors = rig.records().errors;
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors
        .iter()
        .all(|e| e.description == "Too Many Requests: retry after 1"));
    assert_eq!(rig.records().sent.len(), 1, "a message sent twice");
}
