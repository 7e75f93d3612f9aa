//! What became of one application, as the ledger stores it (snake_case text).
//!
//! Only the closed set and its rules; classifying hh.ru's answers stays in `hh::apply`.

use std::fmt;
use std::str::FromStr;

use crate::hh::ApplyOutcome;

/// The recorded state of one application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Recorded before the POST; still in flight (or the process died mid-send).
    Sending,
    /// hh.ru accepted it (or listed it under `GET /negotiations`).
    Applied,
    /// A `direct` vacancy: the user applies on the employer's site.
    External,
    /// hh.ru said the resume had already been sent to this vacancy.
    AlreadyApplied,
    /// The vacancy has a test the API cannot take.
    SkippedTest,
    /// The vacancy is archived, hidden or deleted.
    Gone,
    /// The resume cannot be used (deleted or not visible to the employer).
    ResumeUnavailable,
    /// The vacancy needs a cover letter and none was sent.
    LetterRequired,
    /// The letter was refused (content or length).
    LetterRejected,
    /// hh.ru asked for a captcha.
    Captcha,
    /// hh.ru's rolling 24-hour cap was hit.
    DailyLimit,
    /// The token was refused.
    AuthFailed,
    /// hh.ru refused for another reason, or never confirmed an uncertain attempt.
    Refused,
    /// Sent, but the answer was lost: it may have reached hh.ru.
    Uncertain,
    /// The user applied by hand and told the bot.
    Manual,
}

impl Outcome {
    /// Every outcome, in declaration order.
    pub const ALL: [Outcome; 15] = [
        Outcome::Sending,
        Outcome::Applied,
        Outcome::External,
        Outcome::AlreadyApplied,
        Outcome::SkippedTest,
        Outcome::Gone,
        Outcome::ResumeUnavailable,
        Outcome::LetterRequired,
        Outcome::LetterRejected,
        Outcome::Captcha,
        Outcome::DailyLimit,
        Outcome::AuthFailed,
        Outcome::Refused,
        Outcome::Uncertain,
        Outcome::Manual,
    ];

    /// The snake_case text stored in the ledger.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Sending => "sending",
            Outcome::Applied => "applied",
            Outcome::External => "external",
            Outcome::AlreadyApplied => "already_applied",
            Outcome::SkippedTest => "skipped_test",
            Outcome::Gone => "gone",
            Outcome::ResumeUnavailable => "resume_unavailable",
            Outcome::LetterRequired => "letter_required",
            Outcome::LetterRejected => "letter_rejected",
            Outcome::Captcha => "captcha",
            Outcome::DailyLimit => "daily_limit",
            Outcome::AuthFailed => "auth_failed",
            Outcome::Refused => "refused",
            Outcome::Uncertain => "uncertain",
            Outcome::Manual => "manual",
        }
    }

    /// Whether this application may have used (or did use) a slot of hh.ru's 24-hour cap.
    /// `External` does not: it goes to the employer's site.
    pub fn counts_against_cap(self) -> bool {
        matches!(
            self,
            Outcome::Sending | Outcome::Applied | Outcome::Uncertain | Outcome::Manual
        )
    }

    /// Whether a new attempt at the same vacancy must be refused.
    pub fn blocks_new_attempt(self) -> bool {
        matches!(
            self,
            Outcome::Applied
                | Outcome::Sending
                | Outcome::Uncertain
                | Outcome::Manual
                | Outcome::AlreadyApplied
                | Outcome::External
        )
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// Text that names no outcome.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown outcome {0:?}: expected one of the snake_case outcome names")]
pub struct UnknownOutcome(pub String);

impl FromStr for Outcome {
    type Err = UnknownOutcome;

    fn from_str(text: &str) -> Result<Outcome, UnknownOutcome> {
        Outcome::ALL
            .into_iter()
            .find(|outcome| outcome.as_str() == text)
            .ok_or_else(|| UnknownOutcome(text.to_owned()))
    }
}

impl From<&ApplyOutcome> for Outcome {
    /// The kind the ledger stores for an outcome: the one place outcomes become kinds.
    fn from(outcome: &ApplyOutcome) -> Outcome {
        match outcome {
            ApplyOutcome::Applied { .. } => Outcome::Applied,
            ApplyOutcome::External { .. } => Outcome::External,
            ApplyOutcome::AlreadyApplied => Outcome::AlreadyApplied,
            ApplyOutcome::TestRequired => Outcome::SkippedTest,
            ApplyOutcome::Gone => Outcome::Gone,
            ApplyOutcome::ResumeUnavailable { .. } => Outcome::ResumeUnavailable,
            ApplyOutcome::LetterRequired => Outcome::LetterRequired,
            ApplyOutcome::LetterTooLong | ApplyOutcome::LetterRejected { .. } => {
                Outcome::LetterRejected
            }
            ApplyOutcome::Captcha(_) => Outcome::Captcha,
            ApplyOutcome::DailyLimit { .. } => Outcome::DailyLimit,
            ApplyOutcome::AuthFailed(_) => Outcome::AuthFailed,
            // Decided before anything is sent and never recorded; `Refused` is its nearest kind.
            ApplyOutcome::CurrentEmployer | ApplyOutcome::Refused { .. } => Outcome::Refused,
            ApplyOutcome::Uncertain { .. } => Outcome::Uncertain,
        }
    }
}
