//! Record lists read from a frame as they are written. A district's detail lists (every
//! training record of 200 schools, every paper) would take several times the room of their
//! frames as declared cells; [`FrameRows`] keeps the frame's columns and makes each row's
//! cells only when it is measured or written.
//!
//! ```
//! use jiaoke::report::listed::FrameRows;
//! use jiaoke::report::workbook::Cell;
//! use polars::prelude::*;
//!
//! let df = df!("name" => ["王静", "李明"], "hours" => [2.0, 3.5]).unwrap();
//! let list = FrameRows::new(&df, &["name", "hours"]).unwrap();
//! let rows: Vec<Vec<Cell>> = list.rows().collect();
//! assert_eq!(rows[1], vec![Cell::Number(2.0), Cell::Text("李明".into()), Cell::Number(3.5)]);
//! ```

use polars::prelude::*;

use super::workbook::{Cell, WidthMeter};

/// Some columns of a frame, listed row by row, each row numbered from 1 (the 序号 column).
#[derive(Debug, Clone)]
pub struct FrameRows {
    /// The listed columns, in order, each in one chunk (read in order by its iterator: a
    /// lookup per cell would find the chunk and convert the value again for every cell).
    columns: Vec<Series>,
    height: usize,
    /// A date column (its place among the columns) shown as a month where the second
    /// column says `month` ([`FrameRows::months`]).
    months: Option<(usize, Series)>,
}

impl FrameRows {
    /// The columns `fields` of `df`, in this order.
    ///
    /// # Errors
    /// A field is not a column of `df` (an internal error).
    pub fn new<S: AsRef<str>>(df: &DataFrame, fields: &[S]) -> PolarsResult<FrameRows> {
        let columns = fields
            .iter()
            .map(|f| Ok(df.column(f.as_ref())?.as_materialized_series().rechunk()))
            .collect::<PolarsResult<_>>()?;
        Ok(FrameRows {
            columns,
            height: df.height(),
            months: None,
        })
    }

    /// Shows the listed date column `field` as a month (`2023年11月`) in the rows where the
    /// frame's column `precision` says `month`: a date known to the month only.
    ///
    /// # Errors
    /// `precision` is not a column of `df`, or `field` is not listed (internal errors).
    pub fn months(mut self, df: &DataFrame, field: &str, precision: &str) -> PolarsResult<Self> {
        let at = self.columns.iter().position(|c| c.name() == field);
        let at = at.ok_or_else(|| polars_err!(ColumnNotFound: "{field}"))?;
        let precision = df.column(precision)?.as_materialized_series().rechunk();
        self.months = Some((at, precision));
        Ok(self)
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.height
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.height == 0
    }

    /// The rows as cells: the row's number, then its fields.
    pub fn rows(&self) -> impl Iterator<Item = Vec<Cell>> + '_ {
        let mut values: Vec<_> = self.columns.iter().map(Series::iter).collect();
        let mut months = self.month_flags();
        let at = self.months.as_ref().map(|(at, _)| *at);
        (1..=self.height).map(move |n| {
            let month = months.next().unwrap_or(false);
            let mut row = Vec::with_capacity(values.len() + 1);
            row.push(Cell::count(n));
            row.extend(
                values
                    .iter_mut()
                    .enumerate()
                    .map(|(c, v)| cell(v.next(), month && at == Some(c))),
            );
            row
        })
    }

    /// Feeds every listed cell, as [`FrameRows::rows`] shows it, to `meter` (its column 0 is
    /// the 序号), column by column, without making the rows: texts are measured where the
    /// frame holds them.
    pub fn measure(&self, meter: &mut WidthMeter) {
        if self.height > 0 {
            meter.feed_cell(0, &Cell::count(self.height));
        }
        let at = self.months.as_ref().map(|(at, _)| *at);
        for (c, column) in self.columns.iter().enumerate() {
            // Only the date column shown as months reads the precision column.
            let mut months = (at == Some(c)).then(|| self.month_flags());
            for value in column.iter() {
                let month = months.as_mut().and_then(Iterator::next).unwrap_or(false);
                match value {
                    AnyValue::String(s) => meter.feed(c + 1, s),
                    other => meter.feed_cell(c + 1, &cell(Some(other), month)),
                }
            }
        }
    }

    /// Per row, whether its date is known to the month only (all false without
    /// [`FrameRows::months`]).
    fn month_flags(&self) -> impl Iterator<Item = bool> + '_ {
        let precision = self.months.as_ref().map(|(_, p)| p.iter());
        precision
            .into_iter()
            .flatten()
            .map(|p| matches!(p, AnyValue::String("month")))
    }
}

/// A frame value as a cell: a date known to the month only (`month`) as a month.
fn cell(value: Option<AnyValue>, month: bool) -> Cell {
    match value.map_or(Cell::Empty, |v| Cell::of(&v)) {
        Cell::Date(d) if month => Cell::Month(d),
        other => other,
    }
}

impl PartialEq for FrameRows {
    fn eq(&self, other: &FrameRows) -> bool {
        self.height == other.height
            && self.columns.len() == other.columns.len()
            && self
                .columns
                .iter()
                .zip(&other.columns)
                .all(|(a, b)| a.name() == b.name() && a.equals_missing(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn frame() -> DataFrame {
        let day = |d| NaiveDate::from_ymd_opt(2024, 3, d).unwrap();
        df!(
            "name" => [Some("王静"), None, Some("李明")],
            "hours" => [Some(2.0), Some(1.5), None],
            "date" => [Some(day(1)), None, Some(day(9))],
        )
        .unwrap()
    }

    #[test]
    fn rows_are_numbered_and_keep_types_and_blanks() {
        let list = FrameRows::new(&frame(), &["hours", "name", "date"]).unwrap();
        assert_eq!(list.len(), 3);
        let rows: Vec<Vec<Cell>> = list.rows().collect();
        assert_eq!(
            rows,
            [
                vec![
                    Cell::Number(1.0),
                    Cell::Number(2.0),
                    Cell::Text("王静".into()),
                    Cell::Date(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()),
                ],
                vec![
                    Cell::Number(2.0),
                    Cell::Number(1.5),
                    Cell::Empty,
                    Cell::Empty
                ],
                vec![
                    Cell::Number(3.0),
                    Cell::Empty,
                    Cell::Text("李明".into()),
                    Cell::Date(NaiveDate::from_ymd_opt(2024, 3, 9).unwrap()),
                ],
            ]
        );
        // Read twice (widths, then the written rows): the same rows.
        assert_eq!(list.rows().collect::<Vec<_>>(), rows);
    }

    #[test]
    fn rows_of_a_frame_in_several_chunks_are_read_in_order() {
        let mut df = frame();
        df.vstack_mut(&frame()).unwrap();
        let list = FrameRows::new(&df, &["name"]).unwrap();
        let names: Vec<Cell> = list.rows().map(|r| r[1].clone()).collect();
        assert_eq!(names[3], Cell::Text("王静".into()));
        assert_eq!(names[5], Cell::Text("李明".into()));
        assert_eq!(list.rows().last().unwrap()[0], Cell::Number(6.0));
    }

    #[test]
    fn a_date_known_to_the_month_shows_as_a_month() {
        let mut df = frame();
        df.with_column(Column::new(
            "precision".into(),
            [Some("month"), Some("month"), None],
        ))
        .unwrap();
        let list = FrameRows::new(&df, &["date", "name"]).unwrap();
        let list = list.months(&df, "date", "precision").unwrap();
        let dates: Vec<Cell> = list.rows().map(|r| r[1].clone()).collect();
        let day = |d| NaiveDate::from_ymd_opt(2024, 3, d).unwrap();
        assert_eq!(
            dates,
            [Cell::Month(day(1)), Cell::Empty, Cell::Date(day(9))]
        );
        assert!(list.clone().months(&df, "name", "nope").is_err());
        assert!(list.months(&df, "hours", "precision").is_err());
    }

    #[test]
    fn measuring_the_columns_gives_the_widths_of_the_rows_written() {
        let mut df = frame();
        df.vstack_mut(&frame()).unwrap();
        // Every date known to the month only: months are narrower than dates.
        let precision = [Some("month"); 6];
        df.with_column(Column::new("precision".into(), precision))
            .unwrap();
        for months in [false, true] {
            let mut list = FrameRows::new(&df, &["name", "date", "hours"]).unwrap();
            if months {
                list = list.months(&df, "date", "precision").unwrap();
            }
            let mut measured = WidthMeter::new(4);
            list.measure(&mut measured);
            let mut fed = WidthMeter::new(4);
            for row in list.rows() {
                for (c, cell) in row.iter().enumerate() {
                    fed.feed_cell(c, cell);
                }
            }
            assert_eq!(measured.widths(), fed.widths(), "months: {months}");
        }
        let mut empty = WidthMeter::new(2);
        FrameRows::new(&df.head(Some(0)), &["name"])
            .unwrap()
            .measure(&mut empty);
        assert_eq!(empty.widths(), WidthMeter::new(2).widths());
    }

    #[test]
    fn a_missing_field_is_an_error_and_equality_sees_the_values() {
        assert!(FrameRows::new(&frame(), &["nope"]).is_err());
        let a = FrameRows::new(&frame(), &["name"]).unwrap();
        assert_eq!(a, FrameRows::new(&frame(), &["name"]).unwrap());
        assert_ne!(a, FrameRows::new(&frame(), &["hours"]).unwrap());
    }
}
