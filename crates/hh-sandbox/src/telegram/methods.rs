//! The Bot API methods the emulator answers and the Telegram limits they enforce: message
//! length and emptiness (after HTML parsing), callback data size, button urls, callback
//! queries answered once, edits that change nothing, command names.
//!
//! Pure functions over the emulator's state; requests, long polling and the control API
//! are `http`'s.

use serde_json::{json, Map, Value};

use super::{chat_object, unix_now, Answer, Method, Sent, State};

/// The longest message text, in UTF-16 code units after entity parsing.
pub const MAX_TEXT_UTF16: usize = 4096;
/// The largest `callback_data`, in bytes.
pub const MAX_CALLBACK_DATA: usize = 64;
/// The longest callback answer text, in characters.
pub const MAX_ANSWER_TEXT: usize = 200;
/// The most updates one `getUpdates` returns.
const MAX_UPDATES: usize = 100;

const NOT_MODIFIED: &str = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
const QUERY_INVALID: &str = "query is too old and response timeout expired or query ID is invalid";

/// The HTML tags Telegram's `parse_mode=HTML` accepts.
const HTML_TAGS: &[&str] = &[
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
];

/// A refused request: Telegram's `error_code` and `description`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: u16,
    pub description: String,
    /// `parameters.retry_after` of a 429, in seconds.
    pub retry_after: Option<u32>,
}

/// `400 Bad Request: {what}`.
pub fn bad(what: impl std::fmt::Display) -> Refusal {
    Refusal {
        code: 400,
        description: format!("Bad Request: {what}"),
        retry_after: None,
    }
}

/// A method's parameters: a JSON body's fields, or form and query fields as strings (Telegram
/// accepts both, and JSON-encoded objects inside form fields).
#[derive(Debug, Default, Clone)]
pub struct Params(pub Map<String, Value>);

impl Params {
    fn str(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(Value::as_str)
    }

    /// An integer given as a JSON number or a decimal string.
    pub fn i64(&self, key: &str) -> Option<i64> {
        match self.0.get(key)? {
            Value::Number(number) => number.as_i64(),
            Value::String(text) => text.trim().parse().ok(),
            _ => None,
        }
    }

    fn bool(&self, key: &str) -> bool {
        match self.0.get(key) {
            Some(Value::Bool(value)) => *value,
            Some(Value::String(text)) => text == "true",
            _ => false,
        }
    }

    /// An object or array given as JSON or as a JSON-encoded string.
    fn json(&self, key: &str) -> Result<Option<Value>, Refusal> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => serde_json::from_str(text)
                .map(Some)
                .map_err(|_| bad(format!("can't parse {key} JSON object"))),
            Some(value) => Ok(Some(value.clone())),
        }
    }

    /// A string, or a number written as one (ids arrive both ways).
    fn text(&self, key: &str) -> Option<String> {
        match self.0.get(key)? {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
    }
}

/// How long flood control asks to wait.
const FLOOD_WAIT_SECS: u32 = 1;

/// Answers every method but `getUpdates`; `bot` is the bot's user id (the token's prefix).
pub fn call(state: &mut State, bot: i64, method: &str, params: &Params) -> Result<Value, Refusal> {
    if let Some((count, description)) = state.refusals.get_mut(method).filter(|(n, _)| *n > 0) {
        // A refusal the test asked for (`Server::refuse`): nothing happens.
        *count -= 1;
        return Err(bad(description.as_str()));
    }
    match method {
        "getme" => Ok(json!({
            "id": bot, "is_bot": true, "first_name": "hh", "username": "hh_test_bot",
            "can_join_groups": false, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "can_connect_to_business": false,
            "has_main_web_app": false
        })),
        "sendmessage" if state.flood > 0 => {
            // Telegram's flood control: the message is not sent.
            state.flood -= 1;
            Err(Refusal {
                code: 429,
                description: format!("Too Many Requests: retry after {FLOOD_WAIT_SECS}"),
                retry_after: Some(FLOOD_WAIT_SECS),
            })
        }
        "sendmessage" => send_message(state, bot, params),
        "editmessagetext" => edit_message(state, params, true),
        "editmessagereplymarkup" => edit_message(state, params, false),
        "deletemessage" => {
            let (chat, id) = (chat_id(params)?, message_id(params)?);
            match state.chat(chat).messages.remove(&id) {
                Some(_) => Ok(json!(true)),
                None => Err(bad("message to delete not found")),
            }
        }
        "answercallbackquery" => answer_callback(state, params),
        "getfile" => super::files::get_file(state, params),
        "setmycommands" => {
            let commands = params.json("commands")?.unwrap_or(json!([]));
            check_commands(&commands)?;
            state.commands = commands;
            Ok(json!(true))
        }
        "getmycommands" => Ok(state.commands.clone()),
        "deletemycommands" => {
            state.commands = json!([]);
            Ok(json!(true))
        }
        "getwebhookinfo" => Ok(json!({
            "url": "", "has_custom_certificate": false,
            "pending_update_count": state.updates.len(),
        })),
        "deletewebhook" => {
            if params.bool("drop_pending_updates") {
                state.updates.clear();
            }
            Ok(json!(true))
        }
        _ => Ok(json!(true)),
    }
}

/// `getUpdates` without the wait: forgets the updates `offset` confirms (a negative offset
/// keeps only the last `-offset`), then returns at most `limit` of the rest.
pub fn take_updates(state: &mut State, params: &Params) -> Vec<Value> {
    let offset = params.i64("offset").unwrap_or(0);
    if offset > 0 {
        state
            .updates
            .retain(|update| update["update_id"].as_i64().unwrap_or(0) >= offset);
    } else if offset < 0 {
        let keep = usize::try_from(offset.unsigned_abs()).unwrap_or(usize::MAX);
        let drop = state.updates.len().saturating_sub(keep);
        state.updates.drain(..drop);
    }
    let limit = params
        .i64("limit")
        .and_then(|limit| usize::try_from(limit).ok())
        .filter(|&limit| limit > 0)
        .unwrap_or(MAX_UPDATES)
        .min(MAX_UPDATES);
    state.updates.iter().take(limit).cloned().collect()
}

fn chat_id(params: &Params) -> Result<i64, Refusal> {
    match params.0.get("chat_id") {
        None => Err(bad("chat_id is empty")),
        Some(_) => params.i64("chat_id").ok_or_else(|| bad("chat not found")),
    }
}

fn message_id(params: &Params) -> Result<i64, Refusal> {
    params
        .i64("message_id")
        .ok_or_else(|| bad("message identifier is not specified"))
}

/// The record of a message sent or edited: `(chat, message id)`, `(text, parse mode)`.
fn sent(
    method: Method,
    (chat_id, message_id): (i64, i64),
    (text, parse_mode): (&str, Option<&str>),
    buttons: Vec<Vec<(String, String)>>,
    reply_markup: Option<Value>,
) -> Sent {
    Sent {
        method,
        chat_id,
        message_id,
        text: text.to_owned(),
        parse_mode: parse_mode.map(str::to_owned),
        buttons,
        reply_markup,
    }
}

fn send_message(state: &mut State, bot: i64, params: &Params) -> Result<Value, Refusal> {
    let chat = chat_id(params)?;
    let text = params.str("text").unwrap_or_default();
    let parse_mode = params.str("parse_mode");
    let visible = check_text(text, parse_mode)?;
    let markup = params.json("reply_markup")?;
    let buttons = keyboard(markup.as_ref())?;
    let stored = state.chat(chat);
    stored.last_message_id += 1;
    let id = stored.last_message_id;
    let mut message = json!({
        "message_id": id,
        "date": unix_now(),
        "chat": chat_object(chat),
        "from": { "id": bot, "is_bot": true, "first_name": "hh", "username": "hh_test_bot" },
        "text": visible,
    });
    if let Some(inline) = inline_markup(markup.as_ref()) {
        message["reply_markup"] = inline;
    }
    stored.messages.insert(id, message.clone());
    state.records.sent.push(sent(
        Method::SendMessage,
        (chat, id),
        (text, parse_mode),
        buttons,
        markup,
    ));
    Ok(message)
}

/// `editMessageText` (`with_text`) or `editMessageReplyMarkup`: as Telegram, an edit
/// without `reply_markup` removes the inline keyboard, and an edit that changes nothing
/// is refused.
fn edit_message(state: &mut State, params: &Params, with_text: bool) -> Result<Value, Refusal> {
    if params.0.contains_key("inline_message_id") {
        return Ok(json!(true));
    }
    let (chat, id) = (chat_id(params)?, message_id(params)?);
    let text = params.str("text").unwrap_or_default();
    let parse_mode = params.str("parse_mode");
    let visible = if with_text {
        Some(check_text(text, parse_mode)?)
    } else {
        None
    };
    let markup = params.json("reply_markup")?;
    let buttons = keyboard(markup.as_ref())?;
    let new_markup = inline_markup(markup.as_ref());
    let stored = state
        .chat(chat)
        .messages
        .get_mut(&id)
        .ok_or_else(|| bad("message to edit not found"))?;
    if stored["from"]["is_bot"] != json!(true) {
        return Err(bad("message can't be edited"));
    }
    let same_text = visible
        .as_ref()
        .is_none_or(|visible| stored["text"] == *visible);
    if same_text && stored.get("reply_markup") == new_markup.as_ref() {
        return Err(bad(NOT_MODIFIED));
    }
    if let Some(visible) = visible {
        stored["text"] = json!(visible);
    }
    match new_markup {
        Some(inline) => stored["reply_markup"] = inline,
        None => {
            stored
                .as_object_mut()
                .map(|fields| fields.remove("reply_markup"));
        }
    }
    stored["edit_date"] = json!(unix_now());
    let message = stored.clone();
    if with_text {
        state.records.sent.push(sent(
            Method::EditMessageText,
            (chat, id),
            (text, parse_mode),
            buttons,
            markup,
        ));
    }
    Ok(message)
}

fn answer_callback(state: &mut State, params: &Params) -> Result<Value, Refusal> {
    let id = params.text("callback_query_id").unwrap_or_default();
    let text = params.str("text").map(str::to_owned);
    if text
        .as_ref()
        .is_some_and(|text| text.chars().count() > MAX_ANSWER_TEXT)
    {
        return Err(bad("MESSAGE_TOO_LONG"));
    }
    let callback = state
        .callbacks
        .iter_mut()
        .find(|callback| callback.id == id && !callback.answered)
        .ok_or_else(|| bad(QUERY_INVALID))?;
    callback.answered = true;
    state.records.answered.push(Answer {
        callback_query_id: id,
        text,
        show_alert: params.bool("show_alert"),
        url: params.str("url").map(str::to_owned),
    });
    Ok(json!(true))
}

fn check_commands(commands: &Value) -> Result<(), Refusal> {
    let commands = commands
        .as_array()
        .ok_or_else(|| bad("field \"commands\" must be an Array"))?;
    if commands.len() > 100 {
        return Err(bad("BOT_COMMANDS_TOO_MUCH"));
    }
    for command in commands {
        let name = command["command"].as_str().unwrap_or_default();
        let name = name.strip_prefix('/').unwrap_or(name);
        let valid = (1..=32).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid {
            return Err(bad("BOT_COMMAND_INVALID"));
        }
        let description = command["description"].as_str().unwrap_or_default();
        if !(1..=256).contains(&description.chars().count()) {
            return Err(bad("BOT_COMMAND_DESCRIPTION_INVALID"));
        }
    }
    Ok(())
}

/// The text a person sees, or Telegram's refusal: entities must parse, the visible text
/// must not be blank and must fit [`MAX_TEXT_UTF16`].
pub fn check_text(text: &str, parse_mode: Option<&str>) -> Result<String, Refusal> {
    let visible = match parse_mode.map(str::to_ascii_lowercase).as_deref() {
        Some("html") => {
            parse_html(text).map_err(|err| bad(format!("can't parse entities: {err}")))?
        }
        // Markdown is counted as written: stricter than Telegram, never looser.
        _ => text.to_owned(),
    };
    if visible.trim().is_empty() {
        return Err(bad("message text is empty"));
    }
    if visible.encode_utf16().count() > MAX_TEXT_UTF16 {
        return Err(bad("message is too long"));
    }
    Ok(visible)
}

/// The visible text of Telegram HTML: only its tags, closed in order, and `&lt;`, `&gt;`,
/// `&amp;`, `&quot;` and numeric entities; a bare `&` or `<` is an error, as documented.
pub fn parse_html(text: &str) -> Result<String, String> {
    let mut visible = String::with_capacity(text.len());
    let mut open: Vec<String> = Vec::new();
    let mut offset = 0;
    while offset < text.len() {
        let rest = &text[offset..];
        let Some(c) = rest.chars().next() else { break };
        match c {
            '<' => {
                let end = rest.find('>').ok_or_else(|| {
                    format!("Can't find end of the tag starting at byte offset {offset}")
                })?;
                let tag = &rest[1..end];
                if let Some(name) = tag.strip_prefix('/') {
                    let name = name.trim().to_ascii_lowercase();
                    match open.pop() {
                        Some(expected) if expected == name => {}
                        Some(expected) => {
                            return Err(format!(
                                "Unmatched end tag at byte offset {offset}, expected \"</{expected}>\", found \"</{name}>\""
                            ))
                        }
                        None => return Err(format!("Unexpected end tag at byte offset {offset}")),
                    }
                } else {
                    let name = tag
                        .split(|c: char| c.is_whitespace() || c == '/')
                        .next()
                        .unwrap_or_default()
                        .to_ascii_lowercase();
                    if !HTML_TAGS.contains(&name.as_str()) {
                        return Err(format!(
                            "Unsupported start tag \"{name}\" at byte offset {offset}"
                        ));
                    }
                    open.push(name);
                }
                offset += end + 1;
            }
            '&' => {
                let entity = rest
                    .char_indices()
                    .take(12)
                    .find(|&(_, c)| c == ';')
                    .and_then(|(end, _)| Some((decode_entity(&rest[1..end])?, end)));
                let (decoded, end) = entity
                    .ok_or_else(|| format!("Character entity expected at byte offset {offset}"))?;
                visible.push(decoded);
                offset += end + 1;
            }
            c => {
                visible.push(c);
                offset += c.len_utf8();
            }
        }
    }
    match open.pop() {
        Some(name) => Err(format!(
            "Can't find end tag corresponding to start tag \"{name}\""
        )),
        None => Ok(visible),
    }
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// The markup's inline keyboard, echoed in the message (reply keyboards are not).
fn inline_markup(markup: Option<&Value>) -> Option<Value> {
    let markup = markup?;
    markup.get("inline_keyboard")?;
    Some(markup.clone())
}

/// The keyboard's rows as `(text, callback_data or url)`, checked as Telegram checks them.
pub fn keyboard(markup: Option<&Value>) -> Result<Vec<Vec<(String, String)>>, Refusal> {
    let Some(markup) = markup else {
        return Ok(Vec::new());
    };
    let (rows, inline) = match (markup.get("inline_keyboard"), markup.get("keyboard")) {
        (Some(rows), _) => (rows, true),
        (None, Some(rows)) => (rows, false),
        // remove_keyboard, force_reply.
        (None, None) => return Ok(Vec::new()),
    };
    let rows = rows
        .as_array()
        .ok_or_else(|| bad("can't parse reply keyboard markup JSON object"))?;
    rows.iter()
        .map(|row| {
            row.as_array()
                .ok_or_else(|| bad("can't parse reply keyboard markup JSON object"))?
                .iter()
                .map(|button| button_of(button, inline))
                .collect()
        })
        .collect()
}

fn button_of(button: &Value, inline: bool) -> Result<(String, String), Refusal> {
    if let Some(text) = button.as_str().filter(|_| !inline) {
        return Ok((text.to_owned(), String::new()));
    }
    let text = button["text"].as_str().unwrap_or_default().to_owned();
    if let Some(data) = button.get("callback_data") {
        let data = data.as_str().unwrap_or_default();
        if data.is_empty() || data.len() > MAX_CALLBACK_DATA {
            return Err(bad("BUTTON_DATA_INVALID"));
        }
        return Ok((text, data.to_owned()));
    }
    if let Some(url) = button.get("url") {
        let url = url.as_str().unwrap_or_default();
        let valid = ["https://", "http://", "tg://"]
            .iter()
            .any(|scheme| url.starts_with(scheme) && url.len() > scheme.len());
        if !valid {
            return Err(bad("BUTTON_URL_INVALID"));
        }
        return Ok((text, url.to_owned()));
    }
    let other = [
        "switch_inline_query",
        "web_app",
        "copy_text",
        "login_url",
        "pay",
    ]
    .iter()
    .any(|kind| button.get(*kind).is_some());
    if inline && !other {
        return Err(bad(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        ));
    }
    Ok((text, String::new()))
}
