//! Builds the page's wasm as a start module plus chunks loaded on demand.
//!
//! trunk runs cargo, wasm-bindgen and wasm-opt in one go and cannot split a
//! module, so the page's module is built here, from trunk's post-build hook
//! (Trunk.toml): cargo with the `split` feature (every screen `#[lazy]`,
//! src/screens.rs) and `--emit-relocs`; wasm-split (the library Leptos'
//! own build tool uses) cuts the module at those functions; wasm-bindgen
//! makes the glue; wasm-opt shrinks the start module and every chunk. The
//! files go into `pkg-<hash>/` in trunk's staging folder, the hash taken
//! over all of them: a server that caches one build's files can never hand
//! a page of the next build an old chunk. The loader goes into index.html
//! (its hash then goes into the policy by `xtask csp`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

/// The stem of the page's glue and start module in `pkg-<hash>/`.
pub const STEM: &str = "shinchoku";
/// The module the glue imports the chunk loaders from; wasm-split writes it.
pub const LINK_MODULE: &str = "__wasm_split.js";
/// The folder prefix of the page's module files in dist/.
pub const PKG_PREFIX: &str = "pkg-";

#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("{0} failed: {1}")]
    Tool(String, String),
    #[error("cannot run {0}: {1}")]
    Spawn(String, std::io::Error),
    #[error("cargo named no wasm for the shinchoku bin")]
    NoWasm,
    #[error("wasm-split: {0}")]
    Split(String),
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("{0} has no </head>")]
    NoHead(PathBuf),
}

fn io<T>(path: &Path, r: std::io::Result<T>) -> Result<T, PageError> {
    r.map_err(|e| PageError::Io(path.to_path_buf(), e))
}

fn run(cmd: &mut Command) -> Result<String, PageError> {
    let name = format!("{:?}", cmd.get_program());
    let out = cmd
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| PageError::Spawn(name.clone(), e))?;
    if !out.status.success() {
        return Err(PageError::Tool(name, out.status.to_string()));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The wasm cargo wrote for the `shinchoku` bin, from its JSON messages.
fn artifact(messages: &str) -> Option<PathBuf> {
    messages.lines().rev().find_map(|line| {
        let v: serde_json::Value = serde_json::from_str(line).ok()?;
        if v["reason"] != "compiler-artifact" || v["target"]["name"] != STEM {
            return None;
        }
        v["filenames"]
            .as_array()?
            .iter()
            .filter_map(|f| f.as_str())
            .find(|f| f.ends_with(".wasm"))
            .map(PathBuf::from)
    })
}

/// Cargo: the app with every screen lazy, linked with relocations kept
/// (wasm-split needs them to see which code each function reaches).
fn cargo_build(root: &Path) -> Result<PathBuf, PageError> {
    let messages = run(Command::new("cargo").current_dir(root).args([
        "rustc",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "shinchoku",
        "--bin",
        STEM,
        "--features",
        "split",
        "--message-format=json-render-diagnostics",
        "--",
        "-C",
        "link-arg=--emit-relocs",
    ]))?;
    artifact(&messages).ok_or(PageError::NoWasm)
}

fn split(input: &Path, work: &Path) -> Result<(PathBuf, PathBuf), PageError> {
    let bytes = io(input, fs::read(input))?;
    let out_dir = work.join("split");
    if out_dir.exists() {
        io(&out_dir, fs::remove_dir_all(&out_dir))?;
    }
    io(&out_dir, fs::create_dir_all(&out_dir))?;
    let main = work.join("main.wasm");
    let link = format!("./{LINK_MODULE}");
    let glue = format!("./{STEM}.js");
    let mut opts = wasm_split_cli_support::Options::new(&bytes);
    opts.output_dir = &out_dir;
    opts.main_out_path = &main;
    opts.link_name = &link;
    opts.main_module = &glue;
    wasm_split_cli_support::transform(opts).map_err(|e| PageError::Split(format!("{e:#}")))?;
    Ok((main, out_dir))
}

fn bindgen(main: &Path, work: &Path) -> Result<PathBuf, PageError> {
    let out = work.join("bindgen");
    if out.exists() {
        io(&out, fs::remove_dir_all(&out))?;
    }
    // The chunks call into the start module by its exports, which
    // wasm-bindgen would otherwise drop (as cargo-leptos does).
    run(Command::new("wasm-bindgen")
        .args([
            "--target",
            "web",
            "--keep-lld-exports",
            "--no-demangle",
            "--no-typescript",
            "--out-name",
            STEM,
            "--out-dir",
        ])
        .arg(&out)
        .arg(main))?;
    Ok(out)
}

fn wasm_opt(from: &Path, to: &Path) -> Result<(), PageError> {
    run(Command::new("wasm-opt")
        .arg("-Oz")
        .arg(from)
        .arg("-o")
        .arg(to))
    .map(|_| ())
}

/// `(name, bytes)` of every file of the page's module, names sorted.
fn outputs(bindgen: &Path, split: &Path, opt: &Path) -> Result<Vec<(String, Vec<u8>)>, PageError> {
    let mut files = Vec::new();
    for name in [format!("{STEM}.js"), format!("{STEM}_bg.wasm")] {
        let from = bindgen.join(&name);
        if name.ends_with(".wasm") {
            let to = opt.join(&name);
            wasm_opt(&from, &to)?;
            files.push((name, io(&to, fs::read(&to))?));
        } else {
            files.push((name, io(&from, fs::read(&from))?));
        }
    }
    let mut chunks: Vec<PathBuf> = io(split, fs::read_dir(split))?
        .flatten()
        .map(|e| e.path())
        .collect();
    chunks.sort();
    for path in chunks {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".wasm") {
            let to = opt.join(&name);
            wasm_opt(&path, &to)?;
            files.push((name, io(&to, fs::read(&to))?));
        } else if name == LINK_MODULE {
            files.push((name, io(&path, fs::read(&path))?));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// The folder name for these files: changes whenever any of them does.
pub fn folder_name(files: &[(String, Vec<u8>)]) -> String {
    let mut h = Sha256::new();
    for (name, bytes) in files {
        h.update(name.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    let hex: String = h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{PKG_PREFIX}{hex}")
}

/// The tags that preload and start the page's module from `dir`.
pub fn loader(dir: &str) -> String {
    format!(
        "<link rel=\"modulepreload\" href=\"./{dir}/{STEM}.js\">\n\
         <link rel=\"preload\" href=\"./{dir}/{STEM}_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n\
         <script type=\"module\">\nimport init from './{dir}/{STEM}.js';\nawait init({{ module_or_path: './{dir}/{STEM}_bg.wasm' }});\n</script>\n"
    )
}

/// Builds the page's module into `staging/pkg-<hash>/` and puts its loader
/// into `staging/index.html`. Returns the folder's name.
pub fn build(root: &Path, staging: &Path) -> Result<String, PageError> {
    let wasm = cargo_build(root)?;
    let work = wasm.with_file_name("shinchoku-split");
    io(&work, fs::create_dir_all(&work))?;
    let (main, chunks) = split(&wasm, &work)?;
    let bound = bindgen(&main, &work)?;
    let opt = work.join("opt");
    if opt.exists() {
        io(&opt, fs::remove_dir_all(&opt))?;
    }
    io(&opt, fs::create_dir_all(&opt))?;
    let files = outputs(&bound, &chunks, &opt)?;
    let dir = folder_name(&files);
    let pkg = staging.join(&dir);
    io(&pkg, fs::create_dir_all(&pkg))?;
    for (name, bytes) in &files {
        let p = pkg.join(name);
        io(&p, fs::write(&p, bytes))?;
    }
    let index = staging.join("index.html");
    let html = io(&index, fs::read_to_string(&index))?;
    let at = html
        .rfind("</head>")
        .ok_or_else(|| PageError::NoHead(index.clone()))?;
    let html = format!("{}{}{}", &html[..at], loader(&dir), &html[at..]);
    io(&index, fs::write(&index, html))?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bin_wasm_is_found_among_cargo_messages() {
        let msgs = r#"{"reason":"compiler-artifact","target":{"name":"plan_core"},"filenames":["/t/libplan_core.rlib"]}
{"reason":"compiler-artifact","target":{"name":"shinchoku"},"filenames":["/t/libshinchoku.rlib"]}
{"reason":"compiler-artifact","target":{"name":"shinchoku"},"filenames":["/t/wasm32-unknown-unknown/release/shinchoku.wasm"]}
{"reason":"build-finished","success":true}"#;
        assert_eq!(
            artifact(msgs),
            Some(PathBuf::from(
                "/t/wasm32-unknown-unknown/release/shinchoku.wasm"
            ))
        );
        assert_eq!(artifact("{\"reason\":\"build-finished\"}"), None);
    }

    #[test]
    fn the_folder_changes_with_any_file() {
        let a = vec![
            ("a.wasm".to_string(), b"1".to_vec()),
            ("b.js".into(), b"2".to_vec()),
        ];
        let mut b = a.clone();
        b[1].1 = b"3".to_vec();
        assert!(folder_name(&a).starts_with(PKG_PREFIX));
        assert_eq!(folder_name(&a), folder_name(&a.clone()));
        assert_ne!(folder_name(&a), folder_name(&b));
    }
}
