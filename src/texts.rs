//! Every user-facing text of the app, one catalogue per language.
//! Views take a `&'static Texts` from context and never carry literals.
//!
//! Texts are grouped by the screen or concern that shows them
//! (`t.exchange.import_heading`, `t.save.saved`); words many screens share
//! are in `common`. A new text goes in its screen's struct, with a value in
//! both `JA` and `EN`; a screen that only happens to use the same words as
//! another gets its own field.

use plan_core::{Lang, Status};

/// One catalogue: the texts of every screen, grouped by screen or concern.
pub struct Texts {
    pub lang: Lang,
    pub common: CommonTexts,
    pub app: AppTexts,
    pub nav: NavTexts,
    pub start: StartTexts,
    pub problems: ProblemsTexts,
    pub notice: NoticeTexts,
    pub overview: OverviewTexts,
    pub columns: ColumnsTexts,
    pub fields: FieldsTexts,
    pub status: StatusTexts,
    pub card: CardTexts,
    pub card_edit: CardEditTexts,
    pub indicator: IndicatorTexts,
    pub plan_edit: PlanEditTexts,
    pub snapshots: SnapshotsTexts,
    pub input: InputTexts,
    pub list: ListTexts,
    pub dashboard: DashboardTexts,
    pub chart: ChartTexts,
    pub matrix: MatrixTexts,
    pub departments: DepartmentsTexts,
    pub exchange: ExchangeTexts,
    pub print: PrintTexts,
    pub xlsx: XlsxTexts,
    pub repair: RepairTexts,
    pub storage: StorageTexts,
    pub crash: CrashTexts,
    pub save: SaveTexts,
    pub sync: SyncTexts,
    pub worker: WorkerTexts,
    pub edit: EditTexts,
}

/// Words shared by many screens.
pub struct CommonTexts {
    pub remove: &'static str,
    pub delete: &'static str,
    pub move_up: &'static str,
    pub move_down: &'static str,
    pub cancel: &'static str,
    pub dismiss: &'static str,
    pub none: &'static str,
    pub all: &'static str,
    pub show_more: &'static str,
    pub list_separator: &'static str,
    pub fiscal_year: fn(i32) -> String,
    pub month: fn(u32) -> String,
    pub card_count: fn(usize) -> String,
    pub relisted: &'static str,
}

/// The frame around every screen: name, language switch, undo and redo, export.
pub struct AppTexts {
    pub name: &'static str,
    pub tagline: &'static str,
    pub switch_lang: &'static str,
    pub switch_lang_label: &'static str,
    pub undo: &'static str,
    pub redo: &'static str,
    pub export: &'static str,
}

/// Links between screens, also used as the screens' names in the document title.
pub struct NavTexts {
    pub label: &'static str,
    pub plans: &'static str,
    pub overview: &'static str,
    pub dashboard: &'static str,
    pub matrix: &'static str,
    pub departments: &'static str,
    pub list: &'static str,
    pub exchange: &'static str,
    pub back_to_overview: &'static str,
    pub edit_plan: &'static str,
    pub edit_card: &'static str,
    pub view_card: &'static str,
}

/// The start screen: a new, the sample or a stored plan.
pub struct StartTexts {
    pub heading: &'static str,
    pub lead: &'static str,
    pub new: &'static str,
    pub new_hint: &'static str,
    pub sample: &'static str,
    pub sample_hint: &'static str,
    pub open: &'static str,
    pub open_hint: &'static str,
    pub stored: &'static str,
    pub new_plan_title: &'static str,
    pub confirm_delete_plan: fn(&str) -> String,
}

/// The panel listing the problems and warnings of an opened file.
pub struct ProblemsTexts {
    pub heading: &'static str,
    pub warnings_heading: &'static str,
    pub whole_file: &'static str,
    pub show_problem: &'static str,
}

/// Notices after opening, deleting, copying or exporting.
pub struct NoticeTexts {
    pub file_opened: fn(&str) -> String,
    pub file_read_failed: &'static str,
    pub card_deleted: fn(&str) -> String,
    pub copied_to_next: fn(i32) -> String,
    pub export_failed: &'static str,
    pub export_refused: fn(usize) -> String,
}

/// The plan overview: cards by pillar.
pub struct OverviewTexts {
    pub period: fn(&str, &str) -> String,
    pub no_pillar: &'static str,
    pub no_cards: &'static str,
    pub new_card: &'static str,
    pub new_card_title: &'static str,
    pub actions: &'static str,
}

/// Column headings of the card tables (overview, list, matrix, departments, exchange).
pub struct ColumnsTexts {
    pub number: &'static str,
    pub title: &'static str,
    pub lead: &'static str,
    pub department: &'static str,
}

/// Names of a card's parts: card sheet headings, editor labels, list
/// filters, the import's field table.
pub struct FieldsTexts {
    pub number: &'static str,
    pub title: &'static str,
    pub departments: &'static str,
    pub pillars: &'static str,
    pub category: &'static str,
    pub measure: &'static str,
    pub visions: &'static str,
    pub overview: &'static str,
    pub background: &'static str,
    pub actions: &'static str,
    pub goals: &'static str,
    pub note: &'static str,
    pub outcomes: &'static str,
    pub indicators: &'static str,
    pub log: &'static str,
    pub updated: &'static str,
    pub status: &'static str,
    pub year: &'static str,
}

/// Progress words: status names, the done and overdue marks, wherever
/// progress shows.
pub struct StatusTexts {
    pub name: fn(Status) -> &'static str,
    pub done: &'static str,
    pub overdue: &'static str,
    pub achieved: &'static str,
    pub not_achieved: &'static str,
}

/// The card sheet: one card, read, ticked and logged.
pub struct CardTexts {
    pub not_found: &'static str,
    pub due: fn(i32, u32) -> String,
    pub done_on: fn(&str) -> String,
    pub tick_action: fn(&str) -> String,
    pub tick_goal: fn(&str) -> String,
    pub corrective: &'static str,
    pub corrective_prompt: &'static str,
    pub log_by: &'static str,
    pub log_text: &'static str,
    pub log_add: &'static str,
    pub log_note: &'static str,
    pub duplicate: &'static str,
    pub copy_suffix: &'static str,
    pub copy_next_year: &'static str,
    pub confirm_delete: fn(&str) -> String,
}

/// The card editor.
pub struct CardEditTexts {
    pub pillars: &'static str,
    pub lead_first: &'static str,
    pub action_text: &'static str,
    pub due: &'static str,
    pub goal_text: &'static str,
    pub add_action: &'static str,
    pub add_goal: &'static str,
    pub add_year: &'static str,
    pub add_outcome: &'static str,
    pub add_indicator: &'static str,
    pub add_department: &'static str,
    pub add_pillar: &'static str,
    pub no_measure: &'static str,
    pub pillar_none: &'static str,
}

/// Indicators, their targets and actuals: card sheet, card editor and dashboard.
pub struct IndicatorTexts {
    pub name: &'static str,
    pub heading: fn(&str, &str, &str) -> String,
    pub target: &'static str,
    pub actual: &'static str,
    pub baseline: &'static str,
    pub direction_up: &'static str,
    pub direction_down: &'static str,
    pub direction: &'static str,
    pub unit: &'static str,
    pub total: &'static str,
    pub rate: fn(f64) -> String,
}

/// The plan editor: title, period, pillars, departments.
pub struct PlanEditTexts {
    pub title: &'static str,
    pub organization: &'static str,
    pub start_year: &'static str,
    pub end_year: &'static str,
    pub pillar_list_heading: &'static str,
    pub pillar_name: &'static str,
    pub vision_text: &'static str,
    pub measure_name: &'static str,
    pub department_list_heading: &'static str,
    pub department: &'static str,
    pub add_vision: &'static str,
    pub add_measure: &'static str,
    /// Each pillar's legend, before its number.
    pub pillar: &'static str,
    pub visions_heading: &'static str,
    pub measures_heading: &'static str,
    pub add_department: &'static str,
    pub add_pillar: &'static str,
}

/// The daily snapshots in the plan editor.
pub struct SnapshotsTexts {
    pub heading: &'static str,
    pub restore: &'static str,
    pub day: fn(&str) -> String,
    /// (file name, time)
    pub before_import: fn(&str, &str) -> String,
    pub changed: fn(usize) -> String,
    pub none: &'static str,
    pub refused: &'static str,
    pub missing: &'static str,
}

/// Checks on typed numbers, in every form.
pub struct InputTexts {
    pub not_a_number: &'static str,
    pub number_too_large: &'static str,
}

/// The card search: filters, sorting, saved views.
pub struct ListTexts {
    pub search: &'static str,
    pub stale_months: fn(u32) -> String,
    pub not_updated: &'static str,
    pub has_overdue: &'static str,
    pub sort_by: &'static str,
    pub descending: &'static str,
    pub clear_filters: &'static str,
    pub matching: fn(usize) -> String,
    pub view_name: &'static str,
    pub save_view: &'static str,
    pub export_filtered: &'static str,
    pub filtered_scope: &'static str,
    pub lead_only: &'static str,
}

/// The dashboard around its charts.
pub struct DashboardTexts {
    pub headline_hours: fn(&str) -> String,
    pub sort_overdue_first: &'static str,
}

/// The dashboard's charts, and the frame of every chart (PNG, table view).
pub struct ChartTexts {
    pub save_png: &'static str,
    pub failed: &'static str,
    /// The worker did not make the charts.
    pub not_drawn: &'static str,
    pub as_table: &'static str,
    pub status_pillar: fn(&str) -> String,
    pub status_pillar_short: &'static str,
    pub status_years: &'static str,
    pub departments: fn(&str) -> String,
    pub departments_short: &'static str,
    pub due: &'static str,
    pub timeline: fn(&str) -> String,
    pub timeline_short: &'static str,
    pub open: &'static str,
    pub effect: &'static str,
    pub hours_unit: &'static str,
}

/// The progress matrix.
pub struct MatrixTexts {
    pub legend: &'static str,
    pub group_counts: &'static str,
}

/// The per-department table.
pub struct DepartmentsTexts {
    pub cards_lead: &'static str,
    pub cards_any: &'static str,
    pub actions_done_total: &'static str,
    pub due: &'static str,
}

/// The exchange screen: export, import, the import's preview and
/// conflicts, import history, the collection round.
pub struct ExchangeTexts {
    pub export_heading: &'static str,
    pub export_whole: &'static str,
    pub export_department: &'static str,
    pub lead_only: &'static str,
    pub involved: &'static str,
    pub export_department_button: &'static str,
    pub export_csv: &'static str,
    pub import_heading: &'static str,
    pub import_hint: &'static str,
    pub import_choose: &'static str,
    pub pasted_name: &'static str,
    pub import_done: fn(&str, usize) -> String,
    pub csv_cards_scope: &'static str,
    pub csv_actions_scope: &'static str,
    pub preview_heading: fn(&str) -> String,
    pub added: &'static str,
    pub updated: &'static str,
    pub unchanged: &'static str,
    pub kept: &'static str,
    pub conflict: &'static str,
    pub pick_local: &'static str,
    pub pick_incoming: &'static str,
    pub pick_field_local: fn(&str) -> String,
    pub pick_field_incoming: fn(&str) -> String,
    pub pick_per_field_hint: &'static str,
    pub field_column: &'static str,
    pub local_column: &'static str,
    pub incoming_column: &'static str,
    pub header_additions: fn(usize) -> String,
    pub confirm_import: &'static str,
    pub unresolved_left: fn(usize) -> String,
    pub preview_refreshed: &'static str,
    pub changed_since_preview: &'static str,
    pub header_conflicts_heading: &'static str,
    /// (measure, pillar here, pillar in the file)
    pub measure_moved: fn(&str, &str, &str) -> String,
    pub import_refused: &'static str,
    pub history_heading: &'static str,
    pub at_column: &'static str,
    pub file_column: &'static str,
    pub from_column: &'static str,
    pub counts_column: &'static str,
    pub no_imports: &'static str,
    pub round_heading: &'static str,
    pub round_since: &'static str,
    pub received_column: &'static str,
    pub sent: &'static str,
    pub not_sent: &'static str,
}

/// Printing and the HTML report.
pub struct PrintTexts {
    pub heading: &'static str,
    pub plan: &'static str,
    pub department: &'static str,
    pub card: &'static str,
    pub filtered: &'static str,
    pub matrix: &'static str,
    pub failed: &'static str,
    pub report_scope: &'static str,
    pub export_report: &'static str,
}

/// Excel workbooks: the export buttons and the import screen.
pub struct XlsxTexts {
    pub export_heading: &'static str,
    pub export_whole: &'static str,
    pub export_department: &'static str,
    pub export_filtered: &'static str,
    pub card_sheets: &'static str,
    pub limits: &'static str,
    pub import_hint: &'static str,
    pub import_heading: &'static str,
    pub import_lead: &'static str,
    pub file: fn(&str) -> String,
    pub sheet: &'static str,
    pub header_row: &'static str,
    pub target: &'static str,
    pub target_current: fn(&str) -> String,
    pub target_new: &'static str,
    pub new_title: &'static str,
    pub columns_heading: &'static str,
    pub columns_hint: &'static str,
    pub row: &'static str,
    pub column: fn(&str) -> String,
    pub field: fn(plan_xlsx::Field) -> String,
    pub rows_heading: &'static str,
    pub row_card: fn(usize, &str, &str) -> String,
    pub more_rows: fn(usize) -> String,
    pub no_cards: &'static str,
    pub unread_heading: fn(usize) -> String,
    pub all_read: &'static str,
    pub reason: fn(&plan_xlsx::UnreadReason) -> String,
    pub proceed: &'static str,
    pub cancel: &'static str,
    pub refused: fn(usize) -> String,
    pub read_failed: &'static str,
    pub damaged: &'static str,
}

/// Repairing a stored plan the loader refuses.
pub struct RepairTexts {
    pub open: &'static str,
    pub heading: fn(&str) -> String,
    pub lead: &'static str,
    pub problem_count: fn(usize) -> String,
    pub ready: &'static str,
    pub value: &'static str,
    pub save: &'static str,
    pub close: &'static str,
    pub raw: &'static str,
    pub done: fn(&str) -> String,
    pub id_taken: &'static str,
}

/// Browser storage: unreadable, blocked, full or missing storage, big
/// files, dropped copies.
pub struct StorageTexts {
    pub unreadable: fn(&str) -> String,
    pub kept_as: fn(&str) -> String,
    pub download_raw: &'static str,
    pub failed: &'static str,
    pub blocked: &'static str,
    pub full: &'static str,
    /// After `failed`: the browser offers no storage at all.
    pub unavailable: &'static str,
    pub memory: &'static str,
    /// (cards, needed MB, free MB, capacity MB, other plans MB)
    pub too_big: fn(usize, &str, &str, &str, &str) -> String,
    pub dropped_heading: &'static str,
    /// (plan title, date)
    pub dropped_snapshot: fn(&str, &str) -> String,
    /// (plan title, date, file name)
    pub dropped_import_snapshot: fn(&str, &str, &str) -> String,
    pub dropped_kept: fn(&str) -> String,
}

/// The banner after the app crashed.
pub struct CrashTexts {
    pub heading: &'static str,
    pub body: &'static str,
    pub reload: &'static str,
    pub details: &'static str,
}

/// The save status in the header, and refused saves.
pub struct SaveTexts {
    pub saved: &'static str,
    pub pending: &'static str,
    pub invalid: fn(usize) -> String,
    pub full: &'static str,
    pub failed: &'static str,
    pub memory: &'static str,
    pub read_only: &'static str,
    pub refused: fn(usize) -> String,
}

/// Another tab changed the same plan.
pub struct SyncTexts {
    /// (card or plan, field, the other tab's text): a field changed in two
    /// tabs; this tab's value was kept.
    pub overridden: fn(&str, &str, &str) -> String,
    /// (card or plan, field): the same, for a field that is not plain text.
    pub overridden_no_text: fn(&str, &str) -> String,
    pub card: fn(&str) -> String,
    pub plan: &'static str,
    /// Cards deleted here but changed in another tab, kept.
    pub restored: fn(usize) -> String,
    pub period: &'static str,
    pub other_fields: &'static str,
}

/// Heavy file work in a Web Worker: progress and failure.
pub struct WorkerTexts {
    /// Shown while the worker reads or writes a file.
    pub working: &'static str,
    /// Added to an error when the worker itself failed.
    pub failed: &'static str,
    /// (file name): a big plan file is being read.
    pub reading: fn(&str) -> String,
    /// (cards built, of all): the second half of reading a big file.
    pub reading_cards: fn(usize, usize) -> String,
    pub reading_cancel: &'static str,
    pub reading_failed: &'static str,
}

/// Edits plan-core refused (its typed edit errors).
pub struct EditTexts {
    /// (card id) a card that is not in the plan (any more).
    pub card_not_found: fn(&str) -> String,
    /// (year) the card has no plan for that fiscal year.
    pub year_not_found: fn(i32) -> String,
    /// (next year) continuing a year past the plan's end.
    pub outside_plan: fn(i32) -> String,
    /// (next year) the year to continue into has content already.
    pub next_year_not_empty: fn(i32) -> String,
}

// The names the CSV, the xlsx and the report use too: one list, in plan-core.
fn status_ja(s: Status) -> &'static str {
    Lang::Ja.status_name(s)
}

fn status_en(s: Status) -> &'static str {
    Lang::En.status_name(s)
}

pub static JA: Texts = Texts {
    lang: Lang::Ja,
    common: CommonTexts {
        remove: "削除",
        delete: "削除",
        move_up: "上へ",
        move_down: "下へ",
        cancel: "取り消す",
        dismiss: "閉じる",
        none: "—",
        all: "すべて",
        show_more: "さらに表示",
        list_separator: "、",
        fiscal_year: plan_core::fiscal::era_fiscal_year,
        month: |m| format!("{m}月"),
        card_count: |n| format!("取組カード 全{n}件"),
        relisted: "再掲",
    },
    app: AppTexts {
        name: "進捗",
        tagline: "DXアクションプランの進捗管理",
        switch_lang: "English",
        switch_lang_label: "Switch to English",
        undo: "元に戻す",
        redo: "やり直す",
        export: "ファイルに書き出す",
    },
    nav: NavTexts {
        label: "画面の切り替え",
        plans: "計画の切り替え",
        overview: "計画の一覧",
        dashboard: "ダッシュボード",
        matrix: "進捗状況表",
        departments: "担当課別",
        list: "カードの検索",
        exchange: "ファイルのやりとり",
        back_to_overview: "← 一覧に戻る",
        edit_plan: "計画の基本情報を編集",
        edit_card: "このカードを編集",
        view_card: "カードを表示",
    },
    start: StartTexts {
        heading: "DXアクションプランを始めましょう",
        lead: "計画はこのブラウザの中に保存されます。インターネットには送信しません。",
        new: "新しい計画を作る",
        new_hint: "空の計画から、柱と取組カードを作ります。",
        sample: "サンプル計画を開く",
        sample_hint: "架空の「みどり野市」の計画で、使い方を試せます。",
        open: "計画ファイルを開く",
        open_hint: "他の課から届いた JSON ファイルを読み込みます。",
        stored: "このブラウザに保存されている計画",
        new_plan_title: "新しいDXアクションプラン",
        confirm_delete_plan: |t| {
            format!("「{t}」をこのブラウザから削除しますか？ この操作は元に戻せません。")
        },
    },
    problems: ProblemsTexts {
        heading: "このファイルは読み込めません。次の点を直してください",
        warnings_heading: "注意",
        whole_file: "ファイル全体",
        show_problem: "誤りの箇所へ",
    },
    notice: NoticeTexts {
        file_opened: |name| format!("「{name}」を開きました。"),
        file_read_failed: "ファイルを読み取れませんでした。",
        card_deleted: |t| format!("カード「{t}」を削除しました。「元に戻す」で戻せます。"),
        copied_to_next: |y| {
            format!(
                "{}に取組事項と年次目標を引き継ぎました。",
                plan_core::fiscal::era_fiscal_year(y)
            )
        },
        export_failed: "ファイルを書き出せませんでした。",
        export_refused: |n| {
            format!(
                "この計画には読み込めなくなる誤りが{n}件あるため、ファイルに書き出しませんでした。「誤りの箇所へ」で直してから書き出してください。"
            )
        },
    },
    overview: OverviewTexts {
        period: |from, to| format!("計画期間: {from}〜{to}"),
        no_pillar: "柱が未設定のカード",
        no_cards: "まだ取組カードがありません。",
        new_card: "カードを追加",
        new_card_title: "新しい取組",
        actions: "操作",
    },
    columns: ColumnsTexts {
        number: "No.",
        title: "事業名",
        lead: "担当課",
        department: "担当課",
    },
    fields: FieldsTexts {
        number: "番号",
        title: "事業名",
        departments: "担当課",
        pillars: "柱",
        category: "区分",
        measure: "施策",
        visions: "将来の姿（ビジョン）",
        overview: "事業概要（目的・必要性）",
        background: "取組の背景",
        actions: "取組事項（KPI）",
        goals: "年次目標（KGI）",
        note: "実績・備考",
        outcomes: "達成目標",
        indicators: "評価指標",
        log: "進捗の記録",
        updated: "最終更新",
        status: "状況",
        year: "年度",
    },
    status: StatusTexts {
        name: status_ja,
        done: "完了",
        overdue: "期限超過",
        achieved: "達成",
        not_achieved: "未達成",
    },
    card: CardTexts {
        not_found: "このカードは見つかりません。",
        due: |y, m| format!("{y}年{m}月まで"),
        done_on: |d| format!("{d} 完了"),
        tick_action: |t| format!("完了: {t}"),
        tick_goal: |t| format!("達成: {t}"),
        corrective: "改善策",
        corrective_prompt: "遅れ・未達成の理由と、改善策を入力してください。",
        log_by: "記録した課",
        log_text: "内容",
        log_add: "記録を追加",
        log_note: "記録は追記のみです。訂正は新しい記録として追加してください。",
        duplicate: "複製",
        copy_suffix: "（複製）",
        copy_next_year: "次年度へ継続",
        confirm_delete: |t| format!("カード「{t}」を削除しますか？（「元に戻す」で戻せます）"),
    },
    card_edit: CardEditTexts {
        pillars: "柱（最初が所属、2つ目以降は再掲）",
        lead_first: "最初の担当課が主担当です",
        action_text: "取組事項",
        due: "期限（年月）",
        goal_text: "年次目標",
        add_action: "取組事項を追加",
        add_goal: "年次目標を追加",
        add_year: "年度を追加",
        add_outcome: "達成目標を追加",
        add_indicator: "評価指標を追加",
        add_department: "担当課を追加",
        add_pillar: "柱を追加",
        no_measure: "（施策なし）",
        pillar_none: "（選択してください）",
    },
    indicator: IndicatorTexts {
        name: "指標",
        heading: |name, unit, dir| {
            if unit.is_empty() {
                format!("{name}（{dir}）")
            } else {
                format!("{name}（{unit}・{dir}）")
            }
        },
        target: "目標",
        actual: "実績",
        baseline: "基準値",
        direction_up: "大きいほど良い",
        direction_down: "小さいほど良い",
        direction: "良い方向",
        unit: "単位",
        total: "母数",
        rate: |r| format!("率 {r:.1}%"),
    },
    plan_edit: PlanEditTexts {
        title: "計画の名称",
        organization: "団体名",
        start_year: "開始年度",
        end_year: "終了年度",
        pillar_list_heading: "柱・将来の姿・施策",
        pillar_name: "柱の名称",
        vision_text: "将来の姿",
        measure_name: "施策",
        department_list_heading: "担当課の一覧",
        department: "担当課",
        add_vision: "将来の姿を追加",
        add_measure: "施策を追加",
        pillar: "柱",
        visions_heading: "将来の姿（ビジョン）",
        measures_heading: "施策",
        add_department: "担当課を追加",
        add_pillar: "柱を追加",
    },
    snapshots: SnapshotsTexts {
        heading: "自動保存の履歴（1日1回）",
        restore: "この時点に戻す",
        day: |date| format!("{date} の作業開始時"),
        before_import: |file, at| format!("「{file}」を取り込む前（{at}）"),
        changed: |n| format!("今と異なるカード {n}件"),
        none: "まだありません。明日以降、その日最初の変更の前の状態が残ります。",
        refused: "この時点の内容は今の規則では保存できないため、戻しませんでした。",
        missing: "この自動保存はもう残っていません。",
    },
    input: InputTexts {
        not_a_number: "数値を入力してください（例: 1234 や 12.5）",
        number_too_large: "数値が大きすぎます（±9,007,199,254,740,992 の範囲で入力してください）",
    },
    list: ListTexts {
        search: "キーワード（全角・半角、ひらがな・カタカナを区別しません）",
        stale_months: |m| format!("{m}か月以上"),
        not_updated: "更新されていない期間",
        has_overdue: "期限超過の取組事項があるカード",
        sort_by: "並べ替え",
        descending: "逆順",
        clear_filters: "条件をクリア",
        matching: |n| format!("該当 {n}件"),
        view_name: "この表示条件に名前を付けて保存",
        save_view: "保存",
        export_filtered: "表示中のカードを書き出す",
        filtered_scope: "抽出",
        lead_only: "主担当のカードのみ",
    },
    dashboard: DashboardTexts {
        headline_hours: |h| format!("業務時間 {h}時間削減（計画期間の累計）"),
        sort_overdue_first: "期限超過の多い順に並べる",
    },
    chart: ChartTexts {
        save_png: "PNGで保存",
        failed: "グラフを表示できませんでした（ECharts が読み込まれていません）。",
        not_drawn: "グラフを作れませんでした。",
        as_table: "数値を表で見る",
        status_pillar: |y| format!("柱ごとの進捗状況（{y}）"),
        status_pillar_short: "柱ごとの進捗状況",
        status_years: "年度ごとの進捗状況",
        departments: |y| format!("担当課ごとの取組事項（{y}）"),
        departments_short: "担当課ごとの取組事項",
        due: "期限到来（未完了）",
        timeline: |y| format!("取組事項の期限（{y}・月別）"),
        timeline_short: "取組事項の期限（月別）",
        open: "未完了",
        effect: "業務時間の削減（柱・年度別）",
        hours_unit: "時間",
    },
    matrix: MatrixTexts {
        legend: "凡例",
        group_counts: "状況別の件数",
    },
    departments: DepartmentsTexts {
        cards_lead: "主担当のカード",
        cards_any: "関係するカード",
        actions_done_total: "取組事項 完了／全体",
        due: "期限到来（未完了）",
    },
    exchange: ExchangeTexts {
        export_heading: "書き出す（エクスポート）",
        export_whole: "計画全体を書き出す",
        export_department: "担当課ごとに書き出す",
        lead_only: "主担当のカードのみ",
        involved: "関係するカードすべて",
        export_department_button: "この課のカードを書き出す",
        export_csv: "Excel用 CSV を書き出す（カード一覧・取組事項）",
        import_heading: "取り込む（インポート）",
        import_hint: "他の課から届いた JSON ファイルを選ぶか、この画面のどこかにドロップしてください。JSON の文字列を貼り付けても取り込めます。取り込む前に内容を確認できます。",
        import_choose: "ファイルを選ぶ",
        pasted_name: "貼り付けた内容",
        import_done: |name, n| {
            if n == 0 {
                format!("「{name}」を取り込みました。「元に戻す」で取り込み前に戻せます。")
            } else {
                format!(
                    "「{name}」を取り込みました。競合{n}件はこのブラウザの内容のままです。「元に戻す」で取り込み前に戻せます。"
                )
            }
        },
        csv_cards_scope: "カード一覧",
        csv_actions_scope: "取組事項",
        preview_heading: |n| format!("「{n}」の取り込み内容の確認"),
        added: "追加",
        updated: "更新",
        unchanged: "変更なし",
        kept: "このブラウザの方が新しい（ファイルが古い）",
        conflict: "競合（両方で変更）",
        pick_local: "このブラウザの内容を残す",
        pick_incoming: "ファイルの内容にする",
        pick_field_local: |f| format!("{f}: このブラウザの内容にする"),
        pick_field_incoming: |f| format!("{f}: ファイルの内容にする"),
        pick_per_field_hint: "カードごとに下で選ぶか、項目ごとに表の中の残したい方を選んでください。",
        field_column: "項目",
        local_column: "このブラウザ",
        incoming_column: "ファイル",
        header_additions: |n| format!("計画に追加される柱・将来の姿・施策・担当課: {n}件"),
        confirm_import: "この内容で取り込む",
        unresolved_left: |n| {
            format!("選んでいない競合が{n}件あります（このブラウザの内容のまま残ります）。")
        },
        preview_refreshed: "確認画面を開いた後に計画が変更されたため、取り込みの内容を計算し直しました。「確認後に変更」の印の付いたカードを確かめてから、もう一度「取り込む」を押してください。",
        changed_since_preview: "確認後に変更",
        header_conflicts_heading: "ファイルで別の柱に移された施策",
        measure_moved: |m, here, there| {
            format!("施策「{m}」: この計画では柱「{here}」、ファイルでは柱「{there}」")
        },
        import_refused: "この選び方では取り込めません（取り込むと読み込めない計画になります）",
        history_heading: "取り込みの履歴",
        at_column: "取り込んだ日時",
        file_column: "ファイル",
        from_column: "送り元",
        counts_column: "追加／更新／競合",
        no_imports: "まだ取り込んだファイルはありません。",
        round_heading: "今回の集約状況",
        round_since: "集約の開始日",
        received_column: "受け取った日",
        sent: "提出済み",
        not_sent: "未提出",
    },
    print: PrintTexts {
        heading: "印刷",
        plan: "計画全体を印刷（表紙つき）",
        department: "この課のカードを印刷（表紙つき）",
        card: "このカードを印刷",
        filtered: "表示中のカードを印刷",
        matrix: "進捗状況表を印刷",
        failed: "印刷できませんでした。",
        report_scope: "報告書",
        export_report: "HTML報告書を書き出す（計画データ入り）",
    },
    xlsx: XlsxTexts {
        export_heading: "Excel（.xlsx）",
        export_whole: "計画全体をExcelで書き出す",
        export_department: "選んだ課をExcelで書き出す",
        export_filtered: "表示中のカードをExcelで",
        card_sheets: "カードごとのシートも付ける（配布・印刷用）",
        limits: "ブックには進捗状況表・取組事項・年次目標・評価指標のシートと、計画そのもの（隠しシート）が入ります。このアプリで取り込むと元の計画に戻ります。ただし、Excelでセルを書き換えても、その変更は取り込まれません（取り込まれるのは隠しシートの計画です）。グラフは入りません。32,767文字を超える文章は、シート上では途中まで表示されます。",
        import_hint: "Excelブック（.xlsx）も取り込めます。このアプリで書き出したブックはそのまま、市の進捗管理表などは列の割り当てを確かめてから取り込みます。",
        import_heading: "Excelブックの取り込み",
        import_lead: "このブックはアプリで書き出したものではありません。どの列に何が書かれているかを確かめてください。取り込む前に、いつもの確認画面が開きます。",
        file: |name| format!("ファイル: {name}"),
        sheet: "シート",
        header_row: "見出しの最後の行",
        target: "取り込み先",
        target_current: |title| format!("開いている計画「{title}」"),
        target_new: "新しい計画",
        new_title: "新しい計画の名前",
        columns_heading: "列の割り当て",
        columns_hint: "見出しの言葉から推測しました。違うところは列ごとに選び直してください。この割り当ては計画ごとに覚えておきます。",
        row: "行",
        column: |letter| format!("{letter}列"),
        field: |f| {
            use plan_xlsx::Field;
            match f {
                Field::Ignore => "（使わない）".to_string(),
                Field::Number => "番号".to_string(),
                Field::Title => "事業名".to_string(),
                Field::Department => "担当課".to_string(),
                Field::Pillar => "柱".to_string(),
                Field::Measure => "施策".to_string(),
                Field::Year => "年度".to_string(),
                Field::Action => "取組事項".to_string(),
                Field::Due => "期限".to_string(),
                Field::Status => "状況（その行の年度）".to_string(),
                Field::StatusYear(y) => format!("状況 {}", plan_core::fiscal::era_fiscal_year(y)),
                Field::Goal => "目標".to_string(),
                Field::Actual => "実績".to_string(),
                Field::Overview => "概要".to_string(),
                Field::Note => "備考".to_string(),
            }
        },
        rows_heading: "行とカード",
        row_card: |row, number, title| format!("{row}行目 → {number} {title}"),
        more_rows: |n| format!("ほか {n}行"),
        no_cards: "カードになる行がありません。見出しの行と列の割り当てを確かめてください。",
        unread_heading: |n| format!("読み取れなかったセル（{n}件）"),
        all_read: "すべてのセルを読み取れました。",
        reason: |r| {
            use plan_xlsx::UnreadReason;
            match r {
                UnreadReason::Status => {
                    "状況の記号・言葉として読めません（○ ◎ ▲ × — 取り下げ、進行中 など）"
                        .to_string()
                }
                UnreadReason::Year => {
                    "年度として読めません（令和6年度、R6、2024 など）".to_string()
                }
                UnreadReason::Due => {
                    "期限の年月として読めません（2024/9、令和6年9月、日付のセル など）".to_string()
                }
                UnreadReason::DueOutsideYear(y) => {
                    format!("期限が{}の外です", plan_core::fiscal::era_fiscal_year(*y))
                }
                UnreadReason::NoYear => "年度がわからないため、入れる先がありません".to_string(),
                UnreadReason::NoteRow => "注記の行として取り込みません".to_string(),
                UnreadReason::NoCard => {
                    "上に事業名・番号の行がないため、どのカードのものかわかりません".to_string()
                }
                // xlsx import (actual → goal): not guessed among several goals.
                UnreadReason::WhichGoal(n) => format!(
                    "この年度には目標が{n}件あり、どの目標の実績かわかりません（目標の列を割り当ててください）"
                ),
            }
        },
        proceed: "取り込みの確認へ進む",
        cancel: "やめる",
        refused: |n| {
            format!(
                "このままでは読み込めない計画になるため進めません（問題 {n}件）。列の割り当てを確かめてください。"
            )
        },
        read_failed: "Excelブックとして読み込めませんでした。ファイルが壊れていないか確かめてください。",
        damaged: "このアプリで書き出したブックですが、中の計画が欠けているため読み込めません。",
    },
    repair: RepairTexts {
        open: "修復する",
        heading: |key| format!("保存データの修復: {key}"),
        lead: "このブラウザに保存されている計画が読み込めません。下の問題の箇所を直すと、保存して開けます。元のデータは控えとして残ります。",
        problem_count: |n| format!("問題 {n}件"),
        ready: "問題はありません。「修復して保存」で保存して開けます。",
        value: "値",
        save: "修復して保存",
        close: "閉じる",
        raw: "データ全体を直接編集する（上級者向け）",
        done: |title| {
            format!("「{title}」を修復して開きました。元のデータは控えとして残っています。")
        },
        id_taken: "同じIDの計画がこのブラウザにすでにあるため、保存できません。IDを変えるか、もう一方の計画を削除してください。",
    },
    storage: StorageTexts {
        unreadable: |key| {
            format!(
                "保存データ「{key}」を読み込めませんでした。元のデータは消さずにそのまま残しています。"
            )
        },
        kept_as: |key| format!("控えを「{key}」にも保管しました。"),
        download_raw: "元のデータをダウンロード",
        failed: "ブラウザに保存できませんでした。",
        blocked: "この計画の保存データが読み込めない状態のため、上書きしませんでした。",
        full: "ブラウザの保存容量がいっぱいのため、保存できませんでした。編集中の内容はこの画面に残っています。すでに保存されていたデータはそのままです。ファイルに書き出して保管してください。",
        unavailable: "このブラウザでは保存する場所が使えません。",
        memory: "このブラウザはデータの保存を許可していないため、変更はこのブラウザに残りません（ページを閉じると消えます）。取り込み・編集・印刷・書き出しはできます。作業の終わりに必ずファイルに書き出してください。",
        too_big: |cards, needed, free, cap, others| {
            format!(
                "この計画（カード{cards}件、約{needed}MB）はこのブラウザの保存容量に収まらないため、読み取り専用で開いています。空きは約{free}MB（全体で約{cap}MB、ほかの計画が約{others}MBを使用）です。見る・絞り込む・印刷する・ファイルに書き出すことはできますが、変更はできず、このブラウザには残りません。ここで編集するには、担当課ごとに書き出したファイル（一覧で担当課を絞り込み「表示中のカードを書き出す」）を開くか、計画一覧で使わない計画を削除してください。"
            )
        },
        dropped_heading: "計画を保存する場所を空けるため、次の控えを削除しました（計画そのものは保存されています）:",
        dropped_snapshot: |title, date| format!("「{title}」の{date}の自動保存"),
        dropped_import_snapshot: |title, date, file| {
            format!("「{title}」の{date}、「{file}」を取り込む前の自動保存")
        },
        dropped_kept: |key| format!("ダウンロード済みの読み込めないデータの控え「{key}」"),
    },
    crash: CrashTexts {
        heading: "エラーが発生しました",
        body: "ブラウザに保存済みのデータは安全です。ページを再読み込みしてください。直前の数秒の変更は失われた可能性があります。",
        reload: "再読み込み",
        details: "報告用のエラー内容（選択してコピーできます）",
    },
    save: SaveTexts {
        saved: "保存済み",
        pending: "保存中…",
        invalid: |n| format!("保存できません（入力の誤り {n}件）"),
        full: "保存できません（容量不足）",
        failed: "保存できません",
        memory: "このページの中だけ（ブラウザに残りません）",
        read_only: "読み取り専用（保存されません）",
        refused: |n| {
            format!("この計画には読み込めなくなる誤りが{n}件あるため、保存しませんでした。")
        },
    },
    sync: SyncTexts {
        overridden: |at, field, theirs| {
            format!(
                "{at}の「{field}」は別のタブでも変更されていました。このタブの内容を残しています。別のタブの内容は「{theirs}」です（「元に戻す」でそちらに戻せます）。"
            )
        },
        overridden_no_text: |at, field| {
            format!(
                "{at}の「{field}」は別のタブでも変更されていました。このタブの内容を残しています（「元に戻す」で別のタブの内容に戻せます）。"
            )
        },
        card: |t| format!("カード「{t}」"),
        plan: "計画",
        restored: |n| {
            format!("このタブで削除したカード{n}件は、別のタブで変更されていたため残しました。")
        },
        period: "計画期間",
        other_fields: "その他の項目",
    },
    worker: WorkerTexts {
        working: "ファイルを処理しています…",
        failed: "ファイルやグラフを作る部品が動きませんでした。ページを再読み込みしてから、もう一度お試しください。",
        reading: |name| format!("「{name}」を読み込んでいます…"),
        reading_cards: |done, total| format!("カード {done} / {total} 件"),
        reading_cancel: "読み込みをやめる",
        reading_failed: "ファイルを読み込めませんでした。",
    },
    edit: EditTexts {
        card_not_found: |id| format!("カードが見つかりません（{id}）。"),
        year_not_found: |y| format!("このカードには{y}年度の計画がありません。"),
        outside_plan: |y| format!("次の年度（{y}年度）は計画期間の外です。"),
        next_year_not_empty: |y| {
            format!("次の年度（{y}年度）にはすでに取組事項か年次目標があります。")
        },
    },
};

pub static EN: Texts = Texts {
    lang: Lang::En,
    common: CommonTexts {
        remove: "Remove",
        delete: "Delete",
        move_up: "Up",
        move_down: "Down",
        cancel: "Cancel",
        dismiss: "Close",
        none: "—",
        all: "All",
        show_more: "Show more",
        list_separator: ", ",
        fiscal_year: plan_core::fiscal::western_fiscal_year,
        month: |m| {
            [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ]
            .get(m as usize - 1)
            .copied()
            .unwrap_or("")
            .to_string()
        },
        card_count: |n| format!("{n} cards"),
        relisted: "listed again",
    },
    app: AppTexts {
        name: "Shinchoku",
        tagline: "Progress of the DX action plan",
        switch_lang: "日本語",
        switch_lang_label: "日本語に切り替える",
        undo: "Undo",
        redo: "Redo",
        export: "Export to file",
    },
    nav: NavTexts {
        label: "Screens",
        plans: "Switch plan",
        overview: "Plan overview",
        dashboard: "Dashboard",
        matrix: "Status matrix",
        departments: "By department",
        list: "Find cards",
        exchange: "Exchange files",
        back_to_overview: "← Back to overview",
        edit_plan: "Edit plan details",
        edit_card: "Edit this card",
        view_card: "View card",
    },
    start: StartTexts {
        heading: "Start your DX action plan",
        lead: "Plans are kept in this browser. Nothing is sent over the internet.",
        new: "Create a new plan",
        new_hint: "Start empty and add pillars and cards.",
        sample: "Open the sample plan",
        sample_hint: "Try the app with the plan of the fictional city of Midorino.",
        open: "Open a plan file",
        open_hint: "Read a JSON file sent by another department.",
        stored: "Plans stored in this browser",
        new_plan_title: "New DX action plan",
        confirm_delete_plan: |t| {
            format!("Delete \"{t}\" from this browser? This cannot be undone.")
        },
    },
    problems: ProblemsTexts {
        heading: "This file cannot be opened. Please fix the following",
        warnings_heading: "Note",
        whole_file: "whole file",
        show_problem: "Go to the problem",
    },
    notice: NoticeTexts {
        file_opened: |name| format!("Opened \"{name}\"."),
        file_read_failed: "The file could not be read.",
        card_deleted: |t| format!("Deleted \"{t}\". Undo brings it back."),
        copied_to_next: |y| format!("Actions and goals continued into FY{y}."),
        export_failed: "Could not export the file.",
        export_refused: |n| {
            format!(
                "Not exported: the plan has {n} errors that would stop the file from loading. Fix them (\"Go to the problem\") and export again."
            )
        },
    },
    overview: OverviewTexts {
        period: |from, to| format!("Plan period: {from}–{to}"),
        no_pillar: "Cards without a pillar",
        no_cards: "No cards yet.",
        new_card: "Add a card",
        new_card_title: "New initiative",
        actions: "Actions",
    },
    columns: ColumnsTexts {
        number: "No.",
        title: "Title",
        lead: "Department",
        department: "Department",
    },
    fields: FieldsTexts {
        number: "Number",
        title: "Title",
        departments: "Departments",
        pillars: "Pillars",
        category: "Category",
        measure: "Measure",
        visions: "Visions",
        overview: "Overview",
        background: "Background",
        actions: "Actions (KPI)",
        goals: "Yearly goals (KGI)",
        note: "Results and notes",
        outcomes: "Outcomes",
        indicators: "Indicators",
        log: "Progress log",
        updated: "Last updated",
        status: "Status",
        year: "Fiscal year",
    },
    status: StatusTexts {
        name: status_en,
        done: "Done",
        overdue: "Overdue",
        achieved: "Achieved",
        not_achieved: "Not achieved",
    },
    card: CardTexts {
        not_found: "This card does not exist.",
        due: |y, m| format!("due {y}-{m:02}"),
        done_on: |d| format!("done {d}"),
        tick_action: |t| format!("Done: {t}"),
        tick_goal: |t| format!("Achieved: {t}"),
        corrective: "Corrective action",
        corrective_prompt: "Describe the cause and the corrective action.",
        log_by: "Recorded by",
        log_text: "Entry",
        log_add: "Add entry",
        log_note: "Entries are only appended; add a new entry to correct one.",
        duplicate: "Duplicate",
        copy_suffix: " (copy)",
        copy_next_year: "Continue next year",
        confirm_delete: |t| format!("Delete the card \"{t}\"? (Undo brings it back)"),
    },
    card_edit: CardEditTexts {
        pillars: "Pillars (first is home; others list it again)",
        lead_first: "The first department leads",
        action_text: "Action",
        due: "Due (year-month)",
        goal_text: "Goal",
        add_action: "Add action",
        add_goal: "Add goal",
        add_year: "Add fiscal year",
        add_outcome: "Add outcome",
        add_indicator: "Add indicator",
        add_department: "Add department",
        add_pillar: "Add pillar",
        no_measure: "(no measure)",
        pillar_none: "(choose)",
    },
    indicator: IndicatorTexts {
        name: "Indicator",
        heading: |name, unit, dir| {
            if unit.is_empty() {
                format!("{name} ({dir})")
            } else {
                format!("{name} ({unit}, {dir})")
            }
        },
        target: "Target",
        actual: "Actual",
        baseline: "Baseline",
        direction_up: "higher is better",
        direction_down: "lower is better",
        direction: "Better when",
        unit: "Unit",
        total: "Total",
        rate: |r| format!("rate {r:.1}%"),
    },
    plan_edit: PlanEditTexts {
        title: "Plan title",
        organization: "Organization",
        start_year: "First fiscal year",
        end_year: "Last fiscal year",
        pillar_list_heading: "Pillars, visions and measures",
        pillar_name: "Pillar",
        vision_text: "Vision",
        measure_name: "Measure",
        department_list_heading: "Departments",
        department: "Department",
        add_vision: "Add vision",
        add_measure: "Add measure",
        pillar: "Pillars",
        visions_heading: "Visions",
        measures_heading: "Measure",
        add_department: "Add department",
        add_pillar: "Add pillar",
    },
    snapshots: SnapshotsTexts {
        heading: "Daily automatic snapshots",
        restore: "Restore",
        day: |date| format!("{date}, start of the day's work"),
        before_import: |file, at| format!("Before importing \"{file}\" ({at})"),
        changed: |n| format!("{n} cards differ from now"),
        none: "None yet. From tomorrow on, the plan as it was before each day's first change is kept.",
        refused: "Not restored: that version could not be saved under the current rules.",
        missing: "This snapshot is no longer there.",
    },
    input: InputTexts {
        not_a_number: "Enter a number (e.g. 1234 or 12.5)",
        number_too_large: "The number is too large (keep it within ±9,007,199,254,740,992)",
    },
    list: ListTexts {
        search: "Keywords",
        stale_months: |m| format!("{m} months or more"),
        not_updated: "Not updated for",
        has_overdue: "Has overdue actions",
        sort_by: "Sort by",
        descending: "Descending",
        clear_filters: "Clear filters",
        matching: |n| format!("{n} matching"),
        view_name: "Save this view as",
        save_view: "Save",
        export_filtered: "Export the cards shown",
        filtered_scope: "selection",
        lead_only: "Cards it leads",
    },
    dashboard: DashboardTexts {
        headline_hours: |h| format!("{h} working hours saved (plan period total)"),
        sort_overdue_first: "Most overdue first",
    },
    chart: ChartTexts {
        save_png: "Save as PNG",
        failed: "The chart could not be drawn (ECharts is not loaded).",
        not_drawn: "Could not make the charts.",
        as_table: "Show the figures as a table",
        status_pillar: |y| format!("Status by pillar ({y})"),
        status_pillar_short: "Status by pillar",
        status_years: "Status by fiscal year",
        departments: |y| format!("Actions by department ({y})"),
        departments_short: "Actions by department",
        due: "Due, not done",
        timeline: |y| format!("Action due months ({y})"),
        timeline_short: "Action due months",
        open: "Open",
        effect: "Working hours saved (by pillar and year)",
        hours_unit: "hours",
    },
    matrix: MatrixTexts {
        legend: "Legend",
        group_counts: "Count by status",
    },
    departments: DepartmentsTexts {
        cards_lead: "Cards led",
        cards_any: "Cards involved",
        actions_done_total: "Actions done / total",
        due: "Due, not done",
    },
    exchange: ExchangeTexts {
        export_heading: "Export",
        export_whole: "Export the whole plan",
        export_department: "Export one department's cards",
        lead_only: "Cards it leads",
        involved: "All cards it takes part in",
        export_department_button: "Export this department's cards",
        export_csv: "Export CSV for Excel (cards, actions)",
        import_heading: "Import",
        import_hint: "Choose a JSON file from another department or drop it anywhere on this page; pasted JSON text works too. You confirm before anything changes.",
        import_choose: "Choose a file",
        pasted_name: "pasted text",
        import_done: |name, n| {
            if n == 0 {
                format!("Imported \"{name}\". Undo takes it back.")
            } else {
                format!(
                    "Imported \"{name}\". {n} conflicts kept this browser's version. Undo takes it back."
                )
            }
        },
        csv_cards_scope: "cards",
        csv_actions_scope: "actions",
        preview_heading: |n| format!("Review the import of \"{n}\""),
        added: "Added",
        updated: "Updated",
        unchanged: "Unchanged",
        kept: "Kept (the file is older)",
        conflict: "Conflict (changed on both sides)",
        pick_local: "Keep this browser's version",
        pick_incoming: "Take the file's version",
        pick_field_local: |f| format!("{f}: keep this browser's"),
        pick_field_incoming: |f| format!("{f}: take the file's"),
        pick_per_field_hint: "Choose for the whole card below, or per field in the table.",
        field_column: "Field",
        local_column: "This browser",
        incoming_column: "File",
        header_additions: |n| {
            format!("Pillars, visions, measures and departments added to the plan: {n}")
        },
        confirm_import: "Import as shown",
        unresolved_left: |n| format!("{n} conflicts not chosen (this browser's version stays)."),
        preview_refreshed: "The plan changed after the preview was shown, so the import was worked out again. Check the cards marked \"changed since preview\", then press Import again.",
        changed_since_preview: "changed since preview",
        header_conflicts_heading: "Measures the file puts under another pillar",
        measure_moved: |m, here, there| {
            format!("Measure \"{m}\": pillar \"{here}\" in this plan, \"{there}\" in the file")
        },
        import_refused: "Cannot import with these choices (the plan would not load)",
        history_heading: "Import history",
        at_column: "Imported at",
        file_column: "File",
        from_column: "From",
        counts_column: "Added / updated / conflicts",
        no_imports: "No files imported yet.",
        round_heading: "Collection round",
        round_since: "Round started on",
        received_column: "Received",
        sent: "Received",
        not_sent: "Not yet",
    },
    print: PrintTexts {
        heading: "Print",
        plan: "Print the whole plan (with a cover)",
        department: "Print this department's cards (with a cover)",
        card: "Print this card",
        filtered: "Print the cards shown",
        matrix: "Print the status matrix",
        failed: "Could not print.",
        report_scope: "report",
        export_report: "Export the HTML report (with the plan inside)",
    },
    xlsx: XlsxTexts {
        export_heading: "Excel (.xlsx)",
        export_whole: "Export the whole plan to Excel",
        export_department: "Export the chosen department to Excel",
        export_filtered: "Export the cards shown to Excel",
        card_sheets: "Add one sheet per card (for handouts and printing)",
        limits: "The workbook holds the sheets Progress, Actions, Goals and Indicators, and the plan itself in a hidden sheet: imported into this app it gives the plan back as it was. Changes made to the cells in Excel are not taken in (the hidden plan is). Charts are not included. Texts longer than 32,767 characters are cut short in the sheets.",
        import_hint: "Excel workbooks (.xlsx) can be imported too: one exported by this app directly, a city's own progress sheet after checking which column holds what.",
        import_heading: "Import an Excel workbook",
        import_lead: "This workbook was not exported by the app. Check which column holds what. The usual preview opens before anything changes.",
        file: |name| format!("File: {name}"),
        sheet: "Sheet",
        header_row: "Last header row",
        target: "Import into",
        target_current: |title| format!("the open plan \"{title}\""),
        target_new: "a new plan",
        new_title: "Name of the new plan",
        columns_heading: "Columns",
        columns_hint: "Guessed from the header words. Choose again where it is wrong; the choice is remembered for the plan.",
        row: "Row",
        column: |letter| format!("Column {letter}"),
        field: |f| {
            use plan_xlsx::Field;
            match f {
                Field::Ignore => "(not used)".to_string(),
                Field::Number => "Number".to_string(),
                Field::Title => "Title".to_string(),
                Field::Department => "Department".to_string(),
                Field::Pillar => "Pillar".to_string(),
                Field::Measure => "Measure".to_string(),
                Field::Year => "Fiscal year".to_string(),
                Field::Action => "Action".to_string(),
                Field::Due => "Due".to_string(),
                Field::Status => "Status (the row's year)".to_string(),
                Field::StatusYear(y) => format!("Status FY{y}"),
                Field::Goal => "Goal".to_string(),
                Field::Actual => "Actual".to_string(),
                Field::Overview => "Overview".to_string(),
                Field::Note => "Note".to_string(),
            }
        },
        rows_heading: "Rows and cards",
        row_card: |row, number, title| format!("Row {row} → {number} {title}"),
        more_rows: |n| format!("and {n} more rows"),
        no_cards: "No row becomes a card. Check the header row and the columns.",
        unread_heading: |n| format!("Cells not read ({n})"),
        all_read: "Every cell was read.",
        reason: |r| {
            use plan_xlsx::UnreadReason;
            match r {
                UnreadReason::Status => {
                    "not a status mark or word (○ ◎ ▲ × —, on track …)".to_string()
                }
                UnreadReason::Year => "not a fiscal year (FY2024, R6, 2024 …)".to_string(),
                UnreadReason::Due => "not a due month (2024/9, a date cell …)".to_string(),
                UnreadReason::DueOutsideYear(y) => format!("due outside FY{y}"),
                UnreadReason::NoYear => {
                    "no fiscal year on the row, so it has nowhere to go".to_string()
                }
                UnreadReason::NoteRow => "a note row, left out".to_string(),
                UnreadReason::NoCard => {
                    "no title or number above it, so no card to go to".to_string()
                }
                // xlsx import (actual → goal): not guessed among several goals.
                UnreadReason::WhichGoal(n) => format!(
                    "the year has {n} goals and the row does not say which this is the actual of (map a goal column)"
                ),
            }
        },
        proceed: "Continue to the import preview",
        cancel: "Cancel",
        refused: |n| {
            format!(
                "This would give a plan that cannot be loaded ({n} problems). Check the columns."
            )
        },
        read_failed: "This file could not be read as an Excel workbook. Check that it is not damaged.",
        damaged: "This workbook was exported by the app, but the plan inside is incomplete and cannot be read.",
    },
    repair: RepairTexts {
        open: "Repair",
        heading: |key| format!("Repair stored data: {key}"),
        lead: "A plan stored in this browser cannot be read. Fix the problems below to save and open it. The original data is kept as a copy.",
        problem_count: |n| format!("{n} problems"),
        ready: "No problems left. \"Repair and save\" saves and opens it.",
        value: "Value",
        save: "Repair and save",
        close: "Close",
        raw: "Edit the whole data directly (advanced)",
        done: |title| {
            format!("Repaired and opened \"{title}\". The original data is still kept as a copy.")
        },
        id_taken: "A plan with the same id is already in this browser, so this cannot be saved. Change the id or delete the other plan.",
    },
    storage: StorageTexts {
        unreadable: |key| {
            format!("Stored data \"{key}\" could not be read. It has been left untouched.")
        },
        kept_as: |key| format!("A copy is also kept as \"{key}\"."),
        download_raw: "Download the original data",
        failed: "Could not save in this browser.",
        blocked: "Not saved: the stored data of this plan could not be read, so it is not overwritten.",
        full: "This browser's storage is full, so the last changes were not saved. They are still on this screen and the data saved before is intact. Export the plan to a file to keep it.",
        unavailable: "This browser offers no storage.",
        memory: "This browser does not allow the app to keep data, so changes are not kept by this browser (they go when the page closes). Importing, editing, printing and exporting work. Export to a file before you finish.",
        too_big: |cards, needed, free, cap, others| {
            format!(
                "This plan ({cards} cards, about {needed} MB) does not fit in this browser's storage, so it is open read-only. About {free} MB is free (of about {cap} MB; other plans use about {others} MB). You can look, filter, print and export it, but changes are not possible and it is not kept in this browser. To edit it here, open a department's part (filter the list by department, then \"Export the cards shown\"), or delete plans you no longer need from the plan list."
            )
        },
        dropped_heading: "To make room for the plan, these copies were removed (the plan itself is saved):",
        dropped_snapshot: |title, date| {
            format!("the automatic snapshot of \"{title}\" from {date}")
        },
        dropped_import_snapshot: |title, date, file| {
            format!("the snapshot of \"{title}\" from {date}, before importing \"{file}\"")
        },
        dropped_kept: |key| format!("the downloaded copy of unreadable data \"{key}\""),
    },
    crash: CrashTexts {
        heading: "An error occurred",
        body: "The data saved in this browser is safe. Please reload the page. Changes from the last few seconds may be lost.",
        reload: "Reload",
        details: "Error details for a report (select to copy)",
    },
    save: SaveTexts {
        saved: "Saved",
        pending: "Saving…",
        invalid: |n| format!("Not saved ({n} input problems)"),
        full: "Not saved (storage full)",
        failed: "Not saved",
        memory: "In this page only (not kept by the browser)",
        read_only: "Read-only (not saved)",
        refused: |n| format!("Not saved: the plan has {n} errors that would stop it from loading."),
    },
    sync: SyncTexts {
        overridden: |at, field, theirs| {
            format!(
                "{at}: \"{field}\" was also changed in another tab. This tab's version was kept; the other tab had \"{theirs}\" (Undo switches to it)."
            )
        },
        overridden_no_text: |at, field| {
            format!(
                "{at}: \"{field}\" was also changed in another tab. This tab's version was kept (Undo switches to the other tab's)."
            )
        },
        card: |t| format!("Card \"{t}\""),
        plan: "The plan",
        restored: |n| {
            format!("{n} cards deleted here were changed in another tab, so they were kept.")
        },
        period: "Plan period",
        other_fields: "Other fields",
    },
    worker: WorkerTexts {
        working: "Working on the file…",
        failed: "The part of the app that makes files and charts did not run. Reload the page and try again.",
        reading: |name| format!("Reading “{name}”…"),
        reading_cards: |done, total| format!("Cards {done} of {total}"),
        reading_cancel: "Stop reading",
        reading_failed: "Could not read the file.",
    },
    edit: EditTexts {
        card_not_found: |id| format!("Card not found ({id})."),
        year_not_found: |y| format!("This card has no plan for FY{y}."),
        outside_plan: |y| format!("The next year (FY{y}) is outside the plan period."),
        next_year_not_empty: |y| {
            format!("The next year (FY{y}) already has actions or yearly goals.")
        },
    },
};

impl Texts {
    /// The name of a card field (or of pillars, measure and visions taken
    /// together) as the card sheet calls it.
    pub fn card_field_group(&self, group: plan_core::merge::FieldGroup) -> &'static str {
        use plan_core::merge::FieldGroup as G;
        match group {
            G::Number => self.fields.number,
            G::Title => self.fields.title,
            G::Category => self.fields.category,
            G::Departments => self.fields.departments,
            G::Placement => self.plan_edit.pillar_list_heading,
            G::Overview => self.fields.overview,
            G::Background => self.fields.background,
            G::Outcomes => self.fields.outcomes,
            G::Years => self.fields.actions,
            G::Indicators => self.fields.indicators,
            G::Extra => self.sync.other_fields,
        }
    }

    /// The name of a field of the plan header.
    pub fn plan_field(&self, field: plan_core::sync::PlanField) -> &'static str {
        use plan_core::sync::PlanField as F;
        match field {
            F::Title => self.plan_edit.title,
            F::Organization => self.plan_edit.organization,
            F::Period => self.sync.period,
            F::Pillars => self.plan_edit.pillar_list_heading,
            F::Departments => self.plan_edit.department_list_heading,
            F::Extra => self.sync.other_fields,
        }
    }
}
