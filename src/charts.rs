//! Chart adapter: ECharts (global `echarts`, shipped in the build). The
//! page describes each chart as a [`ChartSpec`] (what it shows, in the UI's
//! language); the file worker turns specs into ECharts options with
//! charming ([`option_for`], batched: the dashboard asks for its charts in
//! one job) and the page hands the option's JSON to ECharts. Instances are
//! created on a mounted element, updated in place when the data changes,
//! and disposed when their view goes away.
//!
//! ECharts is 1 MB of JavaScript, so it is parsed only when a chart is first
//! shown ([`ensure_loaded`]): the single file carries it as unexecuted text
//! (`<script type="text/plain" id="echarts-src">`), run by inserting an
//! inline script whose sha256 the page's policy allows; the served build
//! loads `echarts.min.js` beside the page.

use std::cell::RefCell;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

pub use jobs::charts::{Bars, ChartSpec, CountsKind};

use crate::worker::{Done, Job, JobError, WorkerError};

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

/// A drawn chart: the ECharts instance on its element.
pub struct Echarts(JsValue);

/// Draws the option (JSON text from the worker) into the element with
/// `id`, sized like the element.
pub fn render(id: &str, option: &str) -> Result<Echarts, ChartError> {
    let echarts = web_sys::window()
        .and_then(|w| Reflect::get(&w, &JsValue::from_str("echarts")).ok())
        .filter(JsValue::is_object)
        .ok_or(ChartError::NotLoaded)?;
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .ok_or_else(|| ChartError::Failed(format!("no element {id}")))?;
    let init: Function = Reflect::get(&echarts, &JsValue::from_str("init"))
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or(ChartError::NotLoaded)?;
    // The default theme, the element's own size.
    let instance = init
        .call3(&echarts, &element, &JsValue::from_str(""), &Object::new())
        .map_err(|e| ChartError::Failed(format!("{e:?}")))?;
    let instance = Echarts(instance);
    call(&instance, "setOption", &[parse(option)]);
    Ok(instance)
}

pub fn update(instance: &Echarts, option: &str) {
    // notMerge: series removed from the data must go from the chart too.
    call(instance, "setOption", &[parse(option), JsValue::TRUE]);
}

/// JSON.parse, not eval: the policy allows no script from data, and the
/// options carry no functions.
fn parse(option: &str) -> JsValue {
    js_sys::JSON::parse(option).unwrap_or(JsValue::NULL)
}

fn call(instance: &Echarts, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let f: Function = Reflect::get(&instance.0, &JsValue::from_str(method))
        .ok()?
        .dyn_into()
        .ok()?;
    let array = js_sys::Array::new();
    for a in args {
        array.push(a);
    }
    f.apply(&instance.0, &array).ok()
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

type OptionDone = Box<dyn FnOnce(Result<String, WorkerError>)>;

thread_local! {
    /// Specs asked for in this turn of the event loop, sent as one job.
    static BATCH: RefCell<Vec<(ChartSpec, OptionDone)>> = const { RefCell::new(Vec::new()) };
}

/// Asks the worker for the ECharts option of `spec`; `done` gets its JSON
/// text. Specs asked for together (a screen's charts mounting, a plan
/// change updating them all) go in one job.
pub fn option_for(spec: ChartSpec, done: impl FnOnce(Result<String, WorkerError>) + 'static) {
    let first = BATCH.with(|b| {
        let mut b = b.borrow_mut();
        b.push((spec, Box::new(done)));
        b.len() == 1
    });
    if first {
        leptos::prelude::set_timeout(send_batch, std::time::Duration::ZERO);
    }
}

fn send_batch() {
    let (specs, dones): (Vec<ChartSpec>, Vec<OptionDone>) =
        BATCH.with(|b| std::mem::take(&mut *b.borrow_mut()).into_iter().unzip());
    if specs.is_empty() {
        return;
    }
    let asked = specs.len();
    crate::worker::run(&Job::Charts(specs), None, move |outcome| {
        let options = match outcome {
            Ok((Done::Charts(options), _)) if options.len() == asked => Ok(options),
            Ok(_) => Err(WorkerError::Job(JobError::BadMessage(
                "not the charts asked for".into(),
            ))),
            Err(e) => Err(e),
        };
        match options {
            Ok(options) => {
                for (done, option) in dones.into_iter().zip(options) {
                    done(Ok(option));
                }
            }
            Err(e) => {
                for done in dones {
                    done(Err(e.clone()));
                }
            }
        }
    });
}
