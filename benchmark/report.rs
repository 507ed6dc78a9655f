//! Renders `BENCHMARKS.md` from the result files in `benchmark/results/`.

use std::path::Path;

use serde_json::Value;

/// (key, what is measured, budget as text, budget in the key's unit).
const ROWS: &[(&str, &str, &str)] = &[
    ("start_paint", "start screen → first paint (ms)", "≤ 300"),
    (
        "start_echarts_parsed",
        "ECharts parsed at start (1 = yes)",
        "0",
    ),
    (
        "open_plan",
        "opening a plan file → overview shown (ms, incl. WebDriver)",
        "",
    ),
    (
        "overview_render",
        "計画の一覧 (overview) → rendered, next frame (ms)",
        "",
    ),
    (
        "list_render",
        "カードの検索 (list) → rendered, next frame (ms)",
        "≤ 1.3× vanilla",
    ),
    (
        "keystroke_frame",
        "typing one character in the keyword box → next frame (ms)",
        "≤ 16",
    ),
    (
        "keystroke_handler",
        "… of which the app's own handler (ms; until the input event returns)",
        "",
    ),
    (
        "keystroke_baseline",
        "the same key in a plain input on the same page → next frame (ms; no app handler: the browser's own floor, median of 7)",
        "",
    ),
    (
        "keystroke_filtered",
        "… → list count updated, next frame (ms; includes the typing pause)",
        "",
    ),
    (
        "keystroke_longest_task",
        "… longest task meanwhile (ms; 0 = none over 50 ms)",
        "",
    ),
    ("tick_frame", "ticking an action → next frame (ms)", "≤ 16"),
    (
        "tick_handler",
        "… of which the app's own handlers (ms; until the click returns)",
        "",
    ),
    (
        "tick_shown",
        "… → the card shows the action done (struck through, dated), next frame (ms; the card takes the tick after the click's frame is painted)",
        "",
    ),
    (
        "tick_baseline",
        "a plain checkbox on the same card page clicked → next frame (ms; no app handler: the browser's own floor, median of 7)",
        "",
    ),
    (
        "save_longest_task",
        "the save that follows: longest task (ms; 0 = none over 50 ms)",
        "≤ 50",
    ),
    (
        "dashboard_charts",
        "dashboard → first chart drawn, incl. loading ECharts (ms)",
        "",
    ),
    (
        "big_open_longest_task",
        "opening the 20 MB file: longest task (ms)",
        "≤ 200",
    ),
    (
        "big_open_total",
        "opening the 20 MB file → plan or message shown (ms)",
        "",
    ),
    (
        "size_wasm_gz",
        "the page's wasm, gzip -9 (KB; the module the page starts with)",
        "≤ 350",
    ),
    (
        "size_chunks_gz",
        "the screens' wasm chunks, all together, gzip -9 (KB; each fetched when its screen is first shown)",
        "",
    ),
    (
        "size_largest_screen_gz",
        "the largest screen's chunks, gzip -9 (KB; what opening that screen first fetches)",
        "",
    ),
    (
        "size_worker_gz",
        "the file worker's wasm + glue, gzip -9 (KB; loaded on the first Excel/report/print job)",
        "",
    ),
    ("size_glue_gz", "JS glue, gzip -9 (KB)", ""),
    ("size_css_gz", "CSS, gzip -9 (KB)", ""),
    (
        "size_echarts_gz",
        "ECharts, gzip -9 (KB; loaded on first chart after the change)",
        "",
    ),
    ("size_single_file", "single file (KB, uncompressed)", ""),
    ("big_file_bytes", "the \"20 MB file\" (KB)", ""),
];

fn load(dir: &Path) -> Vec<Value> {
    let mut out: Vec<Value> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .filter_map(|t| serde_json::from_str(&t).ok())
                .collect()
        })
        .unwrap_or_default();
    // "before" first, then the others by name.
    out.sort_by_key(|v| {
        let l = v["label"].as_str().unwrap_or_default().to_string();
        (l != "before", l)
    });
    out
}

fn fmt(key: &str, v: Option<f64>) -> String {
    match v {
        None => "–".into(),
        Some(x) if x < 0.0 => "timeout".into(),
        Some(x) if key.starts_with("size_") || key == "big_file_bytes" => {
            format!("{:.0}", x / 1024.0)
        }
        Some(x) if key == "start_echarts_parsed" => format!("{x:.0}"),
        Some(x) => format!("{x:.0}"),
    }
}

fn get(run: &Value, key: &str) -> Option<f64> {
    run["results"][key].as_f64()
}

pub fn render(dir: &Path) -> String {
    let runs = load(dir);
    let mut md = String::from(
        "# Benchmarks\n\n\
         Written by `./bench` (benchmark/browser.rs; not part of `./test`). Headless Chromium \
         against the release single file on file:// (\"single\") and the release build served \
         under a sub-path on loopback (\"served\"), with plans of 100, 1,000 and 2,000 cards \
         made from the sample plan's cards (renumbered copies: real texts and shapes). \
         \"vanilla\" is a hand-written plain-JS page (benchmark/vanilla.js) that builds the same \
         list DOM (form, count, table, first 200 rows) from the same plan, measured in the same \
         run; its keystroke filters and rebuilds the rows at once. Times are medians of 3, in \
         ms, measured in the page (`performance.now()`; \"next frame\" = a message posted from \
         `requestAnimationFrame`, so style, layout and paint are included). Long tasks come from \
         `PerformanceObserver('longtask')`, which reports only tasks over 50 ms.\n\n",
    );
    for run in &runs {
        md.push_str(&format!(
            "- **{}**: {} at commit {}; {}; {}\n",
            run["label"].as_str().unwrap_or_default(),
            run["date"].as_str().unwrap_or_default(),
            run["commit"].as_str().unwrap_or_default(),
            run["machine"].as_str().unwrap_or_default(),
            run["browser"].as_str().unwrap_or_default(),
        ));
        if let Some(note) = run["note"].as_str() {
            md.push_str(&format!("  {note}\n"));
        }
    }
    md.push('\n');
    let mut header = String::from("| what | cards | budget |");
    let mut line = String::from("|---|---|---|");
    for run in &runs {
        let l = run["label"].as_str().unwrap_or_default();
        header.push_str(&format!(" {l} single | {l} served |"));
        line.push_str("---|---|");
    }
    header.push_str(" vanilla | latest single ÷ vanilla |\n");
    line.push_str("---|---|\n");
    md.push_str(&header);
    md.push_str(&line);
    let latest = runs.last();
    for (key, what, budget) in ROWS {
        for n in ["0", "100", "1000", "2000", "big"] {
            let n_key = if n == "big" {
                latest
                    .and_then(|r| r["big_cards"].as_u64())
                    .map(|b| b.to_string())
            } else {
                Some(n.to_string())
            };
            let Some(n_key) = n_key else { continue };
            let cell = |run: &Value, target: &str| get(run, &format!("{key}/{n_key}/{target}"));
            let any = runs.iter().any(|r| {
                ["single", "served", "vanilla"]
                    .iter()
                    .any(|t| cell(r, t).is_some())
            });
            if !any {
                continue;
            }
            let cards = if n == "0" {
                "–".to_string()
            } else {
                n_key.clone()
            };
            let mut row = format!("| {what} | {cards} | {budget} |");
            for run in &runs {
                row.push_str(&format!(
                    " {} | {} |",
                    fmt(key, cell(run, "single")),
                    fmt(key, cell(run, "served"))
                ));
            }
            let vanilla = latest.and_then(|r| cell(r, "vanilla"));
            let ratio = match (latest.and_then(|r| cell(r, "single")), vanilla) {
                (Some(a), Some(v)) if v > 0.0 && a >= 0.0 => format!("{:.2}×", a / v),
                _ => "–".into(),
            };
            row.push_str(&format!(" {} | {ratio} |\n", fmt(key, vanilla)));
            md.push_str(&row);
        }
    }
    md.push_str(
        "\n## Largest wasm contributors\n\n\
         `twiggy top -n 24` of the release wasm as cargo leaves it (before wasm-bindgen and \
         wasm-opt, function names kept), less the name and wasm-bindgen metadata sections; \
         sizes are therefore above the shipped module's.\n",
    );
    for run in &runs {
        let twiggy = run["twiggy"].as_str().unwrap_or_default();
        if twiggy.trim().is_empty() {
            continue;
        }
        md.push_str(&format!(
            "\n### {}\n\n```\n{}\n```\n",
            run["label"].as_str().unwrap_or_default(),
            twiggy.trim_end()
        ));
    }
    md
}
