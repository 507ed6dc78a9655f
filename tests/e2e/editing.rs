//! End-to-end tests of editing and progress ticking, and of storage that
//! never loses work: reload, undo/redo, 継続, two tabs, a full store and a
//! corrupt stored value.

use crate::common;

use common::{Browser, JA, SAMPLE_KEY, serve_dist};
use fantoccini::Locator;
use plan_core::{Card, CardYear, ProblemKind, Status, VersionClock};
use serde_json::json;

/// Opens the served app in a fresh profile with the sample plan loaded.
async fn with_sample() -> (Browser, String) {
    let url = serve_dist();
    (common::with_sample(&url).await, url)
}

async fn stored_card(b: &Browser, id: &str) -> Card {
    let plan = b.stored_sample().await;
    plan.card(id)
        .cloned()
        .unwrap_or_else(|| panic!("no {id} stored"))
}

fn clock_total(card: &Card) -> u64 {
    card.clock.0.values().sum()
}

/// The card as a user sees it: every field but the clock and update time.
fn content(card: &Card) -> Card {
    Card {
        clock: VersionClock::new(),
        updated_at: String::new(),
        ..card.clone()
    }
}

fn year(card: &Card, year: i32) -> &CardYear {
    card.years
        .iter()
        .find(|y| y.year == year)
        .unwrap_or_else(|| panic!("{} has no {year}", card.id))
}

/// The first action of the year not done yet, on a card's sheet.
fn first_open_action(year: i32) -> String {
    format!(".year-col[data-year='{year}'] .action:not(.done)")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_and_ticks_survive_a_reload_with_a_higher_clock() {
    let (b, url) = with_sample().await;
    let before = stored_card(&b, "card-02").await;
    let today = b.today().await.iso();

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
    b.tick(&url, "card-02", &first_open_action(2026)).await;
    b.screenshot("progress").await;

    b.c().refresh().await.unwrap();
    let sheet = b.text_of("[data-testid=card-sheet]").await;
    assert!(sheet.contains("オンライン申請の全庁展開"), "{sheet}");
    assert!(sheet.contains("申請データの取込手順を整備する（改訂）"));

    let after = stored_card(&b, "card-02").await;
    assert_eq!(after.title, "オンライン申請の全庁展開");
    let ticked = year(&after, 2026)
        .actions
        .iter()
        .filter(|a| a.done && a.done_on.as_deref() == Some(today.as_str()))
        .count();
    assert_eq!(ticked, 1, "one action ticked today: {after:?}");
    assert!(
        clock_total(&after) > clock_total(&before),
        "clock must grow"
    );
    let checked = b
        .js("return [...document.querySelectorAll('.year-col[data-year=\"2026\"] .actions input')].filter(i => i.checked).length;", vec![])
        .await;
    let done_before = year(&before, 2026)
        .actions
        .iter()
        .filter(|a| a.done)
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
    b.tick(&url, "card-05", &first_open_action(2026)).await;
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

/// Whether the action `action` shows as ticked on the card sheet on screen,
/// once it shows `expected` (the sheet follows the plan by itself, no
/// reload); panics after a few seconds of showing otherwise.
async fn wait_ticked(b: &Browser, action: &str, expected: bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let shown = b
            .js(
                "const li = document.querySelector(`li[data-action-id='${arguments[0]}']`);
                 return li && [li.querySelector('input.tick').checked, li.classList.contains('done')];",
                vec![json!(action)],
            )
            .await;
        if shown == json!([expected, expected]) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{action}: expected ticked = {expected}, shown {shown}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Each card's page follows its own card (not the whole plan): undo and
/// redo that cross cards must still reach the page that is open.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undo_across_two_cards_brings_back_both_and_the_open_page_follows() {
    let (b, url) = with_sample().await;
    let (a0, b0) = (
        content(&stored_card(&b, "card-02").await),
        content(&stored_card(&b, "card-03").await),
    );
    let action = year(&a0, 2026)
        .actions
        .iter()
        .find(|a| !a.done)
        .expect("an open action in 2026")
        .id
        .clone();

    // A tick on card A, then a new title on card B.
    b.tick(&url, "card-02", &format!("li[data-action-id='{action}']"))
        .await;
    wait_ticked(&b, &action, true).await;
    b.set_title(&url, "card-03", "別のカードの題名").await;
    let (a1, b1) = (
        content(&stored_card(&b, "card-02").await),
        content(&stored_card(&b, "card-03").await),
    );
    assert_ne!(a1, a0);
    assert_eq!(b1.title, "別のカードの題名");

    // On card A's sheet: the first undo takes back B's title and leaves A's
    // tick on screen; the second takes back the tick, and the sheet shows it.
    b.open_card(&url, "card-02").await;
    wait_ticked(&b, &action, true).await;
    b.click("[data-testid=undo]").await;
    b.wait_saved().await;
    assert_eq!(content(&stored_card(&b, "card-03").await), b0);
    wait_ticked(&b, &action, true).await;
    b.click("[data-testid=undo]").await;
    b.wait_saved().await;
    wait_ticked(&b, &action, false).await;
    assert_eq!(content(&stored_card(&b, "card-02").await), a0);
    b.screenshot("undo-across-cards").await;

    // Redo both: the tick comes back on this sheet, the title on B's editor.
    b.click("[data-testid=redo]").await;
    b.wait_saved().await;
    wait_ticked(&b, &action, true).await;
    b.click("[data-testid=redo]").await;
    b.wait_saved().await;
    assert_eq!(content(&stored_card(&b, "card-02").await), a1);
    assert_eq!(content(&stored_card(&b, "card-03").await), b1);
    b.c()
        .goto(&format!("{url}#/card/card-03/edit"))
        .await
        .unwrap();
    let title = b
        .find("input[data-testid=title]")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(title.as_deref(), Some("別のカードの題名"));
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn continuing_into_the_next_year_copies_actions_and_goals_without_results() {
    let (b, url) = with_sample().await;
    let before = stored_card(&b, "card-07").await;
    let from = year(&before, 2025).clone();
    assert!(before.years.iter().all(|y| y.year != 2026));

    b.open_card(&url, "card-07").await;
    b.click(".year-col[data-year='2025'] [data-testid=copy-next-year]")
        .await;
    b.wait_saved().await;
    b.text_of(".year-col[data-year='2026']").await;

    let after = stored_card(&b, "card-07").await;
    let next = year(&after, 2026);
    assert_eq!(next.status, Status::NotStarted);
    assert_eq!(from.actions.len(), next.actions.len());
    for (old, new) in from.actions.iter().zip(&next.actions) {
        assert_eq!(old.text, new.text);
        assert!(!new.done);
        assert_eq!(new.done_on, None);
        assert_ne!(old.id, new.id);
        if let Some(due) = &old.due {
            let (y, m) = due.split_once('-').unwrap();
            let moved = format!("{}-{m}", y.parse::<i32>().unwrap() + 1);
            assert_eq!(new.due.as_deref(), Some(moved.as_str()));
        }
    }
    assert_eq!(from.goals.len(), next.goals.len());
    for (old, new) in from.goals.iter().zip(&next.goals) {
        assert_eq!(old.text, new.text);
        assert_eq!(old.target, new.target);
        assert!(!new.achieved);
        assert_eq!(new.actual, None);
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
    b.open_card(&url, "card-03").await;
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
    let mut newer = b.stored_sample().await;
    let c = newer.card_mut("card-03").unwrap();
    c.overview = "他の端末で更新された概要".into();
    c.clock.0.insert("ffffffff".into(), 1);
    b.store_plan(&newer).await;
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
    assert_eq!(stored.overview, "古いタブからの上書き");
    assert_eq!(stored.title, "別タブで変えた題名");
    assert!(
        stored.clock.get("ffffffff") == 1,
        "the stored card's clock is carried on, never behind: {stored:?}"
    );
    b.click("[data-testid=undo]").await;
    b.wait_saved().await;
    let stored = stored_card(&b, "card-03").await;
    assert_eq!(stored.overview, "他の端末で更新された概要");
    b.close().await;
}

const LONG_ADDITION: &str = "（容量がいっぱいのときに書き足した説明です。保存できないことを確かめるため、少し長めの文章にしています。）";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_store_shows_a_banner_and_keeps_what_was_stored() {
    let (b, url) = with_sample().await;
    let stored_before = b.stored_text(SAMPLE_KEY).await;
    // Fill the store to its quota with ballast under a key of our own.
    b.fill_storage().await;

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
    b.wait_text("[data-testid=storage-full]", JA.storage.full)
        .await;
    b.wait_text("[data-testid=save-status]", JA.save.failed)
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
    let stored_after = b.stored_text(SAMPLE_KEY).await;
    assert_eq!(stored_after, stored_before, "stored data untouched");
    b.empty_ballast().await;
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
    // The editor shows once its screen's code has loaded.
    b.find(".year-editor[data-year=\"2024\"] input[type=month]")
        .await;
    // A due month outside the action's fiscal year (2024 runs to March 2025).
    b.js(
        "const i = document.querySelector('.year-editor[data-year=\"2024\"] input[type=month]');
         i.value = '2025-08'; i.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![],
    )
    .await;
    b.wait_text(
        ".year-editor[data-year='2024'] .field-month .field-error",
        &plan_core::messages::ja(&ProblemKind::DueOutsideYear(2024)),
    )
    .await;
    b.wait_text("[data-testid=save-status]", JA.save.failed)
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
    assert_eq!(
        year(&after, 2024).actions[0].due.as_deref(),
        Some("2024-08")
    );
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
async fn first_pillar_visions(b: &Browser) -> (Vec<String>, Vec<String>) {
    let shown = b
        .js(
            "return [...document.querySelector('.pillar-editor').querySelectorAll(':scope > .list-item textarea')].map(t => t.value);",
            vec![],
        )
        .await;
    let stored = b.stored_sample().await.plan.pillars[0]
        .visions
        .iter()
        .map(|v| v.text.clone())
        .collect();
    (serde_json::from_value(shown).unwrap(), stored)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vision_is_added_moved_up_with_its_input_and_removed() {
    let (b, url) = with_sample().await;
    b.c().goto(&format!("{url}#/plan/edit")).await.unwrap();
    b.find("[data-testid=plan-editor]").await;
    let (before, _) = first_pillar_visions(&b).await;
    let n = before.len();
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
    assert_eq!(stored[n - 1], "新しい将来像");
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
    let before = stored_card(&b, "card-01").await.departments;
    assert_eq!(before.len(), 2, "{before:?}");
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
    let after = stored_card(&b, "card-01").await.departments;
    assert_eq!(after, [before[1].clone(), before[0].clone()]);
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
