//! The dashboard the DX office shows the mayor: status per pillar (one year
//! and over the years), actions per department, each indicator against its
//! target, the due-month timeline, and the hours saved (the headline).
//! Charts follow the plan live; no JS formatter functions (strict CSP).

use leptos::prelude::*;
use plan_core::Status;
use plan_core::stats;

use super::chart::ChartView;
use super::fields::{FiscalYearSelect, current_fiscal_year};
use super::status::status_color;
use super::{texts, use_doc, use_state};
use crate::charts::{Bars, ChartSpec, CountsKind};
use crate::views::card::format_number;

fn bars<T>(name: impl Into<String>, color: Option<&str>, values: Vec<T>) -> Bars<T> {
    Bars {
        name: name.into(),
        color: color.map(str::to_string),
        values,
    }
}

/// Stacked bars of the six statuses over some categories.
fn status_stack(title: String, categories: Vec<String>, counts: &[[usize; 6]]) -> ChartSpec {
    let t = texts();
    let series = Status::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| {
            bars(
                format!("{} {}", s.symbol(), (t.status.name)(*s)),
                Some(status_color(*s)),
                counts.iter().map(|c| c[i] as u32).collect(),
            )
        })
        .collect();
    ChartSpec::Counts {
        kind: CountsKind::Statuses,
        title,
        categories,
        series,
    }
}

/// Indicator charts drawn at first; more on request. A plan of 1,000 cards
/// has about as many indicators, and a chart each froze the tab for seconds.
const INDICATOR_PAGE: usize = 24;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let state = use_state();
    let t = texts();
    let (ty, tm, _) = state.ui.today;
    let today = (ty, tm);
    let years = move || {
        state
            .doc
            .with_plan(|p| p.fiscal_years().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let year = current_fiscal_year(state);
    let sort_by_overdue = RwSignal::new(false);

    let by_pillar = Signal::derive(move || {
        let y = year.get();
        state.doc.with_plan(|p| {
            let rows = stats::status_by_pillar(p, y);
            let names = rows.iter().map(|r| r.0.clone()).collect();
            let counts: Vec<[usize; 6]> = rows.iter().map(|r| r.1).collect();
            status_stack(
                (t.chart.status_pillar)(&(t.common.fiscal_year)(y)),
                names,
                &counts,
            )
        })
    });
    let by_year = Signal::derive(move || {
        state.doc.with_plan(|p| {
            let rows = stats::status_by_year(p);
            let names = rows.iter().map(|r| (t.common.fiscal_year)(r.0)).collect();
            let counts: Vec<[usize; 6]> = rows.iter().map(|r| r.1).collect();
            status_stack(t.chart.status_years.to_string(), names, &counts)
        })
    });
    let departments = Signal::derive(move || {
        let y = year.get();
        let overdue_first = sort_by_overdue.get();
        state.doc.with_plan(|p| {
            let mut rows = stats::departments(p, y, today);
            rows.retain(|r| r.actions_total > 0);
            if overdue_first {
                rows.sort_by_key(|r| std::cmp::Reverse(r.actions_overdue));
            } else {
                rows.sort_by_key(|r| std::cmp::Reverse(r.actions_total));
            }
            let names: Vec<String> = rows.iter().map(|r| r.department.clone()).collect();
            let series = |name: &str, status: Status, f: fn(&stats::DepartmentRow) -> usize| {
                bars(
                    name,
                    Some(status_color(status)),
                    rows.iter().map(|r| f(r) as u32).collect(),
                )
            };
            ChartSpec::Counts {
                kind: CountsKind::Departments,
                title: (t.chart.departments)(&(t.common.fiscal_year)(y)),
                categories: names,
                series: vec![
                    series(t.status.done, Status::Achieved, |r| r.actions_done),
                    series(t.chart.due, Status::OnTrack, |r| r.actions_due),
                    series(t.status.overdue, Status::Missed, |r| r.actions_overdue),
                ],
            }
        })
    });
    let timeline = Signal::derive(move || {
        let y = year.get();
        state.doc.with_plan(|p| {
            let buckets = stats::due_timeline(p, y, today);
            let series = |name: &str, status: Status, f: fn(&stats::MonthBucket) -> usize| {
                bars(
                    name,
                    Some(status_color(status)),
                    buckets.iter().map(|b| f(b) as u32).collect(),
                )
            };
            ChartSpec::Counts {
                kind: CountsKind::Months,
                title: (t.chart.timeline)(&(t.common.fiscal_year)(y)),
                categories: buckets.iter().map(|b| (t.common.month)(b.month)).collect(),
                series: vec![
                    series(t.status.done, Status::Achieved, |b| b.done),
                    series(t.chart.open, Status::NotStarted, |b| b.open),
                    series(t.status.overdue, Status::Missed, |b| b.overdue),
                ],
            }
        })
    });
    let effect_rows =
        Signal::derive(move || state.doc.with_plan(stats::effect_hours).unwrap_or_default());
    let effect = Signal::derive(move || {
        let rows = effect_rows.get();
        let ys = years();
        let mut pillars: Vec<String> = Vec::new();
        for r in &rows {
            if !pillars.contains(&r.pillar_name) {
                pillars.push(r.pillar_name.clone());
            }
        }
        let pillars = pillars
            .into_iter()
            .map(|p| {
                let values = ys
                    .iter()
                    .map(|y| {
                        rows.iter()
                            .filter(|r| r.pillar_name == p && r.year == *y)
                            .map(|r| r.hours)
                            .sum::<f64>()
                    })
                    .collect();
                bars(p, None, values)
            })
            .collect();
        Some(ChartSpec::Effect {
            title: t.chart.effect.to_string(),
            years: ys.iter().map(|y| (t.common.fiscal_year)(*y)).collect(),
            unit: t.chart.hours_unit.to_string(),
            pillars,
        })
    });
    let total_hours = move || {
        state
            .doc
            .with_plan(|p| stats::total_effect_hours(p, None))
            .unwrap_or(0.0)
    };
    let indicator_ids = move || {
        state
            .doc
            .with_plan(|p| {
                p.cards
                    .iter()
                    .flat_map(|c| {
                        c.indicators
                            .iter()
                            .map(move |i| (c.id.clone(), i.id.clone()))
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let indicators_shown = RwSignal::new(INDICATOR_PAGE);
    let shown_indicators = move || {
        let mut ids = indicator_ids();
        ids.truncate(indicators_shown.get());
        ids
    };
    view! {
        <article class="dashboard" data-testid="dashboard">
            <div class="toolbar">
                <h1>{t.nav.dashboard}</h1>
                <span class="spacer"></span>
                <FiscalYearSelect year=year />
            </div>
            <p class="headline" data-testid="headline">
                {move || (t.dashboard.headline_hours)(&format_number(total_hours()))}
            </p>
            <div class="chart-grid">
                <ChartView
                    spec=by_pillar
                    title=t.chart.status_pillar_short
                    testid="chart-status-pillar"
                >
                    {move || status_table(
                        state
                            .doc
                            .with_plan(|p| stats::status_by_pillar(p, year.get()))
                            .unwrap_or_default(),
                    )}
                </ChartView>
                <ChartView spec=by_year title=t.chart.status_years testid="chart-status-years">
                    {move || status_table(
                        state
                            .doc
                            .with_plan(|p| {
                                stats::status_by_year(p)
                                    .into_iter()
                                    .map(|(y, c)| ((t.common.fiscal_year)(y), c))
                                    .collect()
                            })
                            .unwrap_or_default(),
                    )}
                </ChartView>
                <div>
                    <label class="check no-print">
                        <input
                            type="checkbox"
                            prop:checked=move || sort_by_overdue.get()
                            on:change:target=move |ev| sort_by_overdue.set(ev.target().checked())
                        />
                        {t.dashboard.sort_overdue_first}
                    </label>
                    <ChartView
                        spec=departments
                        title=t.chart.departments_short
                        testid="chart-departments"
                    />
                </div>
                <ChartView spec=timeline title=t.chart.timeline_short testid="chart-timeline" />
                <ChartView spec=effect title=t.chart.effect testid="chart-effect">
                    <table class="plain-table">
                        <tbody>
                            {move || {
                                effect_rows
                                    .get()
                                    .into_iter()
                                    .map(|r| {
                                        view! {
                                            <tr>
                                                <td>{r.pillar_name}</td>
                                                <td>{(t.common.fiscal_year)(r.year)}</td>
                                                <td>{format_number(r.hours)}{t.chart.hours_unit}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tbody>
                    </table>
                </ChartView>
            </div>
            <h2>{t.fields.indicators}</h2>
            <div class="chart-grid">
                <For each=shown_indicators key=|k| k.clone() let:key>
                    <IndicatorChart card_id=key.0 ind_id=key.1 />
                </For>
            </div>
            <Show when=move || { indicator_ids().len() > indicators_shown.get() }>
                <button
                    type="button"
                    class="no-print"
                    data-testid="more-indicators"
                    on:click=move |_| indicators_shown.update(|n| *n += INDICATOR_PAGE)
                >
                    {t.common.show_more}
                </button>
            </Show>
        </article>
    }
}

/// Status counts as a table: the charts' text alternative.
fn status_table(rows: Vec<(String, [usize; 6])>) -> impl IntoView {
    let t = texts();
    view! {
        <table class="plain-table">
            <thead>
                <tr>
                    <th></th>
                    {Status::ALL
                        .iter()
                        .map(|s| view! { <th>{s.symbol()}" "{(t.status.name)(*s)}</th> })
                        .collect_view()}
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|(name, c)| {
                        view! {
                            <tr>
                                <th scope="row">{name}</th>
                                {c.iter().map(|n| view! { <td>{*n}</td> }).collect_view()}
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// One indicator: actual against target per fiscal year, with the baseline;
/// for indicators with totals, the rate (%) is drawn.
#[component]
fn IndicatorChart(card_id: String, ind_id: String) -> impl IntoView {
    let doc = use_doc();
    let t = texts();
    let ind = Memo::new(move |_| {
        doc.with_plan(|p| {
            let c = p.card(&card_id)?;
            let i = c.indicators.iter().find(|i| i.id == ind_id)?;
            Some((
                c.number.clone(),
                i.clone(),
                p.fiscal_years().collect::<Vec<_>>(),
            ))
        })
        .flatten()
    });
    let title = ind.with_untracked(|i| {
        i.as_ref()
            .map(|(n, i, _)| format!("{n} {}", i.name))
            .unwrap_or_default()
    });
    let spec = Signal::derive(move || {
        let (number, ind, years) = ind.get()?;
        let points = stats::indicator_series(&ind, years.iter().copied());
        let as_rate = points.iter().any(|p| p.rate_percent.is_some());
        let unit = if as_rate {
            "%".to_string()
        } else {
            ind.unit.clone()
        };
        let actual: Vec<Option<f64>> = points
            .iter()
            .map(|p| if as_rate { p.rate_percent } else { p.actual })
            .collect();
        let target: Vec<Option<f64>> = points
            .iter()
            .map(|p| if as_rate { None } else { p.target })
            .collect();
        let target = target.iter().any(Option::is_some).then(|| {
            bars(
                t.indicator.target,
                Some(status_color(Status::Delayed)),
                target,
            )
        });
        let baseline = ind.baseline.as_ref().filter(|_| !as_rate).map(|b| {
            bars(
                format!(
                    "{} ({})",
                    t.indicator.baseline,
                    (t.common.fiscal_year)(b.year)
                ),
                Some(status_color(Status::NotStarted)),
                years.iter().map(|_| b.value).collect(),
            )
        });
        Some(ChartSpec::Indicator {
            title: format!("{number} {}", ind.name),
            years: years.iter().map(|y| (t.common.fiscal_year)(*y)).collect(),
            unit,
            actual: bars(
                t.indicator.actual,
                Some(status_color(Status::OnTrack)),
                actual,
            ),
            target,
            baseline,
        })
    });
    view! { <ChartView spec=spec title=title testid="chart-indicator" /> }
}
