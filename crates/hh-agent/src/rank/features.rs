//! What ranking needs from one vacancy, computed once: title terms, skills with how much
//! each matters (key skills and requirement-section skills are must-haves), experience
//! bucket, salary in net monthly roubles, place and work formats, the apply obstacles, and
//! a bag of description terms for word filters and custom skills.
//!
//! It reads a `hh::types::Vacancy` and does no scoring; a search item (no description or key
//! skills) gives thinner features from its snippet.

use std::borrow::Cow;

use crate::hh::types::{IdName, Vacancy};
use crate::rank::hash::{bag_key, hash_bytes, pair_hash, spread, Bloom, TermMap};
use crate::rank::kinds::{employer_key, ExperienceLevel, Importance, Language, WorkFormats};
use crate::rank::money::{Rates, Salary};
use crate::rank::sections::{Section, Sections};
use crate::rank::skills::{Detector, Skill, DICTIONARY};
use crate::rank::text::{scan, Mode, Term};
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
    /// The employer name as filters compare it.
    pub(crate) employer_key: String,
    /// Term and adjacent-term-pair hashes of the title and description.
    pub(crate) terms: Vec<u32>,
    /// A Bloom mask of `terms`, to skip scanning them for phrases that are not there.
    pub(crate) signature: Bloom,
}

/// Builds features for many vacancies, remembering how each key-skill name and title
/// normalises (hh.ru's key skills and titles repeat across vacancies a lot).
#[derive(Debug)]
pub struct FeaturesBuilder<'r> {
    rates: &'r Rates,
    names: TermMap<(String, Vec<Skill>)>,
    titles: TermMap<(String, TitleTerms)>,
}

impl<'r> FeaturesBuilder<'r> {
    /// A builder converting salaries with `rates`.
    pub fn new(rates: &'r Rates) -> FeaturesBuilder<'r> {
        FeaturesBuilder {
            rates,
            names: TermMap::default(),
            titles: TermMap::default(),
        }
    }

    /// The features of one vacancy; the same as [`Features::from_vacancy`].
    pub fn build(&mut self, vacancy: &Vacancy) -> Features {
        let key = hash_bytes(vacancy.name.as_bytes());
        let title_terms = match self.titles.get(&key) {
            Some((known, terms)) if *known == vacancy.name => terms.clone(),
            _ => {
                let terms = TitleTerms::parse(&vacancy.name);
                self.titles
                    .insert(key, (vacancy.name.clone(), terms.clone()));
                terms
            }
        };
        let names = &mut self.names;
        Features::build(vacancy, self.rates, title_terms, |name, skills| {
            let key = hash_bytes(name.as_bytes());
            match names.get(&key) {
                Some((known, parsed)) if known == name => skills.extend(parsed.iter().cloned()),
                _ => {
                    let parsed = Skill::parse_all(name);
                    skills.extend(parsed.iter().cloned());
                    names.insert(key, (name.to_owned(), parsed));
                }
            }
        })
    }
}

impl Features {
    /// Computes the features of a vacancy (detail or search item); for many vacancies a
    /// [`FeaturesBuilder`] is faster.
    pub fn from_vacancy(vacancy: &Vacancy, rates: &Rates) -> Features {
        let title_terms = TitleTerms::parse(&vacancy.name);
        Features::build(vacancy, rates, title_terms, |name, skills| {
            skills.extend(Skill::parse_all(name));
        })
    }

    fn build(
        vacancy: &Vacancy,
        rates: &Rates,
        title_terms: TitleTerms,
        parse: impl FnMut(&str, &mut Vec<Skill>),
    ) -> Features {
        let (skills, reading) = read_skills_and_terms(vacancy, parse);
        let mut work_formats =
            WorkFormats::from_ids(vacancy.work_format.iter().map(|format| format.id.as_str()));
        if vacancy.schedule.as_ref().is_some_and(|s| s.id == "remote") {
            work_formats = work_formats.union(WorkFormats::REMOTE);
        }
        let employer_name = vacancy.employer.as_ref().map(|e| e.name.clone());
        let id_of = |value: &Option<IdName>| value.as_ref().map(|value| value.id.clone());
        Features {
            id: vacancy.id.clone(),
            title: vacancy.name.clone(),
            title_terms,
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
            employment_form: id_of(&vacancy.employment_form),
            has_test: vacancy.has_test,
            archived: vacancy.archived,
            kind: id_of(&vacancy.kind),
            response_letter_required: vacancy.response_letter_required,
            employer_id: vacancy.employer.as_ref().and_then(|e| e.id.clone()),
            employer_key: employer_name
                .as_deref()
                .map(employer_key)
                .unwrap_or_default(),
            employer_name: employer_name.unwrap_or_default(),
            language: if reading.latin > reading.cyrillic.saturating_mul(2) {
                Language::English
            } else {
                Language::Russian
            },
            terms: reading.terms,
            signature: reading.signature,
        }
    }

    /// The must-have skills.
    pub fn must_have(&self) -> impl Iterator<Item = &VacancySkill> {
        self.skills
            .iter()
            .filter(|skill| skill.importance.is_must())
    }
}

/// The key skills, the description's dictionary skills, and the terms of title and text.
fn read_skills_and_terms(
    vacancy: &Vacancy,
    mut parse: impl FnMut(&str, &mut Vec<Skill>),
) -> (Vec<VacancySkill>, Reading) {
    let mut skills: Vec<VacancySkill> = Vec::with_capacity(vacancy.key_skills.len() + 8);
    let mut parsed = Vec::new();
    for key_skill in &vacancy.key_skills {
        parsed.clear();
        parse(&key_skill.name, &mut parsed);
        for skill in parsed.drain(..) {
            push_skill(&mut skills, skill, Importance::KeySkill);
        }
    }
    let html = description_html(vacancy);
    let mut reading = Reading {
        terms: Vec::with_capacity(html.len() / 8 + 16),
        signature: Bloom::new(),
        cyrillic: 0,
        latin: 0,
    };
    reading.read(&vacancy.name, Mode::Plain, |_| {});
    for (skill, importance) in read_description(&html, &mut reading) {
        push_skill(&mut skills, DICTIONARY.skill(skill), importance);
    }
    (skills, reading)
}

fn push_skill(skills: &mut Vec<VacancySkill>, skill: Skill, importance: Importance) {
    match skills.iter_mut().find(|known| known.skill.key == skill.key) {
        Some(known) => known.importance = known.importance.min(importance),
        None => skills.push(VacancySkill { skill, importance }),
    }
}

/// The description HTML, or the search snippet when there is no description.
fn description_html(vacancy: &Vacancy) -> Cow<'_, str> {
    match vacancy.description.as_deref() {
        Some(html) if html.bytes().any(|byte| !byte.is_ascii_whitespace()) => Cow::Borrowed(html),
        _ => {
            let snippet = vacancy.snippet.as_ref();
            let parts = [
                snippet.and_then(|s| s.requirement.as_deref()),
                snippet.and_then(|s| s.responsibility.as_deref()),
            ];
            let joined: Vec<&str> = parts.into_iter().flatten().collect();
            Cow::Owned(joined.join("<br>"))
        }
    }
}

/// What one pass over a text collects.
struct Reading {
    terms: Vec<u32>,
    signature: Bloom,
    cyrillic: u32,
    latin: u32,
}

impl Reading {
    /// Adds the terms of `text` (and adjacent pairs), calling `each` per term.
    fn read(&mut self, text: &str, mode: Mode, mut each: impl FnMut(&Term)) {
        let mut previous = None;
        scan(text, mode, |term, _| {
            let key = bag_key(term.hash);
            self.terms.push(key);
            self.signature.insert(spread(key));
            if let (true, Some(before)) = (term.joined, previous) {
                let pair = bag_key(pair_hash(before, term.hash));
                self.terms.push(pair);
                self.signature.insert(spread(pair));
            }
            previous = Some(term.hash);
            self.cyrillic += u32::from(term.cyrillic);
            self.latin += u32::from(term.latin);
            each(term);
        });
    }
}

/// Reads the description: terms, sections and the dictionary skills with their importance.
fn read_description(html: &str, reading: &mut Reading) -> Vec<(u16, Importance)> {
    let mut sections = Sections::new();
    let mut detector = Detector::new();
    reading.read(html, Mode::Html, |term| {
        let line = sections.push(term);
        detector.push(term, line);
    });
    let lines = sections.finish();
    detector
        .finish()
        .into_iter()
        .map(|found| {
            let section = lines.get(found.tag as usize).copied();
            let importance = match section {
                Some(Section::Required) => Importance::Required,
                Some(Section::Nice) => Importance::NiceToHave,
                _ => Importance::Mentioned,
            };
            (found.skill, importance)
        })
        .collect()
}
