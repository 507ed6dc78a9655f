//! Worker adapter: heavy file work (Excel, the report, printouts) and the
//! dashboard's chart options (charming, see src/charts.rs) run in a second
//! wasm module (`crates/worker`) inside a Web Worker, so the page's module
//! does not carry that code and the page's thread does not freeze.
//!
//! The worker is started on first use from a Blob URL, the same way on
//! file:// and on a server: the single file carries the worker's glue as
//! unexecuted text (`#worker-js`) and its wasm as base64 (`#worker-wasm`);
//! the served build has `shinchoku-worker.js` and `_bg.wasm` beside the page
//! (trunk builds them, see index.html), loaded by the worker itself. Jobs
//! sent before it is ready wait in a queue. If it fails or crashes, every
//! waiting job gets the error and the next job starts a fresh worker.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent, Worker};

pub use jobs::{Done, Job, JobError};

/// Ids of the single file's embedded worker (crates/xtask/src/single_file.rs).
pub const GLUE_ELEMENT: &str = "worker-js";
pub const WASM_ELEMENT: &str = "worker-wasm";
/// The served build's worker files, beside the page.
const GLUE_FILE: &str = "shinchoku-worker.js";
const WASM_FILE: &str = "shinchoku-worker_bg.wasm";

/// Appended to the glue in the worker: loads the wasm from what the first
/// message brings, then the module's `main` takes the messages over.
const BOOT: &str = r#"
self.onmessage = (e) => {
  self.onmessage = null;
  const d = e.data;
  try {
    if (d.glue) importScripts(d.glue);
    const wasm = typeof d.wasmText === "string"
      ? Uint8Array.from(atob(d.wasmText), (c) => c.charCodeAt(0))
      : d.wasmUrl;
    wasm_bindgen({ module_or_path: wasm }).catch((err) => self.postMessage({ failed: String(err) }));
  } catch (err) {
    self.postMessage({ failed: String(err) });
  }
};
"#;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WorkerError {
    /// The worker could not be made or its module not loaded.
    #[error("the worker did not start: {0}")]
    Start(String),
    /// It stopped while working (a panic in the module).
    #[error("the worker stopped: {0}")]
    Crashed(String),
    #[error(transparent)]
    Job(#[from] JobError),
}

pub type Outcome = Result<(Done, Vec<u8>), WorkerError>;
type Callback = Box<dyn FnOnce(Outcome)>;

struct Conn {
    worker: Worker,
    ready: bool,
    /// Messages posted before the module was ready.
    queue: Vec<JsValue>,
    pending: HashMap<u32, Callback>,
    blob_url: String,
}

thread_local! {
    static CONN: RefCell<Option<Conn>> = const { RefCell::new(None) };
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

/// Sends `job` (with `bytes` beside it) to the worker; `done` gets the
/// result later, on the page's thread.
pub fn run(job: &Job, bytes: Option<&[u8]>, done: impl FnOnce(Outcome) + 'static) {
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1).max(1));
        id
    });
    let message = Object::new();
    let _ = Reflect::set(&message, &"id".into(), &id.into());
    let _ = Reflect::set(&message, &"job".into(), &jobs::encode(job).into());
    if let Some(b) = bytes {
        let _ = Reflect::set(&message, &"bytes".into(), &Uint8Array::from(b));
    }
    let mut done = Some(Box::new(done) as Callback);
    let started = CONN.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_none() {
            *c = Some(start()?);
        }
        let conn = c.as_mut().expect("just made");
        if let Some(d) = done.take() {
            conn.pending.insert(id, d);
        }
        if conn.ready {
            let _ = conn.worker.post_message(&message);
        } else {
            conn.queue.push(message.into());
        }
        Ok::<(), String>(())
    });
    if let (Err(e), Some(done)) = (started, done) {
        done(Err(WorkerError::Start(e)));
    }
}

/// Stops the worker and whatever it is doing (a cancelled import); the jobs
/// waiting get nothing.
pub fn stop() {
    if let Some(conn) = CONN.with(|c| c.borrow_mut().take()) {
        end(conn);
    }
}

/// Ends a worker; gives back the jobs that were waiting for it.
fn end(conn: Conn) -> Vec<Callback> {
    conn.worker.terminate();
    let _ = web_sys::Url::revoke_object_url(&conn.blob_url);
    conn.pending.into_values().collect()
}

/// Is a job waiting for its answer?
pub fn busy() -> bool {
    CONN.with(|c| c.borrow().as_ref().is_some_and(|c| !c.pending.is_empty()))
}

fn start() -> Result<Conn, String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let first = Object::new();
    let glue_text = doc
        .get_element_by_id(GLUE_ELEMENT)
        .and_then(|e| e.text_content());
    let parts = js_sys::Array::new();
    match glue_text {
        Some(glue) => {
            let wasm = doc
                .get_element_by_id(WASM_ELEMENT)
                .and_then(|e| e.text_content())
                .ok_or("the single file has no worker module")?;
            parts.push(&glue.into());
            let _ = Reflect::set(&first, &"wasmText".into(), &wasm.trim().into());
        }
        None => {
            // A Blob worker's own URL is blob:…, so give it absolute ones.
            let base = doc.base_uri().ok().flatten().ok_or("no base URL")?;
            let abs = |file: &str| {
                web_sys::Url::new_with_base(file, &base)
                    .map(|u| u.href())
                    .map_err(|e| format!("{e:?}"))
            };
            let _ = Reflect::set(&first, &"glue".into(), &abs(GLUE_FILE)?.into());
            let _ = Reflect::set(&first, &"wasmUrl".into(), &abs(WASM_FILE)?.into());
        }
    }
    parts.push(&BOOT.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| format!("{e:?}"))?;
    let blob_url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let worker = Worker::new(&blob_url).map_err(|e| format!("{e:?}"))?;

    // The handlers live as long as the page (a worker is started again
    // only after a failure, so few are ever made).
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        on_message(e.data());
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
        e.prevent_default();
        fail_all(WorkerError::Crashed(e.message()));
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();

    worker.post_message(&first).map_err(|e| format!("{e:?}"))?;
    Ok(Conn {
        worker,
        ready: false,
        queue: Vec::new(),
        pending: HashMap::new(),
        blob_url,
    })
}

fn on_message(data: JsValue) {
    let get = |key: &str| Reflect::get(&data, &key.into()).unwrap_or_default();
    if get("ready").is_truthy() {
        CONN.with(|c| {
            if let Some(conn) = c.borrow_mut().as_mut() {
                conn.ready = true;
                for m in conn.queue.drain(..) {
                    let _ = conn.worker.post_message(&m);
                }
            }
        });
        return;
    }
    if let Some(reason) = get("failed").as_string() {
        fail_all(WorkerError::Start(reason));
        return;
    }
    let Some(id) = get("id").as_f64() else {
        return;
    };
    // Out of the borrow before calling: `done` may send the next job.
    let done = CONN.with(|c| {
        c.borrow_mut()
            .as_mut()
            .and_then(|conn| conn.pending.remove(&(id as u32)))
    });
    let Some(done) = done else { return };
    let reply = get("reply").as_string().unwrap_or_default();
    let bytes = get("bytes")
        .dyn_into::<Uint8Array>()
        .map(|a| a.to_vec())
        .unwrap_or_default();
    done(
        jobs::decode_reply(&reply)
            .map(|d| (d, bytes))
            .map_err(WorkerError::Job),
    );
}

/// Ends the worker and hands `error` to every job waiting for it.
fn fail_all(error: WorkerError) {
    let pending: Vec<Callback> = CONN.with(|c| c.borrow_mut().take().map(end).unwrap_or_default());
    for done in pending {
        done(Err(error.clone()));
    }
}
