//! The card list's filters and sorting, and the filter in a URL hash.
//!
//! Nothing here reads the clock: the caller passes `today` as (year, month).
//!
//! Free-text search folds both sides the cheap way (see [`normalize`]):
//! full-width ASCII to half-width, half-width katakana to full-width,
//! katakana to hiragana, ASCII to lower case. A [`SearchIndex`] keeps the
//! folded text of every card, so typing into the filter box does not fold
//! 1,000 cards again on every key stroke.

use std::borrow::Cow;
use std::cmp::{Ordering, Reverse};

use serde::{Deserialize, Serialize};

use crate::fiscal::parse_year_month;
use crate::model::{Card, PlanFile, Status};
use crate::text::{percent_decode, percent_encode};

/// What the card list shows. The default shows every card by number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Cards whose pillars contain it: at home or listed again (再掲).
    pub pillar: Option<String>,
    /// Cards under this measure (施策).
    pub measure: Option<String>,
    /// Cards of this category (区分), exactly.
    pub category: Option<String>,
    /// Cards this department takes part in (or leads, with `lead_only`).
    pub department: Option<String>,
    /// With `department`: it must be the first (lead) department.
    /// Alone it has no effect.
    pub lead_only: bool,
    /// Cards that run in this fiscal year; with `status`, the status is
    /// that year's.
    pub year: Option<i32>,
    /// Without `year`: any year of the card has this status.
    pub status: Option<Status>,
    /// Cards with actions overdue at `today`.
    pub overdue_only: bool,
    /// Cards not updated for this many months or more (`updated_at`
    /// against `today`, by calendar month). A card whose `updated_at`
    /// cannot be read counts as stale.
    pub stale_months: Option<u32>,
    /// Free text: every space-separated word must occur in some text
    /// field of the card (folded, see [`normalize`]).
    pub text: String,
    pub sort: SortKey,
    pub descending: bool,
}

/// Sort order of the card list; `descending` reverses it. Ties are in
/// number order (ascending either way), then in file order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// The printed number: numbers numerically (`2` before `10`), and the
    /// digit runs inside other numbers too (`1-2` before `1-10`).
    #[default]
    Number,
    Title,
    /// Lead department, in the plan's order of departments; departments the
    /// plan does not list come after, by name; cards without one last.
    Department,
    /// `updated_at`, oldest first (compared as instants, across offsets).
    Updated,
    /// Number of overdue actions, fewest first.
    Overdue,
}

impl SortKey {
    pub const ALL: [SortKey; 5] = [
        SortKey::Number,
        SortKey::Title,
        SortKey::Department,
        SortKey::Updated,
        SortKey::Overdue,
    ];

    /// The name used in URLs and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Number => "number",
            SortKey::Title => "title",
            SortKey::Department => "department",
            SortKey::Updated => "updated",
            SortKey::Overdue => "overdue",
        }
    }

    pub fn parse(s: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl Filter {
    /// True when the filter lets every card through (sorting aside).
    pub fn is_empty(&self) -> bool {
        let Filter {
            pillar,
            measure,
            category,
            department,
            lead_only: _,
            year,
            status,
            overdue_only,
            stale_months,
            text,
            sort: _,
            descending: _,
        } = self;
        pillar.is_none()
            && measure.is_none()
            && category.is_none()
            && department.is_none()
            && year.is_none()
            && status.is_none()
            && !overdue_only
            && stale_months.is_none()
            && text.split_whitespace().next().is_none()
    }
}

// -------------------------------------------------------------- folding

/// Half-width katakana U+FF61…U+FF9F as full-width (NFKC), the two sound
/// marks as their spacing forms; they are joined to the kana before them.
const HALF_WIDTH_KANA: [char; 63] = [
    '。', '「', '」', '、', '・', 'ヲ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ッ', 'ー',
    'ア', 'イ', 'ウ', 'エ', 'オ', 'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ',
    'チ', 'ツ', 'テ', 'ト', 'ナ', 'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ',
    'ム', 'メ', 'モ', 'ヤ', 'ユ', 'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ン', '゛', '゜',
];

/// Folds text for matching: full-width ASCII letters, digits and signs and
/// the ideographic space become half-width; half-width katakana become
/// full-width, with `ﾞ`/`ﾟ` (and combining sound marks) joined to the kana
/// before them; katakana become hiragana; ASCII letters become lower case.
/// `ＲＰＡ`, `rpa` and `RPA` fold alike, and so do `ｼｽﾃﾑ`, `システム` and
/// `しすてむ`.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(s, &mut out);
    out
}

fn normalize_into(s: &str, out: &mut String) {
    // The last pushed character, when it may still take a sound mark.
    let mut last: Option<char> = None;
    for ch in s.chars() {
        let mut c = match ch {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
            '\u{3000}' => ' ',
            '\u{FF61}'..='\u{FF9F}' => HALF_WIDTH_KANA[(ch as u32 - 0xFF61) as usize],
            _ => ch,
        };
        let voiced = matches!(ch, '\u{FF9E}' | '\u{3099}');
        let semi = matches!(ch, '\u{FF9F}' | '\u{309A}');
        if (voiced || semi)
            && let Some(prev) = last
            && let Some(joined) = join_sound_mark(prev, semi)
        {
            out.pop();
            out.push(joined);
            last = None;
            continue;
        }
        c = match c {
            'A'..='Z' => c.to_ascii_lowercase(),
            // Katakana ァ…ヶ to hiragana ぁ…ゖ.
            '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c,
        };
        out.push(c);
        last = Some(c);
    }
}

/// The hiragana `base` with a voiced (゛) or semi-voiced (゜) sound mark.
fn join_sound_mark(base: char, semi: bool) -> Option<char> {
    let b = base as u32;
    let ha_row = matches!(b, 0x306F | 0x3072 | 0x3075 | 0x3078 | 0x307B);
    let joined = if semi {
        ha_row.then_some(b + 2)?
    } else if b == 0x3046 {
        0x3094 // う → ゔ
    } else if ((0x304B..=0x3061).contains(&b) && b % 2 == 1)
        || matches!(b, 0x3064 | 0x3066 | 0x3068)
        || ha_row
    {
        b + 1
    } else {
        return None;
    };
    char::from_u32(joined)
}

/// The folded words of a free-text query.
fn query_words(text: &str) -> Vec<String> {
    normalize(text)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Every text field of a card, folded, one per line: what free text is
/// searched in.
pub fn search_text(card: &Card) -> String {
    let mut out = String::with_capacity(512);
    let mut add = |s: &str| {
        if !s.is_empty() {
            normalize_into(s, &mut out);
            out.push('\n');
        }
    };
    add(&card.title);
    add(&card.number);
    add(&card.category);
    card.departments.iter().for_each(|d| add(d));
    add(&card.overview);
    add(&card.background);
    card.outcomes.iter().for_each(|o| add(o));
    for y in &card.years {
        y.actions.iter().for_each(|a| add(&a.text));
        y.goals.iter().for_each(|g| add(&g.text));
        add(&y.note);
        add(&y.corrective_action);
    }
    card.indicators.iter().for_each(|i| add(&i.name));
    card.log.iter().for_each(|l| add(&l.text));
    out
}

// ------------------------------------------------------------- matching

/// How many actions of the card, in any year, are overdue at `today`.
pub fn overdue_count(card: &Card, today: (i32, u32)) -> usize {
    card.years
        .iter()
        .flat_map(|y| &y.actions)
        .filter(|a| a.is_overdue(today))
        .count()
}

/// Whole calendar months from `updated_at` (its own local date) to
/// `today`; None when `updated_at` cannot be read.
pub fn months_since_update(card: &Card, today: (i32, u32)) -> Option<i64> {
    let (y, m) = card.updated_at.get(..7).and_then(parse_year_month)?;
    Some((i64::from(today.0) * 12 + i64::from(today.1)) - (i64::from(y) * 12 + i64::from(m)))
}

/// Does the card pass every condition of the filter except free text?
fn matches_fields(card: &Card, f: &Filter, today: (i32, u32)) -> bool {
    if let Some(p) = &f.pillar
        && !card.pillars.contains(p)
    {
        return false;
    }
    if let Some(m) = &f.measure
        && card.measure.as_ref() != Some(m)
    {
        return false;
    }
    if let Some(c) = &f.category
        && &card.category != c
    {
        return false;
    }
    if let Some(d) = &f.department {
        let ok = if f.lead_only {
            card.lead_department() == Some(d.as_str())
        } else {
            card.departments.contains(d)
        };
        if !ok {
            return false;
        }
    }
    match (f.year, f.status) {
        (Some(year), status) => match card.year(year) {
            None => return false,
            Some(cy) if status.is_some_and(|s| s != cy.status) => return false,
            Some(_) => {}
        },
        (None, Some(status)) => {
            if !card.years.iter().any(|y| y.status == status) {
                return false;
            }
        }
        (None, None) => {}
    }
    if f.overdue_only && overdue_count(card, today) == 0 {
        return false;
    }
    if let Some(n) = f.stale_months
        && months_since_update(card, today).is_some_and(|m| m < i64::from(n))
    {
        return false;
    }
    true
}

fn words_match(haystack: &str, words: &[String]) -> bool {
    words.iter().all(|w| haystack.contains(w.as_str()))
}

/// Does the card pass the filter at `today` (year, month)?
pub fn matches(card: &Card, f: &Filter, today: (i32, u32)) -> bool {
    if !matches_fields(card, f, today) {
        return false;
    }
    let words = query_words(&f.text);
    words.is_empty() || words_match(&search_text(card), &words)
}

/// The cards passing the filter, sorted as it asks.
pub fn filter_cards<'a>(file: &'a PlanFile, f: &Filter, today: (i32, u32)) -> Vec<&'a Card> {
    let words = query_words(&f.text);
    let mut out: Vec<&Card> = file
        .cards
        .iter()
        .map(|c| &**c)
        .filter(|c| {
            matches_fields(c, f, today)
                && (words.is_empty() || words_match(&search_text(c), &words))
        })
        .collect();
    sort_cards(file, &mut out, f.sort, f.descending, today);
    out
}

/// The folded search text of every card of one file, built once and used
/// for every key stroke. Build it again when the file changes; a card whose
/// id or `updated_at` no longer agrees with the index is folded afresh, so
/// a stale index is slow, never wrong for edits that stamp `updated_at`.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    entries: Vec<IndexEntry>,
}

#[derive(Debug, Clone)]
struct IndexEntry {
    id: String,
    updated_at: String,
    text: String,
}

impl SearchIndex {
    pub fn new(file: &PlanFile) -> Self {
        SearchIndex {
            entries: file
                .cards
                .iter()
                .map(|c| IndexEntry {
                    id: c.id.clone(),
                    updated_at: c.updated_at.clone(),
                    text: search_text(c),
                })
                .collect(),
        }
    }

    /// Number of cards indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn text_of<'s>(&'s self, index: usize, card: &Card) -> Cow<'s, str> {
        match self.entries.get(index) {
            Some(e) if e.id == card.id && e.updated_at == card.updated_at => {
                Cow::Borrowed(e.text.as_str())
            }
            _ => Cow::Owned(search_text(card)),
        }
    }

    /// Same as [`filter_cards`], with the folded texts of the index.
    pub fn filter<'a>(&self, file: &'a PlanFile, f: &Filter, today: (i32, u32)) -> Vec<&'a Card> {
        let words = query_words(&f.text);
        let mut out: Vec<&Card> = file
            .cards
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                matches_fields(c, f, today)
                    && (words.is_empty() || words_match(&self.text_of(*i, c), &words))
            })
            .map(|(_, c)| &**c)
            .collect();
        sort_cards(file, &mut out, f.sort, f.descending, today);
        out
    }
}

// -------------------------------------------------------------- sorting

/// One piece of a card number for natural ordering.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Piece {
    /// A run of ASCII digits, leading zeros dropped: compared by length,
    /// then digit by digit, so any length compares by value.
    Digits(usize, String),
    Char(char),
}

/// Sort key of a card number: natural order, then the text itself so that
/// `01` and `1` still have a fixed order. A total order, as sorting needs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NumberKey {
    pieces: Vec<Piece>,
    raw: String,
}

impl NumberKey {
    pub fn new(number: &str) -> Self {
        let folded = normalize(number.trim());
        let mut pieces = Vec::new();
        let mut chars = folded.chars().peekable();
        while let Some(c) = chars.next() {
            if c.is_ascii_digit() {
                let mut digits = String::from(c);
                while let Some(d) = chars.next_if(char::is_ascii_digit) {
                    digits.push(d);
                }
                let value = digits.trim_start_matches('0').to_string();
                pieces.push(Piece::Digits(value.len(), value));
            } else {
                pieces.push(Piece::Char(c));
            }
        }
        NumberKey {
            pieces,
            raw: number.to_string(),
        }
    }
}

/// Compares two card numbers: `2` before `10`.
pub fn compare_numbers(a: &str, b: &str) -> Ordering {
    NumberKey::new(a).cmp(&NumberKey::new(b))
}

fn sort_cards(
    file: &PlanFile,
    cards: &mut [&Card],
    key: SortKey,
    descending: bool,
    today: (i32, u32),
) {
    /// Sorts by `key`, reversed when descending; ties by number, ascending.
    fn by<K: Ord>(cards: &mut [&Card], descending: bool, key: impl Fn(&Card) -> K) {
        let number = |c: &Card| NumberKey::new(&c.number);
        if descending {
            cards.sort_by_cached_key(|c| (Reverse(key(c)), number(c)));
        } else {
            cards.sort_by_cached_key(|c| (key(c), number(c)));
        }
    }
    match key {
        SortKey::Number if descending => {
            cards.sort_by_cached_key(|c| Reverse(NumberKey::new(&c.number)));
        }
        SortKey::Number => cards.sort_by_cached_key(|c| NumberKey::new(&c.number)),
        SortKey::Title => by(cards, descending, |c| c.title.clone()),
        SortKey::Department => by(cards, descending, |c| match c.lead_department() {
            None => (2, 0, String::new()),
            Some(d) => match file.plan.departments.iter().position(|p| p == d) {
                Some(i) => (0, i, String::new()),
                None => (1, 0, d.to_string()),
            },
        }),
        SortKey::Updated => by(cards, descending, |c| {
            (timestamp_seconds(&c.updated_at), c.updated_at.clone())
        }),
        SortKey::Overdue => by(cards, descending, |c| overdue_count(c, today)),
    }
}

/// Seconds since 1970-01-01T00:00:00Z of an RFC 3339 timestamp with
/// offset (fractions dropped); None when it is not one.
pub fn timestamp_seconds(s: &str) -> Option<i64> {
    crate::fiscal::timestamp_instant(s).map(|(secs, _)| secs)
}

// ------------------------------------------------------------ URL query

/// The filter as a URL hash query, e.g.
/// `pillar=office&year=2025&status=delayed&q=%E9%9B%BB%E5%AD%90`: only the
/// fields that differ from the default, always in the same order, values
/// percent-encoded UTF-8 (everything but `A–Z a–z 0–9 - . _ ~`).
pub fn to_query(f: &Filter) -> String {
    let mut parts: Vec<(&str, Cow<'_, str>)> = Vec::new();
    for (key, v) in [
        ("pillar", &f.pillar),
        ("measure", &f.measure),
        ("category", &f.category),
        ("dept", &f.department),
    ] {
        if let Some(v) = v {
            parts.push((key, Cow::Borrowed(v.as_str())));
        }
    }
    if f.lead_only {
        parts.push(("lead", "1".into()));
    }
    if let Some(y) = f.year {
        parts.push(("year", y.to_string().into()));
    }
    if let Some(s) = f.status {
        parts.push(("status", s.as_str().into()));
    }
    if f.overdue_only {
        parts.push(("overdue", "1".into()));
    }
    if let Some(n) = f.stale_months {
        parts.push(("stale", n.to_string().into()));
    }
    if !f.text.is_empty() {
        parts.push(("q", f.text.as_str().into()));
    }
    if f.sort != SortKey::Number {
        parts.push(("sort", f.sort.as_str().into()));
    }
    if f.descending {
        parts.push(("desc", "1".into()));
    }
    let mut out = String::new();
    for (i, (k, v)) in parts.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(&percent_encode(v));
    }
    out
}

/// Reads a filter back from [`to_query`]'s form. A leading `?` or `#` is
/// skipped; `+` reads as a space; unknown keys, values that do not parse
/// and malformed UTF-8 are ignored; of a key given twice the last counts.
/// A flag given without a value (`overdue`) counts as set.
pub fn from_query(q: &str) -> Filter {
    let q = q.strip_prefix(['#', '?']).unwrap_or(q);
    let mut f = Filter::default();
    for pair in q.split('&').filter(|p| !p.is_empty()) {
        let (key, raw) = pair
            .split_once('=')
            .map_or((pair, None), |(k, v)| (k, Some(v)));
        let Some(key) = percent_decode(key) else {
            continue;
        };
        let value = match raw {
            Some(v) => match percent_decode(v) {
                Some(v) => Some(v),
                None => continue,
            },
            None => None,
        };
        let text = || value.clone().unwrap_or_default();
        let flag = || match value.as_deref() {
            None | Some("1" | "true" | "yes" | "on") => Some(true),
            Some("0" | "false" | "no" | "off") => Some(false),
            _ => None,
        };
        match key.as_str() {
            "pillar" => f.pillar = Some(text()),
            "measure" => f.measure = Some(text()),
            "category" => f.category = Some(text()),
            "dept" => f.department = Some(text()),
            "q" => f.text = text(),
            "lead" => f.lead_only = flag().unwrap_or(f.lead_only),
            "overdue" => f.overdue_only = flag().unwrap_or(f.overdue_only),
            "desc" => f.descending = flag().unwrap_or(f.descending),
            "year" => {
                if let Some(y) = value.as_deref().and_then(|v| v.parse().ok()) {
                    f.year = Some(y);
                }
            }
            "status" => {
                if let Some(s) = value.as_deref().and_then(Status::parse) {
                    f.status = Some(s);
                }
            }
            "stale" => {
                if let Some(n) = value.as_deref().and_then(|v| v.parse().ok()) {
                    f.stale_months = Some(n);
                }
            }
            "sort" => {
                if let Some(k) = value.as_deref().and_then(SortKey::parse) {
                    f.sort = k;
                }
            }
            _ => {}
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_matches_nfkc_for_half_width_kana() {
        assert_eq!(normalize("ＲＰＡ・ＡＩ－ＯＣＲ　１２３"), "rpa・ai-ocr 123");
        assert_eq!(normalize("ｼｽﾃﾑ"), "しすてむ");
        assert_eq!(normalize("ｶﾞｲﾄﾞﾌﾞｯｸ"), "がいどぶっく");
        assert_eq!(normalize("ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ"), "ぱぶりっくこめんと");
        assert_eq!(normalize("ｳﾞｨ"), "ゔぃ");
        assert_eq!(normalize("ガイド"), "がいど");
        assert_eq!(normalize("か\u{3099}"), "が");
        assert_eq!(normalize("ﾞあ"), "゛あ");
        assert_eq!(normalize("ーヶ"), "ーゖ");
    }

    #[test]
    fn timestamps_compare_as_instants() {
        assert_eq!(timestamp_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            timestamp_seconds("2024-03-31T17:00:00+09:00"),
            timestamp_seconds("2024-03-31T08:00:00Z")
        );
        assert_eq!(timestamp_seconds("2000-03-01T00:00:00Z"), Some(951_868_800));
        assert_eq!(timestamp_seconds("2024-03-31"), None);
    }
}
