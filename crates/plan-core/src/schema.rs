//! A JSON Schema (draft 2020-12) of the plan file, generated from the Rust
//! types so that it can never disagree with what the app reads and writes.
//!
//! The schema describes the shape only. The rules that need the whole file
//! (unique ids, references, years inside the plan period, `due` inside its
//! fiscal year, the I-JSON limits) are checked by [`crate::validate`]; a file
//! that passes the schema may still be refused by the app, never the other
//! way round.
//!
//! Unknown fields are allowed everywhere: the format promises that a field
//! one version does not know passes through it untouched. The flattened
//! `extra` map of every object yields `additionalProperties: true`.
//!
//! A copy is kept at `schema/plan-format.schema.json` at the repository root
//! for people and other tools; a test keeps it equal to [`json_schema`].

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

use crate::model::PlanFile;

pub const SCHEMA_TITLE: &str = "DXアクションプラン ファイル形式 (dx-action-plan, version 1)";

pub const SCHEMA_DESCRIPTION: &str = "The plan file exchanged between copies of Shinchoku (進捗): a municipal DX action plan (plan header with pillars, visions and measures) and its cards. UTF-8 JSON. Fiscal years (年度) are stored as the calendar year they start in (2023 = 令和5年度). Unknown fields are allowed everywhere and must be kept. Further rules not expressed here: ids unique in their scope, references to pillars/visions/measures must exist, card years inside the plan period, `due` (YYYY-MM) inside its fiscal year, dates as YYYY-MM-DD, timestamps as RFC 3339 with offset, no duplicate keys, nesting at most 64 levels, strings at most 100,000 characters, integers within ±2^53.";

/// The schema as a JSON value.
pub fn json_schema_value() -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<PlanFile>();
    let Value::Object(generated) = schema.to_value() else {
        unreachable!("the schema of a struct is an object")
    };
    // `$schema`, title and description first, for people reading the file.
    let mut root = Map::new();
    root.insert("$schema".into(), generated["$schema"].clone());
    root.insert("title".into(), SCHEMA_TITLE.into());
    root.insert("description".into(), SCHEMA_DESCRIPTION.into());
    for (key, value) in generated {
        if !root.contains_key(&key) {
            root.insert(key, value);
        }
    }
    Value::Object(root)
}

/// The schema, pretty-printed, with a trailing newline (as committed in
/// `schema/plan-format.schema.json`).
pub fn json_schema() -> String {
    let mut text =
        serde_json::to_string_pretty(&json_schema_value()).expect("a schema always serializes");
    text.push('\n');
    text
}
