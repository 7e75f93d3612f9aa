//! The real handler tree driven in-process against a fake Telegram Bot API.

mod flows;
mod rig;
mod setup;

use std::sync::Arc;
use std::time::Duration;

use hh_agent::bot::{schema, Context, PASTED_RESUME};
use hh_agent::ledger::Ledger;
use hh_agent::sandbox::telegram::{self, Server as FakeTelegram};
use serde_json::json;
use teloxide::prelude::*;

const ALLOWED: i64 = 4242;
const STRANGER: i64 = 666;

const RESUME: &str = "Python-разработчик\nОпыт работы 5 лет. Москва.\nНавыки: Python, Django, PostgreSQL, Docker, Linux.";

struct Running {
    fake: FakeTelegram,
    context: Arc<Context>,
    shutdown: teloxide::dispatching::ShutdownToken,
    task: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

/// Starts the dispatcher over `schema()` once `queue` has filled the fake's updates.
async fn run<T>(queue: impl FnOnce(&FakeTelegram) -> T) -> Running {
    let fake = FakeTelegram::start().await.unwrap();
    queue(&fake);
    let dir = tempfile::tempdir().unwrap();
    let token_dir = dir.path().join("token");
    std::fs::create_dir(&token_dir).unwrap();
    std::fs::set_permissions(
        &token_dir,
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    let mut config = crate::support::config_for(
        "http://127.0.0.1:9",
        "http://127.0.0.1:9/callback",
        &token_dir.join("token.json"),
    );
    config.bot.allowed_chats = vec![ALLOWED];
    config.bot.telegram_api_url = fake.url();
    let ledger = Ledger::open(&dir.path().join("ledger.sqlite")).unwrap();
    let context = Arc::new(
        Context::new(
            config,
            &crate::support::secrets(),
            ledger,
            hh_agent::clock::Clock::system(),
        )
        .unwrap(),
    );
    let bot = Bot::new("123:TEST").set_api_url(fake.url().parse().unwrap());
    let mut dispatcher = Dispatcher::builder(bot, schema())
        .dependencies(dptree::deps![context.clone()])
        .build();
    let shutdown = dispatcher.shutdown_token();
    let task = tokio::spawn(async move { dispatcher.dispatch().await });
    Running {
        fake,
        context,
        shutdown,
        task,
        _dir: dir,
    }
}

impl Running {
    async fn stop(self) {
        // The token refuses while the dispatcher is still starting; retry briefly.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(stopping) = self.shutdown.shutdown() {
                tokio::time::timeout(Duration::from_secs(10), stopping)
                    .await
                    .unwrap();
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "dispatcher never started"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        tokio::time::timeout(Duration::from_secs(10), self.task)
            .await
            .unwrap()
            .unwrap();
    }

    /// Lets the dispatcher poll past every queued update.
    async fn drain(&self) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while self
            .fake
            .methods()
            .iter()
            .filter(|m| *m == "getupdates")
            .count()
            < 3
        {
            assert!(tokio::time::Instant::now() < deadline, "no polling");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_start_greets_in_russian_with_hh_state() {
    let bot = run(|fake| fake.push_text(ALLOWED, "/start")).await;
    let sent = bot.fake.wait_sent(1).await;
    bot.drain().await;
    assert_eq!(bot.fake.sent().len(), 1, "{sent:?}");
    assert_eq!(sent[0].chat_id, ALLOWED);
    assert!(
        sent[0].text.contains("hh.ru: не авторизован"),
        "{}",
        sent[0].text
    );
    assert!(sent[0].text.contains("Здравствуйте"), "{}", sent[0].text);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_start_shows_token_days_left_and_show_cv_without_resume() {
    let bot = run(|_| {}).await;
    let pair = crate::support::pair(
        "ACCESS-SECRET",
        "REFRESH-SECRET",
        14 * 86_400 + 3_600,
        chrono::Utc::now(),
    );
    crate::support::write_pair(&bot.context.store, &pair);
    bot.fake.push_text(ALLOWED, "/start");
    bot.fake.push_text(ALLOWED, "/show_cv");
    let sent = bot.fake.wait_sent(2).await;
    assert!(
        sent[0]
            .text
            .contains("hh.ru: авторизован, токен действует ещё 14 дн."),
        "{}",
        sent[0].text
    );
    assert!(sent[1].text.contains("Резюме ещё нет"), "{}", sent[1].text);
    assert!(sent.iter().all(|s| !s.text.contains("SECRET")), "{sent:?}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_help_lists_commands() {
    let bot = run(|fake| fake.push_text(ALLOWED, "/help")).await;
    let sent = bot.fake.wait_sent(1).await;
    assert!(sent[0].text.contains("/hh_status"), "{}", sent[0].text);
    assert!(sent[0].text.contains("/reset"), "{}", sent[0].text);
    assert!(sent[0].text.starts_with("Команды:"), "{}", sent[0].text);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_reset_stores_resume_and_show_cv_returns_it() {
    let bot = run(|fake| {
        fake.push_text(ALLOWED, &format!("/reset {RESUME}"));
        fake.push_text(ALLOWED, "/show_cv");
    })
    .await;
    let sent = bot.fake.wait_sent(2).await;
    let stored: Option<String> = bot
        .context
        .ledger
        .lock()
        .await
        .setting(PASTED_RESUME)
        .unwrap();
    assert_eq!(stored.as_deref(), Some(RESUME));
    assert!(
        sent[0].text.contains("Должность: Python-разработчик"),
        "{}",
        sent[0].text
    );
    assert!(sent[0].text.contains("Django"), "{}", sent[0].text);
    assert_eq!(sent[1].text, RESUME);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_bare_reset_takes_the_next_message_as_resume() {
    let bot = run(|fake| {
        fake.push_text(ALLOWED, "/reset");
        fake.push_text(ALLOWED, RESUME);
    })
    .await;
    let sent = bot.fake.wait_sent(2).await;
    assert!(
        sent[0].text.contains("следующим сообщением"),
        "{}",
        sent[0].text
    );
    assert!(
        sent[1].text.contains("Python-разработчик"),
        "{}",
        sent[1].text
    );
    let stored: Option<String> = bot
        .context
        .ledger
        .lock()
        .await
        .setting(PASTED_RESUME)
        .unwrap();
    assert_eq!(stored.as_deref(), Some(RESUME));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_hh_status_shows_cap() {
    let bot = run(|fake| fake.push_text(ALLOWED, "/hh_status")).await;
    let sent = bot.fake.wait_sent(1).await;
    assert!(sent[0].text.contains("0 из 150"), "{}", sent[0].text);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_ignores_strangers_entirely() {
    let bot = run(|fake| {
        fake.push_text(STRANGER, "/start");
        fake.push_text(STRANGER, "/reset украсть резюме");
        fake.push_update(json!({ "callback_query": {
            "id": "1", "from": { "id": STRANGER, "is_bot": false, "first_name": "x" },
            "chat_instance": "1", "data": "x"
        }}));
        fake.push_text(ALLOWED, "/help");
    })
    .await;
    bot.fake.wait_sent(1).await;
    bot.drain().await;
    let sent = bot.fake.sent();
    assert_eq!(sent.len(), 1, "strangers must get nothing: {sent:?}");
    assert_eq!(sent[0].chat_id, ALLOWED);
    let stored: Option<String> = bot
        .context
        .ledger
        .lock()
        .await
        .setting(PASTED_RESUME)
        .unwrap();
    assert_eq!(stored, None);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_survives_malformed_updates() {
    let bot = run(|fake| {
        fake.push_update(json!({ "some_future_kind": { "x": 1 } }));
        fake.push_update(json!({ "message": { "message_id": 2 } }));
        let mut location = telegram::message(ALLOWED, "");
        location.as_object_mut().unwrap().remove("text");
        location["location"] = json!({ "latitude": 55.75, "longitude": 37.62 });
        fake.push_update(json!({ "message": location }));
        fake.push_text(ALLOWED, "/help");
    })
    .await;
    let sent = bot.fake.wait_sent(2).await;
    assert!(
        sent.iter().any(|s| s.text.contains("/hh_status")),
        "{sent:?}"
    );
    bot.stop().await;
}
