//! What leaves the app: CSV tables for Excel, subsets of a plan for one
//! department, and human-readable file names.
//!
//! Nothing here reads the clock: the caller passes `today` and `now`.

use std::borrow::Cow;

use crate::fiscal::era_fiscal_year;
use crate::lang::Lang;
use crate::model::{Card, PlanFile, Status};

/// Japanese name of a status as the progress reports print it.
pub fn status_name_ja(status: Status) -> &'static str {
    Lang::Ja.status_name(status)
}

/// `○ 進行中`: the report mark and the name, for one cell.
pub fn status_label_ja(status: Status) -> String {
    format!("{} {}", status.symbol(), status_name_ja(status))
}

// ------------------------------------------------------------------ CSV

/// The fixed columns of [`cards_csv`] before the per-year status columns,
/// then after them, per language (the xlsx export uses the same words).
pub fn cards_csv_columns(lang: Lang) -> ([&'static str; 8], [&'static str; 4]) {
    match lang {
        Lang::Ja => (
            [
                "番号",
                "事業名",
                "区分",
                "主担当課",
                "担当課",
                "柱",
                "再掲",
                "施策",
            ],
            ["取組事項 完了", "取組事項 全体", "期限超過", "最終更新"],
        ),
        Lang::En => (
            [
                "No.",
                "Project",
                "Category",
                "Lead department",
                "Departments",
                "Pillar",
                "Listed again under",
                "Measure",
            ],
            ["Actions done", "Actions", "Overdue", "Last updated"],
        ),
    }
}

/// `令和6年度 状況` / `FY2024 status`: the header of a status column.
pub fn status_column(lang: Lang, year: i32) -> String {
    match lang {
        Lang::Ja => format!("{} 状況", era_fiscal_year(year)),
        Lang::En => format!("{} status", lang.fiscal_year(year)),
    }
}

/// The header of [`cards_csv`] for a plan period, in Japanese.
pub fn cards_csv_header(file: &PlanFile) -> Vec<String> {
    cards_csv_header_in(Lang::Ja, file)
}

/// The header of [`cards_csv_in`] for a plan period.
pub fn cards_csv_header_in(lang: Lang, file: &PlanFile) -> Vec<String> {
    let (before, after) = cards_csv_columns(lang);
    let mut h: Vec<String> = before.map(String::from).to_vec();
    h.extend(file.fiscal_years().map(|y| status_column(lang, y)));
    h.extend(after.map(String::from));
    h
}

/// The header of [`actions_csv`] (Japanese).
pub const ACTIONS_CSV_HEADER: [&str; 7] = actions_csv_header(Lang::Ja);

/// The header of [`actions_csv_in`].
pub const fn actions_csv_header(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::Ja => [
            "番号",
            "事業名",
            "年度",
            "取組事項",
            "期限",
            "完了",
            "完了日",
        ],
        Lang::En => ["No.", "Project", "Year", "Action", "Due", "Done", "Done on"],
    }
}

/// [`cards_csv_in`] in Japanese.
pub fn cards_csv(file: &PlanFile, today: (i32, u32)) -> String {
    cards_csv_in(Lang::Ja, file, today)
}

/// One row per card, for Excel: status per fiscal year, action counts and
/// the number of actions overdue at `today` (year, month). Headers, status
/// names and fiscal years in `lang`; plan text as it is.
pub fn cards_csv_in(lang: Lang, file: &PlanFile, today: (i32, u32)) -> String {
    let mut rows = vec![cards_csv_header_in(lang, file)];
    for card in &file.cards {
        let pillar_name = |id: &String| {
            file.pillar(id)
                .map_or_else(|| id.clone(), |p| p.name.clone())
        };
        let actions = card.years.iter().flat_map(|y| y.actions.iter());
        let mut row = vec![
            card.number.clone(),
            card.title.clone(),
            card.category.clone(),
            card.lead_department().unwrap_or_default().to_string(),
            card.departments.join("、"),
            card.pillars.first().map(pillar_name).unwrap_or_default(),
            card.pillars
                .iter()
                .skip(1)
                .map(pillar_name)
                .collect::<Vec<_>>()
                .join("、"),
            card.measure
                .as_deref()
                .map(|m| file.measure_name(m).unwrap_or(m).to_string())
                .unwrap_or_default(),
        ];
        row.extend(file.fiscal_years().map(|y| {
            card.year(y)
                .map(|cy| format!("{} {}", cy.status.symbol(), lang.status_name(cy.status)))
                .unwrap_or_default()
        }));
        row.push(actions.clone().filter(|a| a.done).count().to_string());
        row.push(actions.clone().count().to_string());
        row.push(actions.filter(|a| a.is_overdue(today)).count().to_string());
        row.push(date_part(&card.updated_at).to_string());
        rows.push(row);
    }
    write_csv(rows)
}

/// [`actions_csv_in`] in Japanese.
pub fn actions_csv(file: &PlanFile) -> String {
    actions_csv_in(Lang::Ja, file)
}

/// One row per action (取組事項) of every card, in file order.
pub fn actions_csv_in(lang: Lang, file: &PlanFile) -> String {
    let mut rows = vec![actions_csv_header(lang).map(String::from).to_vec()];
    for card in &file.cards {
        for year in &card.years {
            for a in &year.actions {
                rows.push(vec![
                    card.number.clone(),
                    card.title.clone(),
                    lang.fiscal_year(year.year),
                    a.text.clone(),
                    a.due.clone().unwrap_or_default(),
                    if a.done { "○" } else { "" }.to_string(),
                    a.done_on.clone().unwrap_or_default(),
                ]);
            }
        }
    }
    write_csv(rows)
}

/// `2026-09-30` from `2026-09-30T16:40:00+09:00`.
fn date_part(timestamp: &str) -> &str {
    timestamp
        .split_once(['T', 't'])
        .map_or(timestamp, |(date, _)| date)
}

/// Text that Excel would run as a formula (`=`, `+`, `-`, `@`, or a leading
/// tab / carriage return) gets a leading `'`, the usual guard against CSV
/// injection: a plan file comes from another department and is only text.
fn cell(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Writes rows as CSV for Japanese Excel: UTF-8 with a BOM (without it Excel
/// reads the file as Shift_JIS and garbles it), CRLF line ends, fields quoted
/// when they hold a comma, quote or line break.
///
/// The `csv` crate does the quoting: hand-written CSV gets embedded quotes
/// and line breaks wrong, and the crate is small, pure Rust and has no
/// dependencies that would weigh on the browser build.
fn write_csv(rows: Vec<Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    for row in &rows {
        w.write_record(row.iter().map(|s| cell(s).into_owned()))
            .expect("writing CSV to memory cannot fail");
    }
    let bytes = w.into_inner().expect("writing CSV to memory cannot fail");
    let text = String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8");
    format!("\u{FEFF}{text}")
}

// -------------------------------------------------------------- subsets

/// The cards of one department: those it leads (`lead_only`), or those that
/// list it anywhere among their departments. The plan header is kept whole.
pub fn department_subset(file: &PlanFile, department: &str, lead_only: bool) -> PlanFile {
    subset_where(file, |c| {
        if lead_only {
            c.lead_department() == Some(department)
        } else {
            c.departments.iter().any(|d| d == department)
        }
    })
}

/// The cards with the given ids, in file order. Unknown ids are ignored.
pub fn subset_by_ids(file: &PlanFile, ids: &[String]) -> PlanFile {
    subset_where(file, |c| ids.contains(&c.id))
}

fn subset_where(file: &PlanFile, keep: impl Fn(&Card) -> bool) -> PlanFile {
    // The subset shares its cards with `file`.
    file.with_cards(file.cards.iter().filter(|c| keep(c)).cloned().collect())
}

/// The file as it is written out: stamped with when (`now`, an RFC 3339
/// timestamp) and by whom. A `None` exporter clears an earlier one.
pub fn for_export(file: &PlanFile, now: &str, exported_by: Option<&str>) -> PlanFile {
    let mut out = file.clone();
    out.exported_at = Some(now.to_string());
    out.exported_by = exported_by.map(str::to_string);
    out
}

// ----------------------------------------------------------- file names

/// Longest file name produced, in UTF-8 bytes. File systems allow 255 bytes
/// (ext4) or 255 UTF-16 units (NTFS); Japanese takes 3 bytes a character,
/// and zip tools and mail attachments like shorter names still.
pub const MAX_FILE_NAME_BYTES: usize = 180;

/// A name people can read: `みどり野市_DXアクションプラン_市民課_2026-09-30.json`.
/// Organization (left out when the title already names it), plan title,
/// scope (e.g. a department) and date, joined by `_`. Characters Windows
/// refuses (`\ / : * ? " < > |`, control characters) become `_`; the title
/// is shortened first when the name would be too long, and the extension is
/// always kept.
pub fn file_name(file: &PlanFile, scope: Option<&str>, date: &str, ext: &str) -> String {
    let ext = sanitize(ext.trim_start_matches('.'));
    let ext = truncate_bytes(&ext, 16);
    let suffix_len = if ext.is_empty() { 0 } else { ext.len() + 1 };
    let budget = MAX_FILE_NAME_BYTES - suffix_len;

    let title = sanitize(&file.plan.title);
    let org = file
        .plan
        .organization
        .as_deref()
        .map(sanitize)
        .filter(|o| !o.is_empty() && !title.contains(o.as_str()));
    let scope = scope.map(sanitize);
    let date = sanitize(date);

    let join = |title: &str| {
        [
            org.as_deref(),
            Some(title),
            scope.as_deref(),
            Some(date.as_str()),
        ]
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_")
    };
    let mut stem = join(&title);
    if stem.len() > budget {
        let others = stem.len() - title.len();
        let room = budget.saturating_sub(others);
        stem = join(truncate_bytes(&title, room).trim_end_matches(['.', ' ']));
    }
    // Still too long (a very long organization or scope): cut the end.
    let mut stem = truncate_bytes(&stem, budget)
        .trim_end_matches(['.', ' ', '_'])
        .to_string();
    if stem.is_empty() {
        stem = "plan".to_string();
    }
    if is_reserved_windows_name(&stem) {
        stem.push('_');
    }
    if ext.is_empty() {
        stem
    } else {
        format!("{stem}.{ext}")
    }
}

/// One part of a file name: illegal characters replaced, runs of white space
/// (line breaks and tabs too) made one space, no leading or trailing spaces
/// and dots.
fn sanitize(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    let mut space = false;
    for ch in part.chars() {
        if ch.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        let illegal =
            matches!(ch, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || ch.is_control();
        out.push(if illegal { '_' } else { ch });
    }
    out.trim_matches(['.', ' ']).to_string()
}

/// At most `max` bytes, cut at a character boundary.
fn truncate_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn is_reserved_windows_name(stem: &str) -> bool {
    let upper = stem.to_ascii_uppercase();
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_replaces_what_windows_refuses() {
        assert_eq!(sanitize(r#"a\b/c:d*e?f"g<h>i|j"#), "a_b_c_d_e_f_g_h_i_j");
        assert_eq!(sanitize("  計画\t\n第2期. "), "計画 第2期");
        assert_eq!(sanitize("a\u{0}b\u{1f}c"), "a_b_c");
        assert_eq!(sanitize("市民  課"), "市民 課");
    }

    #[test]
    fn truncation_keeps_whole_characters() {
        assert_eq!(truncate_bytes("あいう", 7), "あい");
        assert_eq!(truncate_bytes("abc", 10), "abc");
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("窓口"), "窓口");
        assert_eq!(cell("— 未着手"), "— 未着手");
    }

    #[test]
    fn reserved_names() {
        assert!(is_reserved_windows_name("con"));
        assert!(is_reserved_windows_name("COM1"));
        assert!(!is_reserved_windows_name("COMA"));
        assert!(!is_reserved_windows_name("計画"));
    }
}
