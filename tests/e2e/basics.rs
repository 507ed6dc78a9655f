//! End-to-end tests: the built app in headless Chromium through chromedriver,
//! served under a sub-path and as the single file on file://.
//! Needs `dist/` and `single/shinchoku.html` (built by `./test`).

use crate::common;

use common::{Browser, JA, built, serve_dist};
use serde_json::json;

fn expected_count() -> String {
    (JA.common.card_count)(plan_core::sample_plan().cards.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn served_under_a_sub_path_the_sample_plan_opens_and_a_card_shows_its_actions() {
    let url = serve_dist();
    let b = Browser::start().await;
    b.c().goto(&url).await.unwrap();

    b.text_of("[data-testid=start-sample]").await;
    b.screenshot("start").await;
    b.click("[data-testid=start-sample]").await;
    let count = b.text_of("[data-testid=card-count]").await;
    assert!(count.contains(&expected_count()), "{count}");
    b.screenshot("overview").await;

    let sample = plan_core::sample_plan();
    let card = &sample.cards[1];
    b.click(&format!("tr[data-card-id='{}'] a", card.id)).await;
    let sheet = b.text_of("[data-testid=card-sheet]").await;
    assert!(sheet.contains(&card.title));
    b.screenshot("card").await;
    for action in card.years.iter().flat_map(|y| &y.actions) {
        assert!(
            sheet.contains(&action.text),
            "action missing: {}",
            action.text
        );
    }
    let url = b.c().current_url().await.unwrap();
    assert_eq!(url.fragment(), Some(format!("/card/{}", card.id).as_str()));

    // The hash reopens the card after a reload.
    b.c().refresh().await.unwrap();
    let sheet = b.text_of("[data-testid=card-sheet]").await;
    assert!(sheet.contains(&card.title));
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_single_file_works_on_file_url_and_keeps_the_plan_after_reload() {
    let file = built("single/shinchoku.html");
    let url = format!("file://{}", file.display());
    let b = Browser::start().await;
    b.c().goto(&url).await.unwrap();

    b.click("[data-testid=start-sample]").await;
    let count = b.text_of("[data-testid=card-count]").await;
    assert!(count.contains(&expected_count()), "{count}");

    b.c().refresh().await.unwrap();
    let count = b.text_of("[data-testid=card-count]").await;
    assert!(count.contains(&expected_count()), "after reload: {count}");

    // Nothing was loaded from anywhere: no resource requests at all.
    let resources = b
        .c()
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(resources, json!([]), "the single file fetched something");
    // ECharts came inline with it, kept unexecuted until a chart is shown.
    let carried = b
        .js(
            "const e = document.getElementById(arguments[0]); return e ? e.textContent.length : 0;",
            vec![json!(xtask::single_file::ECHARTS_ELEMENT)],
        )
        .await;
    assert!(carried.as_u64().unwrap_or(0) > 100_000, "ECharts is inside");
    assert_eq!(
        b.js("return typeof window.echarts;", vec![]).await,
        json!("undefined")
    );
    b.click("[data-testid=nav-dashboard]").await;
    let deadline = std::time::Instant::now() + common::WAIT;
    while b.js("return typeof window.echarts;", vec![]).await != json!("object") {
        assert!(std::time::Instant::now() < deadline, "ECharts never ran");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let resources = b
        .js(
            "return performance.getEntriesByType('resource').map(e => e.name);",
            vec![],
        )
        .await;
    assert_eq!(resources, json!([]), "the charts fetched nothing");
    b.close().await;
}
