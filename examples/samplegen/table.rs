//! The table renderer: a list of records → rows of a [`Grid`], with the rows that are not
//! records (titles, info lines, blank rows, totals, notes, repeated headers) between them.
//!
//! The renderer is the only place that knows on which row a record lands, so it is the one
//! that registers each record and each planted problem in the [`Truth`].

use crate::grid::{Cell, Grid, RowStyle};
use crate::model::{Problem, Prov, ToExp, Truth};

/// Writes one field of a record; gets the record and its 0-based position in the table.
pub type CellFn<T> = Box<dyn Fn(&T, usize) -> Cell>;

/// One column.
pub struct Col<T> {
    /// A top header spanning several sub-columns (two-row headers), or none.
    pub group: Option<String>,
    /// The header as written.
    pub head: String,
    /// The field this column shows (for raw overrides and planted problems).
    pub field: &'static str,
    /// How the field is written.
    pub write: CellFn<T>,
    /// Equal values of consecutive records are merged into one cell (grouping columns).
    pub merge_down: bool,
    /// Width in characters.
    pub width: f64,
}

/// A column under a one-row header.
pub fn col<T>(
    head: &str,
    field: &'static str,
    width: f64,
    write: impl Fn(&T, usize) -> Cell + 'static,
) -> Col<T> {
    Col {
        group: None,
        head: head.into(),
        field,
        write: Box::new(write),
        merge_down: false,
        width,
    }
}

impl<T> Col<T> {
    /// Puts the column under a top header of a two-row header.
    pub fn under(mut self, group: &str) -> Col<T> {
        self.group = Some(group.into());
        self
    }

    /// Merges equal values of consecutive records.
    pub fn merged(mut self) -> Col<T> {
        self.merge_down = true;
        self
    }
}

/// The 序号 column.
pub fn index_col<T>(head: &str) -> Col<T> {
    col(head, "index", 6.0, |_: &T, i| Cell::Num((i + 1) as f64))
}

/// A record with its planted mess.
#[derive(Debug, Clone)]
pub struct Rec<T> {
    /// The truth.
    pub v: T,
    /// Cells written instead of the rendered value, by field.
    pub raw: Vec<(&'static str, Cell)>,
    /// Problems planted in this record.
    pub planted: Vec<Planted>,
}

/// A planted problem, before the renderer knows its row.
#[derive(Debug, Clone)]
pub struct Planted {
    /// The field whose column the problem points at ("" for none).
    pub field: &'static str,
    /// Finding code.
    pub code: &'static str,
    /// Explanation.
    pub note: String,
}

impl<T> Rec<T> {
    /// A clean record.
    pub fn new(v: T) -> Rec<T> {
        Rec {
            v,
            raw: vec![],
            planted: vec![],
        }
    }

    /// Writes `cell` in the field's column instead of the rendered value.
    pub fn raw(mut self, field: &'static str, cell: Cell) -> Rec<T> {
        self.raw.push((field, cell));
        self
    }

    /// Plants a problem pointing at the field's column.
    pub fn plant(mut self, field: &'static str, code: &'static str, note: &str) -> Rec<T> {
        self.planted.push(Planted {
            field,
            code,
            note: note.into(),
        });
        self
    }
}

/// What goes into the table body.
pub enum Item<'a, T> {
    /// A record.
    Rec(&'a Rec<T>),
    /// An empty row inside the table.
    Blank,
    /// A row with only the next 序号 filled in (a pre-numbered template).
    IndexOnly,
    /// The header again (two tables pasted into one sheet).
    Header,
    /// Any other row (totals), cells as given.
    Line(Vec<Cell>),
    /// A note or signature under the table, merged across its width when `merged`.
    Note(String, bool),
}

/// Every record of a list as a table item, in order.
pub fn records<T>(recs: &[Rec<T>]) -> Vec<Item<'_, T>> {
    recs.iter().map(Item::Rec).collect()
}

/// A table layout.
pub struct Table<T> {
    /// Columns.
    pub cols: Vec<Col<T>>,
    /// A title row merged across the table.
    pub title: Option<String>,
    /// Info rows (填报部门：…) under the title, merged across the table.
    pub info: Vec<String>,
    /// Blank rows before the first of title/info/header.
    pub top_gap: u32,
    /// Blank rows between title/info and the header.
    pub gap: u32,
}

impl<T> Table<T> {
    /// A bare table: header on row 1.
    pub fn new(cols: Vec<Col<T>>) -> Table<T> {
        Table {
            cols,
            title: None,
            info: vec![],
            top_gap: 0,
            gap: 0,
        }
    }

    /// Position of the column showing `field`.
    pub fn pos(&self, field: &str) -> Option<usize> {
        self.cols.iter().position(|c| c.field == field)
    }

    fn head_of(&self, field: &str) -> String {
        self.pos(field)
            .map(|i| self.cols[i].head.clone())
            .unwrap_or_default()
    }
}

/// Where the grid will be saved: the inbox-relative file and the sheet name as jiaoke
/// reports it (empty for CSV).
#[derive(Debug, Clone)]
pub struct At {
    /// File relative to the inbox.
    pub file: String,
    /// Sheet name, empty for CSV.
    pub sheet: String,
}

impl At {
    /// A sheet of a workbook.
    pub fn sheet(file: &str, sheet: &str) -> At {
        At {
            file: file.into(),
            sheet: sheet.into(),
        }
    }

    /// A CSV file.
    pub fn csv(file: &str) -> At {
        At {
            file: file.into(),
            sheet: String::new(),
        }
    }

    fn prov(&self, row: u32) -> Prov {
        Prov {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row,
        }
    }
}

fn write_header<T>(g: &mut Grid, t: &Table<T>) {
    let two = t.cols.iter().any(|c| c.group.is_some());
    if !two {
        g.push(
            RowStyle::Header,
            t.cols.iter().map(|c| Cell::text(&c.head)).collect(),
        );
        return;
    }
    let top = g.rows.len() as u32;
    let first: Vec<Cell> = t
        .cols
        .iter()
        .enumerate()
        .map(|(i, c)| match &c.group {
            None => Cell::text(&c.head),
            // Only the first sub-column holds the group's text; the rest is merged into it.
            Some(gr) if i == 0 || t.cols[i - 1].group.as_ref() != Some(gr) => Cell::text(gr),
            Some(_) => Cell::Empty,
        })
        .collect();
    let second: Vec<Cell> = t
        .cols
        .iter()
        .map(|c| {
            if c.group.is_some() {
                Cell::text(&c.head)
            } else {
                Cell::Empty
            }
        })
        .collect();
    g.push(RowStyle::Header, first);
    g.push(RowStyle::Header, second);
    let mut i = 0;
    while i < t.cols.len() {
        match &t.cols[i].group {
            None => {
                g.merge(top, i as u16, top + 1, i as u16);
                i += 1;
            }
            Some(gr) => {
                let mut j = i;
                while j + 1 < t.cols.len() && t.cols[j + 1].group.as_ref() == Some(gr) {
                    j += 1;
                }
                if j > i {
                    g.merge(top, i as u16, top, j as u16);
                }
                i = j + 1;
            }
        }
    }
}

/// Renders a table into `g` (after whatever `g` already holds) and registers every record and
/// planted problem. Returns the Excel row of each record, in order.
pub fn render<T: ToExp>(
    g: &mut Grid,
    t: &Table<T>,
    items: &[Item<T>],
    at: &At,
    truth: &mut Truth,
) -> Vec<u32> {
    let width = t.cols.len() as u16;
    if g.widths.is_empty() {
        g.widths = t.cols.iter().map(|c| c.width).collect();
    }
    for _ in 0..t.top_gap {
        g.push(RowStyle::Note, vec![]);
    }
    if let Some(title) = &t.title {
        let r = g.push(RowStyle::Title, vec![Cell::text(title)]);
        g.merge(r - 1, 0, r - 1, width - 1);
    }
    for info in &t.info {
        let r = g.push(RowStyle::Info, vec![Cell::text(info)]);
        g.merge(r - 1, 0, r - 1, width - 1);
    }
    for _ in 0..t.gap {
        g.push(RowStyle::Note, vec![]);
    }
    write_header(g, t);
    let mut seq = 0usize;
    let mut rows = vec![];
    for item in items {
        match item {
            Item::Rec(rec) => {
                let cells: Vec<Cell> = t
                    .cols
                    .iter()
                    .map(|c| match rec.raw.iter().find(|(f, _)| *f == c.field) {
                        Some((_, cell)) => cell.clone(),
                        None => (c.write)(&rec.v, seq),
                    })
                    .collect();
                let row = g.push(RowStyle::Body, cells.clone());
                for e in rec.v.exp() {
                    truth.record(e, at.prov(row));
                }
                for p in &rec.planted {
                    let value = t
                        .pos(p.field)
                        .map(|i| cells[i].raw_text())
                        .unwrap_or_default();
                    truth.problem(Problem {
                        file: at.file.clone(),
                        sheet: at.sheet.clone(),
                        row: Some(row),
                        column: t.head_of(p.field),
                        code: p.code,
                        value,
                        note: p.note.clone(),
                    });
                }
                rows.push(row);
                seq += 1;
            }
            Item::Blank => {
                g.push(RowStyle::Body, vec![]);
            }
            Item::IndexOnly => {
                let mut cells = vec![Cell::Empty; width as usize];
                if let Some(i) = t.pos("index") {
                    cells[i] = Cell::Num((seq + 1) as f64);
                }
                g.push(RowStyle::Body, cells);
                seq += 1;
            }
            Item::Header => write_header(g, t),
            Item::Line(cells) => {
                g.push(RowStyle::Body, cells.clone());
            }
            Item::Note(text, merged) => {
                let r = g.push(RowStyle::Note, vec![Cell::text(text)]);
                if *merged {
                    g.merge(r - 1, 0, r - 1, width - 1);
                }
            }
        }
    }
    merge_down(g, t, &rows);
    rows
}

/// Merges equal values of consecutive record rows in grouping columns: the top cell keeps
/// the value, the others become empty (as calamine reads them).
fn merge_down<T>(g: &mut Grid, t: &Table<T>, rows: &[u32]) {
    for (c, col) in t.cols.iter().enumerate() {
        if !col.merge_down {
            continue;
        }
        let c = c as u16;
        let mut i = 0;
        while i < rows.len() {
            let start = rows[i] - 1;
            let value = g.rows[start as usize]
                .1
                .get(c as usize)
                .cloned()
                .unwrap_or(Cell::Empty);
            let mut j = i;
            while j + 1 < rows.len()
                && rows[j + 1] == rows[j] + 1
                && g.rows[(rows[j + 1] - 1) as usize].1.get(c as usize) == Some(&value)
            {
                j += 1;
            }
            if j > i && value != Cell::Empty {
                let end = rows[j] - 1;
                for r in start + 1..=end {
                    g.set(r, c, Cell::Empty);
                }
                g.merge(start, c, end, c);
            }
            i = j + 1;
        }
    }
}
