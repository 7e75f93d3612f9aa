//! The fields of hh.ru's resume layout, section by section: the header (the name,
//! «Проживает», relocation), «Желаемая должность и зарплата» (title, salary, work formats), «Навыки»
//! (key skills, not languages) and «Обо мне». Sections are found in `layout`.

use crate::hh::types::{Area, IdName, Resume, ResumeSalary};
use crate::rank::places::find_city;
use crate::rank::profile_numbers::salary;
use crate::rank::text::fold;
use crate::rank::WorkFormats;

use super::layout::{heading, tail, Line, Section};

/// hh.ru's work format ids of `formats`.
pub(crate) fn format_ids(formats: WorkFormats) -> Vec<IdName> {
    [
        (WorkFormats::REMOTE, "REMOTE"),
        (WorkFormats::ON_SITE, "ON_SITE"),
        (WorkFormats::HYBRID, "HYBRID"),
        (WorkFormats::FIELD_WORK, "FIELD_WORK"),
    ]
    .into_iter()
    .filter(|(format, _)| formats.contains(*format))
    .map(|(_, id)| IdName {
        id: id.to_owned(),
        ..Default::default()
    })
    .collect()
}

/// hh.ru's `relocation` object.
pub(crate) fn relocation(kind: &str, area_ids: &[&str]) -> serde_json::Value {
    let areas: Vec<serde_json::Value> = area_ids
        .iter()
        .map(|id| serde_json::json!({"id": id}))
        .collect();
    serde_json::json!({"type": {"id": kind}, "area": areas})
}

/// The name on the first line, «Проживает: Москва» and the relocation line.
pub(crate) fn read_header(lines: &[Line], resume: &mut Resume) {
    if let Some((last, first)) = lines.first().and_then(|line| read_name(&line.text)) {
        resume.last_name = Some(last);
        resume.first_name = Some(first);
    }
    for line in lines {
        if let Some(value) = line.folded.strip_prefix("проживает:") {
            let value = tail(&line.text, value).unwrap_or("");
            if let Some(city) = find_city(value) {
                resume.area = Some(Area {
                    id: city.area_id.to_owned(),
                    name: city.name.to_owned(),
                });
            }
        }
        if resume.relocation.is_none() {
            resume.relocation = read_relocation(line);
        }
    }
}

/// hh.ru's downloads open with «Фамилия Имя Отчество»: two or three capitalised words of
/// letters (a double-barrelled part capitalised on both sides), Cyrillic or Latin but not
/// mixed, a known skill in none of them. Returns `(last, first)`.
fn read_name(text: &str) -> Option<(String, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if !(2..=3).contains(&words.len()) {
        return None;
    }
    let capitalised = |part: &str| {
        let mut chars = part.chars();
        chars.next().is_some_and(char::is_uppercase)
            && part.chars().count() >= 2
            && chars.all(|c| c.is_lowercase())
    };
    let is_name_word = |word: &&str| word.split('-').all(capitalised);
    let cyrillic = |c: char| matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё');
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let one_script =
        letters.iter().all(|c| cyrillic(*c)) || letters.iter().all(|c| c.is_ascii_alphabetic());
    let skill =
        |word: &&str| crate::rank::Skill::parse(word).is_some_and(|skill| skill.known.is_some());
    if !words.iter().all(is_name_word) || !one_script || words.iter().any(skill) {
        return None;
    }
    Some((words[0].to_owned(), words[1].to_owned()))
}

/// «Не готов к переезду», «Готов к переезду: Казань, Сочи», «Хочу переехать: …».
fn read_relocation(line: &Line) -> Option<serde_json::Value> {
    let folded = &line.folded;
    let refusal = [
        "не готов к переезду",
        "не готова к переезду",
        "переезд невозможен",
    ];
    if refusal.iter().any(|phrase| folded.starts_with(phrase)) {
        return Some(relocation("no_relocation", &[]));
    }
    let kind = if folded.starts_with("хочу переехать") {
        "relocation_desirable"
    } else if folded.starts_with("готов к переезду") || folded.starts_with("готова к переезду")
    {
        "relocation_possible"
    } else {
        return None;
    };
    // The cities follow a colon, up to a remark on business trips.
    let cities = line
        .text
        .split_once(':')
        .map(|(_, rest)| rest)
        .unwrap_or("");
    let ids: Vec<&str> = cities
        .split([',', ';'])
        .filter_map(|part| find_city(part).map(|city| city.area_id))
        .collect();
    Some(relocation(kind, &ids))
}

/// The desired title (the first line that is no label and no salary), the salary, and
/// «Формат работы»/«График работы».
pub(crate) fn read_wish(lines: &[Line], resume: &mut Resume) {
    let mut in_list = false;
    for line in lines.iter().skip(1) {
        let is_label = line.text.contains(':');
        if let Some((amount, currency)) = salary(&line.folded) {
            if resume.salary.is_none() {
                resume.salary = Some(ResumeSalary {
                    amount: Some(amount),
                    currency: Some(currency.to_owned()),
                });
            }
            // «Python-разработчик⇥250 000 ₽»: a title and a salary on one line.
            let before = line.text.split('\t').next().unwrap_or("");
            if resume.title.is_none() && line.text.contains('\t') && salary(&fold(before)).is_none()
            {
                resume.title = Some(before.trim().to_owned());
            }
            continue;
        }
        if line.folded.starts_with("формат работы") || line.folded.starts_with("график работы")
        {
            let formats = work_formats(&line.folded);
            resume.work_format = format_ids(formats);
            in_list = false;
            continue;
        }
        if is_label {
            in_list = line.folded.starts_with("специализаци");
            continue;
        }
        if in_list && line.text.starts_with(['—', '–', '-', '•']) {
            continue;
        }
        in_list = false;
        if resume.title.is_none() {
            resume.title = Some(line.text.clone());
        }
    }
}

/// The formats named on a «Формат работы» or the older «График работы» line.
fn work_formats(folded: &str) -> WorkFormats {
    let mut formats = WorkFormats::default();
    let has = |words: &[&str]| words.iter().any(|word| folded.contains(word));
    if has(&["удаленн", "удаленк", "дистанционн"]) {
        formats = formats.union(WorkFormats::REMOTE);
    }
    if has(&["гибрид", "гибкий график"]) {
        formats = formats.union(WorkFormats::HYBRID);
    }
    if has(&[
        "на месте работодателя",
        "офис",
        "полный день",
        "сменный график",
    ]) {
        formats = formats.union(WorkFormats::ON_SITE);
    }
    if has(&["разъездн", "вахт"]) {
        formats = formats.union(WorkFormats::FIELD_WORK);
    }
    formats
}

/// The items of the skills section: after its heading or a «Навыки» label, split on
/// tabs, runs of spaces, commas and bullets. Languages («Знание языков») are left out,
/// as hh.ru's resume JSON keeps them apart from key skills.
pub(crate) fn read_skills(lines: &[Line], skill_set: &mut Vec<String>) {
    let mut in_skills = true;
    for line in lines {
        let items = match heading(line) {
            Some((Section::Skills, rest)) => {
                in_skills = true;
                rest
            }
            _ if line.folded.starts_with("знание языков") => {
                in_skills = false;
                continue;
            }
            _ => line.text.as_str(),
        };
        if !in_skills {
            continue;
        }
        let parts = items
            .split(['\t', ',', ';', '•', '·', '|'])
            .flat_map(|part| part.split("  "));
        for item in parts {
            let item = item.trim().trim_end_matches('.').trim();
            let fits = !item.is_empty() && item.chars().count() <= 60;
            if fits && !skill_set.iter().any(|known| known == item) {
                skill_set.push(item.to_owned());
            }
        }
    }
}

/// The text after «Обо мне» in «Дополнительная информация»: hh.ru's `skills` field.
pub(crate) fn read_about(lines: &[Line], resume: &mut Resume) {
    let mut about: Vec<&str> = Vec::new();
    let mut in_about = false;
    for line in lines.iter().skip(1) {
        if line.folded == "обо мне" || line.folded == "о себе" {
            in_about = true;
            continue;
        }
        if in_about {
            about.push(&line.text);
        }
    }
    if !about.is_empty() {
        resume.skills = Some(about.join("\n"));
    }
}
