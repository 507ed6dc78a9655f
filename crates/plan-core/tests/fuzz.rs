//! A randomised fuzz of the loader (`load_bytes` / `load_str`): byte-level
//! mutations of valid files, and structure-aware ones (random JSON values in
//! random places, deep nesting, huge numbers, duplicate keys, long strings).
//!
//! For every input: no panic, no stack overflow (the test process would
//! die), a bounded time, problems whenever the file is refused, and a file
//! the loader accepts is one the gate lets through unchanged (loaded ⇒
//! storable).
//!
//! `./test` runs a few hundred inputs. A longer run:
//! `SHINCHOKU_FUZZ_CASES=100000 cargo test -p plan-core --release --test fuzz`
//! (`SHINCHOKU_FUZZ_SEED=n` picks another sequence; a failure prints the
//! seed and the case number to replay it).

use std::time::{Duration, Instant};

use plan_core::{SAMPLE_PLAN_JSON, gate, load_bytes, load_str, sample_plan, to_json_pretty};
use serde_json::{Map, Value, json};

/// Time one input may take. Generous for a debug build on a busy machine;
/// the inputs are at most a few hundred kilobytes.
const MAX_TIME: Duration = Duration::from_secs(2);

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// xorshift64*: deterministic for a seed, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Raw JSON text that `serde_json::Value` cannot hold, spliced in by a
/// placeholder string.
const SPLICES: &[&str] = &[
    "1e400",
    "-1e400",
    "123456789012345678901234567890",
    "9007199254740993",
    "-9007199254740993",
    "1.7976931348623157e308",
    "5e-324",
    "-0",
    "0.1e1",
    "{\"a\": 1, \"a\": 2}",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "NaN",
    "Infinity",
    "[1, 2,]",
    "{\"x\" 1}",
];

fn deep(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

fn random_string(r: &mut Rng) -> String {
    match r.below(6) {
        0 => String::new(),
        1 => "あ".repeat(100_001),
        2 => "\u{0}\u{1f}\"\\/\u{2028}😀".into(),
        3 => "x".repeat(r.below(50)),
        4 => "2024-03-31T17:00:00+09:00".into(),
        _ => [
            "not_started",
            "up",
            "down",
            "done",
            "dx-action-plan",
            "2024-08",
            "2025-02-30",
        ][r.below(7)]
        .into(),
    }
}

fn random_value(r: &mut Rng, depth: usize) -> Value {
    let leaf = depth == 0 || r.chance(50);
    if leaf {
        return match r.below(8) {
            0 => Value::Null,
            1 => Value::Bool(r.chance(50)),
            2 => json!(r.below(5000) as i64 - 100),
            3 => json!(
                [
                    0.0,
                    -1.0,
                    0.5,
                    1e16,
                    9_007_199_254_740_992.0,
                    2025.0,
                    1e-300
                ][r.below(7)]
            ),
            4 => json!([1899, 1900, 2024, 2026, 2200, 2201, 5, -1][r.below(8)]),
            _ => Value::String(random_string(r)),
        };
    }
    if r.chance(50) {
        Value::Array(
            (0..r.below(4))
                .map(|_| random_value(r, depth - 1))
                .collect(),
        )
    } else {
        let keys = [
            "id",
            "title",
            "year",
            "value",
            "total",
            "cards",
            "plan",
            "pillars",
            "measure",
            "clock",
            "status",
            "x_unknown",
        ];
        let mut m = Map::new();
        for _ in 0..r.below(4) {
            m.insert(keys[r.below(keys.len())].into(), random_value(r, depth - 1));
        }
        Value::Object(m)
    }
}

/// A random node of `v`, for replacing.
fn random_node<'v>(r: &mut Rng, v: &'v mut Value) -> &'v mut Value {
    let mut here = v;
    loop {
        let stop = r.chance(25);
        let next = match here {
            Value::Array(a) if !a.is_empty() && !stop => {
                let i = r.below(a.len());
                Some(i)
            }
            Value::Object(m) if !m.is_empty() && !stop => {
                let i = r.below(m.len());
                Some(i)
            }
            _ => None,
        };
        match (next, here) {
            (Some(i), Value::Array(a)) => here = &mut a[i],
            (Some(i), Value::Object(m)) => here = m.values_mut().nth(i).unwrap(),
            (_, v) => return v,
        }
    }
}

const PLACEHOLDER: &str = "\u{1}splice\u{1}";

/// A structure-aware mutation of the sample plan.
fn structural(r: &mut Rng, base: &Value) -> Vec<u8> {
    let mut v = base.clone();
    let mut splice: Option<String> = None;
    for _ in 0..=r.below(3) {
        let node = random_node(r, &mut v);
        match r.below(7) {
            0 => *node = random_value(r, 4),
            1 => {
                if let Value::Object(m) = node
                    && !m.is_empty()
                {
                    let k = m.keys().nth(r.below(m.len())).unwrap().clone();
                    m.remove(&k);
                }
            }
            2 => {
                if let Value::Object(m) = node {
                    m.insert("x_future".into(), random_value(r, 3));
                }
            }
            3 => *node = Value::String(random_string(r)),
            _ => {
                *node = Value::String(PLACEHOLDER.into());
                splice = Some(match r.below(4) {
                    0 => deep(10_000),
                    1 => deep(65),
                    _ => SPLICES[r.below(SPLICES.len())].to_string(),
                });
            }
        }
    }
    let mut text = if r.chance(50) {
        serde_json::to_string(&v).unwrap()
    } else {
        serde_json::to_string_pretty(&v).unwrap()
    };
    if let Some(raw) = splice {
        let quoted = serde_json::to_string(PLACEHOLDER).unwrap();
        text = text.replacen(&quoted, &raw, 1);
    }
    // A duplicate key: repeat a `"key": ` just after an object's brace.
    if r.chance(15)
        && let Some(at) = text.find("{\"id\"")
    {
        text.insert_str(at + 1, "\"id\": \"dup\", ");
    }
    text.into_bytes()
}

const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b",",
    b":",
    b"\\",
    b"\\u",
    b"-",
    b"1e999",
    b"null",
    b"\0",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xC3",
    b"\xE3\x81",
    b"\n",
    b"true",
];

/// A byte-level mutation of a valid file.
fn bytes(r: &mut Rng, base: &[u8]) -> Vec<u8> {
    let mut b = base.to_vec();
    for _ in 0..=r.below(4) {
        let len = b.len().max(1);
        let at = r.below(len);
        match r.below(6) {
            0 => {
                if !b.is_empty() {
                    let i = at.min(b.len() - 1);
                    b[i] = r.next() as u8;
                }
            }
            1 => {
                let t = TOKENS[r.below(TOKENS.len())];
                let at = at.min(b.len());
                b.splice(at..at, t.iter().copied());
            }
            2 => {
                let end = (at + r.below(200)).min(b.len());
                b.drain(at.min(end)..end);
            }
            3 => {
                let end = (at + r.below(200)).min(b.len());
                let chunk: Vec<u8> = b[at.min(end)..end].to_vec();
                let to = r.below(b.len() + 1);
                b.splice(to..to, chunk);
            }
            4 => b.truncate(at),
            _ => {
                let n = r.below(16);
                let at = at.min(b.len());
                let noise: Vec<u8> = (0..n).map(|_| r.next() as u8).collect();
                b.splice(at..at, noise);
            }
        }
    }
    b
}

/// One input through the loader, with every check.
fn check(input: &[u8], what: &str) {
    let started = Instant::now();
    let loaded = load_bytes(input);
    if let Ok(text) = std::str::from_utf8(input) {
        // The text entry point says the same (a BOM is stripped by both).
        let again = load_str(text.strip_prefix('\u{FEFF}').unwrap_or(text));
        assert_eq!(again.file.is_some(), loaded.file.is_some(), "{what}");
    }
    let took = started.elapsed();
    assert!(took < MAX_TIME, "{what}: took {took:?}");
    match &loaded.file {
        None => assert!(
            loaded.errors().next().is_some(),
            "{what}: refused without a reason"
        ),
        Some(file) => {
            let passed = gate::check(file).unwrap_or_else(|r| {
                panic!("{what}: loaded but the gate refuses: {:?}", r.problems)
            });
            assert_eq!(load_str(&passed.text).file.as_ref(), Some(file), "{what}");
        }
    }
}

#[test]
fn the_loader_survives_mutated_and_hostile_files() {
    let cases = env_number("SHINCHOKU_FUZZ_CASES", 240);
    let seed = env_number("SHINCHOKU_FUZZ_SEED", 0x5EED_2026);
    println!("fuzz: {cases} cases, seed {seed}");
    let mut r = Rng(seed | 1);
    let minimal = to_json_pretty(&{
        let mut p = sample_plan();
        p.cards.truncate(2);
        p
    });
    let bases: [&[u8]; 2] = [SAMPLE_PLAN_JSON.as_bytes(), minimal.as_bytes()];
    let values: Vec<Value> = bases
        .iter()
        .map(|b| serde_json::from_slice(b).unwrap())
        .collect();
    let mut accepted = 0;
    for case in 0..cases {
        let which = r.below(2);
        let input = match r.below(5) {
            0 | 1 => bytes(&mut r, bases[which]),
            2 | 3 => structural(&mut r, &values[which]),
            _ => (0..r.below(512)).map(|_| r.next() as u8).collect(),
        };
        check(&input, &format!("seed {seed} case {case}"));
        accepted += usize::from(load_bytes(&input).file.is_some());
    }
    println!("fuzz: {accepted} of {cases} inputs were valid plans");
    // Some mutations keep the file valid (a changed letter in a text): the
    // accepted path is exercised too.
    if cases >= 100 {
        assert!(accepted > 0, "no mutated file was accepted");
    }
}

#[test]
fn the_classic_hostile_inputs_are_refused_quickly() {
    let base: Value = serde_json::from_str(SAMPLE_PLAN_JSON).unwrap();
    let with = |raw: &str| {
        let mut v = base.clone();
        v["cards"][0]["extra_field"] = Value::String(PLACEHOLDER.into());
        serde_json::to_string(&v).unwrap().replacen(
            &serde_json::to_string(PLACEHOLDER).unwrap(),
            raw,
            1,
        )
    };
    for (name, text) in [
        ("deep 10,000", with(&deep(10_000))),
        ("deep 100,000", deep(100_000)),
        ("objects 10,000 deep", "{\"a\":".repeat(10_000)),
        ("huge exponent", with("1e400")),
        ("long integer", with(&"9".repeat(10_000))),
        ("duplicate key", with("{\"k\": 1, \"k\": 2}")),
        (
            "long string",
            with(&format!("\"{}\"", "あ".repeat(100_001))),
        ),
        ("lone surrogate", with("\"\\udc00\"")),
    ] {
        let started = Instant::now();
        let loaded = load_str(&text);
        assert!(started.elapsed() < MAX_TIME, "{name}");
        assert!(loaded.file.is_none(), "{name} accepted");
        assert!(loaded.errors().next().is_some(), "{name}");
    }
}
