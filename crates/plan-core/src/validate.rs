//! Validation of a plan file. Reports every problem, each with its JSON path.
//!
//! Two passes: the shape of the JSON (required fields, types, enums) on the
//! raw value, so that every wrong type is reported and not just serde's first;
//! then the meaning (unique ids, references, years, dates, clocks) on the
//! typed model, which is also what the editor checks as the user types.

use rustc_hash::FxHashSet as HashSet;

use serde_json::{Map, Value};

use crate::fiscal::is_timestamp;
use crate::json::{decode, parse_checked};
use crate::limits;
use crate::model::{Card, FORMAT_NAME, FORMAT_VERSION, Plan, PlanFile};
use crate::problem::{JsonType, Problem, ProblemKind, RefKind, index_path, key_path};

pub use crate::limits::{MAX_YEAR, MIN_YEAR};

pub const STATUS_NAMES: &[&str] = &[
    "not_started",
    "on_track",
    "delayed",
    "missed",
    "achieved",
    "withdrawn",
];
pub const DIRECTION_NAMES: &[&str] = &["up", "down"];

/// Reads back a [`ProblemKind::NotOneOf`] list sent as JSON (problems travel
/// from the app's worker to its page): one of the loader's own lists.
pub(crate) fn known_names<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<&'static [&'static str], D::Error> {
    let names: Vec<String> = serde::Deserialize::deserialize(d)?;
    [STATUS_NAMES, DIRECTION_NAMES]
        .into_iter()
        .find(|list| list.iter().copied().eq(names.iter().map(String::as_str)))
        .ok_or_else(|| serde::de::Error::custom("not one of the loader's lists"))
}

/// The outcome of reading a file: the plan when it has no errors, and every
/// problem (errors and warnings).
#[derive(Debug)]
pub struct Loaded {
    pub file: Option<PlanFile>,
    pub problems: Vec<Problem>,
}

impl Loaded {
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.is_error())
    }
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| !p.is_error())
    }
}

/// Reads a file's bytes: decoding, limits, shape and meaning.
pub fn load_bytes(bytes: &[u8]) -> Loaded {
    match decode(bytes) {
        Ok(text) => load_str(text),
        Err(p) => Loaded {
            file: None,
            problems: vec![p],
        },
    }
}

pub fn load_str(text: &str) -> Loaded {
    let (value, mut problems) = parse_checked(text);
    let Some(value) = value else {
        return Loaded {
            file: None,
            problems,
        };
    };
    if problems.iter().any(Problem::is_error) {
        // Limits broken (duplicate keys, …): still report shape problems.
        problems.extend(check_shape(&value));
        return Loaded {
            file: None,
            problems,
        };
    }
    problems.extend(check_shape(&value));
    if problems.iter().any(Problem::is_error) {
        return Loaded {
            file: None,
            problems,
        };
    }
    match serde_json::from_value::<PlanFile>(value) {
        Ok(file) => {
            problems.extend(check_meaning(&file));
            let ok = !problems.iter().any(Problem::is_error);
            Loaded {
                file: ok.then_some(file),
                problems,
            }
        }
        Err(_) => {
            // The shape pass should have caught it; never accept silently.
            problems.push(Problem::error("", ProblemKind::WrongType(JsonType::Object)));
            Loaded {
                file: None,
                problems,
            }
        }
    }
}

// ---------------------------------------------------------------- shape

#[derive(Clone, Copy, PartialEq)]
enum Need {
    Required,
    /// May be absent or null (an `Option` in the model).
    Optional,
    /// May be absent (it has a default) but not null: null is a wrong type
    /// reported at the field, not a puzzle at the file level.
    NotNull,
}

struct Shape {
    out: Vec<Problem>,
}

impl Shape {
    fn err(&mut self, path: &str, kind: ProblemKind) {
        self.out.push(Problem::error(path, kind));
    }

    fn object<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v Map<String, Value>> {
        let m = v.as_object();
        if m.is_none() {
            self.err(path, ProblemKind::WrongType(JsonType::Object));
        }
        m
    }

    /// The field's value, or None when absent/null (reporting a missing
    /// required one).
    fn field<'v>(
        &mut self,
        m: &'v Map<String, Value>,
        key: &str,
        path: &str,
        need: Need,
    ) -> Option<&'v Value> {
        match m.get(key) {
            None | Some(Value::Null) if need == Need::Required => {
                self.err(&key_path(path, key), ProblemKind::Missing);
                None
            }
            Some(Value::Null) if need == Need::NotNull => m.get(key),
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    fn string<'v>(
        &mut self,
        m: &'v Map<String, Value>,
        key: &str,
        path: &str,
        need: Need,
    ) -> Option<&'v str> {
        let v = self.field(m, key, path, need)?;
        let s = v.as_str();
        if s.is_none() {
            self.err(
                &key_path(path, key),
                ProblemKind::WrongType(JsonType::String),
            );
        }
        s
    }

    /// A required id or title: a non-empty string.
    fn nonempty(&mut self, m: &Map<String, Value>, key: &str, path: &str) {
        if self.string(m, key, path, Need::Required) == Some("") {
            self.err(&key_path(path, key), ProblemKind::Empty);
        }
    }

    fn integer(
        &mut self,
        m: &Map<String, Value>,
        key: &str,
        path: &str,
        need: Need,
    ) -> Option<i64> {
        let v = self.field(m, key, path, need)?;
        let i = v.as_i64();
        if i.is_none() {
            self.err(
                &key_path(path, key),
                ProblemKind::WrongType(JsonType::Integer),
            );
        }
        i
    }

    fn year(&mut self, m: &Map<String, Value>, key: &str, path: &str, need: Need) {
        if let Some(y) = self.integer(m, key, path, need)
            && let Err(kind) = crate::limits::check_year(y)
        {
            self.err(&key_path(path, key), kind);
        }
    }

    fn number(&mut self, m: &Map<String, Value>, key: &str, path: &str, need: Need) -> Option<f64> {
        let v = self.field(m, key, path, need)?;
        let n = v.as_f64();
        if n.is_none() {
            self.err(
                &key_path(path, key),
                ProblemKind::WrongType(JsonType::Number),
            );
        }
        n
    }

    fn boolean(&mut self, m: &Map<String, Value>, key: &str, path: &str) {
        if let Some(v) = self.field(m, key, path, Need::NotNull)
            && !v.is_boolean()
        {
            self.err(
                &key_path(path, key),
                ProblemKind::WrongType(JsonType::Boolean),
            );
        }
    }

    fn one_of(
        &mut self,
        m: &Map<String, Value>,
        key: &str,
        path: &str,
        allowed: &'static [&'static str],
    ) {
        if let Some(s) = self.string(m, key, path, Need::NotNull)
            && !allowed.contains(&s)
        {
            self.err(&key_path(path, key), ProblemKind::NotOneOf(allowed));
        }
    }

    /// Calls `each` for every element of an array field (absent/null = none).
    fn array<'v>(
        &mut self,
        m: &'v Map<String, Value>,
        key: &str,
        path: &str,
        need: Need,
        mut each: impl FnMut(&mut Self, &'v Value, &str),
    ) {
        let Some(v) = self.field(m, key, path, need) else {
            return;
        };
        let p = key_path(path, key);
        match v.as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    each(self, item, &index_path(&p, i));
                }
            }
            None => self.err(&p, ProblemKind::WrongType(JsonType::Array)),
        }
    }

    fn strings(&mut self, m: &Map<String, Value>, key: &str, path: &str) {
        self.array(m, key, path, Need::NotNull, |s, item, p| {
            if !item.is_string() {
                s.err(p, ProblemKind::WrongType(JsonType::String));
            }
        });
    }

    /// An object with the given check, for array items.
    fn each_object(
        &mut self,
        item: &Value,
        path: &str,
        check: impl FnOnce(&mut Self, &Map<String, Value>, &str),
    ) {
        if let Some(m) = self.object(item, path) {
            check(self, m, path);
        }
    }

    fn file(&mut self, v: &Value) {
        let Some(m) = self.object(v, "") else { return };
        match self.string(m, "format", "", Need::Required) {
            Some(f) if f != FORMAT_NAME => self.err("format", ProblemKind::WrongFormat),
            _ => {}
        }
        self.integer(m, "version", "", Need::Required);
        self.string(m, "exported_at", "", Need::Optional);
        self.string(m, "exported_by", "", Need::Optional);
        if let Some(plan) = self.field(m, "plan", "", Need::Required) {
            self.each_object(plan, "plan", Self::plan)
        }
        self.array(m, "cards", "", Need::Required, |s, item, p| {
            s.each_object(item, p, Self::card)
        });
    }

    fn plan(&mut self, m: &Map<String, Value>, path: &str) {
        self.nonempty(m, "id", path);
        self.nonempty(m, "title", path);
        self.string(m, "organization", path, Need::Optional);
        self.year(m, "start_year", path, Need::Required);
        self.year(m, "end_year", path, Need::Required);
        self.array(m, "pillars", path, Need::NotNull, |s, item, p| {
            s.each_object(item, p, |s, m, path| {
                s.nonempty(m, "id", path);
                s.string(m, "name", path, Need::Required);
                s.array(m, "visions", path, Need::NotNull, |s, item, p| {
                    s.each_object(item, p, |s, m, path| {
                        s.nonempty(m, "id", path);
                        s.string(m, "text", path, Need::Required);
                    })
                });
                s.array(m, "measures", path, Need::NotNull, |s, item, p| {
                    s.each_object(item, p, |s, m, path| {
                        s.nonempty(m, "id", path);
                        s.string(m, "name", path, Need::Required);
                    })
                });
            })
        });
        self.strings(m, "departments", path);
        self.string(m, "updated_at", path, Need::Optional);
    }

    fn card(&mut self, m: &Map<String, Value>, path: &str) {
        self.nonempty(m, "id", path);
        self.string(m, "number", path, Need::NotNull);
        self.string(m, "title", path, Need::Required);
        self.string(m, "category", path, Need::NotNull);
        self.strings(m, "departments", path);
        self.strings(m, "pillars", path);
        self.string(m, "measure", path, Need::Optional);
        self.strings(m, "visions", path);
        self.string(m, "overview", path, Need::NotNull);
        self.string(m, "background", path, Need::NotNull);
        self.strings(m, "outcomes", path);
        self.array(m, "years", path, Need::NotNull, |s, item, p| {
            s.each_object(item, p, Self::card_year)
        });
        self.array(m, "indicators", path, Need::NotNull, |s, item, p| {
            s.each_object(item, p, Self::indicator)
        });
        self.array(m, "log", path, Need::NotNull, |s, item, p| {
            s.each_object(item, p, |s, m, path| {
                s.string(m, "at", path, Need::Required);
                s.string(m, "by", path, Need::NotNull);
                s.string(m, "text", path, Need::Required);
            })
        });
        self.string(m, "updated_at", path, Need::Required);
        if let Some(clock) = self.field(m, "clock", path, Need::Required) {
            let cp = key_path(path, "clock");
            if let Some(entries) = self.object(clock, &cp) {
                for (site, n) in entries {
                    let ep = key_path(&cp, site);
                    if site.is_empty() {
                        self.err(&ep, ProblemKind::Empty);
                    }
                    if n.as_u64().is_none() {
                        self.err(&ep, ProblemKind::NegativeCount);
                    }
                }
            }
        }
    }

    fn card_year(&mut self, m: &Map<String, Value>, path: &str) {
        self.year(m, "year", path, Need::Required);
        self.one_of(m, "status", path, STATUS_NAMES);
        self.array(m, "actions", path, Need::NotNull, |s, item, p| {
            s.each_object(item, p, |s, m, path| {
                s.nonempty(m, "id", path);
                s.string(m, "text", path, Need::Required);
                s.string(m, "due", path, Need::Optional);
                s.boolean(m, "done", path);
                s.string(m, "done_on", path, Need::Optional);
            })
        });
        self.array(m, "goals", path, Need::NotNull, |s, item, p| {
            s.each_object(item, p, |s, m, path| {
                s.nonempty(m, "id", path);
                s.string(m, "text", path, Need::Required);
                s.boolean(m, "achieved", path);
                for key in ["target", "actual"] {
                    if let Some(q) = s.field(m, key, path, Need::Optional) {
                        s.each_object(q, &key_path(path, key), |s, m, path| {
                            s.number(m, "value", path, Need::Required);
                            s.string(m, "unit", path, Need::NotNull);
                        });
                    }
                }
            })
        });
        self.string(m, "note", path, Need::NotNull);
        self.string(m, "corrective_action", path, Need::NotNull);
    }

    fn indicator(&mut self, m: &Map<String, Value>, path: &str) {
        self.nonempty(m, "id", path);
        self.string(m, "name", path, Need::Required);
        self.string(m, "unit", path, Need::NotNull);
        self.one_of(m, "direction", path, DIRECTION_NAMES);
        let year_value = |s: &mut Self, m: &Map<String, Value>, path: &str| {
            s.year(m, "year", path, Need::Required);
            s.number(m, "value", path, Need::Required);
            if let Some(total) = s.number(m, "total", path, Need::Optional)
                && let Err(kind) = crate::limits::check_total(total)
            {
                s.err(&key_path(path, "total"), kind);
            }
        };
        if let Some(b) = self.field(m, "baseline", path, Need::Optional) {
            self.each_object(b, &key_path(path, "baseline"), year_value);
        }
        for key in ["targets", "actuals"] {
            self.array(m, key, path, Need::NotNull, |s, item, p| {
                s.each_object(item, p, year_value)
            });
        }
    }
}

/// Shape problems of one card's raw value, at `path` (e.g. `cards[3]`): a
/// card's shape does not depend on the rest of the file.
pub fn check_card_shape(v: &Value, path: &str) -> Vec<Problem> {
    let mut s = Shape { out: Vec::new() };
    s.each_object(v, path, Shape::card);
    s.out
}

/// Shape problems of a raw JSON value.
pub fn check_shape(v: &Value) -> Vec<Problem> {
    let mut s = Shape { out: Vec::new() };
    s.file(v);
    s.out
}

// -------------------------------------------------------------- meaning

/// Problems of meaning in a typed plan file. Also used by the editor.
pub fn check_meaning(file: &PlanFile) -> Vec<Problem> {
    let plan = PlanMeaning::of(file);
    let mut out = plan.head.clone();
    let mut card_ids = HashSet::default();
    for (ci, card) in file.cards.iter().enumerate() {
        if let Some(p) = duplicate_card_id(&mut card_ids, card, ci) {
            out.push(p);
        }
        out.extend(in_card(ci, plan.card(card)));
    }
    out.extend(plan.tail);
    out
}

/// `problems` with paths relative to card `ci` made whole.
pub(crate) fn in_card(
    ci: usize,
    problems: impl IntoIterator<Item = Problem>,
) -> impl Iterator<Item = Problem> {
    problems.into_iter().map(move |p| Problem {
        path: if p.path.is_empty() {
            format!("cards[{ci}]")
        } else {
            format!("cards[{ci}].{}", p.path)
        },
        ..p
    })
}

/// The problem of card `ci` if its id was seen before in `seen`.
pub(crate) fn duplicate_card_id<'a>(
    seen: &mut HashSet<&'a str>,
    card: &'a Card,
    ci: usize,
) -> Option<Problem> {
    (!seen.insert(card.id.as_str())).then(|| {
        Problem::error(
            format!("cards[{ci}].id"),
            ProblemKind::DuplicateId(card.id.clone()),
        )
    })
}

/// The plan-wide part of the meaning checks, and what a card's own checks
/// need of it: the ids cards refer to and the plan's years. A card's
/// problems depend on nothing else, so the gate keeps them per card until
/// the card or the plan header changes.
pub(crate) struct PlanMeaning<'a> {
    plan: &'a Plan,
    pillar_ids: HashSet<&'a str>,
    vision_ids: HashSet<&'a str>,
    measure_ids: HashSet<&'a str>,
    /// Problems of the header, reported before the cards'.
    pub head: Vec<Problem>,
    /// Reported after the cards'.
    pub tail: Vec<Problem>,
}

impl<'a> PlanMeaning<'a> {
    pub(crate) fn of(file: &'a PlanFile) -> PlanMeaning<'a> {
        let mut out = Vec::new();
        let mut err = |path: String, kind| out.push(Problem::error(path, kind));

        if file.version < FORMAT_VERSION {
            err("version".into(), ProblemKind::OlderVersion);
        }
        if let Some(t) = &file.exported_at
            && !is_timestamp(t)
        {
            err("exported_at".into(), ProblemKind::BadTimestamp);
        }

        let plan = &file.plan;
        if plan.start_year > plan.end_year {
            err("plan.end_year".into(), ProblemKind::StartAfterEnd);
        }
        if let Some(t) = &plan.updated_at
            && !is_timestamp(t)
        {
            err("plan.updated_at".into(), ProblemKind::BadTimestamp);
        }

        // Ids: pillars, visions and measures are each unique across the
        // plan, because cards refer to them without naming the pillar.
        let mut pillar_ids = HashSet::default();
        let mut vision_ids = HashSet::default();
        let mut measure_ids = HashSet::default();
        for (pi, p) in plan.pillars.iter().enumerate() {
            let pp = format!("plan.pillars[{pi}]");
            if !pillar_ids.insert(p.id.as_str()) {
                err(format!("{pp}.id"), ProblemKind::DuplicateId(p.id.clone()));
            }
            for (vi, v) in p.visions.iter().enumerate() {
                if !vision_ids.insert(v.id.as_str()) {
                    err(
                        format!("{pp}.visions[{vi}].id"),
                        ProblemKind::DuplicateId(v.id.clone()),
                    );
                }
            }
            for (mi, m) in p.measures.iter().enumerate() {
                if !measure_ids.insert(m.id.as_str()) {
                    err(
                        format!("{pp}.measures[{mi}].id"),
                        ProblemKind::DuplicateId(m.id.clone()),
                    );
                }
            }
        }
        let mut tail = Vec::new();
        if file.version > FORMAT_VERSION {
            tail.push(Problem::warning(
                "version",
                ProblemKind::NewerVersion(file.version),
            ));
        }
        PlanMeaning {
            plan,
            pillar_ids,
            vision_ids,
            measure_ids,
            head: out,
            tail,
        }
    }

    /// The meaning problems of one card, with paths relative to the card.
    pub(crate) fn card(&self, card: &Card) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut err = |path: String, kind| out.push(Problem::error(path, kind));
        let (start, end) = (self.plan.start_year, self.plan.end_year);
        // Paths are made only for a problem: a 1,000-card plan has some
        // 10,000 actions and years, checked after every edit.
        for (i, pid) in card.pillars.iter().enumerate() {
            if !self.pillar_ids.contains(pid.as_str()) {
                err(
                    format!("pillars[{i}]"),
                    ProblemKind::UnknownRef(RefKind::Pillar, pid.clone()),
                );
            }
        }
        if let Some(mid) = &card.measure {
            let home = card
                .home_pillar()
                .and_then(|h| self.plan.pillars.iter().find(|p| p.id == h));
            if !self.measure_ids.contains(mid.as_str()) {
                err(
                    "measure".into(),
                    ProblemKind::UnknownRef(RefKind::Measure, mid.clone()),
                );
            } else if home.is_some_and(|h| !h.measures.iter().any(|m| &m.id == mid)) {
                err(
                    "measure".into(),
                    ProblemKind::MeasureNotInHomePillar(mid.clone()),
                );
            }
        }
        for (i, vid) in card.visions.iter().enumerate() {
            if !self.vision_ids.contains(vid.as_str()) {
                err(
                    format!("visions[{i}]"),
                    ProblemKind::UnknownRef(RefKind::Vision, vid.clone()),
                );
            }
        }
        if !is_timestamp(&card.updated_at) {
            err("updated_at".into(), ProblemKind::BadTimestamp);
        }

        let mut years = HashSet::default();
        for (yi, y) in card.years.iter().enumerate() {
            let yp = || format!("years[{yi}]");
            if !years.insert(y.year) {
                err(format!("{}.year", yp()), ProblemKind::DuplicateYear(y.year));
            }
            // The range itself was checked by the shape pass.
            if let Err(kind @ ProblemKind::YearOutsidePlan { .. }) =
                limits::check_card_year(i64::from(y.year), start, end)
            {
                err(format!("{}.year", yp()), kind);
            }
            let mut ids = HashSet::default();
            for (ai, a) in y.actions.iter().enumerate() {
                let ap = || format!("{}.actions[{ai}]", yp());
                if !ids.insert(a.id.as_str()) {
                    err(
                        format!("{}.id", ap()),
                        ProblemKind::DuplicateId(a.id.clone()),
                    );
                }
                if let Some(due) = &a.due
                    && let Err(kind) = limits::check_due(due, y.year)
                {
                    err(format!("{}.due", ap()), kind);
                }
                if let Some(d) = &a.done_on
                    && let Err(kind) = limits::check_date(d)
                {
                    err(format!("{}.done_on", ap()), kind);
                }
            }
            let mut ids = HashSet::default();
            for (gi, g) in y.goals.iter().enumerate() {
                if !ids.insert(g.id.as_str()) {
                    err(
                        format!("{}.goals[{gi}].id", yp()),
                        ProblemKind::DuplicateId(g.id.clone()),
                    );
                }
            }
        }

        let mut ids = HashSet::default();
        for (ii, ind) in card.indicators.iter().enumerate() {
            if !ids.insert(ind.id.as_str()) {
                err(
                    format!("indicators[{ii}].id"),
                    ProblemKind::DuplicateId(ind.id.clone()),
                );
            }
        }
        for (li, entry) in card.log.iter().enumerate() {
            if !is_timestamp(&entry.at) {
                err(format!("log[{li}].at"), ProblemKind::BadTimestamp);
            }
        }
        out
    }
}
