//! Every card in the layout of an action plan sheet: title, departments and
//! pillars; vision and overview; one column per year (actions over goals,
//! notes); indicators; the progress log.

use super::html::{Html, h, html, multiline};
use super::words::Words;
use super::{date_text, month_text, when_text, with_unit};
use crate::model::{Action, Card, Direction, Goal, Indicator, PlanFile, YearValue};
use crate::stats::indicator_series;

pub(super) fn write(
    out: &mut Html,
    t: &Words,
    file: &PlanFile,
    card: &Card,
    idx: usize,
    today: (i32, u32),
    with_log: bool,
) {
    let home_name = card
        .home_pillar()
        .map(|id| file.pillar(id).map_or(id, |p| p.name.as_str()));
    h!(
        out,
        "<section class=\"card\" id=\"card-{}\" aria-labelledby=\"card-{}-h\">\n<h3 class=\"card-h\" id=\"card-{}-h\">",
        idx,
        idx,
        idx
    );
    if !card.number.trim().is_empty() {
        h!(out, "<span class=\"no\">No.{}</span>", card.number);
    }
    let bracket: Vec<&str> = [home_name, Some(card.category.as_str())]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    if !bracket.is_empty() {
        h!(out, "【{}】", bracket.join("："));
    }
    h!(out, " {}</h3>\n", card.title);

    // 事業名 / 担当課 / 3つの柱
    h!(
        out,
        "<table class=\"card-grid\"><colgroup><col style=\"width:6%\"><col style=\"width:44%\"><col style=\"width:6%\"><col style=\"width:16%\"><col style=\"width:7%\"><col style=\"width:21%\"></colgroup>\n<tr><th class=\"lbl\" scope=\"row\">{}</th><td class=\"title\">{}",
        t.project,
        multiline(&card.title)
    );
    if let Some(m) = card.measure.as_deref() {
        h!(
            out,
            "<span class=\"measure\">{}{}</span>",
            t.measure,
            file.measure_name(m).unwrap_or(m)
        );
    }
    h!(
        out,
        "</td><th class=\"lbl\" scope=\"row\">{}</th><td>{}</td><th class=\"lbl\" scope=\"row\">{}</th><td><ul class=\"pillars\">",
        t.departments,
        Html::join(card.departments.iter().map(|d| html!("{}", d)), "<br>"),
        (t.pillars_n)(file.plan.pillars.len())
    );
    for p in &file.plan.pillars {
        let pos = card.pillars.iter().position(|id| id == &p.id);
        let (class, mark, note) = match pos {
            Some(0) => ("home", "●", ""),
            Some(_) => ("re", "○", t.relisted),
            None => ("none", "", ""),
        };
        h!(
            out,
            "<li class=\"{}\"><span class=\"mark\">{}</span>{}{}</li>",
            class,
            mark,
            p.name,
            note
        );
    }
    for (i, id) in card.pillars.iter().enumerate() {
        if file.pillar(id).is_none() {
            let (mark, note) = if i == 0 {
                ("●", "")
            } else {
                ("○", t.relisted)
            };
            h!(
                out,
                "<li class=\"unknown\"><span class=\"mark\">{}</span>{}{}</li>",
                mark,
                id,
                note
            );
        }
    }
    h!(out, "</ul></td></tr>\n</table>\n");

    // 将来の姿 / 事業概要
    h!(
        out,
        "<table class=\"card-grid\"><colgroup><col style=\"width:38%\"><col style=\"width:62%\"></colgroup>\n<tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr>\n<tr><td>",
        t.vision,
        t.overview
    );
    if card.visions.is_empty() {
        out.push(&not_given(t));
    } else {
        h!(out, "<ul class=\"dots\">");
        for v in &card.visions {
            h!(
                out,
                "<li>{}</li>",
                multiline(file.vision_text(v).unwrap_or(v))
            );
        }
        h!(out, "</ul>");
    }
    h!(
        out,
        "</td><td>{}</td></tr>\n</table>\n",
        text_or_empty(t, &card.overview)
    );

    write_years(out, t, file, card, today);
    write_indicators(out, t, file, card);
    if with_log {
        write_log(out, t, card);
    }
    h!(out, "</section>\n");
}

fn not_given(t: &Words) -> Html {
    html!("<span class=\"empty\">{}</span>", t.not_given)
}

fn text_or_empty(t: &Words, s: &str) -> Html {
    if s.trim().is_empty() {
        not_given(t)
    } else {
        multiline(s)
    }
}

/// 取組の背景 | one column per year (取組事項 over 年次目標) | 達成目標.
fn write_years(out: &mut Html, t: &Words, file: &PlanFile, card: &Card, today: (i32, u32)) {
    let mut years: Vec<_> = card.years.iter().collect();
    years.sort_by_key(|y| y.year);
    let has_notes = years
        .iter()
        .any(|y| !y.note.trim().is_empty() || !y.corrective_action.trim().is_empty());
    let body_rows = if has_notes { 3 } else { 2 };
    let n = years.len().max(1);
    let side = if n > 3 { 14 } else { 18 };
    let mid = (100 - 2 * side) as f64 / n as f64;
    h!(
        out,
        "<table class=\"card-grid plan-years\"><colgroup><col style=\"width:{}%\">",
        side
    );
    for _ in 0..n {
        h!(out, "<col style=\"width:{:.2}%\">", mid);
    }
    h!(
        out,
        "<col style=\"width:{}%\"></colgroup>\n<thead><tr><th scope=\"col\">{}</th>",
        side,
        t.background
    );
    for y in &years {
        let nth = y.year - file.plan.start_year + 1;
        let label = if nth >= 1 && y.year <= file.plan.end_year {
            (t.nth_year)(nth, &t.fy(y.year))
        } else {
            t.fy(y.year)
        };
        h!(
            out,
            "<th scope=\"col\">{}<br><span class=\"badge st-{}\">{} {}</span></th>",
            label,
            y.status.as_str(),
            y.status.symbol(),
            t.status(y.status)
        );
    }
    if years.is_empty() {
        h!(out, "<th scope=\"col\">{}</th>", t.yearly_plan);
    }
    h!(
        out,
        "<th scope=\"col\">{}</th></tr></thead>\n<tbody>\n<tr><td rowspan=\"{}\">{}</td>",
        t.outcomes,
        body_rows,
        text_or_empty(t, &card.background)
    );

    // 取組事項（KPI）
    for y in &years {
        h!(out, "<td><span class=\"sub\">{}</span>", t.actions);
        if y.actions.is_empty() {
            out.push(&not_given(t));
        } else {
            h!(out, "<ul class=\"checks\">");
            for a in &y.actions {
                out.push(&action_html(t, a, today));
            }
            h!(out, "</ul>");
        }
        h!(out, "</td>");
    }
    if years.is_empty() {
        h!(
            out,
            "<td rowspan=\"{}\"><span class=\"empty\">{}</span></td>",
            body_rows,
            t.no_years
        );
    }
    h!(out, "<td rowspan=\"{}\">", body_rows);
    if card.outcomes.is_empty() {
        out.push(&not_given(t));
    } else {
        h!(out, "<ul class=\"dots\">");
        for o in &card.outcomes {
            h!(out, "<li>{}</li>", multiline(o));
        }
        h!(out, "</ul>");
    }
    h!(out, "</td></tr>\n");

    // 年次目標（KGI）
    h!(out, "<tr>");
    for y in &years {
        h!(out, "<td><span class=\"sub\">{}</span>", t.goals);
        if y.goals.is_empty() {
            out.push(&not_given(t));
        } else {
            h!(out, "<ul class=\"checks\">");
            for g in &y.goals {
                out.push(&goal_html(t, g));
            }
            h!(out, "</ul>");
        }
        h!(out, "</td>");
    }
    h!(out, "</tr>\n");

    // 実績・備考 / 改善策
    if has_notes {
        h!(out, "<tr>");
        for y in &years {
            h!(out, "<td>");
            let has_note = !y.note.trim().is_empty();
            if has_note {
                h!(
                    out,
                    "<span class=\"note-l\">{}</span><br>{}",
                    t.note,
                    multiline(&y.note)
                );
            }
            if !y.corrective_action.trim().is_empty() {
                if has_note {
                    h!(out, "<br>");
                }
                h!(
                    out,
                    "<span class=\"note-l\">{}</span><br>{}",
                    t.corrective,
                    multiline(&y.corrective_action)
                );
            }
            h!(out, "</td>");
        }
        h!(out, "</tr>\n");
    }
    h!(out, "</tbody>\n</table>\n");
}

fn action_html(t: &Words, a: &Action, today: (i32, u32)) -> Html {
    let mut s = html!(
        "<li class=\"{}\"><span class=\"chk\" aria-label=\"{}\">{}</span>{}",
        if a.done { "done" } else { "open" },
        if a.done { t.done } else { t.open },
        if a.done { "☑" } else { "☐" },
        multiline(&a.text)
    );
    if let Some(due) = a.due.as_deref().filter(|d| !d.trim().is_empty()) {
        h!(
            s,
            " <span class=\"due\">{}</span>",
            (t.due)(&month_text(t, due))
        );
    }
    if a.done {
        match a.done_on.as_deref().filter(|d| !d.trim().is_empty()) {
            Some(d) => h!(
                s,
                " <span class=\"done-on\">{} {}</span>",
                t.done,
                date_text(t, d)
            ),
            None => h!(s, " <span class=\"done-on\">{}</span>", t.done),
        }
    } else if a.is_overdue(today) {
        h!(s, " <span class=\"late\">{}</span>", t.overdue);
    }
    h!(s, "</li>");
    s
}

fn goal_html(t: &Words, g: &Goal) -> Html {
    let mut s = html!(
        "<li><span class=\"chk\" aria-label=\"{}\">{}</span>{}",
        if g.achieved {
            t.achieved
        } else {
            t.not_achieved
        },
        if g.achieved { "☑" } else { "☐" },
        multiline(&g.text)
    );
    let mut q = Vec::new();
    if let Some(v) = &g.target {
        q.push(html!("{} {}", t.target, with_unit(v.value, &v.unit)));
    }
    if let Some(v) = &g.actual {
        q.push(html!("{} {}", t.actual, with_unit(v.value, &v.unit)));
    }
    if !q.is_empty() {
        h!(s, " <span class=\"q\">（{}）</span>", Html::join(q, " / "));
    }
    h!(s, "</li>");
    s
}

/// `494件／5,357件（9.2%）`, or the value alone.
fn actual_html(v: &YearValue, unit: &str) -> Html {
    let mut s = with_unit(v.value, unit);
    if let (Some(total), Some(rate)) = (v.total, v.rate_percent()) {
        h!(s, "／{}（{:.1}%）", with_unit(total, unit), rate);
    }
    s
}

/// 評価指標: baseline, then target and actual per year.
fn write_indicators(out: &mut Html, t: &Words, file: &PlanFile, card: &Card) {
    if card.indicators.is_empty() {
        return;
    }
    let mut years: Vec<i32> = file.fiscal_years().collect();
    for ind in &card.indicators {
        years.extend(ind.targets.iter().chain(&ind.actuals).map(|v| v.year));
    }
    years.sort_unstable();
    years.dedup();
    h!(
        out,
        "<div class=\"ind-block\"><h4>{}</h4>\n<table class=\"ind\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
        t.indicators,
        t.indicator,
        t.baseline
    );
    for y in &years {
        h!(out, "<th scope=\"col\">{}</th>", t.fy(*y));
    }
    h!(out, "</tr></thead>\n<tbody>\n");
    for ind in &card.indicators {
        write_indicator_row(out, t, ind, &years);
    }
    h!(out, "</tbody>\n</table></div>\n");
}

fn write_indicator_row(out: &mut Html, t: &Words, ind: &Indicator, years: &[i32]) {
    let dir = match ind.direction {
        Direction::Up => t.higher_better,
        Direction::Down => t.lower_better,
    };
    let unit = if ind.unit.trim().is_empty() {
        String::new()
    } else {
        (t.unit)(ind.unit.trim())
    };
    h!(
        out,
        "<tr><th scope=\"row\">{}<span class=\"unit\">（{}{}）</span></th><td>",
        multiline(&ind.name),
        unit,
        dir
    );
    match &ind.baseline {
        Some(b) => h!(
            out,
            "{}<br><span class=\"muted\">（{}）</span>",
            actual_html(b, &ind.unit),
            t.fy(b.year)
        ),
        None => h!(out, "<span class=\"muted\">—</span>"),
    }
    h!(out, "</td>");
    for p in indicator_series(ind, years.iter().copied()) {
        h!(out, "<td>");
        if let Some(v) = p.target {
            h!(out, "{} {}", t.target, with_unit(v, &ind.unit));
        }
        if let Some(a) = ind.actuals.iter().find(|v| v.year == p.year) {
            if p.target.is_some() {
                h!(out, "<br>");
            }
            h!(
                out,
                "<strong>{} {}</strong>",
                t.actual,
                actual_html(a, &ind.unit)
            );
        }
        h!(out, "</td>");
    }
    h!(out, "</tr>\n");
}

fn write_log(out: &mut Html, t: &Words, card: &Card) {
    h!(out, "<div class=\"log-block\"><h4>{}</h4>\n", t.log);
    if card.log.is_empty() {
        h!(out, "<p class=\"empty\">{}</p></div>\n", t.no_log);
        return;
    }
    h!(out, "<ol class=\"log\">\n");
    for e in &card.log {
        let by = if e.by.trim().is_empty() {
            Html::new()
        } else {
            html!("<span class=\"by\">{}</span>", e.by)
        };
        h!(
            out,
            "<li><span class=\"at\">{}</span>{}<span class=\"tx\">{}</span></li>\n",
            when_text(t, &e.at),
            by,
            multiline(&e.text)
        );
    }
    h!(out, "</ol></div>\n");
}
