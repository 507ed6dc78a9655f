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
    file.cards
        .iter()
        .enumerate()
        .flat_map(|(ci, card)| non_finite_in_card(card, ci))
        .collect()
}

/// NaN and infinities in one card's numbers (the card at `cards[ci]`).
fn non_finite_in_card(card: &crate::model::Card, ci: usize) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut check = |path: String, x: f64| {
        if !x.is_finite() {
            out.push(Problem::error(path, ProblemKind::NumberOutOfRange));
        }
    };
    {
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

// ------------------------------------------------------ one card at a time

/// The gate's answers remembered card by card, so that checking a plan after
/// an edit costs the edited card, not the whole plan (a 1,000-card plan is
/// some 2 MB of JSON: written and read back whole on every keystroke, it
/// would freeze the page).
///
/// The answer is the same as [`check`]'s: in the file's text, each card is
/// exactly its own serialisation, and the loader's limits and shape rules for
/// a card depend only on that text (at the card's path and nesting depth);
/// the header is checked the same way without the cards, and the rules that
/// relate cards to each other and to the header ([`check_meaning`]) run on
/// the whole plan, which is cheap. A test holds the two to the same verdict.
///
/// [`check_meaning`]: crate::validate::check_meaning
#[derive(Debug, Default)]
pub struct GateCache {
    /// Card id → the card as last checked, and its problems with paths
    /// relative to the card (`title`, `years[0].status`, or `` for the card).
    cards: std::collections::HashMap<String, (crate::model::Card, Vec<Problem>)>,
}

/// Nesting depth of a card's object in a file: file → `cards` → card.
const CARD_DEPTH: usize = 3;

impl GateCache {
    /// Every problem the loader would report for `file` (as [`problems`]).
    pub fn problems(&mut self, file: &PlanFile) -> Vec<Problem> {
        let mut out = header_problems(file);
        let mut seen = std::collections::HashSet::new();
        for (ci, card) in file.cards.iter().enumerate() {
            seen.insert(card.id.as_str());
            let fresh = match self.cards.get(&card.id) {
                Some((c, _)) => c != card,
                None => true,
            };
            if fresh {
                let problems = card_problems(card);
                self.cards.insert(card.id.clone(), (card.clone(), problems));
            }
            let base = format!("cards[{ci}]");
            if let Some((_, problems)) = self.cards.get(&card.id) {
                out.extend(problems.iter().map(|p| Problem {
                    path: if p.path.is_empty() {
                        base.clone()
                    } else {
                        format!("{base}.{}", p.path)
                    },
                    ..p.clone()
                }));
            }
        }
        // Cards no longer in the plan are forgotten.
        self.cards.retain(|id, _| seen.contains(id.as_str()));
        out.extend(crate::validate::check_meaning(file));
        out
    }

    /// The gate's decision (as [`check`]), with the compact text to write.
    pub fn check(&mut self, file: &PlanFile) -> Result<Passed, Refused> {
        let problems = self.problems(file);
        if problems.iter().any(Problem::is_error) {
            return Err(Refused {
                problems: problems.into_iter().filter(Problem::is_error).collect(),
            });
        }
        match serde_json::to_string(file) {
            Ok(text) => Ok(Passed {
                text,
                warnings: problems,
            }),
            Err(_) => Err(Refused {
                problems: vec![Problem::error("", ProblemKind::NumberOutOfRange)],
            }),
        }
    }
}

/// Limits, shape and round trip of the file without its cards.
fn header_problems(file: &PlanFile) -> Vec<Problem> {
    // Not `file.clone()`: that would clone every card.
    let header = file.with_cards(Vec::new());
    let Ok(text) = serde_json::to_string(&header) else {
        return vec![Problem::error("", ProblemKind::NumberOutOfRange)];
    };
    let (value, mut out) = crate::json::parse_checked(&text);
    let Some(value) = value else { return out };
    out.extend(crate::validate::check_shape(&value));
    if !out.iter().any(Problem::is_error)
        && serde_json::from_value::<PlanFile>(value).ok().as_ref() != Some(&header)
    {
        out.push(Problem::error("", ProblemKind::ChangesWhenSaved));
    }
    out
}

/// Limits, shape and round trip of one card, with paths relative to it.
fn card_problems(card: &crate::model::Card) -> Vec<Problem> {
    let non_finite = non_finite_in_card(card, 0);
    if !non_finite.is_empty() {
        return non_finite
            .into_iter()
            .map(|p| Problem {
                path: p
                    .path
                    .trim_start_matches("cards[0]")
                    .trim_start_matches('.')
                    .to_string(),
                ..p
            })
            .collect();
    }
    let Ok(text) = serde_json::to_string(card) else {
        return vec![Problem::error("", ProblemKind::NumberOutOfRange)];
    };
    let (value, mut out) = crate::json::parse_checked_at(&text, "", CARD_DEPTH);
    let Some(value) = value else { return out };
    out.extend(crate::validate::check_card_shape(&value, ""));
    if !out.iter().any(Problem::is_error)
        && serde_json::from_value::<crate::model::Card>(value)
            .ok()
            .as_ref()
            != Some(card)
    {
        out.push(Problem::error("", ProblemKind::ChangesWhenSaved));
    }
    out
}
