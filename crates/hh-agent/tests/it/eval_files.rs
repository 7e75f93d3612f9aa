//! The ranking evaluation for resumes that come as files: every labelled sandbox resume
//! rendered as hh.ru's TXT, PDF and DOCX downloads (`hh_sandbox::documents`), read back by
//! `resume::read_file` and `resume::profile_from_text`, must rank the vacancies within
//! 0.02 NDCG@10 of its JSON form (`eval.rs` holds the labels and the metric).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use hh_agent::hh::types::{Resume, Vacancy};
use hh_agent::rank::{self, ExcludedItems, Filters, Profile, Rates};
use hh_agent::resume::{parse_layout, profile_from_text, read_file, review, Format};
use hh_sandbox::dataset::render;

use crate::eval::{corpus, labels, ndcg, BASE, POOL_DEPTH};
use crate::support::api::Api;
use hh_sandbox::documents::docx::to_docx;
use hh_sandbox::documents::layout::{hh_layout, to_txt};
use hh_sandbox::documents::pdf::to_pdf;

/// How far a file's NDCG@10 may fall from (or rise above) its JSON's.
const TOLERANCE: f64 = 0.02;

fn order(profile: &Profile, vacancies: &[Vacancy], rates: &Rates) -> Vec<String> {
    rank::rank_vacancies(
        profile,
        vacancies,
        rates,
        &Filters::default(),
        POOL_DEPTH,
        ExcludedItems::Last,
    )
    .into_iter()
    .map(|ranked| ranked.id)
    .collect()
}

#[tokio::test]
async fn resumes_as_txt_pdf_and_docx_rank_like_their_json() {
    let api = Api::start().await;
    let catalog = api.sandbox.catalog();
    let dataset = &catalog.dataset;
    let (vacancies, rates) = corpus(&api).await;
    let labels = labels();
    let now = api.sandbox.now();
    let mut table = BTreeMap::new();
    let mut report = String::new();
    for person in &dataset.people {
        let record = person
            .resumes
            .iter()
            .find(|r| r.status == "published")
            .unwrap();
        let json = render::resume_detail(dataset, person, record, now, BASE);
        let resume: Resume = serde_json::from_value(json.clone()).unwrap();
        let grades = &labels[&resume.id];
        let blocks = hh_layout(&json, now.date_naive());
        let footer = format!(
            "{} {} • Резюме обновлено 4 декабря 2025 в 10:00",
            person.first_name, person.last_name
        );
        let files = [
            (Format::Text, to_txt(&blocks).into_bytes()),
            (Format::Pdf, to_pdf(&blocks, &footer)),
            (Format::Docx, to_docx(&blocks)),
        ];
        let from_json = Profile::from_resume(&resume, &rates);
        let mut scores = vec![ndcg(&order(&from_json, &vacancies, &rates), grades)];
        let mut free_text = Vec::new();
        let title = resume.title.clone().unwrap_or_default();
        writeln!(
            report,
            "{title}\n  JSON: {}",
            review(&from_json).to_text().replace('\n', " | ")
        )
        .unwrap();
        for (format, bytes) in files {
            let extracted = read_file(&bytes).unwrap();
            assert_eq!(extracted.format, format);
            assert_same_jobs(&resume, &extracted.text, format);
            let profile = profile_from_text(&extracted.text, &rates);
            scores.push(ndcg(&order(&profile, &vacancies, &rates), grades));
            if format == Format::Text {
                let free = Profile::from_text(&extracted.text, &rates);
                free_text.push(ndcg(&order(&free, &vacancies, &rates), grades));
            }
            writeln!(
                report,
                "  {format}: {}",
                review(&profile).to_text().replace('\n', " | ")
            )
            .unwrap();
        }
        scores.extend(free_text);
        table.insert(title, scores);
    }
    let mut text = String::from(
        "NDCG@10 per resume: JSON, TXT, PDF, DOCX (then TXT by the free-text reading alone)\n",
    );
    for (title, scores) in &table {
        let cells: Vec<String> = scores.iter().map(|s| format!("{s:.3}")).collect();
        writeln!(text, "  {title}: {}", cells.join("  ")).unwrap();
    }
    eprintln!("{text}\n{report}");
    for (title, scores) in &table {
        for (format, score) in ["TXT", "PDF", "DOCX"].iter().zip(&scores[1..4]) {
            assert!(
                (score - scores[0]).abs() <= TOLERANCE,
                "{title}: {format} NDCG@10 {score:.3} is not within {TOLERANCE} of JSON {:.3}\n{text}\n{report}",
                scores[0]
            );
        }
    }
}

/// The layout reading finds the JSON's jobs: companies, positions, which one is current.
#[track_caller]
fn assert_same_jobs(resume: &Resume, text: &str, format: Format) {
    let parsed =
        parse_layout(text).unwrap_or_else(|| panic!("{format}: not read as hh.ru's layout"));
    let jobs = |resume: &Resume| -> Vec<(Option<String>, Option<String>, bool)> {
        resume
            .experience
            .iter()
            .map(|job| (job.company.clone(), job.position.clone(), job.end.is_none()))
            .collect()
    };
    assert_eq!(jobs(&parsed), jobs(resume), "{format}");
    assert_eq!(parsed.title, resume.title, "{format}");
    assert_eq!(parsed.skill_set, resume.skill_set, "{format}");
    assert_eq!(parsed.total_experience, resume.total_experience, "{format}");
    assert_eq!(
        parsed.area.map(|a| a.id),
        resume.area.clone().map(|a| a.id),
        "{format}"
    );
}
