//! `hh status`: the token report (`report`) and, unless offline, what the app may do
//! now, asked of hh.ru with the services' own tokens. It writes nothing but what the
//! probe may need (an application token, as the files' owner); how the report reads and
//! when it counts as healthy is `report`'s.

use chrono::Utc;

use super::{credentials, session};
use crate::config::Config;
use crate::report::{Access, Report};
use crate::token_store::Store;

/// The report for `config`; `offline` leaves hh.ru alone.
pub async fn status(
    config: &Config,
    offline: bool,
    env: &dyn Fn(&str) -> Option<String>,
) -> Report {
    let report = Report::new(&Store::new(&config.token.path), Utc::now());
    if offline {
        return report.with_access(Access::NotChecked(
            "hh.ru не спрашивали (--offline)".to_owned(),
        ));
    }
    report.with_access(access(config, env).await)
}

async fn access(config: &Config, env: &dyn Fn(&str) -> Option<String>) -> Access {
    let secrets = match credentials::load(env) {
        Ok((secrets, _)) => secrets,
        Err(err) => return Access::NotChecked(format!("{err:#}")),
    };
    if let Err(err) = session::become_owner(config) {
        return Access::NotChecked(format!("{err:#}"));
    }
    match session::probe(config, &secrets).await {
        Ok(capability) => Access::Probed(capability),
        Err(_) => Access::NotChecked(
            "клиент hh.ru не создаётся: проверьте [hh] в конфигурации".to_owned(),
        ),
    }
}
