//! Three-way reconcile between two browser tabs that share one storage.
//!
//! Before a tab saves, it compares three versions of the plan: `base` (what
//! it last loaded or saved), `ours` (what it shows now) and `stored` (what
//! storage holds now, perhaps written by another tab). Nothing edited is
//! silently lost:
//!
//! - cards are matched by id; a card only one side changed is taken from
//!   that side;
//! - a card both sides changed is merged field by field (the top-level
//!   fields, with pillars, measure and visions as one field because they
//!   refer to each other, see [`FieldGroup`]): what only one side changed is
//!   taken from that side, and logs are united;
//! - a field both sides changed to different values keeps **ours**: this tab
//!   writes last, so its edit is the later one. The other tab's value is
//!   handed back in [`Reconciled::overridden`], for a notice and for this
//!   tab's undo ([`Reconciled::with_theirs`]);
//! - when this tab's card already holds everything the stored one does (its
//!   version clock is ahead or equal), ours is kept whole;
//! - the plan header follows the same rules field by field ([`PlanField`]);
//! - a card deleted on one side and changed on the other is kept.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::clock::ClockOrder;
use crate::merge::{CardField, FieldGroup, differing_fields, take_field};
use crate::model::{Card, LogEntry, Plan, PlanFile, same_card};

/// The outcome of [`reconcile`].
#[derive(Debug, Clone, PartialEq)]
pub struct Reconciled {
    /// The plan to show and save.
    pub file: PlanFile,
    /// Cards where the result differs from `ours` because of the stored
    /// side: changed or added in the other tab (wholly or in some fields),
    /// or deleted there (those ids are absent from `file`).
    pub taken_from_stored: Vec<String>,
    /// Fields both tabs changed to different values: ours was kept, theirs
    /// is here. In card order, the plan header's fields last.
    pub overridden: Vec<Overridden>,
    /// Cards deleted here but changed in the other tab: kept, as the other
    /// tab left them.
    pub restored: Vec<String>,
}

impl Reconciled {
    /// The result with every overridden field set back to the other tab's
    /// value: the state an undo step should lead to, so that the other
    /// tab's edit is one undo away.
    pub fn with_theirs(&self) -> PlanFile {
        let mut file = self.file.clone();
        for o in &self.overridden {
            o.restore(&mut file);
        }
        file
    }
}

/// A field of the plan header, as the reconcile merges it. Bookkeeping
/// (`format`, `version`, `id`, `exported_at`, `exported_by`, `updated_at`)
/// is merged the same way but never reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlanField {
    Title,
    Organization,
    /// `start_year` and `end_year` together (one without the other could
    /// make an impossible period).
    Period,
    /// Pillars with their visions and measures.
    Pillars,
    Departments,
    /// Fields this version does not know, of the plan and of the file.
    Extra,
}

/// One field both tabs changed: this tab's value was kept.
#[derive(Debug, Clone, PartialEq)]
pub enum Overridden {
    Card {
        id: String,
        field: FieldGroup,
        /// The other tab's card; only `field` of it was overridden.
        theirs: Box<Card>,
    },
    Plan {
        field: PlanField,
        /// The other tab's file header (its cards left out); only `field`
        /// of it was overridden.
        theirs: Box<PlanFile>,
    },
}

impl Overridden {
    /// The other tab's value as text, for fields a person reads as text
    /// (titles, overviews, lists of names, joined by `separator`); None for
    /// structured fields.
    pub fn theirs_text(&self, separator: &str) -> Option<String> {
        match self {
            Overridden::Card { field, theirs, .. } => {
                let c = theirs.as_ref();
                Some(match field {
                    FieldGroup::Number => c.number.clone(),
                    FieldGroup::Title => c.title.clone(),
                    FieldGroup::Category => c.category.clone(),
                    FieldGroup::Departments => c.departments.join(separator),
                    FieldGroup::Overview => c.overview.clone(),
                    FieldGroup::Background => c.background.clone(),
                    FieldGroup::Outcomes => c.outcomes.join("\n"),
                    FieldGroup::Placement
                    | FieldGroup::Years
                    | FieldGroup::Indicators
                    | FieldGroup::Extra => return None,
                })
            }
            Overridden::Plan { field, theirs } => {
                let p = &theirs.plan;
                Some(match field {
                    PlanField::Title => p.title.clone(),
                    PlanField::Organization => p.organization.clone().unwrap_or_default(),
                    PlanField::Period => format!("{}–{}", p.start_year, p.end_year),
                    PlanField::Departments => p.departments.join(separator),
                    PlanField::Pillars | PlanField::Extra => return None,
                })
            }
        }
    }

    /// The id of the card, None for the plan header.
    pub fn card_id(&self) -> Option<&str> {
        match self {
            Overridden::Card { id, .. } => Some(id),
            Overridden::Plan { .. } => None,
        }
    }

    /// Puts the other tab's value of the field into `file` (nothing when
    /// the card is not there).
    pub fn restore(&self, file: &mut PlanFile) {
        match self {
            Overridden::Card { id, field, theirs } => {
                if let Some(card) = file.card_mut(id) {
                    for f in field.fields() {
                        take_field(card, theirs, *f);
                    }
                }
            }
            Overridden::Plan { field, theirs } => take_plan_field(file, theirs, *field),
        }
    }
}

/// Where a kept card comes from.
enum Kept {
    Ours,
    Stored,
    Merged(Arc<Card>),
}

/// Reconciles this tab's state with what storage holds now; see the module
/// documentation.
///
/// The order is ours, unless this tab did not reorder its cards, in which
/// case the stored order is followed; a card kept from the other side is
/// placed after the card that precedes it on its own side (at the front
/// when none does).
pub fn reconcile(base: &PlanFile, ours: &PlanFile, stored: &PlanFile) -> Reconciled {
    let base_cards = by_id(&base.cards);
    let our_cards = by_id(&ours.cards);
    let stored_cards = by_id(&stored.cards);

    let mut kept: HashMap<&str, Kept> = HashMap::new();
    let mut taken_from_stored = Vec::new();
    let mut overridden = Vec::new();
    let mut restored = Vec::new();

    for o in unique(&ours.cards) {
        let id = o.id.as_str();
        let b = base_cards.get(id).copied();
        match stored_cards.get(id).copied() {
            Some(s) => {
                let k = merge_card(b, o, s, &mut overridden);
                let from_stored = match &k {
                    Kept::Ours => false,
                    Kept::Stored => !same_content(o, s),
                    Kept::Merged(m) => !same_content(o, m),
                };
                if from_stored {
                    taken_from_stored.push(id.to_string());
                }
                kept.insert(id, k);
            }
            None => match b {
                // Deleted in the other tab, and not edited here.
                Some(b) if same_content(b, o) => taken_from_stored.push(id.to_string()),
                // Edited here (kept though deleted there), or new here.
                _ => {
                    kept.insert(id, Kept::Ours);
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
            Some(b) if same_content(b, s) => {}
            // Deleted here but changed there: keep theirs and say so.
            Some(_) => {
                restored.push(id.to_string());
                taken_from_stored.push(id.to_string());
                kept.insert(id, Kept::Stored);
            }
            // Added in the other tab.
            None => {
                taken_from_stored.push(id.to_string());
                kept.insert(id, Kept::Stored);
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
        .map(|id| match kept.remove(id) {
            Some(Kept::Merged(card)) => card,
            // Kept cards stay shared with the side they come from.
            Some(Kept::Stored) => Arc::clone(stored_cards[id]),
            Some(Kept::Ours) | None => Arc::clone(our_cards[id]),
        })
        .collect();

    let mut file = merge_header(base, ours, stored, &mut overridden);
    file.cards = cards;
    Reconciled {
        file,
        taken_from_stored,
        overridden,
        restored,
    }
}

/// One card on both sides (`b`: in the base, if it was there).
fn merge_card(
    b: Option<&Arc<Card>>,
    o: &Arc<Card>,
    s: &Arc<Card>,
    overridden: &mut Vec<Overridden>,
) -> Kept {
    if b.is_some_and(|b| same_card(b, o)) {
        // Not touched here.
        return Kept::Stored;
    }
    if same_content(o, s) {
        // The same content: the newer bookkeeping (clock) wins.
        return if o.clock.compare(&s.clock) == ClockOrder::Behind {
            Kept::Stored
        } else {
            Kept::Ours
        };
    }
    if b.is_some_and(|b| same_content(b, o)) {
        return Kept::Stored;
    }
    if b.is_some_and(|b| same_content(b, s)) {
        return Kept::Ours;
    }
    if matches!(
        o.clock.compare(&s.clock),
        ClockOrder::Ahead | ClockOrder::Equal
    ) {
        // Ours already holds the stored version, and more.
        return Kept::Ours;
    }
    // Changed on both sides (or added on both with one id): field by field.
    let changed_here: HashSet<CardField> = b.map_or_else(
        || CardField::ALL.into(),
        |b| differing_fields(b, o).into_iter().collect(),
    );
    let changed_there: HashSet<CardField> = b.map_or_else(
        || CardField::ALL.into(),
        |b| differing_fields(b, s).into_iter().collect(),
    );
    let differ: HashSet<CardField> = differing_fields(o, s).into_iter().collect();
    let mut card = Card::clone(o);
    for group in FieldGroup::ALL {
        let fields = group.fields();
        let any = |set: &HashSet<CardField>| fields.iter().any(|f| set.contains(f));
        if !any(&differ) || !any(&changed_there) {
            continue;
        }
        if any(&changed_here) {
            overridden.push(Overridden::Card {
                id: o.id.clone(),
                field: group,
                theirs: Box::new(Card::clone(s)),
            });
        } else {
            for f in fields {
                take_field(&mut card, s, *f);
            }
        }
    }
    card.log = merge_logs(b.map(|b| b.log.as_slice()), &o.log, &s.log);
    card.clock = o.clock.merged(&s.clock);
    Kept::Merged(Arc::new(card))
}

/// Three-way union of two logs: ours, then the entries the other side
/// added (in its order). Entries are the same when all their fields are.
fn merge_logs(base: Option<&[LogEntry]>, ours: &[LogEntry], theirs: &[LogEntry]) -> Vec<LogEntry> {
    let base = base.unwrap_or_default();
    if ours == base {
        return theirs.to_vec();
    }
    if theirs == base || theirs == ours {
        return ours.to_vec();
    }
    // Multiset differences, so that an entry written twice stays twice.
    let mut unmatched: Vec<&LogEntry> = base.iter().chain(ours.iter()).collect();
    let mut log = ours.to_vec();
    for e in theirs {
        match unmatched.iter().position(|u| *u == e) {
            Some(i) => {
                unmatched.swap_remove(i);
            }
            None => log.push(e.clone()),
        }
    }
    log
}

/// Whether two cards say the same (bookkeeping aside); at once when they
/// are one shared card, as most cards of `base` and `ours` are.
fn same_content(a: &Arc<Card>, b: &Arc<Card>) -> bool {
    Arc::ptr_eq(a, b) || differing_fields(a, b).is_empty()
}

/// Which side a field of the header is taken from.
#[derive(PartialEq)]
enum Pick {
    Ours,
    Stored,
    /// Both changed it to different values: ours is kept, and reported.
    Both,
}

fn pick<T: PartialEq>(b: &T, o: &T, s: &T) -> Pick {
    if o == b && s != b {
        Pick::Stored
    } else if s == b || s == o {
        Pick::Ours
    } else {
        Pick::Both
    }
}

/// The header (everything but the cards, which are left empty) merged
/// field by field.
fn merge_header(
    base: &PlanFile,
    ours: &PlanFile,
    stored: &PlanFile,
    overridden: &mut Vec<Overridden>,
) -> PlanFile {
    let mut out = ours.with_cards(Vec::new());
    // Bookkeeping: taken from the side that changed it, ours when both did.
    macro_rules! quiet {
        ($($f:ident).+) => {
            if pick(&base.$($f).+, &ours.$($f).+, &stored.$($f).+) == Pick::Stored {
                out.$($f).+ = stored.$($f).+.clone();
            }
        };
    }
    quiet!(format);
    quiet!(version);
    quiet!(exported_at);
    quiet!(exported_by);
    quiet!(plan.id);
    quiet!(plan.updated_at);

    let theirs = stored.with_cards(Vec::new());
    for field in [
        PlanField::Title,
        PlanField::Organization,
        PlanField::Period,
        PlanField::Pillars,
        PlanField::Departments,
        PlanField::Extra,
    ] {
        let (b, o, s) = (
            plan_field(base, field),
            plan_field(ours, field),
            plan_field(stored, field),
        );
        match pick(&b, &o, &s) {
            Pick::Ours => {}
            Pick::Stored => take_plan_field(&mut out, &theirs, field),
            Pick::Both => overridden.push(Overridden::Plan {
                field,
                theirs: Box::new(theirs.clone()),
            }),
        }
    }
    out
}

/// A header field, borrowed for comparing.
#[derive(PartialEq)]
enum FieldRef<'a> {
    Text(&'a String),
    OptText(&'a Option<String>),
    Years(i32, i32),
    Pillars(&'a [crate::model::Pillar]),
    Names(&'a [String]),
    Extra(&'a crate::model::Extra, &'a crate::model::Extra),
}

fn plan_field(file: &PlanFile, field: PlanField) -> FieldRef<'_> {
    let p: &Plan = &file.plan;
    match field {
        PlanField::Title => FieldRef::Text(&p.title),
        PlanField::Organization => FieldRef::OptText(&p.organization),
        PlanField::Period => FieldRef::Years(p.start_year, p.end_year),
        PlanField::Pillars => FieldRef::Pillars(&p.pillars),
        PlanField::Departments => FieldRef::Names(&p.departments),
        PlanField::Extra => FieldRef::Extra(&p.extra, &file.extra),
    }
}

fn take_plan_field(file: &mut PlanFile, from: &PlanFile, field: PlanField) {
    let (p, f) = (&mut file.plan, &from.plan);
    match field {
        PlanField::Title => p.title.clone_from(&f.title),
        PlanField::Organization => p.organization.clone_from(&f.organization),
        PlanField::Period => {
            p.start_year = f.start_year;
            p.end_year = f.end_year;
        }
        PlanField::Pillars => p.pillars.clone_from(&f.pillars),
        PlanField::Departments => p.departments.clone_from(&f.departments),
        PlanField::Extra => {
            p.extra.clone_from(&f.extra);
            file.extra.clone_from(&from.extra);
        }
    }
}

/// Cards by id; the first of a repeated id wins.
fn by_id(cards: &[Arc<Card>]) -> HashMap<&str, &Arc<Card>> {
    let mut map = HashMap::new();
    for c in cards {
        map.entry(c.id.as_str()).or_insert(c);
    }
    map
}

/// The cards, skipping repeats of an id already seen.
fn unique(cards: &[Arc<Card>]) -> impl Iterator<Item = &Arc<Card>> {
    let mut seen = HashSet::new();
    cards.iter().filter(move |c| seen.insert(c.id.as_str()))
}

/// Whether the cards both lists hold come in the same order in both.
fn same_relative_order(a: &[Arc<Card>], b: &[Arc<Card>]) -> bool {
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
