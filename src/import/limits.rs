//! The bounds every reader keeps, so that no file can cost more than a bounded amount of
//! memory, whatever it claims or holds.
//!
//! A school form has a few hundred rows and a dozen columns; a district's largest export a
//! few tens of thousands of rows. What lies far beyond that is a stray keystroke at `XFD1`, a
//! sheet of a million copied rows, or a hostile file. The bounds here are applied while
//! reading, not after: a reader asks [`Bounds::keep`] before it stores a cell, and builds its
//! rows through a [`CellSink`], which charges what the rows will cost. Cells beyond the bounds
//! are counted, never stored, and reported once per sheet as a [`Dropped`] count.
//!
//! Sizes of whole files are bounded before reading ([`MAX_FILE_BYTES`], [`MAX_TEXT_BYTES`]);
//! zip packages before inflating ([`super::package`]); compound files before calamine
//! materializes their sheets ([`super::compound`], [`MAX_GRID_CELLS`]); old Word documents by
//! their text and table cells ([`MAX_DOC_CHARS`], [`MAX_CELLS`], [`super::doc`]).

use crate::table::{RawRow, Value};

/// Columns beyond this one are never data on a school form.
pub const MAX_COLUMNS: u32 = 512;
/// Rows beyond this one are never data on a school form.
pub const MAX_ROWS: u32 = 200_000;
/// Cells kept per file, counting the empty cells inside each row up to its last value (what
/// the rows cost in memory): a million cells is 50,000 rows of 20 columns.
pub const MAX_CELLS: usize = 1_000_000;
/// Largest file read at all: a school's workbook with photos is a few tens of MB.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// Largest text file (CSV, HTML, XML, .txt): 32 MB of CSV is 300,000 rows.
pub const MAX_TEXT_BYTES: u64 = 32 * 1024 * 1024;
/// Characters of running text read from an old Word document (.doc): a 工作计划 has a few
/// thousand, a long report a few hundred thousand. Each paragraph costs a line besides its
/// text, so the bound keeps a document of one-character paragraphs within a few hundred MB.
pub const MAX_DOC_CHARS: u32 = 4_000_000;
/// Cells calamine may allocate for the rectangles of one xls or ods workbook: these readers
/// materialize every sheet from its first to its last used cell when the file is opened.
pub const MAX_GRID_CELLS: u64 = 2_000_000;

/// Non-empty cells of one sheet that were not kept, and the first of them (0-based row, col).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dropped {
    /// How many.
    pub count: usize,
    /// The first one met, 0-based (row, column).
    pub first: (u32, u32),
}

/// The cell budget of one file, shared by its sheets, and the cells dropped per sheet.
#[derive(Debug)]
pub struct Bounds {
    cells_left: usize,
    dropped: Option<Dropped>,
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds::with_cells(MAX_CELLS)
    }
}

impl Bounds {
    /// A budget of `cells` cells (tests use small ones).
    pub fn with_cells(cells: usize) -> Bounds {
        Bounds {
            cells_left: cells,
            dropped: None,
        }
    }

    /// Whether a non-empty cell at 0-based (`row`, `col`) may be stored; charges one cell
    /// when it may, counts it as dropped when not.
    #[inline]
    pub fn keep(&mut self, row: u32, col: u32) -> bool {
        if row < MAX_ROWS && col < MAX_COLUMNS && self.cells_left > 0 {
            self.cells_left -= 1;
            true
        } else {
            self.drop_cells(row, col, 1);
            false
        }
    }

    /// Charges `cells` more cells (the empty cells a dense row holds); false when the
    /// budget cannot pay them.
    fn charge(&mut self, cells: usize) -> bool {
        match self.cells_left.checked_sub(cells) {
            Some(left) => {
                self.cells_left = left;
                true
            }
            None => false,
        }
    }

    fn drop_cells(&mut self, row: u32, col: u32, count: usize) {
        let d = self.dropped.get_or_insert(Dropped {
            count: 0,
            first: (row, col),
        });
        d.count += count;
    }

    /// The cells dropped since the last call: call once at the end of each sheet.
    pub fn end_sheet(&mut self) -> Option<Dropped> {
        self.dropped.take()
    }
}

/// A sheet's non-empty cells as a reader meets them, kept within the file's [`Bounds`].
///
/// Cells may come in any order; rows come out sorted, dense from column A.
///
/// ```
/// use jiaoke::import::limits::{Bounds, CellSink};
/// use jiaoke::table::Value;
///
/// let mut bounds = Bounds::default();
/// let mut sink = CellSink::new(&mut bounds);
/// sink.push(3, 1, Value::Text("张三".into()));
/// sink.push(0, 0, Value::Text("姓名".into()));
/// sink.push(3, 100_000, Value::Text("误输入".into()));
/// let (rows, dropped) = sink.finish();
/// assert_eq!(rows.iter().map(|r| r.index).collect::<Vec<_>>(), [0, 3]);
/// assert_eq!(rows[1].cells.len(), 2);
/// assert_eq!(dropped.map(|d| d.count), Some(1));
/// ```
#[derive(Debug)]
pub struct CellSink<'b> {
    bounds: &'b mut Bounds,
    rows: Vec<(u32, Vec<(u32, Value)>)>,
    sorted: bool,
}

impl<'b> CellSink<'b> {
    /// Starts a sheet.
    pub fn new(bounds: &'b mut Bounds) -> CellSink<'b> {
        CellSink {
            bounds,
            rows: Vec::new(),
            sorted: true,
        }
    }

    /// Stores one cell (blank cells are ignored), unless it is beyond the bounds.
    pub fn push(&mut self, row: u32, col: u32, value: Value) {
        if value.is_blank() || !self.bounds.keep(row, col) {
            return;
        }
        match self.rows.last_mut() {
            Some((last, cells)) if *last == row => cells.push((col, value)),
            last => {
                if last.is_some_and(|(r, _)| *r > row) {
                    self.sorted = false;
                }
                self.rows.push((row, vec![(col, value)]));
            }
        }
    }

    /// The rows, sorted and dense, and what was dropped.
    pub fn finish(mut self) -> (Vec<RawRow>, Option<Dropped>) {
        if !self.sorted {
            self.rows.sort_by_key(|(row, _)| *row);
        }
        let rows = dense_rows(self.rows, self.bounds);
        (rows, self.bounds.end_sheet())
    }
}

/// Rows of kept cells (each charged through [`Bounds::keep`]), in row order, as dense rows.
/// The empty cells a dense row holds are charged too: a row the budget cannot pay for is
/// dropped whole (and counted). Rows given in several pieces are joined.
pub fn dense_rows(rows: Vec<(u32, Vec<(u32, Value)>)>, bounds: &mut Bounds) -> Vec<RawRow> {
    let rows = merge_same_rows(rows);
    let mut out = Vec::with_capacity(rows.len());
    for (index, mut cells) in rows {
        cells.sort_by_key(|(c, _)| *c);
        let width = cells.last().map_or(0, |(c, _)| *c as usize + 1);
        if !bounds.charge(width - cells.len()) {
            let first_col = cells.first().map_or(0, |(c, _)| *c);
            bounds.drop_cells(index, first_col, cells.len());
            continue;
        }
        let mut dense = vec![Value::Empty; width];
        for (c, v) in cells {
            dense[c as usize] = v;
        }
        out.push(RawRow {
            index,
            cells: dense,
        });
    }
    out
}

/// Joins the cell lists of rows that came in several pieces (cells out of row order).
fn merge_same_rows(rows: Vec<(u32, Vec<(u32, Value)>)>) -> Vec<(u32, Vec<(u32, Value)>)> {
    let mut out: Vec<(u32, Vec<(u32, Value)>)> = Vec::with_capacity(rows.len());
    for (row, cells) in rows {
        match out.last_mut() {
            Some((last, all)) if *last == row => all.extend(cells),
            _ => out.push((row, cells)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn cells_out_of_order_come_out_sorted_and_dense() {
        let mut b = Bounds::default();
        let mut sink = CellSink::new(&mut b);
        sink.push(2, 2, text("c"));
        sink.push(0, 0, text("a"));
        sink.push(2, 0, text("b"));
        sink.push(1, 0, Value::Text("  ".into()));
        let (rows, dropped) = sink.finish();
        assert_eq!(dropped, None);
        assert_eq!(rows.len(), 2, "a blank cell makes no row");
        assert_eq!(rows[1].index, 2);
        assert_eq!(rows[1].cells, vec![text("b"), Value::Empty, text("c")]);
    }

    #[test]
    fn cells_beyond_rows_and_columns_are_counted_per_sheet() {
        let mut b = Bounds::default();
        let mut sink = CellSink::new(&mut b);
        sink.push(0, 0, text("a"));
        sink.push(0, MAX_COLUMNS, text("far right"));
        sink.push(MAX_ROWS, 0, text("far down"));
        let (rows, dropped) = sink.finish();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            dropped,
            Some(Dropped {
                count: 2,
                first: (0, MAX_COLUMNS)
            })
        );
        let (_, next) = CellSink::new(&mut b).finish();
        assert_eq!(next, None, "the count starts again for the next sheet");
    }

    #[test]
    fn the_budget_is_shared_by_the_sheets_of_a_file() {
        let mut b = Bounds::with_cells(3);
        let mut first = CellSink::new(&mut b);
        first.push(0, 0, text("a"));
        first.push(1, 0, text("b"));
        assert_eq!(first.finish().0.len(), 2);
        let mut second = CellSink::new(&mut b);
        second.push(0, 0, text("c"));
        second.push(1, 0, text("d"));
        let (rows, dropped) = second.finish();
        assert_eq!(rows.len(), 1);
        assert_eq!(dropped.map(|d| (d.count, d.first)), Some((1, (1, 0))));
    }

    #[test]
    fn the_empty_cells_of_a_wide_row_are_paid_for() {
        let mut b = Bounds::with_cells(10);
        let mut sink = CellSink::new(&mut b);
        sink.push(0, 0, text("a"));
        sink.push(1, 300, text("wide"));
        let (rows, dropped) = sink.finish();
        assert_eq!(rows.len(), 1, "a row of 301 cells does not fit in 10");
        assert_eq!(dropped.map(|d| d.count), Some(1));
    }
}
