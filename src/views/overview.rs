//! The plan overview: cards grouped by pillar (and measure), with a status
//! mark per fiscal year.
//!
//! Big plans are shown progressively: the first rows at once, then a chunk
//! of rows per turn of the event loop, so opening the overview of 2,000
//! cards never freezes the page; the ↑↓ buttons of all rows share one
//! delegated click handler per table.

use leptos::prelude::*;
use plan_core::PlanFile;
use wasm_bindgen::JsCast;

use super::status::StatusMark;
use super::{RouteLink, texts, use_state};
use crate::clock_adapter::now_rfc3339;
use crate::route::Route;
use crate::texts::Texts;

#[component]
pub fn OverviewPage() -> impl IntoView {
    let state = use_state();
    // Outside the re-rendered part: after an edit (a card moved down at row
    // 500) the overview comes back as long as it was, not from the top.
    let shown = RwSignal::new(ROWS_FIRST);
    move || {
        state
            .doc
            .plan
            .get()
            .map(|p| view! { <Overview plan=p shown /> })
    }
}

#[component]
fn Overview(plan: PlanFile, shown: RwSignal<usize>) -> impl IntoView {
    let t = texts();
    let years: Vec<i32> = plan.fiscal_years().collect();
    let period = (t.overview.period)(
        &(t.common.fiscal_year)(plan.plan.start_year),
        &(t.common.fiscal_year)(plan.plan.end_year),
    );
    // The same grouping as the status matrix: pillar → measure → cards,
    // 再掲 cards after each pillar's own.
    let groups = plan_core::stats::matrix(&plan);
    let state = use_state();
    let today = (state.ui.today.0, state.ui.today.1);
    let overdue: std::collections::HashMap<String, usize> = plan
        .cards
        .iter()
        .map(|c| (c.id.clone(), plan_core::query::overdue_count(c, today)))
        .collect();
    let count = plan.cards.len();
    // Rows shown so far (over all tables), raised a chunk at a time.
    let total: usize = groups
        .iter()
        .flat_map(|p| &p.groups)
        .map(|g| g.rows.len())
        .sum();
    // One effect: the next chunk after the browser has painted this one.
    Effect::new(move |_| {
        let n = shown.get();
        if n < total {
            set_timeout(
                move || {
                    shown.try_set(n + ROWS_CHUNK);
                },
                std::time::Duration::ZERO,
            );
        }
    });
    let mut offset = 0usize;
    // A plan opened read-only (too big for this browser) offers no editing.
    let editable = state.doc.too_big.with_untracked(Option::is_none);
    let add_card = move |_| {
        let id = uuid::Uuid::new_v4().to_string();
        let t = texts();
        state.edit(None, |p| {
            p.add_new_card(
                id.clone(),
                t.overview.new_card_title.to_string(),
                &now_rfc3339(),
            )
        });
        state.navigate(Route::EditCard(id));
    };
    view! {
        <section class="overview">
            <div class="overview-head">
                <h1>{plan.plan.title.clone()}</h1>
                <p class="muted">{plan.plan.organization.clone().unwrap_or_default()}" "{period}</p>
                <p class="card-count" data-testid="card-count">
                    {(t.common.card_count)(count)}
                </p>
                {editable
                    .then(|| {
                        view! {
                            <div class="toolbar no-print">
                                <button type="button" data-testid="new-card" on:click=add_card>
                                    {t.overview.new_card}
                                </button>
                                <RouteLink route=Route::EditPlan class="button" testid="edit-plan">
                                    {t.nav.edit_plan}
                                </RouteLink>
                            </div>
                        }
                    })}
            </div>
            {(count == 0).then(|| view! { <p class="empty">{t.overview.no_cards}</p> })}
            {groups
                .into_iter()
                .map(|p| {
                    let years = years.clone();
                    let title = if p.name.is_empty() {
                        t.overview.no_pillar.to_string()
                    } else {
                        p.name
                    };
                    let overdue = overdue.clone();
                    view! {
                        <section class="pillar-group">
                            <h2>{title}</h2>
                            {p
                                .groups
                                .into_iter()
                                .map(|g| {
                                    let start = offset;
                                    offset += g.rows.len();
                                    view! {
                                        {g.name.map(|m| view! { <h3 class="measure">{m}</h3> })}
                                        <CardTable
                                            rows=g.rows
                                            years=years.clone()
                                            overdue=overdue.clone()
                                            start
                                            shown
                                        />
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

/// Rows rendered at once, then per chunk (about 30 ms of work each at
/// today's cost per row on a 2-core office PC).
const ROWS_FIRST: usize = 120;
const ROWS_CHUNK: usize = 120;

/// Moves a card one place up or down: the one click handler of a table,
/// reading the card and the direction from the button's data attributes.
fn move_from_click(state: crate::state::AppState, ev: &web_sys::MouseEvent) {
    let Some(button) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("button[data-move]").ok().flatten())
    else {
        return;
    };
    let (Some(id), Some(dir)) = (
        button.get_attribute("data-card"),
        button.get_attribute("data-move"),
    ) else {
        return;
    };
    state.edit(None, |p| {
        if let Some(i) = p.cards.iter().position(|c| c.id == id) {
            let to = if dir == "up" {
                i.saturating_sub(1)
            } else {
                i + 1
            };
            p.move_card(&id, to);
        }
    });
}

#[component]
fn CardTable(
    rows: Vec<plan_core::stats::MatrixRow>,
    years: Vec<i32>,
    /// Overdue actions per card id.
    overdue: std::collections::HashMap<String, usize>,
    /// Index of this table's first row among all the overview's rows.
    start: usize,
    /// How many of all the overview's rows are shown so far.
    shown: RwSignal<usize>,
) -> impl IntoView {
    let state = use_state();
    let t = texts();
    let editable = state.doc.too_big.with_untracked(Option::is_none);
    let len = rows.len();
    let rows = StoredValue::new(rows);
    let visible = Memo::new(move |_| shown.get().saturating_sub(start).min(len));
    view! {
        <table class="card-table" on:click=move |ev| move_from_click(state, &ev)>
            <thead>
                <tr>
                    {card_columns(t, &years)} <th class="no-print">
                        <span class="visually-hidden">{t.overview.actions}</span>
                    </th>
                </tr>
            </thead>
            <tbody>
                <For
                    each=move || rows.with_value(|r| r[..visible.get()].to_vec())
                    key=|row| (row.card_id.clone(), row.relisted)
                    children=move |row| {
                        let late = overdue.get(&row.card_id).copied().unwrap_or(0);
                        let relisted = row.relisted;
                        let title = row.title.clone();
                        view! {
                            <tr class="card-row" data-card-id=row.card_id.clone()>
                                <td class="num">{row.number.clone()}</td>
                                <td>
                                    <RouteLink route=Route::Card(
                                        row.card_id.clone(),
                                    )>{title}</RouteLink>
                                    {relisted
                                        .then(|| {
                                            view! { <span class="tag">{t.common.relisted}</span> }
                                        })}
                                    {(late > 0)
                                        .then(|| {
                                            view! {
                                                <span class="tag tag-overdue">
                                                    {t.status.overdue}" "{late}
                                                </span>
                                            }
                                        })}
                                </td>
                                <td>{row.lead_department.clone().unwrap_or_default()}</td>
                                {row
                                    .statuses
                                    .iter()
                                    .map(|s| {
                                        view! {
                                            <td class="year">
                                                {s.map(|s| view! { <StatusMark status=s /> })}
                                            </td>
                                        }
                                    })
                                    .collect_view()}
                                <td class="no-print row-buttons">
                                    {(!relisted && editable)
                                        .then(|| {
                                            let title = row.title.clone();
                                            view! {
                                                <button
                                                    type="button"
                                                    class="small"
                                                    data-move="up"
                                                    data-card=row.card_id.clone()
                                                    aria-label=format!("{}: {title}", t.common.move_up)
                                                >
                                                    "↑"
                                                </button>
                                                <button
                                                    type="button"
                                                    class="small"
                                                    data-move="down"
                                                    data-card=row.card_id.clone()
                                                    aria-label=format!("{}: {title}", t.common.move_down)
                                                >
                                                    "↓"
                                                </button>
                                            }
                                        })}
                                </td>
                            </tr>
                        }
                    }
                />
            </tbody>
        </table>
    }
}

/// The first columns of a table with a row per card (the overview's and the
/// matrix's): number, title, lead department and one per fiscal year.
pub fn card_columns(t: &'static Texts, years: &[i32]) -> impl IntoView + use<> {
    let years: Vec<_> = years
        .iter()
        .map(|y| view! { <th class="year">{(t.common.fiscal_year)(*y)}</th> })
        .collect();
    view! {
        <th class="num">{t.columns.number}</th>
        <th>{t.columns.title}</th>
        <th>{t.columns.lead}</th>
        {years}
    }
}
