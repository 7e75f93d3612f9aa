//! Templates: parse errors with positions, placeholders, optional blocks, plurals,
//! the built-in letters and the length limit.

use super::{english, russian};
use crate::letter::{
    check, experience, Input, Language, Position, Source, Strength, Template, TemplateError,
};

#[track_caller]
fn check_parse(text: &str, expected: Result<(), TemplateError>) {
    assert_eq!(Template::parse(text).map(|_| ()), expected, "{text:?}");
}

fn at(line: usize, column: usize) -> Position {
    Position { line, column }
}

#[test]
fn parse_errors_say_what_and_where() {
    check_parse("Здравствуйте, {name}! [[в «{company}»]]", Ok(()));
    check_parse(
        "Hello {nmae}",
        Err(TemplateError::UnknownPlaceholder {
            name: "nmae".to_owned(),
            at: at(1, 7),
        }),
    );
    check_parse(
        "Hi\nand {position",
        Err(TemplateError::UnclosedBrace { at: at(2, 5) }),
    );
    check_parse(
        "Hi {position\n}",
        Err(TemplateError::UnclosedBrace { at: at(1, 4) }),
    );
    check_parse(
        "{{position}}",
        Err(TemplateError::UnclosedBrace { at: at(1, 1) }),
    );
    check_parse("Hi }", Err(TemplateError::UnexpectedBrace { at: at(1, 4) }));
    check_parse(
        "Hi\n\n  [[ at {company}",
        Err(TemplateError::UnclosedBlock { at: at(3, 3) }),
    );
    check_parse(
        "Hi ]] there",
        Err(TemplateError::UnexpectedBlockEnd { at: at(1, 4) }),
    );
    check_parse(
        "[[a [[b]] c]]",
        Err(TemplateError::NestedBlock { at: at(1, 5) }),
    );
    check_parse(
        "Имя: [Ваше имя]",
        Err(TemplateError::StrayBracket {
            bracket: '[',
            at: at(1, 6),
        }),
    );
    check_parse("  \n", Err(TemplateError::Size { chars: 3 }));
    let message = Template::parse("ok\n  {salary}").unwrap_err().to_string();
    assert!(
        message.starts_with(
            "строка 2, столбец 3: неизвестная подстановка {salary}; допустимы {position}"
        ),
        "{message}"
    );
}

#[track_caller]
fn check_render(template: &str, input: &Input, expected: &str) {
    let letter = Template::parse(template).unwrap().render(input);
    assert_eq!(letter.text, expected);
    assert_eq!(letter.source, Source::Template);
}

#[test]
fn placeholders_are_filled_and_incomplete_blocks_dropped() {
    let full = russian();
    let anonymous = Input {
        company: None,
        candidate_name: None,
        experience_years: None,
        contacts: Some("  ".to_owned()),
        strengths: Vec::new(),
        ..russian()
    };
    let template = "Отклик на «{position}»[[ в компании «{company}»]].[[ У меня {experience}.]]\n\n[[Навыки: {strengths}.]]\n\n[[{name}]]";
    check_render(
        template,
        &full,
        "Отклик на «Rust-разработчик» в компании «Ромашка». У меня 6 лет опыта.\n\nНавыки: Rust — в ООО «Ромашка» (2021–2024); PostgreSQL — в проекте «Биллинг»; Kafka.\n\nИван Петров",
    );
    check_render(template, &anonymous, "Отклик на «Rust-разработчик».");
    check_render(
        "{position} at {company}: {strengths}. {contacts}",
        &english(),
        "Senior Rust Engineer at Acme Robotics: Rust — at Romashka LLC (2021–2024); PostgreSQL — in the billing project; Kafka.",
    );
    let plain = Input {
        strengths: ["Rust", "rust", " ", "Go", "SQL", "Kafka"]
            .into_iter()
            .map(|skill| Strength::new(skill, None))
            .collect(),
        ..english()
    };
    check_render("{strengths}", &plain, "Rust, Go and SQL");
    let plain_ru = Input {
        strengths: plain.strengths[..4].to_vec(),
        ..russian()
    };
    check_render("{strengths}", &plain_ru, "Rust и Go");
    // Values from outside can never smuggle in a marker.
    let hostile = Input {
        position: "Dev {company} [[x]] <b>".to_owned(),
        company: Some("}{".to_owned()),
        ..english()
    };
    check_render(
        "{position} / {company}",
        &hostile,
        "Dev (company) ((x)) (b) / )(",
    );
}

#[test]
fn russian_plurals_of_years() {
    for (years, expected) in [
        (1, "1 год опыта"),
        (2, "2 года опыта"),
        (4, "4 года опыта"),
        (5, "5 лет опыта"),
        (11, "11 лет опыта"),
        (12, "12 лет опыта"),
        (14, "14 лет опыта"),
        (21, "21 год опыта"),
        (22, "22 года опыта"),
        (25, "25 лет опыта"),
        (101, "101 год опыта"),
        (111, "111 лет опыта"),
    ] {
        assert_eq!(experience(years, Language::Russian), expected);
    }
    assert_eq!(experience(1, Language::English), "1 year of experience");
    assert_eq!(experience(6, Language::English), "6 years of experience");
}

#[test]
fn default_letters_name_position_company_and_skills() {
    for input in [russian(), english()] {
        let template = Template::default_for(input.language);
        let letter = template.render_within(&input, 1500).unwrap();
        let text = &letter.text;
        for needle in [
            input.position.as_str(),
            input.company.as_deref().unwrap_or_default(),
            input.candidate_name.as_deref().unwrap_or_default(),
            "Rust",
            "PostgreSQL",
            "Kafka",
        ] {
            assert!(text.contains(needle), "{needle} missing in:\n{text}");
        }
        assert!(!text.contains("Docker"), "a fourth strength cited:\n{text}");
        assert_eq!(check(text, &input, 1500), Ok(()), "{text}");
        assert!(text.chars().count() < 1000, "{text}");
    }
    let anonymous = Input {
        company: None,
        candidate_name: None,
        experience_years: None,
        strengths: Vec::new(),
        contacts: None,
        ..russian()
    };
    let text = Template::default_for(Language::Russian)
        .render(&anonymous)
        .text;
    assert!(text.contains("«Rust-разработчик».\n"), "{text}");
    assert!(!text.contains("компании"), "{text}");
    assert!(text.ends_with("С уважением,"), "{text}");
}

#[test]
fn letters_stay_within_the_limit_and_never_show_markers() {
    let huge = Input {
        position: "Ведущий разработчик ".repeat(40),
        company: Some("Компания ".repeat(40)),
        candidate_name: Some("Иван ".repeat(40)),
        strengths: (0..10)
            .map(|i| {
                Strength::new(
                    format!("Навык{i} ").repeat(30),
                    Some(&"в проекте ".repeat(30)),
                )
            })
            .collect(),
        contacts: Some("{contacts} [[x]] ".repeat(40)),
        ..russian()
    };
    for input in [russian(), english(), huge] {
        let template = Template::default_for(input.language);
        assert!(template.render_within(&input, 1500).is_ok());
        for max in [200, 400, 600, 800, 1000, 1500] {
            match template.render_within(&input, max) {
                Ok(letter) => {
                    assert!(letter.text.chars().count() <= max, "{max}: {}", letter.text);
                    for marker in ["{", "}", "[[", "]]"] {
                        assert!(!letter.text.contains(marker), "{marker} in {}", letter.text);
                    }
                }
                Err(rejection) => assert!(
                    matches!(rejection, crate::letter::Rejection::TooLong { .. }),
                    "{max}: {rejection}"
                ),
            }
        }
    }
}

#[test]
fn strengths_used_at_one_place_share_it() {
    use crate::letter::wording::strengths;
    use crate::letter::{Language, Strength};
    let place = Some("в компании «Ромашка» (2021–2024)");
    let list = [
        Strength::new("Rust", place),
        Strength::new("Go", place),
        Strength::new("Kafka", Some("в проекте «Биллинг»")),
    ];
    assert_eq!(
        strengths(&list, 3, Language::Russian).unwrap(),
        "Rust и Go — в компании «Ромашка» (2021–2024); Kafka — в проекте «Биллинг»"
    );
    let bare = [
        Strength::new("Rust", None),
        Strength::new("Go", None),
        Strength::new("SQL", None),
    ];
    assert_eq!(
        strengths(&bare, 3, Language::English).unwrap(),
        "Rust, Go and SQL"
    );
}
