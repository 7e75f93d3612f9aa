//! Unit tests of the letter engine: template parsing and rendering with plurals and
//! optional blocks (`template`), and the checks and LLM-answer tidying (`check`).

mod check;
mod template;

use super::{Input, Language, Strength};

/// A Russian vacancy with everything known.
fn russian() -> Input {
    Input {
        position: "Rust-разработчик".to_owned(),
        company: Some("Ромашка".to_owned()),
        candidate_name: Some("Иван Петров".to_owned()),
        language: Language::Russian,
        strengths: vec![
            Strength::new("Rust", Some("в ООО «Ромашка» (2021–2024)")),
            Strength::new("PostgreSQL", Some("в проекте «Биллинг»")),
            Strength::new("Kafka", None),
            Strength::new("Docker", Some("в ООО «Лютик»")),
        ],
        desired_title: Some("Backend-разработчик".to_owned()),
        experience_years: Some(6),
        vacancy_summary: "Ищем Rust-разработчика в команду биллинга.".to_owned(),
        resume_summary: "Шесть лет backend-разработки на Rust и Go.".to_owned(),
        explanation: "Совпадают навыки Rust, PostgreSQL и Kafka.".to_owned(),
        contacts: Some("Telegram: @ivan_petrov".to_owned()),
    }
}

/// An English vacancy with everything known.
fn english() -> Input {
    Input {
        position: "Senior Rust Engineer".to_owned(),
        company: Some("Acme Robotics".to_owned()),
        candidate_name: Some("Ivan Petrov".to_owned()),
        language: Language::English,
        strengths: vec![
            Strength::new("Rust", Some("at Romashka LLC (2021–2024)")),
            Strength::new("PostgreSQL", Some("in the billing project")),
            Strength::new("Kafka", None),
        ],
        desired_title: None,
        experience_years: Some(1),
        vacancy_summary: "We are looking for a Rust engineer.".to_owned(),
        resume_summary: "Six years of backend development.".to_owned(),
        explanation: "Совпадают навыки Rust и PostgreSQL.".to_owned(),
        contacts: None,
    }
}
