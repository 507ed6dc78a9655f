//! Table rows of long lists (the card list, the overview) built as escaped
//! HTML text and kept by key, instead of a tree of reactive views per row.
//!
//! A row is static once built: it has no effects, no closures and no event
//! listeners of its own (one delegated click handler per table serves every
//! link and button in it), so building a page of rows is one parse by the
//! browser and dropping it costs nothing in the app. A row is built again
//! only when what it shows changed (its card, compared by pointer); rows
//! that stay, for instance through filtering, keep their DOM nodes.
//!
//! Every text goes through [`Html::text`] or an attribute value, both
//! escaped; tag and attribute names are `&'static str`, never data. No
//! inline handlers or scripts are written, so the strict CSP holds.

use std::hash::Hash;

use plan_core::Status;
use rustc_hash::FxHashMap;
use wasm_bindgen::JsCast;

use super::status::status_class;
use crate::route::Route;
use crate::state::AppState;
use crate::texts::Texts;

/// HTML text under construction; what comes from data is always escaped.
#[derive(Default)]
pub struct Html(String);

impl Html {
    /// `<tag a="v" …>`, the values escaped.
    pub fn open(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attrs {
            self.0.push(' ');
            self.0.push_str(name);
            self.0.push_str("=\"");
            escape_into(&mut self.0, value);
            self.0.push('"');
        }
        self.0.push('>');
    }

    pub fn close(&mut self, tag: &'static str) {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
    }

    /// Text content, escaped.
    pub fn text(&mut self, s: &str) {
        escape_into(&mut self.0, s);
    }

    /// `<tag …>text</tag>`.
    pub fn element(&mut self, tag: &'static str, attrs: &[(&'static str, &str)], text: &str) {
        self.open(tag, attrs);
        self.text(text);
        self.close(tag);
    }

    /// A link to a screen of the app: a real `href`, followed by the
    /// table's delegated handler ([`follow_link`]).
    pub fn route_link(&mut self, route: &Route, text: &str) {
        self.element("a", &[("href", &route.to_hash())], text);
    }

    /// The same mark as [`super::status::StatusMark`]: symbol, colour and
    /// the status's name for screen readers.
    pub fn status_mark(&mut self, t: &'static Texts, s: Status) {
        let name = (t.status.name)(s);
        self.open(
            "span",
            &[
                ("class", status_class(s)),
                ("title", name),
                ("role", "img"),
                ("aria-label", name),
            ],
        );
        self.text(s.symbol());
        self.close("span");
    }

    /// A fiscal year's cell: the status mark, or empty when the card does
    /// not run that year.
    pub fn status_cell(&mut self, t: &'static Texts, s: Option<Status>) {
        self.open("td", &[("class", "year")]);
        if let Some(s) = s {
            self.status_mark(t, s);
        }
        self.close("td");
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn escape_into(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// The delegated click handler's part for links: a click on a link to a
/// screen of the app navigates through the state (a plain hash link does
/// not navigate in every frame the app may run in, such as a sandboxed
/// one). Returns whether the click was on such a link.
pub fn follow_link(state: AppState, ev: &web_sys::MouseEvent) -> bool {
    let Some(link) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href^='#/']").ok().flatten())
    else {
        return false;
    };
    let Some(href) = link.get_attribute("href") else {
        return false;
    };
    ev.prevent_default();
    state.navigate(Route::parse(&href));
    true
}

/// The rows of one `<tbody>`, by key: what each row was built from and its
/// element.
pub struct KeyedRows<K, V> {
    rows: FxHashMap<K, (V, web_sys::Element)>,
}

impl<K, V> Default for KeyedRows<K, V> {
    fn default() -> Self {
        KeyedRows {
            rows: FxHashMap::default(),
        }
    }
}

impl<K: Eq + Hash + Clone, V> KeyedRows<K, V> {
    /// Makes `tbody` hold one row per item, in order. A row whose key was
    /// shown before and whose value is `same` as then keeps its element
    /// (moved if it must); the others are built by `build` (one `<tr>`
    /// each) and parsed in one go. Rows no longer wanted are removed.
    pub fn sync(
        &mut self,
        tbody: &web_sys::Element,
        items: Vec<(K, V)>,
        same: impl Fn(&V, &V) -> bool,
        build: impl Fn(&V, &mut Html),
    ) {
        let mut html = Html::default();
        // Each wanted row with its element when it is kept.
        let mut wanted: Vec<(K, V, Option<web_sys::Element>)> = Vec::with_capacity(items.len());
        let mut seen = rustc_hash::FxHashSet::default();
        for (key, value) in items {
            // A key twice (ids are unique in a loadable plan): shown once.
            if !seen.insert(key.clone()) {
                continue;
            }
            match self.rows.remove(&key) {
                Some((old, el)) if same(&old, &value) => wanted.push((key, old, Some(el))),
                other => {
                    if let Some((_, el)) = other {
                        el.remove();
                    }
                    build(&value, &mut html);
                    wanted.push((key, value, None));
                }
            }
        }
        // What is left was not wanted this time.
        for (_, (_, el)) in self.rows.drain() {
            el.remove();
        }
        let mut built = None;
        if !html.as_str().is_empty()
            && let Ok(holder) = leptos::prelude::document().create_element("tbody")
        {
            holder.set_inner_html(html.as_str());
            built = holder.first_element_child();
        }
        // Walk the wanted order against the current children: a kept row
        // already in place costs nothing; the others are inserted there.
        let mut cursor = tbody.first_element_child();
        for (key, value, el) in wanted {
            let el = match el {
                Some(el) => el,
                None => match built.take() {
                    Some(el) => {
                        built = el.next_element_sibling();
                        el
                    }
                    None => continue,
                },
            };
            if cursor.as_ref() == Some(&el) {
                cursor = el.next_element_sibling();
            } else {
                let _ = tbody.insert_before(&el, cursor.as_ref().map(|c| c.unchecked_ref()));
            }
            self.rows.insert(key, (value, el));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_and_attribute_values_are_escaped() {
        let mut h = Html::default();
        h.element(
            "a",
            &[("href", "#/card/x\" onclick=\"y")],
            "<script>alert('x')</script> & more",
        );
        assert_eq!(
            h.as_str(),
            "<a href=\"#/card/x&quot; onclick=&quot;y\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more</a>"
        );
        let mut h = Html::default();
        h.text("普通の題名（全角）");
        assert_eq!(h.as_str(), "普通の題名（全角）");
    }
}
