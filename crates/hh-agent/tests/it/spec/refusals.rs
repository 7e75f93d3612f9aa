//! What the client must refuse without sending anything (page size and depth, `period`
//! with dates, ids that are not ids), and the one spec gap our requests knowingly cross.

use hh_agent::hh::{self, NegotiationFilter, Search};
use hh_sandbox::Sandbox;

use crate::support::openapi::Spec;

use super::requests::{every_filter, rig, show, strings};

/// What the client must refuse without sending anything.
#[track_caller]
fn check_refused(what: &str, result: Result<(), hh::Error>, name: &str, sandbox: &Sandbox) {
    match result {
        Err(hh::Error::BadArgument { name: got, .. }) => assert_eq!(got, name, "{what}"),
        other => panic!("{what}: expected BadArgument {name}, got {other:?}"),
    }
    assert_eq!(sandbox.requests(), Vec::new(), "{what} was sent");
}

#[tokio::test]
async fn what_hh_ru_would_refuse_is_refused_before_sending() {
    let rig = rig().await;
    rig.sandbox.clear_requests();
    let client = &rig.application;
    let search = every_filter();
    for (page, per_page, name) in [
        (0, 101, "per_page"),
        (0, 0, "per_page"),
        (20, 100, "page, per_page"),
        (200, 10, "page, per_page"),
        (2000, 1, "page, per_page"),
    ] {
        let what = format!("page {page}, per_page {per_page}");
        check_refused(
            &what,
            client.vacancies(&search, page, per_page).await.map(drop),
            name,
            &rig.sandbox,
        );
        check_refused(
            &what,
            client
                .similar_vacancies("r1", &search, page, per_page)
                .await
                .map(drop),
            name,
            &rig.sandbox,
        );
        check_refused(
            &what,
            client
                .negotiations(&NegotiationFilter::default(), page, per_page)
                .await
                .map(drop),
            name,
            &rig.sandbox,
        );
    }
    let both = Search {
        date_from: Some("2025-12-01".into()),
        ..every_filter()
    };
    check_refused(
        "period with date_from",
        client.vacancies(&both, 0, 10).await.map(drop),
        "period",
        &rig.sandbox,
    );
    check_refused(
        "period with date_from",
        client.similar_vacancies("r1", &both, 0, 10).await.map(drop),
        "period",
        &rig.sandbox,
    );
    check_refused(
        "period with date_from",
        client.create_saved_search("x", &both).await.map(drop),
        "period",
        &rig.sandbox,
    );
    let until = Search {
        date_to: Some("2025-12-30".into()),
        ..every_filter()
    };
    check_refused(
        "period with date_to",
        client.vacancies(&until, 0, 10).await.map(drop),
        "period",
        &rig.sandbox,
    );
    check_refused(
        "a path in an id",
        client.vacancy("../me").await.map(drop),
        "vacancy_id",
        &rig.sandbox,
    );
    check_refused(
        "an empty id",
        client.resume("").await.map(drop),
        "resume_id",
        &rig.sandbox,
    );

    // The deepest pages hh.ru still serves are sent, and conform.
    let _ = client.vacancies(&search, 199, 10).await;
    let _ = client.vacancies(&search, 19, 100).await;
    let sent = rig.sandbox.requests();
    assert_eq!(sent.len(), 2);
    for request in &sent {
        assert!(
            Spec::get().check_recorded(request).is_ok(),
            "{}",
            show(request)
        );
    }
}

/// The spec's prose declares no repetition for `professional_role` (unlike `area`,
/// `label`, …: "Можно указать несколько значений"), but the client repeats it for several
/// roles, as hh.ru's own site does. Named here so the gap stays visible.
#[tokio::test]
async fn several_professional_roles_are_repeated_which_the_spec_does_not_declare() {
    let rig = rig().await;
    rig.sandbox.clear_requests();
    let search = Search {
        professional_role: strings(&["96", "104"]),
        ..Search::default()
    };
    let _ = rig.application.vacancies(&search, 0, 10).await;
    let sent = rig.sandbox.requests();
    let errors = Spec::get().check_recorded(&sent[0]).unwrap_err();
    assert_eq!(
        errors,
        ["query.professional_role: sent 2 times, but the spec declares one value (type \"string\", no explode, no \"Можно указать несколько значений\")"]
    );
}
