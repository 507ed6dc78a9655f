//! The status mark: symbol, colour and a name for screen readers.

use leptos::prelude::*;
use plan_core::Status;

use super::texts;

/// CSS class per status, so colours are the same everywhere.
pub fn status_class(s: Status) -> &'static str {
    match s {
        Status::NotStarted => "st st-not-started",
        Status::OnTrack => "st st-on-track",
        Status::Delayed => "st st-delayed",
        Status::Missed => "st st-missed",
        Status::Achieved => "st st-achieved",
        Status::Withdrawn => "st st-withdrawn",
    }
}

/// The status colour (kept in step with the CSS), for charts.
pub fn status_color(s: Status) -> &'static str {
    s.color()
}

#[component]
pub fn StatusMark(status: Status, #[prop(optional)] with_name: bool) -> impl IntoView {
    // Not reactive: a language switch renders the whole screen again, and
    // a mark per year per row in a long list adds up.
    let name = (texts().status.name)(status);
    view! {
        // role="img" makes the symbol presentational: a screen reader says
        // the name only (no inner aria-hidden element needed, one node less
        // per year in long tables).
        <span class=status_class(status) title=name role="img" aria-label=name>
            {status.symbol()}
        </span>
        {with_name.then(|| view! { <span class="st-name">{name}</span> })}
    }
}
