//! The command line's words for what went wrong (the bot's problems, hh.ru's errors, the
//! ledger's failures) and for each outcome of an application, with the command to run
//! next. The bot says the same things with buttons; here the links are printed.
//!
//! Words only: deciding is `applying`'s and the bot context's.

use crate::bot::problem::Problem;
use crate::hh::types::Vacancy;
use crate::hh::{self, ApplyOutcome, AuthError};
use crate::ledger;
use crate::letter::Language;

/// Why a command cannot do what was asked.
pub fn problem(problem: &Problem) -> String {
    match problem {
        Problem::NotAuthorized => "нет входа на hh.ru: выполните hh login".to_owned(),
        Problem::NoResume => {
            "нет резюме: создайте его на hh.ru или укажите файл резюме: --resume ФАЙЛ".to_owned()
        }
        Problem::ChooseResume => "у вас несколько резюме на hh.ru, и активное не выбрано: выберите его в боте командой /hh_resumes или укажите файл: --resume ФАЙЛ".to_owned(),
        Problem::Hh(err) => hh_error(err),
        Problem::Ledger(err) => format!("журнал откликов: {}", ledger(err)),
        Problem::Letter(rejection) => format!(
            "письмо не прошло проверку: {}",
            rejection.describe(Language::Russian)
        ),
        Problem::Applied(_) => {
            let words = problem.message();
            let mut chars = words.chars();
            chars
                .next()
                .map(|first| first.to_lowercase().chain(chars).collect())
                .unwrap_or(words)
        }
    }
}

/// hh.ru's failures, with what to do.
pub fn hh_error(err: &hh::Error) -> String {
    match err {
        hh::Error::Auth(AuthError::UserAuthExpected) | hh::Error::NoToken(_) => {
            "нужен вход на hh.ru: выполните hh login".to_owned()
        }
        hh::Error::Auth(AuthError::ApplicationNotFound) => "приложение удалено на dev.hh.ru: зарегистрируйте его заново и обновите client_id в конфигурации".to_owned(),
        hh::Error::Auth(_) => "hh.ru не принял токен: войдите заново — hh login".to_owned(),
        hh::Error::Captcha(_) => "hh.ru просит пройти капчу: откройте hh.ru в браузере, пройдите проверку и повторите".to_owned(),
        hh::Error::RateLimited { .. } => "hh.ru просит сделать паузу в запросах: повторите через несколько минут".to_owned(),
        hh::Error::NotFound => "на hh.ru такого нет: удалено или скрыто".to_owned(),
        hh::Error::BadArgument { name, .. } => format!("hh.ru не принял параметр «{name}»"),
        hh::Error::Forbidden { .. } => "hh.ru не разрешает вашему приложению этот метод: доступ соискателя ограничен, поиск работает, откликаться — по ссылке на hh.ru".to_owned(),
        hh::Error::Server { .. } | hh::Error::InvalidJson { .. } | hh::Error::Rejected { .. } => "hh.ru сейчас отвечает с ошибкой: повторите позже".to_owned(),
        hh::Error::Network(_) => "нет связи с hh.ru: проверьте сеть и повторите".to_owned(),
        hh::Error::Uncertain(_) => "связь с hh.ru оборвалась посреди запроса: проверьте результат командой hh applications".to_owned(),
    }
}

/// The ledger's failures.
pub fn ledger(err: &ledger::Error) -> String {
    match err {
        ledger::Error::Open { .. } => "не открывается: проверьте, что каталог есть и доступен на запись этому пользователю (или запустите через sudo)".to_owned(),
        ledger::Error::Foreign { .. } => "это база другой программы: уберите файл или исправьте bot.state_dir".to_owned(),
        ledger::Error::Full => "диск заполнен, запись не сохранена: освободите место и повторите".to_owned(),
        ledger::Error::Corrupt { .. } => "файл повреждён: переместите его, и будет создан новый".to_owned(),
        _ => "не удалось прочитать или записать".to_owned(),
    }
}

/// One application's outcome in words, and whether it was sent.
pub fn outcome(vacancy: &Vacancy, attempt: &ApplyOutcome) -> (String, bool) {
    let title = vacancy.name.as_str();
    let page = vacancy.alternate_url.as_deref().unwrap_or("");
    let text = match attempt {
        ApplyOutcome::Applied { .. } => return (format!("Отклик на «{title}» отправлен."), true),
        ApplyOutcome::External { url } => format!("«{title}»: работодатель принимает отклики на своём сайте: {url}"),
        ApplyOutcome::AlreadyApplied => format!("На «{title}» вы уже откликались — повторно не отправляю."),
        ApplyOutcome::CurrentEmployer => format!("«{title}» — вакансия вашего текущего работодателя, отклик не отправлен."),
        ApplyOutcome::TestRequired => format!("У «{title}» тестовое задание: откликнуться можно только на сайте: {page}"),
        ApplyOutcome::Gone => format!("«{title}» в архиве или скрыта — отклик невозможен."),
        ApplyOutcome::LetterRequired => format!("«{title}»: работодатель требует сопроводительное письмо — отправьте без --no-letter."),
        ApplyOutcome::LetterTooLong => format!("Письмо к «{title}» длиннее 10 000 знаков — hh.ru такое не примет. Сократите его."),
        ApplyOutcome::LetterRejected { .. } => format!("hh.ru не принял письмо к «{title}»: сократите или измените его."),
        ApplyOutcome::ResumeUnavailable { .. } => format!("Резюме нельзя использовать для «{title}»: проверьте, опубликовано ли оно, или выберите другое в боте (/hh_resumes)."),
        ApplyOutcome::Captcha(captcha) => match captcha.url_for_user(if page.is_empty() { "https://hh.ru/" } else { page }) {
            Some(link) => format!("hh.ru просит подтвердить, что вы не робот: пройдите проверку по ссылке и повторите команду: {link}"),
            None => "hh.ru просит подтвердить, что вы не робот: откройте hh.ru в браузере и повторите команду.".to_owned(),
        },
        ApplyOutcome::DailyLimit { retry_after } => match retry_after {
            Some(wait) => format!("Лимит откликов исчерпан: новые отклики — не раньше чем через {}.", crate::report::human(chrono::Duration::from_std(*wait).unwrap_or(chrono::Duration::hours(24)))),
            None => "Лимит откликов исчерпан: новые отклики — когда освободится окно в 24 часа.".to_owned(),
        },
        ApplyOutcome::AuthFailed(_) => "hh.ru не принял токен: войдите заново — hh login.".to_owned(),
        ApplyOutcome::Refused { status, .. } => format!("hh.ru отказал в отклике на «{title}», код ответа {status}."),
        ApplyOutcome::Uncertain { .. } => format!("Связь с hh.ru оборвалась во время отклика на «{title}»: он мог дойти. Повторно не отправлю; проверьте командой hh applications."),
    };
    (text, false)
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn every_outcome_has_its_own_words_and_only_applied_counts_as_sent() {
        let vacancy = Vacancy {
            id: "77".into(),
            name: "Rust-разработчик".into(),
            alternate_url: Some("https://hh.ru/vacancy/77".into()),
            ..Vacancy::default()
        };
        let attempts = crate::hh::every_outcome();
        let words: Vec<(String, bool)> = attempts
            .iter()
            .map(|attempt| outcome(&vacancy, attempt))
            .collect();
        let mut texts: Vec<&String> = words.iter().map(|(text, _)| text).collect();
        texts.sort();
        texts.dedup();
        assert_eq!(texts.len(), attempts.len(), "{words:#?}");
        let sent: Vec<bool> = words.iter().map(|(_, sent)| *sent).collect();
        assert_eq!(sent.iter().filter(|sent| **sent).count(), 1);
        assert!(sent[0]);
        assert!(words[1].0.contains("https://employer.example/jobs/1"));
        assert!(words[10].0.contains("backurl="), "{}", words[10].0);
        assert!(words[11].0.contains("3 ч."), "{}", words[11].0);
        // hh.ru's English reasons stay out of the Russian sentences.
        for (text, _) in &words {
            for english in [
                "too_long_message",
                "not published",
                "negotiations_forbidden",
                "connection closed",
            ] {
                assert!(!text.contains(english), "{text}");
            }
        }
    }
}
