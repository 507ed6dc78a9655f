//! The worker module. The page starts it in a Web Worker (src/worker.rs)
//! the first time it has heavy file work or a chart to draw, and posts
//! `{id, job, bytes?}`; each job is answered with `{id, reply, bytes?}`
//! (texts from the `jobs` crate). `{ready: true}` tells the page the module is running.
//!
//! Natively this is an empty program, so `cargo build --workspace` and
//! clippy pass; the work itself is tested natively in `jobs`.

#[cfg(target_arch = "wasm32")]
fn main() {
    use js_sys::{Object, Reflect, Uint8Array};
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let data = e.data();
        let get = |key: &str| Reflect::get(&data, &key.into()).unwrap_or_default();
        let id = get("id");
        let job = get("job").as_string().unwrap_or_default();
        let bytes = get("bytes")
            .dyn_into::<Uint8Array>()
            .map(|a| a.to_vec())
            .unwrap_or_default();
        let (reply, out) = jobs::handle(&job, &bytes);
        let message = Object::new();
        let _ = Reflect::set(&message, &"id".into(), &id);
        let _ = Reflect::set(&message, &"reply".into(), &reply.into());
        if out.is_empty() {
            let _ = reply_to.post_message(&message);
        } else {
            // The buffer moves to the page rather than being copied.
            let array = Uint8Array::from(out.as_slice());
            let _ = Reflect::set(&message, &"bytes".into(), &array);
            let transfer = js_sys::Array::of1(&array.buffer());
            let _ = reply_to.post_message_with_transfer(&message, &transfer);
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // Lives as long as the worker.
    on_message.forget();
    let ready = Object::new();
    let _ = Reflect::set(&ready, &"ready".into(), &true.into());
    let _ = scope.post_message(&ready);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
