//! Score components, weights, filters and ranking.

use serde_json::json;

use super::fixtures::{features, profile};
use crate::rank::score::{experience_fit, LEVEL_GAP_FACTOR, LEVEL_STEP_FACTOR};
use crate::rank::{rank_all, score, ExcludedItems, ExperienceLevel, Filters, Money, Rates};

fn skills_score(resume: serde_json::Value, vacancy: serde_json::Value) -> f32 {
    score(&profile(resume), &features(vacancy), &Filters::default())
        .components
        .skills
}

#[test]
fn skill_overlap_uses_synonyms_and_partial_credit() {
    let base = json!({"skill_set": ["Rust", "Postgres"], "skills": null, "experience": []});
    let exact = skills_score(
        base.clone(),
        json!({"key_skills": [{"name": "Rust"}, {"name": "PostgreSQL"}],
        "description": "<p>Работа</p>"}),
    );
    let related = skills_score(
        base.clone(),
        json!({"key_skills": [{"name": "Rust"}, {"name": "MySQL"}],
        "description": "<p>Работа</p>"}),
    );
    let missing = skills_score(
        base.clone(),
        json!({"key_skills": [{"name": "Rust"}, {"name": "Java"}],
        "description": "<p>Работа</p>"}),
    );
    let none = skills_score(
        base.clone(),
        json!({"key_skills": [], "description": "<p>Работа</p>"}),
    );
    assert!((exact - (2.0 + 0.5) / 3.0).abs() < 1e-6, "exact {exact}");
    assert!(
        (related - (1.5 + 0.5) / 3.0).abs() < 1e-6,
        "related {related}"
    );
    assert!((missing - 1.5 / 3.0).abs() < 1e-6, "missing {missing}");
    assert!((none - 0.5).abs() < 1e-6, "none {none}");
}

#[test]
fn three_of_three_beats_twelve_of_twenty() {
    let names: Vec<String> = (0..20).map(|n| format!("Навык номер {n}")).collect();
    let resume = json!({"skill_set": names[..12].to_vec(), "skills": null, "experience": []});
    let small = json!({"key_skills": names[..3].iter().map(|n| json!({"name": n})).collect::<Vec<_>>(),
        "description": "<p>Работа</p>"});
    let large = json!({"key_skills": names.iter().map(|n| json!({"name": n})).collect::<Vec<_>>(),
        "description": "<p>Работа</p>"});
    assert!(skills_score(resume.clone(), small) > skills_score(resume, large));
}

#[test]
fn custom_skills_match_across_texts() {
    let resume = json!({"skill_set": ["Деловая переписка"], "skills": null, "experience": []});
    let in_text = skills_score(
        resume.clone(),
        json!({"key_skills": [],
        "description": "<p>Требуется грамотная деловая переписка с клиентами</p>"}),
    );
    assert!(in_text > 0.5, "{in_text}");
    let mentioned = json!({"skill_set": [], "skills": "Веду деловую переписку", "experience": []});
    let key = skills_score(
        mentioned,
        json!({"key_skills": [{"name": "Деловая переписка"}],
        "description": "<p>Работа</p>"}),
    );
    assert!(key > 0.5, "{key}");
}

/// The title component and the penalty factor.
fn title_score(title: &str, months: u32, vacancy_title: &str) -> (f32, f32) {
    let profile =
        profile(json!({"title": title, "experience": [], "total_experience": {"months": months}}));
    let components = score(
        &profile,
        &features(json!({"name": vacancy_title})),
        &Filters::default(),
    )
    .components;
    (components.title, components.penalty)
}

#[test]
fn titles_match_across_languages_and_levels() {
    let (same, _) = title_score("Python-разработчик", 48, "Python Developer");
    let (other_stack, _) = title_score("Python-разработчик", 48, "Разработчик 1С");
    let (unrelated, _) = title_score("Python-разработчик", 48, "Бухгалтер");
    assert!((same - 1.0).abs() < 1e-6, "{same}");
    assert!(
        other_stack < 0.5 && other_stack > unrelated,
        "{other_stack} {unrelated}"
    );
    // Levels leave the title match alone and cost a penalty factor instead.
    let (gap, step) = (LEVEL_GAP_FACTOR, LEVEL_STEP_FACTOR);
    for (title, months, vacancy, penalty) in [
        (
            "Junior Python-разработчик",
            6,
            "Senior Python Developer",
            gap,
        ),
        ("Python-разработчик", 6, "Ведущий Python-разработчик", gap),
        ("Python-разработчик", 120, "Junior Python developer", gap),
        ("Python-разработчик", 36, "Senior Python developer", step),
        ("Python-разработчик", 120, "Middle Python developer", step),
        ("Python-разработчик", 6, "Junior Python developer", 1.0),
    ] {
        let (matched, factor) = title_score(title, months, vacancy);
        assert!((matched - 1.0).abs() < 1e-6, "{vacancy}: {matched}");
        assert!((factor - penalty).abs() < 1e-6, "{vacancy}: {factor}");
    }
}

#[track_caller]
fn check_experience(months: Option<u32>, level: Option<&str>, expected: f32) {
    let level = level.and_then(ExperienceLevel::from_id);
    let fit = experience_fit(months, level);
    assert!(
        (fit - expected).abs() < 0.01,
        "{months:?} {level:?}: {fit} vs {expected}"
    );
}

#[test]
fn experience_buckets() {
    check_experience(Some(0), Some("noExperience"), 1.0);
    check_experience(Some(24), Some("between1And3"), 1.0);
    check_experience(Some(6), Some("between1And3"), 0.354);
    check_experience(Some(36), Some("between3And6"), 1.0);
    check_experience(Some(24), Some("between3And6"), 0.544);
    check_experience(Some(0), Some("between3And6"), 0.0);
    check_experience(Some(72), Some("moreThan6"), 1.0);
    check_experience(Some(600), Some("moreThan6"), 1.0);
    check_experience(Some(60), Some("moreThan6"), 0.761);
    check_experience(Some(96), Some("between3And6"), 1.0);
    check_experience(Some(120), Some("between1And3"), 0.5 + 0.1);
    check_experience(Some(120), Some("noExperience"), 0.6);
    check_experience(None, Some("moreThan6"), 1.0);
    check_experience(Some(10), None, 1.0);
}

#[track_caller]
fn check_salary(wish: Option<(f64, &str)>, range: serde_json::Value, expected: f32) {
    let mut profile = profile(json!({"salary": null}));
    if let Some((amount, currency)) = wish {
        let money = Money {
            amount,
            currency: currency.to_owned(),
        };
        profile.set_salary(money, &super::fixtures::rates());
    }
    let features = features(json!({"salary_range": range, "salary": null}));
    let fit = score(&profile, &features, &Filters::default())
        .components
        .salary;
    assert!(
        (fit - expected).abs() < 0.01,
        "{wish:?} {range}: {fit} vs {expected}"
    );
}

#[test]
fn salary_fit_in_roubles_dollars_and_euros() {
    let rub = |from: Option<u32>, to: Option<u32>, gross: bool| json!({"from": from, "to": to, "currency": "RUR", "gross": gross});
    check_salary(
        Some((250_000.0, "RUR")),
        rub(Some(300_000), Some(400_000), false),
        1.0,
    );
    check_salary(
        Some((250_000.0, "RUR")),
        rub(None, Some(200_000), false),
        0.6,
    );
    check_salary(
        Some((250_000.0, "RUR")),
        rub(None, Some(250_000), true),
        0.74,
    );
    check_salary(
        Some((250_000.0, "RUR")),
        rub(Some(200_000), None, false),
        0.92,
    );
    check_salary(
        Some((250_000.0, "RUR")),
        rub(None, Some(50_000), false),
        0.0,
    );
    check_salary(Some((3_000.0, "USD")), rub(None, Some(240_000), false), 1.0);
    check_salary(Some((3_000.0, "USD")), rub(None, Some(180_000), false), 0.5);
    check_salary(
        Some((250_000.0, "RUR")),
        json!({"from": null, "to": 3200, "currency": "USD", "gross": false}),
        1.0,
    );
    check_salary(
        Some((250_000.0, "RUR")),
        json!({"from": null, "to": 2000, "currency": "EUR", "gross": true}),
        0.254,
    );
    check_salary(None, rub(None, Some(10_000), false), 1.0);
    check_salary(
        Some((250_000.0, "RUR")),
        json!({"to": 10, "currency": "XYZ"}),
        1.0,
    );
    let mut no_rates = profile(json!({"salary": null}));
    no_rates.set_salary(
        Money {
            amount: 1000.0,
            currency: "USD".into(),
        },
        &Rates::default(),
    );
    assert_eq!(no_rates.salary_net_rur, None);
}

#[test]
fn ranking_sorts_breaks_ties_and_handles_exclusions() {
    let profile = profile(json!({}));
    let items = vec![
        features(json!({"id": "9", "name": "Бухгалтер", "key_skills": [{"name": "1С"}]})),
        features(json!({"id": "12"})),
        features(json!({"id": "3"})),
        features(json!({"id": "5", "archived": true})),
    ];
    let all = rank_all(
        &profile,
        &items,
        &Filters::default(),
        10,
        ExcludedItems::Last,
    );
    let ids: Vec<&str> = all.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["3", "12", "9", "5"]);
    assert!(all[0].score > all[2].score);
    let kept = rank_all(
        &profile,
        &items,
        &Filters::default(),
        2,
        ExcludedItems::Drop,
    );
    let ids: Vec<&str> = kept.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["3", "12"]);
    assert!(rank_all(&profile, &[], &Filters::default(), 10, ExcludedItems::Last).is_empty());
}

#[test]
fn an_unrelated_job_gains_nothing_from_the_right_city_and_an_open_salary() {
    let teacher = features(json!({
        "name": "Старший преподаватель",
        "key_skills": [{"name": "Преподавание"}, {"name": "Работа с детьми"}],
        "description": "<p>Ведение занятий по математике, подготовка к ЕГЭ.</p>",
        "salary_range": null,
        "experience": {"id": "moreThan6", "name": "Более 6 лет"}
    }));
    let ranked = score(&profile(json!({})), &teacher, &Filters::default());
    assert!(ranked.components.location > 0.9, "{:?}", ranked.components);
    assert!(
        ranked.components.relevance() < 0.25,
        "{:?}",
        ranked.components
    );
    assert!(ranked.score < 15, "{ranked:?}");
    // A related job keeps its full context credit.
    let rust = score(
        &profile(json!({})),
        &features(json!({})),
        &Filters::default(),
    );
    assert_eq!(rust.components.relevance(), 1.0);
    assert!(rust.score > 70, "{rust:?}");
}
