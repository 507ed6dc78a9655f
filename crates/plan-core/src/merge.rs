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
//!
//! Only valid plans come out ("saved means loadable"):
//! - a conflict resolved field by field chooses by [`FieldGroup`]: a card's
//!   pillars, measure and visions are one choice ([`FieldGroup::Placement`]),
//!   because they refer to each other (the measure must sit under the first
//!   pillar). Taking the file's pillars with this browser's measure cannot be
//!   expressed;
//! - a measure the file has under another pillar than the stored plan
//!   (listed in [`MergePreview::header_conflicts`]) follows the cards: when
//!   every card of the merged plan that names the measure sits under the
//!   file's pillar, the measure moves there (reported in
//!   [`Applied::measures_moved`]); when cards under both pillars need it,
//!   [`apply`] refuses with [`MergeError::MeasurePlacement`], naming the
//!   cards on each side, and changes nothing. The user can then keep this
//!   browser's side where the file's card is a conflict, or put the cards
//!   under one pillar in one copy first. Moving the stored cards silently is
//!   never done: that would change a department's card behind its back;
//! - [`apply`] runs the merged plan through the [`gate`](crate::gate): a
//!   result the loader would refuse is returned as
//!   [`MergeError::WouldNotLoad`] with every problem, never as a plan.
//!   [`MergePreview::check`] answers the same question for the current
//!   choices before the user confirms.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::clock::ClockOrder;
use crate::fiscal::timestamp_instant;
use crate::gate::{self, Refused};
use crate::model::{Card, LogEntry, Pillar, Plan, PlanFile};

/// A top-level field of a card, as the merge, the conflict table and the
/// exports name it. The app's catalogue maps each to a label by matching on
/// the enum (no string keys); [`CardField::as_str`] is the field's name in
/// the file, stable, for test ids and serde.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardField {
    Number,
    Title,
    Category,
    Departments,
    Pillars,
    Measure,
    Visions,
    Overview,
    Background,
    Outcomes,
    Years,
    Indicators,
    Log,
    /// All fields this version does not know, together.
    Extra,
}

impl CardField {
    /// Every field, in card order.
    pub const ALL: [CardField; 14] = [
        CardField::Number,
        CardField::Title,
        CardField::Category,
        CardField::Departments,
        CardField::Pillars,
        CardField::Measure,
        CardField::Visions,
        CardField::Overview,
        CardField::Background,
        CardField::Outcomes,
        CardField::Years,
        CardField::Indicators,
        CardField::Log,
        CardField::Extra,
    ];

    /// The field's name in the file (serde name); `extra` for the unknown
    /// fields. Stable: usable as a key (test ids, catalogue keys).
    pub fn as_str(self) -> &'static str {
        match self {
            CardField::Number => "number",
            CardField::Title => "title",
            CardField::Category => "category",
            CardField::Departments => "departments",
            CardField::Pillars => "pillars",
            CardField::Measure => "measure",
            CardField::Visions => "visions",
            CardField::Overview => "overview",
            CardField::Background => "background",
            CardField::Outcomes => "outcomes",
            CardField::Years => "years",
            CardField::Indicators => "indicators",
            CardField::Log => "log",
            CardField::Extra => "extra",
        }
    }

    pub fn parse(s: &str) -> Option<CardField> {
        CardField::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The choice this field is resolved by in a conflict; None for `log`,
    /// which is always united.
    pub fn group(self) -> Option<FieldGroup> {
        Some(match self {
            CardField::Number => FieldGroup::Number,
            CardField::Title => FieldGroup::Title,
            CardField::Category => FieldGroup::Category,
            CardField::Departments => FieldGroup::Departments,
            CardField::Pillars | CardField::Measure | CardField::Visions => FieldGroup::Placement,
            CardField::Overview => FieldGroup::Overview,
            CardField::Background => FieldGroup::Background,
            CardField::Outcomes => FieldGroup::Outcomes,
            CardField::Years => FieldGroup::Years,
            CardField::Indicators => FieldGroup::Indicators,
            CardField::Log => return None,
            CardField::Extra => FieldGroup::Extra,
        })
    }
}

/// What a conflict can be resolved by, field by field: one card field each,
/// except [`FieldGroup::Placement`], which carries the fields that refer to
/// each other (pillars, measure, visions) as one choice, so that no choice
/// can break a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldGroup {
    Number,
    Title,
    Category,
    Departments,
    /// Pillars, measure and visions together.
    Placement,
    Overview,
    Background,
    Outcomes,
    Years,
    Indicators,
    Extra,
}

impl FieldGroup {
    pub const ALL: [FieldGroup; 11] = [
        FieldGroup::Number,
        FieldGroup::Title,
        FieldGroup::Category,
        FieldGroup::Departments,
        FieldGroup::Placement,
        FieldGroup::Overview,
        FieldGroup::Background,
        FieldGroup::Outcomes,
        FieldGroup::Years,
        FieldGroup::Indicators,
        FieldGroup::Extra,
    ];

    /// The card fields taken together by this choice.
    pub fn fields(self) -> &'static [CardField] {
        match self {
            FieldGroup::Number => &[CardField::Number],
            FieldGroup::Title => &[CardField::Title],
            FieldGroup::Category => &[CardField::Category],
            FieldGroup::Departments => &[CardField::Departments],
            FieldGroup::Placement => &[CardField::Pillars, CardField::Measure, CardField::Visions],
            FieldGroup::Overview => &[CardField::Overview],
            FieldGroup::Background => &[CardField::Background],
            FieldGroup::Outcomes => &[CardField::Outcomes],
            FieldGroup::Years => &[CardField::Years],
            FieldGroup::Indicators => &[CardField::Indicators],
            FieldGroup::Extra => &[CardField::Extra],
        }
    }

    /// Stable name, for test ids: the field's name, `placement` for the
    /// group.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldGroup::Placement => "placement",
            g => g.fields()[0].as_str(),
        }
    }
}

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
    /// Top-level card fields that differ, in [`CardField::ALL`] order, for
    /// showing conflicts side by side; empty when equal. The bookkeeping
    /// fields `updated_at` and `clock` are not listed; unknown fields are
    /// listed together as [`CardField::Extra`].
    pub differing: Vec<CardField>,
}

impl CardMerge {
    /// The choices a field-level resolution of this card offers: the groups
    /// of the differing fields, once each, in order (`log` has none: it is
    /// always united).
    pub fn differing_groups(&self) -> Vec<FieldGroup> {
        let mut out: Vec<FieldGroup> = Vec::new();
        for g in self.differing.iter().filter_map(|f| f.group()) {
            if !out.contains(&g) {
                out.push(g);
            }
        }
        out
    }
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
    /// Header changes of the file that touch cards: measures the file
    /// places under another pillar than the stored plan. See the module
    /// docs for what [`apply`] does with them.
    pub header_conflicts: Vec<HeaderConflict>,
    /// The incoming file's plan header, from which [`apply`] takes the
    /// additions above.
    pub incoming_plan: Plan,
}

/// A header difference between the file and the stored plan that cards
/// depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderConflict {
    /// The measure sits under `local_pillar` here and `incoming_pillar` in
    /// the file (a card's measure must be under its first pillar).
    MeasureMoved {
        measure: String,
        local_pillar: String,
        incoming_pillar: String,
        /// Stored cards under `local_pillar` naming the measure that the
        /// import does not replace (they keep needing the stored placement).
        local_cards: Vec<String>,
        /// Cards of the file under `incoming_pillar` naming the measure that
        /// the import may take (added, updated, or in conflict).
        incoming_cards: Vec<String>,
    },
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

    /// Whether [`apply`] with these choices would give a plan that may be
    /// stored; the error is what it would refuse with. For showing, before
    /// confirm, why the current choices cannot be confirmed.
    pub fn check(
        &self,
        local: &PlanFile,
        choices: &HashMap<String, Choice>,
        site: &str,
        now: &str,
    ) -> Result<(), MergeError> {
        apply(local, self, choices, site, now).map(|_| ())
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

/// Why a file cannot be imported (as a whole, or with these choices).
/// Shown with `messages::merge_ja` / `messages::merge_en`; `Display` is the
/// Japanese text.
#[derive(Debug, Clone, PartialEq)]
pub enum MergeError {
    /// The file is of another plan.
    DifferentPlan { local: String, incoming: String },
    /// Cards of the merged plan need `measure` under two pillars: the
    /// stored cards `local_cards` under `local_pillar`, the file's
    /// `incoming_cards` under another (`incoming_pillar`, the file's
    /// placement, when the file has the measure).
    MeasurePlacement {
        measure: String,
        local_pillar: String,
        incoming_pillar: Option<String>,
        local_cards: Vec<String>,
        incoming_cards: Vec<String>,
    },
    /// The merged plan would not load back (the gate's problems).
    WouldNotLoad(Refused),
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::messages::merge_ja(self))
    }
}

impl std::error::Error for MergeError {}

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
    /// Per group of fields (see [`CardMerge::differing_groups`]); groups
    /// not named take Local.
    Fields(BTreeMap<FieldGroup, Side>),
}

/// The outcome of [`apply`].
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub file: PlanFile,
    /// Ids of conflicting cards with no choice: left exactly as stored.
    pub unresolved: Vec<String>,
    /// The new plan period when it was widened to cover taken cards.
    pub period_extended: Option<(i32, i32)>,
    /// Measures moved to the file's pillar because the cards taken need it.
    pub measures_moved: Vec<String>,
    /// The merged plan as the gate checked it (compact JSON): the text to
    /// store.
    pub text: String,
}

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
                incoming: Card::clone(inc),
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
                    local: Some(Card::clone(loc)),
                    incoming: Card::clone(inc),
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

    let header_conflicts = moved_measures(local, incoming, &cards);

    Ok(MergePreview {
        plan_id: local.plan.id.clone(),
        cards,
        new_pillars: added.pillars,
        new_visions: added.visions,
        new_measures: added.measures,
        new_departments: added.departments,
        period_extended,
        header_conflicts,
        incoming_plan: incoming.plan.clone(),
    })
}

/// Builds the merged plan from a [`preview`] of the same `local` file and
/// the user's `choices` (by card id; only conflicts read them). `site` is
/// the copy of the app doing the import; `now` is RFC 3339. The result has
/// passed the gate; see the module docs for the refusals.
pub fn apply(
    local: &PlanFile,
    preview: &MergePreview,
    choices: &HashMap<String, Choice>,
    site: &str,
    now: &str,
) -> Result<Applied, MergeError> {
    if local.plan.id != preview.plan_id {
        return Err(MergeError::DifferentPlan {
            local: local.plan.id.clone(),
            incoming: preview.plan_id.clone(),
        });
    }
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
            Some(i) => file.cards[i] = Arc::new(card),
            None => {
                index.insert(card.id.clone(), file.cards.len());
                file.cards.push(Arc::new(card));
            }
        }
    }

    let added = add_header(&mut file.plan, &preview.incoming_plan);
    let measures_moved = place_measures(&mut file, &preview.incoming_plan)?;
    let period_extended = widen_period(&file.plan, taken_years);
    if let Some((start, end)) = period_extended {
        file.plan.start_year = start;
        file.plan.end_year = end;
    }
    if !added.is_empty() || period_extended.is_some() || !measures_moved.is_empty() {
        file.plan.updated_at = Some(now.to_string());
    }
    let text = gate::check(&file).map_err(MergeError::WouldNotLoad)?.text;
    Ok(Applied {
        file,
        unresolved,
        period_extended,
        measures_moved,
        text,
    })
}

/// The pillar each measure sits under.
fn measure_homes(plan: &Plan) -> HashMap<&str, &str> {
    let mut out = HashMap::new();
    for p in &plan.pillars {
        for m in &p.measures {
            out.entry(m.id.as_str()).or_insert(p.id.as_str());
        }
    }
    out
}

/// Measures the file places under another pillar than `local`, with the
/// cards on each side that need each placement (see [`HeaderConflict`]).
fn moved_measures(
    local: &PlanFile,
    incoming: &PlanFile,
    cards: &[CardMerge],
) -> Vec<HeaderConflict> {
    let here = measure_homes(&local.plan);
    let there = measure_homes(&incoming.plan);
    // Stored cards the import replaces without asking.
    let replaced: HashSet<&str> = cards
        .iter()
        .filter(|c| c.outcome == CardOutcome::Updated)
        .map(|c| c.id.as_str())
        .collect();
    let mut out = Vec::new();
    for p in &local.plan.pillars {
        for m in &p.measures {
            let Some(&to) = there.get(m.id.as_str()) else {
                continue;
            };
            if here.get(m.id.as_str()) != Some(&p.id.as_str()) || to == p.id {
                continue;
            }
            let names = |c: &Card, pillar: &str| {
                c.measure.as_deref() == Some(m.id.as_str()) && c.home_pillar() == Some(pillar)
            };
            out.push(HeaderConflict::MeasureMoved {
                measure: m.id.clone(),
                local_pillar: p.id.clone(),
                incoming_pillar: to.to_string(),
                local_cards: local
                    .cards
                    .iter()
                    .filter(|c| names(c, &p.id) && !replaced.contains(c.id.as_str()))
                    .map(|c| c.id.clone())
                    .collect(),
                incoming_cards: cards
                    .iter()
                    .filter(|c| {
                        matches!(
                            c.outcome,
                            CardOutcome::Added | CardOutcome::Updated | CardOutcome::Conflict
                        ) && names(&c.incoming, to)
                    })
                    .map(|c| c.id.clone())
                    .collect(),
            });
        }
    }
    out
}

/// Puts each measure under the pillar the merged cards need (see the module
/// docs): returns the measures moved to the file's placement, or the
/// measure that cards need under two pillars.
fn place_measures(file: &mut PlanFile, incoming: &Plan) -> Result<Vec<String>, MergeError> {
    let homes: HashMap<String, String> = measure_homes(&file.plan)
        .into_iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    let there = measure_homes(incoming);
    // Measure → the cards naming it that are not under its pillar.
    let mut misplaced: BTreeMap<&str, Vec<&Card>> = BTreeMap::new();
    for c in &file.cards {
        if let (Some(m), Some(home)) = (c.measure.as_deref(), c.home_pillar())
            && homes.get(m).is_some_and(|p| p != home)
        {
            misplaced.entry(m).or_default().push(c);
        }
    }
    let mut moves: Vec<(String, String, String)> = Vec::new();
    for (m, cards) in misplaced {
        let from = &homes[m];
        let to = there.get(m).copied();
        let all_under_file_pillar =
            to.is_some_and(|to| cards.iter().all(|c| c.home_pillar() == Some(to)));
        let still_needed_here = file
            .cards
            .iter()
            .any(|c| c.measure.as_deref() == Some(m) && c.home_pillar() == Some(from.as_str()));
        if all_under_file_pillar && !still_needed_here {
            moves.push((
                m.to_string(),
                from.clone(),
                to.unwrap_or_default().to_string(),
            ));
            continue;
        }
        return Err(MergeError::MeasurePlacement {
            measure: m.to_string(),
            local_pillar: from.clone(),
            incoming_pillar: to.map(str::to_string),
            local_cards: file
                .cards
                .iter()
                .filter(|c| {
                    c.measure.as_deref() == Some(m) && c.home_pillar() == Some(from.as_str())
                })
                .map(|c| c.id.clone())
                .collect(),
            incoming_cards: cards.iter().map(|c| c.id.clone()).collect(),
        });
    }
    let mut moved = Vec::new();
    for (m, from, to) in moves {
        let Some(src) = file.plan.pillars.iter_mut().find(|p| p.id == from) else {
            continue;
        };
        let Some(at) = src.measures.iter().position(|x| x.id == m) else {
            continue;
        };
        let measure = src.measures.remove(at);
        if let Some(dst) = file.plan.pillars.iter_mut().find(|p| p.id == to) {
            dst.measures.push(measure);
            moved.push(m);
        }
    }
    Ok(moved)
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
        Choice::Fields(groups) => {
            let mut card = loc.clone();
            for (group, side) in groups {
                if *side == Side::Incoming {
                    for field in group.fields() {
                        take_field(&mut card, inc, *field);
                    }
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

/// Copies one top-level field from `from`. `log` (always united) does
/// nothing.
pub(crate) fn take_field(card: &mut Card, from: &Card, field: CardField) {
    match field {
        CardField::Number => card.number.clone_from(&from.number),
        CardField::Title => card.title.clone_from(&from.title),
        CardField::Category => card.category.clone_from(&from.category),
        CardField::Departments => card.departments.clone_from(&from.departments),
        CardField::Pillars => card.pillars.clone_from(&from.pillars),
        CardField::Measure => card.measure.clone_from(&from.measure),
        CardField::Visions => card.visions.clone_from(&from.visions),
        CardField::Overview => card.overview.clone_from(&from.overview),
        CardField::Background => card.background.clone_from(&from.background),
        CardField::Outcomes => card.outcomes.clone_from(&from.outcomes),
        CardField::Years => card.years.clone_from(&from.years),
        CardField::Indicators => card.indicators.clone_from(&from.indicators),
        CardField::Log => {}
        CardField::Extra => card.extra.clone_from(&from.extra),
    }
}

/// The top-level fields in which two cards differ, in [`CardField::ALL`]
/// order.
pub(crate) fn differing_fields(a: &Card, b: &Card) -> Vec<CardField> {
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
    CardField::ALL
        .into_iter()
        .zip(same)
        .filter(|(_, same)| !same)
        .map(|(field, _)| field)
        .collect()
}

fn by_id(cards: &[Arc<Card>]) -> HashMap<&str, &Card> {
    let mut map = HashMap::new();
    for c in cards {
        map.entry(c.id.as_str()).or_insert(&**c);
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

/// Ids of the cards whose outcome or content (either side) differs between
/// two previews of the same file: what changed in the plan since the user
/// first saw the preview (an edit meanwhile, here or in another tab). In the
/// order of `now`, then cards only `before` had.
pub fn changed_cards(before: &MergePreview, now: &MergePreview) -> Vec<String> {
    let old: HashMap<&str, &CardMerge> = before.cards.iter().map(|c| (c.id.as_str(), c)).collect();
    let new: HashSet<&str> = now.cards.iter().map(|c| c.id.as_str()).collect();
    now.cards
        .iter()
        .filter(|c| old.get(c.id.as_str()).is_none_or(|o| *o != *c))
        .map(|c| c.id.clone())
        .chain(
            before
                .cards
                .iter()
                .filter(|c| !new.contains(c.id.as_str()))
                .map(|c| c.id.clone()),
        )
        .collect()
}

/// Whether what importing does to the plan header differs between two
/// previews (additions, period, measures moved).
pub fn header_changed(before: &MergePreview, now: &MergePreview) -> bool {
    before.new_pillars != now.new_pillars
        || before.new_visions != now.new_visions
        || before.new_measures != now.new_measures
        || before.new_departments != now.new_departments
        || before.period_extended != now.period_extended
        || before.header_conflicts != now.header_conflicts
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
