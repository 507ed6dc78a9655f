//! `cargo run -p xtask -- single-file DIST OUT` packs the app into one HTML
//! file; `cargo run -p xtask -- serve DIST [PORT] [PREFIX]` serves it on
//! 127.0.0.1 until stopped.

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
            eprintln!("usage: xtask single-file DIST OUT | xtask serve DIST [PORT] [PREFIX]");
            ExitCode::from(2)
        }
    }
}
