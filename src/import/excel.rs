//! Workbooks through calamine: xlsx/xlsm, xlsb, xls (and WPS .et), ods.
//!
//! Three calamine habits shape this module:
//! - it allocates the whole rectangle from the first to the last used cell, so one stray cell
//!   at XFD1048576 can ask for gigabytes: xlsx and xlsb sheets are streamed cell by cell
//!   instead, into a [`CellSink`] that keeps them within the file's [`Bounds`]; xls and ods,
//!   which calamine materializes when the file is opened, are measured before they are opened
//!   ([`super::compound`], [`super::ods`]);
//! - it reports merged regions for xlsx and xls, not for ods or xlsb (`merges_known`);
//! - its errors name neither file nor sheet: the caller adds them.
//!
//! A sheet that is not a grid (chart, dialog or macro sheet) is skipped with an `unknown_sheet`
//! note; a sheet that cannot be read is reported on its own and the others are read.

use std::io::{Read, Seek};

use calamine::{Data, DataRef, Dimensions, Ods, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx};
use chrono::{NaiveDate, NaiveDateTime};

use super::limits::{Bounds, CellSink, Dropped, MAX_COLUMNS, MAX_ROWS};
use crate::finding::{Code, Finding, Severity};
use crate::table::{Merge, RawSheet, Value};

/// A sheet as read, plus what had to be dropped to keep it bounded.
#[derive(Debug)]
pub struct ReadSheet {
    /// The sheet.
    pub sheet: RawSheet,
    /// Non-empty cells outside the bounds.
    pub dropped: Option<Dropped>,
}

/// The sheets of a file, and what was noticed about the sheets that were not read.
#[derive(Debug, Default)]
pub struct Book {
    /// The grid sheets read.
    pub sheets: Vec<ReadSheet>,
    /// Sheets skipped (charts, macro sheets) or unreadable on their own.
    pub findings: Vec<Finding>,
}

impl Book {
    /// The sheets alone (what was dropped or skipped is forgotten).
    pub fn into_sheets(self) -> Vec<RawSheet> {
        self.sheets.into_iter().map(|s| s.sheet).collect()
    }
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

impl Flavor {
    /// How the format is called in the import table.
    pub fn label(self) -> &'static str {
        match self {
            Flavor::Xlsx => "xlsx",
            Flavor::Xlsb => "xlsb",
            Flavor::Xls => "xls",
            Flavor::Ods => "ods",
        }
    }
}

/// Reads every grid sheet of a workbook.
///
/// # Errors
/// A Chinese message saying why the workbook cannot be read (corrupt, encrypted…), also
/// when it has sheets and none of them could be read.
pub fn read_workbook<RS: Read + Seek>(
    reader: RS,
    flavor: Flavor,
    file: &str,
) -> Result<Book, String> {
    let mut bounds = Bounds::default();
    let book = match flavor {
        Flavor::Xlsx => {
            let mut wb = Xlsx::new(reader).map_err(|e| describe(&e.to_string()))?;
            let date1904 = wb.has_1904_epoch();
            read_sheets(&mut wb, file, |wb, name| {
                let merges = wb.merge_cells_by_sheet_name(name).unwrap_or_default();
                let mut cells = wb.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
                let mut sink = CellSink::new(&mut bounds);
                while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
                    let (row, col) = cell.get_position();
                    sink.push(row, col, from_data_ref(cell.get_value()));
                }
                Ok(grid(file, name, sink, &merges, true, date1904))
            })?
        }
        Flavor::Xlsb => {
            let mut wb = Xlsb::new(reader).map_err(|e| describe(&e.to_string()))?;
            let date1904 = wb.has_1904_epoch();
            read_sheets(&mut wb, file, |wb, name| {
                let mut cells = wb.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
                let mut sink = CellSink::new(&mut bounds);
                while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
                    let (row, col) = cell.get_position();
                    sink.push(row, col, from_data_ref(cell.get_value()));
                }
                Ok(grid(file, name, sink, &[], false, date1904))
            })?
        }
        Flavor::Xls => {
            let mut wb = Xls::new(reader).map_err(|e| describe(&e.to_string()))?;
            let date1904 = wb.has_1904_epoch();
            read_sheets(&mut wb, file, |wb, name| {
                let merges = wb.merge_cells_by_sheet_name(name).unwrap_or_default();
                let range = wb.worksheet_range(name).map_err(|e| e.to_string())?;
                let sink = range_cells(&range, &mut bounds);
                Ok(grid(file, name, sink, &merges, true, date1904))
            })?
        }
        Flavor::Ods => {
            let mut wb: Ods<RS> = Ods::new(reader).map_err(|e| describe(&e.to_string()))?;
            read_sheets(&mut wb, file, |wb, name| {
                let range = wb.worksheet_range(name).map_err(|e| e.to_string())?;
                let sink = range_cells(&range, &mut bounds);
                Ok(grid(file, name, sink, &[], false, false))
            })?
        }
    };
    Ok(book)
}

/// Reads the grid sheets of a workbook with `read` (sheet name → sheet), noting the sheets
/// that are no grid and those that fail on their own.
fn read_sheets<RS, R, F>(wb: &mut R, file: &str, mut read: F) -> Result<Book, String>
where
    RS: Read + Seek,
    R: Reader<RS>,
    F: FnMut(&mut R, &str) -> Result<ReadSheet, String>,
{
    let metas = wb.sheets_metadata().to_vec();
    let mut book = Book::default();
    let mut first_error = None;
    for meta in metas {
        if let Some(what) = not_a_grid(meta.typ) {
            book.findings.push(Finding::sheet(
                Code::UnknownSheet,
                Severity::Info,
                file,
                &meta.name,
                format!("这是{what}，没有数据单元格，已跳过"),
            ));
            continue;
        }
        match read(wb, &meta.name) {
            Ok(mut sheet) => {
                sheet.sheet.hidden = !matches!(meta.visible, SheetVisible::Visible);
                book.sheets.push(sheet);
            }
            Err(e) => {
                let reason = describe(&e);
                first_error.get_or_insert_with(|| sheet_err(&meta.name, &reason));
                book.findings.push(Finding::sheet(
                    Code::UnreadableFile,
                    Severity::Error,
                    file,
                    &meta.name,
                    format!("工作表无法读取：{reason}；其余工作表照常读取"),
                ));
            }
        }
    }
    match first_error {
        // Every grid sheet failed: the file as a whole is unreadable, said once.
        Some(e) if book.sheets.is_empty() => Err(e),
        _ => Ok(book),
    }
}

/// What a sheet that holds no cells is called, `None` for a worksheet.
fn not_a_grid(typ: SheetType) -> Option<&'static str> {
    match typ {
        SheetType::WorkSheet => None,
        SheetType::ChartSheet => Some("图表工作表"),
        SheetType::DialogSheet => Some("对话框工作表"),
        SheetType::MacroSheet => Some("宏表"),
        SheetType::Vba => Some("VBA 模块"),
    }
}

fn sheet_err(sheet: &str, reason: &str) -> String {
    format!("工作表“{sheet}”无法读取：{reason}")
}

/// Turns calamine's English error text into a message a school office can act on.
pub(crate) fn describe(err: &str) -> String {
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

/// The non-empty cells of a materialized calamine range, within the bounds.
fn range_cells<'b>(range: &calamine::Range<Data>, bounds: &'b mut Bounds) -> CellSink<'b> {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut sink = CellSink::new(bounds);
    for (i, cells) in range.rows().enumerate() {
        for (j, data) in cells.iter().enumerate() {
            if !matches!(data, Data::Empty) {
                sink.push(row0 + i as u32, col0 + j as u32, from_data(data));
            }
        }
    }
    sink
}

/// A sheet from its collected cells and merged regions.
fn grid(
    file: &str,
    name: &str,
    sink: CellSink<'_>,
    merges: &[Dimensions],
    merges_known: bool,
    date1904: bool,
) -> ReadSheet {
    let (rows, dropped) = sink.finish();
    let sheet = RawSheet {
        file: file.to_string(),
        sheet: name.to_string(),
        rows,
        merges: merges.iter().filter_map(to_merge).collect(),
        hidden: false,
        merges_known,
        date1904,
    };
    ReadSheet { sheet, dropped }
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
        let sheets = read_workbook(std::io::Cursor::new(bytes), Flavor::Xlsx, "a.xlsx")
            .unwrap()
            .sheets;
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
        let sheets = read_workbook(std::io::Cursor::new(bytes), Flavor::Xlsx, "a.xlsx")
            .unwrap()
            .sheets;
        assert_eq!(sheets[0].sheet.rows.len(), 1);
        assert_eq!(
            sheets[0].dropped,
            Some(Dropped {
                count: 1,
                first: (1_048_575, 16_383)
            })
        );
    }

    #[test]
    fn hidden_sheets_are_marked() {
        let mut wb = Workbook::new();
        wb.add_worksheet().write(0, 0, "a").unwrap();
        let ws = wb.add_worksheet().set_name("下拉选项").unwrap();
        ws.write(0, 0, "省级").unwrap();
        ws.set_hidden(true);
        let bytes = wb.save_to_buffer().unwrap();
        let sheets = read_workbook(std::io::Cursor::new(bytes), Flavor::Xlsx, "a.xlsx")
            .unwrap()
            .sheets;
        assert!(!sheets[0].sheet.hidden);
        assert!(sheets[1].sheet.hidden);
    }

    #[test]
    fn chart_sheets_are_noted_and_the_data_sheets_read() {
        let mut wb = Workbook::new();
        wb.add_worksheet()
            .set_name("数据")
            .unwrap()
            .write(0, 0, 1)
            .unwrap();
        let mut chart = rust_xlsxwriter::Chart::new_column();
        chart.add_series().set_values("数据!$A$1:$A$1");
        wb.add_chartsheet()
            .set_name("图表")
            .unwrap()
            .insert_chart(0, 0, &chart)
            .unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let book = read_workbook(std::io::Cursor::new(bytes), Flavor::Xlsx, "a.xlsx").unwrap();
        assert_eq!(book.sheets.len(), 1);
        assert_eq!(book.sheets[0].sheet.sheet, "数据");
        let note = &book.findings[0];
        assert_eq!(
            (note.code, note.severity),
            (Code::UnknownSheet, Severity::Info)
        );
        assert!(
            note.sheet == "图表" && note.message.contains("图表工作表"),
            "{note:?}"
        );
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
