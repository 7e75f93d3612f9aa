//! Job titles as weighted terms: role words folded onto one canonical term across Russian
//! and English (`разработчик` = `developer`), skills onto their dictionary key, seniority
//! words (`Senior`, `Ведущий`, `Junior`, `стажёр`) pulled out as a level.
//!
//! Generic role words weigh less than specific ones, so `Python-разработчик` vs
//! `1С-разработчик` is a poor match. Comparing two titles is `assess`'s job, weighing the
//! match and the levels `score`'s.

use std::sync::LazyLock;

use super::hash::{hash_bytes, TermMap};
use super::skills::{sequence_hash, term_hashes, DICTIONARY};
use super::text::for_each_term;

/// A career level read from a title or from years of experience.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Seniority {
    /// Intern, trainee, стажёр.
    Intern,
    /// Junior, младший.
    Junior,
    /// Middle.
    Middle,
    /// Senior, старший, ведущий, architect.
    Senior,
    /// Lead, head, руководитель.
    Lead,
}

impl Seniority {
    /// The level that `months` of experience usually mean.
    pub fn from_months(months: u32) -> Seniority {
        match months {
            0..=23 => Seniority::Junior,
            24..=59 => Seniority::Middle,
            _ => Seniority::Senior,
        }
    }

    /// The level's usual name.
    pub fn label(self) -> &'static str {
        match self {
            Seniority::Intern => "стажёр",
            Seniority::Junior => "Junior",
            Seniority::Middle => "Middle",
            Seniority::Senior => "Senior",
            Seniority::Lead => "Lead",
        }
    }
}

/// A title's terms with weights, and the level it names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TitleTerms {
    terms: Vec<(u64, f32)>,
    /// The level the title names, if any.
    pub seniority: Option<Seniority>,
    /// Whether a role word or a known skill was seen (the line looks like a job title).
    pub(crate) names_a_job: bool,
}

/// Role words: canonical tag, spellings, weight.
#[rustfmt::skip]
const ROLES: &[(&str, &[&str], f32)] = &[
    ("developer", &["разработчик", "программист", "developer", "programmer", "dev", "разработка", "software", "coder"], 0.5),
    ("engineer", &["инженер", "engineer", "engineering"], 0.5),
    ("qa", &["тестировщик", "tester", "qa", "aqa", "sdet", "тестирование", "тестированию", "testing"], 1.0),
    ("analyst", &["аналитик", "analyst", "analytics"], 0.8),
    ("designer", &["дизайнер", "designer", "design", "дизайн"], 0.8),
    ("manager", &["менеджер", "manager", "management"], 0.5),
    ("accountant", &["бухгалтер", "accountant"], 1.0),
    ("frontend", &["frontend", "front", "фронтенд", "фронт", "фронтэнд"], 1.0),
    ("backend", &["backend", "back", "бэкенд", "бекенд", "бэк", "бек", "бэкэнд"], 1.0),
    ("fullstack", &["fullstack", "full", "фулстек", "фуллстек", "фулстэк"], 1.0),
    ("devops", &["devops", "девопс", "sre"], 1.0),
    ("mobile", &["mobile", "мобильный", "мобильных", "мобильного"], 0.8),
    ("admin", &["администратор", "administrator", "admin", "сисадмин", "sysadmin"], 0.8),
    ("scientist", &["scientist", "сайентист", "саентист"], 1.0),
    ("product", &["продакт", "product", "продуктовый"], 0.8),
    ("project", &["проектов", "project", "проекта", "проектный"], 0.8),
    ("sales", &["продаж", "продажам", "продажи", "sales"], 1.0),
    ("support", &["поддержки", "support", "саппорт"], 0.8),
    ("architect", &["архитектор", "architect"], 1.0),
    ("recruiter", &["рекрутер", "recruiter", "hr", "рекрутёр"], 1.0),
    ("marketer", &["маркетолог", "marketer", "marketing", "маркетинг"], 1.0),
    ("lawyer", &["юрист", "lawyer", "юрисконсульт"], 1.0),
    ("operator", &["оператор", "operator"], 0.8),
    ("assistant", &["ассистент", "assistant", "секретарь", "secretary"], 0.8),
    ("specialist", &["специалист", "specialist", "эксперт", "expert"], 0.3),
    ("economist", &["экономист", "economist", "финансист", "financial"], 1.0),
    ("teacher", &["преподаватель", "учитель", "teacher", "наставник", "tutor"], 1.0),
    ("driver", &["водитель", "driver", "курьер", "courier"], 1.0),
];

/// Seniority words.
#[rustfmt::skip]
const LEVELS: &[(Seniority, &[&str])] = &[
    (Seniority::Intern, &["стажер", "intern", "internship", "trainee", "стажировка", "практикант"]),
    (Seniority::Junior, &["junior", "джуниор", "джун", "младший", "начинающий", "jr", "ученик"]),
    (Seniority::Middle, &["middle", "мидл"]),
    (Seniority::Senior, &["senior", "сеньор", "синьор", "старший", "ведущий", "sr", "principal", "главный"]),
    (Seniority::Lead, &["lead", "лид", "тимлид", "teamlead", "techlead", "техлид", "руководитель", "head", "начальник", "директор", "director", "cto", "заведующий"]),
];

/// Words that carry nothing in a title.
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    "и", "в", "на", "по", "с", "со", "для", "из", "к", "от", "of", "the", "and", "in", "at",
    "for", "to", "with", "or", "или", "end", "stack", "remote", "удаленно", "удаленная",
    "удаленный", "работа", "вакансия", "г", "офис", "гибрид", "отдела", "отдел", "группы",
];

enum Word {
    Role(u64, f32),
    Level(Seniority),
    Stop,
}

static WORDS: LazyLock<TermMap<Word>> = LazyLock::new(|| {
    let mut words = TermMap::default();
    for stop in STOP_WORDS {
        for hash in term_hashes(stop) {
            words.insert(hash, Word::Stop);
        }
    }
    for (level, spellings) in LEVELS {
        for hash in spellings.iter().flat_map(|word| term_hashes(word)) {
            words.insert(hash, Word::Level(*level));
        }
    }
    for (tag, spellings, weight) in ROLES {
        let canonical = hash_bytes(tag.as_bytes()) ^ 0x7e1e;
        for hash in spellings.iter().flat_map(|word| term_hashes(word)) {
            words.entry(hash).or_insert(Word::Role(canonical, *weight));
        }
    }
    words
});

impl TitleTerms {
    /// Reads a title.
    pub fn parse(title: &str) -> TitleTerms {
        let mut parsed = TitleTerms::default();
        let words = &*WORDS;
        for_each_term(title, |term| {
            let (hash, weight) = match words.get(&term.hash) {
                Some(Word::Stop) => return,
                Some(Word::Level(level)) => {
                    parsed.seniority = parsed.seniority.max(Some(*level));
                    parsed.names_a_job = true;
                    return;
                }
                Some(Word::Role(canonical, weight)) => {
                    parsed.names_a_job = true;
                    (*canonical, *weight)
                }
                None => match DICTIONARY.phrases.get(&sequence_hash(&[term.hash])) {
                    Some(phrase) => {
                        parsed.names_a_job = true;
                        (DICTIONARY.skill(phrase.skill).key.0, 1.0)
                    }
                    None => (term.hash, 1.0),
                },
            };
            if !parsed.terms.iter().any(|(known, _)| *known == hash) {
                parsed.terms.push((hash, weight));
            }
        });
        parsed
    }

    /// Whether the title has no meaningful word.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// How well `other` matches this title, 0..=1: 0.7 × the share of this title's weight
    /// found in `other` + 0.3 × the share of `other`'s weight found here.
    pub fn overlap(&self, other: &TitleTerms) -> f32 {
        let share = |of: &TitleTerms, within: &TitleTerms| {
            let total: f32 = of.terms.iter().map(|(_, weight)| weight).sum();
            let found: f32 = of
                .terms
                .iter()
                .filter(|(hash, _)| within.terms.iter().any(|(known, _)| known == hash))
                .map(|(_, weight)| weight)
                .sum();
            if total > 0.0 {
                (found / total).max(0.0)
            } else {
                0.0
            }
        };
        (0.7 * share(self, other) + 0.3 * share(other, self)).max(0.0)
    }
}
