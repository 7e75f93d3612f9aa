//! What the app may do now, in one plain Russian line for `/start`, `/hh_status` and
//! `hh status`: how it searches (with the login or the app's own token) and how it
//! applies (through hh.ru's API or by a link the user opens), and why. The probe
//! (`hh::Client::probe`) decides; this only words its answer.

use crate::hh::{AuthError, Bearer, Capability, Error, Limit};

/// The one line for `capability`: «Доступ: …».
pub fn describe(capability: &Capability) -> String {
    format!("Доступ: {}", what(capability))
}

/// The line without its «Доступ:» label, for a place that names it already
/// (`hh doctor`'s check).
pub fn what(capability: &Capability) -> String {
    match capability {
        Capability::Applicant { name, search } => format!(
            "вход на hh.ru — «{name}». Поиск {}, отклики — через API hh.ru.",
            searching(*search)
        ),
        Capability::ApplicationOnly { limit, search } => format!(
            "поиск {}, отклики — по ссылке на hh.ru (письмо я подготовлю): {}.",
            searching(*search),
            why(limit)
        ),
        Capability::Nothing(err) => nothing(err),
    }
}

/// Why nothing works now, in words a person can act on (never the English error).
fn nothing(err: &Error) -> String {
    match err {
        Error::Forbidden { .. } => "hh.ru не даёт искать без ключа приложения: положите секрет приложения (hh-client-secret) в учётные данные — с ним поиск работает и без входа.".to_owned(),
        Error::Auth(AuthError::ApplicationNotFound) => "hh.ru не знает этого приложения: зарегистрируйте его заново на dev.hh.ru и обновите client_id.".to_owned(),
        Error::Auth(_) | Error::NoToken(_) => "hh.ru не принял ни вход, ни ключ приложения — войдите заново: /hh_auth в боте или hh login.".to_owned(),
        Error::Captcha(_) => "hh.ru просит пройти капчу: откройте hh.ru в браузере и пройдите проверку.".to_owned(),
        Error::RateLimited { .. } => "hh.ru просит паузу в запросах — проверю позже.".to_owned(),
        Error::Network(_) | Error::Uncertain(_) => "нет связи с hh.ru — проверю позже.".to_owned(),
        Error::NotFound
        | Error::BadArgument { .. }
        | Error::Server { .. }
        | Error::InvalidJson { .. }
        | Error::Rejected { .. } => "hh.ru сейчас отвечает с ошибкой — проверю позже.".to_owned(),
    }
}

fn searching(search: Bearer) -> &'static str {
    match search {
        Bearer::User => "— с вашим входом",
        Bearer::Application => "— с ключом приложения",
        Bearer::Anonymous => "— без ключа (hh.ru может ограничить)",
    }
}

fn why(limit: &Limit) -> String {
    match limit {
        Limit::NoLogin => "вход на hh.ru не выполнен — /hh_auth в боте или hh login, если ваше приложение допущено к методам соискателя".to_owned(),
        Limit::LoginRefused(_) => "hh.ru не принял ваш вход — войдите заново: /hh_auth в боте или hh login".to_owned(),
        Limit::NotApplicant(kind) => format!("этот вход — не соискателя ({kind})"),
        Limit::ApplicantMethodsRefused(_) => "hh.ru с декабря 2025 года не даёт обычным приложениям методы соискателя (резюме, отклики)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_capability_has_its_line() {
        let lines = [
            describe(&Capability::Applicant {
                name: "Андрей Волков".into(),
                search: Bearer::User,
            }),
            describe(&Capability::Applicant {
                name: "Андрей Волков".into(),
                search: Bearer::Application,
            }),
            describe(&Capability::ApplicationOnly {
                limit: Limit::NoLogin,
                search: Bearer::Application,
            }),
            describe(&Capability::ApplicationOnly {
                limit: Limit::ApplicantMethodsRefused("403 forbidden".into()),
                search: Bearer::User,
            }),
            describe(&Capability::ApplicationOnly {
                limit: Limit::LoginRefused("token_revoked".into()),
                search: Bearer::Application,
            }),
            describe(&Capability::Nothing(Error::Server { status: 503 })),
            describe(&Capability::Nothing(Error::Forbidden {
                summary: "forbidden".into(),
            })),
            describe(&Capability::Nothing(Error::Network("timed out".into()))),
        ];
        assert!(lines[0].contains("через API hh.ru") && lines[0].contains("с вашим входом"));
        assert!(lines[1].contains("с ключом приложения"));
        assert!(
            lines[2].contains("по ссылке на hh.ru")
                && lines[2].contains("вход на hh.ru не выполнен")
        );
        assert!(lines[3].contains("с декабря 2025 года"));
        assert!(lines[4].contains("/hh_auth"));
        assert!(lines[6].contains("hh-client-secret"));
        // Russian only: no English error text inside the line.
        for line in &lines[5..] {
            assert!(
                !line.contains("forbidden") && !line.contains("timed out"),
                "{line}"
            );
        }
        let mut unique = lines.to_vec();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), lines.len());
        for line in &lines {
            assert!(
                line.starts_with("Доступ: ") && !line.contains('\n'),
                "{line}"
            );
        }
    }
}
