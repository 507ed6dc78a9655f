//! Saved means loadable, as properties: random sequences of editing
//! operations with hostile values, on the sample plan and on a generated
//! large plan, and random field-level merge choices.
//!
//! - whatever the gate accepts loads back equal from the text it returns;
//! - the gate accepts exactly what the loader reads back unchanged;
//! - whatever it refuses leaves the stored value as it was (a model of the
//!   app's storage, which only ever holds a gate's text), and that stored
//!   value always loads;
//! - the per-field rules of `limits` are the loader's: one hostile value in
//!   an otherwise valid plan is refused exactly when its rule says so;
//! - `merge::apply` never returns a plan the gate refuses, and
//!   `MergePreview::check` agrees with it.
//!
//! Case counts are small so `./test` stays fast (debug build);
//! `PROPTEST_CASES=500 cargo test -p plan-core --release --test gate` runs
//! more of each.
use std::collections::HashMap;
use std::sync::Arc;

use plan_core::gate;
use plan_core::generate::large_plan;
use plan_core::limits;
use plan_core::merge::{Choice, FieldGroup, MergeError, Side, apply, preview};
use plan_core::*;
use proptest::prelude::*;

const NOW: &str = "2026-11-21T10:00:00+09:00";

/// The app's storage, modelled: it holds only texts the gate returned.
struct Store {
    text: String,
}

impl Store {
    fn new(file: &PlanFile) -> Store {
        Store {
            text: gate::check(file).expect("starts valid").text,
        }
    }

    /// The debounced save: through the gate or not at all (the gate's
    /// verdict on the plan is passed in, to check each plan once).
    fn save(&mut self, verdict: &Result<gate::Passed, gate::Refused>) -> bool {
        match verdict {
            Ok(passed) => {
                self.text = passed.text.clone();
                true
            }
            Err(_) => false,
        }
    }
}

/// `PROPTEST_CASES` when set, else the small default for `./test`.
fn cases(default: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig::with_cases(n)
}

// ------------------------------------------------------- hostile values

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("ふつうの文".to_string()),
        Just("改行\nあり\r\n".to_string()),
        Just("\u{0}\"}{\\".to_string()),
        Just("😀".repeat(3)),
        Just("あ".repeat(limits::MAX_STRING_CHARS)),
        Just("あ".repeat(limits::MAX_STRING_CHARS + 1)),
        "[a-zA-Z0-9ぁ-ん ]{0,12}",
    ]
}

fn hostile_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        Just(-0.0),
        Just(-1.0),
        Just(0.5),
        Just(1e16),
        Just(-1e16),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(limits::MAX_SAFE_NUMBER),
        Just(limits::MAX_SAFE_NUMBER * 2.0),
        Just(1e-300),
        Just(f64::MAX),
        -1e6f64..1e6,
    ]
}

fn hostile_year() -> impl Strategy<Value = i32> {
    prop_oneof![
        Just(5),
        Just(1899),
        Just(1900),
        Just(2023),
        Just(2024),
        Just(2026),
        Just(2027),
        Just(2200),
        Just(2201),
        Just(i32::MIN),
        Just(i32::MAX),
        2020i32..2030,
    ]
}

fn hostile_timestamp() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(NOW.to_string()),
        Just("2026-02-30T10:00:00+09:00".to_string()),
        Just("きのう".to_string()),
        Just(String::new()),
    ]
}

// ------------------------------------------------------------ the edits

/// One editing step. Indexes are taken modulo the lengths they index.
#[derive(Debug, Clone)]
enum Op {
    PlanTitle(String),
    PlanPeriod(i32, i32),
    CardTitle(usize, String),
    Overview(usize, String),
    IndicatorTotal(usize, f64),
    IndicatorValue(usize, f64),
    TargetYear(usize, i32),
    GoalTarget(usize, f64),
    EnsureYear(usize, i32),
    ActionDone(usize, bool, String),
    ActionDue(usize, String),
    Status(usize, usize, String),
    Log(usize, String, String),
    Pillars(usize, Vec<usize>),
    Measure(usize, Option<usize>),
    Duplicate(usize),
    Remove(usize),
    Move(usize, usize),
    CopyToNextYear(usize),
    /// An unknown field named like a known one.
    ExtraNamedLikeField(usize),
    PlanId(String),
    ClockSite(usize, String),
    /// A step that puts things right again, so refusals are followed by
    /// passes and the sequence keeps going through valid plans.
    Restore,
}

fn op() -> impl Strategy<Value = Op> {
    let i = || 0usize..1000;
    prop_oneof![
        hostile_text().prop_map(Op::PlanTitle),
        (hostile_year(), hostile_year()).prop_map(|(a, b)| Op::PlanPeriod(a, b)),
        (i(), hostile_text()).prop_map(|(c, t)| Op::CardTitle(c, t)),
        (i(), hostile_text()).prop_map(|(c, t)| Op::Overview(c, t)),
        (i(), hostile_number()).prop_map(|(c, x)| Op::IndicatorTotal(c, x)),
        (i(), hostile_number()).prop_map(|(c, x)| Op::IndicatorValue(c, x)),
        (i(), hostile_year()).prop_map(|(c, y)| Op::TargetYear(c, y)),
        (i(), hostile_number()).prop_map(|(c, x)| Op::GoalTarget(c, x)),
        (i(), hostile_year()).prop_map(|(c, y)| Op::EnsureYear(c, y)),
        (
            i(),
            any::<bool>(),
            prop_oneof![
                Just("2025-01-10".to_string()),
                Just("2025-13-01".to_string())
            ]
        )
            .prop_map(|(c, d, t)| Op::ActionDone(c, d, t)),
        (
            i(),
            prop_oneof![
                Just("2025-03".to_string()),
                Just("2025-04".to_string()),
                Just("3月".to_string())
            ]
        )
            .prop_map(|(c, d)| Op::ActionDue(c, d)),
        (i(), 0usize..6, hostile_text()).prop_map(|(c, s, t)| Op::Status(c, s, t)),
        (i(), hostile_timestamp(), hostile_text()).prop_map(|(c, a, t)| Op::Log(c, a, t)),
        (i(), prop::collection::vec(0usize..5, 0..3)).prop_map(|(c, p)| Op::Pillars(c, p)),
        (i(), prop::option::of(0usize..5)).prop_map(|(c, m)| Op::Measure(c, m)),
        i().prop_map(Op::Duplicate),
        i().prop_map(Op::Remove),
        (i(), i()).prop_map(|(c, t)| Op::Move(c, t)),
        i().prop_map(Op::CopyToNextYear),
        i().prop_map(Op::ExtraNamedLikeField),
        hostile_text().prop_map(Op::PlanId),
        (
            i(),
            prop_oneof![Just(String::new()), Just("site-x".to_string())]
        )
            .prop_map(|(c, s)| Op::ClockSite(c, s)),
        Just(Op::Restore),
        Just(Op::Restore),
    ]
}

fn pick<T>(v: &mut [T], i: usize) -> Option<&mut T> {
    let n = v.len();
    (n > 0).then(|| &mut v[i % n])
}

/// Applies one step the way the app's editors do (plan-core's operations,
/// or a direct field edit), whatever the value.
fn step(file: &mut PlanFile, op: &Op, last_valid: &PlanFile, fresh: &mut u64) {
    let mut new_id = || {
        *fresh += 1;
        format!("gen-{fresh}")
    };
    let measures: Vec<String> = file
        .plan
        .pillars
        .iter()
        .flat_map(|p| p.measures.iter().map(|m| m.id.clone()))
        .chain(["no-such-measure".to_string()])
        .collect();
    let pillars: Vec<String> = file
        .plan
        .pillars
        .iter()
        .map(|p| p.id.clone())
        .chain(["no-such-pillar".to_string()])
        .collect();
    match op {
        Op::PlanTitle(t) => file.plan.title = t.clone(),
        Op::PlanId(t) => file.plan.id = t.clone(),
        Op::PlanPeriod(a, b) => {
            file.plan.start_year = *a;
            file.plan.end_year = *b;
        }
        Op::Restore => *file = last_valid.clone(),
        Op::Duplicate(c) => {
            if let Some(id) = pick(&mut file.cards, *c).map(|c| c.id.clone()) {
                file.duplicate_card(&id, "（複製）", NOW, &mut new_id);
            }
        }
        Op::Remove(c) => {
            if let Some(id) = pick(&mut file.cards, *c).map(|c| c.id.clone()) {
                file.remove_card(&id);
            }
        }
        Op::Move(c, to) => {
            if let Some(id) = pick(&mut file.cards, *c).map(|c| c.id.clone()) {
                file.move_card(&id, *to);
            }
        }
        Op::CopyToNextYear(c) => {
            if let Some((id, year)) =
                pick(&mut file.cards, *c).and_then(|c| Some((c.id.clone(), c.years.first()?.year)))
            {
                let _ = file.copy_to_next_year(&id, year, &mut new_id);
            }
        }
        _ => {
            let Some(card) = (match op {
                Op::CardTitle(c, _)
                | Op::Overview(c, _)
                | Op::IndicatorTotal(c, _)
                | Op::IndicatorValue(c, _)
                | Op::TargetYear(c, _)
                | Op::GoalTarget(c, _)
                | Op::EnsureYear(c, _)
                | Op::ActionDone(c, _, _)
                | Op::ActionDue(c, _)
                | Op::Status(c, _, _)
                | Op::Log(c, _, _)
                | Op::Pillars(c, _)
                | Op::Measure(c, _)
                | Op::ExtraNamedLikeField(c)
                | Op::ClockSite(c, _) => pick(&mut file.cards, *c).map(Arc::make_mut),
                _ => None,
            }) else {
                return;
            };
            match op {
                Op::CardTitle(_, t) => card.title = t.clone(),
                Op::Overview(_, t) => card.overview = t.clone(),
                Op::IndicatorTotal(_, x) => {
                    if let Some(v) = card
                        .indicators
                        .iter_mut()
                        .flat_map(|i| i.actuals.iter_mut())
                        .next()
                    {
                        v.total = Some(*x);
                    }
                }
                Op::IndicatorValue(_, x) => {
                    if let Some(v) = card
                        .indicators
                        .iter_mut()
                        .flat_map(|i| i.targets.iter_mut())
                        .next()
                    {
                        v.value = *x;
                    }
                }
                Op::TargetYear(_, y) => {
                    if let Some(v) = card
                        .indicators
                        .iter_mut()
                        .flat_map(|i| i.targets.iter_mut())
                        .next()
                    {
                        v.year = *y;
                    }
                }
                Op::GoalTarget(_, x) => {
                    if let Some(g) = card
                        .years
                        .iter_mut()
                        .flat_map(|y| y.goals.iter_mut())
                        .next()
                    {
                        g.target = Some(Quantity {
                            value: *x,
                            unit: "件".into(),
                            extra: Extra::new(),
                        });
                    }
                }
                Op::EnsureYear(_, y) => {
                    card.ensure_year(*y);
                }
                Op::ActionDone(_, done, today) => {
                    if let Some((year, id)) = card
                        .years
                        .iter()
                        .find_map(|y| Some((y.year, y.actions.first()?.id.clone())))
                    {
                        card.set_action_done(year, &id, *done, today);
                    }
                }
                Op::ActionDue(_, due) => {
                    if let Some(a) = card
                        .years
                        .iter_mut()
                        .flat_map(|y| y.actions.iter_mut())
                        .next()
                    {
                        a.due = Some(due.clone());
                    }
                }
                Op::Status(_, s, text) => {
                    if let Some(year) = card.years.first().map(|y| y.year) {
                        card.set_status(year, Status::ALL[*s], Some(text.clone()));
                    }
                }
                Op::Log(_, at, text) => card.append_log(at.clone(), "市民課".into(), text.clone()),
                Op::Pillars(_, ps) => {
                    card.pillars = ps
                        .iter()
                        .map(|i| pillars[i % pillars.len()].clone())
                        .collect()
                }
                Op::Measure(_, m) => card.measure = m.map(|i| measures[i % measures.len()].clone()),
                Op::ExtraNamedLikeField(_) => {
                    card.extra.insert("title".into(), "影".into());
                }
                Op::ClockSite(_, site) => card.clock.increment(site),
                _ => unreachable!(),
            }
            card.updated_at = NOW.to_string();
        }
    }
}

fn run_sequence(start: PlanFile, ops: &[Op]) -> Result<(), TestCaseError> {
    let mut store = Store::new(&start);
    let mut working = start.clone();
    let mut last_valid = start;
    let mut fresh = 0;
    // The app's card-by-card gate, kept across the steps as the app keeps it.
    let mut cache = gate::GateCache::default();
    for op in ops {
        step(&mut working, op, &last_valid, &mut fresh);
        let before = store.text.clone();
        let verdict = gate::check(&working);
        let cached = cache.check(&working);
        prop_assert_eq!(
            cached.is_ok(),
            verdict.is_ok(),
            "the card-by-card gate decides as the whole-file gate: {:?}",
            op
        );
        if let (Ok(a), Ok(b)) = (&cached, &verdict) {
            prop_assert_eq!(&a.text, &b.text, "and hands back the same text");
        }
        // And finds the same problems at the same paths: the same list for
        // a plan that passes (its warnings); for one refused, at least the
        // whole-file gate's (the loader stops before the meaning checks
        // once the text has errors, the card-by-card gate does not).
        let (mine, whole) = (cache.problems(&working), gate::problems(&working));
        if verdict.is_ok() {
            prop_assert_eq!(mine, whole, "{:?}", op);
        } else {
            prop_assert!(
                whole.iter().all(|p| mine.contains(p)),
                "{:?}: {:?} / {:?}",
                op,
                mine,
                whole
            );
        }
        let saved = store.save(&verdict);
        match &verdict {
            Ok(passed) => {
                prop_assert!(saved);
                // What the gate passed loads back equal from its text.
                prop_assert_eq!(load_str(&passed.text).file, Some(working.clone()));
                last_valid = working.clone();
            }
            Err(refused) => {
                prop_assert!(!saved);
                prop_assert!(!refused.problems.is_empty());
                prop_assert!(refused.problems.iter().all(Problem::is_error));
                prop_assert_eq!(
                    &store.text,
                    &before,
                    "a refused save changes nothing stored"
                );
                // And the gate refuses only what would not read back
                // unchanged (NaN is written as null: never equal).
                let reads_back = serde_json::to_string(&working)
                    .ok()
                    .and_then(|t| load_str(&t).file)
                    .is_some_and(|back| back == working);
                prop_assert!(!reads_back, "refused, yet it reads back equal: {:?}", op);
            }
        }
    }
    // Whatever is stored loads, and is the last plan the gate passed.
    prop_assert_eq!(load_str(&store.text).file, Some(last_valid));
    Ok(())
}

fn large() -> PlanFile {
    large_plan(60, 7)
}

proptest! {
    #![proptest_config(cases(12))]

    #[test]
    fn edits_on_the_sample_store_only_what_loads_back_equal(
        ops in prop::collection::vec(op(), 1..12),
    ) {
        run_sequence(sample_plan(), &ops)?;
    }
}

proptest! {
    #![proptest_config(cases(3))]

    #[test]
    fn edits_on_a_large_plan_store_only_what_loads_back_equal(
        ops in prop::collection::vec(op(), 1..6),
    ) {
        run_sequence(large(), &ops)?;
    }

    #[test]
    fn merging_into_a_large_plan_gives_a_valid_plan_or_a_typed_refusal(
        here in prop::collection::vec(side_edit(), 0..6),
        there in prop::collection::vec(side_edit(), 0..6),
        subset in any::<bool>(),
        choices in choices(),
    ) {
        merge_case(large(), &here, &there, subset, &choices)?;
    }
}

// ------------------------------------- the limits are the loader's rules

/// The first problem the gate reports for the sample with one change.
fn refusal(change: impl FnOnce(&mut PlanFile)) -> Option<Problem> {
    let mut file = sample_plan();
    change(&mut file);
    gate::check(&file).err().map(|r| r.problems[0].clone())
}

proptest! {
    #![proptest_config(cases(16))]

    #[test]
    fn one_hostile_value_is_refused_exactly_when_its_limit_says_so(
        x in hostile_number(),
        y in hostile_year(),
        t in hostile_text(),
    ) {
        // Indicator total (cards[0] has a rate indicator with totals).
        let got = refusal(|f| Arc::make_mut(&mut f.cards[0]).indicators[0].actuals[0].total = Some(x));
        prop_assert_eq!(
            got.map(|p| (p.path, p.kind)),
            limits::check_total(x)
                .err()
                .map(|k| ("cards[0].indicators[0].actuals[0].total".to_string(), k))
        );
        // A number.
        let got = refusal(|f| Arc::make_mut(&mut f.cards[0]).indicators[0].actuals[0].value = x);
        prop_assert_eq!(got.map(|p| p.kind), limits::check_number(x).err());
        // A card's year, inside the plan period.
        let got = refusal(|f| Arc::make_mut(&mut f.cards[1]).years[0].year = y);
        let expected = limits::check_card_year(i64::from(y), 2024, 2026).err();
        // (Another year may clash, or actions' due months fall outside it:
        // only the rule of the year itself is compared.)
        match expected {
            Some(kind) => prop_assert_eq!(
                got.map(|p| (p.path, p.kind)),
                Some(("cards[1].years[0].year".to_string(), kind))
            ),
            None => prop_assert!(got.is_none_or(|p| p.path != "cards[1].years[0].year" || matches!(p.kind, ProblemKind::DuplicateYear(_)))),
        }
        // The plan title (required) and a card title (may be empty).
        let got = refusal(|f| f.plan.title = t.clone());
        prop_assert_eq!(got.map(|p| (p.path, p.kind)), limits::check_required(&t).err().map(|k| ("plan.title".to_string(), k)));
        let got = refusal(|f| Arc::make_mut(&mut f.cards[2]).title = t.clone());
        prop_assert_eq!(got.map(|p| p.kind), limits::check_text(&t).err());
    }
}

#[test]
fn the_inputs_of_the_issue_are_each_refused_at_their_field() {
    type Change = Box<dyn Fn(&mut PlanFile)>;
    let cases: [(&str, Change); 5] = [
        ("plan.title", Box::new(|f| f.plan.title.clear())),
        (
            "cards[0].indicators[0].actuals[0].total",
            Box::new(|f| Arc::make_mut(&mut f.cards[0]).indicators[0].actuals[0].total = Some(0.0)),
        ),
        (
            "cards[0].years[0].year",
            Box::new(|f| Arc::make_mut(&mut f.cards[0]).years[0].year = 5),
        ),
        (
            "cards[0].indicators[0].actuals[0].value",
            Box::new(|f| Arc::make_mut(&mut f.cards[0]).indicators[0].actuals[0].value = 1e16),
        ),
        (
            "cards[0].years[0].note",
            Box::new(|f| Arc::make_mut(&mut f.cards[0]).years[0].note = "x".repeat(100_001)),
        ),
    ];
    for (path, change) in cases {
        let problem = refusal(change).unwrap_or_else(|| panic!("{path} passed"));
        assert_eq!(problem.path, path);
    }
    // NaN cannot be written as JSON; it is named where it is.
    let problem =
        refusal(|f| Arc::make_mut(&mut f.cards[0]).indicators[0].actuals[0].value = f64::NAN)
            .unwrap();
    assert_eq!(problem.path, "cards[0].indicators[0].actuals[0].value");
    assert_eq!(problem.kind, ProblemKind::NumberOutOfRange);
    // An unknown field named like a known one would come back as that field.
    let problem = refusal(|f| {
        f.exported_at = None;
        f.extra.insert("exported_at".into(), NOW.into());
    })
    .unwrap();
    assert_eq!(problem.kind, ProblemKind::ChangesWhenSaved);
}

// ------------------------------------------------- merges and their choices

/// A valid edit of one side before a merge: content, placement (a card
/// moved under another pillar with a measure and vision of that pillar), or
/// a measure moved in the header together with this side's cards using it.
#[derive(Debug, Clone)]
enum SideEdit {
    Title(usize, String),
    Overview(usize, String),
    Log(usize),
    Place(usize, usize, usize),
    MoveMeasure(usize, usize),
    NewCard(usize, usize),
    NewYear(usize),
}

fn side_edit() -> impl Strategy<Value = SideEdit> {
    let i = || 0usize..1000;
    prop_oneof![
        (i(), "[a-zぁ-ん]{1,6}").prop_map(|(c, t)| SideEdit::Title(c, t)),
        (i(), "[a-zぁ-ん]{0,6}").prop_map(|(c, t)| SideEdit::Overview(c, t)),
        i().prop_map(SideEdit::Log),
        (i(), i(), i()).prop_map(|(c, p, m)| SideEdit::Place(c, p, m)),
        (i(), i()).prop_map(|(m, p)| SideEdit::MoveMeasure(m, p)),
        (i(), i()).prop_map(|(n, p)| SideEdit::NewCard(n, p)),
        i().prop_map(SideEdit::NewYear),
    ]
}

fn edit_side(file: &mut PlanFile, e: &SideEdit, site: &str) {
    let pillar_ids: Vec<String> = file.plan.pillars.iter().map(|p| p.id.clone()).collect();
    let n = file.cards.len();
    let touch = |c: &mut Card| {
        c.clock.increment(site);
        c.updated_at = NOW.to_string();
    };
    match e {
        SideEdit::Title(c, t) => {
            let card = Arc::make_mut(&mut file.cards[c % n]);
            card.title = t.clone();
            touch(card);
        }
        SideEdit::Overview(c, t) => {
            let card = Arc::make_mut(&mut file.cards[c % n]);
            card.overview = t.clone();
            touch(card);
        }
        SideEdit::Log(c) => {
            let card = Arc::make_mut(&mut file.cards[c % n]);
            card.append_log(NOW.into(), site.into(), format!("{site}の記録"));
            touch(card);
        }
        SideEdit::Place(c, p, m) => {
            let pillar = file.plan.pillars[p % pillar_ids.len()].clone();
            let card = Arc::make_mut(&mut file.cards[c % n]);
            card.pillars = vec![pillar.id.clone()];
            card.measure = (!pillar.measures.is_empty())
                .then(|| pillar.measures[m % pillar.measures.len()].id.clone());
            card.visions = pillar
                .visions
                .first()
                .map(|v| v.id.clone())
                .into_iter()
                .collect();
            touch(card);
        }
        SideEdit::MoveMeasure(m, p) => {
            let all: Vec<(usize, usize)> = file
                .plan
                .pillars
                .iter()
                .enumerate()
                .flat_map(|(pi, pl)| (0..pl.measures.len()).map(move |mi| (pi, mi)))
                .collect();
            if all.is_empty() {
                return;
            }
            let (from, at) = all[m % all.len()];
            let to = p % pillar_ids.len();
            let measure = file.plan.pillars[from].measures.remove(at);
            let id = measure.id.clone();
            file.plan.pillars[to].measures.push(measure);
            for card in file
                .cards
                .iter_mut()
                .filter(|c| c.measure.as_deref() == Some(&id))
                .map(Arc::make_mut)
            {
                card.pillars = vec![pillar_ids[to].clone()];
                card.visions.clear();
                touch(card);
            }
        }
        SideEdit::NewCard(k, p) => {
            let pillar = &file.plan.pillars[p % pillar_ids.len()];
            let mut card = Card::new(
                format!("{site}-new-{k}"),
                format!("N-{k}"),
                "新".into(),
                NOW,
            );
            card.pillars = vec![pillar.id.clone()];
            card.measure = pillar.measures.first().map(|m| m.id.clone());
            touch(&mut card);
            if file.card(&card.id).is_none() {
                file.push_card(card);
            }
        }
        SideEdit::NewYear(c) => {
            let card = Arc::make_mut(&mut file.cards[c % n]);
            card.ensure_year(2026);
            touch(card);
        }
    }
}

/// A random resolution of one conflict: a whole side, or a side per group.
fn choice() -> impl Strategy<Value = Choice> {
    let side = || prop_oneof![Just(Side::Local), Just(Side::Incoming)];
    prop_oneof![
        side().prop_map(Choice::Side),
        prop::collection::btree_map(
            prop::sample::select(FieldGroup::ALL.to_vec()),
            side(),
            0..FieldGroup::ALL.len(),
        )
        .prop_map(Choice::Fields),
    ]
}

fn merge_case(
    base: PlanFile,
    here: &[SideEdit],
    there: &[SideEdit],
    subset: bool,
    choices: &[Option<Choice>],
) -> Result<(), TestCaseError> {
    let mut local = base.clone();
    for e in here {
        edit_side(&mut local, e, "site-here");
    }
    let mut incoming = base;
    for e in there {
        edit_side(&mut incoming, e, "site-there");
    }
    if subset {
        // A department's file: every other card.
        let mut keep = false;
        incoming.cards.retain(|_| {
            keep = !keep;
            keep
        });
        // Its header may now name measures its cards no longer need; that
        // is fine. The file must still be valid on its own.
    }
    // Both sides are valid plans on their own (skip the rare edit mix that
    // is not, e.g. a subset that drops nothing needed is always valid).
    prop_assume!(gate::passes(&local) && gate::passes(&incoming));
    let p = preview(&local, &incoming).expect("same plan");
    let chosen: HashMap<String, Choice> = p
        .conflicts()
        .zip(choices.iter().cycle())
        .filter_map(|(c, ch)| ch.clone().map(|ch| (c.id.clone(), ch)))
        .collect();
    let result = apply(&local, &p, &chosen, "site-here", NOW);
    prop_assert_eq!(
        p.check(&local, &chosen, "site-here", NOW),
        result.clone().map(|_| ())
    );
    match result {
        Ok(applied) => {
            prop_assert!(
                gate::passes(&applied.file),
                "apply returned a plan the gate refuses"
            );
            prop_assert_eq!(load_str(&applied.text).file, Some(applied.file.clone()));
        }
        Err(MergeError::MeasurePlacement { measure, .. }) => {
            // Only ever for a measure the two sides place differently.
            let moved = p.header_conflicts.iter().any(|h| match h {
                merge::HeaderConflict::MeasureMoved { measure: m, .. } => *m == measure,
            });
            prop_assert!(moved, "refused for {} which did not move", measure);
        }
        Err(e) => prop_assert!(false, "unexpected refusal {:?}", e),
    }
    Ok(())
}

fn choices() -> impl Strategy<Value = Vec<Option<Choice>>> {
    prop::collection::vec(prop::option::weighted(0.8, choice()), 1..6)
}

proptest! {
    #![proptest_config(cases(24))]

    #[test]
    fn merging_with_random_choices_gives_a_valid_plan_or_a_typed_refusal(
        here in prop::collection::vec(side_edit(), 0..8),
        there in prop::collection::vec(side_edit(), 0..8),
        subset in any::<bool>(),
        choices in choices(),
    ) {
        merge_case(sample_plan(), &here, &there, subset, &choices)?;
    }
}

#[test]
fn the_generated_plans_and_the_sample_pass_the_gate() {
    assert!(gate::passes(&sample_plan()));
    assert!(gate::passes(&large()));
}
