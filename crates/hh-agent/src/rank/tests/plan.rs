//! Search plans and merging results.

use serde_json::json;

use super::fixtures::{profile, vacancy};
use crate::hh::search::Endpoint;
use crate::rank::{merge_unique, Filters, SearchPlan};

#[test]
fn plan_covers_title_skills_and_filters() {
    let filters: Filters = serde_json::from_value(json!({
        "areas": ["2", "1"], "exclude_words": ["стажёр", " 1С "]
    }))
    .expect("filters");
    let searches = SearchPlan::from_profile(&profile(json!({})), &filters);
    let texts: Vec<&str> = searches.iter().filter_map(|s| s.text.as_deref()).collect();
    assert_eq!(
        texts,
        [
            "Rust разработчик",
            "Rust разработчик PostgreSQL Docker",
            "Rust OR PostgreSQL OR Docker OR Git",
            "Ведущий разработчик"
        ]
    );
    assert_eq!(searches[0].search_field, ["name"]);
    assert!(searches[1].search_field.is_empty());
    for search in &searches {
        assert_eq!(search.area, ["2", "1"]);
        assert_eq!(search.experience, ["between3And6", "moreThan6"]);
        assert_eq!(search.excluded_text.as_deref(), Some("стажёр, 1С"));
        assert!(!search.only_with_salary);
        assert!(search.work_format.is_empty());
        assert!(search
            .query(crate::hh::search::Endpoint::Vacancies, 0, 100)
            .is_ok());
    }
}

#[test]
fn remote_plans_drop_the_home_area() {
    let remote = profile(json!({"work_format": [{"id": "REMOTE"}], "title": "Rust",
        "skill_set": ["Rust", "1С: Бухгалтерия"], "skills": null, "experience": [], "total_experience": {"months": 5}}));
    let searches = SearchPlan::from_profile(&remote, &Filters::default());
    assert!(searches.len() <= 4);
    let texts: Vec<&str> = searches.iter().filter_map(|s| s.text.as_deref()).collect();
    assert_eq!(
        texts,
        [
            "Rust",
            "Rust \"1С: Бухгалтерия\"",
            "Rust OR \"1С: Бухгалтерия\""
        ]
    );
    for search in &searches {
        assert!(search.area.is_empty());
        assert_eq!(search.work_format, ["REMOTE"]);
        assert_eq!(search.experience, ["noExperience", "between1And3"]);
    }
    let empty = profile(json!({"title": null, "skill_set": [], "skills": null, "experience": []}));
    assert!(SearchPlan::from_profile(&empty, &Filters::default()).is_empty());
}

#[test]
fn merged_results_keep_first_occurrences() {
    let a = vacancy(json!({"id": "1", "name": "первая"}));
    let b = vacancy(json!({"id": "2"}));
    let a_again = vacancy(json!({"id": "1", "name": "повтор"}));
    let merged = merge_unique(vec![vec![a, b.clone()], vec![], vec![a_again, b]]);
    let seen: Vec<(&str, &str)> = merged
        .iter()
        .map(|v| (v.id.as_str(), v.name.as_str()))
        .collect();
    assert_eq!(seen, [("1", "первая"), ("2", "Rust-разработчик")]);
}

/// Every search planned for `months` of experience (`None`: unknown) asks for exactly
/// `buckets`, and sends each as its own `experience` parameter.
#[track_caller]
fn check_buckets(months: Option<u32>, buckets: &[&str]) {
    let total = months.map(|months| json!({"months": months}));
    let profile = profile(json!({"total_experience": total}));
    let filters = Filters::default();
    let mut searches = SearchPlan::from_profile(&profile, &filters);
    searches.push(SearchPlan::for_words(&profile, &filters, "Rust"));
    for search in searches {
        assert_eq!(search.experience, buckets, "{months:?} months");
        let query = search
            .query(Endpoint::Vacancies, 0, 100)
            .expect("a valid query");
        let sent: Vec<&str> = query
            .iter()
            .filter(|(key, _)| key == "experience")
            .map(|(_, value)| value.as_str())
            .collect();
        assert_eq!(sent, buckets, "{months:?} months");
    }
}

#[test]
fn a_boundary_plans_the_buckets_on_both_sides() {
    // hh.ru: noExperience, between1And3 (12–36 months), between3And6 (36–72), moreThan6.
    // The candidate's bucket and its neighbours: at exactly 12, 36 and 72 months both
    // buckets that meet there are asked for.
    let (none, one, three, six) = ("noExperience", "between1And3", "between3And6", "moreThan6");
    check_buckets(Some(0), &[none, one]);
    check_buckets(Some(11), &[none, one]);
    check_buckets(Some(12), &[none, one, three]);
    check_buckets(Some(35), &[none, one, three]);
    check_buckets(Some(36), &[one, three, six]);
    check_buckets(Some(71), &[one, three, six]);
    check_buckets(Some(72), &[three, six]);
    check_buckets(Some(73), &[three, six]);
    check_buckets(Some(u32::MAX), &[three, six]);
    check_buckets(None, &[]);
}
