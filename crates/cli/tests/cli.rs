//! Runs the built `shinchoku-cli` on files made from the sample plan.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use plan_core::{PlanFile, VersionClock, load_bytes, sample_plan, to_json_pretty};

const BIN: &str = env!("CARGO_BIN_EXE_shinchoku-cli");

/// A fresh, empty folder for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("shinchoku-cli")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, file: &PlanFile) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, to_json_pretty(file)).unwrap();
    path
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn read_plan(path: &Path) -> PlanFile {
    let bytes = std::fs::read(path).unwrap();
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM on plan files");
    let loaded = load_bytes(&bytes);
    loaded
        .file
        .unwrap_or_else(|| panic!("{:?}", loaded.problems))
}

/// One saved change to a card by `site`.
fn edit(file: &mut PlanFile, id: &str, site: &str, change: impl FnOnce(&mut plan_core::Card)) {
    let card = file.card_mut(id).unwrap();
    change(card);
    card.clock.increment(site);
    card.updated_at = "2026-10-15T09:00:00+09:00".into();
}

// ------------------------------------------------------------- validate

#[test]
fn validate_says_ok_for_a_good_file() {
    let dir = scratch("validate_ok");
    let good = write(&dir, "good.json", &sample_plan());
    let out = run(&["validate", s(&good)]);
    assert_eq!(code(&out), 0, "{out:?}");
    assert_eq!(stdout(&out).trim(), format!("{}: OK", good.display()));
}

#[test]
fn validate_prints_the_path_of_each_problem_and_exits_1() {
    let dir = scratch("validate_bad");
    let good = write(&dir, "good.json", &sample_plan());
    let mut value: serde_json::Value = serde_json::from_str(plan_core::SAMPLE_PLAN_JSON).unwrap();
    value["cards"][2]["years"][0]["status"] = "done".into();
    value["cards"][4]["title"] = serde_json::Value::Null;
    let bad = dir.join("bad.json");
    std::fs::write(&bad, serde_json::to_string(&value).unwrap()).unwrap();

    let out = run(&["validate", s(&good), s(&bad)]);
    assert_eq!(code(&out), 1, "{out:?}");
    let text = stdout(&out);
    assert!(text.contains(&format!("{}: OK", good.display())), "{text}");
    assert!(
        text.contains(&format!("{}: cards[2].years[0].status: ", bad.display())),
        "{text}"
    );
    assert!(
        text.contains(&format!("{}: cards[4].title: ", bad.display())),
        "{text}"
    );
    assert!(!text.contains(&format!("{}: OK", bad.display())));
}

#[test]
fn validate_accepts_a_bom_and_refuses_what_is_not_utf8() {
    let dir = scratch("validate_bytes");
    let bom = dir.join("bom.json");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(plan_core::SAMPLE_PLAN_JSON.as_bytes());
    std::fs::write(&bom, bytes).unwrap();
    let sjis = dir.join("sjis.json");
    std::fs::write(&sjis, b"{\"format\": \"\x83\x65\"}").unwrap();
    assert_eq!(code(&run(&["validate", s(&bom)])), 0);
    let out = run(&["validate", s(&sjis)]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).starts_with(&format!("{}: ", sjis.display())));
}

#[test]
fn usage_and_missing_files_exit_2() {
    let dir = scratch("usage");
    assert_eq!(code(&run(&["validate"])), 2);
    assert_eq!(code(&run(&["no-such-command"])), 2);
    let out = run(&["validate", s(&dir.join("missing.json"))]);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.json"));
    assert_eq!(code(&run(&["--help"])), 0);
}

// ---------------------------------------------------------------- merge

/// BASE renamed card-01 here; FILE wrote a new overview there.
fn conflicting_pair(dir: &Path) -> (PlanFile, PlanFile, PathBuf, PathBuf) {
    let mut base = sample_plan();
    edit(&mut base, "card-01", "office-pc", |c| {
        c.title = "本庁で直した名前".into()
    });
    let mut theirs = sample_plan();
    edit(&mut theirs, "card-01", "shimin-pc", |c| {
        c.overview = "市民課で書いた概要".into();
    });
    edit(&mut theirs, "card-13", "kanko-pc", |c| {
        c.years[0].note = "実績あり".into()
    });
    let b = write(dir, "base.json", &base);
    let t = write(dir, "theirs.json", &theirs);
    (base, theirs, b, t)
}

#[test]
fn merge_lists_conflicts_keeps_base_and_exits_3() {
    let dir = scratch("merge_conflict");
    let (base, theirs, b, t) = conflicting_pair(&dir);
    let out_path = dir.join("out.json");
    let out = run(&["merge", s(&b), s(&t), "-o", s(&out_path)]);
    assert_eq!(code(&out), 3, "{out:?}");
    let text = stdout(&out);
    assert!(
        text.contains("conflict: card-01 本庁で直した名前"),
        "{text}"
    );
    let merged = read_plan(&out_path);
    assert_eq!(merged.card("card-01"), base.card("card-01"));
    // The card without conflict was taken.
    assert_eq!(merged.card("card-13"), theirs.card("card-13"));
    assert_eq!(merged.cards.len(), base.cards.len());
}

#[test]
fn merge_prefer_theirs_resolves_with_max_plus_one() {
    let dir = scratch("merge_theirs");
    let (base, theirs, b, t) = conflicting_pair(&dir);
    let out_path = dir.join("out.json");
    let out = run(&[
        "merge",
        s(&b),
        s(&t),
        "-o",
        s(&out_path),
        "--prefer",
        "theirs",
    ]);
    assert_eq!(code(&out), 0, "{out:?}");
    assert!(stdout(&out).contains("conflict: card-01"));
    let merged = read_plan(&out_path);
    let card = merged.card("card-01").unwrap();
    let (ours, incoming) = (
        base.card("card-01").unwrap(),
        theirs.card("card-01").unwrap(),
    );
    assert_eq!(card.title, incoming.title);
    assert_eq!(card.overview, "市民課で書いた概要");
    let mut expected: VersionClock = ours.clock.merged(&incoming.clock);
    expected.increment("cli");
    assert_eq!(card.clock, expected);
    assert!(plan_core::fiscal::is_timestamp(&card.updated_at));
    assert_ne!(card.updated_at, incoming.updated_at);

    // With a site id of our own.
    let out = run(&[
        "merge",
        s(&b),
        s(&t),
        "-o",
        s(&out_path),
        "--prefer",
        "theirs",
        "--site",
        "dx-office",
    ]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        read_plan(&out_path)
            .card("card-01")
            .unwrap()
            .clock
            .get("dx-office"),
        1
    );
}

#[test]
fn merge_prefer_ours_keeps_base_content_but_resolves() {
    let dir = scratch("merge_ours");
    let (base, _, b, t) = conflicting_pair(&dir);
    let out_path = dir.join("out.json");
    let out = run(&[
        "merge",
        s(&b),
        s(&t),
        "-o",
        s(&out_path),
        "--prefer",
        "ours",
    ]);
    assert_eq!(code(&out), 0, "{out:?}");
    let card = read_plan(&out_path).card("card-01").unwrap().clone();
    assert_eq!(card.title, base.card("card-01").unwrap().title);
    assert_eq!(card.clock.get("cli"), 1);
}

#[test]
fn merge_takes_files_in_order_and_refuses_bad_input() {
    let dir = scratch("merge_many");
    let base = write(&dir, "base.json", &sample_plan());
    let mut one = sample_plan();
    edit(&mut one, "card-02", "a", |c| c.title = "一つ目".into());
    let mut two = one.clone();
    edit(&mut two, "card-02", "b", |c| c.title = "二つ目".into());
    let (one, two) = (write(&dir, "1.json", &one), write(&dir, "2.json", &two));
    let out_path = dir.join("out.json");
    // Newer first, older second: the older one is kept out.
    let out = run(&["merge", s(&base), s(&two), s(&one), "-o", s(&out_path)]);
    assert_eq!(code(&out), 0, "{out:?}");
    assert_eq!(
        read_plan(&out_path).card("card-02").unwrap().title,
        "二つ目"
    );

    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"format\": \"dx-action-plan\"").unwrap();
    let fresh = dir.join("fresh.json");
    let out = run(&["merge", s(&base), s(&bad), "-o", s(&fresh)]);
    assert_eq!(code(&out), 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.json"));
    assert!(!fresh.exists(), "nothing written for a bad input");

    let mut other = sample_plan();
    other.plan.id = "another-plan".into();
    let other = write(&dir, "other.json", &other);
    let out = run(&["merge", s(&base), s(&other), "-o", s(&fresh)]);
    assert_eq!(code(&out), 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("計画が異なります"));
    assert!(!fresh.exists());
}

/// The sample plan as a department's file that moves measure `office-m1`
/// from pillar `office` to `citizen` and adds a card under it there. With
/// `move_cards`, the file also moves the two cards that use the measure.
fn measure_moved(move_cards: bool) -> PlanFile {
    let mut file = sample_plan();
    let pillars = &mut file.plan.pillars;
    let at = pillars[1]
        .measures
        .iter()
        .position(|m| m.id == "office-m1")
        .unwrap();
    let m1 = pillars[1].measures.remove(at);
    pillars[0].measures.push(m1);
    if move_cards {
        for id in ["card-06", "card-07"] {
            edit(&mut file, id, "dept", |c| {
                c.pillars = vec!["citizen".into()]
            });
        }
    } else {
        // A department's file: only its own cards.
        file.cards
            .retain(|c| c.measure.as_deref() != Some("office-m1"));
    }
    let mut card = plan_core::Card::new(
        "card-15".into(),
        "1-6".into(),
        "窓口の手続を案内するチャット".into(),
        "2026-10-15T09:00:00+09:00",
    );
    card.pillars = vec!["citizen".into()];
    card.measure = Some("office-m1".into());
    card.clock.increment("dept");
    file.push_card(card);
    assert!(
        load_bytes(to_json_pretty(&file).as_bytes()).file.is_some(),
        "the file itself is valid"
    );
    file
}

#[test]
fn a_merge_that_would_give_an_invalid_plan_exits_1_and_writes_nothing() {
    let dir = scratch("merge_measure_moved");
    let base = write(&dir, "base.json", &sample_plan());
    let moved = write(&dir, "moved.json", &measure_moved(false));
    let out_path = dir.join("out.json");
    let out = run(&["merge", s(&base), s(&moved), "-o", s(&out_path)]);
    assert_eq!(code(&out), 1, "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    // Why, in both languages, naming the measure and the cards on each side.
    assert!(err.contains("施策「office-m1」"), "{err}");
    assert!(err.contains("Measure \"office-m1\""), "{err}");
    assert!(err.contains("card-06") && err.contains("card-15"), "{err}");
    assert!(!out_path.exists(), "nothing written");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with("out.json"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_measure_moved_together_with_its_cards_follows_them() {
    let dir = scratch("merge_measure_follows");
    let base = write(&dir, "base.json", &sample_plan());
    let moved = write(&dir, "moved.json", &measure_moved(true));
    let out_path = dir.join("out.json");
    let out = run(&["merge", s(&base), s(&moved), "-o", s(&out_path)]);
    assert_eq!(code(&out), 0, "{out:?}");
    assert!(stdout(&out).contains("measure office-m1 moved"), "{out:?}");
    let merged = read_plan(&out_path);
    let citizen = merged.pillar("citizen").unwrap();
    assert!(citizen.measures.iter().any(|m| m.id == "office-m1"));
    assert_eq!(
        merged.card("card-15").unwrap().measure.as_deref(),
        Some("office-m1")
    );
    let out = run(&["validate", s(&out_path)]);
    assert_eq!(code(&out), 0, "{out:?}");
}

// ------------------------------------------------------- csv and schema

#[test]
fn csv_writes_both_files_with_a_bom() {
    let dir = scratch("csv");
    let plan = write(&dir, "plan.json", &sample_plan());
    let out_dir = dir.join("out").join("csv");
    let out = run(&["csv", s(&plan), "-o", s(&out_dir)]);
    assert_eq!(code(&out), 0, "{out:?}");
    for name in ["cards.csv", "actions.csv"] {
        let bytes = std::fs::read(out_dir.join(name)).unwrap();
        assert!(
            bytes.starts_with(b"\xEF\xBB\xBF"),
            "{name} starts with a BOM"
        );
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.lines().count() > 1, "{name} has rows");
    }
    let cards = std::fs::read_to_string(out_dir.join("cards.csv")).unwrap();
    assert!(cards.contains("「書かない窓口」の導入と拡充"));
}

#[test]
fn schema_prints_a_json_schema() {
    let out = run(&["schema"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(text.contains("\"$schema\""));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(value.is_object());
}
