//! The storage adapter: the one door to the browser's localStorage (through
//! gloo-storage), for plans and settings alike. Every key starts with
//! `shinchoku.v1.` because all file:// pages of a browser share one store.
//!
//! - Storage is probed once before first use. When the browser refuses it
//!   (site data blocked, a sandboxed frame), the app runs on an in-memory
//!   map instead: everything works, nothing outlives the page.
//! - A stored value that fails to load is never overwritten: its key is
//!   blocked for writing, and a copy is kept aside under `…kept.…`.
//! - The plan always wins over its copies: when a plan write meets a full
//!   store, the oldest snapshots (then kept copies the user has already
//!   downloaded) are dropped and the write retried; the listener set with
//!   [`on_dropped`] hears what went.
//! - A plan is stored one value per card with a manifest written last
//!   (`plan_core::stored`): a save writes the cards that changed, so a tick
//!   in a 1,000-card plan writes a few kilobytes, not 2 MB, and another
//!   tab never reads half a plan. A plan stored whole (by an earlier
//!   version, or another tab of one) is read as before and takes the
//!   per-card form at its next save.
//! - Snapshots are stored compactly: per plan one key holding, for each
//!   snapshot, the plan header, the card order and only the cards that
//!   differ from the plan as stored now. Every plan write keeps them so.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxHashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use gloo_storage::{LocalStorage, Storage};
use plan_core::stored::{Known, Manifest, Size, StoredValue, generation_of, plan_writes};
use plan_core::{Card, PlanFile, Problem, ProblemKind, same_card};
use wasm_bindgen::JsCast;

pub const PREFIX: &str = "shinchoku.v1.";
const PLAN_PREFIX: &str = "shinchoku.v1.plan.";
const KEPT_PREFIX: &str = "shinchoku.v1.kept.";
/// One card of a stored plan: `card.<name>`, named by its plan's manifest.
/// The name starts with the time it was written (hex milliseconds), so a
/// value no manifest names is removed only once it is old (a save in
/// another tab may be writing its manifest this very moment).
const CARD_PREFIX: &str = "shinchoku.v1.card.";
/// How old a card value nobody names must be before it is removed at start.
const ORPHAN_AGE_MS: f64 = 60.0 * 60.0 * 1000.0;
/// How long a card value a save stopped naming is kept (see
/// `remove_unnamed_later`).
const REMOVE_AFTER_MS: f64 = 2_000.0;
const CURRENT_KEY: &str = "shinchoku.v1.current";
const SITE_KEY: &str = "shinchoku.v1.site";
const LANG_KEY: &str = "shinchoku.v1.lang";
/// Old form: one full copy per key, `snap.<plan id>.<date>`. Read once and
/// turned into the compact form.
const OLD_SNAP_PREFIX: &str = "shinchoku.v1.snap.";
/// Compact form: one key per plan, `snaps.<plan id>` (the whole rest of the
/// key is the id, so ids `a` and `a.b` cannot meet).
const SNAPS_PREFIX: &str = "shinchoku.v1.snaps.";
const EXPORTED_PREFIX: &str = "shinchoku.v1.exported.";
const IMPORTS_PREFIX: &str = "shinchoku.v1.imports.";
const VIEWS_PREFIX: &str = "shinchoku.v1.views.";
const XLSX_MAPPING_PREFIX: &str = "shinchoku.v1.xlsx-mapping.";
/// Kept copies (of unreadable values) the user has downloaded: the first
/// thing after snapshots that may go when room is needed.
const DOWNLOADED_KEY: &str = "shinchoku.v1.kept-downloaded";
const PROBE_KEY: &str = "shinchoku.v1.probe";
/// Test-only: a whole number of days added to the clock (see clock_adapter).
pub const TEST_DAY_OFFSET_KEY: &str = "shinchoku.v1.test.day-offset";
/// Daily snapshots kept per plan.
pub const SNAPSHOTS_KEPT: usize = 7;
/// Snapshots taken before an import, kept per plan.
pub const IMPORT_SNAPSHOTS_KEPT: usize = 5;
/// What Chromium-based browsers allow one site: 10 MiB, counting a
/// Latin-1 string one byte a character and any other two.
pub const CAPACITY_ESTIMATE: u64 = 10 * 1024 * 1024;

/// Why a write did not happen. `Display` is for logs; the app says it
/// from the catalogue (`notice::store_error`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StoreError {
    #[error("localStorage is not available")]
    Unavailable,
    #[error("the stored value at {0} could not be read; it is not overwritten")]
    Blocked(String),
    #[error("the browser's storage is full")]
    Quota,
    #[error("writing failed: {0}")]
    Write(String),
    /// The gate refused the plan: it would not load back.
    #[error("{0}")]
    Refused(plan_core::gate::Refused),
}

/// Where the data lives for this page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The browser's localStorage.
    Browser,
    /// The browser refused storage: an in-memory map, gone with the page.
    Memory,
}

/// A copy given up to make room for a plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Dropped {
    /// A snapshot of plan `title` from `date` (before an import when
    /// `before_import` names the file).
    Snapshot {
        title: String,
        date: String,
        before_import: Option<String>,
    },
    /// A kept copy of an unreadable value, already downloaded by the user.
    KeptCopy { key: String },
}

type DropListener = Box<dyn Fn(Vec<Dropped>)>;

thread_local! {
    static MODE: Cell<Option<Mode>> = const { Cell::new(None) };
    static MEMORY: RefCell<BTreeMap<String, String>> = const { RefCell::new(BTreeMap::new()) };
    static DROP_LISTENER: RefCell<Option<DropListener>> = const { RefCell::new(None) };
    /// Hash of a whole plan text this page last read, by key: a save finds
    /// out whether another tab wrote meanwhile without parsing (or keeping
    /// a copy of) a 2 MB plan.
    static LAST_TEXT: RefCell<BTreeMap<String, u64>> = const { RefCell::new(BTreeMap::new()) };
    /// What this page last wrote or read under a plan key in the per-card
    /// form: the manifest's generation (another tab's write has another)
    /// and which card text is stored under which name (not written again).
    static KNOWN: RefCell<BTreeMap<String, Known>> = const { RefCell::new(BTreeMap::new()) };
    /// Another tab's version, read by a save that then merged it: its card
    /// names serve the save that writes the merge.
    static SEEN: RefCell<BTreeMap<String, Known>> = const { RefCell::new(BTreeMap::new()) };
    /// Plan keys whose plan stays stored whole: it was stored so and the
    /// per-card form did not fit beside it (see `save_plan`).
    static WHOLE_ONLY: RefCell<std::collections::BTreeSet<String>> = const { RefCell::new(std::collections::BTreeSet::new()) };
    /// Card values no longer named, to remove at a later save: (plan key,
    /// card name, when it stopped being named).
    static PENDING: RefCell<Vec<(String, String, f64)>> = const { RefCell::new(Vec::new()) };
    /// The size of the last plan a full store refused (key, bytes).
    static LAST_REFUSED: RefCell<Option<(String, u64)>> = const { RefCell::new(None) };
}

/// Whether the browser lets this page keep data. Probed once: reading
/// `window.localStorage` throws when site data is blocked, and gloo's
/// `raw()` would panic, so the probe uses web-sys and a test write.
pub fn mode() -> Mode {
    if let Some(m) = MODE.get() {
        return m;
    }
    let m = if probe() { Mode::Browser } else { Mode::Memory };
    MODE.set(Some(m));
    m
}

fn probe() -> bool {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return false;
    };
    match storage.set_item(PROBE_KEY, "1") {
        Ok(()) => storage.remove_item(PROBE_KEY).is_ok(),
        // A full store is still a store: reading works and writes may again.
        Err(e) => is_quota(&e),
    }
}

/// Hears what was dropped to make room (once per write that dropped any).
pub fn on_dropped(listener: impl Fn(Vec<Dropped>) + 'static) {
    DROP_LISTENER.with_borrow_mut(|l| *l = Some(Box::new(listener)));
}

fn tell_dropped(dropped: Vec<Dropped>) {
    if dropped.is_empty() {
        return;
    }
    DROP_LISTENER.with_borrow(|l| {
        if let Some(f) = l {
            f(dropped);
        }
    });
}

// ------------------------------------------------------------ primitives

fn is_quota(e: &wasm_bindgen::JsValue) -> bool {
    e.dyn_ref::<web_sys::DomException>()
        .is_some_and(|d| d.name() == "QuotaExceededError" || d.code() == 22)
}

/// The browser's store, asked of the window once: `window.localStorage`
/// is a call into the browser each time (a save reads and writes a few
/// keys). Only in `Mode::Browser`, where the probe found it.
fn raw() -> web_sys::Storage {
    thread_local! {
        static RAW: std::cell::OnceCell<web_sys::Storage> = const { std::cell::OnceCell::new() };
    }
    RAW.with(|r| r.get_or_init(LocalStorage::raw).clone())
}

fn get(key: &str) -> Option<String> {
    match mode() {
        Mode::Browser => raw().get_item(key).ok().flatten(),
        Mode::Memory => MEMORY.with_borrow(|m| m.get(key).cloned()),
    }
}

/// One write; a full store is told apart from other failures. A failed
/// `setItem` leaves the old value in place.
fn set(key: &str, text: &str) -> Result<(), StoreError> {
    match mode() {
        Mode::Browser => raw().set_item(key, text).map_err(|e| {
            if is_quota(&e) {
                StoreError::Quota
            } else {
                StoreError::Write(format!("{e:?}"))
            }
        }),
        Mode::Memory => {
            MEMORY.with_borrow_mut(|m| m.insert(key.to_string(), text.to_string()));
            Ok(())
        }
    }
}

fn remove(key: &str) {
    match mode() {
        Mode::Browser => {
            let _ = raw().remove_item(key);
        }
        Mode::Memory => {
            MEMORY.with_borrow_mut(|m| m.remove(key));
        }
    }
}

fn keys() -> Vec<String> {
    match mode() {
        Mode::Browser => {
            let storage = raw();
            let n = storage.length().unwrap_or(0);
            (0..n)
                .filter_map(|i| storage.key(i).ok().flatten())
                .collect()
        }
        Mode::Memory => MEMORY.with_borrow(|m| m.keys().cloned().collect()),
    }
}

fn get_json<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    match mode() {
        Mode::Browser => LocalStorage::get::<T>(key).ok(),
        Mode::Memory => get(key).and_then(|t| serde_json::from_str(&t).ok()),
    }
}

fn set_json<T: serde::Serialize>(key: &str, value: &T) -> Result<(), StoreError> {
    let text = serde_json::to_string(value).map_err(|e| StoreError::Write(e.to_string()))?;
    match mode() {
        Mode::Browser => LocalStorage::set(key, value).map_err(|e| match e {
            gloo_storage::errors::StorageError::JsError(j) if j.name == "QuotaExceededError" => {
                StoreError::Quota
            }
            other => StoreError::Write(other.to_string()),
        }),
        Mode::Memory => set(key, &text),
    }
}

/// A fast hash of a stored text (FxHash: a 2 MB plan in a few ms, where
/// SipHash took a tenth of a save). Only this page's own texts are
/// compared with it, so no one chooses the input.
fn hash(text: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    text.hash(&mut h);
    h.finish()
}

/// What the browser counts for a string (Chromium: Latin-1 one byte a
/// character, anything else two per UTF-16 unit).
pub fn stored_size(text: &str) -> u64 {
    Size::of(text).bytes()
}

// ----------------------------------------------------------------- plans

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

/// Reads every stored plan. Unreadable ones are reported and copied aside
/// (once), never changed. Snapshots in the old full-copy form are turned
/// into the compact form.
pub fn load_all() -> Loaded {
    let mut out = Loaded::default();
    let all = keys();
    // A probe left by a page closed mid-write is not data.
    if all.iter().any(|k| k == PROBE_KEY) {
        remove(PROBE_KEY);
    }
    let mut plan_keys: Vec<&String> = all.iter().filter(|k| k.starts_with(PLAN_PREFIX)).collect();
    plan_keys.sort();
    let mut named = rustc_hash::FxHashSet::default();
    for key in plan_keys {
        let Some(value) = read_plan_value(key) else {
            continue;
        };
        let (text, loaded) = match value {
            PlanValue::Cards { text, known, names } => {
                named.extend(names);
                let loaded = plan_core::load_str(&text);
                if loaded.file.is_some() {
                    KNOWN.with_borrow_mut(|k| k.insert(key.clone(), known));
                }
                (text, loaded)
            }
            PlanValue::Whole(text) => {
                let loaded = plan_core::load_str(&text);
                if loaded.file.is_some() {
                    LAST_TEXT.with_borrow_mut(|l| l.insert(key.clone(), hash(&text)));
                }
                (text, loaded)
            }
            // A card value is gone (removed by hand?): the manifest is
            // what there is to keep and show.
            PlanValue::Broken { raw, names, .. } => {
                named.extend(names);
                let loaded = plan_core::Loaded {
                    file: None,
                    problems: vec![Problem::error("cards", ProblemKind::Missing)],
                };
                (raw, loaded)
            }
        };
        match loaded.file {
            Some(file) => out.plans.push(file),
            None => {
                let kept = format!("{KEPT_PREFIX}{}", &key[PLAN_PREFIX.len()..]);
                let kept_as = match get(&kept) {
                    Some(ref v) if v == &text => Some(kept),
                    // A different older copy is there: leave both alone.
                    Some(_) => None,
                    None => set(&kept, &text).ok().map(|_| kept),
                };
                out.unreadable.push(Unreadable {
                    key: key.clone(),
                    raw: text,
                    problems: loaded.problems,
                    kept_as,
                });
            }
        }
    }
    migrate_old_snapshots(&all, &out.plans);
    remove_orphan_cards(&all, &named);
    out
}

/// What a plan key holds, read.
enum PlanValue {
    /// A manifest and its cards: the plan's text, what to remember of it,
    /// and the card names.
    Cards {
        text: String,
        known: Known,
        names: Vec<String>,
    },
    /// A whole plan text (the form before, or written by hand).
    Whole(String),
    /// A manifest naming a card value that is not there.
    Broken { raw: String, names: Vec<String> },
}

fn card_key(name: &str) -> String {
    format!("{CARD_PREFIX}{name}")
}

fn read_plan_value(key: &str) -> Option<PlanValue> {
    let raw = get(key)?;
    Some(match StoredValue::parse(raw) {
        StoredValue::Whole(text) => PlanValue::Whole(text),
        StoredValue::Manifest(m) => match m.assemble(|n| get(&card_key(n))) {
            Ok((text, texts)) => PlanValue::Cards {
                text,
                known: Known::of(&m, &texts),
                names: m.cards,
            },
            Err(_) => PlanValue::Broken {
                raw: m.to_text(),
                names: m.cards,
            },
        },
    })
}

/// The manifest stored under a plan key, if the plan is in that form.
fn read_manifest(key: &str) -> Option<Manifest> {
    StoredValue::parse(get(key)?).manifest()
}

/// Removes the card values the manifest under `key` names (the plan is
/// going away or has just been stored under another key).
fn remove_plan_cards(key: &str) {
    if let Some(m) = read_manifest(key) {
        for name in &m.cards {
            remove(&card_key(name));
        }
    }
}

/// The text of the plan stored under `key`: what the loader reads (for a
/// manifest whose cards are not all there, the manifest itself).
fn plan_text(key: &str) -> Option<String> {
    Some(match read_plan_value(key)? {
        PlanValue::Cards { text, .. } | PlanValue::Whole(text) => text,
        PlanValue::Broken { raw, .. } => raw,
    })
}

/// Removes card values no manifest names, once they are old: left by a
/// save that stopped half way (page closed, store full).
fn remove_orphan_cards(all: &[String], named: &rustc_hash::FxHashSet<String>) {
    let now = js_sys::Date::now();
    for key in all {
        let Some(name) = key.strip_prefix(CARD_PREFIX) else {
            continue;
        };
        let written = name
            .split('-')
            .next()
            .and_then(|t| u64::from_str_radix(t, 16).ok());
        let old = written.is_none_or(|t| now - t as f64 > ORPHAN_AGE_MS);
        if old && !named.contains(name) {
            remove(key);
        }
    }
}

/// Card values a save's manifest no longer names are removed at a later
/// save, once `REMOVE_AFTER_MS` have passed and if the manifest stored then
/// does not name them: a tab that saved at the same moment from the plan
/// as it was (its view of the store a few milliseconds old) may have
/// written a manifest that still names them, and that manifest must stay
/// whole. What a closed page leaves is removed at a later start.
fn remove_unnamed_later(key: &str, manifest: &Manifest, removed: Vec<String>) {
    let now = js_sys::Date::now();
    let due = PENDING.with_borrow_mut(|p| {
        let (due, keep): (Vec<_>, Vec<_>) = std::mem::take(p)
            .into_iter()
            .partition(|(k, _, at)| k == key && now - at >= REMOVE_AFTER_MS);
        *p = keep;
        p.extend(removed.into_iter().map(|n| (key.to_string(), n, now)));
        due
    });
    if due.is_empty() {
        return;
    }
    let named: rustc_hash::FxHashSet<&str> = manifest.cards.iter().map(String::as_str).collect();
    for (_, name, _) in due {
        if !named.contains(name.as_str()) {
            remove(&card_key(&name));
        }
    }
}

/// Writes a plan the gate passed as one whole text under `key` (the form
/// before per-card storage), for a plan that cannot take the per-card form
/// in the room there is.
fn write_whole(key: &str, parts: &plan_core::gate::PassedParts) -> Result<(), StoreError> {
    let text = parts.text();
    let mut dropped = Vec::new();
    let result = set_making_room(key, &text, &mut dropped);
    tell_dropped(dropped);
    result?;
    KNOWN.with_borrow_mut(|k| k.remove(key));
    SEEN.with_borrow_mut(|s| s.remove(key));
    LAST_TEXT.with_borrow_mut(|l| l.insert(key.to_string(), hash(&text)));
    Ok(())
}

/// A name no card value has: the time, then 48 random bits.
fn new_card_name() -> String {
    let random = uuid::Uuid::new_v4().simple().to_string();
    format!("{:x}-{}", js_sys::Date::now() as u64, &random[..12])
}

/// One write; when the store is full, copies are dropped (and listed in
/// `dropped`) until it fits or none is left.
fn set_making_room(key: &str, text: &str, dropped: &mut Vec<Dropped>) -> Result<(), StoreError> {
    loop {
        match set(key, text) {
            Err(StoreError::Quota) => match drop_one_copy() {
                Some(d) => dropped.push(d),
                None => return Err(StoreError::Quota),
            },
            other => return other,
        }
    }
}

/// Writes a plan the gate passed under `key` in the per-card form: the
/// cards not stored yet, then the manifest, then the values the manifest
/// no longer names. When a write fails, what this save wrote is taken
/// back and the plan stored before stays whole.
fn write_parts(key: &str, parts: &plan_core::gate::PassedParts) -> Result<(), StoreError> {
    let raw = get(key);
    // What this page knows of the stored manifest serves only if it is that
    // manifest (same generation): then no name it gives has been removed.
    let stored_generation = raw.as_deref().and_then(generation_of).map(str::to_string);
    let same = |k: &Known| Some(k.generation()) == stored_generation.as_deref();
    let known = KNOWN
        .with_borrow_mut(|k| k.remove(key))
        .filter(same)
        .or_else(|| SEEN.with_borrow_mut(|s| s.remove(key)).filter(same));
    let read = match &known {
        Some(_) => None,
        None => raw.and_then(|t| StoredValue::parse(t).manifest()),
    };
    let now = known.as_ref().map(|k| &k.manifest).or(read.as_ref());
    let generation = uuid::Uuid::new_v4().simple().to_string()[..16].to_string();
    let w = plan_writes(parts, now, known.as_ref(), generation, new_card_name);
    let mut dropped = Vec::new();
    let mut written = Vec::new();
    let mut result = Ok(());
    for (name, text) in &w.cards {
        result = set_making_room(&card_key(name), text, &mut dropped);
        if result.is_err() {
            break;
        }
        written.push(name);
    }
    if result.is_ok() {
        result = set_making_room(key, &w.manifest().to_text(), &mut dropped);
    }
    tell_dropped(dropped);
    if let Err(e) = result {
        for name in written {
            remove(&card_key(name));
        }
        if let Some(k) = known {
            KNOWN.with_borrow_mut(|m| m.insert(key.to_string(), k));
        }
        return Err(e);
    }
    remove_unnamed_later(key, &w.known.manifest, w.removed);
    KNOWN.with_borrow_mut(|k| k.insert(key.to_string(), w.known));
    SEEN.with_borrow_mut(|s| s.remove(key));
    LAST_TEXT.with_borrow_mut(|l| l.remove(key));
    Ok(())
}

/// Saves a plan under its id, unless that key holds a value we could not
/// read (`blocked`). The plan passes the one gate first (saved means
/// loadable): a plan the loader would refuse is never written, and the text
/// written is the very text the gate checked. When the store is full,
/// copies make room (see the module comment).
///
/// `stored` is the plan as stored now when the caller knows it (a save
/// has just compared with it); otherwise it is read, if snapshots need it.
pub fn save_plan(
    file: &PlanFile,
    blocked: &[String],
    stored: Option<&PlanFile>,
) -> Result<(), StoreError> {
    let key = plan_key(&file.plan.id);
    if blocked.contains(&key) {
        return Err(StoreError::Blocked(key));
    }
    let parts = crate::gate::check_parts(file).map_err(StoreError::Refused)?;
    // Only needed to keep snapshots current.
    let read;
    let before = match stored {
        Some(s) => Some(s),
        None => {
            read = get(&snaps_key(&file.plan.id))
                .is_some()
                .then(|| stored_plan(&file.plan.id))
                .flatten();
            read.as_ref()
        }
    };
    // More than the browser allows in all: no copy dropped could make room,
    // so none is dropped and the write is not tried (a refused 20 MB write
    // alone is a long freeze).
    // Counting is a walk through the text: only when it may not fit (a
    // string takes at most two bytes per UTF-8 byte).
    let at_most = 2 * (parts.len() + key.len()) as u64;
    // The sizes of the pieces were counted when the gate made them.
    let exact_size = || parts.size().bytes() + stored_size(&key);
    let size = if at_most > CAPACITY_ESTIMATE {
        exact_size()
    } else {
        at_most
    };
    if mode() == Mode::Browser && size > CAPACITY_ESTIMATE {
        LAST_REFUSED.with_borrow_mut(|l| *l = Some((key, size)));
        return Err(StoreError::Quota);
    }
    let result = if WHOLE_ONLY.with_borrow(|w| w.contains(&key)) {
        write_whole(&key, &parts)
    } else {
        match write_parts(&key, &parts) {
            // A plan stored whole that nearly fills the store cannot be
            // written again card by card while its whole text is still
            // there: it stays whole, as an earlier version kept it (a
            // whole text replaces the one before in the browser's count).
            Err(StoreError::Quota) if read_manifest(&key).is_none() => {
                WHOLE_ONLY.with_borrow_mut(|w| w.insert(key.clone()));
                write_whole(&key, &parts)
            }
            other => other,
        }
    };
    if result == Err(StoreError::Quota) {
        // What it would have needed: the room banner says so without
        // making a 20 MB text again.
        let size = exact_size();
        LAST_REFUSED.with_borrow_mut(|l| *l = Some((key.clone(), size)));
    }
    result?;
    if let Some(before) = before {
        rebase_snapshots(before, file);
    }
    Ok(())
}

/// The plan as stored now, read and parsed (for what is rare: a snapshot
/// taken or restored).
pub fn stored_plan(plan_id: &str) -> Option<PlanFile> {
    plan_core::load_str(&plan_text(&plan_key(plan_id))?).file
}

/// The plan as stored now if its text is not the one this page last wrote
/// or read (another tab wrote it), else None: a save learns that nothing
/// changed from a hash, without parsing or copying the plan.
pub fn stored_if_changed(plan_id: &str) -> Option<PlanFile> {
    let key = plan_key(plan_id);
    let raw = get(&key)?;
    // The generation tells: a few bytes compared, no plan read.
    if let Some(g) = generation_of(&raw)
        && KNOWN.with_borrow(|k| k.get(&key).is_some_and(|k| k.generation() == g))
    {
        return None;
    }
    let text = match StoredValue::parse(raw) {
        StoredValue::Manifest(m) => {
            let (text, texts) = m.assemble(|n| get(&card_key(n))).ok()?;
            SEEN.with_borrow_mut(|s| s.insert(key.clone(), Known::of(&m, &texts)));
            return plan_core::load_str(&text).file;
        }
        StoredValue::Whole(text) => text,
    };
    let h = hash(&text);
    if LAST_TEXT.with_borrow(|l| l.get(&key) == Some(&h)) {
        return None;
    }
    // Not remembered here: until this page writes, every save must see
    // (and merge) the other tab's version.
    plan_core::load_str(&text).file
}

/// The stored text of a plan, as it is now (another tab may have written it).
pub fn read_plan_raw(plan_id: &str) -> Option<String> {
    plan_text(&plan_key(plan_id))
}

/// Removes a plan with its snapshots, export marker, import history and
/// saved views. Kept copies of unreadable values stay.
pub fn delete_plan(plan_id: &str) {
    remove_plan_cards(&plan_key(plan_id));
    KNOWN.with_borrow_mut(|k| k.remove(&plan_key(plan_id)));
    for k in keys() {
        let old_snap = k
            .strip_prefix(OLD_SNAP_PREFIX)
            .and_then(split_old_snap)
            .is_some_and(|(id, _)| id == plan_id);
        if k == plan_key(plan_id)
            || old_snap
            || k == format!("{SNAPS_PREFIX}{plan_id}")
            || k == format!("{EXPORTED_PREFIX}{plan_id}")
            || k == format!("{IMPORTS_PREFIX}{plan_id}")
            || k == format!("{VIEWS_PREFIX}{plan_id}")
        {
            remove(&k);
        }
    }
}

// ------------------------------------------------------------- snapshots

/// One snapshot: the plan header (cards left out), the card order, and the
/// cards that differ from the plan as stored now.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Snap {
    /// The day it stands for (`YYYY-MM-DD`).
    date: String,
    /// When it was taken (RFC 3339).
    at: String,
    /// The file being imported, for a snapshot taken before an import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    before_import: Option<String>,
    header: PlanFile,
    order: Vec<String>,
    cards: Vec<Card>,
}

impl Snap {
    fn dropped(self) -> Dropped {
        Dropped::Snapshot {
            title: self.header.plan.title,
            date: self.date,
            before_import: self.before_import,
        }
    }

    fn id(&self) -> String {
        match self.before_import {
            Some(_) => format!("import {}", self.at),
            None => format!("day {}", self.date),
        }
    }

    /// The snapshot of `file`, stored as its difference from `stored`.
    fn of(
        file: &PlanFile,
        stored: &PlanFile,
        date: &str,
        at: &str,
        before_import: Option<String>,
    ) -> Snap {
        let now: HashMap<&str, &Arc<Card>> =
            stored.cards.iter().map(|c| (c.id.as_str(), c)).collect();
        let header = PlanFile {
            format: file.format.clone(),
            version: file.version,
            exported_at: file.exported_at.clone(),
            exported_by: file.exported_by.clone(),
            plan: file.plan.clone(),
            cards: Vec::new(),
            extra: file.extra.clone(),
        };
        Snap {
            date: date.to_string(),
            at: at.to_string(),
            before_import,
            header,
            order: file.cards.iter().map(|c| c.id.clone()).collect(),
            cards: file
                .cards
                .iter()
                .filter(|c| !now.get(c.id.as_str()).is_some_and(|n| same_card(n, c)))
                .map(|c| Card::clone(c))
                .collect(),
        }
    }

    /// The whole plan, rebuilt on `stored`. None if a card is missing from
    /// both (the snapshot was not kept current, e.g. edited by hand).
    fn rebuild(&self, stored: &PlanFile) -> Option<PlanFile> {
        let mine: HashMap<&str, &Card> = self.cards.iter().map(|c| (c.id.as_str(), c)).collect();
        let now: HashMap<&str, &Arc<Card>> =
            stored.cards.iter().map(|c| (c.id.as_str(), c)).collect();
        let mut file = self.header.clone();
        file.cards = self
            .order
            .iter()
            .map(|id| match mine.get(id.as_str()) {
                Some(c) => Some(Arc::new((*c).clone())),
                None => now.get(id.as_str()).map(|c| Arc::clone(c)),
            })
            .collect::<Option<Vec<_>>>()?;
        Some(file)
    }
}

/// A plan's snapshots as the plan editor lists them, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotInfo {
    /// Pass to [`load_snapshot`].
    pub id: String,
    pub date: String,
    pub at: String,
    pub before_import: Option<String>,
    /// Cards that differ from the plan now.
    pub changed_cards: usize,
}

fn snaps_key(plan_id: &str) -> String {
    format!("{SNAPS_PREFIX}{plan_id}")
}

fn read_snaps(plan_id: &str) -> Vec<Snap> {
    get(&snaps_key(plan_id))
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// Writes a plan's snapshots; when the store is full, the oldest go until
/// the rest fit (a copy never pushes out anything else), and the user is
/// told.
fn write_snaps(plan_id: &str, mut snaps: Vec<Snap>, fresh_at: Option<&str>) {
    let key = snaps_key(plan_id);
    let mut dropped = Vec::new();
    loop {
        if snaps.is_empty() {
            remove(&key);
            break;
        }
        let Ok(text) = serde_json::to_string(&snaps) else {
            break;
        };
        match set(&key, &text) {
            Err(StoreError::Quota) => {
                let oldest = (0..snaps.len()).min_by_key(|&i| snaps[i].at.clone());
                if let Some(i) = oldest {
                    let gone = snaps.remove(i);
                    // One that was never stored is not news.
                    if Some(gone.at.as_str()) != fresh_at {
                        dropped.push(gone.dropped());
                    }
                }
            }
            _ => break,
        }
    }
    tell_dropped(dropped);
}

/// Keeps the newest `SNAPSHOTS_KEPT` daily and `IMPORT_SNAPSHOTS_KEPT`
/// before-import snapshots.
fn trim(snaps: &mut Vec<Snap>) {
    snaps.sort_by(|a, b| b.at.cmp(&a.at));
    let (mut days, mut imports) = (0, 0);
    snaps.retain(|s| {
        let n = if s.before_import.is_some() {
            &mut imports
        } else {
            &mut days
        };
        *n += 1;
        *n <= if s.before_import.is_some() {
            IMPORT_SNAPSHOTS_KEPT
        } else {
            SNAPSHOTS_KEPT
        }
    });
}

fn add_snapshot(
    file: &PlanFile,
    stored: Option<&PlanFile>,
    date: &str,
    at: &str,
    before_import: Option<String>,
) {
    let id = &file.plan.id;
    let read;
    let stored = match stored {
        Some(s) => s,
        None => {
            read = stored_plan(id);
            read.as_ref().unwrap_or(file)
        }
    };
    let mut snaps = read_snaps(id);
    snaps.push(Snap::of(file, stored, date, at, before_import));
    trim(&mut snaps);
    write_snaps(id, snaps, Some(at));
}

/// Keeps one snapshot a day (taken at the day's first save, of the plan as
/// it stood before it: `stored`, the plan as stored now), the last
/// `SNAPSHOTS_KEPT` days. A full store skips the snapshot, never the save.
pub fn snapshot_if_new_day(stored: &PlanFile, today: &str) {
    let taken = read_snaps(&stored.plan.id)
        .iter()
        .any(|s| s.before_import.is_none() && s.date == today);
    if !taken {
        let at = crate::clock_adapter::now_rfc3339();
        add_snapshot(stored, Some(stored), today, &at, None);
    }
}

/// The plan as it stood before importing `file_name`, so an import can be
/// undone after a reload too.
pub fn snapshot_before_import(file: &PlanFile, file_name: &str) {
    let at = crate::clock_adapter::now_rfc3339();
    add_snapshot(file, None, &at[..10], &at, Some(file_name.to_string()));
}

/// After the plan went from `before` to `after`, each snapshot takes in
/// the cards it shared with `before` that have now changed.
///
/// Runs at every save: only the cards this save changed are looked at (a
/// tick changes one of 2,000), not every card of every snapshot.
fn rebase_snapshots<'a>(before: &'a PlanFile, after: &'a PlanFile) {
    if before == after {
        return;
    }
    let changed = changed_cards(before, after);
    if changed.is_empty() {
        return;
    }
    let id = &after.plan.id;
    let mut snaps = read_snaps(id);
    if snaps.is_empty() {
        return;
    }
    // The changed cards on each side, by id.
    let wanted: rustc_hash::FxHashSet<&str> = changed.iter().copied().collect();
    let of = |file: &'a PlanFile| -> FxHashMap<&'a str, &'a Arc<Card>> {
        file.cards
            .iter()
            .filter(|c| wanted.contains(c.id.as_str()))
            .map(|c| (c.id.as_str(), c))
            .collect()
    };
    let (old, new) = (of(before), of(after));
    let mut any = false;
    for snap in &mut snaps {
        let mut edited = false;
        // The snapshot's own copies: one the plan now equals again goes.
        let kept_before = snap.cards.len();
        snap.cards
            .retain(|c| !new.get(c.id.as_str()).is_some_and(|n| ***n == *c));
        edited |= snap.cards.len() != kept_before;
        // Cards it shared with `before` that changed: it keeps their old
        // version now. (Positions in its order: by a walk for the one card
        // of a tick, by a map for a bigger change.)
        let at: Option<FxHashMap<&str, usize>> = (changed.len() > 16).then(|| {
            snap.order
                .iter()
                .enumerate()
                .map(|(i, o)| (o.as_str(), i))
                .collect()
        });
        let position = |cid: &str| match &at {
            Some(at) => at.get(cid).copied(),
            None => snap.order.iter().position(|o| o == cid),
        };
        let mut taken = Vec::new();
        for cid in &changed {
            let Some(was) = old.get(cid) else {
                continue;
            };
            if snap.cards.iter().any(|c| c.id == *cid) || position(cid).is_none() {
                continue;
            }
            taken.push(Card::clone(was));
        }
        if !taken.is_empty() {
            edited = true;
            // In the snapshot's card order, as it has always been kept.
            let mut cards = std::mem::take(&mut snap.cards);
            cards.extend(taken);
            cards.sort_by_cached_key(|c| position(&c.id).unwrap_or(usize::MAX));
            snap.cards = cards;
        }
        any |= edited;
    }
    if any {
        write_snaps(id, snaps, None);
    }
}

/// The ids of the cards that differ between `before` and `after` (changed,
/// added or removed), each once.
fn changed_cards<'a>(before: &'a PlanFile, after: &'a PlanFile) -> Vec<&'a str> {
    let same_order = before.cards.len() == after.cards.len()
        && before
            .cards
            .iter()
            .zip(&after.cards)
            .all(|(a, b)| Arc::ptr_eq(a, b) || a.id == b.id);
    let mut out: Vec<&str> = if same_order {
        before
            .cards
            .iter()
            .zip(&after.cards)
            .filter(|(a, b)| !same_card(a, b))
            .map(|(a, _)| a.id.as_str())
            .collect()
    } else {
        let old: FxHashMap<&str, &Arc<Card>> =
            before.cards.iter().map(|c| (c.id.as_str(), c)).collect();
        let new: FxHashMap<&str, &Arc<Card>> =
            after.cards.iter().map(|c| (c.id.as_str(), c)).collect();
        old.iter()
            .filter(|(cid, c)| new.get(*cid).is_none_or(|n| !same_card(c, n)))
            .map(|(cid, _)| *cid)
            .chain(new.keys().filter(|cid| !old.contains_key(*cid)).copied())
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Turns `snap.<id>.<date>` full copies into compact snapshots of their
/// plans; a copy whose plan is not here (or unreadable) is left as it is.
fn migrate_old_snapshots(all: &[String], plans: &[PlanFile]) {
    for key in all.iter().filter(|k| k.starts_with(OLD_SNAP_PREFIX)) {
        let Some((id, date)) = split_old_snap(&key[OLD_SNAP_PREFIX.len()..]) else {
            continue;
        };
        let Some(plan) = plans.iter().find(|p| p.plan.id == id) else {
            continue;
        };
        let Some(old) = get(key).and_then(|t| plan_core::load_str(&t).file) else {
            continue;
        };
        let mut snaps = read_snaps(id);
        if !snaps
            .iter()
            .any(|s| s.before_import.is_none() && s.date == date)
        {
            snaps.push(Snap::of(
                &old,
                plan,
                date,
                &format!("{date}T00:00:00"),
                None,
            ));
            trim(&mut snaps);
            write_snaps(id, snaps, None);
        }
        remove(key);
    }
}

/// `a.b.2026-11-21` → (`a.b`, `2026-11-21`): the date is the last part.
fn split_old_snap(rest: &str) -> Option<(&str, &str)> {
    let (id, date) = rest.rsplit_once('.')?;
    (date.len() == 10 && date.as_bytes()[4] == b'-').then_some((id, date))
}

/// A plan's snapshots, newest first.
pub fn snapshots(plan_id: &str) -> Vec<SnapshotInfo> {
    let mut snaps = read_snaps(plan_id);
    snaps.sort_by(|a, b| b.at.cmp(&a.at));
    snaps
        .into_iter()
        .map(|s| SnapshotInfo {
            id: s.id(),
            changed_cards: s.cards.len(),
            date: s.date,
            at: s.at,
            before_import: s.before_import,
        })
        .collect()
}

/// Rebuilds a snapshot on the plan as stored now and passes it through the
/// gate. None when there is no such snapshot (or no stored plan to rebuild
/// it on).
pub fn load_snapshot(
    plan_id: &str,
    snapshot_id: &str,
) -> Option<Result<PlanFile, plan_core::gate::Refused>> {
    let snap = read_snaps(plan_id)
        .into_iter()
        .find(|s| s.id() == snapshot_id)?;
    let stored = stored_plan(plan_id)?;
    let file = snap.rebuild(&stored)?;
    Some(plan_core::gate::check(&file).map(|_| file))
}

/// Gives up the oldest copy to make room: snapshots (oldest first, across
/// plans), then kept copies the user has downloaded. None when none is left.
fn drop_one_copy() -> Option<Dropped> {
    let mut oldest: Option<(String, String)> = None; // (at, plan id)
    for k in keys() {
        if let Some(id) = k.strip_prefix(SNAPS_PREFIX) {
            for s in read_snaps(id) {
                if oldest.as_ref().is_none_or(|(at, _)| s.at < *at) {
                    oldest = Some((s.at.clone(), id.to_string()));
                }
            }
        }
    }
    if let Some((at, id)) = oldest {
        let mut snaps = read_snaps(&id);
        let i = snaps.iter().position(|s| s.at == at)?;
        let gone = snaps.remove(i).dropped();
        if snaps.is_empty() {
            remove(&snaps_key(&id));
        } else if let Ok(text) = serde_json::to_string(&snaps) {
            // Smaller than before, so it fits; if not, all of them go.
            if set(&snaps_key(&id), &text).is_err() {
                remove(&snaps_key(&id));
            }
        }
        return Some(gone);
    }
    let downloaded: Vec<String> = get_json(DOWNLOADED_KEY).unwrap_or_default();
    for key in downloaded {
        if get(&key).is_some() {
            remove(&key);
            let rest: Vec<String> = get_json::<Vec<String>>(DOWNLOADED_KEY)
                .unwrap_or_default()
                .into_iter()
                .filter(|k| *k != key)
                .collect();
            let _ = set_json(DOWNLOADED_KEY, &rest);
            return Some(Dropped::KeptCopy { key });
        }
    }
    None
}

// ------------------------------------------------------------------ room

/// How a plan that does not fit compares with the room there is, in the
/// browser's own counting (bytes).
#[derive(Debug, Clone, PartialEq)]
pub struct Room {
    /// What the plan needs.
    pub needed: u64,
    /// About what is free now.
    pub free: u64,
    /// About what this browser allows the app.
    pub capacity: u64,
    /// What other plans use.
    pub other_plans: u64,
    /// What snapshots and kept copies use.
    pub copies: u64,
}

/// Estimates the room for `file` from what is stored.
pub fn room_for(file: &PlanFile) -> Room {
    // The gate's text: assembled from the cards it has checked, not
    // serialised again (a 20 MB plan opened read-only).
    let key = plan_key(&file.plan.id);
    let needed = LAST_REFUSED
        .with_borrow(|l| l.as_ref().filter(|(k, _)| *k == key).map(|(_, n)| *n))
        .unwrap_or_else(|| {
            crate::gate::check(file)
                .map(|p| stored_size(&p.text) + stored_size(&key))
                .unwrap_or(0)
        });
    let mine: rustc_hash::FxHashSet<String> = read_manifest(&key)
        .map(|m| m.cards.into_iter().map(|n| card_key(&n)).collect())
        .unwrap_or_default();
    let (mut used, mut other_plans, mut copies) = (0, 0, 0);
    for k in keys() {
        let size = stored_size(&k) + get(&k).map_or(0, |v| stored_size(&v));
        used += size;
        let a_plan = k.starts_with(PLAN_PREFIX) || k.starts_with(CARD_PREFIX);
        if a_plan && k != key && !mine.contains(&k) {
            other_plans += size;
        } else if k.starts_with(SNAPS_PREFIX) || k.starts_with(KEPT_PREFIX) {
            copies += size;
        }
    }
    Room {
        needed,
        free: CAPACITY_ESTIMATE.saturating_sub(used),
        capacity: CAPACITY_ESTIMATE,
        other_plans,
        copies,
    }
}

// --------------------------------------------------------------- markers

/// Remembers what the plan looked like when last exported or imported, so
/// leaving the page warns only when there is something not yet sent.
pub fn set_exported_marker(plan_id: &str, marker: &str) {
    let _ = set(&format!("{EXPORTED_PREFIX}{plan_id}"), marker);
}

pub fn exported_marker(plan_id: &str) -> Option<String> {
    get(&format!("{EXPORTED_PREFIX}{plan_id}"))
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
    get(&format!("{IMPORTS_PREFIX}{plan_id}"))
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

/// The column mapping last used to bring an Excel workbook into a plan
/// (xlsx import). Unreadable or missing: None, and the mapping is guessed.
pub fn xlsx_mapping(plan_id: &str) -> Option<plan_xlsx::Mapping> {
    get(&format!("{XLSX_MAPPING_PREFIX}{plan_id}")).and_then(|t| serde_json::from_str(&t).ok())
}

/// Remembers the mapping for the plan. A full store only loses the mapping.
pub fn set_xlsx_mapping(plan_id: &str, mapping: &plan_xlsx::Mapping) {
    if let Ok(text) = serde_json::to_string(mapping) {
        let _ = set(&format!("{XLSX_MAPPING_PREFIX}{plan_id}"), &text);
    }
}

/// Reads a raw value (for downloading what could not be read).
pub fn read_raw(key: &str) -> Option<String> {
    if key.starts_with(PLAN_PREFIX) {
        return plan_text(key);
    }
    get(key)
}

/// The user downloaded the unreadable value at `key`: its kept copy may
/// now give way when a plan needs room.
pub fn mark_downloaded(key: &str) {
    let Some(id) = key.strip_prefix(PLAN_PREFIX) else {
        return;
    };
    let kept = format!("{KEPT_PREFIX}{id}");
    if get(&kept).is_some_and(|k| read_raw(key).is_some_and(|v| v == k)) {
        let mut list: Vec<String> = get_json(DOWNLOADED_KEY).unwrap_or_default();
        if !list.contains(&kept) {
            list.push(kept);
            let _ = set_json(DOWNLOADED_KEY, &list);
        }
    }
}

// -------------------------------------------------------------- settings

/// The chosen language ("ja" or "en"), remembered across visits.
pub fn language() -> Option<String> {
    get_json(LANG_KEY)
}

pub fn set_language(lang: &str) {
    let _ = set_json(LANG_KEY, &lang);
}

pub fn current_plan_id() -> Option<String> {
    get_json(CURRENT_KEY)
}

pub fn set_current_plan_id(id: &str) {
    // Losing the "current" pointer only costs a click; ignore failure.
    let _ = set_json(CURRENT_KEY, &id);
}

/// This browser profile's site id for version clocks, made once and kept.
pub fn site_id() -> String {
    if let Some(id) = get_json::<String>(SITE_KEY)
        && !id.is_empty()
    {
        return id;
    }
    let id = uuid::Uuid::new_v4().simple().to_string()[..8].to_string();
    let _ = set_json(SITE_KEY, &id);
    id
}

/// Test-only clock shift in whole days (absent or unreadable: none).
pub fn test_day_offset() -> i64 {
    get(TEST_DAY_OFFSET_KEY)
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0)
}

/// Saves a repaired plan in place of the unreadable value at `key`. The
/// unreadable text is kept aside first (under a kept key of its own if the
/// usual one holds something else), then the plan passes the gate and is
/// written under its id. Refuses to replace another plan stored under that
/// id.
pub fn save_repaired(key: &str, file: &PlanFile) -> Result<(), StoreError> {
    let target = plan_key(&file.plan.id);
    if target != key && get(&target).is_some() {
        return Err(StoreError::Blocked(target));
    }
    let parts = crate::gate::check_parts(file).map_err(StoreError::Refused)?;
    if let Some(raw) = read_raw(key) {
        let rest = key.strip_prefix(PLAN_PREFIX).unwrap_or(key);
        let kept_free = (0..100).map(|n| {
            if n == 0 {
                format!("{KEPT_PREFIX}{rest}")
            } else {
                format!("{KEPT_PREFIX}{rest}.{n}")
            }
        });
        for kept in kept_free {
            match get(&kept) {
                Some(v) if v == raw => break,
                Some(_) => continue,
                None => {
                    set(&kept, &raw)?;
                    break;
                }
            }
        }
    }
    write_parts(&target, &parts)?;
    if target != key {
        remove_plan_cards(key);
        remove(key);
    }
    Ok(())
}
