//! Measuring an OpenDocument spreadsheet before calamine opens it.
//!
//! calamine reads every sheet of an .ods when the file is opened: each row's cells with their
//! `number-columns-repeated` expanded (up to 16,384 per row), then each sheet as the rectangle
//! from its first to its last value with `number-rows-repeated` expanded. A 100-byte row
//! repeating one value across 16,384 columns, or a stray value a million rows down, thus costs
//! gigabytes. This module streams `content.xml` once, counting what calamine would store, and
//! refuses the file when that passes [`MAX_GRID_CELLS`]: one clear finding instead of a run
//! that runs out of memory.

use std::io::{BufReader, Read, Seek};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::limits::MAX_GRID_CELLS;

/// calamine's caps: rows per sheet and columns per row.
const CALAMINE_MAX_ROWS: u64 = 1_048_576;
const CALAMINE_MAX_COLUMNS: u64 = 16_384;

/// What calamine would store for one sheet.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Extent {
    name: String,
    /// Cells stored while reading (row by row, repeats across expanded).
    stored: u64,
    /// Rows so far (repeats expanded, capped as calamine caps them).
    rows: u64,
    /// First and last row holding a value.
    first_row: Option<u64>,
    last_row: u64,
    /// First and last column holding a value.
    first_col: u64,
    last_col: u64,
}

impl Extent {
    /// The rectangle calamine allocates for the sheet.
    fn grid(&self) -> u64 {
        match self.first_row {
            Some(first) => (self.last_row - first + 1)
                .saturating_mul(self.last_col.saturating_sub(self.first_col) + 1),
            None => 0,
        }
    }

    fn cost(&self) -> u64 {
        self.stored.saturating_add(self.grid())
    }
}

/// Refuses an .ods whose sheets calamine would expand past the bound.
///
/// # Errors
/// A Chinese message for an `unreadable_file` finding, naming the largest sheet. A
/// `content.xml` that cannot be parsed is left for calamine to report.
pub fn check_extent<R: Read + Seek>(archive: &mut ZipArchive<R>) -> Result<(), String> {
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let sheets = measure(BufReader::new(content));
    let total: u64 = sheets.iter().map(Extent::cost).sum();
    if total <= MAX_GRID_CELLS {
        return Ok(());
    }
    let largest = sheets
        .iter()
        .max_by_key(|s| s.cost())
        .map(|s| s.name.clone())
        .unwrap_or_default();
    Err(format!(
        "表格范围过大：打开需要展开约 {} 万个单元格（工作表“{largest}”最大，上限为 {} 万个），多半是远处有误输入的单元格，或整行整列重复了内容：请在 WPS 或 LibreOffice 中删除多余的行列后另存为 .xlsx",
        total / 10_000,
        MAX_GRID_CELLS / 10_000
    ))
}

/// Streams `content.xml`, measuring each `table:table`. Stops quietly at an XML error (and
/// at the bound: the rest does not change the answer).
fn measure<R: std::io::BufRead>(reader: R) -> Vec<Extent> {
    let mut xml = Reader::from_reader(reader);
    // As calamine reads it, so that this stops no earlier than calamine does.
    let config = xml.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.trim_text(false);
    let mut buf = Vec::new();
    let mut sheets: Vec<Extent> = Vec::new();
    let mut row: Option<Row> = None;
    // The cost of the sheets before the last one.
    let mut done: u64 = 0;
    loop {
        let (event, is_start) = match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (Some(e.into_owned()), true),
            Ok(Event::Empty(e)) => (Some(e.into_owned()), false),
            Ok(Event::End(e)) => {
                if e.local_name().as_ref() == "table-row"
                    && let (Some(r), Some(sheet)) = (row.take(), sheets.last_mut())
                {
                    r.finish(sheet);
                }
                (None, false)
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => (None, false),
        };
        if let Some(e) = event {
            match e.local_name().as_ref() {
                "table" => {
                    done += sheets.last().map_or(0, Extent::cost);
                    sheets.push(Extent {
                        name: attr(&e, "name").unwrap_or_default(),
                        first_col: u64::MAX,
                        ..Extent::default()
                    });
                }
                "table-row" => {
                    let r = Row::new(repeat(&e, "number-rows-repeated"));
                    match (is_start, sheets.last_mut()) {
                        (false, Some(sheet)) => r.finish(sheet),
                        _ => row = Some(r),
                    }
                }
                "table-cell" | "covered-table-cell" => {
                    if let Some(r) = row.as_mut() {
                        let filled = is_start
                            || attr(&e, "value-type").is_some()
                            || attr(&e, "formula").is_some();
                        r.cell(repeat(&e, "number-columns-repeated"), filled);
                    }
                }
                _ => {}
            }
        }
        if done.saturating_add(sheets.last().map_or(0, Extent::cost)) > MAX_GRID_CELLS {
            break;
        }
        buf.clear();
    }
    sheets
}

/// The row being read.
#[derive(Debug)]
struct Row {
    repeats: u64,
    /// Columns so far, empty ones included.
    cols: u64,
    /// Cells calamine stores for this row: pending empties are stored only before a value.
    stored: u64,
    first_col: Option<u64>,
    last_col: u64,
}

impl Row {
    fn new(repeats: u64) -> Row {
        Row {
            repeats,
            cols: 0,
            stored: 0,
            first_col: None,
            last_col: 0,
        }
    }

    fn cell(&mut self, repeats: u64, filled: bool) {
        let repeats = repeats.min(CALAMINE_MAX_COLUMNS.saturating_sub(self.cols));
        if filled && repeats > 0 {
            self.first_col.get_or_insert(self.cols);
            self.last_col = self.cols + repeats - 1;
            self.stored = self.cols + repeats;
        }
        self.cols += repeats;
    }

    fn finish(self, sheet: &mut Extent) {
        let repeats = self
            .repeats
            .min(CALAMINE_MAX_ROWS.saturating_sub(sheet.rows));
        sheet.stored = sheet.stored.saturating_add(self.stored);
        if let Some(first_col) = self.first_col {
            sheet.first_row.get_or_insert(sheet.rows);
            sheet.last_row = sheet.rows + repeats.max(1) - 1;
            sheet.first_col = sheet.first_col.min(first_col);
            sheet.last_col = sheet.last_col.max(self.last_col);
        }
        sheet.rows += repeats;
    }
}

fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| a.value.into_owned())
}

fn repeat(e: &BytesStart<'_>, local: &str) -> u64 {
    attr(e, local)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(body: &str) -> String {
        format!(
            "<office:document-content xmlns:office=\"o\" xmlns:table=\"t\" xmlns:text=\"x\"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
        )
    }

    fn sheets(body: &str) -> Vec<Extent> {
        measure(content(body).as_bytes())
    }

    #[test]
    fn an_ordinary_sheet_costs_what_it_holds() {
        let s = sheets(
            "<table:table table:name=\"论文\">\
             <table:table-row><table:table-cell office:value-type=\"string\"><text:p>姓名</text:p></table:table-cell><table:table-cell table:number-columns-repeated=\"3\"/><table:table-cell office:value-type=\"float\" office:value=\"2\"/></table:table-row>\
             <table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>\
             </table:table>",
        );
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].name, "论文");
        assert_eq!(s[0].stored, 5, "empties are stored only before a value");
        assert_eq!(s[0].grid(), 5, "trailing empty rows cost nothing");
    }

    #[test]
    fn a_value_repeated_across_every_column_is_measured() {
        let row = "<table:table-row><table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"100000\"/></table:table-row>";
        let two = sheets(&format!(
            "<table:table table:name=\"x\">{}</table:table>",
            row.repeat(2)
        ));
        assert_eq!(
            two[0].stored,
            2 * CALAMINE_MAX_COLUMNS,
            "capped as calamine caps it"
        );
        let many = sheets(&format!(
            "<table:table table:name=\"x\">{}</table:table>",
            row.repeat(200)
        ));
        assert!(
            many[0].cost() > MAX_GRID_CELLS,
            "measuring stops past the bound"
        );
    }

    #[test]
    fn a_stray_value_far_down_spans_the_rows_between() {
        let s = sheets(
            "<table:table table:name=\"x\">\
             <table:table-row><table:table-cell office:value-type=\"string\"><text:p>a</text:p></table:table-cell></table:table-row>\
             <table:table-row table:number-rows-repeated=\"999998\"><table:table-cell/></table:table-row>\
             <table:table-row><table:table-cell table:number-columns-repeated=\"9\"/><table:table-cell office:value-type=\"string\"><text:p>b</text:p></table:table-cell></table:table-row>\
             </table:table>",
        );
        assert_eq!(s[0].grid(), 1_000_000 * 10);
    }
}
