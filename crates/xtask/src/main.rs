//! `cargo run -p xtask -- single-file DIST OUT` packs the app into one HTML
//! file; `cargo run -p xtask -- serve DIST [PORT] [PREFIX]` serves it on
//! 127.0.0.1 until stopped; `cargo run -p xtask -- csp HTML` adds the
//! sha256 of the page's inline scripts to its Content-Security-Policy (run
//! by trunk after each build, see Trunk.toml); `cargo run -p xtask -- page
//! STAGING` builds the page's wasm as a start module and chunks into
//! trunk's staging folder (also run by trunk's hook).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["single-file", dist, out] => {
            match xtask::single_file::write(dist.as_ref(), out.as_ref()) {
                Ok(bytes) => {
                    println!(
                        "single file: {} ({:.1} MB)",
                        out,
                        bytes as f64 / 1_048_576.0
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("single-file: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        ["csp", page] => {
            let html = match std::fs::read_to_string(page) {
                Ok(h) => h,
                Err(e) => {
                    eprintln!("csp: cannot read {page}: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let Some(out) = xtask::csp::hash_inline_scripts(&html, &[]) else {
                eprintln!("csp: {page} has no Content-Security-Policy meta element");
                return ExitCode::FAILURE;
            };
            if let Err(e) = std::fs::write(page, out) {
                eprintln!("csp: cannot write {page}: {e}");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        ["page", staging] => {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
            match xtask::page::build(&root, staging.as_ref()) {
                Ok(dir) => {
                    println!("page module: {staging}/{dir}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("page: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        ["serve", dist, rest @ ..] => {
            let port = rest.first().and_then(|p| p.parse().ok()).unwrap_or(8080);
            let prefix = rest.get(1).map_or("/".to_string(), |p| p.to_string());
            match xtask::serve::start(PathBuf::from(dist), prefix.clone(), port) {
                Ok(port) => {
                    println!("serving {dist} at http://127.0.0.1:{port}{prefix}  (Ctrl+C to stop)");
                    loop {
                        std::thread::park();
                    }
                }
                Err(e) => {
                    eprintln!("serve: cannot bind 127.0.0.1:{port}: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => {
            eprintln!(
                "usage: xtask single-file DIST OUT | xtask serve DIST [PORT] [PREFIX] | xtask csp HTML | xtask page STAGING"
            );
            ExitCode::from(2)
        }
    }
}
