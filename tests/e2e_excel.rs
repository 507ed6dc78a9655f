//! End-to-end tests of Excel workbooks: a workbook exported from the
//! exchange screen opens in a fresh profile as the same plan, and a city's
//! own progress sheet comes in through the column-mapping screen.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{Browser, SAMPLE_KEY, serve_dist, with_sample};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::{Value, json};

async fn stored(b: &Browser, key: &str) -> Value {
    b.js(
        "return JSON.parse(localStorage.getItem(arguments[0]));",
        vec![json!(key)],
    )
    .await
}

/// A progress sheet as a city keeps it: a title row, headers merged over
/// two rows with the years under 進捗状況, ○▲× marks, a date cell and text
/// dates, an empty row, a note row, one unreadable mark, and an actions
/// column headed 内容 (a word the guess does not know).
fn city_workbook(path: &std::path::Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("進捗").unwrap();
    let plain = Format::new();
    let date = Format::new().set_num_format("yyyy/m/d");
    ws.merge_range(0, 0, 0, 8, "DX推進計画 進捗状況", &plain)
        .unwrap();
    for (c, h) in ["No.", "柱", "事業名", "担当課", "内容", "期限"]
        .iter()
        .enumerate()
    {
        ws.merge_range(2, c as u16, 3, c as u16, h, &plain).unwrap();
    }
    ws.merge_range(2, 6, 2, 8, "進捗状況", &plain).unwrap();
    for (c, y) in ["R6", "R7", "R8"].iter().enumerate() {
        ws.write_string(3, 6 + c as u16, *y).unwrap();
    }
    // (number, pillar, title, department, action, marks for R6–R8)
    type Row<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, [&'a str; 3]);
    let rows: [Row; 3] = [
        (
            "1",
            "市民サービス",
            "書かない窓口",
            "市民課",
            "システムの導入",
            ["◎", "○", ""],
        ),
        (
            "2",
            "市民サービス",
            "オンライン申請",
            "情報政策課",
            "電子申請の拡充",
            ["▲", "×", "?"],
        ),
        (
            "3",
            "行政運営",
            "RPAの導入",
            "総務課",
            "業務の洗い出し",
            ["—", "取り下げ", ""],
        ),
    ];
    for (i, (no, pillar, title, dept, action, marks)) in rows.iter().enumerate() {
        // Row 7 (index 6) is left empty between cards 1 and 2.
        let r = 4 + i as u32 + u32::from(i > 0);
        ws.write_string(r, 0, *no).unwrap();
        ws.write_string(r, 1, *pillar).unwrap();
        ws.write_string(r, 2, *title).unwrap();
        ws.write_string(r, 3, *dept).unwrap();
        ws.write_string(r, 4, *action).unwrap();
        for (c, m) in marks.iter().enumerate() {
            if !m.is_empty() {
                ws.write_string(r, 6 + c as u16, *m).unwrap();
            }
        }
    }
    ws.write_datetime_with_format(4, 5, ExcelDateTime::from_ymd(2024, 9, 30).unwrap(), &date)
        .unwrap();
    ws.write_string(6, 5, "令和7年12月").unwrap();
    ws.write_string(7, 5, "2026/3").unwrap();
    ws.merge_range(8, 0, 8, 8, "※ R8は見込み", &plain).unwrap();
    wb.save(path).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exported_workbook_opens_in_a_fresh_profile_as_the_same_plan() {
    let url = serve_dist();
    let a = with_sample(&url).await;
    a.c().goto(&format!("{url}#/exchange")).await.unwrap();
    // What a workbook cannot carry is said next to the buttons.
    let limits = a.text_of("[data-testid=xlsx-limits]").await;
    assert!(limits.contains("Excelでセルを書き換えても"), "{limits}");
    a.click("[data-testid=xlsx-card-sheets]").await;
    a.click("[data-testid=export-xlsx]").await;
    let file = a.downloaded(".xlsx").await;
    let name = file.file_name().unwrap().to_string_lossy().to_string();
    assert!(
        name.starts_with("みどり野市 DX推進アクションプラン（第2期）_"),
        "{name}"
    );

    // The workbook holds the sheets a city prints, and the plan.
    let bytes = std::fs::read(&file).unwrap();
    let here = stored(&a, SAMPLE_KEY).await;
    let here_plan: plan_core::PlanFile = serde_json::from_value(here.clone()).unwrap();
    match plan_xlsx::import(&bytes) {
        plan_xlsx::Imported::Embedded(loaded) => {
            let inside = loaded.file.unwrap();
            assert_eq!(inside.cards, here_plan.cards);
            assert!(inside.exported_at.is_some(), "stamped like a JSON export");
        }
        other => panic!("{other:?}"),
    }

    let b = Browser::start().await;
    b.c().goto(&url).await.unwrap();
    b.upload("[data-testid=start-open] input[type=file]", &file)
        .await;
    b.text_of("[data-testid=card-count]").await;
    let there = stored(&b, SAMPLE_KEY).await;
    assert_eq!(
        there["cards"], here["cards"],
        "cards identical, clocks included"
    );
    assert_eq!(there["plan"], here["plan"]);
    a.close().await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_city_progress_sheet_comes_in_through_the_mapping_screen() {
    let url = serve_dist();
    let dir = common::root().join("target/e2e-excel");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("進捗管理表.xlsx");
    city_workbook(&path);

    let b = Browser::start().await;
    b.c().goto(&url).await.unwrap();
    b.upload("[data-testid=start-open] input[type=file]", &path)
        .await;
    b.find("[data-testid=xlsx-import]").await;
    // The guess: years under 進捗状況; 内容 is not known yet.
    let year_col = b.find("[data-testid=xlsx-col-6]").await;
    assert_eq!(
        year_col.prop("value").await.unwrap().as_deref(),
        Some("status_year:2024")
    );
    let unread = b.text_of("[data-testid=xlsx-unread]").await;
    assert!(unread.contains("進捗!I7"), "{unread}");
    assert!(
        unread.contains("進捗!A9"),
        "the note row is named: {unread}"
    );
    // Actions without a column: 内容 is set by hand.
    b.find("[data-testid=xlsx-col-4]")
        .await
        .select_by_value("action")
        .await
        .unwrap();
    b.wait_text("[data-testid=xlsx-rows]", "5行目 → 1 書かない窓口")
        .await;
    b.type_into("[data-testid=xlsx-new-title]", "進捗管理表から")
        .await;
    b.screenshot("xlsx-mapping").await;
    b.click("[data-testid=xlsx-continue]").await;
    b.wait_text("[data-testid=card-count]", "3").await;

    let key: String = serde_json::from_value(
        b.js(
            "return Object.keys(localStorage).find(k => k.startsWith('shinchoku.v1.plan.'));",
            vec![],
        )
        .await,
    )
    .unwrap();
    let plan = stored(&b, &key).await;
    assert_eq!(plan["plan"]["title"], "進捗管理表から");
    assert_eq!(
        (
            plan["plan"]["start_year"].clone(),
            plan["plan"]["end_year"].clone()
        ),
        (json!(2024), json!(2026))
    );
    let cards = plan["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 3);
    assert_eq!(cards[0]["title"], "書かない窓口");
    assert_eq!(cards[0]["years"][0]["status"], "achieved");
    assert_eq!(cards[0]["years"][0]["actions"][0]["text"], "システムの導入");
    assert_eq!(cards[0]["years"][0]["actions"][0]["due"], "2024-09");
    assert_eq!(cards[1]["years"][1]["status"], "missed");
    assert_eq!(cards[1]["years"][1]["actions"][0]["due"], "2025-12");
    assert_eq!(cards[2]["years"][1]["status"], "withdrawn");
    // The mapping is remembered for the plan.
    let id = key.trim_start_matches("shinchoku.v1.plan.");
    let remembered = b
        .js(
            "return localStorage.getItem('shinchoku.v1.xlsx-mapping.' + arguments[0]);",
            vec![json!(id)],
        )
        .await;
    assert!(
        remembered.as_str().unwrap_or_default().contains("action"),
        "{remembered}"
    );
    b.close().await;
}
