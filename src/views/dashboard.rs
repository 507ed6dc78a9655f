//! The dashboard the DX office shows the mayor: status per pillar (one year
//! and over the years), actions per department, each indicator against its
//! target, the due-month timeline, and the hours saved (the headline).
//! Charts follow the plan live; no JS formatter functions (strict CSP).

use charming::Chart;
use charming::component::{Axis, Grid, Legend, Title};
use charming::element::{AxisType, ItemStyle, LineStyle, LineStyleType, Tooltip, Trigger};
use charming::series::{Bar, Line};
use leptos::prelude::*;
use plan_core::Status;
use plan_core::stats;

use super::chart::ChartView;
use super::fields::{FiscalYearSelect, current_fiscal_year};
use super::status::status_color;
use super::{texts, use_doc, use_state};
use crate::views::card::format_number;

fn base(title: &str) -> Chart {
    Chart::new()
        // Off: a screenshot or a test may read the first frame.
        .animation(false)
        .title(
            Title::new()
                .text(title)
                .left("center")
                .text_style(charming::element::TextStyle::new().font_size(14)),
        )
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().bottom(0))
        .grid(
            Grid::new()
                .left(50)
                .right(20)
                .top(40)
                .bottom(60)
                .contain_label(true),
        )
}

/// Stacked bars of the six statuses over some categories.
fn status_stack(title: &str, categories: Vec<String>, counts: &[[usize; 6]]) -> Chart {
    let t = texts();
    let mut chart = base(title)
        .x_axis(crate::charts::category_axis(categories))
        .y_axis(Axis::new().type_(AxisType::Value).min(0).min_interval(1));
    for (i, s) in Status::ALL.iter().enumerate() {
        let data: Vec<i64> = counts.iter().map(|c| c[i] as i64).collect();
        chart = chart.series(
            Bar::new()
                .name(format!("{} {}", s.symbol(), (t.status.name)(*s)))
                .stack("status")
                .item_style(ItemStyle::new().color(status_color(*s)))
                .data(data),
        );
    }
    chart
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
        state
            .doc
            .with_plan(|p| {
                let rows = stats::status_by_pillar(p, y);
                let names = rows.iter().map(|r| r.0.clone()).collect();
                let counts: Vec<[usize; 6]> = rows.iter().map(|r| r.1).collect();
                status_stack(
                    &(t.chart.status_pillar)(&(t.common.fiscal_year)(y)),
                    names,
                    &counts,
                )
            })
            .unwrap_or_default()
    });
    let by_year = Signal::derive(move || {
        state
            .doc
            .with_plan(|p| {
                let rows = stats::status_by_year(p);
                let names = rows.iter().map(|r| (t.common.fiscal_year)(r.0)).collect();
                let counts: Vec<[usize; 6]> = rows.iter().map(|r| r.1).collect();
                status_stack(t.chart.status_years, names, &counts)
            })
            .unwrap_or_default()
    });
    let departments = Signal::derive(move || {
        let y = year.get();
        let overdue_first = sort_by_overdue.get();
        state
            .doc
            .with_plan(|p| {
                let mut rows = stats::departments(p, y, today);
                rows.retain(|r| r.actions_total > 0);
                if overdue_first {
                    rows.sort_by_key(|r| std::cmp::Reverse(r.actions_overdue));
                } else {
                    rows.sort_by_key(|r| std::cmp::Reverse(r.actions_total));
                }
                let names: Vec<String> = rows.iter().map(|r| r.department.clone()).collect();
                let series = |name: &str, color: &str, f: fn(&stats::DepartmentRow) -> usize| {
                    Bar::new()
                        .name(name)
                        .item_style(ItemStyle::new().color(color))
                        .data(rows.iter().map(|r| f(r) as i64).collect::<Vec<_>>())
                };
                base(&(t.chart.departments)(&(t.common.fiscal_year)(y)))
                    .x_axis(crate::charts::category_axis(names))
                    .y_axis(Axis::new().type_(AxisType::Value).min(0).min_interval(1))
                    .series(series(t.status.done, status_color(Status::Achieved), |r| {
                        r.actions_done
                    }))
                    .series(series(t.chart.due, status_color(Status::OnTrack), |r| {
                        r.actions_due
                    }))
                    .series(series(
                        t.status.overdue,
                        status_color(Status::Missed),
                        |r| r.actions_overdue,
                    ))
            })
            .unwrap_or_default()
    });
    let timeline = Signal::derive(move || {
        let y = year.get();
        state
            .doc
            .with_plan(|p| {
                let buckets = stats::due_timeline(p, y, today);
                let months: Vec<String> =
                    buckets.iter().map(|b| (t.common.month)(b.month)).collect();
                let series = |name: &str, color: &str, f: fn(&stats::MonthBucket) -> usize| {
                    Bar::new()
                        .name(name)
                        .stack("due")
                        .item_style(ItemStyle::new().color(color))
                        .data(buckets.iter().map(|b| f(b) as i64).collect::<Vec<_>>())
                };
                base(&(t.chart.timeline)(&(t.common.fiscal_year)(y)))
                    .x_axis(Axis::new().type_(AxisType::Category).data(months))
                    .y_axis(Axis::new().type_(AxisType::Value).min(0).min_interval(1))
                    .series(series(t.status.done, status_color(Status::Achieved), |b| {
                        b.done
                    }))
                    .series(series(
                        t.chart.open,
                        status_color(Status::NotStarted),
                        |b| b.open,
                    ))
                    .series(series(
                        t.status.overdue,
                        status_color(Status::Missed),
                        |b| b.overdue,
                    ))
            })
            .unwrap_or_default()
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
        let mut chart = base(t.chart.effect)
            .x_axis(
                Axis::new().type_(AxisType::Category).data(
                    ys.iter()
                        .map(|y| (t.common.fiscal_year)(*y))
                        .collect::<Vec<_>>(),
                ),
            )
            .y_axis(
                Axis::new()
                    .type_(AxisType::Value)
                    .min(0)
                    .name(t.chart.hours_unit),
            );
        for p in pillars {
            let data: Vec<f64> = ys
                .iter()
                .map(|y| {
                    rows.iter()
                        .filter(|r| r.pillar_name == p && r.year == *y)
                        .map(|r| r.hours)
                        .sum()
                })
                .collect();
            chart = chart.series(Bar::new().name(p).stack("hours").data(data));
        }
        chart
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
                    chart=by_pillar
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
                <ChartView chart=by_year title=t.chart.status_years testid="chart-status-years">
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
                        chart=departments
                        title=t.chart.departments_short
                        testid="chart-departments"
                    />
                </div>
                <ChartView chart=timeline title=t.chart.timeline_short testid="chart-timeline" />
                <ChartView chart=effect title=t.chart.effect testid="chart-effect">
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
    let chart = Signal::derive(move || {
        let Some((number, ind, years)) = ind.get() else {
            return Chart::new();
        };
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
        let to_data = |v: &[Option<f64>]| {
            v.iter()
                .map(|x| {
                    x.map_or(
                        charming::datatype::DataPoint::from(
                            charming::datatype::CompositeValue::from("-"),
                        ),
                        charming::datatype::DataPoint::from,
                    )
                })
                .collect::<Vec<_>>()
        };
        let mut chart = base(&format!("{number} {}", ind.name))
            .x_axis(
                Axis::new().type_(AxisType::Category).data(
                    years
                        .iter()
                        .map(|y| (t.common.fiscal_year)(*y))
                        .collect::<Vec<_>>(),
                ),
            )
            .y_axis(Axis::new().type_(AxisType::Value).min(0).name(unit))
            .series(
                Bar::new()
                    .name(t.indicator.actual)
                    .item_style(ItemStyle::new().color(status_color(Status::OnTrack)))
                    .data(to_data(&actual)),
            );
        if target.iter().any(Option::is_some) {
            chart = chart.series(
                Line::new()
                    .name(t.indicator.target)
                    .item_style(ItemStyle::new().color(status_color(Status::Delayed)))
                    .line_style(LineStyle::new().type_(LineStyleType::Dashed).width(2))
                    .data(to_data(&target)),
            );
        }
        if let Some(b) = ind.baseline.as_ref().filter(|_| !as_rate) {
            chart = chart.series(
                Line::new()
                    .name(format!(
                        "{} ({})",
                        t.indicator.baseline,
                        (t.common.fiscal_year)(b.year)
                    ))
                    .item_style(ItemStyle::new().color(status_color(Status::NotStarted)))
                    .line_style(LineStyle::new().type_(LineStyleType::Dotted))
                    .symbol(charming::element::Symbol::None)
                    .data(years.iter().map(|_| b.value).collect::<Vec<_>>()),
            );
        }
        chart
    });
    view! { <ChartView chart=chart title=title testid="chart-indicator" /> }
}
