//! A subset of hh.ru's search language for the sandbox: words (all must match), quoted
//! phrases, `OR` between alternatives, and `NOT`/`!` to exclude; matching ignores case
//! and common Russian and English endings.
//!
//! Parsing and matching only; which fields are searched is the caller's choice.

/// A parsed `text` query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Query {
    /// Every group must match; a group matches when any of its alternatives does.
    groups: Vec<Vec<String>>,
    /// None of these may match.
    excluded: Vec<String>,
}

impl Query {
    /// Parses `text`; unknown syntax (fields, parentheses) is read as plain words.
    pub(super) fn parse(text: &str) -> Query {
        let mut query = Query::default();
        let mut pending_or = false;
        let mut pending_not = false;
        for token in tokens(text) {
            match token.as_str() {
                "OR" | "or" | "|" => {
                    pending_or = true;
                    continue;
                }
                "NOT" | "not" => {
                    pending_not = true;
                    continue;
                }
                "AND" | "and" => continue,
                _ => {}
            }
            let (negated, word) = match token.strip_prefix('!') {
                Some(rest) => (true, rest.to_owned()),
                None => (pending_not, token),
            };
            let term = stem(&word.to_lowercase());
            if term.is_empty() {
                continue;
            }
            if negated {
                query.excluded.push(term);
            } else if pending_or && !query.groups.is_empty() {
                if let Some(last) = query.groups.last_mut() {
                    last.push(term);
                }
            } else {
                query.groups.push(vec![term]);
            }
            pending_or = false;
            pending_not = false;
        }
        query
    }

    /// Whether the query has nothing to match.
    pub(super) fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.excluded.is_empty()
    }

    /// A relevance score over weighted lowercase fields, or `None` when it does not match.
    pub(super) fn score(&self, fields: &[(&str, u32)]) -> Option<u32> {
        let any = |term: &str| fields.iter().any(|(text, _)| contains_word(text, term));
        if self.excluded.iter().any(|term| any(term)) {
            return None;
        }
        let mut score = 0;
        for group in &self.groups {
            let best = group
                .iter()
                .flat_map(|term| {
                    fields
                        .iter()
                        .filter(|(text, _)| contains_word(text, term))
                        .map(|(_, weight)| *weight)
                })
                .max()?;
            score += best;
        }
        Some(score)
    }
}

/// Whitespace-separated tokens, with `"quoted phrases"` kept whole.
fn tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace() && c != '(' && c != ')') {
        rest = &rest[start..];
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            tokens.push(quoted[..end].to_owned());
            rest = quoted.get(end + 1..).unwrap_or("");
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '(' || c == ')')
                .unwrap_or(rest.len());
            tokens.push(rest[..end].to_owned());
            rest = &rest[end..];
        }
    }
    tokens
}

/// Drops one common ending so "разработчика" finds "разработчик" and "tests" finds "test".
fn stem(word: &str) -> String {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric() && !"+#.-".contains(c));
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 5 {
        return word.to_owned();
    }
    let endings = [
        "ами", "ями", "ого", "его", "ому", "ему", "ой", "ый", "ий", "ая", "яя", "ое", "ые", "ов",
        "ев", "ам", "ям", "ах", "ях", "ом", "ем", "ы", "и", "а", "я", "у", "ю", "е", "ь", "s",
    ];
    for ending in endings {
        if let Some(stemmed) = word.strip_suffix(ending) {
            if stemmed.chars().count() >= 4 {
                return stemmed.to_owned();
            }
        }
    }
    word.to_owned()
}

/// Whether `text` has a word (or phrase) starting with `term`.
fn contains_word(text: &str, term: &str) -> bool {
    text.match_indices(term).any(|(index, _)| {
        text[..index]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(query: &str, text: &str, matches: bool) {
        let score = Query::parse(query).score(&[(text, 1)]);
        assert_eq!(score.is_some(), matches, "{query:?} on {text:?}");
    }

    #[test]
    fn words_phrases_or_and_not() {
        check("rust", "senior rust-разработчик", true);
        check("Rust разработчик", "senior rust-разработчик", true);
        check("разработчика", "backend-разработчик", true);
        check("rust go", "go developer", false);
        check("rust OR go", "go developer", true);
        check("python NOT django", "python django", false);
        check("python !django", "python fastapi", true);
        check(
            "\"главный бухгалтер\"",
            "главный бухгалтер на производство",
            true,
        );
        check("\"главный бухгалтер\"", "бухгалтер главный", false);
        check("trust", "rust", false);
        check("ust", "rust", false);
    }

    #[test]
    fn weights_add_up_per_group() {
        let query = Query::parse("rust tokio");
        assert_eq!(query.score(&[("rust", 3), ("rust tokio", 1)]), Some(4));
        assert!(Query::parse("").is_empty());
    }
}
