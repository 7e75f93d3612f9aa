//! Which kind of file a resume is, from its first bytes (magic numbers), never from its
//! name: PDF, DOCX (a zip holding `word/document.xml`), RTF, or text. Known formats we do
//! not read (old Word, OpenDocument, pictures, other archives) are named in the error.

use super::error::{FileError, Unsupported};

/// A resume file format we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text (UTF-8, UTF-16 with a BOM, Windows-1251, KOI8-R).
    Text,
    /// PDF with a text layer.
    Pdf,
    /// Word 2007+ (Office Open XML).
    Docx,
    /// Rich Text Format.
    Rtf,
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::Text => "TXT",
            Format::Pdf => "PDF",
            Format::Docx => "DOCX",
            Format::Rtf => "RTF",
        })
    }
}

/// PDF readers accept `%PDF-` anywhere in the first kilobyte.
const PDF_HEADER_WINDOW: usize = 1024;

/// The format of `bytes`.
pub(crate) fn detect(bytes: &[u8]) -> Result<Format, FileError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FileError::Empty);
    }
    let head = &bytes[..bytes.len().min(PDF_HEADER_WINDOW)];
    if find(head, b"%PDF-").is_some() {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip_kind(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(FileError::Unsupported(Unsupported::LegacyWord));
    }
    if is_image(bytes) {
        return Err(FileError::Unsupported(Unsupported::Image));
    }
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = &start[start.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
    if start.starts_with(b"{\\rtf") {
        return Ok(Format::Rtf);
    }
    Ok(Format::Text)
}

/// DOCX has `word/document.xml` among its names; ODT starts with its `mimetype` entry.
/// The names are in the local headers and the central directory, so a look at the bytes
/// suffices; a damaged archive is left to the DOCX reader to report.
fn zip_kind(bytes: &[u8]) -> Result<Format, FileError> {
    if find(bytes, b"word/document.xml").is_some() {
        return Ok(Format::Docx);
    }
    if find(
        &bytes[..bytes.len().min(200)],
        b"application/vnd.oasis.opendocument",
    )
    .is_some()
    {
        return Err(FileError::Unsupported(Unsupported::OpenDocument));
    }
    Err(FileError::Unsupported(Unsupported::Archive))
}

fn is_image(bytes: &[u8]) -> bool {
    const MAGIC: &[&[u8]] = &[
        b"\x89PNG\r\n\x1a\n",
        b"\xFF\xD8\xFF",
        b"GIF87a",
        b"GIF89a",
        b"II*\x00",
        b"MM\x00*",
    ];
    let riff_webp = bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP");
    // HEIC/AVIF (iPhone photos): an ISO box `ftyp` at offset 4.
    let iso_image = bytes.get(4..8) == Some(b"ftyp")
        && matches!(
            bytes.get(8..12),
            Some(b"heic" | b"heix" | b"mif1" | b"avif")
        );
    MAGIC.iter().any(|magic| bytes.starts_with(magic)) || riff_webp || iso_image
}

/// The first position of `needle` in `haystack`.
pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}
