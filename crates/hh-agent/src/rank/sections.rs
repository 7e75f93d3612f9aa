//! Recognising the headings of a vacancy description ("Требования:", "Будет плюсом",
//! "Условия", "Requirements") so skills listed under requirements count as must-haves.
//!
//! Only a line that starts with a heading's words and is either short or has a colon soon
//! after them counts; anything unrecognised leaves the current section unchanged. It works
//! on terms, so case, inflection and HTML make no difference.

use std::sync::LazyLock;

use super::hash::TermMap;
use super::skills::term_hashes;
use super::text::Term;

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

/// How many leading terms of a line are compared with headings.
const MAX_HEADING_TERMS: usize = 4;
/// The most words before a heading's colon.
const MAX_COLON_AFTER: usize = 8;
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

/// Every heading as terms with its section, and for each first term the headings (by
/// position) that start with it.
type HeadingTerms = (Vec<(Vec<u64>, Section)>, TermMap<Vec<usize>>);

/// The headings, read once.
static HEADING_TERMS: LazyLock<HeadingTerms> = LazyLock::new(|| {
    let mut first = TermMap::default();
    let mut phrases = Vec::with_capacity(HEADINGS.len());
    for (phrase, section) in HEADINGS {
        let terms = term_hashes(phrase);
        if let Some(&hash) = terms.first() {
            first
                .entry(hash)
                .or_insert_with(Vec::new)
                .push(phrases.len());
            phrases.push((terms, *section));
        }
    }
    (phrases, first)
});

/// Follows the lines of a description, term by term, and says which section each line
/// belongs to (a heading line belongs to the section it opens).
pub(crate) struct Sections {
    section: Section,
    first: [u64; MAX_HEADING_TERMS],
    terms: usize,
    colon_after: Option<usize>,
    lines: Vec<Section>,
}

impl Sections {
    /// Starts before the first line.
    pub(crate) fn new() -> Sections {
        Sections {
            section: Section::Preamble,
            first: [0; MAX_HEADING_TERMS],
            terms: 0,
            colon_after: None,
            lines: Vec::with_capacity(64),
        }
    }

    /// Takes the next term; returns the number of its line.
    pub(crate) fn push(&mut self, term: &Term) -> u32 {
        if term.after_colon && self.colon_after.is_none() {
            // A colon before a line's first term ends the previous line.
            self.colon_after = Some(self.terms);
        }
        if term.line_start && self.terms > 0 {
            self.end_line();
        }
        if let Some(slot) = self.first.get_mut(self.terms) {
            *slot = term.hash;
        }
        self.terms += 1;
        u32::try_from(self.lines.len()).unwrap_or(u32::MAX)
    }

    /// The section of every line, by line number.
    pub(crate) fn finish(mut self) -> Vec<Section> {
        if self.terms > 0 {
            self.end_line();
        }
        self.lines
    }

    fn end_line(&mut self) {
        let first = &self.first[..self.terms.min(MAX_HEADING_TERMS)];
        if let Some(section) = heading(first, self.terms, self.colon_after) {
            self.section = section;
        }
        self.lines.push(self.section);
        self.terms = 0;
        self.colon_after = None;
    }
}

/// The section a line opens, from its first terms, its length in terms and how many terms
/// come before its first colon.
fn heading(first: &[u64], terms: usize, colon_after: Option<usize>) -> Option<Section> {
    let (phrases, first_words) = &*HEADING_TERMS;
    if !first
        .first()
        .is_some_and(|hash| first_words.contains_key(hash))
    {
        return None;
    }
    phrases
        .iter()
        .find(|(phrase, _)| {
            first.starts_with(phrase)
                && (colon_after.is_some_and(|at| (phrase.len()..=MAX_COLON_AFTER).contains(&at))
                    || terms <= MAX_BARE_HEADING_WORDS)
        })
        .map(|(_, section)| *section)
}
