//! Notices: what the app tells the user after an action. They stay typed
//! (which message, with its data and the typed error) until the layout
//! shows them, and are rendered from the catalogue in the language shown
//! then, so switching the language re-renders notices already on screen.
//! No `Display` text (plan-core's are Japanese, the adapters' English)
//! reaches the page.

use plan_core::edit::EditError;
use plan_core::merge::MergeError;
use plan_core::sync::Overridden;

use crate::download::BrowserError;
use crate::storage::{self, StoreError};
use crate::texts::Texts;
use crate::worker::WorkerError;

#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// A success: goes away on its own, or when the next one comes.
    Info(Message),
    /// Stays until closed.
    Error(Message),
    /// Copies removed to make room for the plan.
    Dropped(Vec<storage::Dropped>),
}

impl Notice {
    /// The notice's text in the catalogue `t` (a `Dropped` gives its
    /// heading; the layout lists the copies under it).
    pub fn text(&self, t: &Texts) -> String {
        match self {
            Notice::Info(m) | Notice::Error(m) => m.text(t),
            Notice::Dropped(_) => t.storage.dropped_heading.to_string(),
        }
    }
}

/// What a failure was about: the first words of its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Writing a file (JSON, CSV, report, workbook).
    Export,
    Print,
    /// Reading an Excel workbook.
    ReadWorkbook,
    /// Reading a big plan file in the worker.
    ReadPlan,
    /// Making the dashboard's charts in the worker.
    Chart,
}

impl Task {
    fn failed(self, t: &Texts) -> &'static str {
        match self {
            Task::Export => t.notice.export_failed,
            Task::Print => t.print.failed,
            Task::ReadWorkbook => t.xlsx.read_failed,
            Task::ReadPlan => t.worker.reading_failed,
            Task::Chart => t.chart.not_drawn,
        }
    }
}

/// Every notice the app raises, with what its text needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    // --- successes
    /// A plan file (or workbook) opened as a new plan: its file name.
    FileOpened(String),
    ImportDone {
        file: String,
        /// Conflicts left as they were here.
        unresolved: usize,
    },
    /// A card deleted: its title.
    CardDeleted(String),
    /// A card's year continued into this fiscal year.
    CopiedToNext(i32),
    /// A stored plan repaired: its title.
    RepairDone(String),
    /// A field another tab changed too; this tab's value was kept.
    OtherTabOverridden {
        /// The card's title (`None`: a field of the plan header).
        card: Option<String>,
        overridden: Overridden,
    },
    /// Cards deleted here but changed in another tab, kept.
    OtherTabRestored(usize),
    // --- errors
    FileReadFailed,
    Edit(EditError),
    Merge(MergeError),
    Store(StoreError),
    /// A plan with the repaired plan's id is here already.
    RepairIdTaken,
    /// The plan changed under the import preview: shown again.
    ImportPreviewRefreshed,
    /// The gate refused a file to write: the number of problems.
    ExportRefused(usize),
    /// The plan made from an Excel sheet would not load.
    XlsxRefused(usize),
    SnapshotRefused,
    SnapshotMissing,
    /// The browser did not take a download or a print.
    Browser {
        task: Task,
        error: BrowserError,
    },
    /// A job of the file worker failed.
    Job {
        task: Task,
        error: WorkerError,
    },
}

impl Message {
    /// The message in the catalogue `t`.
    pub fn text(&self, t: &Texts) -> String {
        match self {
            Message::FileOpened(name) => (t.notice.file_opened)(name),
            Message::ImportDone { file, unresolved } => (t.exchange.import_done)(file, *unresolved),
            Message::CardDeleted(title) => (t.notice.card_deleted)(title),
            Message::CopiedToNext(year) => (t.notice.copied_to_next)(*year),
            Message::RepairDone(title) => (t.repair.done)(title),
            Message::OtherTabOverridden { card, overridden } => other_tab(t, card, overridden),
            Message::OtherTabRestored(n) => (t.sync.restored)(*n),
            Message::FileReadFailed => t.notice.file_read_failed.to_string(),
            Message::Edit(e) => edit_error(t, e),
            Message::Merge(e) => plan_core::messages::merge(t.lang, e),
            Message::Store(e) => store_error(t, e),
            Message::RepairIdTaken => t.repair.id_taken.to_string(),
            Message::ImportPreviewRefreshed => t.exchange.preview_refreshed.to_string(),
            Message::ExportRefused(n) => (t.notice.export_refused)(*n),
            Message::XlsxRefused(n) => (t.xlsx.refused)(*n),
            Message::SnapshotRefused => t.snapshots.refused.to_string(),
            Message::SnapshotMissing => t.snapshots.missing.to_string(),
            Message::Browser { task, error } => match error {
                BrowserError::NoDocument => task.failed(t).to_string(),
                BrowserError::Threw(name) => format!("{} ({name})", task.failed(t)),
            },
            Message::Job { task, error } => job_error(t, *task, error),
        }
    }
}

fn other_tab(t: &Texts, card: &Option<String>, o: &Overridden) -> String {
    let (at, field) = match o {
        Overridden::Card { field, theirs, .. } => (
            (t.sync.card)(card.as_deref().unwrap_or(&theirs.title)),
            t.card_field_group(*field),
        ),
        Overridden::Plan { field, .. } => (t.sync.plan.to_string(), t.plan_field(*field)),
    };
    match o.theirs_text(t.common.list_separator) {
        Some(theirs) => (t.sync.overridden)(&at, field, &theirs),
        None => (t.sync.overridden_no_text)(&at, field),
    }
}

fn edit_error(t: &Texts, e: &EditError) -> String {
    match e {
        EditError::CardNotFound(id) => (t.edit.card_not_found)(id),
        EditError::YearNotFound(y) => (t.edit.year_not_found)(*y),
        EditError::OutsidePlan(y) => (t.edit.outside_plan)(*y),
        EditError::NextYearNotEmpty(y) => (t.edit.next_year_not_empty)(*y),
    }
}

/// A storage failure, as the notices and the "not saved" banner say it.
pub fn store_error(t: &Texts, e: &StoreError) -> String {
    match e {
        StoreError::Quota => t.storage.full.to_string(),
        StoreError::Blocked(_) => t.storage.blocked.to_string(),
        StoreError::Refused(r) => (t.save.refused)(r.problems.len()),
        StoreError::Unavailable => format!("{} {}", t.storage.failed, t.storage.unavailable),
        // The browser's own words (an exception name): for whoever helps.
        StoreError::Write(detail) => format!("{} ({detail})", t.storage.failed),
    }
}

/// A failed worker job: the task, then why.
fn job_error(t: &Texts, task: Task, e: &WorkerError) -> String {
    use crate::worker::JobError;
    use plan_xlsx::ReadError;
    let what = task.failed(t);
    match e {
        WorkerError::Job(JobError::Read(ReadError::DamagedPlan)) => t.xlsx.damaged.to_string(),
        WorkerError::Job(JobError::Read(_)) => t.xlsx.read_failed.to_string(),
        WorkerError::Job(JobError::Refused(n)) => (t.notice.export_refused)(*n),
        WorkerError::Job(JobError::Write(detail)) => format!("{what} ({detail})"),
        WorkerError::Start(_)
        | WorkerError::Crashed(_)
        | WorkerError::Job(JobError::BadPlan(_) | JobError::BadMessage(_)) => {
            format!("{what} {}", t.worker.failed)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::texts::{EN, JA};
    use crate::worker::JobError;

    fn japanese(s: &str) -> bool {
        s.chars()
            .any(|c| matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x9FFF | 0xFF00..=0xFFEF))
    }

    /// One of each message (and of each typed error inside them).
    fn every_message() -> Vec<Message> {
        let sample = plan_core::sample_plan();
        // User data in the message: not Japanese, so the check sees ours.
        let mut card = plan_core::Card::clone(&sample.cards[0]);
        card.title = "Theirs".into();
        let refused = plan_core::gate::Refused {
            problems: Vec::new(),
        };
        let mut m = vec![
            Message::FileOpened("plan.json".into()),
            Message::ImportDone {
                file: "plan.json".into(),
                unresolved: 2,
            },
            Message::CardDeleted("Card".into()),
            Message::CopiedToNext(2026),
            Message::RepairDone("Plan".into()),
            Message::OtherTabOverridden {
                card: Some("Card".into()),
                overridden: Overridden::Card {
                    id: card.id.clone(),
                    field: plan_core::merge::FieldGroup::Title,
                    theirs: Box::new(card),
                },
            },
            Message::OtherTabRestored(1),
            Message::FileReadFailed,
            Message::Edit(EditError::CardNotFound("c-1".into())),
            Message::Edit(EditError::YearNotFound(2025)),
            Message::Edit(EditError::OutsidePlan(2030)),
            Message::Edit(EditError::NextYearNotEmpty(2026)),
            Message::Merge(MergeError::DifferentPlan {
                local: "a".into(),
                incoming: "b".into(),
            }),
            Message::Merge(MergeError::MeasurePlacement {
                measure: "m".into(),
                local_pillar: "p1".into(),
                incoming_pillar: None,
                local_cards: vec!["c1".into()],
                incoming_cards: vec!["c2".into()],
            }),
            Message::Merge(MergeError::WouldNotLoad(refused.clone())),
            Message::RepairIdTaken,
            Message::ImportPreviewRefreshed,
            Message::ExportRefused(3),
            Message::XlsxRefused(3),
            Message::SnapshotRefused,
            Message::SnapshotMissing,
        ];
        m.extend(
            [
                StoreError::Unavailable,
                StoreError::Blocked("k".into()),
                StoreError::Quota,
                StoreError::Write("SecurityError".into()),
                StoreError::Refused(refused),
            ]
            .map(Message::Store),
        );
        for task in [
            Task::Export,
            Task::Print,
            Task::ReadWorkbook,
            Task::ReadPlan,
            Task::Chart,
        ] {
            m.push(Message::Browser {
                task,
                error: BrowserError::NoDocument,
            });
            m.push(Message::Browser {
                task,
                error: BrowserError::Threw("SecurityError".into()),
            });
            for error in [
                WorkerError::Start("x".into()),
                WorkerError::Crashed("x".into()),
                WorkerError::Job(JobError::Read(plan_xlsx::ReadError::DamagedPlan)),
                WorkerError::Job(JobError::Read(plan_xlsx::ReadError::Empty)),
                WorkerError::Job(JobError::Refused(2)),
                WorkerError::Job(JobError::Write("zip".into())),
                WorkerError::Job(JobError::BadPlan("x".into())),
                WorkerError::Job(JobError::BadMessage("x".into())),
            ] {
                m.push(Message::Job { task, error });
            }
        }
        m
    }

    #[test]
    fn every_message_reads_in_the_language_shown() {
        for m in every_message() {
            let (ja, en) = (m.text(&JA), m.text(&EN));
            assert!(
                japanese(&ja),
                "no Japanese in the Japanese text of {m:?}: {ja}"
            );
            assert!(
                !japanese(&en),
                "Japanese in the English text of {m:?}: {en}"
            );
        }
    }

    #[test]
    fn a_typed_error_is_rendered_by_the_catalogue_not_by_display() {
        let e = EditError::OutsidePlan(2030);
        let en = Message::Edit(e.clone()).text(&EN);
        assert_ne!(en, e.to_string());
        assert!(en.contains("2030"), "{en}");
        let e = StoreError::Quota;
        assert_eq!(Message::Store(e).text(&JA), JA.storage.full);
    }

    #[test]
    fn a_failed_job_names_the_task() {
        let start = WorkerError::Start("x".into());
        let print = Message::Job {
            task: Task::Print,
            error: start.clone(),
        };
        assert!(print.text(&EN).starts_with(EN.print.failed));
        let export = Message::Job {
            task: Task::Export,
            error: start,
        };
        assert!(export.text(&JA).starts_with(JA.notice.export_failed));
        assert!(export.text(&JA).contains(JA.worker.failed));
    }
}
