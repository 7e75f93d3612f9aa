//! Ranking speed: 2,000 synthetic but realistic vacancy details against one resume.
//!
//! Builds the vacancy JSON deterministically, deserialises it outside the timing, then
//! times features (HTML to text included) + profile + scoring, and prints the median of
//! several rounds. Run with `cargo bench --bench rank`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use hh_agent::hh::types::{Currency, Resume, Vacancy};
use hh_agent::rank::text::html_to_text;
use hh_agent::rank::{rank_all, ExcludedItems, Features, FeaturesBuilder, Filters, Profile, Rates};
use serde_json::{json, Value};

const VACANCIES: usize = 2_000;
const ROUNDS: usize = 9;

const TITLES: &[&str] = &[
    "Rust-разработчик",
    "Senior Backend Developer (Go)",
    "Python-разработчик",
    "Ведущий Java-разработчик",
    "Frontend-разработчик (React)",
    "Junior QA-инженер",
    "DevOps-инженер",
    "Data Scientist",
    "Бухгалтер",
    "Программист 1С",
    "Аналитик данных",
    "Менеджер по продажам",
    "Тимлид Python",
    "Middle PHP-разработчик",
    "iOS-разработчик",
    "Системный администратор Linux",
];
const SKILLS: &[&str] = &[
    "Rust",
    "Go",
    "Python",
    "Java",
    "PostgreSQL",
    "MySQL",
    "Docker",
    "Kubernetes",
    "Kafka",
    "Redis",
    "Git",
    "Linux",
    "React",
    "TypeScript",
    "JavaScript",
    "Django",
    "Spring Boot",
    "1С:Предприятие",
    "1С: Бухгалтерия",
    "MS Excel",
    "SQL",
    "CI/CD",
    "REST API",
    "gRPC",
    "Микросервисы",
    "Работа в команде",
    "Деловая переписка",
    "ClickHouse",
    "Ansible",
    "Scrum",
    "Figma",
    "Машинное обучение",
    "Pandas",
    "Английский язык",
    "Нагрузочное тестирование",
];
const SENTENCES: &[&str] = &[
    "Мы — продуктовая компания, которая разрабатывает сервисы для миллионов пользователей по всей России.",
    "Наша команда растёт, и мы ищем специалиста, готового брать на себя ответственность за результат.",
    "Вам предстоит проектировать и разрабатывать высоконагруженные сервисы, участвовать в код-ревью и планировании.",
    "Опыт коммерческой разработки от трёх лет, понимание принципов построения распределённых систем.",
    "Умение писать чистый, поддерживаемый код и покрывать его тестами, знание паттернов проектирования.",
    "Работа в аккредитованной IT-компании, официальное оформление по ТК РФ, белая зарплата два раза в месяц.",
    "ДМС со стоматологией с первого месяца, компенсация обучения и конференций, современная техника.",
    "Гибкое начало рабочего дня, возможность работать удалённо или в комфортном офисе рядом с метро.",
    "Взаимодействие с аналитиками, тестировщиками и менеджерами продукта, участие в обсуждении архитектуры.",
    "Поддержка и развитие существующей кодовой базы, оптимизация производительности и надёжности сервисов.",
];

/// A tiny deterministic generator (64-bit LCG).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

fn description(random: &mut Lcg, skills: &[&str]) -> String {
    let mut html = String::new();
    for _ in 0..3 {
        html += &format!("<p>{}</p>", SENTENCES[random.next(SENTENCES.len())]);
    }
    html += "<p><strong>Обязанности:</strong></p><ul>";
    for _ in 0..4 {
        html += &format!("<li>{}</li>", SENTENCES[random.next(SENTENCES.len())]);
    }
    html += "</ul><p><strong>Требования:</strong></p><ul>";
    for skill in skills.iter().take(3) {
        html += &format!("<li>Уверенное знание {skill} и опыт применения в продакшене;</li>");
    }
    html += &format!("<li>{}</li></ul>", SENTENCES[3 + random.next(2)]);
    html += &format!(
        "<p><strong>Будет плюсом:</strong></p><ul><li>опыт с {}</li></ul>",
        SKILLS[random.next(SKILLS.len())]
    );
    html += "<p><strong>Условия:</strong></p><ul>";
    for _ in 0..3 {
        html += &format!(
            "<li>{}&nbsp;&mdash; обсуждается</li>",
            SENTENCES[5 + random.next(4)]
        );
    }
    html + "</ul>"
}

fn vacancy(index: usize, random: &mut Lcg) -> Value {
    let skills: Vec<&str> = (0..3 + random.next(8))
        .map(|_| SKILLS[random.next(SKILLS.len())])
        .collect();
    let from = 80_000 + 10_000 * random.next(30);
    let currency = ["RUR", "RUR", "RUR", "USD", "EUR"][random.next(5)];
    let scale = if currency == "RUR" { 1 } else { 90 };
    let area = ["1", "2", "88", "3"][random.next(4)];
    let experience = ["noExperience", "between1And3", "between3And6", "moreThan6"][random.next(4)];
    let format = ["REMOTE", "ON_SITE", "HYBRID"][random.next(3)];
    json!({
        "id": (10_000_000 + index).to_string(),
        "name": TITLES[random.next(TITLES.len())],
        "area": {"id": area, "name": "Город"},
        "experience": {"id": experience},
        "salary_range": if random.next(3) == 0 { Value::Null } else {
            json!({"from": from / scale, "to": (from + 50_000) / scale, "currency": currency,
                   "gross": random.next(2) == 0, "mode": {"id": "MONTH"}})
        },
        "work_format": [{"id": format}],
        "employer": {"id": (1000 + random.next(300)).to_string(), "name": format!("ООО «Компания {}»", random.next(300))},
        "key_skills": skills.iter().map(|name| json!({"name": name})).collect::<Vec<_>>(),
        "description": description(random, &skills),
        "has_test": random.next(20) == 0,
        "archived": false,
        "type": {"id": "open"},
        "response_letter_required": random.next(4) == 0
    })
}

fn resume() -> Resume {
    serde_json::from_value(json!({
        "id": "bench",
        "title": "Backend-разработчик Rust/Go",
        "skill_set": ["Rust", "Go", "PostgreSQL", "Docker", "Kafka", "Git", "Linux", "gRPC",
                      "Микросервисы", "Работа в команде"],
        "skills": "Пишу высоконагруженные сервисы на Rust и Go, настраиваю CI/CD, люблю ClickHouse.",
        "area": {"id": "1", "name": "Москва"},
        "salary": {"amount": 300000, "currency": "RUR"},
        "total_experience": {"months": 74},
        "experience": [
            {"company": "ООО «Лютик»", "position": "Ведущий разработчик", "start": "2021-03-01", "end": null,
             "description": "Сервисы на Rust, Kafka, Redis и PostgreSQL; Kubernetes, Helm."},
            {"company": "Сбер", "position": "Backend-разработчик", "start": "2018-01-01", "end": "2021-02-01",
             "description": "Go, gRPC, MySQL, Docker"}
        ],
        "work_format": [{"id": "REMOTE"}, {"id": "HYBRID"}],
        "relocation": {"type": {"id": "no_relocation"}, "area": []}
    }))
    .expect("resume")
}

fn main() {
    let mut random = Lcg(20_240_601);
    let vacancies: Vec<Vacancy> = (0..VACANCIES)
        .map(|index| serde_json::from_value(vacancy(index, &mut random)).expect("vacancy"))
        .collect();
    let html_bytes: usize = vacancies
        .iter()
        .filter_map(|v| v.description.as_ref())
        .map(String::len)
        .sum();
    let resume = resume();
    let rates = Rates::new(&[
        Currency {
            code: "USD".into(),
            rate: 0.0111,
            abbr: None,
        },
        Currency {
            code: "EUR".into(),
            rate: 0.0102,
            abbr: None,
        },
    ]);
    let filters = Filters {
        exclude_words: vec!["стажёр".into()],
        ..Filters::default()
    };
    let mut total: Vec<Duration> = Vec::with_capacity(ROUNDS);
    let mut html: Vec<Duration> = Vec::with_capacity(ROUNDS);
    let mut scoring: Vec<Duration> = Vec::with_capacity(ROUNDS);
    let mut uncached: Vec<Duration> = Vec::with_capacity(ROUNDS);
    let mut top = 0;
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let profile = Profile::from_resume(black_box(&resume), &rates);
        let features: Vec<Features> = black_box(&vacancies)
            .iter()
            .map(|vacancy| Features::from_vacancy(vacancy, &rates))
            .collect();
        black_box(rank_all(
            &profile,
            &features,
            &filters,
            50,
            ExcludedItems::Drop,
        ));
        uncached.push(started.elapsed());
        let started = Instant::now();
        let chars: usize = black_box(&vacancies)
            .iter()
            .filter_map(|vacancy| vacancy.description.as_deref())
            .map(|description| html_to_text(description).len())
            .sum();
        html.push(started.elapsed());
        black_box(chars);
        let started = Instant::now();
        let profile = Profile::from_resume(black_box(&resume), &rates);
        let mut builder = FeaturesBuilder::new(&rates);
        let features: Vec<Features> = black_box(&vacancies)
            .iter()
            .map(|vacancy| builder.build(vacancy))
            .collect();
        let scored = Instant::now();
        let ranked = rank_all(&profile, &features, &filters, 50, ExcludedItems::Drop);
        scoring.push(scored.elapsed());
        total.push(started.elapsed());
        top = black_box(ranked).first().map_or(0, |first| first.score);
    }
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let profile = Profile::from_resume(black_box(&resume), &rates);
        let features: Vec<Features> = black_box(&vacancies)
            .iter()
            .map(|vacancy| Features::from_vacancy(vacancy, &rates))
            .collect();
        black_box(rank_all(
            &profile,
            &features,
            &filters,
            50,
            ExcludedItems::Drop,
        ));
        uncached.push(started.elapsed());
    }
    let ms = |times: &mut Vec<Duration>| {
        times.sort();
        let at = |index: usize| times[index].as_secs_f64() * 1e3;
        (at(ROUNDS / 2), at(0), at(ROUNDS - 1))
    };
    let (median, min, max) = ms(&mut total);
    println!(
        "rank: {VACANCIES} vacancies ({} KiB of description HTML), features + profile + scoring: \
         median {median:.2} ms, min {min:.2} ms, max {max:.2} ms over {ROUNDS} rounds \
         (top score {top})",
        html_bytes / 1024,
    );
    println!(
        "  of which scoring and sorting: median {:.2} ms; html_to_text alone: median {:.2} ms; \
         without FeaturesBuilder's caches: median {:.2} ms",
        ms(&mut scoring).0,
        ms(&mut html).0,
        ms(&mut uncached).0
    );
}
