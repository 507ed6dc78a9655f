//! End-to-end tests of exchanging files between departments: export and
//! import into a fresh profile, one department's round trip, a conflict
//! resolved, undo of an import, and hostile files refused.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{Browser, SAMPLE_KEY, root, serve_dist, with_sample};
use serde_json::{Value, json};

async fn stored_plan(b: &Browser) -> Value {
    b.js(
        "return JSON.parse(localStorage.getItem(arguments[0]));",
        vec![json!(SAMPLE_KEY)],
    )
    .await
}

/// Cards as a user sees them: without clocks and update times.
fn contents(plan: &Value) -> Vec<Value> {
    plan["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let mut c = c.clone();
            c.as_object_mut().unwrap().remove("clock");
            c.as_object_mut().unwrap().remove("updated_at");
            c
        })
        .collect()
}

fn card<'a>(plan: &'a Value, id: &str) -> &'a Value {
    plan["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
}

async fn set_title(b: &Browser, url: &str, card_id: &str, title: &str) {
    b.c()
        .goto(&format!("{url}#/card/{card_id}/edit"))
        .await
        .unwrap();
    b.type_into("input[data-testid=title]", title).await;
    b.wait_saved().await;
}

async fn import(b: &Browser, url: &str, file: &std::path::Path) {
    b.c().goto(&format!("{url}#/exchange")).await.unwrap();
    b.upload("input[data-testid=import-file]", file).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exported_plan_imports_into_a_fresh_profile_identically() {
    let url = serve_dist();
    let a = with_sample(&url).await;
    a.c().goto(&format!("{url}#/exchange")).await.unwrap();
    a.click("[data-testid=export-whole]").await;
    let file = a.downloaded(".json").await;
    let name = file.file_name().unwrap().to_string_lossy().to_string();
    assert!(
        name.starts_with("みどり野市 DX推進アクションプラン（第2期）_") && name.ends_with(".json"),
        "{name}"
    );
    let exported: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert!(exported["exported_at"].is_string());
    assert!(exported["exported_by"].is_string());
    assert!(
        !std::fs::read(&file).unwrap().starts_with(b"\xEF\xBB\xBF"),
        "no BOM on export"
    );

    let b = Browser::start().await;
    b.c().goto(&url).await.unwrap();
    b.upload("[data-testid=start-open] input[type=file]", &file)
        .await;
    b.text_of("[data-testid=card-count]").await;
    let there = stored_plan(&b).await;
    let here = stored_plan(&a).await;
    assert_eq!(
        there["cards"], here["cards"],
        "cards identical, clocks included"
    );
    assert_eq!(there["plan"], here["plan"]);
    a.close().await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_department_round_trip_updates_then_a_conflict_is_resolved_and_undone() {
    let url = serve_dist();
    let office = with_sample(&url).await;

    // The DX office sends 市民課 its cards.
    office.c().goto(&format!("{url}#/exchange")).await.unwrap();
    office.click("[data-testid=export-dept-button]").await;
    let dept_file = office.downloaded(".json").await;
    let sent: Value = serde_json::from_slice(&std::fs::read(&dept_file).unwrap()).unwrap();
    let sent_ids: Vec<String> = sent["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!sent_ids.is_empty() && sent_ids.len() < 14, "{sent_ids:?}");
    let lead = sent["cards"][0]["departments"][0]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        sent["cards"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["departments"][0] == lead.as_str())
    );
    let target = sent_ids[0].clone();

    // The department opens it, edits one card and sends the whole file back.
    let dept = Browser::start().await;
    dept.c().goto(&url).await.unwrap();
    dept.upload("[data-testid=start-open] input[type=file]", &dept_file)
        .await;
    dept.text_of("[data-testid=card-count]").await;
    set_title(&dept, &url, &target, "課で更新した題名").await;
    dept.c().goto(&format!("{url}#/exchange")).await.unwrap();
    dept.click("[data-testid=export-whole]").await;
    let back = dept.downloaded(".json").await;

    // Imported at the office: shown as updated, then applied.
    import(&office, &url, &back).await;
    office.text_of("[data-testid=import-preview]").await;
    assert_eq!(office.text_of("[data-testid=count-updated]").await, "1");
    assert_eq!(office.text_of("[data-testid=count-conflict]").await, "0");
    office.click("[data-testid=confirm-import]").await;
    office.wait_text(".notices", "取り込みました").await;
    let after_update = stored_plan(&office).await;
    assert_eq!(card(&after_update, &target)["title"], "課で更新した題名");
    office.text_of("[data-testid=import-history]").await;

    // Both sides edit the same card: the next file is a conflict.
    set_title(&office, &url, &target, "推進室で直した題名").await;
    set_title(&dept, &url, &target, "課でさらに直した題名").await;
    dept.clear_downloads();
    dept.c().goto(&format!("{url}#/exchange")).await.unwrap();
    dept.click("[data-testid=export-whole]").await;
    let conflicting = dept.downloaded(".json").await;
    let theirs: Value = serde_json::from_slice(&std::fs::read(&conflicting).unwrap()).unwrap();

    let before_import = stored_plan(&office).await;
    import(&office, &url, &conflicting).await;
    assert_eq!(office.text_of("[data-testid=count-conflict]").await, "1");
    let conflict = office.text_of("[data-testid=conflict]").await;
    assert!(
        conflict.contains("推進室で直した題名") && conflict.contains("課でさらに直した題名"),
        "{conflict}"
    );
    office.screenshot("import-conflict").await;
    office
        .click("[data-testid=conflict] [data-testid=pick-incoming]")
        .await;
    office.click("[data-testid=confirm-import]").await;
    office.wait_text(".notices", "取り込みました").await;
    let resolved = stored_plan(&office).await;
    let c = card(&resolved, &target);
    assert_eq!(c["title"], "課でさらに直した題名");
    // Resolved clock: entry-wise max of both sides, plus one for this copy.
    let (mine, other) = (
        &card(&before_import, &target)["clock"],
        &card(&theirs, &target)["clock"],
    );
    let mut max_total = 0;
    let mut keys: Vec<&String> = mine
        .as_object()
        .unwrap()
        .keys()
        .chain(other.as_object().unwrap().keys())
        .collect();
    keys.sort();
    keys.dedup();
    for k in keys {
        max_total += mine[k]
            .as_u64()
            .unwrap_or(0)
            .max(other[k].as_u64().unwrap_or(0));
    }
    let total: u64 = c["clock"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(total, max_total + 1);

    // One undo takes the whole import back.
    office.click("[data-testid=undo]").await;
    office.wait_saved().await;
    assert_eq!(
        contents(&stored_plan(&office).await),
        contents(&before_import)
    );
    office.close().await;
    dept.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_files_are_refused_with_paths_and_change_nothing() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    let before = b
        .js(
            "return localStorage.getItem(arguments[0]);",
            vec![json!(SAMPLE_KEY)],
        )
        .await;
    let dir = root().join("tests/bad-files");
    for (file, expect) in [
        ("truncated.json", "途中で切れています"),
        ("duplicate-card-ids.json", "重複しています"),
        ("shift-jis.json", "UTF-8 ではありません"),
        ("bad-status.json", "いずれか"),
    ] {
        import(&b, &url, &dir.join(file)).await;
        let report = b.wait_text("[data-testid=file-report]", expect).await;
        assert!(report.contains(file), "{report}");
        let now = b
            .js(
                "return localStorage.getItem(arguments[0]);",
                vec![json!(SAMPLE_KEY)],
            )
            .await;
        assert_eq!(now, before, "{file} changed stored data");
    }
    b.screenshot("import-refused").await;

    // Markup in a title is only text: it opens, and nothing runs.
    import(&b, &url, &dir.join("html-in-titles.json")).await;
    b.text_of("[data-testid=card-count]").await;
    let injected = b
        .js("return [typeof window.__pwned, document.querySelectorAll('img[onerror], script:not([type=module]):not([src])').length, document.body.innerText.includes('<script>')];", vec![])
        .await;
    assert_eq!(injected[0], "undefined");
    assert_eq!(injected[1], 0, "no element made from the file");
    assert_eq!(injected[2], true, "the markup is shown as text");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_html_report_reads_without_the_app_and_imports_into_a_fresh_profile() {
    let url = serve_dist();
    let a = with_sample(&url).await;
    a.c().goto(&format!("{url}#/exchange")).await.unwrap();
    a.click("[data-testid=export-report]").await;
    let report = a.downloaded(".html").await;

    // Opened on its own (file://): the plan is there, no app, nothing runs.
    let viewer = Browser::start().await;
    viewer
        .c()
        .goto(&format!("file://{}", report.display()))
        .await
        .unwrap();
    let body = viewer.text_of("body").await;
    let sample = plan_core::sample_plan();
    assert!(body.contains(&sample.plan.title));
    for c in &sample.cards {
        assert!(body.contains(&c.title), "report lacks {}", c.title);
    }
    let app = viewer
        .js(
            "return document.querySelectorAll('[data-testid=start-sample], .app-header').length;",
            vec![],
        )
        .await;
    assert_eq!(app, 0, "the report is not the app");
    viewer.screenshot("report").await;
    viewer.close().await;

    // Dropped into a fresh profile (here through the file picker): same cards.
    let b = Browser::start().await;
    b.c().goto(&url).await.unwrap();
    b.upload("[data-testid=start-open] input[type=file]", &report)
        .await;
    b.text_of("[data-testid=card-count]").await;
    assert_eq!(
        stored_plan(&b).await["cards"],
        stored_plan(&a).await["cards"]
    );
    a.close().await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_dropped_or_pasted_are_read_and_unknown_fields_survive_an_edit() {
    let url = serve_dist();
    let b = Browser::start().await;
    b.c().goto(&url).await.unwrap();
    b.text_of("[data-testid=start-sample]").await;

    // A plan with a field from a newer app, dropped onto the page.
    let mut file: Value = serde_json::from_str(plan_core::SAMPLE_PLAN_JSON).unwrap();
    file["cards"][0]["x_future"] = json!({"kept": [1, 2, 3]});
    file["plan"]["x_plan_note"] = json!("新しい版の項目");
    b.js(
        "const dt = new DataTransfer();
         dt.items.add(new File([arguments[0]], 'dropped.json', { type: 'application/json' }));
         window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));",
        vec![json!(file.to_string())],
    )
    .await;
    b.wait_text("[data-testid=card-count]", "全14件").await;

    // Edit the card that carries the unknown field, then export: it is there.
    b.c()
        .goto(&format!("{url}#/card/card-01/edit"))
        .await
        .unwrap();
    b.type_into("input[data-testid=title]", "書き換えた題名")
        .await;
    b.wait_saved().await;
    b.c().goto(&format!("{url}#/exchange")).await.unwrap();
    b.click("[data-testid=export-whole]").await;
    let out: Value =
        serde_json::from_slice(&std::fs::read(b.downloaded(".json").await).unwrap()).unwrap();
    assert_eq!(out["cards"][0]["title"], "書き換えた題名");
    assert_eq!(out["cards"][0]["x_future"], json!({"kept": [1, 2, 3]}));
    assert_eq!(out["plan"]["x_plan_note"], "新しい版の項目");

    // Pasted text of an older version of the plan: goes to the preview.
    b.js(
        "const dt = new DataTransfer(); dt.setData('text', arguments[0]);
         document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));",
        vec![json!(file.to_string())],
    )
    .await;
    b.text_of("[data-testid=import-preview]").await;
    assert_eq!(
        b.text_of("[data-testid=count-keptlocal]").await,
        "1",
        "the file is older for card-01"
    );
    b.click("[data-testid=cancel-import]").await;

    // The cards shown by a filter export on their own.
    b.clear_downloads();
    b.c()
        .goto(&format!("{url}#/list?pillar=community"))
        .await
        .unwrap();
    let shown = b.text_of("[data-testid=list-count]").await;
    b.click("[data-testid=export-filtered]").await;
    let part: Value =
        serde_json::from_slice(&std::fs::read(b.downloaded(".json").await).unwrap()).unwrap();
    let n = part["cards"].as_array().unwrap().len();
    assert!(shown.contains(&format!("該当 {n}件")), "{shown} vs {n}");
    assert!(n > 0 && n < 14);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conflict_can_be_resolved_field_by_field() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    // Another department's copy: title and overview changed there.
    let mut theirs = stored_plan(&b).await;
    let original_overview = card(&theirs, "card-03")["overview"].clone();
    for c in theirs["cards"].as_array_mut().unwrap() {
        if c["id"] == "card-03" {
            c["title"] = json!("課で変えた題名");
            c["overview"] = json!("課で書き直した概要");
            c["clock"]["eeeeeeee"] = json!(1);
        }
    }
    let path = common::root().join("target/e2e-field-conflict.json");
    std::fs::write(&path, theirs.to_string()).unwrap();
    // Here only the title changes.
    set_title(&b, &url, "card-03", "推進室で変えた題名").await;

    import(&b, &url, &path).await;
    assert_eq!(b.text_of("[data-testid=count-conflict]").await, "1");
    b.click("[data-testid=pick-field-incoming][data-field=title]")
        .await;
    b.click("[data-testid=pick-field-local][data-field=overview]")
        .await;
    b.screenshot("import-conflict-fields").await;
    b.click("[data-testid=confirm-import]").await;
    b.wait_text(".notices", "取り込みました").await;
    let after = stored_plan(&b).await;
    assert_eq!(card(&after, "card-03")["title"], "課で変えた題名");
    assert_eq!(card(&after, "card-03")["overview"], original_overview);
    b.close().await;
}

/// A department's file that moves measure `office-m1` under pillar
/// `citizen` and adds a card there, while this plan's cards 06 and 07 still
/// use it under `office`: the preview says so, and Import cannot be
/// confirmed (the merged plan would not load).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_that_moves_a_measure_our_cards_use_cannot_be_imported() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    let mut theirs = stored_plan(&b).await;
    let pillars = theirs["plan"]["pillars"].as_array_mut().unwrap();
    let measures = pillars[1]["measures"].as_array_mut().unwrap();
    let at = measures
        .iter()
        .position(|m| m["id"] == "office-m1")
        .unwrap();
    let m1 = measures.remove(at);
    pillars[0]["measures"] = json!([m1]);
    let cards = theirs["cards"].as_array_mut().unwrap();
    cards.retain(|c| c["measure"] != "office-m1");
    let mut new_card = cards[0].clone();
    new_card["id"] = json!("card-15");
    new_card["number"] = json!("1-6");
    new_card["title"] = json!("窓口の手続を案内するチャット");
    new_card["pillars"] = json!(["citizen"]);
    new_card["measure"] = json!("office-m1");
    new_card["clock"] = json!({"dept": 1});
    cards.push(new_card);
    let path = common::root().join("target/e2e-measure-moved.json");
    std::fs::write(&path, theirs.to_string()).unwrap();
    let before = stored_plan(&b).await;

    import(&b, &url, &path).await;
    // Named as people know them: the measure, both pillars, the cards.
    let moved = b.text_of("[data-testid=header-conflicts]").await;
    assert!(
        moved.contains("(1) 業務の電子化・ペーパーレス化")
            && moved.contains("行政事務の効率化")
            && moved.contains("市民サービスの向上"),
        "{moved}"
    );
    let why = b.text_of("[data-testid=import-refused]").await;
    assert!(
        why.contains("6 電子決裁・文書管理システムの導入")
            && why.contains("1-6 窓口の手続を案内するチャット"),
        "{why}"
    );
    let confirm = b.find("[data-testid=confirm-import]").await;
    assert!(!confirm.is_enabled().await.unwrap(), "Import is disabled");
    b.screenshot("import-measure-moved").await;
    b.click("[data-testid=cancel-import]").await;
    assert_eq!(stored_plan(&b).await, before, "nothing stored");
    b.close().await;
}

/// In a field-by-field choice, a card's pillars, measure and visions move
/// as one: choosing the file's pillars chooses its measure and visions too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pillars_measure_and_visions_are_chosen_together() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    let mut theirs = stored_plan(&b).await;
    for c in theirs["cards"].as_array_mut().unwrap() {
        if c["id"] == "card-08" {
            c["pillars"] = json!(["office", "citizen"]);
            c["measure"] = json!("office-m3");
            c["visions"] = json!(["office-3"]);
            c["clock"]["eeeeeeee"] = json!(1);
        }
    }
    let path = common::root().join("target/e2e-placement.json");
    std::fs::write(&path, theirs.to_string()).unwrap();
    set_title(&b, &url, "card-08", "推進室で変えた題名").await;

    import(&b, &url, &path).await;
    b.click("[data-testid=pick-field-incoming][data-field=pillars]")
        .await;
    for field in ["measure", "visions"] {
        let other = b
            .find(&format!(
                "[data-testid=pick-field-incoming][data-field={field}]"
            ))
            .await;
        assert!(
            other.is_selected().await.unwrap(),
            "{field} follows pillars"
        );
    }
    b.click("[data-testid=pick-field-local][data-field=title]")
        .await;
    b.screenshot("import-placement-together").await;
    b.click("[data-testid=confirm-import]").await;
    b.wait_text(".notices", "取り込みました").await;
    let after = stored_plan(&b).await;
    let c = card(&after, "card-08");
    assert_eq!(c["measure"], "office-m3");
    assert_eq!(c["visions"], json!(["office-3"]));
    assert_eq!(c["title"], "推進室で変えた題名");
    b.close().await;
}
