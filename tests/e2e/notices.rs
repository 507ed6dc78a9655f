//! Notices stay typed until shown (src/notice.rs): switching the language
//! re-renders the notices already on screen, errors and successes alike.

use crate::common;

use common::{Browser, serve_dist, single_url, with_sample};
use shinchoku::texts::{EN, JA};

fn has_japanese(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x9FFF | 0xFF00..=0xFFEF))
}

async fn switch_language(b: &Browser) {
    b.click("[data-testid=switch-lang]").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_notice_on_screen_follows_the_language_switch() {
    let b = with_sample(&single_url()).await;
    // A damaged copy of the single file: the worker cannot start, so an
    // export fails with an error notice.
    b.break_worker_module().await;
    b.click("[data-testid=nav-exchange]").await;
    b.click("[data-testid=export-xlsx]").await;
    let ja = b.wait_text(".notice-error", JA.worker.failed).await;
    assert!(
        ja.contains(JA.notice.export_failed),
        "names what failed: {ja}"
    );

    switch_language(&b).await;
    let en = b.wait_text(".notice-error", EN.worker.failed).await;
    assert!(
        en.contains(EN.notice.export_failed),
        "names what failed: {en}"
    );
    assert!(
        !has_japanese(&en),
        "Japanese left in the English notice: {en}"
    );
    b.screenshot("notice-error-english").await;

    // And back: still there (errors stay until closed), in Japanese again.
    switch_language(&b).await;
    let again = b.wait_text(".notice-error", JA.worker.failed).await;
    assert_eq!(again, ja);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_success_notice_on_screen_follows_the_language_switch() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    // Another plan's file, opened from the exchange screen as a new plan.
    let mut other = plan_core::sample_plan();
    other.plan.id = "notices-other-plan".into();
    let dir = std::env::temp_dir().join(format!("shinchoku-notices-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("other-plan.json");
    std::fs::write(&path, plan_core::to_json_pretty(&other)).unwrap();
    b.click("[data-testid=nav-exchange]").await;
    b.upload("input[data-testid=import-file]", &path).await;
    let ja = (JA.notice.file_opened)("other-plan.json");
    b.wait_text(".notice-info", &ja).await;

    switch_language(&b).await;
    b.wait_text(".notice-info", &(EN.notice.file_opened)("other-plan.json"))
        .await;
    switch_language(&b).await;
    b.wait_text(".notice-info", &ja).await;
    b.close().await;
}
