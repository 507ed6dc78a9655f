//! The overview (計画の一覧) of a big plan comes in chunks as the reader
//! scrolls, yet ends with every row, and shows them all for printing; the
//! ↑↓ buttons (one click handler per table) move cards.

use crate::common;

use std::time::{Duration, Instant};

use common::{Browser, SAMPLE_KEY, WAIT, serve_dist, with_sample};
use plan_core::PlanFile;

async fn stored(b: &Browser) -> PlanFile {
    let text = b.stored_text(SAMPLE_KEY).await.unwrap_or_default();
    plan_core::load_str(&text)
        .file
        .expect("the stored plan loads")
}

fn order(p: &PlanFile) -> Vec<String> {
    p.cards.iter().map(|c| c.id.clone()).collect()
}

/// Waits until the stored card order is no longer `before`.
async fn order_after(b: &Browser, before: &[String]) -> Vec<String> {
    let deadline = Instant::now() + WAIT;
    loop {
        let now = order(&stored(b).await);
        if now != before {
            return now;
        }
        assert!(Instant::now() < deadline, "the order was not saved");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_card_overview_ends_with_every_row_in_the_matrix_order() {
    let plan = plan_core::generate::large_plan(1000, 11);
    let rows: Vec<String> = plan_core::stats::matrix(&plan)
        .into_iter()
        .flat_map(|p| p.groups)
        .flat_map(|g| g.rows)
        .map(|r| r.card_id)
        .collect();
    let dir = std::env::temp_dir().join(format!("shinchoku-overview-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("thousand.json");
    std::fs::write(&path, plan_core::to_json_pretty(&plan)).unwrap();

    let url = serve_dist();
    let b = Browser::start().await;
    b.c().goto(&url).await.unwrap();
    b.upload("[data-testid=start-open] input[type=file]", &path)
        .await;
    b.text_of("[data-testid=card-count]").await;
    let shown = async || -> Vec<String> {
        let ids = b
            .js(
                "return [...document.querySelectorAll('tr.card-row')].map(r => r.dataset.cardId);",
                vec![],
            )
            .await;
        serde_json::from_value(ids).unwrap()
    };
    // Rows come as the reader scrolls down, not all at once.
    let first = shown().await.len();
    assert!(
        first > 0 && first < rows.len(),
        "{first} rows shown at first"
    );
    let deadline = Instant::now() + WAIT;
    loop {
        let shown = shown().await;
        if shown.len() == rows.len() {
            assert_eq!(shown, rows, "rows out of the matrix order");
            break;
        }
        assert!(
            shown.len() < rows.len() && Instant::now() < deadline,
            "{} rows shown of {}",
            shown.len(),
            rows.len()
        );
        b.js(
            "window.scrollTo(0, document.documentElement.scrollHeight);",
            vec![],
        )
        .await;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Printing shows every row, scrolled to or not.
    b.click("[data-testid=nav-list]").await;
    b.js("window.scrollTo(0, 0);", vec![]).await;
    b.click("[data-testid=nav-overview]").await;
    b.text_of("[data-testid=card-count]").await;
    assert!(shown().await.len() < rows.len());
    b.js("window.dispatchEvent(new Event('beforeprint'));", vec![])
        .await;
    let deadline = Instant::now() + WAIT;
    while shown().await != rows {
        assert!(Instant::now() < deadline, "not every row before printing");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    b.screenshot("overview-1000").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_arrows_move_a_card_down_and_back_up() {
    let b = with_sample(&serve_dist()).await;
    let before = order(&stored(&b).await);
    let first = &before[0];
    b.click(&format!(
        "tr.card-row[data-card-id='{first}'] button[data-move=down]"
    ))
    .await;
    let moved = order_after(&b, &before).await;
    assert_eq!(moved[0], before[1]);
    assert_eq!(moved[1], before[0]);
    assert_eq!(moved[2..], before[2..]);
    b.wait_saved().await;
    b.click(&format!(
        "tr.card-row[data-card-id='{first}'] button[data-move=up]"
    ))
    .await;
    assert_eq!(order_after(&b, &moved).await, before);
    b.close().await;
}
