//! The app's door to the one gate: `plan_core::gate` with its card-by-card
//! memory, shared by the problems shown next to the fields and by every
//! storage write, so an edit costs the checking of one card.

use std::cell::RefCell;

use plan_core::gate::{GateCache, Passed, Refused};
use plan_core::{PlanFile, Problem};

thread_local! {
    // The page is single-threaded; one memory for every check.
    static CACHE: RefCell<GateCache> = RefCell::new(GateCache::default());
}

/// May `file` be stored? The text to write when it may.
pub fn check(file: &PlanFile) -> Result<Passed, Refused> {
    CACHE.with(|c| c.borrow_mut().check(file))
}

/// Every problem the loader would report for `file`.
pub fn problems(file: &PlanFile) -> Vec<Problem> {
    CACHE.with(|c| c.borrow_mut().problems(file))
}

/// Checks cards `range` of `file` ahead of the next save (see
/// `GateCache::learn`).
pub fn learn(file: &PlanFile, range: std::ops::Range<usize>) {
    CACHE.with(|c| c.borrow_mut().learn(file, range))
}

/// Takes a card as checked by the loader in the worker (see
/// `GateCache::seed`): a big file's cards are not checked twice.
pub fn seed(card: std::sync::Arc<plan_core::Card>, text: String, problems: Vec<Problem>) {
    CACHE.with(|c| c.borrow_mut().seed(card, text, problems))
}

/// The same decision, with the text in the pieces the per-card storage
/// form writes (see `plan_core::stored`).
pub fn check_parts(file: &PlanFile) -> Result<plan_core::gate::PassedParts, Refused> {
    CACHE.with(|c| c.borrow_mut().check_parts(file))
}
