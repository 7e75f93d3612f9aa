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
            "expected an IP address and a port such as \"127.0.0.1:8000\" (a host name is not accepted), got {text:?}"
        ))
    })
}

/// The example config's values that only stand for the user's own, with what to put there.
const PLACEHOLDERS: [(&str, &str, &str); 3] = [
    (
        "hh.client_id",
        "YOUR_CLIENT_ID",
        "the Client ID of your own app at https://dev.hh.ru/admin (or set HH_CLIENT_ID)",
    ),
    (
        "hh.redirect_uri",
        "myname.keenetic.pro",
        "your own KeenDNS name, exactly as in the redirect URI registered for your app at dev.hh.ru (or set HH_REDIRECT_URI)",
    ),
    (
        "hh.user_agent",
        "me@example.org",
        "your own e-mail: hh.ru uses it to contact the app's owner",
    ),
];

impl Config {
    /// Parses and validates a config text; `env` supplies the overrides
    /// `HH_CLIENT_ID` and `HH_REDIRECT_URI` (pass `|_| None` for none).
    pub fn from_str(text: &str, env: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<Config> {
        drafting::refuse_secrets(text)?;
        let mut config: Config = toml::from_str(text).map_err(|err| anyhow::anyhow!("{err}"))?;
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
        let text = std::fs::read_to_string(path).with_context(|| {
            format!(
                "cannot read config {}: create it from config.example.toml",
                path.display()
            )
        })?;
        Config::from_str(&text, env).with_context(|| format!("invalid config {}", path.display()))
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
                format!("{key}: replace the example's {placeholder} with {what}")
            })
            .collect();
        if !left.is_empty() {
            bail!("{}", left.join("; "));
        }
        if self.hh.client_id.trim().is_empty() {
            bail!("hh.client_id: expected the client id of your app from dev.hh.ru (or HH_CLIENT_ID), got nothing");
        }
        let redirect = parse_http_url("hh.redirect_uri", &self.hh.redirect_uri)?;
        if redirect.fragment().is_some() {
            bail!(
                "hh.redirect_uri: expected no #fragment, got {:?}",
                self.hh.redirect_uri
            );
        }
        parse_http_url("hh.oauth_base_url", &self.hh.oauth_base_url)?;
        parse_http_url("hh.api_base_url", &self.hh.api_base_url)?;
        validate_user_agent(&self.hh.user_agent)?;
        if self.hh.request_interval_ms > 60_000 || self.hh.apply_interval_ms > 600_000 {
            bail!(
                "hh.request_interval_ms / hh.apply_interval_ms: expected at most 60000 / 600000, got {} / {}",
                self.hh.request_interval_ms,
                self.hh.apply_interval_ms
            );
        }
        if self.token.path.file_name().is_none() || !self.token.path.is_absolute() {
            bail!(
                "token.path: expected an absolute file path, got {:?}",
                self.token.path.display().to_string()
            );
        }
        self.letter.validate()?;
        self.llm.validate()?;
        self.bot.validate()?;
        if self.filters.min_score > 100 {
            bail!(
                "filters.min_score: expected 0 to 100, got {}",
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

fn parse_http_url(key: &str, value: &str) -> anyhow::Result<Url> {
    let url = Url::parse(value).map_err(|err| {
        anyhow::anyhow!("{key}: expected an absolute http(s) URL, got {value:?} ({err})")
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        bail!("{key}: expected an absolute http(s) URL, got {value:?}");
    }
    Ok(url)
}

/// Checks the hh.ru User-Agent shape `AppName/version (contact-email)`.
pub fn validate_user_agent(value: &str) -> anyhow::Result<()> {
    let expected = "hh.user_agent: expected \"AppName/version (contact-email)\", e.g. \"hh-agent/0.1 (ivan.petrov@yandex.ru)\"";
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
        bail!("{expected}, got {value:?}");
    }
    if value == "MyApp/1.0 (my-app-feedback@example.com)" {
        bail!(
            "{expected} with your own app name and e-mail; hh.ru rejects its documentation example"
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
                        return Err(err)
                            .with_context(|| format!("cannot read credential {}", path.display()))
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
                "hh client secret is not configured: put it in $CREDENTIALS_DIRECTORY/{CLIENT_SECRET_CREDENTIAL} \
                 (systemd LoadCredential=, see /etc/hh-agent/credentials) or set HH_CLIENT_SECRET"
            ),
        }
    }

    /// The Telegram bot token, or the error that tells the user where to put it.
    pub fn bot_token(&self) -> anyhow::Result<&Secret> {
        match &self.bot_token {
            Some(token) if !token.is_empty() => Ok(token),
            _ => bail!(
                "telegram bot token is not configured: put it in $CREDENTIALS_DIRECTORY/{BOT_TOKEN_CREDENTIAL} \
                 (systemd LoadCredential=) or set BOT_TOKEN"
            ),
        }
    }

    /// The state-signing key, or the error that tells the user where to put it.
    pub fn state_key(&self) -> anyhow::Result<&Secret> {
        match &self.state_key {
            Some(key) if key.expose().len() >= MIN_STATE_KEY_LEN => Ok(key),
            Some(_) => bail!(
                "state signing key is too short: {STATE_KEY_CREDENTIAL} must hold at least {MIN_STATE_KEY_LEN} characters \
                 (generate one with: head -c 32 /dev/urandom | base64)"
            ),
            None => bail!(
                "state signing key is not configured: put it in $CREDENTIALS_DIRECTORY/{STATE_KEY_CREDENTIAL} \
                 (systemd LoadCredential=, see /etc/hh-agent/credentials) or set HH_STATE_KEY"
            ),
        }
    }
}
