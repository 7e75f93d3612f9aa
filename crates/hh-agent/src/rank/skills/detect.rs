//! Finding dictionary skills inside free text: a sliding window over the last few terms,
//! longest alias wins, an alias never runs across punctuation or a line break.
//!
//! It reports skill indices with a caller's tag (e.g. the description section); it knows
//! nothing about what the tags mean.

use super::{Dictionary, DICTIONARY, MAX_PHRASE};
use crate::rank::hash::combine;
use crate::rank::text::Term;

/// Slots in the window ring (a power of two, at least [`MAX_PHRASE`]).
const RING: usize = 8;

/// One dictionary skill found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    /// The skill's dictionary index.
    pub skill: u16,
    /// The caller's tag of the term the alias ended on.
    pub tag: u32,
    first_term: usize,
}

/// Feeds on terms in order and collects the dictionary skills they spell.
pub(crate) struct Detector {
    dictionary: &'static Dictionary,
    /// The last terms, a ring of [`RING`] slots; `head` is the newest.
    window: [u64; RING],
    head: usize,
    run: usize,
    index: usize,
    found: Vec<Found>,
}

impl Detector {
    /// A detector over the one dictionary.
    pub(crate) fn new() -> Detector {
        Detector {
            dictionary: &DICTIONARY,
            window: [0; RING],
            head: 0,
            run: 0,
            index: 0,
            found: Vec::with_capacity(16),
        }
    }

    /// Takes the next term of the text.
    pub(crate) fn push(&mut self, term: &Term, tag: u32) {
        self.head = (self.head + 1) % RING;
        self.window[self.head] = term.hash;
        self.run = if term.joined {
            (self.run + 1).min(MAX_PHRASE)
        } else {
            1
        };
        let index = self.index;
        self.index += 1;
        if !self.dictionary.last_terms.may_contain(term.hash) {
            return;
        }
        let Some(&longest) = self.dictionary.longest_ending.get(&term.hash) else {
            return;
        };
        for len in (1..=self.run.min(usize::from(longest))).rev() {
            let term_at = |back: usize| self.window[(self.head + RING - back) % RING];
            let hash = (0..len - 1)
                .rev()
                .fold(term_at(len - 1), |hash, back| combine(hash, term_at(back)));
            let Some(phrase) = self.dictionary.phrases.get(&hash) else {
                continue;
            };
            if phrase.whole_only {
                continue;
            }
            let first_term = index + 1 - len;
            // A longer alias swallows the shorter ones it covers (`1С` inside `1С:ЗУП`).
            while self
                .found
                .last()
                .is_some_and(|last| last.first_term >= first_term)
            {
                self.found.pop();
            }
            self.found.push(Found {
                skill: phrase.skill,
                tag,
                first_term,
            });
            break;
        }
    }

    /// The skills found, in text order (a skill may repeat).
    pub(crate) fn finish(self) -> Vec<Found> {
        self.found
    }
}
