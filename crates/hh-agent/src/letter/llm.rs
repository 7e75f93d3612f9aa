//! The LLM path: one OpenAI-compatible `POST {base_url}/chat/completions` per attempt,
//! the answer tidied and checked, one retry with the reason. It never follows redirects,
//! sends the key only as a bearer header, and keeps the key out of every error and log.

use std::time::Duration;

use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use serde::Serialize;
use serde_json::Value;
use url::Url;

use super::check::{check, tidy, Rejection};
use super::input::Input;
use super::prompt::{prompt, Prompt};
use super::{Letter, Source};
use crate::config;
use crate::http;
use crate::secret::Secret;

/// The longest excerpt of an answer quoted in an error, in characters.
pub const EXCERPT_CHARS: usize = 120;
/// The longest answer body read, in bytes.
const MAX_ANSWER_BYTES: usize = 1 << 20;
/// The longest wait for a connection, when the total timeout is longer.
const MAX_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the model lives and how to ask it.
#[derive(Debug, Clone, PartialEq)]
pub struct LlmSettings {
    /// The API root, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`.
    pub base_url: Url,
    /// The `model` field of each request.
    pub model: String,
    /// The sampling temperature, 0.0 to 2.0.
    pub temperature: f64,
    /// How long to wait for a connection.
    pub connect_timeout: Duration,
    /// How long one whole request may take, answer included.
    pub timeout: Duration,
}

/// Why the LLM path produced no letter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LlmError {
    /// No complete answer within the configured timeout.
    #[error("the language model did not answer in time")]
    Timeout,
    /// The endpoint could not be reached or the connection broke.
    #[error("cannot reach the language model: {0}")]
    Network(String),
    /// The endpoint answered with a non-success status.
    #[error("the language model endpoint answered {status}: {excerpt}")]
    Status { status: u16, excerpt: String },
    /// A success status with a body that holds no letter.
    #[error("the language model answered without a usable letter ({reason}): {excerpt}")]
    InvalidAnswer { reason: String, excerpt: String },
    /// Both attempts wrote a letter that failed the checks; this is the second reason.
    #[error("the language model's letter was rejected twice: {0}")]
    Rejected(Rejection),
}

/// A client for one OpenAI-compatible endpoint and model.
#[derive(Debug, Clone)]
pub struct LlmClient {
    http: reqwest::Client,
    settings: LlmSettings,
    api_key: Option<Secret>,
}

#[derive(Serialize)]
struct ChatRequest<'a> {
    model: &'a str,
    messages: [Message<'a>; 2],
    temperature: f64,
    max_tokens: u32,
    stream: bool,
}

#[derive(Serialize)]
struct Message<'a> {
    role: &'a str,
    content: &'a str,
}

/// The text of one answer and whether the model stopped at its token limit.
struct Answer {
    text: String,
    cut_off: bool,
}

impl LlmSettings {
    /// The settings in `[llm]` (validated on load): connect timeout the smaller of 10 s
    /// and `timeout_secs`.
    pub fn from_config(llm: &config::Llm) -> anyhow::Result<LlmSettings> {
        let base_url = Url::parse(&llm.base_url)
            .map_err(|_| anyhow::anyhow!("llm.base_url: нужен полный адрес http(s)://…"))?;
        let timeout = Duration::from_secs(llm.timeout_secs);
        Ok(LlmSettings {
            base_url,
            model: llm.model.clone(),
            temperature: llm.temperature,
            connect_timeout: timeout.min(MAX_CONNECT_TIMEOUT),
            timeout,
        })
    }
}

impl LlmClient {
    /// A client for `settings`; `api_key` is sent as a bearer token when given (Ollama
    /// and llama.cpp need none).
    pub fn new(settings: LlmSettings, api_key: Option<Secret>) -> Result<LlmClient, LlmError> {
        let http = http::client(settings.connect_timeout, settings.timeout, None)
            .map_err(|err| LlmError::Network(http::error_chain(&err)))?;
        Ok(LlmClient {
            http,
            settings,
            api_key: api_key.filter(|key| !key.is_empty()),
        })
    }

    /// The configured model name.
    pub fn model(&self) -> &str {
        &self.settings.model
    }

    /// Writes a letter for `input` of at most `max_chars`: one request, [`tidy`], [`check`];
    /// on a rejection one more request with the reason appended, then [`LlmError::Rejected`].
    pub async fn write_letter(&self, input: &Input, max_chars: usize) -> Result<Letter, LlmError> {
        let first = prompt(input, max_chars);
        let rejection = match self.attempt(&first, input, max_chars).await? {
            Ok(letter) => return Ok(letter),
            Err(rejection) => rejection,
        };
        tracing::info!(%rejection, model = %self.settings.model, "llm letter rejected, asking once more");
        let second = first.with_rejection(&rejection, input.language);
        self.attempt(&second, input, max_chars)
            .await?
            .map_err(LlmError::Rejected)
    }

    async fn attempt(
        &self,
        prompt: &Prompt,
        input: &Input,
        max_chars: usize,
    ) -> Result<Result<Letter, Rejection>, LlmError> {
        let max_tokens = u32::try_from(max_chars)
            .unwrap_or(u32::MAX)
            .clamp(256, 4096);
        let answer = self.complete(prompt, max_tokens).await?;
        if answer.cut_off {
            return Ok(Err(Rejection::CutOff));
        }
        let text = tidy(&answer.text);
        Ok(check(&text, input, max_chars).map(|()| Letter {
            text,
            source: Source::Llm {
                model: self.settings.model.clone(),
            },
        }))
    }

    /// Sends one chat-completions request and returns `choices[0].message.content`.
    async fn complete(&self, prompt: &Prompt, max_tokens: u32) -> Result<Answer, LlmError> {
        let body = serde_json::to_vec(&ChatRequest {
            model: &self.settings.model,
            messages: [
                Message {
                    role: "system",
                    content: &prompt.system,
                },
                Message {
                    role: "user",
                    content: &prompt.user,
                },
            ],
            temperature: self.settings.temperature,
            max_tokens,
            stream: false,
        })
        .map_err(|err| LlmError::Network(format!("cannot encode the request: {err}")))?;
        let mut request = self
            .http
            .post(http::join(&self.settings.base_url, "chat/completions"))
            .header(CONTENT_TYPE, "application/json")
            .header(USER_AGENT, concat!("hh-agent/", env!("CARGO_PKG_VERSION")))
            .body(body);
        if let Some(key) = &self.api_key {
            let mut bearer =
                HeaderValue::from_str(&format!("Bearer {}", key.expose())).map_err(|_| {
                    LlmError::Network("the API key is not a valid header value".to_owned())
                })?;
            bearer.set_sensitive(true);
            request = request.header(AUTHORIZATION, bearer);
        }
        let mut response = request.send().await.map_err(send_error)?;
        let status = response.status();
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(send_error)? {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > MAX_ANSWER_BYTES {
                return Err(self.invalid("the answer is larger than 1 MiB", &bytes));
            }
        }
        if !status.is_success() {
            let text = String::from_utf8_lossy(&bytes);
            let json: Option<Value> = serde_json::from_slice(&bytes).ok();
            let message = json
                .as_ref()
                .and_then(|json| json.pointer("/error/message").or_else(|| json.get("error")))
                .and_then(Value::as_str)
                .unwrap_or(&text);
            return Err(LlmError::Status {
                status: status.as_u16(),
                excerpt: self.excerpt(message),
            });
        }
        self.parse(&bytes)
    }

    fn parse(&self, bytes: &[u8]) -> Result<Answer, LlmError> {
        let json: Value = serde_json::from_slice(bytes)
            .map_err(|_| self.invalid("the answer is not JSON", bytes))?;
        let choice = json
            .get("choices")
            .and_then(Value::as_array)
            .and_then(|choices| choices.first())
            .ok_or_else(|| self.invalid("the answer has no choices", bytes))?;
        let text = choice
            .pointer("/message/content")
            .and_then(Value::as_str)
            .filter(|content| !content.trim().is_empty())
            .ok_or_else(|| self.invalid("the answer has no message content", bytes))?;
        Ok(Answer {
            text: text.to_owned(),
            cut_off: choice.get("finish_reason").and_then(Value::as_str) == Some("length"),
        })
    }

    fn invalid(&self, reason: &str, bytes: &[u8]) -> LlmError {
        LlmError::InvalidAnswer {
            reason: reason.to_owned(),
            excerpt: self.excerpt(&String::from_utf8_lossy(bytes)),
        }
    }

    /// At most [`EXCERPT_CHARS`] of `text` on one line, with the API key cut out.
    fn excerpt(&self, text: &str) -> String {
        let mut text = text.to_owned();
        if let Some(key) = &self.api_key {
            text = text.replace(key.expose(), "[redacted]");
        }
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut out: String = flat.chars().take(EXCERPT_CHARS - 1).collect();
        if flat.chars().count() >= EXCERPT_CHARS {
            out.push('…');
        }
        out
    }
}

fn send_error(err: reqwest::Error) -> LlmError {
    let err = err.without_url();
    if err.is_timeout() {
        LlmError::Timeout
    } else {
        LlmError::Network(http::error_chain(&err))
    }
}
