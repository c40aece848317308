//! A preview of a report for the page: the first sheet (its 汇总) of the workbook just
//! written, read back as the user will see it in Excel — merged header cells, percentages,
//! personal numbers masked.

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde::Serialize;

use crate::privacy::mask_personal;

/// Rows shown at most; the workbook has them all.
const MAX_ROWS: usize = 80;
/// Columns shown at most.
const MAX_COLUMNS: usize = 24;

/// The first sheet of a report.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    /// The workbook, relative to the output folder.
    pub workbook: String,
    /// The sheet's name.
    pub sheet: String,
    /// Its cells as shown, row by row (a merged area's text in its first cell).
    pub rows: Vec<Vec<String>>,
    /// Merged areas: first row, first column, last row, last column (0-based, in `rows`).
    pub merges: Vec<[usize; 4]>,
    /// Whether rows or columns were left out.
    pub cut: bool,
}

/// Whether a written file is a report to preview: a workbook other than the data and problem
/// lists (数据汇总, 问题清单 and each school's 问题清单).
pub fn is_report(path: &str) -> bool {
    path.ends_with(".xlsx")
        && !path.contains('/')
        && path != crate::report::summary::FILE_NAME
        && path != crate::report::findings::FILE_NAME
}

/// The first sheet of an xlsx file; `None` when it cannot be read.
pub fn first_sheet(path: &Path, name: &str) -> Option<Preview> {
    let mut book: Xlsx<_> = open_workbook(path).ok()?;
    let sheet = book.sheet_names().first()?.clone();
    let range = book.worksheet_range(&sheet).ok()?;
    let styles = book.worksheet_style(&sheet).ok();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (r, row) in range.rows().take(MAX_ROWS).enumerate() {
        let cells = row
            .iter()
            .take(MAX_COLUMNS)
            .enumerate()
            .map(|(c, cell)| {
                let at = (r0 + r as u32, c0 + c as u32);
                let format = styles
                    .as_ref()
                    .and_then(|s| s.get(at))
                    .and_then(|s| s.number_format.as_ref())
                    .map_or("", |f| f.format_code.as_str());
                mask_personal(&shown(cell, format)).into_owned()
            })
            .collect();
        rows.push(cells);
    }
    // Cells past the last filled column or row are borders only.
    let width = rows
        .iter()
        .filter_map(|r: &Vec<String>| r.iter().rposition(|c| !c.is_empty()))
        .max()
        .map_or(0, |c| c + 1);
    for row in &mut rows {
        row.truncate(width);
    }
    while rows.last().is_some_and(|r| r.iter().all(String::is_empty)) {
        rows.pop();
    }
    let merges = book
        .merge_cells_by_sheet_name(&sheet)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|d| {
            let (sr, sc) = (d.start.0.checked_sub(r0)?, d.start.1.checked_sub(c0)?);
            let (er, ec) = (
                d.end.0.checked_sub(r0)? as usize,
                d.end.1.checked_sub(c0)? as usize,
            );
            // A title merged across more columns than are filled is cut to the filled ones.
            let fits = er < rows.len() && (sc as usize) < width;
            fits.then_some([
                sr as usize,
                sc as usize,
                er,
                ec.min(width.saturating_sub(1)),
            ])
        })
        .collect();
    let cut = range.height() > MAX_ROWS || range.width() > MAX_COLUMNS;
    Some(Preview {
        workbook: name.to_string(),
        sheet,
        rows,
        merges,
        cut,
    })
}

/// A cell as Excel shows it under its number format: percentages as `85.0%`, other numbers
/// with at most the decimals the format asks for.
fn shown(cell: &Data, format: &str) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::Float(f) => number(*f, format),
        Data::Int(i) => number(*i as f64, format),
        other => other.to_string(),
    }
}

fn number(value: f64, format: &str) -> String {
    let decimals = format
        .split_once('.')
        .map(|(_, rest)| rest.chars().take_while(|c| *c == '0').count());
    if format.contains('%') {
        return format!("{:.*}%", decimals.unwrap_or(0), value * 100.0);
    }
    match decimals {
        Some(places) => format!("{value:.places$}"),
        None if value.fract() == 0.0 && value.abs() < 1e15 => format!("{value:.0}"),
        // General: up to two decimals, as a report's hours and averages need.
        None => {
            let text = format!("{value:.2}");
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_shown_as_their_format_asks() {
        assert_eq!(number(0.856, "0.0%"), "85.6%");
        assert_eq!(number(1.0, "0%"), "100%");
        assert_eq!(number(72.0, "General"), "72");
        assert_eq!(number(36.5, "0.0"), "36.5");
        assert_eq!(number(2.25, "General"), "2.25");
        assert_eq!(number(2.5, "0.00"), "2.50");
        assert_eq!(number(1.0 / 3.0, "General"), "0.33");
    }

    #[test]
    fn only_reports_are_previewed() {
        assert!(is_report("年度教科研成果统计.xlsx"));
        assert!(!is_report("问题清单.xlsx"));
        assert!(!is_report("数据汇总.xlsx"));
        assert!(!is_report("问题清单/城南小学.xlsx"));
        assert!(!is_report("papers.csv"));
    }
}
