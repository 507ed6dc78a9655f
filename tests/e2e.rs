//! End-to-end tests: the built app in headless Chromium through chromedriver,
//! served under a sub-path and as the single file on file://.
//! Needs `dist/` and `single/shinchoku.html` (built by `./test`).
#![cfg(not(target_arch = "wasm32"))]

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(30);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn built(path: &str) -> PathBuf {
    let p = root().join(path);
    assert!(
        p.exists(),
        "{} is missing: build first (./test does, or ./run)",
        p.display()
    );
    p
}

/// One chromedriver and one Chromium profile; both go away on drop.
struct Browser {
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
    async fn start() -> Browser {
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
                ]
            }),
        );
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("connect to chromedriver");
        browser.client = Some(client);
        browser
    }

    fn c(&self) -> &Client {
        self.client.as_ref().unwrap()
    }

    async fn text_of(&self, css: &str) -> String {
        self.c()
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} not found: {e}"))
            .text()
            .await
            .unwrap()
    }

    async fn click(&self, css: &str) {
        self.c()
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} not found: {e}"))
            .click()
            .await
            .unwrap();
    }

    /// Saves a PNG under target/screenshots/ for a person to look at.
    async fn screenshot(&self, name: &str) {
        let dir = root().join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let png = self.c().screenshot().await.unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    async fn close(mut self) {
        if let Some(c) = self.client.take() {
            let _ = c.close().await;
        }
    }
}

fn expected_count() -> String {
    format!("全{}件", plan_core::sample_plan().cards.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn served_under_a_sub_path_the_sample_plan_opens_and_a_card_shows_its_actions() {
    let dist = built("dist/index.html").parent().unwrap().to_path_buf();
    let port = xtask::serve::start(dist, "/city/dx/shinchoku/".into(), 0).unwrap();
    let b = Browser::start().await;
    b.c()
        .goto(&format!("http://127.0.0.1:{port}/city/dx/shinchoku/"))
        .await
        .unwrap();

    b.text_of("[data-testid=start-sample]").await;
    b.screenshot("start").await;
    b.click("[data-testid=start-sample]").await;
    let count = b.text_of("[data-testid=card-count]").await;
    assert!(count.contains(&expected_count()), "{count}");
    b.screenshot("overview").await;

    let sample = plan_core::sample_plan();
    let card = &sample.cards[1];
    b.click(&format!("tr[data-card-id='{}'] a", card.id)).await;
    let sheet = b.text_of("[data-testid=card-sheet]").await;
    assert!(sheet.contains(&card.title));
    b.screenshot("card").await;
    for action in card.years.iter().flat_map(|y| &y.actions) {
        assert!(
            sheet.contains(&action.text),
            "action missing: {}",
            action.text
        );
    }
    let url = b.c().current_url().await.unwrap();
    assert_eq!(url.fragment(), Some(format!("/card/{}", card.id).as_str()));

    // The hash reopens the card after a reload.
    b.c().refresh().await.unwrap();
    let sheet = b.text_of("[data-testid=card-sheet]").await;
    assert!(sheet.contains(&card.title));
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_single_file_works_on_file_url_and_keeps_the_plan_after_reload() {
    let file = built("single/shinchoku.html");
    let url = format!("file://{}", file.display());
    let b = Browser::start().await;
    b.c().goto(&url).await.unwrap();

    b.click("[data-testid=start-sample]").await;
    let count = b.text_of("[data-testid=card-count]").await;
    assert!(count.contains(&expected_count()), "{count}");

    b.c().refresh().await.unwrap();
    let count = b.text_of("[data-testid=card-count]").await;
    assert!(count.contains(&expected_count()), "after reload: {count}");

    // Nothing was loaded from anywhere: no resource requests at all.
    let resources = b
        .c()
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(resources, json!([]), "the single file fetched something");
    // ECharts came inline with it.
    let echarts = b
        .c()
        .execute("return typeof window.echarts;", vec![])
        .await
        .unwrap();
    assert_eq!(echarts, json!("object"));
    b.close().await;
}
