//! Undo and redo of whole states.
//!
//! The editor records the state *before* each change. Typing in one field
//! makes many changes in a row; they are coalesced into one step when they
//! carry the same key and come less than a second apart.

use std::collections::VecDeque;

/// Changes with the same key closer than this (in ms) make one undo step.
pub const COALESCE_MS: f64 = 1000.0;

#[derive(Debug, Clone)]
pub struct History<T: Clone> {
    undo: VecDeque<T>,
    redo: Vec<T>,
    capacity: usize,
    /// Key and time of the last record, while it may still be coalesced.
    last: Option<(String, f64)>,
}

impl<T: Clone> History<T> {
    /// A history keeping at most `capacity` undo steps (the oldest go first).
    pub fn new(capacity: usize) -> Self {
        History {
            undo: VecDeque::new(),
            redo: Vec::new(),
            capacity,
            last: None,
        }
    }

    /// Records `before`, the state just before a change, and forgets what
    /// could be redone. When `key` is the key of the previous record and
    /// less than a second has passed since it, the change joins the previous
    /// step instead (and the second is counted again from `now_ms`).
    pub fn record(&mut self, before: T, key: Option<&str>, now_ms: f64) {
        self.redo.clear();
        if let (Some(key), Some((last_key, last_ms))) = (key, self.last.as_mut())
            && key == last_key
            && now_ms - *last_ms < COALESCE_MS
            && !self.undo.is_empty()
        {
            *last_ms = now_ms;
            return;
        }
        self.push_undo(before);
        self.last = key.map(|k| (k.to_string(), now_ms));
    }

    /// Goes one step back: `current` becomes redoable and the previous state
    /// is returned. None (and `current` is dropped) when there is nothing to
    /// undo.
    pub fn undo(&mut self, current: T) -> Option<T> {
        let previous = self.undo.pop_back()?;
        self.redo.push(current);
        self.last = None;
        Some(previous)
    }

    /// Goes one step forward again after an undo.
    pub fn redo(&mut self, current: T) -> Option<T> {
        let next = self.redo.pop()?;
        self.push_undo(current);
        self.last = None;
        Some(next)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Number of steps that can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// Number of steps that can be redone.
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    /// Forgets everything (after loading another plan, for example).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.last = None;
    }

    fn push_undo(&mut self, state: T) {
        self.undo.push_back(state);
        while self.undo.len() > self.capacity {
            self.undo.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_then_redo_walks_the_states() {
        let mut h = History::new(10);
        assert!(!h.can_undo() && !h.can_redo());
        h.record(0, None, 0.0);
        h.record(1, None, 1.0);
        assert_eq!(h.undo(2), Some(1));
        assert_eq!(h.undo(1), Some(0));
        assert_eq!(h.undo(0), None);
        assert_eq!(h.redo(0), Some(1));
        assert_eq!(h.redo(1), Some(2));
        assert_eq!(h.redo(2), None);
        assert!(h.can_undo());
    }

    #[test]
    fn zero_capacity_keeps_nothing() {
        let mut h = History::new(0);
        h.record("a", None, 0.0);
        assert!(!h.can_undo());
        assert_eq!(h.undo("b"), None);
    }
}
