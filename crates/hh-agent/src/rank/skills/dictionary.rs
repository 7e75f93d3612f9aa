//! The skill dictionary built once from the table: every alias as a term sequence, the
//! glued-together spellings, the related-skill groups as bit masks, and a Bloom mask of
//! alias endings that lets free-text detection skip most words.
//!
//! Lookups only; normalising names and scanning texts live in the parent module.

use std::borrow::Cow;
use std::sync::LazyLock;

use super::table::SKILLS;
use super::{compact_hash, sequence_hash, term_hashes, Probes, Skill, SkillKey, MAX_PHRASE};
use crate::rank::hash::{combine, Bloom, TermMap};

const DICTIONARY_SALT: u64 = 0x6b1d_0c5e_a11e_d1c7;

/// One alias of a dictionary skill.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Phrase {
    pub skill: u16,
    pub whole_only: bool,
}

/// The dictionary, built once from the table.
pub(crate) struct Dictionary {
    names: Vec<&'static str>,
    groups: Vec<u64>,
    pub(crate) phrases: TermMap<Phrase>,
    pub(crate) compact: TermMap<u16>,
    /// Last-term hashes of every alias allowed in free text.
    pub(crate) last_terms: Bloom,
    /// For each last term of an alias allowed in free text, the longest such alias (words).
    pub(crate) longest_ending: TermMap<u8>,
}

/// The one dictionary.
pub(crate) static DICTIONARY: LazyLock<Dictionary> = LazyLock::new(Dictionary::build);

impl Dictionary {
    fn build() -> Dictionary {
        let mut dictionary = Dictionary {
            names: Vec::with_capacity(SKILLS.len()),
            groups: Vec::with_capacity(SKILLS.len()),
            phrases: TermMap::default(),
            compact: TermMap::default(),
            last_terms: Bloom::new(),
            longest_ending: TermMap::default(),
        };
        let mut group_names: Vec<&str> = Vec::new();
        for (index, (name, aliases, groups)) in SKILLS.iter().enumerate() {
            let Ok(index) = u16::try_from(index) else {
                break;
            };
            let mut mask = 0u64;
            for group in *groups {
                let position = group_names.iter().position(|known| known == group);
                let position = position.unwrap_or_else(|| {
                    group_names.push(group);
                    group_names.len() - 1
                });
                if position < 64 {
                    mask |= 1 << position;
                }
            }
            dictionary.names.push(name);
            dictionary.groups.push(mask);
            let whole_only = aliases.iter().filter_map(|alias| alias.strip_prefix('!'));
            for alias in whole_only {
                dictionary.register(alias, index, true);
            }
            dictionary.register(name, index, false);
            for alias in aliases.iter().filter(|alias| !alias.starts_with('!')) {
                dictionary.register(alias, index, false);
            }
        }
        dictionary
    }

    fn register(&mut self, alias: &str, skill: u16, whole_only: bool) {
        let terms = term_hashes(alias);
        if terms.is_empty() {
            return;
        }
        let key = sequence_hash(&terms);
        let phrase = *self
            .phrases
            .entry(key)
            .or_insert(Phrase { skill, whole_only });
        if !phrase.whole_only && terms.len() <= MAX_PHRASE {
            if let Some(&last) = terms.last() {
                self.last_terms.insert(last);
                let longest = self.longest_ending.entry(last).or_insert(0);
                *longest = (*longest).max(terms.len() as u8);
            }
        }
        self.compact.entry(compact_hash(alias)).or_insert(skill);
    }

    /// The dictionary skill at `index` (an index this dictionary handed out).
    pub(crate) fn skill(&self, index: u16) -> Skill {
        let position = usize::from(index);
        Skill {
            key: SkillKey(combine(DICTIONARY_SALT, u64::from(index))),
            name: Cow::Borrowed(self.names.get(position).copied().unwrap_or("")),
            known: Some(index),
            groups: self.groups.get(position).copied().unwrap_or(0),
            probes: Probes::default(),
        }
    }

    /// How many skills it holds.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }
}
