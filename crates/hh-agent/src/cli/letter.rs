//! `hh letter`: a cover letter for one vacancy and a resume, from the template (offline) or,
//! with `--llm`, from the configured OpenAI-compatible model.
//!
//! The letter cites the skills the ranking matched, so the vacancy is ranked first.

use std::path::PathBuf;

use anyhow::Context as _;

use super::input::{read_resume, read_vacancies, ResumeInput};
use crate::config::{Config, Secrets};
use crate::letter::{Drafter, Source};
use crate::matching::Candidate;
use crate::rank::{Filters, Rates};

/// What `hh letter` was asked.
pub struct LetterOptions {
    /// hh.ru resume JSON, a PDF, DOCX, RTF or TXT file, or plain text.
    pub resume: PathBuf,
    /// One vacancy detail JSON.
    pub vacancy: PathBuf,
    /// Ask the configured language model instead of the template.
    pub llm: bool,
    /// The loaded config, when there is one (templates, limits, the `[llm]` endpoint).
    pub config: Option<Config>,
    /// The secrets (the LLM API key).
    pub secrets: Secrets,
}

/// Runs `hh letter`; the output is the letter, then a line saying who wrote it.
pub async fn letter(options: &LetterOptions) -> anyhow::Result<String> {
    let rates = Rates::offline();
    let candidate = match read_resume(&options.resume)? {
        ResumeInput::Json(resume) => Candidate::from_resume(*resume, None, &rates),
        ResumeInput::Text(text) => Candidate::from_text(&text, &rates),
    };
    let vacancies = read_vacancies(&options.vacancy)?;
    let [vacancy] = vacancies.as_slice() else {
        anyhow::bail!(
            "в {} вакансий: {}, а письмо пишется к одной — дайте файл с одной вакансией",
            options.vacancy.display(),
            vacancies.len()
        );
    };
    let ranked = candidate
        .rank(
            std::slice::from_ref(vacancy),
            &rates,
            &Filters::default(),
            1,
        )
        .pop()
        .context("вакансию не удалось оценить")?;
    let input = candidate.letter_input(vacancy, &ranked);
    let drafter = match &options.config {
        Some(config) => Drafter::from_config(config, &options.secrets, options.llm)?,
        None => Drafter::from_sections(
            &Default::default(),
            &Default::default(),
            &options.secrets,
            options.llm,
        )?,
    };
    let letter = drafter.draft(&input).await?;
    let source = match &letter.source {
        Source::Llm { model } => format!("модель {model}"),
        Source::Template => "шаблон".to_owned(),
        Source::Edited => "пользователь".to_owned(),
    };
    Ok(format!(
        "{}\n\n— длина {} из {}, источник: {source}; соответствие вакансии {}/100\n",
        letter.text,
        letter.text.chars().count(),
        drafter.max_chars(),
        ranked.score
    ))
}
