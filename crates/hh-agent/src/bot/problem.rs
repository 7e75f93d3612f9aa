//! Why the bot cannot do what was asked ([`Problem`]) and hh.ru's failures in Russian
//! ([`hh_message`]), with whether authorizing again would help.
//!
//! Words only: sending them is `send::problem`'s.

use tracing::warn;

use crate::applying;
use crate::hh::{self, AuthError};
use crate::ledger;
use crate::letter::Rejection;

/// Why the bot cannot do what was asked; each has its Russian words.
#[derive(Debug)]
pub enum Problem {
    /// No usable token file.
    NotAuthorized,
    /// No resume: neither an hh.ru one nor pasted text.
    NoResume,
    /// Several hh.ru resumes and none chosen.
    ChooseResume,
    /// hh.ru refused or failed.
    Hh(hh::Error),
    /// The ledger failed.
    Ledger(ledger::Error),
    /// The letter failed its checks.
    Letter(Rejection),
    /// An earlier application to the vacancy forbids a new one.
    Applied(Earlier),
}

/// What is known of an earlier application to a vacancy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Earlier {
    /// It reached hh.ru (or the user applied on the site).
    Sent,
    /// It was sent but its answer was lost: it may have arrived; hh.ru is being asked.
    Unsure,
    /// The employer takes applications on its own site.
    EmployerSite,
}

impl From<hh::Error> for Problem {
    fn from(err: hh::Error) -> Problem {
        match err {
            hh::Error::NoToken(_) => Problem::NotAuthorized,
            other => Problem::Hh(other),
        }
    }
}

impl From<ledger::Error> for Problem {
    fn from(err: ledger::Error) -> Problem {
        Problem::Ledger(err)
    }
}

impl From<applying::Error> for Problem {
    fn from(err: applying::Error) -> Problem {
        match err {
            applying::Error::Ledger(err) => Problem::Ledger(err),
            applying::Error::Hh(err) => err.into(),
        }
    }
}

impl Problem {
    /// What to tell the user.
    pub fn message(&self) -> String {
        match self {
            Problem::NotAuthorized => {
                "Нет доступа к hh.ru: авторизуйтесь командой /hh_auth.".to_owned()
            }
            Problem::NoResume => "Нет резюме: пришлите его файлом (PDF, DOCX, RTF или TXT — на hh.ru «Скачать» на странице резюме) или текстом командой /reset. Если hh.ru даёт вашему приложению доступ к резюме, можно выбрать его командой /hh_resumes.".to_owned(),
            Problem::ChooseResume => {
                "У вас несколько резюме на hh.ru — выберите активное: /hh_resumes.".to_owned()
            }
            Problem::Hh(err) => hh_message(err),
            Problem::Ledger(err) => {
                warn!(%err, "ledger failed");
                match err {
                    ledger::Error::Full => "Диск сервера заполнен: запись не сохранена. Освободите место и повторите.".to_owned(),
                    _ => "Не удалось прочитать или записать журнал откликов; подробности — в журнале hh-bot.".to_owned(),
                }
            }
            Problem::Applied(Earlier::Sent) => {
                "На эту вакансию вы уже откликались — повторно не отправляю.".to_owned()
            }
            Problem::Applied(Earlier::Unsure) => "Не знаю, дошёл ли отклик на эту вакансию — проверяю по списку откликов hh.ru. Повторно не отправляю, пока не выясню.".to_owned(),
            Problem::Applied(Earlier::EmployerSite) => "Эта вакансия принимает отклики на сайте работодателя — откройте её на hh.ru.".to_owned(),
            Problem::Letter(rejection) => format!(
                "Письмо не прошло проверку: {}",
                rejection.describe(crate::letter::Language::Russian)
            ),
        }
    }

    /// Whether re-authorizing would help (the message gets an /hh_auth button).
    pub fn needs_auth(&self) -> bool {
        matches!(
            self,
            Problem::NotAuthorized
                | Problem::Hh(hh::Error::Auth(
                    AuthError::TokenRevoked | AuthError::BadAuthorization | AuthError::TokenExpired
                ))
        )
    }
}

/// hh.ru's failures in Russian.
pub fn hh_message(err: &hh::Error) -> String {
    match err {
        hh::Error::Auth(AuthError::UserAuthExpected) => {
            "hh.ru ждёт авторизацию пользователя: /hh_auth.".to_owned()
        }
        hh::Error::Auth(AuthError::ApplicationNotFound) => {
            "Приложение удалено на dev.hh.ru: зарегистрируйте его заново и обновите client_id."
                .to_owned()
        }
        hh::Error::Auth(_) => "hh.ru не принял токен: авторизуйтесь заново — /hh_auth.".to_owned(),
        hh::Error::Captcha(_) => {
            "hh.ru просит пройти капчу: откройте hh.ru в браузере и повторите.".to_owned()
        }
        hh::Error::RateLimited { .. } => {
            "hh.ru просит сделать паузу в запросах; попробуйте через несколько минут.".to_owned()
        }
        hh::Error::NotFound => "На hh.ru такого нет (удалено или скрыто).".to_owned(),
        hh::Error::BadArgument { name, .. } => {
            format!("hh.ru не принял параметр «{name}».")
        }
        hh::Error::Forbidden { .. } => "hh.ru не разрешает вашему приложению этот метод (доступ соискателя ограничен): поиск работает, откликаться — по ссылке на hh.ru.".to_owned(),
        hh::Error::Server { .. } | hh::Error::InvalidJson { .. } | hh::Error::Rejected { .. } => {
            "hh.ru сейчас отвечает с ошибкой; попробуйте позже.".to_owned()
        }
        hh::Error::Network(_) => "Нет связи с hh.ru; попробуйте позже.".to_owned(),
        hh::Error::Uncertain(_) => {
            "Связь с hh.ru оборвалась посреди запроса; проверю результат позже.".to_owned()
        }
        hh::Error::NoToken(_) => "Нет доступа к hh.ru: авторизуйтесь командой /hh_auth.".to_owned(),
    }
}
