//! The plan inside the report: written as JSON in a script element, and
//! found again when a report is dropped onto the app.

use super::html::{Html, h};
use crate::model::PlanFile;

/// The `id` of the script element that carries the plan file.
pub const PLAN_ELEMENT_ID: &str = "shinchoku-plan";

/// The plan file, for import by dropping the report onto the app.
pub(super) fn write_plan_json(out: &mut Html, file: &PlanFile) {
    h!(
        out,
        "<script type=\"application/json\" id=\"{}\">{}</script>\n",
        PLAN_ELEMENT_ID,
        Html::json_script_content(&crate::to_json_pretty(file))
    );
}

/// The JSON text of the plan carried by a report: the content of its
/// `<script type="application/json" id="shinchoku-plan">` element, as it
/// stands (`<` is written `\u003c` there, which JSON reads back as `<`).
/// None when the document has no such element.
pub fn extract_plan(html: &str) -> Option<String> {
    // ASCII lowercasing keeps every byte offset, so positions found in
    // `lower` slice `html` too.
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find("<script") {
        let start = from + pos + "<script".len();
        let tag_end = start + lower[start..].find('>')?;
        let attrs = &html[start..tag_end];
        from = tag_end + 1;
        // `<scripts>` or `<script-x>` is another element.
        if attrs
            .chars()
            .next()
            .is_some_and(|c| !c.is_ascii_whitespace() && c != '/')
        {
            continue;
        }
        if attr_value(attrs, "id") == Some(PLAN_ELEMENT_ID) {
            let end = from + lower[from..].find("</script")?;
            return Some(html[from..end].trim().to_string());
        }
    }
    None
}

/// The value of attribute `name` (ASCII case-insensitive) in the inside of
/// a start tag.
fn attr_value<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let attr = &rest[..name_end];
        rest = rest[name_end..].trim_start_matches(|c: char| c.is_ascii_whitespace());
        let mut value = "";
        if let Some(r) = rest.strip_prefix('=') {
            let r = r.trim_start_matches(|c: char| c.is_ascii_whitespace());
            match r.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let inner = &r[1..];
                    let close = inner.find(q).unwrap_or(inner.len());
                    value = &inner[..close];
                    rest = inner.get(close + 1..).unwrap_or("");
                }
                _ => {
                    let end = r.find(|c: char| c.is_ascii_whitespace()).unwrap_or(r.len());
                    value = &r[..end];
                    rest = &r[end..];
                }
            }
        }
        if attr.eq_ignore_ascii_case(name) {
            return Some(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes() {
        assert_eq!(attr_value(r#" type="a" id='b'"#, "id"), Some("b"));
        assert_eq!(attr_value(" ID=b type=x", "id"), Some("b"));
        assert_eq!(attr_value(" data-id=\"b\"", "id"), None);
        assert_eq!(attr_value(" async", "async"), Some(""));
    }
}
