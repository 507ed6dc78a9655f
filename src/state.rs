//! Application state and the intents views send. Views only read these
//! signals and call these methods; storage, history and navigation happen
//! here (through the adapters).

use std::time::Duration;

use leptos::prelude::*;
use plan_core::history::History;
use plan_core::merge::{Choice, MergePreview};
use plan_core::{Card, Lang, PlanFile, Problem, load_bytes, load_str, sample_plan};
use wasm_bindgen::JsCast;

use crate::clock_adapter::{now_ms, now_rfc3339, today_iso};
use crate::route::Route;
use crate::storage::{self, StoreError, Unreadable};
use crate::texts::{EN, JA, Texts};

/// Undo steps kept (the brief asks for at least 100).
pub const UNDO_STEPS: usize = 200;
/// Quiet time after the last change before it is written.
const SAVE_DELAY: Duration = Duration::from_millis(400);
/// How long a success notice stays (errors stay until closed).
const SUCCESS_NOTICE_TIME: Duration = Duration::from_secs(10);

// Notices are typed until the layout renders them in the language shown.
pub use crate::notice::{Message, Notice, Task};

/// A plan too big for this browser's storage, open read-only.
#[derive(Debug, Clone, PartialEq)]
pub struct TooBig {
    pub cards: usize,
    pub room: storage::Room,
}

/// What the save indicator shows.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveStatus {
    Saved,
    Pending,
    /// Validation errors: nothing is written until they are fixed.
    Invalid(usize),
    /// The browser's storage is full; what is in memory is kept.
    Full,
    /// Said from the catalogue when shown (`notice::store_error`).
    Failed(StoreError),
}

/// The outcome of opening a file that had problems (errors or warnings).
#[derive(Debug, Clone)]
pub struct FileReport {
    pub name: String,
    pub problems: Vec<Problem>,
    /// True when the file was refused.
    pub refused: bool,
}

/// A file for a plan already here, waiting for the user to confirm the merge.
#[derive(Clone)]
pub struct PendingImport {
    pub name: String,
    pub incoming: PlanFile,
    pub preview: std::sync::Arc<MergePreview>,
    /// Ids of cards whose outcome changed since the preview was first shown
    /// (the plan was edited meanwhile); shown marked in the preview.
    pub changed_since_preview: Vec<String>,
    /// The column mapping of an Excel sheet this came from: remembered for
    /// the plan only when the import is confirmed.
    pub xlsx_mapping: Option<plan_xlsx::Mapping>,
}

/// A stored plan, as the plan list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSummary {
    pub id: String,
    pub title: String,
    pub organization: String,
    pub cards: usize,
}

impl PlanSummary {
    fn of(p: &PlanFile) -> PlanSummary {
        PlanSummary {
            id: p.plan.id.clone(),
            title: p.plan.title.clone(),
            organization: p.plan.organization.clone().unwrap_or_default(),
            cards: p.cards.len(),
        }
    }
}

/// The app's state, as three contexts and the intents that coordinate them.
/// Views that only show the plan or the frame take the part they need
/// (`use_doc`, `use_ui`); intents that touch more than one part (opening a
/// file reports it, changes the plan and navigates) are methods here.
#[derive(Clone, Copy)]
pub struct AppState {
    pub doc: Document,
    pub import: ImportSession,
    pub ui: Ui,
}

/// The open document: the plan, what storage holds of it, undo, saving,
/// and what storage keeps beside it.
#[derive(Clone, Copy)]
pub struct Document {
    /// The plans stored here (for the start screen and switching).
    pub plans: RwSignal<Vec<PlanSummary>>,
    /// The working copy of the current plan.
    pub plan: RwSignal<Option<PlanFile>>,
    /// What was last written to (or read from) storage: the base for clocks
    /// and for reconciling with other tabs.
    base: StoredValue<Option<PlanFile>>,
    history: StoredValue<History>,
    pub can_undo: RwSignal<bool>,
    pub can_redo: RwSignal<bool>,
    pub save_status: RwSignal<SaveStatus>,
    save_generation: StoredValue<u64>,
    /// Problems of the working copy, for messages next to the fields.
    pub problems: Memo<Vec<Problem>>,
    /// The open plan's snapshots, read only while a view shows them (again
    /// after each save, which may take the day's snapshot).
    pub snapshots: Memo<Vec<storage::SnapshotInfo>>,
    /// The open plan's saved list views (name, query), kept current by
    /// [`AppState::keep_stored_lists`] and the intents that write them.
    pub saved_views: RwSignal<Vec<(String, String)>>,
    /// The open plan did not fit in storage: it is shown read-only.
    pub too_big: RwSignal<Option<TooBig>>,
    /// Stored values that did not load (kept aside, never overwritten).
    pub unreadable: RwSignal<Vec<Unreadable>>,
    /// The key of the unreadable stored value being repaired, if any.
    pub repairing: RwSignal<Option<String>>,
    /// This browser's id in the cards' version clocks.
    pub site: StoredValue<String>,
    /// The browser refused storage: the app runs in memory.
    pub memory_only: bool,
}

/// A file on its way in: read, checked, previewed, then merged or dropped.
/// Nothing here is stored until the import is carried out.
#[derive(Clone, Copy)]
pub struct ImportSession {
    /// The problems and warnings of the file last opened.
    pub file_report: RwSignal<Option<FileReport>>,
    pub pending_import: RwSignal<Option<PendingImport>>,
    /// An Excel workbook waiting on the column-mapping screen (xlsx).
    pub xlsx_import: RwSignal<Option<crate::xlsx::XlsxImport>>,
    /// The user's pick per conflicting card of the pending import.
    pub import_choices: RwSignal<std::collections::HashMap<String, Choice>>,
    /// The open plan's import history, as storage keeps it.
    pub imports: RwSignal<Vec<storage::ImportRecord>>,
    /// A big plan file being read (progress bar, cancel button).
    pub reading: RwSignal<Option<Reading>>,
}

/// The frame around every screen: language, screen, notices, work going on.
#[derive(Clone, Copy)]
pub struct Ui {
    pub texts: RwSignal<&'static Texts>,
    pub route: RwSignal<Route>,
    pub notices: RwSignal<Vec<Notice>>,
    /// Jobs sent to the worker and not yet answered (the "working" line).
    pub working: RwSignal<usize>,
    /// Today's (year, month, day), for overdue marks.
    pub today: (i32, u32, u32),
}

/// A big plan file on its way in: read and checked in the worker, then
/// built here a slice of cards at a time.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub name: String,
    /// Cards built so far, of `total` (0 while the worker reads).
    pub done: usize,
    pub total: usize,
}

/// Plan files from this size on are read in the worker, with a progress
/// bar: below it, reading on the page takes less than a frame or two.
pub const BIG_FILE_BYTES: usize = 2_000_000;
/// Cards built per turn of the event loop (about 20 ms on an office PC).
const CARDS_PER_SLICE: usize = 150;
/// How long after a plan is read its cards start to be checked ahead.
const LEARN_DELAY: Duration = Duration::from_millis(500);

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// A short mark of a plan's state: the clocks of its cards and the header
/// time. Equal marks mean nothing changed since the mark was taken.
pub fn change_marker(p: &PlanFile) -> String {
    let clocks: Vec<_> = p.cards.iter().map(|c| (&c.id, &c.clock)).collect();
    serde_json::to_string(&(&p.plan.updated_at, clocks)).unwrap_or_default()
}

/// The plan's pillars as select choices (id, name).
pub fn pillar_choices(p: &PlanFile) -> Vec<(String, String)> {
    p.plan
        .pillars
        .iter()
        .map(|x| (x.id.clone(), x.name.clone()))
        .collect()
}

impl Document {
    /// Reads the working copy (tracked).
    pub fn with_plan<T>(&self, f: impl FnOnce(&PlanFile) -> T) -> Option<T> {
        self.plan.with(|p| p.as_ref().map(f))
    }

    /// The plan's departments as select choices (value and label are both
    /// the name); empty without a plan (tracked).
    pub fn department_choices(&self) -> Vec<(String, String)> {
        self.with_plan(|p| {
            p.plan
                .departments
                .iter()
                .map(|d| (d.clone(), d.clone()))
                .collect()
        })
        .unwrap_or_default()
    }

    /// The plan's pillars as select choices (id, name); empty without a
    /// plan (tracked).
    pub fn pillar_choices(&self) -> Vec<(String, String)> {
        self.with_plan(pillar_choices).unwrap_or_default()
    }

    /// Reads one card of the working copy (tracked).
    pub fn with_card<T>(&self, id: &str, f: impl FnOnce(&Card) -> T) -> Option<T> {
        self.plan
            .with(|p| p.as_ref().and_then(|p| p.card(id)).map(f))
    }

    /// One card of the working copy as a memo that tells its readers only
    /// when that card changed. An edit replaces its own card's `Arc` and
    /// shares every other (`card_mut`), so `same_card` (pointers first)
    /// says whether this one did: a view of one card reads this, not the
    /// plan, and edits of other cards pass it by.
    pub fn card_memo(&self, id: String) -> Memo<Option<std::sync::Arc<Card>>> {
        let plan = self.plan;
        Memo::new_with_compare(
            move |_| plan.with(|p| p.as_ref()?.cards.iter().find(|c| c.id == id).cloned()),
            |old, new| match (old, new) {
                (Some(Some(a)), Some(Some(b))) => !plan_core::same_card(a, b),
                (Some(None), Some(None)) => false,
                _ => true,
            },
        )
    }

    /// The plan file without its cards (the header: years, pillars,
    /// departments…) as a memo: edits of cards leave it unchanged.
    pub fn header_memo(&self) -> Memo<Option<PlanFile>> {
        let plan = self.plan;
        Memo::new(move |_| plan.with(|p| p.as_ref().map(|p| p.with_cards(Vec::new()))))
    }

    /// The gate's problems of one card, with paths relative to the card,
    /// found again only when that card or the header changes: the gate is
    /// asked about a file of the header and that card alone. Its rules for
    /// a card depend on nothing else but one: an id another card repeats
    /// (in `problems`, the whole plan's list, which costs every card).
    pub fn card_problems_memo(
        card: Memo<Option<std::sync::Arc<Card>>>,
        header: Memo<Option<PlanFile>>,
    ) -> Memo<Vec<Problem>> {
        Memo::new(move |_| {
            let Some(card) = card.get() else {
                return Vec::new();
            };
            header
                .with(|h| {
                    h.as_ref().map(|h| {
                        let one = plan_core::gate::problems(&h.with_cards(vec![card]));
                        plan_core::gate::card_problems_at(&one, 0)
                    })
                })
                .unwrap_or_default()
        })
    }

    /// True when the working copy holds changes not (yet) written: waiting,
    /// invalid, storage full or failed. Leaving would lose them.
    pub fn has_unstored_changes(&self) -> bool {
        self.plan.with_untracked(Option::is_some)
            && self.too_big.with_untracked(Option::is_none)
            && self.save_status.get_untracked() != SaveStatus::Saved
    }

    /// True when the plan changed since it was last exported or imported.
    pub fn has_unexported_changes(&self) -> bool {
        self.plan.with_untracked(|p| {
            p.as_ref().is_some_and(|p| {
                storage::exported_marker(&p.plan.id).is_some_and(|m| m != change_marker(p))
            })
        })
    }
}

impl AppState {
    /// Reads storage and the URL hash.
    pub fn load() -> AppState {
        let stored = storage::load_all();
        let current = storage::current_plan_id()
            .filter(|id| stored.plans.iter().any(|p| &p.plan.id == id))
            .or_else(|| stored.plans.first().map(|p| p.plan.id.clone()));
        let plan = current
            .as_ref()
            .and_then(|id| stored.plans.iter().find(|p| &p.plan.id == id).cloned());
        let mut route = Route::parse(&current_hash());
        if plan.is_none() && route != Route::Start {
            route = Route::Start;
        } else if plan.is_some() && current_hash().is_empty() {
            route = Route::Overview;
        }
        let plan_signal = RwSignal::new(plan.clone());
        let save_status = RwSignal::new(SaveStatus::Saved);
        let plan_id =
            Memo::new(move |_| plan_signal.with(|p| p.as_ref().map(|p| p.plan.id.clone())));
        let doc = Document {
            plans: RwSignal::new(stored.plans.iter().map(PlanSummary::of).collect()),
            plan: plan_signal,
            base: StoredValue::new(plan),
            history: StoredValue::new(History::new(UNDO_STEPS)),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
            save_status,
            save_generation: StoredValue::new(0),
            // The gate's own answer (the loader's rules), so what the fields
            // show is exactly what stops a save.
            problems: Memo::new(move |_| {
                plan_signal.with(|p| p.as_ref().map(crate::gate::problems).unwrap_or_default())
            }),
            // Lazy: computed when the plan editor reads it.
            snapshots: Memo::new(move |_| {
                save_status.track();
                plan_id
                    .with(|id| id.as_deref().map(storage::snapshots))
                    .unwrap_or_default()
            }),
            saved_views: RwSignal::new(Vec::new()),
            too_big: RwSignal::new(None),
            unreadable: RwSignal::new(stored.unreadable),
            repairing: RwSignal::new(None),
            site: StoredValue::new(storage::site_id()),
            memory_only: storage::mode() == storage::Mode::Memory,
        };
        let import = ImportSession {
            file_report: RwSignal::new(None),
            pending_import: RwSignal::new(None),
            xlsx_import: RwSignal::new(None),
            import_choices: RwSignal::new(Default::default()),
            imports: RwSignal::new(Vec::new()),
            reading: RwSignal::new(None),
        };
        let ui = Ui {
            texts: RwSignal::new(
                if storage::language().as_deref().map(Lang::parse) == Some(Lang::En) {
                    &EN
                } else {
                    &JA
                },
            ),
            route: RwSignal::new(route),
            notices: RwSignal::new(Vec::new()),
            working: RwSignal::new(0),
            today: crate::clock_adapter::today(),
        };
        let state = AppState { doc, import, ui };
        state.learn_plan();
        state
    }

    /// Has the gate check the open plan's cards a slice at a time, soon
    /// after it was read: otherwise the first save after a start checks
    /// every card in one task (300 ms at 2,000 cards). A card the gate
    /// already keeps costs a lookup; one edited meanwhile is checked by
    /// the save as before.
    fn learn_plan(&self) {
        let Some(id) = self
            .doc
            .plan
            .with_untracked(|p| p.as_ref().map(|p| p.plan.id.clone()))
        else {
            return;
        };
        let state = *self;
        // After the first screen is drawn.
        set_timeout(move || state.learn_slice(id, 0), LEARN_DELAY);
    }

    fn learn_slice(self, id: String, from: usize) {
        let next = self.doc.plan.with_untracked(|p| {
            // Another plan opened meanwhile: it has its own round.
            let p = p.as_ref().filter(|p| p.plan.id == id)?;
            let end = (from + CARDS_PER_SLICE).min(p.cards.len());
            crate::gate::learn(p, from..end);
            (end < p.cards.len()).then_some(end)
        });
        if let Some(next) = next {
            set_timeout(move || self.learn_slice(id, next), Duration::ZERO);
        }
    }

    /// Makes the state a context, and each of its parts on its own for
    /// views that only show that part (Copy handles to the same signals).
    pub fn provide(self) {
        provide_context(self);
        provide_context(self.doc);
        provide_context(self.import);
        provide_context(self.ui);
    }

    /// One effect: the import history and saved views of the open plan
    /// are read again when another plan is opened.
    pub fn keep_stored_lists(self) {
        let plan_id = Memo::new(move |_| {
            self.doc
                .plan
                .with(|p| p.as_ref().map(|p| p.plan.id.clone()))
        });
        Effect::new(move |_| {
            let id = plan_id.get();
            let id = id.as_deref();
            self.import
                .imports
                .set(id.map(storage::imports).unwrap_or_default());
            self.doc
                .saved_views
                .set(id.map(storage::saved_views).unwrap_or_default());
        });
    }

    /// Saves the list's current filter under a name, for the open plan.
    pub fn save_view(&self, name: &str, query: &str) {
        let Some(id) = self
            .doc
            .plan
            .with_untracked(|p| p.as_ref().map(|p| p.plan.id.clone()))
        else {
            return;
        };
        storage::save_view(&id, name, query);
        self.doc.saved_views.set(storage::saved_views(&id));
    }

    /// Forgets a saved list view of the open plan.
    pub fn delete_view(&self, name: &str) {
        let Some(id) = self
            .doc
            .plan
            .with_untracked(|p| p.as_ref().map(|p| p.plan.id.clone()))
        else {
            return;
        };
        storage::delete_view(&id, name);
        self.doc.saved_views.set(storage::saved_views(&id));
    }

    /// Window listeners: the URL hash, other tabs' writes, keyboard undo,
    /// and leaving the page.
    pub fn listen(self) {
        let hash = window_event_listener(leptos::ev::hashchange, move |_| {
            self.ui.route.set(Route::parse(&current_hash()));
        });
        let other_tab = window_event_listener(leptos::ev::storage, move |ev| {
            let current = self
                .doc
                .plan
                .with_untracked(|p| p.as_ref().map(|p| p.plan.id.clone()));
            if let (Some(key), Some(id)) = (ev.key(), current)
                && key == storage::plan_key(&id)
            {
                self.take_external_change();
            }
        });
        let keys = window_event_listener(leptos::ev::keydown, move |ev| {
            if !(ev.ctrl_key() || ev.meta_key()) {
                return;
            }
            match ev.key().to_lowercase().as_str() {
                "z" if ev.shift_key() => {
                    ev.prevent_default();
                    self.redo();
                }
                "z" => {
                    ev.prevent_default();
                    self.undo();
                }
                "y" => {
                    ev.prevent_default();
                    self.redo();
                }
                _ => {}
            }
        });
        storage::on_dropped(move |dropped| self.notify(Notice::Dropped(dropped)));
        let leave = window_event_listener(leptos::ev::beforeunload, move |ev| {
            // A tick waiting for the next paint reaches the plan, and a
            // change still waiting for its quiet time is written, now.
            crate::frame::flush();
            if self.doc.save_status.get_untracked() == SaveStatus::Pending {
                self.save_now();
            }
            if self.doc.has_unstored_changes() || self.doc.has_unexported_changes() {
                ev.prevent_default();
                ev.set_return_value("");
            }
        });
        // A file dropped anywhere on the page is opened like a picked one.
        let drag = window_event_listener(leptos::ev::dragover, |ev| ev.prevent_default());
        let drop = window_event_listener(leptos::ev::drop, move |ev| {
            ev.prevent_default();
            if let Some(file) = ev
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            {
                read_file(self, file);
            }
        });
        // Pasted JSON text (outside a text field) is opened like a file.
        let paste = window_event_listener(leptos::ev::paste, move |ev| {
            let in_field = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
            if in_field {
                return;
            }
            if let Some(text) = ev.clipboard_data().and_then(|d| d.get_data("text").ok())
                && text.trim_start().starts_with('{')
            {
                ev.prevent_default();
                self.open_file(
                    self.texts_now().exchange.pasted_name.to_string(),
                    text.as_bytes(),
                );
            }
        });
        on_cleanup(move || {
            drag.remove();
            drop.remove();
            paste.remove();
            hash.remove();
            other_tab.remove();
            keys.remove();
            leave.remove();
        });
    }

    pub fn navigate(&self, route: Route) {
        let hash = route.to_hash();
        if current_hash() != hash {
            let _ = window().location().set_hash(&hash);
        }
        self.ui.route.set(route);
    }

    /// Japanese ⇄ English, remembered in this browser.
    pub fn toggle_language(&self) {
        let next: &'static Texts = if self.ui.texts.get_untracked().lang == Lang::Ja {
            &EN
        } else {
            &JA
        };
        storage::set_language(next.lang.as_str());
        self.ui.texts.set(next);
    }

    /// Changes the route without a new history entry (a filter being typed).
    pub fn replace_route(&self, route: Route) {
        let location = window().location();
        let base = location.href().unwrap_or_default();
        let base = base.split('#').next().unwrap_or_default().to_string();
        let _ = location.replace(&format!("{base}{}", route.to_hash()));
        self.ui.route.set(route);
    }

    /// Shows a notice. A success replaces the previous success and goes
    /// away on its own; errors stay until closed.
    pub fn notify(&self, notice: Notice) {
        let success = matches!(notice, Notice::Info(_));
        self.ui.notices.update(|n| {
            if success {
                n.retain(|x| !matches!(x, Notice::Info(_)));
            }
            n.push(notice.clone());
        });
        if success {
            let notices = self.ui.notices;
            set_timeout(
                move || {
                    notices.try_update(|n| n.retain(|x| x != &notice));
                },
                SUCCESS_NOTICE_TIME,
            );
        }
    }

    pub fn dismiss_notice(&self, index: usize) {
        self.ui.notices.update(|n| {
            if index < n.len() {
                n.remove(index);
            }
        });
    }

    fn blocked_keys(&self) -> Vec<String> {
        self.doc
            .unreadable
            .with_untracked(|u| u.iter().map(|x| x.key.clone()).collect())
    }

    pub(crate) fn texts_now(&self) -> &'static Texts {
        self.ui.texts.get_untracked()
    }

    // ------------------------------------------------------------ reading

    /// The message of the first error at `spot` (tracked): what a view
    /// shows next to the field the spot names.
    pub fn problem(&self, spot: &plan_core::spot::Spot) -> Option<String> {
        let lang = self.ui.texts.get().lang;
        self.doc
            .with_plan(|p| {
                self.doc.problems.with(|ps| {
                    spot.problem(p, ps)
                        .map(|pr| plan_core::messages::problem(lang, &pr.kind))
                })
            })
            .flatten()
    }

    /// The message of the first error at `spot` of a card, from the card's
    /// own memos ([`Document::card_memo`], [`Document::card_problems_memo`];
    /// tracked): as [`AppState::problem`] finds it, without reading the plan.
    pub fn card_problem_in(
        &self,
        card: Memo<Option<std::sync::Arc<Card>>>,
        problems: Memo<Vec<Problem>>,
        spot: &plan_core::spot::CardSpot,
    ) -> Option<String> {
        let lang = self.ui.texts.get().lang;
        let path = card.with(|c| c.as_deref().and_then(|c| spot.path_in(c)))?;
        problems.with(|ps| {
            ps.iter()
                .find(|p| p.is_error() && p.path == path)
                .map(|p| plan_core::messages::problem(lang, &p.kind))
        })
    }

    // ------------------------------------------------------------ editing

    /// Applies one change to the working copy, records it for undo, and
    /// schedules the save. Changes with the same `key` less than a second
    /// apart (typing in one field) are one undo step.
    pub fn edit(&self, key: Option<&str>, f: impl FnOnce(&mut PlanFile)) {
        // A plan too big to store is only for looking (the banner says so).
        if self.doc.too_big.with_untracked(Option::is_some) {
            return;
        }
        // One copy (the history's "before"); the change is made in place.
        let Some(before) = self.doc.plan.get_untracked() else {
            return;
        };
        let mut changed = false;
        self.doc.plan.update_untracked(|p| {
            if let Some(after) = p {
                f(after);
                // The history compares the two: a change that changes
                // nothing is neither recorded nor saved.
                changed = self
                    .doc
                    .history
                    .try_update_value(|h| h.record(&before, after, key, now_ms()))
                    .unwrap_or(false);
            }
        });
        self.recorded(changed);
    }

    /// Changes one card (by id). As [`AppState::edit`], but the history is
    /// told what the card was, not given a copy of the plan: each keystroke
    /// in a card's field of a 2,000-card plan copied its card list.
    pub fn edit_card(&self, id: &str, key: Option<&str>, f: impl FnOnce(&mut Card)) {
        self.edit_card_changed(id, key, f);
    }

    /// [`AppState::edit_card`], saying whether the card changed.
    fn edit_card_changed(&self, id: &str, key: Option<&str>, f: impl FnOnce(&mut Card)) -> bool {
        if self.doc.too_big.with_untracked(Option::is_some) {
            return false;
        }
        let mut changed = false;
        self.doc.plan.update_untracked(|p| {
            let Some(p) = p else { return };
            let Some(index) = p.cards.iter().position(|c| c.id == id) else {
                return;
            };
            // Held here, the card is copied on write: `before` stays as it was.
            let before = std::sync::Arc::clone(&p.cards[index]);
            f(std::sync::Arc::make_mut(&mut p.cards[index]));
            changed = self
                .doc
                .history
                .try_update_value(|h| h.record_card(&before, p, index, key, now_ms()))
                .unwrap_or(false);
        });
        self.recorded(changed);
        changed
    }

    /// Ticks an action of a card (or clears it): the checkbox shows the
    /// tick at once, the card takes it after the next paint.
    pub fn tick_action(&self, card: String, year: i32, action: String, done: bool) {
        self.edit_card_after_paint(card, move |c| {
            c.set_action_done(year, &action, done, &today_iso());
        });
    }

    /// Marks a yearly goal achieved (or not), as [`AppState::tick_action`].
    pub fn tick_goal(&self, card: String, year: i32, goal: String, achieved: bool) {
        self.edit_card_after_paint(card, move |c| {
            c.set_goal_achieved(year, &goal, achieved);
        });
    }

    /// An edit of one card made after the next paint
    /// ([`crate::frame::after_paint`]), so that the click's own frame holds
    /// no work of the app's but the indicator: it says "saving" at once, and
    /// nothing reads as saved while the edit waits.
    fn edit_card_after_paint(&self, card: String, f: impl FnOnce(&mut Card) + 'static) {
        let status = self.doc.save_status;
        let before = status.get_untracked();
        let generation = self.doc.save_generation.get_value();
        if before == SaveStatus::Saved {
            status.set(SaveStatus::Pending);
        }
        let state = *self;
        crate::frame::after_paint(move || {
            let changed = state.edit_card_changed(&card, None, f);
            // Nothing to save after all (a plan only for looking, a card
            // deleted meanwhile): the indicator says again what it said.
            if !changed
                && state.doc.save_generation.get_value() == generation
                && status.get_untracked() == SaveStatus::Pending
            {
                status.set(before);
            }
        });
    }

    /// After an edit: a change the history recorded updates the undo
    /// buttons, the views and schedules the save; one that changed nothing
    /// does none of it.
    fn recorded(&self, changed: bool) {
        if !changed {
            return;
        }
        self.sync_history_flags();
        self.doc.plan.notify();
        self.schedule_save();
    }

    fn sync_history_flags(&self) {
        let (u, r) = self
            .doc
            .history
            .with_value(|h| (h.can_undo(), h.can_redo()));
        self.doc.can_undo.set(u);
        self.doc.can_redo.set(r);
    }

    pub fn undo(&self) {
        self.step_history(History::undo);
    }

    pub fn redo(&self) {
        self.step_history(History::redo);
    }

    /// One undo or redo step applied to the plan, then saved like an edit.
    fn step_history(&self, step: fn(&mut History, &mut PlanFile) -> bool) {
        let Some(mut plan) = self.doc.plan.get_untracked() else {
            return;
        };
        if self
            .doc
            .history
            .try_update_value(|h| step(h, &mut plan))
            .unwrap_or(false)
        {
            self.doc.plan.set(Some(plan));
            self.sync_history_flags();
            self.schedule_save();
        }
    }

    // ------------------------------------------------------------- saving

    fn schedule_save(&self) {
        self.doc.save_status.set(SaveStatus::Pending);
        let generation = self.doc.save_generation.get_value() + 1;
        self.doc.save_generation.set_value(generation);
        let state = *self;
        set_timeout(
            move || {
                if state.doc.save_generation.get_value() == generation {
                    state.save_now();
                }
            },
            SAVE_DELAY,
        );
    }

    /// Writes the working copy: validates, reconciles with what another tab
    /// may have stored meanwhile, adds one to this browser's clock entry of
    /// every changed card, then writes the plan in one `setItem`.
    pub fn save_now(&self) {
        // Taken out, not copied: it is replaced by what is saved below.
        let Some(base) = self
            .doc
            .base
            .try_update_value(Option::take)
            .flatten()
            .or_else(|| self.doc.plan.get_untracked())
        else {
            return;
        };
        let restore_base = |base: PlanFile| self.doc.base.set_value(Some(base));
        // The memo holds the gate's problems of this very working copy.
        let errors = self
            .doc
            .problems
            .with_untracked(|ps| ps.iter().filter(|p| p.is_error()).count());
        if errors > 0 {
            restore_base(base);
            self.doc.save_status.set(SaveStatus::Invalid(errors));
            return;
        }
        let Some(plan_id) = self
            .doc
            .plan
            .with_untracked(|p| p.as_ref().map(|p| p.plan.id.clone()))
        else {
            return restore_base(base);
        };
        // Only when another tab wrote since this page did (a hash tells):
        // what it stored is merged field by field.
        let stored = storage::stored_if_changed(&plan_id).filter(|s| *s != base);
        let mut reconciled = None;
        if let Some(stored) = &stored {
            let current = self
                .doc
                .plan
                .get_untracked()
                .unwrap_or_else(|| base.clone());
            let r = plan_core::sync::reconcile(&base, &current, stored);
            self.doc.plan.update_untracked(|p| *p = Some(r.file));
            reconciled = Some((r.overridden, r.restored));
        }
        // Measured against what is stored now: cards taken from there are
        // not this browser's changes and keep their clocks.
        let touch_base = stored.unwrap_or(base);
        // The day's snapshot is the plan as it stood before the day's first
        // change, so restoring it goes back to the start of the day.
        storage::snapshot_if_new_day(&touch_base, &today_iso());
        // Clocks are stamped on the working copy where it is (no copy of
        // the plan); the views hear of it below, after the write.
        let mut touched = Vec::new();
        self.doc.plan.update_untracked(|p| {
            if let Some(p) = p {
                touched = plan_core::edit::touch_changed(
                    &touch_base,
                    p,
                    &self.doc.site.get_value(),
                    &now_rfc3339(),
                );
            }
        });
        let blocked = self.blocked_keys();
        let result = self.doc.plan.with_untracked(|p| {
            p.as_ref()
                .map(|p| storage::save_plan(p, &blocked, Some(&touch_base)))
        });
        let Some(result) = result else {
            return restore_base(touch_base);
        };
        let merged = reconciled.is_some();
        match result {
            Ok(()) => {
                let current = self.doc.plan.get_untracked();
                self.doc.base.set_value(current.clone());
                self.doc.save_status.set(SaveStatus::Saved);
                if let Some(current) = &current {
                    let summary = PlanSummary::of(current);
                    self.doc.plans.update(|ps| {
                        if let Some(s) = ps.iter_mut().find(|s| s.id == summary.id) {
                            *s = summary;
                        }
                    });
                    if let Some((overridden, restored)) = reconciled.take() {
                        self.took_other_tab(&overridden, &restored, current);
                    }
                }
            }
            Err(StoreError::Quota) => {
                restore_base(touch_base);
                self.doc.save_status.set(SaveStatus::Full)
            }
            // Reconciling with another tab combines valid sides, but the
            // gate has the last word: nothing unloadable is written. The
            // merged plan is shown, so the fields say what to put right.
            Err(StoreError::Refused(r)) => {
                restore_base(touch_base);
                self.doc
                    .save_status
                    .set(SaveStatus::Invalid(r.problems.len()))
            }
            Err(e) => {
                restore_base(touch_base);
                self.doc.save_status.set(SaveStatus::Failed(e))
            }
        }
        // Stamped clocks (and a merged plan) are shown: card dates, lists.
        if !touched.is_empty() || merged {
            self.doc.plan.notify();
        }
    }

    /// Another tab wrote this plan: take its version, reconciled with any
    /// change of ours not yet written.
    fn take_external_change(&self) {
        let Some(id) = self
            .doc
            .plan
            .with_untracked(|p| p.as_ref().map(|p| p.plan.id.clone()))
        else {
            return;
        };
        let Some(stored) = storage::read_plan_raw(&id).and_then(|raw| load_str(&raw).file) else {
            return;
        };
        let unsaved = self
            .doc
            .plan
            .with_untracked(|p| p.as_ref() != self.doc.base.get_value().as_ref());
        if unsaved {
            // Ours is written on top, reconciled with theirs.
            self.save_now();
        } else {
            self.doc.base.set_value(Some(stored.clone()));
            self.doc.plan.set(Some(stored));
            self.learn_plan();
        }
    }

    // ---------------------------------------------------------------- sync

    /// After `saved`, reconciled with another tab's save, was written: a
    /// field both tabs changed kept this tab's value; the other tab's is one
    /// undo step away and shown in a notice. Cards deleted here but changed
    /// there were kept, and the user is told.
    fn took_other_tab(
        &self,
        overridden: &[plan_core::sync::Overridden],
        restored: &[String],
        saved: &PlanFile,
    ) {
        use plan_core::sync::Overridden;
        if !overridden.is_empty() {
            let mut theirs = saved.clone();
            for o in overridden {
                o.restore(&mut theirs);
            }
            self.doc
                .history
                .update_value(|h| _ = h.record(&theirs, saved, None, now_ms()));
            self.sync_history_flags();
        }
        for o in overridden {
            let card = match o {
                Overridden::Card { id, .. } => saved.card(id).map(|c| c.title.clone()),
                Overridden::Plan { .. } => None,
            };
            self.notify(Notice::Info(Message::OtherTabOverridden {
                card,
                overridden: o.clone(),
            }));
        }
        if !restored.is_empty() {
            self.notify(Notice::Info(Message::OtherTabRestored(restored.len())));
        }
    }

    // -------------------------------------------------------------- plans

    /// Stores a new plan and makes it current. Refuses to replace a plan
    /// already here (merging is its own, careful step).
    fn add_plan(&self, file: PlanFile) -> bool {
        if let Err(e) = storage::save_plan(&file, &self.blocked_keys(), None) {
            // Too big for this browser: still open it, to look at, filter,
            // print and export.
            if e == StoreError::Quota {
                // In a task of its own: the refused write of a 20 MB plan
                // and showing it would be one long freeze together.
                let state = *self;
                set_timeout(
                    move || state.open_read_only(file),
                    std::time::Duration::ZERO,
                );
            } else {
                self.notify(Notice::Error(Message::Store(e)));
            }
            return false;
        }
        // In memory, a new plan has nothing to lose yet; from its first
        // change on, leaving warns until it is exported.
        if self.doc.memory_only && storage::exported_marker(&file.plan.id).is_none() {
            storage::set_exported_marker(&file.plan.id, &change_marker(&file));
        }
        self.doc.plans.update(|ps| ps.push(PlanSummary::of(&file)));
        // The plan just stored is this very one (the gate checked that it
        // loads back equal): shown as it is, not read and parsed again. Its
        // cards stay the allocations the gate's memory holds, so the saves
        // that follow compare pointers, not 2,000 cards field by field.
        self.show_stored(file);
        true
    }

    /// Shows a plan that storage cannot hold, read-only, with the room
    /// there is.
    fn open_read_only(&self, file: PlanFile) {
        if self.doc.save_status.get_untracked() == SaveStatus::Pending {
            self.save_now();
        }
        self.doc.too_big.set(Some(TooBig {
            cards: file.cards.len(),
            room: storage::room_for(&file),
        }));
        self.doc.base.set_value(Some(file.clone()));
        self.doc.history.update_value(History::clear);
        self.sync_history_flags();
        self.doc.plan.set(Some(file));
        self.doc.save_status.set(SaveStatus::Saved);
        self.navigate(Route::Overview);
    }

    /// Opens a stored plan as the working copy.
    pub fn switch_to(&self, id: &str) {
        if self.doc.save_status.get_untracked() == SaveStatus::Pending {
            self.save_now();
        }
        let Some(file) = storage::read_plan_raw(id).and_then(|raw| load_str(&raw).file) else {
            return;
        };
        self.show_stored(file);
    }

    /// Makes `file`, as stored, the working copy (any pending save of the
    /// plan open before is done first).
    fn show_stored(&self, file: PlanFile) {
        if self.doc.save_status.get_untracked() == SaveStatus::Pending {
            self.save_now();
        }
        storage::set_current_plan_id(&file.plan.id);
        self.doc.too_big.set(None);
        self.doc.base.set_value(Some(file.clone()));
        self.doc.history.update_value(History::clear);
        self.sync_history_flags();
        self.doc.plan.set(Some(file));
        self.doc.save_status.set(SaveStatus::Saved);
        self.learn_plan();
        self.navigate(Route::Overview);
    }

    fn has_plan(&self, id: &str) -> bool {
        self.doc
            .plans
            .with_untracked(|ps| ps.iter().any(|p| p.id == id))
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
        let t = self.texts_now();
        let (y, m, _) = self.ui.today;
        let start = plan_core::fiscal::fiscal_year_of(y, m);
        let id = uuid::Uuid::new_v4().to_string();
        let mut file = PlanFile::empty(id, t.start.new_plan_title.to_string(), start, start + 2);
        file.plan.updated_at = Some(now_rfc3339());
        if self.add_plan(file) {
            self.navigate(Route::EditPlan);
        }
    }

    /// Deletes a stored plan after the user confirmed.
    pub fn delete_plan(&self, id: &str) {
        storage::delete_plan(id);
        self.doc.plans.update(|ps| ps.retain(|p| p.id != id));
        if self
            .doc
            .plan
            .with_untracked(|p| p.as_ref().is_some_and(|p| p.plan.id == id))
        {
            self.doc.plan.set(None);
            self.doc.base.set_value(None);
            self.doc.history.update_value(History::clear);
            self.sync_history_flags();
            self.navigate(Route::Start);
        }
    }

    /// Validates a file's bytes before anything changes. A plan not here is
    /// added; a plan already here goes to the merge preview.
    pub fn open_file(&self, name: String, bytes: &[u8]) {
        // An Excel workbook: the app's own carries its plan (read like a
        // file); any other goes to the column-mapping screen.
        let loaded = if crate::xlsx::is_workbook(&name, bytes) {
            // Read in the worker; it comes back here as JSON text.
            crate::xlsx::open_workbook(*self, name, bytes);
            return;
        } else {
            // An HTML report carries its plan inside: read that, like a file.
            let embedded = std::str::from_utf8(bytes)
                .ok()
                .filter(|s| s.trim_start().starts_with('<'))
                .and_then(plan_core::report::extract_plan);
            let bytes = embedded.as_deref().map_or(bytes, str::as_bytes);
            if bytes.len() >= BIG_FILE_BYTES {
                return self.read_in_worker(name, bytes);
            }
            load_bytes(bytes)
        };
        self.opened(name, loaded);
    }

    /// Reads a big plan file in the worker, then builds it here a slice of
    /// cards at a time, so the page never freezes; the progress shows, and
    /// cancelling stops it with nothing changed.
    fn read_in_worker(&self, name: String, bytes: &[u8]) {
        let state = *self;
        self.import.reading.set(Some(Reading {
            name: name.clone(),
            done: 0,
            total: 0,
        }));
        let job = crate::worker::Job::ReadPlan;
        self.run_job(
            &job,
            Some(bytes),
            crate::notice::Task::ReadPlan,
            move |done, lines| {
                let crate::worker::Done::Plan { header, problems } = done else {
                    return;
                };
                if state.import.reading.get_untracked().is_none() {
                    return; // cancelled meanwhile
                }
                let head = header.and_then(|h| serde_json::from_str::<PlanFile>(&h).ok());
                let Some(head) = head else {
                    state.import.reading.set(None);
                    return state.opened(
                        name,
                        plan_core::Loaded {
                            file: None,
                            problems,
                        },
                    );
                };
                let total = lines.iter().filter(|b| **b == b'\n').count();
                state.import.reading.set(Some(Reading {
                    name: name.clone(),
                    done: 0,
                    total,
                }));
                let build = std::rc::Rc::new(std::cell::RefCell::new(Building {
                    name,
                    head,
                    lines,
                    pos: 0,
                    cards: Vec::with_capacity(total),
                    problems,
                }));
                build_slice(state, build);
            },
        );
    }

    /// Stops reading a big file: nothing of it is kept.
    pub fn cancel_reading(&self) {
        if self.import.reading.get_untracked().is_some() {
            self.import.reading.set(None);
            crate::worker::stop();
            self.ui.working.set(0);
        }
    }

    /// A plan file has been read: its problems are shown; a plan not here
    /// is added, a plan already here goes to the merge preview.
    fn opened(&self, name: String, loaded: plan_core::Loaded) {
        let refused = loaded.file.is_none();
        self.import
            .file_report
            .set((!loaded.problems.is_empty()).then(|| FileReport {
                name: name.clone(),
                problems: loaded.problems,
                refused,
            }));
        let Some(file) = loaded.file else { return };
        if !self.has_plan(&file.plan.id) {
            let marker = change_marker(&file);
            let id = file.plan.id.clone();
            let record = self.import_record(&name, &file, file.cards.len(), 0, 0);
            if self.add_plan(file) {
                storage::set_exported_marker(&id, &marker);
                self.record_import(&id, record);
                self.notify(Notice::Info(Message::FileOpened(name)));
            }
            return;
        }
        if self
            .doc
            .plan
            .with_untracked(|p| p.as_ref().map(|p| p.plan.id != file.plan.id))
            .unwrap_or(true)
        {
            self.switch_to(&file.plan.id);
        }
        if self.doc.save_status.get_untracked() == SaveStatus::Pending {
            self.save_now();
        }
        let Some(local) = self.doc.plan.get_untracked() else {
            return;
        };
        match plan_core::merge::preview(&local, &file) {
            Ok(preview) => {
                self.import.import_choices.set(Default::default());
                self.import.pending_import.set(Some(PendingImport {
                    name,
                    incoming: file,
                    preview: std::sync::Arc::new(preview),
                    changed_since_preview: Vec::new(),
                    xlsx_mapping: None,
                }));
                self.navigate(Route::Exchange);
            }
            Err(e) => self.notify(Notice::Error(Message::Merge(e))),
        }
    }

    fn import_record(
        &self,
        name: &str,
        file: &PlanFile,
        added: usize,
        updated: usize,
        conflicts: usize,
    ) -> storage::ImportRecord {
        storage::ImportRecord {
            at: now_rfc3339(),
            file_name: name.to_string(),
            exported_by: file.exported_by.clone(),
            exported_at: file.exported_at.clone(),
            added,
            updated,
            conflicts,
        }
    }

    fn record_import(&self, plan_id: &str, record: storage::ImportRecord) {
        if let Err(e) = storage::add_import(plan_id, record) {
            self.notify(Notice::Error(Message::Store(e)));
        }
        self.import.imports.set(storage::imports(plan_id));
    }

    /// Applies the pending import with the user's choices: one undo step,
    /// written at once with the clocks the merge gave (imported cards are
    /// not this browser's edits).
    pub fn confirm_import(&self) {
        let Some(pending) = self.import.pending_import.get_untracked() else {
            return;
        };
        let Some(before) = self.doc.plan.get_untracked() else {
            return;
        };
        // The preview is fresh at confirm: recomputed against the plan as it
        // is now. If an edit (here or in another tab) changed what importing
        // would do, the new preview is shown instead of overwriting.
        if let Ok(fresh) = plan_core::merge::preview(&before, &pending.incoming)
            && fresh != *pending.preview
        {
            let changed = plan_core::merge::changed_cards(&pending.preview, &fresh);
            self.import.pending_import.set(Some(PendingImport {
                preview: std::sync::Arc::new(fresh),
                changed_since_preview: changed,
                ..pending
            }));
            self.notify(Notice::Error(Message::ImportPreviewRefreshed));
            return;
        }
        let choices = self.import.import_choices.get_untracked();
        // The merge refuses (typed) rather than give a plan that would not
        // load: nothing is stored, the preview stays for another choice.
        let applied = match plan_core::merge::apply(
            &before,
            &pending.preview,
            &choices,
            &self.doc.site.get_value(),
            &now_rfc3339(),
        ) {
            Ok(applied) => applied,
            Err(e) => {
                // Named as people know them (pillars, cards), rendered in
                // the language shown.
                let named = plan_core::messages::named(&e, &before, &pending.preview);
                self.notify(Notice::Error(Message::Merge(named)));
                return;
            }
        };
        // The plan as it was, kept so the import can be undone after a reload.
        storage::snapshot_before_import(&before, &pending.name);
        if let Err(e) = storage::save_plan(&applied.file, &self.blocked_keys(), None) {
            if matches!(e, StoreError::Quota) {
                self.doc.save_status.set(SaveStatus::Full);
            }
            self.notify(Notice::Error(Message::Store(e)));
            return;
        }
        self.doc
            .history
            .update_value(|h| _ = h.record(&before, &applied.file, None, now_ms()));
        self.sync_history_flags();
        self.doc.base.set_value(Some(applied.file.clone()));
        storage::set_exported_marker(&applied.file.plan.id, &change_marker(&applied.file));
        let p = &pending.preview;
        use plan_core::merge::CardOutcome;
        let record = self.import_record(
            &pending.name,
            &pending.incoming,
            p.count(CardOutcome::Added),
            p.count(CardOutcome::Updated),
            p.count(CardOutcome::Conflict),
        );
        self.record_import(&applied.file.plan.id, record);
        if let Some(m) = &pending.xlsx_mapping {
            storage::set_xlsx_mapping(&applied.file.plan.id, m);
        }
        self.doc.plan.set(Some(applied.file));
        self.doc.save_status.set(SaveStatus::Saved);
        self.import.pending_import.set(None);
        self.notify(Notice::Info(Message::ImportDone {
            file: pending.name,
            unresolved: applied.unresolved.len(),
        }));
    }

    pub fn cancel_import(&self) {
        self.import.pending_import.set(None);
    }

    /// Downloads a plan file (whole or part) in the exchange format.
    /// `scope` names the part in the file name; `by` is the sending
    /// department (the plan's first department when not given).
    pub fn export_file(&self, file: PlanFile, scope: Option<&str>, by: Option<&str>) {
        let now = now_rfc3339();
        let by = by
            .map(str::to_string)
            .or_else(|| file.plan.departments.first().cloned());
        let out = plan_core::export::for_export(&file, &now, by.as_deref());
        // A file is a write like any other: only what loads back leaves.
        let text = match plan_core::gate::check_pretty(&out) {
            Ok(passed) => passed.text,
            Err(r) => {
                self.notify(Notice::Error(Message::ExportRefused(r.problems.len())));
                return;
            }
        };
        let name = plan_core::export::file_name(&out, scope, &now[..10], "json");
        match crate::download::download_text(&name, "application/json", &text) {
            Ok(()) => {
                if scope.is_none() {
                    storage::set_exported_marker(&out.plan.id, &change_marker(&file));
                }
            }
            Err(error) => self.notify(Notice::Error(Message::Browser {
                task: Task::Export,
                error,
            })),
        }
    }

    /// Hands `job` to the worker; `ok` gets what it gave. A failure becomes
    /// an error notice: the `task` that failed and why.
    pub fn run_job(
        &self,
        job: &crate::worker::Job,
        bytes: Option<&[u8]>,
        task: Task,
        ok: impl FnOnce(crate::worker::Done, Vec<u8>) + 'static,
    ) {
        let state = *self;
        self.ui.working.update(|n| *n += 1);
        crate::worker::run(job, bytes, move |outcome| {
            state.ui.working.update(|n| *n = n.saturating_sub(1));
            match outcome {
                Ok((done, bytes)) => ok(done, bytes),
                Err(error) => state.notify(Notice::Error(Message::Job { task, error })),
            }
        });
    }

    /// A worker job that makes an HTML document, handed to `show` (print or
    /// download); the browser refusing that is told as `task` failing.
    fn run_html_job(
        &self,
        job: &crate::worker::Job,
        task: Task,
        show: impl FnOnce(&str) -> Result<(), crate::download::BrowserError> + 'static,
    ) {
        let state = *self;
        self.run_job(job, None, task, move |done, _| {
            let crate::worker::Done::Html(html) = done else {
                return;
            };
            if let Err(error) = show(&html) {
                state.notify(Notice::Error(Message::Browser { task, error }));
            }
        });
    }

    /// Prints some cards (or the matrix) through the report's print layout.
    /// The document is made by the worker.
    pub fn print(&self, file: &PlanFile, parts: plan_core::report::Parts) {
        let t = self.texts_now();
        let job = crate::worker::Job::Document {
            plan: plan_core::to_json(file),
            lang: t.lang,
            today: self.ui.today,
            now: now_rfc3339(),
            parts,
        };
        self.run_html_job(&job, Task::Print, crate::print::print_html);
    }

    /// Downloads the self-contained HTML report (the plan is inside it).
    pub fn export_report(&self) {
        let Some(file) = self.doc.plan.get_untracked() else {
            return;
        };
        let t = self.texts_now();
        // The report carries the plan: it must import back.
        let passed = match crate::gate::check(&file) {
            Ok(p) => p,
            Err(r) => {
                self.notify(Notice::Error(Message::ExportRefused(r.problems.len())));
                return;
            }
        };
        let now = now_rfc3339();
        let name =
            plan_core::export::file_name(&file, Some(t.print.report_scope), &now[..10], "html");
        let job = crate::worker::Job::Report {
            plan: passed.text,
            lang: t.lang,
            today: self.ui.today,
            now,
        };
        self.run_html_job(&job, Task::Export, move |html| {
            crate::download::download_text(&name, "text/html", html)
        });
    }

    /// Downloads the cards and actions CSVs (UTF-8 with BOM, for Excel).
    pub fn export_csv(&self) {
        let Some(file) = self.doc.plan.get_untracked() else {
            return;
        };
        let today = (self.ui.today.0, self.ui.today.1);
        let date = today_iso();
        let t = self.texts_now();
        let lang = t.lang;
        for (scope, text) in [
            (
                t.exchange.csv_cards_scope,
                plan_core::export::cards_csv_in(lang, &file, today),
            ),
            (
                t.exchange.csv_actions_scope,
                plan_core::export::actions_csv_in(lang, &file),
            ),
        ] {
            let name = plan_core::export::file_name(&file, Some(scope), &date, "csv");
            if let Err(error) = crate::download::download_text(&name, "text/csv", &text) {
                self.notify(Notice::Error(Message::Browser {
                    task: Task::Export,
                    error,
                }));
            }
        }
    }

    /// Downloads the current plan as a JSON file in the exchange format.
    pub fn export_current(&self) {
        if let Some(file) = self.doc.plan.get_untracked() {
            self.export_file(file, None, None);
        }
    }

    /// Puts a daily snapshot back as the working copy (one undo step).
    pub fn restore_snapshot(&self, snapshot_id: &str) {
        let Some(plan_id) = self.doc.with_plan(|p| p.plan.id.clone()) else {
            return;
        };
        match storage::load_snapshot(&plan_id, snapshot_id) {
            Some(Ok(snap)) => self.edit(None, |p| {
                // Keep clocks moving forward: restored cards count as edits.
                p.plan = snap.plan;
                p.cards = snap.cards;
            }),
            // The gate refused it: nothing changes.
            Some(Err(_)) => self.notify(Notice::Error(Message::SnapshotRefused)),
            None => self.notify(Notice::Error(Message::SnapshotMissing)),
        }
    }

    /// Downloads the raw text of a stored value that could not be read.
    /// Saves a repaired stored plan (it passed the gate in the repair view;
    /// storage checks again) and opens it.
    pub fn finish_repair(&self, key: &str, file: PlanFile) {
        match storage::save_repaired(key, &file) {
            Ok(()) => {
                self.doc.unreadable.update(|u| u.retain(|x| x.key != key));
                self.doc.plans.update(|ps| {
                    ps.retain(|p| p.id != file.plan.id);
                    ps.push(PlanSummary::of(&file));
                });
                self.doc.repairing.set(None);
                self.notify(Notice::Info(Message::RepairDone(file.plan.title.clone())));
                self.switch_to(&file.plan.id);
            }
            // Here "blocked" means another plan holds the id.
            Err(StoreError::Blocked(_)) => self.notify(Notice::Error(Message::RepairIdTaken)),
            Err(e) => self.notify(Notice::Error(Message::Store(e))),
        }
    }

    pub fn download_unreadable(&self, key: &str) {
        if let Some(raw) = storage::read_raw(key)
            && crate::download::download_text(&format!("{key}.json"), "application/json", &raw)
                .is_ok()
        {
            // Its kept copy may now give way when a plan needs room.
            storage::mark_downloaded(key);
        }
    }
}

/// The change handler of an `<input type="file">`: opens the picked file,
/// then clears the input so the same file can be picked again once fixed.
pub fn on_file_picked(state: AppState) -> impl Fn(leptos::ev::Event) + Copy + 'static {
    move |ev| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            read_file(state, file);
        }
        input.set_value("");
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
            Err(_) => state.notify(Notice::Error(Message::FileReadFailed)),
        }
    });
}

/// A big plan file being built from the worker's card texts.
struct Building {
    name: String,
    head: PlanFile,
    /// The worker's card texts, one per line, and how far they are read.
    lines: Vec<u8>,
    pos: usize,
    cards: Vec<std::sync::Arc<Card>>,
    problems: Vec<Problem>,
}

/// Builds the next slice of cards, then yields to the browser (a frame is
/// drawn, the progress bar moves, Cancel can be clicked) before the next;
/// after the last, the plan opens as any file does.
fn build_slice(state: AppState, build: std::rc::Rc<std::cell::RefCell<Building>>) {
    if state.import.reading.get_untracked().is_none() {
        return; // cancelled
    }
    let mut unreadable = None;
    let finished = {
        let mut b = build.borrow_mut();
        for _ in 0..CARDS_PER_SLICE {
            let i = b.cards.len();
            let rest = &b.lines[b.pos..];
            let Some(end) = rest.iter().position(|c| *c == b'\n') else {
                b.pos = b.lines.len();
                break;
            };
            let text = String::from_utf8_lossy(&rest[..end]).into_owned();
            b.pos += end + 1;
            // The worker's loader accepted the file: each text is a card.
            let Ok(card) = serde_json::from_str::<Card>(&text) else {
                // Not expected (the worker's loader wrote it): say which
                // card, and keep nothing, rather than drop it silently.
                unreadable = Some(i);
                break;
            };
            let problems = plan_core::gate::card_problems_at(&b.problems, i);
            // The gate's memory holds the very card the plan will hold.
            let card = std::sync::Arc::new(card);
            crate::gate::seed(card.clone(), text, problems);
            b.cards.push(card);
        }
        let done = b.cards.len();
        state.import.reading.update(|r| {
            if let Some(r) = r {
                r.done = done;
            }
        });
        b.pos >= b.lines.len()
    };
    if let Some(i) = unreadable {
        state.import.reading.set(None);
        let name = build.borrow().name.clone();
        return state.opened(
            name,
            plan_core::Loaded {
                file: None,
                problems: vec![Problem::error(
                    format!("cards[{i}]"),
                    plan_core::ProblemKind::ChangesWhenSaved,
                )],
            },
        );
    }
    if !finished {
        set_timeout(move || build_slice(state, build), std::time::Duration::ZERO);
        return;
    }
    state.import.reading.set(None);
    let Ok(b) = std::rc::Rc::try_unwrap(build).map(std::cell::RefCell::into_inner) else {
        return;
    };
    let file = b.head.with_cards(b.cards);
    state.opened(
        b.name,
        plan_core::Loaded {
            file: Some(file),
            problems: b.problems,
        },
    );
}
