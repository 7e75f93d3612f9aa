//! Vacancy features: must-haves, sections, salary, formats, language.

use serde_json::json;

use super::fixtures::{features, rates};
use crate::rank::{Features, Importance, Language, WorkFormats};

fn importance(features: &Features, name: &str) -> Option<Importance> {
    features
        .skills
        .iter()
        .find(|wanted| wanted.skill.name == name)
        .map(|wanted| wanted.importance)
}

#[track_caller]
fn check_skills(description: &str, expected: &[(&str, Option<Importance>)]) {
    let features = features(json!({"key_skills": [{"name": "Git"}], "description": description}));
    for (name, want) in expected {
        assert_eq!(
            importance(&features, name),
            *want,
            "{name} in {description:?}"
        );
    }
}

#[test]
fn requirement_sections_make_must_haves() {
    check_skills(
        "<p>Мы пишем на Go.</p><p><b>Требования:</b></p><ul><li>Kafka</li><li>опыт с k8s</li></ul>\
         <p><b>Будет плюсом:</b></p><ul><li>ClickHouse</li></ul><p>Условия:</p><ul><li>Docker-образы \
         уже готовы</li></ul>",
        &[
            ("Git", Some(Importance::KeySkill)),
            ("Go", Some(Importance::Mentioned)),
            ("Kafka", Some(Importance::Required)),
            ("Kubernetes", Some(Importance::Required)),
            ("ClickHouse", Some(Importance::NiceToHave)),
            ("Docker", Some(Importance::Mentioned)),
            ("Rust", None),
        ],
    );
    check_skills(
        "<p>Requirements: Python, SQL</p><p>Nice to have: Airflow</p>",
        &[
            ("Python", Some(Importance::Required)),
            ("SQL", Some(Importance::Required)),
            ("Airflow", Some(Importance::NiceToHave)),
        ],
    );
    check_skills(
        "<p>Обязательно:</p><p>знание 1С:ЗУП</p><p>Обязанности: расчёт НДС</p>",
        &[
            ("1С:ЗУП", Some(Importance::Required)),
            ("НДС", Some(Importance::Mentioned)),
        ],
    );
}

#[test]
fn key_skills_are_normalised_and_deduplicated() {
    let features = features(json!({
        "key_skills": [{"name": "Postgres"}, {"name": "PostgreSQL"}, {"name": "Работа в команде"}],
        "description": "<p>Требования: PostgreSQL</p>"
    }));
    let names: Vec<&str> = features
        .skills
        .iter()
        .map(|s| s.skill.name.as_ref())
        .collect();
    assert_eq!(names, ["PostgreSQL", "Работа в команде"]);
    assert_eq!(features.must_have().count(), 2);
}

#[track_caller]
fn check_salary(range: serde_json::Value, from: Option<f64>, to: Option<f64>, text: &str) {
    let features = features(json!({"salary_range": range, "salary": null}));
    let salary = features.salary.expect("salary");
    let near = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 0.5,
        (a, b) => a == b,
    };
    assert!(
        near(salary.from_net_rur, from),
        "from {:?} vs {from:?}",
        salary.from_net_rur
    );
    assert!(
        near(salary.to_net_rur, to),
        "to {:?} vs {to:?}",
        salary.to_net_rur
    );
    assert_eq!(salary.describe(), text);
}

#[test]
fn salaries_become_net_monthly_roubles() {
    check_salary(
        json!({"from": 300000, "to": 400000, "currency": "RUR", "gross": false}),
        Some(300_000.0),
        Some(400_000.0),
        "300–400 тыс. ₽",
    );
    check_salary(
        json!({"from": 100000, "to": null, "currency": "RUR", "gross": true}),
        Some(87_000.0),
        None,
        "от 100 тыс. ₽",
    );
    check_salary(
        json!({"from": 3000, "to": 4000, "currency": "USD", "gross": true}),
        Some(208_800.0),
        Some(278_400.0),
        "3–4 тыс. $",
    );
    check_salary(
        json!({"from": null, "to": 2220, "currency": "EUR", "gross": false}),
        None,
        Some(200_000.0),
        "до 2,22 тыс. €",
    );
    check_salary(
        json!({"from": 1000, "to": 1500, "currency": "RUR", "mode": {"id": "HOUR"}}),
        Some(165_000.0),
        Some(247_500.0),
        "1–1,5 тыс. ₽",
    );
    check_salary(
        json!({"from": 5000, "currency": "RUR", "mode": {"id": "SHIFT"}}),
        None,
        None,
        "от 5 тыс. ₽",
    );
    check_salary(
        json!({"from": 1000, "currency": "XYZ"}),
        None,
        None,
        "от 1 тыс. XYZ",
    );
    check_salary(
        json!({"from": 1500000, "to": 900000, "currency": "RUR"}),
        Some(900_000.0),
        Some(1_500_000.0),
        "900 тыс. ₽ – 1,5 млн ₽",
    );
}

#[test]
fn the_deprecated_salary_is_a_fallback() {
    let features = features(json!({"salary_range": null,
        "salary": {"from": 200000, "to": null, "currency": "RUR", "gross": false}}));
    assert_eq!(
        features.salary.and_then(|s| s.from_net_rur),
        Some(200_000.0)
    );
    let none = super::fixtures::features(json!({"salary_range": null}));
    assert_eq!(none.salary, None);
}

#[test]
fn formats_language_and_flags() {
    let remote = features(json!({"work_format": [], "schedule": {"id": "remote"}}));
    assert!(remote.work_formats.contains(WorkFormats::REMOTE));
    let office = features(json!({"work_format": [{"id": "ON_SITE"}]}));
    assert!(!office.work_formats.contains(WorkFormats::REMOTE));
    assert_eq!(office.language, Language::Russian);
    let english = features(json!({"name": "Backend Engineer",
        "description": "<p>We are looking for a backend engineer with Go and Kafka.</p>"}));
    assert_eq!(english.language, Language::English);
    let flags = features(
        json!({"has_test": true, "archived": true, "type": {"id": "direct"},
        "response_letter_required": true}),
    );
    assert!(flags.has_test && flags.archived && flags.response_letter_required);
    assert_eq!(flags.kind.as_deref(), Some("direct"));
    assert_eq!(flags.employer_id.as_deref(), Some("42"));
}

#[test]
fn search_items_use_the_snippet() {
    let vacancy = super::fixtures::vacancy(json!({"description": null, "key_skills": [],
        "snippet": {"requirement": "Опыт с <highlighttext>Rust</highlighttext> и Tokio",
                    "responsibility": "Писать сервисы"}}));
    let features = Features::from_vacancy(&vacancy, &rates());
    assert!(features.skills.iter().any(|s| s.skill.name == "Rust"));
}

#[test]
fn the_builder_caches_without_changing_results() {
    let vacancies = [
        super::fixtures::vacancy(json!({"id": "1"})),
        super::fixtures::vacancy(
            json!({"id": "2", "key_skills": [{"name": "Rust"}, {"name": "Работа в команде"}]}),
        ),
        super::fixtures::vacancy(
            json!({"id": "3", "name": "Rust-разработчик", "key_skills": [{"name": "Работа в команде"}]}),
        ),
    ];
    let rates = rates();
    let mut builder = crate::rank::FeaturesBuilder::new(&rates);
    for vacancy in &vacancies {
        let cached = builder.build(vacancy);
        let plain = Features::from_vacancy(vacancy, &rates);
        assert_eq!(cached.skills, plain.skills);
        assert_eq!(cached.title_terms, plain.title_terms);
        assert_eq!(cached.terms, plain.terms);
        assert_eq!(cached.salary, plain.salary);
    }
}
