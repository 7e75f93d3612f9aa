//! The bot in hh.ru's `closed` access profile (FACTS.md §1): every command with no hh.ru
//! login and with a login hh.ru refuses applicant methods to. Each answer is Russian
//! words, never an error dump; a refused call is not repeated until the next probe; the
//! bot offers only the link «Откликнуться на hh.ru» and «Я откликнулся», never sending
//! through the API; a profile switched at run time is followed within one probe.

use hh_agent::bot::Command;
use hh_agent::ledger::Outcome;
use hh_sandbox::telegram::{Records, Sent};
use hh_sandbox::{Access, RecordedRequest};
use teloxide::utils::command::BotCommands;

use super::rig::{assert_telegram_rules, outcome, Rig, BACKEND, OWNER, PASTED};

/// Who the bot speaks to hh.ru as.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Login {
    /// No token file: the application token only.
    None,
    /// Logged in; hh.ru answers 403 to every applicant method.
    Refused,
}

/// Words that mean an error leaked to the user instead of a sentence.
const DUMPS: &[&str] = &[
    "Error",
    "error",
    "forbidden",
    "reqwest",
    "panicked",
    "{\"",
    "Bad Request",
];

/// Labels of buttons that would send through hh.ru's API.
const API_BUTTONS: &[&str] = &["Отправить", "Без письма", "Откликнуться"];

/// Sends `command` and waits for an answer containing `needle` (and for a run to end).
async fn ask(rig: &Rig, command: &str, needle: &str) -> Sent {
    let mark = rig.mark();
    rig.say(command);
    let answer = rig.expect_after(mark, needle).await;
    rig.run_finished().await;
    answer
}

/// A bot in the closed profile, logged in or not.
async fn closed(login: Login) -> Rig {
    let rig = Rig::start((login == Login::Refused).then_some(BACKEND)).await;
    rig.sandbox.set_access(Access::Closed);
    // The start-up chores probed in the full profile: probe anew.
    rig.ctx.forget_capability().await;
    rig.sandbox.clear_requests();
    rig
}

/// Every command of `bot::Command`, before and after a resume is kept; what each must say.
async fn walk(rig: &Rig, login: Login) {
    let vacancy = rig.api().plain_vacancy(0);
    let refused = login == Login::Refused;
    let pick = |none: &'static str, refusal: &'static str| if refused { refusal } else { none };
    ask(
        rig,
        "/start",
        pick(
            "Доступ: поиск — с ключом приложения, отклики — по ссылке на hh.ru",
            "Доступ: поиск — с вашим входом, отклики — по ссылке на hh.ru",
        ),
    )
    .await;
    ask(rig, "/help", "Команды:").await;
    ask(rig, "/hh_auth", "войдите на hh.ru").await;
    let status = ask(rig, "/hh_status", "отклики — по ссылке на hh.ru").await;
    let why = pick("вход на hh.ru не выполнен", "с декабря 2025 года");
    assert!(status.text.contains(why), "{login:?}: {}", status.text);
    let resumes = pick(
        "авторизуйтесь командой /hh_auth",
        "hh.ru не разрешает вашему приложению читать резюме",
    );
    ask(rig, "/hh_resumes", resumes).await;
    let logout = ask(
        rig,
        "/hh_logout",
        pick("Вы и так не авторизованы", "Выйти из hh.ru?"),
    )
    .await;
    if refused {
        rig.press(&logout, "Отмена").await;
    }
    for command in [
        format!("/hh_apply {vacancy}"),
        "/search Rust".into(),
        "/recommend".into(),
    ] {
        let answer = ask(rig, &command, "Нет резюме").await;
        assert!(answer.text.contains("файлом"), "{}", answer.text);
    }
    ask(rig, "/settings", "Настройки:").await;
    ask(rig, "/show_cv", "Резюме ещё нет").await;
    ask(rig, &format!("/reset {PASTED}"), "Резюме сохранено").await;
    ask(rig, "/show_cv", "Вот что я понял из резюме").await;
    ask(rig, &format!("/hh_apply {vacancy}"), "Здравствуйте!").await;
    ask(rig, "/search Rust", "Показаны").await;
    ask(rig, "/recommend", "Показаны").await;

    // A card's letter comes with the link; «Я откликнулся» records a manual application.
    let card = rig
        .records()
        .sent
        .into_iter()
        .rev()
        .find(|sent| sent.text.contains("Оценка:") && sent.button("Письмо").is_some())
        .unwrap();
    let (offer, _) = rig.letter_by_link(&card).await;
    let id = offer.button("Я откликнулся").unwrap()[2..].to_owned();
    rig.mark_applied(&offer).await;
    assert_eq!(outcome(rig, &id).await, Some(Outcome::Manual));

    assert_every_command_said(rig);
    assert_only_words(&rig.records());
    assert_only_links(&rig.records());
    assert_no_refusal_repeated(&rig.sandbox.requests(), login);
    assert_eq!(rig.applications_sent(), 0);
    assert_telegram_rules(rig);
}

/// The owner's messages covered every command the bot knows.
fn assert_every_command_said(rig: &Rig) {
    let last = rig
        .records()
        .sent
        .iter()
        .map(|s| s.message_id)
        .max()
        .unwrap();
    let said: Vec<String> = (1..=last)
        .filter_map(|id| rig.tg.message(OWNER, id))
        .filter(|message| message["from"]["is_bot"] == false)
        .filter_map(|message| message["text"].as_str().map(str::to_owned))
        .filter_map(|text| text.split_whitespace().next().map(str::to_owned))
        .collect();
    for command in Command::bot_commands() {
        let command = format!("/{}", command.command.trim_start_matches('/'));
        assert!(said.contains(&command), "{command} never tried: {said:?}");
    }
}

/// Every message is Russian words, none an error dump.
fn assert_only_words(records: &Records) {
    for sent in &records.sent {
        let cyrillic = sent
            .text
            .chars()
            .any(|c| matches!(c, 'а'..='я' | 'А'..='Я'));
        assert!(cyrillic, "not Russian: {}", sent.text);
        for dump in DUMPS {
            assert!(!sent.text.contains(dump), "{dump:?} in {}", sent.text);
        }
    }
}

/// No button sends through the API; every «Я откликнулся» has the link beside it.
fn assert_only_links(records: &Records) {
    for sent in &records.sent {
        for (label, data) in sent.buttons.iter().flatten() {
            assert!(
                !API_BUTTONS.contains(&label.as_str()),
                "{label} in {sent:#?}"
            );
            for api in ["a:", "s:", "b:"] {
                assert!(!data.starts_with(api), "{data} in {sent:#?}");
            }
        }
        if sent.button("Я откликнулся").is_some() {
            let link = sent.button("Откликнуться на hh.ru").unwrap_or_default();
            assert!(link.starts_with("https://hh.ru/"), "{sent:#?}");
        }
    }
}

/// A call hh.ru refused goes out again only after a new probe (each starts with
/// `GET /me` when there is a login); without a login nothing is refused at all.
fn assert_no_refusal_repeated(requests: &[RecordedRequest], login: Login) {
    let refused: Vec<&RecordedRequest> = requests
        .iter()
        .filter(|request| request.status == Some(403))
        .collect();
    let probes = requests
        .iter()
        .filter(|request| request.method == "GET" && request.path == "/me")
        .count();
    match login {
        Login::None => {
            assert!(refused.is_empty(), "{refused:#?}");
            assert!(requests
                .iter()
                .all(|request| request.token_serial.is_none()));
            assert_eq!(
                requests.iter().filter(|r| r.path == "/token").count(),
                1,
                "one application token for the whole run"
            );
        }
        Login::Refused => {
            assert!(!refused.is_empty(), "the login was never refused");
            for request in &refused {
                let times = refused
                    .iter()
                    .filter(|other| other.method == request.method && other.path == request.path)
                    .count();
                assert!(
                    times <= probes,
                    "{} {} refused {times} times over {probes} probes",
                    request.method,
                    request.path
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_every_command_without_a_login_answers_in_words_and_offers_only_the_link() {
    let rig = closed(Login::None).await;
    walk(&rig, Login::None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_every_command_with_a_refused_login_answers_in_words_and_offers_only_the_link() {
    let rig = closed(Login::Refused).await;
    walk(&rig, Login::Refused).await;
}

/// Switches the sandbox's profile over its HTTP control, as a script would.
async fn switch(rig: &Rig, profile: &str) {
    let url = format!("{}/_sandbox/access?profile={profile}", rig.api().url);
    let answer = reqwest::Client::new().post(url).send().await.unwrap();
    assert!(answer.status().is_success(), "{}", answer.status());
}

/// Whether the last result list offers applying through the API.
fn last_cards_apply_through_the_api(rig: &Rig) -> bool {
    let cards: Vec<Sent> = rig
        .records()
        .sent
        .into_iter()
        .rev()
        .skip_while(|sent| !sent.text.starts_with("Показаны"))
        .skip(1)
        .take_while(|sent| sent.text.contains("Оценка:"))
        .collect();
    assert!(!cards.is_empty());
    let through_api = cards
        .iter()
        .all(|card| card.button("Откликнуться").is_some());
    let by_link = cards.iter().all(|card| {
        card.button("Откликнуться на hh.ru").is_some() && card.button("Я откликнулся").is_some()
    });
    assert!(through_api != by_link, "{cards:#?}");
    through_api
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_access_withdrawn_mid_run_then_granted_is_followed_within_one_probe() {
    let rig = Rig::start(Some(BACKEND)).await;
    ask(&rig, &format!("/reset {PASTED}"), "Резюме сохранено").await;
    ask(&rig, "/hh_status", "отклики — через API hh.ru").await;
    ask(&rig, "/recommend", "Показаны").await;
    assert!(last_cards_apply_through_the_api(&rig));

    // Withdrawn: the next run meets hh.ru's 403 and goes link-only with the kept resume,
    // without waiting for the probe's five minutes.
    switch(&rig, "closed").await;
    let probes = rig.sandbox.count("GET", "/me");
    ask(&rig, "/recommend", "Показаны").await;
    assert!(!last_cards_apply_through_the_api(&rig));
    assert!(rig.sandbox.count("GET", "/me") <= probes + 1);
    ask(&rig, "/hh_status", "отклики — по ссылке на hh.ru").await;

    // Granted again: the next probe says so and the cards apply through the API again.
    switch(&rig, "full").await;
    ask(&rig, "/hh_status", "отклики — через API hh.ru").await;
    ask(&rig, "/recommend", "Показаны").await;
    assert!(last_cards_apply_through_the_api(&rig));
    assert_only_words(&rig.records());
    assert_telegram_rules(&rig);
}
