//! What storage keeps beside a plan reaches the views through the state:
//! a saved list view appears, survives a reload and goes when deleted; a
//! department's file imported shows in the import history and marks the
//! department as sent in the round.

use std::sync::Arc;

use crate::common;

use common::{JA, SAMPLE_KEY, serve_dist, with_sample, write_plan};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_view_appears_survives_a_reload_and_goes_when_deleted() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    b.c().goto(&format!("{url}#/list")).await.unwrap();
    // The list shows once its screen's code has loaded.
    b.find("input[data-testid=view-name]").await;
    // Typed and saved in one go, before the typing pause has put the
    // keyword into the address: the view still has it.
    b.js(
        "const input = (css, v) => { const e = document.querySelector(css); e.value = v;
           e.dispatchEvent(new InputEvent('input', { bubbles: true })); };
         input('input[data-testid=filter-text]', '申請');
         input('input[data-testid=view-name]', '申請の件');
         document.querySelector('[data-testid=save-view]').click();",
        vec![],
    )
    .await;
    b.wait_text("[data-testid=saved-views]", "申請の件").await;

    b.c().refresh().await.unwrap();
    b.c().goto(&format!("{url}#/list")).await.unwrap();
    let list = b.wait_text("[data-testid=saved-views]", "申請の件").await;
    assert!(list.contains("申請の件"), "{list}");
    // The link takes the saved filter back.
    b.click("[data-testid=saved-views] a").await;
    let kw = b
        .js(
            "return document.querySelector('input[data-testid=filter-text]').value;",
            vec![],
        )
        .await;
    assert_eq!(kw, json!("申請"));

    b.click("[data-testid=saved-views] button.danger").await;
    let left = b
        .js(
            "return document.querySelectorAll('[data-testid=saved-views] li').length;",
            vec![],
        )
        .await;
    assert_eq!(left, json!(0));
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imported_department_file_shows_in_the_history_and_the_round() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    // The 市民課's copy comes back with one card's title changed.
    let mut theirs = b.stored_plan("midorino-dx-ap2").await;
    let dept = theirs.plan.departments[0].clone();
    theirs.exported_by = Some(dept.clone());
    theirs.exported_at = Some("2026-10-01T09:00:00+09:00".into());
    Arc::make_mut(&mut theirs.cards[0])
        .title
        .push_str("（更新）");
    // Edited there: the card's clock moved on at the department's site.
    Arc::make_mut(&mut theirs.cards[0])
        .clock
        .increment("dept0001");
    let path = write_plan("lists-import.json", &theirs);
    b.import(&url, &path).await;
    assert_eq!(b.text_of("[data-testid=count-updated]").await, "1");
    b.confirm_import("lists-import.json", 0).await;

    let history = b
        .wait_text("[data-testid=import-history]", "lists-import.json")
        .await;
    assert!(history.contains("lists-import.json"), "{history}");
    let round = b.text_of("[data-testid=round-status]").await;
    let row = round
        .lines()
        .find(|l| l.contains(dept.as_str()))
        .unwrap_or_default()
        .to_string();
    assert!(
        row.contains(JA.exchange.sent),
        "{dept} not marked as sent: {round}"
    );
    assert!(b.stored_text(SAMPLE_KEY).await.is_some());
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filtering_keeps_the_rows_that_remain_and_a_row_link_opens_its_card() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    let sample = plan_core::sample_plan();
    b.c().goto(&format!("{url}#/list")).await.unwrap();
    b.wait_text(
        "[data-testid=list-count]",
        &(JA.list.matching)(sample.cards.len()),
    )
    .await;
    // A mark on the row's element itself (not in the DOM's attributes):
    // it survives only if filtering leaves that element in place.
    let card = &sample.cards[0];
    b.js(
        "document.querySelector(`tr.card-row[data-card-id='${arguments[0]}']`).__kept = true;",
        vec![json!(card.id)],
    )
    .await;
    let filter = plan_core::query::Filter {
        text: card.title.clone(),
        ..Default::default()
    };
    b.c()
        .goto(&format!(
            "{url}#/list?{}",
            plan_core::query::to_query(&filter)
        ))
        .await
        .unwrap();
    let expected =
        plan_core::query::filter_cards(&sample, &filter, b.today().await.year_month()).len();
    assert!(expected < sample.cards.len());
    b.wait_text("[data-testid=list-count]", &(JA.list.matching)(expected))
        .await;
    let kept = b
        .js(
            "const rows = [...document.querySelectorAll('.list-table tbody tr')];
             return [rows.length, rows.some(r => r.__kept === true)];",
            vec![],
        )
        .await;
    assert_eq!(kept, json!([expected, true]));

    // The title is a real link, followed by the table's one click handler.
    let link = format!(".list-table tr[data-card-id='{}'] a", card.id);
    let href = b.find(&link).await.attr("href").await.unwrap();
    assert_eq!(
        href.as_deref(),
        Some(format!("#/card/{}", card.id).as_str())
    );
    b.click(&link).await;
    b.find("[data-testid=card-sheet]").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_titles_show_as_text_in_the_overview_and_the_list() {
    let mut plan = plan_core::sample_plan();
    let hostile =
        "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>&amp;\"'";
    Arc::make_mut(&mut plan.cards[0]).title = hostile.to_string();
    let path = write_plan("lists-hostile.json", &plan);
    let url = serve_dist();
    let b = common::Browser::start().await;
    b.open_file(&url, &path).await;
    for (screen, table) in [("nav-overview", ".card-table"), ("nav-list", ".list-table")] {
        b.click(&format!("[data-testid={screen}]")).await;
        let title = b
            .text_of(&format!(
                "{table} tr[data-card-id='{}'] a",
                plan.cards[0].id
            ))
            .await;
        assert_eq!(title, hostile);
        let state = b
            .js(
                "return [typeof window.__pwned, document.querySelectorAll('tbody img, tbody script').length, document.body.innerText.includes(arguments[0])];",
                vec![json!(hostile)],
            )
            .await;
        assert_eq!(state, json!(["undefined", 0, true]), "{screen}");
    }
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_come_in_the_order_asked_for_with_and_without_a_keyword() {
    use plan_core::query::{Filter, SortKey, filter_cards, to_query};
    let url = serve_dist();
    let b = with_sample(&url).await;
    let sample = plan_core::sample_plan();
    let today = b.today().await.year_month();
    let filters = [
        Filter {
            sort: SortKey::Title,
            descending: true,
            ..Default::default()
        },
        Filter {
            sort: SortKey::Department,
            department: sample.cards[0].lead_department().map(str::to_string),
            ..Default::default()
        },
        Filter {
            sort: SortKey::Title,
            descending: true,
            text: sample.cards[0].title.chars().take(2).collect(),
            ..Default::default()
        },
        // The first order again (kept from its first time).
        Filter {
            sort: SortKey::Title,
            descending: true,
            overdue_only: true,
            ..Default::default()
        },
        Filter::default(),
    ];
    for f in filters {
        let expected: Vec<String> = filter_cards(&sample, &f, today)
            .iter()
            .map(|c| c.id.clone())
            .collect();
        b.c()
            .goto(&format!("{url}#/list?{}", to_query(&f)))
            .await
            .unwrap();
        // Polled: two filters in a row may match as many cards.
        let deadline = std::time::Instant::now() + common::WAIT;
        loop {
            let shown = b
                .js(
                    "return [...document.querySelectorAll('.list-table tbody tr')].map(r => r.dataset.cardId);",
                    vec![],
                )
                .await;
            if shown == json!(expected) {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{f:?}: {shown} instead of {expected:?}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(
            b.text_of("[data-testid=list-count]").await,
            (JA.list.matching)(expected.len())
        );
    }
    b.close().await;
}
