//! HTML to plain text for hh.ru descriptions: tags dropped, block tags and `<li>` turned into
//! line breaks, entities decoded, whitespace collapsed; and case folding.
//!
//! It is a tolerant scanner, not an HTML parser: it never fails and never panics, whatever
//! the input. It does not keep links, tables or emphasis. Entities are in `entities`.

use super::entities::entity_at;

/// Converts an HTML fragment to plain text with one line per block or list item.
pub fn html_to_text(html: &str) -> String {
    let mut out = Collapser::with_capacity(html.len());
    let bytes = html.as_bytes();
    let mut pos = 0;
    while pos < bytes.len() {
        let run_end = bytes[pos..]
            .iter()
            .position(|&byte| byte == b'<' || byte == b'&')
            .map_or(bytes.len(), |offset| pos + offset);
        out.text(&html[pos..run_end]);
        pos = run_end;
        if pos >= bytes.len() {
            break;
        }
        pos = if bytes[pos] == b'<' {
            tag(html, pos, &mut out)
        } else {
            entity(html, pos, &mut out)
        };
    }
    out.finish()
}

/// Lowercases `text` and folds `ё` into `е`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_folded(c, &mut out);
    }
    out
}

/// Appends the folded form of one char.
pub(crate) fn push_folded(c: char, out: &mut String) {
    fold_char(c, |folded| out.push(folded));
}

/// Calls `emit` with the folded form of `c` (nothing for soft hyphens and zero-width chars,
/// several chars for a few uppercase letters).
#[inline]
pub(crate) fn fold_char(c: char, mut emit: impl FnMut(char)) {
    match c {
        'a'..='z' | '0'..='9' | 'а'..='я' => emit(c),
        'A'..='Z' => emit(c.to_ascii_lowercase()),
        'ё' | 'Ё' => emit('е'),
        'А'..='Я' => emit(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{FEFF}' => {}
        _ if c.is_ascii() || !c.is_uppercase() => emit(c),
        _ => c.to_lowercase().for_each(emit),
    }
}

/// Whitespace-collapsing output: runs of spaces become one space, line breaks win over
/// spaces, nothing leads or trails.
struct Collapser {
    out: String,
    pending: Pending,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Pending {
    Nothing,
    Space,
    Line,
}

impl Collapser {
    fn with_capacity(capacity: usize) -> Collapser {
        Collapser {
            out: String::with_capacity(capacity),
            pending: Pending::Nothing,
        }
    }

    fn text(&mut self, run: &str) {
        for c in run.chars() {
            self.char(c);
        }
    }

    fn char(&mut self, c: char) {
        let space = match c {
            ' ' | '\t' | '\n' | '\r' | '\u{000B}' | '\u{000C}' | '\u{00A0}' => true,
            '\0'..='\u{7F}' | 'а'..='я' | 'А'..='Я' => false,
            _ => c.is_whitespace(),
        };
        if space {
            self.pending = self.pending.max(Pending::Space);
            return;
        }
        match self.pending {
            Pending::Space if !self.out.is_empty() => self.out.push(' '),
            Pending::Line if !self.out.is_empty() => self.out.push('\n'),
            _ => {}
        }
        self.pending = Pending::Nothing;
        self.out.push(c);
    }

    fn line_break(&mut self) {
        self.pending = Pending::Line;
    }

    fn finish(self) -> String {
        self.out
    }
}

/// What a `<` turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Markup {
    /// A plain `<` in text.
    Text,
    /// A tag, comment or script/style element; `block` when it breaks the line.
    Skip {
        /// Where text goes on.
        next: usize,
        /// Whether it is a block-level tag.
        block: bool,
    },
}

/// Reads the markup starting with the `<` at `start`.
pub(crate) fn markup_at(html: &str, start: usize) -> Markup {
    let rest = html.get(start + 1..).unwrap_or("");
    let first = rest.bytes().next().unwrap_or(b' ');
    if !(first.is_ascii_alphabetic() || matches!(first, b'/' | b'!' | b'?')) {
        return Markup::Text;
    }
    let skip = |next: usize| Markup::Skip { next, block: false };
    if first == b'!' && rest.as_bytes().get(1..3) == Some(b"--".as_slice()) {
        return skip(
            rest.find("-->")
                .map_or(html.len(), |end| start + 1 + end + 3),
        );
    }
    let Some(close) = rest.find('>') else {
        return skip(html.len());
    };
    let inner = &rest.as_bytes()[..close];
    let after = start + 1 + close + 1;
    let (packed, name) = tag_name(inner);
    let name = &name[..];
    if matches!(packed, SCRIPT | STYLE | NOSCRIPT) && first != b'/' {
        let name = &name[..name.iter().position(|&b| b == 0).unwrap_or(name.len())];
        let end = find_closing(&html[after..], name).map_or(html.len(), |offset| {
            let end_tag = after + offset;
            html[end_tag..]
                .find('>')
                .map_or(html.len(), |gt| end_tag + gt + 1)
        });
        return skip(end);
    }
    Markup::Skip {
        next: after,
        block: is_block(packed),
    }
}

/// Handles a `<` at `start`; returns where scanning goes on.
fn tag(html: &str, start: usize, out: &mut Collapser) -> usize {
    match markup_at(html, start) {
        Markup::Text => {
            out.char('<');
            start + 1
        }
        Markup::Skip { next, block } => {
            if block {
                out.line_break();
            }
            next
        }
    }
}

/// The lowercase tag name (at most 16 bytes, zero-padded), also packed into one number.
fn tag_name(inner: &[u8]) -> (u128, [u8; 16]) {
    let mut name = [0u8; 16];
    let start = usize::from(inner.first() == Some(&b'/'));
    let bytes = inner.get(start..).unwrap_or(&[]);
    for (slot, byte) in name
        .iter_mut()
        .zip(bytes.iter().take_while(|b| b.is_ascii_alphanumeric()))
    {
        *slot = byte.to_ascii_lowercase();
    }
    (u128::from_le_bytes(name), name)
}

/// A tag name packed like [`tag_name`] does, for matching.
const fn pack(name: &[u8]) -> u128 {
    let mut packed = [0u8; 16];
    let mut index = 0;
    while index < name.len() && index < 16 {
        packed[index] = name[index];
        index += 1;
    }
    u128::from_le_bytes(packed)
}

const SCRIPT: u128 = pack(b"script");
const STYLE: u128 = pack(b"style");
const NOSCRIPT: u128 = pack(b"noscript");
const BLOCKS: [u128; 23] = [
    pack(b"p"),
    pack(b"div"),
    pack(b"br"),
    pack(b"li"),
    pack(b"ul"),
    pack(b"ol"),
    pack(b"h1"),
    pack(b"h2"),
    pack(b"h3"),
    pack(b"h4"),
    pack(b"h5"),
    pack(b"h6"),
    pack(b"tr"),
    pack(b"table"),
    pack(b"blockquote"),
    pack(b"pre"),
    pack(b"section"),
    pack(b"article"),
    pack(b"header"),
    pack(b"footer"),
    pack(b"hr"),
    pack(b"dt"),
    pack(b"dd"),
];

fn is_block(packed: u128) -> bool {
    BLOCKS.contains(&packed)
}

/// Where `</name` starts in `haystack`, ignoring ASCII case.
fn find_closing(haystack: &str, name: &[u8]) -> Option<usize> {
    let bytes = haystack.as_bytes();
    (0..bytes.len()).find(|&at| {
        bytes[at..].starts_with(b"</")
            && bytes
                .get(at + 2..at + 2 + name.len())
                .is_some_and(|candidate| candidate.eq_ignore_ascii_case(name))
    })
}

/// Handles a `&` at `start`; returns where scanning goes on.
fn entity(html: &str, start: usize, out: &mut Collapser) -> usize {
    match entity_at(html, start) {
        Some((decoded, next)) => {
            if let Some(c) = decoded {
                out.char(c);
            }
            next
        }
        None => {
            out.char('&');
            start + 1
        }
    }
}
