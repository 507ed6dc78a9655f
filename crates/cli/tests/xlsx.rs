//! `shinchoku-cli xlsx`: the workbook it writes opens with the expected
//! sheets and carries the plan back unchanged.

use std::io::Cursor;
use std::path::Path;
use std::process::Command;

use calamine::{Reader, Xlsx};
use plan_core::{sample_plan, to_json_pretty};

const BIN: &str = env!("CARGO_BIN_EXE_shinchoku-cli");

#[test]
fn writes_a_workbook_that_imports_back() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("shinchoku-cli-xlsx");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let plan = sample_plan();
    let input = dir.join("plan.json");
    std::fs::write(&input, to_json_pretty(&plan)).unwrap();
    let out = dir.join("plan.xlsx");

    let run = Command::new(BIN)
        .args(["xlsx", input.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .args(["--lang", "en", "--card-sheets"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{run:?}");

    let bytes = std::fs::read(&out).unwrap();
    let wb: Xlsx<_> = Xlsx::new(Cursor::new(&bytes[..])).unwrap();
    let names = wb.sheet_names();
    assert_eq!(&names[..4], ["Progress", "Actions", "Goals", "Indicators"]);
    assert_eq!(names.len(), 4 + plan.cards.len() + 1);
    match plan_xlsx::import(&bytes) {
        plan_xlsx::Imported::Embedded(loaded) => assert_eq!(loaded.file, Some(plan)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_invalid_plan_writes_nothing() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("shinchoku-cli-xlsx-bad");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("bad.json");
    std::fs::write(&input, "{\"format\": \"dx-action-plan\"}").unwrap();
    let out = dir.join("bad.xlsx");
    let run = Command::new(BIN)
        .args(["xlsx", input.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(!out.exists());
}
