//! What a user does, in headless Chromium through chromedriver, against the
//! app served under a sub-path and the single file on file://.
//!
//! One test binary with a module per area, rather than a binary per file:
//! each binary links the whole app natively, so one link instead of
//! seventeen keeps a cold `./test` fast and its target folder small.
//! Run one area with `cargo test -p shinchoku --test e2e -- save::`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../common/mod.rs"]
mod common;

mod a11y;
mod basics;
mod big_file;
mod csp;
mod editing;
mod excel;
mod exchange;
mod gate;
mod lists;
mod long_names;
mod notices;
mod overview;
mod save;
mod storage;
mod sync;
mod views;
mod worker;
