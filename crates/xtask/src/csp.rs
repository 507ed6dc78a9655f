//! The page's Content-Security-Policy. `index.html` carries the policy in a
//! `<meta http-equiv>`; inline scripts are allowed only by their sha256,
//! which is known only after the build (trunk writes its own loader, the
//! single file carries the glue and the wasm inline). So the built page is
//! rewritten here: every inline script is hashed into `script-src`.

use base64::Engine;
use sha2::{Digest, Sha256};

const META_START: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"";

/// `'sha256-…'` of a script's text, as a CSP source expression.
pub fn hash_source(code: &str) -> String {
    let digest = Sha256::digest(code.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The policy in the page's meta element, if any.
pub fn policy(html: &str) -> Option<&str> {
    let start = html.find(META_START)? + META_START.len();
    let end = html[start..].find('"')? + start;
    Some(&html[start..end])
}

/// The texts of the inline scripts a browser runs: no `src`, and no type
/// or a JavaScript one (a `type="text/plain"` or JSON block is data).
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let open = &after[..open_end];
        let body_start = open_end + 1;
        let Some(close) = after[body_start..].find("</script>") else {
            break;
        };
        let body = &after[body_start..body_start + close];
        let ty = crate::single_file::attr(open, "type").unwrap_or("");
        let runs = matches!(
            ty,
            "" | "module" | "text/javascript" | "application/javascript"
        );
        if runs && crate::single_file::attr(open, "src").is_none() && !body.is_empty() {
            out.push(body);
        }
        rest = &after[body_start + close..];
    }
    out
}

/// Rewrites the policy's directives: `edit` gets each directive's name and
/// its sources and returns the new sources (empty → `'none'`).
pub fn rewrite_policy(
    policy: &str,
    mut edit: impl FnMut(&str, Vec<String>) -> Vec<String>,
) -> String {
    policy
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut words = d.split_whitespace();
            let name = words.next().unwrap_or_default();
            let mut sources = edit(name, words.map(String::from).collect());
            if sources.is_empty() {
                sources.push("'none'".to_string());
            }
            if sources.len() > 1 {
                sources.retain(|s| s != "'none'");
            }
            format!("{name} {}", sources.join(" "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Puts `new_policy` into the page's meta element.
pub fn replace_policy(html: &str, new_policy: &str) -> Option<String> {
    let start = html.find(META_START)? + META_START.len();
    let end = html[start..].find('"')? + start;
    Some(format!("{}{}{}", &html[..start], new_policy, &html[end..]))
}

/// Adds the hash of every inline script in `html`, and of `extra` scripts
/// that the page will insert itself, to `script-src`.
pub fn hash_inline_scripts(html: &str, extra: &[&str]) -> Option<String> {
    let mut hashes: Vec<String> = inline_scripts(html)
        .into_iter()
        .chain(extra.iter().copied())
        .map(hash_source)
        .collect();
    hashes.dedup();
    let new = rewrite_policy(policy(html)?, |name, mut sources| {
        if name == "script-src" {
            sources.retain(|s| !s.starts_with("'sha256-"));
            sources.extend(hashes.iter().cloned());
        }
        sources
    });
    replace_policy(html, &new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_hash() {
        // echo -n "alert(1)" | openssl dgst -sha256 -binary | base64
        assert_eq!(
            hash_source("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
    }

    #[test]
    fn inline_scripts_are_hashed_and_data_blocks_are_not() {
        let html = concat!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self' 'sha256-old'\">",
            "<script type=\"module\">run()</script><script src=\"./x.js\"></script>",
            "<script type=\"text/plain\" id=\"d\">data</script><script>b()</script>"
        );
        assert_eq!(inline_scripts(html), vec!["run()", "b()"]);
        let out = hash_inline_scripts(html, &["later()"]).unwrap();
        let p = policy(&out).unwrap();
        assert!(
            p.starts_with("default-src 'none'; script-src 'self' 'sha256-"),
            "{p}"
        );
        for code in ["run()", "b()", "later()"] {
            assert!(p.contains(&hash_source(code)), "{code} not in {p}");
        }
        assert!(!p.contains(&hash_source("data")));
        assert!(!p.contains("sha256-old"));
    }

    #[test]
    fn an_emptied_directive_becomes_none() {
        let p = rewrite_policy("connect-src 'self'; img-src 'self' data:", |_, mut s| {
            s.retain(|x| x != "'self'");
            s
        });
        assert_eq!(p, "connect-src 'none'; img-src data:");
    }
}
