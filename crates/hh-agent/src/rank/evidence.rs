//! What ranking decided about one vacancy for one candidate, as plain values: each vacancy
//! skill and how the candidate covers it, how well the titles match, the two levels, the
//! experience asked for and had, the salary against the wish, and where the job is done.
//!
//! `assess` gathers the evidence, `score` weighs it into a number, `explain` puts it into
//! words; this module only defines it and decides nothing. It is a leaf: it uses none of
//! `profile`, `features`, `filters`, `score` or `explain`.

use std::borrow::Cow;

use super::kinds::{ExperienceLevel, Importance};
use super::title::Seniority;

/// Everything a score is computed from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evidence {
    /// The vacancy's skills in its order, then the candidate's custom skills found in its
    /// text.
    pub skills: Vec<SkillEvidence>,
    /// How well the vacancy's title matches the candidate's, 0..=1, levels aside.
    pub title: f32,
    /// The candidate's level against the vacancy's.
    pub level: Level,
    /// The experience asked for and had.
    pub experience: Experience,
    /// The salary against the wish.
    pub salary: SalaryComparison,
    /// Where the job is done, as the candidate sees it.
    pub place: Place,
}

/// One skill that counted.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillEvidence {
    /// The skill's name.
    pub name: Cow<'static, str>,
    /// Where it comes from.
    pub source: SkillSource,
    /// How the candidate covers it.
    pub found: SkillMatch,
}

/// Where a counted skill comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkillSource {
    /// The vacancy names it, with this importance.
    Vacancy(Importance),
    /// One of the candidate's own custom skills, found in the vacancy's text.
    CandidateText,
}

impl SkillSource {
    /// Whether the vacancy requires the skill.
    pub fn is_must(self) -> bool {
        matches!(self, SkillSource::Vacancy(importance) if importance.is_must())
    }
}

/// How a candidate's skills cover one vacancy skill.
#[derive(Debug, Clone, PartialEq)]
pub enum SkillMatch {
    /// The candidate has it; the credit is how sure we are (0..=1).
    Exact(f32),
    /// The candidate has a related skill.
    Related {
        /// The credit, 0..=1.
        credit: f32,
        /// The candidate's skill that earned it.
        own: Cow<'static, str>,
    },
    /// Nothing.
    Missing,
}

impl SkillMatch {
    /// The credit, 0..=1.
    pub fn credit(&self) -> f32 {
        match self {
            SkillMatch::Exact(credit) | SkillMatch::Related { credit, .. } => *credit,
            SkillMatch::Missing => 0.0,
        }
    }
}

/// The candidate's level and the vacancy's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Level {
    /// The candidate's level: from the desired title, else from experience.
    pub candidate: Option<Seniority>,
    /// The level the vacancy's title names.
    pub vacancy: Option<Seniority>,
}

impl Level {
    /// How many levels the vacancy is above the candidate (negative: below); `None` when
    /// either level is unknown.
    pub fn steps(self) -> Option<i8> {
        let (candidate, vacancy) = (self.candidate?, self.vacancy?);
        Some(vacancy as i8 - candidate as i8)
    }
}

/// The experience the vacancy asks for and the candidate has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Experience {
    /// hh.ru's bucket, if stated.
    pub wanted: Option<ExperienceLevel>,
    /// The candidate's months, if known.
    pub months: Option<u32>,
}

/// A vacancy's salary against the candidate's wish (net monthly roubles).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum SalaryComparison {
    /// The vacancy states no salary.
    #[default]
    NotStated,
    /// The candidate stated no wish.
    NoWish,
    /// The currency or pay mode cannot be brought to monthly roubles.
    Unknown,
    /// Even the lower bound reaches the wish.
    Above {
        /// The wish.
        wish: f64,
    },
    /// The range reaches the wish.
    Within {
        /// The wish.
        wish: f64,
    },
    /// The range stays below the wish.
    Below {
        /// The wish.
        wish: f64,
        /// The most the vacancy may pay.
        upper: f64,
    },
}

/// Where the job is done, as the candidate sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Place {
    /// Remote work is allowed.
    Remote,
    /// Hybrid, and the candidate wants remote only.
    HybridForRemote,
    /// No work format stated, and the candidate wants remote only.
    UnknownForRemote,
    /// Office only, and the candidate wants remote only.
    OfficeForRemote,
    /// Another city; the candidate would relocate.
    OtherCityRelocating,
    /// Another city; no relocation.
    OtherCity,
    /// Hybrid, in the candidate's city (or the city is not known).
    Hybrid,
    /// The candidate's city, or not known.
    #[default]
    Fine,
}
