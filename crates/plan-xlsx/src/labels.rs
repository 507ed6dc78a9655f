//! Sheet names and column headers of the exported workbook, in Japanese (the
//! default: the workbooks go to city halls) or English. The language is
//! plan-core's `Lang`, the one the app and the report use; the words that
//! only a workbook needs are here.

#[cfg(feature = "write")]
use plan_core::Status;

pub use plan_core::Lang;

/// The workbook's own words, in a language.
#[cfg(feature = "write")]
pub(crate) trait Words: Copy {
    fn pick(self, ja: &'static str, en: &'static str) -> &'static str;

    /// `○ 進行中`.
    fn status_label(self, status: Status) -> String;

    fn sheet_progress(self) -> &'static str {
        self.pick("進捗状況表", "Progress")
    }
    fn sheet_actions(self) -> &'static str {
        self.pick("取組事項", "Actions")
    }
    fn sheet_goals(self) -> &'static str {
        self.pick("年次目標", "Goals")
    }
    fn sheet_indicators(self) -> &'static str {
        self.pick("評価指標", "Indicators")
    }
}

#[cfg(feature = "write")]
impl Words for Lang {
    fn pick(self, ja: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    fn status_label(self, status: Status) -> String {
        format!("{} {}", status.symbol(), self.status_name(status))
    }
}
