//! Which searches to send to hh.ru for a profile: the desired title, the title with the top
//! two skills, the top skills OR-combined, and the latest position held; with area,
//! adjacent experience buckets, excluded words and remote format. And merging their results.
//!
//! It only builds `hh::Search` values; sending them and paging is the client's job.

use std::collections::HashSet;

use crate::hh::types::Vacancy;
use crate::hh::Search;

use super::filters::Filters;
use super::kinds::ExperienceLevel;
use super::profile::Profile;

/// The most searches in a plan.
pub const MAX_SEARCHES: usize = 4;
/// How many top skills go into the OR query.
const OR_SKILLS: usize = 4;

/// The searches for one profile.
#[derive(Debug, Clone, Copy)]
pub struct SearchPlan;

impl SearchPlan {
    /// At most [`MAX_SEARCHES`] distinct searches for `profile` under `filters`.
    pub fn from_profile(profile: &Profile, filters: &Filters) -> Vec<Search> {
        let common = common_search(profile, filters);
        let title = query_text(&profile.title);
        let skills: Vec<String> = profile
            .skills
            .iter()
            .map(|owned| query_term(&owned.skill.name))
            .filter(|term| !term.is_empty())
            .take(OR_SKILLS)
            .collect();
        let mut texts: Vec<(String, bool)> = Vec::new();
        if !title.is_empty() {
            texts.push((title.clone(), true));
            let lowered = title.to_lowercase();
            let top: Vec<&str> = skills
                .iter()
                .filter(|skill| !lowered.contains(&skill.trim_matches('"').to_lowercase()))
                .take(2)
                .map(String::as_str)
                .collect();
            if !top.is_empty() {
                texts.push((format!("{title} {}", top.join(" ")), false));
            }
        }
        if !skills.is_empty() {
            texts.push((skills.join(" OR "), false));
        }
        if let Some(position) = profile.positions.first() {
            texts.push((query_text(position), true));
        }
        let mut seen = HashSet::new();
        texts
            .into_iter()
            .filter(|(text, _)| !text.is_empty() && seen.insert(text.to_lowercase()))
            .take(MAX_SEARCHES)
            .map(|(text, in_title)| Search {
                text: Some(text),
                search_field: if in_title {
                    vec!["name".to_owned()]
                } else {
                    Vec::new()
                },
                ..common.clone()
            })
            .collect()
    }
}

impl SearchPlan {
    /// One search for the user's own words, with the same area, experience, format and
    /// excluded words as the plan's searches.
    pub fn for_words(profile: &Profile, filters: &Filters, words: &str) -> Search {
        Search {
            text: Some(query_text(words)).filter(|text| !text.is_empty()),
            ..common_search(profile, filters)
        }
    }
}

/// Concatenates result lists, keeping the first occurrence of each vacancy id.
pub fn merge_unique(lists: Vec<Vec<Vacancy>>) -> Vec<Vacancy> {
    let mut seen = HashSet::new();
    lists
        .into_iter()
        .flatten()
        .filter(|vacancy| seen.insert(vacancy.id.clone()))
        .collect()
}

fn common_search(profile: &Profile, filters: &Filters) -> Search {
    let remote = filters.remote_only || profile.work_formats.is_remote_only();
    let mut area: Vec<String> = Vec::new();
    let home = profile.area_id.iter().filter(|_| !remote);
    for id in filters.areas.iter().chain(home) {
        if !id.trim().is_empty() && !area.contains(id) {
            area.push(id.clone());
        }
    }
    let excluded: Vec<&str> = filters
        .exclude_words
        .iter()
        .map(|word| word.trim())
        .filter(|word| !word.is_empty())
        .collect();
    Search {
        area,
        experience: profile
            .experience_months
            .map(adjacent_buckets)
            .unwrap_or_default(),
        work_format: if remote {
            vec!["REMOTE".to_owned()]
        } else {
            Vec::new()
        },
        excluded_text: (!excluded.is_empty()).then(|| excluded.join(", ")),
        only_with_salary: false,
        ..Search::default()
    }
}

/// The candidate's bucket and its neighbours: employers bend the buckets, and at exactly
/// 12, 36 or 72 months, where two of hh.ru's buckets meet ("От 3 до 6 лет" and "Более 6
/// лет" both fit 6 years), both sides are asked for.
fn adjacent_buckets(months: u32) -> Vec<String> {
    const ALL: [ExperienceLevel; 4] = [
        ExperienceLevel::None,
        ExperienceLevel::From1To3,
        ExperienceLevel::From3To6,
        ExperienceLevel::MoreThan6,
    ];
    let own = ExperienceLevel::from_months(months);
    let position = ALL.iter().position(|level| *level == own).unwrap_or(0);
    ALL.iter()
        .enumerate()
        .filter(|(index, _)| index.abs_diff(position) <= 1)
        .map(|(_, level)| level.id().to_owned())
        .collect()
}

/// Free text made safe for hh.ru's query language: no quotes, brackets or operators.
fn query_text(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if matches!(c, '"' | '(' | ')' | '!' | '*' | '~' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect();
    cleaned
        .split_whitespace()
        .filter(|word| !matches!(*word, "OR" | "AND" | "NOT"))
        .take(12)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A skill as one query term: quoted when it has spaces or punctuation.
fn query_term(name: &str) -> String {
    let text = query_text(name);
    if text
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '+' | '#' | '.'))
    {
        text
    } else {
        format!("\"{text}\"")
    }
}
