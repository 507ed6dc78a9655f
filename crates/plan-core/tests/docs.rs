//! The developer documentation of the format (docs/plan-format.md) shows a
//! card that other systems copy: it must load as it is written there.

use plan_core::{PlanFile, load_str};

const DOC: &str = include_str!("../../../docs/plan-format.md");

/// The JSON of the first ```json block after `marker`.
fn block_after(marker: &str) -> &'static str {
    let at = DOC.find(marker).expect("marker in the document");
    let start = at + DOC[at..].find("```json\n").expect("a json block") + "```json\n".len();
    let end = start + DOC[start..].find("```").expect("closed block");
    &DOC[start..end]
}

#[test]
fn the_documented_card_loads_and_keeps_its_line_breaks() {
    let card = block_after("A small complete card:");
    let file = format!(
        r#"{{"format": "dx-action-plan", "version": 1,
            "plan": {{"id": "p", "title": "計画", "start_year": 2024, "end_year": 2026,
                      "pillars": [{{"id": "citizen", "name": "市民の利便性向上", "visions": []}}],
                      "departments": ["市民課"]}},
            "cards": [{card}]}}"#
    );
    let loaded = load_str(&file);
    assert_eq!(loaded.problems, vec![], "{card}");
    let plan: PlanFile = loaded.file.unwrap();
    assert_eq!(
        plan.cards[0].years[0].actions[0].text,
        "住民票と印鑑登録証明書：20%\n税証明：10%"
    );
    assert_eq!(plan.cards[0].clock.get("kintone-sync"), 1);
}

#[test]
fn the_document_points_at_the_schema_in_the_repository() {
    assert!(DOC.contains("schema/plan-format.schema.json"));
    assert!(!DOC.contains("../shared/"));
}
