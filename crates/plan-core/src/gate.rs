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

use std::sync::Arc;

use crate::model::{Card, PlanFile, same_card};
use crate::problem::{Problem, ProblemKind};
use crate::stored::Size;
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

/// A plan the gate let through, in the pieces the storage form keeps apart:
/// its compact text is `head`, then the `cards`' texts joined by commas,
/// then `tail` ([`PassedParts::text`]). A save that keeps one value per card
/// writes only the pieces that changed (see [`crate::stored`]).
#[derive(Debug, Clone)]
pub struct PassedParts {
    /// The file's text up to and including `"cards":[`.
    pub head: String,
    /// Each card's compact text, in order.
    pub cards: Vec<Arc<str>>,
    /// What a browser counts for each card's text (kept with the text
    /// since it was made: a save of a 2,000-card plan does not walk 7 MB
    /// to know whether it fits).
    pub card_sizes: Vec<Size>,
    /// From the cards' closing `]` to the end.
    pub tail: String,
    pub warnings: Vec<Problem>,
}

impl PassedParts {
    /// The whole compact text (the same as [`Passed::text`]).
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(self.len());
        out.push_str(&self.head);
        for (i, t) in self.cards.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(t);
        }
        out.push_str(&self.tail);
        out
    }

    /// The length in bytes of [`PassedParts::text`], without making it.
    pub fn len(&self) -> usize {
        self.head.len()
            + self.tail.len()
            + self.cards.iter().map(|t| t.len()).sum::<usize>()
            + self.cards.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What a browser counts for [`PassedParts::text`] (as
    /// `Size::of(&self.text())`), from the kept sizes of its pieces.
    pub fn size(&self) -> Size {
        let mut size = Size::of(&self.head).join(Size::of(&self.tail));
        // The commas between cards.
        size.units += self.cards.len().saturating_sub(1) as u64;
        self.card_sizes.iter().fold(size, |a, b| a.join(*b))
    }
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
    /// The card's compact JSON rides along (None when it did not
    /// serialise): a save assembles the file's text from these instead of
    /// serialising every card again.
    cards: rustc_hash::FxHashMap<String, CachedCard>,
    /// The plan header the cached cards' meaning problems were found
    /// against (they depend on its pillars, measures, visions and years).
    meaning_plan: Option<crate::model::Plan>,
    /// How many checks were made: each entry notes the last that met it.
    checks: u64,
}

#[derive(Debug)]
struct CachedCard {
    /// Shared with the plan that was checked: while the plan still holds
    /// this very card (every card but the edited one), the pointers alone
    /// say it is unchanged.
    card: Arc<Card>,
    problems: Vec<Problem>,
    /// The compact text and what a browser counts for it.
    text: Option<(Arc<str>, Size)>,
    /// The card's meaning problems (relative paths), once asked.
    meaning: Option<Vec<Problem>>,
    /// The last check that met this card.
    check: u64,
}

/// Nesting depth of a card's object in a file: file → `cards` → card.
const CARD_DEPTH: usize = 3;

impl GateCache {
    /// Every problem the loader would report for `file` (as [`problems`]).
    ///
    /// Asked at every save of a 2,000-card plan, twice: a card whose
    /// problems are kept costs one lookup by its id, and nothing is made
    /// for a card without problems.
    pub fn problems(&mut self, file: &PlanFile) -> Vec<Problem> {
        use crate::validate::{PlanMeaning, in_card};
        let mut out = header_problems(file);
        // Cards' meaning problems depend on the header: found again when
        // it changed.
        self.meaning_against(&file.plan);
        let plan = PlanMeaning::of(file);
        let mut meaning = plan.head.clone();
        // Entries met in this check carry its number; the others are of
        // cards no longer in the plan, and are forgotten below.
        self.checks = self.checks.wrapping_add(1);
        let check = self.checks;
        let mut distinct = 0;
        for (ci, card) in file.cards.iter().enumerate() {
            let c = match self.cards.get_mut(&card.id) {
                Some(c) if Arc::ptr_eq(&c.card, card) => c,
                // Equal but another allocation (the plan was read again, or
                // its cards were checked in the worker): keep the plan's own,
                // so the next check compares pointers, not 1,000 cards.
                Some(c) if *c.card == **card => {
                    c.card = Arc::clone(card);
                    c
                }
                _ => {
                    let (problems, text) = card_problems(card);
                    let mut fresh = CachedCard {
                        card: Arc::clone(card),
                        problems,
                        text,
                        meaning: None,
                        check: 0,
                    };
                    match self.cards.entry(card.id.clone()) {
                        std::collections::hash_map::Entry::Occupied(mut e) => {
                            // A repeated id met again in this check still
                            // counts once.
                            fresh.check = e.get().check;
                            e.insert(fresh);
                            e.into_mut()
                        }
                        std::collections::hash_map::Entry::Vacant(e) => e.insert(fresh),
                    }
                }
            };
            if c.check != check {
                c.check = check;
                distinct += 1;
            }
            if !c.problems.is_empty() {
                let base = format!("cards[{ci}]");
                out.extend(c.problems.iter().map(|p| Problem {
                    path: if p.path.is_empty() {
                        base.clone()
                    } else {
                        format!("{base}.{}", p.path)
                    },
                    ..p.clone()
                }));
            }
            let m = c.meaning.get_or_insert_with(|| plan.card(card));
            meaning.extend(in_card(ci, m.iter().cloned()));
        }
        // Cards no longer in the plan are forgotten.
        self.cards.retain(|_, c| c.check == check);
        if distinct == file.cards.len() {
            // Every id once: no duplicate to report.
            out.extend(meaning);
            out.extend(plan.tail);
        } else {
            out.extend(self.meaning(file));
        }
        out
    }

    /// `validate::check_meaning(file)`, with each card's part kept until
    /// the card or the plan header changes: for a plan where ids repeat
    /// (their problems are reported among the cards'). `meaning_plan` is
    /// `file.plan`'s already.
    fn meaning(&mut self, file: &PlanFile) -> Vec<Problem> {
        use crate::validate::{PlanMeaning, duplicate_card_id, in_card};
        let plan = PlanMeaning::of(file);
        let mut out = plan.head.clone();
        let mut ids = rustc_hash::FxHashSet::default();
        for (ci, card) in file.cards.iter().enumerate() {
            out.extend(duplicate_card_id(&mut ids, card, ci));
            match self.cards.get_mut(&card.id) {
                // Repeated ids share one entry: only the card it holds is
                // kept; the others are checked every time.
                Some(c) if same_card(&c.card, card) => {
                    let problems = c.meaning.get_or_insert_with(|| plan.card(card));
                    out.extend(in_card(ci, problems.iter().cloned()));
                }
                _ => out.extend(in_card(ci, plan.card(card))),
            }
        }
        out.extend(plan.tail);
        out
    }

    /// Checks cards `range` of `file` ahead of the next whole check, which
    /// then finds them kept (and compares pointers): the app goes through a
    /// plan read at start a slice at a time, so that its first save does
    /// not check 2,000 cards in one go. A card already kept, in this very
    /// allocation or an equal one, costs a lookup.
    pub fn learn(&mut self, file: &PlanFile, range: std::ops::Range<usize>) {
        self.meaning_against(&file.plan);
        let plan = crate::validate::PlanMeaning::of(file);
        for card in file.cards.get(range).unwrap_or_default() {
            let fresh = match self.cards.get_mut(&card.id) {
                Some(c) if Arc::ptr_eq(&c.card, card) => false,
                Some(c) if *c.card == **card => {
                    c.card = Arc::clone(card);
                    false
                }
                _ => true,
            };
            if fresh {
                let (problems, text) = card_problems(card);
                self.cards.insert(
                    card.id.clone(),
                    CachedCard {
                        card: Arc::clone(card),
                        problems,
                        text,
                        meaning: None,
                        check: 0,
                    },
                );
            }
            if let Some(c) = self.cards.get_mut(&card.id) {
                c.meaning.get_or_insert_with(|| plan.card(card));
            }
        }
    }

    /// Forgets the cards' meaning problems unless they were found against
    /// `plan` (they depend on its pillars, measures, visions and years).
    fn meaning_against(&mut self, plan: &crate::model::Plan) {
        if self.meaning_plan.as_ref() != Some(plan) {
            for c in self.cards.values_mut() {
                c.meaning = None;
            }
            self.meaning_plan = Some(plan.clone());
        }
    }

    /// Records `card` as checked: its compact `text` and its `problems`
    /// (paths relative to the card) as plan-core's loader found them
    /// elsewhere — the app's worker reads a big file off the page's thread,
    /// and the page does not check its cards a second time.
    pub fn seed(&mut self, card: impl Into<Arc<Card>>, text: String, problems: Vec<Problem>) {
        let card = card.into();
        self.cards.insert(
            card.id.clone(),
            CachedCard {
                card,
                problems,
                text: Some(sized(text.into())),
                meaning: None,
                check: 0,
            },
        );
    }

    /// The gate's decision (as [`check`]), with the compact text to write.
    pub fn check(&mut self, file: &PlanFile) -> Result<Passed, Refused> {
        self.check_parts(file).map(|p| Passed {
            text: p.text(),
            warnings: p.warnings,
        })
    }

    /// The gate's decision (as [`check`]), with the text in pieces: the
    /// header's and each card's. The pieces put together are
    /// `serde_json::to_string(file)`, byte for byte (compact JSON of a list
    /// is its items joined by commas); cards are taken from the cache.
    pub fn check_parts(&mut self, file: &PlanFile) -> Result<PassedParts, Refused> {
        let problems = self.problems(file);
        if problems.iter().any(Problem::is_error) {
            return Err(Refused {
                problems: problems.into_iter().filter(Problem::is_error).collect(),
            });
        }
        let too_big = || Refused {
            problems: vec![Problem::error("", ProblemKind::NumberOutOfRange)],
        };
        let header = serde_json::to_string(&file.with_cards(Vec::new())).map_err(|_| too_big())?;
        let Some(at) = top_level_key(&header, "\"cards\":[]") else {
            return Err(too_big());
        };
        let open = at + "\"cards\":[".len();
        let mut cards = Vec::with_capacity(file.cards.len());
        let mut card_sizes = Vec::with_capacity(file.cards.len());
        for card in &file.cards {
            let cached = self
                .cards
                .get(&card.id)
                .filter(|c| same_card(&c.card, card))
                .and_then(|c| c.text.clone());
            // Repeated ids share one entry: only the card it holds is
            // cached, the others are serialised here.
            let (text, size) = match cached {
                Some(t) => t,
                None => sized(
                    serde_json::to_string(&**card)
                        .map_err(|_| too_big())?
                        .into(),
                ),
            };
            cards.push(text);
            card_sizes.push(size);
        }
        Ok(PassedParts {
            head: header[..open].to_string(),
            cards,
            card_sizes,
            tail: header[open..].to_string(),
            warnings: problems,
        })
    }
}

/// The problems of card `index` among a file's `problems`, with paths
/// relative to the card (as [`GateCache::seed`] takes them).
pub fn card_problems_at(problems: &[Problem], index: usize) -> Vec<Problem> {
    let base = format!("cards[{index}]");
    problems
        .iter()
        .filter_map(|p| {
            let rest = p.path.strip_prefix(&base)?;
            let rel = if rest.is_empty() {
                ""
            } else {
                rest.strip_prefix('.')?
            };
            Some(Problem {
                path: rel.to_string(),
                ..p.clone()
            })
        })
        .collect()
}

/// Where `needle` (a key with its value's start) begins as a key of the
/// outermost object of compact JSON `text`: outside strings, at depth 1.
fn top_level_key(text: &str, needle: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => {
                // A string at depth 1 followed by ':' is a key; a value
                // string cannot be followed by one.
                if depth == 1 && text[i..].starts_with(needle) {
                    return Some(i);
                }
                in_string = true;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Limits, shape and round trip of the file without its cards.
fn header_problems(file: &PlanFile) -> Vec<Problem> {
    // The header alone: the cards are checked one by one.
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

/// A card's text with what a browser counts for it (one walk, when the
/// text is made).
fn sized(text: Arc<str>) -> (Arc<str>, Size) {
    let size = Size::of(&text);
    (text, size)
}

/// Limits, shape and round trip of one card, with paths relative to it;
/// and its compact text, when it has one.
fn card_problems(card: &crate::model::Card) -> (Vec<Problem>, Option<(Arc<str>, Size)>) {
    let non_finite = non_finite_in_card(card, 0);
    if !non_finite.is_empty() {
        let problems = non_finite
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
        return (problems, None);
    }
    let Ok(text) = serde_json::to_string(card) else {
        return (
            vec![Problem::error("", ProblemKind::NumberOutOfRange)],
            None,
        );
    };
    let (value, mut out) = crate::json::parse_checked_at(&text, "", CARD_DEPTH);
    let Some(value) = value else {
        return (out, Some(sized(text.into())));
    };
    out.extend(crate::validate::check_card_shape(&value, ""));
    if !out.iter().any(Problem::is_error)
        && serde_json::from_value::<crate::model::Card>(value)
            .ok()
            .as_ref()
            != Some(card)
    {
        out.push(Problem::error("", ProblemKind::ChangesWhenSaved));
    }
    (out, Some(sized(text.into())))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A card's meaning problems are kept between checks; a change of the
    /// header they depend on (a pillar removed, the years narrowed) or of
    /// the card itself finds them again, as the whole-file gate does.
    #[test]
    fn kept_card_meanings_follow_the_header_and_the_card() {
        let mut file = crate::sample_plan();
        let mut cache = GateCache::default();
        assert_eq!(cache.problems(&file), problems(&file));
        assert!(!cache.problems(&file).iter().any(Problem::is_error));

        let pillar = file.cards[0].pillars[0].clone();
        file.plan.pillars.retain(|p| p.id != pillar);
        let found = cache.problems(&file);
        assert_eq!(found, problems(&file));
        assert!(found.iter().any(|p| p.path == "cards[0].pillars[0]"
            && matches!(&p.kind, ProblemKind::UnknownRef(_, id) if *id == pillar)));

        let mut file = crate::sample_plan();
        cache.problems(&file);
        file.plan.end_year = file.plan.start_year;
        let found = cache.problems(&file);
        assert_eq!(found, problems(&file));
        assert!(
            found
                .iter()
                .any(|p| matches!(p.kind, ProblemKind::YearOutsidePlan { .. }))
        );

        let mut file = crate::sample_plan();
        cache.problems(&file);
        file.card_mut(&file.cards[1].id.clone()).unwrap().updated_at = "昨日".into();
        let found = cache.problems(&file);
        assert_eq!(found, problems(&file));
        assert!(found.iter().any(|p| p.path == "cards[1].updated_at"));
    }

    /// Ids repeated among the cards: the repeats are reported where the
    /// whole-file gate reports them, as the plan changes around them.
    #[test]
    fn repeated_ids_give_the_whole_file_gates_problems() {
        let mut file = crate::sample_plan();
        let mut cache = GateCache::default();
        assert_eq!(cache.problems(&file), problems(&file));
        let mut twin = (*file.cards[2]).clone();
        twin.title = "双子".into();
        file.cards.push(Arc::new(twin));
        let found = cache.problems(&file);
        assert_eq!(found, problems(&file));
        assert!(
            found
                .iter()
                .any(|p| matches!(p.kind, ProblemKind::DuplicateId(_)))
        );
        // Again, unchanged; then with a pillar gone, which both cards name.
        assert_eq!(cache.problems(&file), problems(&file));
        let pillar = file.cards[2].pillars[0].clone();
        file.plan.pillars.retain(|p| p.id != pillar);
        assert_eq!(cache.problems(&file), problems(&file));
        // The repeat removed: the cache agrees again without it.
        file.cards.pop();
        assert_eq!(cache.problems(&file), problems(&file));
    }

    /// Cards learnt one at a time (as the app does after reading a plan
    /// at start) give the whole-file gate's answer, and the plan's own
    /// cards are what is kept: the next check compares pointers.
    #[test]
    fn learnt_cards_give_the_whole_file_gates_answer_and_are_the_plans_own() {
        let mut file = crate::sample_plan();
        Arc::make_mut(&mut file.cards[1]).updated_at = "昨日".into();
        assert!(check(&file).is_err());
        let mut cache = GateCache::default();
        // An equal card in another allocation first (a plan read again).
        let mut again = file.clone();
        again.cards[0] = Arc::new((*file.cards[0]).clone());
        cache.learn(&again, 0..1);
        // Then the plan, in slices (the last one past the end).
        for from in (0..file.cards.len()).step_by(4) {
            cache.learn(&file, from..(from + 4).min(file.cards.len()));
        }
        cache.learn(&file, file.cards.len()..file.cards.len() + 4);
        for card in &file.cards {
            let kept = &cache.cards[&card.id].card;
            assert!(Arc::ptr_eq(kept, card), "{} is not the plan's own", card.id);
        }
        assert_eq!(cache.problems(&file), problems(&file));
        assert!(cache.check(&file).is_err());
        Arc::make_mut(&mut file.cards[1]).updated_at = file.cards[0].updated_at.clone();
        assert_eq!(cache.check(&file).unwrap().text, check(&file).unwrap().text);
    }

    #[test]
    fn a_seeded_cache_gives_the_whole_file_gates_verdict_and_text() {
        let mut file = crate::sample_plan();
        Arc::make_mut(&mut file.cards[2]).years[0].actions[0].text = "x".repeat(3);
        let text = serde_json::to_string(&file).unwrap();
        let loaded = crate::load_str(&text);
        let mut seeded = GateCache::default();
        for (i, card) in file.cards.iter().enumerate() {
            seeded.seed(
                card.clone(),
                serde_json::to_string(card).unwrap(),
                card_problems_at(&loaded.problems, i),
            );
        }
        let whole = check(&file).expect("passes");
        let from_seed = seeded.check(&file).expect("passes");
        assert_eq!(from_seed.text, whole.text);
        assert_eq!(from_seed.warnings, whole.warnings);
        // A path of card 1 is not taken for card 10's, nor the other way.
        let p = |path: &str| Problem::error(path, ProblemKind::Empty);
        let problems = [p("cards[1].title"), p("cards[10]"), p("cards[1]")];
        let rel: Vec<String> = card_problems_at(&problems, 1)
            .into_iter()
            .map(|p| p.path)
            .collect();
        assert_eq!(rel, ["title", ""]);
    }

    #[test]
    fn the_cards_key_is_found_only_at_the_top() {
        let text = r#"{"a":"\"cards\":[]","plan":{"cards":[]},"cards":[],"z":1}"#;
        assert_eq!(
            top_level_key(text, "\"cards\":[]"),
            text.rfind("\"cards\":[]")
        );
        assert_eq!(
            top_level_key(r#"{"plan":{"cards":[]}}"#, "\"cards\":[]"),
            None
        );
    }

    #[test]
    fn the_assembled_text_is_the_serialised_file_even_with_a_decoy_in_the_header() {
        let mut file = crate::sample_plan();
        // Unknown fields of the header that look like the card list.
        file.plan
            .extra
            .insert("cards".into(), serde_json::json!([]));
        file.extra.insert(
            "x-note".into(),
            serde_json::json!("\"cards\":[] in a string"),
        );
        let mut cache = GateCache::default();
        let passed = cache.check(&file).expect("passes");
        assert_eq!(passed.text, serde_json::to_string(&file).unwrap());
        // Again after one card changed: only that card's text is new.
        Arc::make_mut(&mut file.cards[1]).title.push_str("（改）");
        let passed = cache.check(&file).expect("passes");
        assert_eq!(passed.text, serde_json::to_string(&file).unwrap());
    }
}
