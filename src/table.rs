//! The raw table: what the import stage hands to the normalize stage.
//!
//! A [`RawSheet`] is a grid of [`Value`]s as they were read from one sheet (or one CSV file),
//! with the provenance needed to point at any cell later: the file (relative to the inbox),
//! the sheet name and the row and column numbers exactly as Excel shows them. It knows nothing
//! about record kinds or headers; that is the normalize stage's job.

use chrono::{NaiveDate, NaiveDateTime};

/// One cell's value, independent of the reader that produced it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// No value (also a formula without a cached result: calamine never computes formulas).
    #[default]
    Empty,
    /// Text as typed (CSV fields are always text).
    Text(String),
    /// A number cell (Excel stores integers as numbers too).
    Number(f64),
    /// A cell formatted as a date or date-time, already converted with the workbook's epoch.
    DateTime(NaiveDateTime),
    /// A boolean cell.
    Bool(bool),
    /// An error cell such as `#REF!`.
    Error(String),
}

impl Value {
    /// True for an empty cell or one holding only white space (ASCII or full-width).
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.chars().all(char::is_whitespace),
            _ => false,
        }
    }

    /// The value as a person would read it in the cell, for messages and raw columns.
    ///
    /// Numbers print like Excel's General format (`24`, not `24.0`); dates as ISO.
    pub fn raw_text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.clone(),
            Value::Number(n) => format_number(*n),
            Value::DateTime(dt) => {
                if dt.time() == chrono::NaiveTime::MIN {
                    dt.date().format("%Y-%m-%d").to_string()
                } else {
                    dt.format("%Y-%m-%d %H:%M").to_string()
                }
            }
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Error(e) => e.clone(),
        }
    }

    /// The date part of a date cell.
    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            Value::DateTime(dt) => Some(dt.date()),
            _ => None,
        }
    }
}

/// Formats a number the way Excel's General format shows it: integers without a decimal
/// point, other values with the shortest representation that round-trips.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A rectangular merged region, in 0-based sheet coordinates, inclusive on both ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// First row (0-based).
    pub first_row: u32,
    /// First column (0-based).
    pub first_col: u32,
    /// Last row (0-based, inclusive).
    pub last_row: u32,
    /// Last column (0-based, inclusive).
    pub last_col: u32,
}

impl Merge {
    /// True when the region spans more than one row.
    pub fn is_vertical(&self) -> bool {
        self.last_row > self.first_row
    }

    /// True when the region spans more than one column.
    pub fn is_horizontal(&self) -> bool {
        self.last_col > self.first_col
    }

    /// True when the 0-based cell lies inside the region.
    pub fn contains(&self, row: u32, col: u32) -> bool {
        (self.first_row..=self.last_row).contains(&row)
            && (self.first_col..=self.last_col).contains(&col)
    }
}

/// One row of a sheet: its 0-based sheet row index and its cells from column A.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawRow {
    /// 0-based row index in the sheet (Excel shows `index + 1`; for CSV, the line number - 1).
    pub index: u32,
    /// Cells from column A onwards; trailing empty cells may be missing.
    pub cells: Vec<Value>,
}

impl RawRow {
    /// The cell in 0-based column `col`, or [`Value::Empty`] beyond the row's end.
    pub fn get(&self, col: usize) -> &Value {
        static EMPTY: Value = Value::Empty;
        self.cells.get(col).unwrap_or(&EMPTY)
    }

    /// True when every cell is blank.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Value::is_blank)
    }

    /// The row number as Excel shows it (1-based).
    pub fn number(&self) -> u32 {
        self.index + 1
    }
}

/// One sheet as read from a file, with the provenance to point at its cells.
///
/// Only rows that hold at least one value are stored, so a stray cell far below the data
/// costs one row, not a million.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawSheet {
    /// Path of the file relative to the inbox, with `/` separators.
    pub file: String,
    /// The sheet's name; empty for CSV input.
    pub sheet: String,
    /// Non-empty rows in sheet order.
    pub rows: Vec<RawRow>,
    /// Merged regions as the reader reported them (none for CSV and ODS).
    pub merges: Vec<Merge>,
    /// Whether the sheet is hidden in its workbook.
    pub hidden: bool,
    /// Whether the format can report merged regions: when not (ODS, CSV), "blank means the
    /// same as above" has to be inferred for grouping columns.
    pub merges_known: bool,
    /// Whether the workbook counts dates from 1904 (old Mac Excel): needed to read a date
    /// typed as a plain serial number.
    pub date1904: bool,
}

impl RawSheet {
    /// The location prefix used in messages: `file › sheet` (or just `file` for CSV).
    pub fn location(&self) -> String {
        location(&self.file, &self.sheet)
    }
}

/// `file › sheet`, or `file` when there is no sheet name (CSV input).
pub fn location(file: &str, sheet: &str) -> String {
    if sheet.is_empty() {
        file.to_string()
    } else {
        format!("{file} › {sheet}")
    }
}

/// The column letters Excel shows for a 0-based column index: 0 → `A`, 27 → `AB`.
pub fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

/// The cell reference Excel shows, e.g. `C12`, for a 0-based column and a 1-based row.
pub fn cell_ref(col: usize, row_number: u32) -> String {
    format!("{}{}", column_letters(col), row_number)
}

/// A sheet built from text rows, for tests: empty strings are empty cells, and rows with no
/// value are left out as the readers leave them out.
#[cfg(test)]
pub(crate) fn test_sheet(file: &str, sheet: &str, rows: &[&[&str]]) -> RawSheet {
    RawSheet {
        file: file.into(),
        sheet: sheet.into(),
        rows: rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.iter().any(|c| !c.is_empty()))
            .map(|(i, r)| RawRow {
                index: i as u32,
                cells: r
                    .iter()
                    .map(|c| {
                        if c.is_empty() {
                            Value::Empty
                        } else {
                            Value::Text(c.to_string())
                        }
                    })
                    .collect(),
            })
            .collect(),
        merges_known: true,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(16383), "XFD");
        assert_eq!(cell_ref(2, 12), "C12");
    }

    #[test]
    fn numbers_print_like_general_format() {
        assert_eq!(Value::Number(24.0).raw_text(), "24");
        assert_eq!(Value::Number(2023.5).raw_text(), "2023.5");
        assert_eq!(Value::Number(-3.0).raw_text(), "-3");
    }

    #[test]
    fn blank_includes_full_width_space() {
        assert!(Value::Text("\u{3000} ".into()).is_blank());
        assert!(!Value::Text("张三".into()).is_blank());
        assert!(Value::Empty.is_blank());
        assert!(!Value::Number(0.0).is_blank());
    }

    #[test]
    fn merge_geometry() {
        let m = Merge {
            first_row: 2,
            first_col: 1,
            last_row: 5,
            last_col: 1,
        };
        assert!(m.is_vertical());
        assert!(!m.is_horizontal());
        assert!(m.contains(4, 1));
        assert!(!m.contains(6, 1));
    }
}
