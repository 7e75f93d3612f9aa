//! `hh rank`: vacancy JSONs ranked against a resume, offline, as text (a header, then each
//! vacancy's score, title, employer, link and explanation, an exclusion's reason once) or
//! JSON for scripts.
//!
//! Currency rates come from a `GET /dictionaries` file when given, else from the built-in
//! approximate table (`Rates::offline`).

use std::path::PathBuf;

use anyhow::Context as _;
use serde_json::{json, Value};

use super::input::{read_resume, read_vacancies, ResumeInput};
use crate::hh::types::{Dictionaries, Vacancy};
use crate::matching::Candidate;
use crate::rank::{Filters, Ranked, Rates};

/// What `hh rank` was asked.
#[derive(Debug, Clone)]
pub struct RankOptions {
    /// hh.ru resume JSON, a PDF, DOCX, RTF or TXT file, or plain text.
    pub resume: PathBuf,
    /// Vacancy detail JSONs: an array, an object, or one per line.
    pub vacancies: PathBuf,
    /// hh.ru's `GET /dictionaries` answer, for today's currency rates.
    pub dictionaries: Option<PathBuf>,
    /// The user's filters (the config's `[filters]`, or the defaults).
    pub filters: Filters,
    /// At most this many results.
    pub limit: usize,
    /// Machine-readable output.
    pub json: bool,
}

/// Runs `hh rank`; the output ends with a newline.
pub fn rank(options: &RankOptions) -> anyhow::Result<String> {
    let rates = match &options.dictionaries {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("не удалось прочитать {}", path.display()))?;
            let dictionaries: Dictionaries = serde_json::from_str(&text).with_context(|| {
                format!("{} — не ответ hh.ru на GET /dictionaries", path.display())
            })?;
            Rates::new(&dictionaries.currency)
        }
        None => Rates::offline(),
    };
    let candidate = match read_resume(&options.resume)? {
        ResumeInput::Json(resume) => Candidate::from_resume(*resume, None, &rates),
        ResumeInput::Text(text) => Candidate::from_text(&text, &rates),
    };
    let vacancies = read_vacancies(&options.vacancies)?;
    let ranked = candidate.rank(&vacancies, &rates, &options.filters, options.limit);
    let by_id = |id: &str| vacancies.iter().find(|vacancy| vacancy.id == id);
    if options.json {
        let items: Vec<Value> = ranked
            .iter()
            .map(|item| to_json(item, by_id(&item.id)))
            .collect();
        return Ok(format!("{}\n", serde_json::to_string_pretty(&items)?));
    }
    if ranked.is_empty() {
        return Ok("Нет вакансий для ранжирования.\n".to_owned());
    }
    let mut out = format!(
        "Вакансии под резюме {}: показаны {} из {}, лучшие первыми; оценка — из 100.\n\n",
        options.resume.display(),
        ranked.len(),
        vacancies.len()
    );
    for item in &ranked {
        out.push_str(&to_text(item, by_id(&item.id)));
    }
    Ok(out)
}

fn employer(vacancy: Option<&Vacancy>) -> String {
    vacancy
        .and_then(|vacancy| vacancy.employer.as_ref())
        .map(|employer| employer.name.clone())
        .unwrap_or_default()
}

fn to_text(item: &Ranked, vacancy: Option<&Vacancy>) -> String {
    let title = vacancy.map(|v| v.name.as_str()).unwrap_or("");
    let score = match &item.excluded {
        Some(_) => "  —".to_owned(),
        None => format!("{:>3}", item.score),
    };
    let link = vacancy
        .and_then(|v| v.alternate_url.clone())
        .unwrap_or_else(|| format!("вакансия {}", item.id));
    let mut text = format!("{score}  {title} — {}\n     {link}\n", employer(vacancy));
    let mut why = item.explanation.to_text();
    if let Some(exclusion) = &item.excluded {
        // The explanation names the exclusion too: say it once, first.
        let reason = exclusion.reason();
        text.push_str(&format!("     Исключена: {reason}\n"));
        why = why
            .replace(&reason, "")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
    }
    text.push_str(&format!("     {why}\n"));
    text
}

fn to_json(item: &Ranked, vacancy: Option<&Vacancy>) -> Value {
    let explanation = &item.explanation;
    let components = &item.components;
    json!({
        "id": item.id,
        "score": item.score,
        "title": vacancy.map(|v| v.name.clone()),
        "employer": employer(vacancy),
        "url": vacancy.and_then(|v| v.alternate_url.clone()),
        "excluded": item.excluded.as_ref().map(|exclusion| exclusion.reason()),
        "components": {
            "skills": components.skills,
            "title": components.title,
            "experience": components.experience,
            "salary": components.salary,
            "location": components.location,
            "penalty": components.penalty,
        },
        "explanation": {
            "matched": explanation.matched,
            "partial": explanation.partial,
            "missing_must": explanation.missing_must,
            "salary": explanation.salary.to_text(),
            "notes": explanation.notes,
            "text": explanation.to_text(),
        },
    })
}
