//! The shared checks, the user's edit and the tidying of LLM answers.

use super::{english, russian};
use crate::letter::{check, tidy, Input, Language, Letter, Rejection, Source, HH_MAX_CHARS};

const RU: &str = "Здравствуйте! Откликаюсь на вакансию Rust-разработчика. Шесть лет пишу на Rust и PostgreSQL. С уважением, Иван";
const EN: &str = "Hello! I am applying for the Rust engineer position. I have written Rust for six years. Best regards, Ivan";

#[track_caller]
fn check_letter(text: &str, input: &Input, expected: Result<(), Rejection>) {
    assert_eq!(check(text, input, 1500), expected, "{text:?}");
}

fn placeholder(found: &str) -> Result<(), Rejection> {
    Err(Rejection::Placeholder {
        found: found.to_owned(),
    })
}

#[test]
fn letters_are_checked_for_form_length_and_language() {
    let (ru, en) = (russian(), english());
    check_letter(RU, &ru, Ok(()));
    check_letter(EN, &en, Ok(()));
    check_letter(" \n\t", &ru, Err(Rejection::Empty));
    check_letter(
        &"а".repeat(1501),
        &ru,
        Err(Rejection::TooLong {
            chars: 1501,
            max: 1500,
        }),
    );
    check_letter(&"а".repeat(1500), &ru, Ok(()));
    assert_eq!(
        check(&"а".repeat(HH_MAX_CHARS + 1), &ru, 50_000),
        Err(Rejection::TooLong {
            chars: HH_MAX_CHARS + 1,
            max: HH_MAX_CHARS
        })
    );
    let wrong = |expected| Err(Rejection::WrongLanguage { expected });
    check_letter(EN, &ru, wrong(Language::Russian));
    check_letter(RU, &en, wrong(Language::English));
    check_letter(&format!("{RU} [Ваше имя]"), &ru, placeholder("[Ваше имя]"));
    check_letter(
        &format!("{EN}\n[Your Name]"),
        &en,
        placeholder("[Your Name]"),
    );
    check_letter(&format!("{EN}\nYour Name"), &en, placeholder("your name"));
    check_letter(&format!("{EN}\n[Name]"), &en, placeholder("[Name]"));
    check_letter(&format!("{RU} в {{company}}"), &ru, placeholder("{"));
    check_letter(&format!("{RU} }}"), &ru, placeholder("}"));
    check_letter(&format!("{RU} [[ в ]]"), &ru, placeholder("[["));
    check_letter(&format!("{RU} ]] "), &ru, placeholder("]]"));
    check_letter(&format!("{RU} <Имя>"), &ru, placeholder("<Имя>"));
    check_letter(&format!("{RU} </p>"), &ru, placeholder("</p>"));
    check_letter(&format!("{RU} XXX лет"), &ru, placeholder("XXX"));
    check_letter(&format!("{RU} ХХХ лет"), &ru, placeholder("ХХХ"));
    check_letter(&format!("{RU} тел. ___"), &ru, placeholder("___"));
    // Ordinary text that merely looks close stays.
    check_letter(
        &format!("{RU} Опыт [1], размер XXL, <5 лет, snake_case."),
        &ru,
        Ok(()),
    );
    check_letter(&format!("{RU} Почта: <ivan@example.org>"), &ru, Ok(()));
    let markdown = |found: &str| {
        Err(Rejection::Markdown {
            found: found.to_owned(),
        })
    };
    check_letter(&format!("# Письмо\n{RU}"), &ru, markdown("# Письмо"));
    check_letter(&format!("{RU}\n```\ncode\n```"), &ru, markdown("```"));
    check_letter(&format!("{RU} **Rust**"), &ru, markdown("**"));
    check_letter(&format!("{RU} C# и #hashtag"), &ru, Ok(()));
    check_letter(
        &format!("Конечно! Вот письмо:\n{RU}"),
        &ru,
        Err(Rejection::Preamble {
            found: "Конечно! Вот письмо:".to_owned(),
        }),
    );
}

#[test]
fn edits_skip_only_the_language_check() {
    let ru = russian();
    let edited = Letter::edit(&format!("  {EN}\n"), &ru, 1500).unwrap();
    assert_eq!(edited.text, EN);
    assert_eq!(edited.source, Source::Edited);
    assert_eq!(Letter::edit("  ", &ru, 1500), Err(Rejection::Empty));
    assert!(matches!(
        Letter::edit(&"я".repeat(300), &ru, 200),
        Err(Rejection::TooLong {
            chars: 300,
            max: 200
        })
    ));
    assert!(matches!(
        Letter::edit(&format!("{RU} [Ваше имя]"), &ru, 1500),
        Err(Rejection::Placeholder { .. })
    ));
}

#[track_caller]
fn check_tidy(answer: &str, expected: &str) {
    assert_eq!(tidy(answer), expected, "{answer:?}");
}

#[test]
fn llm_answers_are_tidied_only_where_safe() {
    check_tidy(RU, RU);
    check_tidy(&format!("Конечно! Вот письмо:\n\n{RU}\n"), RU);
    check_tidy(&format!("Sure, here is your cover letter:\r\n{EN}"), EN);
    check_tidy(&format!("Тема: Отклик на вакансию\n{RU}"), RU);
    check_tidy(&format!("\"{EN}\""), EN);
    check_tidy(&format!("«{RU} в «Ромашке»»"), &format!("{RU} в «Ромашке»"));
    check_tidy("«Rust» и «Go»", "«Rust» и «Go»");
    check_tidy(&format!("<think>\nhmm\n</think>\n\n{RU}"), RU);
    // A greeting ending with ':' is no preamble; a preamble alone is left to `check`.
    check_tidy(
        &format!("Уважаемые коллеги:\n{RU}"),
        &format!("Уважаемые коллеги:\n{RU}"),
    );
    check_tidy("Вот письмо:", "Вот письмо:");
}

#[test]
fn language_detection_counts_cyrillic_letters() {
    for (text, expected) in [
        ("Привет, мир", Language::Russian),
        ("Hello, world", Language::English),
        ("", Language::Russian),
        ("12345 — !!!", Language::Russian),
        (
            "Пять лет пишу на Rust, PostgreSQL и Kafka в проде",
            Language::Russian,
        ),
        // A bare list of tools is mostly Latin letters, so it reads as English.
        (
            "Rust, PostgreSQL, Kafka, Kubernetes и Docker",
            Language::English,
        ),
        (
            "Senior Rust developer at ООО Ромашка, remote",
            Language::English,
        ),
    ] {
        assert_eq!(Language::detect(text), expected, "{text}");
    }
}

#[test]
fn the_configurable_limit_stops_at_hh_rus_own() {
    assert_eq!(crate::config::MAX_MAX_CHARS, crate::hh::MAX_LETTER_CHARS);
    assert_eq!(HH_MAX_CHARS, crate::hh::MAX_LETTER_CHARS);
}
