//! One test per validation rule: a valid file, broken in one place, must be
//! refused with the right path and reason.

use plan_core::problem::{JsonType, RefKind};
use plan_core::{ProblemKind, load_str, sample_plan};
use serde_json::{Value, json};

fn valid() -> Value {
    json!({
        "format": "dx-action-plan",
        "version": 1,
        "plan": {
            "id": "p", "title": "計画", "start_year": 2023, "end_year": 2024,
            "pillars": [{
                "id": "citizen", "name": "市民の利便性向上",
                "visions": [{"id": "v1", "text": "市民は…"}],
                "measures": [{"id": "m1", "name": "(1) 手続き"}]
            }, {
                "id": "office", "name": "業務", "visions": [{"id": "v2", "text": "職員は…"}]
            }],
            "departments": ["市民課"]
        },
        "cards": [{
            "id": "c1", "number": "1", "title": "窓口", "departments": ["市民課"],
            "pillars": ["citizen", "office"], "measure": "m1", "visions": ["v1", "v2"],
            "years": [{
                "year": 2023, "status": "on_track",
                "actions": [{"id": "a1", "text": "準備", "due": "2024-03", "done": true, "done_on": "2024-03-01"}],
                "goals": [{"id": "g1", "text": "予算", "achieved": false, "target": {"value": 3, "unit": "件"}, "actual": null}]
            }],
            "indicators": [{"id": "i1", "name": "率", "unit": "%", "direction": "up",
                "baseline": {"year": 2022, "value": 12.0},
                "actuals": [{"year": 2023, "value": 413, "total": 4255}]}],
            "log": [{"at": "2023-08-25T09:12:00+09:00", "by": "市民課", "text": "完了"}],
            "updated_at": "2023-08-25T09:12:00+09:00",
            "clock": {"8d0c5e2a": 3}
        }]
    })
}

/// Applies `edit` to a valid file and returns the (path, kind) errors.
fn errors_after(edit: impl FnOnce(&mut Value)) -> Vec<(String, ProblemKind)> {
    let mut v = valid();
    edit(&mut v);
    let loaded = load_str(&v.to_string());
    let errors: Vec<_> = loaded
        .errors()
        .map(|p| (p.path.clone(), p.kind.clone()))
        .collect();
    assert_eq!(loaded.file.is_none(), !errors.is_empty());
    errors
}

fn has(errors: &[(String, ProblemKind)], path: &str, kind: ProblemKind) -> bool {
    errors.iter().any(|(p, k)| p == path && *k == kind)
}

#[test]
fn the_valid_file_and_the_sample_plan_pass() {
    assert!(errors_after(|_| {}).is_empty());
    let sample = sample_plan();
    assert!(sample.cards.len() >= 12);
}

#[test]
fn required_fields_are_reported_all_at_once() {
    let e = errors_after(|v| {
        v["plan"].as_object_mut().unwrap().remove("title");
        v["cards"][0].as_object_mut().unwrap().remove("clock");
        v["cards"][0]["years"][0]["actions"][0]
            .as_object_mut()
            .unwrap()
            .remove("text");
    });
    assert!(has(&e, "plan.title", ProblemKind::Missing));
    assert!(has(&e, "cards[0].clock", ProblemKind::Missing));
    assert!(has(
        &e,
        "cards[0].years[0].actions[0].text",
        ProblemKind::Missing
    ));
    assert_eq!(e.len(), 3);
}

#[test]
fn wrong_types_name_the_expected_type() {
    let e = errors_after(|v| {
        v["plan"]["start_year"] = json!("2023");
        v["cards"][0]["years"][0]["actions"][0]["done"] = json!("yes");
        v["cards"][0]["departments"] = json!("市民課");
        v["cards"][0]["indicators"][0]["actuals"][0]["value"] = json!("413");
    });
    assert!(has(
        &e,
        "plan.start_year",
        ProblemKind::WrongType(JsonType::Integer)
    ));
    assert!(has(
        &e,
        "cards[0].years[0].actions[0].done",
        ProblemKind::WrongType(JsonType::Boolean)
    ));
    assert!(has(
        &e,
        "cards[0].departments",
        ProblemKind::WrongType(JsonType::Array)
    ));
    assert!(has(
        &e,
        "cards[0].indicators[0].actuals[0].value",
        ProblemKind::WrongType(JsonType::Number)
    ));
}

#[test]
fn enums_are_checked() {
    let e = errors_after(|v| {
        v["cards"][0]["years"][0]["status"] = json!("done");
        v["cards"][0]["indicators"][0]["direction"] = json!("sideways");
    });
    assert_eq!(e.len(), 2);
    assert!(matches!(&e[0], (p, ProblemKind::NotOneOf(_)) if p == "cards[0].years[0].status"));
    assert!(
        matches!(&e[1], (p, ProblemKind::NotOneOf(_)) if p == "cards[0].indicators[0].direction")
    );
}

#[test]
fn format_and_version_are_checked() {
    let e = errors_after(|v| v["format"] = json!("something-else"));
    assert!(has(&e, "format", ProblemKind::WrongFormat));
    let e = errors_after(|v| v["version"] = json!(0));
    assert!(has(&e, "version", ProblemKind::OlderVersion));
    // A newer version opens, with a warning.
    let mut v = valid();
    v["version"] = json!(2);
    let loaded = load_str(&v.to_string());
    assert!(loaded.file.is_some());
    assert_eq!(
        loaded.warnings().next().unwrap().kind,
        ProblemKind::NewerVersion(2)
    );
}

#[test]
fn ids_must_be_unique_and_non_empty() {
    let e = errors_after(|v| {
        let card = v["cards"][0].clone();
        v["cards"].as_array_mut().unwrap().push(card);
        v["plan"]["pillars"][1]["visions"][0]["id"] = json!("v1");
    });
    assert!(has(
        &e,
        "cards[1].id",
        ProblemKind::DuplicateId("c1".into())
    ));
    assert!(has(
        &e,
        "plan.pillars[1].visions[0].id",
        ProblemKind::DuplicateId("v1".into())
    ));
    let e = errors_after(|v| v["cards"][0]["years"][0]["actions"][0]["id"] = json!(""));
    assert!(has(
        &e,
        "cards[0].years[0].actions[0].id",
        ProblemKind::Empty
    ));
}

#[test]
fn references_must_resolve() {
    let e = errors_after(|v| {
        v["cards"][0]["pillars"] = json!(["citizen", "nowhere"]);
        v["cards"][0]["visions"] = json!(["v9"]);
        v["cards"][0]["measure"] = json!("m9");
    });
    assert!(has(
        &e,
        "cards[0].pillars[1]",
        ProblemKind::UnknownRef(RefKind::Pillar, "nowhere".into())
    ));
    assert!(has(
        &e,
        "cards[0].visions[0]",
        ProblemKind::UnknownRef(RefKind::Vision, "v9".into())
    ));
    assert!(has(
        &e,
        "cards[0].measure",
        ProblemKind::UnknownRef(RefKind::Measure, "m9".into())
    ));
    // A measure of another pillar than the card's home pillar.
    let e = errors_after(|v| v["cards"][0]["pillars"] = json!(["office", "citizen"]));
    assert!(has(
        &e,
        "cards[0].measure",
        ProblemKind::MeasureNotInHomePillar("m1".into())
    ));
}

#[test]
fn years_stay_in_range_and_in_the_plan_period() {
    let e = errors_after(|v| v["cards"][0]["years"][0]["year"] = json!(2025));
    assert!(has(
        &e,
        "cards[0].years[0].year",
        ProblemKind::YearOutsidePlan {
            start: 2023,
            end: 2024
        }
    ));
    let e = errors_after(|v| v["cards"][0]["indicators"][0]["baseline"]["year"] = json!(1899));
    assert!(has(
        &e,
        "cards[0].indicators[0].baseline.year",
        ProblemKind::YearOutOfRange {
            min: 1900,
            max: 2200
        }
    ));
    let e = errors_after(|v| v["plan"]["start_year"] = json!(2025));
    assert!(has(&e, "plan.end_year", ProblemKind::StartAfterEnd));
    let e = errors_after(|v| {
        let y = v["cards"][0]["years"][0].clone();
        v["cards"][0]["years"].as_array_mut().unwrap().push(y);
    });
    assert!(has(
        &e,
        "cards[0].years[1].year",
        ProblemKind::DuplicateYear(2023)
    ));
}

#[test]
fn due_is_a_month_inside_its_fiscal_year() {
    // March 2024 belongs to fiscal 2023; April 2024 does not.
    let e = errors_after(|v| v["cards"][0]["years"][0]["actions"][0]["due"] = json!("2024-04"));
    assert!(has(
        &e,
        "cards[0].years[0].actions[0].due",
        ProblemKind::DueOutsideYear(2023)
    ));
    let e = errors_after(|v| v["cards"][0]["years"][0]["actions"][0]["due"] = json!("2023/08"));
    assert!(has(
        &e,
        "cards[0].years[0].actions[0].due",
        ProblemKind::BadYearMonth
    ));
    let e =
        errors_after(|v| v["cards"][0]["years"][0]["actions"][0]["done_on"] = json!("2024-02-30"));
    assert!(has(
        &e,
        "cards[0].years[0].actions[0].done_on",
        ProblemKind::BadDate
    ));
}

#[test]
fn timestamps_clocks_and_totals_are_checked() {
    let e = errors_after(|v| {
        v["cards"][0]["updated_at"] = json!("2023-08-25");
        v["cards"][0]["log"][0]["at"] = json!("昨日");
        v["cards"][0]["clock"] = json!({"8d0c5e2a": -1, "": 2});
        v["cards"][0]["indicators"][0]["actuals"][0]["total"] = json!(0);
    });
    assert!(has(
        &e,
        "cards[0].clock.8d0c5e2a",
        ProblemKind::NegativeCount
    ));
    assert!(has(&e, "cards[0].clock.", ProblemKind::Empty));
    assert!(has(
        &e,
        "cards[0].indicators[0].actuals[0].total",
        ProblemKind::TotalNotPositive
    ));
    // Shape errors stop before meaning: fix the clock and total to see the rest.
    let e = errors_after(|v| {
        v["cards"][0]["updated_at"] = json!("2023-08-25");
        v["cards"][0]["log"][0]["at"] = json!("昨日");
    });
    assert!(has(&e, "cards[0].updated_at", ProblemKind::BadTimestamp));
    assert!(has(&e, "cards[0].log[0].at", ProblemKind::BadTimestamp));
}

#[test]
fn limits_are_enforced_with_paths() {
    let mut text = valid().to_string();
    text = text.replacen("\"number\":\"1\"", "\"number\":\"1\",\"number\":\"2\"", 1);
    let loaded = load_str(&text);
    assert!(loaded.file.is_none());
    assert!(
        loaded
            .problems
            .iter()
            .any(|p| p.path == "cards[0]" && p.kind == ProblemKind::DuplicateKey("number".into()))
    );
}

#[test]
fn messages_are_in_japanese_with_the_path() {
    let loaded = load_str(&{
        let mut v = valid();
        v["cards"][0]["years"][0]["status"] = json!("done");
        v.to_string()
    });
    let text = loaded.problems[0].to_string();
    assert!(text.starts_with("cards[0].years[0].status: "), "{text}");
    assert!(text.contains("いずれか"), "{text}");
}

#[test]
fn null_where_a_value_is_expected_is_reported_at_the_field() {
    let e = errors_after(|v| {
        v["cards"][0]["number"] = Value::Null;
        v["cards"][0]["years"] = Value::Null;
        v["cards"][0]["indicators"][0]["actuals"][0]["total"] = Value::Null;
    });
    assert!(has(
        &e,
        "cards[0].number",
        ProblemKind::WrongType(JsonType::String)
    ));
    assert!(has(
        &e,
        "cards[0].years",
        ProblemKind::WrongType(JsonType::Array)
    ));
    // `total` is optional: null there is fine.
    assert_eq!(e.len(), 2, "{e:?}");
}
