//! Term hashing: 64-bit hashes of folded, stemmed terms and of term sequences, a
//! pass-through hasher for maps keyed by them, and a fixed-size Bloom mask for quick rejects.
//!
//! Hashes are stable within one build only; they are never stored or sent anywhere, and
//! they are not meant to resist collisions made on purpose.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const MULTIPLIER: u64 = 0x517c_c1b7_2722_0a95;
const SEED: u64 = 0x2d35_8dcc_aa6c_78a5;

/// Hashes a folded, stemmed term (short inputs, the usual case, with two reads).
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let seed = SEED ^ (len as u64).wrapping_mul(MULTIPLIER);
    if len <= 16 {
        let (first, last) = if len >= 8 {
            (read8(bytes, 0), read8(bytes, len - 8))
        } else if len >= 4 {
            (read4(bytes, 0), read4(bytes, len - 4))
        } else if len > 0 {
            let spread = u64::from(bytes[0])
                | (u64::from(bytes[len / 2]) << 8)
                | (u64::from(bytes[len - 1]) << 16);
            (spread, 0)
        } else {
            (0, 0)
        };
        return finish(mix(seed ^ first, last ^ MULTIPLIER));
    }
    let mut hash = seed;
    let mut at = 0;
    while at + 8 < len {
        hash = (hash.rotate_left(5) ^ read8(bytes, at)).wrapping_mul(MULTIPLIER);
        at += 8;
    }
    hash = (hash.rotate_left(5) ^ read8(bytes, len - 8)).wrapping_mul(MULTIPLIER);
    finish(hash)
}

#[inline(always)]
fn read8(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    if let Some(source) = bytes.get(at..at + 8) {
        word.copy_from_slice(source);
    }
    u64::from_le_bytes(word)
}

#[inline(always)]
fn read4(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 4];
    if let Some(source) = bytes.get(at..at + 4) {
        word.copy_from_slice(source);
    }
    u64::from(u32::from_le_bytes(word))
}

/// Multiplies in 128 bits and folds the halves.
#[inline(always)]
fn mix(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// The hash of the sequence `previous` (a term or a sequence) followed by `next`.
pub(crate) fn combine(previous: u64, next: u64) -> u64 {
    finish((previous.rotate_left(23) ^ next).wrapping_mul(MULTIPLIER))
}

/// The hash of two adjacent terms in a term bag (cheaper than [`combine`]; the inputs are
/// already mixed).
#[inline(always)]
pub(crate) fn pair_hash(first: u64, second: u64) -> u64 {
    (first.rotate_left(23) ^ second).wrapping_mul(MULTIPLIER)
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
