//! Writing a plan as a workbook.

use std::collections::HashSet;

use plan_core::gate::{self, Refused};
use plan_core::stats::{self, status_index};
use plan_core::{Card, CardYear, PlanFile, Status};
use rust_xlsxwriter::{
    ColNum, Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula,
    RowNum, Workbook, Worksheet, XlsxError,
};

use crate::labels::{Lang, Words};
use crate::{PLAN_MARKER, PLAN_SHEET};

#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    pub lang: Lang,
    /// One sheet per card in the card layout (for printing a handout).
    pub card_sheets: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The plan would not load back; nothing is written.
    #[error(transparent)]
    Refused(#[from] Refused),
    #[error("xlsx: {0}")]
    Xlsx(#[from] XlsxError),
}

/// Excel refuses longer cell texts.
const CELL_LIMIT_UTF16: usize = 32_767;
/// Chunk size of the plan text in the hidden sheet, in UTF-16 units, below
/// the limit with room to spare.
const CHUNK_UTF16: usize = 30_000;

/// The workbook for `file`, as bytes of an `.xlsx` file. The plan goes
/// through the gate first: a plan that would not load back is not written.
pub fn export(file: &PlanFile, opts: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let passed = gate::check(file)?;
    let lang = opts.lang;
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(&file.plan.title)
            .set_company(file.plan.organization.as_deref().unwrap_or_default()),
    );

    progress_sheet(wb.add_worksheet(), file, lang, &f)?;
    actions_sheet(wb.add_worksheet(), file, lang, &f)?;
    goals_sheet(wb.add_worksheet(), file, lang, &f)?;
    indicators_sheet(wb.add_worksheet(), file, lang, &f)?;
    if opts.card_sheets {
        let mut used: HashSet<String> = [
            lang.sheet_progress(),
            lang.sheet_actions(),
            lang.sheet_goals(),
            lang.sheet_indicators(),
            PLAN_SHEET,
        ]
        .into_iter()
        .map(str::to_lowercase)
        .collect();
        for (i, card) in file.cards.iter().enumerate() {
            let name = card_sheet_name(card, i, &mut used);
            let ws = wb.add_worksheet();
            ws.set_name(name)?;
            card_sheet(ws, file, card, lang, &f)?;
        }
    }
    plan_sheet(wb.add_worksheet(), &passed.text)?;
    Ok(wb.save_to_buffer()?)
}

// -------------------------------------------------------------- formats

struct Formats {
    title: Format,
    header: Format,
    text: Format,
    wrap: Format,
    center: Format,
    pillar: Format,
    measure: Format,
    count_label: Format,
    count: Format,
    number: Format,
    percent: Format,
    month: Format,
    date: Format,
    label: Format,
    none: Format,
    status: [Format; 6],
}

fn rgb(hex: &str) -> u32 {
    u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0)
}

/// `color` mixed with white: a pale fill that keeps the symbol readable.
fn tint(color: u32, white_share: f64) -> u32 {
    let mix = |shift: u32| {
        let c = f64::from((color >> shift) & 0xff);
        ((c + (255.0 - c) * white_share).round() as u32).min(255) << shift
    };
    mix(16) | mix(8) | mix(0)
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xb0b7c0))
            .set_align(FormatAlign::VerticalCenter);
        let status = Status::ALL.map(|s| {
            let c = rgb(s.color());
            cell.clone()
                .set_bold()
                .set_font_color(Color::RGB(c))
                .set_background_color(Color::RGB(tint(c, 0.86)))
                .set_align(FormatAlign::Center)
        });
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            header: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xdde4ee))
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            text: cell.clone(),
            wrap: cell.clone().set_text_wrap().set_align(FormatAlign::Top),
            center: cell.clone().set_align(FormatAlign::Center),
            pillar: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xeef1f5)),
            measure: cell.clone().set_italic().set_indent(1),
            count_label: cell
                .clone()
                .set_align(FormatAlign::Right)
                .set_font_color(Color::RGB(0x3c4654)),
            count: cell.clone().set_align(FormatAlign::Center),
            number: cell.clone().set_num_format("#,##0.##"),
            percent: cell.clone().set_num_format("0.0%"),
            month: cell
                .clone()
                .set_num_format("yyyy/mm")
                .set_align(FormatAlign::Center),
            date: cell
                .clone()
                .set_num_format("yyyy/mm/dd")
                .set_align(FormatAlign::Center),
            label: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xeef1f5))
                .set_align(FormatAlign::Top)
                .set_text_wrap(),
            none: cell.set_background_color(Color::RGB(0xf4f4f4)),
            status,
        }
    }

    fn status(&self, s: Status) -> &Format {
        &self.status[status_index(s)]
    }
}

fn col(i: usize) -> ColNum {
    ColNum::try_from(i).unwrap_or(ColNum::MAX)
}

fn headers(ws: &mut Worksheet, row: RowNum, names: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (i, h) in names.iter().enumerate() {
        ws.write_string_with_format(row, col(i), *h, &f.header)?;
    }
    Ok(())
}

/// A4 landscape, one page wide, the header rows on every page.
fn print_setup(ws: &mut Worksheet, repeat_to: RowNum, landscape: bool) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    if landscape {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, repeat_to)?;
    ws.set_footer("&P / &N");
    Ok(())
}

fn month_cell(due: &str) -> Option<ExcelDateTime> {
    let (y, m) = plan_core::fiscal::parse_year_month(due)?;
    ExcelDateTime::from_ymd(u16::try_from(y).ok()?, u8::try_from(m).ok()?, 1).ok()
}

fn date_cell(date: &str) -> Option<ExcelDateTime> {
    let (y, m, d) = plan_core::fiscal::parse_date(date)?;
    ExcelDateTime::from_ymd(
        u16::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    )
    .ok()
}

fn write_month(
    ws: &mut Worksheet,
    r: RowNum,
    c: ColNum,
    due: Option<&str>,
    f: &Formats,
) -> Result<(), XlsxError> {
    match due {
        Some(d) => match month_cell(d) {
            Some(dt) => ws.write_datetime_with_format(r, c, &dt, &f.month)?,
            None => ws.write_string_with_format(r, c, d, &f.center)?,
        },
        None => ws.write_blank(r, c, &f.text)?,
    };
    Ok(())
}

fn write_date(
    ws: &mut Worksheet,
    r: RowNum,
    c: ColNum,
    date: Option<&str>,
    f: &Formats,
) -> Result<(), XlsxError> {
    match date {
        Some(d) => match date_cell(d) {
            Some(dt) => ws.write_datetime_with_format(r, c, &dt, &f.date)?,
            None => ws.write_string_with_format(r, c, d, &f.center)?,
        },
        None => ws.write_blank(r, c, &f.text)?,
    };
    Ok(())
}

/// Writes a text, cut to what a cell holds (the full text is in the hidden
/// plan sheet anyway).
fn write_text(
    ws: &mut Worksheet,
    r: RowNum,
    c: ColNum,
    s: &str,
    fmt: &Format,
) -> Result<(), XlsxError> {
    let s = cut_utf16(s, CELL_LIMIT_UTF16);
    ws.write_string_with_format(r, c, s, fmt)?;
    Ok(())
}

fn cut_utf16(s: &str, max: usize) -> &str {
    let mut n = 0;
    for (i, ch) in s.char_indices() {
        n += ch.len_utf16();
        if n > max {
            return &s[..i];
        }
    }
    s
}

fn pillar_name(file: &PlanFile, id: &str) -> String {
    file.pillar(id)
        .map_or_else(|| id.to_string(), |p| p.name.clone())
}

fn measure_name(file: &PlanFile, card: &Card) -> String {
    card.measure
        .as_deref()
        .map(|m| file.measure_name(m).unwrap_or(m).to_string())
        .unwrap_or_default()
}

// ------------------------------------------------------- 進捗状況表

/// Excel's limit on manual page breaks in one sheet.
const MAX_PAGE_BREAKS: usize = 1023;

/// Statuses in the order progress reports list them: best first.
const LEGEND: [Status; 6] = [
    Status::Achieved,
    Status::OnTrack,
    Status::Delayed,
    Status::Missed,
    Status::NotStarted,
    Status::Withdrawn,
];

fn progress_sheet(
    ws: &mut Worksheet,
    file: &PlanFile,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(lang.sheet_progress())?;
    let years: Vec<i32> = file.fiscal_years().collect();
    let last = col(2 + years.len());
    ws.merge_range(0, 0, 0, last, &file.plan.title, &f.title)?;
    ws.set_row_height(0, 24)?;
    // The legend: the colour is never the only signal, the symbol goes with it.
    let legend = LEGEND.map(|s| lang.status_label(s)).join("　");
    ws.merge_range(1, 0, 1, last, &legend, &Format::new())?;
    let mut head = vec![
        lang.pick("番号", "No."),
        lang.pick("事業名", "Title"),
        lang.pick("主担当課", "Lead department"),
    ];
    let year_names: Vec<String> = years.iter().map(|y| lang.fiscal_year(*y)).collect();
    head.extend(year_names.iter().map(String::as_str));
    headers(ws, 2, &head, f)?;
    ws.set_column_width(0, 8)?;
    ws.set_column_width(1, 46)?;
    ws.set_column_width(2, 16)?;
    for i in 0..years.len() {
        ws.set_column_width(col(3 + i), 11)?;
    }

    let mut r: RowNum = 3;
    // Each pillar starts a printed page (the first one follows the titles).
    let mut breaks: Vec<RowNum> = Vec::new();
    for pillar in stats::matrix(file) {
        if r > 3 {
            breaks.push(r);
        }
        let name = if pillar.pillar_id.is_empty() {
            lang.pick("（柱の指定なし）", "(no pillar)").to_string()
        } else {
            pillar.name.clone()
        };
        ws.merge_range(r, 0, r, last, &name, &f.pillar)?;
        r += 1;
        for group in &pillar.groups {
            let relisted = group.rows.first().is_some_and(|row| row.relisted);
            let heading = match (&group.name, relisted) {
                (Some(n), _) => Some(n.clone()),
                (None, true) => Some(lang.pick("再掲", "Listed again").to_string()),
                (None, false) => None,
            };
            if let Some(h) = heading {
                ws.merge_range(r, 0, r, last, &h, &f.measure)?;
                r += 1;
            }
            for row in &group.rows {
                write_text(ws, r, 0, &row.number, &f.center)?;
                write_text(ws, r, 1, &row.title, &f.text)?;
                write_text(
                    ws,
                    r,
                    2,
                    row.lead_department.as_deref().unwrap_or_default(),
                    &f.text,
                )?;
                for (i, st) in row.statuses.iter().enumerate() {
                    match st {
                        Some(s) => {
                            ws.write_string_with_format(r, col(3 + i), s.symbol(), f.status(*s))?
                        }
                        None => ws.write_blank(r, col(3 + i), &f.none)?,
                    };
                }
                r += 1;
            }
        }
        // Counts per status under the pillar: the statuses that occur.
        let counts = pillar.counts();
        for s in LEGEND {
            let k = status_index(s);
            if counts.iter().all(|c| c[k] == 0) {
                continue;
            }
            ws.write_blank(r, 0, &f.count_label)?;
            ws.write_string_with_format(
                r,
                1,
                format!("{} {}", lang.pick("計", "Total"), lang.status_label(s)),
                &f.count_label,
            )?;
            ws.write_blank(r, 2, &f.count_label)?;
            for (i, c) in counts.iter().enumerate() {
                ws.write_number_with_format(r, col(3 + i), c[k] as f64, &f.count)?;
            }
            r += 1;
        }
    }
    ws.set_freeze_panes(3, 2)?;
    print_setup(ws, 2, true)?;
    // Excel keeps at most 1023 manual breaks; later pillars then just flow on.
    breaks.truncate(MAX_PAGE_BREAKS);
    ws.set_page_breaks(&breaks)?;
    Ok(())
}

// ----------------------------------------------------------- 取組事項

fn actions_sheet(
    ws: &mut Worksheet,
    file: &PlanFile,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(lang.sheet_actions())?;
    let head = [
        lang.pick("番号", "No."),
        lang.pick("事業名", "Title"),
        lang.pick("主担当課", "Lead department"),
        lang.pick("年度", "Fiscal year"),
        lang.pick("取組事項", "Action"),
        lang.pick("期限", "Due"),
        lang.pick("完了", "Done"),
        lang.pick("完了日", "Done on"),
    ];
    headers(ws, 0, &head, f)?;
    for (c, w) in [8, 36, 16, 12, 52, 10, 6, 12].into_iter().enumerate() {
        ws.set_column_width(col(c), w)?;
    }
    let mut r: RowNum = 1;
    for card in &file.cards {
        for y in &card.years {
            for a in &y.actions {
                write_text(ws, r, 0, &card.number, &f.center)?;
                write_text(ws, r, 1, &card.title, &f.text)?;
                write_text(
                    ws,
                    r,
                    2,
                    card.lead_department().unwrap_or_default(),
                    &f.text,
                )?;
                ws.write_string_with_format(r, 3, lang.fiscal_year(y.year), &f.center)?;
                write_text(ws, r, 4, &a.text, &f.wrap)?;
                write_month(ws, r, 5, a.due.as_deref(), f)?;
                ws.write_string_with_format(r, 6, if a.done { "○" } else { "" }, &f.center)?;
                write_date(ws, r, 7, a.done_on.as_deref(), f)?;
                r += 1;
            }
        }
    }
    ws.autofilter(0, 0, r.saturating_sub(1).max(1), col(head.len() - 1))?;
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, 0, true)?;
    Ok(())
}

// ----------------------------------------------------------- 年次目標

fn goals_sheet(
    ws: &mut Worksheet,
    file: &PlanFile,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(lang.sheet_goals())?;
    let head = [
        lang.pick("番号", "No."),
        lang.pick("事業名", "Title"),
        lang.pick("年度", "Fiscal year"),
        lang.pick("目標", "Goal"),
        lang.pick("達成", "Achieved"),
        lang.pick("目標値", "Target"),
        lang.pick("実績値", "Actual"),
        lang.pick("単位", "Unit"),
    ];
    headers(ws, 0, &head, f)?;
    for (c, w) in [8, 36, 12, 52, 6, 10, 10, 8].into_iter().enumerate() {
        ws.set_column_width(col(c), w)?;
    }
    let mut r: RowNum = 1;
    for card in &file.cards {
        for y in &card.years {
            for g in &y.goals {
                write_text(ws, r, 0, &card.number, &f.center)?;
                write_text(ws, r, 1, &card.title, &f.text)?;
                ws.write_string_with_format(r, 2, lang.fiscal_year(y.year), &f.center)?;
                write_text(ws, r, 3, &g.text, &f.wrap)?;
                ws.write_string_with_format(r, 4, if g.achieved { "○" } else { "" }, &f.center)?;
                for (c, q) in [(5, &g.target), (6, &g.actual)] {
                    match q {
                        Some(q) => ws.write_number_with_format(r, c, q.value, &f.number)?,
                        None => ws.write_blank(r, c, &f.text)?,
                    };
                }
                let unit = [&g.target, &g.actual]
                    .into_iter()
                    .flatten()
                    .map(|q| q.unit.as_str())
                    .find(|u| !u.is_empty())
                    .unwrap_or_default();
                write_text(ws, r, 7, unit, &f.center)?;
                r += 1;
            }
        }
    }
    ws.autofilter(0, 0, r.saturating_sub(1).max(1), col(head.len() - 1))?;
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, 0, true)?;
    Ok(())
}

// ----------------------------------------------------------- 評価指標

fn indicators_sheet(
    ws: &mut Worksheet,
    file: &PlanFile,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(lang.sheet_indicators())?;
    let head = [
        lang.pick("番号", "No."),
        lang.pick("事業名", "Title"),
        lang.pick("指標", "Indicator"),
        lang.pick("単位", "Unit"),
        lang.pick("年度", "Fiscal year"),
        lang.pick("基準値", "Baseline"),
        lang.pick("目標値", "Target"),
        lang.pick("実績値", "Actual"),
        lang.pick("母数", "Total"),
        lang.pick("率", "Rate"),
    ];
    headers(ws, 0, &head, f)?;
    for (c, w) in [8, 30, 30, 8, 12, 10, 10, 10, 10, 8]
        .into_iter()
        .enumerate()
    {
        ws.set_column_width(col(c), w)?;
    }
    let mut r: RowNum = 1;
    for card in &file.cards {
        for ind in &card.indicators {
            let mut years: Vec<i32> = ind
                .baseline
                .iter()
                .chain(&ind.targets)
                .chain(&ind.actuals)
                .map(|v| v.year)
                .collect();
            years.sort_unstable();
            years.dedup();
            for year in years {
                write_text(ws, r, 0, &card.number, &f.center)?;
                write_text(ws, r, 1, &card.title, &f.text)?;
                write_text(ws, r, 2, &ind.name, &f.text)?;
                write_text(ws, r, 3, &ind.unit, &f.center)?;
                ws.write_string_with_format(r, 4, lang.fiscal_year(year), &f.center)?;
                let base = ind.baseline.as_ref().filter(|b| b.year == year);
                let target = ind.targets.iter().find(|v| v.year == year);
                let actual = ind.actuals.iter().find(|v| v.year == year);
                for (c, v) in [(5, base), (6, target), (7, actual)] {
                    match v {
                        Some(v) => ws.write_number_with_format(r, c, v.value, &f.number)?,
                        None => ws.write_blank(r, c, &f.text)?,
                    };
                }
                match actual.and_then(|a| a.total) {
                    Some(total) => {
                        ws.write_number_with_format(r, 8, total, &f.number)?;
                        // The rate stays a formula, so a corrected actual in
                        // Excel recomputes it; the cached result is ours.
                        let (h, i) = (format!("H{}", r + 1), format!("I{}", r + 1));
                        let result = actual
                            .and_then(|a| a.rate_percent())
                            .map(|p| p / 100.0)
                            .unwrap_or_default();
                        ws.write_formula_with_format(
                            r,
                            9,
                            Formula::new(format!("=IF({i}>0,{h}/{i},\"\")"))
                                .set_result(result.to_string()),
                            &f.percent,
                        )?;
                    }
                    None => {
                        ws.write_blank(r, 8, &f.text)?;
                        ws.write_blank(r, 9, &f.text)?;
                    }
                }
                r += 1;
            }
        }
    }
    ws.autofilter(0, 0, r.saturating_sub(1).max(1), col(head.len() - 1))?;
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, 0, true)?;
    Ok(())
}

// ------------------------------------------------------- card sheets

/// `1-2 窓口のオンライン化`: number and title, cut to Excel's 31 characters,
/// without the characters sheet names may not hold, unique.
fn card_sheet_name(card: &Card, index: usize, used: &mut HashSet<String>) -> String {
    let raw = if card.number.is_empty() {
        format!("{} {}", index + 1, card.title)
    } else {
        format!("{} {}", card.number, card.title)
    };
    let clean: String = raw
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let clean = clean.trim().trim_matches('\'');
    let base: String = clean.chars().take(31).collect();
    let base = if base.trim().is_empty() {
        format!("{}", index + 1)
    } else {
        base.trim().to_string()
    };
    let mut name = base.clone();
    let mut n = 2;
    while used.contains(&name.to_lowercase()) {
        let suffix = format!("~{n}");
        let keep = 31 - suffix.chars().count();
        name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        n += 1;
    }
    used.insert(name.to_lowercase());
    name
}

/// Columns B–E merged for values: about this many half-width characters.
const CARD_VALUE_WIDTH: f64 = 76.0;

/// Row height for a wrapped text in the merged value cells: Excel does not
/// fit the height of merged cells itself.
fn wrapped_height(text: &str, width: f64) -> f64 {
    let lines: f64 = text
        .split('\n')
        .map(|line| {
            let w: f64 = line
                .chars()
                .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
                .sum();
            (w / width).ceil().max(1.0)
        })
        .sum();
    // 18pt a line: CJK lines (Noto/Yu Gothic) need more than Latin ones.
    (lines * 18.0 + 6.0).clamp(18.0, 409.0)
}

fn card_sheet(
    ws: &mut Worksheet,
    file: &PlanFile,
    card: &Card,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_column_width(0, 14)?;
    for c in 1..=4 {
        ws.set_column_width(c, 21)?;
    }
    let title = if card.number.is_empty() {
        card.title.clone()
    } else {
        format!("{}　{}", card.number, card.title)
    };
    ws.merge_range(0, 0, 0, 4, cut_utf16(&title, CELL_LIMIT_UTF16), &f.title)?;
    ws.set_row_height(0, wrapped_height(&title, 84.0).max(24.0))?;
    let mut r: RowNum = 1;
    let mut field = |ws: &mut Worksheet, label: &str, value: &str| -> Result<(), XlsxError> {
        ws.write_string_with_format(r, 0, label, &f.label)?;
        ws.merge_range(r, 1, r, 4, cut_utf16(value, CELL_LIMIT_UTF16), &f.wrap)?;
        ws.set_row_height(r, wrapped_height(value, CARD_VALUE_WIDTH))?;
        r += 1;
        Ok(())
    };
    let pillars: Vec<String> = card.pillars.iter().map(|p| pillar_name(file, p)).collect();
    let visions: Vec<&str> = card
        .visions
        .iter()
        .map(|v| file.vision_text(v).unwrap_or(v))
        .collect();
    field(ws, lang.pick("区分", "Category"), &card.category)?;
    field(
        ws,
        lang.pick("担当課", "Departments"),
        &card.departments.join("、"),
    )?;
    field(ws, lang.pick("柱", "Pillars"), &pillars.join("\n"))?;
    field(ws, lang.pick("施策", "Measure"), &measure_name(file, card))?;
    if !visions.is_empty() {
        field(ws, lang.pick("将来の姿", "Visions"), &visions.join("\n"))?;
    }
    field(ws, lang.pick("概要", "Overview"), &card.overview)?;
    field(ws, lang.pick("背景", "Background"), &card.background)?;
    let outcomes: Vec<String> = card.outcomes.iter().map(|o| format!("・{o}")).collect();
    field(
        ws,
        lang.pick("期待される効果", "Outcomes"),
        &outcomes.join("\n"),
    )?;

    for y in &card.years {
        r += 1;
        year_block(ws, &mut r, y, lang, f)?;
    }
    if !card.indicators.is_empty() {
        r += 1;
        ws.merge_range(r, 0, r, 4, lang.pick("評価指標", "Indicators"), &f.pillar)?;
        r += 1;
        for ind in &card.indicators {
            indicator_table(ws, &mut r, ind, lang, f)?;
        }
    }
    print_setup(ws, 0, false)?;
    Ok(())
}

/// One indicator on a card sheet: its name, then a row per year with the
/// baseline, target, actual and rate as numbers.
fn indicator_table(
    ws: &mut Worksheet,
    r: &mut RowNum,
    ind: &plan_core::Indicator,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let name = if ind.unit.is_empty() {
        ind.name.clone()
    } else {
        format!("{}（{}）", ind.name, ind.unit)
    };
    ws.merge_range(*r, 0, *r, 4, cut_utf16(&name, CELL_LIMIT_UTF16), &f.label)?;
    ws.set_row_height(*r, wrapped_height(&name, 100.0))?;
    *r += 1;
    headers(
        ws,
        *r,
        &[
            lang.pick("年度", "Fiscal year"),
            lang.pick("基準値", "Baseline"),
            lang.pick("目標値", "Target"),
            lang.pick("実績値", "Actual"),
            lang.pick("率", "Rate"),
        ],
        f,
    )?;
    *r += 1;
    let mut years: Vec<i32> = ind
        .baseline
        .iter()
        .chain(&ind.targets)
        .chain(&ind.actuals)
        .map(|v| v.year)
        .collect();
    years.sort_unstable();
    years.dedup();
    for year in years {
        ws.write_string_with_format(*r, 0, lang.fiscal_year(year), &f.center)?;
        let base = ind.baseline.as_ref().filter(|b| b.year == year);
        let target = ind.targets.iter().find(|v| v.year == year);
        let actual = ind.actuals.iter().find(|v| v.year == year);
        for (c, v) in [(1, base), (2, target), (3, actual)] {
            match v {
                Some(v) => ws.write_number_with_format(*r, c, v.value, &f.number)?,
                None => ws.write_blank(*r, c, &f.text)?,
            };
        }
        match actual.and_then(|a| a.rate_percent()) {
            Some(p) => ws.write_number_with_format(*r, 4, p / 100.0, &f.percent)?,
            None => ws.write_blank(*r, 4, &f.text)?,
        };
        *r += 1;
    }
    Ok(())
}

fn year_block(
    ws: &mut Worksheet,
    r: &mut RowNum,
    y: &CardYear,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.merge_range(*r, 0, *r, 3, &lang.fiscal_year(y.year), &f.pillar)?;
    ws.write_string_with_format(*r, 4, lang.status_label(y.status), f.status(y.status))?;
    *r += 1;
    if !y.actions.is_empty() {
        ws.write_string_with_format(*r, 0, lang.pick("取組事項", "Actions"), &f.header)?;
        ws.merge_range(*r, 1, *r, 2, lang.pick("内容", "Action"), &f.header)?;
        ws.write_string_with_format(*r, 3, lang.pick("期限", "Due"), &f.header)?;
        ws.write_string_with_format(*r, 4, lang.pick("完了日", "Done on"), &f.header)?;
        *r += 1;
        for (i, a) in y.actions.iter().enumerate() {
            ws.write_string_with_format(
                *r,
                0,
                if a.done {
                    format!("{} ○", i + 1)
                } else {
                    format!("{}", i + 1)
                },
                &f.center,
            )?;
            ws.merge_range(*r, 1, *r, 2, cut_utf16(&a.text, CELL_LIMIT_UTF16), &f.wrap)?;
            ws.set_row_height(*r, wrapped_height(&a.text, 42.0))?;
            write_month(ws, *r, 3, a.due.as_deref(), f)?;
            write_date(ws, *r, 4, a.done_on.as_deref(), f)?;
            *r += 1;
        }
    }
    let mut field = |label: &str, value: &str| -> Result<(), XlsxError> {
        if value.is_empty() {
            return Ok(());
        }
        ws.write_string_with_format(*r, 0, label, &f.label)?;
        ws.merge_range(*r, 1, *r, 4, cut_utf16(value, CELL_LIMIT_UTF16), &f.wrap)?;
        ws.set_row_height(*r, wrapped_height(value, CARD_VALUE_WIDTH))?;
        *r += 1;
        Ok(())
    };
    let goals: Vec<String> = y
        .goals
        .iter()
        .map(|g| {
            let mark = if g.achieved { "◎" } else { "・" };
            let q = |q: &Option<plan_core::Quantity>| {
                q.as_ref().map(|q| format!("{}{}", q.value, q.unit))
            };
            match (q(&g.target), q(&g.actual)) {
                (None, None) => format!("{mark}{}", g.text),
                (t, a) => format!(
                    "{mark}{}（{} {} / {} {}）",
                    g.text,
                    lang.pick("目標", "target"),
                    t.unwrap_or_default(),
                    lang.pick("実績", "actual"),
                    a.unwrap_or_default()
                ),
            }
        })
        .collect();
    field(lang.pick("目標", "Goals"), &goals.join("\n"))?;
    field(lang.pick("備考", "Note"), &y.note)?;
    field(
        lang.pick("改善策", "Corrective action"),
        &y.corrective_action,
    )?;
    Ok(())
}

// ------------------------------------------------------- plan sheet

/// The plan file in the hidden sheet: A1 the marker, A2 the number of
/// chunks, A3… the JSON text in chunks below Excel's cell limit.
///
/// Every `_` is written as the JSON escape `\u005f` (JSON has underscores
/// only inside strings, where the escape means the same): workbook readers
/// decode `_xHHHH_` in cell text as a character, which would change a plan
/// text that happens to contain such a pattern.
fn plan_sheet(ws: &mut Worksheet, json: &str) -> Result<(), XlsxError> {
    ws.set_name(PLAN_SHEET)?;
    ws.set_hidden(true);
    let escaped = json.replace('_', "\\u005f");
    let chunks = chunk_utf16(&escaped, CHUNK_UTF16);
    ws.write_string(0, 0, PLAN_MARKER)?;
    ws.write_number(1, 0, chunks.len() as f64)?;
    for (i, c) in chunks.iter().enumerate() {
        let row = RowNum::try_from(i + 2).map_err(|_| XlsxError::RowColumnLimitError)?;
        ws.write_string(row, 0, *c)?;
    }
    Ok(())
}

/// Pieces of at most `max` UTF-16 units, cut between characters.
fn chunk_utf16(s: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut n) = (0, 0);
    for (i, ch) in s.char_indices() {
        if n + ch.len_utf16() > max {
            out.push(&s[start..i]);
            start = i;
            n = 0;
        }
        n += ch.len_utf16();
    }
    if start < s.len() || out.is_empty() {
        out.push(&s[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_join_back_and_fit() {
        let s = "あ𠮷b".repeat(10_000);
        let chunks = chunk_utf16(&s, 1000);
        assert_eq!(chunks.concat(), s);
        assert!(chunks.iter().all(|c| c.encode_utf16().count() <= 1000));
    }

    #[test]
    fn sheet_names_are_legal_and_unique() {
        let mut card = plan_core::Card::clone(&plan_core::sample_plan().cards[0]);
        card.number = "1-1".into();
        card.title = "a/b:c*d?[e]\\ とても長い事業名がここに入ります長い長い長い".into();
        let mut used = HashSet::new();
        let a = card_sheet_name(&card, 0, &mut used);
        let b = card_sheet_name(&card, 0, &mut used);
        assert!(a.chars().count() <= 31 && b.chars().count() <= 31);
        assert!(!a.contains(['/', ':', '*', '?', '[', ']', '\\']));
        assert_ne!(a, b);
    }
}
