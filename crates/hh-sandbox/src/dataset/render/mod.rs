//! Renders dataset records as hh.ru's JSON bodies (`serde_json::Value`), following the
//! December 2025 OpenAPI schemas: required fields present, nullable ones `null`, and dates
//! as `YYYY-MM-DDThh:mm:ss+0300`.
//!
//! `url` fields point at the sandbox (`api_base`, no trailing slash); `alternate_url`
//! fields point at `https://hh.ru/...`. Nothing here filters, sorts or pages.

mod account;
mod resume;
mod vacancy;

use chrono::{DateTime, FixedOffset, Utc};
use serde_json::{json, Value};

pub use super::areas::{area_ref, area_tree, areas};
pub use super::dictionaries::dictionaries;
pub use account::{employer_detail, employer_item, me};
pub use resume::{resume_detail, resume_mine_item};
pub use vacancy::{vacancy_detail, vacancy_item, vacancy_short};

use super::dictionaries::id_name;
use super::records::Salary;

/// Moscow time, which hh.ru uses in every date it sends.
const MOSCOW_OFFSET_SECONDS: i32 = 3 * 3600;

/// `2025-12-30T14:05:00+0300`: Moscow time, offset without a colon (FACTS §2).
pub fn format_date(time: DateTime<Utc>) -> String {
    match FixedOffset::east_opt(MOSCOW_OFFSET_SECONDS) {
        Some(moscow) => time
            .with_timezone(&moscow)
            .format("%Y-%m-%dT%H:%M:%S%z")
            .to_string(),
        None => time.format("%Y-%m-%dT%H:%M:%S+0000").to_string(),
    }
}

/// The deprecated `salary` object: `{from, to, currency, gross}` or `null`.
fn salary_value(salary: Option<&Salary>) -> Value {
    match salary {
        Some(salary) => json!({
            "from": salary.from,
            "to": salary.to,
            "currency": salary.currency,
            "gross": salary.gross,
        }),
        None => Value::Null,
    }
}

/// `salary_range`: the salary with a monthly `mode` and `frequency`, or `null`.
fn salary_range_value(salary: Option<&Salary>) -> Value {
    match salary {
        Some(salary) => json!({
            "from": salary.from,
            "to": salary.to,
            "currency": salary.currency,
            "gross": salary.gross,
            "mode": {"id": "MONTH", "name": "За месяц"},
            "frequency": {"id": "MONTHLY", "name": "Раз в месяц"},
        }),
        None => Value::Null,
    }
}

/// `{id, name}` for each id of a dictionary.
fn id_names(dictionary: &str, ids: &[&str]) -> Value {
    Value::Array(ids.iter().map(|id| id_name(dictionary, id)).collect())
}

/// `{id, name}` pairs.
fn pairs(items: &[(&str, &str)]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|(id, name)| json!({"id": id, "name": name}))
            .collect(),
    )
}

/// A spoken language with its level: `{id, name, level{id, name}}`.
fn language(id: &str, level: &str) -> Value {
    let name = match id {
        "rus" => "Русский",
        "eng" => "Английский",
        "deu" => "Немецкий",
        "tat" => "Татарский",
        _ => id,
    };
    json!({"id": id, "name": name, "level": id_name("language_level", level)})
}
