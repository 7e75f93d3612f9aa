//! Numbers in pasted resume lines: years of experience ("опыт 5 лет", "Опыт работы — 6 лет
//! 2 месяца", "5+ years") and a salary wish ("от 250 000 руб", "250k", "$5000").
//!
//! Each function looks at one folded line and answers only when the line carries the
//! right marker words, so phone numbers and dates are left alone.

/// A piece of a line.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Piece<'a> {
    Number(f64),
    Word(&'a str),
}

/// Splits a folded line into numbers (thousands grouped by spaces, decimal comma or dot)
/// and words.
fn pieces(line: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut index = 0;
    while index < chars.len() {
        let (at, c) = chars[index];
        if c.is_ascii_digit() {
            let (value, next) = number(&chars, index);
            out.push(Piece::Number(value));
            index = next;
        } else if c.is_alphabetic() {
            let end = chars[index..]
                .iter()
                .position(|(_, c)| !c.is_alphabetic())
                .map_or(chars.len(), |offset| index + offset);
            let end_byte = chars.get(end).map_or(line.len(), |(byte, _)| *byte);
            out.push(Piece::Word(&line[at..end_byte]));
            index = end;
        } else {
            index += 1;
        }
    }
    out
}

/// Reads a number starting at `start`; returns it and the index after it.
fn number(chars: &[(usize, char)], start: usize) -> (f64, usize) {
    let digits_from = |from: usize| {
        chars[from..]
            .iter()
            .take_while(|(_, c)| c.is_ascii_digit())
            .count()
    };
    let mut index = start + digits_from(start);
    let mut value: f64 = chars[start..index].iter().fold(0.0, |sum, (_, c)| {
        sum * 10.0 + f64::from(c.to_digit(10).unwrap_or(0))
    });
    loop {
        let separator = chars.get(index).map(|(_, c)| *c);
        let group = if index + 1 < chars.len() {
            digits_from(index + 1)
        } else {
            0
        };
        match separator {
            Some(' ' | '\u{a0}' | '\u{2009}' | '\u{202f}' | ',' | '.') if group == 3 => {
                let after = index + 1 + group;
                value = chars[index + 1..after].iter().fold(value, |sum, (_, c)| {
                    sum * 10.0 + f64::from(c.to_digit(10).unwrap_or(0))
                });
                index = after;
            }
            Some(',' | '.') if (1..=2).contains(&group) => {
                let after = index + 1 + group;
                let fraction: f64 = chars[index + 1..after]
                    .iter()
                    .rev()
                    .fold(0.0, |sum, (_, c)| {
                        (sum + f64::from(c.to_digit(10).unwrap_or(0))) / 10.0
                    });
                return (value + fraction, after);
            }
            _ => return (value, index),
        }
    }
}

fn is_year_word(word: &str) -> bool {
    matches!(
        word,
        "год" | "года" | "лет" | "г" | "year" | "years" | "yrs" | "yr"
    )
}

fn is_month_word(word: &str) -> bool {
    matches!(
        word,
        "месяц" | "месяца" | "месяцев" | "мес" | "month" | "months" | "mo" | "mos"
    )
}

/// Months of experience stated in a folded line ("опыт работы — 6 лет 2 месяца" → 74).
pub(crate) fn experience_months(line: &str) -> Option<u32> {
    let about_experience = line.contains("опыт")
        || line.contains("стаж")
        || line.contains("experience")
        || (line.contains('+') && (line.contains("year") || line.contains("лет")));
    if !about_experience {
        return None;
    }
    let pieces = pieces(line);
    let mut months: Option<f64> = None;
    let mut after_years = None;
    for (index, window) in pieces.windows(2).enumerate() {
        let [Piece::Number(value), Piece::Word(word)] = window else {
            continue;
        };
        if is_year_word(word) && months.is_none() && *value <= 60.0 {
            months = Some(value * 12.0);
            after_years = Some(index + 2);
        } else if is_month_word(word) && *value < 12.0 * 60.0 {
            match months {
                None => months = Some(*value),
                Some(years) if after_years == Some(index) => months = Some(years + value),
                Some(_) => {}
            }
            break;
        }
    }
    months.map(|months| months.round().clamp(0.0, 1e6) as u32)
}

/// A salary wish stated in a folded line: `(amount, currency code)`.
pub(crate) fn salary(line: &str) -> Option<(f64, &'static str)> {
    const MARKERS: &[&str] = &[
        "зарплат",
        "заработн",
        "доход",
        "оклад",
        "salary",
        "compensation",
        "₽",
        "руб",
        "rur",
        "rub",
        "$",
        "usd",
        "€",
        "eur",
        "на руки",
        "₸",
        "kzt",
    ];
    if !MARKERS.iter().any(|marker| line.contains(marker)) || line.contains("опыт") {
        return None;
    }
    let currency = currency_in(line);
    let pieces = pieces(line);
    pieces.iter().enumerate().find_map(|(index, piece)| {
        let Piece::Number(value) = piece else {
            return None;
        };
        let multiplier = match pieces.get(index + 1) {
            Some(Piece::Word("k" | "к" | "тыс" | "тысяч" | "thousand" | "т" | "тр")) => {
                1e3
            }
            Some(Piece::Word("млн" | "mln" | "million" | "m")) => 1e6,
            _ => 1.0,
        };
        let amount = value * multiplier;
        let floor = if currency == "RUR" { 1000.0 } else { 100.0 };
        (floor..=1e9)
            .contains(&amount)
            .then_some((amount, currency))
    })
}

fn currency_in(line: &str) -> &'static str {
    let has = |markers: &[&str]| markers.iter().any(|marker| line.contains(marker));
    if has(&["$", "usd", "долл", "dollar"]) {
        "USD"
    } else if has(&["€", "eur", "евро"]) {
        "EUR"
    } else if has(&["₸", "kzt", "тенге"]) {
        "KZT"
    } else {
        "RUR"
    }
}
