//! Recognising the headings of a vacancy description ("Требования:", "Будет плюсом",
//! "Условия", "Requirements") so skills listed under requirements count as must-haves.
//!
//! Only a line that starts with a heading word and is either short or ends its heading
//! with a colon counts; anything unrecognised leaves the current section unchanged.

use std::sync::LazyLock;

use super::hash::TermMap;
use super::skills::term_hashes;
use super::text::fold;

/// Where in a description a line sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    /// Before any recognised heading.
    Preamble,
    /// Requirements: what the candidate must have.
    Required,
    /// "Будет плюсом": nice to have.
    Nice,
    /// Duties, conditions, the company: anything else.
    Other,
}

/// The longest heading (in chars) before its colon.
const MAX_HEADING_CHARS: usize = 60;
/// The most words in a heading line without a colon.
const MAX_BARE_HEADING_WORDS: usize = 5;

/// Heading phrases, checked in order (the first match wins).
#[rustfmt::skip]
const HEADINGS: &[(&str, Section)] = &[
    ("будет плюсом", Section::Nice),
    ("плюсом будет", Section::Nice),
    ("будет преимуществ", Section::Nice),
    ("преимуществом будет", Section::Nice),
    ("желательно", Section::Nice),
    ("желательные", Section::Nice),
    ("приветствуется", Section::Nice),
    ("дополнительным плюсом", Section::Nice),
    ("дополнительно", Section::Nice),
    ("дополнительные требования", Section::Nice),
    ("будет здорово", Section::Nice),
    ("хорошо, если", Section::Nice),
    ("круто, если", Section::Nice),
    ("nice to have", Section::Nice),
    ("nice-to-have", Section::Nice),
    ("would be a plus", Section::Nice),
    ("will be a plus", Section::Nice),
    ("preferred", Section::Nice),
    ("bonus points", Section::Nice),
    ("обязанности", Section::Other),
    ("задачи", Section::Other),
    ("чем предстоит", Section::Other),
    ("что предстоит", Section::Other),
    ("что нужно делать", Section::Other),
    ("чем заниматься", Section::Other),
    ("функционал", Section::Other),
    ("условия", Section::Other),
    ("мы предлагаем", Section::Other),
    ("что мы предлагаем", Section::Other),
    ("предлагаем", Section::Other),
    ("что мы даем", Section::Other),
    ("о компании", Section::Other),
    ("о нас", Section::Other),
    ("о проекте", Section::Other),
    ("о команде", Section::Other),
    ("бонусы", Section::Other),
    ("responsibilities", Section::Other),
    ("what you will do", Section::Other),
    ("what you'll do", Section::Other),
    ("we offer", Section::Other),
    ("benefits", Section::Other),
    ("about us", Section::Other),
    ("tasks", Section::Other),
    ("требования", Section::Required),
    ("мы ожидаем", Section::Required),
    ("ожидаем", Section::Required),
    ("наши ожидания", Section::Required),
    ("что мы ждем", Section::Required),
    ("мы ждем", Section::Required),
    ("ждем от", Section::Required),
    ("необходимые", Section::Required),
    ("необходимо", Section::Required),
    ("обязательно", Section::Required),
    ("обязательные", Section::Required),
    ("ключевые навыки", Section::Required),
    ("что нужно", Section::Required),
    ("что важно", Section::Required),
    ("нам важно", Section::Required),
    ("кого мы ищем", Section::Required),
    ("мы ищем", Section::Required),
    ("ты нам подходишь", Section::Required),
    ("твой опыт", Section::Required),
    ("ваш опыт", Section::Required),
    ("навыки", Section::Required),
    ("квалификация", Section::Required),
    ("requirements", Section::Required),
    ("required", Section::Required),
    ("must have", Section::Required),
    ("must-have", Section::Required),
    ("what we expect", Section::Required),
    ("we expect", Section::Required),
    ("you have", Section::Required),
    ("qualifications", Section::Required),
    ("about you", Section::Required),
    ("skills", Section::Required),
    ("who you are", Section::Required),
];

/// First-word hashes of every heading: a line starting with none of them is no heading.
static FIRST_WORDS: LazyLock<TermMap<()>> = LazyLock::new(|| {
    let mut first = TermMap::default();
    for (phrase, _) in HEADINGS {
        if let Some(&hash) = term_hashes(phrase).first() {
            first.insert(hash, ());
        }
    }
    first
});

/// Whether a line whose first term hashes to `first_term` may be a heading (a cheap
/// check before [`classify`]).
pub(crate) fn may_be_heading(first_term: u64) -> bool {
    FIRST_WORDS.contains_key(&first_term)
}

/// The section a line opens, if it is a heading (possibly with content after its colon).
pub(crate) fn classify(line: &str) -> Option<Section> {
    let line = line.trim_start_matches(|c: char| !c.is_alphanumeric());
    let colon = line
        .char_indices()
        .take(MAX_HEADING_CHARS)
        .find(|(_, c)| *c == ':')
        .map(|(at, _)| at);
    let heading = match colon {
        Some(at) => &line[..at],
        None if line.chars().count() <= MAX_HEADING_CHARS
            && line.split_whitespace().count() <= MAX_BARE_HEADING_WORDS =>
        {
            line
        }
        None => return None,
    };
    let heading = fold(heading);
    HEADINGS
        .iter()
        .find(|(phrase, _)| heading.starts_with(phrase))
        .map(|(_, section)| *section)
}
