//! Reading a workbook: the app's own (plan inside) or any other (cells to
//! map).

use std::io::Cursor;

use calamine::{Data, Reader, SheetVisible, Xlsx};
use plan_core::Loaded;

use crate::cells::{Cell, ReadError, Sheet, Workbook, WorkbookPreview, civil_from_serial};
use crate::{PLAN_MARKER, PLAN_SHEET};

/// What a workbook gave.
#[derive(Debug)]
pub enum Imported {
    /// A workbook written by the app: the plan inside, as the loader read
    /// it (errors and warnings included, exactly as for a JSON file).
    Embedded(Box<Loaded>),
    /// Any other workbook: its sheets, to map columns to fields.
    NeedsMapping(WorkbookPreview),
    Error(ReadError),
}

/// Reads a workbook, and the plan inside the app's own through the loader.
pub fn import(bytes: &[u8]) -> Imported {
    match read(bytes) {
        Ok(Workbook::Plan(text)) => Imported::Embedded(Box::new(plan_core::load_str(&text))),
        Ok(Workbook::Cells(preview)) => Imported::NeedsMapping(preview),
        Err(e) => Imported::Error(e),
    }
}

/// Reads a workbook: the plan file's text inside the app's own (not yet
/// loaded), or the cells of any other.
pub fn read(bytes: &[u8]) -> Result<Workbook, ReadError> {
    let mut wb: Xlsx<_> = match Xlsx::new(Cursor::new(bytes)) {
        Ok(wb) => wb,
        Err(e) => return Err(ReadError::NotXlsx(e.to_string())),
    };
    let metas = wb.sheets_metadata().to_vec();
    if metas.iter().any(|m| m.name == PLAN_SHEET) {
        return embedded_plan(&mut wb)
            .map(Workbook::Plan)
            .ok_or(ReadError::DamagedPlan);
    }
    let mut sheets = Vec::new();
    for meta in metas {
        if meta.visible != SheetVisible::Visible {
            continue;
        }
        let Ok(range) = wb.worksheet_range(&meta.name) else {
            continue;
        };
        let merged = wb.merge_cells_by_sheet_name(&meta.name).unwrap_or_default();
        let mut sheet = Sheet {
            name: meta.name.clone(),
            rows: Vec::new(),
            merged: merged.iter().map(|d| (d.start, d.end)).collect(),
        };
        if let (Some(start), Some(end)) = (range.start(), range.end()) {
            let height = end.0 as usize + 1;
            let width = end.1 as usize + 1;
            sheet.rows = vec![vec![Cell::Empty; width]; height];
            for (r, c, v) in range.used_cells() {
                let (ar, ac) = (r + start.0 as usize, c + start.1 as usize);
                sheet.rows[ar][ac] = cell_of(v);
            }
        }
        fill_merged(&mut sheet);
        if !sheet.rows.is_empty() {
            sheets.push(sheet);
        }
    }
    if sheets.is_empty() {
        Err(ReadError::Empty)
    } else {
        Ok(Workbook::Cells(WorkbookPreview { sheets }))
    }
}

/// The JSON text in the plan sheet, or None when it is incomplete.
fn embedded_plan<R: std::io::Read + std::io::Seek>(wb: &mut Xlsx<R>) -> Option<String> {
    let range = wb.worksheet_range(PLAN_SHEET).ok()?;
    let text = |r: u32| match range.get_value((r, 0)) {
        Some(Data::String(s)) => Some(s.clone()),
        _ => None,
    };
    if text(0)? != PLAN_MARKER {
        return None;
    }
    let count = match range.get_value((1, 0))? {
        Data::Float(f) => *f as u32,
        Data::Int(i) => u32::try_from(*i).ok()?,
        _ => return None,
    };
    let mut json = String::new();
    for i in 0..count {
        json.push_str(&text(i + 2)?);
    }
    Some(json)
}

fn cell_of(v: &Data) -> Cell {
    match v {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => {
            let (y, m, d) = civil_from_serial(dt.as_f64());
            Cell::Date(y, m, d)
        }
        Data::DateTimeIso(s) => match plan_core::fiscal::parse_date(s.get(..10).unwrap_or(s)) {
            Some((y, m, d)) => Cell::Date(y, m, d),
            None => Cell::Text(s.clone()),
        },
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Every cell of a merged area takes the value of its top-left cell, so a
/// header merged over three columns names all three, and a title merged
/// over several rows belongs to each of them.
fn fill_merged(sheet: &mut Sheet) {
    for &((r0, c0), (r1, c1)) in &sheet.merged {
        let (r0, c0, r1, c1) = (r0 as usize, c0 as usize, r1 as usize, c1 as usize);
        let Some(v) = sheet.rows.get(r0).and_then(|r| r.get(c0)).cloned() else {
            continue;
        };
        for r in r0..=r1.min(sheet.rows.len().saturating_sub(1)) {
            let row = &mut sheet.rows[r];
            for c in c0..=c1.min(row.len().saturating_sub(1)) {
                if (r, c) != (r0, c0) {
                    row[c] = v.clone();
                }
            }
        }
    }
}
