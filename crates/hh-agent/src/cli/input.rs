//! Reading what `hh rank` and `hh letter` are given: a resume (hh.ru's `GET /resumes/{id}`
//! JSON, a file as hh.ru lets people download it — PDF, DOCX, RTF, TXT — or plain text a
//! person wrote) and vacancies (one JSON object, a JSON array, or one object per line, in
//! hh.ru's `GET /vacancies/{id}` shape).
//!
//! Parsing only: files become text in `resume`; ranking and letters are `rank` and
//! `letter`.

use std::path::Path;

use anyhow::{anyhow, bail, Context as _};

use crate::hh::types::{Resume, Vacancy};
use crate::report::io_problem;
use crate::resume::{read_file, MAX_FILE_BYTES};

/// Where a JSON text stopped making sense, in words.
fn at(err: &serde_json::Error) -> String {
    format!(" (строка {}, столбец {})", err.line(), err.column())
}

/// A resume as given.
#[derive(Debug, Clone)]
pub enum ResumeInput {
    /// hh.ru's resume JSON.
    Json(Box<Resume>),
    /// Text: written by hand, or read from a PDF, DOCX, RTF or TXT file.
    Text(String),
}

/// Reads a resume file: hh.ru's resume JSON when it is JSON, else any format
/// [`crate::resume::read_file`] reads, decided by the content, never by the file's name.
pub fn read_resume(path: &Path) -> anyhow::Result<ResumeInput> {
    let unreadable = |err: std::io::Error| {
        anyhow!(
            "не удалось прочитать резюме {}: {}",
            path.display(),
            io_problem(&err)
        )
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_FILE_BYTES as u64 {
        bail!(
            "резюме {}: файл больше {} МиБ — сохраните резюме с hh.ru заново (PDF, DOCX или TXT)",
            path.display(),
            MAX_FILE_BYTES / (1024 * 1024)
        );
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    parse_resume_file(&bytes).with_context(|| format!("резюме {}", path.display()))
}

/// Parses a resume file's bytes (see [`read_resume`]); a file that cannot be read says so
/// in Russian, with the reason in English.
pub fn parse_resume_file(bytes: &[u8]) -> anyhow::Result<ResumeInput> {
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // An object opens with `{` and then a key or `}`; RTF opens with `{\rtf`.
    let object = start
        .trim_ascii_start()
        .strip_prefix(b"{")
        .is_some_and(|rest| {
            rest.trim_ascii_start().starts_with(b"\"") || rest.trim_ascii_start().starts_with(b"}")
        });
    if object {
        // JSON is UTF-8 (RFC 8259), and is parsed whole, however long.
        let text = std::str::from_utf8(start).context("JSON не в кодировке UTF-8")?;
        return parse_resume(text);
    }
    let extracted = read_file(bytes).map_err(|err| anyhow!("{} ({err})", err.user_message()))?;
    parse_resume(&extracted.text)
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
    fn resume_files_are_json_or_any_readable_format() {
        let json = [
            b"\xEF\xBB\xBF".as_slice(),
            br#" {"id": "abc", "title": "Rust"}"#,
        ]
        .concat();
        assert!(matches!(
            parse_resume_file(&json).unwrap(),
            ResumeInput::Json(_)
        ));
        let cp1251 = encoding_rs::WINDOWS_1251.encode("Бухгалтер\nНавыки: 1С").0;
        match parse_resume_file(&cp1251).unwrap() {
            ResumeInput::Text(text) => assert_eq!(text, "Бухгалтер\nНавыки: 1С"),
            other => panic!("{other:?}"),
        }
        let rtf = br"{\rtf1\ansi\ansicpg1251 \'c1\'f3\'f5\'e3\'e0\'eb\'f2\'e5\'f0}";
        match parse_resume_file(rtf).unwrap() {
            ResumeInput::Text(text) => assert_eq!(text, "Бухгалтер"),
            other => panic!("{other:?}"),
        }
        let error = format!("{:#}", parse_resume_file(b"\x89PNG\r\n\x1a\n").unwrap_err());
        assert!(
            error.contains("Это картинка") && error.contains("Image"),
            "{error}"
        );
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
