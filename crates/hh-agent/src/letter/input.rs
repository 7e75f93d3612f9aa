//! What a letter is written from: the vacancy, the candidate and the ranker's findings,
//! as plain values. It owns no ranking and no HTTP; [`Language::detect`] is the one
//! language heuristic shared by the template and LLM paths.

use std::fmt;

/// Below this share of Cyrillic letters a text counts as English.
const CYRILLIC_THRESHOLD: f64 = 0.3;

/// Everything a cover letter is drafted from, decoupled from the ranking engine.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Input {
    /// The vacancy title as hh.ru shows it.
    pub position: String,
    /// The employer's name; `None` for anonymous vacancies.
    pub company: Option<String>,
    /// The candidate's name for the signature.
    pub candidate_name: Option<String>,
    /// The language of the vacancy, and so of the letter.
    pub language: Language,
    /// The matched skills, strongest first; letters cite the first two or three.
    pub strengths: Vec<Strength>,
    /// The title the candidate is looking for.
    pub desired_title: Option<String>,
    /// Years of relevant experience.
    pub experience_years: Option<u32>,
    /// The vacancy in plain text, for the LLM prompt.
    pub vacancy_summary: String,
    /// The resume in plain text, for the LLM prompt.
    pub resume_summary: String,
    /// The ranker's explanation of the match (in Russian), for the LLM prompt.
    pub explanation: String,
    /// How to reach the candidate (phone, e-mail, Telegram), put under the signature.
    pub contacts: Option<String>,
}

/// One matched skill and where the candidate used it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Strength {
    /// The skill, e.g. `Rust`.
    pub skill: String,
    /// Where it was used, e.g. `в ООО «Ромашка» (2021–2024)` or a project.
    pub used_at: Option<String>,
}

/// The language of a vacancy and of the letter written for it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Language {
    /// Russian, hh.ru's usual language.
    #[default]
    Russian,
    /// English, for vacancies written in English.
    English,
}

impl Strength {
    /// A skill with the place it was used.
    pub fn new(skill: impl Into<String>, used_at: Option<&str>) -> Strength {
        Strength {
            skill: skill.into(),
            used_at: used_at.map(str::to_owned),
        }
    }
}

impl Language {
    /// English when the text has letters and under 30% of them are Cyrillic; Russian
    /// otherwise (including a text with no letters at all).
    pub fn detect(text: &str) -> Language {
        match cyrillic_share(text) {
            Some(share) if share < CYRILLIC_THRESHOLD => Language::English,
            _ => Language::Russian,
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Language::Russian => "Russian",
            Language::English => "English",
        })
    }
}

/// The share of Cyrillic letters among all letters, or `None` when there are no letters.
pub fn cyrillic_share(text: &str) -> Option<f64> {
    let (mut letters, mut cyrillic) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if matches!(c, '\u{0400}'..='\u{052F}') {
            cyrillic += 1;
        }
    }
    (letters > 0).then(|| cyrillic as f64 / letters as f64)
}
