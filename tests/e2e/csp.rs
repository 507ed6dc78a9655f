//! End-to-end: the page's Content-Security-Policy holds across the main
//! screens, the dashboard (charts drawn, ECharts loaded only then) and
//! printing — with zero violations and zero requests outside the app's own
//! files — on file:// (single file) and served under a sub-path.

use crate::common;

use common::{Browser, JA, built, serve_dist_logged, with_any_count};
use serde_json::json;

/// The policy in force, read from the page.
async fn policy(b: &Browser) -> String {
    b.js(
        "const m = document.querySelector('meta[http-equiv=Content-Security-Policy]'); return m ? m.content : '';",
        vec![],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

async fn echarts_loaded(b: &Browser) -> bool {
    b.js("return typeof window.echarts !== 'undefined';", vec![])
        .await
        .as_bool()
        .unwrap()
}

/// Walks the main screens with the sample plan; returns nothing, asserts
/// along the way that each screen rendered.
async fn walk_screens(b: &Browser, url: &str) {
    b.c().goto(url).await.unwrap();
    b.watch_policy().await;
    // The watch works and the policy bites: a script the policy does not
    // list is refused, and both the event and the console report it.
    b.js(
        "const s = document.createElement('script'); s.textContent = 'window.__canary = 1;'; document.head.appendChild(s);",
        vec![],
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let canary = b.policy_violations().await;
    assert!(
        canary.iter().any(|v| v.starts_with("event: script-src"))
            && canary.iter().any(|v| v.starts_with("console: ")),
        "an unlisted inline script was not reported: {canary:?}"
    );
    assert_eq!(b.js("return window.__canary;", vec![]).await, json!(null));
    b.js("window.__csp = [];", vec![]).await;
    assert!(
        !echarts_loaded(b).await,
        "ECharts must not be parsed at start"
    );
    b.click("[data-testid=start-sample]").await;
    b.text_of("[data-testid=card-count]").await;

    // Screens reached through the menu (the hash changes, same document).
    for (nav, ready) in [
        ("nav-list", ".list-table tbody tr"),
        ("nav-matrix", "table"),
        ("nav-departments", "table"),
        ("nav-exchange", "[data-testid=export-json], button"),
    ] {
        b.click(&format!("[data-testid={nav}]")).await;
        b.find(ready).await;
    }
    b.click("[data-testid=nav-list]").await;
    b.type_into("input[data-testid=filter-text]", "申請").await;
    b.wait_fits(
        "[data-testid=list-count]",
        &with_any_count(JA.list.matching),
    )
    .await;

    // A card sheet, its editor, the plan editor.
    b.c().goto(&format!("{url}#/card/card-02")).await.unwrap();
    b.find("[data-testid=card-sheet]").await;
    b.c()
        .goto(&format!("{url}#/card/card-02/edit"))
        .await
        .unwrap();
    b.find("input[data-testid=title]").await;
    b.c().goto(&format!("{url}#/plan/edit")).await.unwrap();
    b.find("input").await;

    // The dashboard: ECharts is loaded now, and every chart draws.
    b.c().goto(&format!("{url}#/plan")).await.unwrap();
    b.click("[data-testid=nav-dashboard]").await;
    let deadline = std::time::Instant::now() + common::WAIT;
    loop {
        let drawn = b
            .js(
                "const els = [...document.querySelectorAll('.chart')];
                 return els.length > 0 && typeof echarts !== 'undefined' && els.every((e) => echarts.getInstanceByDom(e) && e.querySelector('canvas'));",
                vec![],
            )
            .await;
        if drawn.as_bool() == Some(true) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "charts not drawn under the policy"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Let the charts' first animation finish before the picture.
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    let failed = b
        .js(
            "return document.querySelectorAll('.chart-panel .field-error').length;",
            vec![],
        )
        .await;
    assert_eq!(failed, json!(0), "a chart says it failed");

    // Printing a card goes through a frame holding the report.
    b.c().goto(&format!("{url}#/card/card-02")).await.unwrap();
    b.click("[data-testid=print-card]").await;
    b.find("iframe[data-testid=print-frame]").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
}

fn outside(urls: &[String], base: &str) -> Vec<String> {
    urls.iter()
        .filter(|u| !(u.starts_with(base) || u.starts_with("data:") || u.starts_with("blob:")))
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_single_file_keeps_its_policy_on_file_urls() {
    let file = built("single/shinchoku.html");
    let url = format!("file://{}", file.display());
    let b = Browser::start().await;
    walk_screens(&b, &url).await;
    let p = policy(&b).await;
    for must in [
        "default-src 'none'",
        "connect-src 'none'",
        "'wasm-unsafe-eval'",
        "'sha256-",
    ] {
        assert!(p.contains(must), "{must} missing from {p}");
    }
    assert!(!p.contains("'unsafe-eval'") && !p.contains("http"), "{p}");
    let script_src = p
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap_or_default();
    assert!(!script_src.contains("'unsafe-inline'"), "{script_src}");

    let violations = b.policy_violations().await;
    assert!(violations.is_empty(), "policy violations: {violations:#?}");
    let base = url.rsplit_once('/').unwrap().0.to_string() + "/";
    let urls = b.resource_urls().await;
    assert!(
        outside(&urls, &base).is_empty(),
        "requests outside the app's files: {urls:#?}"
    );
    // The single file fetches nothing at all.
    assert!(outside(&urls, "data:").is_empty(), "{urls:#?}");
    b.c().goto(&format!("{url}#/dashboard")).await.unwrap();
    b.find(".chart canvas").await;
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    b.screenshot("csp-dashboard-single").await;
    assert!(b.policy_violations().await.is_empty());
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_served_build_keeps_its_policy_under_a_sub_path() {
    let (url, log) = serve_dist_logged();
    let b = Browser::start().await;
    walk_screens(&b, &url).await;
    let p = policy(&b).await;
    for must in [
        "default-src 'none'",
        "script-src 'self'",
        "'wasm-unsafe-eval'",
        "'sha256-",
    ] {
        assert!(p.contains(must), "{must} missing from {p}");
    }
    assert!(!p.contains("'unsafe-eval'") && !p.contains("http"), "{p}");

    let violations = b.policy_violations().await;
    assert!(violations.is_empty(), "policy violations: {violations:#?}");
    let urls = b.resource_urls().await;
    assert!(
        outside(&urls, &url).is_empty(),
        "requests outside the app's files: {urls:#?}"
    );
    // ECharts came from beside the page, once, and only for the dashboard.
    let requests = log.lock().unwrap().clone();
    assert!(
        requests
            .iter()
            .all(|r| r.starts_with("/city/dx/shinchoku/")),
        "{requests:#?}"
    );
    assert_eq!(
        requests.iter().filter(|r| r.contains("echarts")).count(),
        1,
        "{requests:#?}"
    );
    b.screenshot("csp-print-served").await;
    b.close().await;
}
