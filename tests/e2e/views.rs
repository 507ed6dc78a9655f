//! End-to-end tests of finding and seeing progress: filters and the URL
//! hash, the status matrix, the department view and the dashboard's charts
//! (served, and in the single file on file://).

use crate::common;

use common::{Browser, HOLE, JA, built, fits, serve_dist, with_sample, write_plan};
use plan_core::query::{Filter, filter_cards};
use serde_json::{Value, json};

async fn select(b: &Browser, css: &str, value: &str) {
    // The screen shows once its code has loaded.
    b.find(css).await;
    b.js(
        "const s = document.querySelector(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change'));",
        vec![json!(css), json!(value)],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_narrow_the_list_and_the_hash_reopens_the_view() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    let sample = plan_core::sample_plan();
    b.click("[data-testid=nav-list]").await;
    b.wait_text(
        "[data-testid=list-count]",
        &(JA.list.matching)(sample.cards.len()),
    )
    .await;
    let today = b.today().await.year_month();

    select(&b, "select[data-testid=filter-pillar]", "office").await;
    let office = Filter {
        pillar: Some("office".into()),
        ..Default::default()
    };
    let expected = filter_cards(&sample, &office, today).len();
    assert!(expected > 0 && expected < sample.cards.len());
    b.wait_text("[data-testid=list-count]", &(JA.list.matching)(expected))
        .await;

    // Full-width keyword, folded to half-width: finds the RPA card.
    b.type_into("input[data-testid=filter-text]", "ＲＰＡ")
        .await;
    let both = Filter {
        pillar: Some("office".into()),
        text: "ＲＰＡ".into(),
        ..Default::default()
    };
    let expected = filter_cards(&sample, &both, today).len();
    assert_eq!(expected, 1);
    b.wait_text("[data-testid=list-count]", &(JA.list.matching)(1))
        .await;
    b.screenshot("list-filtered").await;

    let url_now = b.c().current_url().await.unwrap();
    let fragment = url_now.fragment().unwrap_or_default().to_string();
    assert!(
        fragment.starts_with("/list?") && fragment.contains("pillar=office"),
        "{fragment}"
    );
    b.c().refresh().await.unwrap();
    b.wait_text("[data-testid=list-count]", &(JA.list.matching)(1))
        .await;
    let pillar = b
        .js(
            "return document.querySelector('select[data-testid=filter-pillar]').value;",
            vec![],
        )
        .await;
    assert_eq!(pillar, "office");

    // Typed again and cleared: the box is empty again (it shows a keyword
    // as typed before the app takes it, and must not keep it).
    b.type_into("input[data-testid=filter-text]", "申請").await;
    // The address takes the keyword after the typing pause.
    let deadline = std::time::Instant::now() + common::WAIT;
    while b
        .js(
            "return decodeURIComponent(location.hash).includes('申請');",
            vec![],
        )
        .await
        != json!(true)
    {
        assert!(std::time::Instant::now() < deadline, "keyword not taken");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    b.click("[data-testid=clear-filters]").await;
    b.wait_text(
        "[data-testid=list-count]",
        &(JA.list.matching)(sample.cards.len()),
    )
    .await;
    let typed = b
        .js(
            "return document.querySelector('input[data-testid=filter-text]').value;",
            vec![],
        )
        .await;
    assert_eq!(typed, "");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_matrix_shows_a_known_cards_statuses_and_the_departments_their_actions() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    b.click("[data-testid=nav-matrix]").await;
    b.text_of("[data-testid=legend]").await;
    let sample = plan_core::sample_plan();
    let card = sample.card("card-12").unwrap();
    let row = b
        .text_of("[data-testid=matrix] tr[data-card-id='card-12']")
        .await;
    for y in &card.years {
        assert!(
            row.contains(y.status.symbol()),
            "{row} lacks {}",
            y.status.symbol()
        );
    }
    let labels = b
        .js(
            "return [...document.querySelectorAll('[data-testid=matrix] tr[data-card-id=\"card-12\"] .st')].map(e => e.getAttribute('aria-label'));",
            vec![],
        )
        .await;
    let names: Vec<Value> = card
        .years
        .iter()
        .map(|y| json!(plan_core::export::status_name_ja(y.status)))
        .collect();
    assert_eq!(
        labels,
        Value::Array(names),
        "each mark is named for screen readers"
    );
    b.screenshot("matrix").await;

    b.click("[data-testid=nav-departments]").await;
    let lead = card.lead_department().unwrap();
    let row = b
        .text_of(&format!(
            "[data-testid=departments] tr[data-department='{lead}']"
        ))
        .await;
    assert!(row.contains('/'), "{row}");
    b.screenshot("departments").await;
    b.close().await;
}

/// Counts the drawn (non-transparent) pixels of each chart canvas.
async fn drawn_pixels(b: &Browser) -> Vec<u64> {
    let v = b
        .js(
            "return [...document.querySelectorAll('.chart canvas')].map(c => {
               const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
               let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; });",
            vec![],
        )
        .await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect()
}

async fn charts_draw(b: &Browser) {
    b.click("[data-testid=nav-dashboard]").await;
    b.text_of("[data-testid=chart-effect]").await;
    let deadline = std::time::Instant::now() + common::WAIT;
    loop {
        let px = drawn_pixels(b).await;
        if px.len() >= 5 && px.iter().all(|n| *n > 500) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "charts blank: {px:?}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let headline = b.text_of("[data-testid=headline]").await;
    assert!(
        fits(&headline, &(JA.dashboard.headline_hours)(HOLE)),
        "{headline}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_draws_served_and_follows_the_data() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    // Tick one open action, then look at the dashboard.
    b.c().goto(&format!("{url}#/card/card-02")).await.unwrap();
    b.click(".year-col[data-year='2026'] .action:not(.done) input[type=checkbox]")
        .await;
    b.wait_saved().await;
    charts_draw(&b).await;
    b.screenshot("dashboard").await;

    let done_total = "const c = echarts.getInstanceByDom(document.querySelector('[data-testid=chart-departments] .chart'));
                      return c.getOption().series[0].data.reduce((a, b) => a + b, 0);";
    let before = b.js(done_total, vec![]).await.as_u64().unwrap();
    b.click("[data-testid=undo]").await;
    b.wait_saved().await;
    let deadline = std::time::Instant::now() + common::WAIT;
    loop {
        let after = b.js(done_total, vec![]).await.as_u64().unwrap();
        if after + 1 == before {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "chart did not follow the undo: {before} → {after}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Leaving the dashboard disposes its charts.
    b.js(
        "window.__chartEls = [...document.querySelectorAll('.chart')];",
        vec![],
    )
    .await;
    b.click("[data-testid=nav-overview]").await;
    b.text_of("[data-testid=card-count]").await;
    let alive = b
        .js(
            "return window.__chartEls.filter(e => echarts.getInstanceByDom(e)).length;",
            vec![],
        )
        .await;
    assert_eq!(alive, 0, "charts left behind");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_draws_in_the_single_file() {
    let file = built("single/shinchoku.html");
    let b = Browser::start().await;
    b.c()
        .goto(&format!("file://{}", file.display()))
        .await
        .unwrap();
    b.click("[data-testid=start-sample]").await;
    b.text_of("[data-testid=card-count]").await;
    charts_draw(&b).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_card_plan_opens_and_filters() {
    let big = plan_core::generate::large_plan(1000, 7);
    let path = write_plan("e2e-large-plan.json", &big);
    let url = serve_dist();
    let b = Browser::start().await;
    b.open_file(&url, &path).await;
    b.wait_text("[data-testid=card-count]", &(JA.common.card_count)(1000))
        .await;

    b.click("[data-testid=nav-list]").await;
    b.wait_text("[data-testid=list-count]", &(JA.list.matching)(1000))
        .await;
    // Only a page of rows is in the document; the rest on request.
    let rows = b
        .js(
            "return document.querySelectorAll('.list-table tbody tr').length;",
            vec![],
        )
        .await;
    assert!(rows.as_u64().unwrap() <= 200, "{rows}");

    let dept = big.plan.departments[2].clone();
    select(&b, "select[data-testid=filter-department]", &dept).await;
    let expected = filter_cards(
        &big,
        &Filter {
            department: Some(dept),
            ..Default::default()
        },
        b.today().await.year_month(),
    )
    .len();
    assert!(expected > 0 && expected < 1000);
    b.wait_text("[data-testid=list-count]", &(JA.list.matching)(expected))
        .await;
    b.close().await;
}
