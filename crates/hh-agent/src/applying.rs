//! The one path every application takes, whoever asks (a tap in the bot, auto mode, the
//! CLI): the rolling 24-hour cap and the stop after hh.ru's first limit signal, dedup
//! against the ledger and the vacancy's `relations`, never the current employer, never a
//! vacancy with a test, a letter when one is required; then exactly one POST, recorded
//! before it is sent and after it is answered.
//!
//! It decides and records; the caller turns each [`ApplyOutcome`] into words for the user.
//! The reasons not to send are outcomes of the same closed set as hh.ru's answers.

use chrono::{DateTime, Duration, Utc};

use crate::hh::types::Vacancy;
use crate::hh::{self, ApplyOutcome};
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
) -> Result<ApplyOutcome, Error> {
    if let Some(until) = blocked_until(ledger, request.daily_cap, now)? {
        return Ok(limit(until, now));
    }
    let vacancy = request.vacancy;
    let id = vacancy.id.as_str();
    if let Some(previous) = ledger.application(id)? {
        if previous.outcome.blocks_new_attempt() {
            return Ok(ApplyOutcome::AlreadyApplied);
        }
    }
    if let Some(skip) = precheck(request) {
        // What the vacancy itself says is remembered; what depends on the request is not.
        if matches!(
            skip,
            ApplyOutcome::AlreadyApplied | ApplyOutcome::TestRequired | ApplyOutcome::Gone
        ) {
            ledger.begin(id, request.resume_id, None, request.score, now)?;
            ledger.finish(id, Outcome::from(&skip), None, None, now)?;
        }
        return Ok(skip);
    }
    match ledger.begin(id, request.resume_id, request.letter, request.score, now) {
        Err(ledger::Error::AlreadyRecorded { .. }) => return Ok(ApplyOutcome::AlreadyApplied),
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

/// Our own or hh.ru's cap, until `until`.
fn limit(until: DateTime<Utc>, now: DateTime<Utc>) -> ApplyOutcome {
    ApplyOutcome::DailyLimit {
        retry_after: Some((until - now).to_std().unwrap_or_default()),
    }
}

/// Whether hh.ru says the user already applied to `vacancy` (its `relations`).
pub fn applied_on_hh(vacancy: &Vacancy) -> bool {
    vacancy
        .relations
        .iter()
        .any(|relation| relation == "got_response" || relation == "got_invitation")
}

/// The reasons not to send at all, from the vacancy itself.
fn precheck(request: &Request<'_>) -> Option<ApplyOutcome> {
    let vacancy = request.vacancy;
    if applied_on_hh(vacancy) {
        return Some(ApplyOutcome::AlreadyApplied);
    }
    if let (Some(current), Some(employer)) = (request.current_employer, &vacancy.employer) {
        let (current, employer) = (fold(current), fold(&employer.name));
        if !current.trim().is_empty() && (employer == current || employer.contains(&current)) {
            return Some(ApplyOutcome::CurrentEmployer);
        }
    }
    if vacancy.archived {
        return Some(ApplyOutcome::Gone);
    }
    if vacancy.has_test {
        return Some(ApplyOutcome::TestRequired);
    }
    let no_letter = request.letter.is_none_or(|letter| letter.trim().is_empty());
    if vacancy.response_letter_required && no_letter {
        return Some(ApplyOutcome::LetterRequired);
    }
    None
}

/// Records hh.ru's answer; after hh.ru's first limit signal, pauses all applying until
/// the window frees (the answer then says how long).
fn settle(
    ledger: &Ledger,
    request: &Request<'_>,
    outcome: ApplyOutcome,
    now: DateTime<Utc>,
) -> Result<ApplyOutcome, Error> {
    let outcome = match outcome {
        ApplyOutcome::DailyLimit { retry_after } => {
            let until = match retry_after {
                Some(wait) => {
                    now + Duration::from_std(wait).unwrap_or(Duration::hours(WINDOW_HOURS))
                }
                None => ledger
                    .oldest_since(now - Duration::hours(WINDOW_HOURS))?
                    .map(|oldest| oldest + Duration::hours(WINDOW_HOURS))
                    .filter(|until| *until > now)
                    .unwrap_or(now + Duration::hours(WINDOW_HOURS)),
            };
            ledger.set_limit_until(Some(until))?;
            limit(until, now)
        }
        other => other,
    };
    ledger.finish(
        request.vacancy.id.as_str(),
        Outcome::from(&outcome),
        outcome.negotiation_id(),
        outcome.detail().as_deref(),
        now,
    )?;
    Ok(outcome)
}
