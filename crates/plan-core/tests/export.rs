//! Exports: CSV for Excel, department subsets, file names, and the JSON
//! Schema generated from the Rust types.
use std::path::PathBuf;
use std::sync::Arc;

use plan_core::export::{
    ACTIONS_CSV_HEADER, actions_csv, cards_csv, department_subset, file_name, for_export,
    subset_by_ids,
};
use plan_core::schema::json_schema;
use plan_core::{PlanFile, Status, load_str, sample_plan, to_json_pretty};
use serde_json::{Value, json};

const TODAY: (i32, u32) = (2026, 10);

/// Parses CSV text as Excel would after the BOM: header and rows.
fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let body = text
        .strip_prefix('\u{FEFF}')
        .expect("CSV for Excel starts with a BOM");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(body.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn total_actions(file: &PlanFile) -> usize {
    file.cards
        .iter()
        .flat_map(|c| &c.years)
        .map(|y| y.actions.len())
        .sum()
}

#[test]
fn cards_csv_has_bom_crlf_and_the_japanese_columns() {
    let plan = sample_plan();
    let text = cards_csv(&plan, TODAY);
    assert!(text.starts_with('\u{FEFF}'));
    assert!(text.ends_with("\r\n"));
    // Every line break is CRLF (the sample has no line breaks inside cells).
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());

    let (header, rows) = parse_csv(&text);
    assert_eq!(
        header,
        [
            "番号",
            "事業名",
            "区分",
            "主担当課",
            "担当課",
            "柱",
            "再掲",
            "施策",
            "令和6年度 状況",
            "令和7年度 状況",
            "令和8年度 状況",
            "取組事項 完了",
            "取組事項 全体",
            "期限超過",
            "最終更新",
        ]
    );
    assert_eq!(rows.len(), 14);
    assert_eq!(rows.len(), plan.cards.len());

    for (row, card) in rows.iter().zip(&plan.cards) {
        assert_eq!(row.len(), header.len());
        assert_eq!(row[0], card.number);
        assert_eq!(row[1], card.title, "Japanese text intact");
        assert_eq!(row[3], card.departments[0]);
        assert_eq!(row[4], card.departments.join("、"));
        assert_eq!(row[5], plan.pillar(&card.pillars[0]).unwrap().name);
        let actions: Vec<_> = card.years.iter().flat_map(|y| &y.actions).collect();
        assert_eq!(
            row[11],
            actions.iter().filter(|a| a.done).count().to_string()
        );
        assert_eq!(row[12], actions.len().to_string());
        let overdue = actions.iter().filter(|a| a.is_overdue(TODAY)).count();
        assert_eq!(row[13], overdue.to_string());
        assert_eq!(row[14], card.updated_at[..10]);
        assert!(row[14].starts_with("20"));
    }

    // Card 1 lives under 市民サービスの向上 and is listed again under 行政事務の効率化.
    assert_eq!(rows[0][1], "「書かない窓口」の導入と拡充");
    assert_eq!(rows[0][5], "市民サービスの向上");
    assert_eq!(rows[0][6], "行政事務の効率化");
    assert_eq!(rows[0][14], "2026-09-30");
    // Status cells: mark and name, empty where the card has no such year.
    let labels = [
        "— 未着手",
        "○ 進行中",
        "▲ 遅れ",
        "× 未達成",
        "◎ 達成",
        "取下 取り下げ",
    ];
    for row in &rows {
        for cell in &row[8..11] {
            assert!(cell.is_empty() || labels.contains(&cell.as_str()), "{cell}");
        }
    }
    let card = &plan.cards[0];
    assert_eq!(
        rows[0][8],
        format!(
            "{} {}",
            card.year(2024).unwrap().status.symbol(),
            plan_core::export::status_name_ja(card.year(2024).unwrap().status)
        )
    );
    let overdue_total: usize = rows.iter().map(|r| r[13].parse::<usize>().unwrap()).sum();
    assert!(
        overdue_total > 0,
        "the sample has overdue actions in 2026-10"
    );
}

#[test]
fn status_names_are_the_report_names() {
    let names: Vec<_> = Status::ALL
        .iter()
        .map(|s| plan_core::export::status_label_ja(*s))
        .collect();
    assert_eq!(names[1], "○ 進行中");
    assert_eq!(names[0], "— 未着手");
    assert_eq!(names[5], "取下 取り下げ");
}

#[test]
fn a_card_without_a_year_of_the_period_has_an_empty_cell() {
    let mut plan = sample_plan();
    Arc::make_mut(&mut plan.cards[0])
        .years
        .retain(|y| y.year != 2025);
    let (_, rows) = parse_csv(&cards_csv(&plan, TODAY));
    assert_eq!(rows[0][9], "");
    assert!(!rows[0][8].is_empty());
}

#[test]
fn actions_csv_has_one_row_per_action() {
    let plan = sample_plan();
    let text = actions_csv(&plan);
    assert!(text.starts_with('\u{FEFF}'));
    let (header, rows) = parse_csv(&text);
    assert_eq!(header, ACTIONS_CSV_HEADER);
    assert_eq!(
        header,
        [
            "番号",
            "事業名",
            "年度",
            "取組事項",
            "期限",
            "完了",
            "完了日"
        ]
    );
    assert_eq!(rows.len(), total_actions(&plan));
    assert_eq!(rows.len(), 84);

    let mut i = 0;
    for card in &plan.cards {
        for year in &card.years {
            for a in &year.actions {
                let row = &rows[i];
                assert_eq!(row[0], card.number);
                assert_eq!(row[1], card.title);
                assert_eq!(row[2], plan_core::fiscal::era_fiscal_year(year.year));
                assert_eq!(row[3], a.text);
                assert_eq!(row[4], a.due.clone().unwrap_or_default());
                assert_eq!(row[5], if a.done { "○" } else { "" });
                assert_eq!(row[6], a.done_on.clone().unwrap_or_default());
                i += 1;
            }
        }
    }
    assert!(rows.iter().any(|r| r[2] == "令和6年度"));
}

#[test]
fn commas_quotes_and_line_breaks_round_trip() {
    let mut plan = sample_plan();
    let title = "窓口, \"書かない\"\n2行目、「引用」\r\n3行目";
    Arc::make_mut(&mut plan.cards[0]).title = title.to_string();
    Arc::make_mut(&mut plan.cards[0]).years[0].actions[0].text = "a,\"b\"\nc".to_string();

    let text = cards_csv(&plan, TODAY);
    assert!(text.contains("\"窓口, \"\"書かない\"\""));
    let (_, rows) = parse_csv(&text);
    assert_eq!(rows.len(), 14);
    assert_eq!(rows[0][1], title);

    let (_, rows) = parse_csv(&actions_csv(&plan));
    assert_eq!(rows[0][1], title);
    assert_eq!(rows[0][3], "a,\"b\"\nc");
    assert_eq!(rows.len(), total_actions(&plan));
}

#[test]
fn spreadsheet_formulas_in_text_are_neutralised() {
    let mut plan = sample_plan();
    Arc::make_mut(&mut plan.cards[0]).title = "=HYPERLINK(\"http://example.invalid\",\"x\")".into();
    Arc::make_mut(&mut plan.cards[1]).title = "@SUM(A1:A9)".into();
    let (_, rows) = parse_csv(&cards_csv(&plan, TODAY));
    assert_eq!(rows[0][1], "'=HYPERLINK(\"http://example.invalid\",\"x\")");
    assert_eq!(rows[1][1], "'@SUM(A1:A9)");
}

#[test]
fn department_subsets_by_lead_or_anywhere() {
    let plan = sample_plan();
    let count = |dept: &str, lead: bool| department_subset(&plan, dept, lead).cards.len();
    assert_eq!(count("市民課", true), 2);
    assert_eq!(count("市民課", false), 3);
    assert_eq!(count("DX推進室", true), 3);
    assert_eq!(count("DX推進室", false), 8);
    assert_eq!(count("総務課", true), 4);
    assert_eq!(count("存在しない課", false), 0);

    let sub = department_subset(&plan, "DX推進室", false);
    assert_eq!(sub.plan, plan.plan, "plan header kept whole");
    for card in &sub.cards {
        assert!(card.departments.iter().any(|d| d == "DX推進室"));
    }
    // Cards keep file order.
    let order: Vec<_> = sub
        .cards
        .iter()
        .map(|c| plan.cards.iter().position(|p| p.id == c.id).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
    // A subset is a valid file.
    let loaded = load_str(&to_json_pretty(&sub));
    assert_eq!(loaded.errors().count(), 0);
    assert_eq!(loaded.file.as_ref(), Some(&sub));
}

#[test]
fn subset_by_ids_keeps_file_order_and_ignores_unknown_ids() {
    let plan = sample_plan();
    let ids = vec![
        plan.cards[5].id.clone(),
        "no-such-card".to_string(),
        plan.cards[1].id.clone(),
    ];
    let sub = subset_by_ids(&plan, &ids);
    assert_eq!(
        sub.cards,
        vec![plan.cards[1].clone(), plan.cards[5].clone()]
    );
    assert_eq!(sub.plan, plan.plan);
    assert!(subset_by_ids(&plan, &[]).cards.is_empty());
}

#[test]
fn for_export_stamps_time_and_exporter() {
    let plan = sample_plan();
    let out = for_export(&plan, "2026-11-21T10:00:00+09:00", Some("市民課"));
    assert_eq!(
        out.exported_at.as_deref(),
        Some("2026-11-21T10:00:00+09:00")
    );
    assert_eq!(out.exported_by.as_deref(), Some("市民課"));
    assert_eq!(out.cards, plan.cards);
    let anonymous = for_export(&plan, "2026-11-21T10:00:00+09:00", None);
    assert_eq!(anonymous.exported_by, None);
    assert_eq!(load_str(&to_json_pretty(&out)).errors().count(), 0);
}

fn named(title: &str, organization: Option<&str>) -> PlanFile {
    let mut f = PlanFile::empty("p".into(), title.into(), 2024, 2026);
    f.plan.organization = organization.map(String::from);
    f
}

#[test]
fn file_names_are_readable_and_safe() {
    let f = named("DXアクションプラン", Some("サンプル市"));
    assert_eq!(
        file_name(&f, Some("市民課"), "2026-09-30", "json"),
        "サンプル市_DXアクションプラン_市民課_2026-09-30.json"
    );
    assert_eq!(
        file_name(&f, None, "2026-09-30", ".csv"),
        "サンプル市_DXアクションプラン_2026-09-30.csv"
    );
    // The organization is not repeated when the title names it.
    assert_eq!(
        file_name(&sample_plan(), Some("市民課"), "2026-09-30", "json"),
        "みどり野市 DX推進アクションプラン（第2期）_市民課_2026-09-30.json"
    );
    assert_eq!(
        file_name(&named("計画", None), None, "2026-09-30", "json"),
        "計画_2026-09-30.json"
    );

    // Characters Windows refuses become `_`.
    let hostile = named("a\\b/c:d*e?f\"g<h>i|j\u{0}k\u{1f}l", Some("市/町"));
    let name = file_name(&hostile, Some("課:係"), "2026-09-30", "json");
    assert_eq!(name, "市_町_a_b_c_d_e_f_g_h_i_j_k_l_課_係_2026-09-30.json");
    for bad in ['\\', '/', ':', '*', '?', '"', '<', '>', '|'] {
        assert!(!name.contains(bad));
    }
    assert!(!name.chars().any(char::is_control));
    // Line breaks become spaces; dots and spaces at the ends go.
    assert_eq!(
        file_name(&named(" 計画\n第2期. ", None), None, "2026-09-30", "json"),
        "計画 第2期_2026-09-30.json"
    );
    // Path tricks do not survive.
    let dots = file_name(&named("../../etc/passwd", None), None, "", "json");
    assert!(!dots.contains('/') && !dots.starts_with('.'), "{dots}");
    assert_eq!(file_name(&named("CON", None), None, "", ""), "CON_");
    assert_eq!(
        file_name(&named("///", None), None, "", "json"),
        "plan.json"
    );
}

#[test]
fn long_titles_are_shortened_keeping_scope_date_and_extension() {
    let f = named(&"とても長い計画名".repeat(60), Some("サンプル市"));
    let name = file_name(&f, Some("市民課"), "2026-09-30", "json");
    assert!(
        name.len() <= plan_core::export::MAX_FILE_NAME_BYTES,
        "{}",
        name.len()
    );
    assert!(name.starts_with("サンプル市_とても長い計画名"));
    assert!(name.ends_with("_市民課_2026-09-30.json"), "{name}");

    // Even an absurd scope keeps the extension.
    let name = file_name(&f, Some(&"課".repeat(500)), "2026-09-30", "json");
    assert!(name.len() <= plan_core::export::MAX_FILE_NAME_BYTES);
    assert!(name.ends_with(".json"));
}

// ------------------------------------------------------------- schema

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schema/plan-format.schema.json")
}

const REGENERATE: &str = "cargo test -p plan-core --test export -- --ignored write_schema";

/// Writes `schema/plan-format.schema.json`. Run after changing the model:
/// `cargo test -p plan-core --test export -- --ignored write_schema`.
#[test]
#[ignore = "writes schema/plan-format.schema.json; run by hand after changing the model"]
fn write_schema() {
    let path = schema_path();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, json_schema()).unwrap();
}

#[test]
fn committed_schema_matches_the_types() {
    let committed = std::fs::read_to_string(schema_path()).unwrap_or_default();
    assert!(
        committed == json_schema(),
        "schema/plan-format.schema.json differs from the Rust types; regenerate it with `{REGENERATE}`"
    );
}

#[test]
fn schema_is_2020_12_with_title_and_open_objects() {
    let schema: Value = serde_json::from_str(&json_schema()).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(schema["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(
        schema["description"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
    // Unknown fields survive: no object may forbid them.
    fn walk(v: &Value, path: &str) {
        match v {
            Value::Object(m) => {
                if let Some(ap) = m.get("additionalProperties") {
                    assert_ne!(ap, &Value::Bool(false), "closed object at {path}");
                }
                assert!(!m.contains_key("unevaluatedProperties"), "{path}");
                for (k, child) in m {
                    walk(child, &format!("{path}/{k}"));
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, path)),
            _ => {}
        }
    }
    walk(&schema, "");
    for def in [
        "Plan",
        "Card",
        "CardYear",
        "Action",
        "Indicator",
        "YearValue",
    ] {
        assert_eq!(
            schema["$defs"][def]["additionalProperties"],
            Value::Bool(true),
            "{def}"
        );
    }
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&json_schema()).unwrap();
    jsonschema::draft202012::new(&schema).expect("the generated schema is a valid 2020-12 schema")
}

fn schema_errors(v: &Value) -> Vec<String> {
    validator()
        .iter_errors(v)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn sample_written_files_and_subsets_validate_against_the_schema() {
    let sample: Value = serde_json::from_str(plan_core::SAMPLE_PLAN_JSON).unwrap();
    assert_eq!(schema_errors(&sample), Vec::<String>::new());

    let plan = sample_plan();
    let written: Value = serde_json::from_str(&to_json_pretty(&plan)).unwrap();
    assert_eq!(schema_errors(&written), Vec::<String>::new());

    let sub = department_subset(&plan, "市民課", false);
    let sub: Value = serde_json::from_str(&to_json_pretty(&sub)).unwrap();
    assert_eq!(schema_errors(&sub), Vec::<String>::new());

    let exported = for_export(&plan, "2026-11-21T10:00:00+09:00", Some("市民課"));
    let exported: Value = serde_json::from_str(&to_json_pretty(&exported)).unwrap();
    assert_eq!(schema_errors(&exported), Vec::<String>::new());
}

#[test]
fn unknown_fields_validate_and_wrong_values_do_not() {
    let mut v: Value = serde_json::from_str(plan_core::SAMPLE_PLAN_JSON).unwrap();
    v["x_new"] = json!({"a": [1, 2]});
    v["plan"]["x_new"] = json!(true);
    v["cards"][0]["years"][0]["actions"][0]["x_new"] = json!("新しい項目");
    assert!(validator().is_valid(&v));

    let broken = |edit: &dyn Fn(&mut Value)| {
        let mut b = v.clone();
        edit(&mut b);
        !validator().is_valid(&b)
    };
    assert!(broken(
        &|b| b["cards"][0]["years"][0]["status"] = json!("done")
    ));
    assert!(broken(
        &|b| b["cards"][0]["years"][0]["status"] = json!("遅れ")
    ));
    assert!(broken(&|b| b["format"] = json!("something-else")));
    assert!(broken(&|b| b["plan"]["start_year"] = json!(1899)));
    assert!(broken(&|b| b["cards"][0]["years"][0]["year"] = json!(2201)));
    assert!(broken(&|b| b["cards"][0]["clock"] = json!({"site": -1})));
    assert!(broken(&|b| {
        b["cards"][0].as_object_mut().unwrap().remove("clock");
    }));
    assert!(broken(&|b| b["cards"][0]["title"] = json!(1)));
}

#[test]
fn csv_headers_and_statuses_follow_the_language() {
    use plan_core::Lang;
    use plan_core::export::{actions_csv_in, cards_csv_in};
    let plan = sample_plan();
    let (header, rows) = parse_csv(&cards_csv_in(Lang::En, &plan, TODAY));
    assert_eq!(
        header[..4],
        ["No.", "Project", "Category", "Lead department"]
    );
    assert!(header.contains(&"FY2024 status".to_string()));
    assert_eq!(header.last().map(String::as_str), Some("Last updated"));
    let status_col = header.iter().position(|h| h == "FY2024 status").unwrap();
    let card = &plan.cards[0];
    let st = card.year(2024).unwrap().status;
    assert_eq!(
        rows[0][status_col],
        format!("{} {}", st.symbol(), Lang::En.status_name(st))
    );
    // Plan text is the plan's own, in either language.
    assert_eq!(rows[0][1], card.title);
    let (header, rows) = parse_csv(&actions_csv_in(Lang::En, &plan));
    assert_eq!(
        header,
        ["No.", "Project", "Year", "Action", "Due", "Done", "Done on"]
    );
    assert!(rows.iter().all(|r| r[2].starts_with("FY")));
    // Japanese stays the default.
    assert_eq!(
        cards_csv_in(Lang::Ja, &plan, TODAY),
        cards_csv(&plan, TODAY)
    );
    assert_eq!(actions_csv_in(Lang::Ja, &plan), actions_csv(&plan));
}
