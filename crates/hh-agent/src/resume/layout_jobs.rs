//! The «Опыт работы» section of hh.ru's layout: each job opens with its dates («Март 2021
//! —», «настоящее время» or «Май 2023», then «3 года 2 месяца»), then the company, its
//! city or site and industries, the position and the description.

use crate::hh::types::Experience;
use crate::rank::places::find_city;
use crate::rank::profile_numbers::experience_months;
use crate::rank::title::TitleTerms;

use super::layout::Line;

#[rustfmt::skip]
const MONTHS: [&str; 12] = [
    "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
    "октябрь", "ноябрь", "декабрь",
];
/// A description line has at least this many words (or ends a sentence).
const LONG_LINE_WORDS: usize = 12;

/// `(year, month)` of «Март 2021…» and the rest of the line.
fn month_year(folded: &str) -> Option<(u32, u32, &str)> {
    let mut words = folded.splitn(3, ' ');
    let month = words.next()?;
    let month = MONTHS.iter().position(|known| *known == month)? as u32 + 1;
    let year = words.next()?;
    let year: u32 = year
        .get(..4)?
        .parse()
        .ok()
        .filter(|y| (1950..2100).contains(y))?;
    Some((year, month, words.next().unwrap_or("")))
}

/// Whether a folded line opens a job: «март 2021 — …» (a bare «май 2024» is an end).
pub(crate) fn is_date_range(folded: &str) -> bool {
    month_year(folded).is_some_and(|(_, _, rest)| rest.trim_start().starts_with(['—', '–', '-']))
}

/// An end date: `Some(None)` for «настоящее время», `Some(Some(date))` for «Май 2023».
fn end_date(folded: &str) -> Option<Option<String>> {
    let folded = folded.trim().trim_start_matches(['—', '–', '-']).trim();
    if folded.contains("настоящее время") || folded == "н.в." || folded == "present"
    {
        return Some(None);
    }
    let (year, month, _) = month_year(folded)?;
    Some(Some(format!("{year:04}-{month:02}-01")))
}

/// «3 года 2 месяца», «11 месяцев»: only numbers and year or month words.
fn is_duration(folded: &str) -> bool {
    const WORDS: &[&str] = &["год", "года", "лет", "месяц", "месяца", "месяцев", "мес"];
    let mut has_number = false;
    let only_parts = folded.split_whitespace().all(|word| {
        let number = word.chars().all(|c| c.is_ascii_digit());
        has_number |= number;
        number || WORDS.contains(&word)
    });
    has_number && only_parts
}

/// The total from the heading («Опыт работы — 6 лет 2 месяца»), else the jobs' durations
/// added up.
pub(crate) fn total_months(lines: &[Line]) -> Option<u32> {
    if let Some(total) = lines
        .first()
        .and_then(|line| experience_months(&line.folded))
    {
        return Some(total);
    }
    let durations: Vec<u32> = lines
        .iter()
        .filter(|line| is_duration(&line.folded))
        .filter_map(|line| experience_months(&format!("опыт {}", line.folded)))
        .collect();
    (!durations.is_empty()).then(|| durations.iter().sum())
}

/// The jobs of the section (its first line is the heading).
pub(crate) fn jobs(lines: &[Line]) -> Vec<Experience> {
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, line)| is_date_range(&line.folded))
        .map(|(index, _)| index)
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(order, start)| {
            let end = starts.get(order + 1).copied().unwrap_or(lines.len());
            job(&lines[*start..end])
        })
        .collect()
}

/// One job: its lines from the date line on.
fn job(lines: &[Line]) -> Experience {
    let mut job = Experience::default();
    let Some((first, rest)) = lines.split_first() else {
        return job;
    };
    let mut body = rest;
    if let Some((year, month, after)) = month_year(&first.folded) {
        job.start = Some(format!("{year:04}-{month:02}-01"));
        let after = after.trim().trim_start_matches(['—', '–', '-']).trim();
        let end = if after.is_empty() {
            let next = body.first().and_then(|line| end_date(&line.folded));
            if next.is_some() {
                body = &body[1..];
            }
            next
        } else {
            end_date(after)
        };
        job.end = end.flatten();
    }
    if body.first().is_some_and(|line| is_duration(&line.folded)) {
        body = &body[1..];
    }
    let Some((company, body)) = body.split_first() else {
        return job;
    };
    job.company = Some(company.text.clone());
    let rest = &body[company_lines(body)..];
    let (position, description) = match rest.split_first() {
        Some((line, after)) if !is_long(&line.text) => (Some(line.text.clone()), after),
        _ => (None, rest),
    };
    job.position = position;
    let description: Vec<&str> = description.iter().map(|line| line.text.as_str()).collect();
    job.description = Some(description.join("\n")).filter(|text| !text.is_empty());
    job
}

/// Whether `body[at]` describes the company rather than the job: its city or site, or
/// the group industry bullets follow.
fn is_about_company(body: &[Line], at: usize) -> bool {
    let line = &body[at].text;
    let words = line.split_whitespace().count();
    let site = line.contains("http") || line.contains("www.") || line.contains(".ru");
    let place = words <= 5 && (find_city(line).is_some() || site);
    let before_bullets = body.get(at + 1).is_some_and(|next| is_bullet(&next.text));
    // A lone word or two that names no job, with more lines to come, is a town we do not
    // know («Тула»).
    let unknown_place =
        at == 0 && words <= 2 && body.len() > 2 && !TitleTerms::parse(line).names_a_job;
    place || before_bullets || unknown_place
}

/// How many lines after the company describe it: its city or site, and industry
/// bullets, which may wrap onto lines that start in lowercase or follow an open comma or
/// bracket.
fn company_lines(body: &[Line]) -> usize {
    let mut in_bullet = false;
    for (at, line) in body.iter().enumerate() {
        let text = &line.text;
        let continues = in_bullet
            && at.checked_sub(1).is_some_and(|before| {
                let before = &body[before].text;
                let open = before.ends_with(',')
                    || before.matches('(').count() > before.matches(')').count();
                open || text.chars().next().is_some_and(char::is_lowercase)
            });
        if is_bullet(text) {
            in_bullet = true;
        } else if !continues {
            if !is_about_company(body, at) {
                return at;
            }
            in_bullet = false;
        }
    }
    body.len()
}

fn is_bullet(text: &str) -> bool {
    text.starts_with(['•', '·', '▪', '●'])
}

/// A sentence rather than a position: many words, or a full stop at the end.
fn is_long(text: &str) -> bool {
    text.split_whitespace().count() >= LONG_LINE_WORDS || text.trim_end().ends_with('.')
}
