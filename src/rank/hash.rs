//! Term hashing: 64-bit hashes of folded, stemmed terms and of term sequences, a
//! pass-through hasher for maps keyed by them, and a fixed-size Bloom mask for quick rejects.
//!
//! Hashes are stable within one build only; they are never stored or sent anywhere, and
//! they are not meant to resist collisions made on purpose.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const MULTIPLIER: u64 = 0x517c_c1b7_2722_0a95;
const SEED: u64 = 0x2d35_8dcc_aa6c_78a5;

/// Hashes a folded, stemmed term.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hash = SEED ^ (bytes.len() as u64);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        hash = (hash.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(MULTIPLIER);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let word = rest.iter().enumerate().fold(0u64, |word, (at, &byte)| {
            word | (u64::from(byte) << (8 * at))
        });
        hash = (hash.rotate_left(5) ^ word).wrapping_mul(MULTIPLIER);
    }
    finish(hash)
}

/// The hash of the sequence `previous` (a term or a sequence) followed by `next`.
pub(crate) fn combine(previous: u64, next: u64) -> u64 {
    finish((previous.rotate_left(23) ^ next).wrapping_mul(MULTIPLIER))
}

fn finish(mut hash: u64) -> u64 {
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^ (hash >> 29)
}

/// The short form of a term hash kept in a vacancy's term bag (half the memory).
#[inline]
pub(crate) fn bag_key(hash: u64) -> u32 {
    (hash >> 32) as u32
}

/// A bag key spread back over 64 bits, for Bloom masks and maps.
#[inline]
pub(crate) fn spread(key: u32) -> u64 {
    u64::from(key).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// A hasher that passes already-mixed `u64` keys through.
#[derive(Default)]
pub(crate) struct TermHasher(u64);

impl Hasher for TermHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = combine(self.0, hash_bytes(bytes));
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// A map keyed by term hashes.
pub(crate) type TermMap<V> = HashMap<u64, V, BuildHasherDefault<TermHasher>>;

/// A 4096-bit Bloom mask of term hashes: `may_contain` has no false negatives.
#[derive(Clone)]
pub(crate) struct Bloom(Box<[u64; 64]>);

impl Bloom {
    /// An empty mask.
    pub(crate) fn new() -> Bloom {
        Bloom(Box::new([0; 64]))
    }

    /// Adds a hash.
    pub(crate) fn insert(&mut self, hash: u64) {
        let bit = (hash >> 52) as usize;
        self.0[bit >> 6] |= 1 << (bit & 63);
    }

    /// Whether the hash may have been added.
    #[inline]
    pub(crate) fn may_contain(&self, hash: u64) -> bool {
        let bit = (hash >> 52) as usize;
        self.0[bit >> 6] & (1 << (bit & 63)) != 0
    }
}

impl std::fmt::Debug for Bloom {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set: u32 = self.0.iter().map(|word| word.count_ones()).sum();
        write!(formatter, "Bloom({set} bits)")
    }
}
