//! The IT applicants: a Rust/Go backend developer (the default user), a QA engineer, a
//! junior frontend developer and a data analyst.

use chrono::{DateTime, NaiveDate, Utc};

use super::{education, resume_id, school, strings, timing, with_jobs, years_ago, JobSpec};
use crate::dataset::records::{IdName, Person, Resume};

const SOFTWARE: &[IdName] = &[("7.540", "Разработка программного обеспечения")];
const FINTECH: &[IdName] = &[("43.648", "Банк"), ("7.538", "Интернет-компания (поисковики, платежные системы, соц.сети, информационно-познавательные и развлекательные ресурсы, продвижение сайтов и прочее)")];
const LOGISTICS: &[IdName] = &[("27.464", "Транспортная логистика (склад, доставка)")];
const RETAIL: &[IdName] = &[("41.530", "Интернет-магазин")];
const PROGRAMMER: IdName = ("96", "Программист, разработчик");

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
}

/// Person 0: Andrey, a backend developer (Rust, Go) in Moscow, six years, wants ~350k.
pub(super) fn backend(now: DateTime<Utc>) -> Person {
    let jobs = [
        JobSpec {
            company: "ФинТехПлатформа",
            position: "Senior Rust-разработчик",
            start: 30,
            end: None,
            description: "Разрабатываю платёжный шлюз на Rust (tokio, axum, sqlx): 12 000 RPS в пике, p99 меньше 40 мс. \
                Перевёл сервис авторизации платежей с Go на Rust — потребление памяти снизилось в 4 раза, инцидентов из-за гонок больше нет. \
                Спроектировал событийную интеграцию через Kafka с идемпотентной обработкой и outbox-таблицами в PostgreSQL. \
                Внедрил property-based тесты, cargo clippy и cargo deny в CI, настроил трассировку через OpenTelemetry. \
                Провожу code review, наставник для двух junior-разработчиков, участвую в найме.",
            industries: FINTECH,
            area_id: "1",
        },
        JobSpec {
            company: "ЛогистикОнлайн",
            position: "Go-разработчик",
            start: 60,
            end: Some(30),
            description: "Писал микросервисы на Go для расчёта маршрутов доставки и тарифов: gRPC, PostgreSQL, Redis, RabbitMQ. \
                Ускорил расчёт стоимости доставки в 6 раз за счёт кэширования и пересмотра схемы данных. \
                Вёл миграцию сервисов из монолита на PHP в Kubernetes, писал Helm-чарты и дашборды в Grafana. \
                Дежурил по продакшену, разбирал инциденты и писал постмортемы.",
            industries: LOGISTICS,
            area_id: "1",
        },
        JobSpec {
            company: "Веб-студия «Пиксель»",
            position: "Backend-разработчик (PHP, Go)",
            start: 72,
            end: Some(60),
            description: "Разрабатывал бэкенд интернет-магазинов на PHP (Laravel) и MySQL, интеграции с платёжными системами и службами доставки. \
                Написал на Go сервис выгрузки каталогов на маркетплейсы, который заменил ночные cron-скрипты.",
            industries: SOFTWARE,
            area_id: "1",
        },
    ];
    let (next_publish_at, updated_at, created_at) = timing(now, -120, 40);
    let main = Resume {
        id: resume_id(1),
        title: "Backend-разработчик (Rust, Go)".to_owned(),
        profession: "backend_rust",
        skill_set: strings(&[
            "Rust", "Go", "PostgreSQL", "Tokio", "gRPC", "Kafka", "Docker", "Kubernetes", "Redis", "Linux",
            "Git", "REST API", "Микросервисная архитектура", "ClickHouse", "CI/CD",
        ]),
        skills: "Пишу надёжные и быстрые бэкенд-сервисы на Rust (tokio, axum, sqlx, serde) и Go. \
            Люблю строгие типы, понятные ошибки и измеримую производительность. \
            Хорошо знаю PostgreSQL: индексы, планы запросов, блокировки, партиционирование. \
            Проектирую интеграции через Kafka и gRPC, умею довести сервис до продакшена в Kubernetes и наблюдать его через метрики и трассировку. \
            Ищу удалённую или гибридную работу в продуктовой компании с сильной инженерной культурой."
            .to_owned(),
        area_id: "1",
        salary: Some((350_000, "RUR")),
        total_experience_months: 0,
        experience: Vec::new(),
        professional_roles: vec![PROGRAMMER],
        work_format: vec!["REMOTE", "HYBRID"],
        employment_form: vec!["FULL"],
        relocation: "no_relocation",
        relocation_areas: Vec::new(),
        business_trip_readiness: "sometimes",
        driver_license_types: vec!["B"],
        education: education(
            "higher",
            vec![school(
                "Московский государственный технический университет",
                "Информатика и системы управления",
                "Программная инженерия",
                years_ago(now, 8),
            )],
            vec![school("Курс «Распределённые системы»", "Онлайн-школа «Код будущего»", "Сертификат", years_ago(now, 3))],
        ),
        languages: vec![("rus", "l1"), ("eng", "b2")],
        status: "published",
        next_publish_at,
        updated_at,
        created_at,
    };
    let (next_publish_at, updated_at, created_at) = timing(now, -60 * 24 * 3, 6);
    let lead = Resume {
        id: resume_id(2),
        title: "Руководитель группы разработки (Go)".to_owned(),
        profession: "backend_go",
        skill_set: strings(&["Go", "Управление командой", "Rust", "PostgreSQL", "Kafka", "Kubernetes", "Code Review", "Найм разработчиков"]),
        skills: "Готов вести команду из 4–7 бэкенд-разработчиков: планирование, code review, найм, развитие людей.".to_owned(),
        area_id: "1",
        salary: Some((450_000, "RUR")),
        total_experience_months: 0,
        experience: Vec::new(),
        professional_roles: vec![("104", "Руководитель группы разработки")],
        work_format: vec!["REMOTE"],
        employment_form: vec!["FULL"],
        relocation: "no_relocation",
        relocation_areas: Vec::new(),
        business_trip_readiness: "sometimes",
        driver_license_types: vec!["B"],
        education: main.education.clone(),
        languages: vec![("rus", "l1"), ("eng", "b2")],
        status: "not_published",
        next_publish_at,
        updated_at,
        created_at,
    };
    Person {
        id: "31000001".to_owned(),
        first_name: "Андрей".to_owned(),
        last_name: "Волков".to_owned(),
        middle_name: Some("Викторович".to_owned()),
        email: "andrey.volkov@example.org".to_owned(),
        phone: Some("79990000001".to_owned()),
        gender: "male",
        birth_date: date(1993, 3, 14),
        resumes: vec![with_jobs(main, now, &jobs), with_jobs(lead, now, &jobs)],
    }
}

/// Person 1: Maria, a QA engineer (manual and Python automation) in Saint Petersburg.
pub(super) fn qa(now: DateTime<Utc>) -> Person {
    let jobs = [
        JobSpec {
            company: "Сервис бронирования «ГдеСтол»",
            position: "QA-инженер",
            start: 20,
            end: None,
            description: "Тестирую веб-приложение и мобильные клиенты сервиса бронирования ресторанов. \
                Написала с нуля набор UI-автотестов на Python (pytest, Selenium) — 350 сценариев, прогон в GitLab CI за 12 минут, отчёты в Allure. \
                Покрыла API-тестами ключевые сценарии оплаты депозита. \
                Составляю тест-планы, провожу регресс перед релизами, завожу баги в Jira, проверяю запросы в базе через SQL.",
            industries: SOFTWARE,
            area_id: "2",
        },
        JobSpec {
            company: "Интернет-банк «Невский»",
            position: "Тестировщик",
            start: 36,
            end: Some(20),
            description: "Ручное функциональное и регрессионное тестирование интернет-банка для физических лиц. \
                Писала тест-кейсы в TestRail, тестировала API в Postman, снимала трафик мобильного приложения через Charles. \
                Участвовала в приёмке требований вместе с аналитиками.",
            industries: FINTECH,
            area_id: "2",
        },
    ];
    let (next_publish_at, updated_at, created_at) = timing(now, 180, 30);
    let resume = Resume {
        id: resume_id(3),
        title: "QA-инженер (ручное и автоматизированное тестирование)".to_owned(),
        profession: "qa_automation",
        skill_set: strings(&[
            "Тестирование", "Python", "Selenium", "Pytest", "SQL", "Postman", "Jira", "TestRail", "REST API",
            "Git", "Allure", "Тест-дизайн", "Регрессионное тестирование", "Charles",
        ]),
        skills: "Совмещаю ручное тестирование и автоматизацию на Python. Умею выстроить тест-дизайн, \
            написать понятный баг-репорт и поддерживаемые автотесты. Хочу развиваться в автоматизации и нагрузочном тестировании."
            .to_owned(),
        area_id: "2",
        salary: Some((170_000, "RUR")),
        total_experience_months: 0,
        experience: Vec::new(),
        professional_roles: vec![("124", "Тестировщик")],
        work_format: vec!["HYBRID", "REMOTE"],
        employment_form: vec!["FULL"],
        relocation: "no_relocation",
        relocation_areas: Vec::new(),
        business_trip_readiness: "never",
        driver_license_types: Vec::new(),
        education: education(
            "bachelor",
            vec![school(
                "Санкт-Петербургский политехнический университет",
                "Институт компьютерных наук",
                "Прикладная информатика",
                years_ago(now, 4),
            )],
            vec![school("Автоматизация тестирования на Python", "Учебный центр «Эрудит»", "Сертификат", years_ago(now, 2))],
        ),
        languages: vec![("rus", "l1"), ("eng", "b1")],
        status: "published",
        next_publish_at,
        updated_at,
        created_at,
    };
    Person {
        id: "31000002".to_owned(),
        first_name: "Мария".to_owned(),
        last_name: "Соколова".to_owned(),
        middle_name: Some("Андреевна".to_owned()),
        email: "maria.sokolova@example.org".to_owned(),
        phone: None,
        gender: "female",
        birth_date: date(1999, 8, 2),
        resumes: vec![with_jobs(resume, now, &jobs)],
    }
}

/// Person 3: Timur, a junior frontend developer (React, TypeScript) in Kazan, ~80k.
pub(super) fn junior_frontend(now: DateTime<Utc>) -> Person {
    let jobs = [
        JobSpec {
            company: "Фриланс",
            position: "Frontend-разработчик",
            start: 3,
            end: None,
            description: "Делаю лендинги и небольшие SPA на React и TypeScript для малого бизнеса: \
                вёрстка по макетам из Figma, формы заявок, интеграция с amoCRM через API.",
            industries: SOFTWARE,
            area_id: "88",
        },
        JobSpec {
            company: "Веб-студия «Казань Диджитал»",
            position: "Стажёр frontend-разработчик",
            start: 9,
            end: Some(4),
            description: "Стажировка в команде интернет-магазинов: вёрстка компонентов на React, \
                исправление багов в корзине и каталоге, первые тесты на Jest, работа с Git flow и code review.",
            industries: RETAIL,
            area_id: "88",
        },
    ];
    let (next_publish_at, updated_at, created_at) = timing(now, 40, 10);
    let resume = Resume {
        id: resume_id(4),
        title: "Junior Frontend-разработчик (React)".to_owned(),
        profession: "frontend_react",
        skill_set: strings(&[
            "JavaScript", "TypeScript", "React", "Redux Toolkit", "HTML5", "CSS3", "Git", "Webpack", "Vite",
            "REST API", "Figma", "Адаптивная вёрстка",
        ]),
        skills: "Начинающий frontend-разработчик. Пишу на React и TypeScript, верстаю адаптивно и аккуратно. \
            Есть пет-проекты: трекер привычек (React, Redux Toolkit) и погодное приложение на Vite. Быстро учусь, ищу первую работу в команде."
            .to_owned(),
        area_id: "88",
        salary: Some((80_000, "RUR")),
        total_experience_months: 0,
        experience: Vec::new(),
        professional_roles: vec![PROGRAMMER],
        work_format: vec!["REMOTE", "HYBRID", "ON_SITE"],
        employment_form: vec!["FULL", "INTERNSHIP"],
        relocation: "relocation_possible",
        relocation_areas: vec!["1", "2"],
        business_trip_readiness: "ready",
        driver_license_types: Vec::new(),
        education: education(
            "unfinished_higher",
            vec![school(
                "Казанский университет информационных технологий",
                "Факультет вычислительной техники",
                "Информационные системы и технологии",
                years_ago(now, 0) + 1,
            )],
            vec![school("Frontend-разработчик", "Онлайн-школа «Код будущего»", "Сертификат", years_ago(now, 1))],
        ),
        languages: vec![("rus", "l1"), ("tat", "l1"), ("eng", "a2")],
        status: "published",
        next_publish_at,
        updated_at,
        created_at,
    };
    Person {
        id: "31000004".to_owned(),
        first_name: "Тимур".to_owned(),
        last_name: "Хабибуллин".to_owned(),
        middle_name: Some("Ренатович".to_owned()),
        email: "timur.khabibullin@example.org".to_owned(),
        phone: None,
        gender: "male",
        birth_date: date(2003, 11, 21),
        resumes: vec![with_jobs(resume, now, &jobs)],
    }
}

/// Person 4: Olga, a data analyst (SQL, Python, BI) in Novosibirsk.
pub(super) fn data_analyst(now: DateTime<Utc>) -> Person {
    let jobs = [
        JobSpec {
            company: "Маркетплейс «Корзинка»",
            position: "Аналитик данных",
            start: 18,
            end: None,
            description: "Считаю продуктовые метрики и веду отчётность по воронке заказа в Superset и ClickHouse. \
                Спроектировала и проанализировала 20+ A/B-тестов, в том числе редизайн корзины (+3,1 % к конверсии). \
                Автоматизировала еженедельные отчёты на Python и Airflow, освободив аналитикам полдня в неделю.",
            industries: RETAIL,
            area_id: "4",
        },
        JobSpec {
            company: "Сибирский Кредитный Банк",
            position: "Младший аналитик",
            start: 30,
            end: Some(18),
            description: "Готовила выгрузки и отчёты для отдела розничного кредитования на SQL (Oracle) и в Excel, \
                собирала дашборды в Power BI, проверяла качество данных в витринах.",
            industries: FINTECH,
            area_id: "4",
        },
    ];
    let (next_publish_at, updated_at, created_at) = timing(now, -10, 20);
    let resume = Resume {
        id: resume_id(5),
        title: "Аналитик данных (SQL, Python)".to_owned(),
        profession: "data_analyst",
        skill_set: strings(&[
            "SQL", "Python", "Pandas", "Power BI", "Tableau", "ClickHouse", "A/B тесты", "Excel",
            "Математическая статистика", "Airflow", "Git",
        ]),
        skills: "Аналитик данных: SQL (оконные функции, оптимизация запросов в ClickHouse), Python (pandas, scipy), \
            дизайн и анализ A/B-тестов, BI-отчётность. Интересна продуктовая аналитика в e-commerce или финтехе."
            .to_owned(),
        area_id: "4",
        salary: Some((160_000, "RUR")),
        total_experience_months: 0,
        experience: Vec::new(),
        professional_roles: vec![("156", "BI-аналитик, аналитик данных")],
        work_format: vec!["REMOTE", "HYBRID"],
        employment_form: vec!["FULL"],
        relocation: "no_relocation",
        relocation_areas: Vec::new(),
        business_trip_readiness: "sometimes",
        driver_license_types: Vec::new(),
        education: education(
            "master",
            vec![school(
                "Новосибирский государственный университет",
                "Механико-математический факультет",
                "Прикладная математика",
                years_ago(now, 3),
            )],
            Vec::new(),
        ),
        languages: vec![("rus", "l1"), ("eng", "b1")],
        status: "published",
        next_publish_at,
        updated_at,
        created_at,
    };
    Person {
        id: "31000005".to_owned(),
        first_name: "Ольга".to_owned(),
        last_name: "Никитина".to_owned(),
        middle_name: Some("Сергеевна".to_owned()),
        email: "olga.nikitina@example.org".to_owned(),
        phone: Some("79990000005".to_owned()),
        gender: "female",
        birth_date: date(1998, 5, 30),
        resumes: vec![with_jobs(resume, now, &jobs)],
    }
}
