//! What a save writes (issue 11): the changed card and nothing else (one
//! card value and the manifest, a few kilobytes), undo and redo across
//! saves, and another tab's write found at save time (the page learns of it
//! from the stored manifest's generation, not from a copy it keeps) is kept,
//! also when that tab stored the plan whole, as an earlier version does.

use crate::common;

use std::time::{Duration, Instant};

use common::{Browser, JA, SAMPLE_KEY, WAIT, single_url, with_sample};
use plan_core::PlanFile;
use plan_core::edit::same_card_content;

/// The sample card with open actions this test ticks.
const CARD: &str = "card-02";

async fn stored_text(b: &Browser) -> String {
    b.stored_text(SAMPLE_KEY).await.unwrap_or_default()
}

fn parse(text: &str) -> PlanFile {
    plan_core::load_str(text)
        .file
        .expect("the stored plan loads")
}

/// Waits until the stored plan is no longer `before`, then for the save
/// indicator; gives the new stored plan.
async fn next_save(b: &Browser, before: &str) -> PlanFile {
    let deadline = Instant::now() + WAIT;
    loop {
        let now = stored_text(b).await;
        if now != before {
            b.wait_saved().await;
            return parse(&stored_text(b).await);
        }
        assert!(Instant::now() < deadline, "nothing was saved");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn card<'a>(p: &'a PlanFile, id: &str) -> &'a plan_core::Card {
    p.cards.iter().find(|c| c.id == id).expect("card there")
}

fn done_count(p: &PlanFile, id: &str) -> usize {
    card(p, id)
        .years
        .iter()
        .flat_map(|y| &y.actions)
        .filter(|a| a.done)
        .count()
}

/// Ids of the cards whose stored JSON differs between the two plans.
fn differing(a: &PlanFile, b: &PlanFile) -> Vec<String> {
    let json = |c: &plan_core::Card| serde_json::to_string(c).unwrap();
    a.cards
        .iter()
        .zip(&b.cards)
        .filter(|(x, y)| json(x) != json(y))
        .map(|(x, _)| x.id.clone())
        .collect()
}

async fn tick_first_open_action(b: &Browser) {
    b.click(".action:not(.done) input.tick").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tick_saves_its_card_only_and_undo_redo_save_exactly_that_back() {
    let url = single_url();
    let b = with_sample(&url).await;
    let first = stored_text(&b).await;
    let before = parse(&first);
    b.open_card(&url, CARD).await;
    tick_first_open_action(&b).await;
    let ticked = next_save(&b, &first).await;

    // One card written anew: the ticked one, one more action done and its
    // clock moved on; every other card and the header as they were.
    assert_eq!(differing(&before, &ticked), vec![CARD.to_string()]);
    assert_eq!(done_count(&ticked, CARD), done_count(&before, CARD) + 1);
    assert_ne!(card(&ticked, CARD).clock, card(&before, CARD).clock);
    assert_eq!(ticked.plan, before.plan);
    assert_eq!(ticked.cards.len(), before.cards.len());

    // Undo, saved: the card's content is back; nothing else moved.
    let ticked_text = stored_text(&b).await;
    b.click("[data-testid=undo]").await;
    let undone = next_save(&b, &ticked_text).await;
    assert!(same_card_content(card(&undone, CARD), card(&before, CARD)));
    assert_eq!(differing(&before, &undone), vec![CARD.to_string()]);
    assert_eq!(undone.plan, before.plan);

    // Redo, saved: the tick is back.
    let undone_text = stored_text(&b).await;
    b.click("[data-testid=redo]").await;
    let redone = next_save(&b, &undone_text).await;
    assert!(same_card_content(card(&redone, CARD), card(&ticked, CARD)));
    assert_eq!(differing(&ticked, &redone), vec![CARD.to_string()]);
    b.close().await;
}

/// A tick reaches the card after the click's frame is painted (that frame
/// holds no work of the app's); meanwhile the indicator already says it is
/// saving, never that it is saved. Two ticks clicked in one go are both
/// kept, in order: one undo takes back the second only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticks_clicked_in_one_go_are_all_saved_and_none_reads_as_saved_before() {
    let url = single_url();
    let b = with_sample(&url).await;
    let first = stored_text(&b).await;
    let before = parse(&first);
    // A sample card with three open actions.
    const TWO_OPEN: &str = "card-04";
    b.open_card(&url, TWO_OPEN).await;
    b.wait_saved().await;
    let clicked = b
        .c()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const boxes = [...document.querySelectorAll('.action:not(.done) input.tick')].slice(0, 2);
             const ids = boxes.map((b) => b.closest('li').dataset.actionId);
             boxes.forEach((b) => b.click());
             // After the effects the clicks woke; queued before the ticks'
             // own timers (those are queued from the next frame).
             setTimeout(() => done([
               ids,
               document.querySelector('[data-testid=save-status]').textContent,
             ]), 0);",
            vec![],
        )
        .await
        .unwrap();
    let ids: Vec<String> = serde_json::from_value(clicked[0].clone()).unwrap();
    assert_eq!(ids.len(), 2, "two open actions on {TWO_OPEN}");
    assert_eq!(clicked[1], serde_json::json!(JA.save.pending));

    let ticked = next_save(&b, &first).await;
    let done = |p: &PlanFile, id: &str| {
        card(p, TWO_OPEN)
            .years
            .iter()
            .flat_map(|y| &y.actions)
            .any(|a| a.id == id && a.done)
    };
    assert!(done(&ticked, &ids[0]) && done(&ticked, &ids[1]));
    assert_eq!(
        done_count(&ticked, TWO_OPEN),
        done_count(&before, TWO_OPEN) + 2
    );

    let ticked_text = stored_text(&b).await;
    b.click("[data-testid=undo]").await;
    let undone = next_save(&b, &ticked_text).await;
    assert!(done(&undone, &ids[0]) && !done(&undone, &ids[1]));
    b.close().await;
}

/// A tick clicked right before the page is left (here a reload in the same
/// task, before any frame) is kept: leaving runs the edit that waits for the
/// next paint, then the save.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tick_clicked_right_before_a_reload_is_kept() {
    let url = single_url();
    let b = with_sample(&url).await;
    let before = parse(&stored_text(&b).await);
    b.open_card(&url, CARD).await;
    b.wait_saved().await;
    // The page goes away under the script: its answer does not matter.
    let _ = b
        .c()
        .execute(
            "document.querySelector('.action:not(.done) input.tick').click(); location.reload();",
            vec![],
        )
        .await;
    b.find("[data-testid=card-sheet] .action").await;
    let after = parse(&stored_text(&b).await);
    assert_eq!(done_count(&after, CARD), done_count(&before, CARD) + 1);
    b.close().await;
}

/// Records every localStorage write and removal the page makes from now on:
/// (key, length of the value; -1 for a removal), in order.
const RECORD_WRITES: &str = "window.__writes = [];
const set = Storage.prototype.setItem, del = Storage.prototype.removeItem;
Storage.prototype.setItem = function (k, v) { window.__writes.push([k, String(v).length]); return set.call(this, k, v); };
Storage.prototype.removeItem = function (k) { window.__writes.push([k, -1]); return del.call(this, k); };";

/// The card values stored (`shinchoku.v1.card.…` keys).
async fn card_values(b: &Browser) -> Vec<String> {
    let v = b
        .js(
            "return Object.keys(localStorage).filter((k) => k.startsWith('shinchoku.v1.card.'));",
            vec![],
        )
        .await;
    serde_json::from_value(v).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tick_writes_its_card_and_the_manifest_not_the_whole_plan() {
    let url = single_url();
    let b = with_sample(&url).await;
    let first = stored_text(&b).await;
    b.open_card(&url, CARD).await;
    b.js(RECORD_WRITES, vec![]).await;
    tick_first_open_action(&b).await;
    let ticked = next_save(&b, &first).await;
    assert_eq!(
        done_count(&ticked, CARD),
        done_count(&parse(&first), CARD) + 1
    );

    let writes: Vec<(String, i64)> =
        serde_json::from_value(b.js("return window.__writes;", vec![]).await).unwrap();
    let plan_writes: Vec<&(String, i64)> = writes
        .iter()
        .filter(|(k, _)| !k.starts_with("shinchoku.v1.snaps."))
        .collect();
    let cards_written: Vec<&&(String, i64)> = plan_writes
        .iter()
        .filter(|(k, n)| k.starts_with("shinchoku.v1.card.") && *n >= 0)
        .collect();
    assert_eq!(cards_written.len(), 1, "one card value written: {writes:?}");
    // The manifest comes after the card it names: a reader never finds a
    // manifest naming a card not there yet. The card's old value is not
    // removed by this save (a tab saving at the same moment may still name
    // it) but by a later one.
    let card_at = plan_writes
        .iter()
        .position(|(k, n)| *k == cards_written[0].0 && *n >= 0)
        .unwrap();
    let manifest_at = plan_writes
        .iter()
        .position(|(k, n)| k == SAMPLE_KEY && *n >= 0)
        .unwrap_or_else(|| panic!("no manifest written: {writes:?}"));
    assert!(card_at < manifest_at, "{writes:?}");
    let removed = |w: &[(String, i64)]| -> Vec<String> {
        w.iter()
            .filter(|(k, n)| k.starts_with("shinchoku.v1.card.") && *n < 0)
            .map(|(k, _)| k.clone())
            .collect()
    };
    assert_eq!(removed(&writes), Vec::<String>::new(), "{writes:?}");
    // A few kilobytes, against the whole plan's text.
    let written: i64 = plan_writes.iter().map(|(_, n)| (*n).max(0)).sum();
    assert!(
        (written as usize) < first.len() / 2,
        "{written} characters written for a plan of {}",
        first.len()
    );

    // A save a few seconds later removes the value the first one stopped
    // naming, and only that.
    let before_second = card_values(&b).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    b.js("window.__writes = [];", vec![]).await;
    let ticked_text = stored_text(&b).await;
    // The same action, unticked.
    b.click(".action.done input.tick").await;
    let twice = next_save(&b, &ticked_text).await;
    let writes: Vec<(String, i64)> =
        serde_json::from_value(b.js("return window.__writes;", vec![]).await).unwrap();
    let gone = removed(&writes);
    assert_eq!(gone.len(), 1, "{writes:?}");
    assert!(before_second.contains(&gone[0]));
    assert_eq!(
        card_values(&b).await.len(),
        before_second.len(),
        "one written, one removed"
    );

    // What is stored loads after a reload, as last saved.
    b.c().refresh().await.unwrap();
    b.open_card(&url, CARD).await;
    let reloaded = parse(&stored_text(&b).await);
    assert_eq!(reloaded, twice);
    assert_eq!(done_count(&twice, CARD), done_count(&ticked, CARD) - 1);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_tabs_write_found_at_save_time_is_kept_beside_ours() {
    let url = single_url();
    let b = with_sample(&url).await;
    let first = stored_text(&b).await;
    // Another tab stored a new title for card-03; this page is not told
    // (a tab gets no storage event for its own writes, and this write is
    // made behind the app's back), so only the save can find it.
    let mut theirs = parse(&first);
    let other = theirs.card_mut("card-03").expect("sample card-03");
    other.title.push_str("（別のタブで変更）");
    let their_title = other.title.clone();
    let their_text = plan_core::gate::check(&theirs).expect("passes").text;
    b.js(
        &format!("localStorage.setItem('{SAMPLE_KEY}', arguments[0]);"),
        vec![serde_json::json!(their_text)],
    )
    .await;

    b.open_card(&url, CARD).await;
    tick_first_open_action(&b).await;
    let saved = next_save(&b, &their_text).await;
    assert_eq!(
        card(&saved, "card-03").title,
        their_title,
        "their write lost"
    );
    assert_eq!(
        done_count(&saved, CARD),
        done_count(&theirs, CARD) + 1,
        "our tick lost"
    );
    b.close().await;
}
