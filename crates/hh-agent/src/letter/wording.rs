//! The words the template path fills in: the built-in templates, Russian plurals,
//! the strengths sentence and the clean-up of values taken from hh.ru and resumes.
//! It owns no template syntax (that is [`super::template`]).

use super::input::{Input, Language, Strength};

/// The built-in Russian template: greeting, position and company, strengths,
/// one sentence of motivation, a polite close and the signature.
pub const DEFAULT_TEMPLATE_RU: &str = "\
Здравствуйте!

Откликаюсь на вакансию «{position}»[[ в компании «{company}»]].[[ У меня {experience}.]]\
[[ Навыки, которые пригодятся в этой роли: {strengths}.]]

Задачи этой вакансии совпадают с тем, что у меня получается лучше всего, и мне интересно \
применить этот опыт в вашей команде.

Спасибо, что рассмотрели мой отклик, — с удовольствием расскажу подробнее на собеседовании.

С уважением,[[
{name}]][[
{contacts}]]
";

/// The built-in English template, the same letter for vacancies written in English.
pub const DEFAULT_TEMPLATE_EN: &str = "\
Hello,

I am applying for the {position} position[[ at {company}]].[[ I have {experience}.]]\
[[ The skills I would bring to this role: {strengths}.]]

The tasks of this role match what I do best, and I would like to apply this experience \
in your team.

Thank you for considering my application; I would be glad to tell you more in an interview.

Best regards,[[
{name}]][[
{contacts}]]
";

/// How many strengths a letter cites at most.
pub const MAX_STRENGTHS: usize = 3;

/// The longest value of each kind put into a letter, in characters; longer ones are cut.
const MAX_SHORT_VALUE: usize = 120;
const MAX_POSITION: usize = 200;
const MAX_CONTACTS: usize = 300;

/// `6 лет опыта` / `6 years of experience`, with the Russian plural forms.
pub fn experience(years: u32, language: Language) -> String {
    match language {
        Language::Russian => format!("{years} {} опыта", russian_years(years)),
        Language::English if years == 1 => "1 year of experience".to_owned(),
        Language::English => format!("{years} years of experience"),
    }
}

/// The Russian word for "years" after `n`: год, года or лет.
pub fn russian_years(n: u32) -> &'static str {
    russian_plural(n, ["год", "года", "лет"])
}

/// The Russian form of a noun after `n`: `forms` are for 1, 2–4 and 5+ (21 год, 22 года,
/// 11 лет).
pub fn russian_plural(n: u32, forms: [&'static str; 3]) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=14) => forms[2],
        (1, _) => forms[0],
        (2..=4, _) => forms[1],
        _ => forms[2],
    }
}

/// The first `count` distinct, non-blank strengths as one phrase: `Rust — в ООО «Ромашка»
/// (2021–2024); PostgreSQL — в проекте X`, or `Rust, PostgreSQL и Kafka` when none says where.
pub fn strengths(list: &[Strength], count: usize, language: Language) -> Option<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut items: Vec<(String, Option<String>)> = Vec::new();
    for strength in list {
        let skill = clean(&strength.skill, MAX_SHORT_VALUE);
        if skill.is_empty() || seen.contains(&skill.to_lowercase()) {
            continue;
        }
        if items.len() == count.min(MAX_STRENGTHS) {
            break;
        }
        seen.push(skill.to_lowercase());
        let used_at = strength
            .used_at
            .as_deref()
            .map(|place| clean(place, MAX_SHORT_VALUE))
            .filter(|place| !place.is_empty());
        items.push((skill, used_at));
    }
    if items.is_empty() {
        return None;
    }
    let and = match language {
        Language::Russian => "и",
        Language::English => "and",
    };
    let join = |skills: Vec<String>| -> String {
        match skills.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} {and} {last}", rest.join(", ")),
            None => String::new(),
        }
    };
    if items.iter().any(|(_, used_at)| used_at.is_some()) {
        // Skills used at the same place share it: `Rust и Go — в компании «X» (2021–2024)`.
        let mut groups: Vec<(Option<String>, Vec<String>)> = Vec::new();
        for (skill, used_at) in items {
            match groups.iter_mut().find(|(place, _)| *place == used_at) {
                Some((_, skills)) => skills.push(skill),
                None => groups.push((used_at, vec![skill])),
            }
        }
        let phrases: Vec<String> = groups
            .into_iter()
            .map(|(used_at, skills)| match used_at {
                Some(place) => format!("{} — {place}", join(skills)),
                None => join(skills),
            })
            .collect();
        return Some(phrases.join("; "));
    }
    Some(join(items.into_iter().map(|(skill, _)| skill).collect()))
}

/// The value of each placeholder for `input`, citing `strength_count` strengths;
/// `None` where the input has nothing to say.
pub fn values(input: &Input, strength_count: usize) -> Values {
    let optional = |value: &Option<String>, max: usize| {
        value
            .as_deref()
            .map(|text| clean(text, max))
            .filter(|text| !text.is_empty())
    };
    let position = Some(clean(&input.position, MAX_POSITION)).filter(|text| !text.is_empty());
    Values {
        position,
        company: optional(&input.company, MAX_SHORT_VALUE),
        name: optional(&input.candidate_name, MAX_SHORT_VALUE),
        strengths: strengths(&input.strengths, strength_count, input.language),
        experience: input
            .experience_years
            .filter(|years| *years > 0)
            .map(|years| experience(years, input.language)),
        contacts: optional(&input.contacts, MAX_CONTACTS),
    }
}

/// The placeholder values of one letter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    /// `{position}`.
    pub position: Option<String>,
    /// `{company}`.
    pub company: Option<String>,
    /// `{name}`.
    pub name: Option<String>,
    /// `{strengths}`.
    pub strengths: Option<String>,
    /// `{experience}`.
    pub experience: Option<String>,
    /// `{contacts}`.
    pub contacts: Option<String>,
}

/// One line of plain text at most `max` characters long: whitespace collapsed, template
/// and markup brackets turned into parentheses, so no value can look like a placeholder.
pub fn clean(value: &str, max: usize) -> String {
    let mapped: String = value
        .chars()
        .map(|c| match c {
            '{' | '[' | '<' => '(',
            '}' | ']' | '>' => ')',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let words: Vec<&str> = mapped.split_whitespace().collect();
    let joined = words.join(" ");
    if joined.chars().count() <= max {
        return joined;
    }
    let cut: String = joined.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}
