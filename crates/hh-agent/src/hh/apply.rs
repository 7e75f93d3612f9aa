//! What became of one application: the one closed set of outcomes. hh.ru's answer to
//! `POST /negotiations` is classified into it here; `applying` adds the reasons not to send
//! (which reuse the same variants) and the ledger stores each outcome's kind
//! (`ledger::Outcome`, derived, never mapped by hand elsewhere).
//!
//! Classification only; sending the form and pacing live in the client.

use std::time::Duration;

use super::error::{AuthError, Captcha, ErrorBody};

/// What happened to one application (or why it was not sent). None is fatal to a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyOutcome {
    /// 201: applied; the negotiation id from `Location`.
    Applied { negotiation_id: Option<String> },
    /// 303: a `direct` vacancy; the user applies on the employer's site.
    External { url: String },
    /// 403 `already_applied`, or (not sent) the ledger or the vacancy's `relations` already
    /// hold an application.
    AlreadyApplied,
    /// Not sent: the vacancy is at the candidate's current employer (decided by
    /// `applying`, never by hh.ru).
    CurrentEmployer,
    /// 403 `test_required`, or (not sent) the vacancy says it has a test.
    TestRequired,
    /// 403 `invalid_vacancy`/`archived`, 400 `vacancy_not_found`, or (not sent) archived.
    Gone,
    /// `resume_not_found`, `resume_visibility_conflict`: the resume cannot be used.
    ResumeUnavailable { reason: String },
    /// 403 `empty_message`, or (not sent) a letter is required and none was given.
    LetterRequired,
    /// 403 `too_long_message`, or (not sent) over [`MAX_LETTER_CHARS`].
    LetterTooLong,
    /// The letter was refused for its content (`inappropriate_language…`, `resource_policy…`).
    LetterRejected { reason: String },
    /// 403 `captcha_required`.
    Captcha(Captcha),
    /// 400/403 `limit_exceeded` or 429 (hh.ru's rolling 24-hour cap), or (not sent) our
    /// own cap: nothing is sent for `retry_after` (from `applying`, always known).
    DailyLimit { retry_after: Option<Duration> },
    /// 403 `oauth`: the token was refused.
    AuthFailed(AuthError),
    /// hh.ru refused for a reason not listed above (e.g. `application_denied`).
    Refused { status: u16, reason: String },
    /// The network dropped after sending, or hh.ru failed (5xx): it may have applied.
    /// Reconcile with `GET /negotiations`; never retry blindly.
    Uncertain { reason: String },
}

/// The longest cover letter hh.ru accepts.
pub const MAX_LETTER_CHARS: usize = 10_000;

impl ApplyOutcome {
    /// Classifies hh.ru's answer to `POST /negotiations`.
    pub fn from_response(
        status: u16,
        location: Option<&str>,
        retry_after: Option<Duration>,
        body: &[u8],
    ) -> ApplyOutcome {
        match status {
            201 => {
                let negotiation_id = location
                    .and_then(|location| location.trim_end_matches('/').rsplit('/').next())
                    .filter(|id| !id.is_empty())
                    .map(str::to_owned);
                return ApplyOutcome::Applied { negotiation_id };
            }
            303 => {
                return match location {
                    Some(url) if !url.is_empty() => ApplyOutcome::External {
                        url: url.to_owned(),
                    },
                    _ => ApplyOutcome::Uncertain {
                        reason: "303 without Location".to_owned(),
                    },
                }
            }
            429 => return ApplyOutcome::DailyLimit { retry_after },
            500..=599 => {
                return ApplyOutcome::Uncertain {
                    reason: format!("hh.ru answered {status}"),
                }
            }
            _ => {}
        }
        let parsed: ErrorBody = serde_json::from_slice(body).unwrap_or_default();
        if let Some(item) = parsed.find("captcha_required") {
            return ApplyOutcome::Captcha(Captcha {
                captcha_url: item.captcha_url.clone(),
                fallback_url: item.fallback_url.clone(),
            });
        }
        if let Some(item) = parsed.find("oauth") {
            return ApplyOutcome::AuthFailed(match super::Error::from_response(403, None, body) {
                super::Error::Auth(auth) => auth,
                _ => AuthError::Other(item.value.clone().unwrap_or_default()),
            });
        }
        let value = parsed
            .find("negotiations")
            .and_then(|item| item.value.clone())
            .unwrap_or_default();
        match value.as_str() {
            "already_applied" => ApplyOutcome::AlreadyApplied,
            "test_required" => ApplyOutcome::TestRequired,
            "invalid_vacancy" | "archived" | "vacancy_not_found" => ApplyOutcome::Gone,
            "resume_not_found" | "resume_visibility_conflict" => {
                ApplyOutcome::ResumeUnavailable { reason: value }
            }
            "empty_message" => ApplyOutcome::LetterRequired,
            "too_long_message" => ApplyOutcome::LetterTooLong,
            "inappropriate_language"
            | "inappropriate_language_message"
            | "resource_policy_violation"
            | "resource_policy_violation_message" => ApplyOutcome::LetterRejected { reason: value },
            "limit_exceeded" => ApplyOutcome::DailyLimit { retry_after },
            _ => ApplyOutcome::Refused {
                status,
                reason: parsed.summary(),
            },
        }
    }

    /// Whether hh.ru now holds an application (or the employer's site does).
    pub fn is_success(&self) -> bool {
        matches!(
            self,
            ApplyOutcome::Applied { .. } | ApplyOutcome::External { .. }
        )
    }

    /// The negotiation id hh.ru gave, for the ledger.
    pub fn negotiation_id(&self) -> Option<&str> {
        match self {
            ApplyOutcome::Applied { negotiation_id } => negotiation_id.as_deref(),
            _ => None,
        }
    }

    /// What the ledger keeps beside the outcome's kind: the employer's URL, hh.ru's reason,
    /// the refused token's class. Never a secret.
    pub fn detail(&self) -> Option<String> {
        match self {
            ApplyOutcome::External { url } => Some(url.clone()),
            ApplyOutcome::LetterTooLong => Some("too_long_message".to_owned()),
            ApplyOutcome::ResumeUnavailable { reason }
            | ApplyOutcome::LetterRejected { reason }
            | ApplyOutcome::Uncertain { reason } => Some(reason.clone()),
            ApplyOutcome::AuthFailed(auth) => Some(auth.to_string()),
            ApplyOutcome::Refused { status, reason } => Some(format!("{status}: {reason}")),
            _ => None,
        }
    }
}

/// One of every outcome, for the tests that word each one (`cli::words`, `bot::outcomes`).
#[cfg(test)]
pub(crate) fn every_outcome() -> Vec<ApplyOutcome> {
    vec![
        ApplyOutcome::Applied {
            negotiation_id: Some("1".into()),
        },
        ApplyOutcome::External {
            url: "https://employer.example/jobs/1".into(),
        },
        ApplyOutcome::AlreadyApplied,
        ApplyOutcome::CurrentEmployer,
        ApplyOutcome::TestRequired,
        ApplyOutcome::Gone,
        ApplyOutcome::LetterRequired,
        ApplyOutcome::LetterTooLong,
        ApplyOutcome::LetterRejected {
            reason: "too_long_message".into(),
        },
        ApplyOutcome::ResumeUnavailable {
            reason: "not published".into(),
        },
        ApplyOutcome::Captcha(Captcha {
            captcha_url: Some("https://hh.ru/account/captcha?state=x".into()),
            fallback_url: None,
        }),
        ApplyOutcome::DailyLimit {
            retry_after: Some(Duration::from_secs(3 * 3600)),
        },
        ApplyOutcome::AuthFailed(AuthError::TokenRevoked),
        ApplyOutcome::Refused {
            status: 403,
            reason: "negotiations_forbidden".into(),
        },
        ApplyOutcome::Uncertain {
            reason: "connection closed".into(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(status: u16, body: &str, expected: ApplyOutcome) {
        assert_eq!(
            ApplyOutcome::from_response(status, None, None, body.as_bytes()),
            expected
        );
    }

    #[test]
    fn every_documented_answer_has_its_outcome() {
        let negotiations =
            |value: &str| format!(r#"{{"errors":[{{"type":"negotiations","value":"{value}"}}]}}"#);
        assert_eq!(
            ApplyOutcome::from_response(201, Some("/negotiations/123"), None, b""),
            ApplyOutcome::Applied {
                negotiation_id: Some("123".into())
            }
        );
        assert_eq!(
            ApplyOutcome::from_response(303, Some("http://example.com/respond"), None, b""),
            ApplyOutcome::External {
                url: "http://example.com/respond".into()
            }
        );
        check(
            403,
            &negotiations("already_applied"),
            ApplyOutcome::AlreadyApplied,
        );
        check(
            403,
            &negotiations("test_required"),
            ApplyOutcome::TestRequired,
        );
        check(403, &negotiations("invalid_vacancy"), ApplyOutcome::Gone);
        check(400, &negotiations("vacancy_not_found"), ApplyOutcome::Gone);
        check(
            403,
            &negotiations("empty_message"),
            ApplyOutcome::LetterRequired,
        );
        check(
            403,
            &negotiations("too_long_message"),
            ApplyOutcome::LetterTooLong,
        );
        check(
            400,
            &negotiations("limit_exceeded"),
            ApplyOutcome::DailyLimit { retry_after: None },
        );
        check(
            403,
            &negotiations("limit_exceeded"),
            ApplyOutcome::DailyLimit { retry_after: None },
        );
        check(429, "", ApplyOutcome::DailyLimit { retry_after: None });
        check(
            403,
            &negotiations("resume_not_found"),
            ApplyOutcome::ResumeUnavailable {
                reason: "resume_not_found".into(),
            },
        );
        check(
            502,
            "<html>",
            ApplyOutcome::Uncertain {
                reason: "hh.ru answered 502".into(),
            },
        );
        check(
            403,
            r#"{"errors":[{"type":"oauth","value":"token_expired"}]}"#,
            ApplyOutcome::AuthFailed(AuthError::TokenExpired),
        );
        check(
            403,
            r#"{"errors":[{"type":"captcha_required","value":"captcha_required","captcha_url":"https://hh.ru/account/captcha?state=x"}]}"#,
            ApplyOutcome::Captcha(Captcha {
                captcha_url: Some("https://hh.ru/account/captcha?state=x".into()),
                fallback_url: None,
            }),
        );
        check(
            403,
            &negotiations("application_denied"),
            ApplyOutcome::Refused {
                status: 403,
                reason: "negotiations/application_denied".into(),
            },
        );
    }
}
