//! Excel round trip for Shinchoku plans, shared by the app and the CLI.
//!
//! - [`export`] writes a plan as an `.xlsx` workbook in the layouts city
//!   halls print (進捗状況表, 取組事項, 年次目標, 評価指標, optionally one
//!   sheet per card) plus a hidden sheet holding the plan file itself, so a
//!   workbook the app wrote comes back without loss.
//! - [`import`] reads a workbook: the app's own gives the plan inside (through
//!   the loader's usual checks); any other workbook gives a
//!   [`WorkbookPreview`] to map columns to fields ([`guess_mapping`],
//!   [`apply_mapping`]).
//!
//! Writing uses `rust_xlsxwriter`, reading `calamine`; both are pure Rust and
//! build for wasm32. Nothing here reads the clock: callers pass `now`.

mod cells;
mod labels;
mod mapping;
#[cfg(feature = "read")]
mod read;
#[cfg(feature = "write")]
mod write;

pub use cells::{Cell, ReadError, Sheet, Workbook, WorkbookPreview, column_letters};
pub use labels::Lang;
pub use mapping::{
    Field, Mapping, MappingResult, RowCard, Target, UnreadCell, UnreadReason, apply_mapping,
    guess_mapping, parse_due, parse_status, parse_year,
};
#[cfg(feature = "read")]
pub use read::{Imported, import, read};
#[cfg(feature = "write")]
pub use write::{ExportError, ExportOptions, export};

/// Name of the hidden sheet that carries the plan file. Not translated: it
/// is how a workbook is recognised as the app's own.
pub const PLAN_SHEET: &str = "shinchoku_plan";

/// First cell of [`PLAN_SHEET`]: the format name and a version of this
/// layout (chunks of the plan's JSON in column A from row 3).
pub const PLAN_MARKER: &str = "dx-action-plan/xlsx-1";

/// Zip files (and so `.xlsx`) begin with these bytes.
pub fn looks_like_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}
