//! Common cities by name (any case or inflection, Russian or English) to hh.ru area ids,
//! for profiles pasted as text.
//!
//! Only big cities are listed; anything else stays unknown (no location penalty then).
//! The full tree is `GET /areas`, which this pure module never calls.

use std::sync::LazyLock;

use super::hash::TermMap;
use super::skills::{sequence_hash, term_hashes};
use super::text::for_each_term;

/// `(area id, name, spellings)`.
#[rustfmt::skip]
const CITIES: &[(&str, &str, &[&str])] = &[
    ("1", "Москва", &["москва", "moscow", "мск"]),
    ("2", "Санкт-Петербург", &["санкт-петербург", "спб", "питер", "петербург", "saint petersburg", "st petersburg", "st. petersburg", "spb"]),
    ("3", "Екатеринбург", &["екатеринбург", "екб", "yekaterinburg", "ekaterinburg"]),
    ("4", "Новосибирск", &["новосибирск", "novosibirsk"]),
    ("88", "Казань", &["казань", "kazan"]),
    ("66", "Нижний Новгород", &["нижний новгород", "нн", "nizhny novgorod"]),
    ("53", "Краснодар", &["краснодар", "krasnodar"]),
    ("78", "Самара", &["самара", "samara"]),
    ("76", "Ростов-на-Дону", &["ростов-на-дону", "ростов", "rostov-on-don"]),
    ("99", "Уфа", &["уфа", "ufa"]),
    ("104", "Челябинск", &["челябинск", "chelyabinsk"]),
    ("68", "Омск", &["омск", "omsk"]),
    ("72", "Пермь", &["пермь", "perm"]),
    ("26", "Воронеж", &["воронеж", "voronezh"]),
    ("24", "Волгоград", &["волгоград", "volgograd"]),
    ("54", "Красноярск", &["красноярск", "krasnoyarsk"]),
    ("95", "Тюмень", &["тюмень", "tyumen"]),
    ("112", "Ярославль", &["ярославль", "yaroslavl"]),
    ("90", "Томск", &["томск", "tomsk"]),
    ("79", "Саратов", &["саратов", "saratov"]),
    ("22", "Владивосток", &["владивосток", "vladivostok"]),
    ("43", "Калуга", &["калуга", "kaluga"]),
    ("237", "Сочи", &["сочи", "sochi"]),
];

/// The longest spelling in words.
const MAX_WORDS: usize = 3;

static SPELLINGS: LazyLock<TermMap<usize>> = LazyLock::new(|| {
    let mut spellings = TermMap::default();
    for (index, (_, name, others)) in CITIES.iter().enumerate() {
        for spelling in std::iter::once(name).chain(others.iter()) {
            spellings.insert(sequence_hash(&term_hashes(spelling)), index);
        }
    }
    spellings
});

/// A city known by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct City {
    /// The hh.ru area id.
    pub area_id: &'static str,
    /// The city's name.
    pub name: &'static str,
}

/// The first known city named in `text` (`Москва`, `в Санкт-Петербурге`, `Kazan`).
pub fn find_city(text: &str) -> Option<City> {
    let mut window: Vec<u64> = Vec::with_capacity(MAX_WORDS);
    let mut found = None;
    for_each_term(text, |term| {
        if found.is_some() {
            return;
        }
        if !term.joined {
            window.clear();
        }
        if window.len() == MAX_WORDS {
            window.remove(0);
        }
        window.push(term.hash);
        for start in 0..window.len() {
            if let Some(&index) = SPELLINGS.get(&sequence_hash(&window[start..])) {
                found = CITIES
                    .get(index)
                    .map(|(id, name, _)| City { area_id: id, name });
                return;
            }
        }
    });
    found
}

/// The name of a known area id.
pub fn city_name(area_id: &str) -> Option<&'static str> {
    CITIES
        .iter()
        .find(|(id, _, _)| *id == area_id)
        .map(|(_, name, _)| *name)
}
