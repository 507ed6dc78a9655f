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
pub mod start;
pub mod status;
pub mod xlsx_import;

use leptos::prelude::*;

use crate::state::AppState;
use crate::texts::Texts;

pub fn use_state() -> AppState {
    expect_context::<AppState>()
}

/// The current catalogue, as a reactive read.
pub fn texts() -> &'static Texts {
    use_state().texts.get()
}
