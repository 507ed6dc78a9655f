//! The dashboard's charts as small specs: what each chart shows, already in
//! the UI's language (titles, category names, series names, colours). The
//! page computes them from the plan; the worker turns them into ECharts
//! options with charming ([`option`]), so charming's option types and
//! serialisers stay out of the page's module.

use serde::{Deserialize, Serialize};

/// One chart to draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ChartSpec {
    /// Whole counts per category, one bar series each.
    Counts {
        kind: CountsKind,
        title: String,
        categories: Vec<String>,
        series: Vec<Bars<u32>>,
    },
    /// Hours saved per fiscal year, stacked by pillar.
    Effect {
        title: String,
        years: Vec<String>,
        unit: String,
        pillars: Vec<Bars<f64>>,
    },
    /// One indicator per fiscal year: the actual value as bars, the target
    /// as a dashed line, the baseline as a dotted one. A missing value is
    /// a gap.
    Indicator {
        title: String,
        years: Vec<String>,
        unit: String,
        actual: Bars<Option<f64>>,
        target: Option<Bars<Option<f64>>>,
        baseline: Option<Bars<f64>>,
    },
}

/// How a [`ChartSpec::Counts`] is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CountsKind {
    /// Statuses stacked per pillar or year; long names wrapped.
    Statuses,
    /// Side by side per department; long names wrapped.
    Departments,
    /// Stacked per month.
    Months,
}

/// One named series with its colour (`None`: ECharts' palette).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bars<T> {
    pub name: String,
    pub color: Option<String>,
    pub values: Vec<T>,
}

/// The ECharts option of `spec`, as JSON text.
#[cfg(feature = "run")]
pub fn option(spec: &ChartSpec) -> String {
    serde_json::to_string(&chart(spec)).unwrap_or_default()
}

#[cfg(feature = "run")]
fn chart(spec: &ChartSpec) -> charming::Chart {
    use charming::component::Axis;
    use charming::datatype::{CompositeValue, DataPoint};
    use charming::element::{AxisType, ItemStyle, LineStyle, LineStyleType, Symbol};
    use charming::series::{Bar, Line};

    let style = |color: &Option<String>| color.as_deref().map(|c| ItemStyle::new().color(c));
    let whole = || Axis::new().type_(AxisType::Value).min(0).min_interval(1);
    let plain = |names: &[String]| Axis::new().type_(AxisType::Category).data(names.to_vec());
    let named = |unit: &str| Axis::new().type_(AxisType::Value).min(0).name(unit);
    match spec {
        ChartSpec::Counts {
            kind,
            title,
            categories,
            series,
        } => {
            let (axis, stack) = match kind {
                CountsKind::Statuses => (category_axis(categories), Some("status")),
                CountsKind::Departments => (category_axis(categories), None),
                CountsKind::Months => (plain(categories), Some("due")),
            };
            let mut chart = base(title).x_axis(axis).y_axis(whole());
            for s in series {
                let mut bar = Bar::new().name(&s.name);
                if let Some(stack) = stack {
                    bar = bar.stack(stack);
                }
                if let Some(style) = style(&s.color) {
                    bar = bar.item_style(style);
                }
                let data: Vec<i64> = s.values.iter().map(|v| i64::from(*v)).collect();
                chart = chart.series(bar.data(data));
            }
            chart
        }
        ChartSpec::Effect {
            title,
            years,
            unit,
            pillars,
        } => {
            let mut chart = base(title).x_axis(plain(years)).y_axis(named(unit));
            for p in pillars {
                chart = chart.series(
                    Bar::new()
                        .name(&p.name)
                        .stack("hours")
                        .data(p.values.clone()),
                );
            }
            chart
        }
        ChartSpec::Indicator {
            title,
            years,
            unit,
            actual,
            target,
            baseline,
        } => {
            // ECharts' gap is "-".
            let gaps = |v: &[Option<f64>]| {
                v.iter()
                    .map(|x| x.map_or(DataPoint::from(CompositeValue::from("-")), DataPoint::from))
                    .collect::<Vec<_>>()
            };
            let mut bar = Bar::new().name(&actual.name);
            if let Some(style) = style(&actual.color) {
                bar = bar.item_style(style);
            }
            let mut chart = base(title)
                .x_axis(plain(years))
                .y_axis(named(unit))
                .series(bar.data(gaps(&actual.values)));
            if let Some(t) = target {
                let mut line = Line::new().name(&t.name);
                if let Some(style) = style(&t.color) {
                    line = line.item_style(style);
                }
                chart = chart.series(
                    line.line_style(LineStyle::new().type_(LineStyleType::Dashed).width(2))
                        .data(gaps(&t.values)),
                );
            }
            if let Some(b) = baseline {
                let mut line = Line::new().name(&b.name);
                if let Some(style) = style(&b.color) {
                    line = line.item_style(style);
                }
                chart = chart.series(
                    line.line_style(LineStyle::new().type_(LineStyleType::Dotted))
                        .symbol(Symbol::None)
                        .data(b.values.clone()),
                );
            }
            chart
        }
    }
}

/// What every chart shares: the title on top, the legend under it, an
/// axis tooltip, no animation (a screenshot or a test may read the first
/// frame).
#[cfg(feature = "run")]
fn base(title: &str) -> charming::Chart {
    use charming::component::{Grid, Legend, Title};
    use charming::element::{TextStyle, Tooltip, Trigger};
    charming::Chart::new()
        .animation(false)
        .title(
            Title::new()
                .text(title)
                .left("center")
                .text_style(TextStyle::new().font_size(14)),
        )
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().bottom(0))
        .grid(
            Grid::new()
                .left(50)
                .right(20)
                .top(40)
                .bottom(60)
                .contain_label(true),
        )
}

/// A category axis whose labels never overlap: every label is shown
/// (interval 0), long names (real pillar and department names run to 20–30
/// characters) are wrapped into lines narrow enough for their share of the
/// width, and beyond a few lines shortened with `…`; with many categories
/// they are turned 45° instead. The tables under each chart give the full
/// names.
#[cfg(feature = "run")]
fn category_axis(names: &[String]) -> charming::component::Axis {
    use charming::component::Axis;
    use charming::element::{AxisLabel, AxisType};
    let (per_line, lines, rotate) = match names.len() {
        0..=4 => (10, 4, 0.0),
        5..=8 => (7, 4, 0.0),
        9..=14 => (4, 4, 0.0),
        _ => (12, 1, 45.0),
    };
    let data = names
        .iter()
        .map(|s| plan_core::text::wrap_label(s, per_line, lines))
        .collect::<Vec<_>>();
    Axis::new()
        .type_(AxisType::Category)
        .data(data)
        .axis_label(AxisLabel::new().interval(0).rotate(rotate))
}

#[cfg(all(test, feature = "run"))]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn parsed(spec: &ChartSpec) -> Value {
        serde_json::from_str(&option(spec)).unwrap()
    }

    #[test]
    fn status_counts_are_stacked_bars_in_the_colours_and_names_given() {
        let spec = ChartSpec::Counts {
            kind: CountsKind::Statuses,
            title: "柱ごとの進捗状況（2025年度）".into(),
            categories: vec!["行政サービスのデジタル化を進め、誰もが使いやすい窓口をつくる".into()],
            series: vec![Bars {
                name: "◎ 達成".into(),
                color: Some("#2e7d32".into()),
                values: vec![3],
            }],
        };
        let o = parsed(&spec);
        assert_eq!(o["title"][0]["text"], json!("柱ごとの進捗状況（2025年度）"));
        assert_eq!(o["animation"], json!(false));
        assert_eq!(
            o["series"][0],
            json!({"type": "bar", "name": "◎ 達成", "stack": "status",
                   "itemStyle": {"color": "#2e7d32"}, "data": [3]})
        );
        // A long pillar name is wrapped, never drawn over its neighbour.
        let label = o["xAxis"]["data"][0].as_str().unwrap();
        assert!(label.contains('\n'), "{label}");
        assert_eq!(o["xAxis"]["axisLabel"]["interval"], json!(0.0));
    }

    #[test]
    fn an_indicator_shows_gaps_where_no_value_was_recorded() {
        let line = |name: &str, values| Bars {
            name: name.into(),
            color: Some("#000".into()),
            values,
        };
        let spec = ChartSpec::Indicator {
            title: "1-1 電子申請の件数".into(),
            years: vec!["2024年度".into(), "2025年度".into()],
            unit: "件".into(),
            actual: line("実績", vec![Some(10.5), None]),
            target: Some(line("目標", vec![None, Some(20.0)])),
            baseline: Some(Bars {
                name: "基準値 (2023年度)".into(),
                color: None,
                values: vec![5.0, 5.0],
            }),
        };
        let o = parsed(&spec);
        assert_eq!(o["series"][0]["data"], json!([10.5, "-"]));
        assert_eq!(o["series"][1]["type"], json!("line"));
        assert_eq!(o["series"][1]["lineStyle"]["type"], json!("dashed"));
        assert_eq!(o["series"][1]["data"], json!(["-", 20.0]));
        assert_eq!(o["series"][2]["symbol"], json!("none"));
        assert_eq!(o["yAxis"]["name"], json!("件"));
    }
}
