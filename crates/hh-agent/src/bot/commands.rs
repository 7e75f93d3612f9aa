//! The bot's commands; their doc comments are the /help text shown to the user.
//!
//! Parsing only: what each command does lives in `account`, `resume`, `application`,
//! `runs` and `settings_view`.

use teloxide::utils::command::BotCommands;

// A plain `///` here would be prepended to the /help text, so the doc is rustdoc-only.
#[cfg_attr(doc, doc = "The commands the bot understands.")]
#[derive(BotCommands, Clone, Debug, PartialEq)]
#[command(rename_rule = "snake_case", description = "Команды:")]
pub enum Command {
    /// Приветствие и текущее состояние.
    Start,
    /// Список команд.
    Help,
    /// Войти на hh.ru (ссылка для авторизации).
    HhAuth,
    /// Авторизация, что разрешено токену, отклики за сутки.
    HhStatus,
    /// Ваши резюме на hh.ru: выбрать активное.
    HhResumes,
    /// Выйти: отозвать токен hh.ru и удалить его с сервера.
    HhLogout,
    /// Откликнуться на вакансию: номер или ссылка hh.ru.
    HhApply(String),
    /// Поиск по словам с вашими фильтрами.
    Search(String),
    /// Лучшие вакансии для активного резюме.
    Recommend,
    /// Настройки: режим, оценка, лимит, подборка.
    Settings(String),
    /// Заменить резюме: текст после команды или следующим сообщением.
    Reset(String),
    /// Показать сохранённое резюме.
    ShowCv,
}

/// The vacancy id in `/hh_apply`'s argument: digits, or an hh.ru vacancy link
/// (`https://hh.ru/vacancy/123`, `spb.hh.ru/vacancy/123?from=…`).
pub fn vacancy_id(argument: &str) -> Option<String> {
    let argument = argument.trim();
    if !argument.is_empty() && argument.len() <= 20 && argument.bytes().all(|b| b.is_ascii_digit())
    {
        return Some(argument.to_owned());
    }
    let with_scheme = if argument.starts_with("http://") || argument.starts_with("https://") {
        argument.to_owned()
    } else {
        format!("https://{argument}")
    };
    let url = url::Url::parse(&with_scheme).ok()?;
    let host = url.host_str()?;
    if host != "hh.ru" && !host.ends_with(".hh.ru") {
        return None;
    }
    let mut segments = url.path_segments()?;
    if segments.next()? != "vacancy" {
        return None;
    }
    let id = segments.next()?;
    (!id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit()))
        .then(|| id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vacancy_ids_from_numbers_and_links() {
        for (input, id) in [
            ("123456", Some("123456")),
            (" 42 ", Some("42")),
            ("https://hh.ru/vacancy/123456", Some("123456")),
            ("https://spb.hh.ru/vacancy/77?from=search", Some("77")),
            ("hh.ru/vacancy/5", Some("5")),
            ("https://evil.example/vacancy/5", None),
            ("https://hh.ru.evil.example/vacancy/5", None),
            ("https://hh.ru/employer/5", None),
            ("12a", None),
            ("", None),
        ] {
            assert_eq!(vacancy_id(input).as_deref(), id, "{input}");
        }
    }

    #[test]
    fn help_lists_every_command() {
        let help = Command::descriptions().to_string();
        for command in [
            "/start",
            "/help",
            "/hh_auth",
            "/hh_status",
            "/hh_resumes",
            "/hh_logout",
            "/hh_apply",
            "/search",
            "/recommend",
            "/settings",
            "/reset",
            "/show_cv",
        ] {
            assert!(help.contains(command), "{command} missing in {help}");
        }
    }
}
