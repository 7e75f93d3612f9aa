//! The Telegram bot: the handler tree ([`schema`]) and the state it shares ([`Context`]).
//!
//! The root filter lets only `[bot] allowed_chats` through; strangers get no answer and one
//! `info!` line each. Commands are in [`commands`], what they do in [`handlers`]. Running
//! the dispatcher (tokens, polling, systemd) is the `hh-bot` binary's job.

pub mod commands;
pub mod handlers;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::UpdateKind;
use tracing::info;

use crate::config::Config;
use crate::ledger::Ledger;
use crate::token_store::Store;

pub use commands::Command;

/// The ledger setting that holds the pasted resume text.
pub const PASTED_RESUME: &str = "pasted_resume";

/// What every handler shares. The ledger is one SQLite connection behind a mutex, held only
/// for a single quick query and never across an `.await`.
pub struct Context {
    /// The whole config (the `[bot]` section included).
    pub config: Config,
    /// The shared token file, read-only for the bot.
    pub store: Store,
    /// Applications, the cap window and settings such as the pasted resume.
    pub ledger: Arc<Mutex<Ledger>>,
    strangers: Mutex<HashSet<i64>>,
    awaiting_resume: Mutex<HashSet<i64>>,
}

impl Context {
    /// A context over `config`, reading tokens from `config.token.path`.
    pub fn new(config: Config, ledger: Ledger) -> Context {
        Context {
            store: Store::new(config.token.path.clone()),
            config,
            ledger: Arc::new(Mutex::new(ledger)),
            strangers: Mutex::new(HashSet::new()),
            awaiting_resume: Mutex::new(HashSet::new()),
        }
    }

    /// Whether `update` comes from an allowed chat; logs each stranger's id once.
    pub fn allows(&self, update: &Update) -> bool {
        let ids = sender_ids(update);
        let allowed = &self.config.bot.allowed_chats;
        if ids.iter().any(|id| allowed.contains(id)) {
            return true;
        }
        if let Some(&id) = ids.first() {
            let mut seen = lock(&self.strangers);
            if seen.insert(id) {
                info!(chat_id = id, "ignoring a chat not in bot.allowed_chats");
            }
        }
        false
    }

    /// Marks `chat` as waiting for resume text (after a bare /reset), or clears the mark.
    pub fn set_awaiting_resume(&self, chat: i64, waiting: bool) {
        let mut awaiting = lock(&self.awaiting_resume);
        if waiting {
            awaiting.insert(chat);
        } else {
            awaiting.remove(&chat);
        }
    }

    /// Whether the next text from `chat` is its resume.
    pub fn is_awaiting_resume(&self, chat: i64) -> bool {
        lock(&self.awaiting_resume).contains(&chat)
    }
}

/// Locks a mutex, recovering the data if a previous holder panicked.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The chat ids an update speaks for: a message's chat; a callback query's sender and the
/// chat of its message. Other kinds speak for nobody and are dropped.
fn sender_ids(update: &Update) -> Vec<i64> {
    match &update.kind {
        UpdateKind::Message(message) | UpdateKind::EditedMessage(message) => {
            vec![message.chat.id.0]
        }
        UpdateKind::CallbackQuery(query) => {
            let mut ids = Vec::with_capacity(2);
            if let Ok(id) = i64::try_from(query.from.id.0) {
                ids.push(id);
            }
            if let Some(message) = &query.message {
                ids.push(message.chat().id.0);
            }
            ids
        }
        _ => Vec::new(),
    }
}

/// The handler tree: the allowed-chats filter at the root, then commands, then free text.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    use dptree::case;

    let commands = teloxide::filter_command::<Command, _>()
        .branch(case![Command::Start].endpoint(handlers::start))
        .branch(case![Command::Help].endpoint(handlers::help))
        .branch(case![Command::HhStatus].endpoint(handlers::hh_status))
        .branch(case![Command::Reset(text)].endpoint(handlers::reset))
        .branch(case![Command::ShowCv].endpoint(handlers::show_cv));
    let messages = Update::filter_message()
        .branch(commands)
        .endpoint(handlers::other_message);
    dptree::filter(|update: Update, ctx: Arc<Context>| ctx.allows(&update)).branch(messages)
}
