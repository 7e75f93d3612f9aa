//! Reconciling the ledger with hh.ru's own listing (`GET /negotiations`).
//!
//! No network: hh.ru's view arrives as [`Seen`] values and vacancy ids the caller fetched.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::applications::decode_outcome;
use super::{time_text, Error, Ledger, Outcome, Reconciled, Seen};
use crate::hh::types::{parse_date, Negotiation};

impl Seen {
    /// One item of `GET /negotiations`; `None` without a vacancy. A missing or odd
    /// `created_at` becomes `now`.
    pub fn from_negotiation(negotiation: &Negotiation, now: DateTime<Utc>) -> Option<Seen> {
        let vacancy = negotiation.vacancy.as_ref()?;
        let created_at = negotiation
            .created_at
            .as_deref()
            .and_then(parse_date)
            .map(|time| time.with_timezone(&Utc))
            .unwrap_or(now);
        Some(Seen {
            vacancy_id: vacancy.id.clone(),
            resume_id: None,
            negotiation_id: negotiation.id.clone(),
            created_at,
        })
    }
}

impl Ledger {
    /// hh.ru's view (GET /negotiations): confirms recorded ones as Applied with the
    /// negotiation id (taking hh.ru's creation time), and adds applications made on the
    /// website (outcome Applied, detail "made on hh.ru"). A second call changes nothing.
    pub fn reconcile(&self, seen: &[Seen], now: DateTime<Utc>) -> Result<Reconciled, Error> {
        let transaction = self.write()?;
        let now = time_text(now);
        let mut reconciled = Reconciled::default();
        for negotiation in seen {
            let existing: Option<(String, Option<String>)> = transaction
                .query_row(
                    "SELECT outcome, negotiation_id FROM applications WHERE vacancy_id = ?1",
                    [&negotiation.vacancy_id],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            let created_at = time_text(negotiation.created_at);
            match existing {
                None => {
                    transaction.execute(
                        "INSERT INTO applications (vacancy_id, resume_id, outcome, \
                         negotiation_id, detail, created_at, updated_at) \
                         VALUES (?1, ?2, ?3, ?4, 'made on hh.ru', ?5, ?6)",
                        params![
                            negotiation.vacancy_id,
                            negotiation.resume_id.as_deref().unwrap_or(""),
                            Outcome::Applied.as_str(),
                            negotiation.negotiation_id,
                            created_at,
                            now
                        ],
                    )?;
                    reconciled.added += 1;
                }
                Some((outcome, negotiation_id)) => {
                    if decode_outcome(&outcome)? == Outcome::Applied {
                        if negotiation_id.is_none() {
                            transaction.execute(
                                "UPDATE applications SET negotiation_id = ?2, updated_at = ?3 \
                                 WHERE vacancy_id = ?1",
                                params![negotiation.vacancy_id, negotiation.negotiation_id, now],
                            )?;
                        }
                        continue;
                    }
                    transaction.execute(
                        "UPDATE applications SET outcome = ?2, negotiation_id = ?3, \
                         detail = 'confirmed by hh.ru', created_at = ?4, updated_at = ?5 \
                         WHERE vacancy_id = ?1",
                        params![
                            negotiation.vacancy_id,
                            Outcome::Applied.as_str(),
                            negotiation.negotiation_id,
                            created_at,
                            now
                        ],
                    )?;
                    reconciled.confirmed += 1;
                }
            }
        }
        transaction.commit()?;
        Ok(reconciled)
    }

    /// After reconciling a full listing: uncertain ones created before `older_than` that
    /// hh.ru does not list are marked Refused with detail "not found on hh.ru".
    pub fn expire_unconfirmed(
        &self,
        listed: &[String],
        older_than: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<usize, Error> {
        let listed: HashSet<&str> = listed.iter().map(String::as_str).collect();
        let transaction = self.write()?;
        let candidates: Vec<String> = {
            let mut statement = transaction.prepare(
                "SELECT vacancy_id FROM applications WHERE outcome = ?1 AND created_at < ?2",
            )?;
            let rows = statement.query_map(
                params![Outcome::Uncertain.as_str(), time_text(older_than)],
                |row| row.get(0),
            )?;
            rows.collect::<Result<_, _>>()?
        };
        let now = time_text(now);
        let mut expired = 0;
        for vacancy_id in candidates.iter().filter(|id| !listed.contains(id.as_str())) {
            expired += transaction.execute(
                "UPDATE applications SET outcome = ?2, detail = 'not found on hh.ru', \
                 updated_at = ?3 WHERE vacancy_id = ?1",
                params![vacancy_id, Outcome::Refused.as_str(), now],
            )?;
        }
        transaction.commit()?;
        Ok(expired)
    }
}
