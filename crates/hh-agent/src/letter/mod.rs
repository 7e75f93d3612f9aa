//! Cover letters for vacancies: a template path (the default, offline) and an LLM path
//! (any OpenAI-compatible chat-completions endpoint), both held to the same [`check`].
//!
//! It owns drafting only: ranking, fetching vacancies and sending applications live
//! elsewhere, and nothing here reads the environment (keys come in through
//! [`crate::config::Secrets`]).

mod check;
mod drafter;
mod input;
mod llm;
mod prompt;
mod template;
mod wording;

#[cfg(test)]
mod tests;

use std::fmt;

pub use check::{check, tidy, Rejection};
pub use drafter::{Draft, DraftError, Drafter, Templates};
pub use input::{cyrillic_share, Input, Language, Strength};
pub use llm::{LlmClient, LlmError, LlmSettings, EXCERPT_CHARS};
pub use prompt::{length_target, prompt, Prompt};
pub use template::{Field, Position, Template, TemplateError, MAX_TEMPLATE_CHARS};
pub use wording::{
    experience, russian_plural, russian_years, DEFAULT_TEMPLATE_EN, DEFAULT_TEMPLATE_RU,
    MAX_STRENGTHS,
};

pub use crate::config::{DEFAULT_MAX_CHARS, MIN_MAX_CHARS};
/// hh.ru's hard limit on a cover letter, in characters.
pub use crate::hh::MAX_LETTER_CHARS as HH_MAX_CHARS;

/// A drafted letter and what wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// The letter, plain text, ready to send.
    pub text: String,
    /// Who wrote it.
    pub source: Source,
}

/// Who wrote a letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A template filled in from the input.
    Template,
    /// A language model, named as configured.
    Llm {
        /// The `model` sent to the endpoint.
        model: String,
    },
    /// The user, replacing a draft with their own text.
    Edited,
}

impl Letter {
    /// The user's replacement for a previewed draft, trimmed. It passes the same checks
    /// as a draft except the language: a user may answer a Russian vacancy in English.
    /// `_input` is the vacancy the draft was for, kept so the checks can grow.
    pub fn edit(new_text: &str, _input: &Input, max_chars: usize) -> Result<Letter, Rejection> {
        check::check_form(new_text, max_chars)?;
        Ok(Letter {
            text: new_text.trim().to_owned(),
            source: Source::Edited,
        })
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Template => f.write_str("template"),
            Source::Llm { model } => write!(f, "language model {model}"),
            Source::Edited => f.write_str("edited by the user"),
        }
    }
}
