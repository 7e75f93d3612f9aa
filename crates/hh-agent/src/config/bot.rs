//! The `[bot]` section: who may talk to hh-bot, where Telegram lives and where the bot
//! keeps its state. The bot token is a secret and never lives here
//! ([`super::Secrets::bot_token`]).

use std::path::PathBuf;

use anyhow::bail;
use chrono::FixedOffset;
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
    /// The most vacancy details one /recommend, /search or digest run fetches and ranks.
    #[serde(default = "default_recommend_details")]
    pub recommend_details: usize,
    /// The offset of the user's clock from UTC, `+03:00` (Moscow) by default: digest times
    /// are read and times are shown in it.
    #[serde(default = "default_utc_offset")]
    pub utc_offset: String,
}

/// The most `recommend_details` may be: hh.ru lists at most 2000 items per query.
pub const MAX_RECOMMEND_DETAILS: usize = 2000;

impl Default for Bot {
    fn default() -> Bot {
        Bot {
            allowed_chats: Vec::new(),
            telegram_api_url: default_telegram_api_url(),
            state_dir: default_state_dir(),
            recommend_details: default_recommend_details(),
            utc_offset: default_utc_offset(),
        }
    }
}

fn default_telegram_api_url() -> String {
    "https://api.telegram.org".to_owned()
}

fn default_recommend_details() -> usize {
    200
}

fn default_utc_offset() -> String {
    "+03:00".to_owned()
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
                "bot.state_dir: нужен абсолютный путь к каталогу, а указано {:?}",
                self.state_dir.display().to_string()
            );
        }
        if !(1..=MAX_RECOMMEND_DETAILS).contains(&self.recommend_details) {
            bail!(
                "bot.recommend_details: нужно число от 1 до {MAX_RECOMMEND_DETAILS}, а указано {}",
                self.recommend_details
            );
        }
        self.offset()?;
        Ok(())
    }

    /// The user's offset from UTC (validated by [`Bot::validate`]).
    pub fn offset(&self) -> anyhow::Result<FixedOffset> {
        let text = self.utc_offset.trim();
        let parsed = (|| {
            let (sign, rest) = match text.as_bytes().first()? {
                b'+' => (1, &text[1..]),
                b'-' => (-1, &text[1..]),
                _ => return None,
            };
            let (hours, minutes) = rest.split_once(':')?;
            let hours: i32 = hours.parse().ok()?;
            let minutes: i32 = minutes.parse().ok()?;
            if !(0..=14).contains(&hours) || !(0..=59).contains(&minutes) {
                return None;
            }
            FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
        })();
        match parsed {
            Some(offset) => Ok(offset),
            None => bail!(
                "bot.utc_offset: нужен сдвиг от UTC вида \"+03:00\", а указано {:?}",
                self.utc_offset
            ),
        }
    }

    /// Checks what only hh-bot needs: at least one allowed chat.
    pub fn validate_for_running(&self) -> anyhow::Result<()> {
        if self.allowed_chats.is_empty() {
            bail!(
                "bot.allowed_chats: нужен хотя бы один id чата Telegram (ваш, например [123456789]), а список пуст; \
                 другим бот не отвечает"
            );
        }
        Ok(())
    }

    /// The parsed Bot API root (validated by [`Bot::validate`]).
    pub fn api_url(&self) -> anyhow::Result<url::Url> {
        super::parse_http_url("bot.telegram_api_url", &self.telegram_api_url)
    }
}
