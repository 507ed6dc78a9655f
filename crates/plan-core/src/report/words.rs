//! Every text the report writes itself, one table per language. Plan text
//! is the plan's own; dates, fiscal years and status names follow the
//! language too.

use crate::fiscal::era_fiscal_year;
use crate::lang::Lang;
use crate::model::Status;

pub(crate) struct Words {
    pub lang: Lang,
    pub report: &'static str,
    pub title: fn(&str) -> String,
    pub period: fn(i32, i32) -> String,
    pub as_of: fn((i32, u32, u32), i32) -> String,
    pub written: &'static str,
    pub date: fn(i32, u32, u32) -> String,
    pub month: fn(i32, u32) -> String,
    pub count: fn(usize) -> String,
    pub hours: fn(&str) -> String,
    pub colon: &'static str,
    /// Stands for 未着手 before a count, where `—2` would read as minus two.
    pub not_started_mark: &'static str,
    pub summary_h: fn(&str) -> String,
    pub headline: fn(&str) -> String,
    pub headline_note: fn(&str, &str) -> String,
    pub fig_cards: &'static str,
    pub fig_cards_running: fn(&str, usize) -> String,
    pub fig_actions: fn(&str) -> String,
    pub fig_actions_all: fn(usize, usize) -> String,
    pub fig_overdue: &'static str,
    pub fig_overdue_at: fn(i32, u32) -> String,
    pub fig_hours: &'static str,
    pub status_h: fn(&str) -> String,
    pub contents: &'static str,
    pub charts_h: &'static str,
    pub matrix_h: &'static str,
    pub cards_h: &'static str,
    pub cards_h_n: fn(usize) -> String,
    pub pillar_chart_h: fn(&str) -> String,
    pub pillar_chart_aria: fn(&str) -> String,
    pub pillar_table: fn(&str) -> String,
    pub no_pillars: &'static str,
    pub pillar: &'static str,
    pub total: &'static str,
    pub no_pillar: &'static str,
    pub hours_h: &'static str,
    pub hours_note: &'static str,
    pub no_hours: &'static str,
    pub hours_table: &'static str,
    pub hours_aria: &'static str,
    pub hours_axis: &'static str,
    pub legend: &'static str,
    pub meaning: fn(Status) -> &'static str,
    pub blank: &'static str,
    pub blank_meaning: &'static str,
    pub no_cards: &'static str,
    pub matrix_caption: &'static str,
    pub col_card: &'static str,
    pub col_lead: &'static str,
    pub relisted_group: &'static str,
    pub no_measure: &'static str,
    pub relisted: &'static str,
    pub pillars_n: fn(usize) -> String,
    pub project: &'static str,
    pub departments: &'static str,
    pub measure: &'static str,
    pub vision: &'static str,
    pub overview: &'static str,
    pub not_given: &'static str,
    pub background: &'static str,
    pub nth_year: fn(i32, &str) -> String,
    pub yearly_plan: &'static str,
    pub outcomes: &'static str,
    pub actions: &'static str,
    pub goals: &'static str,
    pub no_years: &'static str,
    pub note: &'static str,
    pub corrective: &'static str,
    pub done: &'static str,
    pub open: &'static str,
    pub due: fn(&str) -> String,
    pub overdue: &'static str,
    pub achieved: &'static str,
    pub not_achieved: &'static str,
    pub target: &'static str,
    pub actual: &'static str,
    pub indicators: &'static str,
    pub indicator: &'static str,
    pub baseline: &'static str,
    pub higher_better: &'static str,
    pub lower_better: &'static str,
    pub unit: fn(&str) -> String,
    pub log: &'static str,
    pub no_log: &'static str,
}

impl Words {
    pub fn of(lang: Lang) -> &'static Words {
        match lang {
            Lang::Ja => &JA,
            Lang::En => &EN,
        }
    }

    pub fn fy(&self, year: i32) -> String {
        self.lang.fiscal_year(year)
    }

    pub fn status(&self, status: Status) -> &'static str {
        self.lang.status_name(status)
    }
}

/// `令和6年度〜令和8年度`, or one year alone.
fn period_ja(start: i32, end: i32) -> String {
    if start == end {
        era_fiscal_year(start)
    } else {
        format!("{}〜{}", era_fiscal_year(start), era_fiscal_year(end))
    }
}

pub(crate) const JA: Words = Words {
    lang: Lang::Ja,
    report: "進捗報告書",
    title: |plan| format!("{plan} 進捗報告書"),
    period: |s, e| format!("計画期間：{}（{s}〜{e}年度）", period_ja(s, e)),
    as_of: |(y, m, d), fy| {
        format!(
            "集計基準日：{y}年{m}月{d}日（{}の状況）",
            era_fiscal_year(fy)
        )
    },
    written: "作成日時：",
    date: |y, m, d| format!("{y}年{m}月{d}日"),
    month: |y, m| format!("{y}年{m}月"),
    count: |n| format!("{n}件"),
    hours: |h| format!("{h}時間"),
    colon: "：",
    not_started_mark: "未着手",
    summary_h: |fy| format!("進捗の概要（{fy}）"),
    headline: |h| format!("業務時間 {h}時間削減"),
    headline_note: |fy, h| format!("（計画期間の累計。うち{fy}は{h}時間）"),
    fig_cards: "取組（事業）の数",
    fig_cards_running: |fy, n| format!("うち{fy}に実施 {n}件"),
    fig_actions: |fy| format!("取組事項（KPI）の完了（{fy}）"),
    fig_actions_all: |d, n| format!("計画期間全体 {d} / {n}"),
    fig_overdue: "期限を過ぎた未完了の取組事項",
    fig_overdue_at: |y, m| format!("{y}年{m}月時点"),
    fig_hours: "業務時間の削減（累計）",
    status_h: |fy| format!("{fy}の取組の状況"),
    contents: "目次",
    charts_h: "柱ごとの状況と業務時間の削減",
    matrix_h: "計画体系と各取組の実施状況",
    cards_h: "取組ごとの進捗",
    cards_h_n: |n| format!("取組ごとの進捗（{n}件）"),
    pillar_chart_h: |fy| format!("柱ごとの取組の状況（{fy}）"),
    pillar_chart_aria: |fy| {
        format!("柱ごとの取組の状況（{fy}）の積み上げ横棒グラフ。件数は次の表のとおり。")
    },
    pillar_table: |fy| format!("柱ごとの取組の状況（{fy}・件数）"),
    no_pillars: "柱も取組も登録されていません。",
    pillar: "柱",
    total: "計",
    no_pillar: "（柱の指定なし）",
    hours_h: "業務時間の削減（柱・年度ごと）",
    hours_note: "単位が時間で、増えるほど良い評価指標の実績の合計です。",
    no_hours: "業務時間の削減の実績はまだ登録されていません。",
    hours_table: "業務時間の削減（時間）",
    hours_aria: "柱・年度ごとの業務時間の削減（時間）の棒グラフ。数値は次の表のとおり。",
    hours_axis: "（時間）",
    legend: "凡例",
    meaning: |s| match s {
        Status::NotStarted => "取り組みをまだ始めていない項目",
        Status::OnTrack => "取り組みが進行中の項目",
        Status::Delayed => "取り組みが遅れている項目",
        Status::Missed => "目標を達成できなかった項目",
        Status::Achieved => "目標を達成した項目",
        Status::Withdrawn => "取り組みを取り下げた項目",
    },
    blank: "（空欄）",
    blank_meaning: "その年度に実施しない項目",
    no_cards: "取組は登録されていません。",
    matrix_caption: "柱・施策ごとの各取組の年度別状況（行見出しの記号と数は、再掲を除く件数）",
    col_card: "取組（事業名）",
    col_lead: "主担当課",
    relisted_group: "再掲（他の柱の取組・集計に含めない）",
    no_measure: "施策の指定なし",
    relisted: "（再掲）",
    pillars_n: |n| {
        if (1..=10).contains(&n) {
            format!("{n}つの柱")
        } else {
            "柱".to_string()
        }
    },
    project: "事業名",
    departments: "担当課",
    measure: "施策：",
    vision: "将来の姿（ビジョン）",
    overview: "事業概要（目的・必要性）",
    not_given: "記載なし",
    background: "取組の背景",
    nth_year: |n, fy| format!("{n}年目（{fy}）"),
    yearly_plan: "年次計画",
    outcomes: "達成目標",
    actions: "取組事項（KPI）",
    goals: "年次目標（KGI）",
    no_years: "年次計画は登録されていません。",
    note: "実績・備考",
    corrective: "改善策",
    done: "完了",
    open: "未完了",
    due: |m| format!("（期限 {m}）"),
    overdue: "期限超過",
    achieved: "達成",
    not_achieved: "未達成",
    target: "目標",
    actual: "実績",
    indicators: "評価指標",
    indicator: "指標",
    baseline: "基準値",
    higher_better: "高いほど良い",
    lower_better: "低いほど良い",
    unit: |u| format!("単位：{u}、"),
    log: "進捗の記録",
    no_log: "記録はありません。",
};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_en(m: u32) -> &'static str {
    MONTHS
        .get(m.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("?")
}

pub(crate) const EN: Words = Words {
    lang: Lang::En,
    report: "Progress report",
    title: |plan| format!("{plan} – Progress report"),
    period: |s, e| {
        if s == e {
            format!("Plan period: FY{s}")
        } else {
            format!("Plan period: FY{s}–FY{e}")
        }
    },
    as_of: |(y, m, d), fy| format!("As of {d} {} {y} (status in FY{fy})", month_en(m)),
    written: "Written: ",
    date: |y, m, d| format!("{d} {} {y}", month_en(m)),
    month: |y, m| format!("{} {y}", month_en(m)),
    count: |n| n.to_string(),
    hours: |h| format!("{h} h"),
    colon: ": ",
    not_started_mark: "Not started ",
    summary_h: |fy| format!("Summary ({fy})"),
    headline: |h| format!("{h} working hours saved"),
    headline_note: |fy, h| format!(" (whole plan period; {h} h in {fy})"),
    fig_cards: "Cards (projects)",
    fig_cards_running: |fy, n| format!("{n} running in {fy}"),
    fig_actions: |fy| format!("Actions (KPI) done ({fy})"),
    fig_actions_all: |d, n| format!("whole period {d} / {n}"),
    fig_overdue: "Open actions past their due month",
    fig_overdue_at: |y, m| format!("as of {} {y}", month_en(m)),
    fig_hours: "Working hours saved (total)",
    status_h: |fy| format!("Status of the cards in {fy}"),
    contents: "Contents",
    charts_h: "Status by pillar and working hours saved",
    matrix_h: "Plan structure and the status of each card",
    cards_h: "Progress of each card",
    cards_h_n: |n| format!("Progress of each card ({n})"),
    pillar_chart_h: |fy| format!("Status of the cards by pillar ({fy})"),
    pillar_chart_aria: |fy| {
        format!(
            "Stacked bar chart of the status of the cards by pillar ({fy}); the counts are in the table below."
        )
    },
    pillar_table: |fy| format!("Status of the cards by pillar ({fy}, number of cards)"),
    no_pillars: "No pillars and no cards yet.",
    pillar: "Pillar",
    total: "Total",
    no_pillar: "(no pillar)",
    hours_h: "Working hours saved (by pillar and year)",
    hours_note: "The sum of the actuals of indicators counted in hours where higher is better.",
    no_hours: "No working hours saved have been recorded yet.",
    hours_table: "Working hours saved (hours)",
    hours_aria: "Bar chart of the working hours saved by pillar and year; the figures are in the table below.",
    hours_axis: "(hours)",
    legend: "Key",
    meaning: |s| match s {
        Status::NotStarted => "work has not started",
        Status::OnTrack => "work is under way",
        Status::Delayed => "work is behind plan",
        Status::Missed => "the goal was not reached",
        Status::Achieved => "the goal was reached",
        Status::Withdrawn => "the work was withdrawn",
    },
    blank: "(blank)",
    blank_meaning: "not run that year",
    no_cards: "No cards yet.",
    matrix_caption: "Status of each card per year, by pillar and measure (marks and counts in heading rows leave out cards listed again)",
    col_card: "Card (project)",
    col_lead: "Lead department",
    relisted_group: "Listed again (cards of other pillars, not counted)",
    no_measure: "No measure",
    relisted: " (listed again)",
    pillars_n: |_| "Pillars".to_string(),
    project: "Project",
    departments: "Departments",
    measure: "Measure: ",
    vision: "Vision",
    overview: "Overview (purpose and need)",
    not_given: "Not given",
    background: "Background",
    nth_year: |n, fy| format!("Year {n} ({fy})"),
    yearly_plan: "Yearly plan",
    outcomes: "Outcomes",
    actions: "Actions (KPI)",
    goals: "Yearly goals (KGI)",
    no_years: "No yearly plan yet.",
    note: "Results and notes",
    corrective: "Corrective action",
    done: "Done",
    open: "Open",
    due: |m| format!("(due {m})"),
    overdue: "Overdue",
    achieved: "Achieved",
    not_achieved: "Not achieved",
    target: "Target",
    actual: "Actual",
    indicators: "Indicators",
    indicator: "Indicator",
    baseline: "Baseline",
    higher_better: "higher is better",
    lower_better: "lower is better",
    unit: |u| format!("unit: {u}, "),
    log: "Progress log",
    no_log: "No entries.",
};
