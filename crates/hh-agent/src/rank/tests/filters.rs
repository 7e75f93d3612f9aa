//! Location fit and the hard filters.

use serde_json::json;

use super::fixtures::{features, profile};
use crate::rank::{score, Exclusion, Filters};

fn location(resume: serde_json::Value, vacancy: serde_json::Value) -> (f32, f32, u8) {
    let ranked = score(&profile(resume), &features(vacancy), &Filters::default());
    (
        ranked.components.location,
        ranked.components.penalty,
        ranked.score,
    )
}

#[test]
fn location_remote_and_relocation() {
    let office = |area: &str| json!({"area": {"id": area, "name": "Казань"}, "work_format": [{"id": "ON_SITE"}]});
    let home = json!({"work_format": [{"id": "ON_SITE"}]});
    assert_eq!(location(home.clone(), office("1")).0, 1.0);
    assert_eq!(location(home.clone(), json!({"area": {"id": "88"}})).1, 1.0);
    let (value, penalty, far) = location(home.clone(), office("88"));
    assert_eq!((value, penalty), (0.0, 0.5));
    let (value, penalty, _) = location(
        json!({"relocation": {"type": {"id": "relocation_possible"}}}),
        office("88"),
    );
    assert_eq!((value, penalty), (0.7, 1.0));
    let (value, penalty, near) = location(home, office("1"));
    assert!(far < near / 2 + 1, "{far} vs {near}");
    assert_eq!((value, penalty), (1.0, 1.0));
    let remote_only = json!({"work_format": [{"id": "REMOTE"}]});
    assert_eq!(location(remote_only.clone(), office("1")).1, 0.5);
    let hybrid = json!({"work_format": [{"id": "HYBRID"}]});
    assert_eq!(location(remote_only, hybrid).0, 0.5);
}

#[track_caller]
fn check_excluded(
    vacancy: serde_json::Value,
    filters: serde_json::Value,
    expected: Option<Exclusion>,
) {
    let filters: Filters = serde_json::from_value(filters).expect("filters");
    let ranked = score(&profile(json!({})), &features(vacancy), &filters);
    assert_eq!(ranked.excluded, expected);
    assert!(ranked.score > 0);
}

#[test]
fn every_hard_filter_excludes_with_a_reason() {
    let none = json!({});
    check_excluded(json!({}), none.clone(), None);
    check_excluded(
        json!({"archived": true}),
        none.clone(),
        Some(Exclusion::Archived),
    );
    check_excluded(
        json!({"has_test": true}),
        none.clone(),
        Some(Exclusion::TestRequired),
    );
    check_excluded(
        json!({"employer": {"id": "7", "name": "ООО «Лютик»"}}),
        none.clone(),
        Some(Exclusion::CurrentEmployer("ООО «Лютик»".into())),
    );
    check_excluded(
        json!({}),
        json!({"excluded_employers": ["42"]}),
        Some(Exclusion::ExcludedEmployer("ООО «Ромашка»".into())),
    );
    check_excluded(
        json!({}),
        json!({"excluded_employers": ["Ромашка"]}),
        Some(Exclusion::ExcludedEmployer("ООО «Ромашка»".into())),
    );
    check_excluded(
        json!({}),
        json!({"exclude_words": ["стажёр", "ДМС"]}),
        Some(Exclusion::ExcludedWord("ДМС".into())),
    );
    check_excluded(
        json!({"name": "Стажер Rust"}),
        json!({"exclude_words": ["стажёр"]}),
        Some(Exclusion::ExcludedWord("стажёр".into())),
    );
    check_excluded(
        json!({}),
        json!({"include_words": ["Haskell", "Erlang"]}),
        Some(Exclusion::NoIncludedWord),
    );
    check_excluded(
        json!({}),
        json!({"include_words": ["Haskell", "опыт на Rust"]}),
        None,
    );
    check_excluded(
        json!({}),
        json!({"min_salary": 450000}),
        Some(Exclusion::BelowMinSalary {
            offered: 400_000,
            min: 450_000,
        }),
    );
    check_excluded(
        json!({"salary_range": null}),
        json!({"min_salary": 450000}),
        None,
    );
    check_excluded(
        json!({"work_format": [{"id": "ON_SITE"}], "area": {"id": "88", "name": "Казань"}}),
        json!({"areas": ["1", "2"]}),
        Some(Exclusion::AreaNotAllowed("Казань".into())),
    );
    check_excluded(
        json!({"area": {"id": "88", "name": "Казань"}}),
        json!({"areas": ["1"]}),
        None,
    );
    check_excluded(
        json!({"work_format": [{"id": "HYBRID"}]}),
        json!({"remote_only": true}),
        Some(Exclusion::NotRemote),
    );
    let ranked = score(
        &profile(json!({})),
        &features(json!({})),
        &Filters::default(),
    );
    check_excluded(
        json!({}),
        json!({"min_score": 100}),
        Some(Exclusion::BelowMinScore {
            score: ranked.score,
            min: 100,
        }),
    );
}

#[test]
fn filters_reject_unknown_keys() {
    assert!(serde_json::from_value::<Filters>(json!({"exclude": ["x"]})).is_err());
    assert_eq!(
        serde_json::from_value::<Filters>(json!({})).ok(),
        Some(Filters::default())
    );
}
