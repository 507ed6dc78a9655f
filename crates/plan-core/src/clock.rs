//! Version clocks (version vectors): one counter per copy of the app.
//! They decide, without trusting wall clocks on city-hall PCs, whether an
//! incoming card is newer, older, the same, or edited on both sides.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct VersionClock(pub BTreeMap<String, u64>);

/// How one clock stands against another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockOrder {
    Equal,
    /// Ahead on at least one entry and behind on none.
    Ahead,
    /// Behind on at least one entry and ahead on none.
    Behind,
    /// Each is ahead somewhere: edited on both sides.
    Concurrent,
}

impl VersionClock {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get(&self, site: &str) -> u64 {
        self.0.get(site).copied().unwrap_or(0)
    }

    /// Compares `self` against `other`; a missing entry counts as 0.
    pub fn compare(&self, other: &VersionClock) -> ClockOrder {
        let mut ahead = false;
        let mut behind = false;
        for site in self.0.keys().chain(other.0.keys()) {
            let (a, b) = (self.get(site), other.get(site));
            ahead |= a > b;
            behind |= a < b;
        }
        match (ahead, behind) {
            (false, false) => ClockOrder::Equal,
            (true, false) => ClockOrder::Ahead,
            (false, true) => ClockOrder::Behind,
            (true, true) => ClockOrder::Concurrent,
        }
    }

    /// Entry-wise maximum of both clocks.
    pub fn merged(&self, other: &VersionClock) -> VersionClock {
        let mut out = self.0.clone();
        for (site, &n) in &other.0 {
            let e = out.entry(site.clone()).or_insert(0);
            *e = (*e).max(n);
        }
        VersionClock(out)
    }

    /// Records one saved change made by `site`.
    pub fn increment(&mut self, site: &str) {
        *self.0.entry(site.to_string()).or_insert(0) += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(entries: &[(&str, u64)]) -> VersionClock {
        VersionClock(entries.iter().map(|(k, v)| (k.to_string(), *v)).collect())
    }

    #[test]
    fn compare_covers_all_four_orders() {
        let a = clock(&[("x", 2), ("y", 1)]);
        assert_eq!(a.compare(&a.clone()), ClockOrder::Equal);
        assert_eq!(a.compare(&clock(&[("x", 1), ("y", 1)])), ClockOrder::Ahead);
        assert_eq!(a.compare(&clock(&[("x", 2), ("y", 3)])), ClockOrder::Behind);
        assert_eq!(
            a.compare(&clock(&[("x", 1), ("y", 2)])),
            ClockOrder::Concurrent
        );
    }

    #[test]
    fn missing_entries_count_as_zero() {
        let a = clock(&[("x", 1)]);
        let b = clock(&[("x", 1), ("y", 0)]);
        assert_eq!(a.compare(&b), ClockOrder::Equal);
        assert_eq!(clock(&[]).compare(&a), ClockOrder::Behind);
        assert_eq!(clock(&[("z", 1)]).compare(&a), ClockOrder::Concurrent);
    }

    #[test]
    fn merged_is_entrywise_max_and_increment_adds_one() {
        let mut m = clock(&[("x", 3), ("y", 1)]).merged(&clock(&[("y", 4), ("z", 2)]));
        assert_eq!(m, clock(&[("x", 3), ("y", 4), ("z", 2)]));
        m.increment("x");
        m.increment("new");
        assert_eq!(m.get("x"), 4);
        assert_eq!(m.get("new"), 1);
    }
}
