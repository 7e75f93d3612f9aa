//! Runs end to end: /recommend and /search with progress, cards and pages, the link-only
//! mode, the digest, long texts, flood control and hh.ru outages.

use chrono::Duration;
use hh_agent::bot::jobs;
use hh_agent::ledger::Outcome;
use hh_sandbox::telegram::Method;
use hh_sandbox::{Fault, FaultKind};

use super::rig::{assert_telegram_rules, outcome, Rig, BACKEND, OWNER, PASTED};

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
    // Progress shows once a vacancy is checked, never «0 из …».
    assert!(
        records
            .sent
            .iter()
            .all(|sent| !sent.text.starts_with("Проверяю вакансии: 0 ")),
        "{:#?}",
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
    rig.run_finished().await;
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
async fn link_only_mode_when_applicant_methods_are_refused() {
    let rig = Rig::start(Some(BACKEND)).await;
    rig.sandbox.set_applicant_access(false);
    rig.say("/hh_status");
    rig.expect("отклики — по ссылке на hh.ru").await;
    rig.say("/recommend");
    rig.expect("Нет резюме").await;
    rig.run_finished().await;
    rig.say(&format!("/reset {PASTED}"));
    rig.expect("Резюме сохранено").await;
    rig.say("/recommend");
    let card = rig.expect("Оценка:").await;
    assert!(card.button("Откликнуться").is_none(), "{card:#?}");
    assert!(card
        .button("Откликнуться на hh.ru")
        .is_some_and(|url| url.starts_with("http")));
    let vacancy = card.button("Я откликнулся").unwrap()[2..].to_owned();
    // «Письмо»: the card with the page link and «Я откликнулся», then the letter alone in
    // its own message, to copy into hh.ru's form.
    let (offer, letter) = rig.letter_by_link(&card).await;
    assert!(offer.button("Откликнуться на hh.ru").is_some());
    assert!(letter.message_id > offer.message_id);
    assert!(letter.buttons.is_empty(), "{letter:#?}");
    assert!(!letter.text.contains("Оценка:") && !letter.text.contains("Письмо:"));
    rig.mark_applied(&offer).await;
    assert_eq!(outcome(&rig, &vacancy).await, Some(Outcome::Manual));
    assert_eq!(rig.applications_sent(), 0);
    // It counts against the daily cap like an application sent through the API.
    let day_ago = rig.sandbox.now() - chrono::Duration::hours(24);
    assert_eq!(rig.ctx.ledger.lock().await.count_since(day_ago).unwrap(), 1);
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
    rig.run_finished().await;
    rig.say("/recommend");
    rig.expect("Проверено ").await;
    assert_eq!(rig.applications_sent(), 0);
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
    let understood = rig.expect("Резюме сохранено").await;
    let mark = rig.mark();
    rig.press(&understood, "Текст резюме").await;
    let whole = |records: &hh_sandbox::telegram::Records| {
        records.sent[mark..]
            .iter()
            .map(|s| s.text.as_str())
            .collect::<String>()
            == long.trim()
    };
    let sent = rig.tg.wait_for(whole).await.sent;
    let parts: Vec<&str> = sent[mark..].iter().map(|s| s.text.as_str()).collect();
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cards_come_even_when_the_progress_message_cannot_be_edited() {
    const GONE: &str = "message to edit not found";
    let rig = Rig::start(Some(BACKEND)).await;
    // The progress message is gone (deleted by the user): every edit is refused.
    rig.tg.refuse("editMessageText", 1000, GONE);
    rig.say("/recommend");
    let summary = rig.expect("Проверено ").await;
    assert_eq!(summary.method, Method::SendMessage);
    rig.expect("Показаны 1–5 из ").await;
    let cards = rig
        .records()
        .sent
        .iter()
        .filter(|sent| sent.text.contains("Оценка:"))
        .count();
    assert_eq!(cards, 5);
    rig.run_finished().await;

    // A run that fails in the search says so anew too, then why.
    rig.sandbox.inject(Fault {
        method: Some("GET".into()),
        path: "/vacancies*".into(),
        kind: FaultKind::Status {
            status: 503,
            retry_after: None,
            body: String::new(),
        },
        times: 1000,
        skip: 0,
    });
    let mark = rig.mark();
    rig.say("/search Rust");
    rig.expect_after(mark, "hh.ru сейчас отвечает с ошибкой")
        .await;
    let stopped = rig.expect_after(mark, "Поиск прервался.").await;
    assert_eq!(stopped.method, Method::SendMessage);
    let errors = rig.records().errors;
    assert!(!errors.is_empty());
    assert!(
        errors
            .iter()
            .all(|e| e.method == "editmessagetext"
                && e.description == format!("Bad Request: {GONE}")),
        "{errors:#?}"
    );
}

/// A 503 on every request to `path` from now on.
fn unavailable(rig: &Rig, path: &str) {
    rig.sandbox.inject(Fault {
        method: Some("GET".into()),
        path: path.into(),
        kind: FaultKind::Status {
            status: 503,
            retry_after: None,
            body: String::new(),
        },
        times: 1000,
        skip: 0,
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vacancy_hh_cannot_give_is_skipped_and_counted() {
    let rig = Rig::start(Some(BACKEND)).await;
    rig.say("/recommend");
    let best = rig.expect("Оценка:").await;
    let best = best.button("Откликнуться").unwrap()[2..].to_owned();
    rig.expect("Показаны 1–5 из ").await;
    rig.run_finished().await;

    // The best match's detail keeps answering 503: the run goes on without it.
    unavailable(&rig, &format!("/vacancies/{best}"));
    let mark = rig.mark();
    rig.say("/recommend");
    let summary = rig.expect_after(mark, "Проверено ").await;
    assert!(
        summary.text.contains("Не удалось проверить: 1 —"),
        "{}",
        summary.text
    );
    rig.expect_after(mark, "Показаны 1–5 из ").await;
    let sent = rig.records().sent;
    let cards: Vec<_> = sent[mark..]
        .iter()
        .filter(|s| s.text.contains("Оценка:"))
        .collect();
    assert_eq!(cards.len(), 5);
    assert!(cards
        .iter()
        .all(|card| card.button("Откликнуться") != Some(&format!("a:{best}"))));
    rig.run_finished().await;

    // Every detail failing is an outage: a few tries, then the words for it.
    unavailable(&rig, "/vacancies/*");
    let details = |rig: &Rig| {
        rig.sandbox
            .requests()
            .iter()
            .filter(|r| r.path.starts_with("/vacancies/"))
            .count()
    };
    let before = details(&rig);
    let mark = rig.mark();
    rig.say("/recommend");
    rig.expect_after(mark, "hh.ru сейчас отвечает с ошибкой")
        .await;
    // Five vacancies, each with the client's two attempts.
    assert_eq!(details(&rig) - before, 10);
    assert_telegram_rules(&rig);
}
