//! End-to-end tests of exchanging files between departments: export and
//! import into a fresh profile, one department's round trip, a conflict
//! resolved, undo of an import, and hostile files refused.

use crate::common;

use std::collections::BTreeMap;
use std::sync::Arc;

use common::{Browser, EN, JA, SAMPLE_KEY, read_plan, root, serve_dist, with_sample, write_plan};
use plan_core::{Card, PlanFile, ProblemKind, VersionClock};
use serde_json::json;

/// Cards as a user sees them: without clocks and update times.
fn contents(plan: &PlanFile) -> Vec<Card> {
    plan.cards
        .iter()
        .map(|c| Card {
            clock: VersionClock::new(),
            updated_at: String::new(),
            ..Card::clone(c)
        })
        .collect()
}

fn card<'a>(plan: &'a PlanFile, id: &str) -> &'a Card {
    plan.cards.iter().find(|c| c.id == id).unwrap()
}

fn card_mut<'a>(plan: &'a mut PlanFile, id: &str) -> &'a mut Card {
    plan.card_mut(id).unwrap()
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name().unwrap().to_string_lossy().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exported_plan_imports_into_a_fresh_profile_identically() {
    let url = serve_dist();
    let a = with_sample(&url).await;
    let file = a.export_whole(&url).await;
    let name = file_name(&file);
    let title = plan_core::sample_plan().plan.title;
    assert!(
        name.starts_with(&format!("{title}_")) && name.ends_with(".json"),
        "{name}"
    );
    let exported = read_plan(&file);
    assert!(exported.exported_at.is_some());
    assert!(exported.exported_by.is_some());
    assert!(
        !std::fs::read(&file).unwrap().starts_with(b"\xEF\xBB\xBF"),
        "no BOM on export"
    );

    let b = Browser::start().await;
    b.open_file(&url, &file).await;
    let there = b.stored_sample().await;
    let here = a.stored_sample().await;
    assert_eq!(there.cards, here.cards, "cards identical, clocks included");
    assert_eq!(there.plan, here.plan);
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
    let sent = read_plan(&dept_file);
    let sent_ids: Vec<String> = sent.cards.iter().map(|c| c.id.clone()).collect();
    assert!(!sent_ids.is_empty() && sent_ids.len() < 14, "{sent_ids:?}");
    let lead = sent.cards[0].departments[0].clone();
    assert!(
        sent.cards
            .iter()
            .all(|c| c.departments.first() == Some(&lead))
    );
    let target = sent_ids[0].clone();

    // The department opens it, edits one card and sends the whole file back.
    let dept = Browser::start().await;
    dept.open_file(&url, &dept_file).await;
    dept.set_title(&url, &target, "課で更新した題名").await;
    let back = dept.export_whole(&url).await;

    // Imported at the office: shown as updated, then applied.
    office.import(&url, &back).await;
    office.text_of("[data-testid=import-preview]").await;
    assert_eq!(office.text_of("[data-testid=count-updated]").await, "1");
    assert_eq!(office.text_of("[data-testid=count-conflict]").await, "0");
    office.confirm_import(&file_name(&back), 0).await;
    let after_update = office.stored_sample().await;
    assert_eq!(card(&after_update, &target).title, "課で更新した題名");
    office.text_of("[data-testid=import-history]").await;

    // Both sides edit the same card: the next file is a conflict.
    office.set_title(&url, &target, "推進室で直した題名").await;
    dept.set_title(&url, &target, "課でさらに直した題名").await;
    dept.clear_downloads();
    let conflicting = dept.export_whole(&url).await;
    let theirs = read_plan(&conflicting);

    let before_import = office.stored_sample().await;
    office.import(&url, &conflicting).await;
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
    office.confirm_import(&file_name(&conflicting), 0).await;
    let resolved = office.stored_sample().await;
    let c = card(&resolved, &target);
    assert_eq!(c.title, "課でさらに直した題名");
    // Resolved clock: entry-wise max of both sides, plus one for this copy.
    let max_total: u64 = card(&before_import, &target)
        .clock
        .merged(&card(&theirs, &target).clock)
        .0
        .values()
        .sum();
    let total: u64 = c.clock.0.values().sum();
    assert_eq!(total, max_total + 1);

    // One undo takes the whole import back.
    office.click("[data-testid=undo]").await;
    office.wait_saved().await;
    assert_eq!(
        contents(&office.stored_sample().await),
        contents(&before_import)
    );
    office.close().await;
    dept.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_files_are_refused_with_paths_and_change_nothing() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    let before = b.stored_text(SAMPLE_KEY).await;
    let dir = root().join("tests/bad-files");
    type IsExpected = fn(&ProblemKind) -> bool;
    let cases: [(&str, IsExpected); 4] = [
        ("truncated.json", |k| matches!(k, ProblemKind::Truncated)),
        ("duplicate-card-ids.json", |k| {
            matches!(k, ProblemKind::DuplicateId(_))
        }),
        ("shift-jis.json", |k| matches!(k, ProblemKind::NotUtf8)),
        ("bad-status.json", |k| matches!(k, ProblemKind::NotOneOf(_))),
    ];
    for (file, is_expected) in cases {
        // The problem the loader finds, in the catalogue's words.
        let loaded = plan_core::load_bytes(&std::fs::read(dir.join(file)).unwrap());
        let problem = loaded
            .errors()
            .find(|p| is_expected(&p.kind))
            .unwrap_or_else(|| panic!("{file}: {:?}", loaded.problems));
        let expect = plan_core::messages::ja(&problem.kind);
        let place = if problem.path.is_empty() {
            JA.problems.whole_file
        } else {
            &problem.path
        };
        b.import(&url, &dir.join(file)).await;
        let report = b.wait_text("[data-testid=file-report]", &expect).await;
        assert!(report.contains(file), "{report}");
        assert!(report.contains(place), "{report}");
        let now = b.stored_text(SAMPLE_KEY).await;
        assert_eq!(now, before, "{file} changed stored data");
    }
    b.screenshot("import-refused").await;

    // Markup in a title is only text: it opens, and nothing runs.
    b.import(&url, &dir.join("html-in-titles.json")).await;
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
    b.open_file(&url, &report).await;
    assert_eq!(b.stored_sample().await.cards, a.stored_sample().await.cards);
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
    let mut file = plan_core::sample_plan();
    let all = file.cards.len();
    Arc::make_mut(&mut file.cards[0])
        .extra
        .insert("x_future".into(), json!({"kept": [1, 2, 3]}));
    file.plan
        .extra
        .insert("x_plan_note".into(), json!("新しい版の項目"));
    let text = plan_core::to_json(&file);
    b.js(
        "const dt = new DataTransfer();
         dt.items.add(new File([arguments[0]], 'dropped.json', { type: 'application/json' }));
         window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));",
        vec![json!(text)],
    )
    .await;
    b.wait_text("[data-testid=card-count]", &(JA.common.card_count)(all))
        .await;

    // Edit the card that carries the unknown field, then export: it is there.
    b.set_title(&url, "card-01", "書き換えた題名").await;
    let out = read_plan(&b.export_whole(&url).await);
    assert_eq!(out.cards[0].title, "書き換えた題名");
    assert_eq!(out.cards[0].extra["x_future"], json!({"kept": [1, 2, 3]}));
    assert_eq!(out.plan.extra["x_plan_note"], "新しい版の項目");

    // Pasted text of an older version of the plan: goes to the preview.
    b.js(
        "const dt = new DataTransfer(); dt.setData('text', arguments[0]);
         document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));",
        vec![json!(text)],
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
    let n = read_plan(&b.downloaded(".json").await).cards.len();
    assert!(shown.contains(&(JA.list.matching)(n)), "{shown} vs {n}");
    assert!(n > 0 && n < all);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conflict_can_be_resolved_field_by_field() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    // Another department's copy: title and overview changed there.
    let mut theirs = b.stored_sample().await;
    let original_overview = card(&theirs, "card-03").overview.clone();
    let c = card_mut(&mut theirs, "card-03");
    c.title = "課で変えた題名".into();
    c.overview = "課で書き直した概要".into();
    c.clock.0.insert("eeeeeeee".into(), 1);
    let path = write_plan("e2e-field-conflict.json", &theirs);
    // Here only the title changes.
    b.set_title(&url, "card-03", "推進室で変えた題名").await;

    b.import(&url, &path).await;
    assert_eq!(b.text_of("[data-testid=count-conflict]").await, "1");
    b.click("[data-testid=pick-field-incoming][data-field=title]")
        .await;
    b.click("[data-testid=pick-field-local][data-field=overview]")
        .await;
    b.screenshot("import-conflict-fields").await;
    b.confirm_import(&file_name(&path), 0).await;
    let after = b.stored_sample().await;
    assert_eq!(card(&after, "card-03").title, "課で変えた題名");
    assert_eq!(card(&after, "card-03").overview, original_overview);
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
    let mut theirs = b.stored_sample().await;
    let here = theirs.clone();
    let (citizen, office) = (&here.plan.pillars[0], &here.plan.pillars[1]);
    assert_eq!(
        (citizen.id.as_str(), office.id.as_str()),
        ("citizen", "office")
    );
    let at = theirs.plan.pillars[1]
        .measures
        .iter()
        .position(|m| m.id == "office-m1")
        .unwrap();
    let m1 = theirs.plan.pillars[1].measures.remove(at);
    theirs.plan.pillars[0].measures = vec![m1.clone()];
    theirs
        .cards
        .retain(|c| c.measure.as_deref() != Some("office-m1"));
    let new_card = Card {
        id: "card-15".into(),
        number: "1-6".into(),
        title: "窓口の手続を案内するチャット".into(),
        pillars: vec!["citizen".into()],
        measure: Some("office-m1".into()),
        clock: VersionClock(BTreeMap::from([("dept".to_string(), 1)])),
        ..Card::clone(&theirs.cards[0])
    };
    theirs.push_card(new_card);
    let path = write_plan("e2e-measure-moved.json", &theirs);
    let before = b.stored_text(SAMPLE_KEY).await;

    b.import(&url, &path).await;
    // Named as people know them: the measure, both pillars, the cards.
    let moved = b.text_of("[data-testid=header-conflicts]").await;
    assert!(
        moved.contains(&(JA.exchange.measure_moved)(
            &m1.name,
            &office.name,
            &citizen.name
        )),
        "{moved}"
    );
    let why = b.text_of("[data-testid=import-refused]").await;
    let ours = card(&here, "card-06");
    assert!(
        why.contains(JA.exchange.import_refused)
            && why.contains(&format!("{} {}", ours.number, ours.title))
            && why.contains("1-6 窓口の手続を案内するチャット"),
        "{why}"
    );
    let confirm = b.find("[data-testid=confirm-import]").await;
    assert!(!confirm.is_enabled().await.unwrap(), "Import is disabled");
    b.screenshot("import-measure-moved").await;
    b.click("[data-testid=cancel-import]").await;
    assert_eq!(b.stored_text(SAMPLE_KEY).await, before, "nothing stored");
    b.close().await;
}

/// In a field-by-field choice, a card's pillars, measure and visions move
/// as one: choosing the file's pillars chooses its measure and visions too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pillars_measure_and_visions_are_chosen_together() {
    let url = serve_dist();
    let b = with_sample(&url).await;
    let mut theirs = b.stored_sample().await;
    let c = card_mut(&mut theirs, "card-08");
    c.pillars = vec!["office".into(), "citizen".into()];
    c.measure = Some("office-m3".into());
    c.visions = vec!["office-3".into()];
    c.clock.0.insert("eeeeeeee".into(), 1);
    let path = write_plan("e2e-placement.json", &theirs);
    b.set_title(&url, "card-08", "推進室で変えた題名").await;

    b.import(&url, &path).await;
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
    b.confirm_import(&file_name(&path), 0).await;
    let after = b.stored_sample().await;
    let c = card(&after, "card-08");
    assert_eq!(c.measure.as_deref(), Some("office-m3"));
    assert_eq!(c.visions, ["office-3"]);
    assert_eq!(c.title, "推進室で変えた題名");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_follows_the_language_of_the_screen() {
    let url = serve_dist();
    let a = with_sample(&url).await;
    a.click("[data-testid=switch-lang]").await;
    a.wait_text("[data-testid=switch-lang]", EN.app.switch_lang)
        .await;
    a.c().goto(&format!("{url}#/exchange")).await.unwrap();
    a.click("[data-testid=export-report]").await;
    let report = a.downloaded(".html").await;

    let viewer = Browser::start().await;
    viewer
        .c()
        .goto(&format!("file://{}", report.display()))
        .await
        .unwrap();
    let body = viewer.text_of("body").await;
    let page = viewer
        .js(
            "return [document.documentElement.lang, document.title];",
            vec![],
        )
        .await;
    let sample = plan_core::sample_plan();
    assert_eq!(page[0], "en");
    assert_eq!(
        page[1].as_str().unwrap(),
        format!("{} – Progress report", sample.plan.title)
    );
    // Status names and fiscal years in English; the plan's own texts as
    // written.
    let year = sample.plan.start_year;
    assert!(
        body.contains(&(EN.common.fiscal_year)(year)),
        "no English fiscal year"
    );
    assert!(
        !body.contains(&(JA.common.fiscal_year)(year)),
        "a Japanese fiscal year in the English report"
    );
    let achieved = plan_core::Lang::En.status_name(plan_core::Status::Achieved);
    assert!(body.contains(achieved), "no English status name");
    assert!(body.contains(sample.cards[0].title.as_str()));
    viewer.screenshot("report-en").await;
    viewer.close().await;
    a.close().await;
}
