//! The status matrix, like the 笠間市 progress report: rows grouped pillar →
//! measure → card, one column per fiscal year, a legend, and the count of
//! each status at the foot of every group.

use leptos::prelude::*;
use plan_core::Status;
use plan_core::stats;

use super::overview::card_columns;
use super::status::StatusMark;
use super::{texts, use_state};
use crate::route::Route;

#[component]
pub fn Legend() -> impl IntoView {
    let t = texts();
    view! {
        <p class="legend" data-testid="legend">
            <span class="legend-title">{t.matrix.legend}</span>
            {Status::ALL
                .iter()
                .map(|s| {
                    view! {
                        <span class="legend-item">
                            <StatusMark status=*s with_name=true />
                        </span>
                    }
                })
                .collect_view()}
        </p>
    }
}

/// "○3 ▲1 …" for a group's foot; zero counts left out.
fn counts_text(c: &[usize; 6]) -> String {
    Status::ALL
        .iter()
        .zip(c)
        .filter(|(_, n)| **n > 0)
        .map(|(s, n)| format!("{}{n}", s.symbol()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[component]
pub fn MatrixPage() -> impl IntoView {
    let state = use_state();
    let t = texts();
    let data = Memo::new(move |_| {
        state
            .doc
            .with_plan(|p| (p.fiscal_years().collect::<Vec<_>>(), stats::matrix(p)))
            .unwrap_or_default()
    });
    view! {
        <article class="matrix-page" data-testid="matrix">
            <div class="toolbar">
                <h1>{t.nav.matrix}</h1>
                <span class="spacer"></span>
                <button
                    type="button"
                    class="no-print"
                    data-testid="print-matrix"
                    on:click=move |_| {
                        if let Some(file) = state.doc.plan.get_untracked() {
                            state.print(&file, plan_core::report::Parts::MATRIX);
                        }
                    }
                >
                    {t.print.matrix}
                </button>
            </div>
            <Legend />
            {move || {
                let (years, pillars) = data.get();
                pillars
                    .into_iter()
                    .map(|p| {
                        let years = years.clone();
                        view! {
                            <section class="pillar-group">
                                <h2>{p.name.clone()}</h2>
                                <table class="card-table matrix">
                                    <thead>
                                        <tr>{card_columns(t, &years)}</tr>
                                    </thead>
                                    {p
                                        .groups
                                        .into_iter()
                                        .map(|g| {
                                            let cols = years.len();
                                            view! {
                                                <tbody>
                                                    {g
                                                        .name
                                                        .clone()
                                                        .map(|n| {
                                                            view! {
                                                                <tr class="measure-row">
                                                                    <th colspan=cols + 3>{n}</th>
                                                                </tr>
                                                            }
                                                        })}
                                                    {g
                                                        .rows
                                                        .into_iter()
                                                        .map(|r| {
                                                            let id = r.card_id.clone();
                                                            view! {
                                                                <tr
                                                                    class="card-row clickable"
                                                                    data-card-id=r.card_id.clone()
                                                                    on:click=move |_| state.navigate(Route::Card(id.clone()))
                                                                >
                                                                    <td class="num">{r.number}</td>
                                                                    <td>
                                                                        <a href=Route::Card(r.card_id.clone())
                                                                            .to_hash()>{r.title}</a>
                                                                        {r
                                                                            .relisted
                                                                            .then(|| {
                                                                                view! { <span class="tag">{t.common.relisted}</span> }
                                                                            })}
                                                                    </td>
                                                                    <td>{r.lead_department}</td>
                                                                    {r
                                                                        .statuses
                                                                        .into_iter()
                                                                        .map(|s| {
                                                                            view! {
                                                                                <td class="year">
                                                                                    {s.map(|s| view! { <StatusMark status=s /> })}
                                                                                </td>
                                                                            }
                                                                        })
                                                                        .collect_view()}
                                                                </tr>
                                                            }
                                                        })
                                                        .collect_view()}
                                                    {
                                                        let counted = g
                                                            .counts
                                                            .iter()
                                                            .any(|c| c.iter().any(|n| *n > 0));
                                                        counted
                                                            .then(|| {
                                                                // 再掲 groups count nothing (each card counts under its home).
                                                                view! {
                                                                    <tr class="group-foot">
                                                                        <th colspan="3">{t.matrix.group_counts}</th>
                                                                        {g
                                                                            .counts
                                                                            .iter()
                                                                            .map(|c| view! { <td class="year">{counts_text(c)}</td> })
                                                                            .collect_view()}
                                                                    </tr>
                                                                }
                                                            })
                                                    }
                                                </tbody>
                                            }
                                        })
                                        .collect_view()}
                                </table>
                            </section>
                        }
                    })
                    .collect_view()
            }}
        </article>
    }
}
