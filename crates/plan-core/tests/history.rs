//! Undo history on big plans: it holds what changed, not copies of the plan,
//! and every kind of edit undoes and redoes exactly.

use std::sync::Arc;

use plan_core::generate::large_plan;
use plan_core::history::History;
use plan_core::*;

const NOW: &str = "2026-10-01T10:00:00+09:00";

fn json_len<T: serde::Serialize>(value: &T) -> usize {
    serde_json::to_string(value).unwrap().len()
}

#[test]
fn two_hundred_edits_on_a_two_thousand_card_plan_hold_changed_cards_only() {
    let mut file = large_plan(2000, 7);
    let plan_size = json_len(&file);
    let card_size = file.cards.iter().map(json_len).max().unwrap();
    let mut h = History::new(200);
    let mut before = file.clone();
    for i in 0..200 {
        // Each step a different card, far enough apart not to coalesce.
        let at = (i * 7) % 2000;
        Arc::make_mut(&mut file.cards[at])
            .overview
            .push_str("（追記）");
        h.record(&before, &file, Some("overview"), i as f64 * 5000.0);
        before.cards[at].clone_from(&file.cards[at]);
    }
    assert_eq!(h.undo_len(), 200);
    let held = h.serialized_len();
    eprintln!(
        "plan {plan_size} bytes, largest card {card_size} bytes, 200 undo steps hold {held} bytes"
    );
    // One card version per step (with a little bookkeeping), not a plan.
    assert!(
        held <= 200 * (card_size + 200),
        "history holds {held} bytes for 200 one-card edits (card ≤ {card_size} bytes)"
    );
    assert!(
        held < plan_size / 4,
        "far below one plan: {held} vs {plan_size}"
    );

    // Undone, the steps move to the redo side and still hold one card each.
    for _ in 0..100 {
        assert!(h.undo(&mut file));
    }
    assert!(h.serialized_len() <= 200 * (card_size + 200));
}

#[test]
fn reordering_a_big_plan_holds_positions_not_the_plan() {
    let mut file = large_plan(2000, 3);
    let plan_size = json_len(&file);
    let mut h = History::new(200);
    let start = file.clone();
    let mut before = file.clone();
    for i in 0..20 {
        let id = file.cards[i * 13].id.clone();
        file.move_card(&id, 1999 - i * 11);
        h.record(&before, &file, None, 0.0);
        before.move_card(&id, 1999 - i * 11);
    }
    let held = h.serialized_len();
    eprintln!("20 moves on a 2,000-card plan hold {held} bytes (plan {plan_size})");
    assert!(held < plan_size / 10, "{held} bytes for 20 moves");
    while h.undo(&mut file) {}
    assert_eq!(file, start);
}

#[test]
fn every_kind_of_edit_undoes_and_redoes_exactly() {
    let mut file = large_plan(300, 11);
    let mut h = History::new(200);
    let mut states = vec![file.clone()];
    let mut step = |file: &mut PlanFile, h: &mut History, f: &dyn Fn(&mut PlanFile)| {
        let before = file.clone();
        f(file);
        assert_ne!(*file, before, "each step changes something");
        h.record(&before, file, None, 0.0);
        states.push(file.clone());
    };

    // A card edited (one field, then a nested one).
    step(&mut file, &mut h, &|f| {
        Arc::make_mut(&mut f.cards[5]).title.push_str("・改")
    });
    step(&mut file, &mut h, &|f| {
        let card = Arc::make_mut(&mut f.cards[6]);
        if let Some(y) = card.years.first_mut() {
            y.note.push_str("備考");
        } else {
            card.background.push_str("背景");
        }
    });
    // Added at the front, in the middle and at the end.
    step(&mut file, &mut h, &|f| {
        f.insert_card(0, Card::new("new-0".into(), "".into(), "先頭".into(), NOW));
        f.insert_card(150, Card::new("new-1".into(), "".into(), "中".into(), NOW));
        f.insert_card(
            usize::MAX,
            Card::new("new-2".into(), "".into(), "末尾".into(), NOW),
        );
    });
    // Deleted.
    step(&mut file, &mut h, &|f| {
        let id = f.cards[40].id.clone();
        f.remove_card(&id);
    });
    // Reordered, up and down.
    step(&mut file, &mut h, &|f| {
        let id = f.cards[10].id.clone();
        f.move_card(&id, 200);
    });
    step(&mut file, &mut h, &|f| {
        let id = f.cards[250].id.clone();
        f.move_card(&id, 0);
    });
    // The plan header.
    step(&mut file, &mut h, &|f| {
        f.plan.title.push_str("（改定版）");
        f.plan.departments.push("新設課".into());
        f.exported_by = Some("DX推進室".into());
    });
    // An import-like change: many cards updated, some added, one dropped,
    // and the header widened, all at once.
    step(&mut file, &mut h, &|f| {
        for card in f.cards.iter_mut().step_by(9).map(Arc::make_mut) {
            card.overview.push_str("（取込）");
            card.clock.increment("file");
        }
        f.cards.remove(77);
        for i in 0..5 {
            f.push_card(Card::new(format!("imp-{i}"), "".into(), "取込".into(), NOW));
        }
        f.plan.end_year += 1;
    });
    // A reversal of the whole order.
    step(&mut file, &mut h, &|f| f.cards.reverse());
    // Two cards with the same id (an invalid state being fixed), then fixed.
    step(&mut file, &mut h, &|f| {
        let copy = f.cards[3].clone();
        f.cards.insert(4, copy);
    });
    step(&mut file, &mut h, &|f| {
        Arc::make_mut(&mut f.cards[4]).id = "fixed".into()
    });

    let n = states.len() - 1;
    assert_eq!(h.undo_len(), n);
    for i in (0..n).rev() {
        assert!(h.undo(&mut file));
        assert_eq!(file, states[i], "undo back to state {i}");
    }
    assert!(!h.can_undo());
    for (i, state) in states.iter().enumerate().skip(1) {
        assert!(h.redo(&mut file));
        assert_eq!(&file, state, "redo to state {i}");
    }
    assert!(!h.can_redo());
    // Half way back and forth again: the steps survive being walked twice.
    for _ in 0..n / 2 {
        h.undo(&mut file);
    }
    assert_eq!(file, states[n - n / 2]);
    while h.redo(&mut file) {}
    assert_eq!(file, states[n]);
}

#[test]
fn undo_after_another_tab_changed_the_plan_keeps_their_change() {
    // The app takes another tab's save without a history step; undoing a
    // change of ours afterwards reverts ours only, field by field.
    let start = large_plan(20, 5);
    let mut h = History::new(10);
    let mut file = start.clone();
    Arc::make_mut(&mut file.cards[2]).title = "ここで".into();
    h.record(&start, &file, None, 0.0);
    Arc::make_mut(&mut file.cards[9]).title = "他のタブで".into();
    Arc::make_mut(&mut file.cards[2]).overview = "他のタブの概要".into();
    file.remove_card(&start.cards[15].id);
    assert!(h.undo(&mut file));
    // Our title goes back; their overview of the same card stays.
    assert_eq!(file.cards[2].title, start.cards[2].title);
    assert_eq!(file.cards[2].overview, "他のタブの概要");
    assert_eq!(file.cards[9].title, "他のタブで");
    assert_eq!(file.cards.len(), 19);
    assert!(h.redo(&mut file));
    assert_eq!(file.cards[2].title, "ここで");
    assert_eq!(file.cards[2].overview, "他のタブの概要");

    // The same while typing (steps coalesced), and across a move.
    let mut h = History::new(10);
    let mut file = start.clone();
    let mut typed = String::new();
    for (i, ch) in "題名".chars().enumerate() {
        let before = file.clone();
        typed.push(ch);
        Arc::make_mut(&mut file.cards[4]).title = typed.clone();
        h.record(&before, &file, Some("t"), i as f64 * 100.0);
        if i == 0 {
            Arc::make_mut(&mut file.cards[4]).background = "他のタブの背景".into();
        }
    }
    assert_eq!(h.undo_len(), 1);
    let id = file.cards[4].id.clone();
    file.move_card(&id, 0);
    assert!(h.undo(&mut file));
    assert_eq!(file.cards[0].title, start.cards[4].title);
    assert_eq!(file.cards[0].background, "他のタブの背景");
}

/// `record_card` (one card, no copy of the plan) keeps the same history as
/// `record` with the whole plan before: steps, joined keystrokes, a step
/// joined after a move, undo and redo all come out the same.
#[test]
fn recording_one_card_is_recording_the_plan() {
    let start = large_plan(40, 5);
    let (mut by_plan, mut by_card) = (History::new(50), History::new(50));
    let mut file = start.clone();
    let mut at = 0.0;
    // (card, key, ms later): keystrokes in one field join; another field or
    // a pause makes a new step; a change that changes nothing is no step.
    let edits: [(usize, &str, f64); 9] = [
        (3, "title-3", 100.0),
        (3, "title-3", 200.0),
        (3, "title-3", 300.0),
        (7, "overview-7", 100.0),
        (3, "title-3", 2000.0),
        (9, "same", 100.0),
        (7, "overview-7", 100.0),
        (7, "overview-7", 100.0),
        (12, "title-12", 5000.0),
    ];
    for (n, (i, key, later)) in edits.iter().enumerate() {
        at += later;
        if n == 7 {
            // A move recorded with the same key as the next edit's.
            let before = file.clone();
            let id = file.cards[0].id.clone();
            file.move_card(&id, 20);
            assert!(by_plan.record(&before, &file, Some(key), at));
            assert!(by_card.record(&before, &file, Some(key), at));
        }
        let before_plan = file.clone();
        let before_card = Arc::clone(&file.cards[*i]);
        let id = file.cards[*i].id.clone();
        let card = file.card_mut(&id).unwrap();
        if *key != "same" {
            card.title.push('字');
            card.overview.push('。');
        }
        let a = by_plan.record(&before_plan, &file, Some(key), at);
        let b = by_card.record_card(&before_card, &file, *i, Some(key), at);
        assert_eq!(a, b, "edit {n}");
        assert_eq!(by_plan.undo_len(), by_card.undo_len(), "edit {n}");
    }
    let (mut x, mut y) = (file.clone(), file.clone());
    while by_plan.undo(&mut x) {
        assert!(by_card.undo(&mut y));
        assert_eq!(x, y);
    }
    assert!(!by_card.undo(&mut y));
    assert_eq!(x, start);
    while by_plan.redo(&mut x) {
        assert!(by_card.redo(&mut y));
        assert_eq!(x, y);
    }
    assert_eq!(x, file);
}
