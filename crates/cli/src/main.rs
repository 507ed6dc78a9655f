//! `shinchoku-cli`: batch work on plan files for the DX office — checking the
//! files departments send in, merging them into the master plan, and writing
//! CSV for Excel and the JSON Schema of the format.
//!
//! Exit codes: 0 done; 1 an input file is invalid (or of another plan), or
//! the result would be (then nothing is written); 2 usage or file-system
//! error; 3 (merge) conflicts remain unresolved.
//!
//! Every plan written goes through `plan_core::gate`: what is written is the
//! very text the loader accepted.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

// clap (derive) because it is the standard: it gives --help, --version and
// clear usage errors (exit code 2) without hand-written parsing.
use clap::{Parser, Subcommand, ValueEnum};
use plan_core::PlanFile;
use plan_core::fiscal::civil_from_days;
use plan_core::merge::{self, CardOutcome, Choice, HeaderConflict, Side};
use plan_core::messages;

const OK: u8 = 0;
const INVALID: u8 = 1;
const USAGE_OR_IO: u8 = 2;
const CONFLICTS: u8 = 3;

#[derive(Parser)]
#[command(
    name = "shinchoku-cli",
    version,
    about = "進捗（Shinchoku）: DXアクションプランのファイルを検査・統合・書き出しします\n\
             Validate, merge and export DX action-plan files (format dx-action-plan v1)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// ファイルを検査します / Check plan files: prints `FILE: OK` or each problem.
    /// Exit 0 when all are valid, 1 when any is invalid, 2 when one cannot be read.
    Validate {
        /// Plan files (.json; a BOM is accepted).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// ファイルを基のファイルに順に取り込みます / Merge FILEs into BASE, in order,
    /// by the format's version-clock rules, and write OUT. Exit 3 when
    /// conflicts remain (they are left as in BASE).
    Merge {
        /// The master plan the files are merged into (left unchanged).
        #[arg(value_name = "BASE")]
        base: PathBuf,
        /// Files to take in, one after another (e.g. one per department).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Where to write the merged plan (pretty JSON, UTF-8 without BOM).
        #[arg(short, long, value_name = "OUT")]
        out: PathBuf,
        /// Resolve conflicts: `theirs` takes the FILE's card, `ours` keeps
        /// BASE's (logs are united either way). Unset: left unresolved.
        #[arg(long, value_enum)]
        prefer: Option<Prefer>,
        /// The id of this copy, counted in the clocks of the cards it changes.
        #[arg(long, value_name = "ID", default_value = "cli")]
        site: String,
    },
    /// CSV（Excel用）を書き出します / Write DIR/cards.csv and DIR/actions.csv
    /// (UTF-8 with BOM, for Excel).
    Csv {
        /// The plan file to write out.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The folder for the CSV files (created if missing).
        #[arg(short, long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Excelブック（.xlsx）を書き出します / Write the plan as an Excel workbook
    /// (進捗状況表, 取組事項, 年次目標, 評価指標; the plan itself rides along in a
    /// hidden sheet, so the app imports the workbook back without loss).
    Xlsx {
        /// The plan file to write out.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The workbook to write (.xlsx).
        #[arg(short, long, value_name = "OUT")]
        out: PathBuf,
        /// Sheet and header language: ja (default) or en.
        #[arg(long, default_value = "ja", value_parser = ["ja", "en"])]
        lang: String,
        /// Add one sheet per card, for printing a handout.
        #[arg(long)]
        card_sheets: bool,
    },
    /// 形式のJSON Schemaを表示します / Print the JSON Schema of the plan format.
    Schema,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Prefer {
    Theirs,
    Ours,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Validate { files } => validate(&files),
        Command::Merge {
            base,
            files,
            out,
            prefer,
            site,
        } => merge_files(&base, &files, &out, prefer, &site),
        Command::Csv { file, out } => csv(&file, &out),
        Command::Xlsx {
            file,
            out,
            lang,
            card_sheets,
        } => xlsx(&file, &out, &lang, card_sheets),
        Command::Schema => {
            println!("{}", plan_core::schema::json_schema());
            OK
        }
    };
    ExitCode::from(code)
}

// -------------------------------------------------------------- reading

/// A file read and checked; `Err` is the exit code, after the problems
/// were printed to stderr.
fn load(path: &Path) -> Result<PlanFile, u8> {
    let bytes = read(path)?;
    let loaded = plan_core::load_bytes(&bytes);
    for p in loaded.warnings() {
        eprintln!("{}: {p}（警告 / warning）", path.display());
    }
    match loaded.file {
        Some(file) => Ok(file),
        None => {
            for p in loaded.errors() {
                eprintln!("{}: {p}", path.display());
            }
            Err(INVALID)
        }
    }
}

fn read(path: &Path) -> Result<Vec<u8>, u8> {
    fs::read(path).map_err(|e| {
        eprintln!("{}: 読み込めません / cannot read: {e}", path.display());
        USAGE_OR_IO
    })
}

// ------------------------------------------------------------- validate

fn validate(files: &[PathBuf]) -> u8 {
    let mut code = OK;
    for path in files {
        let Ok(bytes) = read(path) else {
            code = code.max(USAGE_OR_IO);
            continue;
        };
        let loaded = plan_core::load_bytes(&bytes);
        let name = path.display();
        for p in &loaded.problems {
            if p.is_error() {
                println!("{name}: {p}");
            } else {
                println!("{name}: {p}（警告 / warning）");
            }
        }
        if loaded.file.is_some() {
            println!("{name}: OK");
        } else {
            code = code.max(INVALID);
        }
    }
    code
}

// ---------------------------------------------------------------- merge

fn merge_files(
    base: &Path,
    files: &[PathBuf],
    out: &Path,
    prefer: Option<Prefer>,
    site: &str,
) -> u8 {
    if site.is_empty() {
        eprintln!("--site は空にできません / --site must not be empty");
        return USAGE_OR_IO;
    }
    // Read and check everything before merging anything.
    let mut code = OK;
    let mut loaded = Vec::new();
    for path in std::iter::once(base).chain(files.iter().map(PathBuf::as_path)) {
        match load(path) {
            Ok(file) => loaded.push(file),
            Err(c) => code = code.max(c),
        }
    }
    if code != OK {
        return code;
    }
    let mut current = loaded.remove(0);
    let now = now_rfc3339();
    let mut unresolved = 0;

    for (path, incoming) in files.iter().zip(&loaded) {
        let name = path.display();
        let preview = match merge::preview(&current, incoming) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{name}: {e} / the file belongs to another plan");
                return INVALID;
            }
        };
        let mut choices = HashMap::new();
        for c in preview.conflicts() {
            let title = c.local.as_ref().map_or(&c.incoming.title, |l| &l.title);
            match prefer {
                None => println!("conflict: {} {title}", c.id),
                Some(p) => {
                    let (side, said) = match p {
                        Prefer::Theirs => (Side::Incoming, "theirs"),
                        Prefer::Ours => (Side::Local, "ours"),
                    };
                    println!("conflict: {} {title} (resolved: {said})", c.id);
                    choices.insert(c.id.clone(), Choice::Side(side));
                }
            }
        }
        println!(
            "{name}: 追加 {} / 更新 {} / 変更なし {} / 保持 {} / 競合 {} \
             (added / updated / unchanged / kept / conflicts)",
            preview.count(CardOutcome::Added),
            preview.count(CardOutcome::Updated),
            preview.count(CardOutcome::Unchanged),
            preview.count(CardOutcome::KeptLocal),
            preview.count(CardOutcome::Conflict),
        );
        for (what, ids) in [
            ("柱 / pillars", &preview.new_pillars),
            ("将来の姿 / visions", &preview.new_visions),
            ("施策 / measures", &preview.new_measures),
            ("担当課 / departments", &preview.new_departments),
        ] {
            if !ids.is_empty() {
                println!("{name}: 追加された{what}: {}", ids.join(", "));
            }
        }
        for HeaderConflict::MeasureMoved {
            measure,
            local_pillar,
            incoming_pillar,
            ..
        } in &preview.header_conflicts
        {
            println!(
                "{name}: 施策 {measure} がファイルでは柱 {incoming_pillar} にあります（基のファイルでは {local_pillar}） \
                 / measure {measure} is under pillar {incoming_pillar} in the file ({local_pillar} in BASE)"
            );
        }
        let applied = match merge::apply(&current, &preview, &choices, site, &now) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("{name}: {}", messages::merge_ja(&e));
                eprintln!("{name}: {}", messages::merge_en(&e));
                eprintln!("{}: 書き出しません / nothing written", out.display());
                return INVALID;
            }
        };
        for m in &applied.measures_moved {
            println!(
                "{name}: 施策 {m} をファイルの柱に移しました / measure {m} moved to the file's pillar"
            );
        }
        if let Some((start, end)) = applied.period_extended {
            println!("{name}: 計画期間を {start}〜{end} 年度に広げました / plan period extended");
        }
        unresolved += applied.unresolved.len();
        current = applied.file;
    }

    current.exported_at = Some(now);
    let passed = match plan_core::gate::check_pretty(&current) {
        Ok(p) => p,
        Err(refused) => {
            refused_by_gate(out, &refused);
            return INVALID;
        }
    };
    if let Err(e) = write_atomically(out, passed.text.as_bytes()) {
        eprintln!("{}: 書き込めません / cannot write: {e}", out.display());
        return USAGE_OR_IO;
    }
    if unresolved > 0 {
        eprintln!(
            "競合 {unresolved} 件は基のファイルのままです / {unresolved} conflict(s) left as in BASE \
             (--prefer theirs|ours to resolve)"
        );
        CONFLICTS
    } else {
        OK
    }
}

/// Says why the gate refused a result (Japanese, then English), and that
/// nothing was written.
fn refused_by_gate(out: &Path, refused: &plan_core::gate::Refused) {
    for p in &refused.problems {
        eprintln!("{}: {p} / {}", out.display(), messages::en(&p.kind));
    }
    eprintln!(
        "{}: 読み込めない計画になるため書き出しません / not written: the plan would not load",
        out.display()
    );
}

/// Writes beside the target and renames, so that a failed write never
/// leaves half a plan behind.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

// ----------------------------------------------------------------- xlsx

fn xlsx(file: &Path, out: &Path, lang: &str, card_sheets: bool) -> u8 {
    let plan = match load(file) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let opts = plan_xlsx::ExportOptions {
        lang: plan_xlsx::Lang::parse(lang),
        card_sheets,
    };
    let bytes = match plan_xlsx::export(&plan, &opts) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            return INVALID;
        }
    };
    if let Err(e) = write_atomically(out, &bytes) {
        eprintln!("{}: 書き込めません / cannot write: {e}", out.display());
        return USAGE_OR_IO;
    }
    println!("{}", out.display());
    OK
}

// ------------------------------------------------------------------ csv

fn csv(file: &Path, dir: &Path) -> u8 {
    let plan = match load(file) {
        Ok(p) => p,
        Err(code) => return code,
    };
    // The CSV shows the plan as it would be stored; a plan the gate refuses
    // is not written out in any form.
    if let Err(refused) = plan_core::gate::check(&plan) {
        refused_by_gate(dir, &refused);
        return INVALID;
    }
    let today = this_month_in_japan();
    let outputs = [
        ("cards.csv", plan_core::export::cards_csv(&plan, today)),
        ("actions.csv", plan_core::export::actions_csv(&plan)),
    ];
    if let Err(e) = fs::create_dir_all(dir) {
        eprintln!("{}: 作成できません / cannot create: {e}", dir.display());
        return USAGE_OR_IO;
    }
    for (name, text) in outputs {
        let path = dir.join(name);
        if let Err(e) = write_atomically(&path, text.as_bytes()) {
            eprintln!("{}: 書き込めません / cannot write: {e}", path.display());
            return USAGE_OR_IO;
        }
        println!("{}", path.display());
    }
    OK
}

// ----------------------------------------------------------------- time

/// Japan's offset from UTC. "Today" for overdue actions is the date in
/// Japan, where the plans are kept, whatever the machine's time zone.
const JST_SECONDS: i64 = 9 * 3600;

fn unix_seconds() -> i64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    i64::try_from(secs).unwrap_or(i64::MAX)
}

/// This month in Japan, as (year, month).
fn this_month_in_japan() -> (i32, u32) {
    let (y, m, _) = civil_from_days((unix_seconds() + JST_SECONDS).div_euclid(86_400));
    (i32::try_from(y).unwrap_or(i32::MAX), m)
}

/// The current time in UTC as RFC 3339, `2026-11-21T01:00:00Z`. Formatted
/// here with the standard library: one small function instead of a date
/// crate for a single timestamp.
fn now_rfc3339() -> String {
    format_rfc3339_utc(unix_seconds())
}

fn format_rfc3339_utc(secs: i64) -> String {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_known_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_513), (2026, 3, 1));
        assert_eq!(format_rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339_utc(1_795_741_200), "2026-11-27T01:00:00Z");
        assert!(plan_core::fiscal::is_timestamp(&now_rfc3339()));
    }
}
