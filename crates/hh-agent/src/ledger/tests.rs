//! Tests of the ledger: records, the cap window, reconciling, and hostile files.
//!
//! Every test uses an injected `now`, an in-memory ledger or a temporary directory.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::{Error, Ledger, Outcome, Reconciled, Seen};

/// A fixed starting time, `hours` later.
fn at(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap() + Duration::hours(hours)
}

fn memory() -> Ledger {
    Ledger::open_in_memory().expect("in-memory ledger")
}

/// Records an attempt at `vacancy_id` at hour `hours` ending in `outcome`.
#[track_caller]
fn record(ledger: &Ledger, vacancy_id: &str, hours: i64, outcome: Outcome) {
    ledger
        .begin(vacancy_id, "r1", None, None, at(hours))
        .unwrap();
    if outcome != Outcome::Sending {
        ledger
            .finish(vacancy_id, outcome, None, None, at(hours))
            .unwrap();
    }
}

#[track_caller]
fn outcome_of(ledger: &Ledger, vacancy_id: &str) -> Outcome {
    ledger
        .application(vacancy_id)
        .unwrap()
        .expect("recorded")
        .outcome
}

#[test]
fn outcome_text_round_trips() {
    for outcome in Outcome::ALL {
        assert_eq!(outcome.as_str().parse::<Outcome>(), Ok(outcome));
    }
    assert!("Applied".parse::<Outcome>().is_err());
    assert!("".parse::<Outcome>().is_err());
}

#[test]
fn begin_then_finish_round_trips() {
    let ledger = memory();
    assert_eq!(ledger.application("v1").unwrap(), None);
    ledger
        .begin("v1", "r1", Some("Здравствуйте"), Some(87), at(0))
        .unwrap();
    let sending = ledger.application("v1").unwrap().unwrap();
    assert_eq!(sending.outcome, Outcome::Sending);
    assert_eq!((sending.created_at, sending.updated_at), (at(0), at(0)));
    ledger
        .finish("v1", Outcome::Applied, Some("n9"), None, at(1))
        .unwrap();
    let applied = ledger.application("v1").unwrap().unwrap();
    assert_eq!(applied.outcome, Outcome::Applied);
    assert_eq!(applied.negotiation_id.as_deref(), Some("n9"));
    assert_eq!(applied.letter.as_deref(), Some("Здравствуйте"));
    assert_eq!(
        (applied.resume_id.as_str(), applied.score),
        ("r1", Some(87))
    );
    assert_eq!((applied.created_at, applied.updated_at), (at(0), at(1)));
    assert!(matches!(
        ledger.finish("v2", Outcome::Applied, None, None, at(1)),
        Err(Error::NotRecorded { .. })
    ));
}

#[test]
fn second_begin_is_refused_only_after_blocking_outcomes() {
    for outcome in Outcome::ALL {
        let ledger = memory();
        record(&ledger, "v1", 0, outcome);
        let again = ledger.begin("v1", "r2", None, None, at(1));
        match again {
            Err(Error::AlreadyRecorded {
                vacancy_id,
                outcome: text,
            }) => {
                assert!(outcome.blocks_new_attempt(), "{outcome} refused a retry");
                assert_eq!(
                    (vacancy_id.as_str(), text.as_str()),
                    ("v1", outcome.as_str())
                );
                assert_eq!(
                    outcome_of(&ledger, "v1"),
                    outcome,
                    "refusal changed the row"
                );
            }
            Ok(()) => {
                assert!(!outcome.blocks_new_attempt(), "{outcome} allowed a retry");
                let retry = ledger.application("v1").unwrap().unwrap();
                assert_eq!(
                    (retry.outcome, retry.resume_id.as_str()),
                    (Outcome::Sending, "r2")
                );
            }
            Err(other) => panic!("{outcome}: unexpected {other}"),
        }
    }
}

#[test]
fn rolling_window_counts_only_capped_outcomes() {
    let ledger = memory();
    let attempts = [
        ("a", 0, Outcome::Applied),
        ("b", 1, Outcome::External),
        ("c", 2, Outcome::Uncertain),
        ("d", 3, Outcome::Captcha),
        ("e", 4, Outcome::Manual),
        ("f", 5, Outcome::Sending),
        ("g", 30, Outcome::Applied),
    ];
    for (vacancy_id, hours, outcome) in attempts {
        record(&ledger, vacancy_id, hours, outcome);
    }
    // (now in hours, count created at or after now - 24 h, the oldest of those)
    let cases = [
        (5, 5, Some(0)),
        (24, 5, Some(0)),
        (25, 4, Some(2)),
        (28, 3, Some(4)),
        (29, 2, Some(5)),
        (30, 1, Some(30)),
        (54, 1, Some(30)),
        (55, 0, None),
    ];
    for (now, count, oldest) in cases {
        let since = at(now) - Duration::hours(24);
        assert_eq!(
            ledger.count_since(since).unwrap(),
            count,
            "count at +{now}h"
        );
        assert_eq!(
            ledger.oldest_since(since).unwrap(),
            oldest.map(at),
            "oldest at +{now}h"
        );
    }
}

#[test]
fn stale_sending_becomes_uncertain() {
    let ledger = memory();
    record(&ledger, "old", 0, Outcome::Sending);
    record(&ledger, "fresh", 2, Outcome::Sending);
    record(&ledger, "done", 0, Outcome::Applied);
    assert_eq!(ledger.settle_stale(at(1), at(3)).unwrap(), 1);
    assert_eq!(outcome_of(&ledger, "old"), Outcome::Uncertain);
    assert_eq!(outcome_of(&ledger, "fresh"), Outcome::Sending);
    assert_eq!(outcome_of(&ledger, "done"), Outcome::Applied);
    let uncertain = ledger.uncertain().unwrap();
    assert_eq!(uncertain.len(), 1);
    assert_eq!(
        (uncertain[0].vacancy_id.as_str(), uncertain[0].updated_at),
        ("old", at(3))
    );
    assert_eq!(ledger.settle_stale(at(1), at(3)).unwrap(), 0);
}

#[test]
fn reconcile_confirms_and_adds_once() {
    let ledger = memory();
    record(&ledger, "unsure", 0, Outcome::Uncertain);
    record(&ledger, "known", 0, Outcome::Applied);
    let seen = |vacancy_id: &str, negotiation_id: &str, hours| Seen {
        vacancy_id: vacancy_id.to_owned(),
        resume_id: Some("r1".to_owned()),
        negotiation_id: negotiation_id.to_owned(),
        created_at: at(hours),
    };
    let listing = [
        seen("unsure", "n1", 0),
        seen("known", "n2", 0),
        seen("web", "n3", -3),
    ];
    let first = ledger.reconcile(&listing, at(1)).unwrap();
    assert_eq!(
        first,
        Reconciled {
            confirmed: 1,
            added: 1
        }
    );
    let second = ledger.reconcile(&listing, at(2)).unwrap();
    assert_eq!(second, Reconciled::default());
    for (vacancy_id, negotiation_id) in [("unsure", "n1"), ("known", "n2"), ("web", "n3")] {
        let application = ledger.application(vacancy_id).unwrap().unwrap();
        assert_eq!(application.outcome, Outcome::Applied, "{vacancy_id}");
        assert_eq!(application.negotiation_id.as_deref(), Some(negotiation_id));
    }
    let web = ledger.application("web").unwrap().unwrap();
    assert_eq!(
        (web.detail.as_deref(), web.created_at),
        (Some("made on hh.ru"), at(-3))
    );
    assert!(ledger.uncertain().unwrap().is_empty());
    assert_eq!(ledger.count_since(at(-24)).unwrap(), 3);
}

#[test]
fn unlisted_old_uncertain_ones_expire() {
    let ledger = memory();
    record(&ledger, "old_unlisted", 0, Outcome::Uncertain);
    record(&ledger, "old_listed", 0, Outcome::Uncertain);
    record(&ledger, "young", 5, Outcome::Uncertain);
    record(&ledger, "sent", 0, Outcome::Applied);
    let listed = vec!["old_listed".to_owned()];
    assert_eq!(ledger.expire_unconfirmed(&listed, at(2), at(6)).unwrap(), 1);
    let expired = ledger.application("old_unlisted").unwrap().unwrap();
    assert_eq!(expired.outcome, Outcome::Refused);
    assert_eq!(expired.detail.as_deref(), Some("not found on hh.ru"));
    assert_eq!(outcome_of(&ledger, "old_listed"), Outcome::Uncertain);
    assert_eq!(outcome_of(&ledger, "young"), Outcome::Uncertain);
    assert_eq!(outcome_of(&ledger, "sent"), Outcome::Applied);
}

#[test]
fn limit_until_sets_and_clears() {
    let ledger = memory();
    assert_eq!(ledger.limit_until().unwrap(), None);
    ledger.set_limit_until(Some(at(5))).unwrap();
    ledger.set_limit_until(Some(at(7))).unwrap();
    assert_eq!(ledger.limit_until().unwrap(), Some(at(7)));
    ledger.set_limit_until(None).unwrap();
    assert_eq!(ledger.limit_until().unwrap(), None);
}

#[test]
fn hidden_and_shown_are_remembered() {
    let ledger = memory();
    ledger.hide("v1", at(0)).unwrap();
    ledger.hide("v1", at(1)).unwrap();
    ledger
        .mark_shown(&["v2".to_owned(), "v3".to_owned()], at(0))
        .unwrap();
    ledger.mark_shown(&["v2".to_owned()], at(1)).unwrap();
    let cases = [
        ("v1", true, false),
        ("v2", false, true),
        ("v3", false, true),
        ("v4", false, false),
    ];
    for (vacancy_id, hidden, shown) in cases {
        assert_eq!(
            ledger.is_hidden(vacancy_id).unwrap(),
            hidden,
            "{vacancy_id}"
        );
        assert_eq!(ledger.was_shown(vacancy_id).unwrap(), shown, "{vacancy_id}");
    }
}

#[test]
fn settings_round_trip_as_json() {
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Settings {
        min_score: u8,
        cities: Vec<String>,
    }
    let ledger = memory();
    assert_eq!(ledger.setting::<Settings>("user").unwrap(), None);
    let settings = Settings {
        min_score: 60,
        cities: vec!["Москва".to_owned()],
    };
    ledger.set_setting("user", &settings).unwrap();
    ledger.set_setting("active_resume", &"r1").unwrap();
    assert_eq!(ledger.setting::<Settings>("user").unwrap(), Some(settings));
    assert_eq!(
        ledger
            .setting::<String>("active_resume")
            .unwrap()
            .as_deref(),
        Some("r1")
    );
    assert!(matches!(
        ledger.setting::<u32>("user"),
        Err(Error::Setting { .. })
    ));
}

#[test]
fn history_is_newest_first() {
    let ledger = memory();
    for (vacancy_id, hours) in [("b", 1), ("c", 2), ("a", 0)] {
        record(&ledger, vacancy_id, hours, Outcome::Applied);
    }
    let ids = |limit| -> Vec<String> {
        ledger
            .history(limit)
            .unwrap()
            .into_iter()
            .map(|application| application.vacancy_id)
            .collect()
    };
    assert_eq!(ids(10), ["c", "b", "a"]);
    assert_eq!(ids(2), ["c", "b"]);
    assert!(ids(0).is_empty());
}
