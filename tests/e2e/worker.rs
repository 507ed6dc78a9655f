//! The file worker (src/worker.rs, crates/worker): Excel, the report,
//! printouts and the dashboard's chart options are made in a second wasm
//! module, started only when first needed; when it cannot start, the user
//! is told in their language and nothing else changes.

use crate::common;

use common::{Browser, JA, serve_dist_logged, single_url, with_sample};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worker_module_is_fetched_only_when_a_file_is_first_made_or_a_chart_is_first_drawn() {
    let (url, log) = serve_dist_logged();
    let b = with_sample(&url).await;
    b.click("[data-testid=nav-list]").await;
    b.find(".list-table tbody tr").await;
    let worker_requests = |log: &xtask::serve::AccessLog| {
        log.lock()
            .unwrap()
            .iter()
            .filter(|r| r.contains("shinchoku-worker"))
            .count()
    };
    assert_eq!(worker_requests(&log), 0, "fetched before it was needed");

    // The dashboard's chart options are made by the worker: its module
    // comes now, once.
    b.click("[data-testid=nav-dashboard]").await;
    b.find("[data-testid=chart-effect] .chart canvas").await;
    assert_eq!(worker_requests(&log), 2, "glue and wasm, once each");

    // The report too: the running worker makes it.
    b.click("[data-testid=nav-exchange]").await;
    b.click("[data-testid=export-report]").await;
    let report = b.downloaded(".html").await;
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("<html lang=\"ja\""));
    assert_eq!(worker_requests(&log), 2, "the running worker is reused");
    b.click("[data-testid=export-xlsx]").await;
    b.downloaded(".xlsx").await;
    assert_eq!(worker_requests(&log), 2, "the running worker is reused");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_that_cannot_start_is_explained_and_the_plan_is_untouched() {
    let b = with_sample(&single_url()).await;
    let before = stored(&b).await;
    // A damaged copy of the single file: the worker's module is gone.
    b.break_worker_module().await;
    b.click("[data-testid=nav-exchange]").await;
    b.click("[data-testid=export-xlsx]").await;
    let notice = b.wait_text(".notice-error", JA.worker.failed).await;
    assert!(
        notice.contains(JA.notice.export_failed),
        "names what failed: {notice}"
    );
    b.screenshot("worker-failed").await;
    // The "working" line has gone; the plan and storage are as they were.
    let working = b
        .js(
            "return document.querySelectorAll('[data-testid=working]').length;",
            vec![],
        )
        .await;
    assert_eq!(working, json!(0));
    assert_eq!(stored(&b).await, before);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn charts_the_worker_cannot_make_are_explained_and_the_numbers_still_show() {
    let b = with_sample(&single_url()).await;
    b.break_worker_module().await;
    b.click("[data-testid=nav-dashboard]").await;
    let notice = b.wait_text(".notice-error", JA.worker.failed).await;
    assert!(
        notice.contains(JA.chart.not_drawn),
        "names what failed: {notice}"
    );
    // Every chart says it is not drawn; one notice says why, not one each.
    let counts = "return [document.querySelectorAll('.chart-panel').length,
                          document.querySelectorAll('.chart-panel .field-error').length,
                          document.querySelectorAll('.notice-error').length];";
    let deadline = std::time::Instant::now() + crate::common::WAIT;
    loop {
        let c = b.js(counts, vec![]).await;
        if c[0] == c[1] {
            assert_eq!(c[2], json!(1), "{c}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{c}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // The rest of the dashboard is there: the headline and the tables.
    b.text_of("[data-testid=headline]").await;
    let rows = b
        .js(
            "return document.querySelectorAll('[data-testid=chart-status-pillar] table tbody tr').length;",
            vec![],
        )
        .await;
    assert!(rows.as_u64().unwrap() >= 1, "no pillar table: {rows}");
    b.screenshot("dashboard-worker-failed").await;
    b.close().await;
}

/// Everything in the page's storage, key by key.
async fn stored(b: &Browser) -> serde_json::Value {
    b.js(
        "return Object.keys(localStorage).sort().map(k => [k, localStorage.getItem(k)]);",
        vec![],
    )
    .await
}
