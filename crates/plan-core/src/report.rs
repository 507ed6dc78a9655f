//! The printable progress report (進捗報告書): one self-contained HTML file
//! a city can hand to its council or publish, readable in any browser with
//! no app and no network.
//!
//! The document holds everything itself: inline CSS (system fonts, A4
//! landscape, every card on its own page), inline SVG charts each followed
//! by a table with the same figures, the status matrix in the layout of a
//! progress report (笠間市), every card in the layout of an action plan
//! (鹿島市), and the plan file itself as JSON, so that dropping the report
//! onto the app imports the plan ([`extract_plan`]).
//!
//! Everything taken from the plan file is text: it is HTML-escaped
//! wherever it is written, and never becomes markup. Nothing here reads the
//! clock: the caller passes `today` and the time of writing.

use std::fmt::Write as _;

use crate::export::status_name_ja;
use crate::fiscal::{era_fiscal_year, fiscal_year_of, is_timestamp, parse_date, parse_year_month};
use crate::model::{
    Action, Card, Direction, Goal, Indicator, PlanFile, Quantity, Status, YearValue,
};
use crate::query::overdue_count;
use crate::stats::{
    StatusCounts, effect_hours, indicator_series, matrix, status_by_pillar, status_by_year,
    status_counts, status_index, total_effect_hours,
};

/// The `id` of the script element that carries the plan file.
pub const PLAN_ELEMENT_ID: &str = "shinchoku-plan";

/// Writes into a `String`, which cannot fail.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

/// The report of `file` as one HTML5 document. `today` (year, month, day)
/// decides the current fiscal year (clamped into the plan period) and which
/// actions are overdue; `generated_at` (an RFC 3339 timestamp or a date;
/// other text is shown as it is) is printed as the time of writing.
pub fn html_report(file: &PlanFile, today: (i32, u32, u32), generated_at: &str) -> String {
    html_document(file, today, generated_at, Parts::ALL)
}

/// Which parts a printed document has. The report has them all; printing
/// one card has only the card, printing the matrix has no cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    pub cover: bool,
    pub charts: bool,
    pub matrix: bool,
    pub cards: bool,
    /// The progress log under each card (the report has it; paper does not,
    /// so that a card fits its page).
    pub log: bool,
}

impl Parts {
    pub const ALL: Parts = Parts {
        cover: true,
        charts: true,
        matrix: true,
        cards: true,
        log: true,
    };
    /// Cover page and every card: printing the plan, a department, a filter.
    pub const CARDS_WITH_COVER: Parts = Parts {
        cover: true,
        charts: false,
        matrix: false,
        cards: true,
        log: false,
    };
    /// One card per page, nothing else.
    pub const CARDS_ONLY: Parts = Parts {
        cover: false,
        charts: false,
        matrix: false,
        cards: true,
        log: false,
    };
    /// The progress report table with its headline figures.
    pub const MATRIX: Parts = Parts {
        cover: true,
        charts: false,
        matrix: true,
        cards: false,
        log: false,
    };
}

/// A document of the chosen parts, with the plan JSON always embedded.
pub fn html_document(
    file: &PlanFile,
    today: (i32, u32, u32),
    generated_at: &str,
    parts: Parts,
) -> String {
    let year = current_year(file, today);
    let mut out = String::with_capacity(64 * 1024 + file.cards.len() * 16 * 1024);
    write_head(&mut out, file);
    out.push_str("<body>\n");
    if parts.cover {
        write_cover(&mut out, file, year, today, generated_at);
    }
    if parts.charts {
        write_charts(&mut out, file, year);
    }
    if parts.matrix {
        write_matrix(&mut out, file);
    }
    if !parts.cards {
        write_plan_json(&mut out, file);
        out.push_str("</body>\n</html>\n");
        return out;
    }
    if parts.cover && !file.cards.is_empty() {
        w!(
            out,
            "<h2 class=\"cards-h\" id=\"cards\">取組ごとの進捗（{}件）</h2>\n",
            file.cards.len()
        );
    }
    for (i, card) in file.cards.iter().enumerate() {
        write_card(&mut out, file, card, i, (today.0, today.1), parts.log);
    }
    write_plan_json(&mut out, file);
    out.push_str("</body>\n</html>\n");
    out
}

/// The JSON text of the plan carried by a report: the content of its
/// `<script type="application/json" id="shinchoku-plan">` element, as it
/// stands (`<` is written `\u003c` there, which JSON reads back as `<`).
/// None when the document has no such element.
pub fn extract_plan(html: &str) -> Option<String> {
    // ASCII lowercasing keeps every byte offset, so positions found in
    // `lower` slice `html` too.
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find("<script") {
        let start = from + pos + "<script".len();
        let tag_end = start + lower[start..].find('>')?;
        let attrs = &html[start..tag_end];
        from = tag_end + 1;
        // `<scripts>` or `<script-x>` is another element.
        if attrs
            .chars()
            .next()
            .is_some_and(|c| !c.is_ascii_whitespace() && c != '/')
        {
            continue;
        }
        if attr_value(attrs, "id") == Some(PLAN_ELEMENT_ID) {
            let end = from + lower[from..].find("</script")?;
            return Some(html[from..end].trim().to_string());
        }
    }
    None
}

/// The value of attribute `name` (ASCII case-insensitive) in the inside of
/// a start tag.
fn attr_value<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let attr = &rest[..name_end];
        rest = rest[name_end..].trim_start_matches(|c: char| c.is_ascii_whitespace());
        let mut value = "";
        if let Some(r) = rest.strip_prefix('=') {
            let r = r.trim_start_matches(|c: char| c.is_ascii_whitespace());
            match r.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let inner = &r[1..];
                    let close = inner.find(q).unwrap_or(inner.len());
                    value = &inner[..close];
                    rest = inner.get(close + 1..).unwrap_or("");
                }
                _ => {
                    let end = r.find(|c: char| c.is_ascii_whitespace()).unwrap_or(r.len());
                    value = &r[..end];
                    rest = &r[end..];
                }
            }
        }
        if attr.eq_ignore_ascii_case(name) {
            return Some(value);
        }
    }
}

/// The fiscal year of `today`, clamped into the plan period.
fn current_year(file: &PlanFile, today: (i32, u32, u32)) -> i32 {
    let y = fiscal_year_of(today.0, today.1);
    let (start, end) = (file.plan.start_year, file.plan.end_year);
    if start <= end { y.clamp(start, end) } else { y }
}

// ------------------------------------------------------------ text

/// Plan text made safe for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// Escaped text whose line breaks become `<br>`.
fn multiline(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    esc(s.trim_end_matches('\n')).replace('\n', "<br>")
}

/// `1,240`, `43.5`, `-3`: grouped thousands, at most two decimals.
fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let rounded = (v * 100.0).round() / 100.0;
    let s = format!("{:.2}", rounded.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let frac = frac.trim_end_matches('0');
    let mut out = String::new();
    if rounded < 0.0 {
        out.push('-');
    }
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// A value with its unit: `41分`, `3,412件`.
fn with_unit(v: f64, unit: &str) -> String {
    format!("{}{}", fmt_num(v), esc(unit.trim()))
}

fn quantity(q: &Quantity) -> String {
    with_unit(q.value, &q.unit)
}

/// `2024年6月21日` for `2024-06-21`; other text escaped as it is.
fn date_html(s: &str) -> String {
    match parse_date(s) {
        Some((y, m, d)) => format!("{y}年{m}月{d}日"),
        None => esc(s),
    }
}

/// `2024年6月` for `2024-06`; other text escaped as it is.
fn month_html(s: &str) -> String {
    match parse_year_month(s) {
        Some((y, m)) => format!("{y}年{m}月"),
        None => esc(s),
    }
}

/// `2024年6月21日 09:12` for an RFC 3339 timestamp, the date alone for a
/// date, other text escaped as it is.
fn when_html(s: &str) -> String {
    if is_timestamp(s) {
        let (date, time) = s.split_at(10);
        return format!("{} {}", date_html(date), esc(&time[1..6]));
    }
    date_html(s)
}

/// `令和6年度〜令和8年度`, or one year alone.
fn period_ja(start: i32, end: i32) -> String {
    if start == end {
        era_fiscal_year(start)
    } else {
        format!("{}〜{}", era_fiscal_year(start), era_fiscal_year(end))
    }
}

/// Shortened for a chart label (the table beside it has the whole name).
fn clip(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        s
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

fn pillar_label(name: &str) -> &str {
    if name.is_empty() {
        "（柱の指定なし）"
    } else {
        name
    }
}

// ---------------------------------------------------------- status

fn status_meaning(status: Status) -> &'static str {
    match status {
        Status::NotStarted => "取り組みをまだ始めていない項目",
        Status::OnTrack => "取り組みが進行中の項目",
        Status::Delayed => "取り組みが遅れている項目",
        Status::Missed => "目標を達成できなかった項目",
        Status::Achieved => "目標を達成した項目",
        Status::Withdrawn => "取り組みを取り下げた項目",
    }
}

/// `○ 進行中` in the status colour, for running text.
fn status_badge(status: Status) -> String {
    format!(
        "<span class=\"badge st-{}\">{} {}</span>",
        status.as_str(),
        status.symbol(),
        status_name_ja(status)
    )
}

/// A matrix cell: the symbol in colour with the name under it; empty when
/// the card does not run that year.
fn status_cell(status: Option<Status>) -> String {
    match status {
        Some(s) => format!(
            "<td class=\"st st-{}\"><span class=\"sym\">{}</span><span class=\"nm\">{}</span></td>",
            s.as_str(),
            s.symbol(),
            status_name_ja(s)
        ),
        None => "<td class=\"st none\"></td>".to_string(),
    }
}

/// `○3 ▲1 ◎2`: the statuses that occur, each with its count.
fn counts_inline(counts: &StatusCounts) -> String {
    let mut parts = Vec::new();
    for s in Status::ALL {
        let n = counts[status_index(s)];
        if n == 0 {
            continue;
        }
        // `—2` would read as minus two: the name stands in for the dash.
        let mark = match s {
            Status::NotStarted => status_name_ja(s),
            _ => s.symbol(),
        };
        parts.push(format!(
            "<span class=\"st-{}\" title=\"{}\">{mark}{n}</span>",
            s.as_str(),
            status_name_ja(s)
        ));
    }
    parts.join(" ")
}

fn legend_html() -> String {
    let mut out = String::from("<div class=\"legend\"><span class=\"legend-h\">凡例</span><ul>");
    for s in Status::ALL {
        w!(
            out,
            "<li><span class=\"sym st-{}\">{}</span> {}：{}</li>",
            s.as_str(),
            s.symbol(),
            status_name_ja(s),
            status_meaning(s)
        );
    }
    out.push_str(
        "<li><span class=\"sym\">（空欄）</span> その年度に実施しない項目</li></ul></div>\n",
    );
    out
}

// ------------------------------------------------------------ head

const CSS: &str = r#"
:root { --ink: #1b1f24; --muted: #5b6470; --line: #b9c0c8; --soft: #f2f4f6; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html { font-size: 10.5pt; }
body { margin: 0 auto; padding: 16px 24px 48px; max-width: 1180px; color: var(--ink); background: #fff;
  font-family: system-ui, -apple-system, "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI",
  "Yu Gothic", YuGothic, Meiryo, "Noto Sans CJK JP", "Noto Sans JP", sans-serif; line-height: 1.55; }
h1, h2, h3, h4 { line-height: 1.3; break-after: avoid; page-break-after: avoid; }
h1 { font-size: 1.9rem; margin: 0.4em 0 0.3em; }
h2 { font-size: 1.35rem; margin: 1.4em 0 0.5em; padding-bottom: 0.2em; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.15rem; margin: 0 0 0.4em; }
h4 { font-size: 1rem; margin: 1em 0 0.3em; }
p { margin: 0.3em 0; }
ul, ol { margin: 0; padding-left: 1.2em; }
table { border-collapse: collapse; width: 100%; margin: 0.3em 0 0.8em; }
th, td { border: 1px solid var(--line); padding: 3px 6px; vertical-align: top; text-align: left; }
th { background: var(--soft); font-weight: 600; }
thead { display: table-header-group; }
tr, li { break-inside: avoid; page-break-inside: avoid; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0 0 4px; break-after: avoid; }
a { color: inherit; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.muted, .empty { color: var(--muted); }
.keep { break-inside: avoid; page-break-inside: avoid; }
section.page { break-before: page; page-break-before: always; }
.st-not_started { color: #5f6b7a; } .st-on_track { color: #1f5fa8; } .st-delayed { color: #a14f00; }
.st-missed { color: #b42318; } .st-achieved { color: #17743a; } .st-withdrawn { color: #6e4b8b; }
.badge { display: inline-block; padding: 0 0.5em; border-radius: 3px; color: #fff; font-weight: 600; white-space: nowrap; }
.badge.st-not_started { background: #5f6b7a; color: #fff; } .badge.st-on_track { background: #1f5fa8; color: #fff; }
.badge.st-delayed { background: #a14f00; color: #fff; } .badge.st-missed { background: #b42318; color: #fff; }
.badge.st-achieved { background: #17743a; color: #fff; } .badge.st-withdrawn { background: #6e4b8b; color: #fff; }
.cover { padding: 8mm 0 4mm; border-bottom: 4px solid var(--ink); }
.cover .org { font-size: 1.2rem; font-weight: 600; margin: 0; }
.cover .doc { font-size: 1.1rem; margin: 0; color: var(--muted); }
.cover .meta { margin-top: 0.6em; }
.figures { display: flex; flex-wrap: wrap; gap: 8px; margin: 0.6em 0; padding: 0; }
.figures > div { flex: 1 1 11em; border: 1px solid var(--line); border-radius: 4px; padding: 6px 10px; break-inside: avoid; }
.figures dt { font-size: 0.85rem; color: var(--muted); }
.figures dd { margin: 0; font-size: 1.45rem; font-weight: 700; }
.figures dd small { font-size: 0.8rem; font-weight: 400; color: var(--muted); }
.figures.status > div { flex: 1 1 7em; border-width: 1px 1px 1px 6px; }
.figures.status .sym { font-weight: 700; }
.fig-n-not_started { border-left-color: #5f6b7a !important; } .fig-n-on_track { border-left-color: #1f5fa8 !important; }
.fig-n-delayed { border-left-color: #a14f00 !important; } .fig-n-missed { border-left-color: #b42318 !important; }
.fig-n-achieved { border-left-color: #17743a !important; } .fig-n-withdrawn { border-left-color: #6e4b8b !important; }
.headline { font-size: 1.25rem; font-weight: 700; margin: 0.5em 0; }
.chart-block { break-inside: avoid; page-break-inside: avoid; margin-bottom: 1em; min-width: 0; }
.chart-row { display: grid; grid-template-columns: minmax(0, 11fr) minmax(0, 9fr); gap: 0 8mm; align-items: start; }
@media screen and (max-width: 900px) { .chart-row { grid-template-columns: minmax(0, 1fr); } }
.chart { display: block; width: 100%; max-width: 190mm; height: auto; margin: 0.3em 0; }
.chart text { font-family: inherit; fill: #1b1f24; }
.chart .on-bar { fill: #fff; font-weight: 700; }
.chart .axis { stroke: #5b6470; } .chart .grid { stroke: #dde1e6; }
table.data { width: auto; min-width: 50%; font-size: 0.88rem; }
table.data th[scope=row] { white-space: nowrap; }
table.data th[scope=col] { white-space: nowrap; }
.legend { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 14px; margin: 0.4em 0 0.6em; font-size: 0.9rem; break-inside: avoid; }
.legend ul { display: flex; flex-wrap: wrap; gap: 4px 14px; list-style: none; padding: 0; margin: 0; }
.legend-h { font-weight: 700; border: 1px solid var(--ink); padding: 0 0.4em; }
.legend .sym { font-weight: 700; }
table.matrix td.st { text-align: center; width: 6.5em; }
table.matrix .sym { display: block; font-size: 1.2rem; font-weight: 700; line-height: 1.1; }
table.matrix .nm { display: block; font-size: 0.72rem; }
table.matrix td.none .nm { color: #9aa3ad; }
table.matrix tr.m-pillar th, table.matrix tr.m-pillar td { background: #e3e8ee; font-weight: 700; }
table.matrix tr.m-group th, table.matrix tr.m-group td { background: var(--soft); font-weight: 600; }
table.matrix td.cnt { font-size: 0.85rem; text-align: center; }
table.matrix td.dept { width: 10em; }
table.matrix td.no { text-align: right; white-space: nowrap; width: 3em; }
table.matrix tr.m-total th, table.matrix tr.m-total td { background: #e3e8ee; font-weight: 700; }
table.matrix tr.m-pillar, table.matrix tr.m-group { break-after: avoid; page-break-after: avoid; }
.relisted { font-size: 0.8rem; color: var(--muted); }
section.card { break-before: page; page-break-before: always; padding-top: 2mm; }
h2.cards-h { break-before: page; page-break-before: always; }
h2.cards-h + section.card { break-before: avoid; page-break-before: avoid; }
.card-h { border-left: 6px solid var(--ink); padding-left: 8px; }
.card-h .no { margin-right: 0.4em; }
table.card-grid { table-layout: fixed; margin: 0 0 -1px; }
table.card-grid th { white-space: nowrap; }
table.card-grid th.lbl { width: 5.5em; }
table.card-grid td.title { font-size: 1.1rem; font-weight: 700; }
.measure { display: block; font-size: 0.85rem; font-weight: 400; color: var(--muted); }
ul.pillars { list-style: none; padding: 0; }
ul.pillars li.none { color: #9aa3ad; }
ul.pillars .mark { display: inline-block; width: 1.2em; }
ul.dots { list-style: none; padding: 0; }
ul.dots > li { padding-left: 1em; text-indent: -1em; }
ul.dots > li::before { content: "・"; }
ul.checks { list-style: none; padding: 0; }
ul.checks > li { padding-left: 1.3em; text-indent: -1.3em; margin-bottom: 2px; }
.chk { display: inline-block; width: 1.3em; text-indent: 0; font-weight: 700; }
.due, .done-on, .q { font-size: 0.82rem; color: var(--muted); white-space: nowrap; }
.late { font-size: 0.8rem; color: #b42318; font-weight: 700; white-space: nowrap; }
.sub { display: block; font-size: 0.85rem; font-weight: 700; margin: 0 0 2px; }
.note-l { font-weight: 700; font-size: 0.85rem; }
table.plan-years { table-layout: fixed; }
table.plan-years thead th { text-align: center; }
table.ind td, table.ind th { font-size: 0.9rem; }
table.ind .unit { display: block; font-weight: 400; font-size: 0.8rem; color: var(--muted); }
ol.log { padding-left: 0; list-style: none; font-size: 0.9rem; }
ol.log li { border-bottom: 1px dotted var(--line); padding: 2px 0; }
ol.log .at { white-space: nowrap; font-variant-numeric: tabular-nums; margin-right: 0.6em; }
ol.log .by { font-weight: 600; margin-right: 0.6em; }
.toc { font-size: 0.9rem; }
@page { size: A4 landscape; margin: 8mm 10mm; }
@media print {
  /* Small enough that a card with three years and its indicators fits one page. */
  html { font-size: 8.5pt; }
  body { max-width: none; padding: 0; line-height: 1.4; }
  a { text-decoration: none; }
  .chart { max-width: 100%; }
}
"#;

fn write_head(out: &mut String, file: &PlanFile) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n");
    // Nothing in the report loads or runs anything: the policy says so to
    // the browser too.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"Shinchoku\">\n");
    w!(out, "<title>{} 進捗報告書</title>\n", esc(&file.plan.title));
    w!(out, "<style>{CSS}</style>\n</head>\n");
}

// ----------------------------------------------------------- cover

fn write_cover(
    out: &mut String,
    file: &PlanFile,
    year: i32,
    today: (i32, u32, u32),
    generated_at: &str,
) {
    let plan = &file.plan;
    out.push_str("<header class=\"cover\">\n");
    if let Some(org) = plan
        .organization
        .as_deref()
        .filter(|o| !o.trim().is_empty())
    {
        w!(out, "<p class=\"org\">{}</p>\n", esc(org));
    }
    w!(out, "<h1>{}</h1>\n", multiline(&plan.title));
    out.push_str("<p class=\"doc\">進捗報告書</p>\n<div class=\"meta\">\n");
    w!(
        out,
        "<p>計画期間：{}（{}〜{}年度）</p>\n",
        period_ja(plan.start_year, plan.end_year),
        plan.start_year,
        plan.end_year
    );
    w!(
        out,
        "<p>集計基準日：{}年{}月{}日（{}の状況）</p>\n",
        today.0,
        today.1,
        today.2,
        era_fiscal_year(year)
    );
    w!(out, "<p>作成日時：{}</p>\n", when_html(generated_at));
    out.push_str("</div>\n</header>\n");

    // Headline figures.
    let counts = status_counts(&file.cards, year);
    let running: usize = counts.iter().sum();
    let actions_year: Vec<&Action> = file
        .cards
        .iter()
        .filter_map(|c| c.year(year))
        .flat_map(|cy| &cy.actions)
        .collect();
    let done_year = actions_year.iter().filter(|a| a.done).count();
    let all_actions: Vec<&Action> = file
        .cards
        .iter()
        .flat_map(|c| &c.years)
        .flat_map(|cy| &cy.actions)
        .collect();
    let done_all = all_actions.iter().filter(|a| a.done).count();
    let overdue: usize = file
        .cards
        .iter()
        .map(|c| overdue_count(c, (today.0, today.1)))
        .sum();
    let hours = total_effect_hours(file, None);
    let hours_year = total_effect_hours(file, Some(year));

    out.push_str("<section class=\"summary\" aria-labelledby=\"summary-h\">\n");
    w!(
        out,
        "<h2 id=\"summary-h\">進捗の概要（{}）</h2>\n",
        era_fiscal_year(year)
    );
    w!(
        out,
        "<p class=\"headline\">業務時間 {}時間削減<span class=\"muted\">（計画期間の累計。うち{}は{}時間）</span></p>\n",
        fmt_num(hours),
        era_fiscal_year(year),
        fmt_num(hours_year)
    );
    out.push_str("<dl class=\"figures\">\n");
    w!(
        out,
        "<div><dt>取組（事業）の数</dt><dd>{}件 <small>うち{}に実施 {}件</small></dd></div>\n",
        file.cards.len(),
        era_fiscal_year(year),
        running
    );
    w!(
        out,
        "<div><dt>取組事項（KPI）の完了（{}）</dt><dd>{} / {} <small>計画期間全体 {} / {}</small></dd></div>\n",
        era_fiscal_year(year),
        done_year,
        actions_year.len(),
        done_all,
        all_actions.len()
    );
    w!(
        out,
        "<div><dt>期限を過ぎた未完了の取組事項</dt><dd>{overdue}件 <small>{}年{}月時点</small></dd></div>\n",
        today.0,
        today.1
    );
    w!(
        out,
        "<div><dt>業務時間の削減（累計）</dt><dd>{}時間</dd></div>\n",
        fmt_num(hours)
    );
    out.push_str("</dl>\n");
    w!(
        out,
        "<h3>{}の取組の状況</h3>\n<dl class=\"figures status\">\n",
        era_fiscal_year(year)
    );
    for s in Status::ALL {
        w!(
            out,
            "<div class=\"fig-n-{0}\"><dt><span class=\"sym st-{0}\">{1}</span> {2}</dt><dd>{3}件</dd></div>\n",
            s.as_str(),
            s.symbol(),
            status_name_ja(s),
            counts[status_index(s)]
        );
    }
    out.push_str("</dl>\n");
    if !file.cards.is_empty() {
        out.push_str("<h3>目次</h3>\n<ol class=\"toc\">\n<li><a href=\"#charts\">柱ごとの状況と業務時間の削減</a></li>\n<li><a href=\"#matrix\">計画体系と各取組の実施状況</a></li>\n<li><a href=\"#cards\">取組ごとの進捗</a></li>\n</ol>\n");
    }
    out.push_str("</section>\n");
}

// ---------------------------------------------------------- charts

const PILLAR_COLORS: [&str; 8] = [
    "#2b6cb0", "#d97706", "#2f855a", "#805ad5", "#c53030", "#0e7490", "#6b7280", "#a16207",
];

fn write_charts(out: &mut String, file: &PlanFile, year: i32) {
    out.push_str("<section class=\"page charts\" aria-labelledby=\"charts\">\n");
    out.push_str("<h2 id=\"charts\">柱ごとの状況と業務時間の削減</h2>\n");

    // Status per pillar, current year.
    let rows = status_by_pillar(file, year);
    let era = era_fiscal_year(year);
    out.push_str("<div class=\"chart-row\">\n<div class=\"chart-block\">\n");
    w!(out, "<h3>柱ごとの取組の状況（{era}）</h3>\n");
    if rows.is_empty() {
        out.push_str("<p class=\"empty\">柱も取組も登録されていません。</p>\n");
    } else {
        out.push_str(&status_chart(&rows, &era));
        w!(
            out,
            "<table class=\"data\"><caption>柱ごとの取組の状況（{era}・件数）</caption>\n<thead><tr><th scope=\"col\">柱</th>"
        );
        for s in Status::ALL {
            w!(
                out,
                "<th scope=\"col\" class=\"num\"><span class=\"st-{}\">{}</span> {}</th>",
                s.as_str(),
                s.symbol(),
                status_name_ja(s)
            );
        }
        out.push_str("<th scope=\"col\" class=\"num\">計</th></tr></thead>\n<tbody>\n");
        let mut total = [0usize; 6];
        for (name, counts) in &rows {
            w!(
                out,
                "<tr><th scope=\"row\">{}</th>",
                esc(pillar_label(name))
            );
            for (i, n) in counts.iter().enumerate() {
                total[i] += n;
                w!(out, "<td class=\"num\">{n}</td>");
            }
            w!(
                out,
                "<td class=\"num\">{}</td></tr>\n",
                counts.iter().sum::<usize>()
            );
        }
        out.push_str("</tbody>\n<tfoot><tr><th scope=\"row\">計</th>");
        for n in total {
            w!(out, "<td class=\"num\">{n}</td>");
        }
        w!(
            out,
            "<td class=\"num\">{}</td></tr></tfoot>\n</table>\n",
            total.iter().sum::<usize>()
        );
    }
    out.push_str("</div>\n");

    // Hours saved per pillar and year.
    let effects = effect_hours(file);
    let mut names: Vec<(String, String)> = file
        .plan
        .pillars
        .iter()
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    if effects.iter().any(|r| r.pillar.is_empty()) {
        names.push((String::new(), String::new()));
    }
    let mut years: Vec<i32> = file.fiscal_years().collect();
    years.extend(effects.iter().map(|r| r.year));
    years.sort_unstable();
    years.dedup();
    let values: Vec<Vec<f64>> = names
        .iter()
        .map(|(id, _)| {
            years
                .iter()
                .map(|y| {
                    effects
                        .iter()
                        .filter(|r| &r.pillar == id && r.year == *y)
                        .map(|r| r.hours)
                        .sum()
                })
                .collect()
        })
        .collect();
    out.push_str("<div class=\"chart-block\">\n<h3>業務時間の削減（柱・年度ごと）</h3>\n");
    out.push_str("<p class=\"muted\">単位が時間で、増えるほど良い評価指標の実績の合計です。</p>\n");
    if effects.is_empty() || names.is_empty() {
        out.push_str("<p class=\"empty\">業務時間の削減の実績はまだ登録されていません。</p>\n");
    } else {
        let labels: Vec<String> = names
            .iter()
            .map(|(_, n)| pillar_label(n).to_string())
            .collect();
        out.push_str(&hours_chart(&labels, &years, &values));
        out.push_str("<table class=\"data\"><caption>業務時間の削減（時間）</caption>\n<thead><tr><th scope=\"col\">柱</th>");
        for y in &years {
            w!(
                out,
                "<th scope=\"col\" class=\"num\">{}</th>",
                era_fiscal_year(*y)
            );
        }
        out.push_str("<th scope=\"col\" class=\"num\">計</th></tr></thead>\n<tbody>\n");
        for (label, row) in labels.iter().zip(&values) {
            w!(out, "<tr><th scope=\"row\">{}</th>", esc(label));
            for v in row {
                w!(out, "<td class=\"num\">{}</td>", fmt_num(*v));
            }
            w!(
                out,
                "<td class=\"num\">{}</td></tr>\n",
                fmt_num(row.iter().sum())
            );
        }
        out.push_str("</tbody>\n<tfoot><tr><th scope=\"row\">計</th>");
        for yi in 0..years.len() {
            w!(
                out,
                "<td class=\"num\">{}</td>",
                fmt_num(values.iter().map(|r| r[yi]).sum())
            );
        }
        w!(
            out,
            "<td class=\"num\">{}</td></tr></tfoot>\n</table>\n",
            fmt_num(total_effect_hours(file, None))
        );
    }
    out.push_str("</div>\n</div>\n</section>\n");
}

/// Horizontal stacked bars: one bar per pillar, one segment per status.
fn status_chart(rows: &[(String, StatusCounts)], era: &str) -> String {
    const W: f64 = 760.0;
    const LABEL_W: f64 = 230.0;
    const BAR_W: f64 = 450.0;
    const ROW_H: f64 = 34.0;
    const TOP: f64 = 6.0;
    let max = rows
        .iter()
        .map(|(_, c)| c.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = BAR_W / max as f64;
    let legend_y = TOP + rows.len() as f64 * ROW_H + 14.0;
    let h = legend_y + 22.0;
    let mut s = String::new();
    w!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {W} {h:.0}\" width=\"{W}\" height=\"{h:.0}\" role=\"img\" aria-label=\"柱ごとの取組の状況（{era}）の積み上げ横棒グラフ。件数は次の表のとおり。\" font-size=\"13\">\n"
    );
    for (i, (name, counts)) in rows.iter().enumerate() {
        let y = TOP + i as f64 * ROW_H;
        let mid = y + ROW_H / 2.0;
        w!(
            s,
            "<text x=\"{:.1}\" y=\"{mid:.1}\" dy=\"0.35em\" text-anchor=\"end\">{}</text>\n",
            LABEL_W - 8.0,
            esc(&clip(pillar_label(name), 16))
        );
        let mut x = LABEL_W;
        for st in Status::ALL {
            let n = counts[status_index(st)];
            if n == 0 {
                continue;
            }
            let width = n as f64 * scale;
            w!(
                s,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{width:.1}\" height=\"{:.1}\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"1\"><title>{}：{} {}件</title></rect>\n",
                y + 5.0,
                ROW_H - 10.0,
                Status::color(st),
                esc(pillar_label(name)),
                status_name_ja(st),
                n
            );
            // `—1` would read as minus one: the name stands in for the dash.
            let mark = match st {
                Status::NotStarted => status_name_ja(st),
                _ => st.symbol(),
            };
            let label = format!("{mark}{n}");
            let need = mark.chars().count() as f64 * 13.0 + n.to_string().len() as f64 * 8.0 + 4.0;
            if width >= need {
                w!(
                    s,
                    "<text class=\"on-bar\" x=\"{:.1}\" y=\"{mid:.1}\" dy=\"0.35em\" text-anchor=\"middle\" font-size=\"12\">{label}</text>\n",
                    x + width / 2.0
                );
            }
            x += width;
        }
        w!(
            s,
            "<text x=\"{:.1}\" y=\"{mid:.1}\" dy=\"0.35em\">{}件</text>\n",
            x + 6.0,
            counts.iter().sum::<usize>()
        );
    }
    for (i, st) in Status::ALL.into_iter().enumerate() {
        let x = 10.0 + i as f64 * 124.0;
        w!(
            s,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"14\" height=\"14\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\">{} {}</text>\n",
            legend_y,
            Status::color(st),
            x + 19.0,
            legend_y + 11.5,
            st.symbol(),
            status_name_ja(st)
        );
    }
    s.push_str("</svg>\n");
    s
}

/// A tick step of 1, 2 or 5 × 10ⁿ giving about `ticks` intervals up to `max`.
fn nice_step(max: f64, ticks: f64) -> f64 {
    let raw = max / ticks;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let step = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    step * mag
}

/// Grouped vertical bars: one group per year, one bar per pillar.
fn hours_chart(pillars: &[String], years: &[i32], values: &[Vec<f64>]) -> String {
    const W: f64 = 760.0;
    const LEFT: f64 = 70.0;
    const RIGHT: f64 = 16.0;
    const TOP: f64 = 24.0;
    const PLOT_H: f64 = 210.0;
    let max = values.iter().flatten().copied().fold(0.0_f64, f64::max);
    let (step, axis_max) = if max > 0.0 {
        let step = nice_step(max, 4.0);
        (step, (max / step).ceil() * step)
    } else {
        (1.0, 1.0)
    };
    let base = TOP + PLOT_H;
    let legend_top = base + 40.0;
    let h = legend_top + pillars.len() as f64 * 20.0 + 4.0;
    let y_of = |v: f64| base - v.max(0.0) / axis_max * PLOT_H;
    let mut s = String::new();
    w!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {W} {h:.0}\" width=\"{W}\" height=\"{h:.0}\" role=\"img\" aria-label=\"柱・年度ごとの業務時間の削減（時間）の棒グラフ。数値は次の表のとおり。\" font-size=\"12\">\n"
    );
    w!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">（時間）</text>\n",
        LEFT - 6.0,
        TOP - 10.0
    );
    let mut k = 0.0;
    while k <= axis_max + step / 2.0 {
        let y = y_of(k);
        w!(
            s,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text x=\"{:.1}\" y=\"{y:.1}\" dy=\"0.35em\" text-anchor=\"end\">{}</text>\n",
            W - RIGHT,
            LEFT - 6.0,
            fmt_num(k)
        );
        k += step;
    }
    w!(
        s,
        "<line class=\"axis\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{base:.1}\" y2=\"{base:.1}\"/>\n",
        W - RIGHT
    );
    let n = pillars.len().max(1) as f64;
    let group_w = (W - LEFT - RIGHT) / years.len().max(1) as f64;
    let bar_w = (group_w * 0.75 / n).min(40.0);
    for (yi, year) in years.iter().enumerate() {
        let gx = LEFT + yi as f64 * group_w + (group_w - bar_w * n) / 2.0;
        for (pi, row) in values.iter().enumerate() {
            let v = row[yi];
            let x = gx + pi as f64 * bar_w;
            let top = y_of(v);
            w!(
                s,
                "<rect x=\"{x:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{}・{}：{}時間</title></rect>\n",
                (bar_w - 2.0).max(1.0),
                base - top,
                PILLAR_COLORS[pi % PILLAR_COLORS.len()],
                esc(&pillars[pi]),
                era_fiscal_year(*year),
                fmt_num(v)
            );
            if v > 0.0 && bar_w >= 26.0 {
                w!(
                    s,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\">{}</text>\n",
                    x + (bar_w - 2.0) / 2.0,
                    top - 4.0,
                    fmt_num(v)
                );
            }
        }
        w!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\n",
            LEFT + (yi as f64 + 0.5) * group_w,
            base + 18.0,
            era_fiscal_year(*year)
        );
    }
    for (pi, name) in pillars.iter().enumerate() {
        let y = legend_top + pi as f64 * 20.0;
        w!(
            s,
            "<rect x=\"{LEFT}\" y=\"{y:.1}\" width=\"14\" height=\"14\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>\n",
            PILLAR_COLORS[pi % PILLAR_COLORS.len()],
            LEFT + 20.0,
            y + 11.5,
            esc(&clip(name, 40))
        );
    }
    s.push_str("</svg>\n");
    s
}

// ---------------------------------------------------------- matrix

fn write_matrix(out: &mut String, file: &PlanFile) {
    let years: Vec<i32> = file.fiscal_years().collect();
    out.push_str("<section class=\"page\" aria-labelledby=\"matrix\">\n");
    out.push_str("<h2 id=\"matrix\">計画体系と各取組の実施状況</h2>\n");
    out.push_str(&legend_html());
    if file.cards.is_empty() {
        out.push_str("<p class=\"empty\">取組は登録されていません。</p>\n</section>\n");
        return;
    }
    let anchor = |card_id: &str| file.cards.iter().position(|c| c.id == card_id);
    out.push_str("<table class=\"matrix\"><caption>柱・施策ごとの各取組の年度別状況（行見出しの記号と数は、再掲を除く件数）</caption>\n<thead><tr><th scope=\"col\">No.</th><th scope=\"col\">取組（事業名）</th><th scope=\"col\">主担当課</th>");
    for y in &years {
        w!(
            out,
            "<th scope=\"col\" class=\"num\">{}</th>",
            era_fiscal_year(*y)
        );
    }
    out.push_str("</tr></thead>\n");
    for p in matrix(file) {
        // A pillar's heading row opens the block of its first group, and
        // heading rows never end a page (see the CSS), so no heading is
        // printed apart from its rows.
        let pillar_row = {
            let mut r = format!(
                "<tr class=\"m-pillar\"><th scope=\"rowgroup\" colspan=\"3\">{}</th>",
                esc(pillar_label(&p.name))
            );
            for c in p.counts() {
                w!(r, "<td class=\"cnt\">{}</td>", counts_inline(&c));
            }
            r.push_str("</tr>\n");
            r
        };
        if p.groups.is_empty() {
            w!(out, "<tbody>\n{pillar_row}</tbody>\n");
            continue;
        }
        let has_measures = p.groups.iter().any(|g| g.measure_id.is_some());
        for (gi, g) in p.groups.iter().enumerate() {
            out.push_str("<tbody>\n");
            if gi == 0 {
                out.push_str(&pillar_row);
            }
            let relisted = !g.rows.is_empty() && g.rows.iter().all(|r| r.relisted);
            let label = if relisted {
                Some("再掲（他の柱の取組・集計に含めない）".to_string())
            } else if let Some(name) = &g.name {
                Some(esc(name))
            } else if has_measures {
                Some("施策の指定なし".to_string())
            } else {
                None
            };
            if let Some(label) = label {
                w!(
                    out,
                    "<tr class=\"m-group\"><th scope=\"rowgroup\" colspan=\"3\">{label}</th>"
                );
                for c in &g.counts {
                    if relisted {
                        out.push_str("<td class=\"cnt muted\">—</td>");
                    } else {
                        w!(out, "<td class=\"cnt\">{}</td>", counts_inline(c));
                    }
                }
                out.push_str("</tr>\n");
            }
            for r in &g.rows {
                let title = match anchor(&r.card_id) {
                    Some(i) => format!("<a href=\"#card-{i}\">{}</a>", esc(&r.title)),
                    None => esc(&r.title),
                };
                w!(
                    out,
                    "<tr><td class=\"no\">{}</td><td>{title}{}</td><td class=\"dept\">{}</td>",
                    esc(&r.number),
                    if r.relisted {
                        "<span class=\"relisted\">（再掲）</span>"
                    } else {
                        ""
                    },
                    esc(r.lead_department.as_deref().unwrap_or(""))
                );
                for st in &r.statuses {
                    out.push_str(&status_cell(*st));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n");
        }
    }
    // The total closes the table once (a tfoot would repeat on every page).
    out.push_str("<tbody><tr class=\"m-total\"><th scope=\"row\" colspan=\"3\">計</th>");
    for (_, c) in status_by_year(file) {
        w!(out, "<td class=\"cnt\">{}</td>", counts_inline(&c));
    }
    out.push_str("</tr></tbody>\n</table>\n</section>\n");
}

// ----------------------------------------------------------- cards

fn write_card(
    out: &mut String,
    file: &PlanFile,
    card: &Card,
    idx: usize,
    today: (i32, u32),
    with_log: bool,
) {
    let home_name = card
        .home_pillar()
        .map(|id| file.pillar(id).map_or(id, |p| p.name.as_str()));
    w!(
        out,
        "<section class=\"card\" id=\"card-{idx}\" aria-labelledby=\"card-{idx}-h\">\n<h3 class=\"card-h\" id=\"card-{idx}-h\">"
    );
    if !card.number.trim().is_empty() {
        w!(out, "<span class=\"no\">No.{}</span>", esc(&card.number));
    }
    let bracket: Vec<&str> = [home_name, Some(card.category.as_str())]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    if !bracket.is_empty() {
        w!(out, "【{}】", esc(&bracket.join("：")));
    }
    w!(out, " {}</h3>\n", esc(&card.title));

    // 事業名 / 担当課 / 3つの柱
    let n_pillars = file.plan.pillars.len();
    let pillars_h = if (1..=10).contains(&n_pillars) {
        format!("{n_pillars}つの柱")
    } else {
        "柱".to_string()
    };
    out.push_str("<table class=\"card-grid\"><colgroup><col style=\"width:6%\"><col style=\"width:44%\"><col style=\"width:6%\"><col style=\"width:16%\"><col style=\"width:7%\"><col style=\"width:21%\"></colgroup>\n<tr><th class=\"lbl\" scope=\"row\">事業名</th><td class=\"title\">");
    out.push_str(&multiline(&card.title));
    if let Some(m) = card.measure.as_deref() {
        w!(
            out,
            "<span class=\"measure\">施策：{}</span>",
            esc(file.measure_name(m).unwrap_or(m))
        );
    }
    out.push_str("</td><th class=\"lbl\" scope=\"row\">担当課</th><td>");
    out.push_str(
        &card
            .departments
            .iter()
            .map(|d| esc(d))
            .collect::<Vec<_>>()
            .join("<br>"),
    );
    w!(
        out,
        "</td><th class=\"lbl\" scope=\"row\">{pillars_h}</th><td><ul class=\"pillars\">"
    );
    for p in &file.plan.pillars {
        let pos = card.pillars.iter().position(|id| id == &p.id);
        let (class, mark, note) = match pos {
            Some(0) => ("home", "●", ""),
            Some(_) => ("re", "○", "（再掲）"),
            None => ("none", "", ""),
        };
        w!(
            out,
            "<li class=\"{class}\"><span class=\"mark\">{mark}</span>{}{note}</li>",
            esc(&p.name)
        );
    }
    for (i, id) in card.pillars.iter().enumerate() {
        if file.pillar(id).is_none() {
            let (mark, note) = if i == 0 {
                ("●", "")
            } else {
                ("○", "（再掲）")
            };
            w!(
                out,
                "<li class=\"unknown\"><span class=\"mark\">{mark}</span>{}{note}</li>",
                esc(id)
            );
        }
    }
    out.push_str("</ul></td></tr>\n</table>\n");

    // 将来の姿 / 事業概要
    out.push_str("<table class=\"card-grid\"><colgroup><col style=\"width:38%\"><col style=\"width:62%\"></colgroup>\n<tr><th scope=\"col\">将来の姿（ビジョン）</th><th scope=\"col\">事業概要（目的・必要性）</th></tr>\n<tr><td>");
    if card.visions.is_empty() {
        out.push_str("<span class=\"empty\">記載なし</span>");
    } else {
        out.push_str("<ul class=\"dots\">");
        for v in &card.visions {
            w!(
                out,
                "<li>{}</li>",
                multiline(file.vision_text(v).unwrap_or(v))
            );
        }
        out.push_str("</ul>");
    }
    w!(
        out,
        "</td><td>{}</td></tr>\n</table>\n",
        text_or_empty(&card.overview)
    );

    write_card_years(out, file, card, today);
    write_indicators(out, file, card);
    if with_log {
        write_log(out, card);
    }
    out.push_str("</section>\n");
}

fn text_or_empty(s: &str) -> String {
    if s.trim().is_empty() {
        "<span class=\"empty\">記載なし</span>".to_string()
    } else {
        multiline(s)
    }
}

/// 取組の背景 | one column per year (取組事項 over 年次目標) | 達成目標.
fn write_card_years(out: &mut String, file: &PlanFile, card: &Card, today: (i32, u32)) {
    let mut years: Vec<_> = card.years.iter().collect();
    years.sort_by_key(|y| y.year);
    let has_notes = years
        .iter()
        .any(|y| !y.note.trim().is_empty() || !y.corrective_action.trim().is_empty());
    let body_rows = if has_notes { 3 } else { 2 };
    let n = years.len().max(1);
    let side = if n > 3 { 14 } else { 18 };
    let mid = (100 - 2 * side) as f64 / n as f64;
    w!(
        out,
        "<table class=\"card-grid plan-years\"><colgroup><col style=\"width:{side}%\">"
    );
    for _ in 0..n {
        w!(out, "<col style=\"width:{mid:.2}%\">");
    }
    w!(
        out,
        "<col style=\"width:{side}%\"></colgroup>\n<thead><tr><th scope=\"col\">取組の背景</th>"
    );
    for y in &years {
        let nth = y.year - file.plan.start_year + 1;
        let label = if nth >= 1 && y.year <= file.plan.end_year {
            format!("{nth}年目（{}）", era_fiscal_year(y.year))
        } else {
            era_fiscal_year(y.year)
        };
        w!(
            out,
            "<th scope=\"col\">{label}<br>{}</th>",
            status_badge(y.status)
        );
    }
    if years.is_empty() {
        out.push_str("<th scope=\"col\">年次計画</th>");
    }
    out.push_str("<th scope=\"col\">達成目標</th></tr></thead>\n<tbody>\n");

    // 取組事項（KPI）
    w!(
        out,
        "<tr><td rowspan=\"{body_rows}\">{}</td>",
        text_or_empty(&card.background)
    );
    for y in &years {
        out.push_str("<td><span class=\"sub\">取組事項（KPI）</span>");
        if y.actions.is_empty() {
            out.push_str("<span class=\"empty\">記載なし</span>");
        } else {
            out.push_str("<ul class=\"checks\">");
            for a in &y.actions {
                out.push_str(&action_html(a, today));
            }
            out.push_str("</ul>");
        }
        out.push_str("</td>");
    }
    if years.is_empty() {
        w!(
            out,
            "<td rowspan=\"{body_rows}\"><span class=\"empty\">年次計画は登録されていません。</span></td>"
        );
    }
    w!(out, "<td rowspan=\"{body_rows}\">");
    if card.outcomes.is_empty() {
        out.push_str("<span class=\"empty\">記載なし</span>");
    } else {
        out.push_str("<ul class=\"dots\">");
        for o in &card.outcomes {
            w!(out, "<li>{}</li>", multiline(o));
        }
        out.push_str("</ul>");
    }
    out.push_str("</td></tr>\n");

    // 年次目標（KGI）
    out.push_str("<tr>");
    for y in &years {
        out.push_str("<td><span class=\"sub\">年次目標（KGI）</span>");
        if y.goals.is_empty() {
            out.push_str("<span class=\"empty\">記載なし</span>");
        } else {
            out.push_str("<ul class=\"checks\">");
            for g in &y.goals {
                out.push_str(&goal_html(g));
            }
            out.push_str("</ul>");
        }
        out.push_str("</td>");
    }
    out.push_str("</tr>\n");

    // 実績・備考 / 改善策
    if has_notes {
        out.push_str("<tr>");
        for y in &years {
            out.push_str("<td>");
            if !y.note.trim().is_empty() {
                w!(
                    out,
                    "<span class=\"note-l\">実績・備考</span><br>{}",
                    multiline(&y.note)
                );
            }
            if !y.corrective_action.trim().is_empty() {
                if !y.note.trim().is_empty() {
                    out.push_str("<br>");
                }
                w!(
                    out,
                    "<span class=\"note-l\">改善策</span><br>{}",
                    multiline(&y.corrective_action)
                );
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn action_html(a: &Action, today: (i32, u32)) -> String {
    let mut s = format!(
        "<li class=\"{}\"><span class=\"chk\" aria-label=\"{}\">{}</span>{}",
        if a.done { "done" } else { "open" },
        if a.done { "完了" } else { "未完了" },
        if a.done { "☑" } else { "☐" },
        multiline(&a.text)
    );
    if let Some(due) = a.due.as_deref().filter(|d| !d.trim().is_empty()) {
        w!(
            s,
            " <span class=\"due\">（期限 {}）</span>",
            month_html(due)
        );
    }
    if a.done {
        match a.done_on.as_deref().filter(|d| !d.trim().is_empty()) {
            Some(d) => w!(s, " <span class=\"done-on\">完了 {}</span>", date_html(d)),
            None => s.push_str(" <span class=\"done-on\">完了</span>"),
        }
    } else if a.is_overdue(today) {
        s.push_str(" <span class=\"late\">期限超過</span>");
    }
    s.push_str("</li>");
    s
}

fn goal_html(g: &Goal) -> String {
    let mut s = format!(
        "<li><span class=\"chk\" aria-label=\"{}\">{}</span>{}",
        if g.achieved { "達成" } else { "未達成" },
        if g.achieved { "☑" } else { "☐" },
        multiline(&g.text)
    );
    let mut q = Vec::new();
    if let Some(t) = &g.target {
        q.push(format!("目標 {}", quantity(t)));
    }
    if let Some(a) = &g.actual {
        q.push(format!("実績 {}", quantity(a)));
    }
    if !q.is_empty() {
        w!(s, " <span class=\"q\">（{}）</span>", q.join(" / "));
    }
    s.push_str("</li>");
    s
}

/// `494件／5,357件（9.2%）`, or the value alone.
fn actual_html(v: &YearValue, unit: &str) -> String {
    let mut s = with_unit(v.value, unit);
    if let (Some(total), Some(rate)) = (v.total, v.rate_percent()) {
        w!(s, "／{}（{rate:.1}%）", with_unit(total, unit));
    }
    s
}

/// 評価指標: baseline, then target and actual per year.
fn write_indicators(out: &mut String, file: &PlanFile, card: &Card) {
    if card.indicators.is_empty() {
        return;
    }
    let mut years: Vec<i32> = file.fiscal_years().collect();
    for ind in &card.indicators {
        years.extend(ind.targets.iter().chain(&ind.actuals).map(|v| v.year));
    }
    years.sort_unstable();
    years.dedup();
    out.push_str("<div class=\"ind-block\"><h4>評価指標</h4>\n<table class=\"ind\"><thead><tr><th scope=\"col\">指標</th><th scope=\"col\">基準値</th>");
    for y in &years {
        w!(out, "<th scope=\"col\">{}</th>", era_fiscal_year(*y));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for ind in &card.indicators {
        write_indicator_row(out, ind, &years);
    }
    out.push_str("</tbody>\n</table></div>\n");
}

fn write_indicator_row(out: &mut String, ind: &Indicator, years: &[i32]) {
    let dir = match ind.direction {
        Direction::Up => "高いほど良い",
        Direction::Down => "低いほど良い",
    };
    let unit = if ind.unit.trim().is_empty() {
        String::new()
    } else {
        format!("単位：{}、", esc(ind.unit.trim()))
    };
    w!(
        out,
        "<tr><th scope=\"row\">{}<span class=\"unit\">（{unit}{dir}）</span></th><td>",
        multiline(&ind.name)
    );
    match &ind.baseline {
        Some(b) => w!(
            out,
            "{}<br><span class=\"muted\">（{}）</span>",
            actual_html(b, &ind.unit),
            era_fiscal_year(b.year)
        ),
        None => out.push_str("<span class=\"muted\">—</span>"),
    }
    out.push_str("</td>");
    for p in indicator_series(ind, years.iter().copied()) {
        out.push_str("<td>");
        if let Some(t) = p.target {
            w!(out, "目標 {}", with_unit(t, &ind.unit));
        }
        if let Some(a) = ind.actuals.iter().find(|v| v.year == p.year) {
            if p.target.is_some() {
                out.push_str("<br>");
            }
            w!(out, "<strong>実績 {}</strong>", actual_html(a, &ind.unit));
        }
        out.push_str("</td>");
    }
    out.push_str("</tr>\n");
}

fn write_log(out: &mut String, card: &Card) {
    out.push_str("<div class=\"log-block\"><h4>進捗の記録</h4>\n");
    if card.log.is_empty() {
        out.push_str("<p class=\"empty\">記録はありません。</p></div>\n");
        return;
    }
    out.push_str("<ol class=\"log\">\n");
    for e in &card.log {
        w!(
            out,
            "<li><span class=\"at\">{}</span>{}<span class=\"tx\">{}</span></li>\n",
            when_html(&e.at),
            if e.by.trim().is_empty() {
                String::new()
            } else {
                format!("<span class=\"by\">{}</span>", esc(&e.by))
            },
            multiline(&e.text)
        );
    }
    out.push_str("</ol></div>\n");
}

// ------------------------------------------------------------ plan

/// The plan file, for import by dropping the report onto the app. `<` is
/// written `\u003c`, so no text in the plan can end the element (`</script>`)
/// or open a comment (`<!--`); JSON reads the escape back as `<`.
fn write_plan_json(out: &mut String, file: &PlanFile) {
    w!(
        out,
        "<script type=\"application/json\" id=\"{PLAN_ELEMENT_ID}\">{}</script>\n",
        crate::to_json_pretty(file).replace('<', "\\u003c")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(fmt_num(2378.0), "2,378");
        assert_eq!(fmt_num(1_200_000.0), "1,200,000");
        assert_eq!(fmt_num(43.5), "43.5");
        assert_eq!(fmt_num(0.1 + 0.2), "0.3");
        assert_eq!(fmt_num(-1234.5), "-1,234.5");
        assert_eq!(fmt_num(0.0), "0");
        assert_eq!(fmt_num(999.0), "999");
    }

    #[test]
    fn escaping() {
        assert_eq!(
            esc(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(multiline("a<b\r\nc\n"), "a&lt;b<br>c");
    }

    #[test]
    fn dates() {
        assert_eq!(date_html("2024-06-21"), "2024年6月21日");
        assert_eq!(month_html("2024-06"), "2024年6月");
        assert_eq!(
            when_html("2024-06-21T09:12:00+09:00"),
            "2024年6月21日 09:12"
        );
        assert_eq!(when_html("<x>"), "&lt;x&gt;");
        assert_eq!(period_ja(2024, 2026), "令和6年度〜令和8年度");
    }

    #[test]
    fn attributes() {
        assert_eq!(attr_value(r#" type="a" id='b'"#, "id"), Some("b"));
        assert_eq!(attr_value(" ID=b type=x", "id"), Some("b"));
        assert_eq!(attr_value(" data-id=\"b\"", "id"), None);
        assert_eq!(attr_value(" async", "async"), Some(""));
    }

    #[test]
    fn ticks() {
        assert_eq!(nice_step(1240.0, 4.0), 500.0);
        assert_eq!(nice_step(8.0, 4.0), 2.0);
    }
}
