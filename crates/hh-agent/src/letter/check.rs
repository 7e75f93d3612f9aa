//! The checks every letter passes before anyone sees it, whichever path wrote it, and
//! the safe clean-up of an LLM answer ([`tidy`]). It owns no prompt and no HTTP.

use super::input::{Input, Language};
use super::HH_MAX_CHARS;

/// Why a letter text is not fit to send.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    /// Nothing but whitespace.
    #[error("the letter is empty")]
    Empty,
    /// Longer than the configured limit (never more than [`HH_MAX_CHARS`]).
    #[error("the letter has {chars} characters, more than the limit of {max}")]
    TooLong { chars: usize, max: usize },
    /// Written in the other language than the vacancy.
    #[error("the letter is not written in {expected}")]
    WrongLanguage { expected: Language },
    /// A template marker or an unfilled blank such as `[Ваше имя]`, `{company}`, `XXX`.
    #[error("the letter contains a placeholder: {found}")]
    Placeholder { found: String },
    /// A markdown heading, code fence or bold marker.
    #[error("the letter contains markdown: {found}")]
    Markdown { found: String },
    /// A first line that talks about the letter instead of being it ("Вот письмо:").
    #[error("the letter starts with a preamble: {found}")]
    Preamble { found: String },
    /// The model stopped at its token limit, so the letter is cut off.
    #[error("the answer was cut off at the token limit")]
    CutOff,
}

/// How much of an offending fragment a rejection quotes, in characters.
const FOUND_CHARS: usize = 40;

/// Placeholder phrases models leave when they lack a fact (compared in lowercase).
const BLANK_PHRASES: [&str; 6] = [
    "ваше имя",
    "ваши контакты",
    "название компании",
    "your name",
    "company name",
    "your contact",
];

/// Words that mark a first line ending with ':' as talk about the letter.
const PREAMBLE_MARKERS: [&str; 12] = [
    "вот ",
    "конечно",
    "ниже ",
    "хорошо",
    "сопроводительное письмо",
    "вариант письма",
    "here is",
    "here's",
    "sure",
    "certainly",
    "of course",
    "cover letter",
];

impl Rejection {
    /// The reason in `language`, for the retry prompt and for people (the bot speaks Russian).
    pub fn describe(&self, language: Language) -> String {
        match (language, self) {
            (Language::Russian, Rejection::Empty) => "письмо пустое".to_owned(),
            (Language::Russian, Rejection::TooLong { chars, max }) => {
                format!("в письме {chars} символов, а допустимо не больше {max}")
            }
            (Language::Russian, Rejection::WrongLanguage { expected }) => match expected {
                Language::Russian => "письмо написано не на русском языке".to_owned(),
                Language::English => "письмо написано не на английском языке".to_owned(),
            },
            (Language::Russian, Rejection::Placeholder { found }) => {
                format!("в письме остался незаполненный шаблон «{found}»")
            }
            (Language::Russian, Rejection::Markdown { found }) => {
                format!("в письме есть разметка Markdown «{found}», нужен простой текст")
            }
            (Language::Russian, Rejection::Preamble { found }) => {
                format!("письмо начинается со вступления «{found}», нужен только текст письма")
            }
            (Language::Russian, Rejection::CutOff) => "ответ оборвался на полуслове".to_owned(),
            (Language::English, rejection) => rejection.to_string(),
        }
    }
}

/// Checks a letter for `input`: not empty, at most `max_chars` characters (and never more
/// than hh.ru's [`HH_MAX_CHARS`]), no placeholders, markdown or preamble, in the vacancy's
/// language.
pub fn check(text: &str, input: &Input, max_chars: usize) -> Result<(), Rejection> {
    check_form(text, max_chars)?;
    if Language::detect(text) != input.language {
        return Err(Rejection::WrongLanguage {
            expected: input.language,
        });
    }
    Ok(())
}

/// Every check of [`check`] except the language (a user's own edit may be in any).
pub(super) fn check_form(text: &str, max_chars: usize) -> Result<(), Rejection> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Rejection::Empty);
    }
    let chars = text.chars().count();
    let max = max_chars.min(HH_MAX_CHARS);
    if chars > max {
        return Err(Rejection::TooLong { chars, max });
    }
    if let Some(found) = placeholder(text) {
        return Err(Rejection::Placeholder {
            found: excerpt(found),
        });
    }
    if let Some(found) = markdown(text) {
        return Err(Rejection::Markdown {
            found: excerpt(found),
        });
    }
    if let Some(line) = text.lines().next().filter(|line| is_preamble(line)) {
        return Err(Rejection::Preamble {
            found: excerpt(line),
        });
    }
    Ok(())
}

/// Cleans an LLM answer where that is safe: drops a `<think>` block, a leading preamble
/// line ending with ':' ("Конечно! Вот письмо:"), a subject line, and quotes around the
/// whole letter. A preamble with nothing after it is kept for [`check`] to reject.
pub fn tidy(text: &str) -> String {
    let mut text = text.replace("\r\n", "\n").trim().to_owned();
    if text.starts_with("<think>") {
        if let Some(end) = text.find("</think>") {
            text = text[end + "</think>".len()..].trim().to_owned();
        }
    }
    if let Some((first, rest)) = text.split_once('\n') {
        let lower = first.trim().to_lowercase();
        let subject = ["тема:", "subject:"].iter().any(|p| lower.starts_with(p));
        if (is_preamble(first) || subject) && !rest.trim().is_empty() {
            text = rest.trim().to_owned();
        }
    }
    for (open, close) in [('"', '"'), ('\'', '\''), ('«', '»'), ('“', '”')] {
        let inner = text
            .strip_prefix(open)
            .and_then(|rest| rest.strip_suffix(close));
        if let Some(inner) = inner.filter(|inner| quotes_balanced(inner, open, close)) {
            text = inner.trim().to_owned();
            break;
        }
    }
    text
}

/// Whether `open`/`close` quotes inside `text` pair up, so the outer ones wrap it all.
fn quotes_balanced(text: &str, open: char, close: char) -> bool {
    if open == close {
        return !text.contains(open);
    }
    let mut depth = 0usize;
    for c in text.chars() {
        if c == open {
            depth += 1;
        } else if c == close {
            match depth.checked_sub(1) {
                Some(less) => depth = less,
                None => return false,
            }
        }
    }
    depth == 0
}

fn is_preamble(line: &str) -> bool {
    let line = line.trim();
    let lower = line.to_lowercase();
    line.ends_with(':')
        && line.chars().count() <= 120
        && PREAMBLE_MARKERS.iter().any(|marker| lower.contains(marker))
}

/// The first leftover marker: braces, `[[`/`]]`, `[Something]`, `<tag>`, `XXX`, `___`.
fn placeholder(text: &str) -> Option<&str> {
    for (index, c) in text.char_indices() {
        let rest = &text[index..];
        let found = match c {
            '{' | '}' => Some(&rest[..1]),
            '[' => bracketed(rest, ']'),
            ']' if rest.starts_with("]]") => Some("]]"),
            '<' => bracketed(rest, '>'),
            'X' | 'Х' | 'x' | 'х' | '_' => repeated(text, index, c),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    let lower = text.to_lowercase();
    BLANK_PHRASES
        .into_iter()
        .find(|phrase| lower.contains(phrase))
}

/// `[Name]`, `[[`, `<company>`, `</p>`: an opening bracket, a letter or `/`, then the close
/// within 60 characters on the same line.
fn bracketed(rest: &str, close: char) -> Option<&str> {
    if rest.starts_with("[[") {
        return Some("[[");
    }
    let mut chars = rest.char_indices().skip(1);
    let (_, first) = chars.next()?;
    if !(first.is_alphabetic() || first == '/') {
        return None;
    }
    chars
        .take(60)
        .take_while(|(_, c)| *c != '\n' && *c != '[' && *c != '<')
        .find(|(_, c)| *c == close)
        .map(|(end, _)| &rest[..end + close.len_utf8()])
        .filter(|found| !found.contains('@') && !found.contains("://"))
}

/// Three or more of `c` (X, Х or `_`) standing alone as a word.
fn repeated(text: &str, index: usize, c: char) -> Option<&str> {
    let before = text[..index].chars().next_back();
    if before.is_some_and(|b| b.is_alphanumeric() || b == c) {
        return None;
    }
    let same = |x: char| x.to_lowercase().eq(c.to_lowercase());
    let run: usize = text[index..]
        .chars()
        .take_while(|x| same(*x))
        .map(char::len_utf8)
        .sum();
    let after = text[index + run..].chars().next();
    let count = text[index..index + run].chars().count();
    (count >= 3 && !after.is_some_and(char::is_alphanumeric)).then(|| &text[index..index + run])
}

/// The first markdown heading, code fence or bold marker.
fn markdown(text: &str) -> Option<&str> {
    for line in text.lines() {
        let trimmed = line.trim_start();
        let hashes = trimmed.chars().take_while(|c| *c == '#').count();
        let heading = hashes > 0 && trimmed[hashes..].starts_with(' ');
        if heading || trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            return Some(line.trim());
        }
    }
    text.find("**").map(|index| &text[index..index + 2])
}

fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(FOUND_CHARS).collect();
    if text.chars().count() > FOUND_CHARS {
        out.push('…');
    }
    out
}
