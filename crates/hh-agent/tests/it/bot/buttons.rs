//! Buttons whose answer Telegram refuses (a press that waited while the bot was down): the
//! press is still acted on, for every kind of button.

use hh_agent::ledger::Outcome;
use hh_sandbox::telegram::{Records, Sent};

use super::rig::{outcome, Rig, BACKEND, QUERY_TOO_OLD};

/// How many times the buttons of messages were taken away so far.
fn buttons_removed(records: &Records) -> usize {
    records
        .methods
        .iter()
        .filter(|method| *method == "editmessagereplymarkup")
        .count()
}

/// Waits until one more message lost its buttons than `before`.
async fn expect_buttons_removed(rig: &Rig, before: usize) {
    rig.tg
        .wait_for(|records| buttons_removed(records) > before)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_button_acts_even_when_telegram_refuses_its_answer() {
    let rig = Rig::start(Some(BACKEND)).await;
    let mut presses = 0;

    // «Подобрать вакансии», then «Ещё ▶».
    rig.say("/start");
    let start = rig.expect("Здравствуйте").await;
    rig.press_late(&start, "Подобрать вакансии");
    presses += 1;
    let footer = rig.expect("Показаны 1–5 из ").await;
    let cards: Vec<Sent> = rig
        .records()
        .sent
        .into_iter()
        .filter(|sent| sent.button("Откликнуться").is_some())
        .collect();
    let mark = rig.mark();
    rig.press_late(&footer, "Ещё ▶");
    presses += 1;
    rig.expect_after(mark, "Показаны 6–10 из ").await;

    // «Скрыть».
    let hidden = cards[4].button("Скрыть").unwrap()[2..].to_owned();
    let before = buttons_removed(&rig.records());
    rig.press_late(&cards[4], "Скрыть");
    presses += 1;
    expect_buttons_removed(&rig, before).await;
    assert!(rig.ctx.ledger.lock().await.is_hidden(&hidden).unwrap());

    // «Письмо», «Изменить письмо», «Отмена».
    let mark = rig.mark();
    rig.press_late(&cards[1], "Письмо");
    presses += 1;
    let letter = rig.expect_after(mark, "Письмо:").await;
    rig.press_late(&letter, "Изменить письмо");
    presses += 1;
    rig.expect_after(mark, "Пришлите текст письма").await;
    let before = buttons_removed(&rig.records());
    rig.press_late(&letter, "Отмена");
    presses += 1;
    expect_buttons_removed(&rig, before).await;
    let mark = rig.mark();
    rig.say("не письмо");
    rig.expect_after(mark, "Не понял").await;

    // «Откликнуться», then «Отправить».
    rig.press_late(&cards[0], "Откликнуться");
    presses += 1;
    let prepared = rig.expect_after(mark, "Письмо:").await;
    rig.press_late(&prepared, "Отправить");
    presses += 1;
    rig.expect_after(mark, "✅ Отклик").await;

    // «Без письма».
    let mark = rig.mark();
    rig.say(&format!("/hh_apply {}", rig.api().plain_vacancy(20)));
    let prepared = rig.expect_after(mark, "Письмо:").await;
    rig.press_late(&prepared, "Без письма");
    presses += 1;
    rig.expect_after(mark, "✅ Отклик").await;
    assert_eq!(rig.applications_sent(), 2);

    // «Я откликнулся» (link-only cards carry it; the data is the same under any card).
    let manual = rig.api().plain_vacancy(21);
    let before = buttons_removed(&rig.records());
    rig.push_late(cards[2].message_id, &format!("m:{manual}"));
    presses += 1;
    expect_buttons_removed(&rig, before).await;
    assert_eq!(outcome(&rig, &manual).await, Some(Outcome::Manual));

    // A resume chosen from /hh_resumes.
    let mark = rig.mark();
    rig.say("/hh_resumes");
    let list = rig.expect_after(mark, "Ваши резюме на hh.ru").await;
    let second = list.buttons[1][0].0.clone();
    rig.press_late(&list, &second);
    presses += 1;
    let edited = rig.expect_after(mark + 1, "Ваши резюме на hh.ru").await;
    assert!(edited.buttons[1][0].0.starts_with("✅ "), "{edited:#?}");

    // A settings toggle.
    let mark = rig.mark();
    rig.say("/settings");
    let settings = rig.expect_after(mark, "Минимальная оценка: 60").await;
    rig.press_late(&settings, "Оценка +5");
    presses += 1;
    rig.expect_after(mark, "Минимальная оценка: 65").await;

    // «Да, выйти», then «Войти на hh.ru».
    let mark = rig.mark();
    rig.say("/hh_logout");
    let question = rig.expect_after(mark, "Выйти из hh.ru?").await;
    rig.press_late(&question, "Да, выйти");
    presses += 1;
    rig.expect_after(mark, "доступ к hh.ru отозван").await;
    assert!(rig.ctx.store.read().is_err());
    let mark = rig.mark();
    rig.say("/start");
    let start = rig.expect_after(mark, "Здравствуйте").await;
    rig.press_late(&start, "Войти на hh.ru");
    presses += 1;
    rig.expect_after(mark, "Ссылка действует 10 минут").await;

    // Telegram refused every answer and nothing else.
    let records = rig
        .tg
        .wait_for(|records| records.errors.len() >= presses)
        .await;
    assert_eq!(records.errors.len(), presses, "{:#?}", records.errors);
    assert!(
        records
            .errors
            .iter()
            .all(|e| e.description == format!("Bad Request: {QUERY_TOO_OLD}")),
        "{:#?}",
        records.errors
    );
    assert!(records.answered.is_empty());
    assert_eq!(rig.tg.unanswered_callbacks().len(), presses);
}
