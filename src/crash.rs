//! Failure made visible: a panic shows a banner saying the stored data is
//! safe and the page should be reloaded, with the error text to copy for a
//! report. Built with plain DOM calls, since after a panic the reactive
//! runtime may be in any state; in the language the page shows.

use wasm_bindgen::JsCast;

use crate::texts::{EN, JA};

/// Test-only: a URL with this in its query panics shortly after start, so
/// an end-to-end test can see the banner. Harmless for a user.
const TEST_PANIC: &str = "shinchoku-test-panic";

/// Installs the hook; call before mounting the app.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let text = info.to_string();
        leptos::logging::error!("{text}");
        show(&text);
    }));
}

/// Panics a moment after start when the URL asks for it (tests only).
pub fn test_trigger() {
    let asked = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|s| s.contains(TEST_PANIC));
    if asked {
        leptos::prelude::set_timeout(
            || panic!("test panic asked for by the URL"),
            std::time::Duration::from_millis(300),
        );
    }
}

fn show(text: &str) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    // The first error is the one worth reporting.
    if doc.get_element_by_id("crash-banner").is_some() {
        return Some(());
    }
    let lang = doc.document_element().and_then(|e| e.get_attribute("lang"));
    let t = if lang.as_deref() == Some("en") {
        &EN
    } else {
        &JA
    };
    let el = |tag: &str, content: &str| -> Option<web_sys::HtmlElement> {
        let e: web_sys::HtmlElement = doc.create_element(tag).ok()?.dyn_into().ok()?;
        e.set_text_content(Some(content));
        Some(e)
    };
    let banner = el("div", "")?;
    banner.set_id("crash-banner");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("data-testid", "crash-banner");
    // Styles through the CSSOM: allowed under a strict style policy.
    let style = banner.style();
    for (k, v) in [
        ("position", "fixed"),
        ("top", "0"),
        ("left", "0"),
        ("right", "0"),
        ("z-index", "2147483647"),
        ("background", "#fff"),
        ("border-bottom", "4px solid #b00020"),
        ("padding", "1rem 1.5rem"),
        ("box-shadow", "0 4px 16px rgba(0,0,0,.3)"),
        ("font-size", "1rem"),
        ("color", "#1a1a1a"),
    ] {
        let _ = style.set_property(k, v);
    }
    let heading = el("h2", t.crash.heading)?;
    let _ = heading.style().set_property("color", "#b00020");
    let _ = heading.style().set_property("margin", "0 0 .5rem");
    banner.append_child(&heading).ok()?;
    let body = el("p", t.crash.body)?;
    banner.append_child(&body).ok()?;
    // A link, not a script: works whatever state the wasm is in.
    let reload: web_sys::HtmlAnchorElement = el("a", t.crash.reload)?.dyn_into().ok()?;
    let href = doc.location()?.href().ok()?;
    reload.set_href(href.split('#').next().unwrap_or_default());
    let _ = reload.set_attribute("data-testid", "crash-reload");
    let _ = reload.style().set_property("font-weight", "bold");
    banner.append_child(&reload).ok()?;
    let label = el("p", t.crash.details)?;
    let _ = label.style().set_property("margin", ".75rem 0 .25rem");
    banner.append_child(&label).ok()?;
    let details: web_sys::HtmlTextAreaElement = el("textarea", "")?.dyn_into().ok()?;
    details.set_value(text);
    details.set_read_only(true);
    details.set_rows(4);
    let _ = details.set_attribute("data-testid", "crash-details");
    let _ = details.set_attribute("aria-label", t.crash.details);
    let _ = details.style().set_property("width", "100%");
    banner.append_child(&details).ok()?;
    doc.body()?.prepend_with_node_1(&banner).ok()?;
    Some(())
}
