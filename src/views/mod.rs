//! Views: they show state and send intents to `AppState`; nothing else.

pub mod card;
pub mod card_edit;
pub mod chart;
pub mod dashboard;
pub mod departments;
pub mod exchange;
pub mod fields;
pub mod layout;
pub mod list;
pub mod matrix;
pub mod overview;
pub mod plan_edit;
pub mod repair;
pub mod rows;
pub mod start;
pub mod status;
pub mod xlsx_import;

use leptos::prelude::*;

use crate::route::Route;
use crate::state::{AppState, Document, Ui};
use crate::texts::Texts;

pub fn use_state() -> AppState {
    expect_context::<AppState>()
}

/// The open document (plan, undo, saving): for views that only show it.
pub fn use_doc() -> Document {
    expect_context::<Document>()
}

/// The frame (language, screen, notices): for views that only show it.
pub fn use_ui() -> Ui {
    expect_context::<Ui>()
}

/// A link to a screen: a real `href` (so it can be opened in a new tab or
/// copied), and a click navigates through the state without reloading (a
/// plain hash link does not navigate in every frame the app may run in,
/// such as a sandboxed one). `current` marks the link of the screen shown
/// (class `current`); links without it have no effect of their own, as a
/// long list has hundreds.
#[component]
pub fn RouteLink(
    route: Route,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional, into)] current: Option<Signal<bool>>,
    children: Children,
) -> impl IntoView {
    let state = use_state();
    let href = route.to_hash();
    let go = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        state.navigate(route.clone());
    };
    match current {
        Some(current) => view! {
            <a
                href=href
                class=class
                data-testid=testid
                class:current=move || current.get()
                on:click=go
            >
                {children()}
            </a>
        }
        .into_any(),
        None => view! {
            <a href=href class=class data-testid=testid on:click=go>
                {children()}
            </a>
        }
        .into_any(),
    }
}

/// The current catalogue, as a reactive read.
pub fn texts() -> &'static Texts {
    use_ui().texts.get()
}
