//! `hh rank --resume FILE` and `hh letter --resume FILE` with the resume as hh.ru lets
//! people download it: the backend developer's sandbox resume as PDF, DOCX and
//! Windows-1251 TXT ranks the vacancies as its JSON does; the format is found by content
//! (a PDF named `.docx` still reads), and an unreadable file is explained in Russian.

use std::path::Path;

use serde_json::Value;

use crate::cli::{fixtures, letter, run};
use crate::support::api::Api;
use hh_sandbox::documents::docx::to_docx;
use hh_sandbox::documents::layout::{hh_layout, to_txt};
use hh_sandbox::documents::pdf::to_pdf;

fn ranked_ids(resume: &Path, vacancies: &Path) -> Vec<String> {
    let (ok, json, err) = run(&[
        "rank",
        "--resume",
        resume.to_str().unwrap(),
        "--vacancies",
        vacancies.to_str().unwrap(),
        "--json",
        "--limit",
        "100",
    ]);
    assert!(ok, "{}: {err}", resume.display());
    let items: Vec<Value> = serde_json::from_str(&json).unwrap();
    items
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn rank_and_letter_read_resume_files() {
    let api = Api::start().await;
    let dir = tempfile::tempdir().unwrap();
    let (json_path, vacancies, ids) = fixtures(&api, dir.path());
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    let blocks = hh_layout(&json, api.sandbox.now().date_naive());
    let files = [
        // The name says DOCX; the bytes are a PDF.
        ("resume.docx", to_pdf(&blocks, "Резюме обновлено сегодня")),
        ("resume.bin", to_docx(&blocks)),
        (
            "resume.txt",
            encoding_rs::WINDOWS_1251
                .encode(&to_txt(&blocks))
                .0
                .into_owned(),
        ),
    ];
    let expected = ranked_ids(&json_path, &vacancies);
    assert_eq!(expected.len(), ids.len());
    for (name, bytes) in &files {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        assert_eq!(ranked_ids(&path, &vacancies), expected, "{name}");
    }

    // A PDF under a DOCX name: the letter reads it by its content.
    let pdf = dir.path().join("resume.docx");
    let (name, ok, text, err) = letter(&api, dir.path(), &pdf, &ids[0]);
    assert!(ok, "{err}");
    assert!(text.contains(&name), "{text}");
    assert!(text.contains("Rust"), "{text}");
    assert!(text.contains("соответствие вакансии"), "{text}");
}

#[test]
fn unreadable_resume_files_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let vacancies = dir.path().join("vacancies.json");
    std::fs::write(&vacancies, "[]").unwrap();
    let attempt = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let args = [
            "rank",
            "--resume",
            path.to_str().unwrap(),
            "--vacancies",
            vacancies.to_str().unwrap(),
        ];
        let (ok, _, err) = run(&args);
        assert!(!ok, "{name} was accepted");
        err
    };
    let err = attempt("photo.pdf", b"\xFF\xD8\xFF\xE0\x00\x10JFIF");
    assert!(err.contains("Это картинка"), "{err}");
    let err = attempt("old.doc", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00");
    assert!(err.contains("старый формат Word"), "{err}");
    let err = attempt("cut.pdf", b"%PDF-1.7\n1 0 obj <<");
    assert!(
        err.contains("повреждён") && err.contains("damaged"),
        "{err}"
    );
    let big = dir.path().join("big.txt");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(11 * 1024 * 1024)
        .unwrap();
    let (ok, _, err) = run(&[
        "rank",
        "--resume",
        big.to_str().unwrap(),
        "--vacancies",
        vacancies.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(err.contains("файл больше 10 МиБ"), "{err}");
}
