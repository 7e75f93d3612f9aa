//! Tokenisation that keeps tech tokens whole (`C++`, `C#`, `.NET`, `Node.js`, `1С`, `k8s`),
//! splits on `/` and `-` while remembering the words stay joined (`CI/CD` is the phrase
//! `ci cd`), and turns each token into a term: folded, stemmed and hashed.
//!
//! It works on plain text (see `html_to_text`); it allocates nothing per token.

use super::html::fold_char;
use super::stem::{is_cyrillic_letter, script_of, stem_folded, Script};
use crate::rank::hash::hash_bytes;

/// The longest folded token kept in full; longer ones are cut at a char boundary.
const MAX_TOKEN_BYTES: usize = 64;

/// One token of a text, as a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Term {
    /// The hash of the folded, stemmed token.
    pub hash: u64,
    /// Byte range of the token in the text.
    pub start: usize,
    /// End of that range.
    pub end: usize,
    /// Whether only spaces, `-`, `/`, `:` or `&` separate it from the previous token on
    /// the same line, so a phrase may run across.
    pub joined: bool,
    /// Whether it is the first token of a line.
    pub line_start: bool,
    /// Cyrillic letters in it.
    pub cyrillic: u16,
    /// Latin letters in it.
    pub latin: u16,
}

/// Splits `text` into folded tokens (no stemming).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut scanner = Scanner::new(text);
    while let Some(raw) = scanner.next_token() {
        let folded = FoldedToken::new(&text[raw.start..raw.end]);
        out.push(folded.as_str().to_owned());
    }
    out
}

/// Folds and stems one word (or tech token) the way texts are matched.
pub fn stem(word: &str) -> String {
    let folded = FoldedToken::new(word.trim());
    let folded = folded.as_str();
    stem_folded(folded, script_of(folded)).to_owned()
}

/// Calls `each` for every term of `text`, in order.
pub(crate) fn for_each_term(text: &str, mut each: impl FnMut(Term)) {
    let mut scanner = Scanner::new(text);
    while let Some(raw) = scanner.next_token() {
        let folded = FoldedToken::new(&text[raw.start..raw.end]);
        let word = folded.as_str();
        let script = if folded.other {
            Script::Other
        } else if folded.latin > 0 && folded.cyrillic == 0 {
            Script::Latin
        } else if folded.cyrillic > 0 && folded.latin == 0 {
            Script::Cyrillic
        } else {
            Script::Other
        };
        each(Term {
            hash: hash_bytes(stem_folded(word, script).as_bytes()),
            start: raw.start,
            end: raw.end,
            joined: raw.joined,
            line_start: raw.line_start,
            cyrillic: folded.cyrillic,
            latin: folded.latin,
        });
    }
}

/// A token's position before folding.
struct RawToken {
    start: usize,
    end: usize,
    joined: bool,
    line_start: bool,
}

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    seen_token: bool,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            text,
            pos: 0,
            seen_token: false,
        }
    }

    fn next_token(&mut self) -> Option<RawToken> {
        let bytes = self.text.as_bytes();
        let mut joined = self.seen_token;
        let mut line_start = !self.seen_token;
        let start = loop {
            let c = self.text[self.pos..].chars().next()?;
            let next = bytes.get(self.pos + c.len_utf8()).copied().unwrap_or(b' ');
            if is_word_char(c) || (c == '.' && next.is_ascii_alphabetic()) {
                break self.pos;
            }
            match c {
                '\n' | '\r' => {
                    line_start = true;
                    joined = false;
                }
                ' ' | '\t' | '-' | '/' | ':' | '&' | '\u{00A0}' | '\u{2009}' | '\u{202F}' => {}
                _ => joined = false,
            }
            self.pos += c.len_utf8();
        };
        self.pos = self.word_end(start);
        self.seen_token = true;
        Some(RawToken {
            start,
            end: self.pos,
            joined,
            line_start,
        })
    }

    /// The end of the token starting at `start`.
    fn word_end(&self, start: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut pos = start;
        let mut letters_only = true;
        for (offset, c) in self.text[start..].char_indices() {
            let at = start + offset;
            if is_word_char(c) {
                letters_only &= c.is_alphabetic();
                pos = at + c.len_utf8();
                continue;
            }
            let before = at.checked_sub(1).and_then(|index| bytes.get(index));
            let after = bytes.get(at + 1);
            let dot_inside = c == '.'
                && (at == start || before.is_some_and(u8::is_ascii_alphanumeric))
                && after.is_some_and(u8::is_ascii_alphanumeric);
            if dot_inside {
                continue;
            }
            break;
        }
        if letters_only && pos > start {
            pos = tech_suffix_end(bytes, pos);
        }
        pos
    }
}

/// Extends letter-only tokens (`c`, `f`, `си`) over `++` or `#` when nothing word-like
/// follows.
fn tech_suffix_end(bytes: &[u8], end: usize) -> usize {
    let suffix = match (bytes.get(end), bytes.get(end + 1)) {
        (Some(b'+'), Some(b'+')) => 2,
        (Some(b'#'), _) => 1,
        _ => return end,
    };
    let after = bytes.get(end + suffix).copied().unwrap_or(b' ');
    if after.is_ascii_alphanumeric() || after >= 0x80 {
        end
    } else {
        end + suffix
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (!c.is_ascii() && c.is_alphanumeric())
}

/// A token folded into a fixed buffer, with letter counts by script.
struct FoldedToken {
    bytes: [u8; MAX_TOKEN_BYTES],
    len: usize,
    cyrillic: u16,
    latin: u16,
    other: bool,
}

impl FoldedToken {
    fn new(raw: &str) -> FoldedToken {
        let mut token = FoldedToken {
            bytes: [0; MAX_TOKEN_BYTES],
            len: 0,
            cyrillic: 0,
            latin: 0,
            other: false,
        };
        for c in raw.chars() {
            if c.is_ascii_alphabetic() {
                token.latin = token.latin.saturating_add(1);
            } else if is_cyrillic_letter(c) {
                token.cyrillic = token.cyrillic.saturating_add(1);
            } else {
                token.other = true;
            }
            let mut full = false;
            fold_char(c, |folded| {
                let mut utf8 = [0u8; 4];
                let encoded = folded.encode_utf8(&mut utf8).as_bytes();
                match token.bytes.get_mut(token.len..token.len + encoded.len()) {
                    Some(slot) if !full => {
                        slot.copy_from_slice(encoded);
                        token.len += encoded.len();
                    }
                    _ => full = true,
                }
            });
            if full {
                break;
            }
        }
        if token.as_str() == "1c" {
            // 1С written with a Latin C.
            token.bytes[1..3].copy_from_slice("с".as_bytes());
            token.len = 3;
        }
        token
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}
