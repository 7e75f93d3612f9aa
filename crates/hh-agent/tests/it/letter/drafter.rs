//! The drafter: the template fallback only when asked for, and the key kept out of
//! every Debug on the way from the credential to the client.

use std::time::Duration;

use hh_agent::config::{Config, Secrets};
use hh_agent::letter::{DraftError, Drafter, Language, LlmError, Source, Templates};
use hh_agent::secret::Secret;

use super::fake::{Fake, Reply};
use super::{client, input, KEY};

#[tokio::test]
async fn the_drafter_falls_back_to_the_template_only_when_asked() {
    let fake = Fake::start(vec![Reply::status(500, "down"), Reply::status(500, "down")]).await;
    let drafter = Drafter::new(
        Templates::default(),
        1500,
        Some(client(&fake, Some(KEY), Duration::from_secs(5))),
    );
    let russian = input(Language::Russian);
    assert!(matches!(
        drafter.draft(&russian).await,
        Err(DraftError::Llm(LlmError::Status { status: 500, .. }))
    ));
    let draft = drafter.draft_with_fallback(&russian).await.unwrap();
    assert_eq!(draft.letter.source, Source::Template);
    assert!(
        draft.letter.text.contains("«Rust-разработчик»"),
        "{}",
        draft.letter.text
    );
    assert!(matches!(
        draft.fallback_reason,
        Some(LlmError::Status { status: 500, .. })
    ));
    assert_eq!(fake.requests().len(), 2);

    let offline = Drafter::new(Templates::default(), 1500, None);
    let letter = offline.draft(&russian).await.unwrap();
    assert_eq!(letter.source, Source::Template);
    let draft = offline.draft_with_fallback(&russian).await.unwrap();
    assert_eq!((draft.letter, draft.fallback_reason), (letter, None));
}

#[tokio::test]
async fn the_key_never_shows_in_debug() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("llm-api-key"), format!("{KEY}\n")).unwrap();
    let secrets = Secrets::load(Some(dir.path()), &|_| None).unwrap();
    assert_eq!(secrets.llm_api_key.as_ref().map(Secret::expose), Some(KEY));
    let config = Config::from_str(
        "[hh]\nclient_id = \"A\"\nredirect_uri = \"https://h.example.org/cb\"\nuser_agent = \"a/1 (ivan@example.org)\"\n[llm]\nenabled = true\n",
        &|_| None,
    )
    .unwrap();
    let drafter = Drafter::from_config(&config, &secrets, false).unwrap();
    assert!(drafter.uses_llm());
    let fake = Fake::start(Vec::new()).await;
    for shown in [
        format!("{secrets:?}"),
        format!("{config:?}"),
        format!("{drafter:?}"),
        format!("{:?}", client(&fake, Some(KEY), Duration::from_secs(1))),
    ] {
        assert!(!shown.contains(KEY), "{shown}");
    }
}

/// hh-bot.service gives `llm-api-key` a default of one newline when the credential file
/// is missing (`SetCredential=`); that must mean "no key", never a blank bearer.
#[tokio::test]
async fn a_newline_only_key_credential_sends_no_authorization() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("llm-api-key"), "\n").unwrap();
    let secrets = Secrets::load(Some(dir.path()), &|_| None).unwrap();
    let fake = Fake::start(vec![Reply::letter(super::RU_LETTER)]).await;
    let config = Config::from_str(
        &format!(
            "[hh]\nclient_id = \"A\"\nredirect_uri = \"https://h.example.org/cb\"\nuser_agent = \"a/1 (ivan@example.org)\"\n[llm]\nenabled = true\nbase_url = \"{}\"\n",
            fake.base_url
        ),
        &|_| None,
    )
    .unwrap();
    let drafter = Drafter::from_config(&config, &secrets, false).unwrap();
    let letter = drafter.draft(&input(Language::Russian)).await.unwrap();
    assert!(matches!(letter.source, Source::Llm { .. }), "{letter:?}");
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].authorization, None);
}
