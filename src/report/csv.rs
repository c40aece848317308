//! Frames → CSV files (UTF-8, header row, no BOM): the machine-readable output contract.

use polars::prelude::*;

use crate::normalize::frames::cell_text;

/// Renders a frame as CSV bytes: every column, in frame order, nulls as empty fields.
///
/// # Errors
/// Only on an internal error reading the frame.
pub fn frame_to_csv(df: &DataFrame) -> PolarsResult<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
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
    w.into_inner().map_err(|e| to_polars(e.into_error()))
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
