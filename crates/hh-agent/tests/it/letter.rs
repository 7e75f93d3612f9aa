//! The LLM path against a fake OpenAI-compatible server on 127.0.0.1:0: the request it
//! sends, timeouts, unusable answers, the one retry with the reason, status errors that
//! never show the key; the drafter's template fallback is in `drafter`.

mod drafter;
pub(crate) mod fake;

use std::time::{Duration, Instant};

use hh_agent::letter::{
    Input, Language, LlmClient, LlmError, LlmSettings, Rejection, Source, Strength, EXCERPT_CHARS,
};
use hh_agent::secret::Secret;
use serde_json::json;

use fake::{Fake, Reply};

const KEY: &str = "sk-test-0123456789-very-secret";
const RU_LETTER: &str = "Здравствуйте!\n\nОткликаюсь на вакансию «Rust-разработчик» в компании «Ромашка». \
Шесть лет пишу на Rust: в ООО «Ромашка» вёл биллинг на PostgreSQL и Kafka.\n\nС уважением,\nИван Петров";
const EN_LETTER: &str = "Hello,\n\nI am applying for the Senior Rust Engineer position at Acme. \
I have built billing services in Rust and PostgreSQL for six years.\n\nBest regards,\nIvan Petrov";

fn input(language: Language) -> Input {
    Input {
        position: "Rust-разработчик".to_owned(),
        company: Some("Ромашка".to_owned()),
        candidate_name: Some("Иван Петров".to_owned()),
        language,
        strengths: vec![
            Strength::new("Rust", Some("в ООО «Ромашка» (2021–2024)")),
            Strength::new("PostgreSQL", None),
        ],
        experience_years: Some(6),
        vacancy_summary: "Ищем Rust-разработчика в команду биллинга.".to_owned(),
        resume_summary: "Шесть лет backend-разработки на Rust.".to_owned(),
        explanation: "Совпадают ключевые навыки: Rust, PostgreSQL.".to_owned(),
        ..Input::default()
    }
}

fn client(fake: &Fake, key: Option<&str>, timeout: Duration) -> LlmClient {
    let settings = LlmSettings {
        base_url: fake.base_url.parse().unwrap(),
        model: "test-model".to_owned(),
        temperature: 0.3,
        connect_timeout: timeout,
        timeout,
    };
    LlmClient::new(settings, key.map(Secret::new)).unwrap()
}

/// Writes a Russian letter through a fake playing `replies`; returns the result and the fake.
async fn write(replies: Vec<Reply>) -> (Result<hh_agent::letter::Letter, LlmError>, Fake) {
    let fake = Fake::start(replies).await;
    let result = client(&fake, Some(KEY), Duration::from_secs(5))
        .write_letter(&input(Language::Russian), 1500)
        .await;
    (result, fake)
}

#[tokio::test]
async fn a_letter_comes_from_an_openai_compatible_request() {
    let fake = Fake::start(vec![
        Reply::letter(&format!("Конечно! Вот письмо:\n\n{RU_LETTER}")),
        Reply::letter(EN_LETTER),
    ])
    .await;
    let letter = client(&fake, Some(KEY), Duration::from_secs(5))
        .write_letter(&input(Language::Russian), 1500)
        .await
        .unwrap();
    assert_eq!(letter.text, RU_LETTER, "the preamble is stripped");
    assert_eq!(
        letter.source,
        Source::Llm {
            model: "test-model".to_owned()
        }
    );

    let english = client(&fake, None, Duration::from_secs(5))
        .write_letter(&input(Language::English), 1500)
        .await
        .unwrap();
    assert_eq!(english.text, EN_LETTER);

    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    let (with_key, without_key) = (&requests[0], &requests[1]);
    assert_eq!(with_key.path, "/v1/chat/completions");
    assert_eq!(with_key.content_type.as_deref(), Some("application/json"));
    assert_eq!(
        with_key.authorization.as_deref(),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(without_key.authorization, None);
    let json = &with_key.json;
    assert_eq!(json["model"], "test-model");
    assert_eq!(json["temperature"], json!(0.3));
    assert!(
        json["max_tokens"]
            .as_u64()
            .is_some_and(|tokens| tokens >= 256),
        "{json}"
    );
    assert_eq!(json["messages"][0]["role"], "system");
    assert_eq!(json["messages"][1]["role"], "user");
    assert_eq!(json["messages"].as_array().map(Vec::len), Some(2));
    let system = json["messages"][0]["content"].as_str().unwrap();
    for rule in [
        "ничего не выдумывай",
        "не упоминай зарплату",
        "без темы письма",
        "от 600 до 1200 символов",
    ] {
        assert!(system.contains(rule), "{rule} missing in {system}");
    }
    let user = fake.user_prompt(0);
    for fact in [
        "Шесть лет backend-разработки на Rust.",
        "Ищем Rust-разработчика в команду биллинга.",
        "Совпадают ключевые навыки: Rust, PostgreSQL.",
        "Rust — в ООО «Ромашка» (2021–2024)",
        "Иван Петров",
    ] {
        assert!(user.contains(fact), "{fact} missing in {user}");
    }
    let english_system = without_key.json["messages"][0]["content"].as_str().unwrap();
    assert!(
        english_system.contains("invent nothing"),
        "{english_system}"
    );
}

#[tokio::test]
async fn a_slow_model_times_out() {
    let mut slow = Reply::letter(RU_LETTER);
    slow.delay = Duration::from_secs(3);
    let fake = Fake::start(vec![slow]).await;
    let started = Instant::now();
    let result = client(&fake, Some(KEY), Duration::from_millis(200))
        .write_letter(&input(Language::Russian), 1500)
        .await;
    assert_eq!(result, Err(LlmError::Timeout));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[track_caller]
fn check_invalid(result: Result<hh_agent::letter::Letter, LlmError>, expected_reason: &str) {
    match result {
        Err(LlmError::InvalidAnswer { reason, excerpt }) => {
            assert!(reason.contains(expected_reason), "{reason}");
            assert!(excerpt.chars().count() <= EXCERPT_CHARS, "{excerpt}");
        }
        other => panic!("expected InvalidAnswer({expected_reason}), got {other:?}"),
    }
}

#[tokio::test]
async fn garbage_answers_are_invalid_without_a_retry() {
    for (reply, reason) in [
        (
            Reply::status(200, "<html>upstream says hi</html>"),
            "not JSON",
        ),
        (Reply::status(200, &"x".repeat(5000)), "not JSON"),
        (
            Reply::json(json!({"object": "chat.completion"})),
            "no choices",
        ),
        (Reply::json(json!({"choices": []})), "no choices"),
        (
            Reply::json(json!({"choices": [{"message": {"content": ""}}]})),
            "no message content",
        ),
        (
            Reply::json(json!({"choices": [{"message": {"content": "  \n"}}]})),
            "no message content",
        ),
        (
            Reply::json(json!({"choices": [{"message": {"content": null}}]})),
            "no message content",
        ),
        (
            Reply::json(json!({"choices": [{"message": {"content": 42}}]})),
            "no message content",
        ),
    ] {
        let (result, fake) = write(vec![reply]).await;
        check_invalid(result, reason);
        assert_eq!(fake.requests().len(), 1);
    }
}

#[tokio::test]
async fn an_over_long_letter_is_retried_once_with_the_reason() {
    let long = format!("{RU_LETTER}\n{}", "Очень длинное письмо. ".repeat(100));
    let (result, fake) = write(vec![Reply::letter(&long), Reply::letter(&long)]).await;
    assert!(
        matches!(
            result,
            Err(LlmError::Rejected(Rejection::TooLong { max: 1500, .. }))
        ),
        "{result:?}"
    );
    assert_eq!(fake.requests().len(), 2);
    assert!(!fake.user_prompt(0).contains("отклонён"));
    let retry = fake.user_prompt(1);
    assert!(retry.starts_with(&fake.user_prompt(0)), "{retry}");
    assert!(
        retry.contains("Предыдущий ответ отклонён: в письме"),
        "{retry}"
    );
    assert!(retry.contains("допустимо не больше 1500"), "{retry}");

    let (result, fake) = write(vec![Reply::letter(&long), Reply::letter(RU_LETTER)]).await;
    assert_eq!(result.unwrap().text, RU_LETTER);
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn placeholders_wrong_language_and_cut_offs_are_retried() {
    let with_blank = format!("{RU_LETTER}\n[Ваш телефон]");
    let (result, fake) = write(vec![Reply::letter(&with_blank), Reply::letter(RU_LETTER)]).await;
    assert_eq!(result.unwrap().text, RU_LETTER);
    assert!(fake
        .user_prompt(1)
        .contains("незаполненный шаблон «[Ваш телефон]»"));

    let (result, fake) = write(vec![Reply::letter(EN_LETTER), Reply::letter(EN_LETTER)]).await;
    assert_eq!(
        result,
        Err(LlmError::Rejected(Rejection::WrongLanguage {
            expected: Language::Russian
        }))
    );
    assert!(fake.user_prompt(1).contains("не на русском языке"));

    let cut = Reply::json(
        json!({"choices": [{"message": {"content": RU_LETTER}, "finish_reason": "length"}]}),
    );
    let (result, fake) = write(vec![cut.clone(), cut]).await;
    assert_eq!(result, Err(LlmError::Rejected(Rejection::CutOff)));
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn status_errors_never_show_the_key() {
    let echo = json!({"error": {"message": format!("Incorrect API key provided: {KEY}"), "type": "invalid_request_error"}});
    let mut redirect = Reply::status(302, "");
    redirect.location = Some("http://127.0.0.1:1/elsewhere".to_owned());
    for (reply, status) in [
        (Reply::status(401, &echo.to_string()), 401),
        (
            Reply::status(500, &format!("<html>{}</html>", "oops ".repeat(100))),
            500,
        ),
        (
            Reply::status(429, &format!("rate limited for Bearer {KEY}")),
            429,
        ),
        (redirect, 302),
    ] {
        let (result, fake) = write(vec![reply]).await;
        let err = result.unwrap_err();
        match &err {
            LlmError::Status {
                status: got,
                excerpt,
            } => {
                assert_eq!(*got, status);
                assert!(excerpt.chars().count() <= EXCERPT_CHARS, "{excerpt}");
            }
            other => panic!("expected Status({status}), got {other:?}"),
        }
        for shown in [err.to_string(), format!("{err:?}")] {
            assert!(
                !shown.contains(KEY) && !shown.contains("very-secret"),
                "{shown}"
            );
        }
        assert_eq!(
            fake.requests().len(),
            1,
            "no retry and no redirect followed"
        );
    }
    let (result, _) = write(vec![Reply::status(401, &echo.to_string())]).await;
    assert!(result
        .unwrap_err()
        .to_string()
        .contains("Incorrect API key provided: [redacted]"));
}

#[tokio::test]
async fn an_unreachable_endpoint_is_a_network_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let settings = LlmSettings {
        base_url: format!("http://127.0.0.1:{port}/v1").parse().unwrap(),
        model: "m".to_owned(),
        temperature: 0.0,
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(2),
    };
    let err = LlmClient::new(settings, Some(Secret::new(KEY)))
        .unwrap()
        .write_letter(&input(Language::Russian), 1500)
        .await
        .unwrap_err();
    assert!(matches!(err, LlmError::Network(_)), "{err:?}");
    assert!(!format!("{err} {err:?}").contains(KEY));
}
