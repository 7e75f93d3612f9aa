//! A profile from text the user pasted (a resume copied from hh.ru or written freely):
//! title, skills section, dictionary skills anywhere, years of experience, salary wish,
//! city, relocation, remote wish and current employer.
//!
//! Line-based heuristics, tolerant of missing parts: whatever is not recognised stays
//! unknown and so is never penalised. Numbers are parsed in `profile_numbers`.

use super::kinds::WorkFormats;
use super::money::Rates;
use super::places::find_city;
use super::profile::{Money, Profile, LISTED_SKILL, TEXT_SKILL};
use super::profile_numbers::{experience_months, salary};
use super::skills::{find_in_text, Skill};
use super::text::fold;
use super::title::TitleTerms;

/// Headings that open a skills list.
#[rustfmt::skip]
const SKILL_HEADINGS: &[&str] = &[
    "навыки", "ключевые навыки", "профессиональные навыки", "skills", "key skills",
    "hard skills", "технологии", "стек", "стек технологий", "технический стек", "tech stack",
    "технические навыки", "инструменты", "знание языков", "languages",
];
/// Headings that close a skills list.
#[rustfmt::skip]
const OTHER_HEADINGS: &[&str] = &[
    "опыт работы", "опыт", "образование", "о себе", "обо мне", "дополнительная информация",
    "гражданство", "контакты", "experience", "work experience", "education", "about",
    "about me", "курсы", "повышение квалификации", "тесты, экзамены",
    "электронные сертификаты", "рекомендации", "портфолио", "опыт вождения",
    "желаемая должность", "желаемая должность и зарплата", "проекты", "projects", "summary",
    "soft skills", "личные качества",
];
/// The longest skills list read after its heading, in lines.
const MAX_SKILL_LINES: usize = 40;
/// How many leading lines may hold the title or the city.
const HEAD_LINES: usize = 12;

impl Profile {
    /// Builds a profile from pasted text; `rates` convert a salary wish in another currency.
    pub fn from_text(text: &str, rates: &Rates) -> Profile {
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect();
        let folded: Vec<String> = lines.iter().map(|line| fold(line)).collect();
        let mut profile = Profile {
            title: find_title(&lines, &folded),
            ..Profile::default()
        };
        for name in skills_section(&lines, &folded) {
            for skill in Skill::parse_all(&name) {
                profile.add_skill(skill, LISTED_SKILL);
            }
        }
        for skill in find_in_text(text) {
            profile.add_skill(skill, TEXT_SKILL);
        }
        profile.experience_months = folded.iter().find_map(|line| experience_months(line));
        if let Some((amount, currency)) = folded.iter().find_map(|line| salary(line)) {
            let money = Money {
                amount,
                currency: currency.to_owned(),
            };
            profile.set_salary(money, rates);
        }
        let city = labelled(
            &lines,
            &folded,
            &["проживает", "город", "location", "местоположение"],
        )
        .and_then(find_city)
        .or_else(|| {
            lines
                .iter()
                .take(HEAD_LINES)
                .find_map(|line| find_city(line))
        });
        if let Some(city) = city {
            profile.area_id = Some(city.area_id.to_owned());
            profile.area_name = Some(city.name.to_owned());
        }
        let whole = folded.join("\n");
        profile.relocation = wants_relocation(&whole);
        profile.work_formats = work_formats(&folded);
        profile.current_employer = current_employer(&lines, &folded);
        if let Some(position) = labelled(&lines, &folded, &["должность", "position"]) {
            profile.positions.push(position.to_owned());
        }
        profile.finish(&[text]);
        profile
    }
}

/// The text after `label:` on the first line that starts with one of `labels`.
fn labelled<'a>(lines: &[&'a str], folded: &[String], labels: &[&str]) -> Option<&'a str> {
    lines.iter().zip(folded).find_map(|(line, folded)| {
        labels.iter().find(|label| folded.starts_with(*label))?;
        let (_, value) = line.split_once(':')?;
        Some(value.trim()).filter(|value| !value.is_empty())
    })
}

/// The "Желаемая должность" line (or the line after it), else the first leading line that
/// names a job, else the first line.
fn find_title(lines: &[&str], folded: &[String]) -> String {
    let wanted = folded.iter().position(|line| {
        line.starts_with("желаемая должность") || line.starts_with("desired position")
    });
    if let Some(at) = wanted {
        let after_colon = lines[at].split_once(':').map(|(_, rest)| rest.trim());
        if let Some(title) = after_colon.filter(|rest| !rest.is_empty()) {
            return title.to_owned();
        }
        if let Some(next) = lines.get(at + 1) {
            return (*next).to_owned();
        }
    }
    let named = lines
        .iter()
        .take(HEAD_LINES)
        .find(|line| line.chars().count() <= 80 && TitleTerms::parse(line).names_a_job);
    let line = named.or(lines.first()).copied().unwrap_or_default();
    // "Python-разработчик, Москва" or "Senior Java developer | 7 years": the part before.
    let cut = line.split([',', '|', '(']).next().unwrap_or(line);
    cut.split(" — ").next().unwrap_or(cut).trim().to_owned()
}

fn heading_of(folded: &str) -> &str {
    folded.split(':').next().unwrap_or("").trim()
}

/// The items of every skills section.
fn skills_section(lines: &[&str], folded: &[String]) -> Vec<String> {
    let mut items = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        if !SKILL_HEADINGS.contains(&heading_of(&folded[index])) {
            index += 1;
            continue;
        }
        if let Some((_, rest)) = lines[index].split_once(':') {
            split_items(rest, &mut items);
        }
        index += 1;
        let end = (index + MAX_SKILL_LINES).min(lines.len());
        while index < end && !ends_skills(lines[index], &folded[index]) {
            split_items(lines[index], &mut items);
            index += 1;
        }
    }
    items
}

/// Whether a line ends a skills list: another heading, a `label: value` field, years of
/// experience, a salary, a city, or a relocation or remote-work remark.
fn ends_skills(line: &str, folded: &str) -> bool {
    let heading = heading_of(folded);
    let starts_heading = |headings: &[&str]| {
        headings.iter().any(|known| {
            heading == *known
                || (heading.starts_with(known) && heading[known.len()..].starts_with(' '))
        })
    };
    starts_heading(SKILL_HEADINGS)
        || starts_heading(OTHER_HEADINGS)
        || is_field(folded)
        || experience_months(folded).is_some()
        || salary(folded).is_some()
        || ["переезд", "relocat", "удаленн", "remote", "командировк"]
            .iter()
            .any(|word| folded.contains(word))
        || (line.split_whitespace().count() <= 3 && find_city(line).is_some())
}

/// Whether a line is a `label: value` field ("Ожидания: 150 000 ₽"), not a skill written
/// with a colon ("1С: Бухгалтерия", "Git: уверенно").
fn is_field(folded: &str) -> bool {
    let Some((label, _)) = folded.split_once(':') else {
        return false;
    };
    let label = label.trim();
    !label.is_empty()
        && !label.chars().any(|c| c.is_ascii_digit())
        && label.split_whitespace().count() <= 4
        && find_in_text(label).is_empty()
}

/// Splits a skills line on commas, semicolons, bullets, tabs and runs of spaces.
fn split_items(line: &str, items: &mut Vec<String>) {
    let line = line.replace("  ", "\t");
    for item in line.split([',', ';', '•', '·', '|', '\t', '●', '▪']) {
        let item = item
            .trim()
            .trim_start_matches(['-', '–', '—', '*'])
            .trim_end_matches('.')
            .trim();
        let words = item.split_whitespace().count();
        if item.is_empty() || item.chars().count() > 60 || words > 6 {
            continue;
        }
        if item.contains('—') && find_in_text(item).is_empty() {
            // "Русский — Родной": a language level, not a skill.
            continue;
        }
        items.push(item.to_owned());
    }
}

fn wants_relocation(folded: &str) -> bool {
    const REFUSALS: &[&str] = &[
        "не готов к переезду",
        "не готова к переезду",
        "переезд не рассматриваю",
        "не рассматриваю переезд",
        "без переезда",
        "not ready to relocate",
        "not willing to relocate",
    ];
    const WISHES: &[&str] = &[
        "готов к переезду",
        "готова к переезду",
        "рассмотрю переезд",
        "хочу переехать",
        "ready to relocate",
        "open to relocation",
        "willing to relocate",
    ];
    !REFUSALS.iter().any(|phrase| folded.contains(phrase))
        && WISHES.iter().any(|phrase| folded.contains(phrase))
}

/// Remote wish: lines naming remote work, with office or hybrid on the same line.
fn work_formats(folded: &[String]) -> WorkFormats {
    const REMOTE: &[&str] = &["удаленн", "удаленк", "remote", "из дома", "дистанционн"];
    let mut formats = WorkFormats::default();
    for line in folded {
        if !REMOTE.iter().any(|word| line.contains(word)) {
            continue;
        }
        formats = formats.union(WorkFormats::REMOTE);
        if line.contains("гибрид") || line.contains("hybrid") {
            formats = formats.union(WorkFormats::HYBRID);
        }
        if line.contains("офис") || line.contains("office") || line.contains("on-site") {
            formats = formats.union(WorkFormats::ON_SITE);
        }
    }
    formats
}

/// The company of the job running "по настоящее время", or a "Место работы:" line.
fn current_employer(lines: &[&str], folded: &[String]) -> Option<String> {
    if let Some(company) = labelled(lines, folded, &["место работы", "текущее место работы"])
    {
        return Some(company.to_owned());
    }
    let current = folded.iter().position(|line| {
        line.contains("настоящее время") || line.ends_with("present") || line.contains("н.в.")
    })?;
    let is_duration = |line: &str| experience_months(&format!("опыт {line}")).is_some();
    lines
        .iter()
        .zip(folded)
        .skip(current + 1)
        .take(3)
        .find(|(_, folded)| !is_duration(folded))
        .map(|(line, _)| (*line).to_owned())
}
