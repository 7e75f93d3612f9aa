//! `hh search WORDS [filters]`: hh.ru's own search with the filters that matter (area,
//! salary, experience, work format, employment, period, order), in hh.ru's order, as
//! text or JSON. Ranking against a resume is `hh recommend`'s.
//!
//! It builds an [`hh::Search`] and lists through the client; no ledger, no ranking.

use serde_json::{json, Value};

use super::output::Answer;
use super::words;
use crate::hh::types::{SalaryRange, Vacancy};
use crate::hh::{self, Search};

/// The experience hh.ru asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Experience {
    /// Без опыта.
    #[value(name = "0")]
    None,
    /// От года до трёх лет.
    #[value(name = "1-3")]
    OneToThree,
    /// От трёх до шести лет.
    #[value(name = "3-6")]
    ThreeToSix,
    /// Больше шести лет.
    #[value(name = "6+")]
    MoreThanSix,
}

/// Where the work is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WorkFormat {
    /// В офисе.
    #[value(name = "office")]
    OnSite,
    /// Удалённо.
    Remote,
    /// Гибрид.
    Hybrid,
    /// Разъездная работа.
    #[value(name = "field")]
    FieldWork,
}

/// The kind of employment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Employment {
    /// Полная занятость.
    Full,
    /// Частичная.
    Part,
    /// Проект или разовое задание.
    Project,
    /// Вахта.
    #[value(name = "fly-in-fly-out")]
    FlyInFlyOut,
}

/// The order of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Order {
    /// Сначала новые.
    Date,
    /// По убыванию зарплаты.
    Salary,
    /// По соответствию.
    Relevance,
}

/// What `hh search` was asked.
#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    /// hh.ru's query language, as typed.
    pub words: Vec<String>,
    /// Area ids.
    pub areas: Vec<String>,
    /// A salary to match, roubles.
    pub salary: Option<u64>,
    /// Only vacancies that state a salary.
    pub only_with_salary: bool,
    /// The experience asked.
    pub experience: Option<Experience>,
    /// Work formats.
    pub formats: Vec<WorkFormat>,
    /// Kinds of employment.
    pub employment: Vec<Employment>,
    /// Published within this many days.
    pub period: Option<u32>,
    /// The order.
    pub order: Option<Order>,
    /// At most this many results.
    pub limit: u32,
}

impl SearchOptions {
    /// The hh.ru search these options ask for.
    pub fn to_search(&self) -> Search {
        Search {
            text: Some(self.words.join(" ")).filter(|text| !text.trim().is_empty()),
            area: self.areas.clone(),
            salary: self.salary,
            only_with_salary: self.only_with_salary,
            experience: self
                .experience
                .map(|experience| {
                    match experience {
                        Experience::None => "noExperience",
                        Experience::OneToThree => "between1And3",
                        Experience::ThreeToSix => "between3And6",
                        Experience::MoreThanSix => "moreThan6",
                    }
                    .to_owned()
                })
                .into_iter()
                .collect(),
            work_format: self
                .formats
                .iter()
                .map(|format| {
                    match format {
                        WorkFormat::OnSite => "ON_SITE",
                        WorkFormat::Remote => "REMOTE",
                        WorkFormat::Hybrid => "HYBRID",
                        WorkFormat::FieldWork => "FIELD_WORK",
                    }
                    .to_owned()
                })
                .collect(),
            employment_form: self
                .employment
                .iter()
                .map(|form| {
                    match form {
                        Employment::Full => "FULL",
                        Employment::Part => "PART",
                        Employment::Project => "PROJECT",
                        Employment::FlyInFlyOut => "FLY_IN_FLY_OUT",
                    }
                    .to_owned()
                })
                .collect(),
            period: self.period,
            order_by: self.order.map(|order| {
                match order {
                    Order::Date => "publication_time",
                    Order::Salary => "salary_desc",
                    Order::Relevance => "relevance",
                }
                .to_owned()
            }),
            ..Search::default()
        }
    }
}

/// Runs `hh search`.
pub async fn search(client: &hh::Client, options: &SearchOptions) -> anyhow::Result<Answer> {
    if options.words.join("").trim().is_empty() {
        anyhow::bail!("что искать? Например: hh search rust разработчик --remote");
    }
    if options.period.is_some_and(|days| !(1..=30).contains(&days)) {
        anyhow::bail!("--period: число дней от 1 до 30");
    }
    let limit = options.limit.clamp(1, hh::search::MAX_DEPTH);
    let found = client
        .search_all(None, &options.to_search(), limit)
        .await
        .map_err(|err| anyhow::anyhow!("{}", words::hh_error(&err)))?;
    let query = options.words.join(" ");
    let mut text = format!("Вакансии на hh.ru по запросу «{query}»: {}\n", found.len());
    if found.is_empty() {
        text += "Ничего не нашлось: попробуйте другие слова или ослабьте фильтры.\n";
    }
    for (index, vacancy) in found.iter().enumerate() {
        text += &format!("\n{}. {}\n", index + 1, describe(vacancy));
    }
    let items: Vec<Value> = found.iter().map(to_json).collect();
    Ok(Answer::ok(text, json!({ "query": query, "items": items })))
}

/// Title, employer, pay, place and link, on three lines.
fn describe(vacancy: &Vacancy) -> String {
    let employer = vacancy
        .employer
        .as_ref()
        .map(|employer| format!(" — {}", employer.name))
        .unwrap_or_default();
    let mut facts = vec![salary_text(salary_of(vacancy))];
    facts.extend(vacancy.area.as_ref().map(|area| area.name.clone()));
    if vacancy
        .work_format
        .iter()
        .any(|format| format.id == "REMOTE")
    {
        facts.push("удалённо".to_owned());
    }
    format!(
        "{}{employer}\n   {}\n   {}",
        vacancy.name,
        facts.join("; "),
        vacancy.alternate_url.as_deref().unwrap_or("")
    )
}

fn salary_of(vacancy: &Vacancy) -> Option<&SalaryRange> {
    vacancy.salary_range.as_ref().or(vacancy.salary.as_ref())
}

/// `от 150 000 до 200 000 ₽ на руки`, or «зарплата не указана».
pub fn salary_text(salary: Option<&SalaryRange>) -> String {
    let Some(salary) = salary.filter(|s| s.from.is_some() || s.to.is_some()) else {
        return "зарплата не указана".to_owned();
    };
    let amount = |value: f64| {
        let digits = format!("{}", value.round() as u64);
        let mut grouped = String::new();
        for (index, digit) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index) % 3 == 0 {
                grouped.push('\u{a0}');
            }
            grouped.push(digit);
        }
        grouped
    };
    let mut parts = Vec::new();
    if let Some(from) = salary.from {
        parts.push(format!("от {}", amount(from)));
    }
    if let Some(to) = salary.to {
        parts.push(format!("до {}", amount(to)));
    }
    let currency = match salary.currency.as_deref() {
        Some("RUR") | Some("RUB") | None => "₽",
        Some("USD") => "$",
        Some("EUR") => "€",
        Some("KZT") => "₸",
        Some(other) => other,
    };
    let tax = match salary.gross {
        Some(true) => " до вычета налогов",
        Some(false) => " на руки",
        None => "",
    };
    format!("{} {currency}{tax}", parts.join(" "))
}

fn to_json(vacancy: &Vacancy) -> Value {
    json!({
        "id": vacancy.id,
        "title": vacancy.name,
        "employer": vacancy.employer.as_ref().map(|employer| employer.name.clone()),
        "area": vacancy.area.as_ref().map(|area| area.name.clone()),
        "salary": salary_of(vacancy).map(|s| json!({"from": s.from, "to": s.to, "currency": s.currency, "gross": s.gross})),
        "work_format": vacancy.work_format.iter().map(|format| format.id.clone()).collect::<Vec<_>>(),
        "url": vacancy.alternate_url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hh::search::Endpoint;

    #[test]
    fn every_filter_reaches_hh_rus_query() {
        let options = SearchOptions {
            words: vec!["rust".into(), "разработчик".into()],
            areas: vec!["1".into(), "2".into()],
            salary: Some(200_000),
            only_with_salary: true,
            experience: Some(Experience::ThreeToSix),
            formats: vec![WorkFormat::Remote, WorkFormat::Hybrid],
            employment: vec![Employment::Full],
            period: Some(7),
            order: Some(Order::Date),
            limit: 20,
        };
        let query = options
            .to_search()
            .query(Endpoint::Vacancies, 0, 20)
            .unwrap();
        let has = |key: &str, value: &str| query.iter().any(|(k, v)| k == key && v == value);
        for (key, value) in [
            ("text", "rust разработчик"),
            ("area", "1"),
            ("area", "2"),
            ("salary", "200000"),
            ("only_with_salary", "true"),
            ("experience", "between3And6"),
            ("work_format", "REMOTE"),
            ("work_format", "HYBRID"),
            ("employment_form", "FULL"),
            ("period", "7"),
            ("order_by", "publication_time"),
        ] {
            assert!(has(key, value), "{key}={value}: {query:?}");
        }
    }

    #[test]
    fn salaries_read_as_russian_text() {
        let range = SalaryRange {
            from: Some(150_000.0),
            to: Some(200_000.0),
            currency: Some("RUR".into()),
            gross: Some(false),
            ..SalaryRange::default()
        };
        assert_eq!(
            salary_text(Some(&range)),
            "от 150\u{a0}000 до 200\u{a0}000 ₽ на руки"
        );
        assert_eq!(salary_text(None), "зарплата не указана");
    }
}
