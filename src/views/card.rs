//! One card laid out like the printed card of the Kashima plan: header
//! row, visions beside the overview, background, one column per fiscal
//! year (actions over yearly goals), outcomes, indicators and the log.

use leptos::prelude::*;
use plan_core::{Card, CardYear, Direction, Indicator, PlanFile, Quantity};

use super::status::StatusMark;
use super::{MultiLine, texts, use_state};
use crate::route::Route;

#[component]
pub fn CardPage(id: String) -> impl IntoView {
    let state = use_state();
    let plan = state.current_plan();
    move || {
        let id = id.clone();
        plan.with(|p| {
            let p = p.as_ref()?;
            let card = p.card(&id)?.clone();
            Some(view! { <CardView plan=p.clone() card=card /> })
        })
        .map(IntoAny::into_any)
        .unwrap_or_else(|| view! { <p class="empty">{texts().card_not_found}</p> }.into_any())
    }
}

fn quantity(q: &Option<Quantity>) -> Option<String> {
    q.as_ref()
        .map(|q| format!("{}{}", format_number(q.value), q.unit))
}

/// 5357 → "5,357"; 9.25 → "9.25".
pub fn format_number(v: f64) -> String {
    let neg = v < 0.0;
    let abs = v.abs();
    let int = abs.trunc() as u64;
    let digits = int.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let frac = abs - abs.trunc();
    let frac_text = if frac > 1e-9 {
        let s = format!("{:.2}", frac);
        s.trim_start_matches('0').trim_end_matches('0').to_string()
    } else {
        String::new()
    };
    format!("{}{grouped}{frac_text}", if neg { "-" } else { "" })
}

#[component]
pub fn CardView(plan: PlanFile, card: Card) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let today = (state.today.0, state.today.1);
    let pillars = plan
        .plan
        .pillars
        .iter()
        .map(|p| {
            let pos = card.pillars.iter().position(|id| id == &p.id);
            (p.name.clone(), pos)
        })
        .collect::<Vec<_>>();
    let visions = card
        .visions
        .iter()
        .map(|v| plan.vision_text(v).unwrap_or(v).to_string())
        .collect::<Vec<_>>();
    let measure = card
        .measure
        .as_deref()
        .and_then(|m| plan.measure_name(m))
        .map(str::to_string);
    let years = card.years.clone();
    let year_columns = format!("--years: {}", years.len().max(1));
    view! {
        <article class="card-sheet" data-testid="card-sheet">
            <p class="back">
                <a href="#/plan" on:click=move |ev| {
                    ev.prevent_default();
                    state.navigate(Route::Overview);
                }>{t.back_to_overview}</a>
            </p>
            <table class="sheet-head">
                <tbody>
                    <tr>
                        <th scope="row">{t.h_title}</th>
                        <td>
                            <div class="card-title">
                                <span class="card-number">{card.number.clone()}</span>
                                <h1>{card.title.clone()}</h1>
                            </div>
                        </td>
                        <th scope="row">{t.h_departments}</th>
                        <td>
                            <ul class="plain">
                                {card.departments.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}
                            </ul>
                        </td>
                        <th scope="row">{t.h_pillars}</th>
                        <td>
                            <ul class="plain pillars">
                                {pillars
                                    .into_iter()
                                    .map(|(name, pos)| {
                                        let mark = match pos {
                                            Some(0) => "●",
                                            Some(_) => "○",
                                            None => "",
                                        };
                                        let class = if pos.is_some() { "on" } else { "off" };
                                        view! {
                                            <li class=class>
                                                <span class="pillar-mark" aria-hidden="true">{mark}</span>
                                                {name}
                                                {matches!(pos, Some(p) if p > 0).then(|| view! { <span class="tag">{t.relisted}</span> })}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </td>
                    </tr>
                    <tr>
                        <th scope="row">{t.h_category}</th>
                        <td>{card.category.clone()}</td>
                        <th scope="row">{t.h_measure}</th>
                        <td colspan="3">{measure.unwrap_or_else(|| t.none.to_string())}</td>
                    </tr>
                </tbody>
            </table>
            <div class="sheet-row two">
                <section>
                    <h2>{t.h_visions}</h2>
                    <ul>{visions.into_iter().map(|v| view! { <li>{v}</li> }).collect_view()}</ul>
                </section>
                <section>
                    <h2>{t.h_overview}</h2>
                    <MultiLine text=card.overview.clone() />
                </section>
            </div>
            <section class="sheet-row">
                <h2>{t.h_background}</h2>
                <MultiLine text=card.background.clone() />
            </section>
            <div class="sheet-years" style=year_columns>
                {years.into_iter().map(|y| view! { <YearColumn year=y today=today /> }).collect_view()}
            </div>
            <section class="sheet-row">
                <h2>{t.h_outcomes}</h2>
                <ul>{card.outcomes.iter().map(|o| view! { <li>{o.clone()}</li> }).collect_view()}</ul>
            </section>
            {(!card.indicators.is_empty()).then(|| view! { <Indicators indicators=card.indicators.clone() /> })}
            <section class="sheet-row log">
                <h2>{t.h_log}</h2>
                <ol class="log-list">
                    {card
                        .log
                        .iter()
                        .map(|e| {
                            view! {
                                <li>
                                    <time>{e.at.get(..10).unwrap_or(&e.at).to_string()}</time>
                                    <span class="log-by">{e.by.clone()}</span>
                                    <span>{e.text.clone()}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
                <p class="muted">{t.h_updated}": "{card.updated_at.get(..10).unwrap_or(&card.updated_at).to_string()}</p>
            </section>
        </article>
    }
}

#[component]
fn YearColumn(year: CardYear, today: (i32, u32)) -> impl IntoView {
    let t = texts();
    view! {
        <section class="year-col" data-year=year.year>
            <h2 class="year-head">
                <span>{(t.fiscal_year)(year.year)}</span>
                <span class="year-status">
                    <StatusMark status=year.status with_name=true />
                </span>
            </h2>
            <h3>{t.h_actions}</h3>
            <ul class="actions">
                {year
                    .actions
                    .iter()
                    .map(|a| {
                        let overdue = a.is_overdue(today);
                        let class = if a.done { "action done" } else if overdue { "action overdue" } else { "action" };
                        let state_text = if a.done { t.done } else { t.not_done };
                        view! {
                            <li class=class>
                                <span class="tick" role="img" aria-label=state_text>
                                    {if a.done { "☑" } else { "☐" }}
                                </span>
                                <span class="action-text">{a.text.clone()}</span>
                                <span class="action-meta">
                                    {a.due_month().map(|(y, m)| (t.due)(y, m))}
                                    {a.done_on.as_deref().map(|d| view! { " · "{(t.done_on)(d)} })}
                                    {overdue.then(|| view! { <span class="tag tag-overdue">{t.overdue}</span> })}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <h3>{t.h_goals}</h3>
            <ul class="goals">
                {year
                    .goals
                    .iter()
                    .map(|g| {
                        let figures = match (quantity(&g.target), quantity(&g.actual)) {
                            (None, None) => None,
                            (target, actual) => Some(format!(
                                "{} {} / {} {}",
                                t.target,
                                target.unwrap_or_else(|| t.none.to_string()),
                                t.actual,
                                actual.unwrap_or_else(|| t.none.to_string()),
                            )),
                        };
                        view! {
                            <li class=if g.achieved { "goal achieved" } else { "goal" }>
                                <span class="tick" role="img" aria-label=if g.achieved { t.achieved } else { t.not_achieved }>
                                    {if g.achieved { "◎" } else { "・" }}
                                </span>
                                <span>{g.text.clone()}</span>
                                {figures.map(|f| view! { <span class="goal-figures">{f}</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {(!year.note.is_empty()).then(|| view! {
                <h3>{t.h_note}</h3>
                <MultiLine text=year.note.clone() />
            })}
        </section>
    }
}

#[component]
fn Indicators(indicators: Vec<Indicator>) -> impl IntoView {
    let t = texts();
    view! {
        <section class="sheet-row">
            <h2>{t.h_indicators}</h2>
            <table class="indicators">
                <thead>
                    <tr>
                        <th>{t.indicator_name}</th>
                        <th>{t.baseline}</th>
                        <th>{t.target}</th>
                        <th>{t.actual}</th>
                    </tr>
                </thead>
                <tbody>
                    {indicators
                        .into_iter()
                        .map(|ind| {
                            let unit = ind.unit.clone();
                            let fmt_list = |list: &[plan_core::YearValue]| {
                                list.iter()
                                    .map(|v| {
                                        let mut s = format!("{}: {}{}", (t.fiscal_year)(v.year), format_number(v.value), unit);
                                        if let (Some(total), Some(rate)) = (v.total, v.rate_percent()) {
                                            s.push_str(&format!("／{}{} = {:.1}%", format_number(total), unit, rate));
                                        }
                                        s
                                    })
                                    .collect::<Vec<_>>()
                            };
                            let targets = fmt_list(&ind.targets);
                            let actuals = fmt_list(&ind.actuals);
                            let baseline = ind.baseline.as_ref().map_or(t.none.to_string(), |b| {
                                format!("{}: {}{}", (t.fiscal_year)(b.year), format_number(b.value), unit)
                            });
                            let direction = match ind.direction {
                                Direction::Up => t.direction_up,
                                Direction::Down => t.direction_down,
                            };
                            view! {
                                <tr>
                                    <td>{ind.name.clone()}<span class="muted">" ("{direction}")"</span></td>
                                    <td>{baseline}</td>
                                    <td><ul class="plain">{targets.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul></td>
                                    <td><ul class="plain">{actuals.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul></td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}
