//! The token a scanner is reading: folded bytes in a fixed buffer, filled a run of ASCII or
//! Cyrillic letters at a time, with counts of letters by script.
//!
//! It knows nothing about separators or terms; `tokens` decides where tokens end.

/// The longest folded token kept in full; longer ones are cut at a char boundary.
pub(super) const MAX_TOKEN_BYTES: usize = 64;

/// A token being read: its folded bytes and what kinds of chars it holds.
#[derive(Clone, Copy)]
pub(super) struct Token {
    /// Folded bytes.
    pub bytes: [u8; MAX_TOKEN_BYTES],
    /// How many of `bytes` are used.
    pub len: usize,
    /// Cyrillic letters seen.
    pub cyrillic: u16,
    /// Latin letters seen.
    pub latin: u16,
    /// Whether digits, symbols or other scripts were seen.
    pub other: bool,
    /// Whether only letters were seen (so `++` or `#` may follow).
    pub letters_only: bool,
    /// Whether the token outgrew `bytes` (the rest is dropped).
    pub full: bool,
    /// Whether any char was taken.
    pub started: bool,
    /// Bytes taken by the last `cyrillic_run`.
    pub cyrillic_run_len: usize,
}

impl Default for Token {
    fn default() -> Token {
        Token {
            bytes: [0; MAX_TOKEN_BYTES],
            len: 0,
            cyrillic: 0,
            latin: 0,
            other: false,
            letters_only: true,
            full: false,
            started: false,
            cyrillic_run_len: 0,
        }
    }
}

impl Token {
    /// Appends folded bytes.
    pub fn push(&mut self, bytes: &[u8]) {
        self.started = true;
        match self.bytes.get_mut(self.len..self.len + bytes.len()) {
            Some(slot) if !self.full => {
                slot.copy_from_slice(bytes);
                self.len += bytes.len();
            }
            _ => self.full = true,
        }
    }

    /// Takes the run of ASCII letters at the start of `input`; returns its length.
    pub fn latin_run(&mut self, input: &[u8]) -> usize {
        let run = input
            .iter()
            .position(|byte| !byte.is_ascii_alphabetic())
            .unwrap_or(input.len());
        let room = MAX_TOKEN_BYTES - self.len;
        let kept = if self.full { 0 } else { run.min(room) };
        for (slot, byte) in self.bytes[self.len..self.len + kept].iter_mut().zip(input) {
            *slot = byte.to_ascii_lowercase();
        }
        self.len += kept;
        self.full |= kept < run;
        self.latin = self
            .latin
            .saturating_add(u16::try_from(run).unwrap_or(u16::MAX));
        self.started |= run > 0;
        run
    }

    /// Takes the run of two-byte Cyrillic letters at the start of `input` (folding case
    /// and `ё`); returns how many letters, leaving the bytes taken in `cyrillic_run_len`.
    pub fn cyrillic_run(&mut self, input: &[u8]) -> usize {
        let (mut len, mut full) = (self.len, self.full);
        let mut letters = 0;
        for pair in input.chunks_exact(2) {
            let (lead, second) = (pair[0], pair[1]);
            let folded = match (lead, second) {
                (0xD0, 0xB0..=0xBF) | (0xD1, 0x80..=0x8F) => [lead, second],
                (0xD0, 0x90..=0x9F) => [0xD0, second + 0x20],
                (0xD0, 0xA0..=0xAF) => [0xD1, second - 0x20],
                (0xD0, 0x81) | (0xD1, 0x91) => [0xD0, 0xB5],
                _ => break,
            };
            match self.bytes.get_mut(len..len + 2) {
                Some(slot) if !full => {
                    slot.copy_from_slice(&folded);
                    len += 2;
                }
                _ => full = true,
            }
            letters += 1;
        }
        self.len = len;
        self.full = full;
        self.cyrillic = self
            .cyrillic
            .saturating_add(u16::try_from(letters).unwrap_or(u16::MAX));
        self.started |= letters > 0;
        self.cyrillic_run_len = 2 * letters;
        letters
    }

    /// Whether the last byte taken is an ASCII letter or digit.
    pub fn last_is_ascii_alphanumeric(&self) -> bool {
        self.len > 0 && self.bytes[self.len - 1].is_ascii_alphanumeric()
    }
}
