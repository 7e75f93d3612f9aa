//! Why a vacancy got its score, in Russian: matched and missing skills, salary against the
//! wish, place, experience and the obstacles to applying; structured and as one short text
//! that fits a Telegram message.
//!
//! It reuses the scoring rules from `score` and never changes a score.

use super::features::{ExperienceLevel, Features, WorkFormats};
use super::filters::Exclusion;
use super::money::{amount_text, format_range};
use super::profile::Profile;
use super::score::{place, profile_level, seniority_factor, skill_match, Place, SkillMatch};

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
    /// Other sentences: exclusion reason, place, experience, level, applying.
    pub notes: Vec<String>,
}

impl Explanation {
    /// Explains a scored vacancy.
    pub(crate) fn build(
        profile: &Profile,
        features: &Features,
        excluded: Option<&Exclusion>,
    ) -> Explanation {
        let mut explanation = Explanation {
            skills_total: features.skills.len(),
            salary: salary_note(profile, features),
            ..Explanation::default()
        };
        explanation.add_skills(profile, features);
        let notes = &mut explanation.notes;
        notes.extend(excluded.map(Exclusion::reason));
        notes.extend(place_note(profile, features));
        notes.extend(experience_note(profile, features));
        let level = profile_level(profile);
        let vacancy_level = features.title_terms.seniority;
        if let (Some(own), Some(wanted)) = (level, vacancy_level) {
            if seniority_factor(level, vacancy_level) < 1.0 {
                notes.push(format!(
                    "Уровень вакансии — {}, ваш — {}.",
                    wanted.label(),
                    own.label()
                ));
            }
        }
        if features.response_letter_required {
            notes.push("Нужно сопроводительное письмо.".to_owned());
        }
        if features.kind.as_deref() == Some("direct") {
            notes.push("Отклик — на сайте работодателя.".to_owned());
        }
        explanation
    }

    fn add_skills(&mut self, profile: &Profile, features: &Features) {
        let mut ordered: Vec<_> = features.skills.iter().collect();
        ordered.sort_by_key(|wanted| !wanted.importance.is_must());
        for wanted in ordered {
            let must = wanted.importance.is_must();
            self.must_total += usize::from(must);
            let name = short_name(&wanted.skill.name);
            match skill_match(profile, &wanted.skill) {
                SkillMatch::Exact(_) => {
                    self.must_matched += usize::from(must);
                    self.matched.push(name);
                }
                SkillMatch::Related(_) => {
                    let name = match related_own(profile, wanted.skill.groups) {
                        Some(own) => format!("{name} (есть {own})"),
                        None => name,
                    };
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
        profile.customs_in(&features.terms, &features.signature, |position| {
            let Some(own) = profile.skills.get(position) else {
                return;
            };
            if !features.skills.iter().any(|s| s.skill.key == own.skill.key) {
                self.matched.push(short_name(&own.skill.name));
            }
        });
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

fn salary_note(profile: &Profile, features: &Features) -> SalaryNote {
    let Some(salary) = &features.salary else {
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
    let verdict = match (profile.salary_net_rur, super::score::upper_net_rur(salary)) {
        (None, _) => SalaryVerdict::NoWish,
        (Some(_), None) => SalaryVerdict::Unknown,
        (Some(wish), Some(upper)) => {
            let wish_text = amount_text(wish, "₽");
            if salary.from_net_rur.is_some_and(|from| from >= wish) {
                SalaryVerdict::Above(wish_text)
            } else if upper >= wish {
                SalaryVerdict::Within(wish_text)
            } else {
                SalaryVerdict::Below(wish_text)
            }
        }
    };
    SalaryNote::Offered { range, verdict }
}

fn place_note(profile: &Profile, features: &Features) -> Option<String> {
    let city = || {
        features
            .area_name
            .clone()
            .unwrap_or_else(|| "не указан".to_owned())
    };
    Some(match place(profile, features) {
        Place::Remote => "Удалённо.".to_owned(),
        Place::HybridForRemote => "Гибридный формат, а вы ищете удалённую работу.".to_owned(),
        Place::OfficeForRemote => "Работа в офисе, а вы ищете удалённую.".to_owned(),
        Place::UnknownForRemote => "Формат работы не указан, а вы ищете удалённую.".to_owned(),
        Place::OtherCityRelocating => format!("Другой город ({}), вы готовы к переезду.", city()),
        Place::OtherCity => format!("Другой город ({}), переезд не указан.", city()),
        Place::Fine if features.work_formats.contains(WorkFormats::HYBRID) => "Гибрид.".to_owned(),
        Place::Fine => return None,
    })
}

fn experience_note(profile: &Profile, features: &Features) -> Option<String> {
    let level = features.experience?;
    let yours = profile
        .experience_months
        .map(|months| format!(", у вас {}", experience_text(months)))
        .unwrap_or_default();
    Some(match level {
        ExperienceLevel::None => format!("Опыт не требуется{yours}."),
        ExperienceLevel::From1To3 => format!("Опыт: требуется 1–3 года{yours}."),
        ExperienceLevel::From3To6 => format!("Опыт: требуется 3–6 лет{yours}."),
        ExperienceLevel::MoreThan6 => format!("Опыт: требуется более 6 лет{yours}."),
    })
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

/// The candidate's strongest skill sharing a group in `groups`.
fn related_own(profile: &Profile, groups: u64) -> Option<String> {
    profile
        .skills
        .iter()
        .filter(|own| own.skill.groups & groups != 0)
        .max_by(|a, b| a.weight.total_cmp(&b.weight))
        .map(|own| short_name(&own.skill.name))
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
