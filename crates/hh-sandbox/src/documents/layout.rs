//! A sandbox resume laid out the way hh.ru's own download shows it (header, «Желаемая
//! должность и зарплата», «Опыт работы» with a dates column, «Навыки», «Дополнительная
//! информация»), as blocks that `pdf` and `docx` render, and as the TXT
//! download. Built from the sandbox's `GET /resumes/{id}` JSON, so every format carries
//! the same resume.

use chrono::{Datelike, NaiveDate};
use serde_json::Value;

/// One piece of the layout.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The person's name, large.
    Name(String),
    /// A line of text (a paragraph in PDF and DOCX, wrapped to the page).
    Line(String),
    /// A section heading.
    Heading(String),
    /// Two columns: a narrow left one (dates, labels) and the main one.
    Columns(Vec<String>, Vec<String>),
    /// A label and tags (the key skills).
    Tags(String, Vec<String>),
}

#[rustfmt::skip]
const MONTHS: [&str; 12] = [
    "Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь",
    "Октябрь", "Ноябрь", "Декабрь",
];

fn str_at<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

fn plural(count: i64, forms: [&str; 3]) -> String {
    let form = match (count % 10, count % 100) {
        (1, hundred) if hundred != 11 => forms[0],
        (2..=4, hundred) if !(12..=14).contains(&hundred) => forms[1],
        _ => forms[2],
    };
    format!("{count} {form}")
}

/// «6 лет 2 месяца».
pub fn duration(months: i64) -> String {
    let (years, months) = (months / 12, months % 12);
    match (years, months) {
        (0, months) => plural(months, ["месяц", "месяца", "месяцев"]),
        (years, 0) => plural(years, ["год", "года", "лет"]),
        (years, months) => format!(
            "{} {}",
            plural(years, ["год", "года", "лет"]),
            plural(months, ["месяц", "месяца", "месяцев"])
        ),
    }
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn month_year(date: NaiveDate) -> String {
    format!("{} {}", MONTHS[date.month0() as usize], date.year())
}

/// «350 000 ₽».
pub fn money(amount: f64, currency: &str) -> String {
    let digits = (amount.round() as i64).to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(' ');
        }
        grouped.push(digit);
    }
    let sign = match currency {
        "RUR" => "₽",
        "USD" => "$",
        "EUR" => "€",
        other => other,
    };
    format!("{grouped} {sign}")
}

/// The resume `resume` (sandbox JSON) as hh.ru lays it out on `today`.
pub fn hh_layout(resume: &Value, today: NaiveDate) -> Vec<Block> {
    let mut blocks = vec![Block::Name(
        format!(
            "{} {} {}",
            str_at(resume, "/last_name"),
            str_at(resume, "/first_name"),
            str_at(resume, "/middle_name")
        )
        .trim()
        .to_owned(),
    )];
    header(resume, &mut blocks);
    wish(resume, &mut blocks);
    experience(resume, today, &mut blocks);
    education(resume, &mut blocks);
    skills(resume, &mut blocks);
    blocks.push(Block::Heading("Дополнительная информация".to_owned()));
    let about = str_at(resume, "/skills");
    blocks.push(Block::Columns(
        vec!["Обо мне".to_owned()],
        vec![about.to_owned()],
    ));
    blocks
}

fn header(resume: &Value, blocks: &mut Vec<Block>) {
    let gender = if str_at(resume, "/gender/id") == "female" {
        "Женщина"
    } else {
        "Мужчина"
    };
    let age = resume.get("age").and_then(Value::as_i64).unwrap_or(30);
    let ready = if gender == "Женщина" {
        "готова"
    } else {
        "готов"
    };
    blocks.push(Block::Line(format!(
        "{gender}, {}",
        plural(age, ["год", "года", "лет"])
    )));
    for contact in resume["contact"].as_array().into_iter().flatten() {
        let value = contact["contact_value"].as_str().unwrap_or("");
        let preferred = contact["preferred"].as_bool() == Some(true);
        let suffix = if preferred {
            " — предпочитаемый способ связи"
        } else {
            ""
        };
        blocks.push(Block::Line(format!("{value}{suffix}")));
    }
    blocks.push(Block::Line(format!(
        "Проживает: {}",
        str_at(resume, "/area/name")
    )));
    blocks.push(Block::Line(
        "Гражданство: Россия, есть разрешение на работу: Россия".to_owned(),
    ));
    let areas: Vec<&str> = resume["relocation"]["area"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|area| area["name"].as_str().unwrap_or(""))
        .collect();
    let relocation = match str_at(resume, "/relocation/type/id") {
        "relocation_possible" if areas.is_empty() => format!("{} к переезду", capital(ready)),
        "relocation_possible" => format!("{} к переезду: {}", capital(ready), areas.join(", ")),
        "relocation_desirable" => format!("Хочу переехать: {}", areas.join(", ")),
        _ => format!("Не {ready} к переезду"),
    };
    let trips = match str_at(resume, "/business_trip_readiness/id") {
        "ready" => format!("{ready} к командировкам"),
        "sometimes" => format!("{ready} к редким командировкам"),
        _ => format!("не {ready} к командировкам"),
    };
    blocks.push(Block::Line(format!("{relocation}, {trips}")));
}

fn capital(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn wish(resume: &Value, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading("Желаемая должность и зарплата".to_owned()));
    blocks.push(Block::Line(str_at(resume, "/title").to_owned()));
    blocks.push(Block::Line("Специализации:".to_owned()));
    for role in resume["professional_roles"]
        .as_array()
        .into_iter()
        .flatten()
    {
        blocks.push(Block::Line(format!(
            "— {}",
            role["name"].as_str().unwrap_or("")
        )));
    }
    let names = |key: &str| -> Vec<String> {
        resume[key]
            .as_array()
            .into_iter()
            .flatten()
            .map(|item| item["name"].as_str().unwrap_or("").to_lowercase())
            .collect()
    };
    blocks.push(Block::Line(format!(
        "Тип занятости: {}",
        names("employment_form").join(", ")
    )));
    blocks.push(Block::Line(format!(
        "Формат работы: {}",
        names("work_format").join(", ")
    )));
    blocks.push(Block::Line(
        "Желательное время в пути до работы: не имеет значения".to_owned(),
    ));
    if let Some(amount) = resume.pointer("/salary/amount").and_then(Value::as_f64) {
        let currency = str_at(resume, "/salary/currency");
        blocks.push(Block::Line(format!("{} на руки", money(amount, currency))));
    }
}

fn experience(resume: &Value, today: NaiveDate, blocks: &mut Vec<Block>) {
    let total = resume
        .pointer("/total_experience/months")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    blocks.push(Block::Heading(format!("Опыт работы — {}", duration(total))));
    for job in resume["experience"].as_array().into_iter().flatten() {
        let start = date(job["start"].as_str().unwrap_or("")).unwrap_or(today);
        let end = job["end"].as_str().and_then(date);
        let until = end.unwrap_or(today);
        let months = i64::from(until.year() - start.year()) * 12 + i64::from(until.month())
            - i64::from(start.month())
            + 1;
        let left = vec![
            format!("{} —", month_year(start)),
            end.map(month_year)
                .unwrap_or_else(|| "настоящее время".to_owned()),
            duration(months.max(1)),
        ];
        let mut right = vec![
            str_at(job, "/company").to_owned(),
            str_at(job, "/area/name").to_owned(),
        ];
        for industry in job["industries"].as_array().into_iter().flatten() {
            right.push(format!("• {}", industry["name"].as_str().unwrap_or("")));
        }
        right.push(str_at(job, "/position").to_owned());
        right.push(str_at(job, "/description").to_owned());
        blocks.push(Block::Columns(left, right));
    }
}

fn education(resume: &Value, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading("Образование".to_owned()));
    blocks.push(Block::Line(
        str_at(resume, "/education/level/name").to_owned(),
    ));
    for item in resume
        .pointer("/education/primary")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let year = item["year"]
            .as_i64()
            .map(|y| y.to_string())
            .unwrap_or_default();
        let detail = [item["organization"].as_str(), item["result"].as_str()]
            .into_iter()
            .flatten()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        blocks.push(Block::Columns(
            vec![year],
            vec![item["name"].as_str().unwrap_or("").to_owned(), detail],
        ));
    }
}

fn skills(resume: &Value, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading("Навыки".to_owned()));
    let languages: Vec<String> = resume["language"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|language| {
            format!(
                "{} — {}",
                language["name"].as_str().unwrap_or(""),
                str_at(language, "/level/name")
            )
        })
        .collect();
    if !languages.is_empty() {
        blocks.push(Block::Columns(vec!["Знание языков".to_owned()], languages));
    }
    let tags: Vec<String> = resume["skill_set"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|skill| skill.as_str().map(str::to_owned))
        .collect();
    blocks.push(Block::Tags("Навыки".to_owned(), tags));
}

/// The TXT download: one line per line, columns one after the other, tags separated by
/// two spaces.
pub fn to_txt(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Name(text) | Block::Line(text) => {
                out.push_str(text);
                out.push('\n');
            }
            Block::Heading(text) => {
                out.push('\n');
                out.push_str(text);
                out.push_str("\n\n");
            }
            Block::Columns(left, right) => {
                for line in left.iter().chain(right) {
                    out.push_str(line);
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Tags(label, items) => {
                out.push_str(label);
                out.push('\n');
                out.push_str(&items.join("  "));
                out.push('\n');
            }
        }
    }
    out
}
