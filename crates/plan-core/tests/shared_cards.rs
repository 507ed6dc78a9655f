//! Cards are shared between versions of a plan (`Vec<Arc<Card>>`): an edit
//! copies the card it changes and nothing else, so the state before an edit
//! (undo, the last saved state) costs pointers, and comparing two versions
//! costs the cards that differ. And the files written are what they were.

use std::sync::Arc;

use plan_core::edit::touch_changed;
use plan_core::history::History;
use plan_core::sync::reconcile;
use plan_core::*;

const NOW: &str = "2026-10-01T10:00:00+09:00";

/// Which cards of `after` are the very cards of `before` (same position).
fn shared(before: &PlanFile, after: &PlanFile) -> Vec<bool> {
    before
        .cards
        .iter()
        .zip(&after.cards)
        .map(|(a, b)| Arc::ptr_eq(a, b))
        .collect()
}

/// All shared but the card at `edited`.
fn all_but(n: usize, edited: usize) -> Vec<bool> {
    (0..n).map(|i| i != edited).collect()
}

#[test]
fn an_edit_copies_only_the_card_it_changes() {
    let mut file = sample_plan();
    let n = file.cards.len();
    let before = file.clone();
    assert_eq!(shared(&before, &file), vec![true; n], "a clone shares all");

    let id = file.cards[3].id.clone();
    let year = file.cards[3].years[0].year;
    let card = file.card_mut(&id).unwrap();
    card.title.push_str("（改）");
    card.set_status(year, Status::Delayed, Some("人手不足".into()));

    assert_eq!(shared(&before, &file), all_but(n, 3));
    // The version before the edit still says what it said.
    assert!(!before.cards[3].title.ends_with("（改）"));
    assert_ne!(before.cards[3], file.cards[3]);

    // A second edit of the same card copies nothing more.
    let again = file.clone();
    file.card_mut(&id).unwrap().overview.push('。');
    assert_eq!(shared(&again, &file), all_but(n, 3));
}

#[test]
fn plan_level_operations_keep_the_other_cards_shared() {
    let mut file = sample_plan();
    let before = file.clone();
    let mut k = 0;
    let mut new_id = || {
        k += 1;
        format!("new-{k}")
    };

    // 継続 on one card (card-07 runs 2024–2025): only that card is copied.
    let i = file.cards.iter().position(|c| c.id == "card-07").unwrap();
    file.copy_to_next_year("card-07", 2025, &mut new_id)
        .unwrap();
    assert_eq!(shared(&before, &file), all_but(before.cards.len(), i));

    // Duplicating, moving, adding, removing: every card that was there and
    // is still there is the very same.
    let mut file = before.clone();
    file.duplicate_card(&before.cards[0].id, "（写）", NOW, &mut new_id);
    file.move_card(&before.cards[5].id, 1);
    file.add_new_card("added".into(), "新しい取組".into(), NOW);
    file.remove_card(&before.cards[8].id);
    for old in &before.cards {
        if let Some(now) = file.cards.iter().find(|c| c.id == old.id) {
            assert!(Arc::ptr_eq(old, now), "{} was copied", old.id);
        }
    }
}

#[test]
fn saving_stamps_the_edited_card_and_shares_the_rest_with_the_saved_state() {
    let base = sample_plan();
    let mut current = base.clone();
    let id = current.cards[6].id.clone();
    current.card_mut(&id).unwrap().title.push_str("（改）");

    let touched = touch_changed(&base, &mut current, "tab-a", NOW);

    assert_eq!(touched, [id]);
    assert_eq!(current.cards[6].updated_at, NOW);
    assert_eq!(shared(&base, &current), all_but(base.cards.len(), 6));
}

#[test]
fn undo_and_redo_bring_back_the_very_cards_of_each_version() {
    let first = sample_plan();
    let mut file = first.clone();
    let mut history = History::new(10);
    let id = file.cards[2].id.clone();
    file.card_mut(&id).unwrap().title.push_str("（改）");
    let edited = file.clone();
    assert!(history.record(&first, &file, None, 0.0));

    assert!(history.undo(&mut file));
    assert_eq!(file, first);
    assert_eq!(shared(&first, &file), vec![true; first.cards.len()]);

    assert!(history.redo(&mut file));
    assert_eq!(file, edited);
    assert_eq!(shared(&edited, &file), vec![true; first.cards.len()]);
}

#[test]
fn reconciling_with_another_tab_keeps_untouched_cards_shared() {
    let base = sample_plan();
    let mut ours = base.clone();
    let mut stored = base.clone();
    let (mine, theirs) = (base.cards[1].id.clone(), base.cards[4].id.clone());
    ours.card_mut(&mine).unwrap().title.push_str("（こちら）");
    stored
        .card_mut(&theirs)
        .unwrap()
        .title
        .push_str("（あちら）");

    let r = reconcile(&base, &ours, &stored);

    assert_eq!(r.taken_from_stored, [theirs.as_str()]);
    for (i, card) in r.file.cards.iter().enumerate() {
        let from = if card.id == theirs { &stored } else { &ours };
        assert!(Arc::ptr_eq(card, &from.cards[i]), "{} was copied", card.id);
    }
}

/// FNV-1a, to pin a text without committing it.
fn fingerprint(s: &str) -> (usize, u64) {
    let h = s.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    (s.len(), h)
}

#[test]
fn the_files_written_are_byte_for_byte_what_they_were_with_unshared_cards() {
    let file = sample_plan();
    // A shared card is written as the card itself.
    let plain: Vec<Card> = file.cards.iter().map(|c| Card::clone(c)).collect();
    assert_eq!(
        serde_json::to_string(&file.cards).unwrap(),
        serde_json::to_string(&plain).unwrap()
    );
    // The sample plan loaded and written again gives the texts the app
    // wrote when a plan owned its cards (measured then). If the sample or
    // the format changed on purpose, put the new fingerprints here.
    assert_eq!(fingerprint(&to_json(&file)), (49302, 0xbafb_2aae_6adc_edf0));
    assert_eq!(
        fingerprint(&to_json_pretty(&file)),
        (81125, 0xf5b2_79aa_df24_af08)
    );
    // What the gate hands back to be stored is that same text, whether it
    // checks the plan whole or card by card.
    let text = to_json(&file);
    assert_eq!(gate::check(&file).unwrap().text, text);
    let mut cache = gate::GateCache::default();
    assert_eq!(cache.check(&file).unwrap().text, text);
    // And it loads back as the same plan.
    assert_eq!(load_str(&text).file.as_ref(), Some(&file));
}
