//! Undo and redo of plan edits, storing what changed rather than copies.
//!
//! Each step is a [`Patch`]: the plan header if it changed, the cards that
//! changed (their other version, by id), and the cards added, removed or
//! moved (by id, with their positions). Cards a step did not touch are not
//! in it: 200 steps of one-card edits on a 2,000-card plan hold about 200
//! cards, not 200 plans. Undoing a step swaps its content with the current
//! plan's, which turns it into the redo step (and back).
//!
//! The editor records each change with the state before and after it.
//! Typing in one field makes many changes in a row; they are coalesced into
//! one step when they carry the same key and come less than a second apart.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

use serde::Serialize;

use crate::merge::{CardField, differing_fields};
use crate::model::{Card, PlanFile, same_card};

/// Changes with the same key closer than this (in ms) make one undo step.
pub const COALESCE_MS: f64 = 1000.0;

#[derive(Debug, Clone)]
pub struct History {
    /// Each patch turns the current plan into the one before it.
    undo: VecDeque<Patch>,
    /// Each patch turns the current plan into the one after it.
    redo: Vec<Patch>,
    capacity: usize,
    /// Key and time of the last record, while it may still be coalesced.
    last: Option<(String, f64)>,
}

impl History {
    /// A history keeping at most `capacity` undo steps (the oldest go first).
    pub fn new(capacity: usize) -> Self {
        History {
            undo: VecDeque::new(),
            redo: Vec::new(),
            capacity,
            last: None,
        }
    }

    /// Records a change from `before` to `after` and forgets what could be
    /// redone. When `key` is the key of the previous record and less than a
    /// second has passed since it, the change joins the previous step
    /// instead (and the second is counted again from `now_ms`). A "change"
    /// that changes nothing records nothing and returns false, so that the
    /// caller need not compare the plans itself.
    pub fn record(
        &mut self,
        before: &PlanFile,
        after: &PlanFile,
        key: Option<&str>,
        now_ms: f64,
    ) -> bool {
        let back = Patch::between(after, before);
        self.record_patch(back, key, now_ms, || before.clone(), after)
    }

    /// Records a change of the one card at `index` of `after`, which was
    /// `before` (the same id): as [`History::record`] with the plan before
    /// it, without a copy of the plan. An edit in a 2,000-card plan (each
    /// keystroke in a card's field) would otherwise copy its card list to
    /// say what one card was.
    pub fn record_card(
        &mut self,
        before: &Arc<Card>,
        after: &PlanFile,
        index: usize,
        key: Option<&str>,
        now_ms: f64,
    ) -> bool {
        let Some(now) = after.cards.get(index).filter(|c| c.id == before.id) else {
            return false;
        };
        let back = if same_card(now, before) {
            Patch::default()
        } else {
            Patch {
                changed: vec![(index, Arc::clone(before), Parts::between(now, before))],
                ..Patch::default()
            }
        };
        let before_plan = || {
            let mut p = after.clone();
            p.cards[index] = Arc::clone(before);
            p
        };
        self.record_patch(back, key, now_ms, before_plan, after)
    }

    /// Records `back`, the patch from `after` to the plan before it (made
    /// by `before` when a step must be joined with one that is not in
    /// place).
    fn record_patch(
        &mut self,
        back: Patch,
        key: Option<&str>,
        now_ms: f64,
        before: impl FnOnce() -> PlanFile,
        after: &PlanFile,
    ) -> bool {
        if back.is_empty() {
            return false;
        }
        self.redo.clear();
        if let (Some(key), Some((last_key, last_ms))) = (key, self.last.as_mut())
            && key == last_key
            && now_ms - *last_ms < COALESCE_MS
            && let Some(previous) = self.undo.back_mut()
        {
            *last_ms = now_ms;
            *previous = std::mem::take(previous).then_back(back, before, after);
            return true;
        }
        self.push_undo(back);
        self.last = key.map(|k| (k.to_string(), now_ms));
        true
    }

    /// Goes one step back: `current` becomes the plan before the last
    /// recorded change, and that change becomes redoable. False (and
    /// `current` untouched) when there is nothing to undo.
    pub fn undo(&mut self, current: &mut PlanFile) -> bool {
        let Some(back) = self.undo.pop_back() else {
            return false;
        };
        self.redo.push(back.apply(current));
        self.last = None;
        true
    }

    /// Goes one step forward again after an undo.
    pub fn redo(&mut self, current: &mut PlanFile) -> bool {
        let Some(forward) = self.redo.pop() else {
            return false;
        };
        let back = forward.apply(current);
        self.push_undo(back);
        self.last = None;
        true
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Number of steps that can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// Number of steps that can be redone.
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    /// Forgets everything (after loading another plan, for example).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.last = None;
    }

    /// The length of all steps written as JSON: a measure of what the
    /// history holds, for tests and benchmarks.
    pub fn serialized_len(&self) -> usize {
        self.undo
            .iter()
            .chain(self.redo.iter())
            .map(|p| serde_json::to_string(p).map_or(0, |s| s.len()))
            .sum()
    }

    fn push_undo(&mut self, patch: Patch) {
        self.undo.push_back(patch);
        while self.undo.len() > self.capacity {
            self.undo.pop_front();
        }
    }
}

/// Turns one plan into another: built by [`Patch::between`], applied by
/// [`Patch::apply`], which hands back the patch that turns it back.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
struct Patch {
    /// The whole file but its cards (`cards` empty), when it differs.
    header: Option<Box<PlanFile>>,
    /// Ids of cards taken out: deleted, or moved (then also in `insert`).
    remove: Vec<String>,
    /// Cards put in (added or moved), by id, at their index in the result;
    /// ascending.
    insert: Vec<(usize, String)>,
    /// The content of cards put in (added, or moved and changed), by id.
    cards: Vec<(usize, Arc<Card>)>,
    /// Cards changed where they are, with their index in the result (found
    /// by index when the id there matches, else by id): only the listed
    /// parts are changed, so that undoing an edit of a card's title does not
    /// take back what another tab did to its overview meanwhile.
    changed: Vec<(usize, Arc<Card>, Parts)>,
    /// The whole card list, used instead of the above when cards are added,
    /// removed or moved while ids repeat (an invalid plan being fixed),
    /// where matching by id is not exact.
    all: Option<Vec<Arc<Card>>>,
}

impl Patch {
    fn is_empty(&self) -> bool {
        *self == Patch::default()
    }

    /// Whether the patch only changes content in place (nothing added,
    /// removed or moved).
    fn in_place(&self) -> bool {
        self.remove.is_empty()
            && self.insert.is_empty()
            && self.cards.is_empty()
            && self.all.is_none()
    }

    /// The patch that turns `from` into `to`.
    fn between(from: &PlanFile, to: &PlanFile) -> Patch {
        let header =
            (!PlanFile::same_header(from, to)).then(|| Box::new(to.with_cards(Vec::new())));
        if from.cards.len() == to.cards.len()
            && from
                .cards
                .iter()
                .zip(&to.cards)
                .all(|(a, b)| Arc::ptr_eq(a, b) || a.id == b.id)
        {
            // Same cards in the same order (most edits): by position.
            let changed = from
                .cards
                .iter()
                .zip(&to.cards)
                .enumerate()
                // Shared cards (all but the edited ones) are skipped
                // without comparing them field by field.
                .filter(|(_, (a, b))| !same_card(a, b))
                .map(|(i, (a, b))| (i, b.clone(), Parts::between(a, b)))
                .collect();
            return Patch {
                header,
                changed,
                ..Patch::default()
            };
        }
        if has_repeats(&from.cards) || has_repeats(&to.cards) {
            return Patch {
                header,
                all: Some(to.cards.clone()),
                ..Patch::default()
            };
        }
        let old: HashMap<&str, &Arc<Card>> =
            from.cards.iter().map(|c| (c.id.as_str(), c)).collect();
        let new_index: HashMap<&str, usize> = to
            .cards
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        // Cards on both sides whose relative order is kept stay where they
        // are; the others are moved (taken out and put back).
        let common: Vec<(&str, usize)> = from
            .cards
            .iter()
            .filter_map(|c| new_index.get(c.id.as_str()).map(|&i| (c.id.as_str(), i)))
            .collect();
        let staying: HashSet<&str> = longest_increasing(&common).into_iter().collect();
        let remove = from
            .cards
            .iter()
            .map(|c| c.id.as_str())
            .filter(|id| !staying.contains(id))
            .map(str::to_string)
            .collect();
        let insert = to
            .cards
            .iter()
            .enumerate()
            .filter(|(_, c)| !staying.contains(c.id.as_str()))
            .map(|(i, c)| (i, c.id.clone()))
            .collect();
        let mut cards = Vec::new();
        let mut changed = Vec::new();
        for (i, c) in to.cards.iter().enumerate() {
            match old.get(c.id.as_str()) {
                Some(o) if same_card(o, c) => {}
                Some(o) if staying.contains(c.id.as_str()) => {
                    changed.push((i, c.clone(), Parts::between(o, c)));
                }
                _ => cards.push((i, c.clone())),
            }
        }
        Patch {
            header,
            remove,
            insert,
            cards,
            changed,
            all: None,
        }
    }

    /// Applies the patch to `file` and returns the patch that undoes it.
    ///
    /// Applied to the plan it was made from, the result is exactly the
    /// other plan. Applied to a plan another tab changed meanwhile, it
    /// changes only what it names: a card it must change but cannot find is
    /// put back (never lost), ids it cannot find are skipped.
    fn apply(self, file: &mut PlanFile) -> Patch {
        let mut back = Patch::default();
        if let Some(mut header) = self.header {
            swap_header(file, &mut header);
            back.header = Some(header);
        }
        if let Some(all) = self.all {
            back.all = Some(std::mem::replace(&mut file.cards, all));
            return back;
        }

        // Take out what is removed or moved, remembering where it was.
        let removing: HashSet<&str> = self.remove.iter().map(String::as_str).collect();
        let mut taken: HashMap<String, (usize, Arc<Card>)> = HashMap::new();
        let mut kept = Vec::with_capacity(file.cards.len() + self.insert.len());
        for (i, card) in std::mem::take(&mut file.cards).into_iter().enumerate() {
            if removing.contains(card.id.as_str()) && !taken.contains_key(&card.id) {
                back.insert.push((i, card.id.clone()));
                taken.insert(card.id.clone(), (i, card));
            } else {
                kept.push(card);
            }
        }
        file.cards = kept;

        // Content of cards put in, by id.
        let mut content: HashMap<String, Arc<Card>> = self
            .cards
            .into_iter()
            .map(|(_, c)| (c.id.clone(), c))
            .collect();
        for (at, id) in &self.insert {
            let card = match (content.remove(id), taken.remove(id)) {
                (Some(new), old) => {
                    back.cards.extend(old);
                    new
                }
                (None, Some((_, moved))) => moved,
                (None, None) => continue,
            };
            file.cards.insert((*at).min(file.cards.len()), card);
            back.remove.push(id.clone());
        }
        // Taken out and not put back: deleted. The way back needs them.
        back.cards.extend(taken.into_values());

        // Content not named in `insert`: only when the plan changed
        // meanwhile. Kept rather than lost.
        for (_, card) in content {
            back.remove.push(card.id.clone());
            file.cards.push(card);
        }

        let mut index: Option<HashMap<String, usize>> = None;
        for (at, mut card, parts) in self.changed {
            let found = if file.cards.get(at).is_some_and(|c| c.id == card.id) {
                Some(at)
            } else {
                // Not where it was: the plan changed meanwhile (another tab).
                index
                    .get_or_insert_with(|| {
                        file.cards
                            .iter()
                            .enumerate()
                            .rev()
                            .map(|(i, c)| (c.id.clone(), i))
                            .collect()
                    })
                    .get(&card.id)
                    .copied()
            };
            match found {
                Some(i) => {
                    let here = &mut file.cards[i];
                    if Parts::between(here, &card).within(&parts) {
                        // The card differs only in the parts to swap (no
                        // other tab changed it meanwhile): swapping the
                        // whole cards is the same, and brings back the very
                        // card the other version holds, still shared.
                        std::mem::swap(here, &mut card);
                    } else {
                        parts.swap(Arc::make_mut(here), Arc::make_mut(&mut card));
                    }
                    back.changed.push((i, card, parts));
                }
                None => {
                    // Not here any more (another tab deleted it): put it
                    // back at the end rather than lose it.
                    back.remove.push(card.id.clone());
                    file.cards.push(card);
                }
            }
        }
        back.cards.sort_by_key(|(i, _)| *i);
        back.changed.sort_by_key(|(i, _, _)| *i);
        back
    }

    /// Joins `self` (the way back from `before` to the state before it)
    /// with `next`, the way back from `after` to `before`: the way back
    /// from `after` over both changes.
    fn then_back(self, next: Patch, before: impl FnOnce() -> PlanFile, after: &PlanFile) -> Patch {
        if self.in_place() && next.in_place() {
            // Content only: the older value of each part wins.
            let mut changed = self.changed;
            for (i, mut card, parts) in next.changed {
                match changed
                    .iter_mut()
                    .find(|(j, c, _)| *j == i && c.id == card.id)
                {
                    Some((_, older, older_parts)) => {
                        let new_parts = parts.without(older_parts);
                        new_parts.swap(Arc::make_mut(older), Arc::make_mut(&mut card));
                        older_parts.add(new_parts);
                    }
                    None => changed.push((i, card, parts)),
                }
            }
            changed.sort_by_key(|(i, _, _)| *i);
            return Patch {
                header: self.header.or(next.header),
                changed,
                ..Patch::default()
            };
        }
        let mut start = before();
        self.apply(&mut start);
        Patch::between(after, &start)
    }
}

/// The parts of a card a change touches: top-level fields, and its
/// bookkeeping (`clock`, `updated_at`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
struct Parts {
    fields: Vec<CardField>,
    stamp: bool,
}

impl Parts {
    fn between(a: &Card, b: &Card) -> Parts {
        Parts {
            fields: differing_fields(a, b),
            stamp: a.clock != b.clock || a.updated_at != b.updated_at,
        }
    }

    fn without(&self, other: &Parts) -> Parts {
        Parts {
            fields: self
                .fields
                .iter()
                .filter(|f| !other.fields.contains(f))
                .copied()
                .collect(),
            stamp: self.stamp && !other.stamp,
        }
    }

    /// Whether every part named here is also named in `other`.
    fn within(&self, other: &Parts) -> bool {
        self.fields.iter().all(|f| other.fields.contains(f)) && (!self.stamp || other.stamp)
    }

    fn add(&mut self, other: Parts) {
        self.fields.extend(other.fields);
        self.stamp |= other.stamp;
    }

    /// Swaps these parts between two versions of one card.
    fn swap(&self, a: &mut Card, b: &mut Card) {
        use std::mem::swap;
        for field in &self.fields {
            match field {
                CardField::Number => swap(&mut a.number, &mut b.number),
                CardField::Title => swap(&mut a.title, &mut b.title),
                CardField::Category => swap(&mut a.category, &mut b.category),
                CardField::Departments => swap(&mut a.departments, &mut b.departments),
                CardField::Pillars => swap(&mut a.pillars, &mut b.pillars),
                CardField::Measure => swap(&mut a.measure, &mut b.measure),
                CardField::Visions => swap(&mut a.visions, &mut b.visions),
                CardField::Overview => swap(&mut a.overview, &mut b.overview),
                CardField::Background => swap(&mut a.background, &mut b.background),
                CardField::Outcomes => swap(&mut a.outcomes, &mut b.outcomes),
                CardField::Years => swap(&mut a.years, &mut b.years),
                CardField::Indicators => swap(&mut a.indicators, &mut b.indicators),
                CardField::Log => swap(&mut a.log, &mut b.log),
                CardField::Extra => swap(&mut a.extra, &mut b.extra),
            }
        }
        if self.stamp {
            swap(&mut a.clock, &mut b.clock);
            swap(&mut a.updated_at, &mut b.updated_at);
        }
    }
}

/// The ids of a longest subsequence of `seq` whose indices increase.
fn longest_increasing<'a>(seq: &[(&'a str, usize)]) -> Vec<&'a str> {
    // tails[k]: position in seq of the smallest tail of an increasing run
    // of length k + 1; prev: the element before each in its run.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; seq.len()];
    for (i, &(_, v)) in seq.iter().enumerate() {
        let k = tails.partition_point(|&t| seq[t].1 < v);
        prev[i] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(i) = at {
        out.push(seq[i].0);
        at = prev[i];
    }
    out.reverse();
    out
}

fn has_repeats(cards: &[Arc<Card>]) -> bool {
    let mut seen = HashSet::with_capacity(cards.len());
    !cards.iter().all(|c| seen.insert(c.id.as_str()))
}

/// Swaps everything but the cards.
fn swap_header(file: &mut PlanFile, other: &mut PlanFile) {
    let PlanFile {
        format,
        version,
        exported_at,
        exported_by,
        plan,
        cards: _,
        extra,
    } = file;
    std::mem::swap(format, &mut other.format);
    std::mem::swap(version, &mut other.version);
    std::mem::swap(exported_at, &mut other.exported_at);
    std::mem::swap(exported_by, &mut other.exported_by);
    std::mem::swap(plan, &mut other.plan);
    std::mem::swap(extra, &mut other.extra);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_increasing_keeps_the_most_in_order() {
        let seq = [("a", 3), ("b", 0), ("c", 1), ("d", 4), ("e", 2)];
        assert_eq!(longest_increasing(&seq), ["b", "c", "e"]);
        assert!(longest_increasing(&[]).is_empty());
    }

    #[test]
    fn a_patch_between_two_plans_turns_one_into_the_other_and_back() {
        let from = crate::sample_plan();
        let mut to = from.clone();
        to.cards.swap(0, 5);
        to.cards.remove(3);
        Arc::make_mut(&mut to.cards[7]).title.push('！');
        to.cards.insert(2, to.cards[9].clone());
        Arc::make_mut(&mut to.cards[2]).id = "new".into();
        to.plan.title.push('＊');
        let mut file = from.clone();
        let back = Patch::between(&from, &to).apply(&mut file);
        assert_eq!(file, to);
        back.apply(&mut file);
        assert_eq!(file, from);
    }

    #[test]
    fn zero_capacity_keeps_nothing() {
        let mut h = History::new(0);
        let a = crate::sample_plan();
        let mut b = a.clone();
        b.plan.title.push('！');
        h.record(&a, &b, None, 0.0);
        assert!(!h.can_undo());
        assert!(!h.undo(&mut b));
    }
}
