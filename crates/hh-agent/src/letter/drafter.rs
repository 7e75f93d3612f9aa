//! Choosing the path: the template by default, the LLM when asked for, and a fallback to
//! the template only when the caller wants one, saying why in the result.

use std::path::Path;

use anyhow::Context;

use super::check::Rejection;
use super::input::{Input, Language};
use super::llm::{LlmClient, LlmError, LlmSettings};
use super::template::Template;
use super::Letter;
use crate::config::{self, Config, Secrets};

/// The Russian and English templates in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Templates {
    /// For vacancies in Russian.
    pub russian: Template,
    /// For vacancies in English.
    pub english: Template,
}

/// Drafts letters by template or LLM under one length limit.
#[derive(Debug, Clone)]
pub struct Drafter {
    templates: Templates,
    max_chars: usize,
    llm: Option<LlmClient>,
}

/// A letter and, when the LLM failed and the template stood in, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The letter to preview.
    pub letter: Letter,
    /// Set when the LLM was asked and failed, so the letter is the template's.
    pub fallback_reason: Option<LlmError>,
}

/// Why [`Drafter::draft`] produced no letter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DraftError {
    /// The LLM path failed (no fallback was asked for).
    #[error(transparent)]
    Llm(#[from] LlmError),
    /// The template's letter failed the checks (a user template, or a tiny limit).
    #[error("the template letter was rejected: {0}")]
    Template(Rejection),
}

impl Default for Templates {
    fn default() -> Templates {
        Templates {
            russian: Template::default_for(Language::Russian),
            english: Template::default_for(Language::English),
        }
    }
}

impl Templates {
    /// The built-in templates, replaced by the files in `letter.template_ru` and
    /// `letter.template_en` where set; errors name the key and the position.
    pub fn load(letter: &config::Letter) -> anyhow::Result<Templates> {
        let mut templates = Templates::default();
        if let Some(path) = &letter.template_ru {
            templates.russian = read_template("letter.template_ru", path)?;
        }
        if let Some(path) = &letter.template_en {
            templates.english = read_template("letter.template_en", path)?;
        }
        Ok(templates)
    }

    /// The template for a vacancy in `language`.
    pub fn for_language(&self, language: Language) -> &Template {
        match language {
            Language::Russian => &self.russian,
            Language::English => &self.english,
        }
    }
}

fn read_template(key: &str, path: &Path) -> anyhow::Result<Template> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{key}: не удалось прочитать шаблон {}", path.display()))?;
    Template::parse(&text)
        .map_err(|err| anyhow::anyhow!("{key}: ошибка в шаблоне {}: {err}", path.display()))
}

impl Drafter {
    /// A drafter with these templates and limit; `llm` makes [`Drafter::draft`] use it.
    pub fn new(templates: Templates, max_chars: usize, llm: Option<LlmClient>) -> Drafter {
        Drafter {
            templates,
            max_chars,
            llm,
        }
    }

    /// The drafter `config` describes; the LLM is used when `llm_requested` (`--llm`) or
    /// `llm.enabled`, with the key from `secrets` if there is one.
    pub fn from_config(
        config: &Config,
        secrets: &Secrets,
        llm_requested: bool,
    ) -> anyhow::Result<Drafter> {
        Drafter::from_sections(&config.letter, &config.llm, secrets, llm_requested)
    }

    /// Like [`Drafter::from_config`], from the `[letter]` and `[llm]` sections alone (their
    /// defaults when there is no config file).
    pub fn from_sections(
        letter: &config::Letter,
        llm: &config::Llm,
        secrets: &Secrets,
        llm_requested: bool,
    ) -> anyhow::Result<Drafter> {
        let templates = Templates::load(letter)?;
        let llm = if llm_requested || llm.enabled {
            let settings = LlmSettings::from_config(llm)?;
            if settings.base_url.host_str() == Some("api.openai.com")
                && secrets
                    .llm_api_key
                    .as_ref()
                    .is_none_or(|key| key.is_empty())
            {
                anyhow::bail!(
                    "llm: языковая модель не настроена: OpenAI (base_url в [llm] по умолчанию) нужен ключ API \
                     в $CREDENTIALS_DIRECTORY/{} (/etc/hh-agent/credentials/{0}) или OPENAI_API_KEY; \
                     либо укажите в [llm] base_url локальную модель, например Ollama: http://127.0.0.1:11434/v1",
                    config::LLM_API_KEY_CREDENTIAL
                );
            }
            Some(LlmClient::new(settings, secrets.llm_api_key.clone())?)
        } else {
            None
        };
        Ok(Drafter::new(templates, letter.max_chars, llm))
    }

    /// The length limit letters are held to.
    pub fn max_chars(&self) -> usize {
        self.max_chars
    }

    /// Whether drafts come from the LLM.
    pub fn uses_llm(&self) -> bool {
        self.llm.is_some()
    }

    /// The template's letter for `input` within the limit (no network).
    pub fn from_template(&self, input: &Input) -> Result<Letter, Rejection> {
        self.templates
            .for_language(input.language)
            .render_within(input, self.max_chars)
    }

    /// The LLM's letter when an LLM is configured, else the template's; no fallback.
    pub async fn draft(&self, input: &Input) -> Result<Letter, DraftError> {
        match &self.llm {
            Some(llm) => Ok(llm.write_letter(input, self.max_chars).await?),
            None => self.from_template(input).map_err(DraftError::Template),
        }
    }

    /// Like [`Drafter::draft`], but an LLM failure falls back to the template and the
    /// failure is kept in [`Draft::fallback_reason`].
    pub async fn draft_with_fallback(&self, input: &Input) -> Result<Draft, Rejection> {
        let fallback_reason = match &self.llm {
            Some(llm) => match llm.write_letter(input, self.max_chars).await {
                Ok(letter) => {
                    return Ok(Draft {
                        letter,
                        fallback_reason: None,
                    })
                }
                Err(err) => {
                    tracing::warn!(%err, "llm letter failed, using the template");
                    Some(err)
                }
            },
            None => None,
        };
        Ok(Draft {
            letter: self.from_template(input)?,
            fallback_reason,
        })
    }

    /// The user's replacement for a draft under this drafter's limit; see [`Letter::edit`].
    pub fn edit(&self, new_text: &str, input: &Input) -> Result<Letter, Rejection> {
        Letter::edit(new_text, input, self.max_chars)
    }
}
