//! Editing operations on a plan: what the buttons of the editor do.
//!
//! Everything here is deterministic. New ids come from the caller (`new_id`),
//! and "today" / "now" are passed in as text (`YYYY-MM-DD`, RFC 3339).

use std::collections::HashMap;
use std::sync::Arc;

use thiserror::Error;

use crate::clock::VersionClock;
use crate::fiscal::parse_year_month;
use crate::model::{
    Action, Card, CardYear, Extra, Goal, Indicator, Plan, PlanFile, Status, YearValue,
};

/// Why an edit could not be made. `Display` (Japanese) is for the
/// command-line tool and logs; the app says it from its own catalogue, in
/// the language shown.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EditError {
    #[error("カードが見つかりません（{0}）")]
    CardNotFound(String),
    #[error("このカードには{0}年度の計画がありません")]
    YearNotFound(i32),
    #[error("次の年度（{0}年度）は計画期間の外です")]
    OutsidePlan(i32),
    #[error("次の年度（{0}年度）にはすでに取組事項か年次目標があります")]
    NextYearNotEmpty(i32),
}

impl CardYear {
    /// An empty year: no actions or goals, not started.
    pub fn empty(year: i32) -> CardYear {
        CardYear {
            year,
            status: Status::NotStarted,
            actions: Vec::new(),
            goals: Vec::new(),
            note: String::new(),
            corrective_action: String::new(),
            extra: Extra::new(),
        }
    }
}

impl Card {
    /// A new card with nothing in it but its number and title.
    pub fn new(id: String, number: String, title: String, now: &str) -> Card {
        Card {
            id,
            number,
            title,
            category: String::new(),
            departments: Vec::new(),
            pillars: Vec::new(),
            measure: None,
            visions: Vec::new(),
            overview: String::new(),
            background: String::new(),
            outcomes: Vec::new(),
            years: Vec::new(),
            indicators: Vec::new(),
            log: Vec::new(),
            updated_at: now.to_string(),
            clock: VersionClock::new(),
            extra: Extra::new(),
        }
    }

    pub fn year_mut(&mut self, year: i32) -> Option<&mut CardYear> {
        self.years.iter_mut().find(|y| y.year == year)
    }

    /// The given year, created empty (not started) if the card lacks it.
    /// A new year goes before the first later year, so sorted years stay
    /// sorted.
    pub fn ensure_year(&mut self, year: i32) -> &mut CardYear {
        let index = match self.years.iter().position(|y| y.year == year) {
            Some(i) => i,
            None => {
                let at = self
                    .years
                    .iter()
                    .position(|y| y.year > year)
                    .unwrap_or(self.years.len());
                self.years.insert(at, CardYear::empty(year));
                at
            }
        };
        &mut self.years[index]
    }

    /// Ticks (or unticks) an action. Ticking records `today` as `done_on`;
    /// unticking clears it. False if the year or action is not there.
    pub fn set_action_done(&mut self, year: i32, action_id: &str, done: bool, today: &str) -> bool {
        let Some(action) = self
            .year_mut(year)
            .and_then(|y| y.actions.iter_mut().find(|a| a.id == action_id))
        else {
            return false;
        };
        action.done = done;
        action.done_on = done.then(|| today.to_string());
        true
    }

    /// Ticks (or unticks) a goal. False if the year or goal is not there.
    pub fn set_goal_achieved(&mut self, year: i32, goal_id: &str, achieved: bool) -> bool {
        let Some(goal) = self
            .year_mut(year)
            .and_then(|y| y.goals.iter_mut().find(|g| g.id == goal_id))
        else {
            return false;
        };
        goal.achieved = achieved;
        true
    }

    /// Sets a year's status. For a delay (▲) or a miss (×) the corrective
    /// action (改善策) is stored when given; any other status leaves the
    /// text the user wrote as it is. False if the card lacks the year.
    pub fn set_status(
        &mut self,
        year: i32,
        status: Status,
        corrective_action: Option<String>,
    ) -> bool {
        let Some(y) = self.year_mut(year) else {
            return false;
        };
        y.status = status;
        if matches!(status, Status::Delayed | Status::Missed)
            && let Some(text) = corrective_action
        {
            y.corrective_action = text;
        }
        true
    }

    /// Adds a progress entry at the end of the log (entries are never
    /// rewritten).
    pub fn append_log(&mut self, at: String, by: String, text: String) {
        self.log.push(crate::model::LogEntry {
            at,
            by,
            text,
            extra: Extra::new(),
        });
    }
}

impl PlanFile {
    /// The card `id`, to edit. Copy on write: when the card is shared with
    /// another version of the plan (the last saved state, an undo step), it
    /// is copied first, so that only this card stops being shared; every
    /// other card stays the very one the other version holds.
    pub fn card_mut(&mut self, id: &str) -> Option<&mut Card> {
        self.cards
            .iter_mut()
            .find(|c| c.id == id)
            .map(Arc::make_mut)
    }

    /// Inserts a card (owned or shared) at `index`, or at the end if `index`
    /// is past it.
    pub fn insert_card(&mut self, index: usize, card: impl Into<Arc<Card>>) {
        let index = index.min(self.cards.len());
        self.cards.insert(index, card.into());
    }

    /// Removes a card; gives back where it was, so it can be put back.
    pub fn remove_card(&mut self, id: &str) -> Option<(usize, Arc<Card>)> {
        let index = self.cards.iter().position(|c| c.id == id)?;
        Some((index, self.cards.remove(index)))
    }

    /// Moves a card to position `to` (clamped to the last position).
    /// Returns whether the order changed.
    pub fn move_card(&mut self, id: &str, to: usize) -> bool {
        match self.cards.iter().position(|c| c.id == id) {
            Some(from) => move_item(&mut self.cards, from, to),
            None => false,
        }
    }

    /// Copies a card as a fresh plan: inserted right after the original, with
    /// new ids for the card and every action, goal and indicator, the title
    /// followed by `title_suffix`, no log, an empty clock, and all progress
    /// cleared (ticks, actuals, results, statuses, notes). Returns the new id.
    pub fn duplicate_card(
        &mut self,
        id: &str,
        title_suffix: &str,
        now: &str,
        new_id: &mut dyn FnMut() -> String,
    ) -> Option<String> {
        let index = self.cards.iter().position(|c| c.id == id)?;
        let mut copy = Card::clone(&self.cards[index]);
        copy.id = new_id();
        copy.title.push_str(title_suffix);
        copy.clock = VersionClock::new();
        copy.log.clear();
        copy.updated_at = now.to_string();
        for year in &mut copy.years {
            year.status = Status::NotStarted;
            year.note.clear();
            year.corrective_action.clear();
            for action in &mut year.actions {
                action.id = new_id();
                action.done = false;
                action.done_on = None;
            }
            for goal in &mut year.goals {
                goal.id = new_id();
                goal.achieved = false;
                goal.actual = None;
            }
        }
        for indicator in &mut copy.indicators {
            indicator.id = new_id();
            indicator.actuals.clear();
        }
        let new = copy.id.clone();
        self.cards.insert(index + 1, Arc::new(copy));
        Some(new)
    }

    /// 継続: carries a year's plan over to the next fiscal year. The next year
    /// gets copies of the year's actions (new ids, due months one year
    /// later, not done) and goals (new ids, same targets, no actuals, not
    /// achieved), and starts not started with no note. Each indicator with a
    /// target for `year` and none for the next year gets the same target for
    /// the next year. Results are never copied. Refuses when the next year is
    /// outside the plan period or already has actions or goals. Returns the
    /// next year.
    pub fn copy_to_next_year(
        &mut self,
        card_id: &str,
        year: i32,
        new_id: &mut dyn FnMut() -> String,
    ) -> Result<i32, EditError> {
        let end_year = self.plan.end_year;
        let card = self
            .card_mut(card_id)
            .ok_or_else(|| EditError::CardNotFound(card_id.to_string()))?;
        let source = card.year(year).ok_or(EditError::YearNotFound(year))?;
        let next = year + 1;
        if next > end_year {
            return Err(EditError::OutsidePlan(next));
        }
        if card
            .year(next)
            .is_some_and(|y| !y.actions.is_empty() || !y.goals.is_empty())
        {
            return Err(EditError::NextYearNotEmpty(next));
        }
        let actions: Vec<Action> = source
            .actions
            .iter()
            .map(|a| Action {
                id: new_id(),
                text: a.text.clone(),
                due: a.due.as_deref().map(shift_due_one_year),
                done: false,
                done_on: None,
                extra: a.extra.clone(),
            })
            .collect();
        let goals: Vec<Goal> = source
            .goals
            .iter()
            .map(|g| Goal {
                id: new_id(),
                text: g.text.clone(),
                achieved: false,
                target: g.target.clone(),
                actual: None,
                extra: g.extra.clone(),
            })
            .collect();
        let target = card.ensure_year(next);
        target.actions = actions;
        target.goals = goals;
        target.status = Status::NotStarted;
        target.note.clear();
        target.corrective_action.clear();
        for indicator in &mut card.indicators {
            carry_target(indicator, year, next);
        }
        Ok(next)
    }
}

/// `2024-08` → `2025-08`. Text that is not a `YYYY-MM` month is kept as is.
fn shift_due_one_year(due: &str) -> String {
    match parse_year_month(due) {
        Some((y, m)) => format!("{:04}-{m:02}", y + 1),
        None => due.to_string(),
    }
}

fn carry_target(indicator: &mut Indicator, year: i32, next: i32) {
    if indicator.targets.iter().any(|t| t.year == next) {
        return;
    }
    let Some(value) = indicator
        .targets
        .iter()
        .find(|t| t.year == year)
        .map(|t| t.value)
    else {
        return;
    };
    let at = indicator
        .targets
        .iter()
        .position(|t| t.year > next)
        .unwrap_or(indicator.targets.len());
    indicator.targets.insert(
        at,
        YearValue {
            year: next,
            value,
            total: None,
            extra: Extra::new(),
        },
    );
}

/// Moves the item at `from` to position `to` (clamped to the last position),
/// shifting the items between. Returns whether the order changed.
pub fn move_item<T>(v: &mut Vec<T>, from: usize, to: usize) -> bool {
    if from >= v.len() {
        return false;
    }
    let to = to.min(v.len() - 1);
    if from == to {
        return false;
    }
    let item = v.remove(from);
    v.insert(to, item);
    true
}

/// Whether two cards say the same thing, ignoring their version clocks and
/// `updated_at` (the bookkeeping of saving).
pub fn same_card_content(a: &Card, b: &Card) -> bool {
    a.id == b.id && crate::merge::differing_fields(a, b).is_empty()
}

/// Whether two plan headers are the same, ignoring `updated_at`.
pub fn same_plan_content(a: &Plan, b: &Plan) -> bool {
    let Plan {
        id,
        title,
        organization,
        start_year,
        end_year,
        pillars,
        departments,
        updated_at: _,
        extra,
    } = a;
    *id == b.id
        && *title == b.title
        && *organization == b.organization
        && *start_year == b.start_year
        && *end_year == b.end_year
        && *pillars == b.pillars
        && *departments == b.departments
        && *extra == b.extra
}

/// Stamps the changes made since `base` (the last saved state) before
/// `current` is saved by the copy of the app `site`.
///
/// Each card of `current` that is new or says something different from the
/// card of the same id in `base` gets the entry-wise maximum of both clocks
/// plus one for `site`, and `updated_at = now`; unchanged cards are left
/// exactly as they are. Merging with the saved clock means a card brought
/// back by undo never saves a clock older than the one already saved. The
/// plan header gets `updated_at = now` when it changed. Returns the ids of
/// the stamped cards.
pub fn touch_changed(
    base: &PlanFile,
    current: &mut PlanFile,
    site: &str,
    now: &str,
) -> Vec<String> {
    let saved: HashMap<&str, &Arc<Card>> = base.cards.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut touched = Vec::new();
    for shared in &mut current.cards {
        let before = saved.get(shared.id.as_str()).copied();
        // A card still shared with the saved state is unchanged: no need to
        // compare it field by field (most cards of a save are).
        if before.is_some_and(|b| Arc::ptr_eq(b, shared) || same_card_content(b, shared)) {
            continue;
        }
        let card = Arc::make_mut(shared);
        if let Some(b) = before {
            card.clock = card.clock.merged(&b.clock);
        }
        card.clock.increment(site);
        card.updated_at = now.to_string();
        touched.push(card.id.clone());
    }
    if !same_plan_content(&base.plan, &current.plan) {
        current.plan.updated_at = Some(now.to_string());
    }
    touched
}

// ------------------------------------------------ items of a card, by hand

impl Action {
    /// A new, empty action (not done, no due month).
    pub fn new(id: String) -> Action {
        Action {
            id,
            text: String::new(),
            due: None,
            done: false,
            done_on: None,
            extra: Extra::new(),
        }
    }
}

impl Goal {
    /// A new, empty yearly goal.
    pub fn new(id: String) -> Goal {
        Goal {
            id,
            text: String::new(),
            achieved: false,
            target: None,
            actual: None,
            extra: Extra::new(),
        }
    }

    /// The goal's unit: the target's, else the actual's.
    pub fn unit(&self) -> &str {
        self.target
            .as_ref()
            .or(self.actual.as_ref())
            .map_or("", |q| q.unit.as_str())
    }

    /// Sets the target (or the actual) figure; `None` clears it. The unit the
    /// goal already has is kept.
    pub fn set_figure(&mut self, which: Figure, value: Option<f64>) {
        let unit = self.unit().to_string();
        let slot = match which {
            Figure::Target => &mut self.target,
            Figure::Actual => &mut self.actual,
        };
        *slot = value.map(|value| crate::model::Quantity {
            value,
            unit,
            extra: Extra::new(),
        });
    }

    /// Sets the unit of both figures.
    pub fn set_unit(&mut self, unit: &str) {
        for q in [&mut self.target, &mut self.actual].into_iter().flatten() {
            q.unit = unit.to_string();
        }
    }
}

/// Which figure of a goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Target,
    Actual,
}

impl Indicator {
    /// A new indicator (higher is better) with no figures.
    pub fn new(id: String) -> Indicator {
        Indicator {
            id,
            name: String::new(),
            unit: String::new(),
            direction: crate::model::Direction::Up,
            baseline: None,
            targets: Vec::new(),
            actuals: Vec::new(),
            extra: Extra::new(),
        }
    }

    /// Sets the target for a fiscal year; `None` removes it. Targets stay
    /// sorted by year.
    pub fn set_target(&mut self, year: i32, value: Option<f64>) {
        set_year_value(&mut self.targets, year, value);
    }

    /// Sets the actual value for a fiscal year; `None` removes the year's
    /// actual (with its total).
    pub fn set_actual(&mut self, year: i32, value: Option<f64>) {
        match (self.actuals.iter_mut().find(|a| a.year == year), value) {
            (Some(a), Some(v)) => a.value = v,
            _ => set_year_value(&mut self.actuals, year, value),
        }
    }

    /// Sets the total (母数) of a year's actual. A year with no actual has no
    /// total: false, nothing changed.
    pub fn set_actual_total(&mut self, year: i32, total: Option<f64>) -> bool {
        match self.actuals.iter_mut().find(|a| a.year == year) {
            Some(a) => {
                a.total = total;
                true
            }
            None => false,
        }
    }

    /// Sets the baseline value; `None` removes the baseline. A new baseline
    /// is for `default_year` (normally the year before the plan starts).
    pub fn set_baseline_value(&mut self, value: Option<f64>, default_year: i32) {
        let year = self.baseline.as_ref().map_or(default_year, |b| b.year);
        self.baseline = value.map(|value| YearValue {
            year,
            value,
            total: None,
            extra: Extra::new(),
        });
    }

    /// Sets the baseline's fiscal year (only when there is a baseline). The
    /// year is not checked here: the gate reports a year the format cannot
    /// hold, next to the field.
    pub fn set_baseline_year(&mut self, year: i32) -> bool {
        match self.baseline.as_mut() {
            Some(b) => {
                b.year = year;
                true
            }
            None => false,
        }
    }
}

fn set_year_value(list: &mut Vec<YearValue>, year: i32, value: Option<f64>) {
    list.retain(|x| x.year != year);
    if let Some(value) = value {
        let at = list
            .iter()
            .position(|x| x.year > year)
            .unwrap_or(list.len());
        list.insert(
            at,
            YearValue {
                year,
                value,
                total: None,
                extra: Extra::new(),
            },
        );
    }
}

impl PlanFile {
    /// The next free card number: one more than the largest plain number.
    pub fn next_card_number(&self) -> String {
        let max = self
            .cards
            .iter()
            .filter_map(|c| c.number.trim().parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        (max + 1).to_string()
    }

    /// Adds a new card at the end: the next number, under the first pillar,
    /// led by the first department. Returns nothing: the id is the caller's.
    pub fn add_new_card(&mut self, id: String, title: String, now: &str) {
        let mut card = Card::new(id, self.next_card_number(), title, now);
        card.pillars
            .extend(self.plan.pillars.first().map(|p| p.id.clone()));
        card.departments
            .extend(self.plan.departments.first().cloned());
        self.push_card(card);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn move_item_moves_forward_and_back_and_clamps() {
        let mut v = vec!['a', 'b', 'c', 'd'];
        assert!(move_item(&mut v, 0, 2));
        assert_eq!(v, ['b', 'c', 'a', 'd']);
        assert!(move_item(&mut v, 3, 0));
        assert_eq!(v, ['d', 'b', 'c', 'a']);
        assert!(move_item(&mut v, 1, usize::MAX));
        assert_eq!(v, ['d', 'c', 'a', 'b']);
        assert!(!move_item(&mut v, 2, 2));
        assert!(!move_item(&mut v, 4, 0));
        assert_eq!(v, ['d', 'c', 'a', 'b']);
        let mut empty: Vec<u8> = Vec::new();
        assert!(!move_item(&mut empty, 0, 0));
    }

    #[test]
    fn due_months_shift_by_exactly_one_year() {
        assert_eq!(shift_due_one_year("2024-08"), "2025-08");
        assert_eq!(shift_due_one_year("2025-02"), "2026-02");
        assert_eq!(shift_due_one_year("2025-12"), "2026-12");
        assert_eq!(shift_due_one_year("来年度"), "来年度");
    }

    #[test]
    fn ensure_year_keeps_years_sorted() {
        let mut card = Card::new(
            "c".into(),
            "1".into(),
            "t".into(),
            "2025-04-01T09:00:00+09:00",
        );
        card.ensure_year(2026);
        card.ensure_year(2024);
        card.ensure_year(2025).note = "中".into();
        card.ensure_year(2026);
        let years: Vec<i32> = card.years.iter().map(|y| y.year).collect();
        assert_eq!(years, [2024, 2025, 2026]);
        assert_eq!(card.year(2025).unwrap().note, "中");
        assert_eq!(card.year(2024).unwrap().status, Status::NotStarted);
    }
}
