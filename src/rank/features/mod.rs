//! What ranking needs from one vacancy, computed once: title terms, skills with how much
//! each matters (key skills and requirement-section skills are must-haves), experience
//! bucket, salary in net monthly roubles, place and work formats, the apply obstacles, and
//! a bag of description terms for word filters and custom skills.
//!
//! It reads a `hh::types::Vacancy` and does no scoring; a search item (no description or key
//! skills) gives thinner features from its snippet.

mod kinds;

use crate::hh::types::Vacancy;

pub use kinds::{ExperienceLevel, Importance, Language, WorkFormats};

use crate::rank::hash::combine;
use crate::rank::money::{Rates, Salary};
use crate::rank::sections::{classify, may_be_heading, Section};
use crate::rank::skills::{Detector, Skill, DICTIONARY};
use crate::rank::text::{for_each_term, html_to_text};
use crate::rank::title::TitleTerms;

/// One skill a vacancy asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct VacancySkill {
    /// The normalised skill.
    pub skill: Skill,
    /// How much it matters.
    pub importance: Importance,
}

/// Everything ranking reads from one vacancy.
#[derive(Debug, Clone)]
pub struct Features {
    /// The vacancy id.
    pub id: String,
    /// The title as published.
    pub title: String,
    /// The title as terms, with the level it names.
    pub title_terms: TitleTerms,
    /// Key skills first, then skills found in the description.
    pub skills: Vec<VacancySkill>,
    /// The experience bucket asked for.
    pub experience: Option<ExperienceLevel>,
    /// The salary, if stated.
    pub salary: Option<Salary>,
    /// The area id.
    pub area_id: Option<String>,
    /// The area name.
    pub area_name: Option<String>,
    /// Work formats (falling back to the deprecated `schedule` `remote`).
    pub work_formats: WorkFormats,
    /// `FULL`, `PART`, `PROJECT`, …
    pub employment_form: Option<String>,
    /// Whether applying needs a test.
    pub has_test: bool,
    /// Whether the vacancy is archived.
    pub archived: bool,
    /// `open`, `closed`, `anonymous`, `direct`.
    pub kind: Option<String>,
    /// Whether a cover letter is mandatory.
    pub response_letter_required: bool,
    /// The employer id (absent for anonymous vacancies).
    pub employer_id: Option<String>,
    /// The employer name.
    pub employer_name: String,
    /// The language of the title and description.
    pub language: Language,
    /// Term and adjacent-term-pair hashes of the title and description.
    pub(crate) terms: Vec<u64>,
}

impl Features {
    /// Computes the features of a vacancy (detail or search item).
    pub fn from_vacancy(vacancy: &Vacancy, rates: &Rates) -> Features {
        let mut skills: Vec<VacancySkill> = Vec::with_capacity(vacancy.key_skills.len() + 8);
        for key_skill in &vacancy.key_skills {
            for skill in Skill::parse_all(&key_skill.name) {
                push_skill(&mut skills, skill, Importance::KeySkill);
            }
        }
        let text = description_text(vacancy);
        let mut terms = Vec::with_capacity(text.len() / 3);
        let letters = read_terms(&vacancy.name, &mut terms, |_, _| {});
        let mut detector = Detector::new();
        let body_letters = read_body(&text, &mut terms, &mut detector);
        for found in detector.finish() {
            push_skill(
                &mut skills,
                DICTIONARY.skill(found.skill),
                importance_in(found.tag),
            );
        }
        let (cyrillic, latin) = (letters.0 + body_letters.0, letters.1 + body_letters.1);
        let mut work_formats =
            WorkFormats::from_ids(vacancy.work_format.iter().map(|format| format.id.as_str()));
        if vacancy.schedule.as_ref().is_some_and(|s| s.id == "remote") {
            work_formats = work_formats.union(WorkFormats::REMOTE);
        }
        Features {
            id: vacancy.id.clone(),
            title: vacancy.name.clone(),
            title_terms: TitleTerms::parse(&vacancy.name),
            skills,
            experience: vacancy
                .experience
                .as_ref()
                .and_then(|experience| ExperienceLevel::from_id(&experience.id)),
            salary: vacancy
                .salary()
                .and_then(|range| Salary::from_range(range, rates)),
            area_id: vacancy.area.as_ref().map(|area| area.id.clone()),
            area_name: vacancy.area.as_ref().map(|area| area.name.clone()),
            work_formats,
            employment_form: vacancy.employment_form.as_ref().map(|form| form.id.clone()),
            has_test: vacancy.has_test,
            archived: vacancy.archived,
            kind: vacancy.kind.as_ref().map(|kind| kind.id.clone()),
            response_letter_required: vacancy.response_letter_required,
            employer_id: vacancy.employer.as_ref().and_then(|e| e.id.clone()),
            employer_name: vacancy
                .employer
                .as_ref()
                .map(|e| e.name.clone())
                .unwrap_or_default(),
            language: if latin > cyrillic.saturating_mul(2) {
                Language::English
            } else {
                Language::Russian
            },
            terms,
        }
    }

    /// The must-have skills.
    pub fn must_have(&self) -> impl Iterator<Item = &VacancySkill> {
        self.skills
            .iter()
            .filter(|skill| skill.importance.is_must())
    }
}

fn push_skill(skills: &mut Vec<VacancySkill>, skill: Skill, importance: Importance) {
    match skills.iter_mut().find(|known| known.skill.key == skill.key) {
        Some(known) => known.importance = known.importance.min(importance),
        None => skills.push(VacancySkill { skill, importance }),
    }
}

fn importance_in(tag: u8) -> Importance {
    match tag {
        1 => Importance::Required,
        2 => Importance::NiceToHave,
        _ => Importance::Mentioned,
    }
}

/// The description as plain text, or the search snippet when there is no description.
fn description_text(vacancy: &Vacancy) -> String {
    match vacancy.description.as_deref() {
        Some(html) if !html.trim().is_empty() => html_to_text(html),
        _ => {
            let snippet = vacancy.snippet.as_ref();
            let parts = [
                snippet.and_then(|s| s.requirement.as_deref()),
                snippet.and_then(|s| s.responsibility.as_deref()),
            ];
            let joined: Vec<&str> = parts.into_iter().flatten().collect();
            html_to_text(&joined.join("<br>"))
        }
    }
}

/// Adds the terms of `text` (and adjacent pairs) to `terms`, calling `each` per term with
/// its index; returns the (Cyrillic, Latin) letter counts.
fn read_terms(
    text: &str,
    terms: &mut Vec<u64>,
    mut each: impl FnMut(&crate::rank::text::Term, &str),
) -> (u32, u32) {
    let mut previous = None;
    let (mut cyrillic, mut latin) = (0u32, 0u32);
    for_each_term(text, |term| {
        terms.push(term.hash);
        if let (true, Some(before)) = (term.joined, previous) {
            terms.push(combine(before, term.hash));
        }
        previous = Some(term.hash);
        cyrillic += u32::from(term.cyrillic);
        latin += u32::from(term.latin);
        each(&term, text);
    });
    (cyrillic, latin)
}

/// Reads the description body: terms, sections and dictionary skills (tagged 0 outside
/// requirements, 1 under requirements, 2 under "nice to have").
fn read_body(text: &str, terms: &mut Vec<u64>, detector: &mut Detector) -> (u32, u32) {
    let mut section = Section::Preamble;
    read_terms(text, terms, |term, text| {
        if term.line_start && may_be_heading(term.hash) {
            let line = text[term.start..].lines().next().unwrap_or("");
            if let Some(heading) = classify(line) {
                section = heading;
            }
        }
        let tag = match section {
            Section::Required => 1,
            Section::Nice => 2,
            Section::Preamble | Section::Other => 0,
        };
        detector.push(term, tag);
    })
}
