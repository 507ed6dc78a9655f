//! Packs trunk's `dist/` into one HTML file that runs opened from file://.
//!
//! A browser will not load module scripts or fetch a .wasm from file://, so
//! everything is inlined: stylesheets as `<style>`, classic scripts (ECharts)
//! as `<script>`, the wasm-bindgen glue as an inline module, and the wasm as
//! base64 handed to the glue's init function as bytes. ECharts (copied into
//! dist/ but loaded by the app only when a chart is first shown) is kept as
//! an unexecuted `<script type="text/plain" id="echarts-src">`; the app runs
//! it on first need. The page's Content-Security-Policy is narrowed for
//! file:// and every inline script (and the ECharts text) is allowed by hash.

use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine;

#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("cannot read {0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("cannot write {0}: {1}")]
    Write(PathBuf, std::io::Error),
    #[error("{0} has no wasm-bindgen glue (*.js beside a *_bg.wasm); run trunk build first")]
    NoGlue(PathBuf),
    #[error("the glue {0} imports other modules ({1}); they cannot be inlined")]
    GlueImports(PathBuf, String),
    #[error("the glue {0} has no `export default` init function")]
    NoInit(PathBuf),
    #[error("a tag in index.html is not closed: {0}")]
    Unclosed(String),
}

fn read(path: &Path) -> Result<Vec<u8>, PackError> {
    fs::read(path).map_err(|e| PackError::Read(path.to_path_buf(), e))
}

fn read_text(path: &Path) -> Result<String, PackError> {
    fs::read_to_string(path).map_err(|e| PackError::Read(path.to_path_buf(), e))
}

/// The value of `name="…"` in one tag.
pub(crate) fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

/// Resolves an href/src of trunk's output (`./x.css`, `/x.css`) inside dist.
fn local_file(dist: &Path, href: &str) -> PathBuf {
    let name = href.trim_start_matches("./").trim_start_matches('/');
    dist.join(name.split(['?', '#']).next().unwrap_or(name))
}

/// `</script` inside inlined code would end the element early.
fn script_safe(code: &str) -> String {
    code.replace("</script", "<\\/script")
}

/// Rewrites every `<tag …>` (and, with `close`, up to `</tag>`) by `f`.
fn rewrite_tags(
    html: &str,
    open: &str,
    close: Option<&str>,
    mut f: impl FnMut(&str) -> Result<Option<String>, PackError>,
) -> Result<String, PackError> {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let tag_end = after
            .find('>')
            .ok_or_else(|| PackError::Unclosed(open.to_string()))?
            + 1;
        let end = match close {
            Some(c) => {
                after
                    .find(c)
                    .ok_or_else(|| PackError::Unclosed(open.to_string()))?
                    + c.len()
            }
            None => tag_end,
        };
        let whole = &after[..end];
        match f(whole)? {
            Some(replacement) => out.push_str(&replacement),
            None => out.push_str(whole),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Finds the wasm-bindgen glue: a `.js` whose `_bg.wasm` sits beside it.
fn find_glue(dist: &Path) -> Result<(PathBuf, PathBuf), PackError> {
    let entries = fs::read_dir(dist).map_err(|e| PackError::Read(dist.to_path_buf(), e))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if let Some(stem) = name.strip_suffix(".js") {
            if stem == WORKER_STEM {
                continue;
            }
            let wasm = dist.join(format!("{stem}_bg.wasm"));
            if wasm.exists() {
                return Ok((path, wasm));
            }
        }
    }
    Err(PackError::NoGlue(dist.to_path_buf()))
}

/// The name of the glue's default export (its init function), written
/// either `export default init;` or `export { initSync, __wbg_init as default };`.
fn default_export(glue: &str) -> Option<String> {
    glue.lines().find_map(|l| {
        let l = l.trim();
        if let Some(name) = l.strip_prefix("export default ") {
            return Some(name.trim_end_matches(';').trim().to_string());
        }
        let list = l
            .strip_prefix("export {")?
            .trim_end_matches(';')
            .trim_end_matches('}');
        list.split(',')
            .find_map(|item| item.trim().strip_suffix(" as default"))
            .map(|name| name.trim().to_string())
    })
}

/// The inline module that defines the glue and starts the app from bytes.
fn boot_module(glue_path: &Path, glue: &str, wasm: &[u8]) -> Result<String, PackError> {
    if let Some(line) = glue
        .lines()
        .find(|l| l.trim_start().starts_with("import ") && l.contains(" from "))
    {
        return Err(PackError::GlueImports(
            glue_path.to_path_buf(),
            line.trim().to_string(),
        ));
    }
    let init = default_export(glue).ok_or_else(|| PackError::NoInit(glue_path.to_path_buf()))?;
    let b64 = base64::engine::general_purpose::STANDARD.encode(wasm);
    Ok(format!(
        "<script type=\"module\">\n{glue}\n\
         const __shinchoku_wasm = Uint8Array.from(atob(\"{b64}\"), (c) => c.charCodeAt(0));\n\
         {init}({{ module_or_path: __shinchoku_wasm }});\n</script>",
        glue = script_safe(glue),
    ))
}

/// Packs `dist` (with its `index.html`) into one HTML string.
pub fn pack(dist: &Path) -> Result<String, PackError> {
    let html = read_text(&dist.join("index.html"))?;
    let (glue_path, wasm_path) = find_glue(dist)?;
    let glue = read_text(&glue_path)?;
    let wasm = read(&wasm_path)?;

    // Preloads point at files that will no longer exist.
    let html = rewrite_tags(&html, "<link", None, |tag| {
        let rel = attr(tag, "rel").unwrap_or("");
        if rel == "modulepreload" || rel == "preload" {
            return Ok(Some(String::new()));
        }
        if rel == "stylesheet"
            && let Some(href) = attr(tag, "href")
        {
            let css = read_text(&local_file(dist, href))?;
            return Ok(Some(format!(
                "<style>\n{}\n</style>",
                css.replace("</style", "<\\/style")
            )));
        }
        Ok(None)
    })?;
    let mut boot = Some(boot_module(&glue_path, &glue, &wasm)?);
    let html = rewrite_tags(&html, "<script", Some("</script>"), |whole| {
        let open_tag = &whole[..whole.find('>').unwrap_or(whole.len())];
        if attr(open_tag, "type") == Some("module") {
            // trunk's loader imports the glue by URL; ours carries it inline.
            return Ok(Some(boot.take().unwrap_or_default()));
        }
        if let Some(src) = attr(open_tag, "src") {
            let code = read_text(&local_file(dist, src))?;
            return Ok(Some(format!("<script>\n{}\n</script>", script_safe(&code))));
        }
        Ok(None)
    })?;
    // No trunk loader found: start the app at the end of the body.
    let mut html = match boot {
        Some(b) => before_body_end(&html, &b),
        None => html,
    };
    // Parsed only when a chart is first shown (src/charts.rs runs it).
    let echarts_path = dist.join(ECHARTS_FILE);
    let echarts = if echarts_path.exists() {
        let code = script_safe(&read_text(&echarts_path)?.replace('\r', ""));
        html = before_body_end(
            &html,
            &format!("<script type=\"text/plain\" id=\"{ECHARTS_ELEMENT}\">{code}</script>"),
        );
        Some(code)
    } else {
        None
    };
    // The file worker's module, started by the app from these texts on
    // first need (src/worker.rs): never run as the page's own script.
    let worker_glue = dist.join(format!("{WORKER_STEM}.js"));
    let worker_wasm = dist.join(format!("{WORKER_STEM}_bg.wasm"));
    if worker_glue.exists() && worker_wasm.exists() {
        let glue = script_safe(&read_text(&worker_glue)?);
        let b64 = base64::engine::general_purpose::STANDARD.encode(read(&worker_wasm)?);
        html = before_body_end(
            &html,
            &format!(
                "<script type=\"text/plain\" id=\"{WORKER_GLUE_ELEMENT}\">{glue}</script>\n\
                 <script type=\"text/plain\" id=\"{WORKER_WASM_ELEMENT}\">{b64}</script>"
            ),
        );
    }
    Ok(single_file_policy(&html, echarts.as_deref()))
}

/// Puts `snippet` before the page's own `</body>`: the last one, since
/// inlined code (ECharts) can hold that text in its strings.
fn before_body_end(html: &str, snippet: &str) -> String {
    match html.rfind("</body>") {
        Some(i) => format!("{}{snippet}\n{}", &html[..i], &html[i..]),
        None => format!("{html}{snippet}\n"),
    }
}

/// The worker module's files in dist/ (trunk names workers by their bin,
/// unhashed): `shinchoku-worker.js` and `shinchoku-worker_bg.wasm`.
pub const WORKER_STEM: &str = "shinchoku-worker";
/// Ids of the worker's glue and base64 wasm in the single file (the app's
/// src/worker.rs reads them).
pub const WORKER_GLUE_ELEMENT: &str = "worker-js";
pub const WORKER_WASM_ELEMENT: &str = "worker-wasm";

/// The file ECharts is copied to in dist/ (Trunk.toml / index.html).
pub const ECHARTS_FILE: &str = "echarts.min.js";
/// The id of the unexecuted ECharts text in the single file.
pub const ECHARTS_ELEMENT: &str = "echarts-src";

/// On file:// nothing is fetched: `'self'` goes, `connect-src` is `'none'`,
/// and the inline scripts (with ECharts, run later) are allowed by hash.
fn single_file_policy(html: &str, echarts: Option<&str>) -> String {
    let Some(policy) = crate::csp::policy(html) else {
        return html.to_string();
    };
    let narrowed = crate::csp::rewrite_policy(policy, |name, mut sources| {
        sources.retain(|s| s != "'self'");
        if name == "connect-src" {
            sources.clear();
        }
        sources
    });
    let html = crate::csp::replace_policy(html, &narrowed).unwrap_or_else(|| html.to_string());
    let extra: Vec<&str> = echarts.into_iter().collect();
    crate::csp::hash_inline_scripts(&html, &extra).unwrap_or(html)
}

/// Packs `dist` and writes the result to `out`, creating its folder.
pub fn write(dist: &Path, out: &Path) -> Result<usize, PackError> {
    let html = pack(dist)?;
    if let Some(parent) = out.parent() {
        fs::create_dir_all(parent).map_err(|e| PackError::Write(parent.to_path_buf(), e))?;
    }
    fs::write(out, &html).map_err(|e| PackError::Write(out.to_path_buf(), e))?;
    Ok(html.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_dist(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-pack-{name}-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("index.html"),
            r#"<!DOCTYPE html><html><head>
<link rel="stylesheet" href="./style-abc.css" integrity="x">
<link rel="modulepreload" href="./app-1.js">
<link rel="preload" href="./app-1_bg.wasm" as="fetch" type="application/wasm">
<script src="./echarts-9.min.js"></script>
<script type="module">
import init, * as bindings from './app-1.js';
const wasm = await init({ module_or_path: './app-1_bg.wasm' });
</script>
</head><body></body></html>"#,
        )
        .unwrap();
        fs::write(dir.join("style-abc.css"), "body { color: red }").unwrap();
        fs::write(dir.join("echarts-9.min.js"), "var echarts = '</script>';").unwrap();
        fs::write(
            dir.join("app-1.js"),
            "let wasm;\nasync function __wbg_init(m) {}\nexport { initSync };\nexport default __wbg_init;\n",
        )
        .unwrap();
        fs::write(dir.join("app-1_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        dir
    }

    #[test]
    fn everything_is_inlined_and_nothing_is_fetched() {
        let dir = fake_dist("inline");
        let html = pack(&dir).unwrap();
        assert!(html.contains("<style>\nbody { color: red }"));
        assert!(html.contains("var echarts = '<\\/script>';"));
        assert!(html.contains("async function __wbg_init"));
        assert!(html.contains("__wbg_init({ module_or_path: __shinchoku_wasm })"));
        assert!(html.contains("AGFzbQEAAAA="), "wasm as base64");
        for gone in ["href=", "src=", "import init", "modulepreload"] {
            assert!(!html.contains(gone), "{gone} left in {html}");
        }
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn echarts_stays_unexecuted_and_the_policy_allows_exactly_what_runs() {
        let dir = fake_dist("csp");
        let index = fs::read_to_string(dir.join("index.html")).unwrap().replace(
            "<head>",
            "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
             script-src 'self' 'wasm-unsafe-eval' 'sha256-trunk'; connect-src 'self'; img-src 'self' data:\">",
        );
        fs::write(
            dir.join("index.html"),
            index.replace("<script src=\"./echarts-9.min.js\"></script>", ""),
        )
        .unwrap();
        fs::write(dir.join(ECHARTS_FILE), "var echarts = {};\r\n").unwrap();
        let html = pack(&dir).unwrap();
        assert!(html.contains(
            "<script type=\"text/plain\" id=\"echarts-src\">var echarts = {};\n</script>"
        ));
        let policy = crate::csp::policy(&html).unwrap();
        assert!(
            policy.starts_with("default-src 'none'; script-src 'wasm-unsafe-eval' 'sha256-"),
            "{policy}"
        );
        assert!(
            policy.ends_with("connect-src 'none'; img-src data:"),
            "{policy}"
        );
        assert!(
            !policy.contains("'self'") && !policy.contains("sha256-trunk"),
            "{policy}"
        );
        // The boot module runs by hash; ECharts' text is allowed for later.
        let boot = crate::csp::inline_scripts(&html);
        assert_eq!(boot.len(), 1);
        assert!(policy.contains(&crate::csp::hash_source(boot[0])));
        assert!(policy.contains(&crate::csp::hash_source("var echarts = {};\n")));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_worker_module_is_carried_as_text_and_never_taken_for_the_page() {
        let dir = fake_dist("worker");
        let index = fs::read_to_string(dir.join("index.html")).unwrap().replacen(
            "<head>",
            "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'\">",
            1,
        );
        fs::write(dir.join("index.html"), index).unwrap();
        // Written first and last: whichever order read_dir gives, the page's
        // glue must be the one started.
        fs::write(dir.join("shinchoku-worker.js"), "let wasm_bindgen; /*w*/").unwrap();
        // ECharts holds "</body>" in its strings: nothing may go in there.
        fs::write(dir.join(ECHARTS_FILE), "var x = '</body>';").unwrap();
        fs::write(dir.join("shinchoku-worker_bg.wasm"), b"\0asmWORKER").unwrap();
        let html = pack(&dir).unwrap();
        let b64 = base64::engine::general_purpose::STANDARD.encode(b"\0asmWORKER");
        assert!(html.contains(&format!(
            "<script type=\"text/plain\" id=\"worker-wasm\">{b64}</script>"
        )));
        assert!(html.contains(
            "<script type=\"text/plain\" id=\"worker-js\">let wasm_bindgen; /*w*/</script>"
        ));
        // The page still boots its own module, not the worker's.
        let boot = html.find("<script type=\"module\">").expect("boot module");
        assert!(!html[boot..].starts_with("<script type=\"module\">\nlet wasm_bindgen"));
        assert!(html.contains(&format!(
            "<script type=\"text/plain\" id=\"{ECHARTS_ELEMENT}\">var x = '</body>';</script>"
        )));
        let policy = crate::csp::policy(&html).unwrap();
        assert!(policy.contains("'sha256-"), "{policy}");
        assert!(!policy.contains(&crate::csp::hash_source("let wasm_bindgen; /*w*/")));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn both_forms_of_the_default_export_are_found() {
        assert_eq!(
            default_export("export default init;").as_deref(),
            Some("init")
        );
        assert_eq!(
            default_export("export { initSync, __wbg_init as default };").as_deref(),
            Some("__wbg_init")
        );
        assert_eq!(default_export("export { initSync };"), None);
    }

    #[test]
    fn glue_that_imports_other_files_is_refused() {
        let dir = fake_dist("imports");
        fs::write(
            dir.join("app-1.js"),
            "import { x } from './snippets/a.js';\nexport default init;\n",
        )
        .unwrap();
        assert!(matches!(pack(&dir), Err(PackError::GlueImports(..))));
        fs::remove_dir_all(dir).unwrap();
    }
}
