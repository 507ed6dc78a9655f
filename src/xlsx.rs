//! Excel workbooks in the app: export through `plan-xlsx` and a download,
//! import either straight through (the app's own workbook) or through the
//! column-mapping screen.

use std::sync::Arc;

use leptos::prelude::*;
use plan_core::{Loaded, PlanFile};
use plan_xlsx::{
    ExportOptions, Imported, Mapping, MappingResult, ReadError, Target, WorkbookPreview,
};

use crate::clock_adapter::now_rfc3339;
use crate::route::Route;
use crate::state::{AppState, Notice};
use crate::storage;

pub const MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A workbook that is not the app's own, waiting on the mapping screen.
#[derive(Clone)]
pub struct XlsxImport {
    pub name: String,
    pub preview: Arc<WorkbookPreview>,
    pub mapping: Mapping,
    /// Into the plan open now (`true`) or as a new plan.
    pub into_current: bool,
    pub new_title: String,
}

/// Is this file a workbook? By the zip magic (a dropped file without
/// extension too), or by its name. A plan made on the mapping screen goes
/// on under the workbook's name as JSON text, which is not one.
pub fn is_workbook(name: &str, bytes: &[u8]) -> bool {
    plan_xlsx::looks_like_xlsx(bytes)
        || (name.to_lowercase().ends_with(".xlsx") && !bytes.starts_with(b"{"))
}

/// Reads a workbook. The app's own gives the plan inside, to go the way a
/// JSON file goes; any other opens the mapping screen (None).
pub fn open_workbook(state: AppState, name: &str, bytes: &[u8]) -> Option<Loaded> {
    let t = state.texts.get_untracked();
    match plan_xlsx::import(bytes) {
        Imported::Embedded(loaded) => Some(*loaded),
        Imported::NeedsMapping(preview) => {
            let into_current = state.plan.with_untracked(Option::is_some);
            let plan_id = state.with_plan(|p| p.plan.id.clone());
            let remembered = plan_id
                .and_then(|id| storage::xlsx_mapping(&id))
                .filter(|m| preview.sheet(&m.sheet).is_some());
            let mapping =
                remembered.unwrap_or_else(|| plan_xlsx::guess_mapping(&preview.sheets[0]));
            let stem = name.rsplit_once('.').map_or(name, |(s, _)| s).to_string();
            state.xlsx_import.set(Some(XlsxImport {
                name: name.to_string(),
                preview: Arc::new(preview),
                mapping,
                into_current,
                new_title: stem,
            }));
            state.navigate(Route::XlsxImport);
            None
        }
        Imported::Error(e) => {
            let text = match e {
                ReadError::DamagedPlan => t.xlsx_damaged,
                ReadError::NotXlsx(_) | ReadError::Empty => t.xlsx_read_failed,
            };
            state.notify(Notice::Error(text.to_string()));
            None
        }
    }
}

/// The cards the rows give with this mapping (ids made up: a preview).
pub fn apply(
    state: AppState,
    pending: &XlsxImport,
    new_id: &mut dyn FnMut() -> String,
) -> Option<Result<MappingResult, plan_core::gate::Refused>> {
    let sheet = pending.preview.sheet(&pending.mapping.sheet)?;
    let current = state.plan.get_untracked();
    let (year, ..) = state.today;
    let fy = if state.today.1 >= 4 { year } else { year - 1 };
    let plan_id = uuid::Uuid::new_v4().to_string();
    let target = match (&current, pending.into_current) {
        (Some(p), true) => Target::Existing(p),
        _ => Target::New {
            id: &plan_id,
            title: if pending.new_title.trim().is_empty() {
                &pending.name
            } else {
                pending.new_title.trim()
            },
            fallback_year: fy,
        },
    };
    Some(plan_xlsx::apply_mapping(
        sheet,
        &pending.mapping,
        target,
        new_id,
        &now_rfc3339(),
        &state.site.get_value(),
    ))
}

/// Builds the cards and hands the plan to the usual open path: a new plan
/// is added, a plan that is here goes to the merge preview. The mapping is
/// remembered for the plan.
pub fn continue_import(state: AppState) {
    let Some(pending) = state.xlsx_import.get_untracked() else {
        return;
    };
    let t = state.texts.get_untracked();
    let mut new_id = || uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
    match apply(state, &pending, &mut new_id) {
        Some(Ok(result)) => {
            let passed = match plan_core::gate::check(&result.file) {
                Ok(p) => p,
                Err(r) => {
                    state.notify(Notice::Error((t.xlsx_refused)(r.problems.len())));
                    return;
                }
            };
            storage::set_xlsx_mapping(&result.file.plan.id, &pending.mapping);
            state.xlsx_import.set(None);
            state.open_file(pending.name.clone(), passed.text.as_bytes());
        }
        Some(Err(r)) => state.notify(Notice::Error((t.xlsx_refused)(r.problems.len()))),
        None => {}
    }
}

pub fn cancel_import(state: AppState) {
    state.xlsx_import.set(None);
    let route = if state.plan.with_untracked(Option::is_some) {
        Route::Exchange
    } else {
        Route::Start
    };
    state.navigate(route);
}

/// Downloads `file` (the whole plan or a part) as a workbook; `scope` names
/// the part in the file name and `by` the sending department (the plan's
/// first department when not given), stamped like a JSON export.
pub fn export(
    state: AppState,
    file: &PlanFile,
    scope: Option<&str>,
    by: Option<&str>,
    card_sheets: bool,
) {
    let t = state.texts.get_untracked();
    let opts = ExportOptions {
        lang: t.lang,
        card_sheets,
    };
    let now = now_rfc3339();
    let by = by
        .map(str::to_string)
        .or_else(|| file.plan.departments.first().cloned());
    let out = plan_core::export::for_export(file, &now, by.as_deref());
    let result = plan_xlsx::export(&out, &opts).map_err(|e| e.to_string());
    let name = plan_core::export::file_name(&out, scope, &now[..10], "xlsx");
    match result.and_then(|bytes| crate::download::download_bytes(&name, MIME, &bytes)) {
        Ok(()) if scope.is_none() => {
            storage::set_exported_marker(&out.plan.id, &crate::state::change_marker(file));
        }
        Ok(()) => {}
        Err(e) => state.notify(Notice::Error(format!("{} ({e})", t.export_failed))),
    }
}
