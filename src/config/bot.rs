//! The `[bot]` section: who may talk to hh-bot, where Telegram lives and where the bot
//! keeps its state. The bot token is a secret and never lives here
//! ([`super::Secrets::bot_token`]).

use std::path::PathBuf;

use anyhow::bail;
use serde::Deserialize;

/// `[bot]`: the Telegram bot.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Bot {
    /// The only chat ids the bot answers; everyone else is ignored (required to run).
    #[serde(default)]
    pub allowed_chats: Vec<i64>,
    /// The Bot API root; a fake in tests.
    #[serde(default = "default_telegram_api_url")]
    pub telegram_api_url: String,
    /// The directory of the bot's SQLite ledger.
    #[serde(default = "default_state_dir")]
    pub state_dir: PathBuf,
}

impl Default for Bot {
    fn default() -> Bot {
        Bot {
            allowed_chats: Vec::new(),
            telegram_api_url: default_telegram_api_url(),
            state_dir: default_state_dir(),
        }
    }
}

fn default_telegram_api_url() -> String {
    "https://api.telegram.org".to_owned()
}

fn default_state_dir() -> PathBuf {
    PathBuf::from("/var/lib/hh-bot")
}

impl Bot {
    /// Checks the values every binary relies on (the URL, the state directory).
    pub fn validate(&self) -> anyhow::Result<()> {
        super::parse_http_url("bot.telegram_api_url", &self.telegram_api_url)?;
        if !self.state_dir.is_absolute() {
            bail!(
                "bot.state_dir: expected an absolute directory, got {:?}",
                self.state_dir.display().to_string()
            );
        }
        Ok(())
    }

    /// Checks what only hh-bot needs: at least one allowed chat.
    pub fn validate_for_running(&self) -> anyhow::Result<()> {
        if self.allowed_chats.is_empty() {
            bail!(
                "bot.allowed_chats: expected at least one Telegram chat id (your own, e.g. [123456789]), got none; \
                 the bot answers nobody else"
            );
        }
        Ok(())
    }

    /// The parsed Bot API root (validated by [`Bot::validate`]).
    pub fn api_url(&self) -> anyhow::Result<url::Url> {
        super::parse_http_url("bot.telegram_api_url", &self.telegram_api_url)
    }
}
