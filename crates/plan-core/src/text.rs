//! Small text forms shared by the app, the report, the exports and the URL:
//! one implementation each, so a number or an id reads the same everywhere.

use std::fmt::Write as _;

/// `1,240`, `43.5`, `-3`: grouped thousands, rounded to at most two
/// decimals, trailing zeros dropped.
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let rounded = (v * 100.0).round() / 100.0;
    let s = format!("{:.2}", rounded.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let frac = frac.trim_end_matches('0');
    let mut out = String::new();
    // -0.001 rounds to -0.0, which is written "0".
    if rounded < 0.0 {
        out.push('-');
    }
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Percent-encoded UTF-8: everything but `A–Z a–z 0–9 - . _ ~` (ids and
/// filter values may be any text).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Decodes `%XX` escapes and `+` (a space, as in forms); a `%` not
/// followed by two hex digits is kept as it is. None when the bytes are
/// not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match (b[i], hex(b.get(i + 1)), hex(b.get(i + 2))) {
            (b'+', _, _) => out.push(b' '),
            (b'%', Some(hi), Some(lo)) => {
                out.push(hi * 16 + lo);
                i += 2;
            }
            (c, _, _) => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn hex(c: Option<&u8>) -> Option<u8> {
    c.and_then(|&c| (c as char).to_digit(16)).map(|d| d as u8)
}

/// A chart label in lines of at most `per_line` characters (Japanese has
/// no spaces to break at, so lines break by count; a space is preferred
/// where there is one), at most `max_lines` lines; text beyond that ends
/// with `…`. Whitespace runs become one space.
pub fn wrap_label(s: &str, per_line: usize, max_lines: usize) -> String {
    let per_line = per_line.max(1);
    let words = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = words.chars().collect();
    let mut lines: Vec<String> = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        if lines.len() + 1 == max_lines.max(1) && chars.len() - start > per_line {
            let mut last: String = chars[start..start + per_line - 1].iter().collect();
            last.push('…');
            lines.push(last);
            return lines.join("\n");
        }
        let mut end = (start + per_line).min(chars.len());
        // Break after a space in the second half of the line, if any.
        if end < chars.len()
            && let Some(sp) = chars[start + per_line / 2..end]
                .iter()
                .rposition(|c| *c == ' ')
        {
            end = start + per_line / 2 + sp + 1;
        }
        lines.push(
            chars[start..end]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string(),
        );
        start = end;
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_group_thousands_and_round_to_two_decimals() {
        assert_eq!(format_number(2378.0), "2,378");
        assert_eq!(format_number(1_200_000.0), "1,200,000");
        assert_eq!(format_number(43.5), "43.5");
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_number(-1234.5), "-1,234.5");
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(-0.001), "0");
        assert_eq!(format_number(999.0), "999");
        // The app's old copy wrote "91." here: rounding carries into the integer.
        assert_eq!(format_number(9.999), "10");
        assert_eq!(format_number(999.996), "1,000");
        assert_eq!(format_number(9.25), "9.25");
    }

    #[test]
    fn long_labels_wrap_and_then_shorten() {
        assert_eq!(
            wrap_label("市民サービスの向上", 10, 3),
            "市民サービスの向上"
        );
        assert_eq!(
            wrap_label("行政サービスのデジタル化による市民の利便性向上", 8, 3),
            "行政サービスのデ\nジタル化による市\n民の利便性向上"
        );
        assert_eq!(
            wrap_label(
                "行政サービスのデジタル化による市民の利便性の飛躍的な向上",
                8,
                3
            ),
            "行政サービスのデ\nジタル化による市\n民の利便性の飛…"
        );
        assert_eq!(
            wrap_label("Digital  city hall for all", 10, 3),
            "Digital\ncity hall\nfor all"
        );
        assert_eq!(wrap_label("abcdef", 4, 1), "abc…");
        assert_eq!(wrap_label("", 4, 2), "");
    }

    #[test]
    fn percent_encoding_round_trips_any_text() {
        for s in ["電子申請", "a b+c&d=e", "100%", "card/1?x#y", "", "~._-"] {
            assert_eq!(percent_decode(&percent_encode(s)).as_deref(), Some(s));
        }
        assert_eq!(percent_encode("a b"), "a%20b");
        assert_eq!(percent_encode("電"), "%E9%9B%BB");
    }

    #[test]
    fn percent_decoding_is_lenient() {
        assert_eq!(percent_decode("a%2Bb+c").as_deref(), Some("a+b c"));
        assert_eq!(percent_decode("100%").as_deref(), Some("100%"));
        assert_eq!(percent_decode("%zz%4").as_deref(), Some("%zz%4"));
        assert_eq!(percent_decode("%e9%9b%bb").as_deref(), Some("電"));
        assert_eq!(percent_decode("%FF"), None);
    }
}
