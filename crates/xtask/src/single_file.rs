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

/// Finds the wasm-bindgen glue: a `.js` whose `_bg.wasm` sits beside it,
/// in dist/ or in the page module's `pkg-<hash>/` (`xtask page`).
/// The module folder (`pkg-…`) a page's HTML names first, if any.
fn referenced_pkg(html: &str) -> Option<String> {
    let prefix = crate::page::PKG_PREFIX;
    html.match_indices(prefix).find_map(|(at, _)| {
        // `./pkg-…/` or `"pkg-…/`: a path segment, not part of a longer word.
        let before = html[..at].chars().next_back();
        if !matches!(before, Some('/' | '"' | '\'')) {
            return None;
        }
        let rest = &html[at + prefix.len()..];
        let hash: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
        (!hash.is_empty() && rest[hash.len()..].starts_with('/')).then(|| format!("{prefix}{hash}"))
    })
}

fn find_glue(dist: &Path) -> Result<(PathBuf, PathBuf), PackError> {
    let mut dirs = vec![dist.to_path_buf()];
    let entries = fs::read_dir(dist).map_err(|e| PackError::Read(dist.to_path_buf(), e))?;
    let mut pkgs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(crate::page::PKG_PREFIX))
        })
        .collect();
    pkgs.sort();
    // The folder the page loads from first: one left by an earlier build
    // that stopped half-way must not be packed in its place.
    if let Some(name) = fs::read_to_string(dist.join("index.html"))
        .ok()
        .as_deref()
        .and_then(referenced_pkg)
    {
        pkgs.sort_by_key(|p| p.file_name().and_then(|n| n.to_str()) != Some(name.as_str()));
    }
    dirs.extend(pkgs);
    for dir in dirs {
        let entries = fs::read_dir(&dir).map_err(|e| PackError::Read(dir.clone(), e))?;
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if let Some(stem) = name.strip_suffix(".js") {
                if stem == WORKER_STEM {
                    continue;
                }
                let wasm = dir.join(format!("{stem}_bg.wasm"));
                if wasm.exists() {
                    return Ok((path, wasm));
                }
            }
        }
    }
    Err(PackError::NoGlue(dist.to_path_buf()))
}

/// The chunks beside the start module (`xtask page`): every other `.wasm`
/// in its folder, by name.
fn chunks(wasm_path: &Path) -> Result<Vec<(String, Vec<u8>)>, PackError> {
    let Some(dir) = wasm_path.parent() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let entries = fs::read_dir(dir).map_err(|e| PackError::Read(dir.to_path_buf(), e))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(".wasm") && path != wasm_path && !name.starts_with(WORKER_STEM) {
            out.push((name.to_string(), read(&path)?));
        }
    }
    out.sort();
    Ok(out)
}

/// The id of a chunk's base64 text in the single file.
pub const CHUNK_ELEMENT_PREFIX: &str = "wasm-chunk-";

/// Reads a chunk from its element instead of fetching it (file:// allows
/// no fetch): the loader's `fetch(new URL(…))` calls come here.
const CHUNK_FROM_ELEMENT: &str = "function __shinchoku_chunk(url) {
  const name = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  const el = document.getElementById('wasm-chunk-' + name);
  if (!el) return Promise.reject(new Error('no chunk ' + name));
  const bytes = Uint8Array.from(atob(el.textContent), (c) => c.charCodeAt(0));
  return Promise.resolve(new Response(bytes, { headers: { 'Content-Type': 'application/wasm' } }));
}
";

/// wasm-split's link module made inline: its import of the glue goes (the
/// glue follows in the same module), its exports become one object the
/// glue's imports of it point to, and chunks come from elements.
fn inline_link(link_path: &Path, link: &str) -> Result<String, PackError> {
    let glue_import = format!("from \"./{}.js\"", crate::page::STEM);
    let mut out = String::from(CHUNK_FROM_ELEMENT);
    let mut names = Vec::new();
    for line in link.lines() {
        let t = line.trim_start();
        if t.starts_with("import ") {
            if t.contains(&glue_import) {
                continue;
            }
            return Err(PackError::GlueImports(
                link_path.to_path_buf(),
                t.to_string(),
            ));
        }
        if let Some(rest) = line.strip_prefix("export const ") {
            let name = rest.split([' ', '=']).next().unwrap_or("").to_string();
            names.push(name);
            out.push_str("const ");
            out.push_str(rest);
        } else if t.starts_with("export ") {
            return Err(PackError::GlueImports(
                link_path.to_path_buf(),
                t.to_string(),
            ));
        } else {
            out.push_str(&line.replace("fetch(new URL(", "__shinchoku_chunk(new URL("));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "const __shinchoku_split = {{ {} }};\n",
        names.join(", ")
    ));
    Ok(out)
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
/// With a link module (`xtask page`'s split build) both go into the one
/// module: the glue's imports of the link module read its object instead.
fn boot_module(
    glue_path: &Path,
    glue: &str,
    wasm: &[u8],
    link: Option<(&Path, &str)>,
) -> Result<String, PackError> {
    let link_import = format!("from \"./{}\"", crate::page::LINK_MODULE);
    let mut code = match link {
        Some((path, text)) => inline_link(path, text)?,
        None => String::new(),
    };
    for line in glue.lines() {
        let t = line.trim_start();
        if t.starts_with("import ") && t.contains(" from ") {
            // `import * as import1 from "./__wasm_split.js"`
            match (link, t.strip_prefix("import * as ")) {
                (Some(_), Some(rest)) if t.contains(&link_import) => {
                    let name = rest.split_whitespace().next().unwrap_or("");
                    code.push_str(&format!("const {name} = __shinchoku_split;\n"));
                    continue;
                }
                _ => {
                    return Err(PackError::GlueImports(
                        glue_path.to_path_buf(),
                        t.to_string(),
                    ));
                }
            }
        }
        code.push_str(line);
        code.push('\n');
    }
    let init = default_export(glue).ok_or_else(|| PackError::NoInit(glue_path.to_path_buf()))?;
    let b64 = base64::engine::general_purpose::STANDARD.encode(wasm);
    Ok(format!(
        "<script type=\"module\">\n{code}\n\
         const __shinchoku_wasm = Uint8Array.from(atob(\"{b64}\"), (c) => c.charCodeAt(0));\n\
         {init}({{ module_or_path: __shinchoku_wasm }});\n</script>",
        code = script_safe(&code),
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
    let link_path = glue_path.with_file_name(crate::page::LINK_MODULE);
    let link = if link_path.exists() {
        Some(read_text(&link_path)?)
    } else {
        None
    };
    let mut boot = Some(boot_module(
        &glue_path,
        &glue,
        &wasm,
        link.as_deref().map(|l| (link_path.as_path(), l)),
    )?);
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
    // The screens' chunks, read by the loader above when first needed.
    if link.is_some() {
        for (name, bytes) in chunks(&wasm_path)? {
            let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
            html = before_body_end(
                &html,
                &format!(
                    "<script type=\"text/plain\" id=\"{CHUNK_ELEMENT_PREFIX}{name}\">{b64}</script>"
                ),
            );
        }
    }
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
    #[test]
    fn the_folder_the_page_names_is_found_in_its_html() {
        let html = r#"<link rel="modulepreload" href="./pkg-0a1b2c/shinchoku.js"><script type="module">import init from "./pkg-0a1b2c/shinchoku.js";</script>"#;
        assert_eq!(super::referenced_pkg(html).as_deref(), Some("pkg-0a1b2c"));
        assert_eq!(super::referenced_pkg("<p>my-pkg-12/ and pkg-zz/</p>"), None);
    }

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

    /// The layout `xtask page` writes: glue, start module, link module and
    /// chunks in `pkg-<hash>/`, loaded by a module script in the head.
    fn split_dist(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-split-{name}-{}", std::process::id()));
        let pkg = dir.join("pkg-0123abcd");
        fs::create_dir_all(&pkg).unwrap();
        fs::write(
            dir.join("index.html"),
            format!(
                "<!DOCTYPE html><html><head>{}</head><body></body></html>",
                crate::page::loader("pkg-0123abcd")
            ),
        )
        .unwrap();
        fs::write(
            pkg.join("shinchoku.js"),
            "import * as import1 from \"./__wasm_split.js\"\n\
             import * as import2 from \"./__wasm_split.js\"\n\
             let wasm;\nfunction initSync(m) { return wasm; }\n\
             function __wbg_get_imports() { return { a: import1.__wasm_split_load_list_1, b: import2.__wasm_split_load_card_2 }; }\n\
             async function __wbg_init(m) {}\nexport { initSync, __wbg_init as default };\n",
        )
        .unwrap();
        fs::write(
            pkg.join("__wasm_split.js"),
            "import { initSync } from \"./shinchoku.js\";\n\
             function makeLoad(f) { return f; }\n\
             const __chunk_3 = makeLoad(() => {\n    const src = fetch(new URL(\"./chunk_3.wasm\", import.meta.url));\n});\n\
             export const __wasm_split_load_list_1 = makeLoad(() => {\n    const src = fetch(new URL(\"./split_list_1.wasm\", import.meta.url));\n});\n\
             export const __wasm_split_load_card_2 = __chunk_3;\n",
        )
        .unwrap();
        fs::write(pkg.join("shinchoku_bg.wasm"), b"\0asmMAIN").unwrap();
        fs::write(pkg.join("split_list_1.wasm"), b"\0asmLIST").unwrap();
        fs::write(pkg.join("chunk_3.wasm"), b"\0asmCHUNK").unwrap();
        dir
    }

    #[test]
    fn the_split_page_module_is_one_inline_module_and_its_chunks_are_data() {
        let dir = split_dist("inline");
        let html = pack(&dir).unwrap();
        let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        // The start module boots from bytes; each chunk is an unexecuted
        // text the loader reads by name instead of fetching it.
        assert!(html.contains(&b64(b"\0asmMAIN")));
        for (name, bytes) in [
            ("split_list_1.wasm", &b"\0asmLIST"[..]),
            ("chunk_3.wasm", b"\0asmCHUNK"),
        ] {
            assert!(html.contains(&format!(
                "<script type=\"text/plain\" id=\"wasm-chunk-{name}\">{}</script>",
                b64(bytes)
            )));
        }
        assert!(html.contains("__shinchoku_chunk(new URL(\"./split_list_1.wasm\""));
        assert!(html.contains(
            "const __shinchoku_split = { __wasm_split_load_list_1, __wasm_split_load_card_2 };"
        ));
        assert!(html.contains("const import1 = __shinchoku_split;"));
        assert!(html.contains("const import2 = __shinchoku_split;"));
        // Nothing is imported or fetched any more, and only one script runs.
        for gone in ["import ", "fetch(", "export const", "href=", "src=\""] {
            assert!(!html.contains(gone), "{gone} left in {html}");
        }
        assert_eq!(html.matches("<script type=\"module\">").count(), 1);
        // The link module's code comes before the glue that reads it.
        assert!(
            html.find("const __shinchoku_split").unwrap() < html.find("const import1").unwrap()
        );
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_link_module_importing_anything_else_is_refused() {
        let dir = split_dist("refused");
        let link = dir.join("pkg-0123abcd/__wasm_split.js");
        let text = fs::read_to_string(&link).unwrap();
        fs::write(&link, format!("import x from \"./elsewhere.js\";\n{text}")).unwrap();
        assert!(matches!(pack(&dir), Err(PackError::GlueImports(..))));
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
