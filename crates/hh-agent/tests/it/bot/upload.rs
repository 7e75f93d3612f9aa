//! The resume as a file sent to the bot (TXT, PDF, DOCX and RTF rendered from a sandbox
//! resume as hh.ru lays out its downloads), files the bot must refuse, the profile's
//! corrections across a restart and a new resume, and letters signed with the file's name.

use hh_agent::bot::PASTED_RESUME;
use hh_agent::resume::{read_file, MAX_FILE_BYTES};
use hh_sandbox::dataset::render;
use hh_sandbox::telegram::{Document, MAX_DOWNLOAD_BYTES};

use super::rig::{assert_telegram_rules, Rig, BACKEND, PASTED};
use hh_sandbox::documents::{docx::to_docx, hh_layout, pdf::to_pdf, to_txt};

/// The person's published resume as hh.ru's TXT, PDF, DOCX and RTF downloads, and their
/// name as a letter is signed («Имя Фамилия»).
fn files_of(rig: &Rig, person: usize) -> (Vec<Document>, String) {
    let catalog = rig.sandbox.catalog();
    let dataset = &catalog.dataset;
    let person = &dataset.people[person];
    let record = person
        .resumes
        .iter()
        .find(|r| r.status == "published")
        .unwrap();
    let now = rig.sandbox.now();
    let json = render::resume_detail(dataset, person, record, now, "http://127.0.0.1:1");
    let blocks = hh_layout(&json, now.date_naive());
    let name = format!("{} {}", person.first_name, person.last_name);
    let footer = format!("{name} • Резюме обновлено 4 декабря 2025 в 10:00");
    let txt = to_txt(&blocks);
    let files = vec![
        Document::new("resume.txt", "text/plain", txt.clone().into_bytes()),
        Document::new("Резюме.pdf", "application/pdf", to_pdf(&blocks, &footer)),
        Document::new(
            "resume.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            to_docx(&blocks),
        ),
        Document::new("resume.rtf", "application/rtf", rtf(&txt)),
    ];
    (files, name)
}

/// `text` as a minimal RTF, every non-ASCII character as `\uN?` (as Word writes it).
fn rtf(text: &str) -> Vec<u8> {
    let mut out = String::from("{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0 Arial;}}\\f0 ");
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\par\n"),
            '\t' => out.push_str("\\tab "),
            '\\' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii() => out.push(c),
            c => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    out.push_str(&format!("\\u{}?", *unit as i16));
                }
            }
        }
    }
    out.push('}');
    out.into_bytes()
}

async fn kept(rig: &Rig) -> Option<String> {
    rig.ctx.ledger.lock().await.setting(PASTED_RESUME).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_reads_a_resume_file_in_each_format_and_shows_it_for_correction() {
    let rig = Rig::start(None).await;
    let (files, _) = files_of(&rig, BACKEND);
    let catalog = rig.sandbox.catalog();
    let person = &catalog.dataset.people[BACKEND];
    let title = &person
        .resumes
        .iter()
        .find(|r| r.status == "published")
        .unwrap()
        .title;
    // The first after a bare /reset, the rest at any time.
    rig.say("/reset");
    rig.expect("следующим сообщением").await;
    for document in files {
        let expected = read_file(&document.bytes).unwrap().text;
        let name = document.file_name.clone().unwrap();
        let mark = rig.mark();
        rig.send_file(document);
        let shown = rig.expect_after(mark, "Резюме сохранено").await;
        assert!(
            shown.text.contains(&format!("Должность: {title}")),
            "{name}: {}",
            shown.text
        );
        assert!(shown.text.contains("Навыки: "), "{name}: {}", shown.text);
        for field in ["Должность", "Навыки", "Опыт", "Зарплата", "Город"]
        {
            assert!(shown.button(field).is_some(), "{name}: no {field} button");
        }
        assert_eq!(
            kept(&rig).await.as_deref(),
            Some(expected.as_str()),
            "{name}"
        );
    }
    assert_eq!(rig.tg.records().downloads.len(), 4);
    // A document without a name or a stated size is read all the same.
    let mut bare = Document::new(
        "x",
        "x",
        b"Python-developer\nSkills: Python, Django".to_vec(),
    );
    bare.file_name = None;
    bare.mime_type = None;
    bare.with_size = false;
    let mark = rig.mark();
    rig.send_file(bare);
    rig.expect_after(mark, "Резюме сохранено").await;
    assert_telegram_rules(&rig);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_refuses_big_unsupported_and_damaged_files_in_russian_keeping_the_resume() {
    let rig = Rig::start(None).await;
    rig.say(&format!("/reset {PASTED}"));
    rig.expect("Резюме сохранено").await;
    let unstated = |size: usize| Document {
        file_name: Some("big.txt".to_owned()),
        mime_type: None,
        bytes: vec![b'a'; size],
        with_size: false,
    };
    let cases: [(Document, &str); 7] = [
        (
            Document::new("big.pdf", "application/pdf", vec![b' '; MAX_FILE_BYTES + 1]),
            "Файл слишком большой: принимаю до 10 МБ",
        ),
        // Without a stated size: cut off at the limit, or refused by Telegram past 20 MB.
        (unstated(MAX_FILE_BYTES + 1), "Файл слишком большой"),
        (unstated(MAX_DOWNLOAD_BYTES + 1), "Файл слишком большой"),
        (
            Document::new(
                "photo.png",
                "image/png",
                b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            ),
            "Это картинка",
        ),
        (
            Document::new("old.doc", "application/msword", {
                let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
                ole.resize(1024, 0);
                ole
            }),
            "старый формат Word",
        ),
        (
            Document::new(
                "cut.pdf",
                "application/pdf",
                b"%PDF-1.7\n1 0 obj <<".to_vec(),
            ),
            "PDF",
        ),
        (
            Document::new("empty.txt", "text/plain", Vec::new()),
            "Файл пустой",
        ),
    ];
    for (document, answer) in cases {
        let name = document.file_name.clone().unwrap();
        let mark = rig.mark();
        rig.send_file(document);
        let said = rig.expect_after(mark, answer).await;
        assert!(
            said.text.contains("PDF, DOCX, RTF или TXT"),
            "{name}: {}",
            said.text
        );
        assert_eq!(kept(&rig).await.as_deref(), Some(PASTED), "{name}");
    }
    // Telegram failing the download is said in words too.
    rig.tg.refuse(
        "getFile",
        1,
        "wrong file_id or the file is temporarily unavailable",
    );
    let mark = rig.mark();
    rig.send_file(Document::new("ok.txt", "text/plain", b"Python".to_vec()));
    rig.expect_after(mark, "Не получилось скачать файл из Telegram")
        .await;
    assert_eq!(kept(&rig).await.as_deref(), Some(PASTED));
    // The big one was refused by its stated size, before any download; Telegram refused
    // the one past 20 MB, and that was its only refusal.
    let records = rig.tg.records();
    assert_eq!(records.downloads.len(), 5, "{:?}", records.downloads);
    assert_eq!(
        records.methods.iter().filter(|m| *m == "getfile").count(),
        7
    );
    let refused: Vec<(&str, &str)> = records
        .errors
        .iter()
        .map(|e| (e.method.as_str(), e.description.as_str()))
        .collect();
    assert_eq!(
        refused,
        [
            ("getfile", "Bad Request: file is too big"),
            (
                "getfile",
                "Bad Request: wrong file_id or the file is temporarily unavailable"
            )
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_corrections_survive_a_restart_and_a_new_resume_keeps_only_the_wishes() {
    let rig = Rig::start(None).await;
    rig.say(&format!("/reset {PASTED}"));
    let shown = rig.expect("Резюме сохранено").await;
    rig.press(&shown, "Навыки").await;
    rig.expect("новое значение поля «Навыки»").await;
    rig.say("Rust, Haskell, Erlang");
    let fixed = rig.expect("Исправил поле «Навыки»").await;
    assert!(fixed.text.contains("Haskell"), "{}", fixed.text);
    assert!(fixed.text.contains("(исправлено)"), "{}", fixed.text);
    // A value not understood is explained, and the next message may try again.
    rig.press(&fixed, "Опыт").await;
    rig.say("много");
    rig.expect("Опыт — это число лет").await;
    rig.say("8 лет");
    rig.expect("Исправил поле «Опыт»").await;
    // «Поле: значение» works without a button.
    rig.say("Город: Казань");
    rig.expect("Исправил поле «Город»").await;
    rig.say("Переезд: может быть");
    rig.expect("ответьте «да» или «нет»").await;

    let rig = rig.restart().await;
    let mark = rig.mark();
    rig.say("/show_cv");
    let shown = rig.expect_after(mark, "Вот что я понял").await;
    for value in [
        "Haskell",
        "Город: Казань (исправлено)",
        "Опыт: 8 лет (исправлено)",
    ] {
        assert!(shown.text.contains(value), "{value}: {}", shown.text);
    }
    // Ranking and letters read the corrected profile.
    let active = rig.ctx.active().await.unwrap();
    assert_eq!(
        active.candidate.profile.area_name.as_deref(),
        Some("Казань")
    );
    assert_eq!(active.candidate.profile.experience_months, Some(96));

    // A new resume states title, skills and experience anew; the city wish stays.
    let mark = rig.mark();
    rig.say("/reset Python-разработчик\nОпыт работы 3 года. Москва.\nНавыки: Python, Django.");
    let renewed = rig.expect_after(mark, "Резюме сохранено").await;
    assert!(
        renewed.text.contains("Город остались в силе"),
        "{}",
        renewed.text
    );
    assert!(!renewed.text.contains("Haskell"), "{}", renewed.text);
    assert!(
        renewed.text.contains("Город: Казань (исправлено)"),
        "{}",
        renewed.text
    );
    let mark = rig.mark();
    rig.press(&renewed, "Сбросить исправления").await;
    let reset = rig.expect_after(mark, "Исправления сброшены").await;
    assert!(reset.text.contains("Город: Москва"), "{}", reset.text);
    assert_telegram_rules(&rig);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_letters_from_a_resume_file_are_signed_with_the_persons_name() {
    let rig = Rig::start(None).await;
    rig.sandbox.set_access(hh_sandbox::Access::Closed);
    let (mut files, name) = files_of(&rig, BACKEND);
    rig.send_file(files.remove(1));
    rig.expect("Резюме сохранено").await;
    let mark = rig.mark();
    rig.say(&format!("/hh_apply {}", rig.api().plain_vacancy(0)));
    let letter = rig.expect_after(mark, "С уважением").await;
    assert!(
        letter.text.trim_end().ends_with(&name),
        "{name}: {}",
        letter.text
    );
    assert_telegram_rules(&rig);
}
