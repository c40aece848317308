//! The house style of every workbook jiaoke writes: a merged title with the school, a
//! 填报单位 / 制表日期 line, a bold bordered header frozen in place, widths that fit Chinese
//! text, A4 print setup with the header repeated on every page and "第 &P 页 共 &N 页".
//!
//! rust_xlsxwriter's autofit counts a CJK character like a Latin one, so Chinese columns would
//! come out too narrow; widths here come from display widths ([`crate::text::display_width`]).
//!
//! Every text jiaoke puts into a worksheet passes [`sheet_text`] (through [`write_text`],
//! [`merge_text`], [`write_cells`] or [`Styles::cell_text`]): characters a workbook cannot hold
//! are replaced, personal numbers masked unless the school's policy says otherwise, and text
//! over Excel's cell limit cut with a visible marker. Text is always written as a string, never
//! as a formula.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};
use polars::prelude::{AnyValue, Column, DataFrame, PolarsResult};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use crate::privacy::mask_personal;
use crate::text::{EXCEL_CELL_LIMIT, display_width, excel_len};

/// Body font: what Chinese office documents use.
pub const BODY_FONT: &str = "宋体";
/// Title font.
pub const TITLE_FONT: &str = "黑体";
/// A4 in Excel's paper size codes.
const PAPER_A4: u8 = 9;
/// Widest a column gets before its text wraps.
const MAX_WIDTH: f64 = 46.0;
/// Narrowest column.
const MIN_WIDTH: f64 = 6.0;
/// Total width above which a sheet prints landscape.
pub const LANDSCAPE_ABOVE: f64 = 95.0;
/// The deflate level of the workbooks' zip container (1 fastest, 9 smallest; rust_xlsxwriter's
/// default is 6). Deflating was the costliest step of writing a district's workbooks. Measured
/// on 3,000 files: level 3 made the whole run 15 % faster than 6 for files 13 % larger; level 2
/// (zlib-rs's `deflate_fast`, no lazy matching) takes 8 % less CPU again than 3, 4.5 % fewer
/// instructions, for files 2–8 % larger for a school and 14 % for a district's 数据汇总
/// (3.5 → 4.0 MB); level 1 would be faster still for files 70 % larger, too much for
/// workbooks sent by e-mail.
pub const ZIP_LEVEL: u8 = 2;
/// Excel's tallest row, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;

/// How a text cut to fit a cell ends.
pub const CUT_MARKER: &str = "…（内容超过 Excel 单元格上限，已截断；完整内容见 CSV 文件）";

/// `text` made safe for a worksheet cell:
///
/// - control characters other than tab, line feed and carriage return, and U+FFFE/U+FFFF,
///   which XML 1.0 cannot hold (Excel would show `_x0001_`), become spaces;
/// - personal numbers are masked when `mask` is set ([`mask_personal`]);
/// - a text shaped like rich-text markup (`<r>…</r>`) gets a trailing space (see `not_markup`);
/// - text over Excel's 32,767-unit limit ([`crate::text::excel_len`]) is cut, ending with
///   [`CUT_MARKER`], the whole within the limit.
///
/// Borrows when nothing changes (most cells).
///
/// ```
/// use jiaoke::report::workbook::{CUT_MARKER, sheet_text};
/// assert_eq!(sheet_text("王静\u{1}320412198607153540", true), "王静 320412********3540");
/// assert_eq!(sheet_text("320412198607153540", false), "320412198607153540");
/// let long = "字".repeat(40_000);
/// let cut = sheet_text(&long, false);
/// assert!(cut.ends_with(CUT_MARKER) && cut.chars().count() <= 32_767);
/// ```
pub fn sheet_text(text: &str, mask: bool) -> Cow<'_, str> {
    let clean = xml_safe(text);
    let masked = match mask.then(|| mask_personal(&clean)) {
        Some(Cow::Owned(m)) => Some(m),
        _ => None,
    };
    cut_to_cell(not_markup(masked.map_or(clean, Cow::Owned)))
}

/// rust_xlsxwriter writes a shared string shaped `<r>…</r>` as raw rich-text XML (its own
/// rich strings are stored that way), so such a cell text would corrupt the workbook (`<r>a&b</r>`
/// is not XML). A trailing space, invisible in the cell, keeps it plain text.
fn not_markup(text: Cow<'_, str>) -> Cow<'_, str> {
    if text.starts_with("<r>") && text.ends_with("</r>") {
        Cow::Owned(format!("{text} "))
    } else {
        text
    }
}

fn xml_safe(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if text.contains(unsafe_char) {
        Cow::Owned(text.replace(unsafe_char, " "))
    } else {
        Cow::Borrowed(text)
    }
}

fn cut_to_cell(text: Cow<'_, str>) -> Cow<'_, str> {
    // A UTF-8 text never has more UTF-16 units than bytes.
    if text.len() <= EXCEL_CELL_LIMIT || excel_len(&text) <= EXCEL_CELL_LIMIT {
        return text;
    }
    let room = EXCEL_CELL_LIMIT - excel_len(CUT_MARKER);
    let mut units = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > room
        })
        .map_or(text.len(), |(i, _)| i);
    Cow::Owned(format!("{}{CUT_MARKER}", &text[..end]))
}

/// Writes `text` into a cell as a string (never a formula), made safe by [`sheet_text`].
///
/// # Errors
/// rust_xlsxwriter's errors (a cell outside the sheet).
pub fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
    styles: &Styles,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, styles.cell_text(text), format)?;
    Ok(())
}

/// Writes `text` over the cells `rows` × `cols` (inclusive), merged when they are more than
/// one, made safe by [`sheet_text`].
///
/// # Errors
/// rust_xlsxwriter's errors (overlapping merges).
pub fn merge_text(
    ws: &mut Worksheet,
    (first_row, last_row): (u32, u32),
    (first_col, last_col): (u16, u16),
    text: &str,
    format: &Format,
    styles: &Styles,
) -> Result<(), XlsxError> {
    if first_row == last_row && first_col == last_col {
        return write_text(ws, first_row, first_col, text, format, styles);
    }
    let text = styles.cell_text(text);
    ws.merge_range(first_row, first_col, last_row, last_col, &text, format)?;
    Ok(())
}

/// One cell of a table body.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A date, written as a real Excel date.
    Date(NaiveDate),
    /// A date known to the month only, written as text (`2023年11月`) centred like dates.
    Month(NaiveDate),
    /// A share, written as a percentage (`87.5%`).
    Share(f64),
    /// A number that asks for attention when above zero (a shortfall): red on pink.
    Alert(f64),
}

impl Cell {
    /// A count.
    pub fn count(n: usize) -> Cell {
        Cell::Number(n as f64)
    }

    /// A text, or nothing when it is empty.
    pub fn text(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    }

    /// A date, or nothing.
    pub fn date(d: Option<NaiveDate>) -> Cell {
        d.map_or(Cell::Empty, Cell::Date)
    }

    /// A frame value as a cell: dates as dates, numbers as numbers, name lists joined with
    /// `、`, nothing for null or empty text.
    pub fn of(v: &AnyValue) -> Cell {
        match v {
            AnyValue::Null => Cell::Empty,
            AnyValue::Date(days) => {
                let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
                Cell::Date(epoch + chrono::Duration::days(i64::from(*days)))
            }
            AnyValue::Float64(f) => Cell::Number(*f),
            AnyValue::UInt32(n) => Cell::Number(f64::from(*n)),
            AnyValue::Int32(n) => Cell::Number(f64::from(*n)),
            AnyValue::String(s) => Cell::text(s),
            other => Cell::text(&crate::normalize::frames::cell_text(other)),
        }
    }

    /// The text the cell shows, to size its column and row (a text borrowed, not copied).
    pub fn shown(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) => Cow::Borrowed(s),
            Cell::Number(n) => Cow::Owned(crate::table::format_number(*n)),
            Cell::Date(_) => Cow::Borrowed("2023-05-20"),
            Cell::Month(d) => Cow::Owned(month_text(*d)),
            Cell::Share(v) => Cow::Owned(format!("{:.1}%", v * 100.0)),
            Cell::Alert(n) => Cow::Owned(crate::table::format_number(*n)),
        }
    }
}

/// `2023年11月`.
fn month_text(d: NaiveDate) -> String {
    d.format("%Y年%-m月").to_string()
}

/// The column [`with_places`] adds: where a listed record was read, `file › sheet › 第N行`
/// (headed 来源文件 in the lists).
pub const PLACE: &str = "place";

/// `df` with a text column [`PLACE`]: where each record was read, `file › sheet › 第N行`.
///
/// # Errors
/// The provenance columns are missing (an internal error).
pub fn with_places(df: &DataFrame) -> PolarsResult<DataFrame> {
    use crate::normalize::columns::{ROW, SHEET, SOURCE_FILE};
    use crate::normalize::frames::{strings, uints};
    let (files, sheets, rows) = (
        strings(df, SOURCE_FILE)?,
        strings(df, SHEET)?,
        uints(df, ROW)?,
    );
    let places: Vec<String> = (0..df.height())
        .map(|i| {
            let place = crate::check::Place {
                file: files[i].unwrap_or(""),
                sheet: sheets[i].unwrap_or(""),
                row: rows[i].unwrap_or(0),
            };
            place.describe()
        })
        .collect();
    let mut out = df.clone();
    out.with_column(Column::new(PLACE.into(), places))?;
    Ok(out)
}

/// The formats of the house style.
#[derive(Debug, Clone)]
pub struct Styles {
    /// Sheet title.
    pub title: Format,
    /// 填报单位 / 制表日期 line.
    pub subtitle: Format,
    /// Column headers.
    pub header: Format,
    /// Body text.
    pub text: Format,
    /// Body numbers.
    pub number: Format,
    /// Body dates.
    pub date: Format,
    /// Totals row label.
    pub total_text: Format,
    /// Totals row numbers.
    pub total_number: Format,
    /// Highlighted number (a shortfall).
    pub alert_number: Format,
    /// Body percentages.
    pub percent: Format,
    /// Totals row percentages.
    pub total_percent: Format,
    /// A month as text, centred like the dates.
    pub month: Format,
    /// Caption above a table on a sheet of several (`一、论文获奖`).
    pub caption: Format,
    /// Note lines under a table.
    pub note: Format,
    /// Whether personal numbers are masked (the default; see [`Letterhead::full_numbers`]).
    pub mask_personal: bool,
}

impl Styles {
    /// `text` as it may go into a cell of these workbooks: see [`sheet_text`].
    pub fn cell_text<'a>(&self, text: &'a str) -> Cow<'a, str> {
        sheet_text(text, self.mask_personal)
    }
}

impl Default for Styles {
    fn default() -> Self {
        let body = Format::new()
            .set_font_name(BODY_FONT)
            .set_font_size(10.5)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let center = body.clone().set_align(FormatAlign::Center);
        Styles {
            title: Format::new()
                .set_font_name(TITLE_FONT)
                .set_font_size(16)
                .set_bold()
                .set_shrink()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: Format::new().set_font_name(BODY_FONT).set_font_size(10.5),
            header: center
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0xD9E1F2)),
            text: body.clone().set_text_wrap(),
            number: center.clone(),
            date: center.clone().set_num_format("yyyy-mm-dd"),
            total_text: center.clone().set_bold(),
            total_number: center.clone().set_bold(),
            percent: center.clone().set_num_format("0.0%"),
            total_percent: center.clone().set_bold().set_num_format("0.0%"),
            month: center.clone().set_text_wrap(),
            alert_number: center
                .set_bold()
                .set_font_color(Color::RGB(0xC00000))
                .set_background_color(Color::RGB(0xFCE4D6)),
            caption: Format::new()
                .set_font_name(BODY_FONT)
                .set_font_size(11)
                .set_bold()
                .set_align(FormatAlign::VerticalCenter),
            note: Format::new()
                .set_font_name(BODY_FONT)
                .set_font_size(10)
                .set_text_wrap()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::Top),
            mask_personal: true,
        }
    }
}

/// Who the workbook is from, for titles and properties, and the school's policy on personal
/// numbers in its workbooks.
#[derive(Debug, Clone, Default)]
pub struct Letterhead {
    /// 学校名称 (may be empty).
    pub school: String,
    /// 制表日期.
    pub date: Option<NaiveDate>,
    /// Write full 身份证号 and mobile numbers (`[privacy] full_numbers_in_workbooks`); they are
    /// masked when unset.
    pub full_numbers: bool,
}

impl Letterhead {
    /// The letterhead of a school's workbooks: its name and its policy on personal numbers
    /// (`[privacy]`), which reaches every writer from here.
    pub fn of(config: &crate::config::Config, date: Option<NaiveDate>) -> Letterhead {
        Letterhead {
            school: config.school.name.clone(),
            date,
            full_numbers: config.privacy.full_numbers_in_workbooks,
        }
    }

    /// The house styles, with this school's policy on personal numbers.
    pub fn styles(&self) -> Styles {
        Styles {
            mask_personal: !self.full_numbers,
            ..Styles::default()
        }
    }

    /// `填报单位：… 　　制表日期：2023年12月5日`.
    pub fn line(&self) -> String {
        let school = if self.school.is_empty() {
            "（未设置，见 jiaoke.toml）"
        } else {
            &self.school
        };
        let date = self
            .date
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        format!(
            "填报单位：{school}　　　　制表日期：{}",
            date.format("%Y年%-m月%-d日")
        )
    }

    /// A new workbook of the house: its document properties set, and the zip container
    /// compressed at [`ZIP_LEVEL`].
    pub fn workbook(&self, title: &str) -> Workbook {
        let mut wb = Workbook::new();
        wb.set_zip_compression_level(ZIP_LEVEL);
        self.properties(&mut wb, title);
        wb
    }

    /// Sets the document properties (title, author, company, date).
    fn properties(&self, workbook: &mut Workbook, title: &str) {
        let title = sheet_text(title, false);
        let props = DocProperties::new()
            .set_title(title.as_ref())
            .set_subject(title.as_ref())
            .set_author("jiaoke 教科")
            .set_company(sheet_text(&self.school, false).as_ref())
            .set_category("教科研统计")
            .set_comment("由 jiaoke 根据各教研组上交的表格自动生成");
        workbook.set_properties(&props);
    }
}

/// Writes the title, merged over `ncols` columns, and the 填报单位 / 制表日期 line under it:
/// the first two rows of every sheet; and the sheet's default row height ([`ONE_LINE_ROW_HEIGHT`]).
///
/// # Errors
/// rust_xlsxwriter's errors.
pub fn heading(
    ws: &mut Worksheet,
    styles: &Styles,
    head: &Letterhead,
    title: &str,
    ncols: u16,
) -> Result<(), XlsxError> {
    ws.set_default_row_height(ONE_LINE_ROW_HEIGHT);
    ws.set_row_height(0, 30)?;
    let last = ncols.max(1) - 1;
    merge_text(ws, (0, 0), (0, last), title, &styles.title, styles)?;
    merge_text(
        ws,
        (1, 1),
        (0, last),
        &head.line(),
        &styles.subtitle,
        styles,
    )?;
    Ok(())
}

/// Ends a sheet written row by row (low- or constant-memory mode) at row `end`, the first
/// row after its content, with one blank cell that has no border and no height of its own.
///
/// rust_xlsxwriter 0.102 writes the last row of such a sheet twice when that row has a height
/// set (as every row of ours has): `<row r="44" …/>` after the row itself, which Excel repairs
/// on opening ("found a problem with some content"). A last row without a height avoids it.
///
/// # Errors
/// rust_xlsxwriter's errors (`end` beyond the sheet).
pub fn end_rows(ws: &mut Worksheet, styles: &Styles, end: u32) -> Result<(), XlsxError> {
    ws.write_blank(end, 0, &styles.subtitle)?;
    Ok(())
}

/// Writes one row of cells in the house style (a totals row bold).
///
/// Neighbouring cells in one format get it in one call ([`Worksheet::set_range_format`]):
/// rust_xlsxwriter finds a format's index by hashing the whole format, which was the
/// costliest part of writing a cell. The first cell is written with its format, so that a
/// row streamed in constant-memory mode starts the usual way.
///
/// # Errors
/// rust_xlsxwriter's errors.
pub fn write_cells(
    ws: &mut Worksheet,
    r: u32,
    row: &[Cell],
    styles: &Styles,
    total: bool,
) -> Result<(), XlsxError> {
    let mut run: Option<(u16, u16, &Format)> = None;
    for (c, cell) in row.iter().enumerate() {
        let c = c as u16;
        let format = cell_format(cell, styles, total);
        if c == 0 {
            write_cell(ws, r, c, cell, Some(format), styles)?;
            continue;
        }
        write_cell(ws, r, c, cell, None, styles)?;
        run = match run {
            Some((first, last, f)) if std::ptr::eq(f, format) && last + 1 == c => {
                Some((first, c, f))
            }
            other => {
                format_run(ws, r, other)?;
                Some((c, c, format))
            }
        };
    }
    format_run(ws, r, run)
}

/// The format of a body cell (a totals row's when `total`).
fn cell_format<'s>(cell: &Cell, styles: &'s Styles, total: bool) -> &'s Format {
    match (cell, total) {
        (Cell::Empty | Cell::Text(_), false) => &styles.text,
        (Cell::Empty | Cell::Text(_), true) => &styles.total_text,
        (Cell::Number(_), false) => &styles.number,
        (Cell::Number(_), true) => &styles.total_number,
        (Cell::Alert(n), _) if *n > 0.0 => &styles.alert_number,
        (Cell::Alert(_), false) => &styles.number,
        (Cell::Alert(_), true) => &styles.total_number,
        (Cell::Share(_), false) => &styles.percent,
        (Cell::Share(_), true) => &styles.total_percent,
        (Cell::Date(_), _) => &styles.date,
        (Cell::Month(_), _) => &styles.month,
    }
}

/// Writes a cell's value, with `format` or without (the format given afterwards).
fn write_cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    cell: &Cell,
    format: Option<&Format>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let month;
    let text = match cell {
        Cell::Text(s) => s.as_str(),
        Cell::Month(d) => {
            month = month_text(*d);
            month.as_str()
        }
        Cell::Empty => {
            if let Some(f) = format {
                ws.write_blank(r, c, f)?;
            }
            return Ok(());
        }
        Cell::Date(d) => {
            let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            match format {
                Some(f) => ws.write_datetime_with_format(r, c, &dt, f)?,
                None => ws.write_datetime(r, c, &dt)?,
            };
            return Ok(());
        }
        // `+ 0.0` turns -0.0 (an empty f64 sum) into 0, which no reader shows as "-0".
        Cell::Number(n) | Cell::Alert(n) | Cell::Share(n) => {
            match format {
                Some(f) => ws.write_number_with_format(r, c, *n + 0.0, f)?,
                None => ws.write_number(r, c, *n + 0.0)?,
            };
            return Ok(());
        }
    };
    match format {
        Some(f) => write_text(ws, r, c, text, f, styles),
        None => {
            ws.write_string(r, c, styles.cell_text(text))?;
            Ok(())
        }
    }
}

/// Gives the cells `first..=last` of row `r` their format.
fn format_run(
    ws: &mut Worksheet,
    r: u32,
    run: Option<(u16, u16, &Format)>,
) -> Result<(), XlsxError> {
    if let Some((first, last, format)) = run {
        ws.set_range_format(r, first, r, last, format)?;
    }
    Ok(())
}

/// The height of a row holding one line of 10.5pt text: every sheet's default row height
/// ([`heading`] sets it), written into the file because LibreOffice's own default row is
/// lower than Excel's, which would move the page breaks. Only taller rows carry a height of
/// their own ([`set_height`]): a height per row costs memory in rust_xlsxwriter, kept for
/// every row of the sheet.
pub const ONE_LINE_ROW_HEIGHT: f64 = 15.75;

/// Sets row `r` to `height` points, unless that is the default ([`ONE_LINE_ROW_HEIGHT`]).
///
/// # Errors
/// rust_xlsxwriter's errors (a row beyond the sheet).
pub fn set_height(ws: &mut Worksheet, r: u32, height: f64) -> Result<(), XlsxError> {
    if height != ONE_LINE_ROW_HEIGHT {
        ws.set_row_height(r, height)?;
    }
    Ok(())
}

/// How many lines a text takes in a column of width `width` (10.5pt, wrapped).
///
/// Neither Excel nor LibreOffice grows a row for wrapped text in a file written this way, so
/// rows are sized here. Measured in LibreOffice: 10.5pt 宋体 takes about one width unit per
/// display column, less the cell's padding.
pub fn text_lines(text: &str, width: f64) -> usize {
    text.lines()
        .map(|l| {
            (display_width(l) as f64 / (width - 1.5).max(1.0))
                .ceil()
                .max(1.0) as usize
        })
        .sum::<usize>()
        .max(1)
}

/// The height of a row of `lines` lines of 10.5pt text, at most Excel's tallest row.
pub fn row_height(lines: usize) -> f64 {
    if lines <= 1 {
        ONE_LINE_ROW_HEIGHT
    } else {
        (14.0 * lines as f64 + 3.0).min(MAX_ROW_HEIGHT)
    }
}

/// The height a body row needs in columns of the given widths.
pub fn fitted_row_height(row: &[Cell], widths: &[f64]) -> f64 {
    let lines = row
        .iter()
        .zip(widths)
        .map(|(cell, w)| text_lines(&cell.shown(), *w))
        .max()
        .unwrap_or(1);
    row_height(lines)
}

/// Measures column widths from the display width of headers and cells: a CJK character
/// counts two. Long text is capped (and wraps).
#[derive(Debug, Clone, Default)]
pub struct WidthMeter {
    widest: Vec<usize>,
}

impl WidthMeter {
    /// A meter of `ncols` columns, each as narrow as can be.
    pub fn new(ncols: usize) -> Self {
        WidthMeter {
            widest: vec![0; ncols],
        }
    }

    /// Takes one cell's shown text into account.
    pub fn feed(&mut self, col: usize, shown: &str) {
        if let Some(w) = self.widest.get_mut(col) {
            *w = (*w).max(widest_line(shown));
        }
    }

    /// Takes one cell into account, as [`Cell::shown`] shows it.
    pub fn feed_cell(&mut self, col: usize, cell: &Cell) {
        self.feed(col, &cell.shown());
    }

    /// Widths in Excel units.
    pub fn widths(&self) -> Vec<f64> {
        // Bold and 10.5pt Chinese glyphs need a little more than their nominal two units.
        self.widest
            .iter()
            .map(|&w| (w as f64 * 1.1 + 2.0).clamp(MIN_WIDTH, MAX_WIDTH))
            .collect()
    }
}

fn widest_line(s: &str) -> usize {
    s.lines().map(display_width).max().unwrap_or(0)
}

/// Whether a list of columns `width` wide (Excel units, in total) prints landscape: when it
/// is wider than [`LANDSCAPE_ABOVE`].
pub fn wide(width: f64) -> bool {
    width > LANDSCAPE_ABOVE
}

/// The page setup of every sheet: A4, fit to one page wide, centred, page numbers in the
/// footer.
pub fn page_setup(ws: &mut Worksheet, landscape: bool) {
    ws.set_paper_size(PAPER_A4);
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_footer("&C第 &P 页 共 &N 页");
    ws.set_margins(0.5, 0.5, 0.75, 0.75, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::listed::FrameRows;

    #[test]
    fn chinese_columns_are_wider_than_latin_ones() {
        let mut meter = WidthMeter::new(2);
        meter.feed(0, "论文题目");
        meter.feed(1, "No");
        meter.feed(0, "浅谈小学数学教学中的情境创设");
        meter.feed(1, &Cell::Number(1.0).shown());
        let w = meter.widths();
        assert!(w[0] > 28.0, "14 CJK chars need ~28 units, got {}", w[0]);
        assert_eq!(w[1], MIN_WIDTH);
    }

    #[test]
    fn wrapped_rows_are_made_tall_enough() {
        assert_eq!(text_lines("张三", 10.0), 1);
        assert_eq!(
            text_lines(&"字".repeat(20), 11.5),
            4,
            "40 display columns in 10 per line"
        );
        assert_eq!(text_lines("一\n二\n三", 20.0), 3);
        let row = [Cell::Text("短".into()), Cell::Text("字".repeat(20))];
        assert_eq!(fitted_row_height(&row, &[10.0, 11.5]), 14.0 * 4.0 + 3.0);
        assert_eq!(fitted_row_height(&row[..1], &[10.0]), ONE_LINE_ROW_HEIGHT);
    }

    #[test]
    fn very_long_text_is_capped() {
        let mut meter = WidthMeter::new(1);
        meter.feed(0, &"字".repeat(200));
        assert_eq!(meter.widths()[0], MAX_WIDTH);
    }

    #[test]
    fn letterhead_line_names_school_and_date() {
        let h = Letterhead {
            school: "云溪实验小学".into(),
            date: NaiveDate::from_ymd_opt(2023, 12, 5),
            ..Letterhead::default()
        };
        assert_eq!(
            h.line(),
            "填报单位：云溪实验小学　　　　制表日期：2023年12月5日"
        );
    }

    #[test]
    fn unsafe_characters_become_spaces_and_plain_text_is_borrowed() {
        assert_eq!(sheet_text("a\u{0}b\u{1B}c\u{FFFF}", false), "a b c ");
        assert_eq!(sheet_text("一\t二\n三\r", false), "一\t二\n三\r");
        for s in ["浅谈小学数学", "=1+1", ""] {
            assert!(matches!(sheet_text(s, true), Cow::Borrowed(_)), "{s}");
        }
    }

    #[test]
    fn personal_numbers_follow_the_policy() {
        let s = "身份证号“320412197409193541”有误";
        assert_eq!(sheet_text(s, true), "身份证号“320412********3541”有误");
        assert_eq!(sheet_text(s, false), s);
        assert!(Styles::default().mask_personal, "masked unless asked");
        let full = Letterhead {
            full_numbers: true,
            ..Letterhead::default()
        };
        assert!(!full.styles().mask_personal);
        assert!(Letterhead::default().styles().mask_personal);
    }

    #[test]
    fn long_text_is_cut_within_the_limit_counting_utf16_units() {
        let fits = "a".repeat(EXCEL_CELL_LIMIT);
        assert!(matches!(sheet_text(&fits, false), Cow::Borrowed(_)));
        // 𠀀 is two UTF-16 units: 20,000 of them are over the limit though only 20,000 chars.
        for long in [
            "字".repeat(200_000),
            "𠀀".repeat(20_000),
            "a".repeat(32_768),
        ] {
            let cut = sheet_text(&long, false);
            assert!(cut.ends_with(CUT_MARKER));
            assert!(excel_len(&cut) <= EXCEL_CELL_LIMIT);
            assert!(
                excel_len(&cut) > EXCEL_CELL_LIMIT - 2,
                "cut no shorter than needed"
            );
            assert!(long.starts_with(cut.trim_end_matches(CUT_MARKER)));
        }
    }

    /// Writes `texts` down column A with the house writers and reads them back.
    fn round_trip(texts: &[&str], styles: &Styles) -> Vec<calamine::Data> {
        use calamine::Reader;
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let rows: Vec<Vec<Cell>> = texts
            .iter()
            .map(|t| vec![Cell::Text(t.to_string())])
            .collect();
        for (r, row) in rows.iter().enumerate() {
            write_cells(ws, r as u32, row, styles, false).unwrap();
        }
        let bytes = wb.save_to_buffer().unwrap();
        let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert!(
            book.worksheet_formula("Sheet1")
                .unwrap()
                .used_cells()
                .next()
                .is_none(),
            "no formula written"
        );
        let range = book.worksheet_range("Sheet1").unwrap();
        range.rows().map(|r| r[0].clone()).collect()
    }

    #[test]
    fn hostile_text_reads_back_as_written_text() {
        use calamine::Data;
        let long = "长".repeat(40_000);
        let texts = [
            "=1+1",
            "=HYPERLINK(\"http://example.com\",\"点此\")",
            "+1",
            "@SUM(A1)",
            "控制\u{7}字符",
            "_x0041_ 原样",
            &long,
            "电话 13812345678",
            "<r>a&b</r>",
        ];
        let back = round_trip(&texts, &Styles::default());
        let s = |i: usize| match &back[i] {
            Data::String(s) => s.clone(),
            other => panic!("row {i}: not a string: {other:?}"),
        };
        for (i, t) in texts[..4].iter().enumerate() {
            assert_eq!(s(i), *t);
        }
        assert_eq!(s(4), "控制 字符");
        assert_eq!(s(5), "_x0041_ 原样");
        assert!(s(6).ends_with(CUT_MARKER) && excel_len(&s(6)) <= EXCEL_CELL_LIMIT);
        assert_eq!(s(7), "电话 138****5678");
        assert_eq!(s(8), "<r>a&b</r> ");
        let full = round_trip(
            &texts[7..],
            &Letterhead {
                full_numbers: true,
                ..Letterhead::default()
            }
            .styles(),
        );
        assert_eq!(full[0], Data::String("电话 13812345678".into()));
    }

    #[test]
    fn frames_become_cells_and_places() {
        use crate::check::testing::at;
        use crate::normalize::frames::Frames;
        use crate::normalize::records::{Paper, Records};
        let records = Records {
            papers: vec![Paper {
                kind: "获奖".into(),
                authors: vec!["张三".into(), "李四".into()],
                title: "论文".into(),
                date: NaiveDate::from_ymd_opt(2023, 11, 1),
                prov: at("论文.xlsx", 4),
                ..Paper::default()
            }],
            ..Records::default()
        };
        let f = Frames::from_records(&records).unwrap();
        let df = with_places(&f.papers).unwrap();
        let list = FrameRows::new(&df, &["authors", "title", "venue", "date", PLACE]).unwrap();
        let rows: Vec<Vec<Cell>> = list.rows().collect();
        assert_eq!(
            rows,
            [vec![
                Cell::count(1),
                Cell::text("张三、李四"),
                Cell::text("论文"),
                Cell::Empty,
                Cell::Date(NaiveDate::from_ymd_opt(2023, 11, 1).unwrap()),
                Cell::text("论文.xlsx › Sheet1 › 第4行"),
            ]]
        );
    }

    #[test]
    fn negative_zero_is_written_as_zero() {
        use calamine::{Data, Reader};
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let empty_sum: f64 = std::iter::empty::<f64>().sum();
        assert!(empty_sum.is_sign_negative(), "the case this guards against");
        let row = [Cell::Number(empty_sum), Cell::Alert(empty_sum)];
        write_cells(ws, 0, &row, &Styles::default(), false).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("Sheet1").unwrap();
        for cell in range.rows().next().unwrap() {
            match cell {
                Data::Float(v) => assert!(v.is_sign_positive(), "{v}"),
                Data::Int(_) => {}
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn a_one_column_heading_is_written_without_merging() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        heading(ws, &Styles::default(), &Letterhead::default(), "标题", 1).unwrap();
        assert!(wb.save_to_buffer().is_ok());
    }
}
