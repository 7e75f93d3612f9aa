//! Small vacancy and resume bodies built with `json!` and read through the real DTOs.

use serde_json::{json, Value};

use crate::hh::types::{Currency, Resume, Vacancy};
use crate::rank::{Features, Profile, Rates};

/// Rates close to the `/dictionaries` example: 1 RUR = 0.0125 USD (80 ₽/$), 0.0111 EUR.
pub fn rates() -> Rates {
    let currency = |code: &str, rate: f64| Currency {
        code: code.to_owned(),
        rate,
        abbr: None,
    };
    Rates::new(&[
        currency("RUR", 1.0),
        currency("USD", 0.0125),
        currency("EUR", 0.0111),
    ])
}

/// A Rust backend vacancy in Moscow; `patch` overrides top-level fields.
pub fn vacancy_json(patch: Value) -> Value {
    let mut body = json!({
        "id": "100",
        "name": "Rust-разработчик",
        "area": {"id": "1", "name": "Москва"},
        "experience": {"id": "between3And6", "name": "От 3 до 6 лет"},
        "salary_range": {"from": 300000, "to": 400000, "currency": "RUR", "gross": false,
                         "mode": {"id": "MONTH", "name": "За месяц"}},
        "work_format": [{"id": "REMOTE", "name": "Удалённо"}],
        "employment_form": {"id": "FULL", "name": "Полная"},
        "employer": {"id": "42", "name": "ООО «Ромашка»"},
        "key_skills": [{"name": "Rust"}, {"name": "PostgreSQL"}, {"name": "Docker"},
                       {"name": "Kubernetes"}],
        "description": "<p><strong>Требования:</strong></p><ul><li>опыт на Rust от 3 лет</li>\
                        <li>PostgreSQL</li></ul><p><strong>Условия:</strong></p>\
                        <ul><li>ДМС</li></ul>",
        "has_test": false,
        "archived": false,
        "type": {"id": "open"},
        "response_letter_required": false
    });
    merge(&mut body, patch);
    body
}

/// Features of [`vacancy_json`] with `patch`.
pub fn features(patch: Value) -> Features {
    Features::from_vacancy(&vacancy(patch), &rates())
}

/// The vacancy DTO of [`vacancy_json`] with `patch`.
pub fn vacancy(patch: Value) -> Vacancy {
    serde_json::from_value(vacancy_json(patch)).expect("fixture vacancy deserialises")
}

/// A senior Rust developer in Moscow; `patch` overrides top-level fields.
pub fn resume_json(patch: Value) -> Value {
    let mut body = json!({
        "id": "abc",
        "title": "Rust разработчик",
        "skill_set": ["Rust", "Postgres", "Docker", "Git", "Linux"],
        "skills": "Пишу на Rust и Go, люблю микросервисы.",
        "area": {"id": "1", "name": "Москва"},
        "salary": {"amount": 250000, "currency": "RUR"},
        "total_experience": {"months": 72},
        "experience": [
            {"company": "ООО «Лютик»", "position": "Ведущий разработчик", "start": "2021-03-01",
             "end": null, "description": "Сервисы на Rust, Kafka и ClickHouse"},
            {"company": "Сбер", "position": "Backend-разработчик", "start": "2018-01-01",
             "end": "2021-02-01", "description": "Python, Django"}
        ],
        "work_format": [{"id": "REMOTE"}, {"id": "ON_SITE"}],
        "relocation": {"type": {"id": "no_relocation"}, "area": []}
    });
    merge(&mut body, patch);
    body
}

/// The profile of [`resume_json`] with `patch`.
pub fn profile(patch: Value) -> Profile {
    let resume: Resume =
        serde_json::from_value(resume_json(patch)).expect("fixture resume deserialises");
    Profile::from_resume(&resume, &rates())
}

fn merge(body: &mut Value, patch: Value) {
    if let (Some(body), Value::Object(patch)) = (body.as_object_mut(), patch) {
        for (key, value) in patch {
            body.insert(key, value);
        }
    }
}
