//! The one gate: may this plan be stored or written?
//!
//! "Saved means loadable": the answer is the loader's own answer. The plan is
//! serialised exactly as it would be written, and that text is read back by
//! [`load_str`] (limits, shape, meaning). So the gate cannot drift from the
//! loader: whatever it lets through, the loader accepts, and what it hands
//! back ([`Passed::text`]) is the very text that was checked — callers write
//! that text, never a second serialisation.
//!
//! Every road that writes goes through here: the app's save, import confirm,
//! tab reconciliation, snapshot restore, undo/redo, and the CLI's outputs.

use crate::model::PlanFile;
use crate::problem::{Problem, ProblemKind};
use crate::validate::load_str;

/// A plan the gate let through, with the text to write.
#[derive(Debug, Clone)]
pub struct Passed {
    /// Compact JSON (storage form). `to_json_pretty` of the same plan loads
    /// the same, since only whitespace differs.
    pub text: String,
    /// Warnings the loader would give (e.g. a newer version); not blocking.
    pub warnings: Vec<Problem>,
}

/// Why a plan may not be written: every error the loader would report, each
/// with its JSON path (e.g. `cards[3].indicators[0].total`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the plan would not load back ({} problems)", .problems.len())]
pub struct Refused {
    pub problems: Vec<Problem>,
}

/// Decides whether `file` may be written; on success returns the text to
/// write (compact JSON, the storage form).
pub fn check(file: &PlanFile) -> Result<Passed, Refused> {
    check_as(file, serde_json::to_string)
}

/// The same decision, with pretty JSON as the text: for files people open
/// (the CLI's outputs, downloads).
pub fn check_pretty(file: &PlanFile) -> Result<Passed, Refused> {
    check_as(file, serde_json::to_string_pretty)
}

fn check_as(
    file: &PlanFile,
    write: fn(&PlanFile) -> serde_json::Result<String>,
) -> Result<Passed, Refused> {
    // JSON has no NaN or infinity: serde_json would write null, which loads
    // as "no value" (or is refused far from the field). Say where.
    let non_finite = non_finite_numbers(file);
    if !non_finite.is_empty() {
        return Err(Refused {
            problems: non_finite,
        });
    }
    let text = match write(file) {
        Ok(t) => t,
        Err(_) => {
            return Err(Refused {
                problems: vec![Problem::error("", ProblemKind::NumberOutOfRange)],
            });
        }
    };
    let loaded = load_str(&text);
    match loaded.file {
        // What loads back must be what was meant to be stored: an unknown
        // field named like a known one, for instance, would come back as
        // the known field.
        Some(back) if back == *file => Ok(Passed {
            text,
            warnings: loaded.problems,
        }),
        Some(_) => Err(Refused {
            problems: vec![Problem::error("", ProblemKind::ChangesWhenSaved)],
        }),
        None => Err(Refused {
            problems: loaded
                .problems
                .into_iter()
                .filter(Problem::is_error)
                .collect(),
        }),
    }
}

/// NaN and infinities in the plan's numbers, with their paths.
fn non_finite_numbers(file: &PlanFile) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut check = |path: String, x: f64| {
        if !x.is_finite() {
            out.push(Problem::error(path, ProblemKind::NumberOutOfRange));
        }
    };
    for (ci, card) in file.cards.iter().enumerate() {
        for (yi, y) in card.years.iter().enumerate() {
            for (gi, g) in y.goals.iter().enumerate() {
                for (key, q) in [("target", &g.target), ("actual", &g.actual)] {
                    if let Some(q) = q {
                        check(
                            format!("cards[{ci}].years[{yi}].goals[{gi}].{key}.value"),
                            q.value,
                        );
                    }
                }
            }
        }
        for (ii, ind) in card.indicators.iter().enumerate() {
            let base = format!("cards[{ci}].indicators[{ii}]");
            let values = ind
                .baseline
                .iter()
                .map(|v| ("baseline".to_string(), v))
                .chain(
                    ind.targets
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (format!("targets[{i}]"), v)),
                )
                .chain(
                    ind.actuals
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (format!("actuals[{i}]"), v)),
                );
            for (at, v) in values {
                check(format!("{base}.{at}.value"), v.value);
                if let Some(t) = v.total {
                    check(format!("{base}.{at}.total"), t);
                }
            }
        }
    }
    out
}

/// Every problem (errors and warnings) the loader would report for `file`:
/// what the editor shows next to the fields as the user types.
pub fn problems(file: &PlanFile) -> Vec<Problem> {
    match check(file) {
        Ok(p) => p.warnings,
        Err(r) => r.problems,
    }
}

/// True when the gate lets `file` through.
pub fn passes(file: &PlanFile) -> bool {
    check(file).is_ok()
}
