//! Printing: a document made by `plan_core::report` is put into a hidden
//! frame and handed to the browser's print dialog, so paper never shows the
//! app's menus and buttons, and every printout uses the same layout as the
//! HTML report.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::download::BrowserError;

pub fn print_html(html: &str) -> Result<(), BrowserError> {
    let document = crate::download::document()?;
    let body = document.body().ok_or(BrowserError::NoDocument)?;
    let frame: web_sys::HtmlIFrameElement = document
        .create_element("iframe")
        .map_err(BrowserError::thrown)?
        .unchecked_into();
    let _ = frame.set_attribute("aria-hidden", "true");
    let _ = frame.set_attribute("tabindex", "-1");
    let _ = frame.set_attribute("data-testid", "print-frame");
    let _ = frame
        .style()
        .set_property("position", "fixed")
        .and_then(|_| frame.style().set_property("width", "0"))
        .and_then(|_| frame.style().set_property("height", "0"))
        .and_then(|_| frame.style().set_property("border", "0"));
    frame.set_srcdoc(html);
    let target = frame.clone();
    let onload = Closure::once_into_js(move || {
        if let Some(w) = target.content_window() {
            let _ = w.print();
        }
        // The dialog has closed (print() blocks); the frame is done.
        leptos::prelude::set_timeout(move || target.remove(), std::time::Duration::from_secs(1));
    });
    frame.set_onload(Some(onload.unchecked_ref()));
    body.append_child(&frame).map_err(BrowserError::thrown)?;
    Ok(())
}
