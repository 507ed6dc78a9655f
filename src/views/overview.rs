//! The plan overview: cards grouped by pillar (and measure), with a status
//! mark per fiscal year.

use leptos::prelude::*;
use plan_core::PlanFile;

use super::status::StatusMark;
use super::{RouteLink, texts, use_state};
use crate::clock_adapter::now_rfc3339;
use crate::route::Route;

#[component]
pub fn OverviewPage() -> impl IntoView {
    let state = use_state();
    move || state.plan.get().map(|p| view! { <Overview plan=p /> })
}

#[component]
fn Overview(plan: PlanFile) -> impl IntoView {
    let t = texts();
    let years: Vec<i32> = plan.fiscal_years().collect();
    let period = (t.period)(
        &(t.fiscal_year)(plan.plan.start_year),
        &(t.fiscal_year)(plan.plan.end_year),
    );
    // The same grouping as the status matrix: pillar → measure → cards,
    // 再掲 cards after each pillar's own.
    let groups = plan_core::stats::matrix(&plan);
    let state = use_state();
    let today = (state.today.0, state.today.1);
    let overdue: std::collections::HashMap<String, usize> = plan
        .cards
        .iter()
        .map(|c| (c.id.clone(), plan_core::query::overdue_count(c, today)))
        .collect();
    let count = plan.cards.len();
    // A plan opened read-only (too big for this browser) offers no editing.
    let editable = state.too_big.with_untracked(Option::is_none);
    let add_card = move |_| {
        let id = uuid::Uuid::new_v4().to_string();
        let t = texts();
        state.edit(None, |p| {
            p.add_new_card(id.clone(), t.new_card_title.to_string(), &now_rfc3339())
        });
        state.navigate(Route::EditCard(id));
    };
    view! {
        <section class="overview">
            <div class="overview-head">
                <h1>{plan.plan.title.clone()}</h1>
                <p class="muted">
                    {plan.plan.organization.clone().unwrap_or_default()}" "{period}
                </p>
                <p class="card-count" data-testid="card-count">{(t.card_count)(count)}</p>
                {editable.then(|| view! {
                    <div class="toolbar no-print">
                        <button type="button" data-testid="new-card" on:click=add_card>{t.new_card}</button>
                        <RouteLink route=Route::EditPlan class="button" testid="edit-plan">{t.edit_plan}</RouteLink>
                    </div>
                })}
            </div>
            {(count == 0).then(|| view! { <p class="empty">{t.no_cards}</p> })}
            {groups
                .into_iter()
                .map(|p| {
                    let years = years.clone();
                    let title = if p.name.is_empty() { t.no_pillar.to_string() } else { p.name };
                    let overdue = overdue.clone();
                    view! {
                        <section class="pillar-group">
                            <h2>{title}</h2>
                            {p.groups
                                .into_iter()
                                .map(|g| {
                                    view! {
                                        {g.name.map(|m| view! { <h3 class="measure">{m}</h3> })}
                                        <CardTable rows=g.rows years=years.clone() overdue=overdue.clone() />
                                    }
                                })
                                .collect_view()}
                        </section>
                    }
                })
                .collect_view()}
        </section>
    }
}

#[component]
fn CardTable(
    rows: Vec<plan_core::stats::MatrixRow>,
    years: Vec<i32>,
    /// Overdue actions per card id.
    overdue: std::collections::HashMap<String, usize>,
) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let editable = state.too_big.with_untracked(Option::is_none);
    view! {
        <table class="card-table">
            <thead>
                <tr>
                    <th class="num">{t.col_number}</th>
                    <th>{t.col_title}</th>
                    <th>{t.col_lead}</th>
                    {years.iter().map(|y| view! { <th class="year">{(t.fiscal_year)(*y)}</th> }).collect_view()}
                    <th class="no-print"><span class="visually-hidden">{t.plan_actions}</span></th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|row| {
                        let late = overdue.get(&row.card_id).copied().unwrap_or(0);
                        let relisted = row.relisted;
                        let title = row.title.clone();
                        view! {
                            <tr class="card-row" data-card-id=row.card_id.clone()>
                                <td class="num">{row.number.clone()}</td>
                                <td>
                                    <RouteLink route=Route::Card(row.card_id.clone())>{title}</RouteLink>
                                    {relisted.then(|| view! { <span class="tag">{t.relisted}</span> })}
                                    {(late > 0).then(|| view! { <span class="tag tag-overdue">{t.overdue}" "{late}</span> })}
                                </td>
                                <td>{row.lead_department.clone().unwrap_or_default()}</td>
                                {row
                                    .statuses
                                    .iter()
                                    .map(|s| view! { <td class="year">{s.map(|s| view! { <StatusMark status=s /> })}</td> })
                                    .collect_view()}
                                <td class="no-print row-buttons">
                                    {(!relisted && editable).then(|| {
                                        let (up, down) = (row.card_id.clone(), row.card_id.clone());
                                        let title = row.title.clone();
                                        view! {
                                            <button type="button" class="small" aria-label=format!("{}: {title}", t.move_up)
                                                on:click=move |_| state.edit(None, |p| {
                                                    if let Some(i) = p.cards.iter().position(|c| c.id == up) {
                                                        p.move_card(&up, i.saturating_sub(1));
                                                    }
                                                })>"↑"</button>
                                            <button type="button" class="small" aria-label=format!("{}: {title}", t.move_down)
                                                on:click=move |_| state.edit(None, |p| {
                                                    if let Some(i) = p.cards.iter().position(|c| c.id == down) {
                                                        p.move_card(&down, i + 1);
                                                    }
                                                })>"↓"</button>
                                        }
                                    })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
