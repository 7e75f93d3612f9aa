//! PDF resumes: the document is parsed by lopdf (pure Rust, bounded inflation), each
//! page's fonts are read for decoding and widths (`pdf_fonts`) and its content stream is
//! walked into lines (`pdf_layout`). A PDF that needs a password, or has no text layer
//! (a scan), is refused with its own error.

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Document, LoadOptions};

use super::detect::Format;
use super::error::FileError;
use super::pdf_fonts::{for_text, Font};
use super::pdf_layout::{Lines, Walker};
use super::{MAX_INFLATED_BYTES, MAX_TEXT_CHARS};

/// The most pages read: a resume has a few.
const MAX_PAGES: usize = 50;
/// The most content-stream operations followed per page.
const MAX_OPERATIONS: usize = 200_000;

/// The text of a PDF file.
pub(crate) fn text(bytes: &[u8]) -> Result<String, FileError> {
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_INFLATED_BYTES),
        ..LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|err| match err {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => FileError::Encrypted,
        other => FileError::corrupt(Format::Pdf, other),
    })?;
    if doc.trailer.has(b"Encrypt") && !doc.was_encrypted() {
        // lopdf opens a PDF with an empty user password by itself; this one has a real one.
        return Err(FileError::Encrypted);
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(FileError::corrupt(Format::Pdf, "no pages"));
    }
    let mut lines = Lines::new();
    for page_id in pages.values().take(MAX_PAGES) {
        page_text(&doc, *page_id, &mut lines);
        lines.end_page();
        if lines.len() > MAX_TEXT_CHARS * 4 {
            break;
        }
    }
    Ok(lines.into_text())
}

/// Adds one page's text; a page that cannot be read adds nothing.
fn page_text(doc: &Document, page_id: lopdf::ObjectId, lines: &mut Lines) {
    let Ok(content) = doc.get_page_content_with_limit(page_id, MAX_INFLATED_BYTES) else {
        return;
    };
    let dictionaries: Vec<(Vec<u8>, std::borrow::Cow<'_, lopdf::Dictionary>)> = doc
        .get_page_fonts(page_id)
        .unwrap_or_default()
        .into_iter()
        .map(|(name, font)| (name, for_text(font)))
        .collect();
    let fonts: HashMap<Vec<u8>, Font<'_>> = dictionaries
        .iter()
        .map(|(name, font)| (name.clone(), Font::read(font, doc)))
        .collect();
    let mut walker = Walker::new(&fonts);
    // A damaged stream keeps the operations read before the damage.
    for operation in Content::decode_iter(&content)
        .take(MAX_OPERATIONS)
        .map_while(Result::ok)
    {
        walker.apply(&operation, lines);
    }
}
