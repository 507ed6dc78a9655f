//! The cover: plan, period, date of the figures, and the headline figures
//! of the current fiscal year.

use super::html::{Html, h, multiline};
use super::when_text;
use super::words::Words;
use crate::model::{Action, PlanFile, Status};
use crate::query::overdue_count;
use crate::stats::{status_counts, status_index, total_effect_hours};
use crate::text::format_number;

pub(super) fn write(
    out: &mut Html,
    t: &Words,
    file: &PlanFile,
    year: i32,
    today: (i32, u32, u32),
    generated_at: &str,
) {
    let plan = &file.plan;
    let fy = t.fy(year);
    h!(out, "<header class=\"cover\">\n");
    if let Some(org) = plan
        .organization
        .as_deref()
        .filter(|o| !o.trim().is_empty())
    {
        h!(out, "<p class=\"org\">{}</p>\n", org);
    }
    h!(out, "<h1>{}</h1>\n", multiline(&plan.title));
    h!(
        out,
        "<p class=\"doc\">{}</p>\n<div class=\"meta\">\n",
        t.report
    );
    h!(
        out,
        "<p>{}</p>\n",
        (t.period)(plan.start_year, plan.end_year)
    );
    h!(out, "<p>{}</p>\n", (t.as_of)(today, year));
    h!(out, "<p>{}{}</p>\n", t.written, when_text(t, generated_at));
    h!(out, "</div>\n</header>\n");

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
    let hours = format_number(total_effect_hours(file, None));
    let hours_year = format_number(total_effect_hours(file, Some(year)));

    h!(
        out,
        "<section class=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">{}</h2>\n",
        (t.summary_h)(&fy)
    );
    h!(
        out,
        "<p class=\"headline\">{}<span class=\"muted\">{}</span></p>\n",
        (t.headline)(&hours),
        (t.headline_note)(&fy, &hours_year)
    );
    h!(out, "<dl class=\"figures\">\n");
    h!(
        out,
        "<div><dt>{}</dt><dd>{} <small>{}</small></dd></div>\n",
        t.fig_cards,
        (t.count)(file.cards.len()),
        (t.fig_cards_running)(&fy, running)
    );
    h!(
        out,
        "<div><dt>{}</dt><dd>{} / {} <small>{}</small></dd></div>\n",
        (t.fig_actions)(&fy),
        done_year,
        actions_year.len(),
        (t.fig_actions_all)(done_all, all_actions.len())
    );
    h!(
        out,
        "<div><dt>{}</dt><dd>{} <small>{}</small></dd></div>\n",
        t.fig_overdue,
        (t.count)(overdue),
        (t.fig_overdue_at)(today.0, today.1)
    );
    h!(
        out,
        "<div><dt>{}</dt><dd>{}</dd></div>\n",
        t.fig_hours,
        (t.hours)(&hours)
    );
    h!(out, "</dl>\n");
    h!(
        out,
        "<h3>{}</h3>\n<dl class=\"figures status\">\n",
        (t.status_h)(&fy)
    );
    for s in Status::ALL {
        h!(
            out,
            "<div class=\"fig-n-{}\"><dt><span class=\"sym st-{}\">{}</span> {}</dt><dd>{}</dd></div>\n",
            s.as_str(),
            s.as_str(),
            s.symbol(),
            t.status(s),
            (t.count)(counts[status_index(s)])
        );
    }
    h!(out, "</dl>\n");
    if !file.cards.is_empty() {
        h!(
            out,
            "<h3>{}</h3>\n<ol class=\"toc\">\n<li><a href=\"#charts\">{}</a></li>\n<li><a href=\"#matrix\">{}</a></li>\n<li><a href=\"#cards\">{}</a></li>\n</ol>\n",
            t.contents,
            t.charts_h,
            t.matrix_h,
            t.cards_h
        );
    }
    h!(out, "</section>\n");
}
