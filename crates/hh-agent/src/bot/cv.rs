//! The resume the user gave the bot (pasted, or read from a file) and their corrections of
//! what was understood, both kept in the ledger's settings; and the one place the
//! candidate is built from them ([`Context::kept_candidate`]), which ranking, letters,
//! digests and the auto mode all reach through `Context::active`.
//!
//! The resume and its corrections belong to the account, as the ledger does: the bot
//! serves one person, and the scheduled runs (digest, auto mode) have no chat to ask.
//! A new resume (a file or /reset) drops the corrections of what a resume states (title,
//! skills, experience: the new file states them anew, and an old fix would silently hide
//! them) and keeps the person's wishes (salary, city, work formats, relocation), which a
//! downloaded resume often states badly and which do not change with a new file; the
//! answer names the kept ones and how to drop them.
//!
//! Not here: the messages and buttons (`resume`, `upload`, `cv_view`), reading files
//! (`crate::resume`).

use super::agent::Problem;
use super::{Context, PASTED_RESUME};
use crate::matching::Candidate;
use crate::rank::Rates;
use crate::resume::{Corrections, Field};

/// The ledger setting with the person's corrections (JSON of [`Corrections`]).
pub const CORRECTIONS: &str = "resume_corrections";

/// The fields a new resume states anew; their corrections are dropped with the old one.
const STATED_BY_RESUME: [Field; 3] = [Field::Title, Field::Skills, Field::Experience];

/// The candidate of resume `text` with `corrections` applied: the one way the bot turns a
/// kept resume into what ranking and letters read.
pub fn candidate(text: &str, corrections: &Corrections, rates: &Rates) -> Candidate {
    let mut candidate = Candidate::from_text(text, rates);
    corrections.apply(&mut candidate.profile, text, rates);
    candidate
}

/// Whether `corrections` change `field`.
pub fn corrected(corrections: &Corrections, field: Field) -> bool {
    let mut without = corrections.clone();
    without.clear(field);
    without != *corrections
}

impl Context {
    /// The person's corrections (none when nothing is stored).
    pub async fn corrections(&self) -> Result<Corrections, Problem> {
        Ok(self
            .ledger
            .lock()
            .await
            .setting::<Corrections>(CORRECTIONS)?
            .unwrap_or_default())
    }

    /// Stores the person's corrections (an empty set is removed).
    pub async fn save_corrections(&self, corrections: &Corrections) -> Result<(), Problem> {
        let ledger = self.ledger.lock().await;
        if corrections.is_empty() {
            ledger.remove_setting(CORRECTIONS)?;
        } else {
            ledger.set_setting(CORRECTIONS, corrections)?;
        }
        Ok(())
    }

    /// The candidate of the kept resume `text`, corrected.
    pub async fn kept_candidate(&self, text: &str, rates: &Rates) -> Result<Candidate, Problem> {
        Ok(candidate(text, &self.corrections().await?, rates))
    }

    /// Keeps `text` as the resume, replacing the old one; drops the corrections a new
    /// resume states anew and returns the ones kept.
    pub async fn keep_resume(&self, text: &str) -> Result<Corrections, Problem> {
        let mut corrections = self.corrections().await?;
        for field in STATED_BY_RESUME {
            corrections.clear(field);
        }
        let ledger = self.ledger.lock().await;
        ledger.set_setting(PASTED_RESUME, &text.to_owned())?;
        if corrections.is_empty() {
            ledger.remove_setting(CORRECTIONS)?;
        } else {
            ledger.set_setting(CORRECTIONS, &corrections)?;
        }
        Ok(corrections)
    }
}
