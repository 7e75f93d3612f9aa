//! Resume-file parse time: a 3-page PDF resume in hh.ru's layout (embedded Cyrillic font,
//! compressed streams, as `hh_sandbox::documents::pdf` builds it), the same resume as
//! DOCX and as Windows-1251 TXT. Each is timed from bytes to text (`resume::read_file`)
//! and from bytes to the ranking profile (`+ resume::profile_from_text`); the median of
//! several rounds is printed. Run with `cargo bench --bench resume_file`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use hh_agent::rank::Rates;
use hh_agent::resume::{profile_from_text, read_file};

use hh_sandbox::documents::{docx, pdf, to_txt, Block};

const ROUNDS: usize = 21;
/// The PDF must have exactly this many pages.
const PAGES: usize = 3;

const DUTIES: &[&str] = &[
    "Разрабатывал и сопровождал микросервисы на Rust и Go (tokio, axum, gRPC), отвечал за SLO и дежурства.",
    "Спроектировал событийную интеграцию через Kafka с идемпотентной обработкой и outbox-таблицами в PostgreSQL.",
    "Ускорил тяжёлые отчёты в 8 раз: партиционирование, индексы, материализованные представления, ClickHouse.",
    "Настроил CI/CD в GitLab, сборку контейнеров Docker и выкладку в Kubernetes через Helm, мониторинг в Grafana.",
    "Провожу code review, наставник для двух разработчиков, участвую в найме и в планировании квартала.",
];

/// A long resume: `jobs` jobs with several paragraphs each.
fn blocks(jobs: usize) -> Vec<Block> {
    let mut blocks = vec![
        Block::Name("Волков Андрей Викторович".to_owned()),
        Block::Line("Мужчина, 33 года".to_owned()),
        Block::Line("+7 (999) 000-00-01 — предпочитаемый способ связи".to_owned()),
        Block::Line("Проживает: Москва".to_owned()),
        Block::Line("Не готов к переезду, готов к редким командировкам".to_owned()),
        Block::Heading("Желаемая должность и зарплата".to_owned()),
        Block::Line("Backend-разработчик (Rust, Go)".to_owned()),
        Block::Line("Формат работы: удалённо, гибрид".to_owned()),
        Block::Line("350 000 ₽ на руки".to_owned()),
        Block::Heading("Опыт работы — 12 лет".to_owned()),
    ];
    for job in 0..jobs {
        let year = 2024 - 2 * job;
        let description: Vec<String> = (0..3)
            .map(|paragraph| {
                (0..3)
                    .map(|i| DUTIES[(job + paragraph + i) % DUTIES.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let mut right = vec![
            format!("Компания номер {}", job + 1),
            "Москва".to_owned(),
            "• Разработка программного обеспечения".to_owned(),
            "Ведущий разработчик".to_owned(),
        ];
        right.extend(description);
        blocks.push(Block::Columns(
            vec![
                format!("Март {year} —"),
                format!("Февраль {}", year + 2),
                "2 года".to_owned(),
            ],
            right,
        ));
    }
    blocks.push(Block::Heading("Навыки".to_owned()));
    let skills = [
        "Rust",
        "Go",
        "PostgreSQL",
        "Kafka",
        "Docker",
        "Kubernetes",
        "gRPC",
        "Redis",
        "ClickHouse",
    ];
    blocks.push(Block::Tags(
        "Навыки".to_owned(),
        skills.iter().map(|s| s.to_string()).collect(),
    ));
    blocks.push(Block::Heading("Дополнительная информация".to_owned()));
    blocks.push(Block::Columns(
        vec!["Обо мне".to_owned()],
        vec![DUTIES.join(" ")],
    ));
    blocks
}

fn pages(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf)
        .expect("the bench PDF loads")
        .get_pages()
        .len()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn main() {
    let footer = "Волков Андрей • Резюме обновлено 4 декабря 2025 в 10:00";
    let (blocks, pdf) = (1..20)
        .map(|jobs| {
            let blocks = blocks(jobs);
            let pdf = pdf::to_pdf(&blocks, footer);
            (blocks, pdf)
        })
        .find(|(_, pdf)| pages(pdf) == PAGES)
        .expect("some number of jobs fills exactly 3 pages");
    let docx = docx::to_docx(&blocks);
    let txt = encoding_rs::WINDOWS_1251
        .encode(&to_txt(&blocks))
        .0
        .into_owned();
    let rates = Rates::offline();
    println!("resume files, median of {ROUNDS} rounds:");
    for (name, bytes) in [
        ("PDF, 3 pages", &pdf),
        ("DOCX", &docx),
        ("TXT (cp1251)", &txt),
    ] {
        let mut to_text = Vec::with_capacity(ROUNDS);
        let mut to_profile = Vec::with_capacity(ROUNDS);
        let mut chars = 0;
        for _ in 0..ROUNDS {
            let started = Instant::now();
            let extracted = read_file(black_box(bytes)).expect("the bench file reads");
            to_text.push(started.elapsed());
            let profile = profile_from_text(black_box(&extracted.text), &rates);
            to_profile.push(started.elapsed());
            assert_eq!(profile.title, "Backend-разработчик (Rust, Go)");
            chars = extracted.text.chars().count();
        }
        println!(
            "  {name:<14} {:>7} bytes, {chars:>6} chars: to text {:>7.2} ms, to profile {:>7.2} ms",
            bytes.len(),
            ms(median(to_text)),
            ms(median(to_profile)),
        );
    }
}
