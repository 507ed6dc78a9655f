//! Accessibility and languages end to end: axe-core (from npm, injected into
//! the page) finds no serious or critical violation on the main screens,
//! and the app switches to English and back, remembering the choice.

use crate::common;

use common::{Browser, EN, JA, root, serve_dist};
use serde_json::{Value, json};

async fn axe(b: &Browser, screen: &str) {
    let axe_js = std::fs::read_to_string(root().join("node_modules/axe-core/axe.min.js"))
        .expect("axe-core from npm (npm ci)");
    b.js(&axe_js, vec![]).await;
    let found = b
        .c()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] }).then(r => done(
               r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                              nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ')) }))));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        found,
        json!([]),
        "{screen}: {}",
        serde_json::to_string_pretty(&found).unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn main_screens_have_no_serious_accessibility_violations() {
    let url = serve_dist();
    let b = Browser::start().await;
    b.c().goto(&url).await.unwrap();
    b.text_of("[data-testid=start-sample]").await;
    axe(&b, "start").await;
    b.click("[data-testid=start-sample]").await;
    b.text_of("[data-testid=card-count]").await;
    axe(&b, "overview").await;
    for (hash, ready, name) in [
        ("#/list", "[data-testid=list-count]", "list"),
        ("#/card/card-04", "[data-testid=card-sheet]", "card"),
        ("#/card/card-04/edit", "[data-testid=card-editor]", "editor"),
        ("#/matrix", "[data-testid=legend]", "matrix"),
        ("#/dashboard", "[data-testid=chart-effect]", "dashboard"),
        ("#/exchange", "[data-testid=round-status]", "exchange"),
    ] {
        b.c().goto(&format!("{url}{hash}")).await.unwrap();
        b.text_of(ready).await;
        axe(&b, name).await;
    }
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_can_be_chosen_and_is_remembered() {
    let url = serve_dist();
    let b = Browser::start().await;
    b.c().goto(&url).await.unwrap();
    b.click("[data-testid=start-sample]").await;
    let cards = plan_core::sample_plan().cards.len();
    b.wait_text("[data-testid=card-count]", &(JA.common.card_count)(cards))
        .await;
    let fy = b.text_of(".card-table th.year").await;
    assert_eq!(fy, (JA.common.fiscal_year)(2024));

    b.click("[data-testid=switch-lang]").await;
    b.wait_text("[data-testid=card-count]", &(EN.common.card_count)(cards))
        .await;
    assert_eq!(
        b.text_of(".card-table th.year").await,
        (EN.common.fiscal_year)(2024)
    );
    let lang: Value = b.js("return document.documentElement.lang;", vec![]).await;
    assert_eq!(lang, "en");
    b.c().refresh().await.unwrap();
    b.wait_text("[data-testid=card-count]", &(EN.common.card_count)(cards))
        .await;
    b.screenshot("english").await;

    b.click("[data-testid=switch-lang]").await;
    b.wait_text("[data-testid=card-count]", &(JA.common.card_count)(cards))
        .await;
    assert_eq!(
        b.text_of(".card-table th.year").await,
        (JA.common.fiscal_year)(2024)
    );
    b.close().await;
}
