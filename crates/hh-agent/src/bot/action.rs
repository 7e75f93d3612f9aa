//! What a button does: [`Action`] and its `callback_data` form, at most 64 bytes as
//! Telegram demands, parsed back strictly (anything else is [`None`]).
//!
//! It does not perform actions; `buttons` does.

use crate::resume::Field;

/// Telegram's limit for `callback_data`, in bytes.
pub const MAX_CALLBACK_DATA: usize = 64;

/// One button's meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// «Откликнуться»: prepare the application (letter preview and confirmation).
    Apply(String),
    /// «Отправить»: apply with the drafted letter.
    Send(String),
    /// «Без письма»: apply without a letter.
    SendBare(String),
    /// «Изменить письмо»: the next message replaces the draft.
    EditLetter(String),
    /// «Письмо»: show the drafted letter.
    Letter(String),
    /// «Скрыть»: never show this vacancy again.
    Hide(String),
    /// «Я откликнулся»: the user applied on hh.ru themselves (link-only mode).
    Applied(String),
    /// Another page of a result list.
    Page { list: u32, page: u32 },
    /// Make this resume the active one.
    Resume(String),
    /// Send the authorization link.
    Auth,
    /// Confirm /hh_logout.
    Logout,
    /// Close a question without doing anything.
    Cancel,
    /// Run /recommend.
    Recommend,
    /// A settings toggle.
    Setting(Toggle),
    /// Correct one field of the profile read from the resume (the next message is the
    /// value).
    Correct(Field),
    /// Drop every correction.
    Uncorrect,
    /// Show the kept resume's text.
    ResumeText,
}

/// The `callback_data` names of the profile's fields.
const FIELDS: [(Field, &str); 7] = [
    (Field::Title, "title"),
    (Field::Skills, "skills"),
    (Field::Experience, "exp"),
    (Field::Salary, "salary"),
    (Field::City, "city"),
    (Field::Formats, "formats"),
    (Field::Relocation, "reloc"),
];

/// The settings a button changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toggle {
    /// Start the auto mode's dry run (the confirmation is [`Toggle::AutoOn`]).
    AutoTry,
    /// Turn auto mode on after the dry run.
    AutoOn,
    /// Back to manual mode.
    Manual,
    /// Resume bump on or off.
    Bump,
    /// Remote-only on or off.
    Remote,
    /// Minimum score up or down by 5.
    ScoreUp,
    ScoreDown,
    /// Daily cap up or down by 10.
    CapUp,
    CapDown,
}

const TOGGLES: [(Toggle, &str); 9] = [
    (Toggle::AutoTry, "auto?"),
    (Toggle::AutoOn, "auto!"),
    (Toggle::Manual, "manual"),
    (Toggle::Bump, "bump"),
    (Toggle::Remote, "remote"),
    (Toggle::ScoreUp, "score+"),
    (Toggle::ScoreDown, "score-"),
    (Toggle::CapUp, "cap+"),
    (Toggle::CapDown, "cap-"),
];

impl Action {
    /// The `callback_data`; `None` when an id would not fit or has odd characters, so a
    /// button is never built with data Telegram refuses.
    pub fn encode(&self) -> Option<String> {
        let data = match self {
            Action::Apply(id) => with_id("a", id)?,
            Action::Send(id) => with_id("s", id)?,
            Action::SendBare(id) => with_id("b", id)?,
            Action::EditLetter(id) => with_id("e", id)?,
            Action::Letter(id) => with_id("l", id)?,
            Action::Hide(id) => with_id("h", id)?,
            Action::Applied(id) => with_id("m", id)?,
            Action::Resume(id) => with_id("r", id)?,
            Action::Page { list, page } => format!("p:{list}:{page}"),
            Action::Auth => "auth".to_owned(),
            Action::Logout => "logout".to_owned(),
            Action::Cancel => "x".to_owned(),
            Action::Recommend => "rec".to_owned(),
            Action::Setting(toggle) => {
                let (_, name) = TOGGLES.iter().find(|(t, _)| t == toggle)?;
                format!("set:{name}")
            }
            Action::Correct(field) => {
                let (_, name) = FIELDS.iter().find(|(f, _)| f == field)?;
                format!("cv:{name}")
            }
            Action::Uncorrect => "cv:reset".to_owned(),
            Action::ResumeText => "cv:text".to_owned(),
        };
        (data.len() <= MAX_CALLBACK_DATA).then_some(data)
    }

    /// Parses `callback_data` made by [`Action::encode`].
    pub fn decode(data: &str) -> Option<Action> {
        if data.len() > MAX_CALLBACK_DATA {
            return None;
        }
        match data {
            "auth" => return Some(Action::Auth),
            "logout" => return Some(Action::Logout),
            "x" => return Some(Action::Cancel),
            "rec" => return Some(Action::Recommend),
            "cv:reset" => return Some(Action::Uncorrect),
            "cv:text" => return Some(Action::ResumeText),
            _ => {}
        }
        let (kind, rest) = data.split_once(':')?;
        let id = || valid_id(rest).then(|| rest.to_owned());
        Some(match kind {
            "a" => Action::Apply(id()?),
            "s" => Action::Send(id()?),
            "b" => Action::SendBare(id()?),
            "e" => Action::EditLetter(id()?),
            "l" => Action::Letter(id()?),
            "h" => Action::Hide(id()?),
            "m" => Action::Applied(id()?),
            "r" => Action::Resume(id()?),
            "p" => {
                let (list, page) = rest.split_once(':')?;
                Action::Page {
                    list: list.parse().ok()?,
                    page: page.parse().ok()?,
                }
            }
            "set" => {
                let (toggle, _) = TOGGLES.iter().find(|(_, name)| *name == rest)?;
                Action::Setting(*toggle)
            }
            "cv" => {
                let (field, _) = FIELDS.iter().find(|(_, name)| *name == rest)?;
                Action::Correct(*field)
            }
            _ => return None,
        })
    }
}

fn with_id(kind: &str, id: &str) -> Option<String> {
    valid_id(id).then(|| format!("{kind}:{id}"))
}

/// hh.ru ids are digits (vacancies) or hex (resumes); nothing else goes into a button.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_CALLBACK_DATA - 2
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_round_trips_within_64_bytes() {
        let long_resume = "a".repeat(38);
        let mut actions = vec![
            Action::Apply("123456789".into()),
            Action::Send("1".into()),
            Action::SendBare("2".into()),
            Action::EditLetter("3".into()),
            Action::Letter("4".into()),
            Action::Hide("5".into()),
            Action::Applied("6".into()),
            Action::Resume(long_resume),
            Action::Page {
                list: u32::MAX,
                page: u32::MAX,
            },
            Action::Auth,
            Action::Logout,
            Action::Cancel,
            Action::Recommend,
        ];
        actions.extend(TOGGLES.iter().map(|(toggle, _)| Action::Setting(*toggle)));
        actions.extend(Field::ALL.iter().map(|field| Action::Correct(*field)));
        actions.extend([Action::Uncorrect, Action::ResumeText]);
        for action in actions {
            let data = action.encode().unwrap();
            assert!(data.len() <= MAX_CALLBACK_DATA, "{data}");
            assert_eq!(Action::decode(&data), Some(action), "{data}");
        }
    }

    #[test]
    fn odd_ids_and_foreign_data_are_refused() {
        assert_eq!(Action::Apply("1:2".into()).encode(), None);
        assert_eq!(Action::Apply(String::new()).encode(), None);
        assert_eq!(Action::Apply("9".repeat(63)).encode(), None);
        for data in [
            "",
            "a:",
            "a:1 2",
            "z:1",
            "p:1",
            "p:x:1",
            "set:everything",
            "cv:name",
            "a:ё",
            &"a".repeat(65),
        ] {
            assert_eq!(Action::decode(data), None, "{data}");
        }
    }
}
