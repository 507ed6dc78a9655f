//! Aggregates for the status matrix, the department view and the
//! dashboard.
//!
//! Status counts are `[usize; 6]` indexed like [`Status::ALL`] (see
//! [`status_index`]): `Status` has no order of its own. Nothing here reads
//! the clock: the caller passes `today` as (year, month).

use serde::Serialize;

use crate::fiscal::{FISCAL_MONTHS, fiscal_month_index, fiscal_year_of};
use crate::model::{Card, Direction, Indicator, PlanFile, Status};
use crate::query::timestamp_seconds;

/// Count of cards per status, indexed like [`Status::ALL`].
pub type StatusCounts = [usize; 6];

/// Position of a status in [`Status::ALL`] and in [`StatusCounts`].
pub fn status_index(status: Status) -> usize {
    match status {
        Status::NotStarted => 0,
        Status::OnTrack => 1,
        Status::Delayed => 2,
        Status::Missed => 3,
        Status::Achieved => 4,
        Status::Withdrawn => 5,
    }
}

/// How many of the cards have each status in `year`. Cards that do not run
/// that year are not counted.
pub fn status_counts(cards: impl IntoIterator<Item = impl AsRef<Card>>, year: i32) -> StatusCounts {
    let mut counts = [0; 6];
    for card in cards {
        if let Some(cy) = card.as_ref().year(year) {
            counts[status_index(cy.status)] += 1;
        }
    }
    counts
}

/// The index of the plan pillar a card lives under (its first pillar), or
/// None when that pillar is not one of the plan's.
fn home_index(file: &PlanFile, card: &Card) -> Option<usize> {
    let home = card.home_pillar()?;
    file.plan.pillars.iter().position(|p| p.id == home)
}

// --------------------------------------------------------------- matrix

/// One pillar of the status matrix (a 基本戦略 of the progress report).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixPillar {
    /// Empty for the final group of cards whose home pillar is unknown.
    pub pillar_id: String,
    pub name: String,
    pub groups: Vec<MatrixGroup>,
}

/// Cards under one measure (施策) of a pillar, or under none.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixGroup {
    pub measure_id: Option<String>,
    pub name: Option<String>,
    pub rows: Vec<MatrixRow>,
    /// Per plan fiscal year, the statuses of the group's home cards; rows
    /// listed again here (再掲) are not counted.
    pub counts: Vec<StatusCounts>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixRow {
    pub card_id: String,
    pub number: String,
    pub title: String,
    pub lead_department: Option<String>,
    /// Listed again here (再掲); the card lives under another pillar.
    pub relisted: bool,
    /// Per plan fiscal year; None when the card does not run that year.
    pub statuses: Vec<Option<Status>>,
}

/// The status matrix, like the 笠間市 progress report: for each pillar of
/// the plan, in order, the cards that live there grouped by measure (cards
/// without a measure first, then the pillar's measures in order; groups
/// without cards are left out), then, in a last group with no measure, the
/// cards listed there again (再掲), which are not counted. Cards whose home
/// pillar is unknown come last under a pillar with id `""`. Every card is
/// counted once, so per year the counts add up to the cards that run that
/// year.
pub fn matrix(file: &PlanFile) -> Vec<MatrixPillar> {
    let years: Vec<i32> = file.fiscal_years().collect();
    let row = |card: &Card, relisted: bool| MatrixRow {
        card_id: card.id.clone(),
        number: card.number.clone(),
        title: card.title.clone(),
        lead_department: card.lead_department().map(str::to_string),
        relisted,
        statuses: years
            .iter()
            .map(|y| card.year(*y).map(|cy| cy.status))
            .collect(),
    };
    let group =
        |measure_id: Option<String>, name: Option<String>, cards: &[&Card], relisted| MatrixGroup {
            measure_id,
            name,
            rows: cards.iter().map(|c| row(c, relisted)).collect(),
            counts: years
                .iter()
                .map(|y| {
                    if relisted {
                        [0; 6]
                    } else {
                        status_counts(cards.iter().copied(), *y)
                    }
                })
                .collect(),
        };

    let homes: Vec<Option<usize>> = file.cards.iter().map(|c| home_index(file, c)).collect();
    let mut out = Vec::with_capacity(file.plan.pillars.len() + 1);
    for (pi, pillar) in file.plan.pillars.iter().enumerate() {
        let home: Vec<&Card> = file
            .cards
            .iter()
            .zip(&homes)
            .filter(|(_, h)| **h == Some(pi))
            .map(|(c, _)| &**c)
            .collect();
        let in_measure = |c: &Card| {
            c.measure
                .as_ref()
                .filter(|m| pillar.measures.iter().any(|pm| &pm.id == *m))
                .cloned()
        };
        let mut groups = Vec::new();
        let loose: Vec<&Card> = home
            .iter()
            .copied()
            .filter(|c| in_measure(c).is_none())
            .collect();
        if !loose.is_empty() {
            groups.push(group(None, None, &loose, false));
        }
        for m in &pillar.measures {
            let cards: Vec<&Card> = home
                .iter()
                .copied()
                .filter(|c| in_measure(c).as_ref() == Some(&m.id))
                .collect();
            if !cards.is_empty() {
                groups.push(group(
                    Some(m.id.clone()),
                    Some(m.name.clone()),
                    &cards,
                    false,
                ));
            }
        }
        let relisted: Vec<&Card> = file
            .cards
            .iter()
            .zip(&homes)
            .filter(|(c, h)| **h != Some(pi) && c.pillars.iter().skip(1).any(|p| p == &pillar.id))
            .map(|(c, _)| &**c)
            .collect();
        if !relisted.is_empty() {
            groups.push(group(None, None, &relisted, true));
        }
        out.push(MatrixPillar {
            pillar_id: pillar.id.clone(),
            name: pillar.name.clone(),
            groups,
        });
    }
    let unknown: Vec<&Card> = file
        .cards
        .iter()
        .zip(&homes)
        .filter(|(_, h)| h.is_none())
        .map(|(c, _)| &**c)
        .collect();
    if !unknown.is_empty() {
        out.push(MatrixPillar {
            pillar_id: String::new(),
            name: String::new(),
            groups: vec![group(None, None, &unknown, false)],
        });
    }
    out
}

impl MatrixPillar {
    /// Counts of the whole pillar per plan fiscal year.
    pub fn counts(&self) -> Vec<StatusCounts> {
        let mut out: Vec<StatusCounts> = Vec::new();
        for g in &self.groups {
            if out.len() < g.counts.len() {
                out.resize(g.counts.len(), [0; 6]);
            }
            for (total, c) in out.iter_mut().zip(&g.counts) {
                for (t, n) in total.iter_mut().zip(c) {
                    *t += n;
                }
            }
        }
        out
    }
}

// ---------------------------------------------------------- departments

/// One department's share of a fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DepartmentRow {
    pub department: String,
    /// Cards running that year that it leads.
    pub cards_lead: usize,
    /// Cards running that year that it takes part in, leading or not.
    pub cards_any: usize,
    /// Actions of that year of the cards it leads (each action counts for
    /// its card's lead department only, so the rows add up to the year).
    pub actions_done: usize,
    pub actions_total: usize,
    /// Not done and due by `today`'s month, overdue ones included.
    pub actions_due: usize,
    /// Not done and due before `today`'s month.
    pub actions_overdue: usize,
    /// The latest `updated_at` of the cards it takes part in (that run that
    /// year), compared as instants.
    pub last_update: Option<String>,
}

/// Per department for fiscal year `year`: the plan's departments in order,
/// then departments only named on cards, in the order they first appear.
pub fn departments(file: &PlanFile, year: i32, today: (i32, u32)) -> Vec<DepartmentRow> {
    let mut names: Vec<&str> = Vec::new();
    for d in file
        .plan
        .departments
        .iter()
        .chain(file.cards.iter().flat_map(|c| &c.departments))
    {
        if !names.contains(&d.as_str()) {
            names.push(d);
        }
    }
    let mut rows: Vec<DepartmentRow> = names
        .iter()
        .map(|d| DepartmentRow {
            department: d.to_string(),
            cards_lead: 0,
            cards_any: 0,
            actions_done: 0,
            actions_total: 0,
            actions_due: 0,
            actions_overdue: 0,
            last_update: None,
        })
        .collect();
    let mut latest: Vec<Option<(Option<i64>, &str)>> = vec![None; rows.len()];
    for card in &file.cards {
        let Some(cy) = card.year(year) else {
            continue;
        };
        let stamp = (
            timestamp_seconds(&card.updated_at),
            card.updated_at.as_str(),
        );
        let mut seen: Vec<usize> = Vec::with_capacity(card.departments.len());
        for (di, d) in card.departments.iter().enumerate() {
            let Some(i) = names.iter().position(|n| n == d) else {
                continue;
            };
            if seen.contains(&i) {
                continue;
            }
            seen.push(i);
            let row = &mut rows[i];
            row.cards_any += 1;
            if latest[i].is_none_or(|l| stamp > l) {
                latest[i] = Some(stamp);
            }
            if di == 0 {
                row.cards_lead += 1;
                for a in &cy.actions {
                    row.actions_total += 1;
                    if a.done {
                        row.actions_done += 1;
                    } else if let Some(due) = a.due_month() {
                        if due <= today {
                            row.actions_due += 1;
                        }
                        if due < today {
                            row.actions_overdue += 1;
                        }
                    }
                }
            }
        }
    }
    for (row, l) in rows.iter_mut().zip(latest) {
        row.last_update = l.map(|(_, s)| s.to_string());
    }
    rows
}

// ------------------------------------------------------------ dashboard

/// Statuses in `year` per pillar of the plan, in order, counting each card
/// under its home pillar only; cards whose home pillar is unknown are
/// counted last under the name `""`, when there are any.
pub fn status_by_pillar(file: &PlanFile, year: i32) -> Vec<(String, StatusCounts)> {
    let mut out: Vec<(String, StatusCounts)> = file
        .plan
        .pillars
        .iter()
        .map(|p| (p.name.clone(), [0; 6]))
        .collect();
    let mut unknown = [0; 6];
    for card in &file.cards {
        let Some(cy) = card.year(year) else {
            continue;
        };
        let counts = match home_index(file, card) {
            Some(i) => &mut out[i].1,
            None => &mut unknown,
        };
        counts[status_index(cy.status)] += 1;
    }
    if unknown.iter().any(|n| *n > 0) {
        out.push((String::new(), unknown));
    }
    out
}

/// Statuses of all cards per plan fiscal year.
pub fn status_by_year(file: &PlanFile) -> Vec<(i32, StatusCounts)> {
    file.fiscal_years()
        .map(|y| (y, status_counts(&file.cards, y)))
        .collect()
}

/// Actions due in one month of a fiscal year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MonthBucket {
    /// Calendar month, 4 … 12, 1 … 3.
    pub month: u32,
    pub done: usize,
    /// Not done and not overdue at `today`.
    pub open: usize,
    /// Not done and due before `today`'s month.
    pub overdue: usize,
}

/// The actions of fiscal year `year` by due month, April … March. Actions
/// without a due month, or due outside the year, are left out.
pub fn due_timeline(file: &PlanFile, year: i32, today: (i32, u32)) -> [MonthBucket; 12] {
    let mut out = FISCAL_MONTHS.map(|month| MonthBucket {
        month,
        ..MonthBucket::default()
    });
    for a in file
        .cards
        .iter()
        .filter_map(|c| c.year(year))
        .flat_map(|cy| &cy.actions)
    {
        let Some((y, m)) = a.due_month() else {
            continue;
        };
        if fiscal_year_of(y, m) != year {
            continue;
        }
        let Some(i) = fiscal_month_index(m) else {
            continue;
        };
        let b = &mut out[i];
        if a.done {
            b.done += 1;
        } else if a.is_overdue(today) {
            b.overdue += 1;
        } else {
            b.open += 1;
        }
    }
    out
}

/// One year of an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SeriesPoint {
    pub year: i32,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    /// The actual's value ÷ total, when it has a total.
    pub rate_percent: Option<f64>,
}

/// Target, actual and rate of an indicator for each of `years`.
pub fn indicator_series(ind: &Indicator, years: impl Iterator<Item = i32>) -> Vec<SeriesPoint> {
    years
        .map(|year| {
            let target = ind.targets.iter().find(|v| v.year == year);
            let actual = ind.actuals.iter().find(|v| v.year == year);
            SeriesPoint {
                year,
                target: target.map(|v| v.value),
                actual: actual.map(|v| v.value),
                rate_percent: actual.and_then(|v| v.rate_percent()),
            }
        })
        .collect()
}

// -------------------------------------------------------------- effects

/// Is this a unit of hours? `時間`, `h`, `hr`, `hours`, `延べ時間`, also per
/// year (`時間/年`, `h/年度`, `hours/year`, `時間（年間）`), in any width
/// and case. Minutes and per-month figures are not.
pub fn is_hours_unit(unit: &str) -> bool {
    let u = crate::query::normalize(unit);
    let u: String = u.chars().filter(|c| !c.is_whitespace()).collect();
    const BASES: [&str; 8] = [
        "時間",
        "延べ時間",
        "h",
        "hr",
        "hrs",
        "hour",
        "hours",
        "人時",
    ];
    const PER_YEAR: [&str; 10] = [
        "", "/年", "/年度", "/year", "/yr", "/y", "(年)", "(年間)", "(年度)", "/年間",
    ];
    let u = u.strip_prefix("年間").unwrap_or(&u);
    BASES.iter().any(|b| {
        u.strip_prefix(b)
            .is_some_and(|rest| PER_YEAR.contains(&rest))
    })
}

/// Does the indicator count hours saved (業務時間の削減)? Measured in hours
/// and better when higher; an hours indicator that should go down (a
/// processing or waiting time) is a level, not a saving, and is left out.
pub fn is_effect_indicator(ind: &Indicator) -> bool {
    ind.direction == Direction::Up && is_hours_unit(&ind.unit)
}

/// Hours saved in one fiscal year under one pillar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EffectRow {
    /// The home pillar's id; `""` for cards whose home pillar is unknown.
    pub pillar: String,
    /// Its name, for display; `""` when unknown.
    pub pillar_name: String,
    pub year: i32,
    pub hours: f64,
}

/// The actuals of every effect indicator ([`is_effect_indicator`]) summed
/// per home pillar and year: pillars in plan order (unknown last), years
/// ascending; only pairs with at least one actual.
pub fn effect_hours(file: &PlanFile) -> Vec<EffectRow> {
    let n = file.plan.pillars.len();
    // (pillar index, year) → hours; pillar index n is the unknown pillar.
    let mut sums: Vec<(usize, i32, f64)> = Vec::new();
    for card in &file.cards {
        let pi = home_index(file, card).unwrap_or(n);
        for ind in card.indicators.iter().filter(|i| is_effect_indicator(i)) {
            for v in &ind.actuals {
                match sums.iter_mut().find(|(p, y, _)| *p == pi && *y == v.year) {
                    Some(s) => s.2 += v.value,
                    None => sums.push((pi, v.year, v.value)),
                }
            }
        }
    }
    sums.sort_by_key(|(p, y, _)| (*p, *y));
    sums.into_iter()
        .map(|(pi, year, hours)| {
            let pillar = file.plan.pillars.get(pi);
            EffectRow {
                pillar: pillar.map(|p| p.id.clone()).unwrap_or_default(),
                pillar_name: pillar.map(|p| p.name.clone()).unwrap_or_default(),
                year,
                hours,
            }
        })
        .collect()
}

/// The headline figure, `業務時間 13,396時間削減`: hours saved in `year`,
/// or over all years.
pub fn total_effect_hours(file: &PlanFile, year: Option<i32>) -> f64 {
    effect_hours(file)
        .iter()
        .filter(|r| year.is_none_or(|y| r.year == y))
        .map(|r| r.hours)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_index_follows_all() {
        for (i, s) in Status::ALL.into_iter().enumerate() {
            assert_eq!(status_index(s), i);
        }
    }

    #[test]
    fn hour_units() {
        for u in [
            "時間",
            "h",
            "H",
            "ｈ",
            "hours",
            "Hours",
            "時間/年",
            "時間／年",
            "時間/年度",
            "h/年",
            "hours/year",
            "時間（年間）",
            " 時間 ",
            "延べ時間",
            "年間時間",
            "hr",
        ] {
            assert!(is_hours_unit(u), "{u}");
        }
        for u in [
            "分",
            "件",
            "%",
            "人",
            "",
            "時間/月",
            "h/month",
            "時",
            "秒",
            "hoursx",
        ] {
            assert!(!is_hours_unit(u), "{u}");
        }
    }
}
