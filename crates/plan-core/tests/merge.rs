//! Importing a file into a stored plan: every outcome of the clock rules, the
//! log union, conflict resolution, header additions, and the properties an
//! import must have (identity, idempotence, order independence).

use std::collections::{BTreeMap, HashMap};

use plan_core::merge::{
    self, Applied, CardField, CardOutcome, Choice, FieldGroup, HeaderConflict, MergeError,
    MergePreview, Side, apply, preview,
};
use plan_core::validate::check_meaning;
use plan_core::*;
use plan_core::{gate, messages};
use proptest::prelude::*;
use serde_json::json;

const HERE: &str = "site-here";
const NOW: &str = "2026-11-21T10:00:00+09:00";
const EARLIER: &str = "2026-10-15T09:00:00+09:00";

fn clock(entries: &[(&str, u64)]) -> VersionClock {
    VersionClock(entries.iter().map(|(k, v)| (k.to_string(), *v)).collect())
}

fn entry(at: &str, by: &str, text: &str) -> LogEntry {
    LogEntry {
        at: at.into(),
        by: by.into(),
        text: text.into(),
        extra: Extra::new(),
    }
}

/// One saved change to a card by `site`, as the editor makes it.
fn edit(file: &mut PlanFile, id: &str, site: &str, at: &str, change: impl FnOnce(&mut Card)) {
    let card = file.card_mut(id).expect("card exists");
    change(card);
    card.clock.increment(site);
    card.updated_at = at.to_string();
}

fn assert_valid(file: &PlanFile) {
    let errors: Vec<_> = check_meaning(file)
        .into_iter()
        .filter(Problem::is_error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // And it still reads back as a file.
    let loaded = load_str(&to_json_pretty(file));
    assert!(loaded.file.is_some(), "{:?}", loaded.problems);
}

fn no_choices() -> HashMap<String, Choice> {
    HashMap::new()
}

fn choose(id: &str, choice: Choice) -> HashMap<String, Choice> {
    HashMap::from([(id.to_string(), choice)])
}

fn import(local: &PlanFile, incoming: &PlanFile, choices: &HashMap<String, Choice>) -> Applied {
    let p = preview(local, incoming).expect("same plan");
    apply(local, &p, choices, HERE, NOW).unwrap()
}

fn outcome(p: &MergePreview, id: &str) -> CardOutcome {
    p.cards
        .iter()
        .find(|c| c.id == id)
        .expect("in preview")
        .outcome
}

fn new_card(id: &str, title: &str) -> Card {
    let mut c = Card::new(id.into(), "99".into(), title.into(), EARLIER);
    c.departments = vec!["市民課".into()];
    c.pillars = vec!["citizen".into()];
    c.ensure_year(2025);
    c.clock.increment("site-there");
    c
}

// ------------------------------------------------------------- outcomes

#[test]
fn a_card_not_here_is_added_at_the_end_in_file_order() {
    let local = sample_plan();
    let mut incoming = sample_plan();
    incoming.insert_card(0, new_card("new-b", "後から来た取組"));
    incoming.push_card(new_card("new-a", "もう一つの取組"));
    let p = preview(&local, &incoming).unwrap();
    assert_eq!(outcome(&p, "new-a"), CardOutcome::Added);
    assert_eq!(outcome(&p, "new-b"), CardOutcome::Added);
    assert_eq!(p.count(CardOutcome::Added), 2);
    assert_eq!(p.count(CardOutcome::Unchanged), local.cards.len());
    let added = p.cards.iter().find(|c| c.id == "new-a").unwrap();
    assert!(added.local.is_none() && added.differing.is_empty());

    let out = apply(&local, &p, &no_choices(), HERE, NOW).unwrap();
    let n = local.cards.len();
    assert_eq!(out.file.cards[..n], local.cards[..]);
    assert_eq!(out.file.cards[n].id, "new-b");
    assert_eq!(out.file.cards[n + 1].id, "new-a");
    // Taken as it is: its clock and time are the file's.
    assert_eq!(*out.file.cards[n + 1], *incoming.card("new-a").unwrap());
    assert!(out.unresolved.is_empty());
    assert_valid(&out.file);
}

#[test]
fn an_equal_clock_is_unchanged_even_when_the_save_time_differs() {
    let local = sample_plan();
    let mut incoming = sample_plan();
    incoming.card_mut("card-03").unwrap().updated_at = NOW.into();
    let p = preview(&local, &incoming).unwrap();
    assert_eq!(p.count(CardOutcome::Unchanged), local.cards.len());
    assert!(p.is_noop());
    let out = apply(&local, &p, &no_choices(), HERE, NOW).unwrap();
    assert_eq!(out.file, local);
}

#[test]
fn an_equal_clock_with_different_content_is_a_conflict_not_a_silent_loss() {
    let local = sample_plan();
    let mut incoming = sample_plan();
    incoming.card_mut("card-03").unwrap().title = "手で直した名前".into();
    let p = preview(&local, &incoming).unwrap();
    assert_eq!(outcome(&p, "card-03"), CardOutcome::Conflict);
    assert_eq!(p.conflicts().next().unwrap().differing, [CardField::Title]);
}

#[test]
fn an_incoming_card_ahead_replaces_ours() {
    let local = sample_plan();
    let mut incoming = sample_plan();
    edit(&mut incoming, "card-02", "site-there", EARLIER, |c| {
        c.overview = "新しい概要".into();
        c.years[0].status = Status::Withdrawn;
        c.append_log(EARLIER.into(), "DX推進室".into(), "完了".into());
    });
    let p = preview(&local, &incoming).unwrap();
    assert_eq!(outcome(&p, "card-02"), CardOutcome::Updated);
    let m = &p.cards.iter().find(|c| c.id == "card-02").unwrap();
    assert_eq!(
        m.differing,
        [CardField::Overview, CardField::Years, CardField::Log]
    );
    assert_eq!(p.count(CardOutcome::Updated), 1);

    let out = apply(&local, &p, &no_choices(), HERE, NOW).unwrap();
    let card = out.file.card("card-02").unwrap();
    // Exactly the file's card: no new change made here.
    assert_eq!(card, incoming.card("card-02").unwrap());
    assert_eq!(out.file.cards.len(), local.cards.len());
    assert_eq!(out.file.cards[1].id, "card-02", "stays in its place");
    assert_valid(&out.file);
}

#[test]
fn an_updated_card_keeps_log_entries_only_we_had() {
    // A file ahead of us that lost a log entry (written by a faulty tool):
    // the entry comes back, and the card counts as changed here.
    let local = sample_plan();
    let mut incoming = sample_plan();
    edit(&mut incoming, "card-01", "site-there", EARLIER, |c| {
        c.log.remove(1);
        c.title = "書かない窓口".into();
    });
    let p = preview(&local, &incoming).unwrap();
    assert_eq!(outcome(&p, "card-01"), CardOutcome::Updated);
    let out = apply(&local, &p, &no_choices(), HERE, NOW).unwrap();
    let card = out.file.card("card-01").unwrap();
    let ours = local.card("card-01").unwrap();
    assert_eq!(card.title, "書かない窓口");
    assert_eq!(card.log, ours.log);
    let mut expected = incoming.card("card-01").unwrap().clock.clone();
    expected.increment(HERE);
    assert_eq!(card.clock, expected);
    assert_eq!(card.updated_at, NOW);
}

#[test]
fn an_incoming_card_behind_is_kept_as_ours() {
    let older = sample_plan();
    let mut local = sample_plan();
    edit(&mut local, "card-05", HERE, EARLIER, |c| {
        c.title = "新しい名前".into()
    });
    let p = preview(&local, &older).unwrap();
    assert_eq!(outcome(&p, "card-05"), CardOutcome::KeptLocal);
    assert_eq!(p.count(CardOutcome::KeptLocal), 1);
    assert!(p.is_noop());
    let out = apply(&local, &p, &no_choices(), HERE, NOW).unwrap();
    assert_eq!(out.file, local);
}

#[test]
fn a_kept_card_gains_the_log_entries_only_the_file_had() {
    let mut older = sample_plan();
    // The older file has an entry we lack (its clock is still behind ours).
    older.card_mut("card-05").unwrap().log.push(entry(
        "2026-09-01T12:00:00+09:00",
        "税務課",
        "古い端末の記録",
    ));
    let mut local = sample_plan();
    edit(&mut local, "card-05", HERE, EARLIER, |c| {
        c.title = "新しい名前".into()
    });
    let p = preview(&local, &older).unwrap();
    assert_eq!(outcome(&p, "card-05"), CardOutcome::KeptLocal);
    assert!(!p.is_noop());
    let out = apply(&local, &p, &no_choices(), HERE, NOW).unwrap();
    let card = out.file.card("card-05").unwrap();
    let ours = local.card("card-05").unwrap();
    assert_eq!(card.title, "新しい名前");
    assert_eq!(card.log.len(), ours.log.len() + 1);
    assert!(card.log.iter().any(|e| e.text == "古い端末の記録"));
    let mut expected = ours.clock.clone();
    expected.increment(HERE);
    assert_eq!(card.clock, expected);
    assert_eq!(card.updated_at, NOW);
    assert_valid(&out.file);
}

/// Both sides edited card-01: we renamed it, they wrote an overview and a
/// log entry.
fn concurrent_pair() -> (PlanFile, PlanFile) {
    let mut local = sample_plan();
    edit(&mut local, "card-01", HERE, EARLIER, |c| {
        c.title = "ここで直した名前".into();
        c.append_log(EARLIER.into(), "市民課".into(), "こちらの記録".into());
    });
    let mut incoming = sample_plan();
    edit(&mut incoming, "card-01", "site-there", EARLIER, |c| {
        c.overview = "あちらの概要".into();
        c.append_log(
            "2026-10-20T09:00:00+09:00".into(),
            "DX推進室".into(),
            "あちらの記録".into(),
        );
    });
    (local, incoming)
}

fn max_plus_one(a: &Card, b: &Card) -> VersionClock {
    let mut c = a.clock.merged(&b.clock);
    c.increment(HERE);
    c
}

#[test]
fn concurrent_edits_are_a_conflict_shown_field_by_field() {
    let (local, incoming) = concurrent_pair();
    let p = preview(&local, &incoming).unwrap();
    assert_eq!(outcome(&p, "card-01"), CardOutcome::Conflict);
    assert_eq!(p.count(CardOutcome::Conflict), 1);
    let c = p.conflicts().next().unwrap();
    assert_eq!(c.id, "card-01");
    assert_eq!(
        c.differing,
        [CardField::Title, CardField::Overview, CardField::Log]
    );
    assert_eq!(c.local.as_ref(), local.card("card-01"));
    assert_eq!(&c.incoming, incoming.card("card-01").unwrap());
}

#[test]
fn an_unresolved_conflict_stays_exactly_as_ours() {
    let (local, incoming) = concurrent_pair();
    let out = import(&local, &incoming, &no_choices());
    assert_eq!(out.unresolved, ["card-01"]);
    assert_eq!(out.file, local);
    // A choice for another card does not resolve it.
    let out = import(
        &local,
        &incoming,
        &choose("card-02", Choice::Side(Side::Incoming)),
    );
    assert_eq!(out.unresolved, ["card-01"]);
    assert_eq!(out.file, local);
}

#[test]
fn a_conflict_resolved_to_theirs_takes_their_content_and_unites_the_logs() {
    let (local, incoming) = concurrent_pair();
    let out = import(
        &local,
        &incoming,
        &choose("card-01", Choice::Side(Side::Incoming)),
    );
    assert!(out.unresolved.is_empty());
    let (ours, theirs) = (
        local.card("card-01").unwrap(),
        incoming.card("card-01").unwrap(),
    );
    let card = out.file.card("card-01").unwrap();
    assert_eq!(card.title, theirs.title);
    assert_eq!(card.overview, "あちらの概要");
    assert_eq!(card.clock, max_plus_one(ours, theirs));
    assert_eq!(card.clock.get(HERE), 2);
    assert_eq!(card.updated_at, NOW);
    let texts: Vec<&str> = card.log.iter().map(|e| e.text.as_str()).collect();
    let n = texts.len();
    // Ordered by time: ours (10-15) before theirs (10-20).
    assert_eq!(texts[n - 2..], ["こちらの記録", "あちらの記録"]);
    assert_eq!(n, ours.log.len() + 1);
    assert_valid(&out.file);
    // The result is ahead of both sides: re-importing either changes nothing.
    for side in [&local, &incoming] {
        let again = preview(&out.file, side).unwrap();
        assert_eq!(again.count(CardOutcome::Conflict), 0);
        assert!(again.is_noop());
    }
}

#[test]
fn a_conflict_resolved_to_ours_still_unites_the_logs_and_counts_a_change() {
    let (local, incoming) = concurrent_pair();
    let out = import(
        &local,
        &incoming,
        &choose("card-01", Choice::Side(Side::Local)),
    );
    let (ours, theirs) = (
        local.card("card-01").unwrap(),
        incoming.card("card-01").unwrap(),
    );
    let card = out.file.card("card-01").unwrap();
    assert_eq!(card.title, "ここで直した名前");
    assert_eq!(card.overview, ours.overview);
    assert!(card.log.iter().any(|e| e.text == "あちらの記録"));
    assert!(card.log.iter().any(|e| e.text == "こちらの記録"));
    assert_eq!(card.clock, max_plus_one(ours, theirs));
    assert_eq!(card.updated_at, NOW);
}

#[test]
fn a_conflict_can_be_resolved_field_by_field() {
    let (local, incoming) = concurrent_pair();
    let fields = BTreeMap::from([
        (FieldGroup::Overview, Side::Incoming),
        (FieldGroup::Title, Side::Local),
    ]);
    let out = import(
        &local,
        &incoming,
        &choose("card-01", Choice::Fields(fields)),
    );
    let (ours, theirs) = (
        local.card("card-01").unwrap(),
        incoming.card("card-01").unwrap(),
    );
    let card = out.file.card("card-01").unwrap();
    assert_eq!(card.title, "ここで直した名前");
    assert_eq!(card.overview, "あちらの概要");
    assert_eq!(card.log.len(), ours.log.len() + 1);
    assert_eq!(card.clock, max_plus_one(ours, theirs));
    assert_valid(&out.file);

    // Fields not named take ours.
    let out = import(
        &local,
        &incoming,
        &choose("card-01", Choice::Fields(BTreeMap::new())),
    );
    let card = out.file.card("card-01").unwrap();
    assert_eq!(card.title, ours.title);
    assert_eq!(card.overview, ours.overview);
}

// ------------------------------------------------------------------ logs

#[test]
fn logs_are_united_by_time_with_ours_first_on_ties_and_never_dropped() {
    let mut local = sample_plan();
    let mut incoming = sample_plan();
    let tie = "2026-10-10T10:00:00+09:00";
    edit(&mut local, "card-07", HERE, EARLIER, |c| {
        c.log = vec![
            entry("2026-10-01T09:00:00+09:00", "総務課", "a"),
            entry(tie, "総務課", "ours at tie"),
            entry("2026-10-12T09:00:00+09:00", "総務課", "c"),
        ];
    });
    edit(&mut incoming, "card-07", "site-there", EARLIER, |c| {
        c.log = vec![
            entry("2026-10-01T09:00:00+09:00", "総務課", "a"),
            // 2026-10-05T00:30:00Z is 09:30 in Japan: after "a".
            entry("2026-10-05T00:30:00Z", "総務課", "theirs in UTC"),
            entry(tie, "総務課", "theirs at tie"),
            entry("2026-10-20T09:00:00+09:00", "総務課", "last"),
        ];
        c.title = "会議のペーパーレス化".into();
    });
    let out = import(
        &local,
        &incoming,
        &choose("card-07", Choice::Side(Side::Incoming)),
    );
    let texts: Vec<&str> = out
        .file
        .card("card-07")
        .unwrap()
        .log
        .iter()
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(
        texts,
        [
            "a",
            "theirs in UTC",
            "ours at tie",
            "theirs at tie",
            "c",
            "last"
        ]
    );
}

#[test]
fn log_entries_differing_only_in_author_or_unknown_fields_are_both_kept() {
    let mut local = sample_plan();
    let mut incoming = sample_plan();
    let at = "2026-10-10T10:00:00+09:00";
    edit(&mut local, "card-07", HERE, EARLIER, |c| {
        c.log.push(entry(at, "総務課", "同じ文"));
    });
    edit(&mut incoming, "card-07", "site-there", EARLIER, |c| {
        c.log.push(entry(at, "DX推進室", "同じ文"));
        let mut tagged = entry(at, "総務課", "同じ文");
        tagged.extra.insert("mood".into(), json!("good"));
        c.log.push(tagged);
    });
    let out = import(
        &local,
        &incoming,
        &choose("card-07", Choice::Side(Side::Local)),
    );
    let card = out.file.card("card-07").unwrap();
    let base = sample_plan().card("card-07").unwrap().log.len();
    assert_eq!(card.log.len(), base + 3);
    assert!(
        card.log
            .iter()
            .any(|e| e.extra.get("mood") == Some(&json!("good")))
    );
}

// -------------------------------------------------------- unknown fields

#[test]
fn unknown_fields_survive_every_path() {
    let tag = |c: &mut Card, v: &str| {
        c.extra.insert("x_future".into(), json!({ "v": v }));
        c.years[0].extra.insert("x_year".into(), json!(v));
    };
    let mut local = sample_plan();
    local.extra.insert("x_file".into(), json!(1));
    local.plan.extra.insert("x_plan".into(), json!("ours"));
    // card-03: they are ahead; card-04: we are ahead; card-01: conflict.
    edit(&mut local, "card-04", HERE, EARLIER, |c| tag(c, "ours-04"));
    edit(&mut local, "card-01", HERE, EARLIER, |c| tag(c, "ours-01"));
    let mut incoming = sample_plan();
    incoming.plan.extra.insert("x_plan".into(), json!("theirs"));
    edit(&mut incoming, "card-03", "site-there", EARLIER, |c| {
        tag(c, "theirs-03")
    });
    edit(&mut incoming, "card-01", "site-there", EARLIER, |c| {
        tag(c, "theirs-01")
    });
    let mut added = new_card("new-x", "新規");
    tag(&mut added, "added");
    incoming.push_card(added);
    incoming
        .card_mut("card-04")
        .unwrap()
        .log
        .push(entry(EARLIER, "x", "y"));

    let value = |file: &PlanFile, id: &str| file.card(id).unwrap().extra["x_future"]["v"].clone();
    let year_value =
        |file: &PlanFile, id: &str| file.card(id).unwrap().years[0].extra["x_year"].clone();

    // Field by field, "extra" is the card's own unknown fields; nested ones
    // go with their field (years stays ours).
    for (choice, card_extra, year_extra) in [
        (Choice::Side(Side::Incoming), "theirs-01", "theirs-01"),
        (Choice::Side(Side::Local), "ours-01", "ours-01"),
        (
            Choice::Fields(BTreeMap::from([(FieldGroup::Extra, Side::Incoming)])),
            "theirs-01",
            "ours-01",
        ),
    ] {
        let out = import(&local, &incoming, &choose("card-01", choice));
        let f = &out.file;
        assert_eq!(f.extra["x_file"], json!(1));
        assert_eq!(f.plan.extra["x_plan"], json!("ours"), "the header is ours");
        assert_eq!(value(f, "card-03"), json!("theirs-03"));
        assert_eq!(year_value(f, "card-03"), json!("theirs-03"));
        // Kept, even though its log grew.
        assert_eq!(value(f, "card-04"), json!("ours-04"));
        assert_eq!(year_value(f, "card-04"), json!("ours-04"));
        assert_eq!(value(f, "new-x"), json!("added"));
        assert_eq!(value(f, "card-01"), json!(card_extra));
        assert_eq!(year_value(f, "card-01"), json!(year_extra));
        // And it all goes out and comes back.
        let back = load_str(&to_json_pretty(f)).file.unwrap();
        assert_eq!(&back, f);
    }
}

// ---------------------------------------------------------------- header

#[test]
fn the_header_gains_what_incoming_cards_refer_to() {
    let local = sample_plan();
    let mut incoming = sample_plan();
    incoming.plan.title = "別の名前（無視される）".into();
    incoming.plan.departments.push("企画課".into());
    incoming.plan.pillars[0].visions.push(Vision {
        id: "citizen-9".into(),
        text: "新しい将来の姿".into(),
        extra: Extra::new(),
    });
    incoming.plan.pillars[1].measures.push(Measure {
        id: "office-m9".into(),
        name: "(9) 新しい施策".into(),
        extra: Extra::new(),
    });
    incoming.plan.pillars.push(Pillar {
        id: "people".into(),
        name: "人材の育成".into(),
        visions: vec![Vision {
            id: "people-1".into(),
            text: "職員は、デジタルを使いこなせます".into(),
            extra: Extra::new(),
        }],
        measures: vec![Measure {
            id: "people-m1".into(),
            name: "(1) 研修".into(),
            extra: Extra::new(),
        }],
        extra: Extra::new(),
    });
    let mut a = new_card("new-1", "職員研修");
    a.departments = vec!["企画課".into()];
    a.pillars = vec!["people".into(), "citizen".into()];
    a.measure = Some("people-m1".into());
    a.visions = vec!["people-1".into(), "citizen-9".into()];
    incoming.push_card(a);
    edit(&mut incoming, "card-06", "site-there", EARLIER, |c| {
        c.measure = Some("office-m9".into());
    });

    let p = preview(&local, &incoming).unwrap();
    assert_eq!(p.new_pillars, ["people"]);
    assert_eq!(p.new_visions, ["citizen-9", "people-1"]);
    assert_eq!(p.new_measures, ["office-m9", "people-m1"]);
    assert_eq!(p.new_departments, ["企画課"]);
    assert_eq!(p.period_extended, None);

    let out = apply(&local, &p, &no_choices(), HERE, NOW).unwrap();
    let plan = &out.file.plan;
    assert_eq!(plan.title, local.plan.title);
    assert_eq!(plan.updated_at.as_deref(), Some(NOW));
    assert_eq!(plan.pillars.len(), 4);
    assert_eq!(plan.pillars[3].measures[0].id, "people-m1");
    assert_eq!(plan.pillars[0].visions.last().unwrap().id, "citizen-9");
    assert_eq!(plan.departments.last().unwrap(), "企画課");
    assert_valid(&out.file);

    // Nothing new the second time.
    let again = preview(&out.file, &incoming).unwrap();
    assert!(again.is_noop(), "{again:?}");
}

#[test]
fn the_plan_period_widens_to_cover_incoming_years() {
    let local = sample_plan();
    let mut incoming = sample_plan();
    incoming.plan.end_year = 2027;
    edit(&mut incoming, "card-09", "site-there", EARLIER, |c| {
        c.ensure_year(2027).note = "延長".into();
    });
    let p = preview(&local, &incoming).unwrap();
    assert_eq!(p.period_extended, Some((2024, 2027)));
    let out = apply(&local, &p, &no_choices(), HERE, NOW).unwrap();
    assert_eq!(out.period_extended, Some((2024, 2027)));
    assert_eq!(
        (out.file.plan.start_year, out.file.plan.end_year),
        (2024, 2027)
    );
    assert_eq!(out.file.plan.updated_at.as_deref(), Some(NOW));
    assert_valid(&out.file);
}

#[test]
fn the_period_is_not_widened_for_a_conflict_left_as_ours() {
    let mut local = sample_plan();
    edit(&mut local, "card-09", HERE, EARLIER, |c| {
        c.title = "ここ".into()
    });
    let mut incoming = sample_plan();
    incoming.plan.start_year = 2023;
    edit(&mut incoming, "card-09", "site-there", EARLIER, |c| {
        c.ensure_year(2023);
    });
    let p = preview(&local, &incoming).unwrap();
    assert_eq!(p.period_extended, Some((2023, 2026)));
    let out = apply(&local, &p, &no_choices(), HERE, NOW).unwrap();
    assert_eq!(out.period_extended, None);
    assert_eq!(out.file, local);
    let out = apply(
        &local,
        &p,
        &choose("card-09", Choice::Side(Side::Incoming)),
        HERE,
        NOW,
    )
    .unwrap();
    assert_eq!(out.period_extended, Some((2023, 2026)));
    assert_valid(&out.file);
}

#[test]
fn a_file_of_another_plan_is_refused() {
    let local = sample_plan();
    let mut incoming = sample_plan();
    incoming.plan.id = "other-plan".into();
    let err = preview(&local, &incoming).unwrap_err();
    assert_eq!(
        err,
        MergeError::DifferentPlan {
            local: "midorino-dx-ap2".into(),
            incoming: "other-plan".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "計画が異なります（midorino-dx-ap2 と other-plan）"
    );
}

#[test]
fn a_subset_file_deletes_nothing() {
    let mut local = sample_plan();
    let mut incoming = sample_plan();
    incoming
        .cards
        .retain(|c| c.lead_department() == Some("総務課"));
    edit(&mut incoming, "card-07", "site-there", EARLIER, |c| {
        c.years[0].note = "済".into();
    });
    edit(&mut local, "card-01", HERE, EARLIER, |c| {
        c.title = "ここ".into()
    });
    let out = import(&local, &incoming, &no_choices());
    assert_eq!(out.file.cards.len(), local.cards.len());
    assert_eq!(out.file.card("card-01"), local.card("card-01"));
    assert_eq!(out.file.card("card-07"), incoming.card("card-07"));
}

// ------------------------------------------------------------ properties

/// One saved change, for generated histories.
#[derive(Debug, Clone)]
enum Change {
    Title(String),
    Log(u32),
    Status(usize),
    Overview(String),
    Unknown(u32),
    NewCard(u32),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        "[あ-ん]{1,8}".prop_map(Change::Title),
        (0u32..1000).prop_map(Change::Log),
        (0usize..6).prop_map(Change::Status),
        "[a-z ]{0,12}".prop_map(Change::Overview),
        (0u32..1000).prop_map(Change::Unknown),
        (0u32..1000).prop_map(Change::NewCard),
    ]
}

/// Applies `changes` as saves made by `site` to cards chosen by `index`
/// among `allowed` (card ids).
fn history(file: &mut PlanFile, site: &str, allowed: &[String], changes: &[(usize, Change)]) {
    for (n, (index, change)) in changes.iter().enumerate() {
        let at = format!("2026-11-{:02}T{:02}:00:00+09:00", 1 + n % 28, n % 24);
        if let Change::NewCard(k) = change {
            let mut c = new_card(&format!("{site}-new-{n}-{k}"), "新しい取組");
            c.clock = VersionClock::new();
            c.clock.increment(site);
            c.updated_at = at;
            file.push_card(c);
            continue;
        }
        if allowed.is_empty() {
            continue;
        }
        let id = allowed[index % allowed.len()].clone();
        edit(file, &id, site, &at, |c| match change {
            Change::Title(t) => c.title = t.clone(),
            Change::Log(k) => c.append_log(at.clone(), site.into(), format!("{site} {k}")),
            Change::Status(s) => c.years[0].status = Status::ALL[*s],
            Change::Overview(o) => c.overview = o.clone(),
            Change::Unknown(k) => {
                c.extra.insert(format!("x_{site}"), json!(k));
            }
            Change::NewCard(_) => unreachable!(),
        });
    }
}

fn all_ids(file: &PlanFile) -> Vec<String> {
    file.cards.iter().map(|c| c.id.clone()).collect()
}

fn by_id(file: &PlanFile) -> BTreeMap<String, Card> {
    file.cards
        .iter()
        .map(|c| (c.id.clone(), Card::clone(c)))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Export → import is the identity.
    #[test]
    fn importing_a_plan_into_itself_is_the_identity(
        changes in prop::collection::vec((0usize..20, change()), 0..12),
    ) {
        let mut p = sample_plan();
        let ids = all_ids(&p);
        history(&mut p, "s1", &ids, &changes);
        let exported = load_str(&to_json_pretty(&p)).file.unwrap();
        let pv = preview(&p, &exported).unwrap();
        prop_assert!(pv.cards.iter().all(|c| c.outcome == CardOutcome::Unchanged));
        prop_assert!(pv.is_noop());
        let out = apply(&p, &pv, &no_choices(), HERE, NOW).unwrap();
        prop_assert_eq!(out.file, p);
        prop_assert!(out.unresolved.is_empty());
    }

    /// A file merged into itself, or any subset of its cards, changes nothing.
    #[test]
    fn importing_a_subset_of_itself_changes_nothing(
        changes in prop::collection::vec((0usize..20, change()), 0..12),
        keep in prop::collection::vec(any::<bool>(), 30),
    ) {
        let mut p = sample_plan();
        let ids = all_ids(&p);
        history(&mut p, "s1", &ids, &changes);
        let mut subset = p.clone();
        let mut i = 0;
        subset.cards.retain(|_| { i += 1; keep[(i - 1) % keep.len()] });
        let pv = preview(&p, &subset).unwrap();
        prop_assert_eq!(pv.cards.len(), subset.cards.len());
        prop_assert_eq!(pv.count(CardOutcome::Unchanged), subset.cards.len());
        let out = apply(&p, &pv, &no_choices(), HERE, NOW).unwrap();
        prop_assert_eq!(&out.file, &p);
        // Twice is once.
        let pv = preview(&out.file, &subset).unwrap();
        prop_assert_eq!(apply(&out.file, &pv, &no_choices(), HERE, NOW).unwrap().file, p);
    }

    /// With no conflict, the order of imports does not matter.
    #[test]
    fn imports_without_conflict_commute(
        split in prop::collection::vec(0u8..3, 14),
        a_changes in prop::collection::vec((0usize..20, change()), 0..10),
        b_changes in prop::collection::vec((0usize..20, change()), 0..10),
        base_changes in prop::collection::vec((0usize..20, change()), 0..6),
        a_subset in any::<bool>(),
    ) {
        let mut base = sample_plan();
        let ids = all_ids(&base);
        history(&mut base, "base", &ids, &base_changes);
        // Each original card is edited only by A (0), only by B (1), or by
        // neither (2).
        let side_of = |i: usize| split[i % split.len()];
        let only = |s: u8| -> Vec<String> {
            ids.iter().enumerate().filter(|(i, _)| side_of(*i) == s).map(|(_, id)| id.clone()).collect()
        };
        let mut a = base.clone();
        history(&mut a, "site-a", &only(0), &a_changes);
        if a_subset {
            // A sends only the cards it holds for its department.
            let mine = only(0);
            a.cards.retain(|c| mine.contains(&c.id) || c.id.starts_with("site-a-new"));
        }
        let mut b = base.clone();
        history(&mut b, "site-b", &only(1), &b_changes);

        let ab = {
            let pa = preview(&base, &a).unwrap();
            prop_assert_eq!(pa.count(CardOutcome::Conflict), 0);
            let x = apply(&base, &pa, &no_choices(), HERE, NOW).unwrap().file;
            let pb = preview(&x, &b).unwrap();
            prop_assert_eq!(pb.count(CardOutcome::Conflict), 0);
            apply(&x, &pb, &no_choices(), HERE, NOW).unwrap().file
        };
        let ba = {
            let pb = preview(&base, &b).unwrap();
            let x = apply(&base, &pb, &no_choices(), HERE, NOW).unwrap().file;
            let pa = preview(&x, &a).unwrap();
            prop_assert_eq!(pa.count(CardOutcome::Conflict), 0);
            apply(&x, &pa, &no_choices(), HERE, NOW).unwrap().file
        };
        prop_assert_eq!(by_id(&ab), by_id(&ba));
        prop_assert_eq!(&ab.plan, &ba.plan);
        // Nothing anyone saved is lost: each card is the one of the side
        // that edited it.
        for c in &a.cards {
            if c.id.starts_with("site-a") || only(0).contains(&c.id) {
                prop_assert_eq!(ab.card(&c.id), Some(&**c));
            }
        }
        for c in &b.cards {
            if c.id.starts_with("site-b") || only(1).contains(&c.id) {
                prop_assert_eq!(ab.card(&c.id), Some(&**c));
            }
        }
        assert_valid(&ab);
    }
}

#[test]
fn the_resolved_clock_is_the_entrywise_maximum_plus_one_here() {
    let mut local = sample_plan();
    let mut incoming = sample_plan();
    local.card_mut("card-07").unwrap().clock = clock(&[("a", 5), ("b", 1), (HERE, 2)]);
    incoming.card_mut("card-07").unwrap().clock = clock(&[("a", 3), ("b", 4), ("c", 1)]);
    incoming.card_mut("card-07").unwrap().title = "あちら".into();
    let p = preview(&local, &incoming).unwrap();
    assert_eq!(outcome(&p, "card-07"), CardOutcome::Conflict);
    let out = apply(
        &local,
        &p,
        &choose("card-07", Choice::Side(Side::Incoming)),
        HERE,
        NOW,
    )
    .unwrap();
    assert_eq!(
        out.file.card("card-07").unwrap().clock,
        clock(&[("a", 5), ("b", 4), ("c", 1), (HERE, 3)])
    );
}

// ------------------------------------------- only valid plans come out

/// The sample plan as a file that moves measure `office-m1` from pillar
/// `office` to `citizen` and adds `card-15` under it there. With
/// `move_cards`, the file moves the two cards using the measure as well;
/// without, it holds only the department's other cards.
fn measure_moved(move_cards: bool) -> PlanFile {
    let mut file = sample_plan();
    let at = file.plan.pillars[1]
        .measures
        .iter()
        .position(|m| m.id == "office-m1")
        .unwrap();
    let m1 = file.plan.pillars[1].measures.remove(at);
    file.plan.pillars[0].measures.push(m1);
    if move_cards {
        for id in ["card-06", "card-07"] {
            edit(&mut file, id, "dept", EARLIER, |c| {
                c.pillars = vec!["citizen".into()]
            });
        }
    } else {
        file.cards
            .retain(|c| c.measure.as_deref() != Some("office-m1"));
    }
    let mut card = Card::new(
        "card-15".into(),
        "1-6".into(),
        "新しいカード".into(),
        EARLIER,
    );
    card.pillars = vec!["citizen".into()];
    card.measure = Some("office-m1".into());
    card.clock.increment("dept");
    file.push_card(card);
    assert!(gate::passes(&file), "the file itself is valid");
    file
}

#[test]
fn a_moved_measure_that_cards_on_both_sides_need_is_refused_and_shown_in_the_preview() {
    let local = sample_plan();
    let incoming = measure_moved(false);
    let p = preview(&local, &incoming).unwrap();
    assert_eq!(
        p.header_conflicts,
        [HeaderConflict::MeasureMoved {
            measure: "office-m1".into(),
            local_pillar: "office".into(),
            incoming_pillar: "citizen".into(),
            local_cards: vec!["card-06".into(), "card-07".into()],
            incoming_cards: vec!["card-15".into()],
        }]
    );
    let refused = MergeError::MeasurePlacement {
        measure: "office-m1".into(),
        local_pillar: "office".into(),
        incoming_pillar: Some("citizen".into()),
        local_cards: vec!["card-06".into(), "card-07".into()],
        incoming_cards: vec!["card-15".into()],
    };
    assert_eq!(
        p.check(&local, &no_choices(), HERE, NOW),
        Err(refused.clone())
    );
    assert_eq!(
        apply(&local, &p, &no_choices(), HERE, NOW),
        Err(refused.clone())
    );
    // Explained in both languages.
    assert!(messages::merge_ja(&refused).contains("施策「office-m1」"));
    assert!(messages::merge_en(&refused).contains("card-15"));
}

#[test]
fn a_measure_moved_with_all_its_cards_follows_them() {
    let local = sample_plan();
    let incoming = measure_moved(true);
    let p = preview(&local, &incoming).unwrap();
    assert_eq!(p.header_conflicts.len(), 1);
    let HeaderConflict::MeasureMoved { local_cards, .. } = &p.header_conflicts[0];
    assert!(
        local_cards.is_empty(),
        "the file replaces both stored cards"
    );
    assert_eq!(p.check(&local, &no_choices(), HERE, NOW), Ok(()));
    let out = apply(&local, &p, &no_choices(), HERE, NOW).unwrap();
    assert_eq!(out.measures_moved, ["office-m1"]);
    assert!(
        out.file
            .pillar("citizen")
            .unwrap()
            .measures
            .iter()
            .any(|m| m.id == "office-m1")
    );
    assert!(
        !out.file
            .pillar("office")
            .unwrap()
            .measures
            .iter()
            .any(|m| m.id == "office-m1")
    );
    assert_eq!(out.file.plan.updated_at.as_deref(), Some(NOW));
    assert_valid(&out.file);
    // The text to store is the gate's, and it loads back as the plan.
    assert_eq!(load_str(&out.text).file.as_ref(), Some(&out.file));
}

#[test]
fn placement_is_one_choice_so_a_field_level_resolution_keeps_references_whole() {
    // Both sides edit card-06: here its title, there its placement (moved
    // under pillar citizen with a measure of its own there).
    let mut local = sample_plan();
    edit(&mut local, "card-06", HERE, EARLIER, |c| {
        c.title = "こちら".into()
    });
    let mut incoming = sample_plan();
    incoming.plan.pillars[0].measures.push(Measure {
        id: "citizen-m1".into(),
        name: "窓口".into(),
        extra: Extra::new(),
    });
    edit(&mut incoming, "card-06", "site-there", EARLIER, |c| {
        c.pillars = vec!["citizen".into()];
        c.measure = Some("citizen-m1".into());
        c.visions = vec!["citizen-1".into()];
    });
    let p = preview(&local, &incoming).unwrap();
    let m = p.conflicts().next().unwrap();
    assert_eq!(
        m.differing,
        [
            CardField::Title,
            CardField::Pillars,
            CardField::Measure,
            CardField::Visions
        ]
    );
    assert_eq!(
        m.differing_groups(),
        [FieldGroup::Title, FieldGroup::Placement]
    );
    for side in [Side::Local, Side::Incoming] {
        let choice = Choice::Fields(BTreeMap::from([(FieldGroup::Placement, side)]));
        let out = apply(&local, &p, &choose("card-06", choice), HERE, NOW).unwrap();
        let card = out.file.card("card-06").unwrap();
        let from = if side == Side::Local {
            &local
        } else {
            &incoming
        };
        let want = from.card("card-06").unwrap();
        assert_eq!(
            (&card.pillars, &card.measure, &card.visions),
            (&want.pillars, &want.measure, &want.visions)
        );
        assert_eq!(card.title, "こちら");
        assert_valid(&out.file);
    }
}

#[test]
fn a_merge_whose_result_would_not_load_is_refused_with_the_problems() {
    let (local, incoming) = concurrent_pair();
    let p = preview(&local, &incoming).unwrap();
    // A site id the clocks cannot hold: the gate says so, nothing is built.
    let err = apply(
        &local,
        &p,
        &choose("card-01", Choice::Side(Side::Incoming)),
        "",
        NOW,
    )
    .unwrap_err();
    let MergeError::WouldNotLoad(refused) = &err else {
        panic!("{err:?}")
    };
    assert!(
        refused
            .problems
            .iter()
            .any(|p| p.path.starts_with("cards[0].clock"))
    );
    assert!(messages::merge_en(&err).contains("would not load"));
    // And a preview of another plan is not applied to this one.
    let mut other = local.clone();
    other.plan.id = "other".into();
    assert!(matches!(
        apply(&other, &p, &no_choices(), HERE, NOW),
        Err(MergeError::DifferentPlan { .. })
    ));
}

#[test]
fn changed_cards_names_what_an_edit_since_the_preview_changed() {
    let (mut local, incoming) = concurrent_pair();
    let mut incoming = incoming;
    edit(&mut incoming, "card-05", "site-there", EARLIER, |c| {
        c.title = "更新".into()
    });
    let before = preview(&local, &incoming).unwrap();
    assert_eq!(outcome(&before, "card-05"), CardOutcome::Updated);
    assert!(merge::changed_cards(&before, &before).is_empty());
    // Meanwhile card-05 is edited here: it is now a conflict.
    edit(&mut local, "card-05", HERE, NOW, |c| {
        c.overview = "いま直した".into()
    });
    let now = preview(&local, &incoming).unwrap();
    assert_eq!(merge::changed_cards(&before, &now), ["card-05"]);
    assert!(!merge::header_changed(&before, &now));
}
