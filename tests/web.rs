//! Browser tests (wasm-bindgen-test in headless Chromium): components mount
//! and show the plan; the storage adapter never overwrites what it cannot read.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use plan_core::sample_plan;
use shinchoku::state::AppState;
use shinchoku::storage;
use shinchoku::views::card::CardPage;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let doc = document();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn local_storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

#[wasm_bindgen_test]
fn card_view_shows_every_year_with_actions_goals_and_status() {
    let plan = sample_plan();
    let card = plan.cards[1].clone();
    let el = container();
    let (p, card_id) = (plan.clone(), card.id.clone());
    let handle = leptos::mount::mount_to(el.clone(), move || {
        let state = AppState::load();
        state.doc.plan.set(Some(p));
        state.provide();
        view! { <CardPage id=card_id /> }
    });
    let text = el.inner_text();
    assert!(text.contains(&card.title), "{text}");
    assert!(text.contains("取組事項（KPI）"));
    assert!(text.contains("年次目標（KGI）"));
    for y in &card.years {
        assert!(text.contains(&plan_core::fiscal::era_fiscal_year(y.year)));
        for a in &y.actions {
            assert!(text.contains(&a.text), "missing action {}", a.text);
        }
        for g in &y.goals {
            assert!(text.contains(&g.text), "missing goal {}", g.text);
        }
    }
    // Status marks carry their name for screen readers.
    let marks = el.query_selector_all(".year-head .st[aria-label]").unwrap();
    assert_eq!(marks.length() as usize, card.years.len());
    // Every action has a tick box named after it.
    let ticks = el
        .query_selector_all(".actions input[type=checkbox]")
        .unwrap();
    let actions: usize = card.years.iter().map(|y| y.actions.len()).sum();
    assert_eq!(ticks.length() as usize, actions);
    drop(handle);
    assert!(el.inner_text().is_empty(), "unmounting removes the view");
}

#[wasm_bindgen_test]
fn unreadable_stored_plan_is_kept_aside_and_never_overwritten() {
    let ls = local_storage();
    let key = storage::plan_key("broken-plan");
    let raw = r#"{"format": "dx-action-plan", "version": 1, "plan": {"id": "broken-plan""#;
    ls.set_item(&key, raw).unwrap();

    let loaded = storage::load_all();
    let bad = loaded
        .unreadable
        .iter()
        .find(|u| u.key == key)
        .expect("reported");
    assert_eq!(bad.raw, raw);
    let kept = bad.kept_as.clone().expect("a copy is kept aside");
    assert_eq!(ls.get_item(&kept).unwrap().as_deref(), Some(raw));

    // Saving a plan with that id is refused while the key is blocked.
    let mut file = sample_plan();
    file.plan.id = "broken-plan".into();
    let blocked = vec![key.clone()];
    assert!(matches!(
        storage::save_plan(&file, &blocked, None),
        Err(storage::StoreError::Blocked(_))
    ));
    assert_eq!(
        ls.get_item(&key).unwrap().as_deref(),
        Some(raw),
        "untouched"
    );

    // The app says so on its first screen.
    let el = container();
    let handle = leptos::mount::mount_to(el.clone(), shinchoku::App);
    let banner = el
        .query_selector("[data-testid=storage-unreadable]")
        .unwrap()
        .expect("banner shown");
    assert!(banner.text_content().unwrap().contains(&key));
    drop(handle);
    ls.remove_item(&key).unwrap();
    ls.remove_item(&kept).unwrap();
}

#[wasm_bindgen_test]
fn keys_carry_the_app_prefix_and_the_site_id_is_stable() {
    let first = storage::site_id();
    assert_eq!(first.len(), 8);
    assert_eq!(storage::site_id(), first);
    assert!(storage::plan_key("x").starts_with(storage::PREFIX));
    let ls = local_storage();
    for i in 0..ls.length().unwrap() {
        let k = ls.key(i).unwrap().unwrap();
        assert!(k.starts_with(storage::PREFIX), "foreign key {k}");
    }
}

/// Work put after the next paint runs once, in the order it was put; when
/// the page is left (`flush`) it runs at once.
#[wasm_bindgen_test]
async fn work_after_the_paint_runs_once_in_order_and_at_once_when_flushed() {
    use shinchoku::frame::{after_paint, flush};
    use std::cell::RefCell;
    use std::rc::Rc;
    let log = Rc::new(RefCell::new(Vec::new()));
    for i in 0..3 {
        let log = Rc::clone(&log);
        after_paint(move || log.borrow_mut().push(i));
    }
    assert!(log.borrow().is_empty(), "not in the caller's task");
    flush();
    assert_eq!(*log.borrow(), vec![0, 1, 2]);

    let more = Rc::clone(&log);
    after_paint(move || more.borrow_mut().push(3));
    // Past the frame and the hidden-tab timer: each ran once.
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 300)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(wait).await.unwrap();
    assert_eq!(*log.borrow(), vec![0, 1, 2, 3]);
}
