//! DOCX (Word 2007+) resumes: the zip's `word/document.xml`, paragraphs in document order
//! as lines (table cells too, left before right, as hh.ru lays out its download), tabs
//! and breaks kept. Deleted revisions and field codes are skipped; the XML may inflate to
//! [`super::MAX_INFLATED_BYTES`] at most.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesRef, Event};
use quick_xml::Reader;

use super::detect::Format;
use super::error::FileError;
use super::MAX_INFLATED_BYTES;

const DOCUMENT: &str = "word/document.xml";

/// The text of a DOCX file.
pub(crate) fn text(bytes: &[u8]) -> Result<String, FileError> {
    let corrupt = |reason: &dyn std::fmt::Display| FileError::corrupt(Format::Docx, reason);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|err| corrupt(&err))?;
    let entry = archive.by_name(DOCUMENT).map_err(|err| corrupt(&err))?;
    if entry.size() > MAX_INFLATED_BYTES as u64 {
        return Err(corrupt(&format!(
            "{DOCUMENT} inflates to {} bytes",
            entry.size()
        )));
    }
    let mut xml = Vec::new();
    entry
        .take(MAX_INFLATED_BYTES as u64 + 1)
        .read_to_end(&mut xml)
        .map_err(|err| corrupt(&err))?;
    if xml.len() > MAX_INFLATED_BYTES {
        return Err(corrupt(&format!("{DOCUMENT} inflates past the limit")));
    }
    let xml = String::from_utf8(xml).map_err(|err| corrupt(&err))?;
    paragraphs(&xml).map_err(|err| corrupt(&err))
}

/// The text of WordprocessingML: one line per paragraph.
fn paragraphs(xml: &str) -> Result<String, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    // Inside `w:t` (text to keep), and inside `w:delText`/`w:instrText` (text to skip).
    let mut in_text = false;
    let mut skipping = 0usize;
    loop {
        match reader.read_event()? {
            Event::Eof => break,
            Event::Start(element) => match element.local_name().as_ref() {
                "t" => in_text = true,
                "delText" | "instrText" => skipping += 1,
                name => mark(name, &mut out),
            },
            Event::Empty(element) => mark(element.local_name().as_ref(), &mut out),
            Event::End(element) => match element.local_name().as_ref() {
                "t" => in_text = false,
                "delText" | "instrText" => skipping = skipping.saturating_sub(1),
                "p" => out.push('\n'),
                _ => {}
            },
            Event::Text(text) if in_text && skipping == 0 => out.push_str(&text.xml10_content()),
            Event::CData(data) if in_text && skipping == 0 => {
                out.push_str(&data.into_inner());
            }
            Event::GeneralRef(reference) if in_text && skipping == 0 => {
                if let Some(c) = resolve(&reference) {
                    out.push(c);
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Elements that stand for a character: tabs, breaks, non-breaking hyphens.
fn mark(name: &str, out: &mut String) {
    match name {
        "tab" | "ptab" => out.push('\t'),
        "br" | "cr" => out.push('\n'),
        "noBreakHyphen" => out.push('-'),
        _ => {}
    }
}

/// `&amp;` and friends, and numeric character references.
fn resolve(reference: &BytesRef<'_>) -> Option<char> {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return Some(c);
    }
    match reference.as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}
