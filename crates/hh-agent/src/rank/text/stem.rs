//! Light suffix strippers for folded Russian and English words, in the spirit of Snowball
//! but smaller: they only need to map the inflected forms of one word to one key.
//!
//! Russian follows Savoy's light stemmer (as in Lucene's `RussianLightStemmer`): noun and
//! adjective case endings, then a trailing `ь`/`и` and a doubled `н`. English strips plural
//! `s`/`ies`, `ing` and `ed`. Neither handles verbs fully or guarantees dictionary forms;
//! both always return a prefix of their input, never shorter than three letters.

/// Which stemmer applies to a folded word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    /// Only Cyrillic letters.
    Cyrillic,
    /// Only ASCII letters.
    Latin,
    /// Digits, symbols, or mixed scripts: left as is.
    Other,
}

/// Stems a folded word of the given script; `Other` words come back unchanged.
pub(crate) fn stem_folded(word: &str, script: Script) -> &str {
    let length = stem_bytes(word.as_bytes(), script).len();
    word.get(..length).unwrap_or(word)
}

/// [`stem_folded`] on the UTF-8 bytes of a folded word: the stem is always a prefix.
pub(crate) fn stem_bytes(word: &[u8], script: Script) -> &[u8] {
    match script {
        Script::Cyrillic => russian(word),
        Script::Latin => english(word),
        Script::Other => word,
    }
}

/// The script of a folded word.
pub(crate) fn script_of(word: &str) -> Script {
    if !word.is_empty() && word.bytes().all(|byte| byte.is_ascii_lowercase()) {
        Script::Latin
    } else if !word.is_empty() && word.chars().all(is_cyrillic_letter) {
        Script::Cyrillic
    } else {
        Script::Other
    }
}

/// `char::is_alphanumeric` with the common Latin and Cyrillic letters answered first.
pub(crate) fn is_alphanumeric(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' | 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё' => true,
        '\0'..='\u{7F}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// Whether `c` is a Cyrillic letter (two bytes in UTF-8).
pub(crate) fn is_cyrillic_letter(c: char) -> bool {
    match c {
        'а'..='я' | 'А'..='Я' | 'ё' | 'Ё' => true,
        '\u{0400}'..='\u{04FF}' => c.is_alphabetic(),
        _ => false,
    }
}

fn russian(word: &[u8]) -> &[u8] {
    // Every char is a two-byte Cyrillic letter here, so `n` chars are `2n` bytes.
    let chars = word.len() / 2;
    let bytes = word;
    let nth_from_end = |n: usize| -> char {
        let at = bytes.len().wrapping_sub(2 * n);
        match (bytes.get(at), bytes.get(at + 1)) {
            (Some(&lead), Some(&second)) => {
                let code = (u32::from(lead & 0x1F) << 6) | u32::from(second & 0x3F);
                char::from_u32(code).unwrap_or('\0')
            }
            _ => '\0',
        }
    };
    let (c1, c2, c3, c4) = (
        nth_from_end(1),
        nth_from_end(2),
        nth_from_end(3),
        nth_from_end(4),
    );
    let strip = if chars > 6 && matches!((c4, c3, c2, c1), ('и' | 'о', 'я', 'м', 'и')) {
        4
    } else if chars > 5 && three_letter_ending(c3, c2, c1) {
        3
    } else if chars > 4 && two_letter_ending(c2, c1) {
        2
    } else if chars > 3 && matches!(c1, 'а' | 'е' | 'и' | 'о' | 'у' | 'й' | 'ы' | 'ь' | 'я')
    {
        1
    } else {
        0
    };
    let stem = word.get(..word.len() - 2 * strip).unwrap_or(word);
    normalize_russian(stem)
}

fn three_letter_ending(c3: char, c2: char, c1: char) -> bool {
    matches!(
        (c3, c2, c1),
        ('и', 'я', 'м' | 'х')
            | ('о', 'я', 'х' | 'м')
            | ('я', 'м', 'и')
            | ('о', 'ь', 'в')
            | ('а', 'м', 'и')
            | ('е', 'г', 'о')
            | ('е', 'м', 'у')
            | ('е', 'р', 'и')
            | ('и', 'м', 'и')
            | ('о', 'г', 'о')
            | ('о', 'м', 'у')
            | ('ы', 'м', 'и')
            | ('о', 'е', 'в')
    )
}

fn two_letter_ending(c2: char, c1: char) -> bool {
    matches!(
        (c2, c1),
        ('а', 'я' | 'х' | 'м')
            | ('я', 'я' | 'х' | 'м')
            | ('ю', 'ю')
            | ('е', 'ю' | 'я' | 'м' | 'й' | 'в')
            | ('и', 'х' | 'я' | 'ю' | 'й' | 'м')
            | ('ь', 'в')
            | ('о', 'ю' | 'е' | 'й' | 'м' | 'в')
            | ('у', 'ю')
            | ('ы', 'х' | 'е' | 'й' | 'м')
            | ('м', 'и')
    )
}

fn normalize_russian(stem: &[u8]) -> &[u8] {
    const SOFT_SIGN: [u8; 2] = [0xD1, 0x8C];
    const I: [u8; 2] = [0xD0, 0xB8];
    const EN: [u8; 2] = [0xD0, 0xBD];
    if stem.len() / 2 <= 3 {
        return stem;
    }
    let last = |n: usize| stem.get(stem.len() - 2 * n..stem.len() - 2 * n + 2);
    let cut = match (last(1), last(2)) {
        (Some(c), _) if c == SOFT_SIGN || c == I => 2,
        (Some(c), Some(d)) if c == EN && d == EN => 2,
        _ => 0,
    };
    &stem[..stem.len() - cut]
}

fn english(word: &[u8]) -> &[u8] {
    let len = word.len();
    let mut end = len;
    if len > 4 && word.ends_with(b"ies") {
        end -= 3;
    } else if len > 4 && word.ends_with(b"sses") {
        end -= 2;
    } else if len > 3 && word[len - 1] == b's' && !matches!(word[len - 2], b's' | b'u' | b'i') {
        end -= 1;
    }
    let base = &word[..end];
    let cut = if end > 5 && base.ends_with(b"ing") && has_vowel(&base[..end - 3]) {
        undouble(&base[..end - 3])
    } else if end > 4 && base.ends_with(b"ed") && has_vowel(&base[..end - 2]) {
        undouble(&base[..end - 2])
    } else if end > 3 && base.ends_with(b"y") {
        end - 1
    } else {
        end
    };
    &word[..cut]
}

fn has_vowel(stem: &[u8]) -> bool {
    stem.iter()
        .any(|byte| matches!(byte, b'a' | b'e' | b'i' | b'o' | b'u' | b'y'))
}

/// The length of `stem` with a doubled final consonant (other than l, s, z) made single.
fn undouble(stem: &[u8]) -> usize {
    let bytes = stem;
    let len = bytes.len();
    if len >= 3 && bytes[len - 1] == bytes[len - 2] && !matches!(bytes[len - 1], b'l' | b's' | b'z')
    {
        len - 1
    } else {
        len
    }
}
