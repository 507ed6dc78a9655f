//! Repairing a stored plan that no longer loads (an older bug, hand-edited
//! storage, a newer version). The text is read leniently as plain JSON, so
//! every value a problem points at can be shown and changed by its path;
//! the result is saved only once it passes the gate like any other write.

use serde_json::Value;

use crate::problem::Problem;
use crate::validate::load_str;

/// One step of a problem path: `cards[3].title` is `Key("cards")`,
/// `Index(3)`, `Key("title")`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    if path.is_empty() {
        return Some(out);
    }
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        while let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            out.push(Step::Index(r[..end].parse().ok()?));
            rest = &r[end + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(out)
}

/// The value at a problem path (`cards[3].indicators[0].total`), if there.
pub fn value_at<'v>(root: &'v Value, path: &str) -> Option<&'v Value> {
    steps(path)?.iter().try_fold(root, |v, s| match s {
        Step::Key(k) => v.as_object()?.get(*k),
        Step::Index(i) => v.as_array()?.get(*i),
    })
}

/// Sets the value at `path`. A missing last key of an existing object is
/// added (a required field that was left out). False when the path does not
/// lead anywhere.
pub fn set_at(root: &mut Value, path: &str, new: Value) -> bool {
    let Some(steps) = steps(path) else {
        return false;
    };
    let Some((last, parents)) = steps.split_last() else {
        *root = new;
        return true;
    };
    let mut v = root;
    for s in parents {
        let next = match s {
            Step::Key(k) => v.as_object_mut().and_then(|m| m.get_mut(*k)),
            Step::Index(i) => v.as_array_mut().and_then(|a| a.get_mut(*i)),
        };
        let Some(next) = next else { return false };
        v = next;
    }
    match last {
        Step::Key(k) => match v.as_object_mut() {
            Some(m) => {
                m.insert((*k).to_string(), new);
                true
            }
            None => false,
        },
        Step::Index(i) => match v.as_array_mut().and_then(|a| a.get_mut(*i)) {
            Some(slot) => {
                *slot = new;
                true
            }
            None => false,
        },
    }
}

/// What a person typed for a value, read in the type the old value had: a
/// string stays a string; a number is read as a number when it is one
/// (else kept as text, and the loader says what is wrong); anything else is
/// read as JSON when it parses.
pub fn typed_value(old: Option<&Value>, typed: &str) -> Value {
    match old {
        Some(Value::String(_)) => Value::String(typed.to_string()),
        _ => serde_json::from_str::<Value>(typed.trim())
            .ok()
            .filter(|v| !v.is_object() && !v.is_array())
            .unwrap_or_else(|| Value::String(typed.to_string())),
    }
}

/// How a value is shown in the repair form: strings as they are, other
/// values as JSON; a missing value as empty.
pub fn shown_value(v: Option<&Value>) -> String {
    match v {
        None => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// A stored value under repair: its current text and what the loader says.
#[derive(Debug, Clone, PartialEq)]
pub struct Repair {
    /// The working text (pretty JSON once a field was changed).
    pub text: String,
    /// Every problem the loader reports for `text`.
    pub problems: Vec<Problem>,
    /// The value, when the text is JSON at all.
    pub value: Option<Value>,
}

impl Repair {
    pub fn new(text: String) -> Repair {
        let problems = load_str(&text).problems;
        let value = serde_json::from_str(text.trim_start_matches('\u{FEFF}')).ok();
        Repair {
            text,
            problems,
            value,
        }
    }

    /// Changes the value at `path` to what was typed, and checks again.
    pub fn set(&self, path: &str, typed: &str) -> Repair {
        let Some(mut v) = self.value.clone() else {
            return self.clone();
        };
        let new = typed_value(value_at(&v, path), typed);
        if !set_at(&mut v, path, new) {
            return self.clone();
        }
        Repair::new(serde_json::to_string_pretty(&v).unwrap_or_else(|_| self.text.clone()))
    }

    /// The plan, once nothing stops it from loading.
    pub fn plan(&self) -> Option<crate::PlanFile> {
        load_str(&self.text).file
    }

    /// The current value shown for a problem's path.
    pub fn shown_at(&self, path: &str) -> Option<String> {
        let v = self.value.as_ref()?;
        if path.is_empty() {
            return None;
        }
        // A path that leads nowhere (not even to a parent object) cannot be
        // edited in a field; the raw text is still editable as a whole.
        match value_at(v, path) {
            Some(Value::Object(_)) | Some(Value::Array(_)) => None,
            Some(x) => Some(shown_value(Some(x))),
            None => {
                let parent = path.rsplit_once('.').map_or("", |(p, _)| p);
                value_at(v, parent)
                    .filter(|p| p.is_object())
                    .map(|_| String::new())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_reach_nested_values() {
        let v = json!({"cards": [{"indicators": [{"total": 0}]}], "plan": {"title": ""}});
        assert_eq!(
            value_at(&v, "cards[0].indicators[0].total"),
            Some(&json!(0))
        );
        assert_eq!(value_at(&v, "plan.title"), Some(&json!("")));
        assert_eq!(value_at(&v, "cards[1]"), None);
        assert_eq!(value_at(&v, "cards[x]"), None);
    }

    #[test]
    fn a_number_typed_stays_a_number_and_a_string_a_string() {
        assert_eq!(typed_value(Some(&json!(0)), "12.5"), json!(12.5));
        assert_eq!(typed_value(Some(&json!("")), "12"), json!("12"));
        assert_eq!(typed_value(Some(&json!(0)), "abc"), json!("abc"));
        assert_eq!(typed_value(None, "2024"), json!(2024));
    }

    #[test]
    fn a_plan_broken_in_storage_is_repaired_field_by_field() {
        let mut v: Value = serde_json::from_str(crate::SAMPLE_PLAN_JSON).unwrap();
        set_at(&mut v, "plan.title", json!(""));
        let broken = serde_json::to_string(&v).unwrap();
        let r = Repair::new(broken);
        assert!(r.plan().is_none());
        let path = r.problems[0].path.clone();
        assert_eq!(path, "plan.title");
        assert_eq!(r.shown_at(&path).as_deref(), Some(""));
        let fixed = r.set(&path, "みどり野市DX推進計画");
        assert!(fixed.problems.iter().all(|p| !p.is_error()));
        let plan = fixed.plan().expect("repaired plan loads");
        assert_eq!(plan.plan.title, "みどり野市DX推進計画");
        assert!(crate::gate::passes(&plan));
    }

    #[test]
    fn a_missing_required_field_can_be_filled_in() {
        let mut v: Value = serde_json::from_str(crate::SAMPLE_PLAN_JSON).unwrap();
        v["plan"].as_object_mut().unwrap().remove("title");
        let r = Repair::new(v.to_string());
        let p = r
            .problems
            .iter()
            .find(|p| p.path == "plan.title")
            .expect("missing title reported");
        assert_eq!(r.shown_at(&p.path).as_deref(), Some(""));
        assert!(r.set(&p.path, "計画").plan().is_some());
    }

    #[test]
    fn text_that_is_not_json_is_kept_and_reported() {
        let r = Repair::new("{\"format\": ".into());
        assert!(r.value.is_none());
        assert!(!r.problems.is_empty());
        assert_eq!(r.set("plan.title", "x"), r);
    }
}
