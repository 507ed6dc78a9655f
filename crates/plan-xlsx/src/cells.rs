//! What a workbook's cells hold, as plain values: read by `read` (calamine)
//! in the worker, mapped to cards by `mapping` in the page, and sent from
//! one to the other (hence serde).

use serde::{Deserialize, Serialize};

/// What reading a workbook gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Workbook {
    /// A workbook written by the app: the plan file's text inside it, for
    /// the loader to read like any plan file.
    Plan(String),
    /// Any other workbook: its sheets, to map columns to fields.
    Cells(WorkbookPreview),
}

#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum ReadError {
    /// Not a zip / not an xlsx, or a damaged one.
    #[error("not a readable .xlsx workbook: {0}")]
    NotXlsx(String),
    /// The app's plan sheet is there but incomplete.
    #[error("the plan inside the workbook is incomplete")]
    DamagedPlan,
    #[error("the workbook has no sheets with cells")]
    Empty,
}

/// One cell's value, as a workbook holds it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    /// A date cell: (year, month, day).
    Date(i32, u32, u32),
    Bool(bool),
    /// `#N/A` and the like.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as it would be shown (dates as `2024/09/30`).
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    format!("{n}")
                }
            }
            Cell::Date(y, m, d) => format!("{y:04}/{m:02}/{d:02}"),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// One worksheet: its cells from A1 (rows of equal length), merged cells
/// already filled with the value of their top-left cell.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
    /// Merged areas as ((row, col), (row, col)), 0-based, inclusive.
    pub merged: Vec<((u32, u32), (u32, u32))>,
}

impl Sheet {
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// `進捗!D12` for row 11, column 3 (0-based).
    pub fn address(&self, row: usize, col: usize) -> String {
        format!("{}!{}{}", self.name, column_letters(col), row + 1)
    }

    /// The first `n` rows as shown, for the preview: a merged area's value
    /// once, in its top-left cell, as the workbook shows it.
    pub fn first_rows(&self, n: usize) -> Vec<Vec<String>> {
        let hidden = |r: usize, c: usize| {
            self.merged.iter().any(|&((r0, c0), (r1, c1))| {
                let (r, c) = (r as u32, c as u32);
                (r0..=r1).contains(&r) && (c0..=c1).contains(&c) && (r, c) != (r0, c0)
            })
        };
        self.rows
            .iter()
            .take(n)
            .enumerate()
            .map(|(ri, row)| {
                row.iter()
                    .enumerate()
                    .map(|(ci, cell)| {
                        if hidden(ri, ci) {
                            String::new()
                        } else {
                            cell.display()
                        }
                    })
                    .collect()
            })
            .collect()
    }
}

/// `A`, `Z`, `AA` … for 0, 25, 26 ….
pub fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The visible sheets of a workbook that is not the app's own.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WorkbookPreview {
    pub sheets: Vec<Sheet>,
}

impl WorkbookPreview {
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

/// A date cell from an Excel serial day number.
pub(crate) fn cell_from_serial(serial: f64) -> Cell {
    let (y, m, d) = civil_from_serial(serial);
    Cell::Date(y, m, d)
}

/// The date of an Excel serial day number (1900 system; serial 60 is
/// Excel's nonexistent 1900-02-29, read as 1900-03-01).
pub(crate) fn civil_from_serial(serial: f64) -> (i32, u32, u32) {
    let days = serial.floor() as i64;
    // 1899-12-30 is serial 0 for every day after the false leap day.
    let days = if days < 61 { days + 1 } else { days };
    // Serial 25,569 is 1970-01-01, the day count plan-core starts from.
    let (y, m, d) = plan_core::fiscal::civil_from_days(days - 25_569);
    (y as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_days() {
        assert_eq!(civil_from_serial(45_566.0), (2024, 10, 1));
        assert_eq!(civil_from_serial(1.0), (1900, 1, 1));
        assert_eq!(civil_from_serial(61.0), (1900, 3, 1));
        assert_eq!(civil_from_serial(25_569.0), (1970, 1, 1));
    }

    #[test]
    fn columns() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
