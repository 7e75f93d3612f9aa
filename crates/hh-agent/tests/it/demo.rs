//! `hh demo` as a user runs it: the token lifecycle and a day's job search, narrated,
//! with no secret printed.

use std::process::Command;

#[test]
fn demo_runs_the_whole_lifecycle_without_showing_secrets() {
    let output = Command::new(env!("CARGO_BIN_EXE_hh"))
        .arg("demo")
        .env("RUST_LOG", "trace")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    for step in [
        "1. Запущена песочница",
        "2. Запущен hh-callback",
        "3. Браузер открыл ссылку входа",
        "4. Пользователь разрешил доступ",
        "5. hh-callback обменял код",
        "6. Файл токена записан",
        "права 0600, каталог 0700",
        "7. hh-refresh сейчас ничего не делает",
        "8. Часы песочницы переведены",
        "9. hh-refresh обновил пару",
        "10. Старый refresh-токен больше не принимается",
        "token has already been refreshed",
        "11. Проверка токена",
        "12. Резюме «",
        "13. Поиск: рекомендации hh.ru",
        "14. Оценено",
        "Совпадают навыки",
        "15. Черновик письма",
        "С уважением",
        "16. Отклик отправлен",
        "17. Повторный отклик агент не отправляет",
        "18. В списке откликов (GET /negotiations): 1",
        "Демонстрация завершена",
    ] {
        assert!(stdout.contains(step), "missing {step:?} in:\n{stdout}");
    }
    let everything = format!("{stdout}{stderr}");
    assert!(!everything.contains(hh_sandbox::CLIENT_SECRET));
    // No long opaque value (a token, a code, a state) is printed anywhere.
    let longest = everything
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    assert!(
        longest < 30,
        "a {longest}-character opaque value was printed:\n{everything}"
    );
}
