//! 数据汇总.xlsx: every normalized record, one formatted sheet per kind, for people.

use polars::prelude::*;
use rayon::prelude::*;
use rust_xlsxwriter::{Workbook, Worksheet};

use super::context::ReportError;
use super::labels::{column_label, sheet_name};
use super::layout::{self, Block, Column, Sheet};
use super::listed::FrameRows;
use super::workbook::Letterhead;
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
pub fn summary_workbook(frames: &Frames, head: &Letterhead) -> Result<Vec<u8>, ReportError> {
    Ok(summary_book(frames, head)?.save_to_buffer()?)
}

/// Lays out 数据汇总.xlsx, its sheets streamed to temporary files, ready to be saved
/// ([`Workbook::save_to_writer`] straight into the output file).
///
/// The sheets are written side by side (one per kind, on the thread pool): rust_xlsxwriter
/// keeps the formats of streamed sheets in one table shared by the workbook.
///
/// # Errors
/// rust_xlsxwriter or polars errors (internal).
pub fn summary_book(frames: &Frames, head: &Letterhead) -> Result<Workbook, ReportError> {
    let mut wb = head.workbook(&format!("{}数据汇总", head.school));
    for kind in Kind::ALL {
        // Constant-memory mode streams the rows to a temporary file instead of holding
        // every cell.
        wb.add_worksheet_with_constant_memory()?
            .set_name(sheet_name(kind))?;
    }
    // The largest sheet first: the others are written beside it, and the workbook is done
    // when it is (in the kinds' order, the largest could start last, alone on the pool).
    let mut sheets: Vec<(&mut Worksheet, Kind)> =
        wb.worksheets_mut().iter_mut().zip(Kind::ALL).collect();
    sheets.sort_by_key(|(_, kind)| std::cmp::Reverse(cells(frames.get(*kind))));
    sheets
        .into_par_iter()
        .map(|(ws, kind)| kind_sheet(ws, kind, frames.get(kind), head))
        .collect::<Result<(), ReportError>>()?;
    Ok(wb)
}

/// How many cells a kind's sheet has: what writing it costs.
fn cells(df: &DataFrame) -> usize {
    df.height() * df.width()
}

/// Writes the records of one kind, numbered, under its labelled headers: a list declared like
/// every report's ([`layout`]), its rows made from the frame as they are written.
fn kind_sheet(
    ws: &mut Worksheet,
    kind: Kind,
    df: &DataFrame,
    head: &Letterhead,
) -> Result<(), ReportError> {
    let fields: Vec<&str> = df
        .get_column_names()
        .into_iter()
        .map(|c| c.as_str())
        .filter(|c| !HIDDEN.contains(c))
        .collect();
    let columns = fields.iter().map(|c| Column::new(column_label(kind, c)));
    let list = Block::listed(columns, FrameRows::new(df, &fields)?);
    let title = format!(
        "{}{}（共 {} 条）",
        head.school,
        sheet_name(kind),
        df.height()
    );
    layout::write_on(ws, head, &Sheet::new(sheet_name(kind), title).block(list))?;
    Ok(())
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
