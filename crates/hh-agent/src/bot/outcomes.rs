//! Each outcome of an application attempt in the user's words, with the buttons it needs.
//!
//! Pure: deciding the outcome is [`crate::applying`]'s, sending the words the caller's.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, FixedOffset, Utc};
use teloxide::types::InlineKeyboardMarkup;

use super::action::Action;
use super::cards::{self, button, keyboard, login_keyboard, url_button};
use crate::hh::types::Vacancy;
use crate::hh::ApplyOutcome;

/// Each outcome in its own words, with the buttons it needs.
pub fn describe_attempt(
    vacancy: &Vacancy,
    attempt: &ApplyOutcome,
    offset: FixedOffset,
    now: DateTime<Utc>,
) -> (String, Option<InlineKeyboardMarkup>) {
    let (title, vacancy_id) = (vacancy.name.as_str(), vacancy.id.as_str());
    let vacancy_url = vacancy.alternate_url.as_deref();
    let open = |text: &str, url: Option<&str>| Some(keyboard(vec![vec![url_button(text, url)]]));
    match attempt {
        ApplyOutcome::Applied { .. } => (format!("✅ Отклик на «{title}» отправлен."), None),
        ApplyOutcome::External { url } => (
            format!("«{title}»: работодатель принимает отклики на своём сайте — откройте форму по кнопке."),
            open("Форма работодателя", Some(url)),
        ),
        ApplyOutcome::AlreadyApplied => (format!("На «{title}» вы уже откликались — повторно не отправляю."), None),
        ApplyOutcome::CurrentEmployer => (format!("«{title}» — вакансия вашего текущего работодателя, отклик не отправлен."), None),
        ApplyOutcome::TestRequired => (
            format!("У «{title}» тестовое задание: через API откликнуться нельзя, только на сайте."),
            open("Открыть на hh.ru", vacancy_url),
        ),
        ApplyOutcome::Gone => (format!("«{title}» в архиве или скрыта — отклик невозможен."), None),
        ApplyOutcome::LetterRequired => (
            format!("«{title}»: работодатель требует сопроводительное письмо — отправьте с письмом."),
            Some(keyboard(vec![vec![
                button("Отправить с письмом", Action::Send(vacancy_id.to_owned())),
                button("Изменить письмо", Action::EditLetter(vacancy_id.to_owned())),
            ]])),
        ),
        ApplyOutcome::LetterTooLong => (
            format!("Письмо к «{title}» длиннее 10 000 знаков — hh.ru такое не примет. Сократите его."),
            Some(keyboard(vec![vec![button("Изменить письмо", Action::EditLetter(vacancy_id.to_owned()))]])),
        ),
        ApplyOutcome::LetterRejected { reason } => (
            format!("hh.ru не принял письмо к «{title}» ({reason}). Сократите или измените его."),
            Some(keyboard(vec![vec![button("Изменить письмо", Action::EditLetter(vacancy_id.to_owned()))]])),
        ),
        ApplyOutcome::ResumeUnavailable { reason } => (
            format!("Резюме нельзя использовать для «{title}» ({reason}): проверьте, опубликовано ли оно, или выберите другое — /hh_resumes."),
            None,
        ),
        ApplyOutcome::Captcha(captcha) => {
            let back = vacancy_url.unwrap_or("https://hh.ru/");
            let link = captcha.url_for_user(back);
            let rows = vec![
                vec![url_button("Пройти проверку на hh.ru", link.as_deref())],
                vec![button("Готово — отправить снова", Action::Send(vacancy_id.to_owned()))],
            ];
            (
                "hh.ru просит подтвердить, что вы не робот: пройдите проверку по кнопке, затем нажмите «Готово».".to_owned(),
                Some(keyboard(rows)),
            )
        }
        ApplyOutcome::DailyLimit { retry_after } => {
            let wait = retry_after.unwrap_or(StdDuration::from_secs(24 * 3600));
            let until = now + Duration::from_std(wait).unwrap_or(Duration::hours(24));
            (
                format!(
                    "Лимит откликов исчерпан: до {} новые отклики не отправляю (считаю за скользящие 24 часа).",
                    cards::local_time(until, offset)
                ),
                None,
            )
        }
        ApplyOutcome::AuthFailed(_) => (
            "hh.ru не принял токен: нужно войти заново.".to_owned(),
            Some(login_keyboard()),
        ),
        ApplyOutcome::Refused { reason, .. } => (format!("hh.ru отказал в отклике на «{title}»: {reason}."), None),
        ApplyOutcome::Uncertain { .. } => (
            format!("Связь с hh.ru оборвалась во время отклика на «{title}»: он мог дойти. Проверю по списку откликов hh.ru и не отправлю повторно."),
            None,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_attempt_has_its_own_words_and_buttons() {
        let vacancy = Vacancy {
            id: "77".into(),
            name: "Rust-разработчик".into(),
            alternate_url: Some("https://hh.ru/vacancy/77".into()),
            ..Vacancy::default()
        };
        let moscow = FixedOffset::east_opt(3 * 3600).unwrap();
        let until = DateTime::parse_from_rfc3339("2026-11-25T10:00:00Z")
            .unwrap()
            .to_utc();
        let attempts = crate::hh::every_outcome();
        let now = until - Duration::hours(3);
        let texts: Vec<(String, Option<InlineKeyboardMarkup>)> = attempts
            .iter()
            .map(|attempt| describe_attempt(&vacancy, attempt, moscow, now))
            .collect();
        let mut unique: Vec<&String> = texts.iter().map(|(text, _)| text).collect();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), attempts.len(), "{texts:#?}");
        // Each outcome's place in the list, by its kind.
        let at = |kind: fn(&ApplyOutcome) -> bool| attempts.iter().position(kind).unwrap();
        let external = at(|a| matches!(a, ApplyOutcome::External { .. }));
        let test = at(|a| matches!(a, ApplyOutcome::TestRequired));
        let letter = at(|a| matches!(a, ApplyOutcome::LetterRequired));
        let captcha = at(|a| matches!(a, ApplyOutcome::Captcha(_)));
        let limit = at(|a| matches!(a, ApplyOutcome::DailyLimit { .. }));
        let auth = at(|a| matches!(a, ApplyOutcome::AuthFailed(_)));
        let buttons = |index: usize| -> Vec<String> {
            texts[index]
                .1
                .iter()
                .flat_map(|markup| markup.inline_keyboard.iter().flatten())
                .map(|button| button.text.clone())
                .collect()
        };
        assert_eq!(buttons(external), ["Форма работодателя"]);
        assert_eq!(buttons(test), ["Открыть на hh.ru"]);
        assert_eq!(buttons(letter), ["Отправить с письмом", "Изменить письмо"]);
        assert_eq!(
            buttons(captcha),
            ["Пройти проверку на hh.ru", "Готово — отправить снова"]
        );
        assert_eq!(buttons(auth), ["Войти на hh.ru"]);
        // The captcha link sends the user back to the vacancy.
        let captcha = format!("{:?}", texts[captcha].1);
        assert!(
            captcha.contains("backurl=https%3A%2F%2Fhh.ru%2Fvacancy%2F77"),
            "{captcha}"
        );
        // The limit in Moscow time.
        assert!(texts[limit].0.contains("25.11 13:00"), "{}", texts[limit].0);
    }
}
