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

/// A config error reads in Russian from the first word to the last — the key, where it
/// is and what to put there — with no English fragment from the TOML parser or ours.
#[test]
fn config_errors_are_russian_through_and_through() {
    let dir = tempfile::tempdir().unwrap();
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../config.example.toml"
    ))
    .unwrap();
    let good = "[hh]\nclient_id = \"ABC\"\nredirect_uri = \"https://ivan.keenetic.pro/hh/callback\"\nuser_agent = \"hh-agent/0.1 (ivan@example.org)\"\n";
    let cases = [
        (example.as_str(), "замените YOUR_CLIENT_ID из примера"),
        (
            "[hh]\nclient_id = \"ABC\"\n",
            "нет обязательного ключа «user_agent»",
        ),
        ("[hh]\nclient_id = = 1\n", "строка 2, столбец 13"),
        (
            &format!("{good}colour = 1\n") as &str,
            "неизвестный ключ «colour»",
        ),
        (
            &format!("{good}client_secret = \"x\"\n"),
            "секретам не место в конфигурации",
        ),
        (
            &format!("{good}[callback]\nlisten = \"localhost\"\n"),
            "нужны IP-адрес и порт",
        ),
        (
            &format!("{good}[filters]\nmin_score = \"high\"\n"),
            "значение не того типа",
        ),
        (
            &format!("{good}[bot]\nutc_offset = \"MSK\"\n"),
            "нужен сдвиг от UTC",
        ),
    ];
    for (text, expected) in cases {
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        let (ok, out, err) = run(&["status", "--offline", "--config", path.to_str().unwrap()]);
        assert!(!ok && out.is_empty(), "{out}");
        assert!(err.starts_with("hh: ошибка в конфигурации"), "{err}");
        assert!(err.contains(expected), "{expected}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        for english in [
            "expected",
            "got ",
            "missing field",
            "unknown field",
            "invalid",
            "TOML parse",
        ] {
            assert!(!err.contains(english), "{english} in {err}");
        }
    }
}

/// A TOML error on a line holding a secret names the line but never echoes it: the
/// message may reach the journal.
#[test]
fn a_broken_secret_line_is_never_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    for text in [
        "[hh]\nclient_id = \"A\"\nclient_secret = s3cr3t-value\n",
        "[bot]\ntoken = \"123:s3cr3t-value\n",
    ] {
        std::fs::write(&path, text).unwrap();
        let (ok, _, err) = run(&["status", "--offline", "--config", path.to_str().unwrap()]);
        assert!(!ok);
        assert!(err.contains("похоже на секрет"), "{err}");
        assert!(!err.contains("s3cr3t"), "{err}");
    }
}
