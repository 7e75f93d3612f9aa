//! HTML character references: the named ones hh.ru descriptions use (`&nbsp;`, `&amp;`,
//! `&laquo;`, …) and numeric ones (`&#1046;`, `&#x41;`).
//!
//! Unknown names are left as text by the caller; invalid code points become U+FFFD.

/// Decodes the entity at the `&` at `start`: the char (none for invisible ones) and where
/// text goes on; `None` when it is a plain `&`.
pub(crate) fn entity_at(html: &str, start: usize) -> Option<(Option<char>, usize)> {
    let rest = html.get(start + 1..)?;
    let end = rest.bytes().take(12).position(|byte| byte == b';')?;
    decode_entity(&rest[..end]).map(|c| (c, start + 1 + end + 1))
}

/// The char an entity name stands for; `Some(None)` for entities that print nothing.
fn decode_entity(name: &str) -> Option<Option<char>> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse::<u32>().ok()?,
        };
        return Some(Some(char::from_u32(code).unwrap_or('\u{FFFD}')));
    }
    let c = match name {
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "laquo" => '«',
        "raquo" => '»',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "bull" => '•',
        "middot" => '·',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "times" => '×',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "shy" | "zwnj" | "zwj" => return Some(None),
        _ => return None,
    };
    Some(Some(c))
}
