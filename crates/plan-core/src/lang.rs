//! The language of what plan-core writes for people (the report, CSV
//! headers): Japanese by default, English when the app is switched to it.

use crate::fiscal::{era_fiscal_year, western_fiscal_year};
use crate::model::Status;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// `ja` / `en` (any case); anything else is Japanese, the default.
    pub fn parse(s: &str) -> Lang {
        if s.trim().eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Ja
        }
    }

    /// The BCP 47 tag: `ja`, `en` (for `<html lang>`).
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// `令和6年度` / `FY2024`.
    pub fn fiscal_year(self, year: i32) -> String {
        match self {
            Lang::Ja => era_fiscal_year(year),
            Lang::En => western_fiscal_year(year),
        }
    }

    /// The status as the progress reports print it: `進行中` / `On track`.
    pub fn status_name(self, status: Status) -> &'static str {
        match self {
            Lang::Ja => match status {
                Status::NotStarted => "未着手",
                Status::OnTrack => "進行中",
                Status::Delayed => "遅れ",
                Status::Missed => "未達成",
                Status::Achieved => "達成",
                Status::Withdrawn => "取り下げ",
            },
            Lang::En => match status {
                Status::NotStarted => "Not started",
                Status::OnTrack => "On track",
                Status::Delayed => "Delayed",
                Status::Missed => "Missed",
                Status::Achieved => "Achieved",
                Status::Withdrawn => "Withdrawn",
            },
        }
    }
}
