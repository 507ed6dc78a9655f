//! Bringing a city's own progress sheet in: which column holds which field
//! (guessed from the header words, adjustable by the user), and the cards
//! the rows become, with every cell that could not be read and why.

use std::collections::HashMap;
use std::sync::Arc;

use plan_core::fiscal::{era_of, fiscal_year_of};
use plan_core::gate::{self, Refused};
use plan_core::{Action, Card, CardYear, Extra, Goal, Measure, Pillar, PlanFile, Quantity, Status};
use serde::{Deserialize, Serialize};

use crate::cells::{Cell, Sheet};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    #[default]
    Ignore,
    /// 番号
    Number,
    /// 事業名 / 取組名
    Title,
    /// 担当課
    Department,
    /// 柱 (基本戦略)
    Pillar,
    /// 施策
    Measure,
    /// 年度 of the row
    Year,
    /// 取組事項
    Action,
    /// 期限 of the row's action
    Due,
    /// 状況 of the row's year
    Status,
    /// 状況 of one fiscal year (a column per year, 笠間市 style)
    StatusYear(i32),
    /// 目標
    Goal,
    /// 実績
    Actual,
    /// 概要
    Overview,
    /// 備考
    Note,
}

impl Field {
    /// Every field a column can be set to, for the mapping screen (a
    /// [`Field::StatusYear`] per fiscal year of `years`).
    pub fn choices(years: impl IntoIterator<Item = i32>) -> Vec<Field> {
        let mut out = vec![
            Field::Ignore,
            Field::Number,
            Field::Title,
            Field::Department,
            Field::Pillar,
            Field::Measure,
            Field::Year,
            Field::Action,
            Field::Due,
            Field::Status,
            Field::Goal,
            Field::Actual,
            Field::Overview,
            Field::Note,
        ];
        out.extend(years.into_iter().map(Field::StatusYear));
        out
    }

    /// A stable key (`status_year:2024`), for storage and `<select>` values.
    pub fn key(self) -> String {
        match self {
            Field::StatusYear(y) => format!("status_year:{y}"),
            other => serde_json::to_value(other)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
        }
    }

    pub fn from_key(key: &str) -> Option<Field> {
        if let Some(y) = key.strip_prefix("status_year:") {
            return y.parse().ok().map(Field::StatusYear);
        }
        serde_json::from_value(serde_json::Value::String(key.to_string())).ok()
    }
}

/// Which sheet, where the header ends, and a field per column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Mapping {
    pub sheet: String,
    /// The last header row (0-based); data starts below it.
    pub header_row: usize,
    /// One field per column, from column A.
    pub columns: Vec<Field>,
}

impl Mapping {
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|f| *f == field)
    }

    /// The fiscal years that columns give a status for, left to right.
    pub fn status_years(&self) -> Vec<i32> {
        self.columns
            .iter()
            .filter_map(|f| match f {
                Field::StatusYear(y) => Some(*y),
                _ => None,
            })
            .collect()
    }
}

/// Where the rows go.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// A new plan with this id and title; `fallback_year` is its period
    /// when no row names a fiscal year.
    New {
        id: &'a str,
        title: &'a str,
        fallback_year: i32,
    },
    /// Cards for a plan that is here: rows are matched to its cards by
    /// number (or title when there is no number); the result is meant for
    /// the merge preview.
    Existing(&'a PlanFile),
}

/// Why a cell was not taken in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum UnreadReason {
    /// Not a status mark or word (○ ◎ ▲ × — 取り下げ, 進行中 …).
    Status,
    /// Not a fiscal year (令和6年度, R6, 2024 …).
    Year,
    /// Not a month or date (2024/9, 令和6年9月, a date cell …).
    Due,
    /// A due month outside the row's fiscal year.
    DueOutsideYear(i32),
    /// The row names no fiscal year, so the value has nowhere to go.
    NoYear,
    /// A note or remark row (※ …), left out.
    NoteRow,
    /// A row with values but no card (no title or number above it).
    NoCard,
    /// An actual on a row without 目標, in a year with this many goals:
    /// which goal it is the actual of is not guessed.
    WhichGoal(usize),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnreadCell {
    /// `進捗!D12`
    pub address: String,
    /// The cell as shown.
    pub text: String,
    pub reason: UnreadReason,
}

/// Which row became which card (1-based row numbers, as Excel shows them).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowCard {
    pub row: usize,
    pub number: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MappingResult {
    /// A new plan, or the plan that is here with the cards the rows gave
    /// (for `merge::preview`). It has passed the gate.
    pub file: PlanFile,
    pub rows: Vec<RowCard>,
    pub unread: Vec<UnreadCell>,
}

// ------------------------------------------------------------- guessing

/// Header words by field, most specific first (取組事項 before 取組名).
const WORDS: &[(Field, &[&str])] = &[
    (
        Field::Action,
        &["取組事項", "取組内容", "実施内容", "実施事項", "action"],
    ),
    (
        Field::Due,
        &["期限", "期日", "完了予定", "実施時期", "時期", "due"],
    ),
    (
        Field::Status,
        &["進捗状況", "状況", "進捗", "評価", "status"],
    ),
    (Field::Number, &["番号", "no.", "no", "№", "ｎｏ"]),
    (Field::Overview, &["概要", "overview"]),
    (
        Field::Title,
        &["事業名", "取組名", "事業", "項目", "名称", "title"],
    ),
    (
        Field::Department,
        &["担当課", "担当部署", "所管", "担当", "department"],
    ),
    (
        Field::Pillar,
        &["基本戦略", "基本方針", "柱", "分野", "pillar"],
    ),
    (Field::Measure, &["施策", "measure"]),
    (Field::Actual, &["実績", "actual"]),
    (Field::Goal, &["目標", "goal", "target"]),
    (Field::Note, &["備考", "メモ", "note"]),
    (Field::Year, &["年度", "fiscal year", "year"]),
];

fn field_of_header(text: &str) -> Option<Field> {
    let t = ascii_digits(text).to_lowercase();
    let t = t.trim();
    if t.is_empty() {
        return None;
    }
    WORDS
        .iter()
        .find(|(_, words)| {
            words.iter().any(|w| {
                // Short ASCII words must be the whole header ("no", not "note").
                if w.is_ascii() && w.len() <= 3 {
                    t == *w
                } else {
                    t.contains(w)
                }
            })
        })
        .map(|(f, _)| *f)
}

/// The mapping the header words suggest: the header is the row (among the
/// first twenty) with the most header words; a row below it naming fiscal
/// years (a merged 状況 header over R5, R6, R7) belongs to the header too.
pub fn guess_mapping(sheet: &Sheet) -> Mapping {
    let scan = sheet.rows.len().min(20);
    let score = |r: usize| {
        let mut seen = Vec::new();
        for c in 0..sheet.width() {
            if let Cell::Text(t) = sheet.cell(r, c)
                && let Some(f) = field_of_header(t)
                && !seen.contains(&f)
            {
                seen.push(f);
            }
        }
        seen.len()
    };
    let head = (0..scan)
        .max_by_key(|r| (score(*r), usize::MAX - r))
        .unwrap_or(0);
    let years_in = |r: usize| {
        (0..sheet.width())
            .filter(|c| year_header(sheet.cell(r, *c)).is_some())
            .count()
    };
    // A second header row holds years and, elsewhere, only what the
    // merged cells above repeat.
    let sub = head + 1;
    let is_sub_header = sub < sheet.rows.len()
        && years_in(sub) >= 1
        && (0..sheet.width()).all(|c| {
            let cell = sheet.cell(sub, c);
            cell.is_empty() || year_header(cell).is_some() || cell == sheet.cell(head, c)
        });
    let last = if is_sub_header { sub } else { head };
    let mut columns = Vec::new();
    for c in 0..sheet.width() {
        let field = match year_header(sheet.cell(last, c)) {
            Some(y) => Field::StatusYear(y),
            None => {
                let mut text: Vec<String> =
                    (head..=last).map(|r| sheet.cell(r, c).display()).collect();
                text.dedup();
                field_of_header(&text.join(" ")).unwrap_or_default()
            }
        };
        // Each field once (a year column once per year); later ones are
        // left for the user to set.
        let taken = field != Field::Ignore && columns.contains(&field);
        columns.push(if taken { Field::Ignore } else { field });
    }
    Mapping {
        sheet: sheet.name.clone(),
        header_row: last,
        columns,
    }
}

/// A header cell that names a fiscal year on its own (`R6`, `令和6年度`,
/// `2024年度`, `FY2024`, 2024).
fn year_header(cell: &Cell) -> Option<i32> {
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && (1990.0..=2100.0).contains(n) => Some(*n as i32),
        Cell::Text(t) => {
            let t = t.trim();
            // "年度" alone is the Year column, not a year.
            if t.chars().count() > 12 {
                return None;
            }
            parse_year(t).filter(|_| {
                t.chars()
                    .any(|c| c.is_ascii_digit() || is_wide_digit(c) || c == '元')
            })
        }
        _ => None,
    }
}

// -------------------------------------------------------------- parsing

fn is_wide_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// Full-width digits and letters as ASCII, full-width space as a space.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|ch| match ch {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
            '\u{3000}' => ' ',
            _ => ch,
        })
        .collect()
}

/// A status mark or word: ○ ◎ ▲ △ × — 取り下げ, 進行中, 遅れ, 達成 …, the
/// file's names (`on_track`) and English words. `○ 進行中` (mark and name)
/// is read too.
pub fn parse_status(text: &str) -> Option<Status> {
    let t: String = ascii_digits(text)
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if let Some(s) = Status::parse(&t) {
        return Some(s);
    }
    let by_word = |w: &str| -> Option<Status> {
        Some(match w {
            "○" | "〇" | "◯" | "o" => Status::OnTrack,
            "◎" => Status::Achieved,
            "▲" | "△" => Status::Delayed,
            "×" | "✕" | "✖" | "x" => Status::Missed,
            "—" | "-" | "－" | "ー" | "―" | "–" | "‐" => Status::NotStarted,
            "未着手" | "notstarted" => Status::NotStarted,
            "進行中" | "実施中" | "順調" | "概ね順調" | "おおむね順調" | "着手" | "ontrack" => {
                Status::OnTrack
            }
            "遅れ" | "遅延" | "やや遅れ" | "遅れている" | "delayed" => Status::Delayed,
            "未達成" | "未達" | "missed" => Status::Missed,
            "達成" | "完了" | "済" | "実施済" | "achieved" | "done" => Status::Achieved,
            "取下" | "取り下げ" | "取下げ" | "中止" | "廃止" | "withdrawn" => {
                Status::Withdrawn
            }
            _ => return None,
        })
    };
    if let Some(s) = by_word(&t) {
        return Some(s);
    }
    // `○進行中`: a mark followed by its name; the mark decides.
    let first: String = t.chars().take(1).collect();
    let rest: String = t.chars().skip(1).collect();
    match (by_word(&first), by_word(&rest)) {
        (Some(a), Some(b)) if a == b => Some(a),
        (Some(a), None) if rest.is_empty() => Some(a),
        _ => t
            .strip_prefix("取下")
            .filter(|r| r.is_empty())
            .map(|_| Status::Withdrawn),
    }
}

/// A fiscal year: `令和6年度`, `令和元年度`, `R6`, `H30年度`, `2024`,
/// `2024年度`, `FY2024`.
pub fn parse_year(text: &str) -> Option<i32> {
    let t: String = ascii_digits(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let t = t.trim_end_matches("年度").trim_end_matches('年');
    let t = t
        .strip_prefix("FY")
        .or_else(|| t.strip_prefix("fy"))
        .unwrap_or(t);
    if let Ok(y) = t.parse::<i32>() {
        return (1900..=2200).contains(&y).then_some(y);
    }
    era_year(t)
}

/// `令和6`, `R6`, `令和元`, `H30` → the calendar year it names.
fn era_year(t: &str) -> Option<i32> {
    const ERAS: [(&str, &str, i32); 3] = [
        ("令和", "R", 2019),
        ("平成", "H", 1989),
        ("昭和", "S", 1926),
    ];
    for (name, letter, start) in ERAS {
        let rest = t
            .strip_prefix(name)
            .or_else(|| t.strip_prefix(letter))
            .or_else(|| t.strip_prefix(&letter.to_lowercase()));
        if let Some(rest) = rest {
            let rest = rest.trim_start_matches('.');
            let n = if rest == "元" {
                1
            } else {
                rest.parse::<i32>().ok()?
            };
            if n >= 1 {
                let y = start + n - 1;
                // Sanity: the era's own year numbering.
                return era_of(y).map(|_| y);
            }
        }
    }
    None
}

/// A due month `YYYY-MM` from a date cell or a text (`2024/9`, `2024/09/30`,
/// `2024-09`, `2024年9月`, `2024年9月末`, `R6.9`, `令和6年9月`, `9月` in the
/// row's fiscal year).
pub fn parse_due(cell: &Cell, fiscal_year: Option<i32>) -> Option<String> {
    let (y, m) = match cell {
        Cell::Date(y, m, _) => (*y, *m),
        // A date typed into a cell without date format: a serial day.
        Cell::Number(n) if (20_000.0..80_000.0).contains(n) => {
            let Cell::Date(y, m, _) = crate::cells::cell_from_serial(*n) else {
                return None;
            };
            (y, m)
        }
        Cell::Text(t) => due_text(t, fiscal_year)?,
        _ => return None,
    };
    (1..=12).contains(&m).then(|| format!("{y:04}-{m:02}"))
}

fn due_text(text: &str, fiscal_year: Option<i32>) -> Option<(i32, u32)> {
    let t: String = ascii_digits(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let t = t
        .trim_end_matches("まで")
        .trim_end_matches('末')
        .trim_end_matches("頃")
        .trim_end_matches('中');
    let t = t.trim_end_matches('日');
    // Split into numbers, keeping a leading era.
    let (era_part, rest) = match t.find(|c: char| c.is_ascii_digit() || c == '元') {
        Some(i) => t.split_at(i),
        None => return None,
    };
    let nums: Vec<&str> = rest
        .split(['/', '-', '.', '年', '月'])
        .filter(|p| !p.is_empty())
        .collect();
    match nums.as_slice() {
        [m] if era_part.is_empty() => {
            let m: u32 = m.parse().ok()?;
            let fy = fiscal_year?;
            Some((if m >= 4 { fy } else { fy + 1 }, m))
        }
        [y, m] | [y, m, _] => {
            let m: u32 = m.parse().ok()?;
            let y = if era_part.is_empty() {
                let y: i32 = y.parse().ok()?;
                (1900..=2200).contains(&y).then_some(y)?
            } else {
                era_year(&format!("{era_part}{y}"))?
            };
            Some((y, m))
        }
        _ => None,
    }
}

// ------------------------------------------------------------- applying

/// Builds cards from the rows under the header. `new_id` makes ids for new
/// cards, pillars, measures, actions and goals; `now` (RFC 3339) stamps
/// what changed; `site` is this copy's clock entry. The result has passed
/// [`gate::check`]: a plan that would not load back is refused here.
pub fn apply_mapping(
    sheet: &Sheet,
    mapping: &Mapping,
    target: Target<'_>,
    new_id: &mut dyn FnMut() -> String,
    now: &str,
    site: &str,
) -> Result<MappingResult, Refused> {
    let col = |f: Field| mapping.column_of(f);
    let text_at = |r: usize, f: Field| -> String {
        col(f)
            .map(|c| sheet.cell(r, c).display().trim().to_string())
            .unwrap_or_default()
    };
    let data_fields = [
        Field::Action,
        Field::Due,
        Field::Status,
        Field::Goal,
        Field::Actual,
        Field::Year,
    ];

    let mut b = Builder::new(target, now, site);
    let mut unread = Vec::new();
    let mut rows = Vec::new();
    let mut current: Option<usize> = None;

    for r in (mapping.header_row + 1)..sheet.rows.len() {
        let filled: Vec<usize> = (0..sheet.width())
            .filter(|c| !sheet.cell(r, *c).is_empty())
            .collect();
        let Some(&first) = filled.first() else {
            continue; // an empty row
        };
        let first_text = sheet.cell(r, first).display();
        let same_everywhere = filled.len() >= 3
            && filled
                .iter()
                .all(|c| sheet.cell(r, *c).display() == first_text);
        let starts_as_note = first_text
            .trim_start()
            .starts_with(['※', '＊', '*', '注', '（', '('])
            && filled.len() == 1;
        if same_everywhere || starts_as_note {
            unread.push(UnreadCell {
                address: sheet.address(r, first),
                text: first_text,
                reason: UnreadReason::NoteRow,
            });
            continue;
        }

        let number = text_at(r, Field::Number);
        let title = text_at(r, Field::Title);
        let card = if number.is_empty() && title.is_empty() {
            let has_data = data_fields
                .iter()
                .any(|f| col(*f).is_some_and(|c| !sheet.cell(r, c).is_empty()))
                || mapping.columns.iter().enumerate().any(|(c, f)| {
                    matches!(f, Field::StatusYear(_)) && !sheet.cell(r, c).is_empty()
                });
            match (current, has_data) {
                (Some(i), true) => i,
                (None, true) => {
                    unread.push(UnreadCell {
                        address: sheet.address(r, first),
                        text: first_text,
                        reason: UnreadReason::NoCard,
                    });
                    continue;
                }
                (_, false) => {
                    // Only fields of the card itself (a department on a
                    // line of its own): the card above, when there is one.
                    match current {
                        Some(i) => i,
                        None => {
                            unread.push(UnreadCell {
                                address: sheet.address(r, first),
                                text: first_text,
                                reason: UnreadReason::NoteRow,
                            });
                            continue;
                        }
                    }
                }
            }
        } else {
            b.card_for(&number, &title, new_id)
        };
        current = Some(card);
        {
            let c = &b.cards[card].card;
            rows.push(RowCard {
                row: r + 1,
                number: c.number.clone(),
                title: c.title.clone(),
            });
        }

        // Fields of the card.
        let dept = text_at(r, Field::Department);
        for d in dept
            .split(['、', ',', '，', '/', '・', '\n'])
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            b.add_department(card, d);
        }
        let pillar = text_at(r, Field::Pillar);
        if !pillar.is_empty() {
            b.set_pillar(card, &pillar, new_id);
        }
        let measure = text_at(r, Field::Measure);
        if !measure.is_empty() {
            b.set_measure(card, &measure, new_id);
        }
        let overview = text_at(r, Field::Overview);
        if !overview.is_empty() && !b.cards[card].card.overview.contains(&overview) {
            let o = &mut b.cards[card].card.overview;
            if !o.is_empty() {
                o.push('\n');
            }
            o.push_str(&overview);
        }

        // The row's fiscal year: the 年度 column, or the due month's.
        let mut year = None;
        if let Some(c) = col(Field::Year) {
            let cell = sheet.cell(r, c);
            if !cell.is_empty() {
                year = match cell {
                    Cell::Number(n) if n.fract() == 0.0 => {
                        parse_year(&cell.display()).or_else(|| {
                            // A bare era number under a 年度 header (6 for R6).
                            let n = *n as i32;
                            (1..=99).contains(&n).then_some(2018 + n)
                        })
                    }
                    Cell::Date(y, m, _) => Some(fiscal_year_of(*y, *m)),
                    other => parse_year(&other.display()),
                };
                if year.is_none() {
                    unread.push(UnreadCell {
                        address: sheet.address(r, c),
                        text: cell.display(),
                        reason: UnreadReason::Year,
                    });
                }
            }
        }
        let mut due = None;
        if let Some(c) = col(Field::Due) {
            let cell = sheet.cell(r, c);
            if !cell.is_empty() {
                match parse_due(cell, year) {
                    None => unread.push(UnreadCell {
                        address: sheet.address(r, c),
                        text: cell.display(),
                        reason: UnreadReason::Due,
                    }),
                    Some(d) => {
                        let (y, m) = plan_core::fiscal::parse_year_month(&d).unwrap_or_default();
                        let fy = fiscal_year_of(y, m);
                        match year {
                            None => {
                                year = Some(fy);
                                due = Some(d);
                            }
                            Some(ry) if ry == fy => due = Some(d),
                            Some(ry) => unread.push(UnreadCell {
                                address: sheet.address(r, c),
                                text: cell.display(),
                                reason: UnreadReason::DueOutsideYear(ry),
                            }),
                        }
                    }
                }
            }
        }
        let no_year = |c: usize, unread: &mut Vec<UnreadCell>| {
            unread.push(UnreadCell {
                address: sheet.address(r, c),
                text: sheet.cell(r, c).display(),
                reason: UnreadReason::NoYear,
            });
        };

        // 状況 per year columns.
        for (c, f) in mapping.columns.iter().enumerate() {
            let Field::StatusYear(y) = f else { continue };
            let cell = sheet.cell(r, c);
            if cell.is_empty() {
                continue;
            }
            match parse_status(&cell.display()) {
                Some(s) => b.year(card, *y).status = s,
                None => unread.push(UnreadCell {
                    address: sheet.address(r, c),
                    text: cell.display(),
                    reason: UnreadReason::Status,
                }),
            }
        }
        if let Some(c) = col(Field::Status) {
            let cell = sheet.cell(r, c);
            if !cell.is_empty() {
                match (parse_status(&cell.display()), year) {
                    (None, _) => unread.push(UnreadCell {
                        address: sheet.address(r, c),
                        text: cell.display(),
                        reason: UnreadReason::Status,
                    }),
                    (Some(s), Some(y)) => b.year(card, y).status = s,
                    (Some(_), None) => no_year(c, &mut unread),
                }
            }
        }
        let action = text_at(r, Field::Action);
        if !action.is_empty() {
            match year {
                Some(y) => {
                    let cy = b.year(card, y);
                    match cy.actions.iter_mut().find(|a| a.text == action) {
                        Some(a) => {
                            if due.is_some() {
                                a.due = due.clone();
                            }
                        }
                        None => cy.actions.push(Action {
                            id: new_id(),
                            text: action,
                            due: due.clone(),
                            done: false,
                            done_on: None,
                            extra: Extra::new(),
                        }),
                    }
                }
                None => no_year(col(Field::Action).unwrap_or(0), &mut unread),
            }
        }
        // The row's goal (its 目標 cell): found by its text or by its
        // target, else added. An actual on the row belongs to it.
        let goal = text_at(r, Field::Goal);
        let mut row_goal = None;
        if !goal.is_empty() {
            match year {
                Some(y) => {
                    let given = col(Field::Goal).and_then(|c| quantity_of(sheet.cell(r, c)));
                    let cy = b.year(card, y);
                    let found = cy.goals.iter().position(|g| g.text == goal).or_else(|| {
                        let q = given.as_ref()?;
                        cy.goals.iter().position(|g| {
                            g.target.as_ref().is_some_and(|t| {
                                t.value == q.value && (q.unit.is_empty() || q.unit == t.unit)
                            })
                        })
                    });
                    row_goal = Some(match found {
                        Some(i) => i,
                        None => {
                            cy.goals.push(Goal {
                                id: new_id(),
                                text: goal,
                                achieved: false,
                                target: None,
                                actual: None,
                                extra: Extra::new(),
                            });
                            cy.goals.len() - 1
                        }
                    });
                }
                None => no_year(col(Field::Goal).unwrap_or(0), &mut unread),
            }
        }
        if let Some(c) = col(Field::Actual) {
            let cell = sheet.cell(r, c);
            if !cell.is_empty() {
                match year {
                    Some(y) => {
                        let cy = b.year(card, y);
                        // Which goal a number is the actual of: the row's
                        // goal, else the year's only goal. With several and
                        // no 目標 on the row it is not guessed.
                        let which = row_goal.or((cy.goals.len() == 1).then_some(0));
                        match (quantity_of(cell), which) {
                            (Some(mut q), Some(i)) => {
                                let g = &mut cy.goals[i];
                                if q.unit.is_empty() {
                                    // A bare number is in the goal's unit.
                                    q.unit = g
                                        .target
                                        .as_ref()
                                        .or(g.actual.as_ref())
                                        .map(|t| t.unit.clone())
                                        .unwrap_or_default();
                                }
                                g.actual = Some(q);
                            }
                            (Some(_), None) if cy.goals.len() > 1 => unread.push(UnreadCell {
                                address: sheet.address(r, c),
                                text: cell.display(),
                                reason: UnreadReason::WhichGoal(cy.goals.len()),
                            }),
                            _ => append_line(&mut cy.note, &cell.display()),
                        }
                    }
                    None => no_year(c, &mut unread),
                }
            }
        }
        let note = text_at(r, Field::Note);
        if !note.is_empty() {
            match year {
                Some(y) => append_line(&mut b.year(card, y).note, &note),
                None => {
                    let bg = &mut b.cards[card].card.background;
                    if !bg.contains(&note) {
                        append_line(bg, &note);
                    }
                }
            }
        }
    }

    // A new plan covers the years the header names, read or not.
    let file = b.finish(target, &mapping.status_years());
    gate::check(&file)?;
    Ok(MappingResult { file, rows, unread })
}

/// A number cell, or a text that is a number with an optional unit after
/// it (`4,210件`, `１２．５ ％`); the unit is empty for a bare number.
fn quantity_of(cell: &Cell) -> Option<Quantity> {
    let (value, unit) = match cell {
        Cell::Number(n) => (*n, String::new()),
        Cell::Text(t) => {
            let t = ascii_digits(t);
            let t = t.trim();
            let end = t
                .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-')))
                .unwrap_or(t.len());
            let digits: String = t[..end].chars().filter(|c| *c != ',').collect();
            if !digits.chars().any(|c| c.is_ascii_digit()) {
                return None;
            }
            let unit = t[end..].trim();
            // A unit is a word, not the rest of a sentence.
            if unit.chars().count() > 6
                || unit
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_ascii_digit() || c == '/')
            {
                return None;
            }
            (digits.parse().ok()?, unit.to_string())
        }
        _ => return None,
    };
    value.is_finite().then(|| Quantity {
        value,
        unit,
        extra: Extra::new(),
    })
}

fn append_line(s: &mut String, line: &str) {
    if s.split('\n').any(|l| l == line) {
        return;
    }
    if !s.is_empty() {
        s.push('\n');
    }
    s.push_str(line);
}

struct Built {
    card: Card,
    /// The card as it is in the plan here, when the row matched one.
    original: Option<Arc<Card>>,
}

struct Builder {
    pillars: Vec<Pillar>,
    departments: Vec<String>,
    cards: Vec<Built>,
    by_key: HashMap<String, usize>,
    existing: Vec<Arc<Card>>,
    now: String,
    site: String,
}

impl Builder {
    fn new(target: Target<'_>, now: &str, site: &str) -> Builder {
        let (pillars, departments, existing) = match target {
            Target::New { .. } => (Vec::new(), Vec::new(), Vec::new()),
            Target::Existing(f) => (
                f.plan.pillars.clone(),
                f.plan.departments.clone(),
                f.cards.clone(),
            ),
        };
        Builder {
            pillars,
            departments,
            cards: Vec::new(),
            by_key: HashMap::new(),
            existing,
            now: now.to_string(),
            site: site.to_string(),
        }
    }

    /// The card a row names: one built already, one of the plan here
    /// (by number, or by title when the row has no number), or a new one.
    fn card_for(&mut self, number: &str, title: &str, new_id: &mut dyn FnMut() -> String) -> usize {
        let key = if number.is_empty() {
            format!("t:{title}")
        } else {
            format!("n:{number}")
        };
        if let Some(i) = self.by_key.get(&key) {
            return *i;
        }
        let found = self
            .existing
            .iter()
            .find(|c| {
                if number.is_empty() {
                    c.title == title
                } else {
                    c.number == number
                }
            })
            .cloned();
        let card = match &found {
            Some(c) => Card::clone(c),
            None => Card::new(
                new_id(),
                number.to_string(),
                if title.is_empty() { number } else { title }.to_string(),
                &self.now,
            ),
        };
        self.cards.push(Built {
            card,
            original: found,
        });
        let i = self.cards.len() - 1;
        self.by_key.insert(key, i);
        i
    }

    fn add_department(&mut self, card: usize, d: &str) {
        let c = &mut self.cards[card].card;
        if !c.departments.iter().any(|x| x == d) {
            c.departments.push(d.to_string());
        }
        if !self.departments.iter().any(|x| x == d) {
            self.departments.push(d.to_string());
        }
    }

    fn set_pillar(&mut self, card: usize, name: &str, new_id: &mut dyn FnMut() -> String) {
        let id = match self.pillars.iter().find(|p| p.name == name) {
            Some(p) => p.id.clone(),
            None => {
                let id = new_id();
                self.pillars.push(Pillar {
                    id: id.clone(),
                    name: name.to_string(),
                    visions: Vec::new(),
                    measures: Vec::new(),
                    extra: Extra::new(),
                });
                id
            }
        };
        let c = &mut self.cards[card].card;
        if c.pillars.first() != Some(&id) {
            c.pillars.retain(|p| p != &id);
            c.pillars.insert(0, id);
            // A measure of another pillar would no longer fit.
            c.measure = None;
        }
    }

    /// The measure goes under the card's home pillar (a new pillar named
    /// like nothing when the card has none).
    fn set_measure(&mut self, card: usize, name: &str, new_id: &mut dyn FnMut() -> String) {
        let home = self.cards[card].card.home_pillar().map(str::to_string);
        let Some(pi) = home.and_then(|h| self.pillars.iter().position(|p| p.id == h)) else {
            // No pillar to put it under: kept as text in the overview.
            let o = &mut self.cards[card].card.overview;
            if !o.contains(name) {
                append_line(o, name);
            }
            return;
        };
        let id = match self.pillars[pi].measures.iter().find(|m| m.name == name) {
            Some(m) => m.id.clone(),
            None => {
                let id = new_id();
                self.pillars[pi].measures.push(Measure {
                    id: id.clone(),
                    name: name.to_string(),
                    extra: Extra::new(),
                });
                id
            }
        };
        self.cards[card].card.measure = Some(id);
    }

    fn year(&mut self, card: usize, year: i32) -> &mut CardYear {
        self.cards[card].card.ensure_year(year)
    }

    fn finish(self, target: Target<'_>, header_years: &[i32]) -> PlanFile {
        let named = match target {
            Target::New { .. } => header_years,
            Target::Existing(_) => &[],
        };
        let years = self
            .cards
            .iter()
            .flat_map(|b| b.card.years.iter().map(|y| y.year))
            .chain(named.iter().copied());
        let (min, max) = years.fold((None::<i32>, None::<i32>), |(lo, hi), y| {
            (
                Some(lo.map_or(y, |l| l.min(y))),
                Some(hi.map_or(y, |h| h.max(y))),
            )
        });
        let site = self.site.clone();
        let now = self.now.clone();
        let cards: Vec<Arc<Card>> = self
            .cards
            .into_iter()
            .map(|b| match b.original {
                // Unchanged: the card as it is, so the merge calls it so.
                Some(orig) if *orig == b.card => orig,
                Some(orig) => {
                    let mut c = b.card;
                    c.clock = orig.clock.clone();
                    c.clock.increment(&site);
                    c.updated_at = now.clone();
                    Arc::new(c)
                }
                None => {
                    let mut c = b.card;
                    c.clock.increment(&site);
                    Arc::new(c)
                }
            })
            .collect();
        let mut file = match target {
            Target::New {
                id,
                title,
                fallback_year,
            } => PlanFile::empty(
                id.to_string(),
                title.to_string(),
                min.unwrap_or(fallback_year),
                max.unwrap_or(fallback_year),
            ),
            Target::Existing(f) => {
                let mut out = f.clone();
                out.plan.start_year =
                    min.map_or(out.plan.start_year, |m| m.min(out.plan.start_year));
                out.plan.end_year = max.map_or(out.plan.end_year, |m| m.max(out.plan.end_year));
                out
            }
        };
        if let Target::New { .. } = target {
            file.plan.updated_at = Some(now);
        }
        file.plan.pillars = self.pillars;
        file.plan.departments = self.departments;
        file.cards = cards;
        file
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        for (t, s) in [
            ("○", Status::OnTrack),
            ("〇", Status::OnTrack),
            ("◎", Status::Achieved),
            ("▲", Status::Delayed),
            ("△", Status::Delayed),
            ("×", Status::Missed),
            ("—", Status::NotStarted),
            ("取り下げ", Status::Withdrawn),
            ("取下", Status::Withdrawn),
            ("進行中", Status::OnTrack),
            ("未達成", Status::Missed),
            ("達成", Status::Achieved),
            ("○ 進行中", Status::OnTrack),
            (" on_track ", Status::OnTrack),
            ("Delayed", Status::Delayed),
        ] {
            assert_eq!(parse_status(t), Some(s), "{t}");
        }
        assert_eq!(parse_status("?"), None);
        assert_eq!(parse_status("○×"), None);
        assert_eq!(parse_status("検討中です"), None);
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("令和6年度"), Some(2024));
        assert_eq!(parse_year("令和元年度"), Some(2019));
        assert_eq!(parse_year("R6"), Some(2024));
        assert_eq!(parse_year("Ｒ６"), Some(2024));
        assert_eq!(parse_year("H30年度"), Some(2018));
        assert_eq!(parse_year("2024年度"), Some(2024));
        assert_eq!(parse_year("FY2024"), Some(2024));
        assert_eq!(parse_year("年度"), None);
        assert_eq!(parse_year("来年"), None);
    }

    #[test]
    fn dues() {
        let t = |s: &str| parse_due(&Cell::Text(s.into()), Some(2024));
        assert_eq!(t("2024/9"), Some("2024-09".into()));
        assert_eq!(t("2024/09/30"), Some("2024-09".into()));
        assert_eq!(t("2025-03"), Some("2025-03".into()));
        assert_eq!(t("2024年9月末"), Some("2024-09".into()));
        assert_eq!(t("令和6年9月"), Some("2024-09".into()));
        assert_eq!(t("R7.3"), Some("2025-03".into()));
        assert_eq!(t("3月"), Some("2025-03".into()));
        assert_eq!(t("９月"), Some("2024-09".into()));
        assert_eq!(t("年度内"), None);
        assert_eq!(t("2024/13"), None);
        assert_eq!(
            parse_due(&Cell::Date(2024, 11, 30), None),
            Some("2024-11".into())
        );
    }

    #[test]
    fn field_keys_round_trip() {
        for f in Field::choices([2024]) {
            assert_eq!(Field::from_key(&f.key()), Some(f), "{f:?}");
        }
    }

    #[test]
    fn header_words() {
        assert_eq!(field_of_header("取組事項"), Some(Field::Action));
        assert_eq!(field_of_header("事業名"), Some(Field::Title));
        assert_eq!(field_of_header("取組名"), Some(Field::Title));
        assert_eq!(field_of_header("担当課"), Some(Field::Department));
        assert_eq!(field_of_header("No."), Some(Field::Number));
        assert_eq!(field_of_header("Note"), Some(Field::Note));
        assert_eq!(field_of_header("進捗状況"), Some(Field::Status));
        assert_eq!(field_of_header("目標"), Some(Field::Goal));
        assert_eq!(field_of_header("実績"), Some(Field::Actual));
    }
}
