//! The root component: state in context, header, notices, and the screen
//! the route names.

use leptos::prelude::*;

use crate::route::Route;
use crate::state::AppState;
use crate::views::card::CardPage;
use crate::views::layout::{FileReportView, Header, Notices};
use crate::views::overview::OverviewPage;
use crate::views::start::StartPage;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::load();
    provide_context(state);
    state.follow_hash();
    Effect::new(move |_| {
        let lang = state.texts.get().lang;
        if let Some(el) = document().document_element() {
            let _ = el.set_attribute("lang", lang);
        }
    });
    view! {
        <Header />
        <main class="app-main">
            <Notices />
            <FileReportView />
            {move || match state.route.get() {
                Route::Start => view! { <StartPage /> }.into_any(),
                Route::Overview => view! { <OverviewPage /> }.into_any(),
                Route::Card(id) => view! { <CardPage id=id /> }.into_any(),
            }}
        </main>
    }
}
