//! Shinchoku, the browser app: Leptos views over the `plan-core` domain.
//! Side effects live in small adapters (`storage`), views only show state
//! and send intents (`state`).

pub mod app;
pub mod charts;
pub mod clock_adapter;
pub mod crash;
pub mod download;
pub mod frame;
pub mod gate;
pub mod notice;
pub mod print;
pub mod route;
pub mod screens;
pub mod state;
pub mod storage;
pub mod texts;
pub mod views;
pub mod worker;
pub mod xlsx;

pub use app::App;
