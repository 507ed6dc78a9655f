//! A small static file server for loopback: serves a folder under a URL
//! prefix, so the app is tried the way a city's internal web server would
//! host it (any sub-path, relative URLs). Not for the open network.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;

/// Request targets received, in order (for tests: what did the page ask for?).
pub type AccessLog = Arc<Mutex<Vec<String>>>;

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// Maps a request path to a file inside `root`, refusing `..` and anything
/// outside `prefix`.
pub fn resolve(root: &Path, prefix: &str, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let rest = path.strip_prefix(prefix.trim_end_matches('/'))?;
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None;
    }
    let mut out = root.to_path_buf();
    for c in Path::new(rest.trim_start_matches('/')).components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    out.is_file().then_some(out)
}

fn respond(
    mut stream: TcpStream,
    root: &Path,
    prefix: &str,
    log: &AccessLog,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Read and drop the headers.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let head = method == "HEAD";
    if let Ok(mut l) = log.lock() {
        l.push(target.to_string());
    }
    if method != "GET" && !head {
        return stream.write_all(
            b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
    }
    match resolve(root, prefix, target).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b))) {
        Some((path, body)) => {
            let header = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
                content_type(&path),
                body.len()
            );
            stream.write_all(header.as_bytes())?;
            if !head {
                stream.write_all(&body)?;
            }
            Ok(())
        }
        None => stream.write_all(
            b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found",
        ),
    }
}

/// Binds 127.0.0.1:`port` (0 = any free port) and serves on a background
/// thread for the life of the process. Returns the bound port.
pub fn start(root: PathBuf, prefix: String, port: u16) -> std::io::Result<u16> {
    start_logged(root, prefix, port).map(|(port, _)| port)
}

/// Like [`start`], and also returns the log of request targets.
pub fn start_logged(root: PathBuf, prefix: String, port: u16) -> std::io::Result<(u16, AccessLog)> {
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    let port = listener.local_addr()?.port();
    let log = AccessLog::default();
    let log2 = log.clone();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (root, prefix, log) = (root.clone(), prefix.clone(), log2.clone());
            thread::spawn(move || {
                let _ = respond(stream, &root, &prefix, &log);
            });
        }
    });
    Ok((port, log))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_root_and_prefix() {
        let root = std::env::temp_dir().join(format!("xtask-serve-{}", std::process::id()));
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("index.html"), "i").unwrap();
        std::fs::write(root.join("sub/a.js"), "a").unwrap();
        assert_eq!(
            resolve(&root, "/app/", "/app/"),
            Some(root.join("index.html"))
        );
        assert_eq!(
            resolve(&root, "/app/", "/app"),
            Some(root.join("index.html"))
        );
        assert_eq!(
            resolve(&root, "/app/", "/app/sub/a.js?x=1"),
            Some(root.join("sub/a.js"))
        );
        assert_eq!(resolve(&root, "/app/", "/app/../etc/passwd"), None);
        assert_eq!(resolve(&root, "/app/", "/other/index.html"), None);
        assert_eq!(resolve(&root, "/app/", "/apple/index.html"), None);
        assert_eq!(
            resolve(&root, "/", "/sub/a.js"),
            Some(root.join("sub/a.js"))
        );
        std::fs::remove_dir_all(root).unwrap();
    }
}
