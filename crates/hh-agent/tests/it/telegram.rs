//! The Telegram Bot API emulator over HTTP: teloxide's own client against it (so its
//! answers parse as teloxide expects), long polling, form bodies, the control API under
//! `/_telegram/`, and `hh sandbox --telegram-listen`.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hh_sandbox::telegram::{Method, Server};
use serde_json::{json, Value};
use teloxide::payloads::{AnswerCallbackQuerySetters, SendMessageSetters};
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, UpdateKind};
use teloxide::{ApiError, RequestError};

const CHAT: i64 = 4242;

fn card(data: &str) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new([[
        InlineKeyboardButton::callback("Откликнуться", data),
        InlineKeyboardButton::url(
            "Открыть на hh.ru",
            "https://hh.ru/vacancy/1".parse().unwrap(),
        ),
    ]])
}

fn api_error(result: Result<impl std::fmt::Debug, RequestError>) -> ApiError {
    match result {
        Err(RequestError::Api(err)) => err,
        other => panic!("expected a Bot API error, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teloxide_sends_edits_and_answers_through_the_emulator() {
    let telegram = Server::start().await.unwrap();
    let bot = Bot::new("123:TEST").set_api_url(telegram.url().parse().unwrap());
    assert_eq!(bot.get_me().await.unwrap().id.0, 123);

    let card_message = bot
        .send_message(ChatId(CHAT), "Python-разработчик, 87 баллов")
        .reply_markup(card("apply:1"))
        .await
        .unwrap();
    assert_eq!(card_message.chat.id, ChatId(CHAT));
    assert!(card_message.reply_markup().is_some());
    let edited = bot
        .edit_message_text(ChatId(CHAT), card_message.id, "Проверено 2000 вакансий")
        .await
        .unwrap();
    assert_eq!(edited.text(), Some("Проверено 2000 вакансий"));
    assert!(
        edited.reply_markup().is_none(),
        "an edit without markup drops it"
    );

    let too_long = bot.send_message(ChatId(CHAT), "я".repeat(4097)).await;
    assert_eq!(api_error(too_long), ApiError::MessageIsTooLong);
    let empty = bot.send_message(ChatId(CHAT), "").await;
    assert_eq!(api_error(empty), ApiError::MessageTextIsEmpty);
    let big_data = bot
        .send_message(ChatId(CHAT), "x")
        .reply_markup(card(&"d".repeat(65)))
        .await;
    assert_eq!(api_error(big_data), ApiError::ButtonDataInvalid);

    let query = telegram.push_callback(CHAT, card_message.id.0.into(), "apply:1");
    assert_eq!(telegram.unanswered_callbacks(), vec![query]);
    let updates = bot.get_updates().await.unwrap();
    let UpdateKind::CallbackQuery(callback) = &updates.last().unwrap().kind else {
        panic!("expected a callback query: {updates:?}");
    };
    assert_eq!(callback.data.as_deref(), Some("apply:1"));
    assert_eq!(callback.from.id.0, CHAT as u64);
    assert_eq!(callback.regular_message().unwrap().id, card_message.id);
    bot.answer_callback_query(callback.id.clone())
        .text("Отклик отправлен")
        .await
        .unwrap();
    let twice = bot.answer_callback_query(callback.id.clone()).await;
    assert!(
        api_error(twice).to_string().contains("query is too old"),
        "a second answer must fail"
    );
    assert!(telegram.unanswered_callbacks().is_empty());

    let records = telegram.records();
    assert_eq!(records.sent.len(), 2, "{records:#?}");
    assert_eq!(records.sent[0].method, Method::SendMessage);
    assert_eq!(records.sent[0].button("Откликнуться"), Some("apply:1"));
    assert_eq!(
        records.sent[0].button("Открыть на hh.ru"),
        Some("https://hh.ru/vacancy/1")
    );
    assert_eq!(records.sent[1].method, Method::EditMessageText);
    assert_eq!(records.sent[1].message_id, i64::from(card_message.id.0));
    assert_eq!(records.answered.len(), 1);
    assert_eq!(
        records.answered[0].text.as_deref(),
        Some("Отклик отправлен")
    );
    let refused: Vec<&str> = records
        .errors
        .iter()
        .map(|e| e.description.as_str())
        .collect();
    assert_eq!(
        refused,
        [
            "Bad Request: message is too long",
            "Bad Request: message text is empty",
            "Bad Request: BUTTON_DATA_INVALID",
            "Bad Request: query is too old and response timeout expired or query ID is invalid",
        ]
    );
    assert!(records.methods.contains(&"sendmessage".to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_polls_wake_on_a_new_update_and_give_up_within_a_second() {
    let telegram = Server::start().await.unwrap();
    let client = reqwest::Client::new();
    let poll = |offset: i64| {
        client
            .post(format!("{}bot1:x/getUpdates", telegram.url()))
            .json(&json!({ "offset": offset, "timeout": 30 }))
            .send()
    };
    let started = Instant::now();
    let empty: Value = poll(0).await.unwrap().json().await.unwrap();
    assert_eq!(empty, json!({ "ok": true, "result": [] }));
    assert!(started.elapsed() < Duration::from_secs(3), "capped wait");
    assert!(started.elapsed() >= Duration::from_millis(900), "it waited");

    let pusher = telegram.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        pusher.push_text(CHAT, "/recommend");
    });
    let started = Instant::now();
    let woken: Value = poll(0).await.unwrap().json().await.unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "woken early"
    );
    assert_eq!(woken["result"][0]["message"]["text"], "/recommend");
    assert_eq!(woken["result"][0]["update_id"], 1);
    // Offset 2 confirms update 1: it is gone.
    let confirmed: Value = get_json(
        &client,
        format!("{}bot1:x/getupdates?offset=2", telegram.url()),
    )
    .await;
    assert_eq!(confirmed["result"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn form_bodies_errors_and_the_control_api() {
    let telegram = Server::start().await.unwrap();
    let client = reqwest::Client::new();
    let url = telegram.url();
    let sent = client
        .post(format!("{url}bot7:x/SENDMESSAGE"))
        .form(&[
            ("chat_id", CHAT.to_string()),
            ("text", "<b>Проверено</b> 10".to_owned()),
            ("parse_mode", "HTML".to_owned()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 200);
    let sent: Value = sent.json().await.unwrap();
    assert_eq!(sent["result"]["text"], "Проверено 10", "the visible text");
    assert_eq!(telegram.sent()[0].text, "<b>Проверено</b> 10", "as sent");

    let broken = client
        .post(format!("{url}bot7:x/sendMessage"))
        .json(&json!({ "chat_id": CHAT, "text": "a<br>b", "parse_mode": "HTML" }))
        .send()
        .await
        .unwrap();
    assert_eq!(broken.status(), 400);
    let broken: Value = broken.json().await.unwrap();
    assert_eq!(broken["ok"], false);
    assert_eq!(broken["error_code"], 400);
    assert!(broken["description"]
        .as_str()
        .unwrap()
        .starts_with("Bad Request: can't parse entities"));

    let unauthorized = client.post(format!("{url}botnotatoken/getMe")).send();
    assert_eq!(unauthorized.await.unwrap().status(), 401);
    let elsewhere = client.get(format!("{url}index.html")).send();
    assert_eq!(elsewhere.await.unwrap().status(), 404);

    let pushed: Value = client
        .post(format!("{url}_telegram/messages"))
        .json(&json!({ "chat_id": CHAT, "text": "/start" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(pushed["message_id"], 2, "after the bot's message 1");
    let pressed: Value = client
        .post(format!("{url}_telegram/callbacks"))
        .json(&json!({ "chat_id": CHAT, "message_id": 1, "data": "more" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(pressed["callback_query_id"].is_string(), "{pressed}");
    let missing = client
        .post(format!("{url}_telegram/callbacks"))
        .json(&json!({ "chat_id": CHAT, "message_id": 99, "data": "more" }))
        .send();
    assert_eq!(missing.await.unwrap().status(), 404);
    let raw = client
        .post(format!("{url}_telegram/updates"))
        .json(&json!({ "edited_message": telegram_message() }))
        .send();
    assert_eq!(raw.await.unwrap().status(), 201);

    let records: Value = get_json(&client, format!("{url}_telegram/records")).await;
    assert_eq!(records["sent"][0]["method"], "sendMessage");
    assert_eq!(records["errors"][0]["method"], "sendmessage");
    let unanswered: Value = get_json(&client, format!("{url}_telegram/unanswered")).await;
    assert_eq!(unanswered, json!([pressed["callback_query_id"]]));
}

fn telegram_message() -> Value {
    hh_sandbox::telegram::message(CHAT, "правка")
}

/// Kills the child when the test ends, however it ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hh_sandbox_serves_the_telegram_emulator_beside_hh() {
    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_hh"))
            .args([
                "sandbox",
                "--listen",
                "127.0.0.1:0",
                "--telegram-listen",
                "127.0.0.1:0",
            ])
            .env("HH_AGENT_CONFIG", "/nonexistent/config.toml")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let stdout = child.0.stdout.take().unwrap();
    let line = tokio::task::spawn_blocking(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .find(|line| line.starts_with("Эмулятор Telegram Bot API: "))
    })
    .await
    .unwrap()
    .expect("hh sandbox printed no Telegram emulator line");
    let url = line
        .trim_start_matches("Эмулятор Telegram Bot API: ")
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    assert!(
        line.contains(&format!("telegram_api_url = \"{url}\"")),
        "{line}"
    );

    let client = reqwest::Client::new();
    let pushed = client
        .post(format!("{url}_telegram/messages"))
        .json(&json!({ "chat_id": CHAT, "text": "/recommend" }))
        .send()
        .await
        .unwrap();
    assert_eq!(pushed.status(), 201);
    let bot = Bot::new("5:BENCH").set_api_url(url.parse().unwrap());
    let updates = bot.get_updates().await.unwrap();
    let UpdateKind::Message(message) = &updates[0].kind else {
        panic!("{updates:?}");
    };
    assert_eq!(message.text(), Some("/recommend"));
    bot.send_message(ChatId(CHAT), "Проверено 0 вакансий")
        .await
        .unwrap();
    let sent: Value = get_json(&client, format!("{url}_telegram/sent")).await;
    assert_eq!(sent[0]["text"], "Проверено 0 вакансий");
    drop(child);
}

/// GET `url` and its JSON body.
async fn get_json(client: &reqwest::Client, url: impl reqwest::IntoUrl) -> Value {
    client.get(url).send().await.unwrap().json().await.unwrap()
}
