//! The profile shown back to the person, field by field («Должность: …», «Навыки: …»,
//! «Опыт: 6 лет 2 месяца»), so they can see what was understood and correct it
//! (`corrections`). Text only; the bot decides how to show it.

use crate::rank::{Profile, WorkFormats};

/// How many skills are named before «и ещё N».
const SHOWN_SKILLS: usize = 15;
const UNKNOWN: &str = "не указано";

/// A profile field the person may correct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The desired position.
    Title,
    /// Key skills.
    Skills,
    /// Years of experience.
    Experience,
    /// The salary wish.
    Salary,
    /// The home city.
    City,
    /// Remote, office, hybrid.
    Formats,
    /// Ready to relocate or not.
    Relocation,
}

impl Field {
    /// Every field, in the order they are shown.
    pub const ALL: [Field; 7] = [
        Field::Title,
        Field::Skills,
        Field::Experience,
        Field::Salary,
        Field::City,
        Field::Formats,
        Field::Relocation,
    ];

    /// The Russian label.
    pub fn label(self) -> &'static str {
        match self {
            Field::Title => "Должность",
            Field::Skills => "Навыки",
            Field::Experience => "Опыт",
            Field::Salary => "Зарплата",
            Field::City => "Город",
            Field::Formats => "Формат работы",
            Field::Relocation => "Переезд",
        }
    }

    /// The field a label names («навыки», «зарплата», «формат»), in any case.
    pub fn from_label(label: &str) -> Option<Field> {
        let folded = crate::rank::text::fold(label.trim());
        #[rustfmt::skip]
        const STEMS: &[(&str, Field)] = &[
            ("должност", Field::Title), ("позици", Field::Title), ("title", Field::Title),
            ("навык", Field::Skills), ("skills", Field::Skills),
            ("опыт", Field::Experience), ("стаж", Field::Experience),
            ("experience", Field::Experience),
            ("зарплат", Field::Salary), ("доход", Field::Salary), ("salary", Field::Salary),
            ("город", Field::City), ("проживает", Field::City), ("city", Field::City),
            ("формат", Field::Formats), ("удален", Field::Formats), ("remote", Field::Formats),
            ("переезд", Field::Relocation), ("релокац", Field::Relocation),
            ("relocation", Field::Relocation),
        ];
        STEMS
            .iter()
            .find(|(stem, _)| folded.starts_with(stem))
            .map(|(_, field)| *field)
    }
}

/// What was understood of a resume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// Every field and its value as shown («не указано» when unknown).
    pub fields: Vec<(Field, String)>,
    /// The employer of the current job (never applied to), when known.
    pub current_employer: Option<String>,
}

impl Review {
    /// One line per field: «Должность: …».
    pub fn to_text(&self) -> String {
        let mut lines: Vec<String> = self
            .fields
            .iter()
            .map(|(field, value)| format!("{}: {value}", field.label()))
            .collect();
        if let Some(employer) = &self.current_employer {
            lines.push(format!("Текущее место работы: {employer}"));
        }
        lines.join("\n")
    }
}

/// The fields of `profile` as the person should see them.
pub fn review(profile: &Profile) -> Review {
    let fields = Field::ALL
        .iter()
        .map(|field| (*field, value(profile, *field)))
        .collect();
    Review {
        fields,
        current_employer: profile.current_employer.clone(),
    }
}

fn value(profile: &Profile, field: Field) -> String {
    let known = match field {
        Field::Title => Some(profile.title.trim().to_owned()).filter(|t| !t.is_empty()),
        Field::Skills => skills(profile),
        Field::Experience => profile.experience_months.map(duration),
        Field::Salary => profile
            .salary
            .as_ref()
            .map(|money| money_text(money.amount, &money.currency)),
        Field::City => profile.area_name.clone(),
        Field::Formats => formats(profile.work_formats),
        Field::Relocation => Some(
            if profile.relocation {
                "готов"
            } else {
                "не готов"
            }
            .to_owned(),
        ),
    };
    known.unwrap_or_else(|| UNKNOWN.to_owned())
}

fn skills(profile: &Profile) -> Option<String> {
    let names: Vec<&str> = profile
        .skills
        .iter()
        .map(|owned| owned.skill.name.as_ref())
        .collect();
    if names.is_empty() {
        return None;
    }
    let mut text = names
        .iter()
        .take(SHOWN_SKILLS)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN_SKILLS {
        text.push_str(&format!(" и ещё {}", names.len() - SHOWN_SKILLS));
    }
    Some(text)
}

fn formats(formats: WorkFormats) -> Option<String> {
    let names: Vec<&str> = [
        (WorkFormats::REMOTE, "удалённо"),
        (WorkFormats::HYBRID, "гибрид"),
        (WorkFormats::ON_SITE, "офис"),
        (WorkFormats::FIELD_WORK, "разъездная"),
    ]
    .into_iter()
    .filter(|(format, _)| formats.contains(*format))
    .map(|(_, name)| name)
    .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// «6 лет 2 месяца», «1 год», «11 месяцев».
pub(crate) fn duration(months: u32) -> String {
    let (years, months) = (months / 12, months % 12);
    let years_text = (years > 0).then(|| plural(years, ["год", "года", "лет"]));
    let months_text = (months > 0).then(|| plural(months, ["месяц", "месяца", "месяцев"]));
    match (years_text, months_text) {
        (Some(years), Some(months)) => format!("{years} {months}"),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => "меньше месяца".to_owned(),
    }
}

fn plural(count: u32, forms: [&str; 3]) -> String {
    let form = match (count % 10, count % 100) {
        (1, hundred) if hundred != 11 => forms[0],
        (2..=4, hundred) if !(12..=14).contains(&hundred) => forms[1],
        _ => forms[2],
    };
    format!("{count} {form}")
}

/// «350 000 ₽», «5 000 $».
pub(crate) fn money_text(amount: f64, currency: &str) -> String {
    let whole = amount.round().max(0.0) as u64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(' ');
        }
        grouped.push(digit);
    }
    let sign = match currency {
        "RUR" | "RUB" => "₽",
        "USD" => "$",
        "EUR" => "€",
        "KZT" => "₸",
        other => other,
    };
    format!("{grouped} {sign}")
}
