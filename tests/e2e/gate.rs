//! End-to-end tests of the one gate ("saved means loadable"): hostile but
//! ordinary input typed into the editors never strands the stored plan, an
//! import confirmed after an edit shows the refreshed preview, and a stored
//! plan that does not load can be repaired inside the app.

use crate::common;

use std::time::{Duration, Instant};

use common::{Browser, JA, SAMPLE_ID, serve_dist, with_sample, write_plan};
use plan_core::limits::{MAX_STRING_CHARS, MAX_YEAR, MIN_YEAR};
use plan_core::messages::ja as problem_text;
use plan_core::{Card, PlanFile, ProblemKind};
use serde_json::json;

fn card<'a>(plan: &'a PlanFile, id: &str) -> &'a Card {
    plan.card(id).unwrap_or_else(|| panic!("no {id}"))
}

/// Waits longer than the save delay, so a save that was going to happen has.
async fn past_save_delay() {
    tokio::time::sleep(Duration::from_millis(1200)).await;
}

/// Reloads the page as a user would, accepting the leave warning if the app
/// (rightly) shows one for changes that could not be stored.
async fn reload(b: &Browser) {
    b.js(
        "setTimeout(() => location.reload(), 0); return null;",
        vec![],
    )
    .await;
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline {
        if b.c().accept_alert().await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
}

/// After a reload the plan opens (no unreadable-data banner) and the stored
/// value still loads.
async fn plan_opens_after_reload(b: &Browser, url: &str) -> PlanFile {
    reload(b).await;
    b.c().goto(&format!("{url}#/plan")).await.unwrap();
    b.text_of("[data-testid=card-count]").await;
    let banners = b
        .js(
            "return document.querySelectorAll('[data-testid=storage-unreadable]').length;",
            vec![],
        )
        .await;
    assert_eq!(banners, json!(0), "the stored plan must load");
    b.stored_sample().await
}

/// The text of the field problem shown under the input `css`.
async fn problem_under(b: &Browser, css: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = b
            .js(
                "const i = document.querySelector(arguments[0]); const e = i && document.getElementById(i.getAttribute('aria-describedby')); return e ? e.textContent : '';",
                vec![json!(css)],
            )
            .await;
        let text = text.as_str().unwrap_or_default().to_string();
        if !text.is_empty() {
            return text;
        }
        assert!(Instant::now() < deadline, "no problem shown under {css}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_plan_title_is_shown_and_never_stored() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    b.c().goto(&format!("{url}#/plan/edit")).await.unwrap();
    // Emptied with the keyboard: select all, delete.
    b.find("input[data-testid=plan-title]")
        .await
        .send_keys("\u{E009}a\u{E009}\u{E003}")
        .await
        .unwrap();
    let problem = problem_under(&b, "input[data-testid=plan-title]").await;
    assert!(
        problem.contains(&problem_text(&ProblemKind::Empty)),
        "{problem}"
    );
    b.wait_text("[data-testid=save-status]", JA.save.failed)
        .await;
    past_save_delay().await;
    b.screenshot("gate-empty-title").await;
    let stored = plan_opens_after_reload(&b, &url).await;
    assert_eq!(stored.plan.title, plan_core::sample_plan().plan.title);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_total_of_zero_and_a_huge_actual_are_shown_and_never_stored() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    let before = card(&b.stored_sample().await, "card-02").indicators[0]
        .actuals
        .clone();
    b.c().goto(&format!("{url}#/card/card-02")).await.unwrap();
    b.text_of("[data-testid=card-sheet]").await;

    let total = "input[data-testid=indicator-total]";
    b.type_into(total, "0").await;
    let problem = problem_under(&b, total).await;
    assert!(
        problem.contains(&problem_text(&ProblemKind::TotalNotPositive)),
        "{problem}"
    );
    b.wait_text("[data-testid=save-status]", JA.save.failed)
        .await;
    b.screenshot("gate-total-zero").await;

    let actual = "input[data-testid=indicator-actual]";
    b.type_into(actual, "1e16").await;
    let problem = problem_under(&b, actual).await;
    assert!(problem.contains(JA.input.number_too_large), "{problem}");
    past_save_delay().await;

    let stored = plan_opens_after_reload(&b, &url).await;
    assert_eq!(
        card(&stored, "card-02").indicators[0].actuals,
        before,
        "the last valid actuals stay stored"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_baseline_year_of_5_and_a_note_over_the_limit_are_never_stored() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    let before = card(&b.stored_sample().await, "card-01").clone();
    b.c()
        .goto(&format!("{url}#/card/card-01/edit"))
        .await
        .unwrap();
    b.text_of("[data-testid=card-editor]").await;

    let year = "input[data-testid=baseline-year]";
    b.type_into(year, "5").await;
    let problem = problem_under(&b, year).await;
    let range = ProblemKind::YearOutOfRange {
        min: MIN_YEAR,
        max: MAX_YEAR,
    };
    assert!(problem.contains(&problem_text(&range)), "{problem}");
    b.screenshot("gate-baseline-year-5").await;
    b.wait_text("[data-testid=save-status]", JA.save.failed)
        .await;
    b.type_into(year, "2023").await;
    b.wait_saved().await;

    // 100,001 characters: more than typing allows (maxlength), so it is put
    // in as a paste that bypasses the limit would be.
    let overview = "textarea[data-testid=overview]";
    let max = b
        .js(
            "return document.querySelector(arguments[0]).maxLength;",
            vec![json!(overview)],
        )
        .await;
    assert_eq!(
        max,
        json!(MAX_STRING_CHARS),
        "typing is limited to what loads"
    );
    b.js(
        "const t = document.querySelector(arguments[0]); t.value = 'あ'.repeat(100001); t.dispatchEvent(new Event('input', {bubbles: true})); return null;",
        vec![json!(overview)],
    )
    .await;
    let problem = problem_under(&b, overview).await;
    let too_long = ProblemKind::StringTooLong {
        max: MAX_STRING_CHARS,
    };
    assert!(problem.contains(&problem_text(&too_long)), "{problem}");
    b.wait_text("[data-testid=save-status]", JA.save.failed)
        .await;
    b.screenshot("gate-long-text").await;
    past_save_delay().await;

    let stored = plan_opens_after_reload(&b, &url).await;
    let after = card(&stored, "card-01");
    assert_eq!(after.overview, before.overview);
    assert_eq!(after.indicators, before.indicators);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_confirmed_after_an_edit_shows_the_refreshed_preview() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    // A file from a department: card-02 retitled there, its clock ahead.
    let mut incoming = b.stored_sample().await;
    let c = incoming.card_mut("card-02").unwrap();
    c.title = "課で見直した題名".into();
    c.clock.0.insert("dept0001".into(), 1);
    let path = write_plan("e2e-gate-from-dept.json", &incoming);

    b.import(&url, &path).await;
    b.text_of("[data-testid=import-preview]").await;
    assert_eq!(b.text_of("[data-testid=count-updated]").await, "1");

    // Meanwhile the same card is edited here.
    b.c()
        .goto(&format!("{url}#/card/card-02/edit"))
        .await
        .unwrap();
    b.type_into("input[data-testid=title]", "こちらで直した題名")
        .await;
    b.wait_saved().await;

    b.c().goto(&format!("{url}#/exchange")).await.unwrap();
    b.click("[data-testid=confirm-import]").await;
    b.wait_text(".notices", JA.exchange.preview_refreshed).await;
    b.text_of("[data-testid=changed-since-preview]").await;
    assert_eq!(b.text_of("[data-testid=count-conflict]").await, "1");
    assert_eq!(b.text_of("[data-testid=count-updated]").await, "0");
    b.screenshot("gate-refreshed-preview").await;
    let stored = b.stored_sample().await;
    assert_eq!(
        card(&stored, "card-02").title,
        "こちらで直した題名",
        "nothing was overwritten"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_plan_that_does_not_load_is_repaired_in_the_app() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    // An older version's bug left the title empty in storage.
    let mut broken = b.stored_sample().await;
    broken.plan.title = String::new();
    b.store_plan(&broken).await;
    b.c().goto(&url).await.unwrap();
    b.c().refresh().await.unwrap();
    b.find("[data-testid=storage-unreadable]").await;

    // Other plans keep working while this one is blocked.
    b.click("[data-testid=start-new]").await;
    b.find("[data-testid=plan-editor]").await;
    b.c().goto(&format!("{url}#/")).await.unwrap();

    b.click("[data-testid=repair-unreadable]").await;
    b.find("[data-testid=repair]").await;
    let count = b.text_of("[data-testid=repair-count]").await;
    assert!(count.contains('1'), "{count}");
    let problems = b.text_of("[data-testid=repair]").await;
    assert!(problems.contains("plan.title"), "{problems}");
    b.screenshot("gate-repair").await;
    let field = b.find("[data-testid=repair-value]").await;
    field
        .send_keys("みどり野市 DX推進アクションプラン")
        .await
        .unwrap();
    // A change is taken when the field is left.
    b.click("[data-testid=repair-count]").await;
    b.wait_text("[data-testid=repair-count]", JA.repair.ready)
        .await;
    b.click("[data-testid=repair-save]").await;
    b.text_of("[data-testid=card-count]").await;
    let stored = b.stored_plan(SAMPLE_ID).await;
    assert_eq!(stored.plan.title, "みどり野市 DX推進アクションプラン");
    let kept = b
        .js(
            "return Object.keys(localStorage).filter(k => k.startsWith('shinchoku.v1.kept.')).length;",
            vec![],
        )
        .await;
    assert!(kept.as_u64().unwrap() >= 1, "the original is kept aside");

    // And it loads after a reload.
    b.c().refresh().await.unwrap();
    b.c().goto(&format!("{url}#/plan")).await.unwrap();
    b.text_of("[data-testid=card-count]").await;
    b.close().await;
}
