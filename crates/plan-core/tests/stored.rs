//! The per-card storage form (`plan_core::stored`): a save writes the cards
//! that changed and a manifest last; what is stored always loads back as the
//! plan saved; a reader at any moment of a save sees the plan before it or
//! the plan after it; nothing is left behind that no manifest names.

use std::collections::BTreeMap;

use plan_core::gate::GateCache;
use plan_core::stored::{Known, Manifest, Size, StoredValue, Writes, plan_writes};
use std::sync::Arc;

use plan_core::*;
use proptest::prelude::*;

const KEY: &str = "plan";

/// A key–value store standing in for localStorage, with the page's memory
/// of what it wrote.
#[derive(Default)]
struct Store {
    values: BTreeMap<String, String>,
    known: Option<Known>,
    names: u32,
    generations: u32,
    gate: GateCache,
}

impl Store {
    fn manifest(&self) -> Option<Manifest> {
        StoredValue::parse(self.values.get(KEY)?.clone()).manifest()
    }

    /// What a reader gets now: the plan's text.
    fn read(&self) -> Option<String> {
        match StoredValue::parse(self.values.get(KEY)?.clone()) {
            StoredValue::Manifest(m) => m
                .assemble(|n| self.values.get(&card_key(n)).cloned())
                .ok()
                .map(|(t, _)| t),
            StoredValue::Whole(t) => Some(t),
        }
    }

    fn plan_save(&mut self, file: &PlanFile) -> Writes {
        let parts = self.gate.check_parts(file).expect("the plan passes");
        // The size counted from the sizes the gate kept with its card
        // texts is the size of the text written.
        let text = parts.text();
        assert_eq!(parts.size(), Size::of(&text));
        assert_eq!(parts.size().bytes(), browser_count(&text));
        let now = self.manifest();
        self.generations += 1;
        let generation = format!("g{}", self.generations);
        let names = &mut self.names;
        plan_writes(
            &parts,
            now.as_ref(),
            self.known.as_ref(),
            generation,
            || {
                *names += 1;
                format!("c{names}")
            },
        )
    }

    /// Carries the writes out one by one; `between` sees the store after
    /// each.
    fn apply(&mut self, w: Writes, mut between: impl FnMut(&Store)) {
        for (name, text) in &w.cards {
            self.values.insert(card_key(name), text.to_string());
            between(self);
        }
        self.values.insert(KEY.into(), w.manifest().to_text());
        between(self);
        for name in &w.removed {
            self.values.remove(&card_key(name));
            between(self);
        }
        self.known = Some(w.known);
    }

    fn card_values(&self) -> usize {
        self.values
            .keys()
            .filter(|k| k.starts_with("card."))
            .count()
    }
}

fn card_key(name: &str) -> String {
    format!("card.{name}")
}

/// What Chromium counts for a stored string, counted the plain way: Latin-1
/// one byte a character, anything else two bytes per UTF-16 unit.
fn browser_count(text: &str) -> u64 {
    if text.chars().all(|c| (c as u32) < 256) {
        text.chars().count() as u64
    } else {
        text.encode_utf16().count() as u64 * 2
    }
}

#[test]
fn sizes_add_up_as_the_browser_counts_the_joined_text() {
    for (a, b) in [
        ("", ""),
        ("abc", "déf"),
        ("abc", "進捗"),
        ("𝄞x", "y"),
        ("ÿ", "Ā"),
    ] {
        let joined = format!("{a}{b}");
        assert_eq!(Size::of(a).join(Size::of(b)), Size::of(&joined));
        assert_eq!(
            Size::of(&joined).bytes(),
            browser_count(&joined),
            "{joined}"
        );
    }
}

#[test]
fn a_plan_whose_cards_are_latin1_is_counted_one_byte_a_character() {
    let mut file = sample_plan();
    file.plan.title = "Plan".into();
    file.plan.organization = None;
    file.exported_by = Some("DX office".into());
    file.plan.pillars.clear();
    file.plan.departments.clear();
    let card = Card::new(
        "c1".into(),
        "1".into(),
        "Café".into(),
        "2026-10-01T10:00:00+09:00",
    );
    file.cards = vec![card.into()];
    let mut gate = GateCache::default();
    let Ok(parts) = gate.check_parts(&file) else {
        // The trimmed plan must pass for the count to mean anything.
        panic!("{:?}", gate.problems(&file));
    };
    let text = parts.text();
    let size = parts.size();
    assert!(size.latin1, "{text}");
    assert_eq!(size.bytes(), text.chars().count() as u64);
    // A card with one character beyond Latin-1 doubles the whole count.
    Arc::make_mut(&mut file.cards[0]).title.push('進');
    let parts = gate.check_parts(&file).unwrap();
    let text = parts.text();
    assert_eq!(parts.size().bytes(), 2 * text.encode_utf16().count() as u64);
}

#[test]
fn a_tick_writes_one_card_and_the_manifest() {
    let mut store = Store::default();
    let mut file = sample_plan();
    let n = file.cards.len();
    let w = store.plan_save(&file);
    assert_eq!(w.cards.len(), n, "the first save writes every card");
    store.apply(w, |_| {});
    assert_eq!(store.card_values(), n);
    assert_eq!(load_str(&store.read().unwrap()).file.as_ref(), Some(&file));

    let id = file.cards[4].id.clone();
    let card = file.card_mut(&id).unwrap();
    let action = &mut card.years[0].actions[0];
    action.done = !action.done;
    let w = store.plan_save(&file);
    assert_eq!(w.cards.len(), 1, "only the ticked card is written");
    assert_eq!(w.removed.len(), 1, "its old value goes");
    store.apply(w, |_| {});
    assert_eq!(store.card_values(), n, "nothing left behind");
    let back = load_str(&store.read().unwrap()).file.unwrap();
    assert_eq!(back, file);
    assert_eq!(store.read().unwrap(), serde_json::to_string(&file).unwrap());
}

#[test]
fn a_whole_plan_stored_before_is_replaced_by_the_manifest() {
    let mut store = Store::default();
    let file = sample_plan();
    store
        .values
        .insert(KEY.into(), serde_json::to_string(&file).unwrap());
    assert_eq!(store.read(), Some(serde_json::to_string(&file).unwrap()));
    let w = store.plan_save(&file);
    assert_eq!(w.cards.len(), file.cards.len());
    assert!(w.removed.is_empty());
    store.apply(w, |_| {});
    assert!(store.manifest().is_some());
    assert_eq!(load_str(&store.read().unwrap()).file, Some(file));
}

#[test]
fn after_another_tabs_write_nothing_is_taken_for_stored_that_it_removed() {
    // Two pages know the same stored plan; the other one saves a change
    // (its names are its own); then this page saves.
    let mut here = Store::default();
    let mut file = sample_plan();
    let w = here.plan_save(&file);
    here.apply(w, |_| {});
    let mut there = Store {
        values: here.values.clone(),
        known: here.known.clone(),
        names: 1000,
        generations: 1000,
        ..Store::default()
    };
    let mut theirs = file.clone();
    let id = theirs.cards[0].id.clone();
    theirs.card_mut(&id).unwrap().title.push_str("（他のタブ）");
    let w = there.plan_save(&theirs);
    there.apply(w, |_| {});
    here.values = there.values.clone();

    // This page's memory is of the generation before: it must not reuse
    // the names the other page removed.
    let id = file.cards[1].id.clone();
    file.card_mut(&id).unwrap().title.push_str("（ここ）");
    let w = here.plan_save(&file);
    here.apply(w, |_| {});
    assert_eq!(load_str(&here.read().unwrap()).file, Some(file));
    assert_eq!(here.card_values(), here.manifest().unwrap().cards.len());
}

#[derive(Debug, Clone)]
enum Op {
    Title(usize, String),
    Status(usize, u8),
    Move(usize, usize),
    Duplicate(usize),
    Remove(usize),
    Add,
    SameAgain,
    PlanTitle(String),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..40usize, "[a-zあ-ん]{0,6}").prop_map(|(i, s)| Op::Title(i, s)),
        (0..40usize, 0..4u8).prop_map(|(i, s)| Op::Status(i, s)),
        (0..40usize, 0..40usize).prop_map(|(a, b)| Op::Move(a, b)),
        (0..40usize).prop_map(Op::Duplicate),
        (0..40usize).prop_map(Op::Remove),
        Just(Op::Add),
        Just(Op::SameAgain),
        "[a-z]{1,5}".prop_map(Op::PlanTitle),
    ]
}

fn apply_op(file: &mut PlanFile, op: &Op, k: &mut u32) {
    let n = file.cards.len();
    let pick = |i: usize| (n > 0).then(|| file.cards[i % n].id.clone());
    match op {
        Op::Title(i, s) => {
            if let Some(id) = pick(*i) {
                file.card_mut(&id).unwrap().title = format!("取組{s}");
            }
        }
        Op::Status(i, s) => {
            if let Some(id) = pick(*i) {
                let card = file.card_mut(&id).unwrap();
                if let Some(year) = card.years.first().map(|y| y.year) {
                    let status = [
                        Status::NotStarted,
                        Status::OnTrack,
                        Status::Achieved,
                        Status::Delayed,
                    ][*s as usize];
                    card.set_status(year, status, None);
                }
            }
        }
        Op::Move(a, b) => {
            if let Some(id) = pick(*a) {
                file.move_card(&id, b % n.max(1));
            }
        }
        Op::Duplicate(i) => {
            if let Some(id) = pick(*i) {
                file.duplicate_card(&id, "（写）", "2026-10-01T10:00:00+09:00", &mut || {
                    *k += 1;
                    format!("dup-{k}")
                });
            }
        }
        Op::Remove(i) => {
            if n > 1
                && let Some(id) = pick(*i)
            {
                file.remove_card(&id);
            }
        }
        Op::Add => {
            *k += 1;
            file.add_new_card(
                format!("new-{k}"),
                "新しい取組".into(),
                "2026-10-01T10:00:00+09:00",
            );
        }
        Op::SameAgain => {}
        Op::PlanTitle(s) => file.plan.title = format!("計画{s}"),
    }
}

proptest! {
    // Bounded for ./test; PROPTEST_CASES raises it for a long run.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn every_save_loads_back_and_no_reader_sees_half_a_plan(
        ops in proptest::collection::vec(op(), 1..12)
    ) {
        let mut store = Store::default();
        let mut file = sample_plan();
        let w = store.plan_save(&file);
        store.apply(w, |_| {});
        let mut k = 0;
        for op in &ops {
            let before_text = store.read().unwrap();
            let before = file.clone();
            apply_op(&mut file, op, &mut k);
            let after_text = serde_json::to_string(&file).unwrap();
            let w = store.plan_save(&file);
            // Only cards whose text is not stored yet are written.
            let changed = file
                .cards
                .iter()
                .filter(|c| !before.cards.iter().any(|b| b == *c))
                .count();
            prop_assert!(w.cards.len() <= changed, "{} written, {changed} changed", w.cards.len());
            let mut seen = Vec::new();
            store.apply(w, |s| seen.push(s.read()));
            for text in seen {
                let text = text.expect("a reader always finds a whole plan");
                prop_assert!(text == before_text || text == after_text);
            }
            let text = store.read().unwrap();
            prop_assert_eq!(&text, &after_text);
            prop_assert_eq!(load_str(&text).file, Some(file.clone()));
            // No card value that the manifest does not name.
            prop_assert_eq!(store.card_values(), {
                let m = store.manifest().unwrap();
                m.cards.iter().collect::<std::collections::BTreeSet<_>>().len()
            });
        }
    }
}
