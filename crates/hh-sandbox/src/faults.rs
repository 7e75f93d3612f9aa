//! Faults a test or a script injects into the sandbox: a canned status, a delay, or a
//! connection dropped before or after the request is processed.
//!
//! Matching and counting only; the HTTP layer acts on the chosen fault.

use serde::{Deserialize, Serialize};

/// A fault for `times` requests matching `method` (any if `None`) and `path`, after the
/// first `skip` matching requests went through untouched ("a captcha on the 5th call").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    /// `GET`, `POST`, …; `None` matches every method.
    #[serde(default)]
    pub method: Option<String>,
    /// The exact path, e.g. `/token`, or a prefix ending in `*`, e.g. `/vacancies/*`.
    pub path: String,
    /// What happens.
    pub kind: FaultKind,
    /// How many matching requests it hits before it is gone.
    pub times: u32,
    /// How many matching requests pass before it starts to hit.
    #[serde(default)]
    pub skip: u32,
}

/// What a fault does to a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer this instead; the request is not processed.
    Status {
        status: u16,
        #[serde(default)]
        body: String,
        #[serde(default)]
        retry_after: Option<u64>,
    },
    /// `403 captcha_required` with a `captcha_url`, as hh.ru asks under load.
    Captcha,
    /// Wait, then process normally.
    Delay { millis: u64 },
    /// Close the connection without processing or answering.
    DropBeforeProcessing,
    /// Process fully (state changes), then close the connection without an answer.
    DropAfterProcessing,
}

/// Takes one hit of the first fault matching the request, removing spent faults.
pub(super) fn take(faults: &mut Vec<Fault>, method: &str, path: &str) -> Option<FaultKind> {
    let index = faults.iter().position(|fault| {
        let path_matches = match fault.path.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => fault.path == path,
        };
        path_matches
            && fault
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
    })?;
    if faults[index].skip > 0 {
        faults[index].skip -= 1;
        return None;
    }
    let kind = faults[index].kind.clone();
    faults[index].times = faults[index].times.saturating_sub(1);
    if faults[index].times == 0 {
        faults.remove(index);
    }
    Some(kind)
}
