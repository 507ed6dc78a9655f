//! Charts as inline SVG, each followed by a table with the same figures
//! (the table is what a screen reader and a council member read).

use super::html::{Html, h, html};
use super::words::Words;
use super::{count_mark, pillar_label};
use crate::model::{PlanFile, Status};
use crate::stats::{
    StatusCounts, effect_hours, status_by_pillar, status_index, total_effect_hours,
};
use crate::text::format_number;

const PILLAR_COLORS: [&str; 8] = [
    "#2b6cb0", "#d97706", "#2f855a", "#805ad5", "#c53030", "#0e7490", "#6b7280", "#a16207",
];

pub(super) fn write(out: &mut Html, t: &Words, file: &PlanFile, year: i32) {
    h!(
        out,
        "<section class=\"page charts\" aria-labelledby=\"charts\">\n<h2 id=\"charts\">{}</h2>\n",
        t.charts_h
    );

    // Status per pillar, current year.
    let rows = status_by_pillar(file, year);
    let fy = t.fy(year);
    h!(
        out,
        "<div class=\"chart-row\">\n<div class=\"chart-block\">\n<h3>{}</h3>\n",
        (t.pillar_chart_h)(&fy)
    );
    if rows.is_empty() {
        h!(out, "<p class=\"empty\">{}</p>\n", t.no_pillars);
    } else {
        out.push(&status_chart(t, &rows, &fy));
        h!(
            out,
            "<table class=\"data\"><caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th>",
            (t.pillar_table)(&fy),
            t.pillar
        );
        for s in Status::ALL {
            h!(
                out,
                "<th scope=\"col\" class=\"num\"><span class=\"st-{}\">{}</span> {}</th>",
                s.as_str(),
                s.symbol(),
                t.status(s)
            );
        }
        h!(
            out,
            "<th scope=\"col\" class=\"num\">{}</th></tr></thead>\n<tbody>\n",
            t.total
        );
        let mut total = [0usize; 6];
        for (name, counts) in &rows {
            h!(out, "<tr><th scope=\"row\">{}</th>", pillar_label(t, name));
            for (i, n) in counts.iter().enumerate() {
                total[i] += n;
                h!(out, "<td class=\"num\">{}</td>", n);
            }
            h!(
                out,
                "<td class=\"num\">{}</td></tr>\n",
                counts.iter().sum::<usize>()
            );
        }
        h!(
            out,
            "</tbody>\n<tfoot><tr><th scope=\"row\">{}</th>",
            t.total
        );
        for n in total {
            h!(out, "<td class=\"num\">{}</td>", n);
        }
        h!(
            out,
            "<td class=\"num\">{}</td></tr></tfoot>\n</table>\n",
            total.iter().sum::<usize>()
        );
    }
    h!(out, "</div>\n");

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
    h!(
        out,
        "<div class=\"chart-block\">\n<h3>{}</h3>\n<p class=\"muted\">{}</p>\n",
        t.hours_h,
        t.hours_note
    );
    if effects.is_empty() || names.is_empty() {
        h!(out, "<p class=\"empty\">{}</p>\n", t.no_hours);
    } else {
        let labels: Vec<String> = names
            .iter()
            .map(|(_, n)| pillar_label(t, n).to_string())
            .collect();
        out.push(&hours_chart(t, &labels, &years, &values));
        h!(
            out,
            "<table class=\"data\"><caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th>",
            t.hours_table,
            t.pillar
        );
        for y in &years {
            h!(out, "<th scope=\"col\" class=\"num\">{}</th>", t.fy(*y));
        }
        h!(
            out,
            "<th scope=\"col\" class=\"num\">{}</th></tr></thead>\n<tbody>\n",
            t.total
        );
        for (label, row) in labels.iter().zip(&values) {
            h!(out, "<tr><th scope=\"row\">{}</th>", label);
            for v in row {
                h!(out, "<td class=\"num\">{}</td>", format_number(*v));
            }
            h!(
                out,
                "<td class=\"num\">{}</td></tr>\n",
                format_number(row.iter().sum())
            );
        }
        h!(
            out,
            "</tbody>\n<tfoot><tr><th scope=\"row\">{}</th>",
            t.total
        );
        for yi in 0..years.len() {
            h!(
                out,
                "<td class=\"num\">{}</td>",
                format_number(values.iter().map(|r| r[yi]).sum())
            );
        }
        h!(
            out,
            "<td class=\"num\">{}</td></tr></tfoot>\n</table>\n",
            format_number(total_effect_hours(file, None))
        );
    }
    h!(out, "</div>\n</div>\n</section>\n");
}

/// A chart label of at most `max` characters; a shortened one carries the
/// full name as its tooltip (and the table beside the chart has it too).
fn label(s: &str, max: usize) -> Html {
    let short = clip(s, max);
    if short == s {
        html!("{}", short)
    } else {
        html!("<title>{}</title>{}", s, short)
    }
}

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

/// Horizontal stacked bars: one bar per pillar, one segment per status.
fn status_chart(t: &Words, rows: &[(String, StatusCounts)], fy: &str) -> Html {
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
    let mut s = Html::new();
    h!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {} {:.0}\" width=\"{}\" height=\"{:.0}\" role=\"img\" aria-label=\"{}\" font-size=\"13\">\n",
        W,
        h,
        W,
        h,
        (t.pillar_chart_aria)(fy)
    );
    for (i, (name, counts)) in rows.iter().enumerate() {
        let y = TOP + i as f64 * ROW_H;
        let mid = y + ROW_H / 2.0;
        let full = pillar_label(t, name);
        h!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" dy=\"0.35em\" text-anchor=\"end\">{}</text>\n",
            LABEL_W - 8.0,
            mid,
            label(full, 16)
        );
        let mut x = LABEL_W;
        for st in Status::ALL {
            let n = counts[status_index(st)];
            if n == 0 {
                continue;
            }
            let width = n as f64 * scale;
            h!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"1\"><title>{}{}{} {}</title></rect>\n",
                x,
                y + 5.0,
                width,
                ROW_H - 10.0,
                Status::color(st),
                full,
                t.colon,
                t.status(st),
                (t.count)(n)
            );
            let mark = count_mark(t, st);
            let need = mark.chars().count() as f64 * 13.0 + n.to_string().len() as f64 * 8.0 + 4.0;
            if width >= need {
                h!(
                    s,
                    "<text class=\"on-bar\" x=\"{:.1}\" y=\"{:.1}\" dy=\"0.35em\" text-anchor=\"middle\" font-size=\"12\">{}{}</text>\n",
                    x + width / 2.0,
                    mid,
                    mark,
                    n
                );
            }
            x += width;
        }
        h!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" dy=\"0.35em\">{}</text>\n",
            x + 6.0,
            mid,
            (t.count)(counts.iter().sum::<usize>())
        );
    }
    for (i, st) in Status::ALL.into_iter().enumerate() {
        let x = 10.0 + i as f64 * 124.0;
        h!(
            s,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"14\" height=\"14\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\">{} {}</text>\n",
            x,
            legend_y,
            Status::color(st),
            x + 19.0,
            legend_y + 11.5,
            st.symbol(),
            t.status(st)
        );
    }
    h!(s, "</svg>\n");
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
fn hours_chart(t: &Words, pillars: &[String], years: &[i32], values: &[Vec<f64>]) -> Html {
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
    let mut s = Html::new();
    h!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {} {:.0}\" width=\"{}\" height=\"{:.0}\" role=\"img\" aria-label=\"{}\" font-size=\"12\">\n",
        W,
        h,
        W,
        h,
        t.hours_aria
    );
    h!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\n",
        LEFT - 6.0,
        TOP - 10.0,
        t.hours_axis
    );
    let mut k = 0.0;
    while k <= axis_max + step / 2.0 {
        let y = y_of(k);
        h!(
            s,
            "<line class=\"grid\" x1=\"{}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/><text x=\"{:.1}\" y=\"{:.1}\" dy=\"0.35em\" text-anchor=\"end\">{}</text>\n",
            LEFT,
            W - RIGHT,
            y,
            y,
            LEFT - 6.0,
            y,
            format_number(k)
        );
        k += step;
    }
    h!(
        s,
        "<line class=\"axis\" x1=\"{}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/>\n",
        LEFT,
        W - RIGHT,
        base,
        base
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
            h!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{}・{}{}{}</title></rect>\n",
                x,
                top,
                (bar_w - 2.0).max(1.0),
                base - top,
                PILLAR_COLORS[pi % PILLAR_COLORS.len()],
                pillars[pi],
                t.fy(*year),
                t.colon,
                (t.hours)(&format_number(v))
            );
            if v > 0.0 && bar_w >= 26.0 {
                h!(
                    s,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\">{}</text>\n",
                    x + (bar_w - 2.0) / 2.0,
                    top - 4.0,
                    format_number(v)
                );
            }
        }
        h!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\n",
            LEFT + (yi as f64 + 0.5) * group_w,
            base + 18.0,
            t.fy(*year)
        );
    }
    for (pi, name) in pillars.iter().enumerate() {
        let y = legend_top + pi as f64 * 20.0;
        h!(
            s,
            "<rect x=\"{}\" y=\"{:.1}\" width=\"14\" height=\"14\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>\n",
            LEFT,
            y,
            PILLAR_COLORS[pi % PILLAR_COLORS.len()],
            LEFT + 20.0,
            y + 11.5,
            label(name, 40)
        );
    }
    h!(s, "</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks() {
        assert_eq!(nice_step(1240.0, 4.0), 500.0);
        assert_eq!(nice_step(8.0, 4.0), 2.0);
    }

    #[test]
    fn long_labels_are_clipped() {
        assert_eq!(
            clip("行政手続のオンライン化と窓口改革の推進", 8),
            "行政手続のオン…"
        );
        assert_eq!(clip("短い 名前", 8), "短い 名前");
        assert_eq!(
            label("行政手続のオンライン化と<窓口>", 8).into_string(),
            "<title>行政手続のオンライン化と&lt;窓口&gt;</title>行政手続のオン…"
        );
        assert_eq!(label("短い", 8).into_string(), "短い");
    }
}
