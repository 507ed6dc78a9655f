//! The bad-file corpus in `tests/bad-files/` (repository root): malformed
//! and hostile files, each with the outcome it must have, listed in
//! `expected.json`. Every entry goes through `load_bytes`, as a file the user
//! picked would. The large cases (10 MB string, 100,000-deep nesting) are
//! not committed; they are built here in memory.

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

use plan_core::{Loaded, ProblemKind, load_bytes, load_str, to_json_pretty};
use serde::Deserialize;
use serde_json::Value;

const MAX_COMMITTED_BYTES: u64 = 20 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    file: Option<String>,
    generate: Option<String>,
    expect: Expect,
    problem: Option<Expected>,
    note: String,
}

#[derive(Debug, Deserialize, PartialEq, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum Expect {
    Opens,
    Refused,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    path: String,
    kind: String,
}

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/bad-files")
}

fn entries() -> Vec<Entry> {
    let text = fs::read_to_string(corpus_dir().join("expected.json")).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is a list of entries")
}

/// The variant name, as `expected.json` names it.
fn kind_name(kind: &ProblemKind) -> &'static str {
    use ProblemKind::*;
    match kind {
        NotUtf8 => "NotUtf8",
        Syntax { .. } => "Syntax",
        Truncated => "Truncated",
        TrailingText => "TrailingText",
        TooDeep { .. } => "TooDeep",
        StringTooLong { .. } => "StringTooLong",
        DuplicateKey(_) => "DuplicateKey",
        NumberOutOfRange => "NumberOutOfRange",
        Missing => "Missing",
        WrongType(_) => "WrongType",
        NotOneOf(_) => "NotOneOf",
        Empty => "Empty",
        WrongFormat => "WrongFormat",
        OlderVersion => "OlderVersion",
        NewerVersion(_) => "NewerVersion",
        DuplicateId(_) => "DuplicateId",
        DuplicateYear(_) => "DuplicateYear",
        UnknownRef(..) => "UnknownRef",
        MeasureNotInHomePillar(_) => "MeasureNotInHomePillar",
        YearOutOfRange { .. } => "YearOutOfRange",
        YearOutsidePlan { .. } => "YearOutsidePlan",
        StartAfterEnd => "StartAfterEnd",
        BadYearMonth => "BadYearMonth",
        DueOutsideYear(_) => "DueOutsideYear",
        BadDate => "BadDate",
        BadTimestamp => "BadTimestamp",
        TotalNotPositive => "TotalNotPositive",
        NegativeCount => "NegativeCount",
        ChangesWhenSaved => "ChangesWhenSaved",
    }
}

fn valid_minimal() -> String {
    fs::read_to_string(corpus_dir().join("valid-minimal.json")).expect("valid-minimal.json")
}

/// The large cases, built in memory rather than committed.
fn generate(name: &str) -> Vec<u8> {
    match name {
        "long-string" => {
            let mut v: Value = serde_json::from_str(&valid_minimal()).unwrap();
            // 10 MB: 3,333,334 characters of three bytes each.
            v["cards"][0]["title"] = Value::String("進".repeat(3_333_334));
            serde_json::to_vec(&v).unwrap()
        }
        "deep-nesting" => {
            let base = valid_minimal();
            let depth = 100_000;
            let deep = format!("\"x_deep\": {}{},", "[".repeat(depth), "]".repeat(depth));
            base.replacen('{', &format!("{{{deep}"), 1).into_bytes()
        }
        other => panic!("no generator named {other:?}"),
    }
}

fn describe(loaded: &Loaded) -> String {
    loaded
        .problems
        .iter()
        .map(|p| format!("  {:?} {:?}: {:?}", p.severity, p.path, p.kind))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_corpus_entry_has_its_expected_outcome() {
    let entries = entries();
    let mut failures = Vec::new();
    for entry in &entries {
        let (label, bytes) = match (&entry.file, &entry.generate) {
            (Some(file), None) => (
                file.clone(),
                fs::read(corpus_dir().join(file)).unwrap_or_else(|e| panic!("{file}: {e}")),
            ),
            (None, Some(g)) => (format!("generate:{g}"), generate(g)),
            _ => panic!("entry needs exactly one of file / generate: {entry:?}"),
        };
        let loaded = load_bytes(&bytes);
        let errors = loaded.errors().count();
        let outcome_ok = match entry.expect {
            Expect::Opens => loaded.file.is_some() && errors == 0,
            Expect::Refused => loaded.file.is_none() && errors > 0,
        };
        let problem_ok = entry.problem.as_ref().is_none_or(|want| {
            loaded
                .problems
                .iter()
                .any(|p| p.path == want.path && kind_name(&p.kind) == want.kind)
        });
        if !outcome_ok || !problem_ok {
            failures.push(format!(
                "{label} ({}): expected {:?} with {:?}, got file={} and\n{}",
                entry.note,
                entry.expect,
                entry.problem,
                loaded.file.is_some(),
                describe(&loaded)
            ));
            continue;
        }
        // What opens must also survive export → import unchanged.
        if let Some(file) = &loaded.file {
            let again = load_str(&to_json_pretty(file));
            if again.file.as_ref() != Some(file) {
                failures.push(format!("{label}: changed by export → import"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_corpus_is_large_listed_and_small() {
    let entries = entries();
    assert!(
        entries.len() >= 30,
        "at least 30 cases, found {}",
        entries.len()
    );
    assert!(entries.iter().any(|e| e.expect == Expect::Opens));
    for g in ["long-string", "deep-nesting"] {
        assert!(
            entries.iter().any(|e| e.generate.as_deref() == Some(g)),
            "{g} is generated"
        );
    }

    let listed: Vec<&str> = entries.iter().filter_map(|e| e.file.as_deref()).collect();
    let unique: BTreeSet<&str> = listed.iter().copied().collect();
    assert_eq!(unique.len(), listed.len(), "a file is listed twice");

    let mut on_disk = BTreeSet::new();
    for item in fs::read_dir(corpus_dir()).unwrap() {
        let item = item.unwrap();
        let name = item.file_name().into_string().unwrap();
        if name == "expected.json" {
            continue;
        }
        let size = item.metadata().unwrap().len();
        assert!(
            size < MAX_COMMITTED_BYTES,
            "{name} is {size} bytes; build large cases in memory (\"generate\")"
        );
        on_disk.insert(name);
    }
    let on_disk: BTreeSet<&str> = on_disk.iter().map(String::as_str).collect();
    let unlisted: Vec<_> = on_disk.difference(&unique).collect();
    let missing: Vec<_> = unique.difference(&on_disk).collect();
    assert!(
        unlisted.is_empty(),
        "files in tests/bad-files/ not in expected.json: {unlisted:?}"
    );
    assert!(
        missing.is_empty(),
        "listed in expected.json but not in tests/bad-files/: {missing:?}"
    );
}

#[test]
fn kind_names_in_the_corpus_are_real_variants() {
    // A typo in expected.json would otherwise only show as "not found".
    let known = [
        "NotUtf8",
        "Syntax",
        "Truncated",
        "TrailingText",
        "TooDeep",
        "StringTooLong",
        "DuplicateKey",
        "NumberOutOfRange",
        "Missing",
        "WrongType",
        "NotOneOf",
        "Empty",
        "WrongFormat",
        "OlderVersion",
        "NewerVersion",
        "DuplicateId",
        "DuplicateYear",
        "UnknownRef",
        "MeasureNotInHomePillar",
        "YearOutOfRange",
        "YearOutsidePlan",
        "StartAfterEnd",
        "BadYearMonth",
        "DueOutsideYear",
        "BadDate",
        "BadTimestamp",
        "TotalNotPositive",
        "NegativeCount",
    ];
    for e in entries() {
        if let Some(p) = &e.problem {
            assert!(
                known.contains(&p.kind.as_str()),
                "unknown kind {:?}",
                p.kind
            );
        }
    }
}
