//! The small shared values both sides of ranking are described with: hh.ru's experience
//! buckets, work formats, the language of a text, how much a vacancy skill matters, and an
//! employer's name as filters compare it.
//!
//! A leaf: `profile`, `features`, `filters`, `evidence` and `score` all use these, and this
//! module uses none of them (only `text`'s folding). Plain values with their hh.ru ids; no
//! parsing of vacancies or resumes here.

use super::text::{fold_char, is_alphanumeric};

/// hh.ru's experience buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExperienceLevel {
    /// `noExperience`.
    None,
    /// `between1And3`: 12–36 months.
    From1To3,
    /// `between3And6`: 36–72 months.
    From3To6,
    /// `moreThan6`: 72 months and more.
    MoreThan6,
}

impl ExperienceLevel {
    /// Reads hh.ru's id.
    pub fn from_id(id: &str) -> Option<ExperienceLevel> {
        match id {
            "noExperience" => Some(ExperienceLevel::None),
            "between1And3" => Some(ExperienceLevel::From1To3),
            "between3And6" => Some(ExperienceLevel::From3To6),
            "moreThan6" => Some(ExperienceLevel::MoreThan6),
            _ => None,
        }
    }

    /// hh.ru's id.
    pub fn id(self) -> &'static str {
        match self {
            ExperienceLevel::None => "noExperience",
            ExperienceLevel::From1To3 => "between1And3",
            ExperienceLevel::From3To6 => "between3And6",
            ExperienceLevel::MoreThan6 => "moreThan6",
        }
    }

    /// The bucket `months` of experience fall in.
    pub fn from_months(months: u32) -> ExperienceLevel {
        match months {
            0..=11 => ExperienceLevel::None,
            12..=35 => ExperienceLevel::From1To3,
            36..=71 => ExperienceLevel::From3To6,
            _ => ExperienceLevel::MoreThan6,
        }
    }

    /// The bucket's months as `(from, to)`; `to` is `None` for the open top bucket.
    pub fn months(self) -> (u32, Option<u32>) {
        match self {
            ExperienceLevel::None => (0, Some(12)),
            ExperienceLevel::From1To3 => (12, Some(36)),
            ExperienceLevel::From3To6 => (36, Some(72)),
            ExperienceLevel::MoreThan6 => (72, None),
        }
    }
}

/// A set of hh.ru work formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct WorkFormats(u8);

impl WorkFormats {
    /// `REMOTE`.
    pub const REMOTE: WorkFormats = WorkFormats(1);
    /// `ON_SITE`.
    pub const ON_SITE: WorkFormats = WorkFormats(2);
    /// `HYBRID`.
    pub const HYBRID: WorkFormats = WorkFormats(4);
    /// `FIELD_WORK`.
    pub const FIELD_WORK: WorkFormats = WorkFormats(8);

    /// Reads hh.ru ids; unknown ids are ignored.
    pub fn from_ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> WorkFormats {
        let mut formats = WorkFormats::default();
        for id in ids {
            formats.0 |= match id {
                "REMOTE" => WorkFormats::REMOTE.0,
                "ON_SITE" => WorkFormats::ON_SITE.0,
                "HYBRID" => WorkFormats::HYBRID.0,
                "FIELD_WORK" => WorkFormats::FIELD_WORK.0,
                _ => 0,
            };
        }
        formats
    }

    /// Whether every format in `other` is here.
    pub fn contains(self, other: WorkFormats) -> bool {
        other.0 != 0 && self.0 & other.0 == other.0
    }

    /// Whether no format is known.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Both sets together.
    pub fn union(self, other: WorkFormats) -> WorkFormats {
        WorkFormats(self.0 | other.0)
    }

    /// Whether only remote work is in the set.
    pub fn is_remote_only(self) -> bool {
        self == WorkFormats::REMOTE
    }
}

/// The language a vacancy is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// Mostly Cyrillic letters (also the default for no letters at all).
    Russian,
    /// Mostly Latin letters.
    English,
}

/// How much a vacancy skill matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Importance {
    /// In the vacancy's `key_skills`: a must-have.
    KeySkill,
    /// Under a requirements heading in the description: a must-have.
    Required,
    /// Mentioned elsewhere in the description.
    Mentioned,
    /// Under "будет плюсом" / "nice to have".
    NiceToHave,
}

impl Importance {
    /// Whether the vacancy requires it.
    pub fn is_must(self) -> bool {
        matches!(self, Importance::KeySkill | Importance::Required)
    }
}

/// An employer name folded, without quotes, legal forms or extra spaces: `ООО «Ромашка»`
/// and `Ромашка` give the same key.
pub(crate) fn employer_key(name: &str) -> String {
    const LEGAL_FORMS: &[&str] = &[
        "ооо", "оао", "зао", "пао", "ао", "ип", "нко", "ано", "гк", "llc", "ltd", "inc", "gmbh",
        "co", "corp", "jsc",
    ];
    let mut key = String::with_capacity(name.len());
    let mut word = String::new();
    let flush = |word: &mut String, key: &mut String| {
        if !word.is_empty() && !LEGAL_FORMS.contains(&word.as_str()) {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(word);
        }
        word.clear();
    };
    for c in name.chars() {
        fold_char(c, |folded| {
            if is_alphanumeric(folded) {
                word.push(folded);
            } else {
                flush(&mut word, &mut key);
            }
        });
    }
    flush(&mut word, &mut key);
    key
}
