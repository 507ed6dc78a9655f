//! The browser benchmark behind `./bench` (not part of `./test`): headless
//! Chromium against the release single file (file://) and the served build
//! (a sub-path on loopback), on plans of 100, 1,000 and 2,000 cards made
//! from the sample plan's texts, with a hand-written vanilla-JS page that
//! builds the same list DOM measured in the same run.
//!
//! Results go to `benchmark/results/<label>.json` (label: `BENCH_LABEL`, default
//! `after`); `BENCHMARKS.md` is rendered from every result file there, so a
//! "before" run (of an older build, `BENCH_DIST` / `BENCH_SINGLE`) stays
//! beside the latest one.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Browser, root};
use plan_core::{PlanFile, Status};
use serde_json::{Value, json};

const SIZES: [usize; 3] = [100, 1000, 2000];
/// Repetitions of each interaction; the median is reported.
const REPEAT: usize = 3;
/// Samples of the plain-input keystroke and checkbox click (cheap; frame
/// timing is noisy).
const BASELINE_REPEAT: usize = 7;

type Results = BTreeMap<String, f64>;

/// `n` cards made from the sample plan's cards, renumbered, so texts,
/// lengths and shapes are real. Valid: it goes through the write gate.
fn plan_of(n: usize) -> PlanFile {
    let sample = plan_core::sample_plan();
    let mut file = sample.clone();
    file.plan.id = format!("bench-{n}");
    file.plan.title = format!("{}（{n}件）", sample.plan.title);
    file.cards = (0..n)
        .map(|i| {
            let mut c = sample.cards[i % sample.cards.len()].clone();
            let round = i / sample.cards.len();
            if round > 0 {
                let c = Arc::make_mut(&mut c);
                c.id = format!("{}-r{round}", c.id);
                c.number = format!("{}-{round}", c.number);
            }
            c
        })
        .collect();
    file
}

fn write_plan(n: usize) -> (PathBuf, PlanFile) {
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    let file = plan_of(n);
    let text = match plan_core::gate::check(&file) {
        Ok(passed) => passed.text,
        Err(refused) => panic!("generated {n}-card plan refused: {refused:?}"),
    };
    let path = dir.join(format!("plan-{n}.json"));
    std::fs::write(&path, text).unwrap();
    (path, file)
}

/// A plan file of at least `bytes` (the "20 MB file" row).
fn write_big(bytes: usize) -> (PathBuf, usize) {
    let (probe, _) = write_plan(280);
    let per_card = std::fs::metadata(probe).unwrap().len() as usize / 280;
    let n = bytes / per_card + 1;
    let (path, _) = write_plan(n);
    (path, n)
}

fn vanilla_page(plan: &Path, n: usize) -> PathBuf {
    let symbols: serde_json::Map<String, Value> = Status::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), json!(s.symbol())))
        .collect();
    let css = std::fs::read_to_string(root().join("style/main.css")).unwrap_or_default();
    let data = std::fs::read_to_string(plan).unwrap().replace("</", "<\\/");
    let js = std::fs::read_to_string(root().join("benchmark/vanilla.js")).unwrap();
    let html = format!(
        "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><style>{css}</style></head>\
         <body><main id=\"main\" class=\"app-main\"></main>\
         <script type=\"application/json\" id=\"plan\">{data}</script>\
         <script type=\"application/json\" id=\"symbols\">{}</script>\
         <script>{js}</script></body></html>",
        Value::Object(symbols)
    );
    let path = root().join(format!("target/bench/vanilla-{n}.html"));
    std::fs::write(&path, html).unwrap();
    path
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Records long tasks (> 50 ms) from now on, in `window.__lt`.
const OBSERVE_LONG_TASKS: &str = "
window.__lt = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([e.startTime, e.duration]); })
  .observe({ type: 'longtask' });
return performance.now();";

/// JS: resolves with the time after the next frame has been produced
/// (a message posted from requestAnimationFrame runs after the paint).
const AFTER_FRAME: &str = "
const afterFrame = () => new Promise((res) => requestAnimationFrame(() => {
  const ch = new MessageChannel();
  ch.port1.onmessage = () => res(performance.now());
  ch.port2.postMessage(0);
}));";

/// Clicks `arguments[0]` (or runs `buildList()` when it is `null`) and
/// waits until `arguments[1]` matches a new element, then one frame.
/// Returns milliseconds from the click.
fn render_script() -> String {
    format!(
        "{AFTER_FRAME}
const done = arguments[arguments.length - 1];
const [click, ready] = arguments;
const old = document.querySelector(ready);
const t0 = performance.now();
if (click) document.querySelector(click).click(); else window.buildList();
const poll = () => {{
  const el = document.querySelector(ready);
  if (el && el !== old) afterFrame().then((t) => done(t - t0));
  else if (performance.now() - t0 > 60000) done(-1);
  else requestAnimationFrame(poll);
}};
poll();"
    )
}

/// Types one character into the keyword box: ms to the next frame, then
/// (once the list count changed or 2 s passed) ms until the count changed
/// and the longest task meanwhile.
fn keystroke_script() -> String {
    format!(
        "{AFTER_FRAME}
const done = arguments[arguments.length - 1];
const ch = arguments[0];
const input = document.querySelector('input[data-testid=filter-text]');
const count = document.querySelector('[data-testid=list-count]');
const before = count.textContent;
window.__lt = [];
const obs = new PerformanceObserver((l) => {{ for (const e of l.getEntries()) window.__lt.push([e.startTime, e.duration]); }});
obs.observe({{ type: 'longtask' }});
const t0 = performance.now();
input.value = input.value + ch;
input.dispatchEvent(new InputEvent('input', {{ bubbles: true, data: ch, inputType: 'insertText' }}));
const tSync = performance.now();
afterFrame().then((t1) => {{
  const poll = () => {{
    const now = performance.now();
    if (count.textContent !== before || now - t0 > 2000) {{
      afterFrame().then((t2) => setTimeout(() => {{
        obs.disconnect();
        const longest = window.__lt.filter(([s]) => s >= t0).reduce((m, [, d]) => Math.max(m, d), 0);
        done([t1 - t0, count.textContent !== before ? t2 - t0 : -1, longest, tSync - t0]);
      }}, 100));
    }} else requestAnimationFrame(poll);
  }};
  poll();
}});"
    )
}

/// Empties the keyword box and waits for the list to settle.
/// A plain element with no handler of the app's, put on the page and used
/// (`click`: a checkbox clicked; otherwise a key typed into an input): how
/// long the browser itself takes to the next frame, the floor under the
/// tick's and the keyword box's figures. Returns ms; the element goes again.
fn baseline_script(click: bool) -> String {
    let (make, act) = if click {
        ("i.type = 'checkbox';", "i.click();")
    } else {
        (
            "",
            "i.value = i.value + '申'; i.dispatchEvent(new InputEvent('input', { bubbles: true, data: '申', inputType: 'insertText' }));",
        )
    };
    format!(
        "{AFTER_FRAME}
const done = arguments[arguments.length - 1];
const i = document.createElement('input');
{make}
document.querySelector('main').prepend(i);
afterFrame().then(() => {{
  const t0 = performance.now();
  {act}
  afterFrame().then((t1) => {{ i.remove(); setTimeout(() => done(t1 - t0), 50); }});
}});"
    )
}

const CLEAR_KEYWORD: &str = "
const done = arguments[arguments.length - 1];
const input = document.querySelector('input[data-testid=filter-text]');
input.value = '';
input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'deleteContentBackward' }));
setTimeout(() => done(true), 1000);";

/// Ticks the first open action: ms to the next frame, and the longest task
/// in the 2.5 s that follow (the save runs 400 ms after the last change).
fn tick_script() -> String {
    format!(
        "{AFTER_FRAME}
const done = arguments[arguments.length - 1];
const box = document.querySelector('.action:not(.done) input.tick');
if (!box) {{ done(null); return; }}
window.__lt = [];
const obs = new PerformanceObserver((l) => {{ for (const e of l.getEntries()) window.__lt.push([e.startTime, e.duration]); }});
obs.observe({{ type: 'longtask' }});
const t0 = performance.now();
box.click();
const tSync = performance.now();
const li = box.closest('li');
// The frame that first paints the action as done (struck through, dated).
const shown = new Promise((res) => {{
  const check = () => {{
    if (!li.classList.contains('done')) {{ requestAnimationFrame(check); return; }}
    const ch = new MessageChannel();
    ch.port1.onmessage = () => res(performance.now());
    ch.port2.postMessage(0);
  }};
  requestAnimationFrame(check);
}});
Promise.all([afterFrame(), shown]).then(([t1, t2]) => setTimeout(() => {{
  obs.disconnect();
  const after = window.__lt.filter(([s]) => s >= t1).reduce((m, [, d]) => Math.max(m, d), 0);
  done([t1 - t0, after, tSync - t0, t2 - t0]);
}}, 2500));"
    )
}

/// First contentful paint: the body is empty until the app renders.
const START_PAINT: &str = "
const done = arguments[arguments.length - 1];
const poll = () => {
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  if (fcp && document.querySelector('[data-testid=start-sample]')) {
    done([fcp.startTime, typeof window.echarts === 'undefined' ? 0 : 1]);
  } else setTimeout(poll, 20);
};
poll();";

/// A fresh browser whose scripts may run long (a slow screen is a result,
/// not a failure: `render_script` gives up after 60 s itself).
async fn bench_browser() -> Browser {
    let b = Browser::start().await;
    b.c()
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(150)),
            None,
            None,
        ))
        .await
        .unwrap();
    b
}

async fn run_js(b: &Browser, script: &str, args: Vec<Value>) -> Value {
    b.c()
        .execute_async(script, args)
        .await
        .unwrap_or_else(|e| panic!("bench script failed: {e}"))
}

/// Opens `url` afresh `REPEAT` times: start paint (ms), ECharts parsed.
async fn start_screen(b: &Browser, url: &str, target: &str, r: &mut Results) {
    let mut paints = Vec::new();
    let mut echarts = 0.0;
    for _ in 0..REPEAT {
        b.c().goto("about:blank").await.unwrap();
        b.c().goto(url).await.unwrap();
        let v = run_js(b, START_PAINT, vec![]).await;
        paints.push(v[0].as_f64().unwrap());
        echarts = v[1].as_f64().unwrap();
    }
    r.insert(format!("start_paint/0/{target}"), median(paints));
    r.insert(format!("start_echarts_parsed/0/{target}"), echarts);
}

async fn open_plan(b: &Browser, url: &str, plan: &Path, n: usize) -> f64 {
    b.c().goto(url).await.unwrap();
    b.find("[data-testid=start-sample]").await;
    let t = Instant::now();
    b.upload("[data-testid=start-open] input[type=file]", plan)
        .await;
    b.wait_text("[data-testid=card-count]", &format!("{n}件"))
        .await;
    t.elapsed().as_secs_f64() * 1000.0
}

/// Every row for one build (`target`: single or served) and one plan size.
async fn measure_app(
    url: &str,
    target: &str,
    n: usize,
    plan: &(PathBuf, PlanFile),
    r: &mut Results,
) {
    let b = bench_browser().await;
    if n == SIZES[0] {
        start_screen(&b, url, target, &mut *r).await;
    }
    let opened = open_plan(&b, url, &plan.0, n).await;
    r.insert(format!("open_plan/{n}/{target}"), opened);

    // 計画の一覧 (overview) and カードの検索 (list), each entered from the other.
    let (mut overview, mut list) = (Vec::new(), Vec::new());
    for _ in 0..REPEAT {
        let v = run_js(
            &b,
            &render_script(),
            vec![
                json!("[data-testid=nav-list]"),
                json!(".list-table tbody tr"),
            ],
        )
        .await;
        list.push(v.as_f64().unwrap());
        let v = run_js(
            &b,
            &render_script(),
            vec![
                json!("[data-testid=nav-overview]"),
                json!("[data-testid=card-count]"),
            ],
        )
        .await;
        overview.push(v.as_f64().unwrap());
    }
    r.insert(format!("overview_render/{n}/{target}"), median(overview));
    r.insert(format!("list_render/{n}/{target}"), median(list));

    // Typing in the keyword box.
    b.click("[data-testid=nav-list]").await;
    b.find(".list-table tbody tr").await;
    let (mut frame, mut filtered, mut longest) = (Vec::new(), Vec::new(), Vec::new());
    let (mut handler, mut baseline) = (Vec::new(), Vec::new());
    for ch in ["申", "請", "業"].iter().take(REPEAT) {
        let v = run_js(&b, &keystroke_script(), vec![json!(ch)]).await;
        frame.push(v[0].as_f64().unwrap());
        filtered.push(v[1].as_f64().unwrap());
        longest.push(v[2].as_f64().unwrap());
        handler.push(v[3].as_f64().unwrap());
        run_js(&b, CLEAR_KEYWORD, vec![]).await;
    }
    for _ in 0..BASELINE_REPEAT {
        let v = run_js(&b, &baseline_script(false), vec![]).await;
        baseline.push(v.as_f64().unwrap());
    }
    r.insert(format!("keystroke_handler/{n}/{target}"), median(handler));
    r.insert(format!("keystroke_baseline/{n}/{target}"), median(baseline));
    r.insert(format!("keystroke_frame/{n}/{target}"), median(frame));
    r.insert(format!("keystroke_filtered/{n}/{target}"), median(filtered));
    r.insert(
        format!("keystroke_longest_task/{n}/{target}"),
        median(longest),
    );

    // Ticking an action on a card sheet, and the save that follows.
    // The card with the most open actions (each repetition ticks one).
    let first = plan
        .1
        .cards
        .iter()
        .max_by_key(|c| {
            c.years
                .iter()
                .flat_map(|y| &y.actions)
                .filter(|a| !a.done)
                .count()
        })
        .map(|c| c.id.clone())
        .unwrap();
    b.c().goto(&format!("{url}#/card/{first}")).await.unwrap();
    b.find(".action input.tick").await;
    let (mut tick, mut save, mut handler, mut shown) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..REPEAT {
        let v = run_js(&b, &tick_script(), vec![]).await;
        if v.is_null() {
            break;
        }
        tick.push(v[0].as_f64().unwrap());
        save.push(v[1].as_f64().unwrap());
        handler.push(v[2].as_f64().unwrap());
        shown.push(v[3].as_f64().unwrap());
    }
    if !tick.is_empty() {
        r.insert(format!("tick_frame/{n}/{target}"), median(tick));
        r.insert(format!("tick_handler/{n}/{target}"), median(handler));
        r.insert(format!("tick_shown/{n}/{target}"), median(shown));
        r.insert(format!("save_longest_task/{n}/{target}"), median(save));
    }
    let mut baseline = Vec::new();
    for _ in 0..BASELINE_REPEAT {
        baseline.push(
            run_js(&b, &baseline_script(true), vec![])
                .await
                .as_f64()
                .unwrap(),
        );
    }
    r.insert(format!("tick_baseline/{n}/{target}"), median(baseline));

    // The dashboard: first charts drawn (ECharts loaded on demand).
    {
        b.c().goto(&format!("{url}#/plan")).await.unwrap();
        b.find("[data-testid=card-count]").await;
        let v = run_js(
            &b,
            &render_script(),
            vec![json!("[data-testid=nav-dashboard]"), json!(".chart canvas")],
        )
        .await;
        r.insert(
            format!("dashboard_charts/{n}/{target}"),
            v.as_f64().unwrap(),
        );
    }
    b.close().await;
}

async fn measure_vanilla(n: usize, plan: &Path, r: &mut Results) {
    let page = vanilla_page(plan, n);
    let b = bench_browser().await;
    b.c()
        .goto(&format!("file://{}", page.display()))
        .await
        .unwrap();
    let mut list = Vec::new();
    for _ in 0..REPEAT {
        let v = run_js(
            &b,
            &render_script(),
            vec![Value::Null, json!(".list-table tbody tr")],
        )
        .await;
        list.push(v.as_f64().unwrap());
    }
    r.insert(format!("list_render/{n}/vanilla"), median(list));
    let (mut frame, mut longest) = (Vec::new(), Vec::new());
    for ch in ["申", "請", "業"].iter().take(REPEAT) {
        let v = run_js(&b, &keystroke_script(), vec![json!(ch)]).await;
        frame.push(v[0].as_f64().unwrap());
        longest.push(v[2].as_f64().unwrap());
        run_js(&b, CLEAR_KEYWORD, vec![]).await;
    }
    r.insert(format!("keystroke_frame/{n}/vanilla"), median(frame));
    r.insert(
        format!("keystroke_longest_task/{n}/vanilla"),
        median(longest),
    );
    b.close().await;
}

/// Opens the ~20 MB file on the start screen: the longest task, and the
/// time until the plan (or a message about it) is on screen.
async fn measure_big(url: &str, target: &str, big: &Path, n: usize, r: &mut Results) {
    let b = bench_browser().await;
    b.c().goto(url).await.unwrap();
    b.find("[data-testid=start-sample]").await;
    b.js(OBSERVE_LONG_TASKS, vec![]).await;
    let t = Instant::now();
    b.upload("[data-testid=start-open] input[type=file]", big)
        .await;
    // Done when the plan shows, or when an error or the file report says
    // something; not at the progress line of a big file being read.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let seen = b
            .js(
                "return !!(document.querySelector('[data-testid=card-count]') || document.querySelector('.notice-error, [data-testid=file-report], [role=alert]'));",
                vec![],
            )
            .await;
        if seen.as_bool() == Some(true) || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let total = t.elapsed().as_secs_f64() * 1000.0;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let longest = b
        .js(
            "return window.__lt.reduce((m, [, d]) => Math.max(m, d), 0);",
            vec![],
        )
        .await;
    r.insert(format!("big_open_total/{n}/{target}"), total);
    r.insert(
        format!("big_open_longest_task/{n}/{target}"),
        longest.as_f64().unwrap_or(-1.0),
    );
    b.screenshot(&format!("bench-big-{target}")).await;
    b.close().await;
}

fn gzip_size(path: &Path) -> f64 {
    let out = std::process::Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .expect("gzip");
    out.stdout.len() as f64
}

/// gzip sizes of what the served page loads at start, and of ECharts.
/// The page's module (`xtask page`) is in `pkg-<hash>/`: the start module
/// `shinchoku_bg.wasm`, its glue and link module, and the screens' chunks.
fn sizes(dist: &Path, single: &Path, r: &mut Results) {
    let mut wasm = 0.0;
    let mut glue = 0.0;
    let mut css = 0.0;
    let mut echarts = 0.0;
    let mut worker = 0.0;
    let mut chunks = 0.0;
    let mut screens: std::collections::BTreeMap<String, f64> = Default::default();
    let mut files: Vec<PathBuf> = Vec::new();
    for e in std::fs::read_dir(dist).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files.extend(std::fs::read_dir(&p).unwrap().flatten().map(|e| e.path()));
        } else {
            files.push(p);
        }
    }
    for p in files {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("shinchoku-worker") {
            worker += gzip_size(&p);
        } else if name.ends_with("_bg.wasm") {
            wasm += gzip_size(&p);
        } else if name.ends_with(".wasm") {
            // split_<screen>_<hash>.wasm is a screen's own code; chunk_N
            // files are shared by several screens.
            let size = gzip_size(&p);
            chunks += size;
            if let Some(screen) = name.strip_prefix("split_") {
                *screens.entry(screen.to_string()).or_default() += size;
            }
        } else if name.starts_with("echarts") && name.ends_with(".js") {
            echarts += gzip_size(&p);
        } else if name.ends_with(".js") && !name.contains("worker") {
            glue += gzip_size(&p);
        } else if name.ends_with(".css") {
            css += gzip_size(&p);
        }
    }
    r.insert("size_wasm_gz/0/served".into(), wasm);
    r.insert("size_chunks_gz/0/served".into(), chunks);
    r.insert(
        "size_largest_screen_gz/0/served".into(),
        largest_screen(dist).unwrap_or_else(|| screens.values().cloned().fold(0.0, f64::max)),
    );
    r.insert("size_glue_gz/0/served".into(), glue);
    r.insert("size_css_gz/0/served".into(), css);
    r.insert("size_echarts_gz/0/served".into(), echarts);
    r.insert("size_worker_gz/0/served".into(), worker);
    r.insert(
        "size_single_file/0/single".into(),
        std::fs::metadata(single)
            .map(|m| m.len() as f64)
            .unwrap_or(0.0),
    );
}

/// The most a screen fetches when first shown: its own chunk plus every
/// shared chunk its loader waits for (read from the link module, which
/// lists them as `makeLoad(…, [__chunk_3, …])`).
fn largest_screen(dist: &Path) -> Option<f64> {
    let pkg = std::fs::read_dir(dist)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.is_dir()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("pkg-"))
        })?;
    let link = std::fs::read_to_string(pkg.join("__wasm_split.js")).ok()?;
    let mut best: f64 = 0.0;
    for part in link.split("export const __wasm_split_load_").skip(1) {
        let part = part.split("export const").next().unwrap_or(part);
        let mut total = 0.0;
        for file in part.split("new URL(\"./").skip(1) {
            let name = file.split('"').next().unwrap_or("");
            total += gzip_size(&pkg.join(name));
        }
        for dep in part.split("__chunk_").skip(1) {
            let n: String = dep.chars().take_while(|c| c.is_ascii_digit()).collect();
            total += gzip_size(&pkg.join(format!("chunk_{n}.wasm")));
        }
        best = best.max(total);
    }
    Some(best)
}

fn env_path(var: &str, default: &str) -> PathBuf {
    std::env::var(var)
        .map(PathBuf::from)
        .unwrap_or_else(|_| root().join(default))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: run with ./bench"]
async fn browser_benchmark() {
    let results_dir = root().join("benchmark/results");
    if std::env::var("BENCH_REPORT_ONLY").is_ok() {
        // Only re-render BENCHMARKS.md from the stored results.
        let md = report::render(&results_dir);
        std::fs::write(root().join("BENCHMARKS.md"), &md).unwrap();
        println!("{md}");
        return;
    }
    let label = std::env::var("BENCH_LABEL").unwrap_or_else(|_| "after".into());
    let dist = env_path("BENCH_DIST", "dist");
    let single = env_path("BENCH_SINGLE", "single/shinchoku.html");
    assert!(
        dist.join("index.html").exists(),
        "{} missing",
        dist.display()
    );
    assert!(single.exists(), "{} missing", single.display());
    let port = xtask::serve::start(dist.clone(), "/city/dx/shinchoku/".into(), 0).unwrap();
    let served = format!("http://127.0.0.1:{port}/city/dx/shinchoku/");
    let file_url = format!("file://{}", single.display());

    let mut r = Results::new();
    sizes(&dist, &single, &mut r);
    for n in SIZES {
        let plan = write_plan(n);
        measure_vanilla(n, &plan.0, &mut r).await;
        for (target, url) in [("single", &file_url), ("served", &served)] {
            eprintln!("bench: {label} {target} {n} cards");
            measure_app(url, target, n, &plan, &mut r).await;
        }
    }
    let (big, big_n) = write_big(20 * 1024 * 1024);
    r.insert(
        "big_file_bytes/0/single".into(),
        std::fs::metadata(&big).unwrap().len() as f64,
    );
    eprintln!("bench: {label} 20 MB file ({big_n} cards)");
    measure_big(&file_url, "single", &big, big_n, &mut r).await;

    std::fs::create_dir_all(&results_dir).unwrap();
    let record = json!({
        "label": label,
        "date": run("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        "commit": std::env::var("BENCH_COMMIT")
            .unwrap_or_else(|_| run("git", &["rev-parse", "--short", "HEAD"])),
        "machine": machine(),
        "browser": run("chromium", &["--version"]),
        "big_cards": big_n,
        "twiggy": twiggy_top(),
        // Free text about what was built and the machine's load, if given.
        "note": std::env::var("BENCH_NOTE").ok(),
        "results": r,
    });
    std::fs::write(
        results_dir.join(format!("{label}.json")),
        serde_json::to_string_pretty(&record).unwrap(),
    )
    .unwrap();
    let md = report::render(&results_dir);
    std::fs::write(root().join("BENCHMARKS.md"), &md).unwrap();
    println!("{md}");
}

fn run(cmd: &str, args: &[&str]) -> String {
    std::process::Command::new(cmd)
        .args(args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_default();
    format!("{} cores (nproc), {cpu}", run("nproc", &[]))
}

/// `twiggy top -n 20` of the wasm the bench script left with names kept.
fn twiggy_top() -> String {
    std::fs::read_to_string(root().join("target/bench/twiggy-top.txt")).unwrap_or_default()
}

mod report;
