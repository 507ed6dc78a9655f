//! The plan file as Rust types (see `shared/spec/plan-format.md`).
//!
//! Every object carries `extra`: fields this version does not know. They are
//! kept on import and written back on export, because the format is a
//! contract between copies of the app of different versions.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::clock::VersionClock;

/// Unknown fields of one JSON object, in file order.
pub type Extra = Map<String, Value>;

pub const FORMAT_NAME: &str = "dx-action-plan";
pub const FORMAT_VERSION: i64 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct PlanFile {
    #[schemars(extend("const" = "dx-action-plan"))]
    pub format: String,
    pub version: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exported_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exported_by: Option<String>,
    pub plan: Plan,
    // Shared, not owned: cloning a plan (for undo, the last saved state, a
    // save in flight) copies pointers rather than cards, and an edit copies
    // only the card it changes (`PlanFile::card_mut` goes through
    // `Arc::make_mut`). A card shared by two versions is the same in both,
    // which `same_card` checks first. The JSON is that of a plain list. (Not
    // a doc comment: it would land in the published JSON Schema.)
    pub cards: Vec<Arc<Card>>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Plan {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    #[schemars(range(min = 1900, max = 2200))]
    pub start_year: i32,
    #[schemars(range(min = 1900, max = 2200))]
    pub end_year: i32,
    #[serde(default)]
    pub pillars: Vec<Pillar>,
    #[serde(default)]
    pub departments: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Pillar {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub visions: Vec<Vision>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<Measure>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Vision {
    pub id: String,
    pub text: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Measure {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Card {
    pub id: String,
    #[serde(default)]
    pub number: String,
    pub title: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub departments: Vec<String>,
    #[serde(default)]
    pub pillars: Vec<String>,
    #[serde(default)]
    pub measure: Option<String>,
    #[serde(default)]
    pub visions: Vec<String>,
    #[serde(default)]
    pub overview: String,
    #[serde(default)]
    pub background: String,
    #[serde(default)]
    pub outcomes: Vec<String>,
    #[serde(default)]
    pub years: Vec<CardYear>,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub log: Vec<LogEntry>,
    pub updated_at: String,
    pub clock: VersionClock,
    #[serde(flatten)]
    pub extra: Extra,
}

/// So that functions over cards take `&Card` and `&Arc<Card>` alike
/// (`impl IntoIterator<Item = impl AsRef<Card>>`).
impl AsRef<Card> for Card {
    fn as_ref(&self) -> &Card {
        self
    }
}

impl Card {
    /// The lead department (the first listed), if any.
    pub fn lead_department(&self) -> Option<&str> {
        self.departments.first().map(String::as_str)
    }

    /// The pillar the card lives under; the others list it again (再掲).
    pub fn home_pillar(&self) -> Option<&str> {
        self.pillars.first().map(String::as_str)
    }

    pub fn year(&self, year: i32) -> Option<&CardYear> {
        self.years.iter().find(|y| y.year == year)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    NotStarted,
    OnTrack,
    Delayed,
    Missed,
    Achieved,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::NotStarted,
        Status::OnTrack,
        Status::Delayed,
        Status::Missed,
        Status::Achieved,
        Status::Withdrawn,
    ];

    /// The name used in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::OnTrack => "on_track",
            Status::Delayed => "delayed",
            Status::Missed => "missed",
            Status::Achieved => "achieved",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The status colour, the same in the app, its charts and the report
    /// (never the only signal: the symbol goes with it).
    pub fn color(self) -> &'static str {
        match self {
            Status::NotStarted => "#5f6b7a",
            Status::OnTrack => "#1f5fa8",
            Status::Delayed => "#a14f00",
            Status::Missed => "#b42318",
            Status::Achieved => "#17743a",
            Status::Withdrawn => "#6e4b8b",
        }
    }

    /// The mark printed in progress reports (笠間市 style).
    pub fn symbol(self) -> &'static str {
        match self {
            Status::NotStarted => "—",
            Status::OnTrack => "○",
            Status::Delayed => "▲",
            Status::Missed => "×",
            Status::Achieved => "◎",
            Status::Withdrawn => "取下",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CardYear {
    #[schemars(range(min = 1900, max = 2200))]
    pub year: i32,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub actions: Vec<Action>,
    #[serde(default)]
    pub goals: Vec<Goal>,
    #[serde(default)]
    pub note: String,
    /// 改善策: what will be done about a delay (▲) or a miss (×). An optional
    /// field this app adds to the format; absent when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub corrective_action: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Action {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub due: Option<String>,
    #[serde(default)]
    pub done: bool,
    #[serde(default)]
    pub done_on: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Action {
    /// Due month as (year, month), when `due` is well formed.
    pub fn due_month(&self) -> Option<(i32, u32)> {
        self.due
            .as_deref()
            .and_then(crate::fiscal::parse_year_month)
    }

    /// Not done and its due month is before `today`'s month.
    pub fn is_overdue(&self, today: (i32, u32)) -> bool {
        !self.done && self.due_month().is_some_and(|due| due < today)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Goal {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub achieved: bool,
    #[serde(default)]
    pub target: Option<Quantity>,
    #[serde(default)]
    pub actual: Option<Quantity>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Quantity {
    pub value: f64,
    #[serde(default)]
    pub unit: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Up,
    Down,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub direction: Direction,
    #[serde(default)]
    pub baseline: Option<YearValue>,
    #[serde(default)]
    pub targets: Vec<YearValue>,
    #[serde(default)]
    pub actuals: Vec<YearValue>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct YearValue {
    #[schemars(range(min = 1900, max = 2200))]
    pub year: i32,
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub total: Option<f64>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl YearValue {
    /// value ÷ total as a percentage, for measured rates (494件／5,357件 = 9.2%).
    pub fn rate_percent(&self) -> Option<f64> {
        self.total
            .filter(|t| *t > 0.0)
            .map(|t| self.value / t * 100.0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LogEntry {
    pub at: String,
    #[serde(default)]
    pub by: String,
    pub text: String,
    #[serde(flatten)]
    pub extra: Extra,
}

impl PlanFile {
    /// The same file header (plan, unknown fields) with other cards: a
    /// subset to export, or the header alone (`Vec::new()`).
    pub fn with_cards(&self, cards: Vec<Arc<Card>>) -> PlanFile {
        PlanFile {
            format: self.format.clone(),
            version: self.version,
            exported_at: self.exported_at.clone(),
            exported_by: self.exported_by.clone(),
            plan: self.plan.clone(),
            cards,
            extra: self.extra.clone(),
        }
    }

    /// A new, empty plan file.
    pub fn empty(id: String, title: String, start_year: i32, end_year: i32) -> PlanFile {
        PlanFile {
            format: FORMAT_NAME.to_string(),
            version: FORMAT_VERSION,
            exported_at: None,
            exported_by: None,
            plan: Plan {
                id,
                title,
                organization: None,
                start_year,
                end_year,
                pillars: Vec::new(),
                departments: Vec::new(),
                updated_at: None,
                extra: Extra::new(),
            },
            cards: Vec::new(),
            extra: Extra::new(),
        }
    }

    /// The fiscal years of the plan period, in order.
    pub fn fiscal_years(&self) -> impl Iterator<Item = i32> + use<> {
        self.plan.start_year..=self.plan.end_year
    }

    pub fn pillar(&self, id: &str) -> Option<&Pillar> {
        self.plan.pillars.iter().find(|p| p.id == id)
    }

    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id).map(|c| &**c)
    }

    /// Adds a card at the end.
    pub fn push_card(&mut self, card: Card) {
        self.cards.push(Arc::new(card));
    }

    /// Text of a vision id, searched across all pillars.
    pub fn vision_text(&self, id: &str) -> Option<&str> {
        self.plan
            .pillars
            .iter()
            .flat_map(|p| p.visions.iter())
            .find(|v| v.id == id)
            .map(|v| v.text.as_str())
    }

    pub fn measure_name(&self, id: &str) -> Option<&str> {
        self.plan
            .pillars
            .iter()
            .flat_map(|p| p.measures.iter())
            .find(|m| m.id == id)
            .map(|m| m.name.as_str())
    }
}

/// Field by field, as derived, but a card shared by both plans is equal
/// without looking inside it: comparing two versions of a plan costs the
/// cards that differ, not all of them.
impl PartialEq for PlanFile {
    fn eq(&self, other: &PlanFile) -> bool {
        self.same_header(other)
            && self.cards.len() == other.cards.len()
            && self
                .cards
                .iter()
                .zip(&other.cards)
                .all(|(a, b)| same_card(a, b))
    }
}

impl PlanFile {
    /// Everything but the cards, compared.
    pub fn same_header(&self, other: &PlanFile) -> bool {
        // Destructured so that a new field cannot be forgotten here.
        let PlanFile {
            format,
            version,
            exported_at,
            exported_by,
            plan,
            cards: _,
            extra,
        } = self;
        *format == other.format
            && *version == other.version
            && *exported_at == other.exported_at
            && *exported_by == other.exported_by
            && *plan == other.plan
            && *extra == other.extra
    }
}

/// Whether two versions of a card are equal: at once when they are one
/// shared card (an edit copies only the card it changes, so most cards of
/// two versions of a plan are), field by field otherwise.
pub fn same_card(a: &Arc<Card>, b: &Arc<Card>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}
