//! hh.ru's own resume layout, as its PDF, DOCX, RTF and TXT downloads (and a copy of the
//! resume page) give it: a header («Проживает: Москва», relocation), then sections under
//! fixed headings («Желаемая должность и зарплата», «Опыт работы — 6 лет», «Навыки»,
//! «Дополнительная информация» with «Обо мне»). [`parse_layout`] reads such text back into
//! hh.ru's resume shape, so a file ranks like the JSON it came from; any other text is
//! left to the free-text reading (`rank::Profile::from_text`), which also fills whatever
//! the layout did not state.

use crate::hh::types::{Area, Months, Resume, ResumeSalary};
use crate::rank::profile::LISTED_SKILL;
use crate::rank::text::fold;
use crate::rank::{Profile, Rates};

use super::layout_fields::{
    format_ids, read_about, read_header, read_skills, read_wish, relocation,
};
use super::layout_jobs::{jobs, total_months};

/// The sections of hh.ru's layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Header,
    Wish,
    Experience,
    Education,
    Skills,
    Driving,
    Extra,
    Other,
}

/// Headings, folded, and the section each opens.
#[rustfmt::skip]
const HEADINGS: &[(&str, Section)] = &[
    ("желаемая должность и зарплата", Section::Wish),
    ("желаемая должность", Section::Wish),
    ("опыт работы", Section::Experience),
    ("образование", Section::Education),
    ("повышение квалификации, курсы", Section::Education),
    ("тесты, экзамены", Section::Education),
    ("электронные сертификаты", Section::Education),
    ("ключевые навыки", Section::Skills),
    ("навыки", Section::Skills),
    ("опыт вождения", Section::Driving),
    ("дополнительная информация", Section::Extra),
    ("рекомендации", Section::Other),
    ("портфолио", Section::Other),
];

/// Sections that only hh.ru's layout has; two of them make a text hh.ru's layout.
const DISTINCT: &[Section] = &[
    Section::Wish,
    Section::Experience,
    Section::Skills,
    Section::Extra,
    Section::Education,
];

/// A line and its folded form.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub text: String,
    pub folded: String,
}

impl Line {
    fn new(text: &str) -> Line {
        Line {
            text: text.trim().to_owned(),
            folded: fold(text.trim()),
        }
    }
}

/// The end of `text` that `folded_rest` is the folded form of (folding keeps the length
/// of the letters hh.ru's headings and labels use).
pub(crate) fn tail<'a>(text: &'a str, folded_rest: &str) -> Option<&'a str> {
    text.get(text.len().checked_sub(folded_rest.len())?..)
}

/// The section a line opens, and what follows the heading on the line.
pub(crate) fn heading(line: &Line) -> Option<(Section, &str)> {
    HEADINGS.iter().find_map(|(heading, section)| {
        let rest = line.folded.strip_prefix(heading)?;
        let rest_text = tail(&line.text, rest)?.trim();
        let clean = rest.trim_start_matches([' ', '—', '–', '-', ':', '\t']);
        let fits = rest.is_empty()
            // «Опыт работы — 6 лет 2 месяца»: the total may follow the heading.
            || (*section == Section::Experience && rest.trim_start().starts_with(['—', '–', '-']))
            || (*section == Section::Skills && rest.starts_with('\t'))
            || (rest.starts_with(':') && clean.is_empty());
        fits.then_some((*section, rest_text))
    })
}

/// Splits a line at its first tab when the part before it is a heading or a label
/// (two columns of a PDF that share a baseline: «Обо мне⇥Люблю…»).
fn split_columns(text: &str) -> Vec<&str> {
    let Some((left, right)) = text.split_once('\t') else {
        return vec![text];
    };
    let folded = fold(left.trim());
    let is_label = HEADINGS.iter().any(|(heading, _)| folded == *heading)
        || LABELS.contains(&folded.as_str())
        || super::layout_jobs::is_date_range(&folded);
    if is_label {
        vec![left, right]
    } else {
        vec![text]
    }
}

/// Labels inside sections that head the lines after them.
const LABELS: &[&str] = &["обо мне", "знание языков", "навыки", "о себе"];

/// The lines of `text` grouped by section, in order.
pub(crate) fn sections(text: &str) -> Vec<(Section, Vec<Line>)> {
    let mut out: Vec<(Section, Vec<Line>)> = vec![(Section::Header, Vec::new())];
    for raw in text.lines().flat_map(split_columns) {
        let line = Line::new(raw);
        // hh.ru repeats «Имя • Резюме обновлено …» at the foot of every PDF page.
        if line.text.is_empty() || line.folded.contains("резюме обновлено") {
            continue;
        }
        if let Some((section, _)) = heading(&line) {
            out.push((section, vec![line]));
            continue;
        }
        if let Some((_, lines)) = out.last_mut() {
            lines.push(line);
        }
    }
    out
}

/// Reads text in hh.ru's resume layout back into hh.ru's resume shape; `None` when the
/// text does not have at least two of its sections.
pub fn parse_layout(text: &str) -> Option<Resume> {
    let sections = sections(text);
    let distinct = DISTINCT
        .iter()
        .filter(|wanted| sections.iter().any(|(section, _)| section == *wanted))
        .count();
    if distinct < 2 {
        return None;
    }
    let mut resume = Resume::default();
    for (section, lines) in &sections {
        match section {
            Section::Header => read_header(lines, &mut resume),
            Section::Wish => read_wish(lines, &mut resume),
            Section::Experience => {
                resume.experience.extend(jobs(lines));
                if resume.total_experience.is_none() {
                    resume.total_experience = total_months(lines).map(|months| Months { months });
                }
            }
            Section::Skills => read_skills(lines, &mut resume.skill_set),
            Section::Extra => read_about(lines, &mut resume),
            Section::Education | Section::Driving | Section::Other => {}
        }
    }
    Some(resume)
}

/// The person's name as letters are signed («Андрей Петров»), when the text is in hh.ru's
/// layout and opens with the name as hh.ru's downloads do («Петров Андрей Сергеевич»).
pub fn name_from_text(text: &str) -> Option<String> {
    let resume = parse_layout(text)?;
    let name = format!(
        "{} {}",
        resume.first_name.as_deref()?,
        resume.last_name.as_deref()?
    );
    Some(name)
}

/// The ranking profile of resume text: hh.ru's layout read as its resume (whatever it
/// leaves out filled from the free-text reading), else the free-text reading.
pub fn profile_from_text(text: &str, rates: &Rates) -> Profile {
    let free = Profile::from_text(text, rates);
    let Some(mut resume) = parse_layout(text) else {
        return free;
    };
    fill_from(&free, &mut resume);
    Profile::from_resume(&resume, rates)
}

/// Fills what the layout did not state from the free-text profile.
fn fill_from(free: &Profile, resume: &mut Resume) {
    if resume.title.as_deref().is_none_or(str::is_empty) && !free.title.is_empty() {
        resume.title = Some(free.title.clone());
    }
    if resume.skill_set.is_empty() {
        resume.skill_set = free
            .skills
            .iter()
            .filter(|owned| owned.weight >= LISTED_SKILL)
            .map(|owned| owned.skill.name.to_string())
            .collect();
    }
    if resume.total_experience.is_none() {
        resume.total_experience = free.experience_months.map(|months| Months { months });
    }
    if resume.salary.is_none() {
        resume.salary = free.salary.as_ref().map(|money| ResumeSalary {
            amount: Some(money.amount),
            currency: Some(money.currency.clone()),
        });
    }
    if resume.area.is_none() {
        if let (Some(id), Some(name)) = (&free.area_id, &free.area_name) {
            resume.area = Some(Area {
                id: id.clone(),
                name: name.clone(),
            });
        }
    }
    if resume.work_format.is_empty() {
        resume.work_format = format_ids(free.work_formats);
    }
    if resume.relocation.is_none() && free.relocation {
        resume.relocation = Some(relocation("relocation_possible", &[]));
    }
}
