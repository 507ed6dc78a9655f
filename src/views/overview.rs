//! The plan overview: cards grouped by pillar (and measure), with a status
//! mark per fiscal year.
//!
//! Big plans are shown progressively: the first rows at once, then a chunk
//! of rows per turn of the event loop while the end of the rows shown is
//! near the window (more as the reader scrolls, all before printing), so
//! opening the overview of 2,000 cards never freezes the page. Rows are
//! static HTML (`super::rows`); the links and ↑↓ buttons of all rows share
//! one delegated click handler per table.

use std::rc::Rc;

use leptos::prelude::*;
use plan_core::PlanFile;
use wasm_bindgen::JsCast;

use super::rows::{Html, KeyedRows, follow_link};
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
    // The next chunk once this one is painted, while the rows shown end
    // less than two windows below the bottom of the window (a 2,000-card
    // overview does not build, lay out and later tear down rows nobody
    // scrolled to); scrolling asks for more; printing shows them all.
    let more = move || {
        if shown.try_get_untracked().is_some_and(|n| n < total) && near_end() {
            shown.try_update(|n| *n += ROWS_CHUNK);
        }
    };
    Effect::new(move |_| {
        if shown.get() < total {
            set_timeout(more, std::time::Duration::ZERO);
        }
    });
    let scroll = window_event_listener(leptos::ev::scroll, move |_| more());
    let print = window_event_listener_untyped("beforeprint", move |_| {
        shown.try_set(total);
    });
    on_cleanup(move || {
        scroll.remove();
        print.remove();
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

/// Rows rendered at once, then per chunk as the reader scrolls.
const ROWS_FIRST: usize = 120;
const ROWS_CHUNK: usize = 120;

/// Whether the page's end is less than two window heights below the
/// window's bottom edge.
fn near_end() -> bool {
    let w = window();
    let view = w
        .inner_height()
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(800.0);
    let bottom = w.scroll_y().unwrap_or(0.0) + view;
    let full = document()
        .document_element()
        .map_or(0.0, |e| f64::from(e.scroll_height()));
    full - bottom < 2.0 * view
}

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

/// What one row of the overview is built from (the overview is built
/// again when the plan changes, so a row never changes once built).
struct Row {
    row: plan_core::stats::MatrixRow,
    overdue: usize,
}

/// One `<tr>` of the overview: number, title (a link to the card, with the
/// 再掲 and overdue tags), lead department, a status per fiscal year and,
/// when the plan can be edited, the ↑↓ buttons (served by the table's one
/// click handler).
fn row_html(t: &'static Texts, editable: bool, r: &Row, h: &mut Html) {
    let row = &r.row;
    h.open(
        "tr",
        &[("class", "card-row"), ("data-card-id", &row.card_id)],
    );
    h.element("td", &[("class", "num")], &row.number);
    h.open("td", &[]);
    h.route_link(&Route::Card(row.card_id.clone()), &row.title);
    if row.relisted {
        h.element("span", &[("class", "tag")], t.common.relisted);
    }
    if r.overdue > 0 {
        h.element(
            "span",
            &[("class", "tag tag-overdue")],
            &format!("{} {}", t.status.overdue, r.overdue),
        );
    }
    h.close("td");
    h.element(
        "td",
        &[],
        row.lead_department.as_deref().unwrap_or_default(),
    );
    for s in &row.statuses {
        h.status_cell(t, *s);
    }
    h.open("td", &[("class", "no-print row-buttons")]);
    if !row.relisted && editable {
        for (dir, label, arrow) in [
            ("up", t.common.move_up, "↑"),
            ("down", t.common.move_down, "↓"),
        ] {
            h.element(
                "button",
                &[
                    ("type", "button"),
                    ("class", "small"),
                    ("data-move", dir),
                    ("data-card", &row.card_id),
                    ("aria-label", &format!("{label}: {}", row.title)),
                ],
                arrow,
            );
        }
    }
    h.close("td");
    h.close("tr");
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
    let rows: Vec<Rc<Row>> = rows
        .into_iter()
        .map(|row| {
            Rc::new(Row {
                overdue: overdue.get(&row.card_id).copied().unwrap_or(0),
                row,
            })
        })
        .collect();
    let visible = Memo::new(move |_| shown.get().saturating_sub(start).min(len));
    // The rows: static HTML, added a chunk at a time as `shown` grows.
    let tbody = NodeRef::<leptos::html::Tbody>::new();
    let kept: StoredValue<KeyedRows<(String, bool), Rc<Row>>, LocalStorage> =
        StoredValue::new_local(KeyedRows::default());
    Effect::new(move |_| {
        let Some(tbody) = tbody.get() else {
            return;
        };
        let items: Vec<_> = rows[..visible.get()]
            .iter()
            .map(|r| ((r.row.card_id.clone(), r.row.relisted), Rc::clone(r)))
            .collect();
        kept.update_value(|k| {
            k.sync(&tbody, items, Rc::ptr_eq, |r, h| {
                row_html(t, editable, r, h)
            })
        });
    });
    view! {
        <table
            class="card-table"
            on:click=move |ev| {
                if !follow_link(state, &ev) {
                    move_from_click(state, &ev);
                }
            }
        >
            <thead>
                <tr>
                    {card_columns(t, &years)} <th class="no-print">
                        <span class="visually-hidden">{t.overview.actions}</span>
                    </th>
                </tr>
            </thead>
            <tbody node_ref=tbody></tbody>
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
