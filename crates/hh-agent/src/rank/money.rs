//! Money: currency rates from `/dictionaries`, a vacancy's salary brought to net monthly
//! roubles, and Russian formatting of amounts ("300–400 тыс. ₽").
//!
//! The conversion assumptions live here and only here: hh.ru's `rate` is units per 1 RUR;
//! gross pay is taken as net × 1/0.87 (13% income tax); an hourly rate is taken as 165
//! hours a month; shift and other pay modes stay unconverted (unknown monthly pay).

use crate::hh::types::{Currency, SalaryRange};

/// The share of gross pay a worker gets (13% НДФЛ withheld).
pub const NET_SHARE: f64 = 0.87;
/// Working hours in a month, to compare hourly pay with a monthly wish.
pub const HOURS_PER_MONTH: f64 = 165.0;
/// A salary range open at the top is assumed to reach this much above its floor.
pub const OPEN_TOP_STRETCH: f64 = 1.2;
/// Amounts above this (in any currency) are treated as garbage.
const MAX_AMOUNT: f64 = 1e12;

/// Currency rates: units of a currency per 1 RUR, as `/dictionaries` gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct Rates {
    rates: Vec<(String, f64)>,
}

impl Default for Rates {
    /// Roubles only: any other currency is unknown.
    fn default() -> Rates {
        Rates {
            rates: vec![("RUR".to_owned(), 1.0)],
        }
    }
}

/// Approximate rates for offline use (late 2025 levels, units per 1 RUR), for when no
/// `/dictionaries` answer is at hand: `hh rank` and `hh letter` without `--dictionaries`.
const OFFLINE_RATES: [(&str, f64); 9] = [
    ("AZN", 0.0213),
    ("BYR", 0.0385),
    ("EUR", 0.0107),
    ("GEL", 0.034),
    ("KGS", 1.09),
    ("KZT", 6.4),
    ("UAH", 0.52),
    ("USD", 0.0125),
    ("UZS", 158.0),
];

impl Rates {
    /// The built-in approximate rates (late 2025); `/dictionaries` gives today's.
    pub fn offline() -> Rates {
        let mut rates = Rates::default();
        rates.rates.extend(
            OFFLINE_RATES
                .iter()
                .map(|(code, rate)| ((*code).to_owned(), *rate)),
        );
        rates
    }

    /// Rates from `/dictionaries`' `currency` list; entries with a non-positive or
    /// non-finite rate are skipped, RUR is always 1.
    pub fn new(currencies: &[Currency]) -> Rates {
        let mut rates = Rates::default();
        for currency in currencies {
            let code = currency.code.trim().to_ascii_uppercase();
            if code == "RUR" || code.is_empty() {
                continue;
            }
            if currency.rate.is_finite() && currency.rate > 0.0 {
                rates.rates.push((code, currency.rate));
            }
        }
        rates
    }

    /// `amount` of `code` in roubles; `None` for an unknown currency or a bad amount.
    pub fn to_rur(&self, amount: f64, code: &str) -> Option<f64> {
        if !amount.is_finite() || amount <= 0.0 || amount > MAX_AMOUNT {
            return None;
        }
        let code = code.trim();
        let code = if code.eq_ignore_ascii_case("RUB") {
            "RUR"
        } else {
            code
        };
        let (_, rate) = self
            .rates
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(code))?;
        Some(amount / rate)
    }
}

/// A vacancy's salary as stated, and as net monthly roubles for comparisons.
#[derive(Debug, Clone, PartialEq)]
pub struct Salary {
    /// Lower bound as stated.
    pub from: Option<f64>,
    /// Upper bound as stated.
    pub to: Option<f64>,
    /// The stated currency code (`RUR` when hh.ru gave none).
    pub currency: String,
    /// Whether the stated amounts are before tax.
    pub gross: bool,
    /// Lower bound, net, per month, in roubles; `None` if it cannot be known.
    pub from_net_rur: Option<f64>,
    /// Upper bound, net, per month, in roubles.
    pub to_net_rur: Option<f64>,
}

impl Salary {
    /// Reads `salary_range` (or the deprecated `salary`); `None` when neither bound is a
    /// usable amount.
    pub fn from_range(range: &SalaryRange, rates: &Rates) -> Option<Salary> {
        let clean = |value: Option<f64>| value.filter(|v| v.is_finite() && *v > 0.0);
        let (mut from, mut to) = (clean(range.from), clean(range.to));
        if let (Some(low), Some(high)) = (from, to) {
            if low > high {
                (from, to) = (Some(high), Some(low));
            }
        }
        if from.is_none() && to.is_none() {
            return None;
        }
        let currency = range.currency.clone().unwrap_or_else(|| "RUR".to_owned());
        let gross = range.gross.unwrap_or(false);
        let monthly = match range.mode.as_ref().map(|mode| mode.id.as_str()) {
            None | Some("MONTH" | "") => Some(1.0),
            Some("HOUR") => Some(HOURS_PER_MONTH),
            Some(_) => None,
        };
        let tax = if gross { NET_SHARE } else { 1.0 };
        let convert = |amount: Option<f64>| {
            let per_month = amount? * monthly?;
            rates.to_rur(per_month, &currency).map(|rur| rur * tax)
        };
        Some(Salary {
            from,
            to,
            from_net_rur: convert(from),
            to_net_rur: convert(to),
            currency,
            gross,
        })
    }

    /// The most the vacancy may pay, net monthly roubles: the upper bound, or the lower
    /// bound stretched by [`OPEN_TOP_STRETCH`] when the range is open at the top.
    pub fn upper_net_rur(&self) -> Option<f64> {
        self.to_net_rur
            .or_else(|| self.from_net_rur.map(|from| from * OPEN_TOP_STRETCH))
    }

    /// The stated range in Russian, e.g. `300–400 тыс. ₽`, `от 3 тыс. $`.
    pub fn describe(&self) -> String {
        format_range(self.from, self.to, &self.currency)
    }
}

/// The sign of a currency code (`₽`, `$`, `€`), or the code itself.
pub fn currency_sign(code: &str) -> &str {
    match code {
        "RUR" | "RUB" => "₽",
        "USD" => "$",
        "EUR" => "€",
        "KZT" => "₸",
        "BYR" | "BYN" => "Br",
        _ => code,
    }
}

/// A range in Russian: `300–400 тыс. ₽`, `от 300 тыс. ₽`, `до 1,2 млн ₽`.
pub fn format_range(from: Option<f64>, to: Option<f64>, currency: &str) -> String {
    let sign = currency_sign(currency);
    match (from, to) {
        (Some(low), Some(high)) if low != high => {
            let (unit, suffix) = scale(high);
            if scale(low).0 == unit {
                format!(
                    "{}–{}{suffix} {sign}",
                    number(low, unit),
                    number(high, unit)
                )
            } else {
                format!("{} – {}", amount_text(low, sign), amount_text(high, sign))
            }
        }
        (Some(low), _) if to.is_none() => format!("от {}", amount_text(low, sign)),
        (_, Some(high)) if from.is_none() => format!("до {}", amount_text(high, sign)),
        (Some(exact), _) | (_, Some(exact)) => amount_text(exact, sign),
        (None, None) => "не указана".to_owned(),
    }
}

/// One amount in Russian: `250 тыс. ₽`.
pub fn amount_text(amount: f64, sign: &str) -> String {
    let (unit, suffix) = scale(amount);
    format!("{}{suffix} {sign}", number(amount, unit))
}

/// The divisor and the suffix for an amount's size.
fn scale(amount: f64) -> (f64, &'static str) {
    if amount >= 999_500.0 {
        (1_000_000.0, " млн")
    } else if amount >= 1_000.0 {
        (1_000.0, " тыс.")
    } else {
        (1.0, "")
    }
}

/// `amount / unit` with at most two decimals and a decimal comma.
fn number(amount: f64, unit: f64) -> String {
    let value = amount / unit;
    let rounded = if value >= 100.0 || unit == 1.0 {
        format!("{}", value.round().min(1e15) as u64)
    } else {
        let text = format!("{:.2}", (value * 100.0).round() / 100.0);
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    rounded.replace('.', ",")
}
