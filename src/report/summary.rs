//! 数据汇总.xlsx: every normalized record, one formatted sheet per kind, for people.

use polars::prelude::*;
use rust_xlsxwriter::{Workbook, XlsxError};

use super::labels::{column_label, sheet_name};
use super::workbook::{Cell, Letterhead, Styles, Table, write_table};
use crate::normalize::frames::{Frames, cell_text};
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
) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut wb = Workbook::new();
    let styles = Styles::default();
    let title = format!("{}数据汇总", head.school);
    head.properties(&mut wb, &title);
    for kind in Kind::ALL {
        let table = frame_table(kind, frames.get(kind), &head.school)?;
        let ws = wb.add_worksheet().set_name(sheet_name(kind))?;
        write_table(ws, &styles, head, &table)?;
    }
    wb.save_to_buffer()
        .map_err(|e: XlsxError| Box::new(e) as Box<dyn std::error::Error>)
}

/// A frame as a table with Chinese headers and typed cells.
fn frame_table(kind: Kind, df: &DataFrame, school: &str) -> PolarsResult<Table> {
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
    let mut rows = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let mut row = vec![Cell::Number((i + 1) as f64)];
        for col in &columns {
            row.push(to_cell(&col.get(i)?));
        }
        rows.push(row);
    }
    let title = format!("{school}{}（共 {} 条）", sheet_name(kind), df.height());
    Ok(Table {
        title,
        headers,
        rows,
        totals: None,
    })
}

fn to_cell(v: &AnyValue) -> Cell {
    match v {
        AnyValue::Null => Cell::Empty,
        AnyValue::Date(days) => {
            let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
            Cell::Date(epoch + chrono::Duration::days(i64::from(*days)))
        }
        AnyValue::Float64(f) => Cell::Number(*f),
        AnyValue::UInt32(n) => Cell::Number(f64::from(*n)),
        AnyValue::Int32(n) => Cell::Number(f64::from(*n)),
        other => Cell::Text(cell_text(other)),
    }
}
