//! Search filters at their edges: an unknown `currency` is hh.ru's `400 bad_argument`
//! (not a silent match of vacancies without a salary), and an empty value of any filter,
//! `order_by` included, counts as no value.

use serde_json::Value;

use super::raw::Raw;
use crate::support::api::Api;

/// `found` and the item ids of a search that must succeed.
async fn found(raw: &Raw, query: &str) -> (u64, Vec<Value>) {
    let answer = raw.get(&format!("/vacancies?{query}")).await;
    assert_eq!(answer.status, 200, "{query}: {}", answer.body);
    let ids = answer.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].clone())
        .collect();
    (answer.body["found"].as_u64().unwrap(), ids)
}

#[tokio::test]
async fn an_unknown_currency_is_a_bad_argument() {
    let api = Api::start().await;
    let raw = Raw::new(&api.url, None);
    for query in [
        "salary=200000&currency=XYZ",
        "salary=200000&currency=rur",
        "currency=DOGE",
    ] {
        let answer = raw.get(&format!("/vacancies?{query}")).await;
        assert_eq!(answer.status, 400, "{query}");
        assert_eq!(
            answer.error(),
            ("bad_argument".into(), "currency".into()),
            "{query}"
        );
    }
    // A known currency converts at the dictionary rate (0.0125 USD per rouble).
    let in_dollars = found(&raw, "salary=2500&currency=USD&per_page=100").await;
    let in_roubles = found(&raw, "salary=200000&currency=RUR&per_page=100").await;
    assert!(in_roubles.0 > 0);
    assert_eq!(in_dollars, in_roubles);
}

#[tokio::test]
async fn empty_filters_count_as_absent() {
    let api = Api::start().await;
    let raw = Raw::new(&api.url, None);
    let bare = found(&raw, "text=python&per_page=20").await;
    assert!(bare.0 > 0);
    let empty = [
        "order_by=",
        "currency=",
        "salary=",
        "experience=",
        "area=",
        "period=",
        "date_from=",
        "only_with_salary=",
        "employer_id=",
        "search_field=",
        "page=",
        "order_by=&currency=&salary=&experience=&area=&page=",
    ];
    for filter in empty {
        assert_eq!(
            found(&raw, &format!("text=python&per_page=20&{filter}")).await,
            bare,
            "{filter}"
        );
    }
    // Values that are not empty are still checked.
    for bad in [
        "order_by=newest",
        "experience=lots",
        "salary=much",
        "per_page=0",
    ] {
        let answer = raw.get(&format!("/vacancies?text=python&{bad}")).await;
        assert_eq!(answer.status, 400, "{bad}");
    }
    let distance = raw
        .get("/vacancies?order_by=distance&sort_point_lat=&sort_point_lng=")
        .await;
    assert_eq!(distance.status, 400, "distance needs a point");
}
