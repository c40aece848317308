//! Workbooks through calamine: xlsx/xlsm, xlsb, xls (and WPS .et), ods.
//!
//! Three calamine habits shape this module:
//! - it allocates the whole rectangle from the first to the last used cell, so one stray cell
//!   at XFD1048576 can ask for gigabytes: xlsx sheets are streamed cell by cell instead, and
//!   only rows holding values are kept (columns beyond [`MAX_COLUMNS`] are counted, not kept);
//! - it reports merged regions for xlsx and xls, not for ods or xlsb (`merges_known`);
//! - its errors name neither file nor sheet: the caller adds them.

use std::collections::BTreeMap;
use std::io::{Read, Seek};

use calamine::{Data, DataRef, Dimensions, Ods, Reader, SheetVisible, Xls, Xlsb, Xlsx};
use chrono::{NaiveDate, NaiveDateTime};

use crate::table::{Merge, RawRow, RawSheet, Value};

/// Columns beyond this one are never data on a school form; cells there are dropped and
/// reported (a stray keystroke at XFD1 must not cost memory).
pub const MAX_COLUMNS: u32 = 512;
/// Rows beyond this one are dropped and reported for the same reason.
pub const MAX_ROWS: u32 = 200_000;

/// A sheet as read, plus what had to be dropped to keep it bounded.
#[derive(Debug)]
pub struct ReadSheet {
    /// The sheet.
    pub sheet: RawSheet,
    /// Non-empty cells outside the bounds, and the first of them (0-based row, col).
    pub dropped: Option<(usize, (u32, u32))>,
}

/// Which calamine reader to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// .xlsx / .xlsm
    Xlsx,
    /// .xlsb
    Xlsb,
    /// .xls / .et
    Xls,
    /// .ods
    Ods,
}

/// Reads every sheet of a workbook.
///
/// # Errors
/// A Chinese message saying why the workbook cannot be read (corrupt, encrypted…).
pub fn read_workbook<RS: Read + Seek>(
    reader: RS,
    flavor: Flavor,
    file: &str,
) -> Result<Vec<ReadSheet>, String> {
    match flavor {
        Flavor::Xlsx => {
            let mut wb = Xlsx::new(reader).map_err(|e| describe(&e.to_string()))?;
            read_xlsx(&mut wb, file)
        }
        Flavor::Xls => {
            let mut wb = Xls::new(reader).map_err(|e| describe(&e.to_string()))?;
            let date1904 = wb.has_1904_epoch();
            // xls reports merged regions; they are read per sheet before its cells.
            let merges = |wb: &mut Xls<RS>, name: &str| wb.merge_cells_by_sheet_name(name).ok();
            read_ranges(&mut wb, file, date1904, merges)
        }
        Flavor::Ods => {
            let mut wb: Ods<RS> = Ods::new(reader).map_err(|e| describe(&e.to_string()))?;
            read_ranges(&mut wb, file, false, |_, _| None)
        }
        Flavor::Xlsb => {
            let mut wb = Xlsb::new(reader).map_err(|e| describe(&e.to_string()))?;
            read_ranges(&mut wb, file, false, |_, _| None)
        }
    }
}

/// Reads every sheet of a workbook through calamine's whole-sheet `Range` (xls, ods, xlsb);
/// `merges` gives a sheet's merged regions, `None` when the format does not report them.
fn read_ranges<RS: Read + Seek, R: Reader<RS>>(
    wb: &mut R,
    file: &str,
    date1904: bool,
    merges: impl Fn(&mut R, &str) -> Option<Vec<Dimensions>>,
) -> Result<Vec<ReadSheet>, String>
where
    R::Error: std::fmt::Display,
{
    let metas = wb.sheets_metadata().to_vec();
    let mut out = Vec::new();
    for meta in metas {
        let range = wb
            .worksheet_range(&meta.name)
            .map_err(|e| sheet_err(&meta.name, &e))?;
        let regions = merges(wb, &meta.name);
        let known = regions.is_some();
        let regions = regions.unwrap_or_default();
        out.push(from_range(
            file,
            &meta.name,
            &range,
            &regions,
            known,
            date1904,
            meta.visible,
        ));
    }
    Ok(out)
}

fn sheet_err(sheet: &str, e: &dyn std::fmt::Display) -> String {
    format!("工作表“{sheet}”无法读取：{}", describe(&e.to_string()))
}

/// Turns calamine's English error text into a message a school office can act on.
fn describe(err: &str) -> String {
    let lower = err.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        "文件设置了打开密码：请去掉密码后另存，再放入收集文件夹".into()
    } else if [
        "zip",
        "eof",
        "end of",
        "deflate",
        "checksum",
        "corrupt",
        "cfb",
        "sector",
        "larger than",
        "not found",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        format!("文件已损坏或不完整（{err}）：请让提交人重新发送原文件")
    } else {
        format!("文件无法读取（{err}）：请用 Excel 或 WPS 打开后另存为 .xlsx 再试")
    }
}

fn read_xlsx<RS: Read + Seek>(wb: &mut Xlsx<RS>, file: &str) -> Result<Vec<ReadSheet>, String> {
    let date1904 = wb.has_1904_epoch();
    let metas = wb.sheets_metadata().to_vec();
    let mut out = Vec::new();
    for meta in metas {
        // Chart sheets and dialog sheets hold no cells.
        if !matches!(meta.typ, calamine::SheetType::WorkSheet) {
            continue;
        }
        let merges = wb.merge_cells_by_sheet_name(&meta.name).unwrap_or_default();
        let mut reader = wb
            .worksheet_cells_reader(&meta.name)
            .map_err(|e| sheet_err(&meta.name, &e))?;
        let mut rows: BTreeMap<u32, Vec<(u32, Value)>> = BTreeMap::new();
        let mut dropped = None::<(usize, (u32, u32))>;
        loop {
            let cell = match reader.next_cell() {
                Ok(Some(cell)) => cell,
                Ok(None) => break,
                Err(e) => return Err(sheet_err(&meta.name, &e)),
            };
            let (row, col) = cell.get_position();
            let value = from_data_ref(cell.get_value());
            if value.is_blank() {
                continue;
            }
            if row >= MAX_ROWS || col >= MAX_COLUMNS {
                let d = dropped.get_or_insert((0, (row, col)));
                d.0 += 1;
                continue;
            }
            rows.entry(row).or_default().push((col, value));
        }
        let sheet = RawSheet {
            file: file.to_string(),
            sheet: meta.name.clone(),
            rows: rows
                .into_iter()
                .map(|(index, cells)| dense_row(index, cells))
                .collect(),
            merges: merges.iter().filter_map(to_merge).collect(),
            hidden: !matches!(meta.visible, SheetVisible::Visible),
            merges_known: true,
            date1904,
        };
        out.push(ReadSheet { sheet, dropped });
    }
    Ok(out)
}

fn dense_row(index: u32, mut cells: Vec<(u32, Value)>) -> RawRow {
    cells.sort_by_key(|(c, _)| *c);
    let width = cells.last().map(|(c, _)| *c as usize + 1).unwrap_or(0);
    let mut dense = vec![Value::Empty; width];
    for (c, v) in cells {
        dense[c as usize] = v;
    }
    RawRow {
        index,
        cells: dense,
    }
}

fn to_merge(d: &Dimensions) -> Option<Merge> {
    let m = Merge {
        first_row: d.start.0,
        first_col: d.start.1,
        last_row: d.end.0,
        last_col: d.end.1,
    };
    (m.first_row < MAX_ROWS && m.first_col < MAX_COLUMNS).then_some(m)
}

fn from_range(
    file: &str,
    name: &str,
    range: &calamine::Range<Data>,
    merges: &[Dimensions],
    merges_known: bool,
    date1904: bool,
    visible: SheetVisible,
) -> ReadSheet {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    let mut dropped = None::<(usize, (u32, u32))>;
    for (i, cells) in range.rows().enumerate() {
        let index = row0 + i as u32;
        let mut kept: Vec<(u32, Value)> = Vec::new();
        for (j, data) in cells.iter().enumerate() {
            let col = col0 + j as u32;
            let value = from_data(data);
            if value.is_blank() {
                continue;
            }
            if index >= MAX_ROWS || col >= MAX_COLUMNS {
                let d = dropped.get_or_insert((0, (index, col)));
                d.0 += 1;
                continue;
            }
            kept.push((col, value));
        }
        if !kept.is_empty() {
            rows.push(dense_row(index, kept));
        }
    }
    let sheet = RawSheet {
        file: file.to_string(),
        sheet: name.to_string(),
        rows,
        merges: merges.iter().filter_map(to_merge).collect(),
        hidden: !matches!(visible, SheetVisible::Visible),
        merges_known,
        date1904,
    };
    ReadSheet { sheet, dropped }
}

fn excel_datetime(dt: &calamine::ExcelDateTime) -> Value {
    if dt.is_duration() {
        return Value::Text(format!("{}", dt.as_f64()));
    }
    let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
    NaiveDate::from_ymd_opt(y.into(), m.into(), d.into())
        .and_then(|date| date.and_hms_opt(hh.into(), mm.into(), ss.into()))
        .map(Value::DateTime)
        .unwrap_or_else(|| Value::Number(dt.as_f64()))
}

fn iso_datetime(s: &str) -> Value {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .map(|d| d.and_time(chrono::NaiveTime::MIN))
        })
        .map(Value::DateTime)
        .unwrap_or_else(|| Value::Text(s.to_string()))
}

fn from_data(data: &Data) -> Value {
    match data {
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::Text(s.clone()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => excel_datetime(dt),
        Data::DateTimeIso(s) => iso_datetime(s),
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
        Data::Empty => Value::Empty,
    }
}

fn from_data_ref(data: &DataRef<'_>) -> Value {
    match data {
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::String(s) => Value::Text(s.clone()),
        DataRef::SharedString(s) => Value::Text((*s).to_string()),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(dt) => excel_datetime(dt),
        DataRef::DateTimeIso(s) => iso_datetime(s),
        DataRef::DurationIso(s) => Value::Text(s.clone()),
        DataRef::Error(e) => Value::Error(e.to_string()),
        DataRef::Empty => Value::Empty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{Format, Workbook};

    fn xlsx_bytes(build: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("论文获奖").unwrap();
        build(ws);
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn reads_values_dates_and_merges_from_xlsx() {
        let bytes = xlsx_bytes(|ws| {
            ws.merge_range(0, 0, 0, 2, "云溪小学论文获奖统计表", &Format::new())
                .unwrap();
            ws.write(2, 0, "姓名").unwrap();
            ws.write(3, 0, "张三").unwrap();
            ws.write(3, 1, 24).unwrap();
            let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2023, 5, 20).unwrap();
            ws.write_with_format(3, 2, &date, &Format::new().set_num_format("yyyy-mm-dd"))
                .unwrap();
        });
        let sheets = read_workbook(std::io::Cursor::new(bytes), Flavor::Xlsx, "a.xlsx").unwrap();
        let s = &sheets[0].sheet;
        assert_eq!(s.sheet, "论文获奖");
        assert_eq!(s.rows.len(), 3, "only rows with values are kept");
        assert_eq!(s.rows[1].index, 2);
        assert_eq!(s.rows[2].cells[1], Value::Number(24.0));
        assert_eq!(
            s.rows[2].cells[2].as_date(),
            NaiveDate::from_ymd_opt(2023, 5, 20)
        );
        assert_eq!(
            s.merges,
            vec![Merge {
                first_row: 0,
                first_col: 0,
                last_row: 0,
                last_col: 2
            }]
        );
        assert!(s.merges_known && !s.hidden);
    }

    #[test]
    fn a_stray_cell_far_away_is_dropped_and_counted() {
        let bytes = xlsx_bytes(|ws| {
            ws.write(0, 0, "姓名").unwrap();
            ws.write(1_048_575, 16_383, "x").unwrap();
        });
        let sheets = read_workbook(std::io::Cursor::new(bytes), Flavor::Xlsx, "a.xlsx").unwrap();
        assert_eq!(sheets[0].sheet.rows.len(), 1);
        assert_eq!(sheets[0].dropped, Some((1, (1_048_575, 16_383))));
    }

    #[test]
    fn hidden_sheets_are_marked() {
        let mut wb = Workbook::new();
        wb.add_worksheet().write(0, 0, "a").unwrap();
        let ws = wb.add_worksheet().set_name("下拉选项").unwrap();
        ws.write(0, 0, "省级").unwrap();
        ws.set_hidden(true);
        let bytes = wb.save_to_buffer().unwrap();
        let sheets = read_workbook(std::io::Cursor::new(bytes), Flavor::Xlsx, "a.xlsx").unwrap();
        assert!(!sheets[0].sheet.hidden);
        assert!(sheets[1].sheet.hidden);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let err = read_workbook(
            std::io::Cursor::new(b"PK\x03\x04broken".to_vec()),
            Flavor::Xlsx,
            "a",
        )
        .unwrap_err();
        assert!(err.contains("损坏"), "{err}");
    }
}
