//! The one renderer of the sheets jiaoke writes: every report sheet, 问题清单 and the sheets of
//! 数据汇总. A sheet is *declared* — its title, its blocks (caption, columns with label, header
//! group, width cap and choices, rows), notes and charts — and [`write`] lays it out in the
//! house style of [`super::workbook`], choosing the page setup by one rule. Report modules
//! count and declare; nothing else of theirs touches a worksheet.
//!
//! A sheet is one of two shapes:
//!
//! - a **list**: one block without caption (a detail list, 按教师). Its header is frozen,
//!   filtered and repeated on every printed page; a list that would spill a few rows onto a
//!   second page is shrunk onto one;
//! - a **form**: several captioned blocks one under the other (汇总, 概况, 学时分布), with
//!   charts under or beside them, printed on one page.
//!
//! Either way: A4, fit to one page wide, landscape when the columns (and charts beside them)
//! are wider than [`LANDSCAPE_ABOVE`](super::workbook::LANDSCAPE_ABOVE), page numbers in the footer, every row as tall as its
//! wrapped text.
//!
//! ```
//! use jiaoke::report::layout::{Block, Column, Sheet, write};
//! use jiaoke::report::workbook::{Cell, Letterhead};
//!
//! let mut block = Block::new(vec![Column::new("教研组"), Column::new("篇数")]);
//! block.push(vec![Cell::Text("数学组".into()), Cell::Number(3.0)]);
//! block.push_totals("合计");
//! let sheet = Sheet::new("汇总", "论文统计").block(block).note("本表由 jiaoke 生成。");
//! let mut wb = rust_xlsxwriter::Workbook::new();
//! write(&mut wb, &Letterhead::default(), &sheet).unwrap();
//! assert!(wb.save_to_buffer().is_ok());
//! ```

use rust_xlsxwriter::{
    Chart as XlsxChart, ChartDataLabel, ChartFont, ChartLegendPosition, ChartType, DataValidation,
    DataValidationErrorStyle, Workbook, Worksheet, XlsxError,
};

use super::listed::FrameRows;
use super::workbook::{
    BODY_FONT, Cell, Letterhead, Styles, WidthMeter, end_rows, fitted_row_height, heading,
    merge_text, page_setup, set_height, wide, write_cells, write_text,
};
use crate::text::display_width;
use std::borrow::Cow;

/// The first row under the title and the 填报单位 line.
const FIRST_ROW: u32 = 2;
/// Excel's default row height, in points (the blank rows between blocks).
const DEFAULT_ROW_HEIGHT: f64 = 15.0;
/// A chart beside the tables: its size in pixels and the rows it takes.
const BESIDE_CHART: (u32, u32) = (520, 280);
const BESIDE_CHART_ROWS: u32 = 15;
/// A chart under the tables: its height in pixels and the rows it takes.
const BELOW_CHART_HEIGHT: u32 = 300;
const BELOW_CHART_ROWS: u32 = BELOW_CHART_HEIGHT / 20 + 2;
/// Columns a chart beside the tables spans (for the title over them).
const BESIDE_CHART_COLUMNS: u16 = 8;

/// One column of a block.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Column {
    /// Header text (`\n` for a line break).
    pub label: String,
    /// A label over this and the adjacent columns of the same group (a second header row).
    pub group: Option<String>,
    /// The widest the column gets; longer text wraps.
    pub cap: Option<f64>,
    /// The narrowest the column gets (room to write in by hand).
    pub min: Option<f64>,
    /// A drop-down list of the values the column takes (filled in by hand).
    pub choices: Vec<String>,
    /// What the column shows in the totals row (see [`Block::push_totals`]).
    pub total: Total,
}

/// What a column shows in its block's totals row.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Total {
    /// The sum of its numbers, when it has any.
    #[default]
    Auto,
    /// The sum of its numbers, 0 when it has none (an hours column whose empty cells mean 0).
    Sum,
    /// Nothing (a requirement, a rate: no sum means anything).
    Nothing,
    /// This text (`41 人`).
    Text(String),
}

impl Column {
    /// A column headed `label`.
    pub fn new(label: impl Into<String>) -> Column {
        Column {
            label: label.into(),
            ..Column::default()
        }
    }

    /// Caps the width: longer text wraps.
    #[must_use]
    pub fn cap(mut self, width: f64) -> Column {
        self.cap = Some(width);
        self
    }

    /// Keeps the column at least this wide.
    #[must_use]
    pub fn min(mut self, width: f64) -> Column {
        self.min = Some(width);
        self
    }

    /// Puts the column under a group label (a two-row header).
    #[must_use]
    pub fn under(mut self, group: &str) -> Column {
        self.group = Some(group.to_string());
        self
    }

    /// Sets what the column shows in the totals row.
    #[must_use]
    pub fn total(mut self, total: Total) -> Column {
        self.total = total;
        self
    }

    /// Offers a drop-down list of these values in the body rows.
    #[must_use]
    pub fn choices(mut self, values: &[&str]) -> Column {
        self.choices = values.iter().map(|v| v.to_string()).collect();
        self
    }
}

/// Columns from plain labels.
pub fn columns<S: AsRef<str>>(labels: &[S]) -> Vec<Column> {
    labels.iter().map(|l| Column::new(l.as_ref())).collect()
}

/// A header of four characters or more over two lines, so that number columns stay narrow:
/// after a `/`, around `未注明`, else in the middle.
///
/// ```
/// use jiaoke::report::layout::two_lines;
/// assert_eq!(two_lines("集中培训"), "集中\n培训");
/// assert_eq!(two_lines("其他/未注明"), "其他/\n未注明");
/// assert_eq!(two_lines("未注明级别"), "未注明\n级别");
/// assert_eq!(two_lines("级别未注明"), "级别\n未注明");
/// assert_eq!(two_lines("校级"), "校级");
/// ```
pub fn two_lines(h: &str) -> String {
    let chars: Vec<char> = h.chars().collect();
    let n = chars.len();
    let at = if let Some(slash) = chars.iter().position(|&c| c == '/') {
        slash + 1
    } else if h.starts_with("未注明") && n > 3 {
        3
    } else if h.ends_with("未注明") && n > 3 {
        n - 3
    } else if n >= 4 {
        n / 2
    } else {
        return h.to_string();
    };
    let (a, b) = chars.split_at(at);
    format!(
        "{}\n{}",
        a.iter().collect::<String>(),
        b.iter().collect::<String>()
    )
}

/// One row of a block; bold rows are subtotals and totals.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The cells, one per column.
    pub cells: Vec<Cell>,
    /// Written bold.
    pub bold: bool,
}

/// A table on a sheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Block {
    /// A bold line above the table (`一、论文获奖（单位：篇）`).
    pub caption: Option<String>,
    /// The columns.
    pub columns: Vec<Column>,
    /// Numbered rows read from a frame as they are written ([`Block::listed`]), before
    /// `rows`.
    pub listed: Option<FrameRows>,
    /// The rows, in order (after the listed ones).
    pub rows: Vec<Row>,
}

impl Block {
    /// An empty table with these columns.
    pub fn new(columns: Vec<Column>) -> Block {
        Block {
            columns,
            ..Block::default()
        }
    }

    /// A numbered list: a 序号 column, then `columns`; one row per item of `rows`.
    pub fn numbered(columns: impl IntoIterator<Item = Column>, rows: Vec<Vec<Cell>>) -> Block {
        let mut b = Block::new(
            std::iter::once(Column::new("序号"))
                .chain(columns)
                .collect(),
        );
        for (i, row) in rows.into_iter().enumerate() {
            b.push(std::iter::once(Cell::count(i + 1)).chain(row).collect());
        }
        b
    }

    /// A numbered list of a frame's records: a 序号 column, then `columns`; the rows are made
    /// from the frame as they are measured and written, never held as cells.
    pub fn listed(columns: impl IntoIterator<Item = Column>, rows: FrameRows) -> Block {
        Block {
            listed: Some(rows),
            ..Block::numbered(columns, Vec::new())
        }
    }

    /// Every row of the block, the listed ones first, each with whether it is bold.
    fn for_each_row(&self, mut f: impl FnMut(&[Cell], bool)) {
        for row in self.listed.iter().flat_map(FrameRows::rows) {
            f(&row, false);
        }
        for row in &self.rows {
            f(&row.cells, row.bold);
        }
    }

    /// Sets the caption.
    #[must_use]
    pub fn caption(mut self, caption: impl Into<String>) -> Block {
        self.caption = Some(caption.into());
        self
    }

    /// Adds a body row.
    pub fn push(&mut self, cells: Vec<Cell>) {
        self.rows.push(Row { cells, bold: false });
    }

    /// Adds a bold row (a subtotal, or the totals row at the end).
    pub fn push_total(&mut self, cells: Vec<Cell>) {
        self.rows.push(Row { cells, bold: true });
    }

    /// Adds the totals row: `label`, then what each column declares ([`Column::total`]);
    /// sums are over the body rows, not the bold ones.
    pub fn push_totals(&mut self, label: &str) {
        // Per column: the sum of the body's numbers, None when it has none.
        let mut sums: Vec<Option<f64>> = vec![None; self.columns.len()];
        self.for_each_row(|cells, bold| {
            for (sum, cell) in sums.iter_mut().zip(cells).filter(|_| !bold) {
                if let Cell::Number(v) | Cell::Alert(v) = cell {
                    *sum = Some(sum.unwrap_or(0.0) + v);
                }
            }
        });
        let mut cells = vec![Cell::Text(label.to_string())];
        for (col, sum) in self.columns.iter().zip(sums).skip(1) {
            cells.push(match &col.total {
                Total::Nothing => Cell::Empty,
                Total::Text(t) => Cell::Text(t.clone()),
                Total::Sum => Cell::Number(sum.unwrap_or(0.0) + 0.0),
                Total::Auto => sum.map_or(Cell::Empty, Cell::Number),
            });
        }
        self.push_total(cells);
    }

    fn two_header_rows(&self) -> bool {
        self.columns.iter().any(|c| c.group.is_some())
    }

    /// The body rows before the first bold one (those that take a drop-down list).
    fn plain_rows(&self) -> usize {
        let listed = self.listed.as_ref().map_or(0, FrameRows::len);
        listed + self.rows.iter().take_while(|r| !r.bold).count()
    }
}

/// What a chart draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Vertical columns.
    Column,
    /// Vertical columns, the series stacked.
    StackedColumn,
    /// Horizontal bars, categories top to bottom.
    Bar,
}

/// A chart of a block's rows: the categories are the first column of its first `rows` rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Chart type.
    pub kind: ChartKind,
    /// Chart title.
    pub title: String,
    /// Index of the block charted.
    pub block: usize,
    /// How many body rows are categories (the totals row is not).
    pub rows: usize,
    /// (series name, column) per series; a chart of one unnamed series has no legend and
    /// shows its values on the bars.
    pub series: Vec<(String, u16)>,
    /// Beside the tables (right of them), else under them.
    pub beside: bool,
}

/// A declared sheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// Sheet tab name.
    pub name: String,
    /// Merged title over the sheet (the school's name included by the caller).
    pub title: String,
    /// Tables, one under the other.
    pub blocks: Vec<Block>,
    /// Note lines under everything.
    pub notes: Vec<String>,
    /// Charts.
    pub charts: Vec<Chart>,
}

impl Sheet {
    /// An empty sheet.
    pub fn new(name: &str, title: impl Into<String>) -> Sheet {
        Sheet {
            name: name.into(),
            title: title.into(),
            ..Sheet::default()
        }
    }

    /// Adds a table.
    #[must_use]
    pub fn block(mut self, block: Block) -> Sheet {
        self.blocks.push(block);
        self
    }

    /// Adds a note line.
    #[must_use]
    pub fn note(mut self, line: impl Into<String>) -> Sheet {
        self.notes.push(line.into());
        self
    }

    /// Adds note lines.
    #[must_use]
    pub fn notes(mut self, lines: impl IntoIterator<Item = String>) -> Sheet {
        self.notes.extend(lines);
        self
    }

    /// Adds a chart.
    #[must_use]
    pub fn chart(mut self, chart: Chart) -> Sheet {
        self.charts.push(chart);
        self
    }

    /// A list has one block without caption; anything else is a form.
    fn is_list(&self) -> bool {
        self.blocks.len() == 1 && self.blocks[0].caption.is_none()
    }

    fn ncols(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| b.columns.len())
            .max()
            .unwrap_or(1)
            .max(1)
    }

    /// Columns the title spans: the tables', and those of charts beside them.
    fn span(&self) -> u16 {
        let beside = self.charts.iter().any(|c| c.beside);
        self.ncols() as u16 + if beside { 1 + BESIDE_CHART_COLUMNS } else { 0 }
    }
}

/// Where a block went (0-based rows).
#[derive(Debug, Clone, Copy)]
struct Placed {
    first_header: u32,
    last_header: u32,
    first_row: u32,
    end_row: u32,
    /// Height of the header and body rows, in points.
    height: f64,
}

/// Writes a declared sheet into the workbook.
///
/// # Errors
/// rust_xlsxwriter's errors (a sheet name too long or repeated).
pub fn write(wb: &mut Workbook, head: &Letterhead, sheet: &Sheet) -> Result<(), XlsxError> {
    // Low-memory mode: each row goes to a temporary file once the next one is begun, so a
    // district's long lists are not held as cells (rows are written in order).
    let ws = wb.add_worksheet_with_low_memory()?.set_name(&sheet.name)?;
    write_on(ws, head, sheet)
}

/// Writes a declared sheet on a worksheet already added, named, and streamed in low- or
/// constant-memory mode (as sheets written side by side are: see
/// [`super::summary::summary_book`]).
///
/// # Errors
/// rust_xlsxwriter's errors.
pub fn write_on(ws: &mut Worksheet, head: &Letterhead, sheet: &Sheet) -> Result<(), XlsxError> {
    let st = head.styles();
    let widths = widths(sheet);
    heading(ws, &st, head, &sheet.title, sheet.span())?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let mut r = FIRST_ROW;
    let mut placed = Vec::with_capacity(sheet.blocks.len());
    for block in &sheet.blocks {
        let at = place(ws, &st, r, block, &widths)?;
        validations(ws, &st, block, &at)?;
        r = at.end_row + 1;
        placed.push(at);
    }
    r = charts(ws, sheet, &placed, &widths, r)?;
    let below = notes(ws, &st, r, &widths, &sheet.notes)?;
    end_rows(ws, &st, r + sheet.notes.len() as u32)?;
    if sheet.is_list() {
        let landscape = wide(widths.iter().sum());
        page_setup(ws, landscape);
        let at = placed[0];
        list_setup(ws, sheet, &at)?;
        let height = HEADING_HEIGHT + at.height;
        keep_on_one_page(ws, landscape, points(&widths, 0), height, below);
    } else {
        let beside = sheet.charts.iter().filter(|c| c.beside).count() as u32;
        // Columns right of the tables, under the title, are Excel's default 64 pixels; the
        // charts beside the tables start one column after them.
        let right = u32::from(sheet.span()) - widths.len() as u32;
        let right_px = if beside > 0 {
            (right * 64).max(64 + BESIDE_CHART.0 + 10)
        } else {
            right * 64
        };
        let width = points(&widths, right_px);
        let charts_height = f64::from(beside * BESIDE_CHART_ROWS) * DEFAULT_ROW_HEIGHT;
        let height = form_height(sheet, &placed, r).max(HEADING_HEIGHT + charts_height) + below;
        page_setup(ws, scale(true, width, height) > scale(false, width, height));
        ws.set_print_fit_to_pages(1, 1);
    }
    Ok(())
}

/// The title and 填报单位 rows, in points.
const HEADING_HEIGHT: f64 = 30.0 + DEFAULT_ROW_HEIGHT;

/// A4 in points, less the house margins (0.5in left and right, 0.75in top and bottom).
fn page(landscape: bool) -> (f64, f64) {
    if landscape {
        (842.0 - 72.0, 595.0 - 108.0)
    } else {
        (595.0 - 72.0, 842.0 - 108.0)
    }
}

/// The width in points of columns of these widths (Excel: w * 7 + 5 pixels, 0.75pt a
/// pixel), and of `extra_px` pixels beside them.
fn points(widths: &[f64], extra_px: u32) -> f64 {
    widths.iter().map(|w| (w * 7.0 + 5.0) * 0.75).sum::<f64>() + f64::from(extra_px) * 0.75
}

/// How much a page of this orientation shrinks content `width` × `height` points to fit.
fn scale(landscape: bool, width: f64, height: f64) -> f64 {
    let (w, h) = page(landscape);
    (w / width).min(h / height).min(1.0)
}

/// A form's height in points down to row `end` (blocks, captions, blank rows, charts under
/// them), without its notes.
fn form_height(sheet: &Sheet, placed: &[Placed], end: u32) -> f64 {
    let blocks: f64 = placed.iter().map(|p| p.height).sum();
    let captions = sheet.blocks.iter().filter(|b| b.caption.is_some()).count() as f64 * 22.0;
    let last = placed.last().map_or(FIRST_ROW, |p| p.end_row);
    // Blank rows between blocks and the rows charts under them take.
    let other_rows = placed.len() as f64 + f64::from(end.saturating_sub(last + 1));
    HEADING_HEIGHT + blocks + captions + other_rows * DEFAULT_ROW_HEIGHT
}

/// A list's header: frozen, repeated on every page, filtered when it is one row.
fn list_setup(ws: &mut Worksheet, sheet: &Sheet, at: &Placed) -> Result<(), XlsxError> {
    ws.set_freeze_panes(at.first_row, 0)?;
    ws.set_repeat_rows(at.first_header, at.last_header)?;
    let block = &sheet.blocks[0];
    if at.first_header == at.last_header && block.plain_rows() > 0 {
        let last_col = block.columns.len().max(1) as u16 - 1;
        let last_row = at.first_row + block.plain_rows() as u32 - 1;
        ws.autofilter(at.first_header, 0, last_row, last_col)?;
    }
    Ok(())
}

/// Column widths fitting every block's headers and cells (display widths: a CJK character
/// counts two), within each column's cap and minimum.
fn widths(sheet: &Sheet) -> Vec<f64> {
    let n = sheet.ncols();
    let mut meter = WidthMeter::new(n);
    for b in &sheet.blocks {
        for (c, col) in b.columns.iter().enumerate() {
            meter.feed(c, &col.label);
        }
        if let Some(list) = &b.listed {
            list.measure(&mut meter);
        }
        for row in &b.rows {
            for (c, cell) in row.cells.iter().enumerate() {
                meter.feed_cell(c, cell);
            }
        }
    }
    let mut widths = meter.widths();
    for b in &sheet.blocks {
        for (w, col) in widths.iter_mut().zip(&b.columns) {
            if let Some(cap) = col.cap {
                *w = w.min(cap);
            }
            if let Some(min) = col.min {
                *w = w.max(min);
            }
        }
    }
    // A form's few narrow columns are widened until the 16pt title fits over them; a list's
    // title shrinks to fit its columns instead (the house title format).
    if !sheet.is_list() {
        // Unset columns under the title are 8.43 wide.
        let spanned = widths.iter().sum::<f64>() + f64::from(sheet.span() - n as u16) * 8.43;
        let needed = display_width(&sheet.title) as f64 * 1.6 + 4.0;
        if spanned < needed {
            let extra = (needed - spanned) / n as f64;
            widths.iter_mut().for_each(|w| *w += extra);
        }
    }
    widths
}

/// The height of a header row whose labels take at most `lines` lines (None: the default).
fn header_height(lines: impl Iterator<Item = usize>) -> Option<f64> {
    let lines = lines.max().unwrap_or(1);
    (lines > 1).then_some(14.0 * lines as f64 + 2.0)
}

fn lines_in(s: &str) -> usize {
    s.lines().count().max(1)
}

/// Writes a block from row `start` (its caption first, if any).
fn place(
    ws: &mut Worksheet,
    st: &Styles,
    start: u32,
    b: &Block,
    widths: &[f64],
) -> Result<Placed, XlsxError> {
    let mut r = start;
    if let Some(caption) = &b.caption {
        ws.set_row_height(r, 22)?;
        write_text(ws, r, 0, caption, &st.caption, st)?;
        r += 1;
    }
    let (first_header, last_header, mut height) = headers(ws, st, r, b)?;
    let first_row = last_header + 1;
    let mut r = first_row;
    let listed = b.listed.iter().flat_map(FrameRows::rows);
    let rows = listed.map(|cells| (Cow::Owned(cells), false));
    for (cells, bold) in rows.chain(b.rows.iter().map(|r| (Cow::Borrowed(&r.cells), r.bold))) {
        let h = fitted_row_height(&cells, widths);
        set_height(ws, r, h)?;
        height += h;
        write_cells(ws, r, &cells, st, bold)?;
        r += 1;
    }
    Ok(Placed {
        first_header,
        last_header,
        first_row,
        end_row: r,
        height,
    })
}

/// Writes a block's header at row `r`: one row, or two when columns are grouped (a group
/// label merged over its columns, an ungrouped label merged down both rows). Returns the
/// first and last header rows and their height.
fn headers(
    ws: &mut Worksheet,
    st: &Styles,
    r: u32,
    b: &Block,
) -> Result<(u32, u32, f64), XlsxError> {
    let two = b.two_header_rows();
    let last = if two { r + 1 } else { r };
    let (top, bottom) = if two {
        let groups = b.columns.iter().filter_map(|c| c.group.as_deref());
        let subs = b.columns.iter().map(|c| match c.group {
            Some(_) => lines_in(&c.label),
            // A label spanning both rows needs their joint height.
            None => lines_in(&c.label).saturating_sub(1),
        });
        (header_height(groups.map(lines_in)), header_height(subs))
    } else {
        (
            header_height(b.columns.iter().map(|c| lines_in(&c.label))),
            None,
        )
    };
    // Heights first: a row is written out once the next is begun.
    let mut height = 0.0;
    for (row, h) in [(r, top), (last, bottom)]
        .into_iter()
        .take(1 + usize::from(two))
    {
        if let Some(h) = h {
            ws.set_row_height(row, h)?;
        }
        height += h.unwrap_or(DEFAULT_ROW_HEIGHT);
    }
    // Row by row, left to right: sheets are written in row order (see [`write`]).
    let mut c = 0;
    while c < b.columns.len() {
        let col = &b.columns[c];
        let label = col.group.as_ref().unwrap_or(&col.label);
        let n = match &col.group {
            Some(g) => b.columns[c..]
                .iter()
                .take_while(|o| o.group.as_ref() == Some(g))
                .count(),
            None => 1,
        };
        let rows = if col.group.is_some() {
            (r, r)
        } else {
            (r, last)
        };
        merge_text(
            ws,
            rows,
            (c as u16, (c + n - 1) as u16),
            label,
            &st.header,
            st,
        )?;
        c += n;
    }
    if two {
        for (c, col) in b.columns.iter().enumerate() {
            if col.group.is_some() {
                write_text(ws, last, c as u16, &col.label, &st.header, st)?;
            }
        }
    }
    Ok((r, last, height))
}

/// Drop-down lists on the body rows of columns that offer choices.
fn validations(ws: &mut Worksheet, st: &Styles, b: &Block, at: &Placed) -> Result<(), XlsxError> {
    let rows = b.plain_rows() as u32;
    for (c, col) in b.columns.iter().enumerate() {
        if col.choices.is_empty() || rows == 0 {
            continue;
        }
        let listing = col.choices.join("、");
        let choices = DataValidation::new()
            .allow_list_strings(&col.choices)?
            .set_error_title(st.cell_text(&col.label).as_ref())?
            .set_error_message(st.cell_text(&format!("请从下拉列表中选择：{listing}")))?
            .set_error_style(DataValidationErrorStyle::Warning);
        let c = c as u16;
        ws.add_data_validation(at.first_row, c, at.first_row + rows - 1, c, &choices)?;
    }
    Ok(())
}

fn chart_font(size: f64, bold: bool) -> ChartFont {
    let mut f = ChartFont::new();
    f.set_name(BODY_FONT).set_size(size);
    if bold {
        f.set_bold();
    }
    f
}

/// Inserts the charts (skipping those with nothing to show); returns the row under them.
fn charts(
    ws: &mut Worksheet,
    sheet: &Sheet,
    placed: &[Placed],
    widths: &[f64],
    mut below: u32,
) -> Result<u32, XlsxError> {
    let mut beside = 0;
    for spec in &sheet.charts {
        let at = placed[spec.block];
        let Some(mut chart) = chart(sheet, spec, &at) else {
            continue;
        };
        if spec.beside {
            chart.set_width(BESIDE_CHART.0).set_height(BESIDE_CHART.1);
            let row = FIRST_ROW + 1 + beside * BESIDE_CHART_ROWS;
            ws.insert_chart_with_offset(row, sheet.ncols() as u16 + 1, &chart, 10, 0)?;
            beside += 1;
        } else {
            let px: f64 = widths.iter().map(|w| w * 7.0 + 5.0).sum();
            chart
                .set_width(px.min(900.0) as u32)
                .set_height(BELOW_CHART_HEIGHT);
            ws.insert_chart_with_offset(below, 0, &chart, 0, 4)?;
            below += BELOW_CHART_ROWS;
        }
    }
    Ok(below)
}

/// The chart a spec declares, or None when its values are all zero.
fn chart(sheet: &Sheet, spec: &Chart, at: &Placed) -> Option<XlsxChart> {
    let block = &sheet.blocks[spec.block];
    let rows = &block.rows[..spec.rows.min(block.rows.len())];
    let series: Vec<&(String, u16)> = spec
        .series
        .iter()
        .filter(|(_, c)| rows.iter().any(|r| number(r, *c) != 0.0))
        .collect();
    if series.is_empty() {
        return None;
    }
    let (first, last) = (at.first_row, at.first_row + rows.len() as u32 - 1);
    let mut chart = XlsxChart::new(match spec.kind {
        ChartKind::Column => ChartType::Column,
        ChartKind::StackedColumn => ChartType::ColumnStacked,
        ChartKind::Bar => ChartType::Bar,
    });
    let named = spec.series.iter().any(|(name, _)| !name.is_empty());
    let mut labels = ChartDataLabel::new();
    labels.show_value();
    for (name, c) in series {
        let s = chart
            .add_series()
            .set_categories((sheet.name.as_str(), first, 0, last, 0))
            .set_values((sheet.name.as_str(), first, *c, last, *c))
            .set_gap(60);
        if named {
            s.set_name(name.as_str());
        } else {
            s.set_data_label(&labels);
        }
    }
    style_chart(&mut chart, spec, rows, named);
    Some(chart)
}

/// The number a row shows in column `c` of a chart (0 for any other cell).
fn number(row: &Row, c: u16) -> f64 {
    match row.cells.get(usize::from(c)) {
        Some(Cell::Number(v)) => *v,
        _ => 0.0,
    }
}

/// The house style of charts: 宋体, whole numbers from 0, a legend only for named series.
fn style_chart(chart: &mut XlsxChart, spec: &Chart, rows: &[Row], named: bool) {
    chart
        .title()
        .set_name(&spec.title)
        .set_font(&chart_font(11.0, true));
    chart.x_axis().set_font(&chart_font(9.0, false));
    chart.y_axis().set_font(&chart_font(9.0, false));
    // The highest bar: a row's stacked series, or the largest single value.
    let highest = rows
        .iter()
        .map(|r| {
            let values = spec.series.iter().map(|(_, c)| number(r, *c));
            if spec.kind == ChartKind::StackedColumn {
                values.sum::<f64>()
            } else {
                values.fold(0.0, f64::max)
            }
        })
        .fold(0.0, f64::max);
    // A bar chart's value axis is its x axis, and its categories read top to bottom, as the
    // table lists them.
    let bar = spec.kind == ChartKind::Bar;
    if bar {
        chart.y_axis().set_reverse();
    }
    let values = if bar { chart.x_axis() } else { chart.y_axis() };
    values
        .set_font(&chart_font(9.0, false))
        .set_num_format("0")
        .set_min(0)
        .set_major_unit((highest / 6.0).ceil().max(1.0));
    if named {
        chart
            .legend()
            .set_position(ChartLegendPosition::Right)
            .set_font(&chart_font(9.0, false));
    } else {
        chart.legend().set_hidden();
    }
}

/// Writes note lines from row `start`, each merged over the columns and as tall as its text
/// needs; returns their height in points, with the blank row above them.
fn notes(
    ws: &mut Worksheet,
    st: &Styles,
    start: u32,
    widths: &[f64],
    lines: &[String],
) -> Result<f64, XlsxError> {
    let ncols = widths.len().max(1) as u16;
    let total: f64 = widths.iter().sum::<f64>().max(10.0);
    let mut height = DEFAULT_ROW_HEIGHT;
    for (i, line) in lines.iter().enumerate() {
        let r = start + i as u32;
        // About one display unit of 10pt text per column-width unit.
        let needed = ((display_width(line) as f64 + 4.0) / total).ceil().max(1.0);
        let h = 14.0 * needed + 2.0;
        ws.set_row_height(r, h)?;
        height += h;
        merge_text(ws, (r, r), (0, ncols - 1), line, &st.note, st)?;
    }
    Ok(height)
}

/// Prints a list on one page when fitting it to the page width would leave only a little of
/// it over (a few rows and the totals alone on a second sheet of paper): shrinking it is
/// better than a page to staple. Longer lists keep their pages. `width` and `height` are the
/// list's in points, with its title; `below` is the height of the notes under it, which
/// shrink with it.
///
/// A list estimated to fit is set to one page too: the estimate is approximate (column widths
/// in points differ between Excel, WPS and LibreOffice), and fitting never enlarges, so a
/// list that fits is printed as it is.
fn keep_on_one_page(ws: &mut Worksheet, landscape: bool, width: f64, height: f64, below: f64) {
    let (page_w, page_h) = page(landscape);
    let scale = (page_w / width).min(1.0);
    let spill = height * scale / page_h;
    // Everything on one page must not shrink below 75% of the width-fitted size.
    let shrink = page_h / ((height + below) * scale);
    if spill <= 1.25 && shrink >= 0.75 {
        ws.set_print_fit_to_pages(1, 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number_block() -> Block {
        let mut b = Block::new(vec![
            Column::new("级别"),
            Column::new("一等奖").under("获奖等次"),
            Column::new("二等奖").under("获奖等次"),
            Column::new("合计"),
        ]);
        b.push(vec![
            Cell::Text("省级".into()),
            Cell::Number(1.0),
            Cell::Number(2.0),
            Cell::Number(3.0),
        ]);
        b.push_totals("合计");
        b
    }

    fn grid(sheet: &Sheet) -> Vec<Vec<String>> {
        use calamine::Reader;
        let mut wb = Workbook::new();
        write(&mut wb, &Letterhead::default(), sheet).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range(&sheet.name).unwrap();
        range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn grouped_columns_take_two_header_rows() {
        let sheet = Sheet::new("表", "标题").block(number_block());
        let g = grid(&sheet);
        assert_eq!(g[0][0], "标题");
        assert_eq!(g[2][..2], ["级别".to_string(), "获奖等次".into()]);
        assert_eq!(g[3][1..3], ["一等奖".to_string(), "二等奖".into()]);
        assert_eq!(g[4], ["省级", "1", "2", "3"]);
        assert_eq!(g[5][0], "合计");
    }

    /// Sheets are written row by row: every row must come once, in order, with its height
    /// and merges (Excel repairs a workbook whose rows repeat).
    #[test]
    fn rows_are_written_once_in_order_with_their_heights_and_merges() {
        let list = Sheet::new("表", "标题").block(number_block());
        let form = Sheet::new("表", "标题")
            .block(number_block().caption("一、获奖"))
            .note("注：示例。");
        for sheet in [list, form] {
            let mut wb = Workbook::new();
            write(&mut wb, &Letterhead::default(), &sheet).unwrap();
            let xml = crate::report::testing::sheet_xml(&wb.save_to_buffer().unwrap(), 1);
            let rows: Vec<u32> = xml
                .split("<row r=\"")
                .skip(1)
                .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
                .collect();
            assert!(rows.windows(2).all(|w| w[0] < w[1]), "{rows:?}");
            assert!(xml.contains("<row r=\"1\" ht=\"30\""), "title height");
            // The group label over its two columns, the ungrouped labels down both rows.
            let first = if sheet.is_list() { 3 } else { 4 };
            for merge in [
                format!("B{first}:C{first}"),
                format!("A{first}:A{}", first + 1),
            ] {
                assert!(
                    xml.contains(&format!("<mergeCell ref=\"{merge}\"")),
                    "{merge}"
                );
            }
        }
    }

    #[test]
    fn blocks_go_one_under_the_other_with_captions_and_notes_last() {
        let sheet = Sheet::new("表", "标题")
            .block(number_block().caption("一、获奖"))
            .block(number_block().caption("二、发表"))
            .note("注：示例。");
        let g = grid(&sheet);
        let col_a: Vec<&str> = g.iter().map(|r| r[0].as_str()).collect();
        let at = |s: &str| col_a.iter().position(|c| *c == s).unwrap();
        assert!(at("一、获奖") < at("二、发表"));
        assert!(at("二、发表") < at("注：示例。"));
        assert_eq!(col_a.iter().filter(|c| **c == "省级").count(), 2);
    }

    #[test]
    fn the_totals_row_is_what_each_column_declares() {
        let mut b = Block::new(vec![
            Column::new("教研组"),
            Column::new("姓名").total(Total::Text("2 人".into())),
            Column::new("学时").total(Total::Sum),
            Column::new("应达").total(Total::Nothing),
            Column::new("差额"),
            Column::new("备注"),
        ]);
        for shortfall in [2.0, 0.0] {
            b.push(vec![
                Cell::text("数学组"),
                Cell::text("王静"),
                Cell::Empty,
                Cell::Number(72.0),
                Cell::Alert(shortfall),
                Cell::Empty,
            ]);
        }
        b.push_total(vec![Cell::text("小计"), Cell::Empty, Cell::Number(9.0)]);
        b.push_totals("合计");
        let totals = &b.rows.last().unwrap().cells;
        assert_eq!(
            totals,
            &[
                Cell::text("合计"),
                Cell::text("2 人"),
                Cell::Number(0.0),
                Cell::Empty,
                Cell::Number(2.0),
                Cell::Empty,
            ]
        );
    }

    #[test]
    fn caps_and_minimums_bound_the_widths() {
        let mut b = Block::new(vec![
            Column::new("题目").cap(20.0),
            Column::new("完成情况").min(12.0),
        ]);
        b.push(vec![Cell::Text("字".repeat(40)), Cell::Empty]);
        let w = widths(&Sheet::new("表", "").block(b));
        assert_eq!(w[0], 20.0);
        assert!(w[1] >= 12.0);
    }

    #[test]
    fn a_form_is_widened_until_its_title_fits() {
        let mut b = Block::new(columns(&["项", "数"])).caption("一、");
        b.push(vec![Cell::Text("a".into()), Cell::Number(1.0)]);
        let title = "某某实验小学教师培训学时分布（2023—2024学年）";
        let w = widths(&Sheet::new("表", title).block(b.clone()).block(b));
        assert!(w.iter().sum::<f64>() >= display_width(title) as f64 * 1.6 + 4.0 - 1e-9);
    }

    #[test]
    fn a_chart_of_zeros_is_left_out() {
        let mut b = Block::new(columns(&["级别", "篇数"])).caption("一、");
        b.push(vec![Cell::Text("省级".into()), Cell::Number(0.0)]);
        let spec = Chart {
            kind: ChartKind::Column,
            title: "图".into(),
            block: 0,
            rows: 1,
            series: vec![(String::new(), 1)],
            beside: false,
        };
        let sheet = Sheet::new("表", "标题").block(b).chart(spec.clone());
        let at = Placed {
            first_header: 3,
            last_header: 3,
            first_row: 4,
            end_row: 5,
            height: 0.0,
        };
        assert!(chart(&sheet, &spec, &at).is_none());
        let mut with_value = sheet.clone();
        with_value.blocks[0].rows[0].cells[1] = Cell::Number(2.0);
        assert!(chart(&with_value, &spec, &at).is_some());
    }
}
