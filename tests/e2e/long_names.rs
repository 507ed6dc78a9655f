//! Real plans, read well: actions written as small lists keep their line
//! breaks on the card sheet, and long Japanese pillar names on the
//! dashboard's axes are all shown, wrapped, not drawn over each other.

use crate::common;

use common::{Browser, serve_dist, write_plan};
use serde_json::json;

const LONG_PILLAR: &str = "行政サービスのデジタル化による市民の利便性の飛躍的な向上";
const LIST_ACTION: &str = "住民票と印鑑登録証明書：20%\n税証明：10%\n戸籍証明：5%";

/// The sample plan as a city would write it: long pillar names, an action
/// that is a list of three lines.
fn real_looking_plan() -> std::path::PathBuf {
    let mut plan = plan_core::sample_plan();
    plan.plan.pillars[0].name = LONG_PILLAR.into();
    plan.plan.pillars[1].name = "業務の効率化と職員の働き方改革による持続可能な行政運営".into();
    let card = plan.card_mut("card-01").expect("sample card-01");
    card.years[0].actions[0].text = LIST_ACTION.into();
    write_plan(
        &format!("shinchoku-long-{}/long-names.json", std::process::id()),
        &plan,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_actions_keep_their_lines_and_long_pillar_names_fit_the_axes() {
    let url = serve_dist();
    let file = real_looking_plan();
    let b = Browser::start().await;
    b.open_file(&url, &file).await;

    // The card sheet: the action is three lines high, not one run-on line.
    b.open_card(&url, "card-01").await;
    b.find(".action-text").await;
    let lines = b
        .js(
            "const el = [...document.querySelectorAll('.action-text')]
                 .find(e => e.textContent.startsWith(arguments[0]));
             el.scrollIntoView({ block: 'center' });
             const lh = parseFloat(getComputedStyle(el).lineHeight) || 20;
             return Math.round(el.getBoundingClientRect().height / lh);",
            vec![json!(LIST_ACTION.lines().next().unwrap())],
        )
        .await;
    assert!(lines.as_u64().unwrap() >= 3, "lines: {lines}");
    b.screenshot("card-multiline-action").await;

    // The dashboard: every pillar label is shown (interval 0), long ones
    // wrapped into lines of at most 10 characters (about 120 px at the
    // axis font, narrower than one of three bands); the screenshot shows it.
    b.click("[data-testid=nav-dashboard]").await;
    b.find("[data-testid=chart-status-pillar] .chart canvas")
        .await;
    let deadline = std::time::Instant::now() + common::WAIT;
    let axis = loop {
        let axis = b
            .js(
                "const el = document.querySelector('[data-testid=chart-status-pillar] .chart');
                 const c = window.echarts && echarts.getInstanceByDom(el);
                 return c ? c.getOption().xAxis[0] : null;",
                vec![],
            )
            .await;
        if !axis.is_null() {
            break axis;
        }
        assert!(std::time::Instant::now() < deadline, "no pillar chart");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    assert_eq!(axis["axisLabel"]["interval"], json!(0));
    let labels: Vec<String> = axis["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let long = labels
        .iter()
        .find(|l| {
            l.lines()
                .next()
                .is_some_and(|first| !first.is_empty() && LONG_PILLAR.starts_with(first))
        })
        .expect("the long pillar is on the axis");
    assert!(long.contains('\n'), "wrapped: {long:?}");
    assert!(
        long.lines().all(|line| line.chars().count() <= 10),
        "{long:?}"
    );
    b.screenshot("dashboard-long-pillar-names").await;
    b.close().await;
    let _ = std::fs::remove_dir_all(file.parent().unwrap());
}
