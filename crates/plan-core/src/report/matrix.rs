//! The status matrix in the layout of a progress report: pillars, measures,
//! cards, one column per fiscal year.

use super::html::{Html, h, html};
use super::words::Words;
use super::{counts_inline, pillar_label};
use crate::model::{PlanFile, Status};
use crate::stats::{matrix, status_by_year};

fn legend(t: &Words) -> Html {
    let mut out = html!(
        "<div class=\"legend\"><span class=\"legend-h\">{}</span><ul>",
        t.legend
    );
    for s in Status::ALL {
        h!(
            out,
            "<li><span class=\"sym st-{}\">{}</span> {}{}{}</li>",
            s.as_str(),
            s.symbol(),
            t.status(s),
            t.colon,
            (t.meaning)(s)
        );
    }
    h!(
        out,
        "<li><span class=\"sym\">{}</span> {}</li></ul></div>\n",
        t.blank,
        t.blank_meaning
    );
    out
}

/// A matrix cell: the symbol in colour with the name under it; empty when
/// the card does not run that year.
fn status_cell(t: &Words, status: Option<Status>) -> Html {
    match status {
        Some(s) => html!(
            "<td class=\"st st-{}\"><span class=\"sym\">{}</span><span class=\"nm\">{}</span></td>",
            s.as_str(),
            s.symbol(),
            t.status(s)
        ),
        None => html!("<td class=\"st none\"></td>"),
    }
}

pub(super) fn write(out: &mut Html, t: &Words, file: &PlanFile) {
    let years: Vec<i32> = file.fiscal_years().collect();
    h!(
        out,
        "<section class=\"page\" aria-labelledby=\"matrix\">\n<h2 id=\"matrix\">{}</h2>\n{}",
        t.matrix_h,
        legend(t)
    );
    if file.cards.is_empty() {
        h!(out, "<p class=\"empty\">{}</p>\n</section>\n", t.no_cards);
        return;
    }
    let anchor = |card_id: &str| file.cards.iter().position(|c| c.id == card_id);
    h!(
        out,
        "<table class=\"matrix\"><caption>{}</caption>\n<thead><tr><th scope=\"col\">No.</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
        t.matrix_caption,
        t.col_card,
        t.col_lead
    );
    for y in &years {
        h!(out, "<th scope=\"col\" class=\"num\">{}</th>", t.fy(*y));
    }
    h!(out, "</tr></thead>\n");
    for p in matrix(file) {
        // A pillar's heading row opens the block of its first group, and
        // heading rows never end a page (see the CSS), so no heading is
        // printed apart from its rows.
        let mut pillar_row = html!(
            "<tr class=\"m-pillar\"><th scope=\"rowgroup\" colspan=\"3\">{}</th>",
            pillar_label(t, &p.name)
        );
        for c in p.counts() {
            h!(
                pillar_row,
                "<td class=\"cnt\">{}</td>",
                counts_inline(t, &c)
            );
        }
        h!(pillar_row, "</tr>\n");
        if p.groups.is_empty() {
            h!(out, "<tbody>\n{}</tbody>\n", pillar_row);
            continue;
        }
        let has_measures = p.groups.iter().any(|g| g.measure_id.is_some());
        for (gi, g) in p.groups.iter().enumerate() {
            h!(out, "<tbody>\n");
            if gi == 0 {
                out.push(&pillar_row);
            }
            let relisted = !g.rows.is_empty() && g.rows.iter().all(|r| r.relisted);
            let label = if relisted {
                Some(t.relisted_group)
            } else if let Some(name) = &g.name {
                Some(name.as_str())
            } else if has_measures {
                Some(t.no_measure)
            } else {
                None
            };
            if let Some(label) = label {
                h!(
                    out,
                    "<tr class=\"m-group\"><th scope=\"rowgroup\" colspan=\"3\">{}</th>",
                    label
                );
                for c in &g.counts {
                    if relisted {
                        h!(out, "<td class=\"cnt muted\">—</td>");
                    } else {
                        h!(out, "<td class=\"cnt\">{}</td>", counts_inline(t, c));
                    }
                }
                h!(out, "</tr>\n");
            }
            for r in &g.rows {
                let title = match anchor(&r.card_id) {
                    Some(i) => html!("<a href=\"#card-{}\">{}</a>", i, r.title),
                    None => html!("{}", r.title),
                };
                let relisted = if r.relisted {
                    html!("<span class=\"relisted\">{}</span>", t.relisted)
                } else {
                    Html::new()
                };
                h!(
                    out,
                    "<tr><td class=\"no\">{}</td><td>{}{}</td><td class=\"dept\">{}</td>",
                    r.number,
                    title,
                    relisted,
                    r.lead_department.as_deref().unwrap_or("")
                );
                for st in &r.statuses {
                    out.push(&status_cell(t, *st));
                }
                h!(out, "</tr>\n");
            }
            h!(out, "</tbody>\n");
        }
    }
    // The total closes the table once (a tfoot would repeat on every page).
    h!(
        out,
        "<tbody><tr class=\"m-total\"><th scope=\"row\" colspan=\"3\">{}</th>",
        t.total
    );
    for (_, c) in status_by_year(file) {
        h!(out, "<td class=\"cnt\">{}</td>", counts_inline(t, &c));
    }
    h!(out, "</tr></tbody>\n</table>\n</section>\n");
}
