//! Pure ranking of vacancies for one candidate, with explanations in Russian.
//!
//! [`Profile`] (from a resume or pasted text) and [`Features`] (from a vacancy; many at once
//! through a [`FeaturesBuilder`]) are built once; [`score()`] compares them under the user's
//! [`Filters`], [`rank_all`] and [`rank_vacancies`] sort many. [`SearchPlan`] says what to ask
//! hh.ru for. No IO, no clock, no randomness: the same inputs always rank the same way.
//! Weights and their reasons are in [`score`](mod@score).
//!
//! A score is evidence, then a number, then words: `assess` gathers the [`Evidence`] (what
//! is true of this candidate and this vacancy), [`score`](mod@score) weighs it into
//! [`Components`], [`explain`] words the same evidence; nothing is decided twice.
//!
//! # Layout
//! - [`text`]: HTML to text, folding, tokens, stemming; [`skills`]: the skill dictionary.
//! - [`kinds`]: the small shared values (experience buckets, work formats, …), a leaf.
//! - [`profile`] (+ `profile_text`, `profile_numbers`, [`places`]): the candidate.
//! - [`features`] (+ `sections`): a vacancy; [`money`]: rates and salaries; [`title`]: titles.
//! - `assess` and [`evidence`]: what is true of the pair; [`score`](mod@score): components
//!   and weights; [`filters`]: exclusions; [`explain`]: the Russian text; [`plan`]: hh.ru
//!   searches.

mod assess;
pub mod evidence;
pub mod explain;
pub mod features;
pub mod filters;
mod hash;
pub mod kinds;
pub mod money;
pub mod places;
pub mod plan;
mod probe;
pub mod profile;
pub(crate) mod profile_numbers;
mod profile_text;
pub mod score;
mod sections;
pub mod skills;
pub mod text;
pub mod title;

#[cfg(test)]
mod tests;

use std::cmp::Ordering;

use crate::hh::types::Vacancy;

pub use evidence::{Evidence, Place, SalaryComparison, SkillEvidence, SkillMatch, SkillSource};
pub use explain::{Explanation, SalaryNote, SalaryVerdict};
pub use features::{Features, FeaturesBuilder, VacancySkill};
pub use filters::{Exclusion, Filters};
pub use kinds::{ExperienceLevel, Importance, Language, WorkFormats};
pub use money::{Rates, Salary};
pub use plan::{merge_unique, SearchPlan};
pub use profile::{Money, Profile, ProfileSkill};
pub use score::Components;
pub use skills::{Relation, Skill, SkillKey};
pub use title::Seniority;

use filters::CompiledFilters;

/// One vacancy's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// The vacancy id.
    pub id: String,
    /// 0..=100.
    pub score: u8,
    /// What the score is made of.
    pub components: Components,
    /// What the components were weighed from.
    pub evidence: Evidence,
    /// Why, in Russian.
    pub explanation: Explanation,
    /// Set when a hard filter excludes the vacancy (the score is still computed).
    pub excluded: Option<Exclusion>,
}

/// What [`rank_all`] does with excluded vacancies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExcludedItems {
    /// Keep them, after every included one.
    Last,
    /// Leave them out.
    Drop,
}

/// Scores one vacancy for one candidate.
pub fn score(profile: &Profile, features: &Features, filters: &Filters) -> Ranked {
    let compiled = CompiledFilters::new(filters);
    finish(features, evaluate(profile, features, &compiled))
}

/// Scores and sorts vacancies: best first, ties by ascending id, excluded ones last (or
/// dropped); at most `limit` results. Explanations are built only for the results kept.
pub fn rank_all(
    profile: &Profile,
    items: &[Features],
    filters: &Filters,
    limit: usize,
    excluded: ExcludedItems,
) -> Vec<Ranked> {
    let compiled = CompiledFilters::new(filters);
    let mut scored: Vec<(usize, Verdict)> = items
        .iter()
        .enumerate()
        .map(|(index, features)| (index, evaluate(profile, features, &compiled)))
        .filter(|(_, verdict)| excluded == ExcludedItems::Last || verdict.excluded.is_none())
        .collect();
    let ids: Vec<Option<u64>> = items.iter().map(|item| item.id.parse().ok()).collect();
    scored.sort_by(|(a, a_verdict), (b, b_verdict)| {
        (a_verdict.excluded.is_some(), b_verdict.score)
            .cmp(&(b_verdict.excluded.is_some(), a_verdict.score))
            .then_with(|| compare_ids((ids[*a], &items[*a].id), (ids[*b], &items[*b].id)))
    });
    scored.truncate(limit);
    scored
        .into_iter()
        .map(|(index, verdict)| finish(&items[index], verdict))
        .collect()
}

/// Builds features for `vacancies` and ranks them like [`rank_all`].
pub fn rank_vacancies(
    profile: &Profile,
    vacancies: &[Vacancy],
    rates: &Rates,
    filters: &Filters,
    limit: usize,
    excluded: ExcludedItems,
) -> Vec<Ranked> {
    let mut builder = FeaturesBuilder::new(rates);
    let features: Vec<Features> = vacancies
        .iter()
        .map(|vacancy| builder.build(vacancy))
        .collect();
    rank_all(profile, &features, filters, limit, excluded)
}

/// One vacancy scored, before its explanation is worded.
struct Verdict {
    score: u8,
    components: Components,
    evidence: Evidence,
    excluded: Option<Exclusion>,
}

fn evaluate(profile: &Profile, features: &Features, compiled: &CompiledFilters<'_>) -> Verdict {
    let evidence = assess::assess(profile, features);
    let components = score::weigh(&evidence);
    let score = components.total();
    let min = compiled.filters.min_score;
    let excluded = compiled
        .check(profile, features)
        .or_else(|| (score < min).then_some(Exclusion::BelowMinScore { score, min }));
    Verdict {
        score,
        components,
        evidence,
        excluded,
    }
}

fn finish(features: &Features, verdict: Verdict) -> Ranked {
    Ranked {
        id: features.id.clone(),
        score: verdict.score,
        components: verdict.components,
        explanation: Explanation::build(&verdict.evidence, features, verdict.excluded.as_ref()),
        evidence: verdict.evidence,
        excluded: verdict.excluded,
    }
}

/// Numeric ids in numeric order, anything else after them in text order.
fn compare_ids(a: (Option<u64>, &str), b: (Option<u64>, &str)) -> Ordering {
    match (a.0, b.0) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.1.cmp(b.1),
    }
}
