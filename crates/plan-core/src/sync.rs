//! Three-way reconcile between two browser tabs that share one storage.
//!
//! Before a tab saves, it compares three versions of the plan: `base` (what
//! it last loaded or saved), `ours` (what it shows now) and `stored` (what
//! storage holds now, perhaps written by another tab). A tab holding older
//! data never overwrites newer stored data, and nothing edited is silently
//! lost: what only one side changed is taken from that side, and a card both
//! sides changed goes to the side whose version clock is not behind.

use std::collections::{HashMap, HashSet};

use crate::clock::ClockOrder;
use crate::model::{Card, Extra, Plan, PlanFile};

/// The outcome of [`reconcile`].
#[derive(Debug, Clone, PartialEq)]
pub struct Reconciled {
    /// The plan to show and save.
    pub file: PlanFile,
    /// Cards where the result differs from `ours` because the stored side
    /// was taken: changed or added in the other tab, or deleted there (those
    /// ids are absent from `file`).
    pub taken_from_stored: Vec<String>,
    /// Cards edited on both sides where the stored version won over an edit
    /// made here, and cards deleted here but changed in the other tab (kept).
    /// `"plan"` when the plan header was changed on both sides (stored won).
    pub conflicts: Vec<String>,
}

/// Where a kept card comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Ours,
    Stored,
}

/// Reconciles this tab's state with what storage holds now; see the module
/// documentation.
///
/// Cards are matched by id. The order is ours, unless this tab did not
/// reorder its cards, in which case the stored order is followed; a card
/// kept from the other side is placed after the card that precedes it on its
/// own side (at the front when none does).
pub fn reconcile(base: &PlanFile, ours: &PlanFile, stored: &PlanFile) -> Reconciled {
    let base_cards = by_id(&base.cards);
    let our_cards = by_id(&ours.cards);
    let stored_cards = by_id(&stored.cards);

    let mut kept: HashMap<&str, Side> = HashMap::new();
    let mut taken_from_stored = Vec::new();
    let mut conflicts = Vec::new();

    for o in unique(&ours.cards) {
        let id = o.id.as_str();
        let b = base_cards.get(id).copied();
        match stored_cards.get(id).copied() {
            Some(s) => {
                let side = if b == Some(o) {
                    Side::Stored
                } else if b == Some(s) || o == s {
                    Side::Ours
                } else {
                    match o.clock.compare(&s.clock) {
                        ClockOrder::Ahead | ClockOrder::Equal => Side::Ours,
                        ClockOrder::Behind | ClockOrder::Concurrent => {
                            conflicts.push(id.to_string());
                            Side::Stored
                        }
                    }
                };
                if side == Side::Stored && s != o {
                    taken_from_stored.push(id.to_string());
                }
                kept.insert(id, side);
            }
            None => match b {
                // Deleted in the other tab, and not edited here.
                Some(b) if b == o => taken_from_stored.push(id.to_string()),
                // Edited here (kept though deleted there), or new here.
                _ => {
                    kept.insert(id, Side::Ours);
                }
            },
        }
    }
    for s in unique(&stored.cards) {
        let id = s.id.as_str();
        if our_cards.contains_key(id) {
            continue;
        }
        match base_cards.get(id).copied() {
            // Deleted here, not changed there.
            Some(b) if b == s => {}
            // Deleted here but changed there: keep theirs and say so.
            Some(_) => {
                conflicts.push(id.to_string());
                taken_from_stored.push(id.to_string());
                kept.insert(id, Side::Stored);
            }
            // Added in the other tab.
            None => {
                taken_from_stored.push(id.to_string());
                kept.insert(id, Side::Stored);
            }
        }
    }

    let follow_stored = same_relative_order(&base.cards, &ours.cards);
    let (primary, secondary) = if follow_stored {
        (&stored.cards, &ours.cards)
    } else {
        (&ours.cards, &stored.cards)
    };
    let mut order: Vec<&str> = Vec::with_capacity(kept.len());
    let mut placed: HashSet<&str> = HashSet::new();
    for c in primary {
        if kept.contains_key(c.id.as_str()) && placed.insert(c.id.as_str()) {
            order.push(c.id.as_str());
        }
    }
    for (i, c) in secondary.iter().enumerate() {
        let id = c.id.as_str();
        if !kept.contains_key(id) || placed.contains(id) {
            continue;
        }
        let at = secondary[..i]
            .iter()
            .rev()
            .find_map(|p| order.iter().position(|q| *q == p.id))
            .map_or(0, |p| p + 1);
        order.insert(at, id);
        placed.insert(id);
    }
    let cards = order
        .into_iter()
        .map(|id| match kept[id] {
            Side::Ours => our_cards[id].clone(),
            Side::Stored => stored_cards[id].clone(),
        })
        .collect();

    let header = {
        let (b, o, s) = (Header::of(base), Header::of(ours), Header::of(stored));
        if o == b {
            s
        } else if s == b || o == s {
            o
        } else {
            conflicts.push("plan".to_string());
            s
        }
    };
    Reconciled {
        file: header.with_cards(cards),
        taken_from_stored,
        conflicts,
    }
}

/// Cards by id; the first of a repeated id wins.
fn by_id(cards: &[Card]) -> HashMap<&str, &Card> {
    let mut map = HashMap::new();
    for c in cards {
        map.entry(c.id.as_str()).or_insert(c);
    }
    map
}

/// The cards, skipping repeats of an id already seen.
fn unique(cards: &[Card]) -> impl Iterator<Item = &Card> {
    let mut seen = HashSet::new();
    cards.iter().filter(move |c| seen.insert(c.id.as_str()))
}

/// Whether the cards both lists hold come in the same order in both.
fn same_relative_order(a: &[Card], b: &[Card]) -> bool {
    let in_a: HashSet<&str> = a.iter().map(|c| c.id.as_str()).collect();
    let in_b: HashSet<&str> = b.iter().map(|c| c.id.as_str()).collect();
    let a_common = a
        .iter()
        .map(|c| c.id.as_str())
        .filter(|id| in_b.contains(id));
    let b_common = b
        .iter()
        .map(|c| c.id.as_str())
        .filter(|id| in_a.contains(id));
    a_common.eq(b_common)
}

/// Everything in a plan file but its cards.
#[derive(PartialEq)]
struct Header<'a> {
    format: &'a String,
    version: i64,
    exported_at: &'a Option<String>,
    exported_by: &'a Option<String>,
    plan: &'a Plan,
    extra: &'a Extra,
}

impl<'a> Header<'a> {
    fn of(file: &'a PlanFile) -> Self {
        let PlanFile {
            format,
            version,
            exported_at,
            exported_by,
            plan,
            cards: _,
            extra,
        } = file;
        Header {
            format,
            version: *version,
            exported_at,
            exported_by,
            plan,
            extra,
        }
    }

    fn with_cards(self, cards: Vec<Card>) -> PlanFile {
        PlanFile {
            format: self.format.clone(),
            version: self.version,
            exported_at: self.exported_at.clone(),
            exported_by: self.exported_by.clone(),
            plan: self.plan.clone(),
            cards,
            extra: self.extra.clone(),
        }
    }
}
