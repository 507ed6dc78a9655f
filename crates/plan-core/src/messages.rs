//! What each problem means, for people. One function per language.

use std::fmt;

use crate::lang::Lang;
use crate::merge::{MergeError, MergePreview};
use crate::model::PlanFile;
use crate::problem::{JsonType, Problem, ProblemKind, RefKind};

impl fmt::Display for Problem {
    /// Japanese, as the app and the command-line tool show it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = if self.path.is_empty() {
            "(ファイル全体)"
        } else {
            &self.path
        };
        write!(f, "{place}: {}", ja(&self.kind))
    }
}

fn type_ja(t: JsonType) -> &'static str {
    match t {
        JsonType::Object => "オブジェクト",
        JsonType::Array => "配列",
        JsonType::String => "文字列",
        JsonType::Integer => "整数",
        JsonType::Number => "数値",
        JsonType::Boolean => "真偽値（true / false）",
    }
}

fn type_en(t: JsonType) -> &'static str {
    match t {
        JsonType::Object => "an object",
        JsonType::Array => "an array",
        JsonType::String => "a string",
        JsonType::Integer => "an integer",
        JsonType::Number => "a number",
        JsonType::Boolean => "true or false",
    }
}

fn ref_ja(r: RefKind) -> &'static str {
    match r {
        RefKind::Pillar => "柱",
        RefKind::Vision => "将来の姿",
        RefKind::Measure => "施策",
    }
}

fn ref_en(r: RefKind) -> &'static str {
    match r {
        RefKind::Pillar => "pillar",
        RefKind::Vision => "vision",
        RefKind::Measure => "measure",
    }
}

pub fn ja(kind: &ProblemKind) -> String {
    use ProblemKind::*;
    match kind {
        NotUtf8 => "文字コードが UTF-8 ではありません（Shift_JIS や UTF-16 のファイルは読めません。UTF-8 で保存し直してください）".into(),
        Syntax { line, column } => format!("JSON の書き方が正しくありません（{line}行目 {column}文字目）"),
        Truncated => "ファイルが途中で切れています".into(),
        TrailingText => "JSON の後ろに余分な文字があります".into(),
        TooDeep { max } => format!("入れ子が深すぎます（{max}段まで）"),
        StringTooLong { max } => format!("文字列が長すぎます（{max}文字まで）"),
        DuplicateKey(k) => format!("同じ項目名「{k}」が2回あります"),
        NumberOutOfRange => "数値が扱える範囲を超えています".into(),
        Missing => "必須の項目がありません".into(),
        WrongType(t) => format!("{}でなければなりません", type_ja(*t)),
        NotOneOf(allowed) => format!("次のいずれかでなければなりません: {}", allowed.join(", ")),
        Empty => "空にはできません".into(),
        WrongFormat => "DXアクションプランのファイルではありません（format が dx-action-plan ではありません）".into(),
        OlderVersion => "対応していない古い形式の版です".into(),
        NewerVersion(v) => format!("新しい版（version {v}）のファイルです。このアプリが知らない項目はそのまま保持します"),
        DuplicateId(id) => format!("ID「{id}」が重複しています"),
        DuplicateYear(y) => format!("{y}年度が2回あります"),
        UnknownRef(r, id) => format!("{}のID「{id}」が計画にありません", ref_ja(*r)),
        MeasureNotInHomePillar(id) => format!("施策「{id}」は最初の柱に属していません"),
        YearOutOfRange { min, max } => format!("年度は{min}〜{max}の範囲でなければなりません"),
        YearOutsidePlan { start, end } => format!("計画期間（{start}〜{end}年度）の外の年度です"),
        StartAfterEnd => "開始年度が終了年度より後になっています".into(),
        BadYearMonth => "期限は「2024-08」のように 年-月 で書いてください".into(),
        DueOutsideYear(y) => format!("期限がその年度（{y}年4月〜{}年3月）の外です", y + 1),
        BadDate => "日付は「2024-03-31」の形で、実在する日でなければなりません".into(),
        BadTimestamp => "日時は「2024-03-31T17:00:00+09:00」の形（時差つき）でなければなりません".into(),
        TotalNotPositive => "母数（total）は0より大きくなければなりません".into(),
        NegativeCount => "0以上の整数でなければなりません".into(),
        ChangesWhenSaved => "保存すると内容が変わってしまうため、保存できません".into(),
    }
}

pub fn en(kind: &ProblemKind) -> String {
    use ProblemKind::*;
    match kind {
        NotUtf8 => {
            "The file is not UTF-8 (Shift_JIS and UTF-16 cannot be read; save it as UTF-8)".into()
        }
        Syntax { line, column } => format!("Invalid JSON (line {line}, column {column})"),
        Truncated => "The file ends too early".into(),
        TrailingText => "There is text after the JSON".into(),
        TooDeep { max } => format!("Nested too deeply (at most {max} levels)"),
        StringTooLong { max } => format!("Text too long (at most {max} characters)"),
        DuplicateKey(k) => format!("The key \"{k}\" appears twice"),
        NumberOutOfRange => "Number out of range".into(),
        Missing => "Required field is missing".into(),
        WrongType(t) => format!("Must be {}", type_en(*t)),
        NotOneOf(allowed) => format!("Must be one of: {}", allowed.join(", ")),
        Empty => "Must not be empty".into(),
        WrongFormat => "Not a DX action plan file (format is not dx-action-plan)".into(),
        OlderVersion => "Unsupported old format version".into(),
        NewerVersion(v) => format!("File of a newer version ({v}); unknown fields are kept"),
        DuplicateId(id) => format!("Duplicate id \"{id}\""),
        DuplicateYear(y) => format!("Fiscal year {y} appears twice"),
        UnknownRef(r, id) => format!("No {} with id \"{id}\" in the plan", ref_en(*r)),
        MeasureNotInHomePillar(id) => {
            format!("Measure \"{id}\" is not under the card's first pillar")
        }
        YearOutOfRange { min, max } => format!("Fiscal year must be within {min}–{max}"),
        YearOutsidePlan { start, end } => format!("Outside the plan period (FY{start}–FY{end})"),
        StartAfterEnd => "Start year is after end year".into(),
        BadYearMonth => "Due must be a year and month like 2024-08".into(),
        DueOutsideYear(y) => format!("Due month is outside FY{y} (April {y} – March {})", y + 1),
        BadDate => "Date must be a real day written like 2024-03-31".into(),
        BadTimestamp => "Timestamp must look like 2024-03-31T17:00:00+09:00 (with offset)".into(),
        TotalNotPositive => "Total must be greater than 0".into(),
        NegativeCount => "Must be a whole number 0 or more".into(),
        ChangesWhenSaved => "Cannot be saved: it would not load back the same".into(),
    }
}

/// Why an import cannot be done, in Japanese (also `MergeError`'s
/// `Display`). A refusal by the gate lists its first problems.
pub fn merge_ja(e: &MergeError) -> String {
    match e {
        MergeError::DifferentPlan { local, incoming } => {
            format!("計画が異なります（{local} と {incoming}）")
        }
        MergeError::MeasurePlacement {
            measure,
            local_pillar,
            incoming_pillar,
            local_cards,
            incoming_cards,
        } => format!(
            "施策「{measure}」が、こちらでは柱「{local_pillar}」、ファイルでは{}にあり、\
             両方のカードが使っています（こちら: {}／ファイル: {}）。\
             この施策を使うカードをどちらかで同じ柱にそろえてから、取り込み直してください",
            incoming_pillar
                .as_deref()
                .map_or("別の柱".to_string(), |p| format!("柱「{p}」")),
            local_cards.join("、"),
            incoming_cards.join("、"),
        ),
        MergeError::WouldNotLoad(r) => format!(
            "取り込むと読み込めない計画になるため、取り込みません: {}",
            list(&r.problems, ja, "、")
        ),
    }
}

/// Why an import cannot be done, in English.
pub fn merge_en(e: &MergeError) -> String {
    match e {
        MergeError::DifferentPlan { local, incoming } => {
            format!("The file is of another plan ({incoming}, not {local})")
        }
        MergeError::MeasurePlacement {
            measure,
            local_pillar,
            incoming_pillar,
            local_cards,
            incoming_cards,
        } => format!(
            "Measure \"{measure}\" is under pillar \"{local_pillar}\" here and {} in the file, \
             and cards on both sides use it (here: {}; file: {}). Put the cards using it \
             under one pillar in one copy, then import again",
            incoming_pillar
                .as_deref()
                .map_or("under another pillar".to_string(), |p| format!(
                    "under pillar \"{p}\""
                )),
            local_cards.join(", "),
            incoming_cards.join(", "),
        ),
        MergeError::WouldNotLoad(r) => format!(
            "Not imported: the merged plan would not load ({})",
            list(&r.problems, en, "; ")
        ),
    }
}

/// The first few problems with their paths, and how many more.
fn list(problems: &[Problem], say: fn(&ProblemKind) -> String, sep: &str) -> String {
    const SHOWN: usize = 3;
    let mut parts: Vec<String> = problems
        .iter()
        .take(SHOWN)
        .map(|p| {
            if p.path.is_empty() {
                say(&p.kind)
            } else {
                format!("{}: {}", p.path, say(&p.kind))
            }
        })
        .collect();
    if problems.len() > SHOWN {
        parts.push(format!("… (+{})", problems.len() - SHOWN));
    }
    parts.join(sep)
}

/// A problem's message in `lang` (for views holding a [`Lang`]).
pub fn problem(lang: Lang, kind: &ProblemKind) -> String {
    match lang {
        Lang::Ja => ja(kind),
        Lang::En => en(kind),
    }
}

/// Why an import cannot be done, in `lang`.
pub fn merge(lang: Lang, e: &MergeError) -> String {
    match lang {
        Lang::Ja => merge_ja(e),
        Lang::En => merge_en(e),
    }
}

/// [`merge`], with the pillars, the measure and the cards named as people
/// know them ("行政運営", "1-6 窓口の…") instead of by id: names from the
/// stored plan, or from the file for what only it has.
pub fn merge_named(lang: Lang, e: &MergeError, local: &PlanFile, preview: &MergePreview) -> String {
    merge(lang, &named(e, local, preview))
}

/// `e` with its ids replaced by the names [`merge_named`] shows, still
/// typed (for an app that renders it later, in the language shown then).
pub fn named(e: &MergeError, local: &PlanFile, preview: &MergePreview) -> MergeError {
    let MergeError::MeasurePlacement {
        measure,
        local_pillar,
        incoming_pillar,
        local_cards,
        incoming_cards,
    } = e
    else {
        return e.clone();
    };
    let pillar = |id: &str| {
        let name = |p: &crate::model::Pillar| (p.id == id).then(|| p.name.clone());
        local
            .plan
            .pillars
            .iter()
            .find_map(name)
            .or_else(|| preview.incoming_plan.pillars.iter().find_map(name))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| id.to_string())
    };
    let card = |id: &String| {
        local
            .card(id)
            .or_else(|| {
                preview
                    .cards
                    .iter()
                    .find(|c| &c.id == id)
                    .map(|c| &c.incoming)
            })
            .map_or_else(
                || id.clone(),
                |c| format!("{} {}", c.number, c.title).trim().to_string(),
            )
    };
    MergeError::MeasurePlacement {
        measure: local
            .measure_name(measure)
            .filter(|n| !n.is_empty())
            .map_or_else(|| measure.clone(), str::to_string),
        local_pillar: pillar(local_pillar),
        incoming_pillar: incoming_pillar.as_deref().map(pillar),
        local_cards: local_cards.iter().map(card).collect(),
        incoming_cards: incoming_cards.iter().map(card).collect(),
    }
}
