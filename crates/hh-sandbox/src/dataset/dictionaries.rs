//! `GET /dictionaries`: hh.ru's dictionaries (transcribed into `dictionaries.json`) plus the
//! sandbox's currency table, which is the one source of exchange rates.
//!
//! The JSON is compiled in with `include_str!`; nothing is read at run time.

use std::sync::OnceLock;

use serde_json::{json, Map, Value};

/// One currency of `GET /dictionaries`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Currency {
    /// `RUR`, `USD`, …
    pub code: &'static str,
    /// The short name shown next to amounts.
    pub abbr: &'static str,
    /// The full Russian name.
    pub name: &'static str,
    /// Units of this currency per 1 RUR.
    pub rate: f64,
    /// Whether vacancies may use it.
    pub in_use: bool,
}

/// The sandbox's currencies; rates are units per 1 RUR (late 2025 levels).
pub const CURRENCIES: &[Currency] = &[
    currency("AZN", "AZN", "Манаты", 0.0213, false),
    currency("BYR", "бел. руб.", "Белорусские рубли", 0.0385, true),
    currency("EUR", "EUR", "Евро", 0.0107, true),
    currency("GEL", "GEL", "Грузинский лари", 0.034, false),
    currency("KGS", "KGS", "Киргизский сом", 1.09, false),
    currency("KZT", "KZT", "Тенге", 6.4, true),
    currency("RUR", "руб.", "Рубли", 1.0, true),
    currency("UAH", "грн.", "Гривны", 0.52, false),
    currency("USD", "USD", "Доллары", 0.0125, true),
    currency("UZS", "сум", "Узбекский сум", 158.0, false),
];

const fn currency(
    code: &'static str,
    abbr: &'static str,
    name: &'static str,
    rate: f64,
    in_use: bool,
) -> Currency {
    Currency {
        code,
        abbr,
        name,
        rate,
        in_use,
    }
}

/// Units of `code` per 1 RUR, if the currency is known.
pub fn currency_rate(code: &str) -> Option<f64> {
    CURRENCIES
        .iter()
        .find(|currency| currency.code == code)
        .map(|currency| currency.rate)
}

/// `GET /dictionaries`.
pub fn dictionaries() -> Value {
    let mut body = match parsed() {
        Value::Object(map) => map.clone(),
        _ => Map::new(),
    };
    let currencies = CURRENCIES
        .iter()
        .map(|currency| {
            json!({
                "code": currency.code,
                "abbr": currency.abbr,
                "name": currency.name,
                "default": currency.code == "RUR",
                "rate": currency.rate,
                "in_use": currency.in_use,
            })
        })
        .collect();
    body.insert("currency".to_owned(), Value::Array(currencies));
    Value::Object(body)
}

/// The display name of `id` in the dictionary `dictionary` (e.g. `experience`,
/// `noExperience` → "Нет опыта"); empty when unknown.
pub fn dictionary_name(dictionary: &str, id: &str) -> &'static str {
    parsed()
        .get(dictionary)
        .and_then(Value::as_array)
        .and_then(|entries| {
            entries
                .iter()
                .find(|entry| entry.get("id").and_then(Value::as_str) == Some(id))
        })
        .and_then(|entry| entry.get("name"))
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// `{id, name}` for `id` in `dictionary`.
pub fn id_name(dictionary: &str, id: &str) -> Value {
    json!({"id": id, "name": dictionary_name(dictionary, id)})
}

/// The compiled-in dictionaries (without currencies); `null` if the file were broken,
/// which a unit test rules out.
fn parsed() -> &'static Value {
    static PARSED: OnceLock<Value> = OnceLock::new();
    PARSED.get_or_init(|| {
        serde_json::from_str(include_str!("dictionaries.json")).unwrap_or(Value::Null)
    })
}
