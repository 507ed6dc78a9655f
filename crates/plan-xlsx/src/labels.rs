//! Sheet names and column headers of the exported workbook, in Japanese (the
//! default: the workbooks go to city halls) or English.

use plan_core::Status;
use plan_core::export::status_name_ja;
use plan_core::fiscal::{era_fiscal_year, western_fiscal_year};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    /// `ja` / `en`; anything else is Japanese.
    pub fn parse(s: &str) -> Lang {
        if s.eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Ja
        }
    }

    pub(crate) fn pick(self, ja: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    pub(crate) fn fiscal_year(self, year: i32) -> String {
        match self {
            Lang::Ja => era_fiscal_year(year),
            Lang::En => western_fiscal_year(year),
        }
    }

    pub(crate) fn status_name(self, status: Status) -> &'static str {
        match self {
            Lang::Ja => status_name_ja(status),
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

    /// `○ 進行中`.
    pub(crate) fn status_label(self, status: Status) -> String {
        format!("{} {}", status.symbol(), self.status_name(status))
    }

    pub(crate) fn sheet_progress(self) -> &'static str {
        self.pick("進捗状況表", "Progress")
    }
    pub(crate) fn sheet_actions(self) -> &'static str {
        self.pick("取組事項", "Actions")
    }
    pub(crate) fn sheet_goals(self) -> &'static str {
        self.pick("年次目標", "Goals")
    }
    pub(crate) fn sheet_indicators(self) -> &'static str {
        self.pick("評価指標", "Indicators")
    }
}
