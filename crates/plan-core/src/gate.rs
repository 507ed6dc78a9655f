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
use crate::problem::Problem;
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
/// write.
pub fn check(file: &PlanFile) -> Result<Passed, Refused> {
    let text = match serde_json::to_string(file) {
        Ok(t) => t,
        // Non-finite numbers cannot be written as JSON at all.
        Err(_) => {
            return Err(Refused {
                problems: vec![Problem::error(
                    "",
                    crate::problem::ProblemKind::NumberOutOfRange,
                )],
            });
        }
    };
    let loaded = load_str(&text);
    match loaded.file {
        Some(_) => Ok(Passed {
            text,
            warnings: loaded.problems,
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
