//! The small tables beside the applications: the cap's "blocked until", hidden and shown
//! vacancies, and JSON settings.
//!
//! Their meaning for the user (what hiding does, which settings exist) is the bot's business.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::{parse_time, time_text, Error, Ledger, Outcome};

/// The `ledger_meta` key of the time hh.ru's cap blocks applying until.
const LIMIT_UNTIL: &str = "limit_until";

impl Ledger {
    /// Records until when hh.ru's daily cap blocks applying; `None` clears it.
    pub fn set_limit_until(&self, until: Option<DateTime<Utc>>) -> Result<(), Error> {
        let transaction = self.write()?;
        match until {
            Some(until) => transaction.execute(
                "INSERT INTO ledger_meta (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![LIMIT_UNTIL, time_text(until)],
            )?,
            None => transaction.execute("DELETE FROM ledger_meta WHERE key = ?1", [LIMIT_UNTIL])?,
        };
        Ok(transaction.commit()?)
    }

    /// Until when hh.ru's daily cap blocks applying, if set.
    pub fn limit_until(&self) -> Result<Option<DateTime<Utc>>, Error> {
        let until: Option<String> = self
            .connection
            .query_row(
                "SELECT value FROM ledger_meta WHERE key = ?1",
                [LIMIT_UNTIL],
                |row| row.get(0),
            )
            .optional()?;
        until.as_deref().map(parse_time).transpose()
    }

    /// Hides a vacancy from future suggestions.
    pub fn hide(&self, vacancy_id: &str, now: DateTime<Utc>) -> Result<(), Error> {
        let transaction = self.write()?;
        transaction.execute(
            "INSERT OR IGNORE INTO hidden (vacancy_id, hidden_at) VALUES (?1, ?2)",
            params![vacancy_id, time_text(now)],
        )?;
        Ok(transaction.commit()?)
    }

    /// Whether the user hid this vacancy.
    pub fn is_hidden(&self, vacancy_id: &str) -> Result<bool, Error> {
        self.exists("SELECT 1 FROM hidden WHERE vacancy_id = ?1", vacancy_id)
    }

    /// Records that these vacancies were shown to the user (the latest time is kept).
    pub fn mark_shown(&self, vacancy_ids: &[String], now: DateTime<Utc>) -> Result<(), Error> {
        let transaction = self.write()?;
        let now = time_text(now);
        for vacancy_id in vacancy_ids {
            transaction.execute(
                "INSERT INTO shown (vacancy_id, shown_at) VALUES (?1, ?2) \
                 ON CONFLICT (vacancy_id) DO UPDATE SET shown_at = excluded.shown_at",
                params![vacancy_id, now],
            )?;
        }
        Ok(transaction.commit()?)
    }

    /// Vacancies not to suggest again: hidden ones, those with an application that blocks
    /// a new attempt or that cannot be applied to (test, gone), and with `include_shown`
    /// every vacancy shown before.
    pub fn passed_over(&self, include_shown: bool) -> Result<HashSet<String>, Error> {
        let mut ids = HashSet::new();
        let mut collect = |sql: &str| -> Result<(), Error> {
            let mut statement = self.connection.prepare(sql)?;
            let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
            for id in rows {
                ids.insert(id?);
            }
            Ok(())
        };
        collect("SELECT vacancy_id FROM hidden")?;
        let decided: Vec<String> = Outcome::ALL
            .iter()
            .filter(|outcome| {
                outcome.blocks_new_attempt()
                    || matches!(outcome, Outcome::SkippedTest | Outcome::Gone)
            })
            .map(|outcome| format!("'{}'", outcome.as_str()))
            .collect();
        collect(&format!(
            "SELECT vacancy_id FROM applications WHERE outcome IN ({})",
            decided.join(", ")
        ))?;
        if include_shown {
            collect("SELECT vacancy_id FROM shown")?;
        }
        Ok(ids)
    }

    /// Whether this vacancy was ever shown to the user.
    pub fn was_shown(&self, vacancy_id: &str) -> Result<bool, Error> {
        self.exists("SELECT 1 FROM shown WHERE vacancy_id = ?1", vacancy_id)
    }

    /// Removes the setting under `key` (nothing happens when there is none).
    pub fn remove_setting(&self, key: &str) -> Result<(), Error> {
        let transaction = self.write()?;
        transaction.execute("DELETE FROM settings WHERE key = ?1", [key])?;
        Ok(transaction.commit()?)
    }

    /// The setting stored under `key` (JSON), if any.
    pub fn setting<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>, Error> {
        let json: Option<String> = self
            .connection
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?;
        json.map(|json| {
            serde_json::from_str(&json).map_err(|err| Error::Setting {
                key: key.to_owned(),
                reason: err.to_string(),
            })
        })
        .transpose()
    }

    /// Stores `value` as JSON under `key`, replacing any earlier value.
    pub fn set_setting<T: serde::Serialize>(&self, key: &str, value: &T) -> Result<(), Error> {
        let json = serde_json::to_string(value).map_err(|err| Error::Setting {
            key: key.to_owned(),
            reason: err.to_string(),
        })?;
        let transaction = self.write()?;
        transaction.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, json],
        )?;
        Ok(transaction.commit()?)
    }

    fn exists(&self, sql: &str, vacancy_id: &str) -> Result<bool, Error> {
        Ok(self
            .connection
            .query_row(sql, [vacancy_id], |_| Ok(()))
            .optional()?
            .is_some())
    }
}
