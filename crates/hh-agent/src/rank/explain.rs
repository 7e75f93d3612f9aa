//! Why a vacancy got its score, in Russian: matched and missing skills, salary against the
//! wish, place, experience and the obstacles to applying; structured and as one short text
//! that fits a Telegram message.
//!
//! It only words the [`Evidence`] `score` decided on, plus the vacancy's plain facts (its
//! salary as stated, city, apply obstacles); it decides nothing and never changes a score.

use super::evidence::{
    Evidence, Experience, Level, Place, SalaryComparison, SkillMatch, SkillSource,
};
use super::features::Features;
use super::filters::Exclusion;
use super::kinds::ExperienceLevel;
use super::money::{amount_text, format_range, Salary};

/// The longest explanation text, in chars.
pub const MAX_TEXT_CHARS: usize = 600;
/// The most skill names listed per list.
const MAX_LISTED: usize = 8;
/// The longest skill name shown, in chars.
const MAX_NAME_CHARS: usize = 40;

/// The salary part of an explanation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SalaryNote {
    /// The vacancy states no salary.
    #[default]
    NotStated,
    /// The vacancy states a salary.
    Offered {
        /// The range as stated, e.g. `300–400 тыс. ₽`, with "до вычета налогов" if gross.
        range: String,
        /// How it compares with the wish.
        verdict: SalaryVerdict,
    },
}

/// A stated salary against the candidate's wish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SalaryVerdict {
    /// The candidate stated no wish.
    NoWish,
    /// The currency or pay mode cannot be compared.
    Unknown,
    /// Even the lower bound reaches the wish (the wish as text).
    Above(String),
    /// The range reaches the wish.
    Within(String),
    /// The range stays below the wish.
    Below(String),
}

/// Why a vacancy scored as it did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Explanation {
    /// Vacancy skills the candidate has, must-haves first.
    pub matched: Vec<String>,
    /// Optional vacancy skills the candidate has only a related skill for, e.g.
    /// `GitLab (есть Git)`.
    pub partial: Vec<String>,
    /// Must-have skills the candidate lacks, with a related skill they have if any, e.g.
    /// `Kubernetes (есть Docker)`.
    pub missing_must: Vec<String>,
    /// Must-haves the candidate has.
    pub must_matched: usize,
    /// All must-haves.
    pub must_total: usize,
    /// All skills the vacancy names.
    pub skills_total: usize,
    /// The salary part.
    pub salary: SalaryNote,
    /// Other sentences: exclusion reason, level, place, experience, applying.
    pub notes: Vec<String>,
}

impl Explanation {
    /// Words the evidence a vacancy was scored on.
    pub(crate) fn build(
        evidence: &Evidence,
        features: &Features,
        excluded: Option<&Exclusion>,
    ) -> Explanation {
        let mut explanation = Explanation {
            salary: salary_note(evidence.salary, features.salary.as_ref()),
            ..Explanation::default()
        };
        explanation.add_skills(evidence);
        let notes = &mut explanation.notes;
        notes.extend(excluded.map(Exclusion::reason));
        // Before place and experience: a level gap costs the most, so its reason must
        // survive when a long text loses sentences from the end.
        notes.extend(level_note(evidence.level));
        notes.extend(place_note(evidence.place, features));
        notes.extend(experience_note(evidence.experience));
        if features.response_letter_required {
            notes.push("Нужно сопроводительное письмо.".to_owned());
        }
        if features.kind.as_deref() == Some("direct") {
            notes.push("Отклик — на сайте работодателя.".to_owned());
        }
        explanation
    }

    fn add_skills(&mut self, evidence: &Evidence) {
        let mut ordered: Vec<_> = evidence.skills.iter().collect();
        ordered.sort_by_key(|skill| !skill.source.is_must());
        for skill in ordered {
            let must = skill.source.is_must();
            self.must_total += usize::from(must);
            self.skills_total += usize::from(skill.source != SkillSource::CandidateText);
            let name = short_name(&skill.name);
            match &skill.found {
                SkillMatch::Exact(_) => {
                    self.must_matched += usize::from(must);
                    self.matched.push(name);
                }
                SkillMatch::Related { own, .. } => {
                    let name = format!("{name} (есть {})", short_name(own));
                    if must {
                        self.missing_must.push(name);
                    } else {
                        self.partial.push(name);
                    }
                }
                SkillMatch::Missing if must => self.missing_must.push(name),
                SkillMatch::Missing => {}
            }
        }
    }

    /// The explanation as one Russian text of at most [`MAX_TEXT_CHARS`] chars.
    pub fn to_text(&self) -> String {
        let mut sentences = Vec::new();
        if !self.matched.is_empty() {
            let mut sentence = format!("Совпадают навыки: {}", list(&self.matched));
            if self.must_total > 0 {
                sentence += &format!(
                    " (из них обязательных {} из {})",
                    self.must_matched, self.must_total
                );
            }
            sentences.push(sentence + ".");
        } else if self.skills_total > 0 {
            sentences.push("Навыки не совпадают.".to_owned());
        } else {
            sentences.push("Навыки в вакансии не указаны.".to_owned());
        }
        if !self.partial.is_empty() {
            sentences.push(format!("Частично: {}.", list(&self.partial)));
        }
        if !self.missing_must.is_empty() {
            sentences.push(format!("Не хватает: {}.", list(&self.missing_must)));
        }
        sentences.push(self.salary.to_text());
        sentences.extend(self.notes.iter().cloned());
        join_within(&sentences, MAX_TEXT_CHARS)
    }
}

impl SalaryNote {
    /// The salary sentence.
    pub fn to_text(&self) -> String {
        match self {
            SalaryNote::NotStated => "Зарплата не указана.".to_owned(),
            SalaryNote::Offered { range, verdict } => match verdict {
                SalaryVerdict::NoWish | SalaryVerdict::Unknown => format!("Зарплата: {range}."),
                SalaryVerdict::Above(wish) => {
                    format!("Зарплата: {range} — выше ваших ожиданий ({wish}).")
                }
                SalaryVerdict::Within(wish) => {
                    format!("Зарплата: {range} — в пределах ваших ожиданий ({wish}).")
                }
                SalaryVerdict::Below(wish) => {
                    format!("Зарплата: {range} — ниже ваших ожиданий ({wish}).")
                }
            },
        }
    }
}

fn salary_note(comparison: SalaryComparison, salary: Option<&Salary>) -> SalaryNote {
    let Some(salary) = salary else {
        return SalaryNote::NotStated;
    };
    let mut range = salary.describe();
    if salary.gross {
        range += " до вычета налогов";
    }
    let foreign = !matches!(salary.currency.as_str(), "RUR" | "RUB");
    if foreign && (salary.from_net_rur.is_some() || salary.to_net_rur.is_some()) {
        let roubles = format_range(salary.from_net_rur, salary.to_net_rur, "RUR");
        range += &format!(" (≈ {roubles} на руки)");
    }
    let wish_text = |wish: f64| amount_text(wish, "₽");
    let verdict = match comparison {
        SalaryComparison::NotStated | SalaryComparison::NoWish => SalaryVerdict::NoWish,
        SalaryComparison::Unknown => SalaryVerdict::Unknown,
        SalaryComparison::Above { wish } => SalaryVerdict::Above(wish_text(wish)),
        SalaryComparison::Within { wish } => SalaryVerdict::Within(wish_text(wish)),
        SalaryComparison::Below { wish, .. } => SalaryVerdict::Below(wish_text(wish)),
    };
    SalaryNote::Offered { range, verdict }
}

fn place_note(place: Place, features: &Features) -> Option<String> {
    let city = || {
        features
            .area_name
            .clone()
            .unwrap_or_else(|| "не указан".to_owned())
    };
    Some(match place {
        Place::Remote => "Удалённо.".to_owned(),
        Place::HybridForRemote => "Гибридный формат, а вы ищете удалённую работу.".to_owned(),
        Place::OfficeForRemote => "Работа в офисе, а вы ищете удалённую.".to_owned(),
        Place::UnknownForRemote => "Формат работы не указан, а вы ищете удалённую.".to_owned(),
        Place::OtherCityRelocating => format!("Другой город ({}), вы готовы к переезду.", city()),
        Place::OtherCity => format!("Другой город ({}), переезд не указан.", city()),
        Place::Hybrid => "Гибрид.".to_owned(),
        Place::Fine => return None,
    })
}

fn experience_note(experience: Experience) -> Option<String> {
    let level = experience.wanted?;
    let yours = experience
        .months
        .map(|months| format!(", у вас {}", experience_text(months)))
        .unwrap_or_default();
    Some(match level {
        ExperienceLevel::None => format!("Опыт не требуется{yours}."),
        ExperienceLevel::From1To3 => format!("Опыт: требуется 1–3 года{yours}."),
        ExperienceLevel::From3To6 => format!("Опыт: требуется 3–6 лет{yours}."),
        ExperienceLevel::MoreThan6 => format!("Опыт: требуется более 6 лет{yours}."),
    })
}

/// The vacancy's level against the candidate's, when they differ: `Уровень вакансии —
/// Junior, ваш — Senior: на 2 ступени ниже.`
fn level_note(level: Level) -> Option<String> {
    let (own, wanted, steps) = (level.candidate?, level.vacancy?, level.steps()?);
    let direction = if steps > 0 { "выше" } else { "ниже" };
    let distance = match steps.unsigned_abs() {
        0 => return None,
        1 => "на ступень".to_owned(),
        n @ 2..=4 => format!("на {n} ступени"),
        n => format!("на {n} ступеней"),
    };
    Some(format!(
        "Уровень вакансии — {}, ваш — {}: {distance} {direction}.",
        wanted.label(),
        own.label()
    ))
}

/// Months of experience in Russian: `меньше года`, `1 год`, `3 года`, `6 лет`.
pub(crate) fn experience_text(months: u32) -> String {
    if months < 12 {
        return "меньше года".to_owned();
    }
    let years = months / 12;
    let word = match (years % 100, years % 10) {
        (11..=14, _) => "лет",
        (_, 1) => "год",
        (_, 2..=4) => "года",
        _ => "лет",
    };
    format!("{years} {word}")
}

fn short_name(name: &str) -> String {
    if name.chars().count() <= MAX_NAME_CHARS {
        return name.to_owned();
    }
    let cut: String = name.chars().take(MAX_NAME_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

fn list(names: &[String]) -> String {
    let shown = names.len().min(MAX_LISTED);
    let mut text = names[..shown].join(", ");
    if names.len() > shown {
        text += &format!(" и ещё {}", names.len() - shown);
    }
    text
}

/// Joins sentences with spaces, dropping whole sentences from the end to stay within
/// `max` chars (the first one is cut if it alone is too long).
fn join_within(sentences: &[String], max: usize) -> String {
    let mut text = String::new();
    let mut chars = 0;
    for sentence in sentences {
        let length = sentence.chars().count() + usize::from(!text.is_empty());
        if chars + length > max {
            if text.is_empty() {
                text = sentence
                    .chars()
                    .take(max.saturating_sub(1))
                    .collect::<String>()
                    + "…";
            }
            continue;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text += sentence;
        chars += length;
    }
    text
}
