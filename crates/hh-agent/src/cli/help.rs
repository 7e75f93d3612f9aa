//! The command line in Russian over clap: headings, usage, the help and version flags, and
//! clap's own errors (an unknown flag, a bad value, a missing argument) as Russian
//! sentences. The commands and flags describe themselves in their doc comments.
//!
//! Parsing is clap's; this only relabels and translates.

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Command, FromArgMatches};

/// Every command's help: what it does, how to call it, its arguments and options.
const TEMPLATE: &str = "{about-with-newline}\nИспользование: {usage}\n\n{all-args}{after-help}";

/// The exit status of a command line clap refused.
const USAGE_ERROR: u8 = 2;

/// `command` and all its subcommands with Russian headings, usage, help and version flags.
pub fn localize(command: Command) -> Command {
    let mut command = relabel(command, true);
    command.build();
    with_usage(command)
}

fn relabel(command: Command, top: bool) -> Command {
    let mut command = command
        .help_template(TEMPLATE)
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .subcommand_help_heading("Команды")
        .subcommand_value_name("КОМАНДА")
        .mut_args(|arg| {
            let heading = if arg.is_positional() {
                "Аргументы"
            } else {
                "Параметры"
            };
            arg.help_heading(heading)
        })
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Показать эту справку")
                .help_heading("Параметры"),
        );
    if top {
        command = command.disable_version_flag(true).arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Показать версию")
                .help_heading("Параметры"),
        );
    }
    command.mut_subcommands(|sub| relabel(sub, false))
}

/// clap writes `[OPTIONS]` into usage lines; the built command's usage, relabelled.
fn with_usage(mut command: Command) -> Command {
    let usage = command
        .render_usage()
        .to_string()
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[ПАРАМЕТРЫ]");
    command.override_usage(usage).mut_subcommands(with_usage)
}

/// Parses the process's arguments as `T`; help and version are printed here, a refused
/// command line is explained in Russian on stderr. `Err` is the exit status to end with.
pub fn parse<T: clap::CommandFactory + FromArgMatches>() -> Result<T, ExitCode> {
    parse_from::<T>(std::env::args_os())
}

/// [`parse`] over given arguments.
pub fn parse_from<T: clap::CommandFactory + FromArgMatches>(
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> Result<T, ExitCode> {
    let matches = localize(T::command()).try_get_matches_from(args);
    match matches.and_then(|matches| T::from_arg_matches(&matches)) {
        Ok(parsed) => Ok(parsed),
        Err(err) => match err.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                // A reader that stopped early (`hh --help | grep -q rank`) is no failure.
                let printed = crate::app::stdout(&err.render().to_string());
                match crate::app::quiet_on_closed_pipe(printed) {
                    Ok(()) => Err(ExitCode::SUCCESS),
                    Err(_) => Err(ExitCode::FAILURE),
                }
            }
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                eprint!("{}", err.render());
                Err(ExitCode::from(USAGE_ERROR))
            }
            _ => {
                eprintln!("hh: {}", explain(&err));
                Err(ExitCode::from(USAGE_ERROR))
            }
        },
    }
}

/// clap's refusal as one Russian sentence, with where to read more.
pub fn explain(err: &clap::Error) -> String {
    let context = |kind: ContextKind| match err.get(kind) {
        Some(ContextValue::String(value)) => value.clone(),
        Some(ContextValue::Strings(values)) => values.join(", "),
        Some(ContextValue::StyledStr(value)) => value.to_string(),
        Some(ContextValue::StyledStrs(values)) => values
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(number)) => number.to_string(),
        _ => String::new(),
    };
    let arg = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let sentence = match err.kind() {
        ErrorKind::UnknownArgument => format!("неизвестный параметр «{arg}»"),
        ErrorKind::InvalidSubcommand => format!(
            "неизвестная команда «{}»",
            context(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::InvalidValue => {
            let valid = context(ContextKind::ValidValue);
            if valid.is_empty() {
                format!("{arg}: недопустимое значение «{value}»")
            } else {
                format!("{arg}: недопустимое значение «{value}», можно: {valid}")
            }
        }
        ErrorKind::ValueValidation => format!("{arg}: недопустимое значение «{value}»"),
        ErrorKind::MissingRequiredArgument => format!("не хватает обязательного аргумента: {arg}"),
        ErrorKind::MissingSubcommand => "укажите команду".to_owned(),
        ErrorKind::ArgumentConflict => format!(
            "{arg} нельзя указывать вместе с {}",
            context(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg}: неверное число значений")
        }
        _ => "не удалось разобрать командную строку".to_owned(),
    };
    format!(
        "{}. Справка: hh --help, hh КОМАНДА --help",
        sentence.trim_end_matches('.')
    )
}
