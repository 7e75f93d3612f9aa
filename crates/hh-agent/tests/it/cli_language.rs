//! What a person reads from `hh` is Russian: `--help` for every command and flag (no
//! clap English, no English defaults in brackets), clap's refusals, and a fatal error
//! printed once.

const HH: &str = env!("CARGO_BIN_EXE_hh");

fn run(args: &[&str]) -> (bool, String, String) {
    let output = std::process::Command::new(HH)
        .args(args)
        .env_remove("RUST_LOG")
        .env_remove("CREDENTIALS_DIRECTORY")
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn is_cyrillic(c: char) -> bool {
    ('\u{400}'..='\u{4ff}').contains(&c)
}

/// clap's own English, and its bracketed notes.
const CLAP_ENGLISH: [&str; 9] = [
    "Usage",
    "Options",
    "Commands",
    "Arguments",
    "Print",
    "[default",
    "[possible",
    "[env",
    "[OPTIONS]",
];

#[test]
fn every_commands_help_is_russian() {
    let (ok, top, _) = run(&["--help"]);
    assert!(ok);
    let commands: Vec<String> = top
        .lines()
        .skip_while(|line| !line.starts_with("Команды:"))
        .skip(1)
        .take_while(|line| !line.is_empty())
        .filter_map(|line| line.split_whitespace().next().map(str::to_owned))
        .collect();
    assert!(commands.len() >= 15, "{top}");
    for command in std::iter::once(None).chain(commands.iter().map(Some)) {
        let args: Vec<&str> = command
            .iter()
            .map(|c| c.as_str())
            .chain(["--help"])
            .collect();
        let (ok, help, err) = run(&args);
        assert!(ok, "{args:?}: {err}");
        assert!(help.contains("Использование: hh"), "{help}");
        for english in CLAP_ENGLISH {
            assert!(!help.contains(english), "{args:?}: {english} in\n{help}");
        }
        // Every command and flag line describes itself in Russian.
        for line in help.lines().filter(|line| line.starts_with("  ")) {
            assert!(line.chars().any(is_cyrillic), "{args:?}: {line}");
        }
    }
}

#[test]
fn refused_command_lines_and_fatal_errors_are_russian_and_said_once() {
    let (ok, _, err) = run(&["search", "--no-such-flag"]);
    assert!(!ok);
    assert_eq!(
        err,
        "hh: неизвестный параметр «--no-such-flag». Справка: hh --help, hh КОМАНДА --help\n"
    );
    let (ok, _, err) = run(&["apply", "1", "--letter", "x", "--no-letter"]);
    assert!(!ok);
    assert!(err.contains("нельзя указывать вместе"), "{err}");
    let (ok, _, err) = run(&["recommend", "--limit", "много"]);
    assert!(!ok);
    assert!(err.contains("недопустимое значение «много»"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing.txt");
    let (ok, out, err) = run(&[
        "rank",
        "--resume",
        missing.to_str().unwrap(),
        "--vacancies",
        missing.to_str().unwrap(),
    ]);
    assert!(!ok && out.is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(
        err.matches("не удалось прочитать резюме").count(),
        1,
        "{err}"
    );
    assert!(err.contains("нет файла"), "{err}");
    assert!(
        !err.contains("os error") && !err.contains("No such file"),
        "{err}"
    );
}
