//! The card list's filters and sorting, the filter in a URL, and the
//! aggregates of the status matrix, department view and dashboard: on the
//! sample plan (numbers checked by hand against `sample_plan.json`) and on
//! a generated plan of 1,000 cards (consistency).

use std::sync::Arc;

use plan_core::generate::large_plan;
use plan_core::query::{
    Filter, SearchIndex, SortKey, compare_numbers, filter_cards, from_query, matches, normalize,
    overdue_count, to_query,
};
use plan_core::stats::{
    self, DepartmentRow, MonthBucket, StatusCounts, departments, due_timeline, effect_hours,
    indicator_series, is_effect_indicator, is_hours_unit, matrix, status_by_pillar, status_by_year,
    status_counts, total_effect_hours,
};
use plan_core::validate::check_meaning;
use plan_core::{Card, PlanFile, Status, sample_plan};
use proptest::prelude::*;

const TODAY: (i32, u32) = (2026, 11);

/// Card numbers of a filtered list, in its order.
fn numbers(cards: &[&Card]) -> Vec<String> {
    cards.iter().map(|c| c.number.clone()).collect()
}

/// Runs the filter both ways (plain and through the index) and checks that
/// `matches` agrees; returns the card numbers.
fn run(file: &PlanFile, f: &Filter) -> Vec<String> {
    let plain = numbers(&filter_cards(file, f, TODAY));
    let index = SearchIndex::new(file);
    assert_eq!(numbers(&index.filter(file, f, TODAY)), plain, "{f:?}");
    let mut by_matches: Vec<String> = file
        .cards
        .iter()
        .filter(|c| matches(c, f, TODAY))
        .map(|c| c.number.clone())
        .collect();
    let mut sorted = plain.clone();
    by_matches.sort();
    sorted.sort();
    assert_eq!(by_matches, sorted, "{f:?}");
    plain
}

fn nums(list: &[u32]) -> Vec<String> {
    list.iter().map(u32::to_string).collect()
}

fn filter() -> Filter {
    Filter::default()
}

// ------------------------------------------------------------- filters

#[test]
fn no_filter_lists_every_card_by_number() {
    let plan = sample_plan();
    assert_eq!(plan.cards.len(), 14);
    assert_eq!(run(&plan, &filter()), nums(&(1..=14).collect::<Vec<_>>()));
    assert!(filter().is_empty());
}

#[test]
fn pillar_includes_cards_listed_again() {
    let plan = sample_plan();
    let by = |p: &str| {
        run(
            &plan,
            &Filter {
                pillar: Some(p.into()),
                ..filter()
            },
        )
    };
    // Card 1 lives under citizen and is listed again (再掲) under office.
    assert_eq!(by("office"), nums(&[1, 6, 7, 8, 9, 10]));
    assert_eq!(by("citizen"), nums(&[1, 2, 3, 4, 5]));
    assert_eq!(by("community"), nums(&[11, 12, 13, 14]));
    assert_eq!(by("nowhere"), nums(&[]));
}

#[test]
fn measure_and_category() {
    let plan = sample_plan();
    let m = |id: &str| Filter {
        measure: Some(id.into()),
        ..filter()
    };
    assert_eq!(run(&plan, &m("office-m1")), nums(&[6, 7]));
    assert_eq!(run(&plan, &m("office-m2")), nums(&[8, 9]));
    assert_eq!(run(&plan, &m("office-m3")), nums(&[10]));
    let cat = Filter {
        category: Some("内部事務".into()),
        ..filter()
    };
    assert_eq!(run(&plan, &cat), nums(&[6, 7, 8, 9]));
    let cat = Filter {
        category: Some("窓口・届出".into()),
        ..filter()
    };
    assert_eq!(run(&plan, &cat), nums(&[1, 2, 3]));
}

#[test]
fn department_any_or_lead() {
    let plan = sample_plan();
    let d = |name: &str, lead_only| Filter {
        department: Some(name.into()),
        lead_only,
        ..filter()
    };
    assert_eq!(run(&plan, &d("市民課", false)), nums(&[1, 2, 3]));
    assert_eq!(run(&plan, &d("市民課", true)), nums(&[1, 3]));
    assert_eq!(
        run(&plan, &d("DX推進室", false)),
        nums(&[1, 2, 4, 6, 8, 9, 10, 11])
    );
    assert_eq!(run(&plan, &d("DX推進室", true)), nums(&[2, 8, 9]));
    assert_eq!(run(&plan, &d("財政課", false)), nums(&[5, 8]));
    assert_eq!(run(&plan, &d("財政課", true)), nums(&[]));
    // lead_only alone does nothing.
    let lead = Filter {
        lead_only: true,
        ..filter()
    };
    assert_eq!(run(&plan, &lead).len(), 14);
}

#[test]
fn year_and_status() {
    let plan = sample_plan();
    let f = |year: Option<i32>, status: Option<Status>| Filter {
        year,
        status,
        ..filter()
    };
    // Cards 4, 9 and 14 start in 2025; card 7 ends in 2025.
    assert_eq!(
        run(&plan, &f(Some(2024), None)),
        nums(&[1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13])
    );
    assert_eq!(run(&plan, &f(Some(2025), None)).len(), 14);
    assert_eq!(run(&plan, &f(Some(2026), None)).len(), 13);
    assert_eq!(run(&plan, &f(Some(2023), None)), nums(&[]));
    // With a year, the status is that year's.
    assert_eq!(
        run(&plan, &f(Some(2025), Some(Status::Delayed))),
        nums(&[4, 9, 12])
    );
    assert_eq!(
        run(&plan, &f(Some(2026), Some(Status::Delayed))),
        nums(&[4, 12])
    );
    assert_eq!(
        run(&plan, &f(Some(2025), Some(Status::Missed))),
        nums(&[6, 10])
    );
    assert_eq!(
        run(&plan, &f(Some(2024), Some(Status::Missed))),
        nums(&[3, 12])
    );
    // Without a year, any year.
    assert_eq!(
        run(&plan, &f(None, Some(Status::Missed))),
        nums(&[3, 6, 10, 12])
    );
    assert_eq!(run(&plan, &f(None, Some(Status::Withdrawn))), nums(&[13]));
    assert_eq!(run(&plan, &f(None, Some(Status::NotStarted))), nums(&[5]));
}

#[test]
fn overdue_at_today() {
    let plan = sample_plan();
    let f = Filter {
        overdue_only: true,
        ..filter()
    };
    // Open and due before 2026-11: card 4 (2025-11, 2026-09), card 9
    // (2026-01), card 12 (2026-07), card 13 (2025-10).
    assert_eq!(run(&plan, &f), nums(&[4, 9, 12, 13]));
    let card4 = plan.card("card-04").unwrap();
    assert_eq!(overdue_count(card4, TODAY), 2);
    // The month an action is due is not overdue yet.
    assert_eq!(overdue_count(plan.card("card-02").unwrap(), (2026, 12)), 0);
    assert_eq!(overdue_count(plan.card("card-02").unwrap(), (2027, 1)), 1);
}

#[test]
fn stale_months() {
    let plan = sample_plan();
    let f = |n| Filter {
        stale_months: Some(n),
        ..filter()
    };
    // Last updates: 5 and 7 in 2026-04, 8 in 2026-06, 2 in 2026-08, the
    // rest in 2026-09.
    assert_eq!(run(&plan, &f(2)).len(), 14);
    assert_eq!(run(&plan, &f(3)), nums(&[2, 5, 7, 8]));
    assert_eq!(run(&plan, &f(5)), nums(&[5, 7, 8]));
    assert_eq!(run(&plan, &f(6)), nums(&[5, 7]));
    assert_eq!(run(&plan, &f(7)), nums(&[5, 7]));
    assert_eq!(run(&plan, &f(8)), nums(&[]));
}

#[test]
fn free_text_folds_width_case_and_kana() {
    let plan = sample_plan();
    let q = |text: &str| {
        run(
            &plan,
            &Filter {
                text: text.into(),
                ..filter()
            },
        )
    };
    for rpa in ["RPA", "rpa", "ＲＰＡ", "ｒｐａ", "ＡＩ－ＯＣＲ"] {
        assert_eq!(q(rpa), nums(&[8]), "{rpa}");
    }
    let online = nums(&[2, 4, 5, 11]);
    assert_eq!(q("オンライン"), online);
    assert_eq!(q("ｵﾝﾗｲﾝ"), online);
    assert_eq!(q("おんらいん"), online);
    assert_eq!(q("ｷｬｯｼｭﾚｽ"), nums(&[5, 13]));
    assert_eq!(q("ぺーぱーれす"), nums(&[7]));
    // Every word must match, spaces of either width.
    assert_eq!(q("オンライン 高齢者"), nums(&[11]));
    assert_eq!(q("防災　アプリ"), nums(&[11, 12]));
    assert_eq!(q("  "), run(&plan, &filter()));
    assert_eq!(q("オンライン 存在しない語"), nums(&[]));
    // Departments, notes, indicator names and log texts are searched.
    assert_eq!(q("ＤＸ推進室"), nums(&[1, 2, 4, 6, 8, 9, 10, 11]));
    assert_eq!(q("改善策"), nums(&[3, 4, 6, 9, 10, 12]));
    assert_eq!(q("待ち時間"), nums(&[1]));
    assert_eq!(q("ワンストップサービスの受付"), nums(&[2]));
    assert_eq!(normalize("ＲＰＡ・ｼｽﾃﾑ　Ａｂｃ"), "rpa・しすてむ abc");
}

#[test]
fn filters_combine() {
    let plan = sample_plan();
    let f = Filter {
        pillar: Some("office".into()),
        department: Some("DX推進室".into()),
        ..filter()
    };
    assert_eq!(run(&plan, &f), nums(&[1, 6, 8, 9, 10]));
    let f = Filter {
        lead_only: true,
        ..f
    };
    assert_eq!(run(&plan, &f), nums(&[8, 9]));
    let f = Filter {
        year: Some(2025),
        status: Some(Status::Delayed),
        ..f
    };
    assert_eq!(run(&plan, &f), nums(&[9]));
    let f = Filter {
        overdue_only: true,
        text: "生成ＡＩ".into(),
        ..f
    };
    assert_eq!(run(&plan, &f), nums(&[9]));
    let f = Filter {
        stale_months: Some(3),
        ..f
    };
    assert_eq!(run(&plan, &f), nums(&[]));
    let f = Filter {
        category: Some("内部事務".into()),
        overdue_only: true,
        ..filter()
    };
    assert_eq!(run(&plan, &f), nums(&[9]));
    let f = Filter {
        pillar: Some("citizen".into()),
        stale_months: Some(3),
        text: "ｵﾝﾗｲﾝ".into(),
        ..filter()
    };
    assert_eq!(run(&plan, &f), nums(&[2, 5]));
}

#[test]
fn a_stale_index_still_answers_right() {
    let mut plan = sample_plan();
    let index = SearchIndex::new(&plan);
    assert_eq!(index.len(), 14);
    let f = Filter {
        text: "新しい語".into(),
        ..filter()
    };
    assert!(index.filter(&plan, &f, TODAY).is_empty());
    Arc::make_mut(&mut plan.cards[2])
        .title
        .push_str("（新しい語）");
    Arc::make_mut(&mut plan.cards[2]).updated_at = "2026-11-20T10:00:00+09:00".into();
    plan.cards.remove(0);
    assert_eq!(numbers(&index.filter(&plan, &f, TODAY)), nums(&[3]));
}

// ------------------------------------------------------------- sorting

#[test]
fn numbers_sort_numerically() {
    let mut plan = sample_plan();
    plan.cards.truncate(7);
    for (card, n) in plan
        .cards
        .iter_mut()
        .map(Arc::make_mut)
        .zip(["10", "2", "1", "①", "1-10", "1-2", ""])
    {
        card.number = n.into();
    }
    let got = numbers(&filter_cards(&plan, &filter(), TODAY));
    assert_eq!(got, ["", "1", "1-2", "1-10", "2", "10", "①"]);
    let desc = Filter {
        descending: true,
        ..filter()
    };
    let got = numbers(&filter_cards(&plan, &desc, TODAY));
    assert_eq!(got, ["①", "10", "2", "1-10", "1-2", "1", ""]);
    assert!(compare_numbers("2", "10").is_lt());
    assert!(compare_numbers("１０", "9").is_gt());
    assert!(compare_numbers("007", "7").is_ne());
}

#[test]
fn sort_keys() {
    let plan = sample_plan();
    let sorted = |sort, descending| {
        numbers(&filter_cards(
            &plan,
            &Filter {
                sort,
                descending,
                ..filter()
            },
            TODAY,
        ))
    };
    assert_eq!(
        sorted(SortKey::Number, true),
        nums(&(1..=14).rev().collect::<Vec<_>>())
    );
    // Plan order of lead departments: 市民課 (1, 3), DX推進室 (2, 8, 9),
    // 税務課 (5), 子育て支援課 (4), 総務課 (6, 7, 10, 12), 福祉課 (11),
    // 農林課 (14), 観光課 (13).
    assert_eq!(
        sorted(SortKey::Department, false),
        nums(&[1, 3, 2, 8, 9, 5, 4, 6, 7, 10, 12, 11, 14, 13])
    );
    // Oldest first: 7 (04-10), 5 (04-20), 8 (06-26), 2 (08-05), 11 (09-12)
    // … 1 (09-30 16:40), 3 (09-30 17:25).
    let updated = sorted(SortKey::Updated, false);
    assert_eq!(updated[..5], nums(&[7, 5, 8, 2, 11]));
    assert_eq!(updated.last().unwrap(), "3");
    assert_eq!(sorted(SortKey::Updated, true)[..2], nums(&[3, 1]));
    // Most overdue first; ties in number order.
    assert_eq!(
        sorted(SortKey::Overdue, true)[..5],
        nums(&[4, 9, 12, 13, 1])
    );
    assert_eq!(sorted(SortKey::Overdue, false)[..3], nums(&[1, 2, 3]));
    let titles = sorted(SortKey::Title, false);
    assert_eq!(titles.len(), 14);
    let by_title: Vec<&str> = titles
        .iter()
        .map(|n| {
            plan.cards
                .iter()
                .find(|c| &c.number == n)
                .unwrap()
                .title
                .as_str()
        })
        .collect();
    assert!(by_title.is_sorted());
}

// ----------------------------------------------------------- URL query

#[test]
fn query_strings() {
    let f = Filter {
        pillar: Some("office".into()),
        year: Some(2025),
        status: Some(Status::Delayed),
        text: "電子".into(),
        ..filter()
    };
    assert_eq!(
        to_query(&f),
        "pillar=office&year=2025&status=delayed&q=%E9%9B%BB%E5%AD%90"
    );
    assert_eq!(from_query(&to_query(&f)), f);
    assert_eq!(to_query(&filter()), "");
    assert_eq!(from_query(""), filter());

    let all = Filter {
        pillar: Some("citizen".into()),
        measure: Some("office-m1".into()),
        category: Some("窓口・届出".into()),
        department: Some("DX推進室".into()),
        lead_only: true,
        year: Some(2026),
        status: Some(Status::OnTrack),
        overdue_only: true,
        stale_months: Some(3),
        text: "a&b=c 100% +".into(),
        sort: SortKey::Updated,
        descending: true,
    };
    let q = to_query(&all);
    assert!(
        q.starts_with("pillar=citizen&measure=office-m1&category="),
        "{q}"
    );
    assert!(
        q.ends_with("&lead=1&year=2026&status=on_track&overdue=1&stale=3&q=a%26b%3Dc%20100%25%20%2B&sort=updated&desc=1"),
        "{q}"
    );
    assert_eq!(from_query(&q), all);
}

#[test]
fn query_strings_forgive() {
    let f = from_query(
        "#year=abc&status=late&stale=-1&sort=best&zoom=2&pillar=office&q=%E9%9B%BB+%E5%AD%90&q2=x&overdue&lead=maybe&desc=0&dept=%FF",
    );
    assert_eq!(
        f,
        Filter {
            pillar: Some("office".into()),
            overdue_only: true,
            text: "電 子".into(),
            ..filter()
        }
    );
    assert_eq!(from_query("?year=2024&year=2025").year, Some(2025));
    assert_eq!(from_query("q=100%").text, "100%");
    assert_eq!(from_query("&&q=x&").text, "x");
}

fn arb_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9 ＡａあアｱﾞﾟカガｶﾞRPA電子申請窓口&=%+#?/　\t-]{0,16}",
    ]
}

fn arb_filter() -> impl Strategy<Value = Filter> {
    (
        (
            proptest::option::of(arb_text()),
            proptest::option::of(arb_text()),
            proptest::option::of(arb_text()),
            proptest::option::of(arb_text()),
            any::<bool>(),
            proptest::option::of(any::<i32>()),
        ),
        (
            proptest::option::of(proptest::sample::select(Status::ALL.to_vec())),
            any::<bool>(),
            proptest::option::of(any::<u32>()),
            arb_text(),
            proptest::sample::select(SortKey::ALL.to_vec()),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (pillar, measure, category, department, lead_only, year),
                (status, overdue_only, stale_months, text, sort, descending),
            )| Filter {
                pillar,
                measure,
                category,
                department,
                lead_only,
                year,
                status,
                overdue_only,
                stale_months,
                text,
                sort,
                descending,
            },
        )
}

proptest! {
    #[test]
    fn query_round_trips(f in arb_filter()) {
        let q = to_query(&f);
        prop_assert!(q.bytes().all(|b| b.is_ascii_graphic()), "{}", q);
        prop_assert_eq!(from_query(&q), f);
    }

    #[test]
    fn folding_is_idempotent(s in arb_text()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once);
    }
}

// ------------------------------------------------------- sample aggregates

/// Counts in the order of `Status::ALL`: —, ○, ▲, ×, ◎, 取下.
fn counts(c: [usize; 6]) -> StatusCounts {
    c
}

#[test]
fn status_counts_per_year() {
    let plan = sample_plan();
    assert_eq!(status_counts(&plan.cards, 2024), counts([0, 0, 0, 2, 9, 0]));
    assert_eq!(status_counts(&plan.cards, 2025), counts([0, 1, 3, 2, 7, 1]));
    assert_eq!(
        status_counts(&plan.cards, 2026),
        counts([1, 10, 2, 0, 0, 0])
    );
    assert_eq!(status_counts(&plan.cards, 2027), counts([0; 6]));
    assert_eq!(
        status_by_year(&plan),
        vec![
            (2024, counts([0, 0, 0, 2, 9, 0])),
            (2025, counts([0, 1, 3, 2, 7, 1])),
            (2026, counts([1, 10, 2, 0, 0, 0])),
        ]
    );
    assert_eq!(stats::status_index(Status::Achieved), 4);
}

#[test]
fn status_by_pillar_counts_home_only() {
    let plan = sample_plan();
    assert_eq!(
        status_by_pillar(&plan, 2025),
        vec![
            ("市民サービスの向上".to_string(), counts([0, 1, 1, 0, 3, 0])),
            ("行政事務の効率化".to_string(), counts([0, 0, 1, 2, 2, 0])),
            (
                "地域社会のデジタル化".to_string(),
                counts([0, 0, 1, 0, 2, 1])
            ),
        ]
    );
}

#[test]
fn matrix_groups_by_measure_and_relists() {
    let plan = sample_plan();
    let m = matrix(&plan);
    assert_eq!(
        m.iter().map(|p| p.pillar_id.as_str()).collect::<Vec<_>>(),
        ["citizen", "office", "community"]
    );

    let citizen = &m[0];
    assert_eq!(citizen.name, "市民サービスの向上");
    assert_eq!(citizen.groups.len(), 1);
    let g = &citizen.groups[0];
    assert_eq!(g.measure_id, None);
    assert_eq!(
        g.rows.iter().map(|r| r.number.as_str()).collect::<Vec<_>>(),
        ["1", "2", "3", "4", "5"]
    );
    assert!(g.rows.iter().all(|r| !r.relisted));
    assert_eq!(
        g.counts,
        vec![
            counts([0, 0, 0, 1, 3, 0]),
            counts([0, 1, 1, 0, 3, 0]),
            counts([1, 3, 1, 0, 0, 0]),
        ]
    );
    assert_eq!(
        g.rows[3].statuses,
        vec![None, Some(Status::Delayed), Some(Status::Delayed)]
    );
    assert_eq!(g.rows[3].lead_department.as_deref(), Some("子育て支援課"));

    let office = &m[1];
    let ids: Vec<Option<&str>> = office
        .groups
        .iter()
        .map(|g| g.measure_id.as_deref())
        .collect();
    assert_eq!(
        ids,
        [
            Some("office-m1"),
            Some("office-m2"),
            Some("office-m3"),
            None
        ]
    );
    assert_eq!(
        office.groups[0].name.as_deref(),
        Some("(1) 業務の電子化・ペーパーレス化")
    );
    let m1 = &office.groups[0];
    assert_eq!(m1.rows.len(), 2);
    assert_eq!(
        m1.counts,
        vec![
            counts([0, 0, 0, 0, 2, 0]),
            counts([0, 0, 0, 1, 1, 0]),
            counts([0, 1, 0, 0, 0, 0]),
        ]
    );
    assert_eq!(
        m1.rows[1].statuses,
        vec![Some(Status::Achieved), Some(Status::Achieved), None]
    );
    assert_eq!(office.groups[1].counts[1], counts([0, 0, 1, 0, 1, 0]));
    // Card 1 again (再掲), not counted under office.
    let again = &office.groups[3];
    assert_eq!(again.rows.len(), 1);
    assert_eq!(again.rows[0].card_id, "card-01");
    assert!(again.rows[0].relisted);
    assert_eq!(again.counts, vec![[0; 6]; 3]);
    assert_eq!(
        office.counts(),
        vec![
            counts([0, 0, 0, 0, 4, 0]),
            counts([0, 0, 1, 2, 2, 0]),
            counts([0, 4, 0, 0, 0, 0]),
        ]
    );

    let community = &m[2];
    assert_eq!(community.groups.len(), 1);
    assert_eq!(community.groups[0].counts[1], counts([0, 0, 1, 0, 2, 1]));

    // All pillars add up to every card of the year, once.
    for (yi, year) in plan.fiscal_years().enumerate() {
        let total: StatusCounts = m.iter().fold([0; 6], |mut acc, p| {
            for (a, n) in acc.iter_mut().zip(p.counts()[yi]) {
                *a += n;
            }
            acc
        });
        assert_eq!(total, status_counts(&plan.cards, year));
    }
}

#[test]
fn matrix_puts_unknown_pillars_last() {
    let mut plan = sample_plan();
    Arc::make_mut(&mut plan.cards[4]).pillars = vec!["gone".into(), "office".into()];
    Arc::make_mut(&mut plan.cards[5]).pillars.clear();
    let m = matrix(&plan);
    assert_eq!(m.len(), 4);
    let last = &m[3];
    assert_eq!(last.pillar_id, "");
    let rows: Vec<&str> = last.groups[0]
        .rows
        .iter()
        .map(|r| r.number.as_str())
        .collect();
    assert_eq!(rows, ["5", "6"]);
    assert_eq!(last.groups[0].counts[2], counts([1, 1, 0, 0, 0, 0]));
    // Card 5 is listed again under office, not counted there.
    let again = m[1].groups.last().unwrap();
    assert_eq!(
        again
            .rows
            .iter()
            .map(|r| (r.number.as_str(), r.relisted))
            .collect::<Vec<_>>(),
        [("1", true), ("5", true)]
    );
}

fn row(
    department: &str,
    [
        cards_lead,
        cards_any,
        actions_done,
        actions_total,
        actions_due,
        actions_overdue,
    ]: [usize; 6],
    last_update: Option<&str>,
) -> DepartmentRow {
    DepartmentRow {
        department: department.into(),
        cards_lead,
        cards_any,
        actions_done,
        actions_total,
        actions_due,
        actions_overdue,
        last_update: last_update.map(String::from),
    }
}

#[test]
fn departments_2025() {
    let plan = sample_plan();
    let rows = departments(&plan, 2025, TODAY);
    assert_eq!(
        rows,
        vec![
            row(
                "市民課",
                [2, 3, 4, 4, 0, 0],
                Some("2026-09-30T17:25:00+09:00")
            ),
            row(
                "DX推進室",
                [3, 8, 7, 8, 1, 1],
                Some("2026-09-30T16:40:00+09:00")
            ),
            row(
                "税務課",
                [1, 2, 2, 2, 0, 0],
                Some("2026-09-30T17:25:00+09:00")
            ),
            row(
                "子育て支援課",
                [1, 1, 2, 3, 1, 1],
                Some("2026-09-29T15:30:00+09:00")
            ),
            row(
                "総務課",
                [4, 4, 8, 8, 0, 0],
                Some("2026-09-30T11:35:00+09:00")
            ),
            row(
                "財政課",
                [0, 2, 0, 0, 0, 0],
                Some("2026-06-26T15:00:00+09:00")
            ),
            row(
                "福祉課",
                [1, 1, 2, 2, 0, 0],
                Some("2026-09-12T14:30:00+09:00")
            ),
            row(
                "農林課",
                [1, 1, 2, 2, 0, 0],
                Some("2026-09-30T16:00:00+09:00")
            ),
            row(
                "観光課",
                [1, 1, 1, 2, 1, 1],
                Some("2026-09-30T10:10:00+09:00")
            ),
        ]
    );
    let total: usize = rows.iter().map(|r| r.actions_total).sum();
    assert_eq!(total, 31);
}

#[test]
fn departments_2026_due_and_overdue() {
    let plan = sample_plan();
    let rows = departments(&plan, 2026, TODAY);
    // Card 7 does not run in 2026; card 12's 2026-07 action is overdue.
    assert_eq!(
        rows[4],
        row(
            "総務課",
            [3, 3, 3, 6, 1, 1],
            Some("2026-09-30T11:35:00+09:00")
        )
    );
    assert_eq!(
        rows[1],
        row(
            "DX推進室",
            [3, 8, 4, 7, 0, 0],
            Some("2026-09-30T16:40:00+09:00")
        )
    );
    // In December, card 2's 2026-12 action is due but not yet overdue.
    let december = departments(&plan, 2026, (2026, 12));
    assert_eq!(
        (december[1].actions_due, december[1].actions_overdue),
        (1, 0)
    );
    // A department named only on a card comes after the plan's.
    let mut plan = plan;
    Arc::make_mut(&mut plan.cards[0])
        .departments
        .push("情報政策課".into());
    let rows = departments(&plan, 2026, TODAY);
    assert_eq!(rows.len(), 10);
    assert_eq!(
        rows[9],
        row(
            "情報政策課",
            [0, 1, 0, 0, 0, 0],
            Some("2026-09-30T16:40:00+09:00")
        )
    );
    assert_eq!(
        departments(&plan, 2030, TODAY)[0],
        row("市民課", [0; 6], None)
    );
}

fn bucket(month: u32, done: usize, open: usize, overdue: usize) -> MonthBucket {
    MonthBucket {
        month,
        done,
        open,
        overdue,
    }
}

#[test]
fn due_timeline_april_to_march() {
    let plan = sample_plan();
    assert_eq!(
        due_timeline(&plan, 2025, TODAY),
        [
            bucket(4, 0, 0, 0),
            bucket(5, 2, 0, 0),
            bucket(6, 5, 0, 0),
            bucket(7, 5, 0, 0),
            bucket(8, 2, 0, 0),
            bucket(9, 4, 0, 0),
            bucket(10, 4, 0, 1),
            bucket(11, 2, 0, 1),
            bucket(12, 1, 0, 0),
            bucket(1, 1, 0, 1),
            bucket(2, 1, 0, 0),
            bucket(3, 1, 0, 0),
        ]
    );
    assert_eq!(
        due_timeline(&plan, 2026, TODAY),
        [
            bucket(4, 0, 0, 0),
            bucket(5, 3, 0, 0),
            bucket(6, 4, 0, 0),
            bucket(7, 1, 0, 1),
            bucket(8, 1, 0, 0),
            bucket(9, 3, 0, 1),
            bucket(10, 2, 0, 0),
            bucket(11, 0, 0, 0),
            bucket(12, 0, 4, 0),
            bucket(1, 0, 3, 0),
            bucket(2, 0, 4, 0),
            bucket(3, 0, 2, 0),
        ]
    );
    // Card 3's and card 11's 2024 actions without a due month are left out.
    let t = due_timeline(&plan, 2024, TODAY);
    let listed: usize = t.iter().map(|b| b.done + b.open + b.overdue).sum();
    assert_eq!(listed, 22);
}

#[test]
fn indicator_series_with_rates() {
    let plan = sample_plan();
    let ind = &plan.card("card-02").unwrap().indicators[0];
    let s = indicator_series(ind, plan.fiscal_years());
    assert_eq!(s.len(), 3);
    assert_eq!(
        (s[0].year, s[0].target, s[0].actual),
        (2024, Some(400.0), Some(494.0))
    );
    assert!((s[0].rate_percent.unwrap() - 9.22).abs() < 0.01);
    assert!((s[1].rate_percent.unwrap() - 21.52).abs() < 0.01);
    assert_eq!(
        (s[2].target, s[2].actual, s[2].rate_percent),
        (Some(1500.0), None, None)
    );
    let hours = &plan.card("card-02").unwrap().indicators[1];
    let s = indicator_series(hours, 2023..2025);
    assert_eq!((s[0].target, s[0].actual), (None, None));
    assert_eq!(
        (s[1].target, s[1].actual, s[1].rate_percent),
        (None, Some(82.0), None)
    );
}

#[test]
fn effect_hours_on_the_sample() {
    let plan = sample_plan();
    assert!(is_hours_unit("時間"));
    assert!(is_hours_unit("時間/年"));
    assert!(!is_hours_unit("分"));
    let rows: Vec<(String, i32, f64)> = effect_hours(&plan)
        .into_iter()
        .map(|r| (r.pillar, r.year, r.hours))
        .collect();
    // Card 2 (citizen): 82 h, 198 h; card 8 (office): 612 h, 1,240 h;
    // card 14 (community): 246 h. Card 1's waiting time is in minutes.
    assert_eq!(
        rows,
        vec![
            ("citizen".into(), 2024, 82.0),
            ("citizen".into(), 2025, 198.0),
            ("office".into(), 2024, 612.0),
            ("office".into(), 2025, 1240.0),
            ("community".into(), 2025, 246.0),
        ]
    );
    assert_eq!(effect_hours(&plan)[0].pillar_name, "市民サービスの向上");
    assert_eq!(total_effect_hours(&plan, None), 2378.0);
    assert_eq!(total_effect_hours(&plan, Some(2024)), 694.0);
    assert_eq!(total_effect_hours(&plan, Some(2025)), 1684.0);
    assert_eq!(total_effect_hours(&plan, Some(2026)), 0.0);
}

// ---------------------------------------------------------- 1,000 cards

#[test]
fn large_plan_is_valid_and_deterministic() {
    let file = large_plan(1000, 7);
    assert_eq!(file.cards.len(), 1000);
    let problems = check_meaning(&file);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(file, large_plan(1000, 7));
    assert_ne!(file.cards, large_plan(1000, 8).cards);
    assert_eq!(file.plan.departments.len(), 10);
    assert_eq!(file.plan.pillars.len(), 3);
    assert_eq!(file.fiscal_years().collect::<Vec<_>>(), [2024, 2025, 2026]);
    // It survives the file format.
    let loaded = plan_core::load_str(&plan_core::to_json_pretty(&file));
    assert!(loaded.errors().next().is_none());
    assert_eq!(loaded.file.as_ref(), Some(&file));

    for card in &file.cards {
        for y in &card.years {
            assert!((2..=4).contains(&y.actions.len()));
        }
    }
    for status in Status::ALL {
        let n = file
            .cards
            .iter()
            .flat_map(|c| &c.years)
            .filter(|y| y.status == status)
            .count();
        assert!(n > 30, "{status:?}: {n}");
    }
    let relisted = file.cards.iter().filter(|c| c.pillars.len() > 1).count();
    assert!((50..250).contains(&relisted), "{relisted}");
    let hours = file
        .cards
        .iter()
        .flat_map(|c| &c.indicators)
        .filter(|i| is_hours_unit(&i.unit))
        .count();
    assert!(hours > 200, "{hours}");
    let totals = file
        .cards
        .iter()
        .flat_map(|c| &c.indicators)
        .flat_map(|i| &i.actuals)
        .filter(|v| v.total.is_some())
        .count();
    assert!(totals > 100, "{totals}");
    assert!(large_plan(0, 1).cards.is_empty());
}

#[test]
fn large_plan_aggregates_agree() {
    let file = large_plan(1000, 7);
    let m = matrix(&file);
    for (yi, year) in file.fiscal_years().enumerate() {
        let running = file.cards.iter().filter(|c| c.year(year).is_some()).count();
        let counted: usize = m.iter().map(|p| p.counts()[yi].iter().sum::<usize>()).sum();
        assert_eq!(counted, running, "{year}");
        assert_eq!(
            status_counts(&file.cards, year).iter().sum::<usize>(),
            running
        );
        let by_pillar: usize = status_by_pillar(&file, year)
            .iter()
            .map(|(_, c)| c.iter().sum::<usize>())
            .sum();
        assert_eq!(by_pillar, running);

        let rows = departments(&file, year, TODAY);
        let actions: Vec<_> = file
            .cards
            .iter()
            .filter_map(|c| c.year(year))
            .flat_map(|y| &y.actions)
            .collect();
        assert_eq!(
            rows.iter().map(|r| r.actions_total).sum::<usize>(),
            actions.len()
        );
        assert_eq!(
            rows.iter().map(|r| r.actions_done).sum::<usize>(),
            actions.iter().filter(|a| a.done).count()
        );
        assert_eq!(
            rows.iter().map(|r| r.actions_overdue).sum::<usize>(),
            actions.iter().filter(|a| a.is_overdue(TODAY)).count()
        );
        assert_eq!(rows.iter().map(|r| r.cards_lead).sum::<usize>(), running);
        for r in &rows {
            assert!(r.actions_overdue <= r.actions_due);
            assert!(r.actions_done + r.actions_due <= r.actions_total);
            assert!(r.cards_lead <= r.cards_any);
        }

        let timeline = due_timeline(&file, year, TODAY);
        let with_due = actions.iter().filter(|a| a.due.is_some()).count();
        let listed: usize = timeline.iter().map(|b| b.done + b.open + b.overdue).sum();
        assert_eq!(listed, with_due);
    }
    // Every card appears once at home, and again once per other pillar.
    let rows: usize = m.iter().flat_map(|p| &p.groups).map(|g| g.rows.len()).sum();
    let places: usize = file.cards.iter().map(|c| c.pillars.len()).sum();
    assert_eq!(rows, places);

    let expected: f64 = file
        .cards
        .iter()
        .flat_map(|c| &c.indicators)
        .filter(|i| is_effect_indicator(i))
        .flat_map(|i| &i.actuals)
        .map(|v| v.value)
        .sum();
    let total = total_effect_hours(&file, None);
    assert!(expected > 0.0);
    assert!((total - expected).abs() < 1e-6, "{total} vs {expected}");
    let by_year: f64 = file
        .fiscal_years()
        .map(|y| total_effect_hours(&file, Some(y)))
        .sum();
    assert!((by_year - expected).abs() < 1e-6);
    // The generated processing times (hours, direction down) are not savings.
    assert!(
        file.cards
            .iter()
            .flat_map(|c| &c.indicators)
            .any(|i| is_hours_unit(&i.unit) && !is_effect_indicator(i))
    );
}

#[test]
fn large_plan_index_agrees_with_plain_filtering() {
    let file = large_plan(1000, 7);
    let index = SearchIndex::new(&file);
    for f in [
        Filter {
            text: "オンライン 申請".into(),
            ..filter()
        },
        Filter {
            text: "ｼｽﾃﾑ".into(),
            pillar: Some("office".into()),
            year: Some(2025),
            ..filter()
        },
        Filter {
            text: "rpa".into(),
            sort: SortKey::Updated,
            descending: true,
            ..filter()
        },
        Filter {
            department: Some("建設課".into()),
            lead_only: true,
            overdue_only: true,
            sort: SortKey::Overdue,
            ..filter()
        },
        Filter {
            status: Some(Status::Withdrawn),
            stale_months: Some(12),
            sort: SortKey::Department,
            ..filter()
        },
    ] {
        let a = numbers(&index.filter(&file, &f, TODAY));
        assert_eq!(a, numbers(&filter_cards(&file, &f, TODAY)), "{f:?}");
        assert!(!a.is_empty(), "{f:?}");
        assert!(a.len() < 1000, "{f:?}");
    }
}
