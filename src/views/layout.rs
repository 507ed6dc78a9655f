//! Header, notices and the problem list of a refused file.

use leptos::prelude::*;

use super::{texts, use_state};
use crate::route::Route;
use crate::state::Notice;

#[component]
pub fn Header() -> impl IntoView {
    let state = use_state();
    let plan = state.current_plan();
    view! {
        <header class="app-header">
            <a class="brand" href="#/" on:click=move |ev| {
                ev.prevent_default();
                state.navigate(Route::Start);
            }>
                <span class="brand-mark">{move || texts().app_name}</span>
                <span class="brand-tag">{move || texts().app_tagline}</span>
            </a>
            <Show when=move || plan.with(Option::is_some)>
                <nav class="app-nav">
                    <span class="plan-title">{move || plan.with(|p| p.as_ref().map(|p| p.plan.title.clone()))}</span>
                    <a href="#/plan" on:click=move |ev| {
                        ev.prevent_default();
                        state.navigate(Route::Overview);
                    }>{move || texts().nav_overview}</a>
                    <a href="#/" on:click=move |ev| {
                        ev.prevent_default();
                        state.navigate(Route::Start);
                    }>{move || texts().nav_plans}</a>
                </nav>
            </Show>
        </header>
    }
}

/// Banners: unreadable stored data first (it must not go unnoticed), then
/// the notices of recent actions.
#[component]
pub fn Notices() -> impl IntoView {
    let state = use_state();
    view! {
        <div class="notices" role="status" aria-live="polite">
            <For
                each=move || state.unreadable.get()
                key=|u| u.key.clone()
                children=move |u| {
                    let t = texts();
                    view! {
                        <div class="notice notice-error" data-testid="storage-unreadable">
                            <p>{(t.storage_unreadable)(&u.key)}</p>
                            {u.kept_as.as_ref().map(|k| view! { <p>{(t.storage_kept_as)(k)}</p> })}
                        </div>
                    }
                }
            />
            {move || {
                state
                    .notices
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, n)| {
                        let (class, text) = match n {
                            Notice::Info(t) => ("notice notice-info", t),
                            Notice::Error(t) => ("notice notice-error", t),
                        };
                        view! {
                            <div class=class>
                                <p>{text}</p>
                                <button class="link" on:click=move |_| state.dismiss_notice(i)>
                                    {texts().dismiss}
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

/// Every problem of the last file opened, with its JSON path.
#[component]
pub fn FileReportView() -> impl IntoView {
    let state = use_state();
    move || {
        state.file_report.get().map(|report| {
            let t = texts();
            let heading = if report.refused { t.file_problems_heading } else { t.file_warnings_heading };
            let class = if report.refused { "file-report refused" } else { "file-report" };
            view! {
                <section class=class data-testid="file-report">
                    <h2>{heading}</h2>
                    <p class="file-name">{report.name.clone()}</p>
                    <ul>
                        {report
                            .problems
                            .iter()
                            .map(|p| {
                                let place = if p.path.is_empty() { t.whole_file.to_string() } else { p.path.clone() };
                                let msg = if t.lang == "ja" {
                                    plan_core::messages::ja(&p.kind)
                                } else {
                                    plan_core::messages::en(&p.kind)
                                };
                                view! {
                                    <li>
                                        <code>{place}</code>
                                        " "
                                        <span>{msg}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <button class="link" on:click=move |_| state.file_report.set(None)>{t.dismiss}</button>
                </section>
            }
        })
    }
}
