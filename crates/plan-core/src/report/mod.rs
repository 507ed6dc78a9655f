//! The printable progress report (進捗報告書): one self-contained HTML file
//! a city can hand to its council or publish, readable in any browser with
//! no app and no network.
//!
//! The document holds everything itself: inline CSS (system fonts, A4
//! landscape, every card on its own page), inline SVG charts each followed
//! by a table with the same figures ([`charts`]), the status matrix in the
//! layout of a progress report (笠間市, [`matrix`]), every card in the layout
//! of an action plan (鹿島市, [`cards`]), and the plan file itself as JSON,
//! so that dropping the report onto the app imports the plan ([`embed`]).
//!
//! Everything taken from the plan file is text: the [`html`] builder
//! escapes every value and has no way to write one unescaped. The report's
//! own words follow the language ([`words`]). Nothing here reads the clock:
//! the caller passes `today` and the time of writing.

mod cards;
mod charts;
mod cover;
mod embed;
pub(crate) mod html;
mod matrix;
mod words;

pub use embed::{PLAN_ELEMENT_ID, extract_plan};

use crate::fiscal::{fiscal_year_of, is_timestamp, parse_date, parse_year_month};
use crate::lang::Lang;
use crate::model::{PlanFile, Status};
use crate::stats::{StatusCounts, status_index};
use crate::text::format_number;
use html::{Html, h, html};
use words::Words;

/// The style sheet, kept as CSS so editors and linters read it as CSS.
const CSS: &str = include_str!("report.css");

/// The Japanese report of `file` (see [`html_report_in`]).
pub fn html_report(file: &PlanFile, today: (i32, u32, u32), generated_at: &str) -> String {
    html_document_in(Lang::Ja, file, today, generated_at, Parts::ALL)
}

/// The report of `file` as one HTML5 document, in `lang`. `today` (year,
/// month, day) decides the current fiscal year (clamped into the plan
/// period) and which actions are overdue; `generated_at` (an RFC 3339
/// timestamp or a date; other text is shown as it is) is printed as the
/// time of writing.
pub fn html_report_in(
    lang: Lang,
    file: &PlanFile,
    today: (i32, u32, u32),
    generated_at: &str,
) -> String {
    html_document_in(lang, file, today, generated_at, Parts::ALL)
}

/// Which parts a printed document has. The report has them all; printing
/// one card has only the card, printing the matrix has no cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// A Japanese document of the chosen parts (see [`html_document_in`]).
pub fn html_document(
    file: &PlanFile,
    today: (i32, u32, u32),
    generated_at: &str,
    parts: Parts,
) -> String {
    html_document_in(Lang::Ja, file, today, generated_at, parts)
}

/// A document of the chosen parts in `lang`, with the plan JSON always
/// embedded.
pub fn html_document_in(
    lang: Lang,
    file: &PlanFile,
    today: (i32, u32, u32),
    generated_at: &str,
    parts: Parts,
) -> String {
    let t = Words::of(lang);
    let year = current_year(file, today);
    let mut out = Html::with_capacity(64 * 1024 + file.cards.len() * 16 * 1024);
    write_head(&mut out, t, file);
    h!(out, "<body>\n");
    if parts.cover {
        cover::write(&mut out, t, file, year, today, generated_at);
    }
    if parts.charts {
        charts::write(&mut out, t, file, year);
    }
    if parts.matrix {
        matrix::write(&mut out, t, file);
    }
    if parts.cards {
        if parts.cover && !file.cards.is_empty() {
            h!(
                out,
                "<h2 class=\"cards-h\" id=\"cards\">{}</h2>\n",
                (t.cards_h_n)(file.cards.len())
            );
        }
        for (i, card) in file.cards.iter().enumerate() {
            cards::write(&mut out, t, file, card, i, (today.0, today.1), parts.log);
        }
    }
    embed::write_plan_json(&mut out, file);
    h!(out, "</body>\n</html>\n");
    out.into_string()
}

/// The fiscal year of `today`, clamped into the plan period.
fn current_year(file: &PlanFile, today: (i32, u32, u32)) -> i32 {
    let y = fiscal_year_of(today.0, today.1);
    let (start, end) = (file.plan.start_year, file.plan.end_year);
    if start <= end { y.clamp(start, end) } else { y }
}

fn write_head(out: &mut Html, t: &Words, file: &PlanFile) {
    h!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
        t.lang.as_str()
    );
    // Nothing in the report loads or runs anything: the policy says so to
    // the browser too.
    h!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n"
    );
    h!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    );
    h!(out, "<meta name=\"generator\" content=\"Shinchoku\">\n");
    h!(out, "<title>{}</title>\n", (t.title)(&file.plan.title));
    h!(
        out,
        "<style>\n{}</style>\n</head>\n",
        Html::from_static(CSS)
    );
}

// ------------------------------------------------- shared small forms

/// A value with its unit: `41分`, `3,412件`.
fn with_unit(v: f64, unit: &str) -> Html {
    html!("{}{}", format_number(v), unit.trim())
}

/// `2024年6月21日` / `21 June 2024` for `2024-06-21`; other text as it is.
fn date_text(t: &Words, s: &str) -> String {
    match parse_date(s) {
        Some((y, m, d)) => (t.date)(y, m, d),
        None => s.to_string(),
    }
}

/// `2024年6月` / `June 2024` for `2024-06`; other text as it is.
fn month_text(t: &Words, s: &str) -> String {
    match parse_year_month(s) {
        Some((y, m)) => (t.month)(y, m),
        None => s.to_string(),
    }
}

/// The date and `09:12` for an RFC 3339 timestamp, the date alone for a
/// date, other text as it is.
fn when_text(t: &Words, s: &str) -> String {
    if is_timestamp(s) {
        let (date, time) = s.split_at(10);
        return format!("{} {}", date_text(t, date), &time[1..6]);
    }
    date_text(t, s)
}

fn pillar_label<'a>(t: &Words, name: &'a str) -> &'a str {
    if name.is_empty() { t.no_pillar } else { name }
}

/// `—2` would read as minus two: for 未着手 the name stands in for the dash.
fn count_mark(t: &Words, s: Status) -> &'static str {
    match s {
        Status::NotStarted => t.not_started_mark,
        _ => s.symbol(),
    }
}

/// `○3 ▲1 ◎2`: the statuses that occur, each with its count.
fn counts_inline(t: &Words, counts: &StatusCounts) -> Html {
    Html::join(
        Status::ALL
            .into_iter()
            .filter(|s| counts[status_index(*s)] > 0)
            .map(|s| {
                html!(
                    "<span class=\"st-{}\" title=\"{}\">{}{}</span>",
                    s.as_str(),
                    t.status(s),
                    count_mark(t, s),
                    counts[status_index(s)]
                )
            }),
        " ",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_the_language() {
        let (ja, en) = (Words::of(Lang::Ja), Words::of(Lang::En));
        assert_eq!(date_text(ja, "2024-06-21"), "2024年6月21日");
        assert_eq!(date_text(en, "2024-06-21"), "21 June 2024");
        assert_eq!(month_text(ja, "2024-06"), "2024年6月");
        assert_eq!(month_text(en, "2024-06"), "June 2024");
        assert_eq!(
            when_text(ja, "2024-06-21T09:12:00+09:00"),
            "2024年6月21日 09:12"
        );
        assert_eq!(when_text(ja, "<x>"), "<x>");
        assert_eq!(
            (ja.period)(2024, 2026),
            "計画期間：令和6年度〜令和8年度（2024〜2026年度）"
        );
        assert_eq!((en.period)(2024, 2026), "Plan period: FY2024–FY2026");
    }

    #[test]
    fn the_style_sheet_is_css_for_paper() {
        assert!(CSS.contains("@page { size: A4 landscape"));
        assert!(!CSS.contains("</style"));
    }
}
