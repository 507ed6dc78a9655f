//! A big plan file (issue 11) is read and checked in the worker and built a
//! slice at a time: a progress line shows meanwhile, Cancel leaves nothing
//! behind, and a big file that is refused is explained like a small one.

use crate::common;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Browser, WAIT, single_url};

/// A plan of `cards` cards as a file (3,000 cards: about 10 MB).
fn big_file(cards: usize, name: &str, spoil: bool) -> PathBuf {
    let mut plan = plan_core::generate::large_plan(cards, 5);
    let mut text = plan_core::to_json_pretty(&plan);
    if spoil {
        // The last card's status is not one the format knows.
        let last = Arc::make_mut(plan.cards.last_mut().unwrap());
        last.title = "壊れたカード".into();
        text = plan_core::to_json_pretty(&plan).replacen(
            "\"title\": \"壊れたカード\"",
            "\"title\": 12",
            1,
        );
    }
    assert!(text.len() > 2_000_000, "not a big file: {}", text.len());
    let dir = std::env::temp_dir().join(format!("shinchoku-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

async fn open_start() -> Browser {
    let b = Browser::start().await;
    b.c().goto(&single_url()).await.unwrap();
    b.find("[data-testid=start-sample]").await;
    b
}

async fn count(b: &Browser, css: &str) -> u64 {
    b.js(
        &format!("return document.querySelectorAll('{css}').length;"),
        vec![],
    )
    .await
    .as_u64()
    .unwrap_or(0)
}

async fn plan_keys(b: &Browser) -> Vec<String> {
    let v = b
        .js(
            "return Object.keys(localStorage).filter(k => k.startsWith('shinchoku.v1.plan.'));",
            vec![],
        )
        .await;
    serde_json::from_value(v).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_big_file_shows_its_progress_then_opens_whole() {
    let path = big_file(3000, "big.json", false);
    let b = open_start().await;
    b.upload("[data-testid=start-open] input[type=file]", &path)
        .await;
    // The progress line is there while it reads (a few seconds here).
    b.find("[data-testid=reading] progress").await;
    b.screenshot("big-file-reading").await;
    let text = b.wait_text("[data-testid=card-count]", "3000").await;
    assert!(text.contains("3000"), "{text}");
    assert_eq!(count(&b, "[data-testid=reading]").await, 0);
    assert_eq!(count(&b, ".notice-error").await, 0);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_a_big_file_keeps_nothing_of_it() {
    let path = big_file(3000, "cancel.json", false);
    let b = open_start().await;
    b.upload("[data-testid=start-open] input[type=file]", &path)
        .await;
    b.click("[data-testid=reading-cancel]").await;
    assert_eq!(count(&b, "[data-testid=reading]").await, 0);
    // Still the start screen, and it stays so: nothing stored, no plan.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(count(&b, "[data-testid=card-count]").await, 0);
    assert_eq!(count(&b, "[data-testid=start-sample]").await, 1);
    assert!(plan_keys(&b).await.is_empty());
    // The worker is ready for the next file.
    b.upload("[data-testid=start-open] input[type=file]", &path)
        .await;
    b.wait_text("[data-testid=card-count]", "3000").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_big_refused_file_names_the_card_and_stores_nothing() {
    let path = big_file(3000, "spoiled.json", true);
    let b = open_start().await;
    b.upload("[data-testid=start-open] input[type=file]", &path)
        .await;
    let deadline = Instant::now() + WAIT;
    while count(&b, "[data-testid=file-report]").await == 0 {
        assert!(Instant::now() < deadline, "no report of the refused file");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let report = b.text_of("[data-testid=file-report]").await;
    assert!(report.contains("cards[2999].title"), "{report}");
    assert!(plan_keys(&b).await.is_empty());
    assert_eq!(count(&b, "[data-testid=card-count]").await, 0);
    b.close().await;
}
