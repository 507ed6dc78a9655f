//! A workbook the app writes: what Excel shows in it (read back with
//! calamine, as any reader would), and that it comes back as the same plan.
use std::io::Cursor;
use std::sync::Arc;

use calamine::{Data, Reader, SheetVisible, Xlsx};
use plan_core::{PlanFile, sample_plan};
use plan_xlsx::{ExportOptions, Imported, Lang, PLAN_SHEET, export, import};

fn open(bytes: &[u8]) -> Xlsx<Cursor<&[u8]>> {
    Xlsx::new(Cursor::new(bytes)).expect("a readable workbook")
}

fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// (year, month, day) of a date cell; panics on anything else.
fn date(d: Option<&Data>) -> (i32, u32, u32) {
    match d {
        Some(Data::DateTime(dt)) => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            (i32::from(y), u32::from(m), u32::from(day))
        }
        other => panic!("not a date cell: {other:?}"),
    }
}

fn number(d: Option<&Data>) -> f64 {
    match d {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("not a number cell: {other:?}"),
    }
}

fn back(bytes: &[u8]) -> PlanFile {
    match import(bytes) {
        Imported::Embedded(loaded) => loaded
            .file
            .unwrap_or_else(|| panic!("{:?}", loaded.problems)),
        other => panic!("not recognised as the app's workbook: {other:?}"),
    }
}

#[test]
fn progress_sheet_shows_each_cards_status_per_year() {
    let plan = sample_plan();
    let bytes = export(&plan, &ExportOptions::default()).unwrap();
    let mut wb = open(&bytes);
    let names = wb.sheet_names();
    assert_eq!(
        &names[..4],
        ["進捗状況表", "取組事項", "年次目標", "評価指標"]
    );
    let hidden = wb
        .sheets_metadata()
        .iter()
        .find(|s| s.name == PLAN_SHEET)
        .expect("the plan sheet");
    assert_eq!(hidden.visible, SheetVisible::Hidden);

    let sheet = wb.worksheet_range("進捗状況表").unwrap();
    // Header: 番号, 事業名, 主担当課, then the fiscal years by era name.
    assert_eq!(text(sheet.get_value((2, 1))), "事業名");
    assert_eq!(text(sheet.get_value((2, 3))), "令和6年度");
    let years: Vec<i32> = plan.fiscal_years().collect();
    let mut seen = 0;
    for card in &plan.cards {
        // The card's home row (not the 再掲 rows, which say the same).
        let row = (3..sheet.height() as u32)
            .find(|r| {
                text(sheet.get_value((*r, 0))) == card.number
                    && text(sheet.get_value((*r, 1))) == card.title
            })
            .unwrap_or_else(|| panic!("row of card {}", card.number));
        for (i, y) in years.iter().enumerate() {
            let want = card.year(*y).map(|cy| cy.status.symbol()).unwrap_or("");
            assert_eq!(
                text(sheet.get_value((row, 3 + i as u32))),
                want,
                "card {} year {y}",
                card.number
            );
        }
        seen += 1;
    }
    assert_eq!(seen, plan.cards.len());
    // Counts under the pillars: for each year they add up to the cards
    // running that year (each card counted once, under its home pillar).
    for (i, y) in years.iter().enumerate() {
        let total: f64 = (3..sheet.height() as u32)
            .filter(|r| text(sheet.get_value((*r, 1))).starts_with("計 "))
            .map(|r| number(sheet.get_value((r, 3 + i as u32))))
            .sum();
        let running = plan.cards.iter().filter(|c| c.year(*y).is_some()).count();
        assert_eq!(total as usize, running, "year {y}");
    }
}

#[test]
fn actions_goals_and_indicators_keep_dates_and_numbers() {
    let plan = sample_plan();
    let bytes = export(&plan, &ExportOptions::default()).unwrap();
    let mut wb = open(&bytes);

    let actions = wb.worksheet_range("取組事項").unwrap();
    let all: Vec<_> = plan
        .cards
        .iter()
        .flat_map(|c| {
            c.years
                .iter()
                .flat_map(move |y| y.actions.iter().map(move |a| (c, y, a)))
        })
        .collect();
    assert_eq!(actions.height(), all.len() + 1);
    for (i, (card, _, a)) in all.iter().enumerate() {
        let r = i as u32 + 1;
        assert_eq!(text(actions.get_value((r, 0))), card.number);
        assert_eq!(text(actions.get_value((r, 4))), a.text);
        if let Some((y, m)) = a.due_month() {
            assert_eq!(
                date(actions.get_value((r, 5))),
                (y, m, 1),
                "due is a date cell"
            );
        }
        assert_eq!(
            text(actions.get_value((r, 6))),
            if a.done { "○" } else { "" }
        );
        if let Some(d) = &a.done_on {
            let (y, m, day) = date(actions.get_value((r, 7)));
            assert_eq!(format!("{y:04}-{m:02}-{day:02}"), *d);
        }
    }

    let goals = wb.worksheet_range("年次目標").unwrap();
    let with_numbers: Vec<_> = plan
        .cards
        .iter()
        .flat_map(|c| c.years.iter().flat_map(|y| y.goals.iter()))
        .collect();
    assert_eq!(goals.height(), with_numbers.len() + 1);
    for (i, g) in with_numbers.iter().enumerate() {
        let r = i as u32 + 1;
        assert_eq!(text(goals.get_value((r, 3))), g.text);
        if let Some(t) = &g.target {
            assert_eq!(number(goals.get_value((r, 5))), t.value);
        }
        if let Some(a) = &g.actual {
            assert_eq!(number(goals.get_value((r, 6))), a.value);
        }
    }

    let inds = wb.worksheet_range("評価指標").unwrap();
    let formulas = wb.worksheet_formula("評価指標").unwrap();
    let mut rates = 0;
    for r in 1..inds.height() as u32 {
        let name = text(inds.get_value((r, 2)));
        let card_no = text(inds.get_value((r, 0)));
        let card = plan.cards.iter().find(|c| c.number == card_no).unwrap();
        let ind = card.indicators.iter().find(|i| i.name == name).unwrap();
        let year = plan
            .fiscal_years()
            .chain(2000..2100)
            .find(|y| plan_core::fiscal::era_fiscal_year(*y) == text(inds.get_value((r, 4))))
            .unwrap();
        if let Some(t) = ind.targets.iter().find(|v| v.year == year) {
            assert_eq!(number(inds.get_value((r, 6))), t.value);
        }
        if let Some(a) = ind.actuals.iter().find(|v| v.year == year) {
            assert_eq!(number(inds.get_value((r, 7))), a.value);
            if let Some(total) = a.total {
                assert_eq!(number(inds.get_value((r, 8))), total);
                let f = formulas.get_value((r, 9)).cloned().unwrap_or_default();
                assert_eq!(f, format!("IF(I{0}>0,H{0}/I{0},\"\")", r + 1));
                let cached = number(inds.get_value((r, 9)));
                assert!((cached * 100.0 - a.rate_percent().unwrap()).abs() < 1e-9);
                rates += 1;
            }
        }
    }
    assert!(rates > 0, "the sample has a measured rate");
}

#[test]
fn exported_workbook_imports_back_to_the_same_plan() {
    let plan = sample_plan();
    for opts in [
        ExportOptions::default(),
        ExportOptions {
            lang: Lang::En,
            card_sheets: true,
        },
    ] {
        let bytes = export(&plan, &opts).unwrap();
        assert!(plan_xlsx::looks_like_xlsx(&bytes));
        assert_eq!(back(&bytes), plan);
    }
}

#[test]
fn long_texts_and_escape_like_patterns_survive() {
    let mut plan = sample_plan();
    // Longer than one cell holds, with characters outside the BMP, line
    // breaks, and text a workbook reader would decode (`_x0041_`).
    Arc::make_mut(&mut plan.cards[0]).overview = "行政𠮷_x0041_\n".repeat(9_000);
    Arc::make_mut(&mut plan.cards[1]).title = "_x000D_ と <&> \"引用\"".into();
    plan.plan.title = "計画_x005F_x0041_".into();
    let bytes = export(&plan, &ExportOptions::default()).unwrap();
    assert_eq!(back(&bytes), plan);
}

#[test]
fn card_sheets_keep_line_breaks_in_cells() {
    let mut plan = sample_plan();
    Arc::make_mut(&mut plan.cards[0]).overview = "一行目\n二行目\n三行目".into();
    let bytes = export(
        &plan,
        &ExportOptions {
            lang: Lang::Ja,
            card_sheets: true,
        },
    )
    .unwrap();
    let mut wb = open(&bytes);
    let names = wb.sheet_names();
    assert_eq!(names.len(), 4 + plan.cards.len() + 1);
    let first = &names[4];
    assert!(first.starts_with(&plan.cards[0].number), "{first}");
    let sheet = wb.worksheet_range(first).unwrap();
    let found = sheet
        .rows()
        .flatten()
        .any(|c| matches!(c, Data::String(s) if s == "一行目\n二行目\n三行目"));
    assert!(found, "the overview with its line breaks");
}

#[test]
fn a_plan_the_loader_would_refuse_is_not_written() {
    let mut plan = sample_plan();
    Arc::make_mut(&mut plan.cards[1]).id = plan.cards[0].id.clone();
    assert!(matches!(
        export(&plan, &ExportOptions::default()),
        Err(plan_xlsx::ExportError::Refused(_))
    ));
}
