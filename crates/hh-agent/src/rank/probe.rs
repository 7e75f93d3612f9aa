//! A set of up to 64 phrases (custom skills, filter words) looked for in a vacancy's term
//! bag with one pass and no allocation: a Bloom mask rejects most terms, a map names the
//! phrase parts the rest complete.
//!
//! A phrase is found when every one of its probes (its word, or each adjacent word pair)
//! occurs somewhere in the bag; word order beyond pairs is not checked. The bag keeps
//! 32-bit keys of the term hashes, so a false match needs a 32-bit collision.

use super::hash::{bag_key, spread, Bloom, TermMap};
use super::skills::Probes;

/// The most phrases one set holds; later ones are ignored.
pub(crate) const MAX_PHRASES: usize = 64;

/// Phrases to look for.
#[derive(Debug, Clone)]
pub(crate) struct ProbeSet {
    phrases: Vec<Probes>,
    bloom: Bloom,
    parts: TermMap<Vec<(u8, u8)>>,
}

impl Default for ProbeSet {
    fn default() -> ProbeSet {
        ProbeSet {
            phrases: Vec::new(),
            bloom: Bloom::new(),
            parts: TermMap::default(),
        }
    }
}

impl ProbeSet {
    /// Adds a phrase; returns its number, or `None` when the set is full or it is empty.
    pub(crate) fn add(&mut self, probes: Probes) -> Option<usize> {
        if self.phrases.len() >= MAX_PHRASES || probes.as_slice().is_empty() {
            return None;
        }
        let phrase = self.phrases.len();
        for (part, &hash) in probes.as_slice().iter().enumerate() {
            let hash = spread(bag_key(hash));
            self.bloom.insert(hash);
            self.parts
                .entry(hash)
                .or_default()
                .push((phrase as u8, part as u8));
        }
        self.phrases.push(probes);
        Some(phrase)
    }

    /// Whether the set is empty.
    pub(crate) fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// A bit per phrase (bit `n` for phrase `n`) that occurs in `terms`; `signature` is a
    /// Bloom mask of `terms` that spares the scan when no phrase can be there.
    pub(crate) fn found_in(&self, terms: &[u32], signature: &Bloom) -> u64 {
        let mut candidates = 0u64;
        for (phrase, probes) in self.phrases.iter().enumerate() {
            let mut spread_probes = probes.as_slice().iter().map(|hash| spread(bag_key(*hash)));
            if spread_probes.all(|hash| signature.may_contain(hash)) {
                candidates |= 1 << phrase;
            }
        }
        if candidates == 0 {
            return 0;
        }
        let mut seen = [0u8; MAX_PHRASES];
        for &key in terms {
            let hash = spread(key);
            if !self.bloom.may_contain(hash) {
                continue;
            }
            for &(phrase, part) in self.parts.get(&hash).into_iter().flatten() {
                if let Some(mask) = seen.get_mut(usize::from(phrase)) {
                    *mask |= 1 << part;
                }
            }
        }
        let mut found = 0u64;
        for (phrase, probes) in self.phrases.iter().enumerate() {
            let full = (1u16 << probes.as_slice().len()) - 1;
            if u16::from(seen[phrase]) == full {
                found |= 1 << phrase;
            }
        }
        found & candidates
    }
}
