//! Search plans and merging results.

use serde_json::json;

use super::fixtures::{profile, vacancy};
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
