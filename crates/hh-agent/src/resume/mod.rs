//! The resume a person gives us themselves, now that hh.ru lets ordinary apps read no
//! resume: a file (TXT, PDF, DOCX or RTF, as hh.ru lets people download it) or pasted text.
//! This module reads a file into plain text ([`read_file`]), builds the ranking profile
//! from hh.ru's own resume layout ([`profile_from_text`]), shows the profile back
//! ([`review`]) and applies the person's corrections ([`Corrections`]).
//!
//! Not here: hh.ru's resume JSON (`cli::input`, `rank::Profile::from_resume`), scoring
//! (`rank`), and the bot's conversation about files (`bot`).

mod corrections;
mod detect;
mod docx;
mod error;
mod layout;
mod layout_fields;
mod layout_jobs;
mod pdf;
mod pdf_fonts;
mod pdf_layout;
mod plain;
mod review;
mod rtf;

pub use corrections::{CorrectionError, Corrections};
pub use detect::Format;
pub use error::{FileError, Unsupported};
pub use layout::{name_from_text, parse_layout, profile_from_text};
pub use review::{review, Field, Review};

/// The largest file read: hh.ru's own downloads are far smaller (a 3-page PDF is ~100 KB).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// The most text kept from one file, in characters (some 60 pages).
pub const MAX_TEXT_CHARS: usize = 200_000;
/// The most bytes any one compressed part (a DOCX's XML, a PDF stream) may inflate to.
pub(crate) const MAX_INFLATED_BYTES: usize = 32 * 1024 * 1024;

/// A file read into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// What the file was, by its content.
    pub format: Format,
    /// Its text: lines in reading order, `\n` line ends, no control characters.
    pub text: String,
}

/// Reads a resume file of any supported format into text. The format is decided by the
/// bytes, never by a file name; any input gives text or a [`FileError`], never a panic.
pub fn read_file(bytes: &[u8]) -> Result<Extracted, FileError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge {
            size: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let format = detect::detect(bytes)?;
    let raw = match format {
        Format::Text => plain::decode(bytes)?,
        Format::Pdf => pdf::text(bytes)?,
        Format::Docx => docx::text(bytes)?,
        Format::Rtf => rtf::text(bytes)?,
    };
    let text = normalize(&raw);
    if text.is_empty() {
        return Err(FileError::NoText { format });
    }
    Ok(Extracted { format, text })
}

/// Unix line ends, no control or invisible characters, no trailing spaces, at most one
/// blank line in a row, at most [`MAX_TEXT_CHARS`] characters.
pub(crate) fn normalize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len().min(MAX_TEXT_CHARS * 2));
    let mut blank_run = 0;
    let mut chars = 0;
    for line in raw.split(['\n', '\r', '\u{2028}', '\u{2029}', '\u{b}', '\u{c}']) {
        let cleaned: String = line
            .chars()
            .filter(|c| *c == '\t' || !(c.is_control() || is_invisible(*c)))
            .collect();
        let cleaned = cleaned.trim_end();
        if cleaned.trim().is_empty() {
            blank_run += 1;
            if blank_run > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank_run = 0;
        }
        let count = cleaned.chars().count();
        if chars + count > MAX_TEXT_CHARS {
            break;
        }
        chars += count + 1;
        out.push_str(cleaned);
        out.push('\n');
    }
    out.trim_end().to_owned()
}

/// Characters that print nothing: soft hyphens, zero-width spaces and joiners, the BOM.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{fffe}'
    )
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_profile;
