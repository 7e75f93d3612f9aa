//! Small helpers the generator shares: seeded picks that never panic on empty tables,
//! transliterated slugs, Russian number phrases and snippet excerpts.

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// One item of `items`, or `fallback` when the table is empty.
pub(crate) fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T], fallback: T) -> T {
    items.choose(rng).copied().unwrap_or(fallback)
}

/// One item by integer weight, or `fallback` when all weights are zero.
pub(crate) fn weighted<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, u32)], fallback: T) -> T {
    let total: u32 = items.iter().map(|(_, weight)| weight).sum();
    if total == 0 {
        return fallback;
    }
    let mut roll = rng.gen_range(0..total);
    for (item, weight) in items {
        if roll < *weight {
            return *item;
        }
        roll -= weight;
    }
    fallback
}

/// Up to `count` distinct items in random order.
pub(crate) fn sample<T: Copy>(rng: &mut ChaCha8Rng, items: &[T], count: usize) -> Vec<T> {
    items.choose_multiple(rng, count).copied().collect()
}

/// Whether an event of `percent` percent happens.
pub(crate) fn chance(rng: &mut ChaCha8Rng, percent: f64) -> bool {
    rng.gen_bool((percent / 100.0).clamp(0.0, 1.0))
}

/// A lowercase latin slug for `.example` domains: "Завод «Металлист»" → `zavod-metallist`.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    for letter in name.to_lowercase().chars() {
        match letter {
            'a'..='z' | '0'..='9' => out.push(letter),
            ' ' | '-' | '_' | '.' => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
            _ => out.push_str(latin(letter)),
        }
    }
    out.trim_end_matches('-').to_owned()
}

fn latin(letter: char) -> &'static str {
    match letter {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' | 'ы' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ю' => "yu",
        'я' => "ya",
        _ => "",
    }
}

/// "от 1 года", "от 3 лет".
pub(crate) fn from_years(years: u32) -> String {
    let unit = if years % 10 == 1 && years % 100 != 11 {
        "года"
    } else {
        "лет"
    };
    format!("от {years} {unit}")
}

/// Sentences joined into one plain-text excerpt of at most `max_chars` characters,
/// cut at a word boundary with "..." as hh.ru's snippets are.
pub(crate) fn excerpt(sentences: &[String], max_chars: usize) -> String {
    let joined = sentences
        .iter()
        .map(|sentence| sentence.trim_end_matches('.'))
        .collect::<Vec<_>>()
        .join(". ");
    let text = format!("{joined}.");
    if text.chars().count() <= max_chars {
        return text;
    }
    let cut: String = text.chars().take(max_chars).collect();
    let cut = match cut.rfind(' ') {
        Some(space) => &cut[..space],
        None => cut.as_str(),
    };
    format!("{}...", cut.trim_end_matches([',', '.', ' ', ':']))
}

/// The text of a description this dataset wrote: the inverse of [`html_escape`] and the
/// generator's few tags (`p`, `ul` and `li` end a line, `strong` only marks), whitespace
/// collapsed. Not a general HTML reader: the sandbox only ever reads its own markup.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut pending: Option<char> = None;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            if let Some(end) = rest.find('>') {
                let name = rest[1..end].trim_start_matches('/');
                if matches!(name, "p" | "ul" | "li") {
                    pending = Some('\n');
                }
                rest = &rest[end + 1..];
                continue;
            }
        }
        let (decoded, used) = match c {
            '&' if rest.starts_with("&amp;") => ('&', 5),
            '&' if rest.starts_with("&lt;") => ('<', 4),
            '&' if rest.starts_with("&gt;") => ('>', 4),
            _ => (c, c.len_utf8()),
        };
        rest = &rest[used..];
        if decoded.is_whitespace() {
            pending = pending.or(Some(' '));
            continue;
        }
        if let Some(separator) = pending.take() {
            if !out.is_empty() {
                out.push(separator);
            }
        }
        out.push(decoded);
    }
    out
}

/// Escapes `&`, `<` and `>` for HTML text.
pub(crate) fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// An HTML list of the items.
pub(crate) fn html_list(items: &[String]) -> String {
    let mut out = String::from("<ul>");
    for item in items {
        out.push_str("<li>");
        out.push_str(&html_escape(item));
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

/// `<p><strong>{header}</strong></p>` followed by a list.
pub(crate) fn html_section(header: &str, items: &[String]) -> String {
    format!(
        "<p><strong>{}</strong></p>{}",
        html_escape(header),
        html_list(items)
    )
}
