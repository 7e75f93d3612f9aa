//! RTF resumes: a small reader of the text of Rich Text Format. It follows groups,
//! skips destinations that are not body text (font and colour tables, pictures, field
//! instructions, anything marked `\*`), and decodes `\'hh` bytes in the code page of the
//! document or of the current font's charset (Cyrillic RTF uses `\fcharset204`), and
//! `\uN` characters with their fallbacks. Paragraphs, line breaks and table cells become
//! lines; layout and formatting are dropped.

use std::collections::HashMap;

use encoding_rs::{Encoding, WINDOWS_1251, WINDOWS_1252};

use super::detect::Format;
use super::error::FileError;

/// The deepest group nesting accepted.
const MAX_DEPTH: usize = 256;

/// Destinations whose text is not the document's body.
#[rustfmt::skip]
const SKIPPED: &[&str] = &[
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "headerl",
    "headerr", "headerf", "footer", "footerl", "footerr", "footerf", "fldinst", "themedata",
    "colorschememapping", "latentstyles", "datastore", "xmlnstbl", "listtable",
    "listoverridetable", "rsidtbl", "generator", "filetbl", "revtbl", "pgdsctbl", "xe", "tc",
    "bkmkstart", "bkmkend", "nonshppict", "shp", "mmathPr", "userprops", "docvar",
];

#[derive(Clone)]
struct Group {
    /// Text here is not body text.
    skip: bool,
    /// How many fallback characters follow a `\uN`.
    fallback: usize,
    /// The current font, for its charset.
    font: Option<i64>,
    /// Inside the font table: charsets are being read.
    font_table: bool,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    out: String,
    /// `\'hh` bytes not yet decoded.
    pending: Vec<u8>,
    document: &'static Encoding,
    charsets: HashMap<i64, &'static Encoding>,
    stack: Vec<Group>,
    group: Group,
    /// Fallback characters still to skip after a `\uN`.
    to_skip: usize,
}

/// The text of an RTF file.
pub(crate) fn text(bytes: &[u8]) -> Result<String, FileError> {
    let mut reader = Reader {
        bytes,
        at: 0,
        out: String::new(),
        pending: Vec::new(),
        document: WINDOWS_1252,
        charsets: HashMap::new(),
        stack: Vec::new(),
        group: Group {
            skip: false,
            fallback: 1,
            font: None,
            font_table: false,
        },
        to_skip: 0,
    };
    reader.run()?;
    reader.flush();
    Ok(reader.out)
}

impl Reader<'_> {
    fn run(&mut self) -> Result<(), FileError> {
        while let Some(&byte) = self.bytes.get(self.at) {
            self.at += 1;
            match byte {
                b'{' => {
                    self.flush();
                    if self.stack.len() >= MAX_DEPTH {
                        return Err(FileError::corrupt(Format::Rtf, "groups nested too deep"));
                    }
                    self.stack.push(self.group.clone());
                    self.to_skip = 0;
                }
                b'}' => {
                    self.flush();
                    self.group = self.stack.pop().unwrap_or_else(|| self.group.clone());
                    self.to_skip = 0;
                }
                b'\\' => self.control(),
                b'\r' | b'\n' => {}
                other => self.byte(other),
            }
        }
        Ok(())
    }

    /// A byte of text (or of a `\'hh`), unless it is a `\uN` fallback.
    fn byte(&mut self, byte: u8) {
        if self.to_skip > 0 {
            self.to_skip -= 1;
            return;
        }
        if self.group.skip {
            return;
        }
        self.pending.push(byte);
    }

    fn text(&mut self, text: &str) {
        self.flush();
        self.to_skip = 0;
        if !self.group.skip {
            self.out.push_str(text);
        }
    }

    /// Decodes pending bytes in the current font's code page.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let encoding = self
            .group
            .font
            .and_then(|font| self.charsets.get(&font).copied())
            .unwrap_or(self.document);
        let (text, _) = encoding.decode_without_bom_handling(&self.pending);
        self.out.push_str(&text);
        self.pending.clear();
    }

    fn control(&mut self) {
        let Some(&next) = self.bytes.get(self.at) else {
            return;
        };
        if !next.is_ascii_alphabetic() {
            self.at += 1;
            self.symbol(next);
            return;
        }
        let start = self.at;
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_alphabetic) {
            self.at += 1;
        }
        let word = String::from_utf8_lossy(&self.bytes[start..self.at]).into_owned();
        let number_start = self.at;
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) && self.at - number_start < 10
        {
            self.at += 1;
        }
        let parameter = std::str::from_utf8(&self.bytes[number_start..self.at])
            .ok()
            .and_then(|digits| digits.parse::<i64>().ok());
        if self.bytes.get(self.at) == Some(&b' ') {
            self.at += 1;
        }
        self.word(&word, parameter);
    }

    /// `\'hh`, `\\`, `\{`, `\}`, `\~`, `\*` and the other one-character controls.
    fn symbol(&mut self, symbol: u8) {
        match symbol {
            b'\'' => {
                let hex = self.bytes.get(self.at..self.at + 2).unwrap_or_default();
                self.at += hex.len();
                let value = std::str::from_utf8(hex)
                    .ok()
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok());
                if let Some(value) = value {
                    self.byte(value);
                }
            }
            b'\\' | b'{' | b'}' => self.byte(symbol),
            b'~' => self.text("\u{a0}"),
            b'_' => self.text("-"),
            b'*' => self.group.skip = true,
            b'\n' | b'\r' => self.text("\n"),
            _ => {}
        }
    }

    fn word(&mut self, word: &str, parameter: Option<i64>) {
        if SKIPPED.contains(&word) {
            self.flush();
            self.group.skip = true;
            self.group.font_table = word == "fonttbl";
            return;
        }
        match (word, parameter) {
            ("ansicpg", Some(page)) => {
                if let Some(encoding) = code_page(page) {
                    self.document = encoding;
                }
            }
            ("f", Some(font)) => {
                self.flush();
                self.group.font = Some(font);
            }
            ("fcharset", Some(charset)) if self.group.font_table => {
                if let (Some(font), Some(encoding)) = (self.group.font, charset_page(charset)) {
                    self.charsets.insert(font, encoding);
                }
            }
            ("uc", Some(count)) => self.group.fallback = usize::try_from(count).unwrap_or(1).min(8),
            ("u", Some(code)) => {
                // Negative values are UTF-16 units above 0x7FFF written as signed 16-bit.
                let unit = if code < 0 { code + 65_536 } else { code };
                let text = u32::try_from(unit)
                    .ok()
                    .and_then(char::from_u32)
                    .map(String::from)
                    .unwrap_or_default();
                self.text(&text);
                self.to_skip = self.group.fallback;
            }
            ("bin", Some(length)) => {
                self.flush();
                let length = usize::try_from(length).unwrap_or(0);
                self.at = self.at.saturating_add(length).min(self.bytes.len());
            }
            ("par" | "line" | "row" | "sect" | "page" | "cell", _) => self.text("\n"),
            ("tab", _) => self.text("\t"),
            ("emdash", _) => self.text("—"),
            ("endash", _) => self.text("–"),
            ("bullet", _) => self.text("•"),
            ("lquote", _) => self.text("‘"),
            ("rquote", _) => self.text("’"),
            ("ldblquote", _) => self.text("“"),
            ("rdblquote", _) => self.text("”"),
            ("emspace" | "enspace" | "qmspace", _) => self.text(" "),
            _ => self.flush(),
        }
    }
}

/// The encoding of a Windows code page number.
fn code_page(page: i64) -> Option<&'static Encoding> {
    match page {
        1251 => Some(WINDOWS_1251),
        866 => Some(encoding_rs::IBM866),
        20866 => Some(encoding_rs::KOI8_R),
        65001 => Some(encoding_rs::UTF_8),
        1250 => Some(encoding_rs::WINDOWS_1250),
        1252 => Some(WINDOWS_1252),
        1253 => Some(encoding_rs::WINDOWS_1253),
        1254 => Some(encoding_rs::WINDOWS_1254),
        1257 => Some(encoding_rs::WINDOWS_1257),
        _ => None,
    }
}

/// The encoding of an RTF font charset.
fn charset_page(charset: i64) -> Option<&'static Encoding> {
    match charset {
        204 => Some(WINDOWS_1251),
        0 => Some(WINDOWS_1252),
        238 => Some(encoding_rs::WINDOWS_1250),
        161 => Some(encoding_rs::WINDOWS_1253),
        162 => Some(encoding_rs::WINDOWS_1254),
        186 => Some(encoding_rs::WINDOWS_1257),
        _ => None,
    }
}
