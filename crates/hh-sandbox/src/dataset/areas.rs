//! The sandbox's area tree (a small slice of hh.ru's, with hh.ru's ids) and lookups in it.
//!
//! Only countries, a few regions and the cities vacancies use; no metro, no districts.

use serde_json::{json, Value};

/// One node of the area tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    /// hh.ru's id (`113` Russia, `1` Moscow, …).
    pub id: &'static str,
    /// The Russian name.
    pub name: &'static str,
    /// The parent node, none for countries.
    pub parent_id: Option<&'static str>,
}

const fn node(id: &'static str, name: &'static str, parent_id: Option<&'static str>) -> Area {
    Area {
        id,
        name,
        parent_id,
    }
}

/// Every area, parents before children.
pub const AREAS: &[Area] = &[
    node("113", "Россия", None),
    node("1", "Москва", Some("113")),
    node("2", "Санкт-Петербург", Some("113")),
    node("2019", "Московская область", Some("113")),
    node("2034", "Химки", Some("2019")),
    node("1261", "Свердловская область", Some("113")),
    node("3", "Екатеринбург", Some("1261")),
    node("1202", "Новосибирская область", Some("113")),
    node("4", "Новосибирск", Some("1202")),
    node("1624", "Республика Татарстан", Some("113")),
    node("88", "Казань", Some("1624")),
    node("1679", "Нижегородская область", Some("113")),
    node("66", "Нижний Новгород", Some("1679")),
    node("1438", "Краснодарский край", Some("113")),
    node("53", "Краснодар", Some("1438")),
    node("237", "Сочи", Some("1438")),
    node("1586", "Самарская область", Some("113")),
    node("78", "Самара", Some("1586")),
    node("1530", "Ростовская область", Some("113")),
    node("76", "Ростов-на-Дону", Some("1530")),
    node("1844", "Воронежская область", Some("113")),
    node("26", "Воронеж", Some("1844")),
    node("1317", "Пермский край", Some("113")),
    node("72", "Пермь", Some("1317")),
    node("1347", "Республика Башкортостан", Some("113")),
    node("99", "Уфа", Some("1347")),
    node("1384", "Челябинская область", Some("113")),
    node("104", "Челябинск", Some("1384")),
    node("1255", "Томская область", Some("113")),
    node("90", "Томск", Some("1255")),
    node("1041", "Калининградская область", Some("113")),
    node("41", "Калининград", Some("1041")),
    node("16", "Беларусь", None),
    node("1002", "Минск", Some("16")),
    node("40", "Казахстан", None),
    node("160", "Алматы", Some("40")),
    node("159", "Астана", Some("40")),
];

/// Where employers sit and federal employers hire, in per mille. Vacancies end up about
/// 40 % in Moscow and 15 % in Saint Petersburg (international employers sit abroad).
pub(crate) const CITY_WEIGHTS: &[(&str, u32)] = &[
    ("1", 425),
    ("2", 165),
    ("3", 60),
    ("4", 50),
    ("88", 45),
    ("66", 40),
    ("53", 35),
    ("78", 30),
    ("76", 30),
    ("26", 20),
    ("72", 20),
    ("99", 18),
    ("104", 18),
    ("90", 10),
    ("41", 10),
    ("237", 8),
    ("2034", 6),
    ("1002", 25),
    ("160", 20),
    ("159", 5),
];

/// The area with this id.
pub fn area(id: &str) -> Option<&'static Area> {
    AREAS.iter().find(|area| area.id == id)
}

/// The country an area is in (itself for a country).
pub fn country_of(id: &str) -> Option<&'static Area> {
    let mut current = area(id)?;
    while let Some(parent) = current.parent_id.and_then(area) {
        current = parent;
    }
    Some(current)
}

/// Whether `child` is `ancestor` or lies anywhere below it (`88` is within `113`).
pub fn area_is_within(child: &str, ancestor: &str) -> bool {
    let mut current = area(child);
    while let Some(node) = current {
        if node.id == ancestor {
            return true;
        }
        current = node.parent_id.and_then(area);
    }
    false
}

/// The ids of `id` and all its descendants; empty for an unknown id.
pub fn area_ids_under(id: &str) -> Vec<&'static str> {
    AREAS
        .iter()
        .filter(|area| area_is_within(area.id, id))
        .map(|area| area.id)
        .collect()
}

/// `{id, name, url}` as vacancies and resumes carry an area.
pub fn area_ref(id: &str, api_base: &str) -> Value {
    let name = area(id).map_or("", |area| area.name);
    json!({"id": id, "name": name, "url": format!("{api_base}/areas/{id}")})
}

/// `GET /areas`: the whole tree, countries first.
pub fn areas() -> Value {
    Value::Array(
        AREAS
            .iter()
            .filter(|area| area.parent_id.is_none())
            .map(subtree)
            .collect(),
    )
}

/// `GET /areas/{id}`: one node with its subtree.
pub fn area_tree(id: &str) -> Option<Value> {
    area(id).map(subtree)
}

fn subtree(area: &Area) -> Value {
    let children: Vec<Value> = AREAS
        .iter()
        .filter(|child| child.parent_id == Some(area.id))
        .map(subtree)
        .collect();
    json!({"id": area.id, "name": area.name, "parent_id": area.parent_id, "areas": children})
}
