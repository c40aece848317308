//! Frames and the reports' summary tables → CSV files (UTF-8, header row, no BOM): the
//! machine-readable output contract.

use polars::prelude::*;

use super::context::ReportError;
use crate::normalize::frames::cell_text;

/// Renders a frame as CSV bytes: every column, in frame order, nulls as empty fields.
///
/// # Errors
/// Only on an internal error reading the frame.
pub fn frame_to_csv(df: &DataFrame) -> PolarsResult<Vec<u8>> {
    let mut bytes = Vec::new();
    write_frame(df, &mut bytes)?;
    Ok(bytes)
}

/// Writes a frame as CSV into `out`, row by row ([`frame_to_csv`] in memory).
///
/// # Errors
/// An internal error reading the frame, or `out`'s error (as a polars error).
pub fn write_frame(df: &DataFrame, out: impl std::io::Write) -> PolarsResult<()> {
    let mut w = writer(out);
    let names: Vec<&str> = df.get_column_names().iter().map(|s| s.as_str()).collect();
    w.write_record(&names).map_err(to_polars)?;
    let columns = df.columns();
    let mut record = Vec::with_capacity(columns.len());
    for i in 0..df.height() {
        record.clear();
        for col in columns {
            record.push(cell_text(&col.get(i)?));
        }
        w.write_record(&record).map_err(to_polars)?;
    }
    w.flush().map_err(to_polars)
}

/// Renders a report's summary table as CSV bytes: the header, then the rows.
///
/// # Errors
/// Only on an internal error of the CSV writer.
pub fn rows_to_csv<R, F>(
    header: &[&str],
    rows: impl IntoIterator<Item = R>,
) -> Result<Vec<u8>, ReportError>
where
    R: IntoIterator<Item = F>,
    F: AsRef<[u8]>,
{
    let err = |e: &dyn std::fmt::Display| ReportError::Csv(e.to_string());
    let mut w = writer(Vec::new());
    w.write_record(header).map_err(|e| err(&e))?;
    for row in rows {
        w.write_record(row).map_err(|e| err(&e))?;
    }
    w.into_inner().map_err(|e| err(&e.into_error()))
}

/// UTF-8, `\n` line ends, no BOM.
fn writer<W: std::io::Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out)
}

fn to_polars(e: impl std::fmt::Display) -> PolarsError {
    PolarsError::ComputeError(e.to_string().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_nulls() {
        let df = df!("title" => [Some("浅谈\"情境\",教学"), None], "row" => [3u32, 4]).unwrap();
        let text = String::from_utf8(frame_to_csv(&df).unwrap()).unwrap();
        assert_eq!(text, "title,row\n\"浅谈\"\"情境\"\",教学\",3\n,4\n");
    }
}
