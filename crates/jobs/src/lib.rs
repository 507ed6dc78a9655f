//! The heavy file work the page hands to its worker, as messages.
//!
//! The page's module stays small by leaving out what the first screen never
//! needs: reading and writing Excel workbooks (zip, XML, encodings),
//! building the HTML report and printouts, and building the dashboard's
//! ECharts options with charming ([`charts`]). A second wasm module
//! (`crates/worker`), started in a Web Worker on first use, does that work;
//! the page sends a [`Job`] (JSON text, with a file's bytes beside it when
//! it has one) and gets back a [`Done`] or a [`JobError`].
//!
//! Both sides depend on this crate; only the worker enables `run`, so the
//! page links the message types and nothing of the work.

pub mod charts;

pub use charts::ChartSpec;
use plan_core::Lang;
use plan_core::report::Parts;
use plan_xlsx::{ReadError, Workbook};
use serde::{Deserialize, Serialize};

/// One piece of work. Plans travel as plan-file JSON text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Job {
    /// Read a workbook; its bytes go beside the job.
    ReadWorkbook,
    /// Write a plan (text that passed the gate) as a workbook; the bytes
    /// come back beside [`Done::Bytes`].
    WriteWorkbook {
        plan: String,
        lang: Lang,
        card_sheets: bool,
    },
    /// A printable HTML document of some parts of a plan.
    Document {
        plan: String,
        lang: Lang,
        today: (i32, u32, u32),
        now: String,
        parts: Parts,
    },
    /// Read a plan file (its bytes go beside): the loader's checks off the
    /// page's thread, for a big file.
    ReadPlan,
    /// The self-contained HTML report, the plan inside it.
    Report {
        plan: String,
        lang: Lang,
        today: (i32, u32, u32),
        now: String,
    },
    /// The dashboard's charts: an ECharts option for each spec.
    Charts(Vec<ChartSpec>),
}

/// What a job gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Done {
    Workbook(Workbook),
    /// The bytes (a workbook) travel beside this.
    Bytes,
    Html(String),
    /// A plan file read: the file without its cards, as compact JSON, and
    /// every problem the loader found; its cards travel beside as bytes,
    /// one compact JSON card per line (see [`card_lines`]), so the page can
    /// build the plan a slice at a time without parsing one 20 MB message.
    /// No header: the file was refused.
    Plan {
        header: Option<String>,
        problems: Vec<plan_core::Problem>,
    },
    /// One ECharts option (JSON text) per spec sent, in the same order.
    Charts(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum JobError {
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The plan would not load back; nothing was written. The number of
    /// problems the gate found.
    #[error("the plan would not load back ({0} problems)")]
    Refused(usize),
    /// The plan text sent did not parse (a bug on the sending side).
    #[error("the plan sent to the worker did not parse: {0}")]
    BadPlan(String),
    #[error("the workbook could not be written: {0}")]
    Write(String),
    /// The message itself did not parse (page and worker out of step).
    #[error("the message did not parse: {0}")]
    BadMessage(String),
}

/// A job as the page sends it.
pub fn encode(job: &Job) -> String {
    serde_json::to_string(job).unwrap_or_default()
}

/// A reply as the page reads it.
pub fn decode_reply(text: &str) -> Result<Done, JobError> {
    serde_json::from_str::<Result<Done, JobError>>(text)
        .unwrap_or_else(|e| Err(JobError::BadMessage(e.to_string())))
}

/// Does the job in `text` (with `bytes` beside it) and gives the reply's
/// text and the bytes to send back beside it.
#[cfg(feature = "run")]
pub fn handle(text: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let result = serde_json::from_str::<Job>(text)
        .map_err(|e| JobError::BadMessage(e.to_string()))
        .and_then(|job| run(job, bytes));
    let (reply, out) = match result {
        Ok((done, out)) => (Ok(done), out),
        Err(e) => (Err(e), Vec::new()),
    };
    (
        serde_json::to_string::<Result<Done, JobError>>(&reply).unwrap_or_default(),
        out,
    )
}

/// Does one job.
#[cfg(feature = "run")]
pub fn run(job: Job, bytes: &[u8]) -> Result<(Done, Vec<u8>), JobError> {
    use plan_core::PlanFile;
    // Printouts show the plan as it is in the app; the gate is the writer's
    // business (the workbook's export runs it, the report's sender did).
    let parse = |plan: &str| {
        serde_json::from_str::<PlanFile>(plan).map_err(|e| JobError::BadPlan(e.to_string()))
    };
    match job {
        Job::ReadWorkbook => Ok((Done::Workbook(plan_xlsx::read(bytes)?), Vec::new())),
        Job::ReadPlan => {
            let loaded = plan_core::load_bytes(bytes);
            let (header, cards) = match &loaded.file {
                Some(file) => {
                    let mut lines = Vec::new();
                    for card in &file.cards {
                        // Compact JSON has no raw line break (they are
                        // escaped in strings): one card per line.
                        serde_json::to_writer(&mut lines, card)
                            .map_err(|e| JobError::Write(e.to_string()))?;
                        lines.push(b'\n');
                    }
                    (Some(to_text(&file.with_cards(Vec::new()))?), lines)
                }
                None => (None, Vec::new()),
            };
            let done = Done::Plan {
                header,
                problems: loaded.problems,
            };
            Ok((done, cards))
        }
        Job::WriteWorkbook {
            plan,
            lang,
            card_sheets,
        } => {
            let file = parse(&plan)?;
            let opts = plan_xlsx::ExportOptions { lang, card_sheets };
            match plan_xlsx::export(&file, &opts) {
                Ok(out) => Ok((Done::Bytes, out)),
                Err(plan_xlsx::ExportError::Refused(r)) => Err(JobError::Refused(r.problems.len())),
                Err(e) => Err(JobError::Write(e.to_string())),
            }
        }
        Job::Document {
            plan,
            lang,
            today,
            now,
            parts,
        } => {
            let file = parse(&plan)?;
            let html = plan_core::report::html_document_in(lang, &file, today, &now, parts);
            Ok((Done::Html(html), Vec::new()))
        }
        Job::Report {
            plan,
            lang,
            today,
            now,
        } => {
            let file = parse(&plan)?;
            let html = plan_core::report::html_report_in(lang, &file, today, &now);
            Ok((Done::Html(html), Vec::new()))
        }
        Job::Charts(specs) => Ok((
            Done::Charts(specs.iter().map(charts::option).collect()),
            Vec::new(),
        )),
    }
}

/// The cards of a [`Done::Plan`]: one compact JSON text per line.
pub fn card_lines(bytes: &[u8]) -> impl Iterator<Item = &str> {
    bytes
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .filter_map(|l| std::str::from_utf8(l).ok())
}

#[cfg(feature = "run")]
fn to_text<T: Serialize>(value: &T) -> Result<String, JobError> {
    serde_json::to_string(value).map_err(|e| JobError::Write(e.to_string()))
}

#[cfg(all(test, feature = "run"))]
mod tests {
    use super::*;

    fn sample() -> String {
        let file = plan_core::load_str(plan_core::SAMPLE_PLAN_JSON)
            .file
            .expect("sample loads");
        plan_core::gate::check(&file).expect("sample passes").text
    }

    fn roundtrip(job: &Job, bytes: &[u8]) -> (Result<Done, JobError>, Vec<u8>) {
        let (reply, out) = handle(&encode(job), bytes);
        (decode_reply(&reply), out)
    }

    #[test]
    fn a_workbook_written_by_the_worker_reads_back_to_the_same_plan() {
        let plan = sample();
        let job = Job::WriteWorkbook {
            plan: plan.clone(),
            lang: Lang::Ja,
            card_sheets: false,
        };
        let (done, bytes) = roundtrip(&job, &[]);
        assert_eq!(done, Ok(Done::Bytes));
        assert!(plan_xlsx::looks_like_xlsx(&bytes));
        let (done, _) = roundtrip(&Job::ReadWorkbook, &bytes);
        let Ok(Done::Workbook(Workbook::Plan(text))) = done else {
            panic!("not the app's own workbook: {done:?}");
        };
        let back = plan_core::load_str(&text).file.expect("loads");
        let sent = plan_core::load_str(&plan).file.expect("loads");
        assert_eq!(back.cards, sent.cards);
        assert_eq!(back.plan.title, sent.plan.title);
    }

    #[test]
    fn a_plan_file_comes_back_as_its_header_and_cards_with_its_problems() {
        let plan = sample();
        let (done, lines) = roundtrip(&Job::ReadPlan, plan.as_bytes());
        let Ok(Done::Plan {
            header: Some(header),
            problems,
        }) = done
        else {
            panic!("{done:?}")
        };
        let head: plan_core::PlanFile = serde_json::from_str(&header).unwrap();
        let cards: Vec<std::sync::Arc<plan_core::Card>> = card_lines(&lines)
            .map(|c| serde_json::from_str(c).unwrap())
            .collect();
        let sent = plan_core::load_str(&plan);
        assert_eq!(Some(head.with_cards(cards)), sent.file);
        assert_eq!(problems, sent.problems);
        // A refused file: no header, and the loader's problems with paths.
        let (done, _) = roundtrip(&Job::ReadPlan, b"{\"format\":\"dx-action-plan\"}");
        let Ok(Done::Plan {
            header: None,
            problems,
            ..
        }) = done
        else {
            panic!("{done:?}")
        };
        assert!(problems.iter().any(plan_core::Problem::is_error));
    }

    #[test]
    fn a_file_that_is_no_workbook_gets_a_typed_error() {
        let (done, bytes) = roundtrip(&Job::ReadWorkbook, b"PK\x03\x04 not really");
        assert!(
            matches!(done, Err(JobError::Read(ReadError::NotXlsx(_)))),
            "{done:?}"
        );
        assert!(bytes.is_empty());
    }

    #[test]
    fn the_report_and_a_printout_come_back_in_the_language_asked_for() {
        let plan = sample();
        let today = (2025, 10, 1);
        let now = "2025-10-01T09:00:00+09:00".to_string();
        let (done, _) = roundtrip(
            &Job::Report {
                plan: plan.clone(),
                lang: Lang::En,
                today,
                now: now.clone(),
            },
            &[],
        );
        let Ok(Done::Html(html)) = done else {
            panic!("{done:?}")
        };
        assert!(html.contains("<html lang=\"en\""), "{}", &html[..200]);
        // The report carries its plan: it imports back.
        let inside = plan_core::report::extract_plan(&html).expect("plan inside");
        assert!(plan_core::load_str(&inside).file.is_some());
        let (done, _) = roundtrip(
            &Job::Document {
                plan,
                lang: Lang::Ja,
                today,
                now,
                parts: Parts::CARDS_ONLY,
            },
            &[],
        );
        let Ok(Done::Html(html)) = done else {
            panic!("{done:?}")
        };
        assert!(html.contains("<html lang=\"ja\""));
    }

    #[test]
    fn a_plan_the_gate_refuses_is_not_written_and_says_how_many_problems() {
        let mut file = plan_core::load_str(&sample()).file.unwrap();
        file.plan.title.clear();
        let plan = serde_json::to_string(&file).unwrap();
        let job = Job::WriteWorkbook {
            plan,
            lang: Lang::Ja,
            card_sheets: false,
        };
        let (done, bytes) = roundtrip(&job, &[]);
        assert!(
            matches!(done, Err(JobError::Refused(n)) if n >= 1),
            "{done:?}"
        );
        assert!(bytes.is_empty());
    }

    #[test]
    fn a_message_from_another_version_is_refused_not_misread() {
        let (reply, _) = handle("{\"Unknown\":{}}", &[]);
        assert!(matches!(decode_reply(&reply), Err(JobError::BadMessage(_))));
    }
}
