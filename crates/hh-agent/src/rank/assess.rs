//! Gathering the [`Evidence`] for one vacancy and one candidate: which skills the candidate
//! covers (and through which own skill), the title match and the levels, the experience,
//! the salary against the wish, and the place of work.
//!
//! It decides what is true of the pair; how much each part weighs is `score`'s, the words
//! are `explain`'s, and the user's exclusions are `filters`'.

use super::evidence::{
    Evidence, Experience, Level, Place, SalaryComparison, SkillEvidence, SkillMatch, SkillSource,
};
use super::features::Features;
use super::kinds::WorkFormats;
use super::money::Salary;
use super::profile::{Profile, EXPERIENCE_SKILL};
use super::score::{RELATED_CREDIT, UNKNOWN_TITLE};
use super::skills::Skill;
use super::title::Seniority;

/// Everything a score for `features` is computed from.
pub(crate) fn assess(profile: &Profile, features: &Features) -> Evidence {
    Evidence {
        skills: skills(profile, features),
        title: title_match(profile, features),
        level: Level {
            candidate: profile_level(profile),
            vacancy: features.title_terms.seniority,
        },
        experience: Experience {
            wanted: features.experience,
            months: profile.experience_months,
        },
        salary: compare_salary(profile.salary_net_rur, features.salary.as_ref()),
        place: place(profile, features),
    }
}

/// The vacancy's skills in its order, then the candidate's custom skills in its text.
fn skills(profile: &Profile, features: &Features) -> Vec<SkillEvidence> {
    let mut skills = Vec::with_capacity(features.skills.len());
    skills.extend(features.skills.iter().map(|wanted| SkillEvidence {
        name: wanted.skill.name.clone(),
        source: SkillSource::Vacancy(wanted.importance),
        found: skill_match(profile, &wanted.skill),
    }));
    profile.customs_in(&features.terms, &features.signature, |position| {
        let Some(own) = profile.skills.get(position) else {
            return;
        };
        if !features.skills.iter().any(|s| s.skill.key == own.skill.key) {
            skills.push(SkillEvidence {
                name: own.skill.name.clone(),
                source: SkillSource::CandidateText,
                found: SkillMatch::Exact(own.weight),
            });
        }
    });
    skills
}

/// How the candidate covers `skill`.
fn skill_match(profile: &Profile, skill: &Skill) -> SkillMatch {
    if let Some(weight) = profile.weight_of(skill.key) {
        return SkillMatch::Exact(weight);
    }
    if !skill.is_known() && profile.mentions(&skill.probes) {
        return SkillMatch::Exact(EXPERIENCE_SKILL);
    }
    match profile.best_related(skill.groups) {
        Some((weight, own)) if weight > 0.0 => SkillMatch::Related {
            credit: RELATED_CREDIT * weight,
            own: own.skill.name.clone(),
        },
        _ => SkillMatch::Missing,
    }
}

/// The title match, 0..=1, levels aside: the desired title, or the positions held (the
/// latest discounted by 0.9, older ones by 0.75), whichever matches best.
fn title_match(profile: &Profile, features: &Features) -> f32 {
    let vacancy = &features.title_terms;
    let mut best: Option<f32> = None;
    if !profile.title_terms.is_empty() {
        best = Some(profile.title_terms.overlap(vacancy));
    }
    for (index, position) in profile.position_terms.iter().enumerate() {
        if !position.is_empty() {
            let discount = if index == 0 { 0.9 } else { 0.75 };
            best = Some(
                best.unwrap_or(0.0)
                    .max(discount * position.overlap(vacancy)),
            );
        }
    }
    best.unwrap_or(UNKNOWN_TITLE)
}

/// The candidate's level: from the desired title, else from experience.
fn profile_level(profile: &Profile) -> Option<Seniority> {
    profile
        .title_terms
        .seniority
        .or_else(|| profile.experience_months.map(Seniority::from_months))
}

/// A stated salary against the wish: above when even the lower bound reaches it, within
/// when the upper bound (or the stretched lower one) does, else below.
pub(crate) fn compare_salary(wish: Option<f64>, salary: Option<&Salary>) -> SalaryComparison {
    let Some(salary) = salary else {
        return SalaryComparison::NotStated;
    };
    let Some(wish) = wish else {
        return SalaryComparison::NoWish;
    };
    let Some(upper) = salary.upper_net_rur() else {
        return SalaryComparison::Unknown;
    };
    if salary.from_net_rur.is_some_and(|from| from >= wish) {
        SalaryComparison::Above { wish }
    } else if upper >= wish {
        SalaryComparison::Within { wish }
    } else {
        SalaryComparison::Below { wish, upper }
    }
}

/// Classifies the place of work for this candidate.
fn place(profile: &Profile, features: &Features) -> Place {
    let formats = features.work_formats;
    if formats.contains(WorkFormats::REMOTE) {
        return Place::Remote;
    }
    if profile.work_formats.is_remote_only() {
        return if formats.is_empty() {
            Place::UnknownForRemote
        } else if formats.contains(WorkFormats::HYBRID) {
            Place::HybridForRemote
        } else {
            Place::OfficeForRemote
        };
    }
    match (&profile.area_id, &features.area_id) {
        (Some(home), Some(there)) if home != there => {
            let allowed =
                profile.relocation_areas.is_empty() || profile.relocation_areas.contains(there);
            if profile.relocation && allowed {
                Place::OtherCityRelocating
            } else {
                Place::OtherCity
            }
        }
        _ if formats.contains(WorkFormats::HYBRID) => Place::Hybrid,
        _ => Place::Fine,
    }
}
