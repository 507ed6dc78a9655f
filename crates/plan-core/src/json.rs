//! Reads JSON text into a `Value` while enforcing the file limits of the
//! spec (I-JSON): no duplicate keys, depth ≤ 64, strings ≤ 100,000
//! characters, integers within ±2^53. serde_json alone would silently keep
//! the last of two equal keys, so the value is built by our own visitor.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::problem::{Problem, ProblemKind, index_path, key_path};

// The limits themselves live in `limits.rs`, shared with the editors.
pub use crate::limits::{MAX_DEPTH, MAX_STRING_CHARS};
use crate::limits::{MAX_SAFE_INTEGER as MAX_SAFE_U64, MAX_SAFE_NUMBER};

/// Decodes file bytes: UTF-8 with or without BOM. UTF-16 (BOM or NUL
/// pattern) and Shift_JIS are refused rather than mis-decoded.
pub fn decode(bytes: &[u8]) -> Result<&str, Problem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let utf16_bom = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    let has_nul = bytes.iter().take(64).any(|b| *b == 0);
    if utf16_bom || has_nul {
        return Err(Problem::error("", ProblemKind::NotUtf8));
    }
    std::str::from_utf8(bytes).map_err(|_| Problem::error("", ProblemKind::NotUtf8))
}

/// Parses and checks limits. Returns the value (when the text parsed) and
/// every problem found.
pub fn parse_checked(text: &str) -> (Option<Value>, Vec<Problem>) {
    parse_checked_at(text, "", 1)
}

/// The same, for the text of a value that sits at `path` and nesting
/// `depth` (1 = the file itself) inside a file: problems carry the paths
/// and depth limit they would have in the whole file. The gate checks one
/// card at a time this way.
pub fn parse_checked_at(text: &str, path: &str, depth: usize) -> (Option<Value>, Vec<Problem>) {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let problems = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let seed = Checked {
        path: path.to_string(),
        depth,
        problems: &problems,
    };
    let result = seed.deserialize(&mut de).and_then(|v| de.end().map(|_| v));
    let mut problems = problems.into_inner();
    match result {
        Ok(v) => (Some(v), problems),
        Err(e) => {
            problems.push(Problem::error("", syntax_kind(&e)));
            (None, problems)
        }
    }
}

fn syntax_kind(e: &serde_json::Error) -> ProblemKind {
    if e.to_string().contains("recursion limit") {
        return ProblemKind::TooDeep { max: MAX_DEPTH };
    }
    if e.to_string().contains("number out of range") {
        return ProblemKind::NumberOutOfRange;
    }
    if e.to_string().contains("trailing characters") {
        return ProblemKind::TrailingText;
    }
    match e.classify() {
        serde_json::error::Category::Eof => ProblemKind::Truncated,
        _ => ProblemKind::Syntax {
            line: e.line(),
            column: e.column(),
        },
    }
}

struct Checked<'p> {
    path: String,
    depth: usize,
    problems: &'p RefCell<Vec<Problem>>,
}

impl Checked<'_> {
    fn report(&self, kind: ProblemKind) {
        self.problems
            .borrow_mut()
            .push(Problem::error(self.path.clone(), kind));
    }

    fn child(&self, path: String) -> Checked<'_> {
        Checked {
            path,
            depth: self.depth + 1,
            problems: self.problems,
        }
    }

    fn check_string(&self, s: &str) {
        if let Err(kind) = crate::limits::check_text(s) {
            self.report(kind);
        }
    }
}

impl<'de> DeserializeSeed<'de> for Checked<'_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        // Reported here, where a value really is read (a seed is also made
        // for the end of every array), and only at the first level too deep.
        if self.depth == MAX_DEPTH + 1 {
            self.report(ProblemKind::TooDeep { max: MAX_DEPTH });
        }
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Checked<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        if v.unsigned_abs() > MAX_SAFE_U64 {
            self.report(ProblemKind::NumberOutOfRange);
        }
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        if v > MAX_SAFE_U64 {
            self.report(ProblemKind::NumberOutOfRange);
        }
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // Integers too long for u64 arrive here; so do 1e400 (infinite).
        if !v.is_finite() || (v.fract() == 0.0 && v.abs() > MAX_SAFE_NUMBER) {
            self.report(ProblemKind::NumberOutOfRange);
            return Ok(Value::Null);
        }
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        self.check_string(v);
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        self.check_string(&v);
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(self.child(index_path(&self.path, out.len())))? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let child = self.child(key_path(&self.path, &key));
            child.check_string(&key);
            let value = map.next_value_seed(child)?;
            if !seen.insert(key.clone()) {
                self.report(ProblemKind::DuplicateKey(key));
                continue;
            }
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, ProblemKind)> {
        parse_checked(text)
            .1
            .into_iter()
            .map(|p| (p.path, p.kind))
            .collect()
    }

    #[test]
    fn duplicate_keys_are_reported_with_their_path() {
        assert_eq!(
            kinds(r#"{"a": {"b": 1, "b": 2}}"#),
            vec![("a".into(), ProblemKind::DuplicateKey("b".into()))]
        );
    }

    #[test]
    fn depth_beyond_64_is_reported_once() {
        let deep = format!("{}{}", "[".repeat(65), "]".repeat(65));
        let found = kinds(&deep);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, ProblemKind::TooDeep { max: 64 });
        let ok = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert!(kinds(&ok).is_empty());
    }

    #[test]
    fn very_deep_nesting_fails_cleanly_without_overflow() {
        let deep = "[".repeat(100_000);
        let (v, problems) = parse_checked(&deep);
        assert!(v.is_none());
        assert!(
            problems
                .iter()
                .any(|p| matches!(p.kind, ProblemKind::TooDeep { .. }))
        );
    }

    #[test]
    fn long_strings_and_big_integers_are_refused() {
        let long = format!(r#"{{"t": "{}"}}"#, "あ".repeat(MAX_STRING_CHARS + 1));
        assert_eq!(
            kinds(&long)[0].1,
            ProblemKind::StringTooLong { max: 100_000 }
        );
        let fits = format!(r#"{{"t": "{}"}}"#, "あ".repeat(MAX_STRING_CHARS));
        assert!(kinds(&fits).is_empty());
        assert_eq!(
            kinds("[9007199254740993]")[0].1,
            ProblemKind::NumberOutOfRange
        );
        assert_eq!(kinds("[1e400]")[0].1, ProblemKind::NumberOutOfRange);
        assert!(kinds("[9007199254740992, -9007199254740992, 1.5]").is_empty());
    }

    #[test]
    fn syntax_errors_say_where() {
        assert_eq!(kinds(r#"{"a": 1"#)[0].1, ProblemKind::Truncated);
        assert_eq!(
            kinds("{\n  \"a\": 1,,\n}")[0].1,
            ProblemKind::Syntax {
                line: 2,
                column: 10
            }
        );
        assert_eq!(kinds("{} x")[0].1, ProblemKind::TrailingText);
    }

    #[test]
    fn encodings_other_than_utf8_are_refused() {
        assert_eq!(decode(b"\xEF\xBB\xBF{}").unwrap(), "{}");
        assert!(decode(b"\xFF\xFE{\x00}\x00").is_err());
        assert!(decode(b"{\x00\"\x00").is_err());
        // 「計画」 in Shift_JIS is not valid UTF-8.
        assert!(decode(b"{\"t\": \"\x8Cv\x89\xE6\"}").is_err());
    }
}
