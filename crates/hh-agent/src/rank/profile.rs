//! The candidate as ranking sees them: desired title, weighted canonical skills, positions
//! held, experience, salary wish, place, relocation, work formats and current employer,
//! built from an hh.ru resume or (in `profile_text`) from pasted text.
//!
//! Skill weights say how sure we are the candidate has a skill: listed key skills are
//! surest, skills only mentioned in free text or job descriptions weaker. The lookup index
//! for scoring is built once here; the profile does no scoring itself.

use crate::hh::types::Resume;

use super::hash::{pair_hash, Bloom, TermMap};
use super::kinds::{employer_key, WorkFormats};
use super::money::Rates;
use super::probe::ProbeSet;
use super::skills::{find_in_text, Probes, Skill, SkillKey};
use super::text::for_each_term;
use super::title::TitleTerms;

/// Weight of a skill the candidate listed as a key skill.
pub const LISTED_SKILL: f32 = 1.0;
/// Weight of a skill named in the desired title.
pub const TITLE_SKILL: f32 = 0.8;
/// Weight of a skill only mentioned in free text ("О себе", skills text).
pub const TEXT_SKILL: f32 = 0.6;
/// Weight of a skill only mentioned in job descriptions.
pub const EXPERIENCE_SKILL: f32 = 0.5;

/// An amount of money in a currency.
#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    /// The amount.
    pub amount: f64,
    /// The currency code (`RUR`, `USD`, …).
    pub currency: String,
}

/// One skill of the candidate and how sure we are of it (0..=1).
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileSkill {
    /// The normalised skill.
    pub skill: Skill,
    /// How sure: [`LISTED_SKILL`] … [`EXPERIENCE_SKILL`].
    pub weight: f32,
}

/// The candidate.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// The desired position.
    pub title: String,
    /// The desired position as terms.
    pub title_terms: TitleTerms,
    /// Positions held, newest first.
    pub positions: Vec<String>,
    /// Skills, strongest first.
    pub skills: Vec<ProfileSkill>,
    /// Total experience in months, if known.
    pub experience_months: Option<u32>,
    /// The salary wish as stated.
    pub salary: Option<Money>,
    /// The salary wish in roubles a month, taken as net ("на руки").
    pub salary_net_rur: Option<f64>,
    /// Home area id.
    pub area_id: Option<String>,
    /// Home area name.
    pub area_name: Option<String>,
    /// Whether the candidate would relocate.
    pub relocation: bool,
    /// Areas the candidate would move to (empty: any, when `relocation`).
    pub relocation_areas: Vec<String>,
    /// Acceptable work formats (empty: not stated).
    pub work_formats: WorkFormats,
    /// The employer of the job with no end date.
    pub current_employer: Option<String>,
    pub(crate) position_terms: Vec<TitleTerms>,
    pub(crate) index: Index,
}

/// Lookups prepared for scoring.
#[derive(Debug, Clone)]
pub(crate) struct Index {
    by_key: TermMap<f32>,
    /// Per skill group, the strongest weight and the position in `skills` of the last
    /// skill with it (`usize::MAX`: none).
    group_best: [(f32, usize); 64],
    text_terms: TermMap<()>,
    /// Positions in `skills` of the custom skills in `custom`, phrase by phrase.
    custom_skills: Vec<usize>,
    custom: ProbeSet,
    current_employer_key: String,
}

impl Default for Index {
    fn default() -> Index {
        Index {
            by_key: TermMap::default(),
            group_best: [(0.0, usize::MAX); 64],
            text_terms: TermMap::default(),
            custom_skills: Vec::new(),
            custom: ProbeSet::default(),
            current_employer_key: String::new(),
        }
    }
}

impl Profile {
    /// Builds the profile from a full `GET /resumes/{id}` body.
    pub fn from_resume(resume: &Resume, rates: &Rates) -> Profile {
        let mut profile = Profile {
            title: resume.title.clone().unwrap_or_default(),
            ..Profile::default()
        };
        for name in &resume.skill_set {
            for skill in Skill::parse_all(name) {
                profile.add_skill(skill, LISTED_SKILL);
            }
        }
        for skill in find_in_text(&profile.title) {
            profile.add_skill(skill, TITLE_SKILL);
        }
        let mut texts: Vec<&str> = vec![resume.title.as_deref().unwrap_or("")];
        texts.extend(resume.skill_set.iter().map(String::as_str));
        if let Some(free_text) = resume.skills.as_deref() {
            for skill in find_in_text(free_text) {
                profile.add_skill(skill, TEXT_SKILL);
            }
            texts.push(free_text);
        }
        for job in &resume.experience {
            if let Some(position) = job.position.as_deref().filter(|p| !p.trim().is_empty()) {
                profile.positions.push(position.trim().to_owned());
                texts.push(position);
            }
            if let Some(description) = job.description.as_deref() {
                for skill in find_in_text(description) {
                    profile.add_skill(skill, EXPERIENCE_SKILL);
                }
                texts.push(description);
            }
            if job.end.is_none() && profile.current_employer.is_none() {
                profile.current_employer = job.company.clone().filter(|c| !c.trim().is_empty());
            }
        }
        profile.experience_months = resume.total_experience.map(|total| total.months);
        if let Some(salary) = &resume.salary {
            if let Some(amount) = salary.amount {
                let currency = salary.currency.clone().unwrap_or_else(|| "RUR".to_owned());
                profile.set_salary(Money { amount, currency }, rates);
            }
        }
        profile.area_id = resume.area.as_ref().map(|area| area.id.clone());
        profile.area_name = resume.area.as_ref().map(|area| area.name.clone());
        read_relocation(resume.relocation.as_ref(), &mut profile);
        profile.work_formats =
            WorkFormats::from_ids(resume.work_format.iter().map(|format| format.id.as_str()));
        profile.finish(&texts);
        profile
    }

    /// Adds a skill, keeping the strongest weight when it is already there.
    pub fn add_skill(&mut self, skill: Skill, weight: f32) {
        let weight = weight.clamp(0.0, 1.0);
        match self
            .skills
            .iter_mut()
            .find(|known| known.skill.key == skill.key)
        {
            Some(known) => known.weight = known.weight.max(weight),
            None => self.skills.push(ProfileSkill { skill, weight }),
        }
    }

    /// Sets the salary wish, converting it to roubles with `rates`.
    pub fn set_salary(&mut self, money: Money, rates: &Rates) {
        self.salary_net_rur = rates.to_rur(money.amount, &money.currency);
        self.salary = Some(money);
    }

    /// Sorts skills and builds the scoring index; `texts` are the free texts (titles,
    /// descriptions) whose words may match a vacancy's custom skills.
    pub(crate) fn finish(&mut self, texts: &[&str]) {
        // Stable: equally sure skills keep the order the candidate gave them in.
        self.skills.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        self.title_terms = TitleTerms::parse(&self.title);
        self.position_terms = self
            .positions
            .iter()
            .map(|p| TitleTerms::parse(p))
            .collect();
        let mut index = Index {
            current_employer_key: self
                .current_employer
                .as_deref()
                .map(employer_key)
                .unwrap_or_default(),
            ..Index::default()
        };
        for (position, owned) in self.skills.iter().enumerate() {
            index.by_key.insert(owned.skill.key.0, owned.weight);
            for group in 0..64 {
                let best = &mut index.group_best[group];
                if owned.skill.groups & (1 << group) != 0 && owned.weight >= best.0 {
                    *best = (owned.weight, position);
                }
            }
            if !owned.skill.is_known() && index.custom.add(owned.skill.probes).is_some() {
                index.custom_skills.push(position);
            }
        }
        for text in texts {
            let mut previous = None;
            for_each_term(text, |term| {
                index.text_terms.insert(term.hash, ());
                if let (true, Some(before)) = (term.joined, previous) {
                    index.text_terms.insert(pair_hash(before, term.hash), ());
                }
                previous = Some(term.hash);
            });
        }
        self.index = index;
    }

    /// The current employer's name as filters compare it (empty when unknown).
    pub(crate) fn current_employer_key(&self) -> &str {
        &self.index.current_employer_key
    }

    /// The weight of the candidate's own skill with this key.
    pub(crate) fn weight_of(&self, key: SkillKey) -> Option<f32> {
        self.index.by_key.get(&key.0).copied()
    }

    /// The candidate's strongest skill sharing a group in `groups` (the last of equally
    /// strong ones), with its weight.
    pub(crate) fn best_related(&self, groups: u64) -> Option<(f32, &ProfileSkill)> {
        let mut best: Option<(f32, usize)> = None;
        let mut rest = groups;
        while rest != 0 {
            let group = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            let Some(&(weight, position)) = self.index.group_best.get(group) else {
                continue;
            };
            if position != usize::MAX && best.is_none_or(|known| (weight, position) > known) {
                best = Some((weight, position));
            }
        }
        let (weight, position) = best?;
        Some((weight, self.skills.get(position)?))
    }

    /// Whether the candidate's free texts contain every probe.
    pub(crate) fn mentions(&self, probes: &Probes) -> bool {
        let probes = probes.as_slice();
        !probes.is_empty()
            && probes
                .iter()
                .all(|hash| self.index.text_terms.contains_key(hash))
    }

    /// Calls `found` with the position in `skills` of each custom skill whose words occur
    /// in `terms`.
    pub(crate) fn customs_in(
        &self,
        terms: &[u32],
        signature: &Bloom,
        mut found: impl FnMut(usize),
    ) {
        let mut bits = self.index.custom.found_in(terms, signature);
        while bits != 0 {
            let phrase = bits.trailing_zeros() as usize;
            if let Some(&position) = self.index.custom_skills.get(phrase) {
                found(position);
            }
            bits &= bits - 1;
        }
    }
}

/// Reads hh.ru's `relocation` object: `{type: {id}, area: [{id}]}`.
fn read_relocation(value: Option<&serde_json::Value>, profile: &mut Profile) {
    let Some(value) = value else {
        return;
    };
    let kind = value.pointer("/type/id").and_then(|id| id.as_str());
    profile.relocation = matches!(kind, Some("relocation_possible" | "relocation_desirable"));
    if let Some(areas) = value.get("area").and_then(|areas| areas.as_array()) {
        profile.relocation_areas = areas
            .iter()
            .filter_map(|area| area.get("id").and_then(|id| id.as_str()))
            .map(str::to_owned)
            .collect();
    }
}
