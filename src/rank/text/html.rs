//! HTML to plain text for hh.ru descriptions: tags dropped, block tags and `<li>` turned into
//! line breaks, entities decoded, whitespace collapsed; and case folding.
//!
//! It is a tolerant scanner, not an HTML parser: it never fails and never panics, whatever
//! the input. It does not keep links, tables or emphasis.

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
        if c.is_whitespace() || c == '\u{00A0}' {
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

/// Handles a `<` at `start`; returns where scanning goes on.
fn tag(html: &str, start: usize, out: &mut Collapser) -> usize {
    let rest = &html[start + 1..];
    let first = rest.bytes().next().unwrap_or(b' ');
    if !(first.is_ascii_alphabetic() || matches!(first, b'/' | b'!' | b'?')) {
        out.char('<');
        return start + 1;
    }
    if rest.starts_with("!--") {
        return rest
            .find("-->")
            .map_or(html.len(), |end| start + 1 + end + 3);
    }
    let Some(close) = rest.find('>') else {
        return html.len();
    };
    let inner = &rest[..close];
    let after = start + 1 + close + 1;
    let name = tag_name(inner);
    if matches!(name.as_str(), "script" | "style" | "noscript") && !inner.starts_with('/') {
        let closing = format!("</{name}");
        return find_ascii_ci(&html[after..], &closing).map_or(html.len(), |offset| {
            let end_tag = after + offset;
            html[end_tag..]
                .find('>')
                .map_or(html.len(), |gt| end_tag + gt + 1)
        });
    }
    if is_block(&name) {
        out.line_break();
    }
    after
}

fn tag_name(inner: &str) -> String {
    inner
        .trim_start_matches('/')
        .bytes()
        .take_while(u8::is_ascii_alphanumeric)
        .take(16)
        .map(|byte| char::from(byte.to_ascii_lowercase()))
        .collect()
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "tr"
            | "table"
            | "blockquote"
            | "pre"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "hr"
            | "dt"
            | "dd"
    )
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

/// Handles a `&` at `start`; returns where scanning goes on.
fn entity(html: &str, start: usize, out: &mut Collapser) -> usize {
    let rest = &html[start + 1..];
    let end = rest.bytes().take(12).position(|byte| byte == b';');
    let decoded = end.and_then(|end| decode_entity(&rest[..end]).map(|c| (c, end)));
    match decoded {
        Some((c, end)) => {
            if let Some(c) = c {
                out.char(c);
            }
            start + 1 + end + 1
        }
        None => {
            out.char('&');
            start + 1
        }
    }
}

/// The char an entity name stands for; `Some(None)` for entities that print nothing.
fn decode_entity(name: &str) -> Option<Option<char>> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse::<u32>().ok()?,
        };
        return Some(Some(char::from_u32(code).unwrap_or('\u{FFFD}')));
    }
    let c = match name {
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "laquo" => '«',
        "raquo" => '»',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "bull" => '•',
        "middot" => '·',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "times" => '×',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "shy" | "zwnj" | "zwj" => return Some(None),
        _ => return None,
    };
    Some(Some(c))
}
