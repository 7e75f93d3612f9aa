//! Reading text, RTF and format detection, byte by byte.

use super::{normalize, read_file, FileError, Format, Unsupported};

const RESUME: &str = "Петров Андрей\nПроживает: Москва\nНавыки: Rust, Go — «ёлки»";

fn text_of(bytes: &[u8]) -> String {
    let extracted = read_file(bytes).unwrap();
    assert_eq!(extracted.format, Format::Text);
    extracted.text
}

#[test]
fn text_in_every_encoding_russian_users_have() {
    let utf8 = RESUME.as_bytes().to_vec();
    let utf8_bom = [b"\xEF\xBB\xBF".as_slice(), &utf8].concat();
    let utf16le_bom: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(RESUME.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf16be_bom: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(RESUME.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let latin = "Andrey Petrov\nSkills: Rust, Go, PostgreSQL";
    let utf16le_plain: Vec<u8> = latin.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let cp1251 = encoding_rs::WINDOWS_1251.encode(RESUME).0.into_owned();
    for bytes in [&utf8, &utf8_bom, &utf16le_bom, &utf16be_bom, &cp1251] {
        assert_eq!(text_of(bytes), RESUME, "{bytes:?}");
    }
    // KOI8-R has no guillemets or dashes.
    let plain = "Петров Андрей\nПроживает: Москва\nНавыки: Rust, Go, ёлки";
    let koi8 = encoding_rs::KOI8_R.encode(plain).0.into_owned();
    assert_eq!(text_of(&koi8), plain);
    assert_eq!(text_of(&utf16le_plain), latin);
}

#[test]
fn binary_and_known_foreign_formats_are_refused() {
    let refused = |bytes: &[u8]| read_file(bytes).unwrap_err();
    assert_eq!(
        refused(b"\x00\x01\x02\x03\x04binary\x00\x00\x10\x11\x12\x13"),
        FileError::Unsupported(Unsupported::Binary)
    );
    assert_eq!(
        refused(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest of a .doc"),
        FileError::Unsupported(Unsupported::LegacyWord)
    );
    assert_eq!(
        refused(b"\x89PNG\r\n\x1a\n...."),
        FileError::Unsupported(Unsupported::Image)
    );
    assert_eq!(
        refused(b"\xFF\xD8\xFF\xE0 jpeg"),
        FileError::Unsupported(Unsupported::Image)
    );
    assert_eq!(
        refused(b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.text"),
        FileError::Unsupported(Unsupported::OpenDocument)
    );
    assert_eq!(refused(b""), FileError::Empty);
    assert_eq!(refused(b" \n\t "), FileError::Empty);
    assert_eq!(
        refused("\u{feff}\u{200b}\n".as_bytes()),
        FileError::NoText {
            format: Format::Text
        }
    );
    for err in [
        FileError::Unsupported(Unsupported::LegacyWord),
        FileError::Unsupported(Unsupported::Image),
        FileError::Empty,
    ] {
        assert!(err.user_message().contains("PDF, DOCX"), "{err:?}");
    }
}

#[test]
fn the_format_is_found_by_content_not_by_name() {
    // A PDF header after some junk still is a PDF (readers look in the first kilobyte).
    let junk_then_pdf = [b"junk\n".as_slice(), b"%PDF-1.4\n%%EOF"].concat();
    assert_eq!(super::detect::detect(&junk_then_pdf), Ok(Format::Pdf));
    assert_eq!(
        super::detect::detect(b"\xEF\xBB\xBF  {\\rtf1 hello}"),
        Ok(Format::Rtf)
    );
    assert_eq!(
        super::detect::detect("Резюме: PDF-формат".as_bytes()),
        Ok(Format::Text)
    );
}

#[test]
fn rtf_in_code_pages_and_unicode() {
    let rtf = |source: &str| {
        let extracted = read_file(source.as_bytes()).unwrap();
        assert_eq!(extracted.format, Format::Rtf);
        extracted.text
    };
    // The document's code page.
    assert_eq!(
        rtf(r"{\rtf1\ansi\ansicpg1251 \'cd\'e0\'e2\'fb\'ea\'e8\par Rust}"),
        "Навыки\nRust"
    );
    // A Cyrillic font in a Western document, as Word writes it; the font table is no text.
    assert_eq!(
        rtf(
            r"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0\froman Times;}{\f1\fcharset204 Arial;}}{\f1 \'ce\'ef\'fb\'f2}\tab{\f0 caf\'e9}}"
        ),
        "Опыт\tcafé"
    );
    // \uN with its fallback skipped, \* destinations and pictures skipped, escapes kept.
    assert_eq!(
        rtf(
            r"{\rtf1\uc1\u1056?\u1091?\u1089?{\*\generator Word;}{\pict\pngblip 89504e47}\{x\}\\ \emdash\line end}"
        ),
        "Рус{x}\\ —\nend"
    );
    // Unbalanced and hostile input ends cleanly.
    assert!(read_file(br"{\rtf1 {{{{ text \'zz \u-4000? \bin99999999 }").is_ok());
    let deep = format!("{{\\rtf1 {}x", "{".repeat(1000));
    assert!(matches!(
        read_file(deep.as_bytes()),
        Err(FileError::Corrupt {
            format: Format::Rtf,
            ..
        })
    ));
}

#[test]
fn normalized_text_has_plain_lines() {
    let raw = "  \r\nОдин\u{ad}слово \t \r\n\r\n\r\n\u{0007}Два\u{200b}\x0bТри\n\n";
    assert_eq!(normalize(raw), "Одинслово\n\nДва\nТри");
    let long = "а".repeat(super::MAX_TEXT_CHARS + 10);
    assert!(normalize(&format!("начало\n{long}")).chars().count() <= super::MAX_TEXT_CHARS);
}
