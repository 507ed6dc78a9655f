//! A small HTML builder in which plan text cannot be written unescaped.
//!
//! Markup is written only through [`h!`]/[`html!`]: the template is a string
//! literal (the programmer's markup), and every value put into it goes
//! through [`Render`], which escapes text and passes through only [`Html`]
//! made by this builder. A value of a type that is not [`Render`] does not
//! compile, and inline captures (`{name}`) are refused at compile time, since
//! they would bypass [`Render`].

use std::fmt::{self, Write as _};

/// Markup made by this builder (or a constant of this crate).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Html(String);

impl Html {
    pub fn new() -> Html {
        Html(String::new())
    }

    pub fn with_capacity(n: usize) -> Html {
        Html(String::with_capacity(n))
    }

    /// Markup written by us at compile time (the style sheet): `'static`
    /// text never comes from a plan file.
    pub fn from_static(s: &'static str) -> Html {
        Html(s.to_string())
    }

    /// JSON for a `<script type="application/json">` element. `<` is written
    /// `\u003c`, so no text in it can end the element (`</script>`) or open
    /// a comment (`<!--`); JSON reads the escape back as `<`.
    pub fn json_script_content(json: &str) -> Html {
        Html(json.replace('<', "\\u003c"))
    }

    pub fn push(&mut self, other: &Html) {
        self.0.push_str(&other.0);
    }

    /// Pieces of markup joined by a literal separator.
    pub fn join(parts: impl IntoIterator<Item = Html>, sep: &'static str) -> Html {
        let mut out = Html::new();
        for (i, p) in parts.into_iter().enumerate() {
            if i > 0 {
                out.0.push_str(sep);
            }
            out.0.push_str(&p.0);
        }
        out
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// Used by [`h!`] only.
    #[doc(hidden)]
    pub fn __write(&mut self, args: fmt::Arguments<'_>) {
        let _ = self.0.write_fmt(args);
    }
}

/// What may stand in a template: text (escaped), numbers, markup.
pub(crate) trait Render {
    fn fmt_html(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl Render for str {
    fn fmt_html(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut last = 0;
        for (i, ch) in self.char_indices() {
            let rep = match ch {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => continue,
            };
            f.write_str(&self[last..i])?;
            f.write_str(rep)?;
            last = i + 1;
        }
        f.write_str(&self[last..])
    }
}

impl Render for String {
    fn fmt_html(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_str().fmt_html(f)
    }
}

impl Render for Html {
    fn fmt_html(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<T: Render + ?Sized> Render for &T {
    fn fmt_html(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt_html(f)
    }
}

macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl Render for $t {
            /// Numbers keep the template's precision (`{:.1}`).
            fn fmt_html(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
        }
    )*};
}
numbers!(i32, u32, i64, usize, f64);

/// Wraps a value for `format_args!` in [`h!`].
#[doc(hidden)]
pub(crate) struct Safe<'a, T: ?Sized>(pub &'a T);

impl<T: Render + ?Sized> fmt::Display for Safe<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_html(f)
    }
}

/// True when a template has no inline capture (`{name}`): only `{}`,
/// `{0}`, `{:.1}` and `{{`.
#[doc(hidden)]
pub(crate) const fn no_captures(template: &str) -> bool {
    let b = template.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'{' {
            if i + 1 < b.len() && b[i + 1] == b'{' {
                i += 2;
                continue;
            }
            if i + 1 < b.len() && (b[i + 1].is_ascii_alphabetic() || b[i + 1] == b'_') {
                return false;
            }
        }
        i += 1;
    }
    true
}

/// Writes a template into an [`Html`]: `h!(out, "<td>{}</td>", text)`.
macro_rules! h {
    ($out:expr, $tpl:literal $(, $arg:expr)* $(,)?) => {{
        const {
            assert!(
                $crate::report::html::no_captures($tpl),
                "inline captures bypass escaping: pass values as arguments"
            )
        };
        $out.__write(format_args!($tpl $(, $crate::report::html::Safe(&$arg))*))
    }};
}

/// A template as a new piece of [`Html`].
macro_rules! html {
    ($tpl:literal $(, $arg:expr)* $(,)?) => {{
        let mut out = $crate::report::html::Html::new();
        h!(out, $tpl $(, $arg)*);
        out
    }};
}

pub(crate) use {h, html};

/// Plan text whose line breaks become `<br>` (a list in one action,
/// "住民票：20%⏎税証明：10%", stays a list on paper).
pub(crate) fn multiline(s: &str) -> Html {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    Html::join(
        s.trim_end_matches('\n')
            .split('\n')
            .map(|line| html!("{}", line)),
        "<br>",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_markup_is_not() {
        let plan_text = String::from(r#"<a href="x">'&'</a>"#);
        let inner = html!("<b>{}</b>", plan_text);
        assert_eq!(
            inner.clone().into_string(),
            "<b>&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;</b>"
        );
        let outer = html!("<p>{}{}{:.1}</p>", inner, 3usize, 2.25);
        assert!(outer.into_string().starts_with("<p><b>&lt;a"));
    }

    #[test]
    fn line_breaks_become_br() {
        assert_eq!(multiline("a<b\r\nc\n").into_string(), "a&lt;b<br>c");
        assert_eq!(
            multiline("住民票：20%\n税証明：10%").into_string(),
            "住民票：20%<br>税証明：10%"
        );
    }

    #[test]
    fn templates_with_captures_are_refused() {
        assert!(no_captures("<td class=\"{}\">{:.1}{{x}}</td>"));
        assert!(!no_captures("<td>{name}</td>"));
        assert!(!no_captures("{_x}"));
    }
}
