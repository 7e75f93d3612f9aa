//! The Telegram bot: the handler tree ([`schema`]) and the state it shares ([`Context`]).
//!
//! The root filter lets only `[bot] allowed_chats` through; strangers get no answer and one
//! `info!` line each. Commands are in [`commands`]; what they do by flow in [`account`],
//! [`resume`] (a file: [`upload`]; the profile and its corrections: [`cv`], [`cv_view`]),
//! [`application`] (with [`outcomes`] in words), [`runs`] and [`settings_view`]; buttons in [`buttons`]; delivery in [`send`]; hh.ru work in
//! [`agent`]; scheduled work in [`jobs`]. Running the dispatcher (tokens, polling, systemd)
//! is the `hh-bot` binary's job.

pub mod account;
pub mod action;
pub mod agent;
pub mod application;
pub mod auto;
pub mod buttons;
pub mod cards;
pub mod commands;
pub mod cv;
pub mod cv_view;
pub mod jobs;
pub mod outcomes;
pub mod problem;
pub mod reconcile;
pub mod resume;
pub mod runs;
pub mod send;
mod serve;
pub mod settings;
pub mod settings_view;
pub mod upload;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chrono::FixedOffset;
use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::UpdateKind;
use tracing::info;

use crate::clock::Clock;
use crate::config::{Config, Secrets};
use crate::hh::{self, Auth, Capability};
use crate::ledger::Ledger;
use crate::letter::Drafter;
use crate::oauth;
use crate::rank::Rates;
use crate::state::Signer;
use crate::token_store::Store;

pub use commands::Command;
pub use reconcile::prepare;
pub use serve::{poll, serve, Error as ServeError};

/// The ledger setting that holds the pasted resume text.
pub const PASTED_RESUME: &str = "pasted_resume";

/// What every handler shares. The ledger is one SQLite connection behind an async mutex;
/// it is held for single quick queries, and across the one POST of an application (so
/// applications are made one at a time, account-wide).
pub struct Context {
    /// The whole config (the `[bot]` section included).
    pub config: Config,
    /// The shared token file: read for every request, removed on /hh_logout.
    pub store: Store,
    /// Applications, the cap window and settings such as the pasted resume.
    pub ledger: tokio::sync::Mutex<Ledger>,
    /// hh.ru, authenticated with the token file.
    pub client: hh::Client,
    /// hh.ru's OAuth endpoints (revocation on /hh_logout).
    pub oauth: oauth::Client,
    /// Cover letters (template or LLM).
    pub drafter: Drafter,
    /// "Now", injectable for tests.
    pub clock: Clock,
    /// The user's time zone (`[bot] utc_offset`): digest times and times shown.
    pub offset: FixedOffset,
    /// Signs /hh_auth links; `None` when the state key is not configured.
    signer: Option<Signer>,
    capability: tokio::sync::Mutex<Option<(Instant, Capability)>>,
    rates: tokio::sync::Mutex<Option<Rates>>,
    chats: Mutex<HashMap<i64, ChatState>>,
    strangers: Mutex<HashSet<i64>>,
}

/// What the chat's next plain message is: one thing at a time, so asking for one replaces
/// the other.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub enum Awaiting {
    /// Nothing asked: a vacancy link, else a hint.
    #[default]
    Nothing,
    /// The resume (after a bare /reset).
    Resume,
    /// The letter for this vacancy id («Изменить письмо»).
    Letter(String),
    /// A new value of this profile field (its button under /show_cv).
    Correction(crate::resume::Field),
}

/// What the bot remembers about one chat between messages (in memory only).
#[derive(Debug, Default)]
pub struct ChatState {
    /// What the next plain message is.
    pub awaiting: Awaiting,
    /// Drafted or edited letters by vacancy id.
    pub letters: HashMap<String, String>,
    /// Result lists by id, for «Ещё».
    pub lists: HashMap<u32, Vec<cards::Card>>,
    /// The last list id given out.
    pub last_list: u32,
    /// A search or recommendation is running.
    pub busy: bool,
}

impl Context {
    /// A context over `config`: hh.ru through the token file, the ledger, letters from
    /// `[letter]`/`[llm]`, `/hh_auth` links signed with the state key when there is one.
    pub fn new(
        config: Config,
        secrets: &Secrets,
        ledger: Ledger,
        clock: Clock,
    ) -> anyhow::Result<Context> {
        let options = hh::Options::from_config(&config.hh);
        Context::with_options(config, secrets, ledger, clock, options)
    }

    /// Like [`Context::new`] with the client's pacing and retries given (tests retry fast).
    pub fn with_options(
        config: Config,
        secrets: &Secrets,
        ledger: Ledger,
        clock: Clock,
        options: hh::Options,
    ) -> anyhow::Result<Context> {
        let store = Store::new(config.token.path.clone());
        let oauth = oauth::Client::new(&config.hh)?;
        let client = hh::Client::new(Auth::from_config(&config, secrets, &clock)?, options)?;
        let drafter = Drafter::from_config(&config, secrets, false)?;
        Ok(Context {
            offset: config.bot.offset()?,
            signer: secrets.state_key().ok().cloned().map(Signer::new),
            store,
            client,
            oauth,
            drafter,
            clock,
            config,
            ledger: tokio::sync::Mutex::new(ledger),
            capability: tokio::sync::Mutex::new(None),
            rates: tokio::sync::Mutex::new(None),
            chats: Mutex::new(HashMap::new()),
            strangers: Mutex::new(HashSet::new()),
        })
    }

    /// Runs `change` on the chat's in-memory state.
    pub fn chat<T>(&self, chat: i64, change: impl FnOnce(&mut ChatState) -> T) -> T {
        change(lock(&self.chats).entry(chat).or_default())
    }

    /// The signer for /hh_auth links.
    pub fn signer(&self) -> Option<&Signer> {
        self.signer.as_ref()
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

/// The handler tree: the allowed-chats filter at the root, then commands, free text and
/// buttons; whatever is left is consumed without a word.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    use dptree::case;

    let commands = teloxide::filter_command::<Command, _>()
        .branch(case![Command::Start].endpoint(account::start))
        .branch(case![Command::Help].endpoint(account::help))
        .branch(case![Command::HhAuth].endpoint(account::hh_auth))
        .branch(case![Command::HhStatus].endpoint(account::hh_status))
        .branch(case![Command::HhResumes].endpoint(account::hh_resumes))
        .branch(case![Command::HhLogout].endpoint(account::hh_logout))
        .branch(case![Command::HhApply(argument)].endpoint(application::hh_apply))
        .branch(case![Command::Search(words)].endpoint(runs::search))
        .branch(case![Command::Recommend].endpoint(runs::recommend))
        .branch(case![Command::Settings(argument)].endpoint(settings_view::settings))
        .branch(case![Command::Reset(text)].endpoint(resume::reset))
        .branch(case![Command::ShowCv].endpoint(resume::show_cv));
    let documents =
        dptree::filter_map(|msg: Message| msg.document().cloned()).endpoint(upload::on_document);
    let messages = Update::filter_message()
        .branch(commands)
        .branch(documents)
        .endpoint(resume::other_message);
    let buttons = Update::filter_callback_query().endpoint(buttons::on_button);
    let allowed = dptree::filter(|update: Update, ctx: Arc<Context>| ctx.allows(&update))
        .branch(messages)
        .branch(buttons);
    // Everything else ends here, so teloxide's default handler never logs an update (it
    // would print a stranger's text and name).
    dptree::entry().branch(allowed).endpoint(ignore)
}

/// The end of an update nobody handles: strangers' (logged once by [`Context::allows`])
/// and kinds the bot does not use. Only the update's id is logged.
async fn ignore(update: Update) -> anyhow::Result<()> {
    tracing::debug!(update_id = update.id.0, "update ignored");
    Ok(())
}
