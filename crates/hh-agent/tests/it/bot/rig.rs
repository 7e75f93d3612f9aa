//! The whole bot against the sandbox and the Telegram emulator: the real handler tree,
//! a real SQLite ledger, hh.ru through the token file, the sandbox's clock.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use hh_agent::bot::Context;
use hh_agent::clock::Clock;
use hh_agent::config::Config;
use hh_agent::hh;
use hh_agent::ledger::Ledger;
use hh_agent::ledger::Outcome;
use hh_sandbox::telegram::{Document, Records, Sent, Server as Telegram};
use hh_sandbox::Sandbox;
use teloxide::prelude::*;

use crate::support::api::Api;
use crate::support::World;

/// What keeps the upstreams running: the sandbox alone, or the sandbox with hh-callback.
pub enum Upstream {
    Api(Api),
    World(World),
}

impl Upstream {
    fn parts(&self) -> (Sandbox, Config, Clock, PathBuf) {
        match self {
            Upstream::Api(api) => (
                api.sandbox.clone(),
                api.config.clone(),
                api.clock.clone(),
                api.dir.path().to_owned(),
            ),
            Upstream::World(world) => (
                world.sandbox.clone(),
                world.config.clone(),
                world.clock.clone(),
                world.dir.path().to_owned(),
            ),
        }
    }
}

/// The owner's chat.
pub const OWNER: i64 = 4242;
/// Someone else.
pub const STRANGER: i64 = 666;
/// Telegram's refusal of a callback answer that comes too late.
pub const QUERY_TOO_OLD: &str =
    "query is too old and response timeout expired or query ID is invalid";

pub struct Rig {
    pub upstream: Upstream,
    pub sandbox: Sandbox,
    pub tg: Telegram,
    pub ctx: Arc<Context>,
    pub bot: Bot,
    ledger_path: PathBuf,
    shutdown: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<(), hh_agent::bot::ServeError>>,
}

impl Rig {
    /// A bot for `person` (signed in when `Some`).
    pub async fn start(person: Option<usize>) -> Rig {
        let api = Api::start().await;
        if let Some(person) = person {
            api.sign_in(person);
        }
        Rig::over(Upstream::Api(api)).await
    }

    /// A bot over `upstream`, with a new emulator and ledger.
    pub async fn over(upstream: Upstream) -> Rig {
        let tg = Telegram::start().await.unwrap();
        let ledger_path = upstream.parts().3.join("bot/ledger.sqlite3");
        Rig::launch(upstream, tg, ledger_path).await
    }

    async fn launch(upstream: Upstream, tg: Telegram, ledger_path: PathBuf) -> Rig {
        let (sandbox, mut config, clock, _) = upstream.parts();
        config.bot.allowed_chats = vec![OWNER];
        config.bot.telegram_api_url = tg.url();
        config.bot.state_dir = ledger_path.parent().unwrap().to_owned();
        config.bot.recommend_details = 60;
        let ledger = Ledger::open(&ledger_path).unwrap();
        // Quick retries: an outage test must not wait out production backoffs.
        let options = hh::Options {
            attempts: 2,
            backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(20),
            timeout: Duration::from_secs(10),
            ..hh::Options::from_config(&config.hh)
        };
        let ctx = Arc::new(
            Context::with_options(config, &crate::support::secrets(), ledger, clock, options)
                .unwrap(),
        );
        let bot = Bot::new("123:TEST").set_api_url(tg.url().parse().unwrap());
        hh_agent::bot::prepare(&ctx).await;
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(hh_agent::bot::poll(bot.clone(), ctx.clone(), async move {
            let _ = stopped.await;
        }));
        Rig {
            upstream,
            sandbox,
            tg,
            ctx,
            bot,
            ledger_path,
            shutdown,
            task,
        }
    }

    /// Stops the dispatcher, keeping the sandbox, the emulator and the ledger file.
    pub async fn stop(self) -> (Upstream, Telegram, PathBuf) {
        let _ = self.shutdown.send(());
        tokio::time::timeout(Duration::from_secs(10), self.task)
            .await
            .expect("the bot did not stop within 10 s")
            .unwrap()
            .unwrap();
        (self.upstream, self.tg, self.ledger_path)
    }

    /// A new bot process over the same ledger file, sandbox and chat.
    pub async fn restart(self) -> Rig {
        let (upstream, tg, ledger_path) = self.stop().await;
        Rig::launch(upstream, tg, ledger_path).await
    }

    /// The sandbox alone (panics for a rig over hh-callback too).
    pub fn api(&self) -> &Api {
        match &self.upstream {
            Upstream::Api(api) => api,
            Upstream::World(_) => panic!("this rig runs hh-callback: use world()"),
        }
    }

    /// The sandbox with hh-callback (panics for a sandbox-only rig).
    pub fn world(&self) -> &World {
        match &self.upstream {
            Upstream::World(world) => world,
            Upstream::Api(_) => panic!("this rig has no hh-callback: use api()"),
        }
    }

    /// The owner writes `text`.
    pub fn say(&self, text: &str) {
        self.tg.push_text(OWNER, text);
    }

    /// The owner sends `document` (a file); returns its message id.
    pub fn send_file(&self, document: Document) -> i64 {
        self.tg.push_document(OWNER, document)
    }

    /// Waits for a message (or edit) to the owner whose text contains `needle`, sent after
    /// the first `skip` records.
    pub async fn expect_after(&self, skip: usize, needle: &str) -> Sent {
        let records = self
            .tg
            .wait_for(|records| {
                records
                    .sent
                    .iter()
                    .skip(skip)
                    .any(|sent| sent.text.contains(needle))
            })
            .await;
        records
            .sent
            .into_iter()
            .skip(skip)
            .find(|sent| sent.text.contains(needle))
            .unwrap()
    }

    /// Waits for a message containing `needle` anywhere in the conversation.
    pub async fn expect(&self, needle: &str) -> Sent {
        self.expect_after(0, needle).await
    }

    /// How many messages and edits so far.
    pub fn mark(&self) -> usize {
        self.tg.sent().len()
    }

    /// Presses the button labelled `label` on `message`; waits until it is answered.
    pub async fn press(&self, message: &Sent, label: &str) {
        let data = message
            .button(label)
            .unwrap_or_else(|| panic!("no button {label:?} in {message:#?}"))
            .to_owned();
        let query = self.tg.push_callback(OWNER, message.message_id, &data);
        self.tg
            .wait_for(|records: &Records| {
                records
                    .answered
                    .iter()
                    .any(|answer| answer.callback_query_id == query)
            })
            .await;
    }

    /// «Письмо» on a link-only `card`: returns the offer (the page link and «Я откликнулся»)
    /// and the letter alone in its own message, to copy into hh.ru's form.
    pub async fn letter_by_link(&self, card: &Sent) -> (Sent, Sent) {
        let mark = self.mark();
        self.press(card, "Письмо").await;
        let offer = self
            .expect_after(mark, "вставьте письмо из следующего сообщения")
            .await;
        let letter = self.expect_after(mark, "С уважением").await;
        (offer, letter)
    }

    /// «Я откликнулся» on `message`; waits until the press is answered as recorded.
    pub async fn mark_applied(&self, message: &Sent) {
        self.press(message, "Я откликнулся").await;
        self.tg
            .wait_for(|records| {
                records
                    .answered
                    .iter()
                    .any(|a| a.text.as_deref() == Some("Записал отклик."))
            })
            .await;
    }

    /// Presses `label` on `message` while Telegram refuses the answer, as it does for a
    /// press that waited while the bot was down; returns at once (wait for the effect).
    pub fn press_late(&self, message: &Sent, label: &str) {
        let data = message
            .button(label)
            .unwrap_or_else(|| panic!("no button {label:?} in {message:#?}"))
            .to_owned();
        self.push_late(message.message_id, &data);
    }

    /// Like [`Rig::press_late`] with `data` pushed under `message_id` as it is.
    pub fn push_late(&self, message_id: i64, data: &str) {
        self.tg.refuse("answerCallbackQuery", 1, QUERY_TOO_OLD);
        self.tg.push_callback(OWNER, message_id, data);
    }

    /// Waits until the owner's search or recommendation run is over.
    pub async fn run_finished(&self) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while self.ctx.chat(OWNER, |state| state.busy) {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the run never ended"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Every record so far, for assertions on the whole conversation.
    pub fn records(&self) -> Records {
        self.tg.records()
    }

    /// Requests the sandbox has seen.
    pub fn hh_requests(&self) -> usize {
        self.sandbox.requests().len()
    }

    /// POSTs to /negotiations so far.
    pub fn applications_sent(&self) -> usize {
        self.sandbox.count("POST", "/negotiations")
    }
}

/// Андрей: a Rust/Go backend developer with one published and one hidden resume.
pub const BACKEND: usize = 0;
/// Мария: a QA engineer with one resume.
pub const QA: usize = 1;

/// A pasted resume close to Андрей's.
pub const PASTED: &str = "Backend-разработчик Rust\nОпыт работы 6 лет. Москва.\nНавыки: Rust, Go, PostgreSQL, Tokio, Kafka, Docker, Kubernetes, Linux.";

/// The ledger's outcome for `vacancy`.
pub async fn outcome(rig: &Rig, vacancy: &str) -> Option<Outcome> {
    rig.ctx
        .ledger
        .lock()
        .await
        .application(vacancy)
        .unwrap()
        .map(|application| application.outcome)
}

/// /hh_apply, then «Отправить» on the prepared message; returns the answer.
pub async fn apply_by_command(rig: &Rig, vacancy: &str) -> String {
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

/// Telegram's rules hold over the whole conversation: no refused request, every callback
/// query answered.
pub fn assert_telegram_rules(rig: &Rig) {
    let records = rig.records();
    assert!(records.errors.is_empty(), "{:#?}", records.errors);
    assert!(
        rig.tg.unanswered_callbacks().is_empty(),
        "{:?}",
        rig.tg.unanswered_callbacks()
    );
}
