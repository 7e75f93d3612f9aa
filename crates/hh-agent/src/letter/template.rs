//! User-editable letter templates: `{placeholder}`s and `[[ optional ]]` blocks, parsed
//! with positioned errors and rendered so no marker ever reaches the letter. The words
//! filled in come from [`super::wording`]; the checks from [`super::check`].

use std::fmt;

use super::check::{check, Rejection};
use super::input::Input;
use super::wording::{self, Values};
use super::{Letter, Source, MAX_STRENGTHS};

/// The longest template text accepted, in characters.
pub const MAX_TEMPLATE_CHARS: usize = 20_000;

/// A parsed template, ready to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

/// A placeholder a template may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `{position}`: the vacancy title.
    Position,
    /// `{company}`: the employer (missing for anonymous vacancies).
    Company,
    /// `{name}`: the candidate's name.
    Name,
    /// `{strengths}`: the two or three strongest matched skills and where they were used.
    Strengths,
    /// `{experience}`: `6 лет опыта` / `6 years of experience`.
    Experience,
    /// `{contacts}`: how to reach the candidate.
    Contacts,
}

/// A 1-based line and column (in characters) in a template text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column in characters, from 1.
    pub column: usize,
}

/// Why a template text was refused, with where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// A `{name}` that is not one of [`Field::ALL`].
    #[error("{at}: неизвестная подстановка {{{name}}}; допустимы {{position}}, {{company}}, {{name}}, {{strengths}}, {{experience}}, {{contacts}}")]
    UnknownPlaceholder { name: String, at: Position },
    /// A `{` without its `}` on the same line.
    #[error("{at}: не закрыта {{ — подстановка пишется как {{name}} в одной строке")]
    UnclosedBrace { at: Position },
    /// A `}` that closes nothing.
    #[error("{at}: лишняя }} без открывающей {{")]
    UnexpectedBrace { at: Position },
    /// A `[[` without its `]]`.
    #[error("{at}: не закрыт [[ — необязательный блок заканчивается на ]]")]
    UnclosedBlock { at: Position },
    /// A `]]` that closes nothing.
    #[error("{at}: лишний ]] без открывающего [[")]
    UnexpectedBlockEnd { at: Position },
    /// A `[[` inside another optional block.
    #[error("{at}: необязательные блоки нельзя вкладывать друг в друга")]
    NestedBlock { at: Position },
    /// A single `[` or `]`, which would read like a placeholder in the letter.
    #[error("{at}: одиночная {bracket} не допускается — необязательный блок пишется как [[ … ]]")]
    StrayBracket { bracket: char, at: Position },
    /// No text at all, or more than [`MAX_TEMPLATE_CHARS`].
    #[error("в шаблоне должно быть от 1 до {MAX_TEMPLATE_CHARS} знаков, а в этом {chars}")]
    Size { chars: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Field(Field),
    Optional(Vec<Part>),
}

impl Field {
    /// Every placeholder, in the order the docs list them.
    pub const ALL: [Field; 6] = [
        Field::Position,
        Field::Company,
        Field::Name,
        Field::Strengths,
        Field::Experience,
        Field::Contacts,
    ];

    /// The name between the braces.
    pub fn name(self) -> &'static str {
        match self {
            Field::Position => "position",
            Field::Company => "company",
            Field::Name => "name",
            Field::Strengths => "strengths",
            Field::Experience => "experience",
            Field::Contacts => "contacts",
        }
    }

    fn value(self, values: &Values) -> Option<&str> {
        match self {
            Field::Position => values.position.as_deref(),
            Field::Company => values.company.as_deref(),
            Field::Name => values.name.as_deref(),
            Field::Strengths => values.strengths.as_deref(),
            Field::Experience => values.experience.as_deref(),
            Field::Contacts => values.contacts.as_deref(),
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "строка {}, столбец {}", self.line, self.column)
    }
}

impl Template {
    /// Parses a template; unknown placeholders and unbalanced `{}` or `[[ ]]` are refused
    /// with their position.
    pub fn parse(text: &str) -> Result<Template, TemplateError> {
        let chars = text.chars().count();
        if text.trim().is_empty() || chars > MAX_TEMPLATE_CHARS {
            return Err(TemplateError::Size { chars });
        }
        Parser::new(text).parse()
    }

    /// The built-in template for `language`.
    pub fn default_for(language: super::Language) -> Template {
        let text = match language {
            super::Language::Russian => wording::DEFAULT_TEMPLATE_RU,
            super::Language::English => wording::DEFAULT_TEMPLATE_EN,
        };
        Template::parse(text).unwrap_or(Template {
            parts: vec![Part::Text(text.to_owned())],
        })
    }

    /// The letter for `input`, citing up to three strengths. Optional blocks with a
    /// missing value are dropped; a missing value outside a block renders as nothing.
    pub fn render(&self, input: &Input) -> Letter {
        self.render_citing(input, MAX_STRENGTHS)
    }

    /// The letter for `input` that passes [`check`] with `max_chars`, citing fewer
    /// strengths when the full letter is too long.
    pub fn render_within(&self, input: &Input, max_chars: usize) -> Result<Letter, Rejection> {
        let mut last = Rejection::Empty;
        for count in (0..=MAX_STRENGTHS).rev() {
            let letter = self.render_citing(input, count);
            match check(&letter.text, input, max_chars) {
                Ok(()) => return Ok(letter),
                Err(rejection @ Rejection::TooLong { .. }) => last = rejection,
                Err(rejection) => return Err(rejection),
            }
        }
        Err(last)
    }

    fn render_citing(&self, input: &Input, strength_count: usize) -> Letter {
        let values = wording::values(input, strength_count);
        let mut out = String::new();
        render_parts(&self.parts, &values, &mut out);
        Letter {
            text: normalize(&out),
            source: Source::Template,
        }
    }
}

fn render_parts(parts: &[Part], values: &Values, out: &mut String) {
    for part in parts {
        match part {
            Part::Text(text) => out.push_str(text),
            Part::Field(field) => out.push_str(field.value(values).unwrap_or("")),
            Part::Optional(inner) => {
                let complete = inner.iter().all(|part| match part {
                    Part::Field(field) => field.value(values).is_some(),
                    _ => true,
                });
                if complete {
                    render_parts(inner, values, out);
                }
            }
        }
    }
}

/// Tidies the whitespace a dropped block leaves: runs of spaces, spaces before
/// punctuation, trailing spaces, more than one blank line.
fn normalize(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        let mut cleaned = String::new();
        for word in line.split_whitespace() {
            let glued = word.starts_with(['.', ',', ';', ':', '!', '?']) && !cleaned.is_empty();
            if !cleaned.is_empty() && !glued {
                cleaned.push(' ');
            }
            cleaned.push_str(word);
        }
        let blank = cleaned.is_empty();
        if !(blank && lines.last().is_some_and(|last| last.is_empty())) {
            lines.push(cleaned);
        }
    }
    lines.join("\n").trim().to_owned()
}

struct Parser<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    at: Position,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Parser<'a> {
        Parser {
            chars: text.chars().peekable(),
            at: Position { line: 1, column: 1 },
        }
    }

    fn next(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.at = Position {
                line: self.at.line + 1,
                column: 1,
            };
        } else {
            self.at.column += 1;
        }
        Some(c)
    }

    fn parse(mut self) -> Result<Template, TemplateError> {
        let mut top: Vec<Part> = Vec::new();
        let mut block: Option<(Position, Vec<Part>)> = None;
        let mut text = String::new();
        while let Some(&c) = self.chars.peek() {
            let at = self.at;
            let parts = match &mut block {
                Some((_, inner)) => inner,
                None => &mut top,
            };
            match c {
                '{' => {
                    self.next();
                    flush(&mut text, parts);
                    parts.push(Part::Field(self.placeholder(at)?));
                }
                '}' => return Err(TemplateError::UnexpectedBrace { at }),
                '[' | ']' => {
                    self.next();
                    if self.chars.peek() != Some(&c) {
                        return Err(TemplateError::StrayBracket { bracket: c, at });
                    }
                    self.next();
                    flush(&mut text, parts);
                    block = match (c, block.take()) {
                        ('[', None) => Some((at, Vec::new())),
                        ('[', Some(_)) => return Err(TemplateError::NestedBlock { at }),
                        (_, Some((_, inner))) => {
                            top.push(Part::Optional(inner));
                            None
                        }
                        (_, None) => return Err(TemplateError::UnexpectedBlockEnd { at }),
                    };
                }
                _ => {
                    self.next();
                    text.push(c);
                }
            }
        }
        if let Some((at, _)) = block {
            return Err(TemplateError::UnclosedBlock { at });
        }
        flush(&mut text, &mut top);
        Ok(Template { parts: top })
    }

    /// Reads `name}` after a `{` found at `at`.
    fn placeholder(&mut self, at: Position) -> Result<Field, TemplateError> {
        let mut name = String::new();
        loop {
            match self.next() {
                Some('}') => break,
                Some(c) if c != '\n' && c != '{' => name.push(c),
                _ => return Err(TemplateError::UnclosedBrace { at }),
            }
        }
        Field::ALL
            .into_iter()
            .find(|field| field.name() == name)
            .ok_or(TemplateError::UnknownPlaceholder { name, at })
    }
}

fn flush(text: &mut String, parts: &mut Vec<Part>) {
    if !text.is_empty() {
        parts.push(Part::Text(std::mem::take(text)));
    }
}
