//! Typed places in a plan where a problem can stand: what the editor asks
//! for ("the problem for the due month of this action of this card")
//! instead of building the JSON path that the gate's [`Problem`]s carry.
//!
//! Items are named by id (actions, goals, indicators, pillars, visions,
//! measures), years by their number, plain strings (departments, outcomes,
//! a card's pillars and visions) by position; [`Spot::path`] finds where
//! they are in the plan as it is now. An id that two items share finds the
//! first of them.

use crate::edit::Figure;
use crate::merge::CardField;
use crate::model::{Card, PlanFile};
use crate::problem::{Problem, index_path, key_path};

/// A place in the plan: in its header, or in one of its cards (by id).
#[derive(Debug, Clone, PartialEq)]
pub enum Spot {
    Plan(PlanSpot),
    Card { card: String, spot: CardSpot },
}

/// A place in the plan's header.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanSpot {
    Title,
    Organization,
    StartYear,
    EndYear,
    /// The plan's department at this position.
    Department(usize),
    /// The id of the pillar with this id.
    PillarId(String),
    PillarName(String),
    /// The id of the vision with this id (in whichever pillar).
    VisionId(String),
    VisionText(String),
    MeasureId(String),
    MeasureName(String),
}

/// A place in a card.
#[derive(Debug, Clone, PartialEq)]
pub enum CardSpot {
    /// A field as a whole (`title`, `measure`, `years`…);
    /// [`CardField::Extra`] stands for the card itself, where the problems
    /// that concern no one field are.
    Field(CardField),
    /// The card's department, pillar, vision or outcome at this position.
    Department(usize),
    Pillar(usize),
    Vision(usize),
    Outcome(usize),
    Year {
        year: i32,
        part: YearPart,
    },
    Action {
        year: i32,
        action: String,
        part: ActionPart,
    },
    Goal {
        year: i32,
        goal: String,
        part: GoalPart,
    },
    Indicator {
        indicator: String,
        part: IndicatorPart,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearPart {
    Year,
    Status,
    Note,
    CorrectiveAction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionPart {
    Id,
    Text,
    Due,
    DoneOn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalPart {
    Id,
    Text,
    /// The value of the goal's target or actual.
    Figure(Figure),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorPart {
    Id,
    Name,
    Unit,
    Direction,
    Baseline(ValuePart),
    /// The target for this fiscal year.
    Target(i32, ValuePart),
    /// The actual for this fiscal year.
    Actual(i32, ValuePart),
}

/// A part of a year's value (baseline, target, actual).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValuePart {
    Year,
    Value,
    Total,
}

impl YearPart {
    fn key(self) -> &'static str {
        match self {
            YearPart::Year => "year",
            YearPart::Status => "status",
            YearPart::Note => "note",
            YearPart::CorrectiveAction => "corrective_action",
        }
    }
}

impl ActionPart {
    fn key(self) -> &'static str {
        match self {
            ActionPart::Id => "id",
            ActionPart::Text => "text",
            ActionPart::Due => "due",
            ActionPart::DoneOn => "done_on",
        }
    }
}

impl GoalPart {
    fn key(self) -> &'static str {
        match self {
            GoalPart::Id => "id",
            GoalPart::Text => "text",
            GoalPart::Figure(Figure::Target) => "target.value",
            GoalPart::Figure(Figure::Actual) => "actual.value",
        }
    }
}

impl ValuePart {
    fn key(self) -> &'static str {
        match self {
            ValuePart::Year => "year",
            ValuePart::Value => "value",
            ValuePart::Total => "total",
        }
    }
}

/// `parent.key[i]` for the first of `items` that `is` picks.
fn item_path<T>(parent: &str, key: &str, items: &[T], is: impl Fn(&T) -> bool) -> Option<String> {
    let i = items.iter().position(is)?;
    Some(index_path(&key_path(parent, key), i))
}

/// `parent.key[i]` when there is an item at `i`.
fn position_path<T>(parent: &str, key: &str, items: &[T], i: usize) -> Option<String> {
    (i < items.len()).then(|| index_path(&key_path(parent, key), i))
}

impl CardSpot {
    /// The path of this spot inside `card`, as the gate gives it relative
    /// to the card (`title`, `years[0].actions[1].due`; empty for the card
    /// itself). None when the item is not (or no longer) in the card.
    pub fn path_in(&self, card: &Card) -> Option<String> {
        match self {
            CardSpot::Field(CardField::Extra) => Some(String::new()),
            CardSpot::Field(f) => Some(f.as_str().to_string()),
            CardSpot::Department(i) => position_path("", "departments", &card.departments, *i),
            CardSpot::Pillar(i) => position_path("", "pillars", &card.pillars, *i),
            CardSpot::Vision(i) => position_path("", "visions", &card.visions, *i),
            CardSpot::Outcome(i) => position_path("", "outcomes", &card.outcomes, *i),
            CardSpot::Year { year, part } => {
                let yp = item_path("", "years", &card.years, |y| y.year == *year)?;
                Some(key_path(&yp, part.key()))
            }
            CardSpot::Action { year, action, part } => {
                let y = card.year(*year)?;
                let yp = item_path("", "years", &card.years, |y| y.year == *year)?;
                let ap = item_path(&yp, "actions", &y.actions, |a| a.id == *action)?;
                Some(key_path(&ap, part.key()))
            }
            CardSpot::Goal { year, goal, part } => {
                let y = card.year(*year)?;
                let yp = item_path("", "years", &card.years, |y| y.year == *year)?;
                let gp = item_path(&yp, "goals", &y.goals, |g| g.id == *goal)?;
                Some(key_path(&gp, part.key()))
            }
            CardSpot::Indicator { indicator, part } => {
                let ind = card.indicators.iter().find(|i| i.id == *indicator)?;
                let ip = item_path("", "indicators", &card.indicators, |i| i.id == *indicator)?;
                let (at, value) = match part {
                    IndicatorPart::Id => return Some(key_path(&ip, "id")),
                    IndicatorPart::Name => return Some(key_path(&ip, "name")),
                    IndicatorPart::Unit => return Some(key_path(&ip, "unit")),
                    IndicatorPart::Direction => return Some(key_path(&ip, "direction")),
                    IndicatorPart::Baseline(v) => (key_path(&ip, "baseline"), v),
                    IndicatorPart::Target(year, v) => (
                        item_path(&ip, "targets", &ind.targets, |t| t.year == *year)?,
                        v,
                    ),
                    IndicatorPart::Actual(year, v) => (
                        item_path(&ip, "actuals", &ind.actuals, |a| a.year == *year)?,
                        v,
                    ),
                };
                Some(key_path(&at, value.key()))
            }
        }
    }
}

impl PlanSpot {
    /// The path of this spot in `file` (`plan.title`,
    /// `plan.pillars[1].visions[0].text`); None when it is not there.
    pub fn path(&self, file: &PlanFile) -> Option<String> {
        let plan = &file.plan;
        let pillars = &plan.pillars;
        // The path of the first item that `at` finds in a pillar's list `key`.
        let in_pillars = |key: &str, at: &dyn Fn(&crate::model::Pillar) -> Option<usize>| {
            pillars.iter().enumerate().find_map(|(pi, p)| {
                let pp = index_path("plan.pillars", pi);
                Some(index_path(&key_path(&pp, key), at(p)?))
            })
        };
        let pillar = |id: &str| item_path("plan", "pillars", pillars, |p| p.id == id);
        let vision =
            |id: &str| in_pillars("visions", &|p| p.visions.iter().position(|v| v.id == id));
        let measure =
            |id: &str| in_pillars("measures", &|p| p.measures.iter().position(|m| m.id == id));
        Some(match self {
            PlanSpot::Title => "plan.title".to_string(),
            PlanSpot::Organization => "plan.organization".to_string(),
            PlanSpot::StartYear => "plan.start_year".to_string(),
            PlanSpot::EndYear => "plan.end_year".to_string(),
            PlanSpot::Department(i) => position_path("plan", "departments", &plan.departments, *i)?,
            PlanSpot::PillarId(id) => key_path(&pillar(id)?, "id"),
            PlanSpot::PillarName(id) => key_path(&pillar(id)?, "name"),
            PlanSpot::VisionId(id) => key_path(&vision(id)?, "id"),
            PlanSpot::VisionText(id) => key_path(&vision(id)?, "text"),
            PlanSpot::MeasureId(id) => key_path(&measure(id)?, "id"),
            PlanSpot::MeasureName(id) => key_path(&measure(id)?, "name"),
        })
    }
}

impl Spot {
    /// A spot in the card with id `card`.
    pub fn card(card: impl Into<String>, spot: CardSpot) -> Spot {
        Spot::Card {
            card: card.into(),
            spot,
        }
    }

    /// The JSON path a [`Problem`] at this spot carries in `file`
    /// (`cards[3].years[0].actions[1].due`); None when the spot is not in
    /// the file (its card or item is gone).
    pub fn path(&self, file: &PlanFile) -> Option<String> {
        match self {
            Spot::Plan(spot) => spot.path(file),
            Spot::Card { card, spot } => {
                let ci = file.cards.iter().position(|c| c.id == *card)?;
                let rel = spot.path_in(&file.cards[ci])?;
                let cp = index_path("cards", ci);
                Some(if rel.is_empty() {
                    cp
                } else {
                    key_path(&cp, &rel)
                })
            }
        }
    }

    /// The first error among `problems` (the gate's, for `file`) that
    /// stands at this spot.
    pub fn problem<'p>(&self, file: &PlanFile, problems: &'p [Problem]) -> Option<&'p Problem> {
        let path = self.path(file)?;
        problems.iter().find(|p| p.is_error() && p.path == path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::{self, GateCache};
    use crate::limits::MAX_STRING_CHARS;
    use crate::problem::{ProblemKind, RefKind};
    use crate::sample_plan;

    fn too_long() -> String {
        "あ".repeat(MAX_STRING_CHARS + 1)
    }

    /// The sample plan changed by `change`: the gate's problems, found at
    /// `spot` by both ways the gate is asked (whole plan, card by card).
    fn problem_at(change: impl FnOnce(&mut PlanFile), spot: &Spot) -> Option<ProblemKind> {
        let mut file = sample_plan();
        change(&mut file);
        let whole = gate::problems(&file);
        let by_card = GateCache::default().problems(&file);
        let a = spot.problem(&file, &whole).map(|p| p.kind.clone());
        let b = spot.problem(&file, &by_card).map(|p| p.kind.clone());
        assert_eq!(a, b, "the cached gate agrees at {spot:?}");
        a
    }

    fn ind_mut(f: &mut PlanFile) -> &mut crate::model::Indicator {
        &mut c(f, "card-01").indicators[0]
    }

    fn card(id: &str, spot: CardSpot) -> Spot {
        Spot::card(id, spot)
    }

    fn c<'a>(file: &'a mut PlanFile, id: &str) -> &'a mut Card {
        file.card_mut(id).unwrap()
    }

    #[test]
    fn the_sample_plan_has_no_problem_at_any_spot_of_its_first_card() {
        let file = sample_plan();
        let problems = gate::problems(&file);
        let c = &file.cards[0];
        let y = &c.years[0];
        let ind = &c.indicators[0];
        let spots = [
            CardSpot::Field(CardField::Title),
            CardSpot::Pillar(0),
            CardSpot::Action {
                year: y.year,
                action: y.actions[0].id.clone(),
                part: ActionPart::Due,
            },
            CardSpot::Goal {
                year: y.year,
                goal: y.goals[0].id.clone(),
                part: GoalPart::Figure(Figure::Target),
            },
            CardSpot::Indicator {
                indicator: ind.id.clone(),
                part: IndicatorPart::Baseline(ValuePart::Year),
            },
        ];
        for spot in spots {
            let spot = card(&c.id, spot);
            assert!(spot.path(&file).is_some(), "{spot:?} is in the card");
            assert_eq!(spot.problem(&file, &problems), None);
        }
    }

    #[test]
    fn paths_are_the_gates_json_paths() {
        let file = sample_plan();
        let c = &file.cards[9];
        let y = &c.years[1];
        let spot = card(
            &c.id,
            CardSpot::Action {
                year: y.year,
                action: y.actions[1].id.clone(),
                part: ActionPart::Due,
            },
        );
        assert_eq!(
            spot.path(&file).as_deref(),
            Some("cards[9].years[1].actions[1].due")
        );
        let ind = &file.cards[0].indicators[0];
        let spot = card(
            "card-01",
            CardSpot::Indicator {
                indicator: ind.id.clone(),
                part: IndicatorPart::Actual(ind.actuals[1].year, ValuePart::Total),
            },
        );
        assert_eq!(
            spot.path(&file).as_deref(),
            Some("cards[0].indicators[0].actuals[1].total")
        );
        assert_eq!(
            card("card-01", CardSpot::Field(CardField::Extra))
                .path(&file)
                .as_deref(),
            Some("cards[0]")
        );
        let vision = &file.plan.pillars[1].visions[0].id;
        assert_eq!(
            Spot::Plan(PlanSpot::VisionText(vision.clone()))
                .path(&file)
                .as_deref(),
            Some("plan.pillars[1].visions[0].text")
        );
        // Gone: no path, so no problem.
        assert_eq!(
            card("no-such-card", CardSpot::Field(CardField::Title)).path(&file),
            None
        );
        assert_eq!(card("card-01", CardSpot::Outcome(99)).path(&file), None);
    }

    /// A text over the limit put in by `change` is found at `at` and not
    /// at `not_at` (a field next to it).
    fn too_long_is_found(change: fn(&mut PlanFile), at: Spot, not_at: Spot) {
        let found = problem_at(change, &at);
        assert!(
            matches!(found, Some(ProblemKind::StringTooLong { .. })),
            "{at:?}: {found:?}"
        );
        assert_eq!(problem_at(change, &not_at), None, "{not_at:?}");
    }

    #[test]
    fn a_bad_header_value_is_found_at_its_spot_and_not_next_to_it() {
        let plan = Spot::Plan;
        let title = problem_at(|f| f.plan.title.clear(), &plan(PlanSpot::Title));
        assert_eq!(title, Some(ProblemKind::Empty));
        let start = problem_at(|f| f.plan.start_year = 1800, &plan(PlanSpot::StartYear));
        assert!(
            matches!(start, Some(ProblemKind::YearOutOfRange { .. })),
            "{start:?}"
        );
        let end = problem_at(|f| f.plan.start_year = 2027, &plan(PlanSpot::EndYear));
        assert_eq!(end, Some(ProblemKind::StartAfterEnd));
        let empty_id = problem_at(
            |f| f.plan.pillars[2].id.clear(),
            &plan(PlanSpot::PillarId(String::new())),
        );
        assert_eq!(empty_id, Some(ProblemKind::Empty));

        let sample = sample_plan();
        let pillar = sample.plan.pillars[2].id.clone();
        let vision = sample.plan.pillars[1].visions[0].id.clone();
        let (measure, other) = (
            sample.plan.pillars[1].measures[0].id.clone(),
            sample.plan.pillars[1].measures[1].id.clone(),
        );
        too_long_is_found(
            |f| f.plan.organization = Some(too_long()),
            plan(PlanSpot::Organization),
            plan(PlanSpot::Title),
        );
        too_long_is_found(
            |f| f.plan.departments[1] = too_long(),
            plan(PlanSpot::Department(1)),
            plan(PlanSpot::Department(0)),
        );
        too_long_is_found(
            |f| f.plan.pillars[2].name = too_long(),
            plan(PlanSpot::PillarName(pillar.clone())),
            plan(PlanSpot::PillarId(pillar)),
        );
        too_long_is_found(
            |f| f.plan.pillars[1].visions[0].text = too_long(),
            plan(PlanSpot::VisionText(vision.clone())),
            plan(PlanSpot::VisionId(vision)),
        );
        too_long_is_found(
            |f| f.plan.pillars[1].measures[0].name = too_long(),
            plan(PlanSpot::MeasureName(measure)),
            plan(PlanSpot::MeasureName(other)),
        );
    }

    #[test]
    fn a_bad_card_field_or_list_entry_is_found_at_its_spot() {
        let at = |spot| card("card-01", spot);
        let field = |f| at(CardSpot::Field(f));
        too_long_is_found(
            |f| c(f, "card-01").title = too_long(),
            field(CardField::Title),
            field(CardField::Number),
        );
        // The same field of another card is another spot.
        too_long_is_found(
            |f| c(f, "card-01").title = too_long(),
            field(CardField::Title),
            card("card-02", CardSpot::Field(CardField::Title)),
        );
        too_long_is_found(
            |f| c(f, "card-01").departments[1] = too_long(),
            at(CardSpot::Department(1)),
            at(CardSpot::Department(0)),
        );
        too_long_is_found(
            |f| c(f, "card-01").outcomes[0] = too_long(),
            at(CardSpot::Outcome(0)),
            at(CardSpot::Outcome(1)),
        );

        let nope = |kind| Some(ProblemKind::UnknownRef(kind, "nope".into()));
        let measure = problem_at(
            |f| c(f, "card-01").measure = Some("nope".into()),
            &field(CardField::Measure),
        );
        assert_eq!(measure, nope(RefKind::Measure));
        let pillar = |f: &mut PlanFile| c(f, "card-01").pillars[1] = "nope".into();
        assert_eq!(
            problem_at(pillar, &at(CardSpot::Pillar(1))),
            nope(RefKind::Pillar)
        );
        assert_eq!(problem_at(pillar, &at(CardSpot::Pillar(0))), None);
        let vision = problem_at(
            |f| c(f, "card-01").visions[0] = "nope".into(),
            &at(CardSpot::Vision(0)),
        );
        assert_eq!(vision, nope(RefKind::Vision));
    }

    #[test]
    fn a_bad_year_action_or_goal_is_found_by_year_and_id() {
        let sample = sample_plan();
        let y = &sample.card("card-10").unwrap().years[1];
        let (year, a0, a1, g0) = (
            y.year,
            y.actions[0].id.clone(),
            y.actions[1].id.clone(),
            y.goals[0].id.clone(),
        );
        let at = |spot| card("card-10", spot);
        let due = |f: &mut PlanFile| {
            c(f, "card-10").years[1].actions[1].due = Some("2099-01".into());
        };
        let found = problem_at(
            due,
            &at(CardSpot::Action {
                year,
                action: a1.clone(),
                part: ActionPart::Due,
            }),
        );
        assert_eq!(found, Some(ProblemKind::DueOutsideYear(year)));
        assert_eq!(
            problem_at(
                due,
                &at(CardSpot::Action {
                    year,
                    action: a0.clone(),
                    part: ActionPart::Due
                })
            ),
            None
        );
        assert_eq!(
            problem_at(
                due,
                &at(CardSpot::Action {
                    year,
                    action: a1.clone(),
                    part: ActionPart::Text
                })
            ),
            None
        );

        too_long_is_found(
            |f| c(f, "card-10").years[1].actions[0].text = too_long(),
            at(CardSpot::Action {
                year,
                action: a0.clone(),
                part: ActionPart::Text,
            }),
            at(CardSpot::Action {
                year,
                action: a0,
                part: ActionPart::Due,
            }),
        );

        let nan = |f: &mut PlanFile| {
            c(f, "card-10").years[1].goals[0].set_figure(Figure::Target, Some(f64::NAN))
        };
        let target = GoalPart::Figure(Figure::Target);
        let found = problem_at(
            nan,
            &at(CardSpot::Goal {
                year,
                goal: g0.clone(),
                part: target,
            }),
        );
        assert_eq!(found, Some(ProblemKind::NumberOutOfRange));
        let actual = GoalPart::Figure(Figure::Actual);
        assert_eq!(
            problem_at(
                nan,
                &at(CardSpot::Goal {
                    year,
                    goal: g0,
                    part: actual
                })
            ),
            None
        );

        let outside = |f: &mut PlanFile| c(f, "card-10").years[1].year = 2099;
        let found = problem_at(
            outside,
            &at(CardSpot::Year {
                year: 2099,
                part: YearPart::Year,
            }),
        );
        assert!(
            matches!(found, Some(ProblemKind::YearOutsidePlan { .. })),
            "{found:?}"
        );
        assert_eq!(
            problem_at(
                outside,
                &at(CardSpot::Year {
                    year: 2099,
                    part: YearPart::Status
                })
            ),
            None
        );
    }

    #[test]
    fn a_bad_indicator_value_is_found_by_indicator_and_year() {
        let sample = sample_plan();
        let ind = &sample.card("card-01").unwrap().indicators[0];
        let iid = ind.id.clone();
        let (t_year, a_year) = (ind.targets[1].year, ind.actuals[0].year);
        let at = |part| {
            card(
                "card-01",
                CardSpot::Indicator {
                    indicator: iid.clone(),
                    part,
                },
            )
        };

        let year5 = |f: &mut PlanFile| {
            ind_mut(f).set_baseline_year(5);
        };
        let found = problem_at(year5, &at(IndicatorPart::Baseline(ValuePart::Year)));
        assert!(
            matches!(found, Some(ProblemKind::YearOutOfRange { .. })),
            "{found:?}"
        );
        assert_eq!(
            problem_at(year5, &at(IndicatorPart::Baseline(ValuePart::Value))),
            None
        );

        let zero = |f: &mut PlanFile| {
            ind_mut(f).set_actual_total(a_year, Some(0.0));
        };
        let found = problem_at(zero, &at(IndicatorPart::Actual(a_year, ValuePart::Total)));
        assert_eq!(found, Some(ProblemKind::TotalNotPositive));
        assert_eq!(
            problem_at(zero, &at(IndicatorPart::Actual(a_year, ValuePart::Value))),
            None
        );

        let nan = |f: &mut PlanFile| ind_mut(f).set_target(t_year, Some(f64::INFINITY));
        let found = problem_at(nan, &at(IndicatorPart::Target(t_year, ValuePart::Value)));
        assert_eq!(found, Some(ProblemKind::NumberOutOfRange));
        assert_eq!(
            problem_at(
                nan,
                &at(IndicatorPart::Target(t_year + 1, ValuePart::Value))
            ),
            None
        );

        too_long_is_found(
            |f| ind_mut(f).name = too_long(),
            at(IndicatorPart::Name),
            at(IndicatorPart::Unit),
        );
    }
}
