//! A problem found in a plan file: where (JSON path) and what (kind).
//! Messages for people (and `Display`) live in `messages.rs`, one
//! function per language; this module knows nothing of wording.

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Severity {
    /// The file is refused.
    Error,
    /// The file opens, but the user is told (e.g. a newer format version).
    Warning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum JsonType {
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
}

/// What a reference points at, for dangling-reference problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RefKind {
    Pillar,
    Vision,
    Measure,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ProblemKind {
    NotUtf8,
    Syntax {
        line: usize,
        column: usize,
    },
    Truncated,
    TrailingText,
    TooDeep {
        max: usize,
    },
    StringTooLong {
        max: usize,
    },
    DuplicateKey(String),
    NumberOutOfRange,
    Missing,
    WrongType(JsonType),
    NotOneOf(#[serde(deserialize_with = "crate::validate::known_names")] &'static [&'static str]),
    Empty,
    WrongFormat,
    OlderVersion,
    NewerVersion(i64),
    DuplicateId(String),
    DuplicateYear(i32),
    UnknownRef(RefKind, String),
    MeasureNotInHomePillar(String),
    YearOutOfRange {
        min: i32,
        max: i32,
    },
    YearOutsidePlan {
        start: i32,
        end: i32,
    },
    StartAfterEnd,
    BadYearMonth,
    DueOutsideYear(i32),
    BadDate,
    BadTimestamp,
    TotalNotPositive,
    NegativeCount,
    /// The plan would not load back as it is (only the gate reports it:
    /// e.g. an unknown field named like a known one).
    ChangesWhenSaved,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// `cards[3].years[0].status`; empty for the file as a whole.
    pub path: String,
    pub kind: ProblemKind,
    pub severity: Severity,
}

impl Problem {
    pub fn error(path: impl Into<String>, kind: ProblemKind) -> Self {
        Problem {
            path: path.into(),
            kind,
            severity: Severity::Error,
        }
    }

    pub fn warning(path: impl Into<String>, kind: ProblemKind) -> Self {
        Problem {
            path: path.into(),
            kind,
            severity: Severity::Warning,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Builds JSON paths: `cards[3].years[0].status`.
pub fn key_path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

pub fn index_path(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}
