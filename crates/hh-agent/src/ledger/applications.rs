//! The applications table: recording attempts, reading them back, and the cap window.
//!
//! Reconciling with hh.ru's listing lives in `reconcile`.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row};

use super::error::corrupt;
use super::{parse_time, time_text, Application, Error, Ledger, Outcome};

/// The columns [`read_application`] expects, in order.
const COLUMNS: &str = "vacancy_id, resume_id, outcome, negotiation_id, detail, score, letter, \
                       created_at, updated_at";

impl Ledger {
    /// The application recorded for `vacancy_id`, if any.
    pub fn application(&self, vacancy_id: &str) -> Result<Option<Application>, Error> {
        let sql = format!("SELECT {COLUMNS} FROM applications WHERE vacancy_id = ?1");
        let raw = self
            .connection
            .query_row(&sql, [vacancy_id], RawApplication::read)
            .optional()?;
        raw.map(RawApplication::decode).transpose()
    }

    /// Records the attempt BEFORE the POST (outcome Sending), so a crash mid-send is later
    /// seen as uncertain. Refuses (Error::AlreadyRecorded) when the vacancy already has an
    /// application whose outcome is Applied/Sending/Uncertain/Manual/AlreadyApplied/External;
    /// any other earlier attempt is replaced.
    pub fn begin(
        &self,
        vacancy_id: &str,
        resume_id: &str,
        letter: Option<&str>,
        score: Option<u8>,
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        let transaction = self.write()?;
        let existing: Option<String> = transaction
            .query_row(
                "SELECT outcome FROM applications WHERE vacancy_id = ?1",
                [vacancy_id],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(text) = existing {
            let outcome = decode_outcome(&text)?;
            if outcome.blocks_new_attempt() {
                return Err(Error::AlreadyRecorded {
                    vacancy_id: vacancy_id.to_owned(),
                    outcome: outcome.as_str().to_owned(),
                });
            }
        }
        let now = time_text(now);
        transaction.execute(
            "INSERT OR REPLACE INTO applications (vacancy_id, resume_id, outcome, negotiation_id, \
             detail, score, letter, created_at, updated_at) \
             VALUES (?1, ?2, ?3, NULL, NULL, ?4, ?5, ?6, ?6)",
            params![
                vacancy_id,
                resume_id,
                Outcome::Sending.as_str(),
                score,
                letter,
                now
            ],
        )?;
        Ok(transaction.commit()?)
    }

    /// Records an application the user made on hh.ru's own page (link-only mode) as
    /// Manual; `false` when the vacancy already had one that blocks a new attempt.
    pub fn record_manual(&self, vacancy_id: &str, now: DateTime<Utc>) -> Result<bool, Error> {
        match self.begin(vacancy_id, "", None, None, now) {
            Ok(()) => {}
            Err(Error::AlreadyRecorded { .. }) => return Ok(false),
            Err(err) => return Err(err),
        }
        self.finish(
            vacancy_id,
            Outcome::Manual,
            None,
            Some("applied on hh.ru by the user"),
            now,
        )?;
        Ok(true)
    }

    /// Records how the attempt begun for `vacancy_id` ended.
    pub fn finish(
        &self,
        vacancy_id: &str,
        outcome: Outcome,
        negotiation_id: Option<&str>,
        detail: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        let transaction = self.write()?;
        let changed = transaction.execute(
            "UPDATE applications SET outcome = ?2, negotiation_id = ?3, detail = ?4, \
             updated_at = ?5 WHERE vacancy_id = ?1",
            params![
                vacancy_id,
                outcome.as_str(),
                negotiation_id,
                detail,
                time_text(now)
            ],
        )?;
        if changed == 0 {
            return Err(Error::NotRecorded {
                vacancy_id: vacancy_id.to_owned(),
            });
        }
        Ok(transaction.commit()?)
    }

    /// Marks every Sending older than `older_than` as Uncertain (called at start).
    pub fn settle_stale(
        &self,
        older_than: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<usize, Error> {
        let transaction = self.write()?;
        let changed = transaction.execute(
            "UPDATE applications SET outcome = ?1, updated_at = ?2, \
             detail = 'interrupted while sending: check hh.ru' \
             WHERE outcome = ?3 AND created_at < ?4",
            params![
                Outcome::Uncertain.as_str(),
                time_text(now),
                Outcome::Sending.as_str(),
                time_text(older_than)
            ],
        )?;
        transaction.commit()?;
        Ok(changed)
    }

    /// How many applications that count against hh.ru's cap were created at or after `since`.
    pub fn count_since(&self, since: DateTime<Utc>) -> Result<u32, Error> {
        let sql = format!(
            "SELECT count(*) FROM applications WHERE created_at >= ?1 AND outcome IN ({})",
            capped_outcomes()
        );
        let count: i64 = self
            .connection
            .query_row(&sql, [time_text(since)], |row| row.get(0))?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    /// The oldest of those [`Ledger::count_since`] counts: the rolling window frees a slot
    /// 24 hours after it.
    pub fn oldest_since(&self, since: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, Error> {
        let sql = format!(
            "SELECT min(created_at) FROM applications WHERE created_at >= ?1 AND outcome IN ({})",
            capped_outcomes()
        );
        let oldest: Option<String> =
            self.connection
                .query_row(&sql, [time_text(since)], |row| row.get(0))?;
        oldest.as_deref().map(parse_time).transpose()
    }

    /// Applications whose fate is unknown, oldest first.
    pub fn uncertain(&self) -> Result<Vec<Application>, Error> {
        let sql = format!(
            "SELECT {COLUMNS} FROM applications WHERE outcome = ?1 ORDER BY created_at, vacancy_id"
        );
        self.select(&sql, params![Outcome::Uncertain.as_str()])
    }

    /// The latest `limit` applications, newest first.
    pub fn history(&self, limit: usize) -> Result<Vec<Application>, Error> {
        let sql = format!(
            "SELECT {COLUMNS} FROM applications ORDER BY created_at DESC, rowid DESC LIMIT ?1"
        );
        self.select(&sql, params![i64::try_from(limit).unwrap_or(i64::MAX)])
    }

    /// Runs a query returning [`COLUMNS`] and decodes every row.
    fn select(
        &self,
        sql: &str,
        parameters: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<Application>, Error> {
        let mut statement = self.connection.prepare(sql)?;
        let rows = statement.query_map(parameters, RawApplication::read)?;
        rows.map(|raw| RawApplication::decode(raw?)).collect()
    }
}

/// The SQL list of outcomes that count against the cap, e.g. `'sending', 'applied'`.
fn capped_outcomes() -> String {
    Outcome::ALL
        .into_iter()
        .filter(|outcome| outcome.counts_against_cap())
        .map(|outcome| format!("'{}'", outcome.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a stored outcome; unknown text means a damaged row.
pub(super) fn decode_outcome(text: &str) -> Result<Outcome, Error> {
    text.parse().map_err(|_| corrupt("outcome", text))
}

/// A row as SQLite holds it, before the text is checked.
struct RawApplication {
    vacancy_id: String,
    resume_id: String,
    outcome: String,
    negotiation_id: Option<String>,
    detail: Option<String>,
    score: Option<i64>,
    letter: Option<String>,
    created_at: String,
    updated_at: String,
}

impl RawApplication {
    fn read(row: &Row<'_>) -> rusqlite::Result<RawApplication> {
        Ok(RawApplication {
            vacancy_id: row.get(0)?,
            resume_id: row.get(1)?,
            outcome: row.get(2)?,
            negotiation_id: row.get(3)?,
            detail: row.get(4)?,
            score: row.get(5)?,
            letter: row.get(6)?,
            created_at: row.get(7)?,
            updated_at: row.get(8)?,
        })
    }

    fn decode(self) -> Result<Application, Error> {
        let score = match self.score {
            None => None,
            Some(score) => {
                Some(u8::try_from(score).map_err(|_| corrupt("score", &score.to_string()))?)
            }
        };
        Ok(Application {
            outcome: decode_outcome(&self.outcome)?,
            score,
            created_at: parse_time(&self.created_at)?,
            updated_at: parse_time(&self.updated_at)?,
            vacancy_id: self.vacancy_id,
            resume_id: self.resume_id,
            negotiation_id: self.negotiation_id,
            detail: self.detail,
            letter: self.letter,
        })
    }
}
