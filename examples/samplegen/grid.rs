//! The generator's own picture of a spreadsheet: cells, merged ranges and sheet flags.
//!
//! Every writer (xlsx, CSV, HTML) reads the same [`Grid`], so a record lands on the same row
//! whatever the file format. A merged range holds its value in the top-left cell only; the
//! covered cells are [`Cell::Empty`], which is also what calamine reports for them.

use chrono::NaiveDate;

/// One cell as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// A text cell (CSV and HTML cells are always text).
    Text(String),
    /// A number cell in General format.
    Num(f64),
    /// A real date cell and the number format it is shown with.
    Date(NaiveDate, &'static str),
}

impl Cell {
    /// A text cell; an empty string gives an empty cell.
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    /// What a person sees in the cell; also what a CSV or HTML export holds.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Num(n) => number_text(*n),
            Cell::Date(d, fmt) => show_date(*d, fmt),
        }
    }

    /// The value as jiaoke's `Value::raw_text` prints it (dates as ISO): the `value` column
    /// of problems.csv.
    pub fn raw_text(&self) -> String {
        match self {
            Cell::Date(d, _) => d.format("%Y-%m-%d").to_string(),
            other => other.display(),
        }
    }
}

/// A number as Excel's General format shows it, the same rule as jiaoke's `format_number`.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The date formats the generator uses, shown as Excel shows them.
fn show_date(d: NaiveDate, fmt: &str) -> String {
    use chrono::Datelike;
    let (y, m, day) = (d.year(), d.month(), d.day());
    match fmt {
        "yyyy/m/d" => format!("{y}/{m}/{day}"),
        "yyyy年m月d日" => format!("{y}年{m}月{day}日"),
        "yyyy年m月" => format!("{y}年{m}月"),
        "yyyy.m" => format!("{y}.{m}"),
        _ => d.format("%Y-%m-%d").to_string(),
    }
}

/// How a row looks (formats only; the content decides what it is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStyle {
    /// A big bold title.
    Title,
    /// 填报部门：… lines above the table.
    Info,
    /// A header row.
    Header,
    /// A row inside the table (records, blanks, totals).
    Body,
    /// Notes and signatures under the table.
    Note,
}

/// A merged range, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// First row.
    pub r1: u32,
    /// First column.
    pub c1: u16,
    /// Last row.
    pub r2: u32,
    /// Last column.
    pub c2: u16,
}

impl Merge {
    /// True when (r, c) is inside the range.
    pub fn covers(&self, r: u32, c: u16) -> bool {
        (self.r1..=self.r2).contains(&r) && (self.c1..=self.c2).contains(&c)
    }
}

/// One sheet.
#[derive(Debug, Clone)]
pub struct Grid {
    /// Sheet name.
    pub name: String,
    /// Rows with their style; row i is Excel row i + 1.
    pub rows: Vec<(RowStyle, Vec<Cell>)>,
    /// Merged ranges.
    pub merges: Vec<Merge>,
    /// A hidden sheet.
    pub hidden: bool,
    /// Column widths in characters.
    pub widths: Vec<f64>,
}

impl Grid {
    /// An empty sheet.
    pub fn new(name: &str) -> Grid {
        Grid {
            name: name.into(),
            rows: vec![],
            merges: vec![],
            hidden: false,
            widths: vec![],
        }
    }

    /// Appends a row and returns its number as Excel shows it (1-based).
    pub fn push(&mut self, style: RowStyle, cells: Vec<Cell>) -> u32 {
        self.rows.push((style, cells));
        self.rows.len() as u32
    }

    /// Merges a range given in 0-based coordinates.
    pub fn merge(&mut self, r1: u32, c1: u16, r2: u32, c2: u16) {
        self.merges.push(Merge { r1, c1, r2, c2 });
    }

    /// Overwrites one cell (0-based), growing the row if needed.
    pub fn set(&mut self, r: u32, c: u16, cell: Cell) {
        let row = &mut self.rows[r as usize].1;
        if row.len() <= c as usize {
            row.resize(c as usize + 1, Cell::Empty);
        }
        row[c as usize] = cell;
    }

    /// The widest row.
    pub fn ncols(&self) -> u16 {
        self.rows.iter().map(|(_, r)| r.len()).max().unwrap_or(0) as u16
    }
}

/// One workbook.
#[derive(Debug, Clone, Default)]
pub struct Book {
    /// Sheets in order.
    pub sheets: Vec<Grid>,
    /// Write a macro-enabled workbook (.xlsm) with a small VBA project.
    pub macros: bool,
}

impl Book {
    /// A workbook of one sheet, without macros.
    pub fn one(g: Grid) -> Book {
        Book {
            sheets: vec![g],
            macros: false,
        }
    }
}
