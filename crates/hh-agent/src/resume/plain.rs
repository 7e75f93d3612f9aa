//! Plain-text resumes in the encodings Russian users have: UTF-8 (with or without a BOM),
//! UTF-16 (with a BOM, or Notepad's little-endian without one), Windows-1251 and KOI8-R.
//! Bytes that are not text at all are refused.

use encoding_rs::{Encoding, KOI8_R, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1251};

use super::error::{FileError, Unsupported};

/// The text of `bytes`.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, FileError> {
    let encoding = guess(bytes);
    let (text, _, _) = encoding.decode(bytes);
    if looks_binary(&text) {
        return Err(FileError::Unsupported(Unsupported::Binary));
    }
    Ok(text.into_owned())
}

/// The encoding of `bytes`: its BOM, else UTF-16LE when every other byte is zero, else
/// UTF-8 when valid, else the Cyrillic single-byte encoding whose letters fit better.
fn guess(bytes: &[u8]) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding;
    }
    if looks_utf16le(bytes) {
        return UTF_16LE;
    }
    if looks_utf16be(bytes) {
        return UTF_16BE;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    // Russian text is mostly lowercase letters: 0xE0–0xFF in Windows-1251, 0xC0–0xDF in
    // KOI8-R.
    let lower_1251 = bytes.iter().filter(|b| **b >= 0xE0).count();
    let lower_koi8 = bytes.iter().filter(|b| (0xC0..0xE0).contains(*b)).count();
    if lower_koi8 > lower_1251 {
        KOI8_R
    } else {
        WINDOWS_1251
    }
}

/// Most odd bytes zero and most even bytes not: ASCII-range text in UTF-16LE.
fn looks_utf16le(bytes: &[u8]) -> bool {
    zero_share(bytes, 1) > 0.4 && zero_share(bytes, 0) < 0.05
}

fn looks_utf16be(bytes: &[u8]) -> bool {
    zero_share(bytes, 0) > 0.4 && zero_share(bytes, 1) < 0.05
}

fn zero_share(bytes: &[u8], offset: usize) -> f64 {
    let sample = &bytes[..bytes.len().min(4096)];
    let total = sample.iter().skip(offset).step_by(2).count();
    if total < 8 {
        return 0.0;
    }
    let zeros = sample
        .iter()
        .skip(offset)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    zeros as f64 / total as f64
}

/// Control characters (other than line ends and tabs) or undecodable bytes in more than
/// one character of twenty: not text.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut bad = 0usize;
    for c in text.chars().take(65_536) {
        total += 1;
        let control = c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}');
        if control || c == char::REPLACEMENT_CHARACTER {
            bad += 1;
        }
    }
    total > 0 && bad * 20 > total
}
