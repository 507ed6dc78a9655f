//! Excel workbooks in the app: export through `plan-xlsx` and a download,
//! import either straight through (the app's own workbook) or through the
//! column-mapping screen.

use std::sync::Arc;

use leptos::prelude::*;
use plan_core::PlanFile;
use plan_xlsx::{Mapping, MappingResult, Target, Workbook, WorkbookPreview};

use crate::clock_adapter::now_rfc3339;
use crate::route::Route;
use crate::state::{AppState, Message, Notice, Task};
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

/// Reads a workbook in the worker. The app's own gives the plan inside,
/// which goes on the way a JSON file goes; any other opens the mapping
/// screen.
pub fn open_workbook(state: AppState, name: String, bytes: &[u8]) {
    let job = crate::worker::Job::ReadWorkbook;
    state.run_job(&job, Some(bytes), Task::ReadWorkbook, move |done, _| {
        let crate::worker::Done::Workbook(book) = done else {
            return;
        };
        match book {
            // JSON text now: `open_file` reads it like a plan file.
            Workbook::Plan(text) => state.open_file(name, text.as_bytes()),
            Workbook::Cells(preview) => show_mapping(state, name, preview),
        }
    });
}

fn show_mapping(state: AppState, name: String, preview: WorkbookPreview) {
    let into_current = state.doc.plan.with_untracked(Option::is_some);
    let plan_id = state.doc.with_plan(|p| p.plan.id.clone());
    let remembered = plan_id
        .and_then(|id| storage::xlsx_mapping(&id))
        .filter(|m| preview.sheet(&m.sheet).is_some());
    let mapping = remembered.unwrap_or_else(|| plan_xlsx::guess_mapping(&preview.sheets[0]));
    let stem = name
        .rsplit_once('.')
        .map_or(name.as_str(), |(s, _)| s)
        .to_string();
    state.import.xlsx_import.set(Some(XlsxImport {
        name,
        preview: Arc::new(preview),
        mapping,
        into_current,
        new_title: stem,
    }));
    state.navigate(Route::XlsxImport);
}

/// The cards the rows give with this mapping (ids made up: a preview).
pub fn apply(
    state: AppState,
    pending: &XlsxImport,
    new_id: &mut dyn FnMut() -> String,
) -> Option<Result<MappingResult, plan_core::gate::Refused>> {
    let sheet = pending.preview.sheet(&pending.mapping.sheet)?;
    let current = state.doc.plan.get_untracked();
    let (year, ..) = state.ui.today;
    let fy = if state.ui.today.1 >= 4 {
        year
    } else {
        year - 1
    };
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
        &state.doc.site.get_value(),
    ))
}

/// Builds the cards and hands the plan to the usual open path: a new plan
/// is added, a plan that is here goes to the merge preview. The mapping is
/// remembered for the plan once the import is carried out: now for a new
/// plan that was added, at confirm for the merge preview (a cancelled
/// import changes nothing stored).
pub fn continue_import(state: AppState) {
    let Some(pending) = state.import.xlsx_import.get_untracked() else {
        return;
    };
    let mut new_id = || uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
    match apply(state, &pending, &mut new_id) {
        Some(Ok(result)) => {
            let passed = match plan_core::gate::check(&result.file) {
                Ok(p) => p,
                Err(r) => {
                    state.notify(Notice::Error(Message::XlsxRefused(r.problems.len())));
                    return;
                }
            };
            let id = result.file.plan.id.clone();
            let is_here = |state: AppState| {
                state
                    .doc
                    .plans
                    .with_untracked(|ps| ps.iter().any(|p| p.id == id))
            };
            let was_here = is_here(state);
            state.import.xlsx_import.set(None);
            state.open_file(pending.name.clone(), passed.text.as_bytes());
            if was_here {
                // The merge preview (if it opened) stores it at confirm.
                state.import.pending_import.update(|p| {
                    if let Some(p) = p
                        .as_mut()
                        .filter(|p| p.incoming.plan.id == id && p.name == pending.name)
                    {
                        p.xlsx_mapping = Some(pending.mapping.clone());
                    }
                });
            } else if is_here(state) {
                storage::set_xlsx_mapping(&id, &pending.mapping);
            }
        }
        Some(Err(r)) => state.notify(Notice::Error(Message::XlsxRefused(r.problems.len()))),
        None => {}
    }
}

pub fn cancel_import(state: AppState) {
    state.import.xlsx_import.set(None);
    let route = if state.doc.plan.with_untracked(Option::is_some) {
        Route::Exchange
    } else {
        Route::Start
    };
    state.navigate(route);
}

/// Downloads `file` (the whole plan or a part) as a workbook, written by
/// the worker; `scope` names the part in the file name and `by` the
/// sending department (the plan's first department when not given),
/// stamped like a JSON export.
pub fn export(
    state: AppState,
    file: &PlanFile,
    scope: Option<&str>,
    by: Option<&str>,
    card_sheets: bool,
) {
    let t = state.texts_now();
    let now = now_rfc3339();
    let by = by
        .map(str::to_string)
        .or_else(|| file.plan.departments.first().cloned());
    let out = plan_core::export::for_export(file, &now, by.as_deref());
    // The workbook carries the plan: only what loads back is written.
    let passed = match crate::gate::check(&out) {
        Ok(p) => p,
        Err(r) => {
            state.notify(Notice::Error(Message::ExportRefused(r.problems.len())));
            return;
        }
    };
    let name = plan_core::export::file_name(&out, scope, &now[..10], "xlsx");
    let whole = scope
        .is_none()
        .then(|| (out.plan.id.clone(), crate::state::change_marker(file)));
    let job = crate::worker::Job::WriteWorkbook {
        plan: passed.text,
        lang: t.lang,
        card_sheets,
    };
    state.run_job(
        &job,
        None,
        Task::Export,
        move |_, bytes| match crate::download::download_bytes(&name, MIME, &bytes) {
            Ok(()) => {
                if let Some((id, marker)) = whole {
                    storage::set_exported_marker(&id, &marker);
                }
            }
            Err(error) => state.notify(Notice::Error(Message::Browser {
                task: Task::Export,
                error,
            })),
        },
    );
}
