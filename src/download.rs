//! Saves text as a file through the browser's download (Blob + <a download>).
//! Works on file:// and needs no server.

use wasm_bindgen::{JsCast, JsValue};

/// Why the browser did not take a download (or a printout). Typed, so the
/// notice says it in the language shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowserError {
    /// No page document to work in.
    NoDocument,
    /// A DOM call threw: the exception's name (`SecurityError`), which
    /// is the same in every language and tells whoever helps what happened.
    Threw(String),
}

impl BrowserError {
    /// The error a DOM call threw, by its name.
    pub fn thrown(e: JsValue) -> BrowserError {
        let name = js_sys::Reflect::get(&e, &JsValue::from_str("name"))
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        BrowserError::Threw(name)
    }
}

pub(crate) fn document() -> Result<web_sys::Document, BrowserError> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or(BrowserError::NoDocument)
}

pub fn download_text(file_name: &str, mime: &str, text: &str) -> Result<(), BrowserError> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    download_blob(file_name, mime, &parts)
}

/// Saves a `data:` URL (a chart's PNG) under a file name.
pub fn download_data_url(file_name: &str, url: &str) -> Result<(), BrowserError> {
    let a: web_sys::HtmlAnchorElement = document()?
        .create_element("a")
        .map_err(BrowserError::thrown)?
        .unchecked_into();
    a.set_href(url);
    a.set_download(file_name);
    a.click();
    Ok(())
}

/// Saves bytes (a workbook) as a file, like [`download_text`].
pub fn download_bytes(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), BrowserError> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    download_blob(file_name, mime, &parts)
}

/// One Blob of `parts`, downloaded under `file_name` through a temporary
/// object URL.
fn download_blob(file_name: &str, mime: &str, parts: &js_sys::Array) -> Result<(), BrowserError> {
    let document = document()?;
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_blob_sequence_and_options(parts, &options)
        .map_err(BrowserError::thrown)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(BrowserError::thrown)?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(BrowserError::thrown)?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    // Revoked later: the download reads the URL after click() returns.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(5),
    );
    Ok(())
}
