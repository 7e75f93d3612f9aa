//! Resume files read as a person sends them: PDF with an embedded Cyrillic font, DOCX,
//! encrypted and image-only PDFs, damaged archives, oversized files, and truncated or
//! mutated bytes of every format, which must give a typed error and never a panic.

use hh_agent::resume::{read_file, FileError, Format, Unsupported, MAX_FILE_BYTES};
use pdf_writer::{Content, Finish, Pdf, Rect, Ref};

use hh_sandbox::documents::docx::{docx_with, to_docx};
use hh_sandbox::documents::layout::{to_txt, Block};
use hh_sandbox::documents::pdf::to_pdf;

fn sample() -> Vec<Block> {
    vec![
        Block::Name("Петров Андрей Сергеевич".to_owned()),
        Block::Line("Проживает: Москва".to_owned()),
        Block::Heading("Желаемая должность и зарплата".to_owned()),
        Block::Line("Backend-разработчик (Rust, Go)".to_owned()),
        Block::Line("350 000 ₽ на руки".to_owned()),
        Block::Heading("Опыт работы — 6 лет".to_owned()),
        Block::Columns(
            vec![
                "Март 2021 —".to_owned(),
                "настоящее время".to_owned(),
                "4 года 9 месяцев".to_owned(),
            ],
            vec![
                "ФинТехПлатформа".to_owned(),
                "Senior Rust-разработчик".to_owned(),
                "Разрабатываю платёжный шлюз на Rust (tokio, axum, sqlx): 12 000 RPS в пике. "
                    .repeat(4),
            ],
        ),
        Block::Heading("Навыки".to_owned()),
        Block::Tags(
            "Навыки".to_owned(),
            vec!["Rust".into(), "Go".into(), "REST API".into()],
        ),
        Block::Columns(
            vec!["Обо мне".to_owned()],
            vec!["Люблю строгие типы «и» ёлки.".to_owned()],
        ),
    ]
}

#[test]
fn pdf_with_an_embedded_cyrillic_font_reads_in_order() {
    let pdf = to_pdf(&sample(), "Петров Андрей • Резюме обновлено 4 декабря 2025");
    let extracted = read_file(&pdf).unwrap();
    assert_eq!(extracted.format, Format::Pdf);
    let lines: Vec<&str> = extracted.text.lines().collect();
    let at = |needle: &str| {
        lines
            .iter()
            .position(|line| line.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not in {lines:#?}"))
    };
    assert_eq!(lines[0], "Петров Андрей Сергеевич");
    assert!(at("Желаемая должность и зарплата") < at("Backend-разработчик (Rust, Go)"));
    assert!(at("350 000 ₽ на руки") < at("Опыт работы — 6 лет"));
    // The dates column comes before the job's column, each on its own lines.
    assert!(at("Март 2021 —") < at("настоящее время"));
    assert!(at("4 года 9 месяцев") < at("ФинТехПлатформа"));
    assert!(at("ФинТехПлатформа") < at("Senior Rust-разработчик"));
    // Skill tags drawn apart are told apart; words keep their spaces.
    assert!(lines.contains(&"Навыки\tRust\tGo\tREST API"), "{lines:#?}");
    assert!(extracted
        .text
        .contains("платёжный шлюз на Rust (tokio, axum, sqlx): 12 000 RPS"));
    assert!(extracted
        .text
        .contains("Обо мне\tЛюблю строгие типы «и» ёлки."));
    assert!(extracted.text.contains("Резюме обновлено"));
}

#[test]
fn docx_reads_paragraphs_cells_and_tabs() {
    let docx = to_docx(&sample());
    let extracted = read_file(&docx).unwrap();
    assert_eq!(extracted.format, Format::Docx);
    assert!(extracted
        .text
        .contains("Март 2021 —\nнастоящее время\n4 года 9 месяцев\nФинТехПлатформа"));
    assert!(
        extracted.text.contains("Rust\tGo\tREST API"),
        "{}",
        extracted.text
    );
    assert!(extracted.text.contains("«и» ёлки"));
    // Deleted revisions and field codes are not text; entities are.
    let tricky = docx_with(
        r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>A &amp; B&#x2014;C</w:t></w:r><w:del><w:r><w:delText>стёрто</w:delText></w:r></w:del><w:r><w:instrText>HYPERLINK "x"</w:instrText></w:r><w:r><w:br/><w:t>D</w:t></w:r></w:p></w:body></w:document>"#,
    );
    assert_eq!(read_file(&tricky).unwrap().text, "A & B—C\nD");
}

#[test]
fn txt_download_reads_as_is() {
    let txt = to_txt(&sample());
    let extracted = read_file(txt.as_bytes()).unwrap();
    assert_eq!(extracted.format, Format::Text);
    assert!(extracted
        .text
        .starts_with("Петров Андрей Сергеевич\nПроживает: Москва\n\nЖелаемая"));
}

/// A one-page PDF whose content stream is `content` and that has no fonts.
fn pdf_without_fonts(content: &[u8]) -> Vec<u8> {
    let mut pdf = Pdf::new();
    pdf.catalog(Ref::new(1)).pages(Ref::new(2));
    pdf.pages(Ref::new(2)).kids([Ref::new(3)]).count(1);
    let mut page = pdf.page(Ref::new(3));
    page.media_box(Rect::new(0.0, 0.0, 595.0, 842.0))
        .parent(Ref::new(2))
        .contents(Ref::new(4));
    page.finish();
    pdf.stream(Ref::new(4), content);
    pdf.finish()
}

#[test]
fn image_only_pdf_says_it_has_no_text() {
    let mut content = Content::new();
    content
        .set_fill_gray(0.5)
        .rect(10.0, 10.0, 500.0, 700.0)
        .fill_nonzero();
    let scan = pdf_without_fonts(&content.finish());
    let err = read_file(&scan).unwrap_err();
    assert_eq!(
        err,
        FileError::NoText {
            format: Format::Pdf
        }
    );
    assert!(
        err.user_message().contains("скан"),
        "{}",
        err.user_message()
    );
    assert!(err.to_string().contains("no text"), "{err}");
}

fn encrypted(user_password: &str) -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(&to_pdf(&sample(), "")).unwrap();
    let version = lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner-secret",
        user_password,
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    };
    let state = lopdf::EncryptionState::try_from(version).unwrap();
    doc.encrypt(&state).unwrap();
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

#[test]
fn a_password_protected_pdf_is_refused_and_an_owner_only_one_is_read() {
    let err = read_file(&encrypted("user-secret")).unwrap_err();
    assert_eq!(err, FileError::Encrypted);
    assert!(
        err.user_message().contains("паролем"),
        "{}",
        err.user_message()
    );
    // Permissions only (an empty user password): any reader opens it, and so do we.
    let opened = read_file(&encrypted("")).unwrap();
    assert!(
        opened.text.contains("Backend-разработчик (Rust, Go)"),
        "{}",
        opened.text
    );
}

#[test]
fn damaged_unknown_and_oversized_files_are_typed_errors() {
    let docx = to_docx(&sample());
    let err = read_file(&docx[..docx.len() / 2]).unwrap_err();
    assert!(
        matches!(
            err,
            FileError::Corrupt {
                format: Format::Docx,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.user_message().contains("повреждён"),
        "{}",
        err.user_message()
    );
    let err = read_file(b"%PDF-1.7\n1 0 obj << /Type /Catalog").unwrap_err();
    assert!(
        matches!(
            err,
            FileError::Corrupt {
                format: Format::Pdf,
                ..
            }
        ),
        "{err:?}"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("notes.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    let archive = zip.finish().unwrap().into_inner();
    assert_eq!(
        read_file(&archive),
        Err(FileError::Unsupported(Unsupported::Archive))
    );
    let mut big = to_txt(&sample()).into_bytes();
    big.resize(MAX_FILE_BYTES + 1, b' ');
    let err = read_file(&big).unwrap_err();
    assert_eq!(
        err,
        FileError::TooLarge {
            size: MAX_FILE_BYTES + 1,
            limit: MAX_FILE_BYTES
        }
    );
    assert!(
        err.user_message().contains("до 10 МБ"),
        "{}",
        err.user_message()
    );
}

/// A deterministic xorshift generator: the same mutations on every run.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

#[test]
fn truncated_and_mutated_files_never_panic() {
    let rtf = br"{\rtf1\ansi\ansicpg1251{\fonttbl{\f0\fcharset204 Arial;}}\f0 \'cd\'e0\'e2\'fb\'ea\'e8\par Rust\u1078?}".to_vec();
    let samples: Vec<(Format, Vec<u8>)> = vec![
        (Format::Pdf, to_pdf(&sample(), "подвал")),
        (Format::Docx, to_docx(&sample())),
        (
            Format::Text,
            encoding_rs::WINDOWS_1251
                .encode(&to_txt(&sample()))
                .0
                .into_owned(),
        ),
        (Format::Rtf, rtf),
    ];
    let mut random = Xorshift(0x9E37_79B9_7F4A_7C15);
    let mut outcomes = std::collections::BTreeMap::new();
    for (format, bytes) in &samples {
        assert_eq!(
            read_file(bytes).map(|e| e.format),
            Ok(*format),
            "the intact sample reads"
        );
        let mut inputs: Vec<Vec<u8>> = (1..24)
            .map(|i| bytes[..bytes.len() * i / 24].to_vec())
            .collect();
        for _ in 0..60 {
            let mut mutated = bytes.clone();
            for _ in 0..=random.below(8) {
                let at = random.below(mutated.len());
                match random.below(3) {
                    0 => mutated[at] = random.next() as u8,
                    1 => mutated[at] ^= 1 << random.below(8),
                    _ => {
                        let end = (at + random.below(64)).min(mutated.len());
                        mutated.drain(at..end);
                    }
                }
            }
            inputs.push(mutated);
        }
        for input in inputs {
            // Any outcome but a panic: text, or an error with a sentence for the person.
            let outcome = match read_file(&input) {
                Ok(_) => "text".to_owned(),
                Err(err) => {
                    assert!(err.user_message().len() > 20, "{err:?}");
                    format!("{err:?}")
                        .split([' ', '(', '{'])
                        .next()
                        .unwrap_or("")
                        .to_owned()
                }
            };
            *outcomes.entry((format.to_string(), outcome)).or_insert(0) += 1;
        }
    }
    eprintln!("outcomes: {outcomes:?}");
    // Truncation damages archives: the DOCX reader must have said so, not read garbage.
    assert!(
        outcomes.contains_key(&("DOCX".to_owned(), "Corrupt".to_owned())),
        "{outcomes:?}"
    );
}
