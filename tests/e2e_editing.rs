//! End-to-end tests of editing and progress ticking, and of storage that
//! never loses work: reload, undo/redo, 継続, two tabs, a full store and a
//! corrupt stored value.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{Browser, SAMPLE_KEY, serve_dist};
use fantoccini::Locator;
use serde_json::{Value, json};

/// Opens the served app in a fresh profile with the sample plan loaded.
async fn with_sample() -> (Browser, String) {
    let url = serve_dist();
    (common::with_sample(&url).await, url)
}

async fn stored_card(b: &Browser, id: &str) -> Value {
    b.js(
        "const p = JSON.parse(localStorage.getItem(arguments[0])); return p.cards.find(c => c.id === arguments[1]);",
        vec![json!(SAMPLE_KEY), json!(id)],
    )
    .await
}

fn clock_total(card: &Value) -> u64 {
    card["clock"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum()
}

/// The card as a user sees it: every field but the clock and update time.
fn content(card: &Value) -> Value {
    let mut c = card.clone();
    c.as_object_mut().unwrap().remove("clock");
    c.as_object_mut().unwrap().remove("updated_at");
    c
}

async fn open_card(b: &Browser, url: &str, id: &str) {
    b.c().goto(&format!("{url}#/card/{id}")).await.unwrap();
    b.text_of("[data-testid=card-sheet]").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_and_ticks_survive_a_reload_with_a_higher_clock() {
    let (b, url) = with_sample().await;
    let before = stored_card(&b, "card-02").await;
    let today = b.js("const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');", vec![]).await;

    b.c()
        .goto(&format!("{url}#/card/card-02/edit"))
        .await
        .unwrap();
    b.type_into("input[data-testid=title]", "オンライン申請の全庁展開")
        .await;
    b.type_into(
        "input[data-testid=action-text]",
        "申請データの取込手順を整備する（改訂）",
    )
    .await;
    b.wait_saved().await;
    b.screenshot("card-editor").await;

    // Tick the first action not done yet on the card sheet.
    open_card(&b, &url, "card-02").await;
    b.click(".year-col[data-year='2026'] .action:not(.done) input[type=checkbox]")
        .await;
    b.wait_saved().await;
    b.screenshot("progress").await;

    b.c().refresh().await.unwrap();
    let sheet = b.text_of("[data-testid=card-sheet]").await;
    assert!(sheet.contains("オンライン申請の全庁展開"), "{sheet}");
    assert!(sheet.contains("申請データの取込手順を整備する（改訂）"));

    let after = stored_card(&b, "card-02").await;
    assert_eq!(after["title"], "オンライン申請の全庁展開");
    let ticked: Vec<&Value> = after["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == 2026)
        .unwrap()["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["done"] == true && a["done_on"] == today)
        .collect();
    assert_eq!(ticked.len(), 1, "one action ticked today: {after}");
    assert!(
        clock_total(&after) > clock_total(&before),
        "clock must grow"
    );
    let checked = b
        .js("return [...document.querySelectorAll('.year-col[data-year=\"2026\"] .actions input')].filter(i => i.checked).length;", vec![])
        .await;
    let done_before = before["years"][2]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["done"] == true)
        .count();
    assert_eq!(checked, json!(done_before + 1));
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undo_and_redo_restore_exactly() {
    let (b, url) = with_sample().await;
    let original = content(&stored_card(&b, "card-05").await);

    b.c()
        .goto(&format!("{url}#/card/card-05/edit"))
        .await
        .unwrap();
    b.type_into("input[data-testid=title]", "題名を変えた")
        .await;
    b.wait_saved().await;
    b.click("[data-testid=add-action]").await;
    b.wait_saved().await;
    open_card(&b, &url, "card-05").await;
    b.click(".year-col[data-year='2026'] .action:not(.done) input[type=checkbox]")
        .await;
    b.wait_saved().await;
    let edited = content(&stored_card(&b, "card-05").await);
    assert_ne!(edited, original);

    // Three steps back by button and keyboard: exactly the original card.
    b.click("[data-testid=undo]").await;
    b.wait_saved().await;
    b.click("[data-testid=undo]").await;
    b.wait_saved().await;
    b.c()
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys(&format!("{}z", fantoccini::key::Key::Control))
        .await
        .unwrap();
    b.wait_saved().await;
    assert_eq!(content(&stored_card(&b, "card-05").await), original);
    let undo_disabled = b
        .js(
            "return document.querySelector('[data-testid=undo]').disabled;",
            vec![],
        )
        .await;
    assert_eq!(undo_disabled, json!(true));

    for _ in 0..3 {
        b.click("[data-testid=redo]").await;
        b.wait_saved().await;
    }
    let redone = content(&stored_card(&b, "card-05").await);
    // The tick records today's date; everything else is as edited.
    assert_eq!(redone, edited);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn continuing_into_the_next_year_copies_actions_and_goals_without_results() {
    let (b, url) = with_sample().await;
    let before = stored_card(&b, "card-07").await;
    let from = before["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == 2025)
        .unwrap()
        .clone();
    assert!(
        before["years"]
            .as_array()
            .unwrap()
            .iter()
            .all(|y| y["year"] != 2026)
    );

    open_card(&b, &url, "card-07").await;
    b.click(".year-col[data-year='2025'] [data-testid=copy-next-year]")
        .await;
    b.wait_saved().await;
    b.text_of(".year-col[data-year='2026']").await;

    let after = stored_card(&b, "card-07").await;
    let next = after["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == 2026)
        .unwrap()
        .clone();
    assert_eq!(next["status"], "not_started");
    let (a0, a1) = (
        from["actions"].as_array().unwrap(),
        next["actions"].as_array().unwrap(),
    );
    assert_eq!(a0.len(), a1.len());
    for (old, new) in a0.iter().zip(a1) {
        assert_eq!(old["text"], new["text"]);
        assert_eq!(new["done"], false);
        assert_eq!(new["done_on"], Value::Null);
        assert_ne!(old["id"], new["id"]);
        if let Some(due) = old["due"].as_str() {
            let (y, m) = due.split_once('-').unwrap();
            assert_eq!(new["due"], format!("{}-{m}", y.parse::<i32>().unwrap() + 1));
        }
    }
    let (g0, g1) = (
        from["goals"].as_array().unwrap(),
        next["goals"].as_array().unwrap(),
    );
    assert_eq!(g0.len(), g1.len());
    for (old, new) in g0.iter().zip(g1) {
        assert_eq!(old["text"], new["text"]);
        assert_eq!(old["target"], new["target"]);
        assert_eq!(new["achieved"], false);
        assert_eq!(new["actual"], Value::Null);
    }
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tabs_see_each_other_and_a_stale_tab_loses_nothing() {
    let (b, url) = with_sample().await;
    let first = b.c().window().await.unwrap();
    let second = b.c().new_window(true).await.unwrap().handle;

    // Tab 2 on card-03, tab 1 edits card-03's title: tab 2 shows it live.
    b.c().switch_to_window(second.clone()).await.unwrap();
    open_card(&b, &url, "card-03").await;
    b.c().switch_to_window(first.clone()).await.unwrap();
    b.c()
        .goto(&format!("{url}#/card/card-03/edit"))
        .await
        .unwrap();
    b.type_into("input[data-testid=title]", "別タブで変えた題名")
        .await;
    b.wait_saved().await;
    b.c().switch_to_window(second.clone()).await.unwrap();
    b.wait_text("[data-testid=card-sheet] h1", "別タブで変えた題名")
        .await;

    // Make tab 2 stale: newer data lands in storage without it knowing
    // (a tab gets no storage event for its own writes).
    b.js(
        "const p = JSON.parse(localStorage.getItem(arguments[0]));
         const c = p.cards.find(c => c.id === 'card-03');
         c.overview = '他の端末で更新された概要'; c.clock['ffffffff'] = 1;
         localStorage.setItem(arguments[0], JSON.stringify(p));",
        vec![json!(SAMPLE_KEY)],
    )
    .await;
    b.c()
        .goto(&format!("{url}#/card/card-03/edit"))
        .await
        .unwrap();
    // The hash change keeps the page (no reload): tab 2 still holds old data.
    b.type_into("textarea[data-testid=overview]", "古いタブからの上書き")
        .await;
    b.wait_saved().await;
    // The same field changed on both sides: the later write (this tab's)
    // is kept, the other text is shown and one undo away (tests/e2e_sync.rs).
    b.wait_text(".notices", "他の端末で更新された概要").await;
    let stored = stored_card(&b, "card-03").await;
    assert_eq!(stored["overview"], "古いタブからの上書き");
    assert_eq!(stored["title"], "別タブで変えた題名");
    assert!(
        stored["clock"]["ffffffff"] == 1,
        "the stored card's clock is carried on, never behind: {stored}"
    );
    b.click("[data-testid=undo]").await;
    b.wait_saved().await;
    let stored = stored_card(&b, "card-03").await;
    assert_eq!(stored["overview"], "他の端末で更新された概要");
    b.close().await;
}

const LONG_ADDITION: &str = "（容量がいっぱいのときに書き足した説明です。保存できないことを確かめるため、少し長めの文章にしています。）";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_store_shows_a_banner_and_keeps_what_was_stored() {
    let (b, url) = with_sample().await;
    let stored_before = b
        .js(
            "return localStorage.getItem(arguments[0]);",
            vec![json!(SAMPLE_KEY)],
        )
        .await;
    // Fill the store to its quota with ballast under a key of our own.
    b.js(
        "const chunk = 'x'.repeat(256 * 1024); let i = 0;
         try { for (;;) { localStorage.setItem('shinchoku.v1.test-ballast-' + i, chunk); i++; } } catch (e) {}
         for (const size of [1024, 64, 4]) {
           try { for (let n = 0; ; n++) { localStorage.setItem('shinchoku.v1.test-fill-' + size + '-' + n, 'x'.repeat(size)); } } catch (e) {}
         }
         return i;",
        vec![],
    )
    .await;

    b.c()
        .goto(&format!("{url}#/card/card-06/edit"))
        .await
        .unwrap();
    // Typed onto the end: the plan only grows (by more than the few bytes
    // the ballast may have left), so no save can fit.
    b.find("input[data-testid=title]")
        .await
        .send_keys(LONG_ADDITION)
        .await
        .unwrap();
    b.wait_text("[data-testid=storage-full]", "保存容量がいっぱい")
        .await;
    b.wait_text("[data-testid=save-status]", "保存できません")
        .await;
    b.screenshot("storage-full").await;
    // What is in memory is still on screen.
    let title = b
        .js(
            "return document.querySelector('input[data-testid=title]').value;",
            vec![],
        )
        .await;
    assert!(title.as_str().unwrap().ends_with(LONG_ADDITION), "{title}");

    b.c().refresh().await.unwrap();
    b.text_of("[data-testid=card-editor]").await;
    let stored_after = b
        .js(
            "return localStorage.getItem(arguments[0]);",
            vec![json!(SAMPLE_KEY)],
        )
        .await;
    assert_eq!(stored_after, stored_before, "stored data untouched");
    b.js(
        "Object.keys(localStorage).filter(k => k.startsWith('shinchoku.v1.test-')).forEach(k => localStorage.removeItem(k));",
        vec![],
    )
    .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_stored_plan_is_reported_and_kept() {
    let (b, _url) = with_sample().await;
    let raw = "{\"format\": \"dx-action-plan\", \"version\": 1, \"plan\": {\"id\": \"broken\"";
    b.js(
        "localStorage.setItem('shinchoku.v1.plan.broken', arguments[0]);",
        vec![json!(raw)],
    )
    .await;
    b.c().refresh().await.unwrap();
    let banner = b.text_of("[data-testid=storage-unreadable]").await;
    assert!(banner.contains("shinchoku.v1.plan.broken"), "{banner}");
    b.screenshot("recovery").await;
    // The raw value is still there, and a copy was kept aside.
    let kept = b
        .js(
            "return [localStorage.getItem('shinchoku.v1.plan.broken'), localStorage.getItem('shinchoku.v1.kept.broken')];",
            vec![],
        )
        .await;
    assert_eq!(kept, json!([raw, raw]));
    // The sample plan still opens beside it.
    b.text_of("[data-testid=card-count]").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_input_is_explained_next_to_the_field_and_never_saved() {
    let (b, url) = with_sample().await;
    let before = stored_card(&b, "card-08").await;
    b.c()
        .goto(&format!("{url}#/card/card-08/edit"))
        .await
        .unwrap();
    // A due month outside the action's fiscal year (2024 runs to March 2025).
    b.js(
        "const i = document.querySelector('.year-editor[data-year=\"2024\"] input[type=month]');
         i.value = '2025-08'; i.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![],
    )
    .await;
    let error = b
        .wait_text(
            ".year-editor[data-year='2024'] .field-month .field-error",
            "年度",
        )
        .await;
    assert!(error.contains("2024年4月〜2025年3月"), "{error}");
    b.wait_text("[data-testid=save-status]", "保存できません")
        .await;
    b.screenshot("editor-invalid").await;
    assert_eq!(
        stored_card(&b, "card-08").await,
        before,
        "nothing invalid is saved"
    );

    // Put right, it saves.
    b.js(
        "const i = document.querySelector('.year-editor[data-year=\"2024\"] input[type=month]');
         i.value = '2024-08'; i.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![],
    )
    .await;
    b.wait_saved().await;
    let after = stored_card(&b, "card-08").await;
    assert_eq!(after["years"][0]["actions"][0]["due"], "2024-08");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_days_snapshot_brings_back_the_plan_as_it_stood_that_morning() {
    let (b, url) = with_sample().await;
    let original = content(&stored_card(&b, "card-09").await);
    b.c()
        .goto(&format!("{url}#/card/card-09/edit"))
        .await
        .unwrap();
    b.type_into("input[data-testid=title]", "午後に変えた題名")
        .await;
    b.wait_saved().await;
    assert_ne!(content(&stored_card(&b, "card-09").await), original);

    b.c().goto(&format!("{url}#/plan/edit")).await.unwrap();
    b.click("[data-testid=restore-snapshot]").await;
    b.wait_saved().await;
    assert_eq!(content(&stored_card(&b, "card-09").await), original);
    b.close().await;
}

/// The texts of the first pillar's visions: on screen, and as stored.
async fn first_pillar_visions(b: &Browser) -> (Value, Value) {
    let shown = b
        .js(
            "return [...document.querySelector('.pillar-editor').querySelectorAll(':scope > .list-item textarea')].map(t => t.value);",
            vec![],
        )
        .await;
    let stored = b
        .js(
            "return JSON.parse(localStorage.getItem(arguments[0])).plan.pillars[0].visions.map(v => v.text);",
            vec![json!(SAMPLE_KEY)],
        )
        .await;
    (shown, stored)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vision_is_added_moved_up_with_its_input_and_removed() {
    let (b, url) = with_sample().await;
    b.c().goto(&format!("{url}#/plan/edit")).await.unwrap();
    b.find("[data-testid=plan-editor]").await;
    let (before, _) = first_pillar_visions(&b).await;
    let n = before.as_array().unwrap().len();
    assert!(n >= 1, "the sample's first pillar has a vision");

    // The first pillar's first small button below its visions adds one.
    b.click(".pillar-editor > button.small").await;
    b.wait_saved().await;
    b.js(
        "const ts = document.querySelector('.pillar-editor').querySelectorAll(':scope > .list-item textarea'); ts[ts.length - 1].setAttribute('data-probe', 'new');",
        vec![],
    )
    .await;
    b.type_into("textarea[data-probe=new]", "新しい将来像")
        .await;
    b.wait_saved().await;

    // Up: the same input (keyed by the vision's id) moves one place up.
    b.js(
        "document.querySelector('textarea[data-probe=new]').closest('.list-item').querySelector('.item-buttons button').click();",
        vec![],
    )
    .await;
    b.wait_saved().await;
    let (shown, stored) = first_pillar_visions(&b).await;
    assert_eq!(shown, stored);
    assert_eq!(stored[n - 1], json!("新しい将来像"));
    assert_eq!(stored[n], before[n - 1]);
    let probe_at = b
        .js(
            "return [...document.querySelector('.pillar-editor').querySelectorAll(':scope > .list-item textarea')].findIndex(t => t.dataset.probe === 'new');",
            vec![],
        )
        .await;
    assert_eq!(probe_at, json!(n - 1));
    b.screenshot("plan-editor").await;

    // Remove: the visions are as they were.
    b.js(
        "document.querySelector('textarea[data-probe=new]').closest('.list-item').querySelector('.item-buttons button.danger').click();",
        vec![],
    )
    .await;
    b.wait_saved().await;
    let (shown, stored) = first_pillar_visions(&b).await;
    assert_eq!(shown, before);
    assert_eq!(stored, before);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_department_moved_up_takes_its_own_input_along() {
    let (b, url) = with_sample().await;
    b.c()
        .goto(&format!("{url}#/card/card-01/edit"))
        .await
        .unwrap();
    b.find("[data-testid=card-editor]").await;
    let before = stored_card(&b, "card-01").await["departments"].clone();
    assert_eq!(before.as_array().unwrap().len(), 2, "{before}");
    // The card's first list is its departments: mark the second one's input.
    let inputs = "[...document.querySelector('[data-testid=card-editor] fieldset.list-field').querySelectorAll(':scope > .list-item input')]";
    b.js(
        &format!("{inputs}[1].setAttribute('data-probe', 'second'); return null;"),
        vec![],
    )
    .await;

    b.click("[data-testid=card-editor] fieldset.list-field > .list-item:nth-of-type(2) .item-buttons button")
        .await;
    b.wait_saved().await;
    let after = stored_card(&b, "card-01").await["departments"].clone();
    assert_eq!(after, json!([before[1], before[0]]));
    // A plain string has no id: the list keys it by a key of its own that
    // moves with it, so the marked input is now the first (keyed by
    // position, it would have stayed second with the other text in it).
    let shown = b
        .js(
            &format!("return {inputs}.map(i => [i.value, i.dataset.probe || '']);"),
            vec![],
        )
        .await;
    assert_eq!(shown, json!([[before[1], "second"], [before[0], ""]]));
    b.close().await;
}
