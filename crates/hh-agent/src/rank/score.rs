//! Scoring one vacancy for one candidate: five components in 0..=1, a weighted sum, and
//! penalty factors for places the candidate cannot work from and levels far from theirs.
//!
//! It weighs the [`Evidence`] `assess` gathered and decides nothing about the pair itself;
//! the words are `explain`'s.
//!
//! | Component | Weight | Why |
//! |---|---|---|
//! | skills | [`SKILLS_WEIGHT`] 40 | The most specific signal both sides state: key skills are picked from one vocabulary. |
//! | title | [`TITLE_WEIGHT`] 25 | Says which job it is (levels aside: they are a penalty factor). Titles are short and noisy, so less than skills. |
//! | location | [`LOCATION_WEIGHT`] 15 | Near-binary feasibility; the hard cases also get a penalty factor below. |
//! | experience | [`EXPERIENCE_WEIGHT`] 10 | hh.ru's buckets are coarse and employers bend them. |
//! | salary | [`SALARY_WEIGHT`] 10 | Often unstated (then no penalty); only a shortfall counts, never a bonus. |
//!
//! The score is `round((fit + context × relevance) × penalty)`, 0..=100, where `fit` is the
//! weighted skills and title, `context` the weighted location, experience and salary, and
//! `relevance` ([`Components::relevance`]) scales the context down for jobs whose skills and
//! title barely fit: otherwise a teacher's vacancy in the right city with no stated salary
//! would collect 35 points for a developer. Penalty factors multiply:
//! [`OTHER_CITY_FACTOR`] for another city without relocation, [`REMOTE_WISH_FACTOR`] for an
//! office-only job when the candidate wants remote only: such a job is unworkable however
//! well the skills match, so it must fall below every workable one of similar fit.
//! Levels work the same way: [`LEVEL_STEP_FACTOR`] for a vacancy one level above or below
//! the candidate, [`LEVEL_GAP_FACTOR`] for two or more, so a senior's perfect match with an
//! intern's job (or a junior's with a lead's) can never reach the auto mode's minimum.
//!
//! Skills: each vacancy skill weighs [`MUST_WEIGHT`] (key skill or under "Требования"),
//! [`MENTIONED_WEIGHT`] or [`NICE_WEIGHT`]; its credit is the candidate's confidence in the
//! skill (1.0 listed … 0.5 only in job descriptions), or [`RELATED_CREDIT`] × that for a
//! related skill. The component is `(credit + PRIOR) / (weight + PRIOR_WEIGHT)`: a smoothed
//! share, so 3 of 3 matched (0.875) beats 12 of 20 (0.60), a vacancy with no skills at all
//! scores a neutral 0.5, and one lucky match out of one (0.75) is not treated as certain.

use super::evidence::Level;
use super::evidence::{Evidence, Place, SalaryComparison, SkillSource};
use super::kinds::{ExperienceLevel, Importance};

/// Weight of the skills component.
pub const SKILLS_WEIGHT: f32 = 40.0;
/// Weight of the title component.
pub const TITLE_WEIGHT: f32 = 25.0;
/// Weight of the location component.
pub const LOCATION_WEIGHT: f32 = 15.0;
/// Weight of the experience component.
pub const EXPERIENCE_WEIGHT: f32 = 10.0;
/// Weight of the salary component.
pub const SALARY_WEIGHT: f32 = 10.0;
/// Penalty factor: another city and no relocation.
pub const OTHER_CITY_FACTOR: f32 = 0.5;
/// Penalty factor: office-only job for a remote-only candidate.
pub const REMOTE_WISH_FACTOR: f32 = 0.5;
/// Penalty factor: the vacancy is one level above or below the candidate.
pub const LEVEL_STEP_FACTOR: f32 = 0.95;
/// Penalty factor: the vacancy is two or more levels above or below the candidate. At
/// most 55 points remain, below the bot's default minimum of 60 for auto mode.
pub const LEVEL_GAP_FACTOR: f32 = 0.55;
/// Weight of a must-have vacancy skill.
pub const MUST_WEIGHT: f32 = 1.0;
/// Weight of a skill only mentioned in the description.
pub const MENTIONED_WEIGHT: f32 = 0.3;
/// Weight of a "nice to have" skill.
pub const NICE_WEIGHT: f32 = 0.15;
/// Credit share for a related skill (MySQL for PostgreSQL).
pub const RELATED_CREDIT: f32 = 0.5;
/// The skills component of a vacancy that names no skills.
pub const PRIOR: f32 = 0.5;
/// How many skills' worth the prior counts for.
pub const PRIOR_WEIGHT: f32 = 1.0;
/// Title match when the candidate gave no title and no positions.
pub const UNKNOWN_TITLE: f32 = 0.5;
/// The share of the skills-and-title maximum from which the context counts in full.
pub const RELEVANT_FIT: f32 = 0.5;

/// The components of a score, each 0..=1, and the penalty factor.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Components {
    /// Skill overlap.
    pub skills: f32,
    /// Title relevance, levels aside.
    pub title: f32,
    /// Experience fit.
    pub experience: f32,
    /// Salary fit.
    pub salary: f32,
    /// Location and work-format fit.
    pub location: f32,
    /// Product of penalty factors: place and level (1.0: none).
    pub penalty: f32,
}

impl Components {
    /// The score these components give, 0..=100.
    pub fn total(&self) -> u8 {
        let fit = SKILLS_WEIGHT * self.skills + TITLE_WEIGHT * self.title;
        let context = EXPERIENCE_WEIGHT * self.experience
            + SALARY_WEIGHT * self.salary
            + LOCATION_WEIGHT * self.location;
        let sum = fit + context * self.relevance();
        let score = sum * self.penalty;
        if score.is_finite() {
            score.round().clamp(0.0, 100.0) as u8
        } else {
            0
        }
    }
}

impl Components {
    /// How much the context (place, experience, salary) may add: 1 once skills and title
    /// reach [`RELEVANT_FIT`] of their maximum, proportionally less below. An unrelated job
    /// in the right city with an unstated salary is still an unrelated job.
    pub fn relevance(&self) -> f32 {
        let fit = (SKILLS_WEIGHT * self.skills + TITLE_WEIGHT * self.title)
            / (SKILLS_WEIGHT + TITLE_WEIGHT);
        if fit.is_finite() {
            (fit / RELEVANT_FIT).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }
}

/// Weighs the evidence into components.
pub(crate) fn weigh(evidence: &Evidence) -> Components {
    let (location, penalty) = location_fit(evidence.place);
    Components {
        skills: skills_fit(evidence),
        title: evidence.title,
        experience: experience_fit(evidence.experience.months, evidence.experience.wanted),
        salary: salary_fit(evidence.salary),
        location,
        penalty: penalty * level_factor(evidence.level),
    }
}

/// The weight of a vacancy skill of this importance.
pub(crate) fn importance_weight(importance: Importance) -> f32 {
    match importance {
        Importance::KeySkill | Importance::Required => MUST_WEIGHT,
        Importance::Mentioned => MENTIONED_WEIGHT,
        Importance::NiceToHave => NICE_WEIGHT,
    }
}

/// The smoothed share of the vacancy's skill weight the candidate covers.
fn skills_fit(evidence: &Evidence) -> f32 {
    let (mut credit, mut weight) = (0.0f32, 0.0f32);
    for skill in &evidence.skills {
        let importance = match skill.source {
            SkillSource::Vacancy(importance) => importance_weight(importance),
            SkillSource::CandidateText => MENTIONED_WEIGHT,
        };
        weight += importance;
        credit += importance * skill.found.credit();
    }
    (credit + PRIOR * PRIOR_WEIGHT) / (weight + PRIOR_WEIGHT)
}

/// [`LEVEL_STEP_FACTOR`] for a vacancy one level above or below the candidate,
/// [`LEVEL_GAP_FACTOR`] for two or more, else (or when either level is unknown) 1.
pub(crate) fn level_factor(level: Level) -> f32 {
    match level.steps().map(i8::unsigned_abs) {
        Some(0) | None => 1.0,
        Some(1) => LEVEL_STEP_FACTOR,
        Some(_) => LEVEL_GAP_FACTOR,
    }
}

/// 1 inside the bucket; below it `(months / floor)^1.5`; well above it (two years past
/// the top) down to 0.6; 1 when either side is unknown.
pub(crate) fn experience_fit(months: Option<u32>, level: Option<ExperienceLevel>) -> f32 {
    let (Some(months), Some(level)) = (months, level) else {
        return 1.0;
    };
    let months = months as f32;
    let (floor, top) = level.months();
    let floor = floor as f32;
    if months < floor {
        return (months / floor).powf(1.5);
    }
    match top {
        Some(top) if months > top as f32 + 24.0 => {
            (1.0 - (months - top as f32 - 24.0) / 120.0).max(0.6)
        }
        _ => 1.0,
    }
}

/// 1 when the vacancy may pay the wish or either is unknown; else `1 − 2 × shortfall`.
pub(crate) fn salary_fit(comparison: SalaryComparison) -> f32 {
    let SalaryComparison::Below { wish, upper } = comparison else {
        return 1.0;
    };
    if wish <= 0.0 {
        return 1.0;
    }
    let shortfall = (wish - upper) / wish;
    (1.0 - 2.0 * shortfall).clamp(0.0, 1.0) as f32
}

/// The location component and the penalty factor.
fn location_fit(place: Place) -> (f32, f32) {
    match place {
        Place::Remote | Place::Hybrid | Place::Fine => (1.0, 1.0),
        Place::HybridForRemote | Place::UnknownForRemote => (0.5, 1.0),
        Place::OfficeForRemote => (0.0, REMOTE_WISH_FACTOR),
        Place::OtherCityRelocating => (0.7, 1.0),
        Place::OtherCity => (0.0, OTHER_CITY_FACTOR),
    }
}
