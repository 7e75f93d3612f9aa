//! Explanations: content, language and length.

use serde_json::json;

use super::fixtures::{features, profile};
use crate::rank::{score, Filters, SalaryNote, SalaryVerdict};

#[track_caller]
fn check_text(text: &str, must_contain: &[&str]) {
    for part in must_contain {
        assert!(text.contains(part), "{part:?} missing in {text:?}");
    }
    assert!(
        text.chars().count() <= 600,
        "too long: {}",
        text.chars().count()
    );
    assert!(
        !text.contains('{') && !text.contains('}'),
        "placeholder in {text:?}"
    );
    let cyrillic = text
        .chars()
        .filter(|c| ('а'..='я').contains(c) || ('А'..='Я').contains(c))
        .count();
    assert!(cyrillic > text.chars().count() / 3, "not Russian: {text:?}");
}

#[test]
fn the_example_explanation() {
    let ranked = score(
        &profile(json!({})),
        &features(json!({})),
        &Filters::default(),
    );
    let explanation = &ranked.explanation;
    assert_eq!(explanation.matched, ["Rust", "PostgreSQL", "Docker"]);
    assert_eq!(explanation.missing_must, ["Kubernetes (есть Docker)"]);
    assert_eq!((explanation.must_matched, explanation.must_total), (3, 4));
    assert_eq!(
        explanation.salary,
        SalaryNote::Offered {
            range: "300–400 тыс. ₽".into(),
            verdict: SalaryVerdict::Above("250 тыс. ₽".into())
        }
    );
    assert_eq!(
        explanation.to_text(),
        "Совпадают навыки: Rust, PostgreSQL, Docker (из них обязательных 3 из 4). \
         Не хватает: Kubernetes (есть Docker). Зарплата: 300–400 тыс. ₽ — выше ваших ожиданий (250 тыс. ₽). \
         Удалённо. Опыт: требуется 3–6 лет, у вас 6 лет."
    );
}

#[test]
fn penalties_and_obstacles_are_explained() {
    let ranked = score(
        &profile(json!({"work_format": [{"id": "ON_SITE"}], "total_experience": {"months": 13}})),
        &features(
            json!({"name": "Senior Rust-разработчик", "work_format": [{"id": "ON_SITE"}],
            "area": {"id": "88", "name": "Казань"}, "has_test": true, "response_letter_required": true,
            "salary_range": {"to": 200000, "currency": "RUR", "gross": true}, "type": {"id": "direct"}}),
        ),
        &Filters::default(),
    );
    check_text(
        &ranked.explanation.to_text(),
        &[
            "Требуется тестовое задание — откликнуться через API нельзя.",
            "Другой город (Казань), переезд не указан.",
            "ниже ваших ожиданий",
            "до вычета налогов",
            "у вас 1 год",
            "Уровень вакансии — Senior, ваш — Junior: на 2 ступени выше.",
            "Нужно сопроводительное письмо.",
            "Отклик — на сайте работодателя.",
        ],
    );
}

#[test]
fn long_explanations_stay_within_a_message() {
    let names: Vec<String> = (0..30)
        .map(|n| format!("Очень длинное название навыка номер {n} для проверки"))
        .collect();
    let ranked = score(
        &profile(json!({"skill_set": names[..15].to_vec()})),
        &features(
            json!({"key_skills": names.iter().map(|n| json!({"name": n})).collect::<Vec<_>>(),
            "has_test": true, "archived": true, "response_letter_required": true}),
        ),
        &Filters::default(),
    );
    let text = ranked.explanation.to_text();
    check_text(
        &text,
        &["Совпадают навыки", "и ещё 8", "Вакансия в архиве."],
    );
    let empty = score(
        &profile(json!({"skill_set": []})),
        &features(json!({"key_skills": [], "description": ""})),
        &Filters::default(),
    );
    check_text(
        &empty.explanation.to_text(),
        &["Навыки в вакансии не указаны."],
    );
}

#[test]
fn foreign_salaries_show_roubles_too() {
    let ranked = score(
        &profile(json!({})),
        &features(
            json!({"salary_range": {"from": 4000, "to": 5000, "currency": "USD", "gross": true}}),
        ),
        &Filters::default(),
    );
    check_text(
        &ranked.explanation.to_text(),
        &["Зарплата: 4–5 тыс. $ до вычета налогов (≈ 278–348 тыс. ₽ на руки) — выше ваших ожиданий (250 тыс. ₽)."],
    );
}
