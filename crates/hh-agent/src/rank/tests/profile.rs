//! Profiles from resumes and from pasted text.

use serde_json::json;

use super::fixtures::{profile, rates};
use crate::rank::{Profile, WorkFormats};

fn weight(profile: &Profile, name: &str) -> Option<f32> {
    profile
        .skills
        .iter()
        .find(|owned| owned.skill.name == name)
        .map(|owned| owned.weight)
}

#[track_caller]
fn check_weights(profile: &Profile, expected: &[(&str, Option<f32>)]) {
    for (name, want) in expected {
        assert_eq!(
            weight(profile, name),
            *want,
            "skill {name}: {:?}",
            profile.skills
        );
    }
}

#[test]
fn resume_gives_weighted_skills_and_the_rest() {
    let profile = profile(json!({}));
    check_weights(
        &profile,
        &[
            ("Rust", Some(1.0)),
            ("PostgreSQL", Some(1.0)),
            ("Go", Some(0.6)),
            ("Микросервисы", Some(0.6)),
            ("Kafka", Some(0.5)),
            ("Django", Some(0.5)),
            ("Java", None),
        ],
    );
    assert_eq!(
        profile.positions,
        ["Ведущий разработчик", "Backend-разработчик"]
    );
    assert_eq!(profile.current_employer.as_deref(), Some("ООО «Лютик»"));
    assert_eq!(profile.experience_months, Some(72));
    assert_eq!(profile.salary_net_rur, Some(250_000.0));
    assert_eq!(profile.area_id.as_deref(), Some("1"));
    assert!(!profile.relocation);
    assert!(profile.work_formats.contains(WorkFormats::REMOTE));
    assert!(!profile.work_formats.is_remote_only());
}

#[test]
fn foreign_salary_and_relocation_are_read() {
    let profile = profile(json!({
        "salary": {"amount": 5000, "currency": "USD"},
        "relocation": {"type": {"id": "relocation_possible"}, "area": [{"id": "2"}]},
        "work_format": [{"id": "REMOTE"}]
    }));
    assert_eq!(profile.salary_net_rur, Some(400_000.0));
    assert!(profile.relocation);
    assert_eq!(profile.relocation_areas, ["2"]);
    assert!(profile.work_formats.is_remote_only());
    let unknown = super::fixtures::profile(json!({"salary": {"amount": 5000, "currency": "XXX"}}));
    assert_eq!(unknown.salary_net_rur, None);
}

const PASTED_HH_RESUME: &str = "\
Иванов Иван Иванович
Мужчина, 31 год, родился 12 марта 1993
+7 (999) 123-45-67
ivan@example.com
Проживает: Казань
Гражданство: Россия, есть разрешение на работу: Россия
Готов к переезду, готов к командировкам

Желаемая должность и зарплата
Python-разработчик
Специализации:
— Программист, разработчик
Занятость: полная занятость
График работы: удаленная работа
250 000 ₽ на руки

Опыт работы — 5 лет 4 месяца
Март 2021 — настоящее время
3 года 2 месяца
ООО «Технологии будущего»
Казань
Ведущий Python-разработчик
Разработка микросервисов на FastAPI, PostgreSQL, Redis, Docker.

Январь 2019 — Февраль 2021
2 года 2 месяца
АО «Старт»
Python-разработчик
Django, Celery, RabbitMQ

Образование
Высшее
2015 Казанский федеральный университет

Навыки
Знание языков
Русский — Родной
Английский — B2 — Средне-продвинутый

Навыки
Python  Django  PostgreSQL  Docker  Git  Linux  REST API  Celery

Дополнительная информация
Обо мне
Люблю чистый код.
";

#[test]
fn pasted_hh_resume_is_understood() {
    let profile = Profile::from_text(PASTED_HH_RESUME, &rates());
    assert_eq!(profile.title, "Python-разработчик");
    assert_eq!(profile.area_id.as_deref(), Some("88"));
    assert_eq!(profile.area_name.as_deref(), Some("Казань"));
    assert!(profile.relocation);
    assert!(profile.work_formats.is_remote_only());
    assert_eq!(profile.salary_net_rur, Some(250_000.0));
    assert_eq!(profile.experience_months, Some(64));
    assert_eq!(
        profile.current_employer.as_deref(),
        Some("ООО «Технологии будущего»")
    );
    check_weights(
        &profile,
        &[
            ("Python", Some(1.0)),
            ("Django", Some(1.0)),
            ("PostgreSQL", Some(1.0)),
            ("REST API", Some(1.0)),
            ("Celery", Some(1.0)),
            ("Английский язык", Some(1.0)),
            ("FastAPI", Some(0.6)),
            ("RabbitMQ", Some(0.6)),
            ("Русский — Родной", None),
        ],
    );
}

#[track_caller]
fn check_text(
    text: &str,
    title: &str,
    months: Option<u32>,
    salary: Option<f64>,
    area: Option<&str>,
) {
    let profile = Profile::from_text(text, &rates());
    assert_eq!(profile.title, title, "text: {text:?}");
    assert_eq!(profile.experience_months, months, "text: {text:?}");
    assert_eq!(profile.salary_net_rur, salary, "text: {text:?}");
    assert_eq!(profile.area_id.as_deref(), area, "text: {text:?}");
}

#[test]
fn short_pasted_profiles() {
    check_text(
        "Senior Java developer, 7+ years of experience\nSkills: Java, Spring Boot, Kafka, k8s\n\
         Location: Saint Petersburg, remote\nSalary: 5000 USD",
        "Senior Java developer",
        Some(84),
        Some(400_000.0),
        Some("2"),
    );
    check_text(
        "Желаемая должность: Бухгалтер\nОпыт 5 лет\nЗарплата от 80 тыс. руб\nг. Москва",
        "Бухгалтер",
        Some(60),
        Some(80_000.0),
        Some("1"),
    );
    check_text(
        "Frontend\nЗарплата 250k\nопыт 1,5 года",
        "Frontend",
        Some(18),
        Some(250_000.0),
        None,
    );
    check_text(
        "Тестировщик\nОжидания: 120 000 рублей",
        "Тестировщик",
        None,
        Some(120_000.0),
        None,
    );
    check_text("", "", None, None, None);
}

#[test]
fn text_skills_section_is_split() {
    let profile = Profile::from_text(
        "Аналитик данных\nКлючевые навыки: SQL; Python; Power BI, A/B-тесты\nОпыт 2 года",
        &rates(),
    );
    check_weights(
        &profile,
        &[
            ("SQL", Some(1.0)),
            ("Python", Some(1.0)),
            ("Power BI", Some(1.0)),
            ("A/B-тесты", Some(1.0)),
        ],
    );
}

#[test]
fn skills_lists_stop_at_the_next_field() {
    let profile = Profile::from_text(
        "Главный бухгалтер\nКлючевые навыки: 1С: Бухгалтерия, НДС\nМСФО\n- Работа с банками\n\
         Git: уверенно\nОпыт работы 8 лет\nОжидания: 150 000 ₽\nг. Казань, не готова к переезду\n\
         Ещё строка",
        &rates(),
    );
    let names: Vec<&str> = profile
        .skills
        .iter()
        .filter(|owned| owned.weight == 1.0)
        .map(|owned| owned.skill.name.as_ref())
        .collect();
    assert_eq!(
        names,
        ["1С: Бухгалтерия", "НДС", "МСФО", "Работа с банками", "Git"]
    );
    assert!(!profile.relocation);
    assert_eq!(profile.area_id.as_deref(), Some("88"));
    assert_eq!(profile.experience_months, Some(96));
    assert_eq!(profile.salary_net_rur, Some(150_000.0));
}
