//! Importing a file into a stored plan (spec: "Importing a file").
//!
//! [`preview`] compares the cards of an incoming file with the stored plan by
//! their version clocks and says, card by card, what importing would do; the
//! user sees that summary and chooses a side for each conflict; [`apply`]
//! then builds the merged plan. Both are pure: the copy of the app doing the
//! import (`site`) and the time (`now`, RFC 3339) are passed in.
//!
//! Rules:
//! - cards are matched by `id`, and only within the same `plan.id`;
//! - incoming clock not here → added (appended, in file order); equal →
//!   unchanged; ahead → updated; behind → kept (the file is older); each
//!   ahead somewhere → a conflict the user resolves. Equal clocks with
//!   different content (someone edited without counting, e.g. two browser
//!   profiles copied from one) are treated as a conflict too, so that no
//!   edit is silently dropped;
//! - `log` entries of both sides are united, never dropped;
//! - a resolved conflict gets the entry-wise maximum of both clocks plus one
//!   for `site`, and `updated_at = now`;
//! - the stored plan header is kept; pillars, visions, measures and
//!   departments the file has and the plan lacks are added, and the plan
//!   period is widened to cover the years of the cards taken from the file;
//! - cards only in the stored plan are left alone: a file holding one
//!   department's cards is a subset, not a deletion.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};

use thiserror::Error;

use crate::clock::ClockOrder;
use crate::fiscal::timestamp_instant;
use crate::model::{Card, LogEntry, Pillar, Plan, PlanFile};

/// What importing does to one card of the incoming file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardOutcome {
    /// Not in the stored plan: appended.
    Added,
    /// Same clock and content: nothing to do.
    Unchanged,
    /// The file's card is newer: it replaces the stored one (logs united).
    Updated,
    /// The file's card is older: the stored one stays (logs united).
    KeptLocal,
    /// Edited on both sides: the user chooses.
    Conflict,
}

/// One card of the incoming file, set against the stored card of its id.
#[derive(Debug, Clone, PartialEq)]
pub struct CardMerge {
    pub id: String,
    pub outcome: CardOutcome,
    /// The stored card; None for [`CardOutcome::Added`].
    pub local: Option<Card>,
    pub incoming: Card,
    /// Top-level card fields that differ (names from [`CARD_FIELDS`]), for
    /// showing conflicts side by side; empty when equal. The bookkeeping
    /// fields `updated_at` and `clock` are not listed; unknown fields are
    /// listed together as `"extra"`.
    pub differing: Vec<&'static str>,
}

/// What importing a file would do, shown to the user before confirming.
#[derive(Debug, Clone, PartialEq)]
pub struct MergePreview {
    pub plan_id: String,
    /// One entry per card of the incoming file, in file order (a repeated id
    /// is skipped).
    pub cards: Vec<CardMerge>,
    /// Ids of pillars the file has and the plan lacks.
    pub new_pillars: Vec<String>,
    /// Ids of visions the file has and the plan lacks.
    pub new_visions: Vec<String>,
    /// Ids of measures the file has and the plan lacks.
    pub new_measures: Vec<String>,
    /// Departments the file has and the plan lacks.
    pub new_departments: Vec<String>,
    /// The plan period `(start_year, end_year)` widened to cover the years
    /// of the incoming cards that may be taken (added, updated, or in
    /// conflict, should the file's side be chosen); None when they fit.
    /// [`apply`] widens only as far as the cards it actually takes need,
    /// and reports that in [`Applied::period_extended`].
    pub period_extended: Option<(i32, i32)>,
    /// The incoming file's plan header, from which [`apply`] takes the
    /// additions above.
    pub incoming_plan: Plan,
}

impl MergePreview {
    /// How many cards have the given outcome.
    pub fn count(&self, outcome: CardOutcome) -> usize {
        self.cards.iter().filter(|c| c.outcome == outcome).count()
    }

    pub fn conflicts(&self) -> impl Iterator<Item = &CardMerge> {
        self.cards
            .iter()
            .filter(|c| c.outcome == CardOutcome::Conflict)
    }

    /// Whether importing would change nothing at all.
    pub fn is_noop(&self) -> bool {
        self.cards
            .iter()
            .all(|c| c.outcome == CardOutcome::Unchanged || would_keep_as_is(c))
            && self.new_pillars.is_empty()
            && self.new_visions.is_empty()
            && self.new_measures.is_empty()
            && self.new_departments.is_empty()
            && self.period_extended.is_none()
    }
}

/// A kept card whose log the file adds nothing to.
fn would_keep_as_is(c: &CardMerge) -> bool {
    c.outcome == CardOutcome::KeptLocal
        && c.local
            .as_ref()
            .is_some_and(|l| !unite_logs(&l.log, &c.incoming.log).added_incoming)
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MergeError {
    #[error("計画が異なります（{local} と {incoming}）")]
    DifferentPlan { local: String, incoming: String },
}

/// Which side of a conflict to take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The stored card.
    Local,
    /// The file's card.
    Incoming,
}

/// How the user resolved one conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// The whole card from one side (the log is always united).
    Side(Side),
    /// Per top-level field name (as in [`CardMerge::differing`], see
    /// [`CARD_FIELDS`]); fields not named, and names not known, take Local.
    Fields(BTreeMap<String, Side>),
}

/// The outcome of [`apply`].
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub file: PlanFile,
    /// Ids of conflicting cards with no choice: left exactly as stored.
    pub unresolved: Vec<String>,
    /// The new plan period when it was widened to cover taken cards.
    pub period_extended: Option<(i32, i32)>,
}

/// The card fields a conflict can be resolved by, in card order. `log` is
/// listed in [`CardMerge::differing`] but always united, whatever the choice;
/// `extra` stands for all unknown fields together.
pub const CARD_FIELDS: [&str; 14] = [
    "number",
    "title",
    "category",
    "departments",
    "pillars",
    "measure",
    "visions",
    "overview",
    "background",
    "outcomes",
    "years",
    "indicators",
    "log",
    "extra",
];

/// Compares an incoming file with the stored plan; see the module docs.
pub fn preview(local: &PlanFile, incoming: &PlanFile) -> Result<MergePreview, MergeError> {
    if local.plan.id != incoming.plan.id {
        return Err(MergeError::DifferentPlan {
            local: local.plan.id.clone(),
            incoming: incoming.plan.id.clone(),
        });
    }
    let stored = by_id(&local.cards);
    let mut seen = HashSet::new();
    let mut cards = Vec::new();
    for inc in &incoming.cards {
        if !seen.insert(inc.id.as_str()) {
            continue;
        }
        let entry = match stored.get(inc.id.as_str()).copied() {
            None => CardMerge {
                id: inc.id.clone(),
                outcome: CardOutcome::Added,
                local: None,
                incoming: inc.clone(),
                differing: Vec::new(),
            },
            Some(loc) => {
                let differing = differing_fields(loc, inc);
                let outcome = match inc.clock.compare(&loc.clock) {
                    ClockOrder::Equal if differing.is_empty() => CardOutcome::Unchanged,
                    ClockOrder::Equal | ClockOrder::Concurrent => CardOutcome::Conflict,
                    ClockOrder::Ahead => CardOutcome::Updated,
                    ClockOrder::Behind => CardOutcome::KeptLocal,
                };
                CardMerge {
                    id: inc.id.clone(),
                    outcome,
                    local: Some(loc.clone()),
                    incoming: inc.clone(),
                    differing,
                }
            }
        };
        cards.push(entry);
    }

    let mut plan = local.plan.clone();
    let added = add_header(&mut plan, &incoming.plan);
    let taken_years = cards
        .iter()
        .filter(|c| {
            matches!(
                c.outcome,
                CardOutcome::Added | CardOutcome::Updated | CardOutcome::Conflict
            )
        })
        .flat_map(|c| c.incoming.years.iter().map(|y| y.year));
    let period_extended = widen_period(&local.plan, taken_years);

    Ok(MergePreview {
        plan_id: local.plan.id.clone(),
        cards,
        new_pillars: added.pillars,
        new_visions: added.visions,
        new_measures: added.measures,
        new_departments: added.departments,
        period_extended,
        incoming_plan: incoming.plan.clone(),
    })
}

/// Builds the merged plan from a [`preview`] of the same `local` file and
/// the user's `choices` (by card id; only conflicts read them). `site` is
/// the copy of the app doing the import; `now` is RFC 3339.
pub fn apply(
    local: &PlanFile,
    preview: &MergePreview,
    choices: &HashMap<String, Choice>,
    site: &str,
    now: &str,
) -> Applied {
    let mut file = local.clone();
    let mut unresolved = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, c) in file.cards.iter().enumerate() {
        index.entry(c.id.clone()).or_insert(i);
    }
    let mut taken_years: Vec<i32> = Vec::new();

    for m in &preview.cards {
        let at = index.get(&m.id).copied();
        let current = at.map(|i| &file.cards[i]);
        let merged: Option<Card> = match (m.outcome, current) {
            (CardOutcome::Added, None) => Some(m.incoming.clone()),
            // The stored plan gained the card since the preview: treat the
            // file's card as if it were met now, conservatively.
            (CardOutcome::Added, Some(loc)) => merge_by_clock(loc, &m.incoming, site, now),
            (_, None) => Some(m.incoming.clone()),
            (CardOutcome::Unchanged, Some(_)) => None,
            (CardOutcome::Updated, Some(loc)) => Some(updated(loc, &m.incoming, site, now)),
            (CardOutcome::KeptLocal, Some(loc)) => kept(loc, &m.incoming, site, now),
            (CardOutcome::Conflict, Some(loc)) => match choices.get(&m.id) {
                None => {
                    unresolved.push(m.id.clone());
                    None
                }
                Some(choice) => Some(resolve(loc, &m.incoming, choice, site, now)),
            },
        };
        let Some(card) = merged else { continue };
        taken_years.extend(card.years.iter().map(|y| y.year));
        match at {
            Some(i) => file.cards[i] = card,
            None => {
                index.insert(card.id.clone(), file.cards.len());
                file.cards.push(card);
            }
        }
    }

    let added = add_header(&mut file.plan, &preview.incoming_plan);
    let period_extended = widen_period(&file.plan, taken_years);
    if let Some((start, end)) = period_extended {
        file.plan.start_year = start;
        file.plan.end_year = end;
    }
    if !added.is_empty() || period_extended.is_some() {
        file.plan.updated_at = Some(now.to_string());
    }
    Applied {
        file,
        unresolved,
        period_extended,
    }
}

/// Applies the clock rules for a card met in `apply` that the preview did
/// not see; a conflict is left as stored.
fn merge_by_clock(loc: &Card, inc: &Card, site: &str, now: &str) -> Option<Card> {
    match inc.clock.compare(&loc.clock) {
        ClockOrder::Ahead => Some(updated(loc, inc, site, now)),
        ClockOrder::Behind => kept(loc, inc, site, now),
        ClockOrder::Equal | ClockOrder::Concurrent => None,
    }
}

/// The incoming card is ahead: take it, uniting the logs.
fn updated(loc: &Card, inc: &Card, site: &str, now: &str) -> Card {
    let union = unite_logs(&loc.log, &inc.log);
    let mut card = inc.clone();
    if union.added_local {
        card.log = union.log;
        card.clock = inc.clock.merged(&loc.clock);
        card.clock.increment(site);
        card.updated_at = now.to_string();
    }
    card
}

/// The incoming card is behind: keep ours, uniting the logs. None when the
/// file adds nothing.
fn kept(loc: &Card, inc: &Card, site: &str, now: &str) -> Option<Card> {
    let union = unite_logs(&loc.log, &inc.log);
    union.added_incoming.then(|| {
        let mut card = loc.clone();
        card.log = union.log;
        card.clock = loc.clock.merged(&inc.clock);
        card.clock.increment(site);
        card.updated_at = now.to_string();
        card
    })
}

/// A conflict resolved by the user's choice.
fn resolve(loc: &Card, inc: &Card, choice: &Choice, site: &str, now: &str) -> Card {
    let mut card = match choice {
        Choice::Side(Side::Local) => loc.clone(),
        Choice::Side(Side::Incoming) => inc.clone(),
        Choice::Fields(fields) => {
            let mut card = loc.clone();
            for (name, side) in fields {
                if *side == Side::Incoming {
                    take_field(&mut card, inc, name);
                }
            }
            card
        }
    };
    card.log = unite_logs(&loc.log, &inc.log).log;
    card.clock = loc.clock.merged(&inc.clock);
    card.clock.increment(site);
    card.updated_at = now.to_string();
    card
}

/// Copies one top-level field (a name of [`CARD_FIELDS`]) from `from`.
/// Unknown names and `log` (always united) do nothing.
fn take_field(card: &mut Card, from: &Card, name: &str) {
    match name {
        "number" => card.number.clone_from(&from.number),
        "title" => card.title.clone_from(&from.title),
        "category" => card.category.clone_from(&from.category),
        "departments" => card.departments.clone_from(&from.departments),
        "pillars" => card.pillars.clone_from(&from.pillars),
        "measure" => card.measure.clone_from(&from.measure),
        "visions" => card.visions.clone_from(&from.visions),
        "overview" => card.overview.clone_from(&from.overview),
        "background" => card.background.clone_from(&from.background),
        "outcomes" => card.outcomes.clone_from(&from.outcomes),
        "years" => card.years.clone_from(&from.years),
        "indicators" => card.indicators.clone_from(&from.indicators),
        "extra" => card.extra.clone_from(&from.extra),
        _ => {}
    }
}

/// The top-level fields in which two cards differ, in [`CARD_FIELDS`] order.
pub(crate) fn differing_fields(a: &Card, b: &Card) -> Vec<&'static str> {
    // Destructured so that a new field cannot be forgotten here.
    let Card {
        id: _,
        number,
        title,
        category,
        departments,
        pillars,
        measure,
        visions,
        overview,
        background,
        outcomes,
        years,
        indicators,
        log,
        updated_at: _,
        clock: _,
        extra,
    } = a;
    let same = [
        *number == b.number,
        *title == b.title,
        *category == b.category,
        *departments == b.departments,
        *pillars == b.pillars,
        *measure == b.measure,
        *visions == b.visions,
        *overview == b.overview,
        *background == b.background,
        *outcomes == b.outcomes,
        *years == b.years,
        *indicators == b.indicators,
        *log == b.log,
        *extra == b.extra,
    ];
    CARD_FIELDS
        .iter()
        .zip(same)
        .filter(|(_, same)| !same)
        .map(|(name, _)| *name)
        .collect()
}

fn by_id(cards: &[Card]) -> HashMap<&str, &Card> {
    let mut map = HashMap::new();
    for c in cards {
        map.entry(c.id.as_str()).or_insert(c);
    }
    map
}

// ------------------------------------------------------------------ logs

/// Two logs united.
struct LogUnion {
    log: Vec<LogEntry>,
    /// Entries of the incoming log the local one lacked.
    added_incoming: bool,
    /// Entries of the local log the incoming one lacked.
    added_local: bool,
}

/// Unites two logs: every entry of either side, once (entries are the same
/// when `at`, `by`, `text` and unknown fields are; a side repeating an entry
/// keeps its repeats). Both sides keep their own order; the entries only the
/// incoming side has are merged in by time (`at`), after local entries of
/// the same time. When the incoming side adds nothing, the result is the
/// local log exactly.
fn unite_logs(local: &[LogEntry], incoming: &[LogEntry]) -> LogUnion {
    // Multiset difference both ways.
    let mut unmatched_local: Vec<bool> = vec![true; local.len()];
    let mut only_incoming: Vec<&LogEntry> = Vec::new();
    for e in incoming {
        match (0..local.len()).find(|&i| unmatched_local[i] && local[i] == *e) {
            Some(i) => unmatched_local[i] = false,
            None => only_incoming.push(e),
        }
    }
    let added_local = unmatched_local.iter().any(|u| *u);
    if only_incoming.is_empty() {
        return LogUnion {
            log: local.to_vec(),
            added_incoming: false,
            added_local,
        };
    }
    let mut log = Vec::with_capacity(local.len() + only_incoming.len());
    let mut l = local.iter().peekable();
    let mut n = only_incoming.into_iter().peekable();
    loop {
        match (l.peek(), n.peek()) {
            (Some(a), Some(b)) => {
                if compare_times(&b.at, &a.at) == Ordering::Less {
                    log.push((*n.next().unwrap()).clone());
                } else {
                    log.push((*l.next().unwrap()).clone());
                }
            }
            (Some(_), None) => log.extend(l.by_ref().cloned()),
            (None, Some(_)) => log.extend(n.by_ref().cloned()),
            (None, None) => break,
        }
    }
    LogUnion {
        log,
        added_incoming: true,
        added_local,
    }
}

/// Orders RFC 3339 timestamps by the instant they name (offsets taken into
/// account); text that is not a timestamp is compared as text.
fn compare_times(a: &str, b: &str) -> Ordering {
    match (timestamp_instant(a), timestamp_instant(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

// ---------------------------------------------------------------- header

#[derive(Default)]
struct HeaderAdditions {
    pillars: Vec<String>,
    visions: Vec<String>,
    measures: Vec<String>,
    departments: Vec<String>,
}

impl HeaderAdditions {
    fn is_empty(&self) -> bool {
        self.pillars.is_empty()
            && self.visions.is_empty()
            && self.measures.is_empty()
            && self.departments.is_empty()
    }
}

/// Adds to `plan` the pillars, visions, measures (each by id, unique across
/// the plan) and departments of `incoming` it lacks, so that the references
/// of incoming cards resolve. A vision or measure goes under the pillar of
/// the same id as in the file; a new pillar is appended.
fn add_header(plan: &mut Plan, incoming: &Plan) -> HeaderAdditions {
    let mut added = HeaderAdditions::default();
    let mut vision_ids: HashSet<String> = plan
        .pillars
        .iter()
        .flat_map(|p| p.visions.iter().map(|v| v.id.clone()))
        .collect();
    let mut measure_ids: HashSet<String> = plan
        .pillars
        .iter()
        .flat_map(|p| p.measures.iter().map(|m| m.id.clone()))
        .collect();
    for ip in &incoming.pillars {
        let at = match plan.pillars.iter().position(|p| p.id == ip.id) {
            Some(i) => i,
            None => {
                added.pillars.push(ip.id.clone());
                plan.pillars.push(Pillar {
                    visions: Vec::new(),
                    measures: Vec::new(),
                    ..ip.clone()
                });
                plan.pillars.len() - 1
            }
        };
        let pillar = &mut plan.pillars[at];
        for v in &ip.visions {
            if vision_ids.insert(v.id.clone()) {
                added.visions.push(v.id.clone());
                pillar.visions.push(v.clone());
            }
        }
        for m in &ip.measures {
            if measure_ids.insert(m.id.clone()) {
                added.measures.push(m.id.clone());
                pillar.measures.push(m.clone());
            }
        }
    }
    for d in &incoming.departments {
        if !plan.departments.contains(d) {
            added.departments.push(d.clone());
            plan.departments.push(d.clone());
        }
    }
    added
}

/// The plan period widened to cover `years`, when it does not already.
fn widen_period(plan: &Plan, years: impl IntoIterator<Item = i32>) -> Option<(i32, i32)> {
    let (mut start, mut end) = (plan.start_year, plan.end_year);
    for y in years {
        start = start.min(y);
        end = end.max(y);
    }
    ((start, end) != (plan.start_year, plan.end_year)).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_compare_as_instants() {
        assert_eq!(
            compare_times("2024-01-01T08:00:00+09:00", "2024-01-01T00:00:00Z"),
            Ordering::Less
        );
        assert_eq!(compare_times("b", "a"), Ordering::Greater);
    }
}
