//! A Telegram Bot API emulator for tests, `hh sandbox --telegram-listen` and the bot
//! benchmark: queued updates for long polling, recorded messages, edits and callback
//! answers, and Telegram's own limits enforced, so a bot that breaks them fails a test
//! instead of failing in production.
//!
//! [`Server`] is a cheap handle to shared state; [`Server::run`] serves it on a listener
//! the caller bound, like the hh.ru [`super::Sandbox`]. It emulates the methods hh-bot
//! uses (`methods`), documents users send and their download (`files`), and a control API
//! under `/_telegram/` (`http`); it does not emulate files the bot sends, inline mode,
//! payments, webhooks or group administration, and it never logs the bot token (it is in
//! every request path).

mod files;
mod http;
mod methods;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;
use serde_json::{json, Value};
use tokio::sync::Notify;

pub use files::{Document, MAX_DOWNLOAD_BYTES};

/// How long [`Server::wait_for`] waits before it panics.
pub const WAIT_DEADLINE: Duration = Duration::from_secs(10);

/// The user id of the person behind a group chat's messages (a private chat's user id is
/// the chat id, as in Telegram).
pub const GROUP_MEMBER_ID: i64 = 10_000;

/// Which Bot API method produced a [`Sent`] record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Method {
    /// `sendMessage`: a new message.
    SendMessage,
    /// `editMessageText`: a new text (and keyboard) for an existing message.
    EditMessageText,
}

/// One message the bot sent, or one text edit it made, as the bot sent it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sent {
    /// The method.
    pub method: Method,
    /// The chat.
    pub chat_id: i64,
    /// The new message's id, or the edited one's.
    pub message_id: i64,
    /// The text as sent (with its markup, if `parse_mode` is set).
    pub text: String,
    /// `HTML`, `MarkdownV2`, … when given.
    pub parse_mode: Option<String>,
    /// The keyboard's rows of `(button text, callback_data or url)`; empty without one.
    pub buttons: Vec<Vec<(String, String)>>,
    /// The `reply_markup` as sent, when given.
    pub reply_markup: Option<Value>,
}

impl Sent {
    /// The `callback_data` or url of the first button labelled `text`.
    pub fn button(&self, text: &str) -> Option<&str> {
        self.buttons
            .iter()
            .flatten()
            .find(|(label, _)| label == text)
            .map(|(_, action)| action.as_str())
    }
}

/// One `answerCallbackQuery` the emulator accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// The query answered.
    pub callback_query_id: String,
    /// The notification text, when given.
    pub text: Option<String>,
    /// Whether it was an alert rather than a toast.
    pub show_alert: bool,
    /// The url to open, when given.
    pub url: Option<String>,
}

/// A request the emulator refused because it broke one of Telegram's rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The method, lower case.
    pub method: String,
    /// Telegram's `description`, e.g. `Bad Request: message is too long`.
    pub description: String,
}

/// Everything recorded so far, in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Records {
    /// `sendMessage` and `editMessageText` calls that succeeded.
    pub sent: Vec<Sent>,
    /// Accepted callback answers.
    pub answered: Vec<Answer>,
    /// Refused requests.
    pub errors: Vec<Violation>,
    /// Every Bot API method called, lower case (`getupdates`, `sendmessage`, …).
    pub methods: Vec<String>,
    /// The `file_path` of every file downloaded, in order.
    pub downloads: Vec<String>,
}

/// A handle to one emulator's state; clones share it.
#[derive(Clone)]
pub struct Server {
    inner: Arc<Inner>,
}

struct Inner {
    addr: SocketAddr,
    state: Mutex<State>,
    /// Woken when an update is queued (long polls wait on it).
    queued: Notify,
    /// Woken when anything is recorded ([`Server::wait_for`] waits on it).
    recorded: Notify,
}

/// Everything the emulator remembers.
#[derive(Default)]
struct State {
    next_update_id: i64,
    updates: VecDeque<Value>,
    chats: HashMap<i64, Chat>,
    callbacks: Vec<Callback>,
    commands: Value,
    records: Records,
    /// Documents users sent, in order.
    files: Vec<files::StoredFile>,
    /// How many more `sendMessage` calls flood control refuses.
    flood: u32,
    /// Refusals to come, by lower-case method: how many more, and Telegram's description.
    refusals: HashMap<String, (u32, String)>,
}

/// One chat's messages: ids are per chat and shared by the user and the bot, as in a
/// private chat.
#[derive(Default)]
struct Chat {
    last_message_id: i64,
    messages: BTreeMap<i64, Value>,
}

/// A callback query pushed to the bot.
struct Callback {
    id: String,
    answered: bool,
}

impl State {
    fn chat(&mut self, chat: i64) -> &mut Chat {
        self.chats.entry(chat).or_default()
    }

    fn queue(&mut self, mut update: Value) -> i64 {
        self.next_update_id += 1;
        update["update_id"] = json!(self.next_update_id);
        self.updates.push_back(update);
        self.next_update_id
    }

    /// Queues a callback query on the stored message; `None` when there is no such message.
    fn queue_callback(&mut self, chat: i64, message_id: i64, data: &str) -> Option<String> {
        let message = self.chat(chat).messages.get(&message_id)?.clone();
        let id = format!("{}", 1_000_000 + self.callbacks.len());
        self.callbacks.push(Callback {
            id: id.clone(),
            answered: false,
        });
        self.queue(json!({ "callback_query": {
            "id": id,
            "from": user(chat),
            "message": message,
            "chat_instance": chat.to_string(),
            "data": data,
        }}));
        Some(id)
    }

    /// Stores a message from the chat's user and queues it; returns its id.
    fn queue_text(&mut self, chat: i64, text: &str) -> i64 {
        let stored = self.chat(chat);
        stored.last_message_id += 1;
        let id = stored.last_message_id;
        let mut message = message(chat, text);
        message["message_id"] = json!(id);
        stored.messages.insert(id, message.clone());
        self.queue(json!({ "message": message }));
        id
    }
}

impl Server {
    /// A server for `listener` (its address makes [`Server::url`]); serve it with
    /// [`Server::run`].
    pub fn new(listener: &tokio::net::TcpListener) -> std::io::Result<Server> {
        Ok(Server {
            inner: Arc::new(Inner {
                addr: listener.local_addr()?,
                state: Mutex::new(State {
                    commands: json!([]),
                    ..State::default()
                }),
                queued: Notify::new(),
                recorded: Notify::new(),
            }),
        })
    }

    /// Binds `127.0.0.1:0` and serves on the current runtime until the runtime stops.
    pub async fn start() -> std::io::Result<Server> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let server = Server::new(&listener)?;
        tokio::spawn(server.clone().run(listener, std::future::pending()));
        Ok(server)
    }

    /// Serves until `shutdown` resolves; the caller binds the listener.
    pub async fn run(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()>,
    ) -> std::io::Result<()> {
        super::http::accept(listener, shutdown, move |request| {
            http::handle(self.clone(), request)
        })
        .await
    }

    /// The API root for teloxide's `set_api_url` (`http://127.0.0.1:PORT/`).
    pub fn url(&self) -> String {
        format!("http://{}/", self.inner.addr)
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `change` on the state, then wakes long polls and waiters.
    fn change<T>(&self, change: impl FnOnce(&mut State) -> T) -> T {
        let result = change(&mut self.state());
        self.inner.queued.notify_waiters();
        self.inner.recorded.notify_waiters();
        result
    }

    /// Queues a raw update (its `update_id` is assigned in order from 1) and returns the id.
    pub fn push_update(&self, update: Value) -> i64 {
        self.change(|state| state.queue(update))
    }

    /// Answers the next `count` `sendMessage` calls as Telegram's flood control does: 429
    /// `Too Many Requests: retry after 1` with `parameters.retry_after`, nothing sent. The
    /// refusals are recorded in `errors`.
    pub fn flood(&self, count: u32) {
        self.change(|state| state.flood = count);
    }

    /// Refuses `count` more calls of `method` (a Bot API method name, any case) with
    /// `400 Bad Request: {description}` and changes nothing, as Telegram refuses a callback
    /// query answered too late (`query is too old and response timeout expired or query ID
    /// is invalid`) or an edit of a message deleted meanwhile (`message to edit not
    /// found`). Counts add up; the latest description is used. The refusals are recorded
    /// in `errors`.
    pub fn refuse(&self, method: &str, count: u32, description: &str) {
        self.change(|state| {
            let refusal = state
                .refusals
                .entry(method.to_ascii_lowercase())
                .or_insert((0, String::new()));
            refusal.0 = refusal.0.saturating_add(count);
            refusal.1 = description.to_owned();
        });
    }

    /// Queues a text message from `chat`'s user and returns its message id.
    pub fn push_text(&self, chat: i64, text: &str) -> i64 {
        self.change(|state| state.queue_text(chat, text))
    }

    /// Queues a press of a button whose `callback_data` is `data` under the bot's message
    /// `message_id` in `chat`, and returns the callback query's id.
    ///
    /// # Panics
    /// When the chat has no message with that id (a test's mistake).
    pub fn push_callback(&self, chat: i64, message_id: i64, data: &str) -> String {
        self.change(|state| state.queue_callback(chat, message_id, data))
            .unwrap_or_else(|| panic!("chat {chat} has no message {message_id} to press under"))
    }

    /// A snapshot of everything recorded.
    pub fn records(&self) -> Records {
        self.state().records.clone()
    }

    /// `sendMessage` and `editMessageText` calls that succeeded, in order.
    pub fn sent(&self) -> Vec<Sent> {
        self.state().records.sent.clone()
    }

    /// Accepted callback answers, in order.
    pub fn answered(&self) -> Vec<Answer> {
        self.state().records.answered.clone()
    }

    /// Every Bot API method called, lower case, in order.
    pub fn methods(&self) -> Vec<String> {
        self.state().records.methods.clone()
    }

    /// Requests refused for breaking Telegram's rules, in order.
    pub fn errors(&self) -> Vec<Violation> {
        self.state().records.errors.clone()
    }

    /// Ids of callback queries pushed but never answered.
    pub fn unanswered_callbacks(&self) -> Vec<String> {
        self.state()
            .callbacks
            .iter()
            .filter(|callback| !callback.answered)
            .map(|callback| callback.id.clone())
            .collect()
    }

    /// The message as it is now (after edits), in Telegram's shape; `None` when it was
    /// never sent or was deleted.
    pub fn message(&self, chat: i64, message_id: i64) -> Option<Value> {
        self.state()
            .chats
            .get(&chat)
            .and_then(|stored| stored.messages.get(&message_id).cloned())
    }

    /// The commands set by `setMyCommands` (`[{"command","description"}]`).
    pub fn commands(&self) -> Value {
        self.state().commands.clone()
    }

    /// Waits until `done` holds for the records and returns them.
    ///
    /// # Panics
    /// After [`WAIT_DEADLINE`], with the records in the message.
    pub async fn wait_for(&self, done: impl Fn(&Records) -> bool) -> Records {
        let deadline = tokio::time::Instant::now() + WAIT_DEADLINE;
        loop {
            let recorded = self.inner.recorded.notified();
            tokio::pin!(recorded);
            recorded.as_mut().enable();
            let records = self.records();
            if done(&records) {
                return records;
            }
            if tokio::time::timeout_at(deadline, recorded).await.is_err() {
                panic!(
                    "the Telegram emulator did not see the expected calls within {} s; it has {records:#?}",
                    WAIT_DEADLINE.as_secs()
                );
            }
        }
    }

    /// Waits until at least `count` messages were sent or edited and returns them all.
    pub async fn wait_sent(&self, count: usize) -> Vec<Sent> {
        self.wait_for(|records| records.sent.len() >= count)
            .await
            .sent
    }
}

/// A text message from `chat`'s user, with message id 1, in Telegram's shape.
pub fn message(chat: i64, text: &str) -> Value {
    json!({
        "message_id": 1,
        "date": unix_now(),
        "chat": chat_object(chat),
        "from": user(chat),
        "text": text,
    })
}

/// The user behind `chat`: the chat's own id for a private chat, [`GROUP_MEMBER_ID`] in
/// a group.
pub fn user(chat: i64) -> Value {
    let id = if chat > 0 { chat } else { GROUP_MEMBER_ID };
    json!({ "id": id, "is_bot": false, "first_name": "Тест", "language_code": "ru" })
}

fn chat_object(chat: i64) -> Value {
    if chat > 0 {
        json!({ "id": chat, "type": "private", "first_name": "Тест" })
    } else {
        json!({ "id": chat, "type": "supergroup", "title": "Тест" })
    }
}

fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}
