//! Chart adapter: ECharts (global `echarts`, shipped in the build) driven
//! through charming. Instances are created on a mounted element, updated in
//! place when the data changes, and disposed when their view goes away.

use charming::renderer::wasm_renderer::Echarts;
use charming::{Chart, WasmRenderer};
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("ECharts is not loaded")]
    NotLoaded,
    #[error("chart failed: {0}")]
    Failed(String),
}

fn echarts_loaded() -> bool {
    web_sys::window()
        .and_then(|w| Reflect::get(&w, &JsValue::from_str("echarts")).ok())
        .is_some_and(|v| v.is_object())
}

/// Draws `chart` into the element with `id`, sized like the element.
pub fn render(id: &str, chart: &Chart) -> Result<Echarts, ChartError> {
    if !echarts_loaded() {
        return Err(ChartError::NotLoaded);
    }
    WasmRenderer::new_opt(None, None)
        .render(id, chart)
        .map_err(|e| ChartError::Failed(format!("{e:?}")))
}

pub fn update(instance: &Echarts, chart: &Chart) {
    // notMerge: series removed from the data must go from the chart too.
    let option = serde_wasm_bindgen::to_value(chart).unwrap_or(JsValue::NULL);
    call(instance, "setOption", &[option, JsValue::TRUE]);
}

fn call(instance: &Echarts, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let f: Function = Reflect::get(instance, &JsValue::from_str(method))
        .ok()?
        .dyn_into()
        .ok()?;
    let array = js_sys::Array::new();
    for a in args {
        array.push(a);
    }
    f.apply(instance, &array).ok()
}

pub fn dispose(instance: &Echarts) {
    call(instance, "dispose", &[]);
}

/// The chart as a PNG data URL (white background, double resolution).
pub fn png_data_url(instance: &Echarts) -> Option<String> {
    let opts = Object::new();
    let _ = Reflect::set(&opts, &"type".into(), &"png".into());
    let _ = Reflect::set(&opts, &"pixelRatio".into(), &JsValue::from_f64(2.0));
    let _ = Reflect::set(&opts, &"backgroundColor".into(), &"#ffffff".into());
    call(instance, "getDataURL", &[opts.into()])?.as_string()
}

/// A category axis whose labels never overlap: every label is shown
/// (interval 0), long names (real pillar and department names run to 20–30
/// characters) are wrapped into lines narrow enough for their share of the
/// width, and beyond a few lines shortened with `…`; with many categories
/// they are turned 45° instead. The tables under each chart give the full
/// names.
pub fn category_axis(names: Vec<String>) -> charming::component::Axis {
    use charming::component::Axis;
    use charming::element::{AxisLabel, AxisType};
    let n = names.len();
    let (per_line, lines, rotate) = match n {
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
