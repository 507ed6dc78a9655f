//! The screens, each loaded when first shown.
//!
//! With the `split` feature (the page build, `xtask page`) every function
//! here is `#[lazy]`: wasm-split moves it, with the code only it needs, into
//! a wasm chunk fetched on first use, so the module the page starts with
//! holds the shell (state, storage, the gate, header and notices) and not
//! every screen. Without the feature (tests, `cargo check`) they are plain
//! functions; `screen!` in app.rs calls them either way.

use leptos::prelude::*;

use crate::views::card::CardPage;
use crate::views::card_edit::CardEditPage;
use crate::views::dashboard::DashboardPage;
use crate::views::departments::DepartmentsPage;
use crate::views::exchange::ExchangePage;
use crate::views::list::ListPage;
use crate::views::matrix::MatrixPage;
use crate::views::overview::OverviewPage;
use crate::views::plan_edit::PlanEditPage;
use crate::views::repair::RepairPage;
use crate::views::start::StartPage;
use crate::views::xlsx_import::XlsxImportPage;

#[cfg_attr(feature = "split", leptos::lazy)]
pub fn start() -> AnyView {
    view! { <StartPage /> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
pub fn overview() -> AnyView {
    view! { <OverviewPage /> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
pub fn card(id: String) -> AnyView {
    view! { <CardPage id=id /> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
pub fn card_edit(id: String) -> AnyView {
    view! { <CardEditPage id=id /> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
pub fn plan_edit() -> AnyView {
    view! { <PlanEditPage /> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
pub fn exchange() -> AnyView {
    view! { <ExchangePage /> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
pub fn list() -> AnyView {
    view! { <ListPage /> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
pub fn matrix() -> AnyView {
    view! { <MatrixPage /> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
pub fn departments() -> AnyView {
    view! { <DepartmentsPage /> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
pub fn dashboard() -> AnyView {
    view! { <DashboardPage /> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
pub fn xlsx_import() -> AnyView {
    view! { <XlsxImportPage /> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
pub fn repair(key: String) -> AnyView {
    view! { <RepairPage key=key /> }.into_any()
}

/// A screen's view: at once, or (split build) once its chunk has loaded
/// (nothing shows in the meantime; a chunk is a few KB to a few tens).
#[macro_export]
macro_rules! screen {
    ($f:ident ( $($arg:expr),* )) => {{
        #[cfg(feature = "split")]
        let view = leptos::prelude::Suspend::new(async move {
            $crate::screens::$f($($arg),*).await
        })
        .into_any();
        #[cfg(not(feature = "split"))]
        let view = $crate::screens::$f($($arg),*);
        view
    }};
}
