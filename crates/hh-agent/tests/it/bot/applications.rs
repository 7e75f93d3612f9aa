//! Applications end to end: one POST with the letter, dedup across restarts, each outcome
//! in its words, the caps, and the auto mode.

use hh_agent::bot::{auto, PASTED_RESUME};
use hh_agent::ledger::Outcome;
use hh_sandbox::LimitForm;
use hh_sandbox::{Fault, FaultKind};

use super::rig::{apply_by_command, assert_telegram_rules, outcome, Rig, BACKEND, PASTED, QA};

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

    // After a restart, /hh_apply refuses at once: no detail, no letter, no POST.
    let rig = rig.restart().await;
    let details = rig.sandbox.count("GET", &format!("/vacancies/{vacancy}"));
    let mark = rig.mark();
    rig.say(&format!("/hh_apply {vacancy}"));
    let answer = rig.expect_after(mark, "уже откликались").await;
    assert_eq!(
        answer.text,
        "На эту вакансию вы уже откликались — повторно не отправляю."
    );
    assert_no_letter_after(&rig, mark);
    assert_eq!(
        rig.sandbox.count("GET", &format!("/vacancies/{vacancy}")),
        details
    );
    assert_eq!(rig.applications_sent(), 1, "a second POST after a restart");
    assert_telegram_rules(&rig);
}

/// No letter was drafted (shown) after `mark`.
fn assert_no_letter_after(rig: &Rig, mark: usize) {
    let sent = rig.records().sent;
    assert!(
        sent[mark..].iter().all(|s| !s.text.contains("Письмо:")),
        "a letter was drafted: {:#?}",
        &sent[mark..]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hh_apply_refuses_a_vacancy_applied_to_on_the_site_before_drafting() {
    let rig = Rig::start(Some(BACKEND)).await;
    let vacancy = rig.api().plain_vacancy(7);
    let resume = rig.sandbox.catalog().dataset.people[BACKEND].resumes[0]
        .id
        .clone();
    // On hh.ru's site: the ledger never hears of it, the vacancy's relations do.
    rig.ctx.client.apply(&vacancy, &resume, None).await.unwrap();
    let mark = rig.mark();
    rig.say(&format!("/hh_apply {vacancy}"));
    rig.expect_after(mark, "уже откликались").await;
    assert_no_letter_after(&rig, mark);
    assert_eq!(rig.applications_sent(), 1);
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
    auto::auto_run(&rig.bot, &rig.ctx, rig.sandbox.now())
        .await
        .unwrap();
    let report = rig.expect("Авто-режим: обработано").await;
    assert_eq!(rig.applications_sent(), 3, "{}", report.text);
    assert_eq!(report.text.matches("✅").count(), 3, "{}", report.text);
    // The cap is spent: the next run sends nothing.
    auto::auto_run(&rig.bot, &rig.ctx, rig.sandbox.now())
        .await
        .unwrap();
    assert_eq!(rig.applications_sent(), 3);
    assert_telegram_rules(&rig);
}

/// The chat waits for one thing at a time: a bare /reset replaces a pending letter edit,
/// and «Изменить письмо» replaces a pending resume.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_waits_for_one_text_at_a_time() {
    const LETTER: &str = "Здравствуйте! Меня заинтересовала ваша вакансия: шесть лет пишу сервисы на Rust и Go, работал с PostgreSQL и Kafka. Буду рад обсудить. С уважением, Андрей.";
    let rig = Rig::start(Some(BACKEND)).await;
    let mark = rig.mark();
    rig.say(&format!("/hh_apply {}", rig.api().plain_vacancy(3)));
    let prepared = rig.expect_after(mark, "Письмо:").await;

    // A letter edit, then a bare /reset: the next text is the resume, the one after it
    // is nothing in particular.
    rig.press(&prepared, "Изменить письмо").await;
    rig.expect("Пришлите текст письма").await;
    rig.say("/reset");
    rig.expect("Пришлите текст резюме").await;
    rig.say(PASTED);
    rig.expect("Резюме сохранено").await;
    let mark = rig.mark();
    rig.say(LETTER);
    rig.expect_after(mark, "Не понял").await;
    assert!(
        rig.records()
            .sent
            .iter()
            .all(|s| !s.text.contains("Письмо заменено")),
        "the old letter edit survived /reset"
    );

    // A bare /reset, then a letter edit: the next text is the letter, the resume stays.
    let mark = rig.mark();
    rig.say("/reset");
    rig.expect_after(mark, "Пришлите текст резюме").await;
    rig.press(&prepared, "Изменить письмо").await;
    rig.expect_after(mark, "Пришлите текст письма").await;
    rig.say(LETTER);
    rig.expect_after(mark, "Письмо заменено").await;
    let pasted: Option<String> = rig.ctx.ledger.lock().await.setting(PASTED_RESUME).unwrap();
    assert_eq!(
        pasted.as_deref(),
        Some(PASTED),
        "the letter was taken as the resume"
    );
    let mark = rig.mark();
    rig.say("ещё один текст");
    rig.expect_after(mark, "Не понял").await;
    assert_telegram_rules(&rig);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_auto_run_fetches_each_vacancy_once() {
    let rig = Rig::start(Some(BACKEND)).await;
    rig.say("/settings cap 5");
    rig.expect("Лимит откликов за сутки: 5").await;
    rig.sandbox.clear_requests();
    auto::auto_run(&rig.bot, &rig.ctx, rig.sandbox.now())
        .await
        .unwrap();
    rig.expect("Авто-режим: обработано").await;
    let requests = rig.sandbox.requests();
    let details: Vec<&str> = requests
        .iter()
        .filter(|r| r.method == "GET" && r.path.starts_with("/vacancies/"))
        .map(|r| r.path.as_str())
        .collect();
    let mut distinct = details.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(details.len(), distinct.len(), "a detail fetched twice");
    assert_eq!(details.len(), 60, "the details ranked, and no more");
    // Five applications, each with a letter drafted from the description kept.
    let letters: Vec<&str> = requests
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/negotiations")
        .filter_map(|r| {
            r.form
                .iter()
                .find(|(key, _)| key == "message")
                .map(|(_, value)| value.as_str())
        })
        .collect();
    assert_eq!(letters.len(), 5);
    assert!(letters
        .iter()
        .all(|letter| letter.starts_with("Здравствуйте")));
    assert_telegram_rules(&rig);
}
