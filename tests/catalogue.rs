//! Every user-facing text of the app comes from the catalogues in
//! `src/texts.rs`: no Japanese (or full-width) literal anywhere else in the
//! app's code, tests excepted.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

fn is_japanese(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x30FF   // CJK punctuation, hiragana, katakana
        | 0x3400..=0x9FFF // CJK ideographs
        | 0xFF00..=0xFFEF // full-width forms
    )
}

/// String literals containing Japanese, with their line numbers.
fn japanese_literals(code: &str) -> Vec<(usize, String)> {
    let code = code.split("#[cfg(test)]").next().unwrap_or(code);
    let mut found = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let line = line.split("//").next().unwrap_or("");
        let mut parts = line.split('"');
        parts.next();
        while let Some(inside) = parts.next() {
            if inside.chars().any(is_japanese) {
                found.push((n + 1, inside.to_string()));
            }
            parts.next();
        }
    }
    found
}

fn scan(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            scan(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("texts.rs") {
            let code = std::fs::read_to_string(&path).unwrap();
            for (line, lit) in japanese_literals(&code) {
                out.push(format!("{}:{line}: \"{lit}\"", path.display()));
            }
        }
    }
}

#[test]
fn no_user_facing_literal_outside_the_catalogues() {
    let mut found = Vec::new();
    scan(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    assert!(
        found.is_empty(),
        "move these into src/texts.rs:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_finds_a_literal() {
    assert_eq!(
        japanese_literals("let x = \"保存\"; // 保存"),
        vec![(1, "保存".to_string())]
    );
    assert!(japanese_literals("// \"保存\"").is_empty());
}
