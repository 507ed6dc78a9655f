//! The root component: state in context, header, notices, and the screen
//! the route names.

use leptos::prelude::*;

use crate::route::Route;
use crate::state::AppState;
use crate::views::card::CardPage;
use crate::views::card_edit::CardEditPage;
use crate::views::dashboard::DashboardPage;
use crate::views::departments::DepartmentsPage;
use crate::views::exchange::ExchangePage;
use crate::views::layout::{FileReportView, Header, Notices};
use crate::views::list::ListPage;
use crate::views::matrix::MatrixPage;
use crate::views::overview::OverviewPage;
use crate::views::plan_edit::PlanEditPage;
use crate::views::repair::RepairPage;
use crate::views::start::StartPage;
use crate::views::xlsx_import::XlsxImportPage;

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
    // bookmark or the taskbar says where it leads.
    Effect::new(move |_| {
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
        let title = [screen, plan, Some(t.app.name.to_string())]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" — ");
        document().set_title(&title);
    });
    // A memo, so the screen is not rebuilt on every edit of the plan.
    let has_plan = Memo::new(move |_| state.doc.plan.with(Option::is_some));
    let screen = Memo::new(move |_| state.ui.route.with(Route::screen));
    view! {
        <Header />
        <main class="app-main">
            <Notices />
            <FileReportView />
            {move || {
                state.ui.texts.track();
                let has_plan = has_plan.get();
                if let Some(key) = state.doc.repairing.get() {
                    return // Re-render the screen when the language changes.
                    // Repairing an unreadable stored plan takes the screen until
                    // it is saved or closed.
                    view! { <RepairPage key=key /> }
                        .into_any();
                }
                match screen.get() {
                    Route::Start => view! { <StartPage /> }.into_any(),
                    Route::XlsxImport => {
                        // A workbook can become a new plan: no plan needed.
                        view! { <XlsxImportPage /> }
                            .into_any()
                    }
                    _ if !has_plan => view! { <StartPage /> }.into_any(),
                    Route::Overview => view! { <OverviewPage /> }.into_any(),
                    Route::Card(id) => view! { <CardPage id=id /> }.into_any(),
                    Route::EditPlan if state.doc.too_big.with(Option::is_some) => {
                        // A plan too big to store is read-only: no editors.
                        view! { <OverviewPage /> }
                            .into_any()
                    }
                    Route::EditCard(id) if state.doc.too_big.with(Option::is_some) => {
                        view! { <CardPage id=id /> }.into_any()
                    }
                    Route::EditPlan => view! { <PlanEditPage /> }.into_any(),
                    Route::EditCard(id) => view! { <CardEditPage id=id /> }.into_any(),
                    Route::Exchange => view! { <ExchangePage /> }.into_any(),
                    Route::List(_) => view! { <ListPage /> }.into_any(),
                    Route::Matrix => view! { <MatrixPage /> }.into_any(),
                    Route::Departments => view! { <DepartmentsPage /> }.into_any(),
                    Route::Dashboard => view! { <DashboardPage /> }.into_any(),
                }
            }}
        </main>
    }
}
