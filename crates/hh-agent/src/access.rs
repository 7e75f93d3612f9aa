//! What the app may do now, in one plain Russian line for `/start`, `/hh_status` and
//! `hh status`: how it searches (with the login or the app's own token) and how it
//! applies (through hh.ru's API or by a link the user opens), and why. The probe
//! (`hh::Client::probe`) decides; this only words its answer.

use crate::hh::{Bearer, Capability, Limit};

/// The one line for `capability`.
pub fn describe(capability: &Capability) -> String {
    match capability {
        Capability::Applicant { name, search } => format!(
            "Доступ: вход на hh.ru — «{name}». Поиск {}, отклики — через API hh.ru.",
            searching(*search)
        ),
        Capability::ApplicationOnly { limit, search } => format!(
            "Доступ: поиск {}, отклики — по ссылке на hh.ru (письмо я подготовлю): {}.",
            searching(*search),
            why(limit)
        ),
        Capability::Nothing(err) => format!(
            "Доступ: hh.ru сейчас не отвечает на поиск ({}) — проверю позже.",
            short(&err.to_string())
        ),
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
        Limit::NoLogin => "вход на hh.ru не выполнен — /hh_auth, если ваше приложение допущено к методам соискателя".to_owned(),
        Limit::LoginRefused(_) => "hh.ru не принял ваш вход — войдите заново: /hh_auth".to_owned(),
        Limit::NotApplicant(kind) => format!("этот вход — не соискателя ({kind})"),
        Limit::ApplicantMethodsRefused(_) => "hh.ru с декабря 2025 года не даёт обычным приложениям методы соискателя (резюме, отклики)".to_owned(),
    }
}

/// The first 80 characters of an error, for a line a person reads.
fn short(text: &str) -> String {
    let mut out: String = text.chars().take(80).collect();
    if text.chars().count() > 80 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hh::Error;

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
        ];
        assert!(lines[0].contains("через API hh.ru") && lines[0].contains("с вашим входом"));
        assert!(lines[1].contains("с ключом приложения"));
        assert!(
            lines[2].contains("по ссылке на hh.ru")
                && lines[2].contains("вход на hh.ru не выполнен")
        );
        assert!(lines[3].contains("с декабря 2025 года"));
        assert!(lines[4].contains("/hh_auth"));
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
