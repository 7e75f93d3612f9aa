//! Skill normalisation: any spelling of a skill (`Postgres`, `постгрес`, `PostgreSQL`) maps to
//! one canonical key; dictionary skills in the same group are "related" (partial credit);
//! dictionary skills are also found inside free text.
//!
//! A name the dictionary does not know becomes a custom skill keyed by its folded, stemmed
//! words, so two spellings that differ only in case, inflection or punctuation still meet.
//! Which skills matter for a vacancy is decided in `features`, whether the candidate covers
//! them in `assess`, and how much they weigh in `score`.

mod detect;
mod dictionary;
mod table;

use std::borrow::Cow;

pub(crate) use detect::Detector;
pub(crate) use dictionary::{Dictionary, DICTIONARY};

use super::hash::{combine, hash_bytes, pair_hash};
use super::text::{fold_char, for_each_term, is_alphanumeric};
use table::SKILLS;

/// The longest alias (in words) found inside free text.
pub(crate) const MAX_PHRASE: usize = 6;
/// The most probes kept for a custom skill (its words, or its word pairs); longer phrases
/// keep pairs spread evenly from the first to the last.
const MAX_PROBES: usize = 8;

/// The identity of a skill: equal keys mean the same skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SkillKey(pub(crate) u64);

/// A normalised skill: its key, its display name and what it may be matched by.
#[derive(Debug, Clone, PartialEq)]
pub struct Skill {
    /// Canonical key.
    pub key: SkillKey,
    /// The dictionary's canonical name, or the name as given (trimmed) for custom skills.
    pub name: Cow<'static, str>,
    pub(crate) known: Option<u16>,
    pub(crate) groups: u64,
    /// Custom skills: the term or term-pair hashes that must all occur in a text.
    pub(crate) probes: Probes,
}

/// How two skills relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The same canonical skill.
    Same,
    /// Different dictionary skills of one family (MySQL and PostgreSQL, Git and GitLab).
    Related,
    /// Nothing in common.
    Unrelated,
}

/// Hashes a custom skill must find in a text: one word, or each pair of adjacent words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Probes {
    hashes: [u64; MAX_PROBES],
    len: u8,
}

impl Probes {
    /// The hashes.
    pub(crate) fn as_slice(&self) -> &[u64] {
        &self.hashes[..usize::from(self.len).min(MAX_PROBES)]
    }
}

impl Skill {
    /// Normalises one skill name (a `skill_set` or `key_skills` entry); `None` when it holds
    /// no word at all.
    pub fn parse(name: &str) -> Option<Skill> {
        Skill::parse_terms(name, &NameTerms::of(name))
    }

    fn parse_terms(name: &str, terms: &NameTerms) -> Option<Skill> {
        let terms = terms.as_slice();
        if terms.is_empty() {
            return None;
        }
        let dictionary = &*DICTIONARY;
        let sequence = sequence_hash(terms);
        let known = dictionary
            .phrases
            .get(&sequence)
            .map(|phrase| phrase.skill)
            .or_else(|| dictionary.compact.get(&compact_hash(name)).copied());
        Some(match known {
            Some(index) => dictionary.skill(index),
            None => custom(name.trim(), terms, sequence),
        })
    }

    /// Normalises a name that may hold several skills (`Python, Django`, `Опыт работы с
    /// PostgreSQL`): the whole name when the dictionary knows it, else the dictionary skills
    /// inside it, else the name as one custom skill.
    pub fn parse_all(name: &str) -> Vec<Skill> {
        let terms = NameTerms::of(name);
        let Some(whole) = Skill::parse_terms(name, &terms) else {
            return Vec::new();
        };
        let may_hold_known = terms
            .as_slice()
            .iter()
            .any(|hash| DICTIONARY.last_terms.may_contain(*hash));
        if whole.known.is_some() || !may_hold_known {
            return vec![whole];
        }
        let inside = find_in_text(name);
        if inside.is_empty() {
            vec![whole]
        } else {
            inside
        }
    }

    /// Whether the dictionary knows this skill.
    pub fn is_known(&self) -> bool {
        self.known.is_some()
    }

    /// How this skill relates to `other`.
    pub fn relation(&self, other: &Skill) -> Relation {
        if self.key == other.key {
            Relation::Same
        } else if self.groups & other.groups != 0 {
            Relation::Related
        } else {
            Relation::Unrelated
        }
    }
}

/// The canonical name of a known spelling, e.g. `постгрес` → `PostgreSQL`.
pub fn canonical(name: &str) -> Option<&'static str> {
    let skill = Skill::parse(name)?;
    let index = skill.known?;
    SKILLS.get(usize::from(index)).map(|row| row.0)
}

/// The dictionary skills mentioned in free text, in order of first mention, without repeats.
pub fn find_in_text(text: &str) -> Vec<Skill> {
    let mut detector = Detector::new();
    for_each_term(text, |term| detector.push(&term, 0));
    let mut seen = Vec::new();
    let mut skills = Vec::new();
    for found in detector.finish() {
        if !seen.contains(&found.skill) {
            seen.push(found.skill);
            skills.push(DICTIONARY.skill(found.skill));
        }
    }
    skills
}

/// The dictionary table's rows (for tests).
#[cfg(test)]
pub(crate) fn table_rows() -> &'static [table::SkillRow] {
    SKILLS
}

/// The hash of a sequence of term hashes (a single term hashes to itself).
pub(crate) fn sequence_hash(terms: &[u64]) -> u64 {
    let mut iter = terms.iter();
    let first = iter.next().copied().unwrap_or(0);
    iter.fold(first, |hash, &next| combine(hash, next))
}

/// The term hashes of a short text.
pub(crate) fn term_hashes(text: &str) -> Vec<u64> {
    let mut hashes = Vec::new();
    for_each_term(text, |term| hashes.push(term.hash));
    hashes
}

/// The probes of a phrase: its one word, or each pair of adjacent words.
pub(crate) fn probes_of(terms: &[u64]) -> Probes {
    let mut probes = Probes::default();
    if let [single] = terms {
        probes.hashes[0] = *single;
        probes.len = 1;
        return probes;
    }
    let pairs = terms.len().saturating_sub(1);
    let keep = pairs.min(MAX_PROBES);
    for slot in 0..keep {
        // Evenly spread pair indices, always including the first and the last pair.
        let pair = if keep > 1 {
            slot * (pairs - 1) / (keep - 1)
        } else {
            0
        };
        probes.hashes[slot] = pair_hash(terms[pair], terms[pair + 1]);
    }
    probes.len = keep as u8;
    probes
}

fn custom(name: &str, terms: &[u64], sequence: u64) -> Skill {
    Skill {
        key: SkillKey(sequence),
        name: Cow::Owned(name.to_owned()),
        known: None,
        groups: 0,
        probes: probes_of(terms),
    }
}

/// The hash of a name's folded letters, digits, `+` and `#` with everything else removed
/// (the first 128 bytes of them).
fn compact_hash(name: &str) -> u64 {
    let mut buffer = [0u8; 128];
    let mut len = 0;
    for c in name.chars() {
        fold_char(c, |folded| {
            if is_alphanumeric(folded) || folded == '+' || folded == '#' {
                let mut utf8 = [0u8; 4];
                let encoded = folded.encode_utf8(&mut utf8).as_bytes();
                if let Some(slot) = buffer.get_mut(len..len + encoded.len()) {
                    slot.copy_from_slice(encoded);
                    len += encoded.len();
                }
            }
        });
    }
    hash_bytes(&buffer[..len])
}

/// The most terms of a skill name that count.
const MAX_NAME_TERMS: usize = 32;

/// A skill name's term hashes, on the stack.
struct NameTerms {
    hashes: [u64; MAX_NAME_TERMS],
    len: usize,
}

impl NameTerms {
    fn of(name: &str) -> NameTerms {
        let mut terms = NameTerms {
            hashes: [0; MAX_NAME_TERMS],
            len: 0,
        };
        for_each_term(name, |term| {
            if let Some(slot) = terms.hashes.get_mut(terms.len) {
                *slot = term.hash;
                terms.len += 1;
            }
        });
        terms
    }

    fn as_slice(&self) -> &[u64] {
        &self.hashes[..self.len]
    }
}
