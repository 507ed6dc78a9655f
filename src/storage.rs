//! localStorage adapter. Every key starts with `shinchoku.v1.` because all
//! file:// pages of a browser share one store.
//!
//! A stored value that fails to load is never overwritten: its key is
//! blocked for writing, and a copy is kept aside under `…kept.…`.

use gloo_storage::{LocalStorage, Storage};
use plan_core::{PlanFile, Problem};
use wasm_bindgen::JsCast;

pub const PREFIX: &str = "shinchoku.v1.";
const PLAN_PREFIX: &str = "shinchoku.v1.plan.";
const KEPT_PREFIX: &str = "shinchoku.v1.kept.";
const CURRENT_KEY: &str = "shinchoku.v1.current";
const SITE_KEY: &str = "shinchoku.v1.site";
const LANG_KEY: &str = "shinchoku.v1.lang";
const SNAP_PREFIX: &str = "shinchoku.v1.snap.";
const EXPORTED_PREFIX: &str = "shinchoku.v1.exported.";
const IMPORTS_PREFIX: &str = "shinchoku.v1.imports.";
const VIEWS_PREFIX: &str = "shinchoku.v1.views.";
/// Daily snapshots kept per plan.
pub const SNAPSHOTS_KEPT: usize = 7;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("localStorage is not available")]
    Unavailable,
    #[error("the stored value at {0} could not be read; it is not overwritten")]
    Blocked(String),
    #[error("the browser's storage is full")]
    Quota,
    #[error("writing failed: {0}")]
    Write(String),
}

/// A stored plan that could not be read: its key, its problems, and where a
/// copy of the raw text was kept.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub key: String,
    pub raw: String,
    pub problems: Vec<Problem>,
    pub kept_as: Option<String>,
}

/// What the store holds at start-up.
#[derive(Debug, Default)]
pub struct Loaded {
    pub plans: Vec<PlanFile>,
    pub unreadable: Vec<Unreadable>,
}

pub fn plan_key(plan_id: &str) -> String {
    format!("{PLAN_PREFIX}{plan_id}")
}

fn raw() -> Result<web_sys::Storage, StoreError> {
    // gloo's `raw()` panics when storage is missing; check first.
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or(StoreError::Unavailable)
}

fn keys(storage: &web_sys::Storage) -> Vec<String> {
    let n = storage.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect()
}

/// Reads every stored plan. Unreadable ones are reported and copied aside
/// (once), never changed.
pub fn load_all() -> Loaded {
    let Ok(storage) = raw() else {
        return Loaded::default();
    };
    let mut out = Loaded::default();
    let mut plan_keys: Vec<String> = keys(&storage)
        .into_iter()
        .filter(|k| k.starts_with(PLAN_PREFIX))
        .collect();
    plan_keys.sort();
    for key in plan_keys {
        let Some(text) = storage.get_item(&key).ok().flatten() else {
            continue;
        };
        let loaded = plan_core::load_str(&text);
        match loaded.file {
            Some(file) => out.plans.push(file),
            None => {
                let kept = format!("{KEPT_PREFIX}{}", &key[PLAN_PREFIX.len()..]);
                let already = storage.get_item(&kept).ok().flatten();
                let kept_as = match already {
                    Some(ref v) if v == &text => Some(kept),
                    // A different older copy is there: leave both alone.
                    Some(_) => None,
                    None => storage.set_item(&kept, &text).ok().map(|_| kept),
                };
                out.unreadable.push(Unreadable {
                    key,
                    raw: text,
                    problems: loaded.problems,
                    kept_as,
                });
            }
        }
    }
    out
}

/// Saves a plan under its id, unless that key holds a value we could not
/// read (`blocked`).
pub fn save_plan(file: &PlanFile, blocked: &[String]) -> Result<(), StoreError> {
    let key = plan_key(&file.plan.id);
    if blocked.contains(&key) {
        return Err(StoreError::Blocked(key));
    }
    let text = serde_json::to_string(file).map_err(|e| StoreError::Write(e.to_string()))?;
    set(&key, &text)
}

/// One write; a full store is told apart from other failures. A failed
/// `setItem` leaves the old value in place.
fn set(key: &str, text: &str) -> Result<(), StoreError> {
    raw()?.set_item(key, text).map_err(|e| {
        let quota = e
            .dyn_ref::<web_sys::DomException>()
            .is_some_and(|d| d.name() == "QuotaExceededError" || d.code() == 22);
        if quota {
            StoreError::Quota
        } else {
            StoreError::Write(format!("{e:?}"))
        }
    })
}

/// The stored text of a plan, as it is now (another tab may have written it).
pub fn read_plan_raw(plan_id: &str) -> Option<String> {
    raw().ok()?.get_item(&plan_key(plan_id)).ok().flatten()
}

/// Removes a plan with its snapshots and export marker.
pub fn delete_plan(plan_id: &str) {
    let Ok(storage) = raw() else { return };
    let snap = format!("{SNAP_PREFIX}{plan_id}.");
    for k in keys(&storage) {
        if k == plan_key(plan_id)
            || k.starts_with(&snap)
            || k == format!("{EXPORTED_PREFIX}{plan_id}")
        {
            let _ = storage.remove_item(&k);
        }
    }
}

/// Keeps one snapshot a day (taken at the day's first save, of the plan as
/// it stood before it), the last `SNAPSHOTS_KEPT` days. A full store skips
/// the snapshot, never the save.
pub fn snapshot_if_new_day(file: &PlanFile, today: &str) {
    let Ok(storage) = raw() else { return };
    let key = format!("{SNAP_PREFIX}{}.{today}", file.plan.id);
    if storage.get_item(&key).ok().flatten().is_some() {
        return;
    }
    let Ok(text) = serde_json::to_string(file) else {
        return;
    };
    if storage.set_item(&key, &text).is_err() {
        return;
    }
    let list = snapshots(&file.plan.id);
    for (_, old) in list.iter().skip(SNAPSHOTS_KEPT) {
        let _ = storage.remove_item(old);
    }
}

/// (date, key) of a plan's snapshots, newest first.
pub fn snapshots(plan_id: &str) -> Vec<(String, String)> {
    let Ok(storage) = raw() else {
        return Vec::new();
    };
    let prefix = format!("{SNAP_PREFIX}{plan_id}.");
    let mut list: Vec<(String, String)> = keys(&storage)
        .into_iter()
        .filter_map(|k| k.strip_prefix(&prefix).map(|d| (d.to_string(), k.clone())))
        .collect();
    list.sort_by(|a, b| b.0.cmp(&a.0));
    list
}

pub fn load_snapshot(key: &str) -> Option<PlanFile> {
    let text = raw().ok()?.get_item(key).ok().flatten()?;
    plan_core::load_str(&text).file
}

/// Remembers what the plan looked like when last exported or imported, so
/// leaving the page warns only when there is something not yet sent.
pub fn set_exported_marker(plan_id: &str, marker: &str) {
    let _ = set(&format!("{EXPORTED_PREFIX}{plan_id}"), marker);
}

pub fn exported_marker(plan_id: &str) -> Option<String> {
    raw()
        .ok()?
        .get_item(&format!("{EXPORTED_PREFIX}{plan_id}"))
        .ok()
        .flatten()
}

/// One file imported into a plan: who sent it, when, and what it changed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ImportRecord {
    /// When it was imported here (RFC 3339).
    pub at: String,
    pub file_name: String,
    /// `exported_by` of the file: normally the sending department.
    pub exported_by: Option<String>,
    pub exported_at: Option<String>,
    pub added: usize,
    pub updated: usize,
    pub conflicts: usize,
}

/// The import history of a plan, oldest first. An unreadable history is
/// treated as empty (it is a convenience record, not plan data).
pub fn imports(plan_id: &str) -> Vec<ImportRecord> {
    raw()
        .ok()
        .and_then(|s| {
            s.get_item(&format!("{IMPORTS_PREFIX}{plan_id}"))
                .ok()
                .flatten()
        })
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

pub fn add_import(plan_id: &str, record: ImportRecord) -> Result<(), StoreError> {
    let mut list = imports(plan_id);
    list.push(record);
    let text = serde_json::to_string(&list).map_err(|e| StoreError::Write(e.to_string()))?;
    set(&format!("{IMPORTS_PREFIX}{plan_id}"), &text)
}

/// Named list views of a plan: (name, filter query), in saved order.
pub fn saved_views(plan_id: &str) -> Vec<(String, String)> {
    read_raw(&format!("{VIEWS_PREFIX}{plan_id}"))
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// Saves (or replaces) a named view. A full store only loses the view.
pub fn save_view(plan_id: &str, name: &str, query: &str) {
    let mut views = saved_views(plan_id);
    views.retain(|(n, _)| n != name);
    views.push((name.to_string(), query.to_string()));
    if let Ok(text) = serde_json::to_string(&views) {
        let _ = set(&format!("{VIEWS_PREFIX}{plan_id}"), &text);
    }
}

pub fn delete_view(plan_id: &str, name: &str) {
    let mut views = saved_views(plan_id);
    views.retain(|(n, _)| n != name);
    if let Ok(text) = serde_json::to_string(&views) {
        let _ = set(&format!("{VIEWS_PREFIX}{plan_id}"), &text);
    }
}

/// Reads a raw value (for downloading what could not be read).
pub fn read_raw(key: &str) -> Option<String> {
    raw().ok()?.get_item(key).ok().flatten()
}

/// The chosen language ("ja" or "en"), remembered across visits.
pub fn language() -> Option<String> {
    LocalStorage::get::<String>(LANG_KEY).ok()
}

pub fn set_language(lang: &str) {
    let _ = LocalStorage::set(LANG_KEY, lang);
}

pub fn current_plan_id() -> Option<String> {
    LocalStorage::get::<String>(CURRENT_KEY).ok()
}

pub fn set_current_plan_id(id: &str) {
    // Losing the "current" pointer only costs a click; ignore failure.
    let _ = LocalStorage::set(CURRENT_KEY, id);
}

/// This browser profile's site id for version clocks, made once and kept.
pub fn site_id() -> String {
    if let Ok(id) = LocalStorage::get::<String>(SITE_KEY)
        && !id.is_empty()
    {
        return id;
    }
    let id = uuid::Uuid::new_v4().simple().to_string()[..8].to_string();
    let _ = LocalStorage::set(SITE_KEY, &id);
    id
}
