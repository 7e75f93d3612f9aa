//! `hh demo` as a user runs it: the token lifecycle and a day's job search, narrated,
//! with no secret printed; and `hh demo --access closed`, the story without applicant
//! access.

use std::process::Command;

/// Runs `hh demo args` with every log on; its stdout, after checking it succeeded and
/// printed no secret.
fn demo(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_hh"))
        .arg("demo")
        .args(args)
        .env("RUST_LOG", "trace")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
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
    stdout
}

#[test]
fn demo_runs_the_whole_lifecycle_without_showing_secrets() {
    let stdout = demo(&[]);
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
    // It ends by pointing at the story most people live.
    assert!(
        stdout.trim_end().ends_with("hh demo --access closed"),
        "{stdout}"
    );
}

/// The mode without applicant access, end to end: anonymous search refused, the app's
/// token, the resume from a PDF, ranking with reasons, the letter, the link, «Я
/// откликнулся» counted, and the vacancy not offered again.
#[test]
fn demo_without_applicant_access_walks_the_link_only_story() {
    let stdout = demo(&["--access", "closed"]);
    for step in [
        "1. Запущена песочница hh.ru",
        "--access closed",
        "2. Без ключа hh.ru не даёт искать: GET /vacancies → 403",
        "3. Ключ приложения получен",
        "app-token.json (права 0600)",
        "4. Доступ: поиск — с ключом приложения, отклики — по ссылке на hh.ru",
        "5. Резюме пользователь скачал с сайта hh.ru в PDF",
        "6. Из PDF прочитано",
        "   | Должность: Backend-разработчик",
        "   | Навыки: Rust",
        "   | Город: Москва",
        "7. Поиск с ключом приложения",
        "8. Оценено",
        "Совпадают навыки",
        "9. Письмо к «",
        // Signed with the name read from the PDF.
        "   | С уважением,\n   | Андрей Волков\n",
        "10. Откликнуться через API hh.ru не даёт",
        "«Откликнуться на hh.ru»: https://hh.ru/applicant/vacancy_response?vacancyId=",
        "11. Он нажал «Я откликнулся»: отклик записан в журнал и учтён в дневном лимите (1 из",
        "12. Следующий поиск «",
        "больше не предлагает",
        "Демонстрация завершена",
        "к hh.ru — 0",
    ] {
        assert!(stdout.contains(step), "missing {step:?} in:\n{stdout}");
    }
}
