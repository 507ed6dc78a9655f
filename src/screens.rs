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

/// What the split build knows of the chunks (see `show`).
#[cfg(feature = "split")]
mod chunks {
    use std::cell::RefCell;
    use std::collections::HashSet;
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll, Waker};

    use leptos::prelude::{ArcTrigger, Notify};

    thread_local! {
        static LOADED: RefCell<HashSet<&'static str>> = RefCell::default();
        static LOADING: RefCell<HashSet<&'static str>> = RefCell::default();
        /// The screen waiting for a chunk, told when it has loaded.
        static WAITING: RefCell<Vec<(&'static str, ArcTrigger)>> = RefCell::default();
    }

    pub const ALL: [&str; 12] = [
        "start",
        "overview",
        "card",
        "list",
        "dashboard",
        "matrix",
        "departments",
        "card_edit",
        "plan_edit",
        "exchange",
        "xlsx_import",
        "repair",
    ];

    pub fn loaded(name: &'static str) -> bool {
        LOADED.with(|l| l.borrow().contains(name))
    }

    pub fn wait(name: &'static str, loaded: ArcTrigger) {
        WAITING.with(|w| w.borrow_mut().push((name, loaded)));
    }

    /// Loads `name`'s chunk unless that has begun, then tells whoever
    /// waits for it (only them: showing another screen again would lose
    /// what its fields hold).
    pub async fn load(name: &'static str) {
        if !LOADING.with(|l| l.borrow_mut().insert(name)) {
            return;
        }
        preload(name).await;
        LOADED.with(|l| l.borrow_mut().insert(name));
        let waiting: Vec<ArcTrigger> = WAITING.with(|w| {
            let mut w = w.borrow_mut();
            let (now, later) = w.drain(..).partition(|(n, _)| *n == name);
            *w = later;
            now.into_iter().map(|(_, t)| t).collect::<Vec<_>>()
        });
        for t in waiting {
            t.notify();
        }
    }

    /// Polls once: a loaded screen's call is ready at the first poll;
    /// should it not be, the future comes back to be awaited.
    pub fn now<F: Future>(fut: F) -> Result<F::Output, Pin<Box<F>>> {
        let mut fut = Box::pin(fut);
        match fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(v) => Ok(v),
            Poll::Pending => Err(fut),
        }
    }

    /// The chunk loader of each screen (made by `#[lazy]`).
    pub fn preload(name: &'static str) -> Pin<Box<dyn Future<Output = ()>>> {
        use super::*;
        match name {
            "start" => Box::pin(__preload_start()),
            "overview" => Box::pin(__preload_overview()),
            "card" => Box::pin(__preload_card()),
            "card_edit" => Box::pin(__preload_card_edit()),
            "plan_edit" => Box::pin(__preload_plan_edit()),
            "exchange" => Box::pin(__preload_exchange()),
            "list" => Box::pin(__preload_list()),
            "matrix" => Box::pin(__preload_matrix()),
            "departments" => Box::pin(__preload_departments()),
            "dashboard" => Box::pin(__preload_dashboard()),
            "xlsx_import" => Box::pin(__preload_xlsx_import()),
            "repair" => Box::pin(__preload_repair()),
            _ => Box::pin(async {}),
        }
    }
}

/// A screen's view, built at once as in the unsplit build once its chunk
/// is loaded. Until then nothing shows while the chunk loads outside any
/// view (no owner, nothing reactive read), and `loaded` is notified so the
/// screen is shown again, now at once. (Building the view inside a pending
/// `Suspend` instead would let a view start after the screen it was for
/// had been left, on signals already disposed.)
#[cfg(feature = "split")]
pub fn show<F: std::future::Future<Output = AnyView> + Send + 'static>(
    name: &'static str,
    call: impl FnOnce() -> F,
    loaded: ArcTrigger,
) -> AnyView {
    if chunks::loaded(name) {
        return match chunks::now(call()) {
            Ok(view) => view,
            // Not expected once loaded; awaited rather than left blank.
            Err(pending) => Suspend::new(pending).into_any(),
        };
    }
    chunks::wait(name, loaded);
    leptos::task::spawn_local(chunks::load(name));
    ().into_any()
}

/// Loads the other screens' chunks one after another, a moment after the
/// first screen is shown: on a slow server a screen opened later then
/// appears at once. Nothing is shown again for it.
pub fn load_the_rest() {
    #[cfg(feature = "split")]
    leptos::prelude::set_timeout(
        || {
            leptos::task::spawn_local(async {
                for name in chunks::ALL {
                    chunks::load(name).await;
                }
            })
        },
        std::time::Duration::from_millis(1500),
    );
}

/// A screen's view (see `show`): `screen!(loaded, list())`.
#[macro_export]
macro_rules! screen {
    ($loaded:expr, $f:ident ( $($arg:expr),* )) => {{
        #[cfg(feature = "split")]
        let view = $crate::screens::show(
            stringify!($f),
            move || $crate::screens::$f($($arg),*),
            $loaded.clone(),
        );
        #[cfg(not(feature = "split"))]
        let view = {
            let _ = &$loaded;
            $crate::screens::$f($($arg),*)
        };
        view
    }};
}
