//! Application state and the intents views send. Views only read these
//! signals and call these methods; storage and navigation happen here.

use leptos::prelude::*;
use plan_core::{PlanFile, Problem, load_bytes, sample_plan};

use crate::route::Route;
use crate::storage::{self, Unreadable};
use crate::texts::{JA, Texts};

#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    Info(String),
    Error(String),
}

/// The outcome of opening a file that had problems (errors or warnings).
#[derive(Debug, Clone)]
pub struct FileReport {
    pub name: String,
    pub problems: Vec<Problem>,
    /// True when the file was refused.
    pub refused: bool,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub texts: RwSignal<&'static Texts>,
    pub plans: RwSignal<Vec<PlanFile>>,
    pub current_id: RwSignal<Option<String>>,
    pub route: RwSignal<Route>,
    pub unreadable: RwSignal<Vec<Unreadable>>,
    pub notices: RwSignal<Vec<Notice>>,
    pub file_report: RwSignal<Option<FileReport>>,
    /// Today's (year, month, day), for overdue marks.
    pub today: (i32, u32, u32),
}

pub fn today() -> (i32, u32, u32) {
    let d = js_sys::Date::new_0();
    (d.get_full_year() as i32, d.get_month() + 1, d.get_date())
}

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

impl AppState {
    /// Reads storage and the URL hash.
    pub fn load() -> AppState {
        let stored = storage::load_all();
        let current = storage::current_plan_id()
            .filter(|id| stored.plans.iter().any(|p| &p.plan.id == id))
            .or_else(|| stored.plans.first().map(|p| p.plan.id.clone()));
        let mut route = Route::parse(&current_hash());
        if current.is_none() && route != Route::Start {
            route = Route::Start;
        } else if current.is_some() && current_hash().is_empty() {
            route = Route::Overview;
        }
        AppState {
            texts: RwSignal::new(&JA),
            plans: RwSignal::new(stored.plans),
            current_id: RwSignal::new(current),
            route: RwSignal::new(route),
            unreadable: RwSignal::new(stored.unreadable),
            notices: RwSignal::new(Vec::new()),
            file_report: RwSignal::new(None),
            today: today(),
        }
    }

    /// Keeps `route` in step with the URL hash (back button, bookmarks).
    pub fn follow_hash(self) {
        let handle = window_event_listener(leptos::ev::hashchange, move |_| {
            self.route.set(Route::parse(&current_hash()));
        });
        on_cleanup(move || handle.remove());
    }

    pub fn navigate(&self, route: Route) {
        let hash = route.to_hash();
        if current_hash() != hash {
            let _ = window().location().set_hash(&hash);
        }
        self.route.set(route);
    }

    /// The plan being viewed.
    pub fn current_plan(&self) -> Memo<Option<PlanFile>> {
        let (plans, current) = (self.plans, self.current_id);
        Memo::new(move |_| {
            let id = current.get()?;
            plans.with(|ps| ps.iter().find(|p| p.plan.id == id).cloned())
        })
    }

    fn blocked_keys(&self) -> Vec<String> {
        self.unreadable
            .with_untracked(|u| u.iter().map(|x| x.key.clone()).collect())
    }

    fn notify(&self, notice: Notice) {
        self.notices.update(|n| n.push(notice));
    }

    /// Stores a new plan and makes it current. Refuses to replace a plan
    /// already here (merging is its own, careful step).
    fn add_plan(&self, file: PlanFile) -> bool {
        let t = self.texts.get_untracked();
        if let Err(e) = storage::save_plan(&file, &self.blocked_keys()) {
            let msg = match e {
                storage::StoreError::Blocked(_) => t.storage_blocked.to_string(),
                other => format!("{} ({other})", t.storage_failed),
            };
            self.notify(Notice::Error(msg));
            return false;
        }
        let id = file.plan.id.clone();
        self.plans.update(|ps| ps.push(file));
        self.switch_to(&id);
        true
    }

    pub fn switch_to(&self, id: &str) {
        storage::set_current_plan_id(id);
        self.current_id.set(Some(id.to_string()));
        self.navigate(Route::Overview);
    }

    fn has_plan(&self, id: &str) -> bool {
        self.plans
            .with_untracked(|ps| ps.iter().any(|p| p.plan.id == id))
    }

    /// Opens the sample plan; if it is already stored, the stored one (with
    /// whatever the user did to it) is opened instead of a fresh copy.
    pub fn open_sample(&self) {
        let sample = sample_plan();
        if self.has_plan(&sample.plan.id) {
            self.switch_to(&sample.plan.id);
        } else {
            self.add_plan(sample);
        }
    }

    pub fn create_empty(&self) {
        let t = self.texts.get_untracked();
        let (y, m, _) = self.today;
        let start = plan_core::fiscal::fiscal_year_of(y, m);
        let id = uuid::Uuid::new_v4().to_string();
        self.add_plan(PlanFile::empty(
            id,
            t.new_plan_title.to_string(),
            start,
            start + 2,
        ));
    }

    /// Validates a file's bytes before anything changes.
    pub fn open_file(&self, name: String, bytes: &[u8]) {
        let t = self.texts.get_untracked();
        let loaded = load_bytes(bytes);
        let refused = loaded.file.is_none();
        self.file_report
            .set((!loaded.problems.is_empty()).then(|| FileReport {
                name: name.clone(),
                problems: loaded.problems,
                refused,
            }));
        let Some(file) = loaded.file else { return };
        if self.has_plan(&file.plan.id) {
            self.notify(Notice::Error((t.plan_already_here)(&file.plan.title)));
            return;
        }
        if self.add_plan(file) {
            self.notify(Notice::Info((t.file_opened)(&name)));
        }
    }

    pub fn dismiss_notice(&self, index: usize) {
        self.notices.update(|n| {
            if index < n.len() {
                n.remove(index);
            }
        });
    }
}

/// Reads a picked or dropped file and hands its bytes to `open_file`.
pub fn read_file(state: AppState, file: web_sys::File) {
    leptos::task::spawn_local(async move {
        let name = file.name();
        match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
            Ok(buf) => {
                let bytes = js_sys::Uint8Array::new(&buf).to_vec();
                state.open_file(name, &bytes);
            }
            Err(_) => {
                let t = state.texts.get_untracked();
                state.notify(Notice::Error(t.file_read_failed.to_string()));
            }
        }
    });
}
