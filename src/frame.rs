//! Work put after the next paint. A checkbox shows its own check at once,
//! drawn by the browser; the card's update that follows (the struck-through
//! action, its date, the undo step, the save) is the app's work, and in the
//! click's own task it would hold that check back a frame or two on a slow
//! PC. Run after the paint, it follows one frame later instead.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::{request_animation_frame, set_timeout};

/// A hidden tab paints no frames: the timer runs `f` there instead.
const NO_FRAME: Duration = Duration::from_millis(100);

/// Runs `f` once, in the first task after the next frame is painted (or
/// after [`NO_FRAME`] when no frame comes). Calls run in the order made.
pub fn after_paint(f: impl FnOnce() + 'static) {
    let slot = Rc::new(Cell::new(Some(f)));
    let run = {
        let slot = Rc::clone(&slot);
        move || {
            if let Some(f) = slot.take() {
                f();
            }
        }
    };
    let backup = run.clone();
    // From a frame callback the timer's task comes after that frame's paint.
    request_animation_frame(move || set_timeout(run, Duration::ZERO));
    set_timeout(backup, NO_FRAME);
}
