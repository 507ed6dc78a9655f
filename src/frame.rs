//! Work put after the next paint. A checkbox shows its own check at once,
//! drawn by the browser; the card's update that follows (the struck-through
//! action, its date, the undo step, the save) is the app's work, and in the
//! click's own task it would hold that check back a frame or two on a slow
//! PC. Run after the paint, it follows one frame later instead.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::{request_animation_frame, set_timeout};

/// A hidden tab paints no frames: the timer runs the work there instead.
const NO_FRAME: Duration = Duration::from_millis(100);

/// One piece of waiting work, taken by whichever runs it first.
type Slot = Rc<Cell<Option<Box<dyn FnOnce()>>>>;

thread_local! {
    /// What waits, in the order it was put: [`flush`] runs it at once.
    static WAITING: RefCell<Vec<Slot>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` once, in the first task after the next frame is painted (or
/// after [`NO_FRAME`] when no frame comes, or at [`flush`]). Calls run in
/// the order made.
pub fn after_paint(f: impl FnOnce() + 'static) {
    let slot: Slot = Rc::new(Cell::new(Some(Box::new(f))));
    WAITING.with_borrow_mut(|w| w.push(Rc::clone(&slot)));
    let run = move || {
        // Anything put before this runs first (order kept when the timers
        // of two calls fire in another order than the frames').
        flush_until(&slot);
    };
    let backup = run.clone();
    // From a frame callback the timer's task comes after that frame's paint.
    request_animation_frame(move || set_timeout(run, Duration::ZERO));
    set_timeout(backup, NO_FRAME);
}

/// Runs everything still waiting, now, in order: the page is being left and
/// a tick clicked a moment ago must reach the plan before it is saved.
pub fn flush() {
    while run_oldest().is_some() {}
}

/// Runs what waits up to and including `last` (nothing if `last` ran).
fn flush_until(last: &Slot) {
    if !WAITING.with_borrow(|w| w.iter().any(|s| Rc::ptr_eq(s, last))) {
        return;
    }
    while let Some(slot) = run_oldest() {
        if Rc::ptr_eq(&slot, last) {
            break;
        }
    }
}

/// Runs the oldest waiting work; None when nothing waits.
fn run_oldest() -> Option<Slot> {
    let slot = WAITING.with_borrow_mut(|w| (!w.is_empty()).then(|| w.remove(0)))?;
    if let Some(f) = slot.take() {
        f();
    }
    Some(slot)
}
