//! 数据汇总.xlsx: every normalized record, one formatted sheet per kind, for people.

use polars::prelude::*;
use rust_xlsxwriter::{Workbook, XlsxError};

use super::labels::{column_label, sheet_name};
use super::workbook::{Cell, Letterhead, WidthMeter, write_streamed};
use crate::normalize::frames::Frames;
use crate::vocab::Kind;

/// The file name of the workbook.
pub const FILE_NAME: &str = "数据汇总.xlsx";

/// Columns left out of the people's workbook (machine-oriented detail).
const HIDDEN: &[&str] = &["date_precision", "authors_truncated"];

/// Builds 数据汇总.xlsx in memory.
///
/// # Errors
/// rust_xlsxwriter or polars errors (internal).
pub fn summary_workbook(
    frames: &Frames,
    head: &Letterhead,
) -> Result<Vec<u8>, super::jobs::JobError> {
    summary_book(frames, head)?
        .save_to_buffer()
        .map_err(|e: XlsxError| Box::new(e) as super::jobs::JobError)
}

/// Lays out 数据汇总.xlsx, its sheets streamed to temporary files, ready to be saved
/// ([`Workbook::save_to_writer`] straight into the output file).
///
/// # Errors
/// rust_xlsxwriter or polars errors (internal).
pub fn summary_book(frames: &Frames, head: &Letterhead) -> Result<Workbook, super::jobs::JobError> {
    let styles = head.styles();
    let title = format!("{}数据汇总", head.school);
    let mut wb = head.workbook(&title);
    for kind in Kind::ALL {
        let df = frames.get(kind);
        let columns: Vec<&Column> = df
            .columns()
            .iter()
            .filter(|c| !HIDDEN.contains(&c.name().as_str()))
            .collect();
        let mut headers = vec!["序号".to_string()];
        headers.extend(
            columns
                .iter()
                .map(|c| column_label(kind, c.name()).to_string()),
        );
        // Two passes over the frame (widths, then rows) so that no second copy of a
        // district's records is held in memory.
        let mut meter = WidthMeter::new(&headers);
        for i in 0..df.height() {
            meter.feed(0, &(i + 1).to_string());
            for (c, col) in columns.iter().enumerate() {
                meter.feed(c + 1, &Cell::of(&col.get(i)?).shown());
            }
        }
        let title = format!(
            "{}{}（共 {} 条）",
            head.school,
            sheet_name(kind),
            df.height()
        );
        // Rows are written in order: constant-memory mode streams them to a temporary file
        // instead of holding every cell.
        let ws = wb
            .add_worksheet_with_constant_memory()?
            .set_name(sheet_name(kind))?;
        let mut error = None;
        let rows = (0..df.height()).map_while(|i| {
            let mut row = Vec::with_capacity(columns.len() + 1);
            row.push(Cell::Number((i + 1) as f64));
            for col in &columns {
                match col.get(i) {
                    Ok(v) => row.push(Cell::of(&v)),
                    Err(e) => {
                        error = Some(e);
                        return None;
                    }
                }
            }
            Some(row)
        });
        write_streamed(ws, &styles, head, &title, &headers, &meter.widths(), rows)?;
        if let Some(e) = error {
            return Err(Box::new(e));
        }
    }
    Ok(wb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing::{head, samples, sheet, sheet_xml, text};

    #[test]
    fn every_record_is_listed_once_per_kind_with_its_headers() {
        let (dataset, _) = samples();
        let bytes = summary_workbook(&dataset.frames, &head()).unwrap();
        for (n, kind) in Kind::ALL.into_iter().enumerate() {
            let df = dataset.frames.get(kind);
            let s = sheet(&bytes, sheet_name(kind));
            assert_eq!(s.headers[0], "序号");
            assert!(!s.headers.iter().any(|h| HIDDEN.contains(&h.as_str())));
            assert_eq!(s.body.len(), df.height(), "{kind:?}");
            let last = s.body.last().map(|r| text(&r[0]));
            assert_eq!(last, Some(df.height().to_string()), "{kind:?} numbered");
            // Streamed sheets: every row once, in order (Excel repairs repeated rows).
            let xml = sheet_xml(&bytes, n + 1);
            let rows: Vec<u32> = xml
                .split("<row r=\"")
                .skip(1)
                .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
                .collect();
            assert!(rows.windows(2).all(|w| w[0] < w[1]), "{kind:?}: {rows:?}");
        }
    }
}
