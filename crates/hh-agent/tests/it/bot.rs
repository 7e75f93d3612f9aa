//! hh-bot: the real handler tree driven against the Telegram emulator (`rig`); the
//! commands without hh.ru here, whole flows with the sandbox in `runs`, `applications` and
//! `account`, the binary in `setup`.

mod account;
mod applications;
mod buttons;
mod closed;
pub(crate) mod rig;
mod runs;
mod setup;
mod uncertain;
mod upload;

use hh_agent::bot::action::Action;
use hh_agent::bot::cards::{button, keyboard};
use hh_agent::bot::send::{edit_with, say};
use hh_agent::bot::PASTED_RESUME;
use hh_sandbox::telegram::{self, Method};
use rig::{assert_telegram_rules, Rig, OWNER, STRANGER};
use serde_json::json;
use teloxide::types::{ChatId, MessageId};

const RESUME: &str = "Python-разработчик\nОпыт работы 5 лет. Москва.\nНавыки: Python, Django, PostgreSQL, Docker, Linux.";

async fn pasted(rig: &Rig) -> Option<String> {
    rig.ctx.ledger.lock().await.setting(PASTED_RESUME).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_start_greets_in_russian_with_hh_state() {
    let rig = Rig::start(None).await;
    rig.say("/start");
    let greeting = rig.expect("Здравствуйте").await;
    assert_eq!(greeting.chat_id, OWNER);
    assert!(
        greeting.text.contains("hh.ru: не авторизован"),
        "{}",
        greeting.text
    );
    assert_eq!(greeting.button("Войти на hh.ru"), Some("auth"));
    assert_telegram_rules(&rig);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_start_shows_token_days_left_and_show_cv_without_resume() {
    let rig = Rig::start(None).await;
    let pair = crate::support::pair(
        "ACCESS-SECRET",
        "REFRESH-SECRET",
        14 * 86_400 + 3_600,
        rig.sandbox.now(),
    );
    crate::support::write_pair(&rig.ctx.store, &pair);
    rig.say("/start");
    let greeting = rig.expect("Здравствуйте").await;
    assert!(
        greeting
            .text
            .contains("hh.ru: авторизован, токен действует ещё 14 дн."),
        "{}",
        greeting.text
    );
    assert!(greeting.button("Подобрать вакансии").is_some());
    rig.say("/show_cv");
    rig.expect("Резюме ещё нет").await;
    assert!(rig
        .records()
        .sent
        .iter()
        .all(|s| !s.text.contains("SECRET")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_help_lists_commands() {
    let rig = Rig::start(None).await;
    rig.say("/help");
    let help = rig.expect("Команды:").await;
    assert!(help.text.starts_with("Команды:"), "{}", help.text);
    for command in [
        "/hh_auth",
        "/hh_status",
        "/recommend",
        "/settings",
        "/reset",
    ] {
        assert!(help.text.contains(command), "{command}: {}", help.text);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_reset_stores_resume_and_show_cv_returns_it() {
    let rig = Rig::start(None).await;
    rig.say(&format!("/reset {RESUME}"));
    let understood = rig.expect("Резюме сохранено").await;
    assert!(
        understood.text.contains("Должность: Python-разработчик"),
        "{}",
        understood.text
    );
    assert!(understood.text.contains("Django"), "{}", understood.text);
    assert_eq!(pasted(&rig).await.as_deref(), Some(RESUME));
    assert!(understood.button("Навыки").is_some(), "{understood:#?}");
    let mark = rig.mark();
    rig.say("/show_cv");
    let shown = rig.expect_after(mark, "Вот что я понял из резюме").await;
    assert!(
        shown.text.contains("Должность: Python-разработчик"),
        "{}",
        shown.text
    );
    let mark = rig.mark();
    rig.press(&shown, "Текст резюме").await;
    let text = rig.expect_after(mark, "Python-разработчик").await;
    assert_eq!(text.text, RESUME);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_bare_reset_takes_the_next_message_as_resume() {
    let rig = Rig::start(None).await;
    rig.say("/reset");
    rig.expect("следующим сообщением").await;
    rig.say(RESUME);
    rig.expect("Должность: Python-разработчик").await;
    assert_eq!(pasted(&rig).await.as_deref(), Some(RESUME));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_hh_status_shows_cap() {
    let rig = Rig::start(None).await;
    rig.say("/hh_status");
    let status = rig.expect("Откликов за последние 24 ч.").await;
    assert!(status.text.contains("0 из 150"), "{}", status.text);
    assert!(status.text.contains("/hh_auth"), "{}", status.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_ignores_strangers_entirely() {
    let rig = Rig::start(None).await;
    rig.tg.push_text(STRANGER, "/start");
    rig.tg.push_text(STRANGER, "/reset украсть резюме");
    rig.tg.push_update(json!({ "callback_query": {
        "id": "1", "from": telegram::user(STRANGER),
        "chat_instance": "1", "data": "x"
    }}));
    rig.say("/help");
    rig.expect("Команды:").await;
    let sent = rig.records().sent;
    assert_eq!(sent.len(), 1, "strangers must get nothing: {sent:?}");
    assert_eq!(pasted(&rig).await, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_survives_malformed_updates() {
    let rig = Rig::start(None).await;
    rig.tg
        .push_update(json!({ "some_future_kind": { "x": 1 } }));
    rig.tg
        .push_update(json!({ "message": { "message_id": 2 } }));
    let mut location = telegram::message(OWNER, "");
    location.as_object_mut().unwrap().remove("text");
    location["location"] = json!({ "latitude": 55.75, "longitude": 37.62 });
    rig.tg.push_update(json!({ "message": location }));
    rig.say("/help");
    rig.expect("Команды:").await;
    rig.expect("Я понимаю только текст").await;
    assert_telegram_rules(&rig);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_edits_obey_the_length_rule_too() {
    let rig = Rig::start(None).await;
    let chat = ChatId(OWNER);
    say(&rig.bot, chat, "Короткое сообщение").await.unwrap();
    let first = rig.tg.wait_sent(1).await.remove(0);
    let long = "Строка текста, которую бот правит в сообщении.\n".repeat(300);
    let buttons = keyboard(vec![vec![button("Отмена", Action::Cancel)]]);
    let message = MessageId(i32::try_from(first.message_id).unwrap());
    edit_with(&rig.bot, chat, message, &long, Some(buttons))
        .await
        .unwrap();
    let sent = rig.records().sent;
    assert_eq!(sent[1].method, Method::EditMessageText);
    assert_eq!(sent[1].message_id, first.message_id);
    assert!(
        sent[1].buttons.is_empty(),
        "buttons belong under the last part"
    );
    let rest = &sent[2..];
    assert!(rest.len() >= 2, "{}", rest.len());
    assert!(rest.iter().all(|s| s.method == Method::SendMessage));
    assert_eq!(rest.last().unwrap().button("Отмена"), Some("x"));
    let parts: Vec<&str> = sent[1..].iter().map(|s| s.text.as_str()).collect();
    assert!(parts.iter().all(|p| p.encode_utf16().count() <= 4096));
    assert_eq!(parts.concat(), long);
    assert_telegram_rules(&rig);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_a_settings_toggle_edits_a_long_settings_message_in_parts() {
    let rig = Rig::start(None).await;
    let words: Vec<String> = (0..30)
        .map(|n| format!("исключаемоеслово{n}{}", "я".repeat(112)))
        .collect();
    let command = format!("/settings exclude {}", words.join(", "));
    // What one Telegram message can hold.
    assert!(command.encode_utf16().count() <= 4096);
    rig.say(&command);
    let records = rig
        .tg
        .wait_for(|r| r.sent.iter().any(|s| s.button("Оценка +5").is_some()))
        .await;
    assert!(records.sent.len() >= 2, "the settings fit one message");
    let with_buttons = records
        .sent
        .iter()
        .find(|s| s.button("Оценка +5").is_some())
        .unwrap()
        .clone();
    let mark = rig.mark();
    rig.press(&with_buttons, "Оценка +5").await;
    let edited = rig.expect_after(mark, "Минимальная оценка: 65").await;
    assert_eq!(edited.method, Method::EditMessageText);
    assert_eq!(edited.message_id, with_buttons.message_id);
    let records = rig
        .tg
        .wait_for(|r| {
            r.sent[mark..]
                .iter()
                .any(|s| s.button("Оценка −5").is_some())
        })
        .await;
    assert!(records.sent[mark..]
        .iter()
        .all(|s| s.text.encode_utf16().count() <= 4096));
    assert_telegram_rules(&rig);
}
