//! Shinchoku's domain core: the plan model, validation, fiscal years and
//! version clocks. Pure Rust, no web dependencies: it compiles and is tested
//! natively, and is shared by the browser app and the command-line tool.

pub mod clock;
pub mod edit;
pub mod export;
pub mod fiscal;
pub mod gate;
pub mod generate;
pub mod history;
pub mod json;
pub mod lang;
pub mod limits;
pub mod merge;
pub mod messages;
pub mod model;
pub mod problem;
pub mod query;
pub mod repair;
pub mod report;
pub mod schema;
pub mod spot;
pub mod stats;
pub mod stored;
pub mod sync;
pub mod text;
pub mod validate;

pub use clock::{ClockOrder, VersionClock};
pub use lang::Lang;
pub use model::*;
pub use problem::{Problem, ProblemKind, Severity};
pub use validate::{Loaded, load_bytes, load_str};

/// The sample plan of a fictional city, shipped with the app.
pub const SAMPLE_PLAN_JSON: &str = include_str!("sample_plan.json");

/// The sample plan, parsed. It is validated by the tests.
pub fn sample_plan() -> PlanFile {
    load_str(SAMPLE_PLAN_JSON)
        .file
        .expect("the shipped sample plan is valid")
}

/// The plan as compact JSON (to hand it to another thread; files use the
/// gate's text).
pub fn to_json(file: &PlanFile) -> String {
    serde_json::to_string(file).expect("plan files always serialize")
}

/// Writes a plan file as the spec wants it: UTF-8 JSON without BOM.
pub fn to_json_pretty(file: &PlanFile) -> String {
    serde_json::to_string_pretty(file).expect("plan files always serialize")
}
