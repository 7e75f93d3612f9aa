//! What text extraction needs of a PDF font: how its string bytes map to Unicode (the
//! `ToUnicode` CMap first, as the PDF spec says, else the font's encoding, through lopdf),
//! how many bytes make one character code, and each code's advance width, so gaps
//! between pieces of text can be told from spaces.

use std::borrow::Cow;
use std::collections::HashMap;

use lopdf::{Dictionary, Document, Encoding, Object};

use super::MAX_INFLATED_BYTES;

/// The width of a glyph whose width the font does not give, in thousandths of an em.
const GUESSED_WIDTH: f64 = 500.0;
/// The most `W` entries read from one composite font.
const MAX_WIDTH_ENTRIES: usize = 65_536;

/// A font dictionary as text extraction should read it: a simple font with a `ToUnicode`
/// CMap loses its `Encoding`, so lopdf decodes through the CMap.
pub(crate) fn for_text(font: &Dictionary) -> Cow<'_, Dictionary> {
    let simple = font.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0");
    if simple && font.has(b"ToUnicode") && font.has(b"Encoding") {
        let mut copy = font.clone();
        copy.remove(b"Encoding");
        return Cow::Owned(copy);
    }
    Cow::Borrowed(font)
}

/// One font of a page.
pub(crate) struct Font<'a> {
    /// Bytes to text; `None` when the font's encoding cannot be read.
    pub encoding: Option<Encoding<'a>>,
    /// Composite (Type0) fonts use two-byte codes here; simple fonts one byte.
    pub two_byte: bool,
    widths: Widths,
}

enum Widths {
    Simple {
        first: i64,
        widths: Vec<f64>,
        missing: f64,
    },
    Composite {
        default: f64,
        widths: HashMap<u32, f64>,
    },
}

impl<'a> Font<'a> {
    /// Reads a font dictionary (already passed through [`for_text`]).
    pub(crate) fn read(font: &'a Dictionary, doc: &'a Document) -> Font<'a> {
        let encoding = font
            .get_font_encoding_with_limit(doc, MAX_INFLATED_BYTES)
            .ok();
        let two_byte = font.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0");
        let widths = if two_byte {
            composite_widths(font, doc)
        } else {
            simple_widths(font, doc)
        };
        Font {
            encoding,
            two_byte,
            widths,
        }
    }

    /// The advance of `code`, in thousandths of an em.
    pub(crate) fn width(&self, code: u32) -> f64 {
        match &self.widths {
            Widths::Simple {
                first,
                widths,
                missing,
            } => usize::try_from(i64::from(code) - first)
                .ok()
                .and_then(|index| widths.get(index).copied())
                .unwrap_or(*missing),
            Widths::Composite { default, widths } => widths.get(&code).copied().unwrap_or(*default),
        }
    }
}

fn number(object: &Object, doc: &Document) -> Option<f64> {
    let (_, object) = doc.dereference(object).ok()?;
    object
        .as_float()
        .ok()
        .map(f64::from)
        .filter(|n| n.is_finite())
}

fn simple_widths(font: &Dictionary, doc: &Document) -> Widths {
    let first = font
        .get(b"FirstChar")
        .ok()
        .and_then(|n| number(n, doc))
        .unwrap_or(0.0) as i64;
    let widths = font
        .get_deref(b"Widths", doc)
        .and_then(Object::as_array)
        .map(|array| {
            array
                .iter()
                .take(MAX_WIDTH_ENTRIES)
                .map(|w| number(w, doc).unwrap_or(GUESSED_WIDTH))
                .collect()
        })
        .unwrap_or_default();
    let missing = font
        .get_deref(b"FontDescriptor", doc)
        .and_then(Object::as_dict)
        .and_then(|descriptor| descriptor.get(b"MissingWidth"))
        .ok()
        .and_then(|n| number(n, doc))
        .filter(|n| *n > 0.0)
        .unwrap_or(GUESSED_WIDTH);
    Widths::Simple {
        first,
        widths,
        missing,
    }
}

/// `DW` and `W` of the descendant CIDFont: `[c [w1 w2 …] c_first c_last w …]`.
fn composite_widths(font: &Dictionary, doc: &Document) -> Widths {
    let descendant = font
        .get_deref(b"DescendantFonts", doc)
        .and_then(Object::as_array)
        .ok()
        .and_then(|fonts| fonts.first())
        .and_then(|first| doc.dereference(first).ok())
        .and_then(|(_, object)| object.as_dict().ok());
    let Some(descendant) = descendant else {
        return Widths::Composite {
            default: 1000.0,
            widths: HashMap::new(),
        };
    };
    let default = descendant
        .get(b"DW")
        .ok()
        .and_then(|n| number(n, doc))
        .unwrap_or(1000.0);
    let mut widths = HashMap::new();
    let entries = descendant
        .get_deref(b"W", doc)
        .and_then(Object::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut index = 0;
    // Codes written so far: a hostile `W` cannot make this loop long.
    let mut budget = MAX_WIDTH_ENTRIES;
    while index < entries.len() && budget > 0 {
        let Some(start) = number(&entries[index], doc) else {
            break;
        };
        let start = start.max(0.0) as u32;
        let next = entries.get(index + 1).and_then(|o| doc.dereference(o).ok());
        match next {
            Some((_, Object::Array(list))) => {
                for (offset, w) in list.iter().take(budget).enumerate() {
                    budget -= 1;
                    let code = start.saturating_add(offset as u32);
                    widths.insert(code, number(w, doc).unwrap_or(default));
                }
                index += 2;
            }
            Some(_) => {
                let last = entries.get(index + 1).and_then(|n| number(n, doc));
                let width = entries.get(index + 2).and_then(|n| number(n, doc));
                let (Some(last), Some(width)) = (last, width) else {
                    break;
                };
                let last = (last.max(0.0) as u32).min(start.saturating_add(budget as u32));
                for code in start..=last {
                    budget = budget.saturating_sub(1);
                    widths.insert(code, width);
                }
                index += 3;
            }
            None => break,
        }
    }
    Widths::Composite { default, widths }
}
