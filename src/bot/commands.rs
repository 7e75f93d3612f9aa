//! The bot's commands; their doc comments are the /help text shown to the user.
//!
//! Parsing only: what each command does lives in `handlers`.

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
    /// Состояние авторизации hh.ru и отклики за сутки.
    HhStatus,
    /// Заменить резюме: текст после команды или следующим сообщением.
    Reset(String),
    /// Показать сохранённое резюме.
    ShowCv,
}
