//! Vacancy text: key skills with spelling variants, the HTML description (Russian or
//! English) and the plain-text search snippets.

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::professions::{Profession, Track};
use super::records::Employer;
use super::text::{chance, excerpt, from_years, html_escape, html_section, pick, sample};
use super::wording;

/// What the description builder needs to know about the vacancy being made.
pub(crate) struct Brief<'a> {
    /// The profession.
    pub profession: &'static Profession,
    /// The employer.
    pub employer: &'a Employer,
    /// The title.
    pub title: &'a str,
    /// The experience id.
    pub experience: &'static str,
    /// The key skills (English requirements mention them).
    pub skills: &'a [String],
    /// Whether the employer's name may be shown (not for anonymous vacancies).
    pub reveal_employer: bool,
    /// Lines about format and schedule ("Полностью удалённая работа", …).
    pub format_lines: Vec<String>,
    /// Fully remote: conditions about the office are left out.
    pub remote: bool,
    /// Shift work: conditions about a five-day week are left out.
    pub shift: bool,
    /// Whether a cover letter is required.
    pub letter_required: bool,
}

/// The description HTML and the two snippets.
pub(crate) struct Text {
    /// HTML description.
    pub description: String,
    /// Requirements excerpt.
    pub requirement: String,
    /// Responsibilities excerpt.
    pub responsibility: String,
}

/// Key skills: most core skills, a few extras, each in one of its spellings; at least three.
pub(crate) fn key_skills(rng: &mut ChaCha8Rng, profession: &Profession) -> Vec<String> {
    let mut skills: Vec<String> = Vec::new();
    for group in profession.core_skills {
        if skills.len() < 3 || !chance(rng, 15.0) {
            push_unique(&mut skills, variant(rng, group));
        }
    }
    let extra = rng.gen_range(1..=4).min(profession.extra_skills.len());
    for group in sample(rng, profession.extra_skills, extra) {
        push_unique(&mut skills, variant(rng, group));
    }
    skills.shuffle(rng);
    skills.truncate(30);
    skills
}

fn variant(rng: &mut ChaCha8Rng, group: &[&'static str]) -> &'static str {
    let first = group.first().copied().unwrap_or("");
    if chance(rng, 55.0) {
        first
    } else {
        pick(rng, group, first)
    }
}

fn push_unique(skills: &mut Vec<String>, skill: &str) {
    if !skill.is_empty() && !skills.iter().any(|known| known == skill) {
        skills.push(skill.to_owned());
    }
}

/// The Russian description.
pub(crate) fn russian(rng: &mut ChaCha8Rng, brief: &Brief<'_>) -> Text {
    let profession = brief.profession;
    let intro = pick(rng, profession.intro, "");
    let company = if brief.reveal_employer {
        let name = &brief.employer.name;
        if name.contains('«') {
            format!("{name} — {}.", brief.employer.tagline)
        } else {
            format!("«{name}» — {}.", brief.employer.tagline)
        }
    } else {
        format!("Мы — {}.", brief.employer.tagline)
    };
    let duties = some_of(rng, profession.duties, 4, 6);
    let mut requirements = vec![experience_line(rng, profession, brief.experience)];
    requirements.extend(some_of(rng, profession.requirements, 3, 5));
    let fitting: Vec<&str> = wording::conditions(profession.track)
        .iter()
        .copied()
        .filter(|line| !(brief.remote && line.to_lowercase().contains("офис")))
        .filter(|line| !(brief.shift && line.contains("5/2")))
        .collect();
    let mut conditions = brief.format_lines.clone();
    conditions.extend(some_of(rng, &fitting, 4, 6));

    let mut html = format!("<p>{} {}</p>", html_escape(&company), html_escape(intro));
    html.push_str(&html_section(
        pick(rng, wording::DUTIES_HEADERS, "Обязанности:"),
        &duties,
    ));
    let requirements_header = pick(rng, wording::REQUIREMENTS_HEADERS, "Требования:");
    html.push_str(&html_section(requirements_header, &requirements));
    if chance(rng, 60.0) {
        let pluses = some_of(rng, profession.pluses, 1, 3);
        if !pluses.is_empty() {
            html.push_str(&html_section(
                pick(rng, wording::PLUSES_HEADERS, "Будет плюсом:"),
                &pluses,
            ));
        }
    }
    html.push_str(&html_section(
        pick(rng, wording::CONDITIONS_HEADERS, "Условия:"),
        &conditions,
    ));
    if brief.letter_required {
        let request = pick(rng, wording::LETTER_REQUESTS, "");
        html.push_str(&format!("<p>{}</p>", html_escape(request)));
    } else if chance(rng, 40.0) {
        html.push_str(&format!(
            "<p>{}</p>",
            html_escape(pick(rng, wording::CLOSINGS, ""))
        ));
    }
    Text {
        description: html,
        requirement: excerpt(&requirements[..requirements.len().min(3)], 170),
        responsibility: excerpt(&duties[..duties.len().min(3)], 170),
    }
}

/// The English description of an international employer's vacancy.
pub(crate) fn english(rng: &mut ChaCha8Rng, brief: &Brief<'_>) -> Text {
    let track = brief.profession.track;
    let mut latin: Vec<&str> = brief
        .profession
        .core_skills
        .iter()
        .filter_map(|group| group.first().copied())
        .chain(brief.skills.iter().map(String::as_str))
        .filter(|skill| skill.is_ascii())
        .collect();
    latin.dedup();
    let skill = |index: usize| latin.get(index).copied().unwrap_or("modern tooling");
    let years = match brief.experience {
        "noExperience" => 0,
        "between1And3" => 2,
        "between3And6" => 4,
        _ => 6,
    };
    let duties = some_of(rng, wording::duties_en(track), 3, 4);
    let mut requirements = vec![if years == 0 {
        format!(
            "Hands-on experience with {} from study or pet projects",
            skill(0)
        )
    } else {
        format!("{years}+ years of commercial experience with {}", skill(0))
    }];
    requirements.push(format!("Good knowledge of {} and {}", skill(1), skill(2)));
    requirements.extend(some_of(rng, wording::REQUIREMENTS_EN, 2, 2));
    let conditions = some_of(rng, wording::CONDITIONS_EN, 4, 5);
    let name = &brief.employer.name;
    let mut html = format!(
        "<p>{} is {}. We are looking for a {} to join our team.</p>",
        html_escape(name),
        html_escape(&brief.employer.tagline),
        html_escape(brief.title)
    );
    html.push_str(&html_section("What you will do:", &duties));
    html.push_str(&html_section("What we expect:", &requirements));
    html.push_str(&html_section("What we offer:", &conditions));
    if brief.letter_required {
        html.push_str("<p>Please add a short cover letter in English.</p>");
    }
    Text {
        description: html,
        requirement: excerpt(&requirements[..2], 170),
        responsibility: excerpt(&duties[..duties.len().min(2)], 170),
    }
}

fn experience_line(rng: &mut ChaCha8Rng, profession: &Profession, experience: &str) -> String {
    let years = match experience {
        "noExperience" => {
            let lines: &[&str] = if profession.track.is_it() {
                &[
                    "Рассматриваем студентов старших курсов и выпускников",
                    "Коммерческий опыт не обязателен — важны знания и желание расти",
                ]
            } else if profession.track == Track::Field {
                &[
                    "Опыт работы не обязателен — всему научим",
                    "Рассматриваем кандидатов без опыта",
                ]
            } else {
                &[
                    "Готовы рассмотреть кандидатов без опыта",
                    "Опыт не обязателен, обучение на месте",
                ]
            };
            return pick(rng, lines, "Опыт не обязателен").to_owned();
        }
        "between1And3" => rng.gen_range(1..=2),
        "between3And6" => rng.gen_range(3..=5),
        _ => 6,
    };
    format!("Опыт {} {}", profession.experience_of, from_years(years))
}

fn some_of(rng: &mut ChaCha8Rng, items: &[&str], min: usize, max: usize) -> Vec<String> {
    let count = rng.gen_range(min..=max.max(min)).min(items.len());
    sample(rng, items, count)
        .into_iter()
        .map(str::to_owned)
        .collect()
}
