//! How the bot shows things: a vacancy card (text and buttons), result pages, Telegram's
//! message length, local times. Pure: building messages, not sending them.

use chrono::{DateTime, FixedOffset, Utc};
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};
use url::Url;

use super::action::Action;
use crate::finder::Found;
use crate::hh::types::Vacancy;
use crate::rank::Ranked;

/// Telegram's limit for one message, in UTF-16 code units.
pub const TELEGRAM_MAX_LEN: usize = 4096;
/// Cards per page of a result list.
pub const PAGE_SIZE: usize = 5;
/// The most cards a list keeps for «Ещё».
pub const MAX_LIST: usize = 50;

/// What a card shows; small enough to keep lists in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// hh.ru's vacancy id.
    pub id: String,
    /// The title.
    pub title: String,
    /// The employer's name.
    pub employer: Option<String>,
    /// City and work format.
    pub place: Option<String>,
    /// 0..=100.
    pub score: u8,
    /// The explanation, Russian.
    pub why: String,
    /// The vacancy on hh.ru.
    pub url: Option<String>,
    /// hh.ru's apply page.
    pub apply_url: Option<String>,
    /// The employer demands a letter.
    pub letter_required: bool,
}

impl Card {
    /// The card of a found vacancy.
    pub fn new(vacancy: &Vacancy, ranked: &Ranked) -> Card {
        let formats: Vec<&str> = vacancy
            .work_format
            .iter()
            .filter_map(|format| match format.id.as_str() {
                "REMOTE" => Some("удалённо"),
                "HYBRID" => Some("гибрид"),
                "FIELD_WORK" => Some("разъездная работа"),
                _ => None,
            })
            .collect();
        let mut place: Vec<String> = vacancy
            .area
            .as_ref()
            .map(|area| area.name.clone())
            .into_iter()
            .collect();
        place.extend(formats.iter().map(|format| (*format).to_owned()));
        let mut why = ranked.explanation.to_text();
        if let Some(exclusion) = &ranked.excluded {
            why = format!("{} {why}", exclusion.reason());
        }
        Card {
            id: vacancy.id.clone(),
            title: vacancy.name.clone(),
            employer: vacancy.employer.as_ref().map(|e| e.name.clone()),
            place: Some(place.join(", ")).filter(|place| !place.is_empty()),
            score: ranked.score,
            why,
            url: vacancy.alternate_url.clone(),
            apply_url: vacancy
                .apply_alternate_url
                .clone()
                .or_else(|| vacancy.alternate_url.clone()),
            letter_required: vacancy.response_letter_required,
        }
    }

    /// The card of a finder result.
    pub fn from_found(found: &Found) -> Card {
        Card::new(&found.vacancy, &found.ranked)
    }

    /// The card's text.
    pub fn text(&self) -> String {
        let mut lines = vec![match &self.employer {
            Some(employer) => format!("{} — {employer}", self.title),
            None => self.title.clone(),
        }];
        if let Some(place) = &self.place {
            lines.push(place.clone());
        }
        lines.push(format!("Оценка: {}/100", self.score));
        lines.push(self.why.clone());
        if self.letter_required {
            lines.push("Работодатель просит сопроводительное письмо.".to_owned());
        }
        lines.join("\n")
    }

    /// «Откликнуться», «Письмо», «Скрыть», «Открыть на hh.ru»; in link-only mode the apply
    /// button opens hh.ru's page and «Я откликнулся» records it.
    pub fn keyboard(&self, link_only: bool) -> InlineKeyboardMarkup {
        let id = || self.id.clone();
        let open = url_button("Открыть на hh.ru", self.url.as_deref());
        let hide = button("Скрыть", Action::Hide(id()));
        let letter = button("Письмо", Action::Letter(id()));
        if link_only {
            keyboard(vec![
                vec![
                    url_button("Откликнуться на hh.ru", self.apply_url.as_deref()),
                    letter,
                ],
                vec![button("Я откликнулся", Action::Applied(id())), hide, open],
            ])
        } else {
            keyboard(vec![
                vec![button("Откликнуться", Action::Apply(id())), letter],
                vec![hide, open],
            ])
        }
    }
}

/// A button with `action`, or nothing when its data would not fit.
pub fn button(text: &str, action: Action) -> Option<InlineKeyboardButton> {
    action
        .encode()
        .map(|data| InlineKeyboardButton::callback(text.to_owned(), data))
}

/// A link button, or nothing without a valid http(s) link.
pub fn url_button(text: &str, url: Option<&str>) -> Option<InlineKeyboardButton> {
    let url = Url::parse(url?).ok()?;
    matches!(url.scheme(), "http" | "https")
        .then(|| InlineKeyboardButton::url(text.to_owned(), url))
}

/// A keyboard of the buttons that could be built ([`button`], [`url_button`]), empty
/// rows left out.
pub fn keyboard(rows: Vec<Vec<Option<InlineKeyboardButton>>>) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(
        rows.into_iter()
            .map(|row| row.into_iter().flatten().collect::<Vec<_>>())
            .filter(|row| !row.is_empty()),
    )
}

/// The «Войти на hh.ru» button alone, for every message that asks to authorize again.
pub fn login_keyboard() -> InlineKeyboardMarkup {
    keyboard(vec![vec![button("Войти на hh.ru", Action::Auth)]])
}

/// The cards of page `page` (from 0) of `cards`.
pub fn page(cards: &[Card], page: usize) -> &[Card] {
    let start = (page * PAGE_SIZE).min(cards.len());
    let end = (start + PAGE_SIZE).min(cards.len());
    &cards[start..end]
}

/// The line under a page and its «Ещё» button (none on the last page).
pub fn page_footer(list: u32, page: usize, total: usize) -> (String, InlineKeyboardMarkup) {
    let start = page * PAGE_SIZE + 1;
    let end = ((page + 1) * PAGE_SIZE).min(total);
    let text = format!("Показаны {start}–{end} из {total}.");
    let more = (end < total)
        .then(|| {
            button(
                "Ещё ▶",
                Action::Page {
                    list,
                    page: u32::try_from(page + 1).unwrap_or(u32::MAX),
                },
            )
        })
        .flatten();
    (text, keyboard(vec![vec![more]]))
}

/// Splits `text` into messages of at most [`TELEGRAM_MAX_LEN`] UTF-16 units, at line
/// breaks where possible.
pub fn split(text: &str) -> Vec<String> {
    let units = |s: &str| s.encode_utf16().count();
    if units(text) <= TELEGRAM_MAX_LEN {
        return vec![text.to_owned()];
    }
    let mut parts = Vec::new();
    let mut current = String::new();
    for line in text.split_inclusive('\n') {
        if units(&current) + units(line) > TELEGRAM_MAX_LEN && !current.is_empty() {
            parts.push(std::mem::take(&mut current));
        }
        if units(line) > TELEGRAM_MAX_LEN {
            for c in line.chars() {
                if units(&current) + c.len_utf16() > TELEGRAM_MAX_LEN {
                    parts.push(std::mem::take(&mut current));
                }
                current.push(c);
            }
        } else {
            current.push_str(line);
        }
    }
    if !current.trim().is_empty() {
        parts.push(current);
    }
    parts.retain(|part| !part.trim().is_empty());
    parts
}

/// `25.11 14:05` in the user's time zone.
pub fn local_time(time: DateTime<Utc>, offset: FixedOffset) -> String {
    time.with_timezone(&offset)
        .format("%d.%m %H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_every_character_within_the_limit() {
        let line = format!("{}\n", "я".repeat(1000));
        let text = line.repeat(9) + &"ж".repeat(5000);
        let parts = split(&text);
        assert!(parts.len() >= 4, "{}", parts.len());
        for part in &parts {
            assert!(part.encode_utf16().count() <= TELEGRAM_MAX_LEN);
        }
        assert_eq!(parts.concat(), text);
        assert_eq!(split("коротко"), vec!["коротко"]);
    }

    #[test]
    fn split_counts_utf16_units_not_chars() {
        // Emoji are two UTF-16 units each: 3000 of them need two messages.
        let parts = split(&"😀".repeat(3000));
        assert_eq!(parts.len(), 2);
        assert!(parts
            .iter()
            .all(|p| p.encode_utf16().count() <= TELEGRAM_MAX_LEN));
    }

    #[test]
    fn pages_and_footer() {
        let card = |id: &str| Card {
            id: id.into(),
            title: "t".into(),
            employer: None,
            place: None,
            score: 50,
            why: String::new(),
            url: None,
            apply_url: None,
            letter_required: false,
        };
        let cards: Vec<Card> = (0..12).map(|i| card(&i.to_string())).collect();
        assert_eq!(page(&cards, 2).len(), 2);
        assert!(page(&cards, 3).is_empty());
        let (text, keys) = page_footer(7, 0, 12);
        assert_eq!(text, "Показаны 1–5 из 12.");
        assert_eq!(keys.inline_keyboard.len(), 1);
        let (text, keys) = page_footer(7, 2, 12);
        assert_eq!(text, "Показаны 11–12 из 12.");
        assert!(keys.inline_keyboard.is_empty());
    }

    #[test]
    fn link_buttons_need_http_links() {
        assert!(url_button("x", Some("javascript:alert(1)")).is_none());
        assert!(url_button("x", Some("https://hh.ru/vacancy/1")).is_some());
        assert!(url_button("x", None).is_none());
    }
}
