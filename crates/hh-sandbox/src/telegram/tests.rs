//! The emulator's limit checks and bookkeeping, called directly (no sockets).

use serde_json::{json, Map, Value};

use super::methods::{self, call, check_text, keyboard, parse_html, Params, Refusal};
use super::{Method, State};

const BOT: i64 = 123;
const CHAT: i64 = 42;

fn params(value: Value) -> Params {
    match value {
        Value::Object(fields) => Params(fields),
        _ => Params(Map::new()),
    }
}

fn description(result: Result<Value, Refusal>) -> String {
    result.unwrap_err().description
}

fn send(state: &mut State, text: &str, markup: Option<Value>) -> Result<Value, Refusal> {
    let mut fields = json!({ "chat_id": CHAT, "text": text });
    if let Some(markup) = markup {
        fields["reply_markup"] = markup;
    }
    call(state, BOT, "sendmessage", &params(fields))
}

fn card(data: &str) -> Value {
    json!({ "inline_keyboard": [[
        { "text": "Откликнуться", "callback_data": data },
        { "text": "Открыть на hh.ru", "url": "https://hh.ru/vacancy/1" },
    ]]})
}

#[test]
fn message_length_is_counted_in_utf16_units_after_html() {
    // "😀" is two UTF-16 units: 2,048 of them are exactly the limit.
    assert!(check_text(&"😀".repeat(2048), None).is_ok());
    assert_eq!(
        check_text(&"😀".repeat(2049), None).unwrap_err(),
        methods::bad("message is too long")
    );
    let cyrillic = "ж".repeat(4096);
    assert!(check_text(&cyrillic, None).is_ok());
    assert!(check_text(&format!("{cyrillic}ж"), None).is_err());
    // Tags do not count, entities count as one character.
    let html = format!("<b>{}</b>&amp;", "a".repeat(4095));
    assert_eq!(check_text(&html, Some("HTML")).unwrap().len(), 4096);
    assert!(check_text(&format!("{html}a"), Some("HTML")).is_err());
    // Without a parse mode the tags are text.
    assert!(check_text(&html, None).is_err());
}

#[test]
fn empty_and_blank_texts_are_refused() {
    for (text, mode) in [("", None), ("  \n", None), ("<b> </b>", Some("HTML"))] {
        assert_eq!(
            check_text(text, mode).unwrap_err().description,
            "Bad Request: message text is empty",
            "{text:?}"
        );
    }
    let mut state = State::default();
    let missing = call(
        &mut state,
        BOT,
        "sendmessage",
        &params(json!({ "chat_id": CHAT })),
    );
    assert_eq!(description(missing), "Bad Request: message text is empty");
}

#[test]
fn html_must_use_telegram_tags_closed_in_order_and_escape_ampersands() {
    assert_eq!(
        parse_html("<b>Python</b> &lt;senior&gt; <a href=\"https://hh.ru\">hh</a> &#1046;")
            .unwrap(),
        "Python <senior> hh Ж"
    );
    for (text, expected) in [
        ("a<br>b", "Unsupported start tag \"br\""),
        (
            "<b>x",
            "Can't find end tag corresponding to start tag \"b\"",
        ),
        ("<b><i>x</b></i>", "Unmatched end tag"),
        ("Рога & копыта", "Character entity expected"),
        ("1 < 2", "Can't find end of the tag"),
    ] {
        let err = parse_html(text).unwrap_err();
        assert!(err.contains(expected), "{text}: {err}");
    }
    let err = check_text("a<br>b", Some("HTML")).unwrap_err().description;
    assert!(
        err.starts_with("Bad Request: can't parse entities: Unsupported start tag"),
        "{err}"
    );
}

#[test]
fn callback_data_over_64_bytes_and_bad_urls_are_refused() {
    let rows = keyboard(Some(&card(&"a".repeat(64)))).unwrap();
    assert_eq!(rows[0][1].1, "https://hh.ru/vacancy/1");
    // 33 two-byte letters are 66 bytes although only 33 characters.
    for data in ["ж".repeat(33), "a".repeat(65), String::new()] {
        assert_eq!(
            keyboard(Some(&card(&data))).unwrap_err().description,
            "Bad Request: BUTTON_DATA_INVALID"
        );
    }
    let bad_url = json!({ "inline_keyboard": [[{ "text": "hh", "url": "hh.ru/vacancy/1" }]] });
    assert_eq!(
        keyboard(Some(&bad_url)).unwrap_err().description,
        "Bad Request: BUTTON_URL_INVALID"
    );
    let bare = json!({ "inline_keyboard": [[{ "text": "nothing" }]] });
    assert!(keyboard(Some(&bare)).is_err());
    let reply = json!({ "keyboard": [["Да", { "text": "Нет" }]] });
    assert_eq!(keyboard(Some(&reply)).unwrap()[0][0].0, "Да");
}

#[test]
fn violations_record_nothing_as_sent() {
    let mut state = State::default();
    let result = send(&mut state, "карточка", Some(card(&"x".repeat(65))));
    assert_eq!(description(result), "Bad Request: BUTTON_DATA_INVALID");
    assert!(state.records.sent.is_empty());
    assert!(state
        .chats
        .get(&CHAT)
        .is_none_or(|chat| chat.messages.is_empty()));
}

#[test]
fn messages_get_per_chat_ids_and_echo_their_keyboard() {
    let mut state = State::default();
    let user_message = state.queue_text(CHAT, "/recommend");
    let first = send(&mut state, "Первая", Some(card("apply:1"))).unwrap();
    let second = send(&mut state, "Вторая", None).unwrap();
    let other = call(
        &mut state,
        BOT,
        "sendmessage",
        &params(json!({ "chat_id": "7", "text": "x" })),
    )
    .unwrap();
    assert_eq!(user_message, 1);
    assert_eq!(first["message_id"], 2);
    assert_eq!(second["message_id"], 3);
    assert_eq!(other["message_id"], 1);
    assert_eq!(first["from"]["id"], BOT);
    assert_eq!(first["reply_markup"], card("apply:1"));
    assert!(second.get("reply_markup").is_none());
    let sent = &state.records.sent;
    assert_eq!(sent.len(), 3);
    assert_eq!(sent[0].button("Откликнуться"), Some("apply:1"));
    assert_eq!(sent[2].chat_id, 7);
}

#[test]
fn form_encoded_markup_is_parsed_like_json() {
    let mut state = State::default();
    let fields = json!({
        "chat_id": CHAT.to_string(),
        "text": "x",
        "reply_markup": card("a").to_string(),
    });
    call(&mut state, BOT, "sendmessage", &params(fields)).unwrap();
    assert_eq!(state.records.sent[0].buttons[0][0].1, "a");
}

#[test]
fn edits_update_the_message_and_refuse_no_change_and_strangers() {
    let mut state = State::default();
    let user_message = state.queue_text(CHAT, "привет");
    send(
        &mut state,
        "Проверяю вакансии: 0 из 400",
        Some(card("stop")),
    )
    .unwrap();
    let edit = |state: &mut State, text: &str, markup: Option<Value>| {
        let mut fields = json!({ "chat_id": CHAT, "message_id": 2, "text": text });
        if let Some(markup) = markup {
            fields["reply_markup"] = markup;
        }
        call(state, BOT, "editmessagetext", &params(fields))
    };
    let edited = edit(
        &mut state,
        "Проверяю вакансии: 140 из 400",
        Some(card("stop")),
    )
    .unwrap();
    assert_eq!(edited["text"], "Проверяю вакансии: 140 из 400");
    assert!(edited["edit_date"].is_i64());
    let same = edit(
        &mut state,
        "Проверяю вакансии: 140 из 400",
        Some(card("stop")),
    );
    assert!(description(same).starts_with("Bad Request: message is not modified"));
    // An edit without a keyboard removes it, as in Telegram.
    let done = edit(&mut state, "Проверено 400 вакансий", None).unwrap();
    assert!(done.get("reply_markup").is_none());
    let sent = &state.records.sent;
    assert_eq!(sent.len(), 3);
    assert_eq!(sent[2].method, Method::EditMessageText);
    assert_eq!(sent[2].message_id, 2);

    let missing = call(
        &mut state,
        BOT,
        "editmessagetext",
        &params(json!({ "chat_id": CHAT, "message_id": 99, "text": "x" })),
    );
    assert_eq!(
        description(missing),
        "Bad Request: message to edit not found"
    );
    let foreign = call(
        &mut state,
        BOT,
        "editmessagereplymarkup",
        &params(json!({ "chat_id": CHAT, "message_id": user_message, "reply_markup": card("x") })),
    );
    assert_eq!(description(foreign), "Bad Request: message can't be edited");
    let markup = call(
        &mut state,
        BOT,
        "editmessagereplymarkup",
        &params(json!({ "chat_id": CHAT, "message_id": 2, "reply_markup": card("again") })),
    )
    .unwrap();
    assert_eq!(markup["reply_markup"], card("again"));
    assert_eq!(state.records.sent.len(), 3, "markup edits are not texts");
}

#[test]
fn a_callback_query_is_answered_once() {
    let mut state = State::default();
    send(&mut state, "Карточка", Some(card("apply:1"))).unwrap();
    let id = state.queue_callback(CHAT, 1, "apply:1").unwrap();
    assert!(state.queue_callback(CHAT, 99, "x").is_none());
    let update = state.updates.back().unwrap();
    assert_eq!(update["callback_query"]["message"]["text"], "Карточка");
    assert_eq!(update["callback_query"]["from"]["id"], CHAT);
    let answer = |state: &mut State, text: &str| {
        call(
            state,
            BOT,
            "answercallbackquery",
            &params(json!({ "callback_query_id": id, "text": text })),
        )
    };
    assert_eq!(
        description(answer(&mut state, &"я".repeat(201))),
        "Bad Request: MESSAGE_TOO_LONG"
    );
    answer(&mut state, "Готово").unwrap();
    let twice = description(answer(&mut state, "Готово"));
    assert_eq!(
        twice,
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    );
    assert_eq!(state.records.answered.len(), 1);
    assert_eq!(state.records.answered[0].text.as_deref(), Some("Готово"));
    assert!(state.callbacks.iter().all(|callback| callback.answered));
}

#[test]
fn get_updates_forgets_what_the_offset_confirms() {
    let mut state = State::default();
    for text in ["a", "b", "c"] {
        state.queue_text(CHAT, text);
    }
    let ids = |updates: Vec<Value>| -> Vec<i64> {
        updates
            .iter()
            .map(|u| u["update_id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(
        ids(methods::take_updates(&mut state, &Params::default())),
        [1, 2, 3]
    );
    let limited = params(json!({ "offset": 2, "limit": 1 }));
    assert_eq!(ids(methods::take_updates(&mut state, &limited)), [2]);
    assert_eq!(
        ids(methods::take_updates(&mut state, &Params::default())),
        [2, 3]
    );
    let last = params(json!({ "offset": -1 }));
    assert_eq!(ids(methods::take_updates(&mut state, &last)), [3]);
    let past = params(json!({ "offset": "4" }));
    assert!(methods::take_updates(&mut state, &past).is_empty());
}

#[test]
fn commands_are_checked_and_returned() {
    let mut state = State::default();
    let set = |state: &mut State, commands: Value| {
        call(
            state,
            BOT,
            "setmycommands",
            &params(json!({ "commands": commands })),
        )
    };
    set(
        &mut state,
        json!([{ "command": "hh_status", "description": "Состояние" }]),
    )
    .unwrap();
    assert_eq!(
        call(&mut state, BOT, "getmycommands", &Params::default()).unwrap()[0]["command"],
        "hh_status"
    );
    let bad = set(
        &mut state,
        json!([{ "command": "HH-Status", "description": "x" }]),
    );
    assert_eq!(description(bad), "Bad Request: BOT_COMMAND_INVALID");
    let empty = set(
        &mut state,
        json!([{ "command": "help", "description": "" }]),
    );
    assert_eq!(
        description(empty),
        "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"
    );
}

#[test]
fn unknown_methods_succeed_and_deleting_twice_fails() {
    let mut state = State::default();
    assert_eq!(
        call(&mut state, BOT, "sendchataction", &Params::default()).unwrap(),
        json!(true)
    );
    send(&mut state, "x", None).unwrap();
    let delete = params(json!({ "chat_id": CHAT, "message_id": 1 }));
    call(&mut state, BOT, "deletemessage", &delete).unwrap();
    assert_eq!(
        description(call(&mut state, BOT, "deletemessage", &delete)),
        "Bad Request: message to delete not found"
    );
}

#[test]
fn refusals_come_for_the_method_asked_as_often_as_asked() {
    let mut state = State::default();
    state.refusals.insert(
        "answercallbackquery".to_owned(),
        (
            1,
            "query is too old and response timeout expired or query ID is invalid".to_owned(),
        ),
    );
    assert!(state.queue_callback(CHAT, 1, "a:1").is_none());
    send(&mut state, "карточка", Some(card("a:1"))).unwrap();
    let id = state.queue_callback(CHAT, 1, "a:1").unwrap();
    let answer = || params(json!({ "callback_query_id": id }));
    // Other methods are not refused.
    assert!(send(&mut state, "ещё", None).is_ok());
    assert_eq!(
        description(call(&mut state, BOT, "answercallbackquery", &answer())),
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    );
    assert!(state.records.answered.is_empty());
    // Only once: the next answer goes through.
    assert!(call(&mut state, BOT, "answercallbackquery", &answer()).is_ok());
    assert_eq!(state.records.answered.len(), 1);
}
