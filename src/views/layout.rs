//! Header (save indicator, undo/redo, export), notices and the problem
//! list of a refused file.

use leptos::prelude::*;
use plan_core::Lang;
use wasm_bindgen::JsCast;

use super::{RouteLink, texts, use_state};
use crate::route::Route;
use crate::state::{Notice, SaveStatus};

#[component]
pub fn Header() -> impl IntoView {
    let state = use_state();
    let title = Memo::new(move |_| state.doc.with_plan(|p| p.plan.title.clone()));
    let link = move |route: Route, label: fn() -> &'static str, testid: &'static str| {
        let r2 = route.clone();
        let current = move || state.ui.route.with(|r| r.screen() == r2.screen());
        view! {
            <RouteLink route=route testid=testid current=Signal::derive(current)>
                {move || label()}
            </RouteLink>
        }
    };
    view! {
        <header class="app-header">
            <div class="bar">
                <RouteLink route=Route::Start class="brand">
                    <span class="brand-mark">{move || texts().app.name}</span>
                    <span class="brand-tag">{move || texts().app.tagline}</span>
                </RouteLink>
                <span class="plan-title">{move || title.get()}</span>
                <span class="spacer"></span>
                <button
                    type="button"
                    class="header-button"
                    data-testid="switch-lang"
                    lang=move || if texts().lang == Lang::Ja { "en" } else { "ja" }
                    aria-label=move || texts().app.switch_lang_label
                    on:click=move |_| state.toggle_language()
                >
                    {move || texts().app.switch_lang}
                </button>
                <Show when=move || title.with(Option::is_some)>
                    <SaveIndicator />
                    <button
                        type="button"
                        class="header-button"
                        data-testid="undo"
                        disabled=move || !state.doc.can_undo.get()
                        on:click=move |_| state.undo()
                        title="Ctrl+Z"
                    >
                        {move || texts().app.undo}
                    </button>
                    <button
                        type="button"
                        class="header-button"
                        data-testid="redo"
                        disabled=move || !state.doc.can_redo.get()
                        on:click=move |_| state.redo()
                        title="Ctrl+Y"
                    >
                        {move || texts().app.redo}
                    </button>
                    <button
                        type="button"
                        class="header-button"
                        data-testid="export"
                        on:click=move |_| state.export_current()
                    >
                        {move || texts().app.export}
                    </button>
                </Show>
            </div>
            <Show when=move || title.with(Option::is_some)>
                <nav class="app-nav" aria-label=move || texts().nav.label>
                    {link(Route::Overview, || texts().nav.overview, "nav-overview")}
                    {link(Route::List(String::new()), || texts().nav.list, "nav-list")}
                    {link(Route::Matrix, || texts().nav.matrix, "nav-matrix")}
                    {link(Route::Departments, || texts().nav.departments, "nav-departments")}
                    {link(Route::Dashboard, || texts().nav.dashboard, "nav-dashboard")}
                    {link(Route::Exchange, || texts().nav.exchange, "nav-exchange")}
                    {link(Route::Start, || texts().nav.plans, "nav-plans")}
                </nav>
            </Show>
        </header>
    }
}

/// 保存済み / 保存中 / 保存できません, always visible while a plan is open.
#[component]
fn SaveIndicator() -> impl IntoView {
    let state = use_state();
    let label = move || {
        let t = texts();
        if state.doc.too_big.with(Option::is_some) {
            return ("save read-only", t.save.read_only.to_string());
        }
        match state.doc.save_status.get() {
            SaveStatus::Saved if state.doc.memory_only => {
                ("save pending", t.save.memory.to_string())
            }
            SaveStatus::Saved => ("save saved", t.save.saved.to_string()),
            SaveStatus::Pending => ("save pending", t.save.pending.to_string()),
            SaveStatus::Invalid(n) => ("save failed", (t.save.invalid)(n)),
            SaveStatus::Full => ("save failed", t.save.full.to_string()),
            SaveStatus::Failed(_) => ("save failed", t.save.failed.to_string()),
        }
    };
    // Brings the first problem into view, so "not saved" is never a puzzle.
    let show_problem = move |_| {
        let first = document()
            .query_selector(".field-error:not(:empty)")
            .ok()
            .flatten();
        if let Some(el) = first {
            el.scroll_into_view();
            if let Some(input) = el
                .parent_element()
                .and_then(|f| f.query_selector("input, textarea, select").ok().flatten())
                .and_then(|i| i.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = input.focus();
            }
        }
    };
    view! {
        <span class=move || label().0 data-testid="save-status" role="status" aria-live="polite">
            {move || label().1}
        </span>
        <Show when=move || matches!(state.doc.save_status.get(), SaveStatus::Invalid(_))>
            <button
                type="button"
                class="header-button"
                data-testid="show-problem"
                on:click=show_problem
            >
                {move || texts().problems.show_problem}
            </button>
        </Show>
    }
}

/// Banners: a full store and unreadable stored data first (they must not
/// go unnoticed), then the notices of recent actions.
#[component]
pub fn Notices() -> impl IntoView {
    let state = use_state();
    view! {
        <div class="notices" role="status" aria-live="polite">
            <Show when=move || state.doc.memory_only>
                <div class="notice notice-error" data-testid="storage-memory">
                    <p>{move || texts().storage.memory}</p>
                    <Show when=move || title_shown(state)>
                        <button type="button" on:click=move |_| state.export_current()>
                            {move || texts().app.export}
                        </button>
                    </Show>
                </div>
            </Show>
            {move || {
                state
                    .doc
                    .too_big
                    .get()
                    .map(|big| {
                        let t = texts();
                        let r = &big.room;
                        view! {
                            <div class="notice notice-error" data-testid="storage-too-big">
                                <p>
                                    {(t
                                        .storage
                                        .too_big)(
                                        big.cards,
                                        &mb(r.needed),
                                        &mb(r.free),
                                        &mb(r.capacity),
                                        &mb(r.other_plans),
                                    )}
                                </p>
                                <button type="button" on:click=move |_| state.export_current()>
                                    {t.app.export}
                                </button>
                            </div>
                        }
                    })
            }}
            <Show when=move || state.doc.save_status.get() == SaveStatus::Full>
                <div class="notice notice-error" data-testid="storage-full">
                    <p>{move || texts().storage.full}</p>
                    <button type="button" on:click=move |_| state.export_current()>
                        {move || texts().app.export}
                    </button>
                </div>
            </Show>
            // The worker reads or writes a file (its first start can take a
            // moment on a slow PC): say so rather than look stuck.
            // A big plan file on its way in: how far, and a way out.
            {move || {
                state
                    .import
                    .reading
                    .get()
                    .map(|r| {
                        let t = texts();
                        view! {
                            <div class="notice notice-info" data-testid="reading">
                                <div>
                                    <p>{(t.worker.reading)(&r.name)}</p>
                                    {(r.total > 0)
                                        .then(|| {
                                            view! { <p>{(t.worker.reading_cards)(r.done, r.total)}</p> }
                                        })}
                                    <progress
                                        max=r.total.max(1)
                                        value=(r.total > 0).then_some(r.done)
                                    ></progress>
                                </div>
                                <button
                                    type="button"
                                    data-testid="reading-cancel"
                                    on:click=move |_| state.cancel_reading()
                                >
                                    {t.worker.reading_cancel}
                                </button>
                            </div>
                        }
                    })
            }}
            <Show when=move || {
                state.ui.working.get() > 0 && state.import.reading.with(Option::is_none)
            }>
                <div class="notice notice-info" data-testid="working">
                    <p>{move || texts().worker.working}</p>
                </div>
            </Show>
            // Said from the catalogue shown now (a language switch re-renders).
            {move || match state.doc.save_status.get() {
                SaveStatus::Failed(e) => {
                    Some(
                        view! {
                            <div class="notice notice-error" data-testid="storage-failed">
                                <p>{crate::notice::store_error(texts(), &e)}</p>
                            </div>
                        },
                    )
                }
                _ => None,
            }}
            <For
                each=move || state.doc.unreadable.get()
                key=|u| u.key.clone()
                children=move |u| {
                    let t = texts();
                    let key = u.key.clone();
                    view! {
                        <div class="notice notice-error" data-testid="storage-unreadable">
                            <div>
                                <p>{(t.storage.unreadable)(&u.key)}</p>
                                {u
                                    .kept_as
                                    .as_ref()
                                    .map(|k| view! { <p>{(t.storage.kept_as)(k)}</p> })}
                            </div>
                            <button
                                type="button"
                                data-testid="repair-unreadable"
                                on:click={
                                    let key = key.clone();
                                    move |_| state.doc.repairing.set(Some(key.clone()))
                                }
                            >
                                {t.repair.open}
                            </button>
                            <button
                                type="button"
                                data-testid="download-unreadable"
                                on:click=move |_| state.download_unreadable(&key)
                            >
                                {t.storage.download_raw}
                            </button>
                        </div>
                    }
                }
            />
            // Notices are typed until here: rendered in the language shown,
            // so switching it re-renders the ones on screen.
            {move || {
                let t = texts();
                state
                    .ui
                    .notices
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, n)| {
                        let text = n.text(t);
                        let (class, items) = match n {
                            Notice::Info(_) => ("notice notice-info", Vec::new()),
                            Notice::Error(_) => ("notice notice-error", Vec::new()),
                            Notice::Dropped(d) => {
                                ("notice notice-info", d.iter().map(dropped_text).collect())
                            }
                        };
                        let testid = (!items.is_empty()).then_some("storage-dropped");
                        view! {
                            <div class=class data-testid=testid>
                                <p>{text}</p>
                                {(!items.is_empty())
                                    .then(|| {
                                        view! {
                                            <ul>
                                                {items
                                                    .into_iter()
                                                    .map(|i| view! { <li>{i}</li> })
                                                    .collect_view()}
                                            </ul>
                                        }
                                    })}
                                <button class="link" on:click=move |_| state.dismiss_notice(i)>
                                    {t.common.dismiss}
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

fn title_shown(state: crate::state::AppState) -> bool {
    state.doc.plan.with(Option::is_some)
}

/// Bytes as megabytes with one decimal (what a file manager shows).
fn mb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1_000_000.0)
}

fn dropped_text(d: &crate::storage::Dropped) -> String {
    let t = texts();
    match d {
        crate::storage::Dropped::Snapshot {
            title,
            date,
            before_import: None,
        } => (t.storage.dropped_snapshot)(title, date),
        crate::storage::Dropped::Snapshot {
            title,
            date,
            before_import: Some(file),
        } => (t.storage.dropped_import_snapshot)(title, date, file),
        crate::storage::Dropped::KeptCopy { key } => (t.storage.dropped_kept)(key),
    }
}

/// Every problem of the last file opened, with its JSON path.
#[component]
pub fn FileReportView() -> impl IntoView {
    let state = use_state();
    move || {
        state.import.file_report.get().map(|report| {
            let t = texts();
            let heading = if report.refused {
                t.problems.heading
            } else {
                t.problems.warnings_heading
            };
            let class = if report.refused {
                "file-report refused"
            } else {
                "file-report"
            };
            view! {
                <section class=class data-testid="file-report">
                    <h2>{heading}</h2>
                    <p class="file-name">{report.name.clone()}</p>
                    <ul>
                        {report
                            .problems
                            .iter()
                            .map(|p| {
                                let place = if p.path.is_empty() {
                                    t.problems.whole_file.to_string()
                                } else {
                                    p.path.clone()
                                };
                                let msg = plan_core::messages::problem(t.lang, &p.kind);
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
                    <button class="link" on:click=move |_| state.import.file_report.set(None)>
                        {t.common.dismiss}
                    </button>
                </section>
            }
        })
    }
}
