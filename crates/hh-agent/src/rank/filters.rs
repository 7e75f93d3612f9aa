//! The user's hard filters and why a vacancy is excluded: archived, test required, excluded
//! words, excluded or current employer, salary below the minimum, area, remote only, score.
//!
//! Filters only exclude; they never change a score. Words match by stem (`стажёр` also
//! excludes `стажера`); employer names match after dropping quotes and legal forms.

use serde::Deserialize;

use super::features::Features;
use super::kinds::{employer_key, WorkFormats};
use super::money::amount_text;
use super::probe::ProbeSet;
use super::profile::Profile;
use super::skills::{probes_of, term_hashes};

/// What the user does not want to see (config or bot settings).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Filters {
    /// At least one must appear in the title or description (when any are given).
    pub include_words: Vec<String>,
    /// None may appear in the title or description.
    pub exclude_words: Vec<String>,
    /// Employer ids or names to skip.
    pub excluded_employers: Vec<String>,
    /// The least acceptable pay, roubles a month net; applied only to stated salaries.
    pub min_salary: Option<u64>,
    /// Acceptable area ids (empty: any); remote vacancies pass from any area.
    pub areas: Vec<String>,
    /// Only vacancies that allow remote work.
    pub remote_only: bool,
    /// The least score (0..=100) worth showing.
    pub min_score: u8,
}

impl From<&crate::config::Filters> for Filters {
    /// The `[filters]` settings as ranking applies them.
    fn from(settings: &crate::config::Filters) -> Filters {
        Filters {
            include_words: settings.include_words.clone(),
            exclude_words: settings.exclude_words.clone(),
            excluded_employers: settings.excluded_employers.clone(),
            min_salary: settings.min_salary,
            areas: settings.areas.clone(),
            remote_only: settings.remote_only,
            min_score: settings.min_score,
        }
    }
}

/// Why a vacancy is excluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exclusion {
    /// The vacancy is archived.
    Archived,
    /// Applying needs a test, which the API cannot do.
    TestRequired,
    /// The candidate works there now.
    CurrentEmployer(String),
    /// The employer is on the user's list.
    ExcludedEmployer(String),
    /// An excluded word occurs.
    ExcludedWord(String),
    /// None of the include words occurs.
    NoIncludedWord,
    /// The stated pay (net monthly roubles) is below the minimum.
    BelowMinSalary {
        /// The most the vacancy pays.
        offered: u64,
        /// The user's minimum.
        min: u64,
    },
    /// The area is not among the allowed ones.
    AreaNotAllowed(String),
    /// The vacancy does not allow remote work.
    NotRemote,
    /// The score is below the user's threshold.
    BelowMinScore {
        /// The score.
        score: u8,
        /// The threshold.
        min: u8,
    },
}

impl Exclusion {
    /// The reason in Russian, one sentence.
    pub fn reason(&self) -> String {
        match self {
            Exclusion::Archived => "Вакансия в архиве.".to_owned(),
            Exclusion::TestRequired => {
                "Требуется тестовое задание — откликнуться через API нельзя.".to_owned()
            }
            Exclusion::CurrentEmployer(name) => format!("Это ваш текущий работодатель ({name})."),
            Exclusion::ExcludedEmployer(name) => {
                format!("Работодатель «{name}» в вашем чёрном списке.")
            }
            Exclusion::ExcludedWord(word) => format!("Есть исключённое слово «{word}»."),
            Exclusion::NoIncludedWord => "Нет ни одного из обязательных слов.".to_owned(),
            Exclusion::BelowMinSalary { offered, min } => format!(
                "Зарплата до {} на руки — ниже вашего минимума ({}).",
                amount_text(*offered as f64, "₽"),
                amount_text(*min as f64, "₽")
            ),
            Exclusion::AreaNotAllowed(area) => format!("Регион «{area}» не в вашем списке."),
            Exclusion::NotRemote => "Нет удалённого формата работы.".to_owned(),
            Exclusion::BelowMinScore { score, min } => {
                format!("Оценка {score} ниже вашего порога {min}.")
            }
        }
    }
}

/// Filters prepared for many vacancies.
#[derive(Debug, Clone)]
pub(crate) struct CompiledFilters<'a> {
    pub(crate) filters: &'a Filters,
    exclude: ProbeSet,
    exclude_words: Vec<&'a str>,
    include: ProbeSet,
    employers: Vec<String>,
}

impl<'a> CompiledFilters<'a> {
    /// Prepares `filters`.
    pub(crate) fn new(filters: &'a Filters) -> CompiledFilters<'a> {
        let mut exclude = ProbeSet::default();
        let mut exclude_words = Vec::new();
        for word in &filters.exclude_words {
            if exclude.add(probes_of(&term_hashes(word))).is_some() {
                exclude_words.push(word.trim());
            }
        }
        let mut include = ProbeSet::default();
        for word in &filters.include_words {
            include.add(probes_of(&term_hashes(word)));
        }
        CompiledFilters {
            filters,
            exclude,
            exclude_words,
            include,
            employers: filters
                .excluded_employers
                .iter()
                .map(|name| employer_key(name))
                .collect(),
        }
    }

    /// The first reason to exclude the vacancy, the score threshold aside.
    pub(crate) fn check(&self, profile: &Profile, features: &Features) -> Option<Exclusion> {
        if features.archived {
            return Some(Exclusion::Archived);
        }
        if features.has_test {
            return Some(Exclusion::TestRequired);
        }
        let employer = features.employer_key.as_str();
        if !employer.is_empty() && same_employer(profile.current_employer_key(), employer) {
            return Some(Exclusion::CurrentEmployer(features.employer_name.clone()));
        }
        let by_id = |entry: &String| features.employer_id.as_deref() == Some(entry.trim());
        let listed = self.filters.excluded_employers.iter().any(by_id)
            || (!employer.is_empty() && self.employers.iter().any(|e| same_employer(e, employer)));
        if listed {
            return Some(Exclusion::ExcludedEmployer(features.employer_name.clone()));
        }
        let excluded = self.exclude.found_in(&features.terms, &features.signature);
        if excluded != 0 {
            let word = self.exclude_words.get(excluded.trailing_zeros() as usize);
            return Some(Exclusion::ExcludedWord(
                word.copied().unwrap_or("").to_owned(),
            ));
        }
        if !self.include.is_empty()
            && self.include.found_in(&features.terms, &features.signature) == 0
        {
            return Some(Exclusion::NoIncludedWord);
        }
        self.check_place_and_pay(features)
    }

    fn check_place_and_pay(&self, features: &Features) -> Option<Exclusion> {
        let remote = features.work_formats.contains(WorkFormats::REMOTE);
        if let Some(area) = &features.area_id {
            if !self.filters.areas.is_empty() && !remote && !self.filters.areas.contains(area) {
                let name = features.area_name.clone().unwrap_or_else(|| area.clone());
                return Some(Exclusion::AreaNotAllowed(name));
            }
        }
        if self.filters.remote_only && !remote {
            return Some(Exclusion::NotRemote);
        }
        let min = self.filters.min_salary.filter(|min| *min > 0)?;
        let offered = features.salary.as_ref()?.upper_net_rur()?;
        (offered < min as f64).then(|| Exclusion::BelowMinSalary {
            offered: offered.round() as u64,
            min,
        })
    }
}

/// Whether `employer` is `listed` or a company named after it (`яндекс` → `яндекс маркет`).
fn same_employer(listed: &str, employer: &str) -> bool {
    !listed.is_empty()
        && (employer == listed
            || employer
                .strip_prefix(listed)
                .is_some_and(|rest| rest.starts_with(' ')))
}
