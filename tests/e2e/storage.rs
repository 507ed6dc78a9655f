//! End-to-end tests of storage that never strands a user: storage blocked
//! by the browser, a week of snapshots of a big plan, a full store, a file
//! too big for the browser, leaving with unsaved work, and a crash.

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use common::{
    Browser, EN, HOLE, JA, SAMPLE_ID, SAMPLE_KEY, built, fits, read_plan, root, serve_dist,
    single_url, with_sample, write_plan,
};
use plan_core::{Card, PlanFile};
use serde_json::json;

/// One stored snapshot (`shinchoku.v1.snaps.<plan id>`), the parts a test
/// reads: its day and the cards that differ from the plan stored now.
#[derive(serde::Deserialize)]
struct Snapshot {
    date: String,
    cards: Vec<Card>,
}

async fn snapshots(b: &Browser, plan_id: &str) -> Vec<Snapshot> {
    b.stored_text(&format!("shinchoku.v1.snaps.{plan_id}"))
        .await
        .map_or_else(Vec::new, |t| serde_json::from_str(&t).unwrap())
}

async fn snapshot_count(b: &Browser, plan_id: &str) -> usize {
    snapshots(b, plan_id).await.len()
}

/// The value under a localStorage key as stored (a plan's manifest, not
/// the plan put together as `Browser::stored_text` gives it).
async fn raw_value(b: &Browser, key: &str) -> String {
    b.js(
        "return localStorage.getItem(arguments[0]);",
        vec![json!(key)],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Types `text` onto the end of a card's title in its editor.
async fn type_onto_title(b: &Browser, url: &str, card: &str, text: &str) {
    b.c()
        .goto(&format!("{url}#/card/{card}/edit"))
        .await
        .unwrap();
    b.find("input[data-testid=title]")
        .await
        .send_keys(text)
        .await
        .unwrap();
}

fn card<'a>(plan: &'a PlanFile, id: &str) -> &'a Card {
    plan.card(id).unwrap_or_else(|| panic!("no {id}"))
}

async fn select(b: &Browser, css: &str, value: &str) {
    b.find(css).await;
    b.js(
        "const s = document.querySelector(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change'));",
        vec![json!(css), json!(value)],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_storage_blocked_the_app_runs_in_memory_and_a_file_can_be_edited_and_exported() {
    // A sandboxed frame without allow-same-origin: reading localStorage
    // throws there, as it does with site data blocked by policy.
    let single = built("single/shinchoku.html");
    let page = root().join("target/e2e-sandboxed.html");
    std::fs::write(
        &page,
        format!(
            "<!DOCTYPE html><html><body style=\"margin:0\"><iframe sandbox=\"allow-scripts allow-downloads allow-forms allow-modals\" \
             src=\"file://{}\" style=\"border:0;width:100vw;height:100vh\"></iframe></body></html>",
            single.display()
        ),
    )
    .unwrap();
    let sample = write_plan("e2e-storage-sample.json", &plan_core::sample_plan());
    let b = Browser::start().await;
    b.c()
        .goto(&format!("file://{}", page.display()))
        .await
        .unwrap();
    b.c().enter_frame(Some(0)).await.unwrap();
    let blocked = b
        .js(
            "try { window.localStorage.length; return false; } catch (e) { return true; }",
            vec![],
        )
        .await;
    assert_eq!(blocked, json!(true), "storage is blocked in this frame");
    let banner = b.text_of("[data-testid=storage-memory]").await;
    assert!(banner.contains(JA.storage.memory), "{banner}");

    b.upload("[data-testid=start-open] input[type=file]", &sample)
        .await;
    b.text_of("[data-testid=card-count]").await;
    b.screenshot("storage-in-memory").await;
    b.click("tr[data-card-id=card-06] a").await;
    b.click("[data-testid=edit-card]").await;
    b.type_into("input[data-testid=title]", "メモリの中で直した題名")
        .await;
    b.wait_text("[data-testid=save-status]", JA.save.memory)
        .await;

    b.click("[data-testid=export]").await;
    let file = b.downloaded(".json").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let exported = read_plan(&file);
    assert_eq!(card(&exported, "card-06").title, "メモリの中で直した題名");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_two_thousand_card_plan_edited_on_seven_days_keeps_a_week_of_snapshots() {
    let big = plan_core::generate::large_plan(2000, 3);
    let path = write_plan("e2e-storage-2000.json", &big);
    let url = serve_dist();
    let b = Browser::start().await;
    b.open_file(&url, &path).await;
    b.wait_text("[data-testid=card-count]", &(JA.common.card_count)(2000))
        .await;
    let plan_id = "generated-large";
    for day in 0..7u32 {
        if day > 0 {
            b.live_on_day(day).await;
        }
        let id = format!("gen-{:05}", day + 1);
        b.c().goto(&format!("{url}#/card/{id}/edit")).await.unwrap();
        b.find("input[data-testid=title]")
            .await
            .send_keys(&format!("（{}日目）", day + 1))
            .await
            .unwrap();
        b.wait_saved().await;
        let status = b.text_of("[data-testid=save-status]").await;
        assert!(!status.contains(JA.save.failed), "day {day}: {status}");
        let full = b
            .js(
                "return !!document.querySelector('[data-testid=storage-full]');",
                vec![],
            )
            .await;
        assert_eq!(full, json!(false), "day {day}: storage full");
        let plan = b.stored_plan(plan_id).await;
        assert!(
            card(&plan, &id)
                .title
                .ends_with(&format!("（{}日目）", day + 1))
        );
    }
    assert_eq!(snapshot_count(&b, "generated-large").await, 7);

    // The oldest (the first day, before its change) rebuilds the plan as
    // it was: restoring it brings back the first card's original title.
    b.c().goto(&format!("{url}#/plan/edit")).await.unwrap();
    b.find("[data-testid=snapshot]").await;
    let listed = b
        .js(
            "return document.querySelectorAll('[data-testid=snapshot]').length;",
            vec![],
        )
        .await;
    assert_eq!(listed, json!(7));
    b.js(
        "const all = document.querySelectorAll('[data-testid=restore-snapshot]'); all[all.length - 1].click();",
        vec![],
    )
    .await;
    let original = big.card("gen-00001").unwrap().title.clone();
    let deadline = std::time::Instant::now() + common::WAIT;
    loop {
        let plan = b.stored_plan(plan_id).await;
        let titles: Vec<String> = ["gen-00001", "gen-00007"]
            .iter()
            .map(|id| card(&plan, id).title.clone())
            .collect();
        if titles[0] == original {
            assert_eq!(titles[1], big.card("gen-00007").unwrap().title);
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not restored: {titles:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    b.close().await;
}

const ADDITION: &str = "（容量がいっぱいのときに書き足した説明です。自動保存の控えを消して保存されることを確かめます。）";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_store_gives_up_the_oldest_snapshots_for_the_plan_and_says_so() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    for day in 0..3u32 {
        if day > 0 {
            b.live_on_day(day).await;
        }
        type_onto_title(
            &b,
            &url,
            &format!("card-0{}", day + 1),
            &format!("（{}日目）", day + 1),
        )
        .await;
        b.wait_saved().await;
    }
    let plan_id = SAMPLE_ID;
    assert_eq!(snapshot_count(&b, plan_id).await, 3);

    // Ballast under keys of our own, to the last few bytes.
    b.fill_storage().await;
    type_onto_title(&b, &url, "card-06", ADDITION).await;
    let told = b
        .wait_text("[data-testid=storage-dropped]", JA.storage.dropped_heading)
        .await;
    let title = plan_core::sample_plan().plan.title;
    assert!(
        fits(&told, &(JA.storage.dropped_snapshot)(&title, HOLE)),
        "{told}"
    );
    b.wait_saved().await;
    b.screenshot("storage-dropped-snapshots").await;
    let plan = b.stored_sample().await;
    assert!(
        card(&plan, "card-06").title.ends_with(ADDITION),
        "plan saved"
    );
    assert!(snapshot_count(&b, plan_id).await < 3, "snapshots gave way");
    b.empty_ballast().await;
    b.close().await;
}

/// A plan an earlier version stored whole, in a store too full to hold it
/// again card by card beside that text: edits are still saved (the plan
/// stays whole), nothing is said to be full, and it loads after a reload.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_stored_whole_in_a_full_store_keeps_being_saved() {
    let url = single_url();
    let b = Browser::start().await;
    b.c().goto(&url).await.unwrap();
    let sample = plan_core::sample_plan();
    b.store_plan(&sample).await;
    b.js(
        "localStorage.setItem('shinchoku.v1.current', JSON.stringify(arguments[0]));",
        vec![json!(SAMPLE_ID)],
    )
    .await;
    b.c().refresh().await.unwrap();
    b.text_of("[data-testid=card-count]").await;
    // Ballast to the last few bytes, then 1 KB given back: room for a
    // title's change, not for the plan a second time.
    b.fill_storage().await;
    b.js(
        "localStorage.removeItem('shinchoku.v1.test-fill-1024-0');",
        vec![],
    )
    .await;
    type_onto_title(&b, &url, "card-06", "（改）").await;
    b.wait_saved().await;
    let plan = b.stored_sample().await;
    assert!(card(&plan, "card-06").title.ends_with("（改）"), "saved");
    assert!(
        raw_value(&b, SAMPLE_KEY).await.starts_with("{\"format\""),
        "still whole"
    );
    b.empty_ballast().await;
    // With room again, the next save takes the per-card form.
    b.c().refresh().await.unwrap();
    type_onto_title(&b, &url, "card-06", "（再）").await;
    b.wait_saved().await;
    let plan = b.stored_sample().await;
    assert!(card(&plan, "card-06").title.ends_with("（改）（再）"));
    assert!(
        raw_value(&b, SAMPLE_KEY).await.starts_with("{\"stored\""),
        "per card now"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_too_big_for_the_browser_opens_read_only_and_can_be_filtered_and_exported() {
    // 3,000 cards with real card texts (background from a city's plan).
    let reference =
        std::fs::read_to_string("/work/shared/reference/kashima-action-plan-2023-2024.txt")
            .unwrap_or_else(|_| {
                "行政手続きのオンライン化を進め、窓口の待ち時間を減らす。".repeat(40)
            });
    let chars: Vec<char> = reference.chars().filter(|c| !c.is_control()).collect();
    let mut big = plan_core::generate::large_plan(3000, 5);
    for (i, card) in big.cards.iter_mut().map(Arc::make_mut).enumerate() {
        let start = (i * 37) % (chars.len() - 700);
        card.background = chars[start..start + 700].iter().collect();
    }
    let path = write_plan("e2e-storage-3000.json", &big);
    let url = serve_dist();
    let b = Browser::start().await;
    b.c().goto(&url).await.unwrap();
    b.upload("[data-testid=start-open] input[type=file]", &path)
        .await;
    let banner = b.text_of("[data-testid=storage-too-big]").await;
    assert!(
        fits(&banner, &(JA.storage.too_big)(3000, HOLE, HOLE, HOLE, HOLE)),
        "{banner}"
    );
    b.wait_text("[data-testid=card-count]", &(JA.common.card_count)(3000))
        .await;
    b.wait_text("[data-testid=save-status]", JA.save.read_only)
        .await;
    b.screenshot("storage-read-only-big-plan").await;
    assert_eq!(
        b.stored_text("shinchoku.v1.plan.generated-large").await,
        None,
        "nothing half-stored"
    );
    assert_eq!(
        b.js(
            "return Object.keys(localStorage).filter((k) => k.startsWith('shinchoku.v1.card.')).length;",
            vec![],
        )
        .await,
        json!(0),
        "no card of it stored"
    );

    // Filter by a department and export those cards.
    b.click("[data-testid=nav-list]").await;
    b.wait_text("[data-testid=list-count]", "3000").await;
    let dept = big.plan.departments[1].clone();
    select(&b, "select[data-testid=filter-department]", &dept).await;
    let expected = big
        .cards
        .iter()
        .filter(|c| c.departments.contains(&dept))
        .count();
    b.wait_text("[data-testid=list-count]", &(JA.list.matching)(expected))
        .await;
    b.click("[data-testid=export-filtered]").await;
    let file = b.downloaded(".json").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(read_plan(&file).cards.len(), expected);

    // The editor is not offered: the card page is shown instead.
    b.c()
        .goto(&format!("{url}#/card/gen-00001/edit"))
        .await
        .unwrap();
    b.wait_text("main", &big.cards[0].title).await;
    let editors = b
        .js(
            "return document.querySelectorAll('input[data-testid=title]').length;",
            vec![],
        )
        .await;
    assert_eq!(editors, json!(0));
    b.close().await;
}

/// Whether leaving now would ask first: the page gets the
/// `beforeunload` that closing the tab sends, and the prompt is shown when
/// its listener cancels it. (Headless Chromium under WebDriver never draws
/// that prompt, not even for a plain `onbeforeunload` handler — tried with
/// `unhandledPromptBehavior: {beforeUnload: ignore}` on refresh and on a
/// scripted reload — so the test asks the page's own listener.)
async fn leave_prompt(b: &Browser) -> bool {
    let asked = b
        .js(
            "const e = new Event('beforeunload', { cancelable: true });
             window.dispatchEvent(e);
             return e.defaultPrevented;",
            vec![],
        )
        .await;
    asked.as_bool().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leaving_with_an_invalid_field_asks_first_and_a_saved_exported_plan_does_not() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    b.c().goto(&format!("{url}#/plan/edit")).await.unwrap();
    // A plan without a title cannot be saved: the change is only on screen.
    let title = b.find("input[data-testid=plan-title]").await;
    title.clear().await.unwrap();
    // A key typed and taken back: the field is empty as a user leaves it.
    title.send_keys("x\u{E003}").await.unwrap();
    b.wait_text("[data-testid=save-status]", JA.save.failed)
        .await;
    assert!(leave_prompt(&b).await, "no warning with an unsaved change");
    // Still on screen, still not saved.
    b.wait_text("[data-testid=save-status]", JA.save.failed)
        .await;
    // Put right and saved, leaving is quiet again.
    b.find("input[data-testid=plan-title]")
        .await
        .send_keys("みどり野市の計画")
        .await
        .unwrap();
    b.wait_saved().await;
    assert!(!leave_prompt(&b).await, "warned about a saved plan");
    b.close().await;

    // A saved and exported plan leaves without a question.
    let b = with_sample(&url).await;
    type_onto_title(&b, &url, "card-02", "（確認済み）").await;
    b.wait_saved().await;
    b.click("[data-testid=export]").await;
    b.downloaded(".json").await;
    assert!(
        !leave_prompt(&b).await,
        "warned about a saved, exported plan"
    );
    b.text_of("[data-testid=save-status]").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_shows_a_banner_in_the_language_shown_with_the_error_to_copy() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    b.c()
        .goto(&format!("{url}?shinchoku-test-panic"))
        .await
        .unwrap();
    let banner = b.text_of("[data-testid=crash-banner]").await;
    assert!(banner.contains(JA.crash.heading), "{banner}");
    assert!(banner.contains(JA.crash.body), "{banner}");
    let details = b
        .js(
            "return document.querySelector('[data-testid=crash-details]').value;",
            vec![],
        )
        .await;
    assert!(
        details.as_str().unwrap().contains("test panic"),
        "{details}"
    );
    b.screenshot("crash-banner").await;

    // In English when the page is in English.
    b.c().goto(&url).await.unwrap();
    b.click("[data-testid=switch-lang]").await;
    b.c()
        .goto(&format!("{url}?shinchoku-test-panic"))
        .await
        .unwrap();
    b.wait_text("[data-testid=crash-banner]", EN.crash.heading)
        .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_can_be_undone_after_a_reload_from_its_snapshot() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    let mut theirs = b.stored_sample().await;
    let c = theirs.card_mut("card-05").unwrap();
    let original = c.title.clone();
    c.title = "課から届いた題名".into();
    c.clock.0.insert("dept0001".into(), 1);
    let path = write_plan("e2e-storage-import.json", &theirs);
    b.c().goto(&format!("{url}#/")).await.unwrap();
    b.upload("[data-testid=start-open] input[type=file]", &path)
        .await;
    b.confirm_import("e2e-storage-import.json", 0).await;
    let title = |plan: &PlanFile| card(plan, "card-05").title.clone();
    assert_eq!(title(&b.stored_sample().await), "課から届いた題名");

    // After a reload (no undo history left), the snapshot taken before
    // the import brings the plan back.
    b.c().goto(&format!("{url}#/plan/edit")).await.unwrap();
    b.c().refresh().await.unwrap();
    let entry = b
        .wait_text("[data-testid=snapshot]", "e2e-storage-import.json")
        .await;
    assert!(
        fits(
            &entry,
            &(JA.snapshots.before_import)("e2e-storage-import.json", HOLE)
        ),
        "{entry}"
    );
    b.click("[data-testid=snapshot] [data-testid=restore-snapshot]")
        .await;
    let deadline = std::time::Instant::now() + common::WAIT;
    while title(&b.stored_sample().await) != original {
        assert!(std::time::Instant::now() < deadline, "import not undone");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn old_full_copy_snapshots_are_taken_into_the_compact_form_and_still_restore() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    let mut old = b.stored_sample().await;
    let original = old.cards[0].title.clone();
    Arc::make_mut(&mut old.cards[0]).title = "前の形の自動保存の題名".into();
    let plan_id = SAMPLE_ID;
    // The old form, and a plan whose id extends this one's: its old key
    // starts with this plan's prefix, and must stay its own.
    b.js(
        "localStorage.setItem('shinchoku.v1.snap.' + arguments[0] + '.2026-01-05', arguments[1]);
         localStorage.setItem('shinchoku.v1.snap.' + arguments[0] + '.b.2026-01-06', arguments[1]);",
        vec![json!(plan_id), json!(plan_core::to_json(&old))],
    )
    .await;
    b.c().refresh().await.unwrap();
    b.text_of("[data-testid=card-count]").await;
    let keys = b
        .js(
            "return Object.keys(localStorage).filter(k => k.includes('.snap.')).sort();",
            vec![],
        )
        .await;
    assert_eq!(
        keys,
        json!([format!("shinchoku.v1.snap.{plan_id}.b.2026-01-06")]),
        "this plan's old key turned into the new form; the other plan's left alone"
    );
    let snaps = snapshots(&b, plan_id).await;
    assert_eq!(snaps.len(), 1);
    assert_eq!(snaps[0].date, "2026-01-05");
    assert_eq!(snaps[0].cards.len(), 1, "only the card that differs");

    b.c().goto(&format!("{url}#/plan/edit")).await.unwrap();
    b.wait_text("[data-testid=snapshot]", "2026-01-05").await;
    b.click("[data-testid=snapshot] [data-testid=restore-snapshot]")
        .await;
    let deadline = std::time::Instant::now() + common::WAIT;
    while b.stored_sample().await.cards[0].title != "前の形の自動保存の題名" {
        assert!(std::time::Instant::now() < deadline, "not restored");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_ne!(original, "前の形の自動保存の題名");
    b.close().await;
}
