//! The user's bot settings (mode, minimum score, daily cap, digest times, resume bump,
//! extra filters), stored as one JSON value in the ledger, and the words /settings uses.
//!
//! Reading and writing the ledger is the caller's; this only defines, parses and describes.

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use crate::applying::{DEFAULT_DAILY_CAP, HH_DAILY_CAP};
use crate::rank::Filters;

/// The ledger setting that holds [`Settings`].
pub const KEY: &str = "bot_settings";

/// How applications are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Every application needs a tap.
    #[default]
    Manual,
    /// New matches above the minimum score are applied to on schedule, up to the cap.
    Auto,
}

/// Everything /settings changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Manual or auto.
    pub mode: Mode,
    /// The least score shown in digests and applied to in auto mode.
    pub min_score: u8,
    /// Our cap per rolling 24 hours (at most hh.ru's 200).
    pub daily_cap: u32,
    /// When the digest comes, in the user's time zone.
    pub digest_times: Vec<NaiveTime>,
    /// Bump the active resume when hh.ru allows.
    pub bump: bool,
    /// Only remote vacancies.
    pub remote_only: bool,
    /// Words to leave out, on top of the config's.
    pub exclude_words: Vec<String>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            mode: Mode::Manual,
            min_score: 60,
            daily_cap: DEFAULT_DAILY_CAP,
            digest_times: vec![time(9, 0), time(18, 0)],
            bump: true,
            remote_only: false,
            exclude_words: Vec::new(),
        }
    }
}

fn time(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default()
}

/// One change the user asked for by text (`/settings min_score 70`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    MinScore(u8),
    DailyCap(u32),
    DigestTimes(Vec<NaiveTime>),
    ExcludeWords(Vec<String>),
}

impl Settings {
    /// The config's filters with these settings on top.
    pub fn filters(&self, config: &Filters) -> Filters {
        let mut filters = config.clone();
        filters.min_score = self.min_score.max(config.min_score);
        filters.remote_only |= self.remote_only;
        for word in &self.exclude_words {
            if !filters.exclude_words.contains(word) {
                filters.exclude_words.push(word.clone());
            }
        }
        filters
    }

    /// Applies one change.
    pub fn apply(&mut self, change: Change) {
        match change {
            Change::MinScore(score) => self.min_score = score,
            Change::DailyCap(cap) => self.daily_cap = cap,
            Change::DigestTimes(times) => self.digest_times = times,
            Change::ExcludeWords(words) => self.exclude_words = words,
        }
    }

    /// The settings in Russian, one per line.
    pub fn describe(&self) -> String {
        let times: Vec<String> = self
            .digest_times
            .iter()
            .map(|time| time.format("%H:%M").to_string())
            .collect();
        let on_off = |on: bool| if on { "вкл." } else { "выкл." };
        format!(
            "Режим: {}\nМинимальная оценка: {}\nЛимит откликов за сутки: {} (у hh.ru — {HH_DAILY_CAP})\nПодборка: {}\nПоднимать резюме: {}\nТолько удалённая работа: {}\nИсключать слова: {}",
            match self.mode {
                Mode::Manual => "ручной (каждый отклик — по кнопке)",
                Mode::Auto => "авто (отклики на новые подходящие вакансии по расписанию)",
            },
            self.min_score,
            self.daily_cap,
            if times.is_empty() {
                "выключена".to_owned()
            } else {
                times.join(", ")
            },
            on_off(self.bump),
            on_off(self.remote_only),
            if self.exclude_words.is_empty() {
                "нет".to_owned()
            } else {
                self.exclude_words.join(", ")
            },
        )
    }
}

/// Parses `/settings` arguments: `min_score 70`, `cap 100`, `digest 9:00 18:30` (or `digest
/// off`), `exclude стажёр, 1С` (or `exclude -`). The error is Russian, for the user.
pub fn parse(text: &str) -> Result<Change, String> {
    let text = text.trim();
    let (name, value) = text
        .split_once(char::is_whitespace)
        .map(|(name, value)| (name, value.trim()))
        .unwrap_or((text, ""));
    match name.to_lowercase().as_str() {
        "min_score" | "оценка" => match value.parse::<u8>() {
            Ok(score) if score <= 100 => Ok(Change::MinScore(score)),
            _ => Err(format!(
                "Минимальная оценка — число от 0 до 100, а не «{value}»."
            )),
        },
        "cap" | "лимит" => match value.parse::<u32>() {
            Ok(cap) if (1..=HH_DAILY_CAP).contains(&cap) => Ok(Change::DailyCap(cap)),
            _ => Err(format!(
                "Лимит — число от 1 до {HH_DAILY_CAP} (больше hh.ru не разрешает), а не «{value}»."
            )),
        },
        "digest" | "подборка" => {
            if matches!(value, "off" | "выкл" | "нет" | "-") {
                return Ok(Change::DigestTimes(Vec::new()));
            }
            let mut times = Vec::new();
            for part in value.split([' ', ',', ';']).filter(|part| !part.is_empty()) {
                match NaiveTime::parse_from_str(part, "%H:%M") {
                    Ok(time) if !times.contains(&time) => times.push(time),
                    Ok(_) => {}
                    Err(_) => {
                        return Err(format!(
                        "Время подборки — в виде ЧЧ:ММ, например «9:00 18:30»; «{part}» не понял."
                    ))
                    }
                }
            }
            if times.is_empty() || times.len() > 6 {
                return Err(
                    "Укажите от одного до шести времён, например «9:00 18:30», или «off»."
                        .to_owned(),
                );
            }
            times.sort();
            Ok(Change::DigestTimes(times))
        }
        "exclude" | "исключить" => {
            if matches!(value, "" | "-" | "нет") {
                return Ok(Change::ExcludeWords(Vec::new()));
            }
            let words: Vec<String> = value
                .split([',', ';'])
                .map(|word| word.trim().to_owned())
                .filter(|word| !word.is_empty())
                .take(30)
                .collect();
            Ok(Change::ExcludeWords(words))
        }
        _ => Err(USAGE.to_owned()),
    }
}

/// How to change settings by text.
pub const USAGE: &str = "Изменить текстом:\n/settings min_score 70 — минимальная оценка\n/settings cap 100 — лимит откликов за сутки\n/settings digest 9:00 18:30 — время подборки (или «off»)\n/settings exclude стажёр, 1С — исключать слова (или «-»)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_change_and_refuses_nonsense_in_russian() {
        assert_eq!(parse("min_score 70"), Ok(Change::MinScore(70)));
        assert_eq!(parse("cap 100"), Ok(Change::DailyCap(100)));
        assert_eq!(
            parse("digest 18:30, 9:00"),
            Ok(Change::DigestTimes(vec![time(9, 0), time(18, 30)]))
        );
        assert_eq!(parse("digest off"), Ok(Change::DigestTimes(Vec::new())));
        assert_eq!(
            parse("exclude стажёр, 1С"),
            Ok(Change::ExcludeWords(vec!["стажёр".into(), "1С".into()]))
        );
        assert!(parse("cap 500").unwrap_err().contains("от 1 до 200"));
        assert!(parse("min_score 101").unwrap_err().contains("от 0 до 100"));
        assert!(parse("digest 25:00").unwrap_err().contains("25:00"));
        assert_eq!(parse("what"), Err(USAGE.to_owned()));
    }

    #[test]
    fn filters_add_to_the_config() {
        let config = Filters {
            exclude_words: vec!["стажёр".into()],
            min_score: 50,
            ..Filters::default()
        };
        let settings = Settings {
            min_score: 40,
            remote_only: true,
            exclude_words: vec!["1С".into(), "стажёр".into()],
            ..Settings::default()
        };
        let filters = settings.filters(&config);
        assert_eq!(filters.min_score, 50);
        assert!(filters.remote_only);
        assert_eq!(filters.exclude_words, vec!["стажёр", "1С"]);
    }

    #[test]
    fn old_json_without_new_fields_reads_with_defaults() {
        let settings: Settings = serde_json::from_str(r#"{"mode":"auto"}"#).unwrap();
        assert_eq!(settings.mode, Mode::Auto);
        assert_eq!(settings.daily_cap, DEFAULT_DAILY_CAP);
        assert!(settings.describe().contains("09:00, 18:00"));
    }
}
