//! Chart adapter: ECharts (global `echarts`, shipped in the build) driven
//! through charming. Instances are created on a mounted element, updated in
//! place when the data changes, and disposed when their view goes away.
//!
//! ECharts is 1 MB of JavaScript, so it is parsed only when a chart is first
//! shown ([`ensure_loaded`]): the single file carries it as unexecuted text
//! (`<script type="text/plain" id="echarts-src">`), run by inserting an
//! inline script whose sha256 the page's policy allows; the served build
//! loads `echarts.min.js` beside the page.

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

/// Beside the page in dist/ (index.html copies it there).
const ECHARTS_URL: &str = "echarts.min.js";
/// The unexecuted text in the single file (crates/xtask/src/single_file.rs).
const ECHARTS_ELEMENT: &str = "echarts-src";
const LOADER_ID: &str = "echarts-loader";

/// Makes `echarts` available, then calls `done` (true: loaded, false: the
/// script failed). At once when it is already there or inline; otherwise
/// after the served file has loaded (one request however many charts ask).
pub fn ensure_loaded(done: impl FnOnce(bool) + 'static) {
    if echarts_loaded() {
        return done(true);
    }
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return done(false);
    };
    if let Some(text) = doc
        .get_element_by_id(ECHARTS_ELEMENT)
        .and_then(|e| e.text_content())
    {
        // An inline script runs as soon as it is inserted; its text is
        // exactly the allowed one, so the policy's hash matches.
        if let Ok(script) = doc.create_element("script") {
            script.set_text_content(Some(&text));
            if let Some(head) = doc.head() {
                let _ = head.append_child(&script);
            }
        }
        return done(echarts_loaded());
    }
    let script = match doc.get_element_by_id(LOADER_ID) {
        Some(existing) => existing,
        None => {
            let Ok(s) = doc.create_element("script") else {
                return done(false);
            };
            let _ = s.set_attribute("id", LOADER_ID);
            let _ = s.set_attribute("src", ECHARTS_URL);
            if let Some(head) = doc.head() {
                let _ = head.append_child(&s);
            }
            s
        }
    };
    // Either event settles it; the shared cell lets only the first call `done`.
    let done = std::rc::Rc::new(std::cell::Cell::new(Some(
        Box::new(done) as Box<dyn FnOnce(bool)>
    )));
    for (event, ok) in [("load", true), ("error", false)] {
        let done = done.clone();
        let f = wasm_bindgen::closure::Closure::once_into_js(move || {
            if let Some(d) = done.take() {
                d(ok && echarts_loaded());
            }
        });
        let _ = script.add_event_listener_with_callback(event, f.unchecked_ref());
    }
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
