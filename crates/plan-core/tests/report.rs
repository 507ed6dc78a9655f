//! The printable HTML report: self-contained, everything from the file
//! escaped, and carrying the plan so that it imports back unchanged.

use std::sync::Arc;

use plan_core::report::{extract_plan, html_report};
use plan_core::{LogEntry, PlanFile, load_str, sample_plan};

const TODAY: (i32, u32, u32) = (2026, 11, 21);
const NOW: &str = "2026-11-21T10:00:00+09:00";

fn report(file: &PlanFile) -> String {
    html_report(file, TODAY, NOW)
}

/// The plan read back from a report, which must load without errors.
fn round_trip(html: &str) -> PlanFile {
    let json = extract_plan(html).expect("the report carries the plan");
    let loaded = load_str(&json);
    assert_eq!(loaded.errors().count(), 0, "{:?}", loaded.problems);
    loaded.file.expect("the embedded plan loads")
}

/// The report must not reach the network: no URL but the SVG namespace.
fn assert_no_urls(html: &str) {
    let rest = html.replace("http://www.w3.org/2000/svg", "");
    assert!(!rest.contains("http://"), "a URL in the report");
    assert!(!rest.contains("https://"), "a URL in the report");
    assert!(!rest.contains("//fonts"), "a font from the network");
    for attr in [" src=\"", "url(", "@import"] {
        assert!(!rest.contains(attr), "{attr} in the report");
    }
}

#[test]
fn sample_report_has_the_content() {
    let plan = sample_plan();
    let html = report(&plan);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"ja\">"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains(&plan.plan.title));
    assert!(html.contains("みどり野市"));
    assert!(html.contains("令和6年度〜令和8年度"));
    for card in &plan.cards {
        // Sample titles contain 「」 and （）, nothing that is escaped.
        assert!(html.contains(&card.title), "{}", card.title);
    }
    // Headline hours (checked by hand in tests/query_stats.rs: 2,378).
    assert!(html.contains("業務時間 2,378時間削減"));
    // The legend, with every status by symbol and name.
    assert!(html.contains("凡例"));
    for (sym, name) in [
        ("—", "未着手"),
        ("○", "進行中"),
        ("▲", "遅れ"),
        ("×", "未達成"),
        ("◎", "達成"),
        ("取下", "取り下げ"),
    ] {
        assert!(html.contains(&format!("{sym}</span> {name}")), "{name}");
    }
    // Card layout headings of the 鹿島市 plan.
    for h in [
        "事業名",
        "担当課",
        "3つの柱",
        "将来の姿（ビジョン）",
        "事業概要（目的・必要性）",
        "取組の背景",
        "取組事項（KPI）",
        "年次目標（KGI）",
        "達成目標",
        "評価指標",
        "1年目（令和6年度）",
    ] {
        assert!(html.contains(h), "{h}");
    }
    // One printed page per card.
    assert_eq!(
        html.matches("<section class=\"card\"").count(),
        plan.cards.len()
    );
    assert!(html.contains("break-before: page"));
    assert!(html.contains("size: A4 landscape"));
    // Charts: inline SVG, labelled, with a table beside.
    assert_eq!(html.matches("<svg ").count(), 2);
    assert_eq!(html.matches("role=\"img\" aria-label=\"").count(), 2);
    // A rate of an actual with a total: 494 / 5,357 = 9.2%.
    assert!(html.contains("494件／5,357件（9.2%）"));
    // Done marks and due months.
    assert!(html.contains("☑"));
    assert!(html.contains("（期限 2024年6月）"));
    assert!(html.contains("完了 2024年6月21日"));
    assert_eq!(html.matches("<script").count(), 1);
    assert_no_urls(&html);
}

#[test]
fn the_embedded_plan_imports_unchanged() {
    let plan = sample_plan();
    let html = report(&plan);
    let json = extract_plan(&html).unwrap();
    assert_eq!(
        json,
        plan_core::to_json_pretty(&plan).replace('<', "\\u003c")
    );
    assert_eq!(round_trip(&html), plan);
}

#[test]
fn plan_text_is_never_markup() {
    const SCRIPT: &str = "</script><script>alert(1)</script>";
    const IMG: &str = "<img src=x onerror=alert(1)>";
    const AMP: &str = "&amp;";
    const COMMENT: &str = "<!-- \"quoted\" 'single' -->";
    let mut plan = sample_plan();
    plan.plan.title = format!("計画{SCRIPT}");
    plan.plan.organization = Some(IMG.to_string());
    plan.plan.pillars[0].name = format!("柱{IMG}");
    plan.plan.pillars[0].visions[0].text = SCRIPT.to_string();
    let card = Arc::make_mut(&mut plan.cards[0]);
    card.title = format!("{SCRIPT}{IMG}{AMP}");
    card.number = IMG.to_string();
    card.category = AMP.to_string();
    card.departments[0] = SCRIPT.to_string();
    card.overview = format!("一行目{COMMENT}\n二行目{IMG}");
    card.background = SCRIPT.to_string();
    card.outcomes.push(IMG.to_string());
    card.years[0].actions[0].text = SCRIPT.to_string();
    card.years[0].goals[0].text = IMG.to_string();
    card.years[0].note = COMMENT.to_string();
    card.indicators[0].name = SCRIPT.to_string();
    card.indicators[0].unit = IMG.to_string();
    card.log.push(LogEntry {
        at: "2026-11-20T09:00:00+09:00".to_string(),
        by: IMG.to_string(),
        text: format!("{SCRIPT}\n{COMMENT}"),
        extra: Default::default(),
    });
    Arc::make_mut(&mut plan.cards[1]).title = AMP.to_string();

    let html = report(&plan);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<script").count(), 1, "only the plan element");
    assert_eq!(html.to_ascii_lowercase().matches("<script").count(), 1);
    assert!(!html.contains("<img"));
    assert!(!html.contains("<!--"));
    assert!(!html.contains("</script><script>"));
    assert!(html.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&amp;amp;"));
    assert!(html.contains("&lt;!-- &quot;quoted&quot; &#39;single&#39; --&gt;"));
    // Line breaks in text become <br>.
    assert!(html.contains("一行目&lt;!-- &quot;quoted&quot; &#39;single&#39; --&gt;<br>二行目"));
    // The only element ending a script is the plan element's own.
    assert_eq!(html.matches("</script>").count(), 1);
    assert_no_urls(&html);

    let back = round_trip(&html);
    assert_eq!(back, plan);
    assert_eq!(back.plan.title, format!("計画{SCRIPT}"));
    assert_eq!(back.cards[0].title, format!("{SCRIPT}{IMG}{AMP}"));
    assert_eq!(back.cards[1].title, AMP);
    assert_eq!(back.cards[0].log.last().unwrap().by, IMG);
}

#[test]
fn extract_finds_only_the_plan_element() {
    assert_eq!(extract_plan("<!DOCTYPE html><p>no plan</p>"), None);
    assert_eq!(extract_plan(""), None);
    let html = "<script>var x = 1;</script>\
                <SCRIPT type='application/json' ID='shinchoku-plan'>\n {\"a\": \"\\u003c/script>\"} \n</SCRIPT>";
    assert_eq!(
        extract_plan(html).as_deref(),
        Some("{\"a\": \"\\u003c/script>\"}")
    );
    assert_eq!(
        extract_plan("<scripts id=\"shinchoku-plan\">{}</scripts>"),
        None
    );
    assert_eq!(
        extract_plan("<script data-id=\"shinchoku-plan\">{}</script>"),
        None
    );
    // Unterminated: nothing to return.
    assert_eq!(
        extract_plan("<script id=\"shinchoku-plan\">{\"a\": 1}"),
        None
    );
}

#[test]
fn empty_and_odd_plans_still_make_a_document() {
    let empty = PlanFile::empty("p".into(), "空の計画".into(), 2024, 2024);
    let html = report(&empty);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("空の計画"));
    assert!(html.contains("令和6年度"));
    assert!(html.ends_with("</html>\n"));
    assert_eq!(round_trip(&html), empty);

    // A card under an unknown pillar, with no years; today before the plan.
    let mut plan = sample_plan();
    Arc::make_mut(&mut plan.cards[0]).pillars = vec!["nowhere".into()];
    Arc::make_mut(&mut plan.cards[0]).years.clear();
    Arc::make_mut(&mut plan.cards[1]).years[0].actions[0].due = Some("<img src=x>".into());
    Arc::make_mut(&mut plan.cards[1]).log[0].at = "</script>".into();
    let html = html_report(&plan, (2020, 1, 1), "not a date <b>");
    assert!(html.contains("not a date &lt;b&gt;"));
    assert!(html.contains("（期限 &lt;img src=x&gt;）"));
    assert!(html.contains("&lt;/script&gt;"));
    assert_eq!(html.matches("<script").count(), 1);
    assert!(!html.contains("<img"));
    assert!(html.contains("（柱の指定なし）"));
    assert!(html.contains("年次計画は登録されていません"));
    // Clamped into the plan period.
    assert!(html.contains("進捗の概要（令和6年度）"));
    // The plan does not validate (unknown pillar) but is carried whole.
    let json = extract_plan(&html).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value, serde_json::to_value(&plan).unwrap());
}

#[test]
fn current_year_follows_the_fiscal_year_of_today() {
    let plan = sample_plan();
    // March 2026 is still 令和7年度 (FY2025).
    let html = html_report(&plan, (2026, 3, 31), NOW);
    assert!(html.contains("進捗の概要（令和7年度）"));
    // After the plan period: the last year.
    let html = html_report(&plan, (2030, 6, 1), NOW);
    assert!(html.contains("進捗の概要（令和8年度）"));
}

#[test]
fn the_report_follows_the_language() {
    use plan_core::Lang;
    use plan_core::report::{Parts, html_document_in, html_report_in};
    let mut plan = sample_plan();
    Arc::make_mut(&mut plan.cards[0]).years[0].actions[0].text =
        "住民票と印鑑登録証明書：20%\n税証明：10%".into();
    let en = html_report_in(Lang::En, &plan, TODAY, NOW);
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("Progress report"));
    assert!(en.contains("Plan period: FY2024–FY2026"));
    assert!(en.contains("Summary (FY2026)"));
    assert!(en.contains("2,378 working hours saved"));
    assert!(en.contains("Actions (KPI)"));
    assert!(en.contains("Yearly goals (KGI)"));
    assert!(en.contains("(due June 2024)"));
    assert!(en.contains("Done 21 June 2024"));
    assert!(en.contains("On track"));
    // The report's own Japanese words are gone; the plan's text stays.
    for ja in [
        "進捗報告書",
        "凡例",
        "進捗の概要",
        "取組事項（KPI）",
        "年次目標（KGI）",
        "記載なし",
        "令和",
        "期限",
        "計画期間",
    ] {
        assert!(
            !en.contains(ja) || plan_core::SAMPLE_PLAN_JSON.contains(ja),
            "{ja} in the English report"
        );
    }
    assert!(en.contains(&plan.cards[0].title));
    // Line breaks inside an action are kept, in both languages and on paper.
    let kept = "住民票と印鑑登録証明書：20%<br>税証明：10%";
    assert!(en.contains(kept));
    assert!(report(&plan).contains(kept));
    let paper = html_document_in(Lang::En, &plan, TODAY, NOW, Parts::CARDS_ONLY);
    assert!(paper.contains(kept));
    assert_eq!(round_trip(&en), plan);
    // Japanese stays the default.
    assert_eq!(
        html_report_in(Lang::Ja, &plan, TODAY, NOW),
        html_report(&plan, TODAY, NOW)
    );
}
