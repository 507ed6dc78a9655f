//! Shared helpers of the end-to-end tests: one chromedriver and one fresh
//! Chromium profile per test, stopped through their own `Child` handle.
#![allow(dead_code)] // each test file uses a part

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use plan_core::PlanFile;
use serde_json::json;
/// The app's catalogue: tests match what the app says, in its words.
#[allow(unused_imports)] // each test file uses a part
pub use shinchoku::texts::{EN, JA};

pub const WAIT: Duration = Duration::from_secs(30);

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn built(path: &str) -> PathBuf {
    let p = root().join(path);
    assert!(
        p.exists(),
        "{} is missing: build first (./test does, or ./run)",
        p.display()
    );
    p
}

/// One chromedriver and one Chromium profile; both go away on drop.
pub struct Browser {
    client: Option<Client>,
    driver: Child,
    profile: PathBuf,
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Stop our own chromedriver by its Child handle, never by group.
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

impl Browser {
    pub async fn start() -> Browser {
        static N: AtomicUsize = AtomicUsize::new(0);
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {chromedriver}: {e}"));
        let profile = std::env::temp_dir().join(format!(
            "shinchoku-e2e-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let mut browser = Browser {
            client: None,
            driver,
            profile,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--allow-file-access-from-files",
                    format!("--user-data-dir={}", browser.profile.display()),
                    "--window-size=1280,900",
                ],
                "prefs": {
                    "download.default_directory": browser.downloads().display().to_string(),
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true,
                    "safebrowsing.enabled": false
                }
            }),
        );
        // The driver is on loopback: plain HTTP, no TLS stack.
        let http = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(http)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("connect to chromedriver");
        browser.client = Some(client);
        browser
    }

    /// Where this profile's downloads land.
    pub fn downloads(&self) -> PathBuf {
        self.profile.join("downloads")
    }

    /// Waits for a finished download whose name ends with `suffix`, returns
    /// its path (and removes nothing: each test has its own profile).
    pub async fn downloaded(&self, suffix: &str) -> PathBuf {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(entries) = std::fs::read_dir(self.downloads()) {
                let entries: Vec<_> = entries.flatten().collect();
                // Chromium may show the final name before the bytes are in:
                // wait for no partial download and a size that holds still.
                let partial = entries
                    .iter()
                    .any(|e| e.file_name().to_string_lossy().ends_with(".crdownload"));
                for e in entries.iter().filter(|_| !partial) {
                    let name = e.file_name().to_string_lossy().to_string();
                    let size = |p: &std::path::Path| std::fs::metadata(p).map_or(0, |m| m.len());
                    if name.ends_with(suffix) && size(&e.path()) > 0 {
                        let before = size(&e.path());
                        tokio::time::sleep(Duration::from_millis(200)).await;
                        if size(&e.path()) == before {
                            return e.path();
                        }
                    }
                }
            }
            assert!(
                Instant::now() < deadline,
                "no download ending with {suffix}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Empties the download folder (between two exports of one test).
    pub fn clear_downloads(&self) {
        let _ = std::fs::remove_dir_all(self.downloads());
    }

    /// Picks a file in an `<input type=file>`.
    pub async fn upload(&self, css: &str, path: &std::path::Path) {
        let el = self.find(css).await;
        el.send_keys(&path.display().to_string()).await.unwrap();
    }

    pub fn c(&self) -> &Client {
        self.client.as_ref().unwrap()
    }

    /// Waits for the element (up to `WAIT`).
    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.c()
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} not found: {e}"))
    }

    pub async fn text_of(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap()
    }

    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.unwrap();
    }

    /// Saves a PNG under target/screenshots/ for a person to look at.
    pub async fn screenshot(&self, name: &str) {
        let dir = root().join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let png = self.c().screenshot().await.unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    pub async fn close(mut self) {
        if let Some(c) = self.client.take() {
            let _ = c.close().await;
        }
    }
}

impl Browser {
    /// Waits until the element's text contains `expected`.
    pub async fn wait_text(&self, css: &str, expected: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = match self.c().find(Locator::Css(css)).await {
                Ok(e) => e.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(expected) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "{css}: expected {expected:?}, found {text:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the element's text shows `template` (see [`fits`]).
    pub async fn wait_fits(&self, css: &str, template: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = match self.c().find(Locator::Css(css)).await {
                Ok(e) => e.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if fits(&text, template) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "{css}: expected {template:?}, found {text:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for the save indicator to say the work is stored.
    pub async fn wait_saved(&self) {
        self.wait_text("[data-testid=save-status]", JA.save.saved)
            .await;
    }

    /// Runs a script and returns its value.
    pub async fn js(&self, script: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        self.c().execute(script, args).await.unwrap()
    }

    /// Replaces the text of an input or textarea as a user types it.
    pub async fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        el.clear().await.unwrap();
        el.send_keys(text).await.unwrap();
    }
}

/// The sample plan's id and its localStorage key.
pub const SAMPLE_ID: &str = "midorino-dx-ap2";
pub const SAMPLE_KEY: &str = "shinchoku.v1.plan.midorino-dx-ap2";

/// The app's "today", as its clock adapter sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Today {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Today {
    /// `2026-11-21`, as `done_on` and other dates are stored.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// (year, month), as `plan_core::query::filter_cards` takes it.
    pub fn year_month(self) -> (i32, u32) {
        (self.year, self.month)
    }
}

/// A hole in a catalogue text: `(JA.storage.too_big)(3000, HOLE, ...)` for
/// the parts a test cannot know (sizes, times), matched with [`fits`].
pub const HOLE: &str = "\u{1}";

/// Whether `text` shows `template` (a catalogue text with [`HOLE`]s): every
/// fixed part, in order.
pub fn fits(text: &str, template: &str) -> bool {
    let mut rest = text;
    for part in template.split(HOLE) {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// A catalogue text that takes a count, with a [`HOLE`] for the count.
pub fn with_any_count(text: fn(usize) -> String) -> String {
    text(usize::MAX).replace(&usize::MAX.to_string(), HOLE)
}

/// A plan file read from disk (a download), parsed by plan-core's loader:
/// whatever the app writes must load.
pub fn read_plan(path: &std::path::Path) -> PlanFile {
    let text = std::fs::read_to_string(path).unwrap();
    parse_plan(&text, &path.display().to_string())
}

fn parse_plan(text: &str, what: &str) -> PlanFile {
    let loaded = plan_core::load_str(text);
    let errors: Vec<_> = loaded.errors().collect();
    assert!(errors.is_empty(), "{what} does not load: {errors:?}");
    loaded
        .file
        .unwrap_or_else(|| panic!("{what} does not load"))
}

/// Writes a plan file for a test to open or import; returns its path.
pub fn write_plan(name: &str, plan: &PlanFile) -> PathBuf {
    let path = root().join(format!("target/{name}"));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, plan_core::to_json_pretty(plan)).unwrap();
    path
}

/// The single file's address on file://.
pub fn single_url() -> String {
    format!("file://{}", built("single/shinchoku.html").display())
}

/// Steps as a user takes them, and what the app keeps.
impl Browser {
    /// Damages the single file's embedded worker module (as a broken copy
    /// of the file would be): the next file job cannot start the worker.
    pub async fn break_worker_module(&self) {
        self.js(
            "document.getElementById('worker-wasm').textContent = 'bm90IHdhc20=';",
            vec![],
        )
        .await;
    }

    /// Opens the app at `url` and starts with the sample plan.
    pub async fn open_sample(&self, url: &str) {
        self.c().goto(url).await.unwrap();
        self.click("[data-testid=start-sample]").await;
        self.text_of("[data-testid=card-count]").await;
    }

    /// Opens the app at `url` and opens a plan file from the start page.
    pub async fn open_file(&self, url: &str, path: &std::path::Path) {
        self.c().goto(url).await.unwrap();
        self.upload("[data-testid=start-open] input[type=file]", path)
            .await;
        self.text_of("[data-testid=card-count]").await;
    }

    /// Picks a file to import on the exchange page (it goes to the preview
    /// or to the file report; nothing is confirmed).
    pub async fn import(&self, url: &str, path: &std::path::Path) {
        self.c().goto(&format!("{url}#/exchange")).await.unwrap();
        self.upload("input[data-testid=import-file]", path).await;
    }

    /// Confirms the previewed import and waits for the app to say so.
    pub async fn confirm_import(&self, file_name: &str, conflicts_kept: usize) {
        self.click("[data-testid=confirm-import]").await;
        self.wait_text(
            ".notices",
            &(JA.exchange.import_done)(file_name, conflicts_kept),
        )
        .await;
    }

    /// Exports the whole plan from the exchange page; returns the file.
    pub async fn export_whole(&self, url: &str) -> PathBuf {
        self.c().goto(&format!("{url}#/exchange")).await.unwrap();
        self.click("[data-testid=export-whole]").await;
        self.downloaded(".json").await
    }

    /// Opens a card's sheet.
    pub async fn open_card(&self, url: &str, card: &str) {
        self.c().goto(&format!("{url}#/card/{card}")).await.unwrap();
        self.text_of("[data-testid=card-sheet]").await;
    }

    /// Types a card's title in its editor and waits until it is saved.
    pub async fn set_title(&self, url: &str, card: &str, title: &str) {
        self.c()
            .goto(&format!("{url}#/card/{card}/edit"))
            .await
            .unwrap();
        self.type_into("input[data-testid=title]", title).await;
        self.wait_saved().await;
    }

    /// Ticks an action on a card's sheet (any `action` selector inside the
    /// card's year columns, e.g. `.year-col[data-year='2026'] .action:not(.done)`)
    /// and waits until it is saved.
    pub async fn tick(&self, url: &str, card: &str, action: &str) {
        self.open_card(url, card).await;
        self.click(&format!("{action} input[type=checkbox]")).await;
        self.wait_saved().await;
    }

    /// Fills localStorage to its last few bytes with ballast under keys of
    /// the tests' own (`shinchoku.v1.test-…`), as a full store would be.
    pub async fn fill_storage(&self) {
        self.js(
            "const chunk = 'x'.repeat(256 * 1024); let i = 0;
             try { for (;;) { localStorage.setItem('shinchoku.v1.test-ballast-' + i, chunk); i++; } } catch (e) {}
             for (const size of [1024, 64, 4]) {
               try { for (let n = 0; ; n++) { localStorage.setItem('shinchoku.v1.test-fill-' + size + '-' + n, 'x'.repeat(size)); } } catch (e) {}
             }",
            vec![],
        )
        .await;
    }

    /// Removes what [`Browser::fill_storage`] wrote.
    pub async fn empty_ballast(&self) {
        self.js(
            "Object.keys(localStorage).filter(k => k.startsWith('shinchoku.v1.test-')).forEach(k => localStorage.removeItem(k));",
            vec![],
        )
        .await;
    }

    /// The text stored under a localStorage key; for a plan kept one value
    /// per card (a manifest, `plan_core::stored`), the plan's text put
    /// together from its cards as the app's loader reads it.
    pub async fn stored_text(&self, key: &str) -> Option<String> {
        self.js(
            "const raw = localStorage.getItem(arguments[0]);
             if (raw === null || !raw.startsWith('{\"stored\":\"shinchoku-stored-plan\"')) return raw;
             const m = JSON.parse(raw);
             const cards = m.cards.map((n) => localStorage.getItem('shinchoku.v1.card.' + n));
             if (cards.some((c) => c === null)) return raw;
             return m.head + cards.join(',') + m.tail;",
            vec![json!(key)],
        )
        .await
        .as_str()
        .map(String::from)
    }

    /// The plan stored under plan id `id`, parsed by plan-core's loader.
    pub async fn stored_plan(&self, id: &str) -> PlanFile {
        let key = format!("shinchoku.v1.plan.{id}");
        let text = self
            .stored_text(&key)
            .await
            .unwrap_or_else(|| panic!("nothing stored under {key}"));
        parse_plan(&text, &key)
    }

    /// Writes a plan under its key as another tab or device would, without
    /// this page knowing (a tab gets no storage event for its own writes).
    pub async fn store_plan(&self, plan: &PlanFile) {
        self.js(
            "localStorage.setItem(arguments[0], arguments[1]);",
            vec![
                json!(format!("shinchoku.v1.plan.{}", plan.plan.id)),
                json!(plan_core::to_json(plan)),
            ],
        )
        .await;
    }

    /// The sample plan as stored.
    pub async fn stored_sample(&self) -> PlanFile {
        self.stored_plan(SAMPLE_ID).await
    }

    /// The app's today: the browser's clock plus the test's day offset
    /// (`shinchoku.v1.test.day-offset`), as `src/clock_adapter.rs` reads it.
    pub async fn today(&self) -> Today {
        let v = self
            .js(
                "const off = Number((localStorage.getItem(arguments[0]) || '0').trim()) || 0;
                 const d = new Date(Date.now() + off * 86400000);
                 return [d.getFullYear(), d.getMonth() + 1, d.getDate()];",
                vec![json!(DAY_OFFSET_KEY)],
            )
            .await;
        Today {
            year: v[0].as_i64().unwrap() as i32,
            month: v[1].as_u64().unwrap() as u32,
            day: v[2].as_u64().unwrap() as u32,
        }
    }

    /// Lives on the given day (days after the real today) from the next
    /// page load on; reloads so the app reads it.
    pub async fn live_on_day(&self, day: u32) {
        self.js(
            "localStorage.setItem(arguments[0], String(arguments[1]));",
            vec![json!(DAY_OFFSET_KEY), json!(day)],
        )
        .await;
        self.c().refresh().await.unwrap();
    }
}

/// The test hook that shifts the app's clock by whole days (DEVELOPERS.md).
pub const DAY_OFFSET_KEY: &str = shinchoku::storage::TEST_DAY_OFFSET_KEY;

/// Serves dist/ under a sub-path on a free loopback port; returns the URL.
pub fn serve_dist() -> String {
    let dist = built("dist/index.html").parent().unwrap().to_path_buf();
    let port = xtask::serve::start(dist, "/city/dx/shinchoku/".into(), 0).unwrap();
    format!("http://127.0.0.1:{port}/city/dx/shinchoku/")
}

/// A fresh profile on `url` with the sample plan opened.
pub async fn with_sample(url: &str) -> Browser {
    let b = Browser::start().await;
    b.open_sample(url).await;
    b
}

// --- Page policy and requests (tests/e2e_csp.rs) ---

/// chromedriver's console log of the page (`POST /session/{id}/se/log`);
/// Chromium reports every Content-Security-Policy violation there as an
/// error, including those while the page loads and inside its frames.
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.into()))
    }
}

impl Browser {
    /// Starts recording, in this document: `securitypolicyviolation` events
    /// (of the page and of frames it adds) and the resources frames load.
    pub async fn watch_policy(&self) {
        self.js(
            "window.__csp = window.__csp || [];
             window.__frameResources = window.__frameResources || [];
             const note = (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || ''));
             document.addEventListener('securitypolicyviolation', note);
             new MutationObserver((records) => {
               for (const r of records) for (const n of r.addedNodes) {
                 if (n.tagName !== 'IFRAME') continue;
                 n.addEventListener('load', () => {
                   try {
                     n.contentDocument.addEventListener('securitypolicyviolation', note);
                     for (const e of n.contentWindow.performance.getEntriesByType('resource')) window.__frameResources.push(e.name);
                   } catch (err) { window.__csp.push('frame not readable: ' + err); }
                 });
               }
             }).observe(document.body, { childList: true, subtree: true });",
            vec![],
        )
        .await;
    }

    /// Violations seen since `watch_policy`, and the console's policy
    /// errors since the last call (the log is read and emptied).
    pub async fn policy_violations(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .js("return window.__csp || [];", vec![])
            .await
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|v| format!("event: {}", v.as_str().unwrap_or_default()))
            .collect();
        let log = self.c().issue_cmd(BrowserLog).await.unwrap_or_default();
        for entry in log.as_array().cloned().unwrap_or_default() {
            let msg = entry["message"].as_str().unwrap_or_default();
            if msg.contains("Content Security Policy") || msg.contains("Refused to") {
                out.push(format!("console: {msg}"));
            }
        }
        out
    }

    /// Every resource URL the page and the frames it added have loaded
    /// (Resource Timing), for checking that nothing left the app's files.
    pub async fn resource_urls(&self) -> Vec<String> {
        self.js(
            "return performance.getEntriesByType('resource').map((e) => e.name).concat(window.__frameResources || []);",
            vec![],
        )
        .await
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.as_str().map(String::from))
        .collect()
    }
}

/// Like [`serve_dist`], with the server's log of request targets.
pub fn serve_dist_logged() -> (String, xtask::serve::AccessLog) {
    let dist = built("dist/index.html").parent().unwrap().to_path_buf();
    let (port, log) = xtask::serve::start_logged(dist, "/city/dx/shinchoku/".into(), 0).unwrap();
    (format!("http://127.0.0.1:{port}/city/dx/shinchoku/"), log)
}
