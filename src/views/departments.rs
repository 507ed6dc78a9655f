//! Per department: its cards, actions done / total this year, what is due
//! and overdue, and when its cards were last updated.

use leptos::prelude::*;
use plan_core::stats;

use super::fields::{FiscalYearSelect, current_fiscal_year};
use super::{RouteLink, texts, use_state};
use crate::route::Route;

#[component]
pub fn DepartmentsPage() -> impl IntoView {
    let state = use_state();
    let t = texts();
    let (ty, tm, _) = state.ui.today;
    let year = current_fiscal_year(state);
    let rows = move || {
        state
            .doc
            .with_plan(|p| stats::departments(p, year.get(), (ty, tm)))
            .unwrap_or_default()
    };
    view! {
        <article class="departments-page" data-testid="departments">
            <div class="toolbar">
                <h1>{t.nav.departments}</h1>
                <span class="spacer"></span>
                <FiscalYearSelect year=year />
            </div>
            <table class="card-table">
                <thead>
                    <tr>
                        <th>{t.columns.department}</th>
                        <th class="num">{t.departments.cards_lead}</th>
                        <th class="num">{t.departments.cards_any}</th>
                        <th class="num">{t.departments.actions_done_total}</th>
                        <th class="num">{t.departments.due}</th>
                        <th class="num">{t.status.overdue}</th>
                        <th>{t.fields.updated}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        rows()
                            .into_iter()
                            .map(|r| {
                                let q = plan_core::query::to_query(
                                    &plan_core::query::Filter {
                                        department: Some(r.department.clone()),
                                        ..Default::default()
                                    },
                                );
                                let name = r.department.clone();
                                view! {
                                    <tr data-department=r.department.clone()>
                                        <th scope="row">
                                            <RouteLink route=Route::List(q)>{name}</RouteLink>
                                        </th>
                                        <td class="num">{r.cards_lead}</td>
                                        <td class="num">{r.cards_any}</td>
                                        <td class="num">
                                            {format!("{} / {}", r.actions_done, r.actions_total)}
                                        </td>
                                        <td class="num">{r.actions_due}</td>
                                        <td class="num">
                                            {(r.actions_overdue > 0)
                                                .then(|| {
                                                    view! {
                                                        <span class="tag tag-overdue">{r.actions_overdue}</span>
                                                    }
                                                })}
                                        </td>
                                        <td>
                                            {r
                                                .last_update
                                                .map(|u| u.get(..10).unwrap_or_default().to_string())
                                                .unwrap_or_default()}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </article>
    }
}
