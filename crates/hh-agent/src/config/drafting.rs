//! The `[letter]` and `[llm]` sections: cover-letter templates and limits, and the
//! OpenAI-compatible endpoint. The API key is a secret and never lives here
//! ([`super::Secrets::llm_api_key`]).

use std::path::PathBuf;

use anyhow::bail;
use serde::Deserialize;

/// The shortest `letter.max_chars` accepted.
pub const MIN_MAX_CHARS: usize = 200;
/// `letter.max_chars` when unset.
pub const DEFAULT_MAX_CHARS: usize = 1_500;
/// The longest `letter.max_chars` accepted: hh.ru's own limit, `hh::MAX_LETTER_CHARS` (a
/// test in `letter` holds the two equal; config depends on no domain module).
pub const MAX_MAX_CHARS: usize = 10_000;

/// `[letter]`: how cover letters are drafted.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Letter {
    /// A file with the user's Russian template (absolute path); the built-in one when unset.
    #[serde(default)]
    pub template_ru: Option<PathBuf>,
    /// A file with the user's English template (absolute path); the built-in one when unset.
    #[serde(default)]
    pub template_en: Option<PathBuf>,
    /// The longest letter drafted, in characters (200 to hh.ru's 10000).
    #[serde(default = "default_max_chars")]
    pub max_chars: usize,
}

/// `[llm]`: an OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, llama.cpp).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Llm {
    /// Whether letters come from the LLM without `--llm`.
    #[serde(default)]
    pub enabled: bool,
    /// The API root, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// The model name sent with each request.
    #[serde(default = "default_model")]
    pub model: String,
    /// The sampling temperature, 0.0 to 2.0.
    #[serde(default = "default_temperature")]
    pub temperature: f64,
    /// How long one request may take, in seconds (1 to 600).
    #[serde(default = "default_timeout_secs")]
    pub timeout_secs: u64,
}

impl Default for Letter {
    fn default() -> Letter {
        Letter {
            template_ru: None,
            template_en: None,
            max_chars: default_max_chars(),
        }
    }
}

impl Default for Llm {
    fn default() -> Llm {
        Llm {
            enabled: false,
            base_url: default_base_url(),
            model: default_model(),
            temperature: default_temperature(),
            timeout_secs: default_timeout_secs(),
        }
    }
}

fn default_max_chars() -> usize {
    DEFAULT_MAX_CHARS
}

fn default_base_url() -> String {
    "https://api.openai.com/v1".to_owned()
}

fn default_model() -> String {
    "gpt-4o-mini".to_owned()
}

fn default_temperature() -> f64 {
    0.7
}

fn default_timeout_secs() -> u64 {
    60
}

impl Letter {
    /// Checks the values serde cannot; the template files are read by `letter::Templates`.
    pub fn validate(&self) -> anyhow::Result<()> {
        if !(MIN_MAX_CHARS..=MAX_MAX_CHARS).contains(&self.max_chars) {
            bail!(
                "letter.max_chars: нужно число от {MIN_MAX_CHARS} до {MAX_MAX_CHARS} (предел hh.ru), а указано {}",
                self.max_chars
            );
        }
        for (key, path) in [
            ("letter.template_ru", &self.template_ru),
            ("letter.template_en", &self.template_en),
        ] {
            if let Some(path) = path.as_ref().filter(|path| !path.is_absolute()) {
                bail!(
                    "{key}: нужен абсолютный путь к файлу шаблона, а указано {:?}",
                    path.display().to_string()
                );
            }
        }
        Ok(())
    }
}

impl Llm {
    /// Checks the values serde cannot: the URL shape and the numeric ranges.
    pub fn validate(&self) -> anyhow::Result<()> {
        super::parse_http_url("llm.base_url", &self.base_url)?;
        if self.model.trim().is_empty() {
            bail!("llm.model: нужно имя модели, например \"gpt-4o-mini\" или \"qwen2.5:7b\", а значение пустое");
        }
        if !(0.0..=2.0).contains(&self.temperature) {
            bail!(
                "llm.temperature: нужно число от 0.0 до 2.0, а указано {}",
                self.temperature
            );
        }
        if !(1..=600).contains(&self.timeout_secs) {
            bail!(
                "llm.timeout_secs: нужно число секунд от 1 до 600, а указано {}",
                self.timeout_secs
            );
        }
        Ok(())
    }
}

/// Whether a config key names a secret (`client_secret`, `access_token`, `api_key`, …).
pub(super) fn secret_like(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    ["secret", "password", "token", "state_key", "api_key"]
        .iter()
        .any(|word| key.contains(word))
}

/// Refuses an API key written into the config, before serde's "unknown field" would
/// hide where it belongs.
pub(super) fn refuse_secrets(text: &str) -> anyhow::Result<()> {
    let Ok(table) = text.parse::<toml::Table>() else {
        return Ok(());
    };
    let llm = table.get("llm").and_then(toml::Value::as_table);
    if llm.is_some_and(|llm| llm.contains_key("api_key")) {
        bail!(
            "llm.api_key: секретам не место в конфигурации — положите ключ в $CREDENTIALS_DIRECTORY/{} \
             (LoadCredential= в systemd) или задайте OPENAI_API_KEY и уберите api_key из файла",
            super::LLM_API_KEY_CREDENTIAL
        );
    }
    let hh = table.get("hh").and_then(toml::Value::as_table);
    if let Some(key) = hh.and_then(|hh| hh.keys().find(|key| secret_like(key))) {
        bail!(
            "hh.{key}: секретам не место в конфигурации — положите секрет приложения в $CREDENTIALS_DIRECTORY/{} \
             (LoadCredential= в systemd, /etc/hh-agent/credentials/{0}) или задайте HH_CLIENT_SECRET и уберите {key} из файла",
            super::CLIENT_SECRET_CREDENTIAL
        );
    }
    let bot = table.get("bot").and_then(toml::Value::as_table);
    if bot.is_some_and(|bot| bot.contains_key("token")) {
        bail!(
            "bot.token: секретам не место в конфигурации — положите токен в $CREDENTIALS_DIRECTORY/{} \
             (LoadCredential= в systemd) или задайте BOT_TOKEN и уберите token из файла",
            super::BOT_TOKEN_CREDENTIAL
        );
    }
    Ok(())
}
