//! Editing, saving, undo and reconcile between tabs: what the user does with
//! the editor, and what must hold afterwards.

use std::sync::Arc;

use plan_core::edit::{EditError, move_item, touch_changed};
use plan_core::history::History;
use plan_core::merge::{CardField, FieldGroup};
use plan_core::sync::{Overridden, Reconciled, reconcile};
use plan_core::*;
use proptest::prelude::*;

const NOW: &str = "2026-10-01T10:00:00+09:00";
const LATER: &str = "2026-10-02T15:30:00+09:00";

/// Ids `prefix-1`, `prefix-2`, … as the app's UUIDs would be.
fn ids(prefix: &str) -> impl FnMut() -> String + use<> {
    let prefix = prefix.to_string();
    let mut n = 0;
    move || {
        n += 1;
        format!("{prefix}-{n}")
    }
}

fn clock(entries: &[(&str, u64)]) -> VersionClock {
    VersionClock(entries.iter().map(|(k, v)| (k.to_string(), *v)).collect())
}

fn card_ids(file: &PlanFile) -> Vec<&str> {
    file.cards.iter().map(|c| c.id.as_str()).collect()
}

fn assert_valid(file: &PlanFile) {
    let loaded = load_str(&to_json_pretty(file));
    let errors: Vec<_> = loaded.errors().collect();
    assert!(errors.is_empty(), "{errors:?}");
}

// ---------------------------------------------------------------- cards

#[test]
fn a_new_card_is_empty_and_stamped_now() {
    let card = Card::new("c1".into(), "15".into(), "窓口予約".into(), NOW);
    assert_eq!(card.id, "c1");
    assert_eq!(card.number, "15");
    assert_eq!(card.title, "窓口予約");
    assert_eq!(card.updated_at, NOW);
    assert!(card.years.is_empty() && card.indicators.is_empty() && card.log.is_empty());
    assert!(card.departments.is_empty() && card.pillars.is_empty());
    assert_eq!(card.clock, VersionClock::new());

    let mut file = sample_plan();
    file.insert_card(0, card);
    assert_valid(&file);
}

#[test]
fn ensure_year_creates_an_empty_year_in_order_and_keeps_existing_ones() {
    let mut card = sample_plan().card("card-04").unwrap().clone(); // 2025, 2026
    let y = card.ensure_year(2024);
    assert_eq!(y.status, Status::NotStarted);
    assert!(y.actions.is_empty() && y.goals.is_empty() && y.note.is_empty());
    let years: Vec<i32> = card.years.iter().map(|y| y.year).collect();
    assert_eq!(years, [2024, 2025, 2026]);

    let actions_before = card.year(2025).unwrap().actions.clone();
    assert_eq!(card.ensure_year(2025).actions, actions_before);
    assert_eq!(card.years.len(), 3);
    assert!(card.year_mut(2030).is_none());
    card.year_mut(2026).unwrap().note = "メモ".into();
    assert_eq!(card.year(2026).unwrap().note, "メモ");
}

#[test]
fn ticking_an_action_records_the_day_and_unticking_clears_it() {
    let mut card = sample_plan().card("card-01").unwrap().clone();
    assert!(card.set_action_done(2026, "a2026-2", true, "2026-10-01"));
    let a = &card.year(2026).unwrap().actions[1];
    assert!(a.done);
    assert_eq!(a.done_on.as_deref(), Some("2026-10-01"));

    assert!(card.set_action_done(2026, "a2026-2", false, "2026-10-02"));
    let a = &card.year(2026).unwrap().actions[1];
    assert!(!a.done);
    assert_eq!(a.done_on, None);

    let before = card.clone();
    assert!(!card.set_action_done(2026, "no-such-action", true, "2026-10-01"));
    assert!(!card.set_action_done(2030, "a2026-2", true, "2026-10-01"));
    assert_eq!(card, before);
}

#[test]
fn ticking_a_goal() {
    let mut card = sample_plan().card("card-01").unwrap().clone();
    assert!(card.set_goal_achieved(2026, "g2026-1", true));
    assert!(card.year(2026).unwrap().goals[0].achieved);
    assert!(card.set_goal_achieved(2026, "g2026-1", false));
    assert!(!card.year(2026).unwrap().goals[0].achieved);
    assert!(!card.set_goal_achieved(2026, "nope", true));
    assert!(!card.set_goal_achieved(2019, "g2026-1", true));
}

#[test]
fn status_keeps_the_corrective_action_the_user_wrote() {
    let mut card = sample_plan().card("card-01").unwrap().clone();
    assert!(card.set_status(2026, Status::Delayed, Some("予約枠を増やす".into())));
    let y = card.year(2026).unwrap();
    assert_eq!(y.status, Status::Delayed);
    assert_eq!(y.corrective_action, "予約枠を増やす");

    // Back on track: the text stays, and text given with it is ignored.
    assert!(card.set_status(2026, Status::OnTrack, Some("別の文".into())));
    let y = card.year(2026).unwrap();
    assert_eq!(y.status, Status::OnTrack);
    assert_eq!(y.corrective_action, "予約枠を増やす");

    // Missed without new text keeps the old one; with text replaces it.
    assert!(card.set_status(2026, Status::Missed, None));
    assert_eq!(card.year(2026).unwrap().corrective_action, "予約枠を増やす");
    assert!(card.set_status(2026, Status::Missed, Some("次年度に再挑戦".into())));
    assert_eq!(card.year(2026).unwrap().corrective_action, "次年度に再挑戦");

    assert!(!card.set_status(2030, Status::Achieved, None));
}

#[test]
fn the_log_only_grows_at_the_end() {
    let mut card = sample_plan().card("card-01").unwrap().clone();
    let before = card.log.clone();
    card.append_log(
        NOW.into(),
        "市民課".into(),
        "予約との連動を試行した。".into(),
    );
    assert_eq!(card.log.len(), before.len() + 1);
    assert_eq!(card.log[..before.len()], before[..]);
    let last = card.log.last().unwrap();
    assert_eq!(
        (last.at.as_str(), last.by.as_str(), last.text.as_str()),
        (NOW, "市民課", "予約との連動を試行した。")
    );
}

// ---------------------------------------------------------------- plan-level card list

#[test]
fn cards_are_inserted_removed_and_moved() {
    let mut file = sample_plan();
    let n = file.cards.len();
    file.insert_card(1, Card::new("new".into(), "".into(), "新".into(), NOW));
    assert_eq!(file.cards[1].id, "new");
    file.insert_card(9999, Card::new("last".into(), "".into(), "末".into(), NOW));
    assert_eq!(file.cards.last().unwrap().id, "last");
    assert_eq!(file.cards.len(), n + 2);

    file.card_mut("new").unwrap().title = "新しい取組".into();
    assert_eq!(file.card("new").unwrap().title, "新しい取組");
    assert!(file.card_mut("missing").is_none());

    let (at, card) = file.remove_card("new").unwrap();
    assert_eq!((at, card.title.as_str()), (1, "新しい取組"));
    assert!(file.card("new").is_none());
    assert!(file.remove_card("new").is_none());
    // Undoing a removal puts it back where it was.
    file.insert_card(at, card);
    assert_eq!(file.cards[1].id, "new");

    assert!(file.move_card("card-01", 3));
    assert_eq!(
        card_ids(&file)[..4],
        ["new", "card-02", "card-03", "card-01"]
    );
    assert!(file.move_card("card-01", 0));
    assert_eq!(file.cards[0].id, "card-01");
    assert!(file.move_card("card-01", usize::MAX));
    assert_eq!(file.cards.last().unwrap().id, "card-01");
    assert!(!file.move_card("card-01", usize::MAX), "already last");
    assert!(!file.move_card("missing", 0));
}

#[test]
fn move_item_reorders_any_list() {
    let mut file = sample_plan();
    let pillars: Vec<String> = file.plan.pillars.iter().map(|p| p.id.clone()).collect();
    assert!(pillars.len() >= 2);
    assert!(move_item(&mut file.plan.pillars, 0, 1));
    assert_eq!(file.plan.pillars[1].id, pillars[0]);
    assert_eq!(file.plan.pillars[0].id, pillars[1]);

    let card = file.card_mut("card-01").unwrap();
    let actions = &mut card.years[0].actions;
    assert!(move_item(actions, 2, 0));
    let order: Vec<&str> = actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(order, ["a2024-3", "a2024-1", "a2024-2"]);
    assert!(!move_item(actions, 3, 0));
}

#[test]
fn duplicating_a_card_makes_a_fresh_plan_right_after_it() {
    let mut file = sample_plan();
    let original = file.card("card-01").unwrap().clone();
    let new = file
        .duplicate_card("card-01", "（コピー）", NOW, &mut ids("dup"))
        .unwrap();
    assert_eq!(new, "dup-1");
    assert_eq!(file.cards[1].id, "dup-1");
    assert_eq!(
        file.card("card-01").unwrap(),
        &original,
        "original untouched"
    );

    let copy = file.card(&new).unwrap();
    assert_eq!(copy.title, "「書かない窓口」の導入と拡充（コピー）");
    assert_eq!(copy.updated_at, NOW);
    assert_eq!(copy.clock, VersionClock::new());
    assert!(copy.log.is_empty());
    assert_eq!(copy.overview, original.overview);
    assert_eq!(copy.departments, original.departments);
    assert_eq!(copy.outcomes, original.outcomes);
    assert_eq!(copy.years.len(), original.years.len());

    for (y, oy) in copy.years.iter().zip(&original.years) {
        assert_eq!(y.year, oy.year);
        assert_eq!(y.status, Status::NotStarted);
        assert!(y.note.is_empty() && y.corrective_action.is_empty());
        for (a, oa) in y.actions.iter().zip(&oy.actions) {
            assert_ne!(a.id, oa.id);
            assert_eq!((&a.text, &a.due), (&oa.text, &oa.due));
            assert!(!a.done && a.done_on.is_none());
        }
        for (g, og) in y.goals.iter().zip(&oy.goals) {
            assert_ne!(g.id, og.id);
            assert_eq!((&g.text, &g.target), (&og.text, &og.target));
            assert!(!g.achieved && g.actual.is_none());
        }
    }
    for (i, oi) in copy.indicators.iter().zip(&original.indicators) {
        assert_ne!(i.id, oi.id);
        assert_eq!(
            (&i.name, &i.targets, &i.baseline),
            (&oi.name, &oi.targets, &oi.baseline)
        );
        assert!(i.actuals.is_empty());
    }
    assert_valid(&file);

    assert_eq!(file.duplicate_card("missing", "", NOW, &mut ids("x")), None);
}

// ---------------------------------------------------------------- 継続 (copy to next year)

#[test]
fn carrying_a_year_over_copies_the_plan_but_no_results() {
    let mut file = sample_plan();
    // card-07 runs 2024–2025; the plan runs to 2026.
    assert!(file.card("card-07").unwrap().year(2026).is_none());
    let before = file.card("card-07").unwrap().clone();

    let next = file
        .copy_to_next_year("card-07", 2025, &mut ids("n"))
        .unwrap();
    assert_eq!(next, 2026);

    let card = file.card("card-07").unwrap();
    assert_eq!(
        card.year(2025),
        before.year(2025),
        "the source year is untouched"
    );
    let src = before.year(2025).unwrap();
    let y = card.year(2026).unwrap();
    assert_eq!(card.years.last().unwrap().year, 2026);
    assert_eq!(y.status, Status::NotStarted);
    assert!(y.note.is_empty() && y.corrective_action.is_empty());

    let texts: Vec<&str> = y.actions.iter().map(|a| a.text.as_str()).collect();
    let src_texts: Vec<&str> = src.actions.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts, src_texts);
    let dues: Vec<Option<&str>> = y.actions.iter().map(|a| a.due.as_deref()).collect();
    assert_eq!(dues, [Some("2026-06"), Some("2026-08")]);
    assert!(y.actions.iter().all(|a| !a.done && a.done_on.is_none()));
    assert!(y.actions.iter().all(|a| a.id.starts_with("n-")));

    assert_eq!(y.goals.len(), 1);
    let g = &y.goals[0];
    assert_eq!(g.text, "コピー用紙の使用枚数を前年度より20％減らす。");
    assert_eq!(
        g.target.as_ref().map(|q| (q.value, q.unit.as_str())),
        Some((20.0, "%"))
    );
    assert_eq!(g.actual, None);
    assert!(!g.achieved && g.id.starts_with("n-"));

    // The indicator's 2025 target carries over; actuals do not.
    let ind = &card.indicators[0];
    let targets: Vec<(i32, f64)> = ind.targets.iter().map(|t| (t.year, t.value)).collect();
    assert_eq!(
        targets,
        [(2024, 1_100_000.0), (2025, 960_000.0), (2026, 960_000.0)]
    );
    assert_eq!(ind.targets[2].total, None);
    assert_eq!(ind.actuals, before.indicators[0].actuals);
    assert_valid(&file);

    // Twice is refused: never mixed into a year that has a plan.
    let after_first = file.clone();
    assert_eq!(
        file.copy_to_next_year("card-07", 2025, &mut ids("m")),
        Err(EditError::NextYearNotEmpty(2026))
    );
    // Past the plan period is refused.
    let err = file
        .copy_to_next_year("card-07", 2026, &mut ids("m"))
        .unwrap_err();
    assert_eq!(err, EditError::OutsidePlan(2027));
    assert_eq!(err.to_string(), "次の年度（2027年度）は計画期間の外です");
    assert_eq!(file, after_first, "a refused copy changes nothing");
}

#[test]
fn carrying_over_shifts_due_months_across_the_calendar_year() {
    let mut file = sample_plan();
    let card = file.card_mut("card-01").unwrap();
    card.years.retain(|y| y.year != 2025);
    // An empty year already there is filled (and stays in place).
    card.ensure_year(2025);
    card.indicators[0].targets.retain(|t| t.year != 2025);
    card.indicators[0].targets.push(YearValue {
        year: 2025,
        value: 33.0,
        total: None,
        extra: Extra::new(),
    });

    assert_eq!(
        file.copy_to_next_year("card-01", 2024, &mut ids("n")),
        Ok(2025)
    );
    let card = file.card("card-01").unwrap();
    let years: Vec<i32> = card.years.iter().map(|y| y.year).collect();
    assert_eq!(years, [2024, 2025, 2026]);
    let y = card.year(2025).unwrap();
    let dues: Vec<&str> = y.actions.iter().filter_map(|a| a.due.as_deref()).collect();
    // 2024-06, 2024-09 and 2025-02 (February of fiscal 2024).
    assert_eq!(dues, ["2025-06", "2025-09", "2026-02"]);
    assert!(y.actions.iter().all(|a| !a.done && a.done_on.is_none()));
    assert!(y.goals.iter().all(|g| !g.achieved && g.actual.is_none()));
    assert_eq!(y.goals.len(), 2);
    // The 2025 target that was already set is not overwritten.
    let t2025 = card.indicators[0]
        .targets
        .iter()
        .find(|t| t.year == 2025)
        .unwrap();
    assert_eq!(t2025.value, 33.0);
    assert_eq!(card.indicators[0].targets.len(), 3);
    assert_valid(&file);
}

#[test]
fn carrying_over_keeps_a_missing_due_missing() {
    let mut file = sample_plan();
    let card = file.card_mut("card-07").unwrap();
    card.year_mut(2025).unwrap().actions[0].due = None;
    file.copy_to_next_year("card-07", 2025, &mut ids("n"))
        .unwrap();
    let y = file.card("card-07").unwrap().year(2026).unwrap();
    assert_eq!(y.actions[0].due, None);
    assert_eq!(y.actions[1].due.as_deref(), Some("2026-08"));
}

#[test]
fn carrying_over_refuses_what_it_cannot_do() {
    let mut file = sample_plan();
    let before = file.clone();
    let mut next = ids("n");
    assert_eq!(
        file.copy_to_next_year("missing", 2024, &mut next),
        Err(EditError::CardNotFound("missing".into()))
    );
    // card-04 starts in 2025.
    assert_eq!(
        file.copy_to_next_year("card-04", 2024, &mut next),
        Err(EditError::YearNotFound(2024))
    );
    // card-01 already has a 2025 plan.
    let err = file
        .copy_to_next_year("card-01", 2024, &mut next)
        .unwrap_err();
    assert_eq!(err, EditError::NextYearNotEmpty(2025));
    assert!(err.to_string().contains("2025年度"));
    assert_eq!(file, before);

    // Goals alone are enough to refuse.
    let card = file.card_mut("card-07").unwrap();
    card.ensure_year(2026).goals = card.year(2025).unwrap().goals.clone();
    assert_eq!(
        file.copy_to_next_year("card-07", 2025, &mut next),
        Err(EditError::NextYearNotEmpty(2026))
    );
}

// ---------------------------------------------------------------- saving

#[test]
fn saving_stamps_only_the_cards_that_changed() {
    let base = sample_plan();
    let mut current = base.clone();
    current.card_mut("card-03").unwrap().title = "コンビニ交付の利用促進".into();
    current.card_mut("card-05").unwrap().set_status(
        2026,
        Status::Delayed,
        Some("周知を強化する".into()),
    );
    current.insert_card(0, Card::new("new".into(), "15".into(), "新規".into(), NOW));

    let touched = touch_changed(&base, &mut current, "tab-a", LATER);
    assert_eq!(touched, ["new", "card-03", "card-05"]);

    for id in ["card-03", "card-05"] {
        let (b, c) = (base.card(id).unwrap(), current.card(id).unwrap());
        assert_eq!(c.clock.get("tab-a"), b.clock.get("tab-a") + 1);
        assert_eq!(c.clock.compare(&b.clock), ClockOrder::Ahead);
        assert_eq!(c.updated_at, LATER);
    }
    assert_eq!(current.card("new").unwrap().clock, clock(&[("tab-a", 1)]));
    for b in &base.cards {
        if !touched.contains(&b.id) {
            assert_eq!(current.card(&b.id).unwrap(), &**b, "{} untouched", b.id);
        }
    }
    assert_eq!(current.plan, base.plan, "the header did not change");

    // Saving again without edits changes nothing.
    let saved = current.clone();
    let mut again = saved.clone();
    assert!(touch_changed(&saved, &mut again, "tab-a", LATER).is_empty());
    assert_eq!(again, saved);
}

#[test]
fn saving_stamps_the_plan_header_when_it_changed() {
    let base = sample_plan();
    let mut current = base.clone();
    current.plan.departments.push("農林課".into());
    assert!(touch_changed(&base, &mut current, "tab-a", LATER).is_empty());
    assert_eq!(current.plan.updated_at.as_deref(), Some(LATER));

    // A header that differs only in updated_at is not a change.
    let mut current = base.clone();
    current.plan.updated_at = Some(NOW.into());
    touch_changed(&base, &mut current, "tab-a", LATER);
    assert_eq!(current.plan.updated_at.as_deref(), Some(NOW));
}

#[test]
fn saving_after_undo_never_moves_a_clock_backwards() {
    // Load, edit, save.
    let loaded = sample_plan();
    let mut edited = loaded.clone();
    edited
        .card_mut("card-02")
        .unwrap()
        .overview
        .push_str("追記");
    touch_changed(&loaded, &mut edited, "tab-a", NOW);
    let saved = edited.clone();
    let saved_clock = saved.card("card-02").unwrap().clock.clone();

    // Undo brings back the card as loaded, with its older clock; save again.
    let mut undone = loaded.clone();
    assert_eq!(
        undone.card("card-02").unwrap().clock.compare(&saved_clock),
        ClockOrder::Behind
    );
    let touched = touch_changed(&saved, &mut undone, "tab-a", LATER);
    assert_eq!(touched, ["card-02"]);
    let c = undone.card("card-02").unwrap();
    assert_eq!(c.clock.compare(&saved_clock), ClockOrder::Ahead);
    assert_eq!(c.clock.get("tab-a"), saved_clock.get("tab-a") + 1);
    assert_eq!(c.overview, loaded.card("card-02").unwrap().overview);

    // Another copy that holds the saved version sees the undo as newer.
    let other = saved.card("card-02").unwrap();
    assert_eq!(other.clock.compare(&c.clock), ClockOrder::Behind);
}

// ---------------------------------------------------------------- undo / redo

#[test]
fn one_hundred_fifty_changes_undo_back_to_the_very_first_state() {
    let mut h = History::new(200);
    let mut file = sample_plan();
    let first = file.clone();
    let mut states = vec![file.clone()];
    for i in 0..150 {
        let before = file.clone();
        let card = Arc::make_mut(&mut file.cards[i % 14]);
        card.title = format!("{}・{i}", card.title);
        h.record(&before, &file, None, i as f64 * 10.0);
        states.push(file.clone());
    }
    let last = file.clone();
    for step in (0..150).rev() {
        assert!(h.undo(&mut file), "can undo");
        assert_eq!(file, states[step]);
    }
    assert_eq!(file, first);
    assert!(!h.can_undo());
    assert!(!h.undo(&mut file));
    assert_eq!(file, first, "nothing to undo changes nothing");
    for state in &states[1..] {
        assert!(h.redo(&mut file), "can redo");
        assert_eq!(&file, state);
    }
    assert_eq!(file, last);
    assert!(!h.can_redo());
}

/// A plan whose card `a` has the given title.
fn titled(title: &str) -> PlanFile {
    let mut file = four_cards();
    Arc::make_mut(&mut file.cards[0]).title = title.into();
    file
}

/// Records the change from a plan titled `from` to one titled `to`.
fn record_title(h: &mut History, from: &str, to: &str, key: Option<&str>, now: f64) {
    h.record(&titled(from), &titled(to), key, now);
}

/// Undoes one step from a plan titled `current`; the title it comes back to.
fn undo_title(h: &mut History, current: &str) -> Option<String> {
    let mut file = titled(current);
    h.undo(&mut file).then(|| file.cards[0].title.clone())
}

#[test]
fn typing_in_one_field_is_one_undo_step() {
    let mut h = History::new(100);
    let mut text = String::new();
    // A long burst of typing, each key less than a second after the last.
    for (i, ch) in "かしまDX推進".chars().enumerate() {
        let before = text.clone();
        text.push(ch);
        record_title(&mut h, &before, &text, Some("a/title"), i as f64 * 600.0);
    }
    assert_eq!(h.undo_len(), 1);
    assert_eq!(undo_title(&mut h, &text).as_deref(), Some(""));

    // A pause of a second or more starts a new step.
    let mut h = History::new(100);
    record_title(&mut h, "", "a", Some("f"), 0.0);
    record_title(&mut h, "a", "ab", Some("f"), 999.0);
    record_title(&mut h, "ab", "abc", Some("f"), 1999.0);
    assert_eq!(h.undo_len(), 2);
    assert_eq!(undo_title(&mut h, "abc").as_deref(), Some("ab"));
    assert_eq!(undo_title(&mut h, "ab").as_deref(), Some(""));

    // Another field, or no key, is always a new step.
    let mut h = History::new(100);
    record_title(&mut h, "0", "1", Some("title"), 0.0);
    record_title(&mut h, "1", "2", Some("overview"), 10.0);
    record_title(&mut h, "2", "3", None, 20.0);
    record_title(&mut h, "3", "4", None, 30.0);
    assert_eq!(h.undo_len(), 4);
}

#[test]
fn typing_that_also_moves_a_card_is_still_one_step() {
    // Coalescing across a change of order: the step goes back to the start.
    let start = four_cards();
    let mut h = History::new(10);
    let mut one = start.clone();
    Arc::make_mut(&mut one.cards[0]).title.push('あ');
    h.record(&start, &one, Some("k"), 0.0);
    let mut two = one.clone();
    two.move_card("a", 3);
    two.remove_card("c");
    Arc::make_mut(&mut two.cards[0]).title.push('い');
    h.record(&one, &two, Some("k"), 100.0);
    assert_eq!(h.undo_len(), 1);
    let mut file = two.clone();
    assert!(h.undo(&mut file));
    assert_eq!(file, start);
    assert!(h.redo(&mut file));
    assert_eq!(file, two);
}

#[test]
fn typing_after_an_undo_starts_a_new_step() {
    let mut h = History::new(100);
    record_title(&mut h, "", "a", Some("f"), 0.0);
    assert_eq!(undo_title(&mut h, "a").as_deref(), Some(""));
    record_title(&mut h, "", "x", Some("f"), 100.0);
    record_title(&mut h, "x", "xy", Some("f"), 200.0);
    assert_eq!(h.undo_len(), 1);

    let mut h = History::new(100);
    record_title(&mut h, "", "a", Some("f"), 0.0);
    record_title(&mut h, "a", "ab", Some("f"), 100.0);
    let mut file = titled("ab");
    assert!(h.undo(&mut file));
    assert!(h.redo(&mut file));
    assert_eq!(file.cards[0].title, "ab");
    record_title(&mut h, "ab", "abc", Some("f"), 200.0);
    assert_eq!(
        h.undo_len(),
        2,
        "the redo step and the new typing stay apart"
    );
}

#[test]
fn a_new_change_forgets_what_could_be_redone() {
    let mut h = History::new(10);
    record_title(&mut h, "1", "2", None, 0.0);
    record_title(&mut h, "2", "3", None, 0.0);
    assert_eq!(undo_title(&mut h, "3").as_deref(), Some("2"));
    assert!(h.can_redo());
    record_title(&mut h, "2", "5", None, 0.0);
    assert!(!h.can_redo());
    let mut file = titled("5");
    assert!(!h.redo(&mut file));

    // A "change" that changes nothing is no step and forgets nothing.
    assert_eq!(undo_title(&mut h, "5").as_deref(), Some("2"));
    record_title(&mut h, "2", "2", None, 0.0);
    assert!(h.can_redo());
}

#[test]
fn the_oldest_steps_drop_beyond_capacity() {
    let mut h = History::new(3);
    for i in 0..5 {
        record_title(&mut h, &i.to_string(), &(i + 1).to_string(), None, 0.0);
    }
    assert_eq!(h.undo_len(), 3);
    assert_eq!(undo_title(&mut h, "5").as_deref(), Some("4"));
    assert_eq!(undo_title(&mut h, "4").as_deref(), Some("3"));
    assert_eq!(undo_title(&mut h, "3").as_deref(), Some("2"));
    assert_eq!(undo_title(&mut h, "2"), None);

    h.clear();
    assert!(!h.can_undo() && !h.can_redo());
}

// ---------------------------------------------------------------- reconcile between tabs

/// A small plan with cards a, b, c, d.
fn four_cards() -> PlanFile {
    let mut file = PlanFile::empty("p".into(), "計画".into(), 2024, 2026);
    for (i, id) in ["a", "b", "c", "d"].into_iter().enumerate() {
        let mut card = Card::new(id.into(), (i + 1).to_string(), format!("取組{id}"), NOW);
        card.clock = clock(&[("s0", 1)]);
        file.push_card(card);
    }
    file
}

/// An edit saved by `site`, as touch_changed would stamp it.
fn edit(file: &mut PlanFile, id: &str, title: &str, site: &str) {
    let card = file.card_mut(id).unwrap();
    card.title = title.into();
    card.clock.increment(site);
}

fn title<'a>(file: &'a PlanFile, id: &str) -> &'a str {
    &file.card(id).unwrap().title
}

/// The (card id, field) pairs the other tab lost to ours.
fn overridden(r: &Reconciled) -> Vec<(Option<&str>, String)> {
    r.overridden
        .iter()
        .map(|o| {
            let field = match o {
                Overridden::Card { field, .. } => field.as_str().to_string(),
                Overridden::Plan { field, .. } => format!("plan.{field:?}"),
            };
            (o.card_id(), field)
        })
        .collect()
}

#[test]
fn a_card_changed_only_in_the_other_tab_is_taken() {
    let base = four_cards();
    let ours = base.clone();
    let mut stored = base.clone();
    edit(&mut stored, "b", "他のタブ", "tab-b");
    let r = reconcile(&base, &ours, &stored);
    assert_eq!(title(&r.file, "b"), "他のタブ");
    assert_eq!(r.taken_from_stored, ["b"]);
    assert!(r.overridden.is_empty() && r.restored.is_empty());
    assert_eq!(r.file, stored);
}

#[test]
fn a_card_changed_only_here_is_kept() {
    let base = four_cards();
    let mut ours = base.clone();
    edit(&mut ours, "b", "このタブ", "tab-a");
    let r = reconcile(&base, &ours, &base);
    assert_eq!(r.file, ours);
    assert!(r.taken_from_stored.is_empty() && r.overridden.is_empty());
}

#[test]
fn different_cards_changed_in_each_tab_are_both_kept() {
    let base = four_cards();
    let mut ours = base.clone();
    let mut stored = base.clone();
    edit(&mut ours, "a", "このタブ", "tab-a");
    edit(&mut stored, "c", "他のタブ", "tab-b");
    let r = reconcile(&base, &ours, &stored);
    assert_eq!(title(&r.file, "a"), "このタブ");
    assert_eq!(title(&r.file, "c"), "他のタブ");
    assert_eq!(r.taken_from_stored, ["c"]);
    assert!(r.overridden.is_empty());
}

#[test]
fn different_fields_of_one_card_changed_in_each_tab_both_survive() {
    let base = four_cards();
    // This tab typed a title and has not saved yet (its clock is the
    // base's); the other tab saved a new overview and a log entry.
    let mut ours = base.clone();
    Arc::make_mut(&mut ours.cards[0]).title = "このタブの題".into();
    Arc::make_mut(&mut ours.cards[0]).append_log(NOW.into(), "企画課".into(), "ここで記録".into());
    let mut stored = base.clone();
    {
        let card = stored.card_mut("a").unwrap();
        card.overview = "他のタブの概要".into();
        card.append_log(LATER.into(), "DX推進室".into(), "あちらで記録".into());
        card.clock.increment("tab-b");
    }
    let r = reconcile(&base, &ours, &stored);
    let a = r.file.card("a").unwrap();
    assert_eq!(a.title, "このタブの題");
    assert_eq!(a.overview, "他のタブの概要");
    let log: Vec<&str> = a.log.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(log, ["ここで記録", "あちらで記録"], "logs are united");
    assert_eq!(r.taken_from_stored, ["a"]);
    assert!(r.overridden.is_empty());
    // Saved after this, the card is ahead of both versions.
    assert_eq!(a.clock.compare(&stored.cards[0].clock), ClockOrder::Equal);
    let mut saved = r.file.clone();
    touch_changed(&stored, &mut saved, "tab-a", LATER);
    let a = saved.card("a").unwrap();
    assert_eq!(a.clock.compare(&stored.cards[0].clock), ClockOrder::Ahead);
    assert_eq!(a.clock.compare(&ours.cards[0].clock), ClockOrder::Ahead);
    assert_valid(&saved);
}

#[test]
fn the_same_field_changed_in_both_tabs_keeps_ours_and_hands_back_theirs() {
    let base = four_cards();
    // Both typed a title; the other tab saved first, this tab writes last.
    let mut ours = base.clone();
    Arc::make_mut(&mut ours.cards[0]).title = "このタブ".into();
    Arc::make_mut(&mut ours.cards[0]).background = "このタブの背景".into();
    let mut stored = base.clone();
    edit(&mut stored, "a", "他のタブ", "tab-b");
    let r = reconcile(&base, &ours, &stored);
    assert_eq!(title(&r.file, "a"), "このタブ");
    assert_eq!(r.file.cards[0].background, "このタブの背景");
    assert_eq!(overridden(&r), [(Some("a"), "title".to_string())]);
    assert_eq!(
        r.overridden[0].theirs_text("、").as_deref(),
        Some("他のタブ")
    );
    assert!(
        r.taken_from_stored.is_empty(),
        "nothing of theirs is in the result"
    );
    // One step back (the app's undo) brings their title, and only that.
    let theirs = r.with_theirs();
    assert_eq!(title(&theirs, "a"), "他のタブ");
    assert_eq!(theirs.cards[0].background, "このタブの背景");
    assert_eq!(theirs.cards[1..], r.file.cards[1..]);

    // Concurrent edits, both saved by their tabs: the same.
    let mut ours = base.clone();
    edit(&mut ours, "a", "このタブ", "tab-a");
    let r = reconcile(&base, &ours, &stored);
    assert_eq!(title(&r.file, "a"), "このタブ");
    assert_eq!(overridden(&r), [(Some("a"), "title".to_string())]);
}

#[test]
fn a_card_that_already_holds_the_stored_version_is_kept_whole() {
    let base = four_cards();
    // Ours is ahead (it already holds the other tab's save, and more).
    let mut stored = base.clone();
    edit(&mut stored, "a", "他のタブ", "tab-b");
    let mut ours = stored.clone();
    edit(&mut ours, "a", "このタブ", "tab-a");
    let r = reconcile(&base, &ours, &stored);
    assert_eq!(r.file.cards[0], ours.cards[0]);
    assert!(r.taken_from_stored.is_empty() && r.overridden.is_empty());

    // Equal clocks: ours is kept.
    let mut ours = base.clone();
    let mut stored = base.clone();
    edit(&mut ours, "a", "このタブ", "tab-a");
    edit(&mut stored, "a", "他のタブ", "tab-a");
    let r = reconcile(&base, &ours, &stored);
    assert_eq!(r.file.cards[0], ours.cards[0]);
    assert!(r.overridden.is_empty());
}

#[test]
fn fields_that_refer_to_each_other_are_merged_together() {
    let mut base = four_cards();
    base.plan.pillars = serde_json::from_value(serde_json::json!([
        {"id": "p1", "name": "柱1", "visions": [], "measures": [{"id": "m1", "name": "施策1"}]},
        {"id": "p2", "name": "柱2", "visions": [], "measures": [{"id": "m2", "name": "施策2"}]}
    ]))
    .unwrap();
    for c in base.cards.iter_mut().map(Arc::make_mut) {
        c.pillars = vec!["p1".into()];
    }
    // Here the card moved to pillar 2; there it got measure 1 of pillar 1.
    let mut ours = base.clone();
    Arc::make_mut(&mut ours.cards[0]).pillars = vec!["p2".into()];
    let mut stored = base.clone();
    Arc::make_mut(&mut stored.cards[0]).measure = Some("m1".into());
    Arc::make_mut(&mut stored.cards[0]).clock.increment("tab-b");
    let r = reconcile(&base, &ours, &stored);
    let a = &r.file.cards[0];
    assert_eq!(
        (a.pillars.as_slice(), a.measure.as_deref()),
        (&["p2".to_string()][..], None)
    );
    assert_eq!(overridden(&r), [(Some("a"), "placement".to_string())]);
    assert_eq!(r.overridden[0].theirs_text("、"), None);
    let theirs = r.with_theirs();
    assert_eq!(theirs.cards[0].measure.as_deref(), Some("m1"));
    assert_eq!(theirs.cards[0].pillars, ["p1"]);
}

#[test]
fn the_same_change_on_both_sides_is_no_conflict() {
    let base = four_cards();
    let mut ours = base.clone();
    edit(&mut ours, "a", "同じ", "tab-a");
    let stored = ours.clone();
    let r = reconcile(&base, &ours, &stored);
    assert_eq!(r.file, ours);
    assert!(r.taken_from_stored.is_empty() && r.overridden.is_empty());
}

#[test]
fn deleted_in_the_other_tab() {
    let base = four_cards();
    let mut stored = base.clone();
    stored.remove_card("b");
    stored.remove_card("c");
    let mut ours = base.clone();
    edit(&mut ours, "c", "このタブで編集", "tab-a");

    let r = reconcile(&base, &ours, &stored);
    // b was not touched here: it goes. c was edited here: it stays.
    assert_eq!(card_ids(&r.file), ["a", "c", "d"]);
    assert_eq!(title(&r.file, "c"), "このタブで編集");
    assert_eq!(r.taken_from_stored, ["b"]);
    assert!(r.overridden.is_empty() && r.restored.is_empty());
}

#[test]
fn deleted_here() {
    let base = four_cards();
    let mut ours = base.clone();
    ours.remove_card("b");
    ours.remove_card("c");
    let mut stored = base.clone();
    edit(&mut stored, "c", "他のタブで編集", "tab-b");

    let r = reconcile(&base, &ours, &stored);
    // b was not changed elsewhere: it stays deleted. c was: it comes back
    // in its place, and the user is told.
    assert_eq!(card_ids(&r.file), ["a", "c", "d"]);
    assert_eq!(title(&r.file, "c"), "他のタブで編集");
    assert_eq!(r.taken_from_stored, ["c"]);
    assert_eq!(r.restored, ["c"]);
}

#[test]
fn cards_added_on_either_side_are_kept_in_place() {
    let base = four_cards();
    let mut ours = base.clone();
    ours.insert_card(
        2,
        Card::new("ours-new".into(), "".into(), "ここで追加".into(), NOW),
    );
    let mut stored = base.clone();
    stored.insert_card(0, Card::new("first".into(), "".into(), "先頭".into(), NOW));
    stored.insert_card(
        2,
        Card::new("after-a".into(), "".into(), "aの次".into(), NOW),
    );
    stored.insert_card(
        3,
        Card::new("after-a2".into(), "".into(), "その次".into(), NOW),
    );
    stored.insert_card(
        usize::MAX,
        Card::new("last".into(), "".into(), "末尾".into(), NOW),
    );

    let r = reconcile(&base, &ours, &stored);
    assert_eq!(
        card_ids(&r.file),
        [
            "first", "a", "after-a", "after-a2", "b", "ours-new", "c", "d", "last"
        ]
    );
    assert_eq!(
        r.taken_from_stored,
        ["first", "after-a", "after-a2", "last"]
    );
    assert!(r.overridden.is_empty());
}

#[test]
fn order_follows_this_tab_when_it_reordered_and_the_other_tab_otherwise() {
    let base = four_cards();
    let mut moved_there = base.clone();
    moved_there.move_card("d", 0);
    let r = reconcile(&base, &base, &moved_there);
    assert_eq!(card_ids(&r.file), ["d", "a", "b", "c"]);

    let mut moved_here = base.clone();
    moved_here.move_card("a", 3);
    let r = reconcile(&base, &moved_here, &moved_there);
    assert_eq!(card_ids(&r.file), ["b", "c", "d", "a"]);

    // Adding a card here is not reordering: the other tab's order holds.
    let mut added_here = base.clone();
    added_here.insert_card(1, Card::new("n".into(), "".into(), "新".into(), NOW));
    let r = reconcile(&base, &added_here, &moved_there);
    assert_eq!(card_ids(&r.file), ["d", "a", "n", "b", "c"]);
}

#[test]
fn the_plan_header_is_merged_field_by_field() {
    let base = four_cards();
    let mut ours = base.clone();
    ours.plan.title = "このタブの題".into();
    let mut stored = base.clone();
    stored.plan.departments.push("市民課".into());
    stored.exported_by = Some("市民課".into());

    // Only one side changed a field: that side's value is taken.
    let r = reconcile(&base, &base, &stored);
    assert_eq!(r.file.plan, stored.plan);
    assert_eq!(r.file.exported_by.as_deref(), Some("市民課"));
    let r = reconcile(&base, &ours, &base);
    assert_eq!(r.file.plan, ours.plan);

    // Different fields on each side: both kept.
    let r = reconcile(&base, &ours, &stored);
    assert_eq!(r.file.plan.title, "このタブの題");
    assert_eq!(r.file.plan.departments, ["市民課"]);
    assert_eq!(r.file.exported_by.as_deref(), Some("市民課"));
    assert!(r.overridden.is_empty());

    // The same field on both: ours, and theirs handed back.
    let mut stored = stored.clone();
    stored.plan.title = "他のタブの題".into();
    stored.plan.start_year = 2025;
    ours.plan.end_year = 2030;
    let r = reconcile(&base, &ours, &stored);
    assert_eq!(r.file.plan.title, "このタブの題");
    assert_eq!(
        (r.file.plan.start_year, r.file.plan.end_year),
        (2024, 2030),
        "the period is one field: never half of each"
    );
    assert_eq!(
        overridden(&r),
        [
            (None, "plan.Title".to_string()),
            (None, "plan.Period".to_string())
        ]
    );
    assert_eq!(
        r.overridden[0].theirs_text("、").as_deref(),
        Some("他のタブの題")
    );
    let theirs = r.with_theirs();
    assert_eq!(theirs.plan.title, "他のタブの題");
    assert_eq!((theirs.plan.start_year, theirs.plan.end_year), (2025, 2026));
    assert_eq!(theirs.plan.departments, ["市民課"]);

    // Unknown top-level fields count as part of the header.
    let mut stored = base.clone();
    stored
        .extra
        .insert("x_note".into(), serde_json::json!("新しい版の欄"));
    let r = reconcile(&base, &base, &stored);
    assert_eq!(r.file.extra, stored.extra);
}

#[test]
fn the_sample_plan_survives_a_busy_reconcile() {
    let base = sample_plan();
    let mut ours = base.clone();
    ours.card_mut("card-01")
        .unwrap()
        .set_action_done(2026, "a2026-2", true, "2026-10-01");
    ours.card_mut("card-02").unwrap().title.push_str("（改）");
    touch_changed(&base, &mut ours, "tab-a", NOW);
    let mut stored = base.clone();
    stored.card_mut("card-02").unwrap().append_log(
        NOW.into(),
        "DX推進室".into(),
        "進捗を確認".into(),
    );
    stored.remove_card("card-14");
    touch_changed(&base, &mut stored, "tab-b", NOW);

    let r = reconcile(&base, &ours, &stored);
    assert_eq!(r.file.card("card-01"), ours.card("card-01"));
    let two = r.file.card("card-02").unwrap();
    assert_eq!(two.title, ours.card("card-02").unwrap().title);
    assert_eq!(two.log, stored.card("card-02").unwrap().log);
    assert!(r.file.card("card-14").is_none());
    assert_eq!(r.file.cards.len(), 13);
    assert_eq!(r.taken_from_stored, ["card-02", "card-14"]);
    assert!(r.overridden.is_empty());
    assert_valid(&r.file);
}

// ---------------------------------------------------------------- properties

/// The values of one field group of a card, compared through their debug
/// text (cheap enough for a property run over many cards).
fn group_value(card: &Card, group: FieldGroup) -> Vec<String> {
    group
        .fields()
        .iter()
        .map(|f| match f {
            CardField::Number => format!("{:?}", card.number),
            CardField::Title => format!("{:?}", card.title),
            CardField::Category => format!("{:?}", card.category),
            CardField::Departments => format!("{:?}", card.departments),
            CardField::Pillars => format!("{:?}", card.pillars),
            CardField::Measure => format!("{:?}", card.measure),
            CardField::Visions => format!("{:?}", card.visions),
            CardField::Overview => format!("{:?}", card.overview),
            CardField::Background => format!("{:?}", card.background),
            CardField::Outcomes => format!("{:?}", card.outcomes),
            CardField::Years => format!("{:?}", card.years),
            CardField::Indicators => format!("{:?}", card.indicators),
            CardField::Log => format!("{:?}", card.log),
            CardField::Extra => format!("{:?}", card.extra),
        })
        .collect()
}

/// One thing a user might do in the editor.
#[derive(Debug, Clone)]
enum Op {
    Title(usize, String),
    Tick(usize, usize, bool),
    Status(usize, usize),
    Log(usize, String),
    Add(usize),
    Remove(usize),
    Move(usize, usize),
    Duplicate(usize),
    CarryOver(usize),
    PlanTitle(String),
}

fn op() -> impl Strategy<Value = Op> {
    let text = || "[あ-んa-z]{0,6}";
    prop_oneof![
        (any::<usize>(), text()).prop_map(|(c, t)| Op::Title(c, t)),
        (any::<usize>(), any::<usize>(), any::<bool>()).prop_map(|(c, a, d)| Op::Tick(c, a, d)),
        (any::<usize>(), 0..Status::ALL.len()).prop_map(|(c, s)| Op::Status(c, s)),
        (any::<usize>(), text()).prop_map(|(c, t)| Op::Log(c, t)),
        any::<usize>().prop_map(Op::Add),
        any::<usize>().prop_map(Op::Remove),
        (any::<usize>(), any::<usize>()).prop_map(|(c, t)| Op::Move(c, t)),
        any::<usize>().prop_map(Op::Duplicate),
        any::<usize>().prop_map(Op::CarryOver),
        text().prop_map(Op::PlanTitle),
    ]
}

/// Applies one edit; `new_id` gives the ids of anything created.
fn apply(file: &mut PlanFile, op: &Op, new_id: &mut dyn FnMut() -> String) {
    let n = file.cards.len();
    let pick = |i: usize| (n > 0).then(|| i % n);
    match op {
        Op::Title(c, t) => {
            if let Some(i) = pick(*c) {
                Arc::make_mut(&mut file.cards[i]).title.push_str(t);
            }
        }
        Op::Tick(c, a, done) => {
            if let Some(i) = pick(*c) {
                let card = Arc::make_mut(&mut file.cards[i]);
                let actions: Vec<(i32, String)> = card
                    .years
                    .iter()
                    .flat_map(|y| y.actions.iter().map(move |a| (y.year, a.id.clone())))
                    .collect();
                if !actions.is_empty() {
                    let (year, id) = &actions[a % actions.len()];
                    card.set_action_done(*year, id, *done, "2026-10-01");
                }
            }
        }
        Op::Status(c, s) => {
            if let Some(i) = pick(*c) {
                let card = Arc::make_mut(&mut file.cards[i]);
                if let Some(year) = card.years.first().map(|y| y.year) {
                    card.set_status(year, Status::ALL[*s], Some("改善策".into()));
                }
            }
        }
        Op::Log(c, t) => {
            if let Some(i) = pick(*c) {
                Arc::make_mut(&mut file.cards[i]).append_log(NOW.into(), "課".into(), t.clone());
            }
        }
        Op::Add(at) => {
            let card = Card::new(new_id(), "".into(), "新".into(), NOW);
            file.insert_card(at % (n + 1), card);
        }
        Op::Remove(c) => {
            if let Some(i) = pick(*c) {
                file.cards.remove(i);
            }
        }
        Op::Move(c, to) => {
            if let Some(i) = pick(*c) {
                let id = file.cards[i].id.clone();
                file.move_card(&id, to % n);
            }
        }
        Op::Duplicate(c) => {
            if let Some(i) = pick(*c) {
                let id = file.cards[i].id.clone();
                file.duplicate_card(&id, "（写）", NOW, new_id);
            }
        }
        Op::CarryOver(c) => {
            if let Some(i) = pick(*c) {
                let id = file.cards[i].id.clone();
                let year = file.cards[i].years.first().map_or(2024, |y| y.year);
                let _ = file.copy_to_next_year(&id, year, new_id);
            }
        }
        Op::PlanTitle(t) => file.plan.title.push_str(t),
    }
}

/// Applies the edits and saves them as `site` would.
fn edited(base: &PlanFile, ops: &[Op], site: &str) -> PlanFile {
    let mut file = base.clone();
    let mut new_id = ids(site);
    for op in ops {
        apply(&mut file, op, &mut new_id);
    }
    touch_changed(base, &mut file, site, LATER);
    file
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A tab that changed nothing takes what is stored, whole.
    #[test]
    fn unchanged_tab_takes_the_stored_plan(
        base_ops in proptest::collection::vec(op(), 0..6),
        stored_ops in proptest::collection::vec(op(), 0..12),
    ) {
        let base = edited(&sample_plan(), &base_ops, "tab-0");
        let stored = edited(&base, &stored_ops, "tab-b");
        let r = reconcile(&base, &base, &stored);
        prop_assert_eq!(&r.file.cards, &stored.cards);
        prop_assert_eq!(&r.file, &stored);
        prop_assert!(r.overridden.is_empty());
    }

    /// When nothing else was stored, this tab's state is saved as it is.
    #[test]
    fn nothing_stored_meanwhile_keeps_ours(
        base_ops in proptest::collection::vec(op(), 0..6),
        our_ops in proptest::collection::vec(op(), 0..12),
    ) {
        let base = edited(&sample_plan(), &base_ops, "tab-0");
        let ours = edited(&base, &our_ops, "tab-a");
        let r = reconcile(&base, &ours, &base);
        prop_assert_eq!(&r.file, &ours);
        prop_assert!(r.taken_from_stored.is_empty());
        prop_assert!(r.overridden.is_empty());
    }

    /// Whatever both tabs do, every card appears once; each of its fields
    /// (pillars, measure and visions together) is ours or the stored one; a
    /// field only one side changed has that side's change; a field both
    /// changed differently is ours and theirs is handed back; and no card
    /// either side changed is lost.
    #[test]
    fn reconcile_keeps_every_card_once_and_every_change_somewhere(
        our_ops in proptest::collection::vec(op(), 0..10),
        stored_ops in proptest::collection::vec(op(), 0..10),
    ) {
        let base = sample_plan();
        let ours = edited(&base, &our_ops, "tab-a");
        let stored = edited(&base, &stored_ops, "tab-b");
        let r = reconcile(&base, &ours, &stored);
        let mut seen = std::collections::HashSet::new();
        for card in &r.file.cards {
            prop_assert!(seen.insert(card.id.clone()), "{} twice", card.id);
            let (o, s, b) = (ours.card(&card.id), stored.card(&card.id), base.card(&card.id));
            for group in FieldGroup::ALL {
                let got = group_value(card, group);
                let (go, gs) = (o.map(|c| group_value(c, group)), s.map(|c| group_value(c, group)));
                prop_assert!(
                    Some(&got) == go.as_ref() || Some(&got) == gs.as_ref(),
                    "{} {:?} from neither side", card.id, group
                );
                let (Some(o), Some(s), Some(b)) = (o, s, b) else { continue };
                let (go, gs, gb) = (group_value(o, group), group_value(s, group), group_value(b, group));
                if go == gb && gs != gb {
                    prop_assert_eq!(&got, &gs, "{} {:?}: the other tab's change", &card.id, group);
                }
                if gs == gb && go != gb {
                    prop_assert_eq!(&got, &go, "{} {:?}: this tab's change", &card.id, group);
                }
                if go != gb && gs != gb && go != gs {
                    prop_assert_eq!(&got, &go, "{} {:?}: both changed, ours kept", &card.id, group);
                    let handed_back = r.overridden.iter().any(|x| matches!(
                        x,
                        Overridden::Card { id, field, .. } if *id == card.id && *field == group
                    ));
                    prop_assert!(handed_back, "{} {:?}: theirs handed back", &card.id, group);
                }
            }
        }
        for side in [&ours, &stored] {
            for card in &side.cards {
                if base.card(&card.id) != Some(card) {
                    prop_assert!(seen.contains(&card.id), "changed card {} lost", card.id);
                }
            }
        }
        // What is merged is saveable, and so is the state undo leads to.
        prop_assert!(plan_core::gate::passes(&r.file));
        prop_assert!(plan_core::gate::passes(&r.with_theirs()));
    }

    /// Edits, undos and redos in any order give exactly the plans that
    /// keeping whole copies would (the history before it stored patches).
    #[test]
    fn undo_and_redo_in_any_order_match_whole_copies(
        steps in proptest::collection::vec(
            prop_oneof![
                4 => (op(), proptest::option::of(0..2usize), 0.0..1500.0f64)
                    .prop_map(|(o, k, g)| Some((o, k, g))),
                1 => Just(None),
                1 => Just(None),
            ],
            0..40,
        ),
        redo_when in proptest::collection::vec(any::<bool>(), 40),
    ) {
        let mut file = sample_plan();
        let mut history = History::new(100);
        // The model: whole copies, as before.
        let mut undo: Vec<PlanFile> = Vec::new();
        let mut redo: Vec<PlanFile> = Vec::new();
        let mut last: Option<(String, f64)> = None;
        let mut new_id = ids("m");
        let mut now = 0.0;
        for (i, step) in steps.iter().enumerate() {
            match step {
                Some((op, key, gap)) => {
                    now += gap;
                    let key = key.map(|k| format!("field-{k}"));
                    let before = file.clone();
                    apply(&mut file, op, &mut new_id);
                    let recorded = history.record(&before, &file, key.as_deref(), now);
                    prop_assert_eq!(recorded, before != file);
                    if before != file {
                        redo.clear();
                        match (&key, &mut last) {
                            (Some(k), Some((lk, lt))) if k == lk && now - *lt < 1000.0 => *lt = now,
                            _ => {
                                undo.push(before);
                                last = key.map(|k| (k, now));
                            }
                        }
                    }
                }
                None if redo_when[i] => {
                    let current = file.clone();
                    let moved = history.redo(&mut file);
                    prop_assert_eq!(moved, !redo.is_empty());
                    if let Some(next) = redo.pop() {
                        prop_assert_eq!(&file, &next);
                        undo.push(current);
                        last = None;
                    }
                }
                None => {
                    let current = file.clone();
                    let moved = history.undo(&mut file);
                    prop_assert_eq!(moved, !undo.is_empty());
                    if let Some(previous) = undo.pop() {
                        prop_assert_eq!(&file, &previous);
                        redo.push(current);
                        last = None;
                    }
                }
            }
            prop_assert_eq!(history.can_undo(), !undo.is_empty());
            prop_assert_eq!(history.can_redo(), !redo.is_empty());
        }
    }

    /// Any sequence of edits recorded in the history undoes back to the start
    /// exactly, and redoes to the end.
    #[test]
    fn undo_returns_to_the_start(
        steps in proptest::collection::vec(
            (op(), proptest::option::of(0..3usize), 0.0..2000.0f64),
            0..40,
        ),
    ) {
        let start = sample_plan();
        let mut file = start.clone();
        let mut history = History::new(100);
        let mut new_id = ids("u");
        let mut now = 0.0;
        for (op, key, gap) in &steps {
            now += gap;
            let key = key.map(|k| format!("field-{k}"));
            let before = file.clone();
            apply(&mut file, op, &mut new_id);
            history.record(&before, &file, key.as_deref(), now);
        }
        let end = file.clone();
        while history.undo(&mut file) {}
        prop_assert_eq!(&file, &start);
        while history.redo(&mut file) {}
        prop_assert_eq!(&file, &end);
    }
}

// ------------------------------------------------------------ items by hand

mod items {
    use plan_core::edit::Figure;
    use plan_core::{Goal, Indicator, sample_plan};

    #[test]
    fn indicator_figures_are_set_and_removed_by_year() {
        let mut i = Indicator::new("i9".into());
        i.set_target(2026, Some(30.0));
        i.set_target(2024, Some(10.0));
        i.set_target(2025, Some(20.0));
        let years: Vec<i32> = i.targets.iter().map(|t| t.year).collect();
        assert_eq!(years, [2024, 2025, 2026], "targets stay sorted");
        i.set_target(2025, None);
        assert_eq!(i.targets.len(), 2);

        assert!(
            !i.set_actual_total(2024, Some(100.0)),
            "no actual, no total"
        );
        i.set_actual(2024, Some(40.0));
        assert!(i.set_actual_total(2024, Some(100.0)));
        i.set_actual(2024, Some(45.0));
        assert_eq!(i.actuals[0].value, 45.0);
        assert_eq!(
            i.actuals[0].total,
            Some(100.0),
            "a new value keeps the total"
        );
        assert_eq!(i.actuals[0].rate_percent(), Some(45.0));
        i.set_actual(2024, None);
        assert!(i.actuals.is_empty());
    }

    #[test]
    fn a_baseline_gets_the_default_year_and_keeps_its_own_after() {
        let mut i = Indicator::new("i9".into());
        assert!(!i.set_baseline_year(2020), "no baseline yet");
        i.set_baseline_value(Some(5.0), 2023);
        assert_eq!(i.baseline.as_ref().map(|b| b.year), Some(2023));
        assert!(i.set_baseline_year(2022));
        i.set_baseline_value(Some(6.0), 2023);
        assert_eq!(
            i.baseline.as_ref().map(|b| (b.year, b.value)),
            Some((2022, 6.0))
        );
        i.set_baseline_value(None, 2023);
        assert!(i.baseline.is_none());
    }

    #[test]
    fn goal_figures_share_one_unit() {
        let mut g = Goal::new("g9".into());
        g.set_figure(Figure::Target, Some(10.0));
        g.set_unit("件");
        g.set_figure(Figure::Actual, Some(7.0));
        assert_eq!(g.actual.as_ref().unwrap().unit, "件");
        assert_eq!(g.unit(), "件");
        g.set_figure(Figure::Target, None);
        assert!(g.target.is_none());
        assert_eq!(g.unit(), "件");
    }

    #[test]
    fn a_new_card_takes_the_next_number_the_first_pillar_and_department() {
        let mut p = sample_plan();
        let next = p.next_card_number();
        let max: u32 = p
            .cards
            .iter()
            .filter_map(|c| c.number.parse().ok())
            .max()
            .unwrap();
        assert_eq!(next, (max + 1).to_string());
        p.add_new_card(
            "new-1".into(),
            "新しい取組".into(),
            "2026-05-01T09:00:00+09:00",
        );
        let c = p.cards.last().unwrap();
        assert_eq!(c.number, next);
        assert_eq!(c.pillars, vec![p.plan.pillars[0].id.clone()]);
        assert_eq!(c.departments, vec![p.plan.departments[0].clone()]);
        assert!(
            plan_core::gate::passes(&p),
            "a new card never blocks saving"
        );
    }
}
