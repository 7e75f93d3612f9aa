//! The TOML config and the secrets that live beside it, never in it.
//!
//! Parsing and validation are pure (`Config::from_str`); only binaries decide where the
//! file and the environment come from. Secrets are read from systemd credentials
//! (`$CREDENTIALS_DIRECTORY/<name>`) or env vars by [`Secrets::load`]. The `[letter]` and
//! `[llm]` sections live in `drafting`, `[bot]` in `bot`.

mod bot;
mod drafting;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use serde::Deserialize;
use url::Url;

use crate::secret::Secret;

pub use bot::Bot;
pub use drafting::{Letter, Llm, DEFAULT_MAX_CHARS, MAX_MAX_CHARS, MIN_MAX_CHARS};

/// Where the config is looked for when neither `--config` nor `HH_AGENT_CONFIG` says.
pub const DEFAULT_PATH: &str = "/etc/hh-agent/config.toml";
/// The credential (file name) holding the hh.ru client secret.
pub const CLIENT_SECRET_CREDENTIAL: &str = "hh-client-secret";
/// The credential (file name) holding the key that signs OAuth `state` values.
pub const STATE_KEY_CREDENTIAL: &str = "hh-state-key";
/// The shortest accepted state-signing key.
pub const MIN_STATE_KEY_LEN: usize = 32;
/// The credential (file name) holding the API key of the LLM endpoint.
pub const LLM_API_KEY_CREDENTIAL: &str = "llm-api-key";
/// The credential (file name) holding the Telegram bot token.
pub const BOT_TOKEN_CREDENTIAL: &str = "telegram-bot-token";

/// The whole config file.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The hh.ru application and where hh.ru lives.
    pub hh: Hh,
    /// The shared token file.
    #[serde(default)]
    pub token: Token,
    /// The OAuth callback server.
    #[serde(default)]
    pub callback: Callback,
    /// Cover letters: templates and the length limit.
    #[serde(default)]
    pub letter: Letter,
    /// The optional LLM that drafts cover letters.
    #[serde(default)]
    pub llm: Llm,
    /// What the user does not want to see: words, employers, salary, areas, remote, score.
    #[serde(default)]
    pub filters: Filters,
    /// The Telegram bot: allowed chats, the Bot API root, the state directory.
    #[serde(default)]
    pub bot: Bot,
}

/// `[filters]`: what the user does not want to see. Plain settings; `rank::Filters` is
/// built from them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Filters {
    /// At least one must appear in the title or description (when any are given).
    pub include_words: Vec<String>,
    /// None may appear in the title or description.
    pub exclude_words: Vec<String>,
    /// Employer ids or names to skip.
    pub excluded_employers: Vec<String>,
    /// The least acceptable pay, roubles a month net; applied only to stated salaries.
    pub min_salary: Option<u64>,
    /// Acceptable area ids (empty: any); remote vacancies pass from any area.
    pub areas: Vec<String>,
    /// Only vacancies that allow remote work.
    pub remote_only: bool,
    /// The least score (0..=100) worth showing.
    pub min_score: u8,
}

/// `[hh]`: the user's own app registered at dev.hh.ru, and the upstream URLs.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Hh {
    /// The app's client id (public; the secret is a credential).
    #[serde(default)]
    pub client_id: String,
    /// The redirect URI registered for the app; hh.ru matches scheme, host and port exactly.
    #[serde(default)]
    pub redirect_uri: String,
    /// Sent as `HH-User-Agent`: `AppName/version (contact-email)`.
    pub user_agent: String,
    /// Where the browser authorizes (`/oauth/authorize`).
    #[serde(default = "default_oauth_base_url")]
    pub oauth_base_url: String,
    /// Where the token endpoint and the API live (`/token`, `/me`, `DELETE /oauth/token`).
    #[serde(default = "default_api_base_url")]
    pub api_base_url: String,
    /// The least time between two API requests, milliseconds (hh.ru allows about 10 a
    /// second per address; 0 only for a local sandbox).
    #[serde(default = "default_request_interval_ms")]
    pub request_interval_ms: u64,
    /// The least time between two applications, milliseconds.
    #[serde(default = "default_apply_interval_ms")]
    pub apply_interval_ms: u64,
}

/// `[token]`: the token file shared by hh-callback, hh-refresh and hh-bot.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Token {
    /// The token file; its directory also holds the lock and status files.
    #[serde(default = "default_token_path")]
    pub path: PathBuf,
}

/// `[callback]`: the hh-callback server.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Callback {
    /// The address hh-callback binds when systemd passes no socket.
    #[serde(default = "default_listen", deserialize_with = "listen_address")]
    pub listen: SocketAddr,
}

impl Default for Token {
    fn default() -> Token {
        Token {
            path: default_token_path(),
        }
    }
}

impl Default for Callback {
    fn default() -> Callback {
        Callback {
            listen: default_listen(),
        }
    }
}

fn default_oauth_base_url() -> String {
    "https://hh.ru".to_owned()
}

fn default_api_base_url() -> String {
    "https://api.hh.ru".to_owned()
}

fn default_request_interval_ms() -> u64 {
    250
}

fn default_apply_interval_ms() -> u64 {
    2_000
}

fn default_token_path() -> PathBuf {
    PathBuf::from("/var/lib/hh-token/token.json")
}

fn default_listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8000))
}

/// `listen = "127.0.0.1:8000"`, with an error that shows the expected form.
fn listen_address<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<SocketAddr, D::Error> {
    let text = String::deserialize(deserializer)?;
    text.trim().parse().map_err(|_| {
        serde::de::Error::custom(format!(
            "нужны IP-адрес и порт, например \"127.0.0.1:8000\" (имя хоста не подходит), а указано {text:?}"
        ))
    })
}

/// The example config's values that only stand for the user's own, with what to put there.
const PLACEHOLDERS: [(&str, &str, &str); 3] = [
    (
        "hh.client_id",
        "YOUR_CLIENT_ID",
        "Client ID своего приложения со страницы https://dev.hh.ru/admin (или задайте HH_CLIENT_ID)",
    ),
    (
        "hh.redirect_uri",
        "myname.keenetic.pro",
        "своё имя KeenDNS — точно как в redirect URI, зарегистрированном для приложения на dev.hh.ru (или задайте HH_REDIRECT_URI)",
    ),
    (
        "hh.user_agent",
        "me@example.org",
        "свой e-mail: по нему hh.ru связывается с владельцем приложения",
    ),
];

impl Config {
    /// Parses and validates a config text; `env` supplies the overrides
    /// `HH_CLIENT_ID` and `HH_REDIRECT_URI` (pass `|_| None` for none).
    pub fn from_str(text: &str, env: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<Config> {
        drafting::refuse_secrets(text)?;
        let mut config: Config =
            toml::from_str(text).map_err(|err| anyhow::anyhow!("{}", toml_error(text, &err)))?;
        if let Some(client_id) = env("HH_CLIENT_ID").filter(|value| !value.is_empty()) {
            config.hh.client_id = client_id;
        }
        if let Some(redirect_uri) = env("HH_REDIRECT_URI").filter(|value| !value.is_empty()) {
            config.hh.redirect_uri = redirect_uri;
        }
        config.validate()?;
        Ok(config)
    }

    /// Reads, parses and validates the file at `path`. The template files it names are read
    /// by `letter` when a drafter is built, so a broken template never stops the token
    /// services.
    pub fn load(path: &Path, env: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|err| {
            let why = crate::report::io_problem(&err);
            match err.kind() {
                std::io::ErrorKind::NotFound => anyhow::anyhow!(
                    "не удалось прочитать конфигурацию {}: {why}; создайте её из config.example.toml",
                    path.display()
                ),
                _ => anyhow::anyhow!(
                    "не удалось прочитать конфигурацию {}: {why}",
                    path.display()
                ),
            }
        })?;
        Config::from_str(&text, env)
            .with_context(|| format!("ошибка в конфигурации {}", path.display()))
    }

    /// Checks every value that serde cannot: the example's placeholders, URL shapes, the
    /// User-Agent format, ranges.
    pub fn validate(&self) -> anyhow::Result<()> {
        let values = [
            &self.hh.client_id,
            &self.hh.redirect_uri,
            &self.hh.user_agent,
        ];
        let left: Vec<String> = PLACEHOLDERS
            .iter()
            .zip(values)
            .filter(|((_, placeholder, _), value)| value.contains(placeholder))
            .map(|((key, placeholder, what), _)| {
                format!("{key}: замените {placeholder} из примера на {what}")
            })
            .collect();
        if !left.is_empty() {
            bail!("{}", left.join("; "));
        }
        if self.hh.client_id.trim().is_empty() {
            bail!("hh.client_id: нужен Client ID вашего приложения с dev.hh.ru (или HH_CLIENT_ID), а значение пустое");
        }
        let redirect = parse_http_url("hh.redirect_uri", &self.hh.redirect_uri)?;
        if redirect.fragment().is_some() {
            bail!(
                "hh.redirect_uri: в адресе не должно быть #фрагмента, а указано {:?}",
                self.hh.redirect_uri
            );
        }
        parse_http_url("hh.oauth_base_url", &self.hh.oauth_base_url)?;
        parse_http_url("hh.api_base_url", &self.hh.api_base_url)?;
        validate_user_agent(&self.hh.user_agent)?;
        if self.hh.request_interval_ms > 60_000 || self.hh.apply_interval_ms > 600_000 {
            bail!(
                "hh.request_interval_ms / hh.apply_interval_ms: не больше 60000 / 600000, а указано {} / {}",
                self.hh.request_interval_ms,
                self.hh.apply_interval_ms
            );
        }
        if self.token.path.file_name().is_none() || !self.token.path.is_absolute() {
            bail!(
                "token.path: нужен абсолютный путь к файлу, а указано {:?}",
                self.token.path.display().to_string()
            );
        }
        self.letter.validate()?;
        self.llm.validate()?;
        self.bot.validate()?;
        if self.filters.min_score > 100 {
            bail!(
                "filters.min_score: нужно число от 0 до 100, а указано {}",
                self.filters.min_score
            );
        }
        Ok(())
    }

    /// The parsed redirect URI (validated by [`Config::validate`]).
    pub fn redirect_url(&self) -> Url {
        Url::parse(&self.hh.redirect_uri).expect("redirect_uri is validated on load")
    }
}

/// A TOML or shape error in words: where (line, column and the line itself) and what, in
/// Russian; our own messages (already Russian) pass through.
fn toml_error(text: &str, err: &toml::de::Error) -> String {
    let message = err.message().trim();
    let quoted = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_owned)
    };
    let what = if message.chars().any(|c| matches!(c, 'а'..='я' | 'А'..='Я')) {
        message.to_owned()
    } else if let Some(key) = quoted("missing field `") {
        format!("нет обязательного ключа «{key}»")
    } else if let Some(key) = quoted("unknown field `") {
        format!("неизвестный ключ «{key}» — проверьте написание по config.example.toml")
    } else if let Some(value) = quoted("unknown variant `") {
        format!("недопустимое значение «{value}» — допустимые есть в config.example.toml")
    } else if message.starts_with("invalid type") {
        "значение не того типа: число, строка в кавычках, true/false или список — как в config.example.toml".to_owned()
    } else if message.contains("duplicate key") {
        "ключ повторяется".to_owned()
    } else {
        "ошибка синтаксиса TOML: проверьте кавычки, скобки и знак =".to_owned()
    };
    let Some(start) = err.span().map(|span| span.start.min(text.len())) else {
        return what;
    };
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    let shown = text.lines().nth(line - 1).unwrap_or("").trim();
    // A broken line holding a secret is never echoed: the error may reach a log.
    let key = shown.split('=').next().unwrap_or("").trim();
    if drafting::secret_like(key) {
        return format!("строка {line}, столбец {column} (значение не показываю: похоже на секрет, а секретам не место в конфигурации): {what}");
    }
    format!("строка {line}, столбец {column} («{shown}»): {what}")
}

fn parse_http_url(key: &str, value: &str) -> anyhow::Result<Url> {
    let url = Url::parse(value).map_err(|_| {
        anyhow::anyhow!("{key}: нужен полный адрес http(s)://…, а указано {value:?}")
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        bail!("{key}: нужен полный адрес http(s)://…, а указано {value:?}");
    }
    Ok(url)
}

/// Checks the hh.ru User-Agent shape `AppName/version (contact-email)`.
pub fn validate_user_agent(value: &str) -> anyhow::Result<()> {
    let expected = "hh.user_agent: нужен вид \"Приложение/версия (e-mail)\", например \"hh-agent/0.1 (ivan.petrov@yandex.ru)\"";
    let shape_ok = (|| {
        let (product, rest) = value.split_once(' ')?;
        let (name, version) = product.split_once('/')?;
        let email = rest.strip_prefix('(')?.strip_suffix(')')?;
        let (local, domain) = email.split_once('@')?;
        let token_ok = |part: &str| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_graphic() && !"()/@".contains(c))
        };
        let ok = token_ok(name)
            && token_ok(version)
            && token_ok(local)
            && token_ok(domain)
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.');
        ok.then_some(())
    })();
    if shape_ok.is_none() {
        bail!("{expected}, а указано {value:?}");
    }
    if value == "MyApp/1.0 (my-app-feedback@example.com)" {
        bail!(
            "{expected}, со своим именем приложения и e-mail: пример из документации hh.ru отклоняет"
        );
    }
    Ok(())
}

/// Secrets loaded from systemd credentials or the environment.
#[derive(Debug, Clone, Default)]
pub struct Secrets {
    /// The hh.ru client secret (needed for the code exchange and application tokens).
    pub client_secret: Option<Secret>,
    /// The key that signs OAuth `state` values.
    pub state_key: Option<Secret>,
    /// The LLM endpoint's API key (optional: Ollama and llama.cpp need none).
    pub llm_api_key: Option<Secret>,
    /// The Telegram bot token (only hh-bot needs it).
    pub bot_token: Option<Secret>,
}

impl Secrets {
    /// Reads `hh-client-secret`, `hh-state-key`, `llm-api-key` and `telegram-bot-token` from
    /// `credentials_dir` (`$CREDENTIALS_DIRECTORY`) first, then from `HH_CLIENT_SECRET`,
    /// `HH_STATE_KEY`, `OPENAI_API_KEY` and `BOT_TOKEN`.
    pub fn load(
        credentials_dir: Option<&Path>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Secrets> {
        let read = |credential: &str, var: &str| -> anyhow::Result<Option<Secret>> {
            if let Some(dir) = credentials_dir {
                let path = dir.join(credential);
                match std::fs::read_to_string(&path) {
                    Ok(text) => return Ok(Some(Secret::new(text.trim().to_owned()))),
                    Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                    Err(err) => {
                        return Err(err).with_context(|| {
                            format!("не удалось прочитать секрет {}", path.display())
                        })
                    }
                }
            }
            Ok(env(var)
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
                .map(Secret::new))
        };
        Ok(Secrets {
            client_secret: read(CLIENT_SECRET_CREDENTIAL, "HH_CLIENT_SECRET")?,
            state_key: read(STATE_KEY_CREDENTIAL, "HH_STATE_KEY")?,
            llm_api_key: read(LLM_API_KEY_CREDENTIAL, "OPENAI_API_KEY")?,
            bot_token: read(BOT_TOKEN_CREDENTIAL, "BOT_TOKEN")?,
        })
    }

    /// The client secret, or the error that tells the user where to put it.
    pub fn client_secret(&self) -> anyhow::Result<&Secret> {
        match &self.client_secret {
            Some(secret) if !secret.is_empty() => Ok(secret),
            _ => bail!(
                "нет секрета приложения hh.ru (client secret): положите его в $CREDENTIALS_DIRECTORY/{CLIENT_SECRET_CREDENTIAL} \
                 (LoadCredential= в systemd, файлы в /etc/hh-agent/credentials) или задайте HH_CLIENT_SECRET"
            ),
        }
    }

    /// The Telegram bot token, or the error that tells the user where to put it.
    pub fn bot_token(&self) -> anyhow::Result<&Secret> {
        match &self.bot_token {
            Some(token) if !token.is_empty() => Ok(token),
            _ => bail!(
                "нет токена бота Telegram: положите его в $CREDENTIALS_DIRECTORY/{BOT_TOKEN_CREDENTIAL} \
                 (LoadCredential= в systemd) или задайте BOT_TOKEN"
            ),
        }
    }

    /// The state-signing key, or the error that tells the user where to put it.
    pub fn state_key(&self) -> anyhow::Result<&Secret> {
        match &self.state_key {
            Some(key) if key.expose().len() >= MIN_STATE_KEY_LEN => Ok(key),
            Some(_) => bail!(
                "ключ подписи ссылок слишком короткий: в {STATE_KEY_CREDENTIAL} нужно не меньше {MIN_STATE_KEY_LEN} знаков \
                 (создайте новый: head -c 32 /dev/urandom | base64)"
            ),
            None => bail!(
                "нет ключа подписи ссылок: положите его в $CREDENTIALS_DIRECTORY/{STATE_KEY_CREDENTIAL} \
                 (LoadCredential= в systemd, файлы в /etc/hh-agent/credentials) или задайте HH_STATE_KEY"
            ),
        }
    }
}
