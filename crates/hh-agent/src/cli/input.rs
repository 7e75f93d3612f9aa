//! Reading what `hh rank` and `hh letter` are given: a resume (hh.ru's `GET /resumes/{id}`
//! JSON, or plain text a person pasted) and vacancies (one JSON object, a JSON array, or
//! one object per line, in hh.ru's `GET /vacancies/{id}` shape).
//!
//! Parsing only; ranking and letters are `rank` and `letter`.

use std::path::Path;

use anyhow::{anyhow, bail, Context as _};

use crate::hh::types::{Resume, Vacancy};
use crate::report::io_problem;

/// Where a JSON text stopped making sense, in words.
fn at(err: &serde_json::Error) -> String {
    format!(" (строка {}, столбец {})", err.line(), err.column())
}

/// A resume as given.
#[derive(Debug, Clone)]
pub enum ResumeInput {
    /// hh.ru's resume JSON.
    Json(Box<Resume>),
    /// Plain text.
    Text(String),
}

/// Reads a resume file: JSON when it parses as an hh.ru resume, else plain text.
pub fn read_resume(path: &Path) -> anyhow::Result<ResumeInput> {
    let text = std::fs::read_to_string(path).map_err(|err| {
        anyhow!(
            "не удалось прочитать резюме {}: {}",
            path.display(),
            io_problem(&err)
        )
    })?;
    parse_resume(&text).with_context(|| format!("резюме {}", path.display()))
}

/// Parses resume text (see [`read_resume`]).
pub fn parse_resume(text: &str) -> anyhow::Result<ResumeInput> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        bail!("файл пуст");
    }
    if trimmed.starts_with('{') {
        let resume: Resume = serde_json::from_str(trimmed).map_err(|err| {
            anyhow!(
                "это JSON, но не резюме hh.ru в виде GET /resumes/{{id}}{}",
                at(&err)
            )
        })?;
        return Ok(ResumeInput::Json(Box::new(resume)));
    }
    Ok(ResumeInput::Text(trimmed.to_owned()))
}

/// Reads vacancies: a JSON object, a JSON array, or JSON Lines.
pub fn read_vacancies(path: &Path) -> anyhow::Result<Vec<Vacancy>> {
    let text = std::fs::read_to_string(path).map_err(|err| {
        anyhow!(
            "не удалось прочитать вакансии {}: {}",
            path.display(),
            io_problem(&err)
        )
    })?;
    parse_vacancies(&text).with_context(|| format!("вакансии {}", path.display()))
}

/// Parses vacancies text (see [`read_vacancies`]).
pub fn parse_vacancies(text: &str) -> anyhow::Result<Vec<Vacancy>> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        bail!("файл пуст");
    }
    if trimmed.starts_with('[') {
        return serde_json::from_str(trimmed).map_err(|err| {
            anyhow!(
                "это не массив JSON с вакансиями hh.ru в виде GET /vacancies/{{id}}{}",
                at(&err)
            )
        });
    }
    if let Ok(one) = serde_json::from_str::<Vacancy>(trimmed) {
        return Ok(vec![one]);
    }
    trimmed
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            serde_json::from_str(line).map_err(|_| {
                anyhow!(
                    "строка {}: не вакансия hh.ru в виде GET /vacancies/{{id}}",
                    index + 1
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resumes_are_json_or_text() {
        let json = r#"{"id": "abc", "title": "Rust", "skill_set": ["Rust", "Go"]}"#;
        match parse_resume(json).unwrap() {
            ResumeInput::Json(resume) => assert_eq!(resume.skill_set, ["Rust", "Go"]),
            other => panic!("{other:?}"),
        }
        match parse_resume("\u{feff}Иван Петров\nНавыки: Rust").unwrap() {
            ResumeInput::Text(text) => assert!(text.starts_with("Иван")),
            other => panic!("{other:?}"),
        }
        assert!(parse_resume("  \n").is_err());
        let error = format!("{:#}", parse_resume("{\"title\": 5}").unwrap_err());
        assert!(error.contains("не резюме hh.ru"), "{error}");
    }

    #[test]
    fn vacancies_are_an_object_an_array_or_lines() {
        let one = r#"{"id": "1", "name": "A"}"#;
        assert_eq!(parse_vacancies(one).unwrap().len(), 1);
        let array = r#"[{"id": "1", "name": "A"}, {"id": "2", "name": "B"}]"#;
        assert_eq!(parse_vacancies(array).unwrap().len(), 2);
        let lines = "{\"id\": \"1\"}\n\n{\"id\": \"2\"}\n";
        assert_eq!(parse_vacancies(lines).unwrap().len(), 2);
        let error = format!(
            "{:#}",
            parse_vacancies("{\"id\": \"1\"}\n{oops").unwrap_err()
        );
        assert!(error.contains("строка 2"), "{error}");
        assert!(parse_vacancies("").is_err());
    }
}
