//! A candidate matched against vacancies: the candidate as ranking and letters need them
//! (a profile, and the hh.ru resume when there is one), and the letter input drawn from
//! one ranked match (which skills to cite and where the candidate used them).
//!
//! Scoring is [`crate::rank`], writing is [`crate::letter`]; this only connects them.

use crate::hh::types::{Resume, Vacancy};
use crate::letter::{self, Language, Strength};
use crate::rank::{self, text::html_to_text, Profile, Ranked, Rates};

/// The longest vacancy or resume text handed to a language model.
const SUMMARY_CHARS: usize = 3_000;

/// The person looking for a job.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// What ranking reads.
    pub profile: Profile,
    /// The hh.ru resume, when the candidate has one (not for pasted text).
    pub resume: Option<Resume>,
    /// Plain text the candidate pasted, when there is no hh.ru resume.
    pub text: Option<String>,
    /// The name for the letter's signature.
    pub name: Option<String>,
}

impl Candidate {
    /// A candidate from an hh.ru resume; letters are signed with `name`, or else with the
    /// resume's first and last name.
    pub fn from_resume(resume: Resume, name: Option<String>, rates: &Rates) -> Candidate {
        let name = name.or_else(|| {
            let parts: Vec<&str> = [&resume.first_name, &resume.last_name]
                .into_iter()
                .flatten()
                .map(|part| part.trim())
                .filter(|part| !part.is_empty())
                .collect();
            Some(parts.join(" ")).filter(|name| !name.is_empty())
        });
        Candidate {
            profile: Profile::from_resume(&resume, rates),
            resume: Some(resume),
            text: None,
            name,
        }
    }

    /// A candidate from resume text (pasted, or read from a file): hh.ru's resume layout
    /// when the text has it, else free text (see [`crate::resume::profile_from_text`]);
    /// letters are signed with the name the layout opens with, when it does.
    pub fn from_text(text: &str, rates: &Rates) -> Candidate {
        Candidate {
            profile: crate::resume::profile_from_text(text, rates),
            resume: None,
            text: Some(text.to_owned()),
            name: crate::resume::name_from_text(text),
        }
    }

    /// Ranks `vacancies` for this candidate (see [`rank::rank_vacancies`]).
    pub fn rank(
        &self,
        vacancies: &[Vacancy],
        rates: &Rates,
        filters: &rank::Filters,
        limit: usize,
    ) -> Vec<Ranked> {
        rank::rank_vacancies(
            &self.profile,
            vacancies,
            rates,
            filters,
            limit,
            rank::ExcludedItems::Last,
        )
    }

    /// What a letter for `vacancy` needs, from its ranking.
    pub fn letter_input(&self, vacancy: &Vacancy, ranked: &Ranked) -> letter::Input {
        let description = html_to_text(vacancy.description.as_deref().unwrap_or(""));
        let language = Language::detect(&format!("{} {description}", vacancy.name));
        // The skills worth citing: those the candidate can say where they used, then the
        // candidate's strongest (the profile lists skills strongest first).
        let mut strengths: Vec<(bool, usize, Strength)> = ranked
            .explanation
            .matched
            .iter()
            .enumerate()
            .map(|(order, skill)| {
                let used_at = self.used_at(skill, language);
                let key = rank::Skill::parse(skill).map(|parsed| parsed.key);
                let rank = self
                    .profile
                    .skills
                    .iter()
                    .position(|own| Some(&own.skill.key) == key.as_ref())
                    .unwrap_or(self.profile.skills.len() + order);
                let strength = Strength {
                    skill: skill.clone(),
                    used_at,
                };
                (strength.used_at.is_none(), rank, strength)
            })
            .collect();
        strengths.sort_by_key(|(no_place, rank, _)| (*no_place, *rank));
        let strengths = strengths
            .into_iter()
            .take(letter::MAX_STRENGTHS)
            .map(|(_, _, strength)| strength)
            .collect();
        letter::Input {
            position: vacancy.name.clone(),
            company: vacancy
                .employer
                .as_ref()
                .filter(|employer| employer.id.is_some())
                .map(|employer| employer.name.clone()),
            candidate_name: self.name.clone(),
            language,
            strengths,
            desired_title: Some(self.profile.title.clone()).filter(|title| !title.is_empty()),
            experience_years: self.profile.experience_months.map(|months| months / 12),
            vacancy_summary: vacancy_summary(vacancy, &description),
            resume_summary: self.summary(),
            explanation: ranked.explanation.to_text(),
            contacts: None,
        }
    }

    /// The newest job whose position or description mentions `skill`, as "в Компании
    /// (2021–2024)" or "at Company (2021–present)".
    fn used_at(&self, skill: &str, language: Language) -> Option<String> {
        let needle = skill.to_lowercase();
        let job = self.resume.as_ref()?.experience.iter().find(|job| {
            let text = format!(
                "{} {}",
                job.position.as_deref().unwrap_or(""),
                job.description.as_deref().unwrap_or("")
            );
            text.to_lowercase().contains(&needle)
        })?;
        let company = job
            .company
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())?;
        // «ФинТехПлатформа» reads as a name; ООО «Ромашка» already has its quotes.
        let company = if company.contains('«') || company.contains('"') {
            company.to_owned()
        } else if language == Language::Russian {
            format!("компании «{company}»")
        } else {
            company.to_owned()
        };
        let year =
            |date: &Option<String>| date.as_deref().and_then(|d| d.get(..4)).map(str::to_owned);
        let start = year(&job.start)?;
        Some(match (language, year(&job.end)) {
            (Language::Russian, Some(end)) => format!("в {company} ({start}–{end})"),
            (Language::Russian, None) => format!("в {company} (с {start} года)"),
            (Language::English, Some(end)) => format!("at {company} ({start}–{end})"),
            (Language::English, None) => format!("at {company} (since {start})"),
        })
    }

    /// The candidate in plain text, for a language model.
    fn summary(&self) -> String {
        if let Some(text) = &self.text {
            return truncate(text, SUMMARY_CHARS);
        }
        let Some(resume) = &self.resume else {
            return String::new();
        };
        let mut lines = vec![format!(
            "Желаемая должность: {}",
            resume.title.as_deref().unwrap_or("")
        )];
        if !resume.skill_set.is_empty() {
            lines.push(format!("Ключевые навыки: {}", resume.skill_set.join(", ")));
        }
        for job in &resume.experience {
            lines.push(format!(
                "{} — {} ({}–{}): {}",
                job.company.as_deref().unwrap_or(""),
                job.position.as_deref().unwrap_or(""),
                job.start.as_deref().unwrap_or(""),
                job.end.as_deref().unwrap_or("н. в."),
                html_to_text(job.description.as_deref().unwrap_or(""))
            ));
        }
        truncate(&lines.join("\n"), SUMMARY_CHARS)
    }
}

/// The vacancy in plain text, for a language model.
fn vacancy_summary(vacancy: &Vacancy, description: &str) -> String {
    let employer = vacancy
        .employer
        .as_ref()
        .map(|employer| employer.name.as_str())
        .unwrap_or("");
    let skills: Vec<&str> = vacancy.key_skills.iter().map(|s| s.name.as_str()).collect();
    let text = format!(
        "{} — {employer}\nКлючевые навыки: {}\n{description}",
        vacancy.name,
        skills.join(", ")
    );
    truncate(&text, SUMMARY_CHARS)
}

fn truncate(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((index, _)) => format!("{}…", &text[..index]),
        None => text.to_owned(),
    }
}
