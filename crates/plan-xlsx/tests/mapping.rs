//! A city's own progress sheet, made by hand the way such sheets look
//! (a title row, headers merged over two rows, ○▲× per year, dates as
//! text and as date cells, an empty row, note rows), brought in through the
//! column mapping.

use plan_core::merge::{self, CardOutcome};
use plan_core::{Status, sample_plan};
use plan_xlsx::{
    Field, Imported, Target, UnreadReason, WorkbookPreview, apply_mapping, guess_mapping, import,
};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// The hand-made workbook, as a city would keep it.
pub fn progress_workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("進捗").unwrap();
    let plain = Format::new();
    let date = Format::new().set_num_format("yyyy/m/d");
    ws.merge_range(0, 0, 0, 8, "DX推進計画 進捗状況（令和6年度末）", &plain)
        .unwrap();
    // Headers: A–F merged over rows 3–4, 進捗状況 merged over G–I with the
    // years below.
    for (c, h) in ["No.", "柱", "事業名", "担当課", "取組事項", "期限"]
        .iter()
        .enumerate()
    {
        ws.merge_range(2, c as u16, 3, c as u16, h, &plain).unwrap();
    }
    ws.merge_range(2, 6, 2, 8, "進捗状況", &plain).unwrap();
    for (c, y) in ["R5", "R6", "R7"].iter().enumerate() {
        ws.write_string(3, 6 + c as u16, *y).unwrap();
    }
    // Card 1 over two rows: number and title merged, a date cell and a text
    // date.
    ws.merge_range(4, 0, 5, 0, "1", &plain).unwrap();
    ws.write_string(4, 1, "市民サービス").unwrap();
    ws.merge_range(4, 2, 5, 2, "書かない窓口", &plain).unwrap();
    ws.write_string(4, 3, "市民課").unwrap();
    ws.write_string(4, 4, "申請書作成支援システムの導入")
        .unwrap();
    ws.write_datetime_with_format(4, 5, ExcelDateTime::from_ymd(2024, 9, 30).unwrap(), &date)
        .unwrap();
    for (c, s) in ["○", "◎", "○"].iter().enumerate() {
        ws.write_string(4, 6 + c as u16, *s).unwrap();
    }
    ws.write_string(5, 4, "対象手続きの拡大").unwrap();
    ws.write_string(5, 5, "2025/3").unwrap();
    // Row 7 is empty.
    ws.write_number(7, 0, 2).unwrap();
    ws.write_string(7, 1, "市民サービス").unwrap();
    ws.write_string(7, 2, "オンライン申請").unwrap();
    ws.write_string(7, 3, "情報政策課、市民課").unwrap();
    ws.write_string(7, 4, "電子申請の拡充").unwrap();
    ws.write_string(7, 5, "令和6年12月").unwrap();
    for (c, s) in ["▲", "×", "？"].iter().enumerate() {
        ws.write_string(7, 6 + c as u16, *s).unwrap();
    }
    ws.write_number(8, 0, 3).unwrap();
    ws.write_string(8, 1, "行政運営").unwrap();
    ws.write_string(8, 2, "RPAの導入").unwrap();
    ws.write_string(8, 3, "総務課").unwrap();
    ws.write_string(8, 4, "業務の洗い出し").unwrap();
    ws.write_string(8, 5, "来年度中").unwrap();
    ws.write_string(8, 6, "—").unwrap();
    ws.write_string(8, 7, "取り下げ").unwrap();
    // Note rows: one merged across the table, one in column A only.
    ws.merge_range(9, 0, 9, 8, "※ R7は見込み", &plain).unwrap();
    ws.write_string(10, 0, "※凡例 ○:順調 ▲:遅れ ×:未達成")
        .unwrap();
    wb.save_to_buffer().unwrap()
}

fn preview(bytes: &[u8]) -> WorkbookPreview {
    match import(bytes) {
        Imported::NeedsMapping(p) => p,
        other => panic!("expected a workbook to map: {other:?}"),
    }
}

fn ids() -> impl FnMut() -> String {
    let mut n = 0;
    move || {
        n += 1;
        format!("x{n}")
    }
}

const NOW: &str = "2026-11-26T10:00:00+09:00";

#[test]
fn header_words_give_the_mapping() {
    let p = preview(&progress_workbook());
    let sheet = &p.sheets[0];
    assert_eq!(sheet.name, "進捗");
    let first = sheet.first_rows(5);
    assert_eq!(first[3][6], "R5");
    // Merged areas show their value once, as in the workbook.
    assert_eq!(first[2][6], "進捗状況");
    assert_eq!(first[2][7], "");
    assert_eq!(first[3][0], "");
    let m = guess_mapping(sheet);
    assert_eq!(m.header_row, 3, "two header rows");
    assert_eq!(
        m.columns,
        vec![
            Field::Number,
            Field::Pillar,
            Field::Title,
            Field::Department,
            Field::Action,
            Field::Due,
            Field::StatusYear(2023),
            Field::StatusYear(2024),
            Field::StatusYear(2025),
        ]
    );
}

#[test]
fn rows_become_cards_and_unread_cells_are_named() {
    let p = preview(&progress_workbook());
    let sheet = &p.sheets[0];
    let m = guess_mapping(sheet);
    let mut id = ids();
    let out = apply_mapping(
        sheet,
        &m,
        Target::New {
            id: "plan-x",
            title: "DX推進計画",
            fallback_year: 2024,
        },
        &mut id,
        NOW,
        "site-a",
    )
    .expect("the plan passes the gate");
    let f = &out.file;
    assert_eq!((f.plan.start_year, f.plan.end_year), (2023, 2025));
    let names: Vec<&str> = f.plan.pillars.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["市民サービス", "行政運営"]);
    assert_eq!(f.plan.departments, ["市民課", "情報政策課", "総務課"]);
    assert_eq!(f.cards.len(), 3);

    let c1 = &f.cards[0];
    assert_eq!(
        (c1.number.as_str(), c1.title.as_str()),
        ("1", "書かない窓口")
    );
    assert_eq!(c1.departments, ["市民課"]);
    assert_eq!(c1.home_pillar(), Some(f.plan.pillars[0].id.as_str()));
    let st = |c: &plan_core::Card, y| c.year(y).map(|y| y.status);
    assert_eq!(st(c1, 2023), Some(Status::OnTrack));
    assert_eq!(st(c1, 2024), Some(Status::Achieved));
    assert_eq!(st(c1, 2025), Some(Status::OnTrack));
    let acts: Vec<(&str, Option<&str>)> = c1
        .year(2024)
        .unwrap()
        .actions
        .iter()
        .map(|a| (a.text.as_str(), a.due.as_deref()))
        .collect();
    assert_eq!(
        acts,
        [
            ("申請書作成支援システムの導入", Some("2024-09")),
            ("対象手続きの拡大", Some("2025-03")),
        ]
    );

    let c2 = &f.cards[1];
    assert_eq!(c2.number, "2");
    assert_eq!(c2.departments, ["情報政策課", "市民課"]);
    assert_eq!(st(c2, 2023), Some(Status::Delayed));
    assert_eq!(st(c2, 2024), Some(Status::Missed));
    assert_eq!(st(c2, 2025), None, "the unreadable mark is not guessed");
    assert_eq!(
        c2.year(2024).unwrap().actions[0].due.as_deref(),
        Some("2024-12")
    );

    let c3 = &f.cards[2];
    assert_eq!(st(c3, 2023), Some(Status::NotStarted));
    assert_eq!(st(c3, 2024), Some(Status::Withdrawn));

    let unread: Vec<(&str, &UnreadReason)> = out
        .unread
        .iter()
        .map(|u| (u.address.as_str(), &u.reason))
        .collect();
    assert_eq!(
        unread,
        [
            ("進捗!I8", &UnreadReason::Status),
            ("進捗!F9", &UnreadReason::Due),
            ("進捗!E9", &UnreadReason::NoYear),
            ("進捗!A10", &UnreadReason::NoteRow),
            ("進捗!A11", &UnreadReason::NoteRow),
        ]
    );
    let rows: Vec<(usize, &str)> = out
        .rows
        .iter()
        .map(|r| (r.row, r.number.as_str()))
        .collect();
    assert_eq!(rows, [(5, "1"), (6, "1"), (8, "2"), (9, "3")]);
}

#[test]
fn rows_for_a_plan_that_is_here_go_to_the_merge_preview() {
    let local = sample_plan();
    let card = &local.cards[0];
    // A sheet naming the sample's card 1 and a card the plan does not have.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("状況").unwrap();
    for (c, h) in ["番号", "事業名", "年度", "状況"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, &card.number).unwrap();
    ws.write_string(1, 1, &card.title).unwrap();
    ws.write_string(1, 2, "令和8年度").unwrap();
    ws.write_string(1, 3, "遅れ").unwrap();
    ws.write_string(2, 0, "99").unwrap();
    ws.write_string(2, 1, "新しい事業").unwrap();
    ws.write_string(2, 2, "R8").unwrap();
    ws.write_string(2, 3, "○").unwrap();
    let p = preview(&wb.save_to_buffer().unwrap());
    let m = guess_mapping(&p.sheets[0]);
    assert_eq!(
        m.columns,
        [Field::Number, Field::Title, Field::Year, Field::Status]
    );
    let mut id = ids();
    let out = apply_mapping(
        &p.sheets[0],
        &m,
        Target::Existing(&local),
        &mut id,
        NOW,
        "site-b",
    )
    .unwrap();
    assert!(out.unread.is_empty(), "{:?}", out.unread);
    let preview = merge::preview(&local, &out.file).unwrap();
    assert_eq!(preview.count(CardOutcome::Updated), 1);
    assert_eq!(preview.count(CardOutcome::Added), 1);
    let updated = out.file.card(&card.id).unwrap();
    assert_eq!(updated.year(2026).unwrap().status, Status::Delayed);
    // The rest of the card is as it was.
    assert_eq!(updated.overview, card.overview);
    assert_eq!(updated.year(2024), card.year(2024));
}

/// A sheet with a header row and one row per `cells` line, all text except
/// where a value parses as a number (written as a number cell).
fn report(headers: &[&str], rows: &[&[&str]]) -> WorkbookPreview {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("報告").unwrap();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (1 + r as u32, c as u16);
            match v.parse::<f64>() {
                Ok(n) => ws.write_number(r, c, n).unwrap(),
                Err(_) => ws.write_string(r, c, *v).unwrap(),
            };
        }
    }
    preview(&wb.save_to_buffer().unwrap())
}

fn into_sample(p: &WorkbookPreview) -> plan_xlsx::MappingResult {
    let local = sample_plan();
    let sheet = &p.sheets[0];
    let m = guess_mapping(sheet);
    apply_mapping(
        sheet,
        &m,
        Target::Existing(&local),
        &mut ids(),
        NOW,
        "site-b",
    )
    .unwrap()
}

fn goals_of(file: &plan_core::PlanFile, number: &str, year: i32) -> Vec<plan_core::Goal> {
    let card = file.cards.iter().find(|c| c.number == number).unwrap();
    card.year(year).unwrap().goals.clone()
}

#[test]
fn an_actual_as_a_bare_number_takes_the_unit_of_its_goal() {
    // Card 1's R8 goal: 4,000 件. The sheet gives 4210 and "3,980件".
    let p = report(
        &["番号", "年度", "実績"],
        &[&["1", "令和8年度", "4210"], &["2", "R8", "198件"]],
    );
    let out = into_sample(&p);
    assert!(out.unread.is_empty(), "{:?}", out.unread);
    let q = |n: &str| {
        let g = &goals_of(&out.file, n, 2026)[0];
        let a = g.actual.as_ref().expect("an actual");
        (a.value, a.unit.clone())
    };
    assert_eq!(q("1"), (4210.0, "件".to_string()));
    assert_eq!(q("2"), (198.0, "件".to_string()), "a number with its unit");
    // The target is as it was.
    assert_eq!(
        goals_of(&out.file, "1", 2026)[0].target,
        goals_of(&sample_plan(), "1", 2026)[0].target
    );
}

#[test]
fn an_actual_goes_to_the_goal_its_row_names() {
    // Card 10's R7 has two goals: 開封率 5 % and テレワーク 80 人.
    let local = sample_plan();
    let before = goals_of(&local, "10", 2025);
    assert_eq!(before.len(), 2);
    let second = before[1].text.clone();

    // The row names the second goal by its text, then the first by its
    // target (5%): each actual lands on its own goal.
    let p = report(
        &["番号", "年度", "目標", "実績"],
        &[&["10", "R7", &second, "91"], &["10", "R7", "5%", "6.5"]],
    );
    let out = into_sample(&p);
    assert!(out.unread.is_empty(), "{:?}", out.unread);
    let after = goals_of(&out.file, "10", 2025);
    assert_eq!(after.len(), 2, "no goal is added: {after:?}");
    let actual = |g: &plan_core::Goal| g.actual.as_ref().map(|a| (a.value, a.unit.clone()));
    assert_eq!(actual(&after[0]), Some((6.5, "%".to_string())));
    assert_eq!(actual(&after[1]), Some((91.0, "人".to_string())));
}

#[test]
fn an_actual_among_several_goals_is_not_guessed() {
    // Card 10's R7 has two goals; the row has no 目標: the cell is named
    // as not read, and both goals stay as they were.
    let before = goals_of(&sample_plan(), "10", 2025);
    let p = report(&["番号", "年度", "実績"], &[&["10", "R7", "91"]]);
    let out = into_sample(&p);
    let unread: Vec<(&str, &UnreadReason)> = out
        .unread
        .iter()
        .map(|u| (u.address.as_str(), &u.reason))
        .collect();
    assert_eq!(unread, [("報告!C2", &UnreadReason::WhichGoal(2))]);
    assert_eq!(goals_of(&out.file, "10", 2025), before);
}
