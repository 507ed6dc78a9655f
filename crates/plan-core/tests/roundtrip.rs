//! Property: any valid plan → JSON → parse gives the same plan, and fields
//! this version does not know survive at every object level.

use std::sync::Arc;

use plan_core::*;
use proptest::prelude::*;
use serde_json::{Value, json};

fn text() -> impl Strategy<Value = String> {
    // Japanese, ASCII, quotes, newlines and markup: all plain text.
    proptest::string::string_regex("[あ-んア-ン一-龠a-zA-Z0-9 \"<>&\\n\\\\]{0,12}").unwrap()
}

fn id() -> impl Strategy<Value = String> {
    "[a-z0-9]{1,8}"
}

fn extra() -> impl Strategy<Value = Extra> {
    proptest::option::of(("x_[a-z]{1,5}", text())).prop_map(|kv| {
        let mut m = Extra::new();
        if let Some((k, v)) = kv {
            m.insert(k, json!({ "nested": [v, 1, null, true] }));
        }
        m
    })
}

fn unique_ids(items: &mut [impl AsMut<String>]) {
    for (i, item) in items.iter_mut().enumerate() {
        let s = item.as_mut();
        *s = format!("{s}-{i}");
    }
}

struct IdOf<'a>(&'a mut String);
impl AsMut<String> for IdOf<'_> {
    fn as_mut(&mut self) -> &mut String {
        self.0
    }
}

fn status() -> impl Strategy<Value = Status> {
    proptest::sample::select(Status::ALL.to_vec())
}

fn card_year(year: i32) -> impl Strategy<Value = CardYear> {
    let action = (
        id(),
        text(),
        proptest::option::of(0usize..12),
        any::<bool>(),
        extra(),
    )
        .prop_map(move |(id, text, due, done, extra)| {
            let due = due.map(|i| {
                let m = fiscal::FISCAL_MONTHS[i];
                format!("{}-{m:02}", if m >= 4 { year } else { year + 1 })
            });
            Action {
                id,
                text,
                due,
                done,
                done_on: done.then(|| format!("{year}-05-01")),
                extra,
            }
        });
    let quantity = || {
        (-1.0e6..1.0e6f64, text(), extra()).prop_map(|(value, unit, extra)| Quantity {
            value,
            unit,
            extra,
        })
    };
    let goal = (
        id(),
        text(),
        any::<bool>(),
        proptest::option::of(quantity()),
        proptest::option::of(quantity()),
        extra(),
    )
        .prop_map(|(id, text, achieved, target, actual, extra)| Goal {
            id,
            text,
            achieved,
            target,
            actual,
            extra,
        });
    (
        status(),
        proptest::collection::vec(action, 0..3),
        proptest::collection::vec(goal, 0..3),
        text(),
        extra(),
    )
        .prop_map(move |(status, mut actions, mut goals, note, extra)| {
            unique_ids(
                &mut actions
                    .iter_mut()
                    .map(|a| IdOf(&mut a.id))
                    .collect::<Vec<_>>(),
            );
            unique_ids(
                &mut goals
                    .iter_mut()
                    .map(|g| IdOf(&mut g.id))
                    .collect::<Vec<_>>(),
            );
            // 改善策 only where a delay or miss calls for one.
            let corrective_action = if matches!(status, Status::Delayed | Status::Missed) {
                format!("改善策{note}")
            } else {
                String::new()
            };
            CardYear {
                year,
                status,
                actions,
                goals,
                note,
                corrective_action,
                extra,
            }
        })
}

fn year_value() -> impl Strategy<Value = YearValue> {
    (
        2000..2100i32,
        -1.0e9..1.0e9f64,
        proptest::option::of(0.5..1.0e9f64),
        extra(),
    )
        .prop_map(|(year, value, total, extra)| YearValue {
            year,
            value,
            total,
            extra,
        })
}

fn indicator() -> impl Strategy<Value = Indicator> {
    (
        id(),
        text(),
        text(),
        any::<bool>(),
        proptest::option::of(year_value()),
        proptest::collection::vec(year_value(), 0..3),
        proptest::collection::vec(year_value(), 0..3),
        extra(),
    )
        .prop_map(
            |(id, name, unit, down, baseline, targets, actuals, extra)| Indicator {
                id,
                name,
                unit,
                direction: if down { Direction::Down } else { Direction::Up },
                baseline,
                targets,
                actuals,
                extra,
            },
        )
}

fn card(start: i32) -> impl Strategy<Value = Card> {
    (
        (
            id(),
            text(),
            text(),
            text(),
            proptest::collection::vec(text(), 0..3),
            any::<bool>(),
            any::<bool>(),
        ),
        (text(), text(), proptest::collection::vec(text(), 0..3)),
        (
            proptest::collection::vec(card_year(start), 0..2),
            proptest::collection::vec(indicator(), 0..2),
        ),
        (
            proptest::collection::vec((text(), text()), 0..3),
            proptest::collection::btree_map("[0-9a-f]{8}", 0u64..1000, 0..3),
            extra(),
        ),
    )
        .prop_map(
            move |(head, body, (mut years, mut indicators), (log, clock, extra))| {
                let (id, number, title, category, departments, relist, with_measure) = head;
                let (overview, background, outcomes) = body;
                // Years in order within the period (two at most: start, start+1).
                for (i, y) in years.iter_mut().enumerate() {
                    y.year = start + i as i32;
                    for a in &mut y.actions {
                        if let Some((_, m)) = a.due_month() {
                            a.due = Some(format!(
                                "{}-{m:02}",
                                if m >= 4 { y.year } else { y.year + 1 }
                            ));
                        }
                    }
                }
                unique_ids(
                    &mut indicators
                        .iter_mut()
                        .map(|i| IdOf(&mut i.id))
                        .collect::<Vec<_>>(),
                );
                Card {
                    id,
                    number,
                    title,
                    category,
                    departments,
                    pillars: if relist {
                        vec!["p1".into(), "p2".into()]
                    } else {
                        vec!["p1".into()]
                    },
                    measure: with_measure.then(|| "m1".into()),
                    visions: vec!["v1".into()],
                    overview,
                    background,
                    outcomes,
                    years,
                    indicators,
                    log: log
                        .into_iter()
                        .map(|(by, text)| LogEntry {
                            at: "2024-05-01T09:00:00+09:00".into(),
                            by,
                            text,
                            extra: Extra::new(),
                        })
                        .collect(),
                    updated_at: "2024-05-01T09:00:00.5+09:00".into(),
                    clock: VersionClock(clock),
                    extra,
                }
            },
        )
}

fn plan_file() -> impl Strategy<Value = PlanFile> {
    (
        2000..2100i32,
        text(),
        proptest::collection::vec(card(2000), 0..4),
        extra(),
        extra(),
        extra(),
    )
        .prop_map(
            |(start, title, mut cards, file_extra, plan_extra, pillar_extra)| {
                unique_ids(
                    &mut cards
                        .iter_mut()
                        .map(|c| IdOf(&mut c.id))
                        .collect::<Vec<_>>(),
                );
                // Shift cards' years into this plan's period.
                for c in &mut cards {
                    for y in &mut c.years {
                        let shift = start - 2000;
                        y.year += shift;
                        for a in &mut y.actions {
                            if let Some((yy, m)) = a.due_month() {
                                a.due = Some(format!("{}-{m:02}", yy + shift));
                            }
                        }
                    }
                }
                let mut f =
                    PlanFile::empty("plan".into(), format!("計画{title}"), start, start + 2);
                f.exported_by = Some("市民課".into());
                f.extra = file_extra;
                f.plan.extra = plan_extra;
                f.plan.pillars = vec![
                    Pillar {
                        id: "p1".into(),
                        name: "柱1".into(),
                        visions: vec![Vision {
                            id: "v1".into(),
                            text: "将来".into(),
                            extra: Extra::new(),
                        }],
                        measures: vec![Measure {
                            id: "m1".into(),
                            name: "施策".into(),
                            extra: Extra::new(),
                        }],
                        extra: pillar_extra,
                    },
                    Pillar {
                        id: "p2".into(),
                        name: "柱2".into(),
                        visions: vec![],
                        measures: vec![],
                        extra: Extra::new(),
                    },
                ];
                f.cards = cards.into_iter().map(Arc::new).collect();
                f
            },
        )
}

proptest! {
    #[test]
    fn valid_plans_round_trip_through_json(file in plan_file()) {
        let problems = validate::check_meaning(&file);
        prop_assert!(problems.is_empty(), "generated plan must be valid: {problems:?}");
        let text = to_json_pretty(&file);
        let loaded = load_str(&text);
        prop_assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        prop_assert_eq!(loaded.file.as_ref(), Some(&file));
        // And writing again gives the same text.
        prop_assert_eq!(to_json_pretty(loaded.file.as_ref().unwrap()), text);
    }
}

#[test]
fn unknown_fields_survive_at_every_level() {
    let mut v: Value = serde_json::from_str(SAMPLE_PLAN_JSON).unwrap();
    let mark = json!({"from": "newer app", "list": [1, 2]});
    let card = &mut v["cards"][0];
    card["years"][0]["actions"][0]["x_action"] = mark.clone();
    card["years"][0]["goals"][0]["x_goal"] = mark.clone();
    card["years"][0]["x_year"] = mark.clone();
    card["indicators"] = json!([{"id": "i", "name": "n", "actuals": [{"year": 2024, "value": 1, "x_actual": 1}], "x_ind": 2}]);
    card["log"] = json!([{"at": "2024-05-01T09:00:00+09:00", "text": "t", "x_log": 3}]);
    card["x_card"] = mark.clone();
    v["plan"]["x_plan"] = mark.clone();
    v["plan"]["pillars"][0]["x_pillar"] = mark.clone();
    v["plan"]["pillars"][0]["visions"][0]["x_vision"] = mark.clone();
    v["plan"]["pillars"][1]["measures"][0]["x_measure"] = mark.clone();
    v["x_file"] = mark.clone();

    let loaded = load_str(&v.to_string());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let out: Value = serde_json::from_str(&to_json_pretty(&loaded.file.unwrap())).unwrap();
    let c = &out["cards"][0];
    assert_eq!(c["years"][0]["actions"][0]["x_action"], mark);
    assert_eq!(c["years"][0]["goals"][0]["x_goal"], mark);
    assert_eq!(c["years"][0]["x_year"], mark);
    assert_eq!(c["indicators"][0]["x_ind"], 2);
    assert_eq!(c["indicators"][0]["actuals"][0]["x_actual"], 1);
    assert_eq!(c["log"][0]["x_log"], 3);
    assert_eq!(c["x_card"], mark);
    assert_eq!(out["plan"]["x_plan"], mark);
    assert_eq!(out["plan"]["pillars"][0]["x_pillar"], mark);
    assert_eq!(out["plan"]["pillars"][0]["visions"][0]["x_vision"], mark);
    assert_eq!(out["plan"]["pillars"][1]["measures"][0]["x_measure"], mark);
    assert_eq!(out["x_file"], mark);
}
