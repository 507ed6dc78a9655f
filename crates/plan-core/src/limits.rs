//! The value rules of the format, in one place: what the loader enforces on
//! every single field, so that the editors can enforce the very same rules
//! while the user types (and show the loader's message for them), instead of
//! hard-coding their own copies.
//!
//! The loader (`json.rs` for limits, `validate.rs` for shape and meaning)
//! calls these functions too, so the two cannot drift apart. Rules that
//! relate several fields (unique ids, references, a measure under the card's
//! first pillar, years inside the plan period) are the gate's business:
//! `gate::problems` reports them with their paths.
//!
//! Each `check_*` returns the [`ProblemKind`] the loader would report, so a
//! view shows it with `messages::ja` / `messages::en` next to the field.

use crate::problem::ProblemKind;

/// Longest string (in Unicode scalar values, i.e. Rust `char`s, as the
/// loader counts), in any field and any object key. For an HTML
/// `maxlength`, which counts UTF-16 units, this is a safe upper bound only
/// for text without emoji; check with [`check_text`] as well.
pub const MAX_STRING_CHARS: usize = 100_000;

/// Largest magnitude of a number: 2^53 (I-JSON, exact in JavaScript).
/// Numbers must also be finite.
pub const MAX_SAFE_NUMBER: f64 = 9_007_199_254_740_992.0;

/// The same bound for integers (version, clock counts).
pub const MAX_SAFE_INTEGER: u64 = 1 << 53;

/// Fiscal years, anywhere in a file (plan period, card years, indicator
/// values, baselines).
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2200;

/// Deepest nesting of JSON values (only reachable through unknown fields).
pub const MAX_DEPTH: usize = 64;

/// A text field: at most [`MAX_STRING_CHARS`] characters.
pub fn check_text(s: &str) -> Result<(), ProblemKind> {
    // Byte length bounds the char count from above: skip the count when short.
    if s.len() > MAX_STRING_CHARS && s.chars().count() > MAX_STRING_CHARS {
        Err(ProblemKind::StringTooLong {
            max: MAX_STRING_CHARS,
        })
    } else {
        Ok(())
    }
}

/// A required text (plan id and title; ids of pillars, visions, measures,
/// cards, actions, goals and indicators): not empty, and not too long.
/// Card titles may be empty; plan titles may not.
pub fn check_required(s: &str) -> Result<(), ProblemKind> {
    if s.is_empty() {
        return Err(ProblemKind::Empty);
    }
    check_text(s)
}

/// Any number (goal target/actual, indicator value): finite and within
/// ±2^53.
pub fn check_number(x: f64) -> Result<(), ProblemKind> {
    if x.is_finite() && x.abs() <= MAX_SAFE_NUMBER {
        Ok(())
    } else {
        Err(ProblemKind::NumberOutOfRange)
    }
}

/// An indicator total (母数): a number, and greater than 0.
pub fn check_total(x: f64) -> Result<(), ProblemKind> {
    check_number(x)?;
    if x > 0.0 {
        Ok(())
    } else {
        Err(ProblemKind::TotalNotPositive)
    }
}

/// A fiscal year anywhere in the file: [`MIN_YEAR`]..=[`MAX_YEAR`].
pub fn check_year(y: i64) -> Result<(), ProblemKind> {
    if (i64::from(MIN_YEAR)..=i64::from(MAX_YEAR)).contains(&y) {
        Ok(())
    } else {
        Err(ProblemKind::YearOutOfRange {
            min: MIN_YEAR,
            max: MAX_YEAR,
        })
    }
}

/// A card's fiscal year: a year, and inside the plan period `start..=end`.
pub fn check_card_year(y: i64, start: i32, end: i32) -> Result<(), ProblemKind> {
    check_year(y)?;
    if start <= end && !(i64::from(start)..=i64::from(end)).contains(&y) {
        return Err(ProblemKind::YearOutsidePlan { start, end });
    }
    Ok(())
}

/// The plan period: both years in range and start ≤ end.
pub fn check_period(start: i64, end: i64) -> Result<(), ProblemKind> {
    check_year(start)?;
    check_year(end)?;
    if start > end {
        return Err(ProblemKind::StartAfterEnd);
    }
    Ok(())
}

/// An action's due month (`YYYY-MM`), inside the fiscal year of its card
/// year (April to March).
pub fn check_due(due: &str, fiscal_year: i32) -> Result<(), ProblemKind> {
    match crate::fiscal::parse_year_month(due) {
        None => Err(ProblemKind::BadYearMonth),
        Some((y, m)) if crate::fiscal::fiscal_year_of(y, m) != fiscal_year => {
            Err(ProblemKind::DueOutsideYear(fiscal_year))
        }
        Some(_) => Ok(()),
    }
}

/// A date such as an action's `done_on` (`YYYY-MM-DD`, a real day).
pub fn check_date(d: &str) -> Result<(), ProblemKind> {
    crate::fiscal::parse_date(d)
        .map(|_| ())
        .ok_or(ProblemKind::BadDate)
}

/// A timestamp (RFC 3339 with offset), e.g. `updated_at`, a log entry's `at`.
pub fn check_timestamp(t: &str) -> Result<(), ProblemKind> {
    if crate::fiscal::is_timestamp(t) {
        Ok(())
    } else {
        Err(ProblemKind::BadTimestamp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_say_what_the_loader_says() {
        assert_eq!(check_required(""), Err(ProblemKind::Empty));
        assert!(check_required("計画").is_ok());
        assert!(check_text(&"あ".repeat(MAX_STRING_CHARS)).is_ok());
        assert!(check_text(&"あ".repeat(MAX_STRING_CHARS + 1)).is_err());
        assert_eq!(check_total(0.0), Err(ProblemKind::TotalNotPositive));
        assert_eq!(check_total(-1.0), Err(ProblemKind::TotalNotPositive));
        assert!(check_total(0.5).is_ok());
        assert_eq!(check_number(1e16), Err(ProblemKind::NumberOutOfRange));
        assert_eq!(check_number(f64::NAN), Err(ProblemKind::NumberOutOfRange));
        assert!(check_number(-MAX_SAFE_NUMBER).is_ok());
        assert!(check_year(5).is_err() && check_year(2200).is_ok());
        assert_eq!(
            check_card_year(2030, 2024, 2026),
            Err(ProblemKind::YearOutsidePlan {
                start: 2024,
                end: 2026
            })
        );
        assert_eq!(check_period(2027, 2026), Err(ProblemKind::StartAfterEnd));
        assert!(check_due("2025-03", 2024).is_ok());
        assert_eq!(
            check_due("2025-04", 2024),
            Err(ProblemKind::DueOutsideYear(2024))
        );
        assert_eq!(check_date("2024-02-30"), Err(ProblemKind::BadDate));
        assert!(check_timestamp("2024-03-31T17:00:00+09:00").is_ok());
    }
}
