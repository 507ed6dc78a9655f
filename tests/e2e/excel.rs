//! End-to-end tests of Excel workbooks: a workbook exported from the
//! exchange screen opens in a fresh profile as the same plan, and a city's
//! own progress sheet comes in through the column-mapping screen, as a new
//! plan or into the plan open now (through the merge preview).

use crate::common;

use common::{Browser, SAMPLE_KEY, serve_dist, with_sample};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::{Value, json};

async fn stored(b: &Browser, key: &str) -> Value {
    b.stored_text(key)
        .await
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(Value::Null)
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

/// Everything in localStorage, key by key.
async fn storage_snapshot(b: &Browser) -> serde_json::Map<String, Value> {
    let v = b
        .js(
            "return Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)]));",
            vec![],
        )
        .await;
    v.as_object().cloned().unwrap_or_default()
}

/// Brings an element to the top of the window, for a screenshot.
async fn scroll_to(b: &Browser, css: &str) {
    b.js(
        "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' });",
        vec![json!(css)],
    )
    .await;
}

/// A department's yearly report on two cards of the sample plan, named by
/// their 事業名 only (no 番号 column: rows match cards by title), and one
/// project the plan does not have yet. The actuals are headed 成果値, a
/// word the guess does not know: the user maps that column by hand.
fn report_workbook(path: &std::path::Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("R8報告").unwrap();
    for (c, h) in ["事業名", "担当課", "年度", "状況", "成果値"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        (CARD_1, "市民課", "◎", Some(4210.0)),
        (CARD_12, "総務課", "○", None),
        (NEW_TITLE, "市民課", "▲", None),
    ];
    for (i, (title, dept, mark, actual)) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_string(r, 0, *title).unwrap();
        ws.write_string(r, 1, *dept).unwrap();
        ws.write_string(r, 2, "令和8年度").unwrap();
        ws.write_string(r, 3, *mark).unwrap();
        if let Some(n) = actual {
            ws.write_number(r, 4, *n).unwrap();
        }
    }
    wb.save(path).unwrap();
}

const CARD_1: &str = "「書かない窓口」の導入と拡充";
const CARD_12: &str = "防災情報の多様な手段による配信";
const NEW_TITLE: &str = "オンライン相談窓口の開設";

fn card_titled<'a>(plan: &'a Value, title: &str) -> &'a Value {
    plan["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == title)
        .unwrap_or_else(|| panic!("no card {title}"))
}

fn year_of(card: &Value, year: i64) -> &Value {
    card["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == year)
        .unwrap_or_else(|| panic!("no year {year} in {}", card["title"]))
}

/// Opens the report on the exchange screen of the sample plan and sets the
/// mapping screen to "into the plan open now".
async fn open_report(b: &Browser, url: &str, path: &std::path::Path) {
    b.c().goto(&format!("{url}#/exchange")).await.unwrap();
    b.upload("input[data-testid=import-file]", path).await;
    b.find("[data-testid=xlsx-import]").await;
    b.click("[data-testid=xlsx-target-current]").await;
    assert_eq!(
        b.find("[data-testid=xlsx-target-current]")
            .await
            .prop("checked")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_department_report_updates_the_open_plan_through_the_merge_preview() {
    let url = serve_dist();
    let dir = common::root().join("target/e2e-excel");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("R8進捗報告.xlsx");
    report_workbook(&path);

    let b = with_sample(&url).await;
    let before = storage_snapshot(&b).await;
    let plan_before = stored(&b, SAMPLE_KEY).await;
    assert_eq!(
        year_of(card_titled(&plan_before, CARD_1), 2026)["status"],
        "on_track"
    );
    assert_eq!(
        year_of(card_titled(&plan_before, CARD_12), 2026)["status"],
        "delayed"
    );

    // Cancelled on the mapping screen: nothing stored changes.
    open_report(&b, &url, &path).await;
    b.click("[data-testid=xlsx-cancel]").await;
    b.find("input[data-testid=import-file]").await;
    assert_eq!(
        storage_snapshot(&b).await,
        before,
        "cancel on the mapping screen"
    );

    // Cancelled on the merge preview, after mapping 成果値 by hand: nothing
    // stored changes, not even the remembered column choice.
    open_report(&b, &url, &path).await;
    assert_eq!(col_choice(&b, 4).await, "ignore", "成果値 is not guessed");
    b.find("[data-testid=xlsx-col-4]")
        .await
        .select_by_value("actual")
        .await
        .unwrap();
    b.click("[data-testid=xlsx-continue]").await;
    b.find("[data-testid=import-preview]").await;
    b.click("[data-testid=cancel-import]").await;
    b.find("input[data-testid=import-file]").await;
    assert_eq!(
        storage_snapshot(&b).await,
        before,
        "cancel on the merge preview"
    );

    // Now for real. The cancelled choice was not kept: 成果値 is mapped
    // again. Rows are matched to the plan's cards by 事業名: the two known
    // ones show their card numbers, the third is a new card.
    open_report(&b, &url, &path).await;
    assert_eq!(
        col_choice(&b, 4).await,
        "ignore",
        "a cancelled import leaves no remembered mapping"
    );
    b.find("[data-testid=xlsx-col-4]")
        .await
        .select_by_value("actual")
        .await
        .unwrap();
    let rows = b
        .wait_text("[data-testid=xlsx-rows]", &format!("2行目 → 1 {CARD_1}"))
        .await;
    assert!(rows.contains(&format!("3行目 → 12 {CARD_12}")), "{rows}");
    assert!(rows.contains(&format!("4行目 → {NEW_TITLE}")), "{rows}");
    assert!(
        b.c()
            .find(fantoccini::Locator::Css("[data-testid=xlsx-unread]"))
            .await
            .is_err(),
        "every cell is read"
    );
    b.screenshot("xlsx-mapping-into-plan").await;
    scroll_to(&b, "[data-testid=xlsx-rows]").await;
    b.screenshot("xlsx-mapping-into-plan-rows").await;
    b.click("[data-testid=xlsx-continue]").await;

    b.find("[data-testid=import-preview]").await;
    assert_eq!(b.text_of("[data-testid=count-added]").await, "1");
    assert_eq!(b.text_of("[data-testid=count-updated]").await, "2");
    assert_eq!(b.text_of("[data-testid=count-conflict]").await, "0");
    let preview = b.text_of("[data-testid=import-preview]").await;
    assert!(preview.contains(NEW_TITLE), "{preview}");
    assert!(preview.contains(&format!("12 {CARD_12}")), "{preview}");
    scroll_to(&b, "[data-testid=import-preview]").await;
    b.screenshot("xlsx-merge-preview").await;
    b.click("[data-testid=confirm-import]").await;
    b.wait_text(".notices", "取り込みました").await;
    b.c().goto(&url).await.unwrap();
    b.wait_text("[data-testid=card-count]", "全15件").await;

    let plan = stored(&b, SAMPLE_KEY).await;
    // The matched cards took the sheet's status and actual for R8.
    let one = year_of(card_titled(&plan, CARD_1), 2026);
    assert_eq!(one["status"], "achieved");
    assert_eq!(one["goals"][0]["actual"]["value"], 4210.0);
    assert_eq!(
        one["goals"][0]["actual"]["unit"], "件",
        "a bare number takes the unit of the goal's target"
    );
    assert_eq!(
        one["goals"][0]["target"],
        year_of(card_titled(&plan_before, CARD_1), 2026)["goals"][0]["target"],
        "the target stays"
    );
    assert_eq!(
        year_of(card_titled(&plan, CARD_12), 2026)["status"],
        "on_track"
    );
    // Their other years are as they were.
    for title in [CARD_1, CARD_12] {
        for y in [2024, 2025] {
            assert_eq!(
                year_of(card_titled(&plan, title), y),
                year_of(card_titled(&plan_before, title), y),
                "{title} {y}"
            );
        }
    }
    // The new card, with its department and year.
    let new = card_titled(&plan, NEW_TITLE);
    assert_eq!(new["departments"], json!(["市民課"]));
    assert_eq!(year_of(new, 2026)["status"], "delayed");
    // Every other card is untouched, clocks included.
    let others = |p: &Value| -> Vec<Value> {
        p["cards"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| ![CARD_1, CARD_12, NEW_TITLE].contains(&c["title"].as_str().unwrap()))
            .cloned()
            .collect()
    };
    assert_eq!(others(&plan).len(), 12);
    assert_eq!(others(&plan), others(&plan_before));
    assert_eq!(plan["plan"]["pillars"], plan_before["plan"]["pillars"]);

    // On the card pages: R8's actual of card 1, and the new card.
    let card_id = |title: &str| {
        card_titled(&plan, title)["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    b.c()
        .goto(&format!("{url}#/card/{}", card_id(CARD_1)))
        .await
        .unwrap();
    b.wait_text("[data-testid=card-sheet]", CARD_1).await;
    let values = b
        .js(
            "return Array.from(document.querySelectorAll('[data-testid=card-sheet] input')).map(i => i.value);",
            vec![],
        )
        .await;
    assert!(
        values
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v == "4210" || v == "4,210"),
        "{values}"
    );
    b.c()
        .goto(&format!("{url}#/card/{}", card_id(NEW_TITLE)))
        .await
        .unwrap();
    b.wait_text("[data-testid=card-sheet]", NEW_TITLE).await;

    // The next report from the same department: the mapping screen opens
    // with the column choice of the import that was carried out.
    open_report(&b, &url, &path).await;
    assert_eq!(
        col_choice(&b, 4).await,
        "actual",
        "the confirmed import's mapping is remembered"
    );
    b.click("[data-testid=xlsx-cancel]").await;
    b.close().await;
}

/// The field chosen for a column on the mapping screen.
async fn col_choice(b: &Browser, col: usize) -> String {
    b.find(&format!("[data-testid=xlsx-col-{col}]"))
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}
