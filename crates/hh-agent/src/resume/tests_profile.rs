//! hh.ru's layout read back, the profile shown for review, and corrections that ranking
//! respects.

use serde_json::json;

use super::review::{duration, money_text};
use super::{
    name_from_text, parse_layout, profile_from_text, review, CorrectionError, Corrections, Field,
};
use crate::hh::types::{Currency, Vacancy};
use crate::rank::{self, ExcludedItems, Filters, Profile, Rates, WorkFormats};

fn rates() -> Rates {
    let currency = |code: &str, rate: f64| Currency {
        code: code.to_owned(),
        rate,
        abbr: None,
    };
    Rates::new(&[currency("RUR", 1.0), currency("USD", 0.0125)])
}

/// A resume copied from hh.ru's page or its TXT download (the older wording).
const HH_TEXT: &str = "\
Иванов Иван Иванович
Мужчина, 31 год, родился 12 марта 1993
Проживает: Казань
Готов к переезду: Санкт-Петербург, Сочи, готов к командировкам

Желаемая должность и зарплата
Python-разработчик
Специализации:
— Программист, разработчик
Занятость: полная занятость
График работы: удаленная работа
250 000 руб. на руки

Опыт работы — 5 лет 4 месяца
Март 2021 — настоящее время
3 года 2 месяца
ООО «Технологии будущего»
Казань, future.ru
• Информационные технологии,
системная интеграция, интернет
Ведущий Python-разработчик
Разработка микросервисов на FastAPI, PostgreSQL, Redis, Docker.

Январь 2019 — Февраль 2021
2 года 2 месяца
АО «Старт»
Тула
Python-разработчик
Django, Celery, RabbitMQ

Образование
Высшее
2015 Казанский федеральный университет

Навыки
Знание языков	Русский — Родной
Английский — B2 — Средне-продвинутый
Навыки	Python  Django  PostgreSQL
Docker  REST API
Дополнительная информация
Обо мне	Люблю чистый код
и Kafka.
Резюме обновлено 1 декабря 2025 в 10:00
";

#[test]
fn hh_layout_is_read_as_hh_resume() {
    let resume = parse_layout(HH_TEXT).expect("hh.ru's layout");
    assert_eq!(resume.title.as_deref(), Some("Python-разработчик"));
    assert_eq!(resume.area.as_ref().map(|a| a.id.as_str()), Some("88"));
    let relocation = resume.relocation.clone().unwrap();
    assert_eq!(relocation["type"]["id"], "relocation_possible");
    assert_eq!(relocation["area"], json!([{"id": "2"}, {"id": "237"}]));
    assert_eq!(
        resume.salary.as_ref().and_then(|s| s.amount),
        Some(250_000.0)
    );
    assert_eq!(resume.total_experience.map(|t| t.months), Some(64));
    assert_eq!(resume.work_format.len(), 1);
    assert_eq!(resume.work_format[0].id, "REMOTE");
    let jobs: Vec<(&str, &str, Option<&str>, Option<&str>)> = resume
        .experience
        .iter()
        .map(|job| {
            (
                job.company.as_deref().unwrap_or(""),
                job.position.as_deref().unwrap_or(""),
                job.start.as_deref(),
                job.end.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        jobs,
        [
            (
                "ООО «Технологии будущего»",
                "Ведущий Python-разработчик",
                Some("2021-03-01"),
                None
            ),
            (
                "АО «Старт»",
                "Python-разработчик",
                Some("2019-01-01"),
                Some("2021-02-01")
            ),
        ]
    );
    assert_eq!(
        resume.experience[1].description.as_deref(),
        Some("Django, Celery, RabbitMQ")
    );
    // Languages are not key skills; the page footer is not «Обо мне».
    assert_eq!(
        resume.skill_set,
        ["Python", "Django", "PostgreSQL", "Docker", "REST API"]
    );
    assert_eq!(resume.skills.as_deref(), Some("Люблю чистый код\nи Kafka."));
}

#[test]
fn the_name_comes_from_the_first_line_of_hh_layout_only() {
    assert_eq!(name_from_text(HH_TEXT).as_deref(), Some("Иван Иванов"));
    let body = HH_TEXT.split_once('\n').unwrap().1;
    for first in [
        "Python Developer",
        "Backend-разработчик Rust",
        "Резюме",
        "Анна Smith",
        "Мужчина, 31 год",
    ] {
        assert_eq!(name_from_text(&format!("{first}\n{body}")), None, "{first}");
    }
    assert_eq!(
        name_from_text("Иванов Иван\nPython-разработчик, 5 лет опыта"),
        None,
        "free text is not hh.ru's layout"
    );
}

#[test]
fn hh_layout_profile_weighs_skills_by_where_they_stand() {
    let profile = profile_from_text(HH_TEXT, &rates());
    let weight = |name: &str| {
        profile
            .skills
            .iter()
            .find(|owned| owned.skill.name == name)
            .map(|owned| owned.weight)
    };
    assert_eq!(weight("Python"), Some(1.0));
    assert_eq!(weight("Kafka"), Some(0.6), "«Обо мне» is free text");
    assert_eq!(weight("FastAPI"), Some(0.5), "job descriptions weigh least");
    assert_eq!(weight("Английский язык"), None);
    assert_eq!(
        profile.positions,
        ["Ведущий Python-разработчик", "Python-разработчик"]
    );
    assert_eq!(
        profile.current_employer.as_deref(),
        Some("ООО «Технологии будущего»")
    );
    assert!(profile.work_formats.is_remote_only());
    assert!(profile.relocation);
    assert_eq!(profile.relocation_areas, ["2", "237"]);
    // The free-text reading of the same text cannot tell these apart.
    let free = Profile::from_text(HH_TEXT, &rates());
    assert_ne!(free.positions, profile.positions);
}

#[test]
fn relocation_wishes_and_refusals() {
    let relocation = |line: &str| {
        let text = format!("{line}\nЖелаемая должность и зарплата\nБухгалтер\nНавыки\n1С");
        parse_layout(&text).and_then(|resume| resume.relocation)
    };
    assert_eq!(
        relocation("Хочу переехать: Сочи").unwrap(),
        json!({"type": {"id": "relocation_desirable"}, "area": [{"id": "237"}]})
    );
    assert_eq!(
        relocation("Не готова к переезду, готова к командировкам").unwrap()["type"]["id"],
        "no_relocation"
    );
    assert_eq!(
        relocation("Готов к переезду").unwrap()["type"]["id"],
        "relocation_possible"
    );
    assert_eq!(relocation("Гражданство: Россия"), None);
}

#[test]
fn free_text_stays_free_text_and_fills_gaps() {
    let free = "Senior Java developer, 7+ years of experience\nSkills: Java, Spring Boot, Kafka\n\
                Location: Saint Petersburg, remote\nSalary: 5000 USD";
    assert!(parse_layout(free).is_none());
    let profile = profile_from_text(free, &rates());
    let expected = Profile::from_text(free, &rates());
    assert_eq!(profile.title, expected.title);
    assert_eq!(profile.experience_months, expected.experience_months);
    assert_eq!(profile.area_id, expected.area_id);
    // hh.ru's headings without «Проживает» and without a skills list: the free-text
    // reading supplies the city, the wish and the listed skills.
    let partial = "Анна\nг. Москва, готова к переезду\nСтек: Rust, Go\n\
                   Желаемая должность и зарплата\nRust-разработчик\n\
                   Опыт работы — 3 года\nМай 2022 — настоящее время\nООО «Ромашка»\nРазработчик\nПисала код.";
    let profile = profile_from_text(partial, &rates());
    assert_eq!(profile.title, "Rust-разработчик");
    assert_eq!(profile.area_id.as_deref(), Some("1"));
    assert!(profile.relocation);
    assert_eq!(profile.experience_months, Some(36));
    let listed: Vec<&str> = profile
        .skills
        .iter()
        .filter(|owned| owned.weight == 1.0)
        .map(|owned| owned.skill.name.as_ref())
        .collect();
    assert_eq!(listed, ["Rust", "Go"]);
    assert_eq!(profile.current_employer.as_deref(), Some("ООО «Ромашка»"));
}

#[test]
fn letters_whose_lowercase_is_longer_do_not_break_the_layout() {
    // «İ» folds to two characters: byte offsets of folded and original lines differ.
    // Enough of them make a folded tail longer than the whole line.
    let many = "İ".repeat(30);
    let text = format!(
        "İİİ\nПроживает: {many}\nЖелаемая должность и зарплата\nİnşaat mühendisi\nНавыки\t{many}"
    );
    let resume = parse_layout(&text).expect("two sections");
    assert_eq!(resume.area, None);
    assert_eq!(resume.title.as_deref(), Some("İnşaat mühendisi"));
}

#[test]
fn review_shows_every_field_in_russian() {
    let profile = profile_from_text(HH_TEXT, &rates());
    let text = review(&profile).to_text();
    assert!(
        text.starts_with(
            "Должность: Python-разработчик\nНавыки: Python, Django, PostgreSQL, Docker, REST API, "
        ),
        "{text}"
    );
    assert!(text.contains("\nОпыт: 5 лет 4 месяца\nЗарплата: 250 000 ₽\nГород: Казань\nФормат работы: удалённо\nПереезд: готов\nТекущее место работы: ООО «Технологии будущего»"), "{text}");
    let empty = review(&profile_from_text("Привет", &rates())).to_text();
    assert!(empty.contains("Опыт: не указано\nЗарплата: не указано\nГород: не указано\nФормат работы: не указано\nПереезд: не готов"), "{empty}");
    assert_eq!(duration(74), "6 лет 2 месяца");
    assert_eq!(duration(25), "2 года 1 месяц");
    assert_eq!(duration(11), "11 месяцев");
    assert_eq!(duration(12 * 21), "21 год");
    assert_eq!(duration(0), "меньше месяца");
    assert_eq!(money_text(5000.0, "USD"), "5 000 $");
    assert_eq!(money_text(1_250_000.0, "RUR"), "1 250 000 ₽");
}

#[test]
fn corrections_are_understood_or_explained() {
    let mut corrections = Corrections::default();
    assert_eq!(
        corrections.set_line("Навыки: Java, Spring; Kafka"),
        Ok(Field::Skills)
    );
    assert_eq!(
        corrections.set_line("опыт: 6 лет 2 месяца"),
        Ok(Field::Experience)
    );
    assert_eq!(corrections.experience_months, Some(74));
    corrections.set(Field::Experience, "6,5").unwrap();
    assert_eq!(corrections.experience_months, Some(78));
    corrections.set(Field::Salary, "3000 $").unwrap();
    assert_eq!(corrections.salary, Some((3000.0, "USD".to_owned())));
    corrections.set(Field::Salary, "250к").unwrap();
    assert_eq!(corrections.salary, Some((250_000.0, "RUR".to_owned())));
    corrections.set(Field::City, "в Санкт-Петербурге").unwrap();
    assert_eq!(
        corrections.city,
        Some(("2".to_owned(), "Санкт-Петербург".to_owned()))
    );
    corrections
        .set(Field::Formats, "удалённо или гибрид")
        .unwrap();
    assert_eq!(
        corrections.formats,
        Some(vec!["REMOTE".to_owned(), "HYBRID".to_owned()])
    );
    corrections.set(Field::Relocation, "Нет").unwrap();
    assert_eq!(corrections.relocation, Some(false));
    corrections.set(Field::Title, "Java-разработчик").unwrap();
    let stored = serde_json::to_string(&corrections).unwrap();
    assert_eq!(
        serde_json::from_str::<Corrections>(&stored).unwrap(),
        corrections
    );
    corrections.set(Field::Salary, "сбросить").unwrap();
    assert_eq!(corrections.salary, None);
    let refused = |field: Field, value: &str| Corrections::default().set(field, value).unwrap_err();
    assert_eq!(refused(Field::Experience, "много"), CorrectionError::Years);
    assert_eq!(refused(Field::Experience, "99"), CorrectionError::Years);
    assert_eq!(
        refused(Field::Salary, "договорная"),
        CorrectionError::Salary
    );
    assert_eq!(refused(Field::City, "Атлантида"), CorrectionError::City);
    assert_eq!(refused(Field::Formats, "на луне"), CorrectionError::Formats);
    assert_eq!(
        refused(Field::Relocation, "может быть"),
        CorrectionError::YesNo
    );
    assert_eq!(refused(Field::Title, "  "), CorrectionError::Empty);
    let unknown = Corrections::default().set_line("Рост: 180").unwrap_err();
    assert_eq!(unknown, CorrectionError::UnknownField);
    assert!(unknown.user_message().contains("Навыки: Rust, Go"));
    assert_eq!(
        Corrections::default().set_line("без двоеточия"),
        Err(CorrectionError::UnknownField)
    );
}

fn vacancy(id: &str, name: &str, skills: &[&str]) -> Vacancy {
    let skills: Vec<_> = skills.iter().map(|name| json!({"name": name})).collect();
    serde_json::from_value(json!({
        "id": id, "name": name, "key_skills": skills,
        "area": {"id": "2", "name": "Санкт-Петербург"},
        "work_format": [{"id": "REMOTE"}],
        "description": "<p>Требования: опыт от 3 лет</p>",
    }))
    .unwrap()
}

#[test]
fn ranking_respects_corrections() {
    let vacancies = [
        vacancy(
            "python",
            "Python-разработчик",
            &["Python", "Django", "PostgreSQL"],
        ),
        vacancy("java", "Java-разработчик", &["Java", "Spring", "Kafka"]),
    ];
    let first = |profile: &Profile| {
        let ranked = rank::rank_vacancies(
            profile,
            &vacancies,
            &rates(),
            &Filters::default(),
            2,
            ExcludedItems::Last,
        );
        ranked[0].id.clone()
    };
    let mut profile = profile_from_text(HH_TEXT, &rates());
    assert_eq!(first(&profile), "python");
    let mut corrections = Corrections::default();
    corrections.set_line("Должность: Java-разработчик").unwrap();
    corrections.set_line("Навыки: Java, Spring, Kafka").unwrap();
    corrections.set_line("Город: Санкт-Петербург").unwrap();
    corrections.set_line("Формат работы: офис").unwrap();
    corrections.set_line("Переезд: нет").unwrap();
    corrections.set_line("Зарплата: 300 000").unwrap();
    corrections.apply(&mut profile, HH_TEXT, &rates());
    assert_eq!(first(&profile), "java");
    assert_eq!(profile.title, "Java-разработчик");
    assert_eq!(profile.area_id.as_deref(), Some("2"));
    assert_eq!(profile.work_formats, WorkFormats::ON_SITE);
    assert!(!profile.relocation && profile.relocation_areas.is_empty());
    assert_eq!(profile.salary_net_rur, Some(300_000.0));
    // The corrected skills are the listed ones; the resume's listed Python is gone, its
    // mention in a description stays.
    let listed: Vec<&str> = profile
        .skills
        .iter()
        .filter(|owned| owned.weight == 1.0)
        .map(|owned| owned.skill.name.as_ref())
        .collect();
    assert_eq!(listed, ["Java", "Spring", "Kafka"]);
    assert_eq!(
        review(&profile).fields[0],
        (Field::Title, "Java-разработчик".to_owned())
    );
}
