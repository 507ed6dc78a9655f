//! The root component: state in context, header, notices, and the screen
//! the route names.

use leptos::prelude::*;

use crate::route::Route;
use crate::screen;
use crate::state::AppState;
use crate::views::layout::{FileReportView, Header, Notices};

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::load();
    state.provide();
    state.listen();
    state.keep_stored_lists();
    Effect::new(move |_| {
        let lang = state.ui.texts.get().lang;
        if let Some(el) = document().document_element() {
            let _ = el.set_attribute("lang", lang.as_str());
        }
    });
    // The window's title names the screen and the plan, so a tab, a
    // bookmark or the taskbar says where it leads. A memo, so an edit that
    // leaves the title as it was (a tick) does not set it again.
    let title = Memo::new(move |_| {
        let t = state.ui.texts.get();
        let route = state.ui.route.get();
        let card = |id: &str| {
            state
                .doc
                .with_card(id, |c| format!("{} {}", c.number, c.title))
        };
        let screen = match &route {
            Route::Start => Some(t.nav.plans.to_string()),
            Route::Overview => Some(t.nav.overview.to_string()),
            Route::Card(id) => card(id),
            Route::EditPlan => Some(t.nav.edit_plan.to_string()),
            Route::EditCard(id) => card(id).map(|c| format!("{} {c}", t.nav.edit_card)),
            Route::Exchange => Some(t.nav.exchange.to_string()),
            Route::List(_) => Some(t.nav.list.to_string()),
            Route::Matrix => Some(t.nav.matrix.to_string()),
            Route::Departments => Some(t.nav.departments.to_string()),
            Route::Dashboard => Some(t.nav.dashboard.to_string()),
            Route::XlsxImport => Some(t.xlsx.import_heading.to_string()),
        };
        let plan = state.doc.with_plan(|p| p.plan.title.clone());
        [screen, plan, Some(t.app.name.to_string())]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" — ")
    });
    Effect::new(move |_| document().set_title(&title.read()));
    // A memo, so the screen is not rebuilt on every edit of the plan.
    let has_plan = Memo::new(move |_| state.doc.plan.with(Option::is_some));
    let screen = Memo::new(move |_| state.ui.route.with(Route::screen));
    // The screen the route names, rebuilt when the language changes.
    // Repairing an unreadable stored plan takes the screen until it is saved
    // or closed; a workbook can become a new plan, so its import needs no
    // plan; a plan too big to store is read-only: no editors.
    // Notified when a screen's chunk has loaded (split build, src/screens.rs).
    let loaded = ArcTrigger::new();
    crate::screens::load_the_rest();
    view! {
        <Header />
        <main class="app-main">
            <Notices />
            <FileReportView />
            {move || {
                state.ui.texts.track();
                loaded.track();
                let has_plan = has_plan.get();
                if let Some(key) = state.doc.repairing.get() {
                    return screen!(loaded, repair(key));
                }
                match screen.get() {
                    Route::Start => screen!(loaded, start()),
                    Route::XlsxImport => screen!(loaded, xlsx_import()),
                    _ if !has_plan => screen!(loaded, start()),
                    Route::Overview => screen!(loaded, overview()),
                    Route::Card(id) => screen!(loaded, card(id)),
                    Route::EditPlan if state.doc.too_big.with(Option::is_some) => {
                        screen!(loaded, overview())
                    }
                    Route::EditCard(id) if state.doc.too_big.with(Option::is_some) => {
                        screen!(loaded, card(id))
                    }
                    Route::EditPlan => screen!(loaded, plan_edit()),
                    Route::EditCard(id) => screen!(loaded, card_edit(id)),
                    Route::Exchange => screen!(loaded, exchange()),
                    Route::List(_) => screen!(loaded, list()),
                    Route::Matrix => screen!(loaded, matrix()),
                    Route::Departments => screen!(loaded, departments()),
                    Route::Dashboard => screen!(loaded, dashboard()),
                }
            }}
        </main>
    }
}
