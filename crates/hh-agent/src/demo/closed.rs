//! `hh demo --access closed`: the story most people live since hh.ru closed applicant
//! methods to ordinary apps (2025-12-17) — no hh.ru login at all. The app's own token
//! searches, the resume comes from the PDF the user downloaded from hh.ru's website, the
//! agent ranks with reasons and drafts the letter, and the user applies on hh.ru by the
//! link and says «Я откликнулся», which the ledger counts and the next search respects.
//!
//! It runs the sandbox in its `closed` profile and talks to it only through
//! `hh::Client`, `resume`, `finder`, `letter` and `ledger`, as the bot does; it never
//! shows a token. The full-access story is `mod.rs`'s.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;

use anyhow::{bail, ensure, Context as _};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use super::search::{draft, find, quote, show, Steps, DETAILS};
use crate::clock::Clock;
use crate::config::Secrets;
use crate::finder;
use crate::hh::{self, Auth, Bearer, Capability, Limit, Search};
use crate::ledger::Ledger;
use crate::letter::russian_plural;
use crate::matching::Candidate;
use crate::rank::{Filters, Rates};
use crate::resume;
use crate::secret::Secret;
use crate::token_store::Store;
use crate::{access, applying};
use hh_sandbox::{self as sandbox, documents, Sandbox};

/// Runs the story in `dir` (which must exist), writing the narration to `out`.
pub async fn run(dir: &std::path::Path, out: &mut dyn Write) -> anyhow::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    let sandbox = Sandbox::new(sandbox::Options {
        access: sandbox::Access::Closed,
        ..sandbox::Options::default()
    });
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(sandbox.clone().run(listener, async {
        let _ = stopped.await;
    }));
    let result = play(dir, &sandbox, &url, out).await;
    let _ = stop.send(());
    let _ = task.await;
    result
}

async fn play(
    dir: &std::path::Path,
    sandbox: &Sandbox,
    url: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut steps = Steps(0);
    steps.say(out, format!("Запущена песочница hh.ru: {url}. Доступ — как у обычного приложения с 2026 года (--access closed): без анонимного поиска и без методов соискателя"))?;
    let config = super::config(url, "http://127.0.0.1:9/callback", dir);
    config.validate()?;
    let clock = {
        let sandbox = sandbox.clone();
        Clock::from_fn(move || sandbox.now())
    };
    let options = hh::Options::from_config(&config.hh);

    let anonymous = hh::Client::new(Auth::anonymous(), options.clone())?;
    match anonymous.vacancies(&Search::default(), 0, 1).await {
        Err(hh::Error::Forbidden { .. }) => steps.say(
            out,
            "Без ключа hh.ru не даёт искать: GET /vacancies → 403 «forbidden»",
        )?,
        other => bail!("anonymous search was not refused: {:?}", other.map(|_| ())),
    }

    let secrets = Secrets {
        client_secret: Some(Secret::new(sandbox::CLIENT_SECRET)),
        ..Secrets::default()
    };
    let client = hh::Client::new(Auth::from_config(&config, &secrets, &clock)?, options)?;
    let capability = client.probe().await;
    ensure!(
        matches!(
            capability,
            Capability::ApplicationOnly {
                limit: Limit::NoLogin,
                search: Bearer::Application,
            }
        ),
        "the app token does not search: {capability:?}"
    );
    let store = Store::new(&config.token.path);
    let app_token = store.app_token_path();
    let mode = std::fs::metadata(&app_token)
        .context("the application token was not stored")?
        .permissions()
        .mode()
        & 0o777;
    steps.say(out, format!("Ключ приложения получен (POST /token, grant_type=client_credentials) и сохранён: {} (права {mode:04o}); сам ключ не показываем. Входа на hh.ru нет и не нужно", app_token.display()))?;
    steps.say(out, access::describe(&capability))?;

    let rates = Rates::new(&client.dictionaries().await?.currency);
    let pdf = downloaded_resume(sandbox, url);
    let path = dir.join("resume.pdf");
    std::fs::write(&path, &pdf)?;
    steps.say(out, format!("Резюме пользователь скачал с сайта hh.ru в PDF ({} КБ) и прислал боту файлом (то же принимает hh rank --resume {})", pdf.len().div_ceil(1024), path.display()))?;
    let extracted = resume::read_file(&pdf).map_err(|err| anyhow::anyhow!("{err}"))?;
    let candidate = Candidate::from_text(&extracted.text, &rates);
    steps.say(
        out,
        format!(
            "Из PDF прочитано {} знаков; вот что понято (в боте — /show_cv, любое поле можно поправить):",
            extracted.text.chars().count()
        ),
    )?;
    quote(&resume::review(&candidate.profile).to_text(), out)?;

    let filters = Filters::default();
    let request = finder::Request {
        candidate: &candidate,
        resume_id: None,
        words: None,
        filters: &filters,
        rates: &rates,
        per_query: finder::DEFAULT_PER_QUERY,
        details: DETAILS,
        describe: None,
    };
    let (plan, queries, outcome) = find(&client, &request).await?;
    steps.say(
        out,
        format!(
            "Поиск с ключом приложения: {} {} по плану из резюме ({}) — {} разных вакансий",
            plan.len(),
            russian_plural(plan.len() as u32, ["запрос", "запроса", "запросов"]),
            queries.join(", "),
            outcome.listed
        ),
    )?;
    steps.say(
        out,
        format!(
            "Оценено {} самых подходящих по списку (описание и ключевые навыки каждой); лучшие:",
            outcome.checked
        ),
    )?;
    show(&outcome, out)?;

    let (vacancy, _, letter) = draft(&client, &config, &candidate, &outcome).await?;
    steps.say(
        out,
        format!(
            "Письмо к «{}» приходит отдельным сообщением, чтобы его было легко скопировать:",
            vacancy.name
        ),
    )?;
    quote(&letter.text, out)?;
    let link = vacancy
        .apply_alternate_url
        .as_deref()
        .or(vacancy.alternate_url.as_deref())
        .context("the vacancy has no link")?;
    steps.say(out, format!("Откликнуться через API hh.ru не даёт, поэтому на карточке — кнопка «Откликнуться на hh.ru»: {link}. Пользователь вставляет письмо на сайте и отправляет отклик сам"))?;

    let ledger = Ledger::open(&config.bot.state_dir.join(crate::ledger::FILE_NAME))?;
    ensure!(
        ledger.record_manual(&vacancy.id, clock.now())?,
        "the manual application was not recorded"
    );
    let window = chrono::Duration::hours(applying::WINDOW_HOURS);
    let used = ledger.count_since(clock.now() - window)?;
    steps.say(out, format!("Он нажал «Я откликнулся»: отклик записан в журнал и учтён в дневном лимите ({used} из {} за 24 часа)", applying::DEFAULT_DAILY_CAP))?;

    let passed_over = ledger.passed_over(false)?;
    let again = finder::find(
        &client,
        &request,
        &|id| passed_over.contains(id),
        &mut |_, _| {},
    )
    .await?;
    ensure!(
        again
            .found
            .iter()
            .all(|found| found.vacancy.id != vacancy.id),
        "the vacancy applied to came back"
    );
    let best = again
        .found
        .first()
        .map(|found| format!("«{}»", found.vacancy.name))
        .unwrap_or_else(|| "ничего нового".to_owned());
    steps.say(
        out,
        format!(
            "Следующий поиск «{}» больше не предлагает; лучшая теперь — {best}",
            vacancy.name
        ),
    )?;
    writeln!(
        out,
        "\nДемонстрация завершена: запросов к песочнице — {}, к hh.ru — 0.",
        sandbox.requests().len()
    )?;
    Ok(())
}

/// The first person's resume as hh.ru's website gives it for download, in PDF.
fn downloaded_resume(sandbox: &Sandbox, url: &str) -> Vec<u8> {
    let catalog = sandbox.catalog();
    let data = &catalog.dataset;
    let person = &data.people[0];
    let json = sandbox::dataset::render::resume_detail(
        data,
        person,
        &person.resumes[0],
        sandbox.now(),
        url,
    );
    let blocks = documents::hh_layout(&json, sandbox.now().date_naive());
    documents::pdf::to_pdf(&blocks, "Резюме скачано с hh.ru")
}
