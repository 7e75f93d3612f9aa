//! The one path every application takes, whoever asks (a tap in the bot, auto mode, the
//! CLI): the rolling 24-hour cap and the stop after hh.ru's first limit signal, dedup
//! against the ledger and the vacancy's `relations`, never the current employer, never a
//! vacancy with a test, a letter when one is required; then exactly one POST, recorded
//! before it is sent and after it is answered.
//!
//! It decides and records; the caller turns each [`Attempt`] into words for the user.

use chrono::{DateTime, Duration, Utc};

use crate::hh::types::Vacancy;
use crate::hh::{self, ApplyOutcome, Captcha};
use crate::ledger::{self, Ledger, Outcome};
use crate::rank::text::fold;

/// hh.ru's cap: 200 applications in any 24 hours, per account.
pub const HH_DAILY_CAP: u32 = 200;
/// The default cap we keep to, below hh.ru's.
pub const DEFAULT_DAILY_CAP: u32 = 150;
/// The rolling window of the cap.
pub const WINDOW_HOURS: i64 = 24;

/// What one application needs.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The vacancy, as `GET /vacancies/{id}` returned it (with `relations`).
    pub vacancy: &'a Vacancy,
    /// The resume to apply with.
    pub resume_id: &'a str,
    /// The cover letter, if any.
    pub letter: Option<&'a str>,
    /// The ranking score, kept in the ledger.
    pub score: Option<u8>,
    /// The candidate's current employer, never applied to.
    pub current_employer: Option<&'a str>,
    /// Our own cap per 24 hours (at most [`HH_DAILY_CAP`]).
    pub daily_cap: u32,
}

/// What happened, for the caller to tell the user.
#[derive(Debug, Clone, PartialEq)]
pub enum Attempt {
    /// hh.ru took it; the negotiation id when it said.
    Applied { negotiation_id: Option<String> },
    /// A `direct` vacancy: the user applies on the employer's site.
    External { url: String },
    /// Not sent: the ledger or hh.ru already has an application for this vacancy.
    AlreadyApplied,
    /// Not sent: the vacancy is at the candidate's current employer.
    CurrentEmployer,
    /// Not sent: the vacancy has a test, which the API cannot take.
    TestRequired,
    /// Not sent, or refused: the vacancy is archived or hidden.
    Gone,
    /// Not sent: the vacancy needs a cover letter and none was given.
    LetterRequired,
    /// hh.ru refused the letter (length or content); the reason in Russian-neutral form.
    LetterRejected { reason: String },
    /// The resume cannot be used for this vacancy.
    ResumeUnavailable { reason: String },
    /// hh.ru wants a captcha solved; applying pauses until the user has.
    Captcha(Captcha),
    /// The cap is reached (ours or hh.ru's): nothing is sent until `until`.
    Limited { until: DateTime<Utc> },
    /// The token was refused; the user may need to authorize again.
    AuthFailed(hh::AuthError),
    /// hh.ru refused for another reason.
    Refused { reason: String },
    /// The answer was lost: hh.ru may have it. Reconciled later with `GET /negotiations`.
    Uncertain { reason: String },
}

/// Why an application could not even be attempted.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The ledger failed (disk full, corrupt file…): nothing was sent.
    #[error("the application ledger failed, nothing was sent: {0}")]
    Ledger(#[from] ledger::Error),
    /// hh.ru could not be asked (no token, network before sending…): nothing was sent.
    #[error("hh.ru could not be asked, nothing was sent: {0}")]
    Hh(#[from] hh::Error),
}

/// Applies once, following every rule above; `now` is the caller's clock. The ledger is
/// borrowed exclusively for the whole attempt (one application at a time), which also
/// keeps the future `Send` (a shared `&Ledger` is not).
pub async fn apply(
    client: &hh::Client,
    ledger: &mut Ledger,
    request: &Request<'_>,
    now: DateTime<Utc>,
) -> Result<Attempt, Error> {
    if let Some(until) = blocked_until(ledger, request.daily_cap, now)? {
        return Ok(Attempt::Limited { until });
    }
    let vacancy = request.vacancy;
    let id = vacancy.id.as_str();
    if let Some(previous) = ledger.application(id)? {
        if previous.outcome.blocks_new_attempt() {
            return Ok(Attempt::AlreadyApplied);
        }
    }
    if let Some(skip) = precheck(request) {
        let outcome = match skip {
            Attempt::AlreadyApplied => Some(Outcome::AlreadyApplied),
            Attempt::TestRequired => Some(Outcome::SkippedTest),
            Attempt::Gone => Some(Outcome::Gone),
            _ => None,
        };
        if let Some(outcome) = outcome {
            record(ledger, request, outcome, None, None, now)?;
        }
        return Ok(skip);
    }
    match ledger.begin(id, request.resume_id, request.letter, request.score, now) {
        Err(ledger::Error::AlreadyRecorded { .. }) => return Ok(Attempt::AlreadyApplied),
        other => other?,
    }
    let answer = client.apply(id, request.resume_id, request.letter).await;
    let outcome = match answer {
        Ok(outcome) => outcome,
        Err(err) => {
            // Refused before sending (bad id, no token): nothing reached hh.ru.
            ledger.finish(id, Outcome::Refused, None, Some(&err.to_string()), now)?;
            return Err(Error::Hh(err));
        }
    };
    settle(ledger, request, outcome, now)
}

/// Whether applying is blocked now: a limit hh.ru signalled, or our own cap.
pub fn blocked_until(
    ledger: &Ledger,
    daily_cap: u32,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, ledger::Error> {
    if let Some(until) = ledger.limit_until()?.filter(|until| *until > now) {
        return Ok(Some(until));
    }
    let since = now - Duration::hours(WINDOW_HOURS);
    let cap = daily_cap.clamp(1, HH_DAILY_CAP);
    if ledger.count_since(since)? < cap {
        return Ok(None);
    }
    let oldest = ledger.oldest_since(since)?.unwrap_or(now);
    Ok(Some(oldest + Duration::hours(WINDOW_HOURS)))
}

/// The reasons not to send at all, from the vacancy itself.
fn precheck(request: &Request<'_>) -> Option<Attempt> {
    let vacancy = request.vacancy;
    if vacancy
        .relations
        .iter()
        .any(|relation| relation == "got_response" || relation == "got_invitation")
    {
        return Some(Attempt::AlreadyApplied);
    }
    if let (Some(current), Some(employer)) = (request.current_employer, &vacancy.employer) {
        let (current, employer) = (fold(current), fold(&employer.name));
        if !current.trim().is_empty() && (employer == current || employer.contains(&current)) {
            return Some(Attempt::CurrentEmployer);
        }
    }
    if vacancy.archived {
        return Some(Attempt::Gone);
    }
    if vacancy.has_test {
        return Some(Attempt::TestRequired);
    }
    let no_letter = request.letter.is_none_or(|letter| letter.trim().is_empty());
    if vacancy.response_letter_required && no_letter {
        return Some(Attempt::LetterRequired);
    }
    None
}

/// Records hh.ru's answer and turns it into an [`Attempt`].
fn settle(
    ledger: &Ledger,
    request: &Request<'_>,
    outcome: ApplyOutcome,
    now: DateTime<Utc>,
) -> Result<Attempt, Error> {
    let id = request.vacancy.id.as_str();
    let (recorded, negotiation, detail, attempt) = match outcome {
        ApplyOutcome::Applied { negotiation_id } => (
            Outcome::Applied,
            negotiation_id.clone(),
            None,
            Attempt::Applied { negotiation_id },
        ),
        ApplyOutcome::External { url } => (
            Outcome::External,
            None,
            Some(url.clone()),
            Attempt::External { url },
        ),
        ApplyOutcome::AlreadyApplied => {
            (Outcome::AlreadyApplied, None, None, Attempt::AlreadyApplied)
        }
        ApplyOutcome::TestRequired => (Outcome::SkippedTest, None, None, Attempt::TestRequired),
        ApplyOutcome::VacancyGone => (Outcome::Gone, None, None, Attempt::Gone),
        ApplyOutcome::ResumeUnavailable { reason } => (
            Outcome::ResumeUnavailable,
            None,
            Some(reason.clone()),
            Attempt::ResumeUnavailable { reason },
        ),
        ApplyOutcome::LetterRequired => {
            (Outcome::LetterRequired, None, None, Attempt::LetterRequired)
        }
        ApplyOutcome::LetterTooLong => (
            Outcome::LetterRejected,
            None,
            Some("too_long_message".to_owned()),
            Attempt::LetterRejected {
                reason: "too_long_message".to_owned(),
            },
        ),
        ApplyOutcome::LetterRejected { reason } => (
            Outcome::LetterRejected,
            None,
            Some(reason.clone()),
            Attempt::LetterRejected { reason },
        ),
        ApplyOutcome::Captcha(captcha) => (Outcome::Captcha, None, None, Attempt::Captcha(captcha)),
        ApplyOutcome::DailyLimit { retry_after } => {
            // hh.ru's first limit signal stops all applying until the window frees.
            let since = now - Duration::hours(WINDOW_HOURS);
            let until = match retry_after {
                Some(wait) => {
                    now + Duration::from_std(wait).unwrap_or(Duration::hours(WINDOW_HOURS))
                }
                None => ledger
                    .oldest_since(since)?
                    .map(|oldest| oldest + Duration::hours(WINDOW_HOURS))
                    .filter(|until| *until > now)
                    .unwrap_or(now + Duration::hours(WINDOW_HOURS)),
            };
            ledger.set_limit_until(Some(until))?;
            (Outcome::DailyLimit, None, None, Attempt::Limited { until })
        }
        ApplyOutcome::AuthFailed(auth) => (
            Outcome::AuthFailed,
            None,
            Some(auth.to_string()),
            Attempt::AuthFailed(auth),
        ),
        ApplyOutcome::Refused { status, reason } => (
            Outcome::Refused,
            None,
            Some(format!("{status}: {reason}")),
            Attempt::Refused { reason },
        ),
        ApplyOutcome::Unknown { reason } => (
            Outcome::Uncertain,
            None,
            Some(reason.clone()),
            Attempt::Uncertain { reason },
        ),
    };
    ledger.finish(id, recorded, negotiation.as_deref(), detail.as_deref(), now)?;
    Ok(attempt)
}

/// Records a decision taken without sending (a skip the ledger should remember).
fn record(
    ledger: &Ledger,
    request: &Request<'_>,
    outcome: Outcome,
    detail: Option<&str>,
    negotiation: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), ledger::Error> {
    let id = request.vacancy.id.as_str();
    ledger.begin(id, request.resume_id, None, request.score, now)?;
    ledger.finish(id, outcome, negotiation, detail, now)
}
