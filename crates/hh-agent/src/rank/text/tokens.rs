//! Tokenisation that keeps tech tokens whole (`C++`, `C#`, `.NET`, `Node.js`, `1С`, `k8s`),
//! splits on `/` and `-` while remembering the words stay joined (`CI/CD` is the phrase
//! `ci cd`), and turns each token into a term: folded, stemmed and hashed.
//!
//! One byte-level scanner serves plain text and HTML (tags skipped, block tags ending the
//! line, entities decoded), so a description is never copied into an intermediate string
//! and both kinds of text give identical terms. It allocates nothing per token.

use super::entities::entity_at;
use super::html::{fold_char, markup_at, Markup};
use super::stem::{
    is_alphanumeric, is_cyrillic_letter, script_of, stem_bytes, stem_folded, Script,
};
use super::token::Token;
use crate::rank::hash::hash_bytes;

/// One token of a text, as a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Term {
    /// The hash of the folded, stemmed token.
    pub hash: u64,
    /// Whether only spaces, `-`, `/`, `:` or `&` separate it from the previous token on
    /// the same line, so a phrase may run across.
    pub joined: bool,
    /// Whether it is the first token of a line.
    pub line_start: bool,
    /// Whether a `:` stands between it and the previous token.
    pub after_colon: bool,
    /// Cyrillic letters in it.
    pub cyrillic: u16,
    /// Latin letters in it.
    pub latin: u16,
}

/// What kind of text is scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Plain text: `\n` ends a line.
    Plain,
    /// HTML: tags are skipped, block tags end a line, `\n` is a space.
    Html,
}

/// Splits `text` into folded tokens (no stemming).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    scan(text, Mode::Plain, |_, word| {
        out.push(String::from_utf8_lossy(word).into_owned());
    });
    out
}

/// Folds and stems one word (or tech token) the way texts are matched.
pub fn stem(word: &str) -> String {
    let mut stemmed = String::new();
    scan(word.trim(), Mode::Plain, |_, folded| {
        if stemmed.is_empty() {
            let folded = String::from_utf8_lossy(folded);
            stemmed = stem_folded(&folded, script_of(&folded)).to_owned();
        }
    });
    stemmed
}

/// Calls `each` for every term of plain `text`, in order.
pub(crate) fn for_each_term(text: &str, mut each: impl FnMut(Term)) {
    scan(text, Mode::Plain, |term, _| each(*term));
}

/// Calls `each` with every term of `text` and its folded (unstemmed) token as UTF-8.
pub(crate) fn scan(text: &str, mode: Mode, each: impl FnMut(&Term, &[u8])) {
    let mut scanner = Scanner {
        token: Token::default(),
        joined: false,
        line_start: true,
        after_colon: false,
        each,
    };
    scanner.run(text, mode);
}

/// How a separator affects the next term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Separator {
    /// Space, `-`, `/`, `&`: phrases go on.
    Joiner,
    /// `:`: phrases go on; headings end.
    Colon,
    /// Other punctuation: phrases stop.
    Breaker,
    /// A line break.
    Line,
}

struct Scanner<F> {
    token: Token,
    joined: bool,
    line_start: bool,
    after_colon: bool,
    each: F,
}

impl<F: FnMut(&Term, &[u8])> Scanner<F> {
    fn run(&mut self, text: &str, mode: Mode) {
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let byte = bytes[at];
            at += 1;
            match byte {
                b'a'..=b'z' | b'A'..=b'Z' => at += self.token.latin_run(&bytes[at - 1..]) - 1,
                b'0'..=b'9' => {
                    self.token.other = true;
                    self.token.letters_only = false;
                    self.token.push(&[byte]);
                }
                0xD0 | 0xD1 if self.token.cyrillic_run(&bytes[at - 1..]) > 0 => {
                    at += self.token.cyrillic_run_len - 1;
                }
                b' ' | b'\t' | b'\r' | 0x0B | 0x0C => self.separator(Separator::Joiner),
                b'\n' if mode == Mode::Plain => self.separator(Separator::Line),
                b'\n' | b'-' | b'/' => self.separator(Separator::Joiner),
                b':' => self.separator(Separator::Colon),
                b'.' | b'+' | b'#' | b'<' | b'&' => at = self.symbol(text, at - 1, mode),
                0..=0x7F => self.separator(Separator::Breaker),
                _ => {
                    let c = text.get(at - 1..).and_then(|rest| rest.chars().next());
                    let c = c.unwrap_or('\u{FFFD}');
                    self.char(c);
                    at += c.len_utf8() - 1;
                }
            }
        }
        self.end_token();
    }

    /// Handles the `.`, `+`, `#`, `<` or `&` at `at`: part of a tech token, markup, an
    /// entity or punctuation. Returns where scanning goes on.
    fn symbol(&mut self, text: &str, at: usize, mode: Mode) -> usize {
        let bytes = text.as_bytes();
        let next_is = |test: fn(&u8) -> bool| bytes.get(at + 1).is_some_and(test);
        match bytes[at] {
            b'.' if self.token.started
                && self.token.last_is_ascii_alphanumeric()
                && next_is(u8::is_ascii_alphanumeric) =>
            {
                self.token.other = true;
                self.token.push(b".");
            }
            b'.' if !self.token.started && next_is(u8::is_ascii_alphabetic) => {
                self.token.other = true;
                self.token.push(b".");
            }
            b'+' | b'#' if self.token.started && self.token.letters_only => {
                return self.tech_suffix(bytes, at);
            }
            b'<' if mode == Mode::Html => match markup_at(text, at) {
                Markup::Text => self.separator(Separator::Breaker),
                Markup::Skip { next, block } => {
                    if block {
                        self.separator(Separator::Line);
                    }
                    return next;
                }
            },
            b'&' if mode == Mode::Html => match entity_at(text, at) {
                Some((decoded, next)) => {
                    if let Some(c) = decoded {
                        self.char(c);
                    }
                    return next;
                }
                None => self.separator(Separator::Joiner),
            },
            b'&' => self.separator(Separator::Joiner),
            _ => self.separator(Separator::Breaker),
        }
        at + 1
    }

    /// Any other char: a letter or digit joins the token, a space or punctuation ends it.
    fn char(&mut self, c: char) {
        if matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{FEFF}') {
            return;
        }
        if matches!(
            c,
            '—' | '–' | '«' | '»' | '…' | '“' | '”' | '„' | '‘' | '’' | '•' | '·' | '№'
        ) {
            return self.separator(Separator::Breaker);
        }
        if c.is_whitespace() {
            return self.separator(Separator::Joiner);
        }
        if !is_alphanumeric(c) {
            return self.separator(if c == '&' {
                Separator::Joiner
            } else {
                Separator::Breaker
            });
        }
        if is_cyrillic_letter(c) {
            self.token.cyrillic = self.token.cyrillic.saturating_add(1);
        } else if c.is_ascii_alphabetic() {
            self.token.latin = self.token.latin.saturating_add(1);
        } else {
            self.token.other = true;
            self.token.letters_only &= c.is_alphabetic();
        }
        fold_char(c, |folded| {
            let mut utf8 = [0u8; 4];
            self.token.push(folded.encode_utf8(&mut utf8).as_bytes());
        });
    }

    /// Extends a letter-only token over `++` or `#` when nothing word-like follows; the
    /// byte at `at` is the `+` or `#`. Returns where scanning goes on.
    fn tech_suffix(&mut self, bytes: &[u8], at: usize) -> usize {
        let suffix: &[u8] = match (bytes[at], bytes.get(at + 1)) {
            (b'+', Some(b'+')) => b"++",
            (b'#', _) => b"#",
            _ => b"",
        };
        let after = bytes.get(at + suffix.len()).copied().unwrap_or(b' ');
        if suffix.is_empty() || after.is_ascii_alphanumeric() || after >= 0x80 {
            self.separator(Separator::Breaker);
            return at + 1;
        }
        self.token.other = true;
        self.token.push(suffix);
        at + suffix.len()
    }

    #[inline(always)]
    fn separator(&mut self, separator: Separator) {
        if self.token.started {
            self.end_token();
        }
        match separator {
            Separator::Joiner => {}
            Separator::Colon => self.after_colon = true,
            Separator::Breaker => self.joined = false,
            Separator::Line => {
                self.joined = false;
                self.line_start = true;
            }
        }
    }

    fn end_token(&mut self) {
        if !self.token.started {
            return;
        }
        let token = &self.token;
        let mut word = &token.bytes[..token.len];
        if word.len() == 2 && word[0] == b'1' && word[1] == b'c' {
            // 1С written with a Latin C.
            word = "1с".as_bytes();
        }
        let script = match (token.other, token.cyrillic, token.latin) {
            (false, 0, 1..) => Script::Latin,
            (false, 1.., 0) => Script::Cyrillic,
            _ => Script::Other,
        };
        let term = Term {
            hash: hash_bytes(stem_bytes(word, script)),
            joined: self.joined,
            line_start: self.line_start,
            after_colon: self.after_colon,
            cyrillic: token.cyrillic,
            latin: token.latin,
        };
        (self.each)(&term, word);
        self.token.len = 0;
        self.token.cyrillic = 0;
        self.token.latin = 0;
        self.token.other = false;
        self.token.letters_only = true;
        self.token.full = false;
        self.token.started = false;
        self.joined = true;
        self.line_start = false;
        self.after_colon = false;
    }
}
