//! The person's corrections to the profile read from their resume: single fields
//! (title, skills, years of experience, salary, city, work formats, relocation) set by
//! hand, kept by the caller (serde, e.g. as a bot setting) and applied every time the
//! profile is built, so ranking respects them.

use serde::{Deserialize, Serialize};

use crate::rank::places::find_city;
use crate::rank::profile::LISTED_SKILL;
use crate::rank::profile_numbers::{experience_months, salary};
use crate::rank::text::fold;
use crate::rank::{Money, Profile, Rates, Skill, WorkFormats};

use super::review::Field;

/// The longest experience accepted, in years.
const MAX_YEARS: f64 = 60.0;
/// Values that drop a correction, going back to what the resume says.
const RESET: &[&str] = &["сбросить", "как в резюме", "по резюме", "reset"];

/// Corrected fields; `None` keeps what the resume says.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Corrections {
    /// The desired position.
    pub title: Option<String>,
    /// Key skills, replacing those the resume lists.
    pub skills: Option<Vec<String>>,
    /// Total experience in months.
    pub experience_months: Option<u32>,
    /// The salary wish.
    pub salary: Option<(f64, String)>,
    /// The home city: hh.ru area id and name.
    pub city: Option<(String, String)>,
    /// hh.ru work format ids (`REMOTE`, `ON_SITE`, `HYBRID`, `FIELD_WORK`); empty: any.
    pub formats: Option<Vec<String>>,
    /// Ready to relocate.
    pub relocation: Option<bool>,
}

/// Why a correction was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CorrectionError {
    /// No `Поле: значение`, or an unknown field.
    #[error("no known field in the correction")]
    UnknownField,
    /// An empty value.
    #[error("the value is empty")]
    Empty,
    /// Not a number of years.
    #[error("not a number of years")]
    Years,
    /// Not an amount of money.
    #[error("not an amount of money")]
    Salary,
    /// A city the ranking does not know.
    #[error("unknown city")]
    City,
    /// Not remote, office or hybrid.
    #[error("unknown work format")]
    Formats,
    /// Neither yes nor no.
    #[error("neither yes nor no")]
    YesNo,
}

impl CorrectionError {
    /// What to tell the person, in Russian, with an example.
    pub fn user_message(&self) -> &'static str {
        match self {
            CorrectionError::UnknownField => "Не понял, что исправить. Напишите «Поле: значение», например «Навыки: Rust, Go» или «Опыт: 6 лет». Поля: должность, навыки, опыт, зарплата, город, формат работы, переезд.",
            CorrectionError::Empty => "Пустое значение. Чтобы вернуть то, что в резюме, напишите «сбросить».",
            CorrectionError::Years => "Опыт — это число лет, например «6» или «6 лет 2 месяца».",
            CorrectionError::Salary => "Зарплата — это сумма, например «250 000» или «3000 $».",
            CorrectionError::City => "Этот город я не знаю. Напишите крупный город, например «Москва» или «Казань».",
            CorrectionError::Formats => "Формат работы: удалённо, офис, гибрид (можно несколько через запятую) или «любой».",
            CorrectionError::YesNo => "Про переезд ответьте «да» или «нет».",
        }
    }
}

impl Corrections {
    /// Whether nothing is corrected.
    pub fn is_empty(&self) -> bool {
        *self == Corrections::default()
    }

    /// Applies «Поле: значение» («Навыки: Rust, Go»); returns the field it changed.
    pub fn set_line(&mut self, line: &str) -> Result<Field, CorrectionError> {
        let (label, value) = line.split_once(':').ok_or(CorrectionError::UnknownField)?;
        let field = Field::from_label(label).ok_or(CorrectionError::UnknownField)?;
        self.set(field, value)?;
        Ok(field)
    }

    /// Sets one field from the person's words; «сбросить» goes back to the resume.
    pub fn set(&mut self, field: Field, value: &str) -> Result<(), CorrectionError> {
        let value = value.trim();
        let folded = fold(value);
        if RESET.contains(&folded.as_str()) {
            self.clear(field);
            return Ok(());
        }
        if value.is_empty() {
            return Err(CorrectionError::Empty);
        }
        match field {
            Field::Title => self.title = Some(value.chars().take(120).collect()),
            Field::Skills => {
                let skills: Vec<String> = value
                    .split([',', ';', '\n', '•'])
                    .map(str::trim)
                    .filter(|skill| !skill.is_empty())
                    .map(str::to_owned)
                    .collect();
                if skills.is_empty() {
                    return Err(CorrectionError::Empty);
                }
                self.skills = Some(skills);
            }
            Field::Experience => self.experience_months = Some(months_of(&folded)?),
            Field::Salary => {
                let (amount, currency) = salary(&folded)
                    .or_else(|| salary(&format!("зарплата {folded}")))
                    .ok_or(CorrectionError::Salary)?;
                self.salary = Some((amount, currency.to_owned()));
            }
            Field::City => {
                let city = find_city(value).ok_or(CorrectionError::City)?;
                self.city = Some((city.area_id.to_owned(), city.name.to_owned()));
            }
            Field::Formats => self.formats = Some(format_ids(&folded)?),
            Field::Relocation => self.relocation = Some(yes_no(&folded)?),
        }
        Ok(())
    }

    /// Drops the correction of `field`.
    pub fn clear(&mut self, field: Field) {
        match field {
            Field::Title => self.title = None,
            Field::Skills => self.skills = None,
            Field::Experience => self.experience_months = None,
            Field::Salary => self.salary = None,
            Field::City => self.city = None,
            Field::Formats => self.formats = None,
            Field::Relocation => self.relocation = None,
        }
    }

    /// Applies the corrections to a profile built from `text` (the resume's text, whose
    /// words ranking matches against vacancies' own skills).
    pub fn apply(&self, profile: &mut Profile, text: &str, rates: &Rates) {
        if self.is_empty() {
            return;
        }
        if let Some(title) = &self.title {
            profile.title = title.clone();
        }
        if let Some(skills) = &self.skills {
            // The listed skills are replaced, in the person's order; skills only mentioned
            // in the text stay.
            let corrected: Vec<Skill> = skills
                .iter()
                .flat_map(|name| Skill::parse_all(name))
                .collect();
            profile.skills.retain(|owned| {
                owned.weight < LISTED_SKILL
                    && !corrected.iter().any(|skill| skill.key == owned.skill.key)
            });
            for skill in corrected {
                profile.add_skill(skill, LISTED_SKILL);
            }
        }
        if let Some(months) = self.experience_months {
            profile.experience_months = Some(months);
        }
        if let Some((amount, currency)) = &self.salary {
            let money = Money {
                amount: *amount,
                currency: currency.clone(),
            };
            profile.set_salary(money, rates);
        }
        if let Some((id, name)) = &self.city {
            profile.area_id = Some(id.clone());
            profile.area_name = Some(name.clone());
        }
        if let Some(formats) = &self.formats {
            profile.work_formats = WorkFormats::from_ids(formats.iter().map(String::as_str));
        }
        if let Some(relocation) = self.relocation {
            profile.relocation = relocation;
            if !relocation {
                profile.relocation_areas.clear();
            }
        }
        let skills = self
            .skills
            .as_ref()
            .map(|s| s.join(", "))
            .unwrap_or_default();
        profile.finish(&[text, &profile.title.clone(), &skills]);
    }
}

/// «6», «6,5», «6 лет 2 месяца», «74 месяца».
fn months_of(folded: &str) -> Result<u32, CorrectionError> {
    if let Some(months) = experience_months(&format!("опыт {folded}")) {
        return Ok(months);
    }
    let years: f64 = folded
        .trim_end_matches(|c: char| c.is_alphabetic() || c.is_whitespace() || c == '.')
        .replace(',', ".")
        .trim()
        .parse()
        .map_err(|_| CorrectionError::Years)?;
    if !(0.0..=MAX_YEARS).contains(&years) {
        return Err(CorrectionError::Years);
    }
    Ok((years * 12.0).round() as u32)
}

/// «удалённо, гибрид» → `["REMOTE", "HYBRID"]`; «любой» → none (any format).
fn format_ids(folded: &str) -> Result<Vec<String>, CorrectionError> {
    if ["любой", "любая", "неважно", "не важно", "any"].contains(&folded) {
        return Ok(Vec::new());
    }
    let mut ids: Vec<String> = Vec::new();
    for part in folded
        .split([',', ';', '/', '+'])
        .flat_map(|p| p.split(" или "))
        .flat_map(|p| p.split(" и "))
    {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let id =
            if part.starts_with("удален") || part.starts_with("remote") || part.contains("из дома")
            {
                "REMOTE"
            } else if part.starts_with("гибрид") || part.starts_with("hybrid") {
                "HYBRID"
            } else if part.starts_with("офис")
                || part.contains("на месте")
                || part.starts_with("office")
            {
                "ON_SITE"
            } else if part.starts_with("разъезд") {
                "FIELD_WORK"
            } else {
                return Err(CorrectionError::Formats);
            };
        if !ids.iter().any(|known| known == id) {
            ids.push(id.to_owned());
        }
    }
    if ids.is_empty() {
        return Err(CorrectionError::Formats);
    }
    Ok(ids)
}

fn yes_no(folded: &str) -> Result<bool, CorrectionError> {
    let no = ["нет", "не готов", "не готова", "no", "не рассматриваю"];
    let yes = ["да", "готов", "готова", "yes", "рассматриваю", "хочу"];
    if no.iter().any(|word| folded.starts_with(word)) {
        Ok(false)
    } else if yes.iter().any(|word| folded.starts_with(word)) {
        Ok(true)
    } else {
        Err(CorrectionError::YesNo)
    }
}
