//! End-to-end: two tabs (two windows of one browser profile) editing the
//! same card at once. Different fields both survive; the same field keeps
//! the later write, and the other text is shown and one undo away.

use crate::common;

use common::{Browser, HOLE, JA, fits, serve_dist};
use fantoccini::wd::WindowHandle;

/// Opens the card's editor in the current window.
async fn edit_card(b: &Browser, url: &str, id: &str) {
    b.c().goto(&format!("{url}#/card/{id}/edit")).await.unwrap();
    b.find("input[data-testid=title]").await;
}

/// Makes this tab deaf to other tabs' writes until told otherwise, as a
/// tab is while its user types before the other tab's save reaches it: the
/// only way to make "at once" exact rather than a race of timers.
async fn hold_other_tabs_writes(b: &Browser) {
    b.js(
        // The app acts on a storage event for its plan's key; with no key
        // it lets the event pass.
        "Object.defineProperty(StorageEvent.prototype, 'key', { get() { return null; } });",
        vec![],
    )
    .await;
}

async fn value(b: &Browser, css: &str) -> String {
    b.find(css)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// Waits until the field shows `expected`.
async fn wait_value(b: &Browser, css: &str, expected: &str) {
    let deadline = std::time::Instant::now() + common::WAIT;
    loop {
        let v = value(b, css).await;
        if v == expected {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{css}: expected {expected:?}, found {v:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Two windows of one profile on the card's editor; the second one holds
/// back other tabs' writes.
async fn two_tabs_on(card: &str) -> (Browser, String, WindowHandle, WindowHandle) {
    let url = serve_dist();
    let b = common::with_sample(&url).await;
    let first = b.c().window().await.unwrap();
    let second = b.c().new_window(true).await.unwrap().handle;
    b.c().switch_to_window(second.clone()).await.unwrap();
    edit_card(&b, &url, card).await;
    hold_other_tabs_writes(&b).await;
    b.c().switch_to_window(first.clone()).await.unwrap();
    edit_card(&b, &url, card).await;
    (b, url, first, second)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tabs_edit_the_title_and_the_overview_of_one_card_and_both_are_kept() {
    let (b, url, first, second) = two_tabs_on("card-04").await;
    let title = "タブ1で変えた題名";
    let overview = "タブ2で書き直した概要。\n二行目もあります。";

    // Tab 1 changes the title and saves.
    b.type_into("input[data-testid=title]", title).await;
    b.wait_saved().await;

    // Tab 2, which has not seen that save, changes the overview and saves.
    b.c().switch_to_window(second.clone()).await.unwrap();
    assert_ne!(value(&b, "input[data-testid=title]").await, title);
    let original_overview = value(&b, "textarea[data-testid=overview]").await;
    b.type_into("textarea[data-testid=overview]", overview)
        .await;
    b.wait_saved().await;
    // What tab 2 wrote holds both edits, and it shows them.
    wait_value(&b, "input[data-testid=title]", title).await;
    assert_eq!(value(&b, "textarea[data-testid=overview]").await, overview);
    let notices = b.text_of(".notices").await;
    assert!(
        !fits(&notices, &(JA.sync.overridden)(HOLE, HOLE, HOLE))
            && !fits(&notices, &(JA.sync.overridden_no_text)(HOLE, HOLE)),
        "no conflict: {notices}"
    );

    // Tab 1 takes tab 2's write as it arrives.
    b.c().switch_to_window(first).await.unwrap();
    wait_value(&b, "textarea[data-testid=overview]", overview).await;
    assert_eq!(value(&b, "input[data-testid=title]").await, title);

    // And both are what is stored: a fresh load shows them.
    edit_card(&b, &url, "card-04").await;
    b.c().refresh().await.unwrap();
    wait_value(&b, "input[data-testid=title]", title).await;
    assert_eq!(value(&b, "textarea[data-testid=overview]").await, overview);

    // Undo in tab 2 takes back its own edit only: tab 1's title stays.
    b.c().switch_to_window(second).await.unwrap();
    b.click("[data-testid=undo]").await;
    wait_value(&b, "textarea[data-testid=overview]", &original_overview).await;
    assert_eq!(value(&b, "input[data-testid=title]").await, title);
    b.wait_saved().await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_field_in_two_tabs_keeps_the_later_and_shows_the_other() {
    let (b, url, first, second) = two_tabs_on("card-05").await;
    let earlier = "先に保存したタブ1の題名";
    let later = "後から保存したタブ2の題名";

    b.type_into("input[data-testid=title]", earlier).await;
    b.wait_saved().await;

    b.c().switch_to_window(second.clone()).await.unwrap();
    b.type_into("input[data-testid=title]", later).await;
    b.wait_saved().await;
    // The later write is kept; the notice gives the other tab's text.
    let notice = b.wait_text(".notices", earlier).await;
    assert!(
        fits(&notice, &(JA.sync.overridden)(HOLE, HOLE, earlier)),
        "{notice}"
    );
    assert_eq!(value(&b, "input[data-testid=title]").await, later);
    b.screenshot("sync-same-field-notice").await;

    // Tab 1 follows the later write.
    b.c().switch_to_window(first.clone()).await.unwrap();
    wait_value(&b, "input[data-testid=title]", later).await;

    // In tab 2, one undo brings the other tab's title back (and saves it).
    b.c().switch_to_window(second).await.unwrap();
    b.click("[data-testid=undo]").await;
    wait_value(&b, "input[data-testid=title]", earlier).await;
    b.wait_saved().await;
    b.c().switch_to_window(first).await.unwrap();
    wait_value(&b, "input[data-testid=title]", earlier).await;
    edit_card(&b, &url, "card-05").await;
    b.c().refresh().await.unwrap();
    wait_value(&b, "input[data-testid=title]", earlier).await;
    b.close().await;
}
