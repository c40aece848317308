//! HTML tables (web-system exports and Excel "save as web page", often named `.xls`) → one
//! [`RawSheet`] per table.
//!
//! A small tolerant scanner, not an HTML5 parser: it knows tags, attributes (quoted or not),
//! comments, entities and the raw-text elements `<script>` and `<style>`, and lays each
//! table's cells out the way a spreadsheet does.
//!
//! - **Charset**: [`decode_markup`]: a BOM decides; else valid UTF-8 is UTF-8, whatever a
//!   `<meta>` says; else the `<meta charset>` / `http-equiv` charset found in the first 2 KB,
//!   when the file decodes with it without errors; else detection (GB18030).
//! - **Grid**: rows are `<tr>`s (an empty `<tr>` still takes a row number), cells `<td>` and
//!   `<th>`; a cell goes to the first column of its row not covered by an earlier `rowspan`,
//!   its value at the top-left of its span, and a span over more than one cell is recorded as a
//!   [`Merge`]. `rowspan` / `colspan` values that are missing, zero or not numbers count as 1;
//!   they are capped at 65534 and 1000 (the HTML limits), and a `rowspan` reaching past the
//!   table's last row is cut there. Cells beyond the [`Bounds`] are counted, not kept. Missing end
//!   tags (`</td>`, `</tr>`) are implied, as in HTML. `<thead>`/`<tbody>`/`<tfoot>` don't
//!   restart the grid. Text outside cells (captions, headings) is ignored.
//! - **Cell text**: tags removed; `<br>` is a line break, and so is the boundary of a `<p>`,
//!   `<div>` or `<li>` inside a cell; entities decoded (`&nbsp;` is a plain space); runs of
//!   white space collapsed to one space and trimmed at each line's ends. Excel's `x:num` /
//!   `x:str` attributes are ignored: the value is the visible text, as [`Value::Text`].
//! - **Nested tables** are separate tables: an inner table's cells belong to it only, and the
//!   outer cell that contains it keeps just its own text. A layout table wrapping the data
//!   table thus ends up empty and is dropped.
//! - **Sheets**: tables without a non-blank cell are dropped; the rest are named `表1`, `表2`…
//!   in the order their `<table>` tags open. When exactly one table is left and the file carries
//!   exactly one worksheet name in Excel's XML island (`<x:ExcelWorksheet><x:Name>`), that name
//!   is used instead: it is the tab name Excel shows. The `<title>` is never used (page titles
//!   are not sheet names). `merges_known` is true.
//! - **Errors**: undecodable bytes, and a file without any `<table>`. A file whose tables are
//!   all empty gives `Ok` with no sheets (the caller reports an empty file).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::encoding::decode_markup;
use super::excel::{Book, ReadSheet};
use super::limits::{Bounds, Dropped, dense_rows};
use crate::table::{Merge, RawRow, RawSheet, Value};

/// The largest `rowspan` HTML honours.
const MAX_ROWSPAN: u32 = 65534;
/// The largest `colspan` HTML honours.
const MAX_COLSPAN: u32 = 1000;
/// Excel's column count: the grid is laid out up to here (cells are kept within the
/// [`Bounds`]).
const MAX_COLUMNS: u32 = 16384;

/// Reads every table of an HTML file. `file` is recorded as the sheets' provenance. An `Err`
/// is a Chinese message for an `unreadable_file` finding.
pub fn read_html(bytes: &[u8], file: &str) -> Result<Book, String> {
    let (text, _encoding) = decode_markup(bytes).map_err(|detail| {
        format!(
            "不是有效的网页（HTML）表格文件：{detail}。请在原系统中重新导出，或用 Excel 打开后另存为 .xlsx 再提交"
        )
    })?;
    let parsed = parse(&text);
    if parsed.table_count == 0 {
        return Err("不是有效的表格文件：文件是网页（HTML）格式，但里面没有表格（<table>）。请在原系统中重新导出为 Excel 表格，或用 Excel 打开后另存为 .xlsx 再提交".to_string());
    }

    let mut tables: Vec<FinishedTable> = parsed
        .tables
        .into_iter()
        .filter(|t| !t.rows.is_empty())
        .collect();
    tables.sort_by_key(|t| t.order);
    let excel_name = match (tables.len(), parsed.sheet_names.as_slice()) {
        (1, [name]) => Some(name.clone()),
        _ => None,
    };
    let sheets = tables
        .into_iter()
        .enumerate()
        .map(|(i, table)| ReadSheet {
            sheet: RawSheet {
                file: file.to_string(),
                sheet: excel_name.clone().unwrap_or_else(|| format!("表{}", i + 1)),
                rows: table.rows,
                merges: table.merges,
                hidden: false,
                merges_known: true,
                date1904: false,
            },
            dropped: table.dropped,
        })
        .collect();
    Ok(Book {
        sheets,
        findings: Vec::new(),
    })
}

/// What the scanner found.
struct Parsed {
    /// Every `<table>` start tag seen.
    table_count: usize,
    /// The finished tables, empty ones included, in the order they closed.
    tables: Vec<FinishedTable>,
    /// Worksheet names from Excel's XML island.
    sheet_names: Vec<String>,
    /// The file's cell budget.
    bounds: Bounds,
}

/// Scans the document, building a table for each `<table>`.
fn parse(text: &str) -> Parsed {
    let bytes = text.as_bytes();
    let len = bytes.len();
    let mut stack: Vec<TableBuilder> = Vec::new();
    let mut parsed = Parsed {
        table_count: 0,
        tables: Vec::new(),
        sheet_names: Vec::new(),
        bounds: Bounds::default(),
    };
    let mut pos = 0;

    while pos < len {
        let Some(lt) = find_byte(bytes, pos, b'<') else {
            push_text(&mut stack, &text[pos..]);
            break;
        };
        if lt > pos {
            push_text(&mut stack, &text[pos..lt]);
        }
        pos = lt;
        let rest = &bytes[pos..];
        if rest.starts_with(b"<!--") {
            let end = find_str(bytes, pos + 4, b"-->").map_or(len, |e| e + 3);
            collect_sheet_names(&text[pos..end], &mut parsed.sheet_names);
            pos = end;
        } else if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            // DOCTYPE, `<![if …]>` / `<![endif]>` from Excel, XML declarations.
            pos = find_byte(bytes, pos, b'>').map_or(len, |e| e + 1);
        } else if rest.len() > 2 && rest[1] == b'/' && rest[2].is_ascii_alphabetic() {
            let (name, end) = parse_end_tag(text, pos);
            pos = end;
            end_tag(&mut stack, &mut parsed, &name);
        } else if rest.len() > 1 && rest[1].is_ascii_alphabetic() {
            let (tag, end) = parse_start_tag(text, pos);
            pos = end;
            if matches!(tag.name.as_str(), "script" | "style") && !tag.self_closing {
                pos = skip_raw_text(bytes, pos, &tag.name);
            } else {
                start_tag(&mut stack, &mut parsed, &tag);
            }
        } else {
            push_text(&mut stack, "<");
            pos += 1;
        }
    }
    while let Some(table) = stack.pop() {
        let finished = table.finish(&mut parsed.bounds);
        parsed.tables.push(finished);
    }
    parsed
}

fn push_text(stack: &mut [TableBuilder], raw: &str) {
    if let Some(table) = stack.last_mut() {
        table.push_text(raw);
    }
}

fn start_tag(stack: &mut Vec<TableBuilder>, parsed: &mut Parsed, tag: &StartTag) {
    if tag.name == "table" {
        parsed.table_count += 1;
        stack.push(TableBuilder::new(parsed.table_count));
        return;
    }
    let Some(table) = stack.last_mut() else {
        return;
    };
    let bounds = &mut parsed.bounds;
    match tag.name.as_str() {
        "tr" => table.start_row(bounds),
        "td" | "th" => table.start_cell(tag.span("rowspan"), tag.span("colspan"), bounds),
        "br" => table.line_break(true),
        "p" | "div" | "li" => table.line_break(false),
        "thead" | "tbody" | "tfoot" => table.end_row(bounds),
        _ => {}
    }
}

fn end_tag(stack: &mut Vec<TableBuilder>, parsed: &mut Parsed, name: &str) {
    if name == "table" {
        if let Some(table) = stack.pop() {
            let finished = table.finish(&mut parsed.bounds);
            parsed.tables.push(finished);
        }
        return;
    }
    let Some(table) = stack.last_mut() else {
        return;
    };
    let bounds = &mut parsed.bounds;
    match name {
        "tr" | "thead" | "tbody" | "tfoot" => table.end_row(bounds),
        "td" | "th" => table.end_cell(bounds),
        // Browsers read `</br>` as `<br>`.
        "br" => table.line_break(true),
        "p" | "div" | "li" => table.line_break(false),
        _ => {}
    }
}

/// Worksheet names in an Excel XML island (`<x:ExcelWorksheet><x:Name>…`) inside a comment.
fn collect_sheet_names(comment: &str, names: &mut Vec<String>) {
    static NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?is)<x:ExcelWorksheet>\s*<x:Name>(.*?)</x:Name>").expect("valid regex")
    });
    for caps in NAME.captures_iter(comment) {
        let name = decode_entities(caps[1].trim()).trim().to_string();
        if !name.is_empty() {
            names.push(name);
        }
    }
}

/// A start tag: lower-case name, lower-case attribute names with entity-decoded values.
struct StartTag {
    name: String,
    attrs: Vec<(String, String)>,
    self_closing: bool,
}

impl StartTag {
    /// A `rowspan` / `colspan` value: its leading digits, 1 when missing, zero or invalid.
    fn span(&self, attr: &str) -> u32 {
        let Some((_, value)) = self.attrs.iter().find(|(name, _)| name == attr) else {
            return 1;
        };
        let digits: String = value
            .trim()
            .chars()
            .take_while(char::is_ascii_digit)
            .take(9)
            .collect();
        digits.parse::<u32>().ok().filter(|&n| n > 0).unwrap_or(1)
    }
}

/// Parses the start tag at `start` (a `<` followed by a letter); returns it and the position
/// after its `>` (or the end of the text when it is not closed).
fn parse_start_tag(text: &str, start: usize) -> (StartTag, usize) {
    let b = text.as_bytes();
    let len = b.len();
    let is_space = |c: u8| c.is_ascii_whitespace();
    let mut i = start + 1;
    let name_start = i;
    while i < len && !is_space(b[i]) && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let mut tag = StartTag {
        name: text[name_start..i].to_ascii_lowercase(),
        attrs: Vec::new(),
        self_closing: false,
    };
    loop {
        while i < len && is_space(b[i]) {
            i += 1;
        }
        if i >= len {
            break;
        }
        match b[i] {
            b'>' => {
                i += 1;
                break;
            }
            b'/' => {
                i += 1;
                if b.get(i) == Some(&b'>') {
                    tag.self_closing = true;
                    i += 1;
                    break;
                }
                continue;
            }
            _ => {}
        }
        let attr_start = i;
        while i < len && !is_space(b[i]) && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        if i == attr_start {
            // A stray `=`: skip it.
            i += 1;
            continue;
        }
        let attr_name = text[attr_start..i].to_ascii_lowercase();
        while i < len && is_space(b[i]) {
            i += 1;
        }
        let mut value = "";
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < len && is_space(b[i]) {
                i += 1;
            }
            match b.get(i) {
                Some(&quote @ (b'"' | b'\'')) => {
                    i += 1;
                    let value_start = i;
                    while i < len && b[i] != quote {
                        i += 1;
                    }
                    value = &text[value_start..i];
                    i = (i + 1).min(len);
                }
                _ => {
                    let value_start = i;
                    while i < len && !is_space(b[i]) && b[i] != b'>' {
                        i += 1;
                    }
                    value = &text[value_start..i];
                }
            }
        }
        tag.attrs
            .push((attr_name, decode_entities(value).into_owned()));
    }
    (tag, i)
}

/// Parses the end tag at `start` (`</` and a letter); returns its lower-case name and the
/// position after its `>`.
fn parse_end_tag(text: &str, start: usize) -> (String, usize) {
    let b = text.as_bytes();
    let mut i = start + 2;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let name = text[start + 2..i].to_ascii_lowercase();
    let end = find_byte(b, i, b'>').map_or(b.len(), |e| e + 1);
    (name, end)
}

/// The position after the `</name …>` that ends a raw-text element, or the end of the text.
fn skip_raw_text(bytes: &[u8], from: usize, name: &str) -> usize {
    let closing = format!("</{name}");
    match find_str(bytes, from, closing.as_bytes()) {
        Some(at) => find_byte(bytes, at, b'>').map_or(bytes.len(), |e| e + 1),
        None => bytes.len(),
    }
}

fn find_byte(bytes: &[u8], from: usize, needle: u8) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|&b| b == needle)
        .map(|p| p + from)
}

/// Finds `needle` (ASCII) case-insensitively from `from`.
fn find_str(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || from >= bytes.len() {
        return None;
    }
    bytes[from..]
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

/// Decodes character references and the common named entities; unknown ones stay as written.
fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match parse_entity(after) {
            Some((decoded, consumed)) => {
                out.push_str(&decoded);
                rest = &after[consumed..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The entity after a `&`: its text and the number of bytes it takes (`;` included).
fn parse_entity(after: &str) -> Option<(Cow<'static, str>, usize)> {
    if let Some(number) = after.strip_prefix('#') {
        let (digits_from, radix) = match number.as_bytes().first() {
            Some(b'x' | b'X') => (1, 16),
            _ => (0, 10),
        };
        let digits = &number[digits_from..];
        let n = digits
            .bytes()
            .take_while(|b| (*b as char).is_digit(radix))
            .count();
        if n == 0 {
            return None;
        }
        let mut consumed = 1 + digits_from + n;
        if digits[n..].starts_with(';') {
            consumed += 1;
        }
        let ch = u32::from_str_radix(&digits[..n], radix)
            .ok()
            .map_or('\u{FFFD}', numeric_char);
        return Some((Cow::Owned(ch.to_string()), consumed));
    }
    let name_len = after.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = &after[..name_len];
    let has_semicolon = after[name_len..].starts_with(';');
    let decoded = named_entity(name)?;
    // Without `;` only the legacy entities are recognised, as browsers do.
    if !has_semicolon && !matches!(name, "nbsp" | "amp" | "lt" | "gt" | "quot" | "copy" | "reg") {
        return None;
    }
    Some((
        Cow::Borrowed(decoded),
        name_len + usize::from(has_semicolon),
    ))
}

/// A numeric character reference as HTML resolves it: 0x80–0x9F are Windows-1252 (`&#150;`
/// is an en dash), invalid code points are U+FFFD.
fn numeric_char(code: u32) -> char {
    match code {
        0 => '\u{FFFD}',
        0x80..=0x9F => {
            let byte = [code as u8];
            let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
            decoded.chars().next().unwrap_or('\u{FFFD}')
        }
        _ => char::from_u32(code).unwrap_or('\u{FFFD}'),
    }
}

fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "nbsp" => " ",
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "thinsp" => "\u{2009}",
        "middot" => "·",
        "bull" => "•",
        "hellip" => "…",
        "mdash" => "—",
        "ndash" => "–",
        "ldquo" => "“",
        "rdquo" => "”",
        "lsquo" => "‘",
        "rsquo" => "’",
        "laquo" => "«",
        "raquo" => "»",
        "times" => "×",
        "divide" => "÷",
        "plusmn" => "±",
        "deg" => "°",
        "yen" => "¥",
        "copy" => "©",
        "reg" => "®",
        "sect" => "§",
        "le" => "≤",
        "ge" => "≥",
        "ne" => "≠",
        "larr" => "←",
        "rarr" => "→",
        _ => return None,
    })
}

/// A table as it is being read.
struct TableBuilder {
    /// 1-based position of its `<table>` tag in the document.
    order: usize,
    /// Number of rows started so far.
    rows_started: u32,
    /// The open row, if any.
    current_row: Option<u32>,
    /// The column after the last cell placed in the open row.
    cursor: u32,
    /// For each column, the first row no longer covered by a cell placed earlier.
    busy_until: Vec<u32>,
    /// The open cell, if any.
    cell: Option<OpenCell>,
    /// Non-empty cell values by row, with their columns.
    values: BTreeMap<u32, Vec<(u32, Value)>>,
    merges: Vec<Merge>,
}

struct OpenCell {
    row: u32,
    col: u32,
    /// Text with white space already collapsed; `\n` marks line breaks.
    text: String,
}

/// A table after its `</table>`.
struct FinishedTable {
    order: usize,
    rows: Vec<RawRow>,
    merges: Vec<Merge>,
    dropped: Option<Dropped>,
}

impl TableBuilder {
    fn new(order: usize) -> Self {
        TableBuilder {
            order,
            rows_started: 0,
            current_row: None,
            cursor: 0,
            busy_until: Vec::new(),
            cell: None,
            values: BTreeMap::new(),
            merges: Vec::new(),
        }
    }

    fn start_row(&mut self, bounds: &mut Bounds) {
        self.end_row(bounds);
        self.current_row = Some(self.rows_started);
        self.rows_started = self.rows_started.saturating_add(1);
        self.cursor = 0;
    }

    fn end_row(&mut self, bounds: &mut Bounds) {
        self.end_cell(bounds);
        self.current_row = None;
    }

    fn start_cell(&mut self, rowspan: u32, colspan: u32, bounds: &mut Bounds) {
        self.end_cell(bounds);
        let row = match self.current_row {
            Some(row) => row,
            None => {
                // A cell outside any `<tr>` opens a row, as in HTML.
                self.start_row(bounds);
                self.rows_started - 1
            }
        };
        let mut col = self.cursor;
        while self
            .busy_until
            .get(col as usize)
            .is_some_and(|&until| until > row)
        {
            col += 1;
        }
        let rowspan = rowspan.min(MAX_ROWSPAN);
        let last_col = col
            .saturating_add(colspan.min(MAX_COLSPAN) - 1)
            .min(MAX_COLUMNS - 1);
        if col < MAX_COLUMNS {
            let until = row.saturating_add(rowspan);
            if self.busy_until.len() <= last_col as usize {
                self.busy_until.resize(last_col as usize + 1, 0);
            }
            for busy in &mut self.busy_until[col as usize..=last_col as usize] {
                *busy = (*busy).max(until);
            }
            if rowspan > 1 || last_col > col {
                self.merges.push(Merge {
                    first_row: row,
                    first_col: col,
                    last_row: until - 1,
                    last_col,
                });
            }
        }
        self.cursor = last_col.max(col).saturating_add(1);
        self.cell = Some(OpenCell {
            row,
            col,
            text: String::new(),
        });
    }

    fn end_cell(&mut self, bounds: &mut Bounds) {
        let Some(cell) = self.cell.take() else { return };
        let text = finish_cell_text(&cell.text);
        if text.is_empty() || !bounds.keep(cell.row, cell.col) {
            return;
        }
        self.values
            .entry(cell.row)
            .or_default()
            .push((cell.col, Value::Text(text)));
    }

    /// Appends source text to the open cell, decoding entities and collapsing white space.
    fn push_text(&mut self, raw: &str) {
        let Some(cell) = self.cell.as_mut() else {
            return;
        };
        for c in decode_entities(raw).chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C' | '\u{A0}') {
                if !cell.text.ends_with(' ') {
                    cell.text.push(' ');
                }
            } else {
                cell.text.push(c);
            }
        }
    }

    /// A line break in the open cell: always for `<br>` (`hard`), else only when the current
    /// line already has text (block boundaries don't stack up empty lines).
    fn line_break(&mut self, hard: bool) {
        let Some(cell) = self.cell.as_mut() else {
            return;
        };
        let line_has_text = !cell
            .text
            .rsplit('\n')
            .next()
            .unwrap_or("")
            .trim_matches(' ')
            .is_empty();
        if hard || line_has_text {
            cell.text.push('\n');
        }
    }

    fn finish(mut self, bounds: &mut Bounds) -> FinishedTable {
        self.end_row(bounds);
        let mut merges = Vec::new();
        if let Some(last_row) = self.rows_started.checked_sub(1) {
            for mut merge in self.merges {
                merge.last_row = merge.last_row.min(last_row);
                if merge.is_vertical() || merge.is_horizontal() {
                    merges.push(merge);
                }
            }
        }
        let rows = dense_rows(self.values.into_iter().collect(), bounds);
        FinishedTable {
            order: self.order,
            rows,
            merges,
            dropped: bounds.end_sheet(),
        }
    }
}

/// The final text of a cell: each line trimmed, empty lines at both ends removed.
fn finish_cell_text(text: &str) -> String {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|line| line.trim_matches(' '))
        .collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    /// A row from cell texts, `""` meaning an empty cell.
    fn row(index: u32, cells: &[&str]) -> RawRow {
        RawRow {
            index,
            cells: cells
                .iter()
                .map(|c| if c.is_empty() { Value::Empty } else { text(c) })
                .collect(),
        }
    }

    fn merge(first_row: u32, first_col: u32, last_row: u32, last_col: u32) -> Merge {
        Merge {
            first_row,
            first_col,
            last_row,
            last_col,
        }
    }

    fn read(html: &str) -> Vec<RawSheet> {
        read_html(html.as_bytes(), "导出/培训.xls")
            .unwrap()
            .into_sheets()
    }

    fn read_one(html: &str) -> RawSheet {
        let mut sheets = read(html);
        assert_eq!(sheets.len(), 1, "{sheets:?}");
        sheets.remove(0)
    }

    fn gbk(s: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(s);
        assert!(!unmappable);
        bytes.into_owned()
    }

    #[test]
    fn simple_table_becomes_one_sheet_with_provenance() {
        let sheet = read_one(
            "<html><body><table><tr><th>姓名</th><th>学时</th></tr>\
             <tr><td>张三</td><td>24</td></tr></table></body></html>",
        );
        assert_eq!(
            sheet,
            RawSheet {
                file: "导出/培训.xls".to_string(),
                sheet: "表1".to_string(),
                rows: vec![row(0, &["姓名", "学时"]), row(1, &["张三", "24"])],
                merges: vec![],
                hidden: false,
                merges_known: true,
                date1904: false,
            }
        );
    }

    #[test]
    fn rowspan_and_colspan_lay_out_like_a_spreadsheet() {
        let sheet = read_one(
            "<table>\
             <tr><td rowspan=2>第一周</td><td colspan=\"2\">开学准备</td><td>教务处</td></tr>\
             <tr><td>报到</td><td rowspan='2'>注册</td><td>学生处</td></tr>\
             <tr><td>第二周</td><td>上课</td><td>教务处</td></tr>\
             </table>",
        );
        assert_eq!(
            sheet.rows,
            vec![
                row(0, &["第一周", "开学准备", "", "教务处"]),
                row(1, &["", "报到", "注册", "学生处"]),
                row(2, &["第二周", "上课", "", "教务处"]),
            ]
        );
        assert_eq!(
            sheet.merges,
            vec![merge(0, 0, 1, 0), merge(0, 1, 0, 2), merge(1, 2, 2, 2)]
        );
    }

    #[test]
    fn cells_skip_every_column_covered_from_above() {
        // Two adjacent rowspans: the second row's only cell lands in column C.
        let sheet = read_one(
            "<table><tr><td rowspan=2 colspan=2>月份</td><td>内容</td></tr>\
             <tr><td>开学</td></tr></table>",
        );
        assert_eq!(
            sheet.rows,
            vec![row(0, &["月份", "", "内容"]), row(1, &["", "", "开学"])]
        );
        assert_eq!(sheet.merges, vec![merge(0, 0, 1, 1)]);
    }

    #[test]
    fn rowspan_past_the_last_row_is_cut_and_bad_spans_count_as_one() {
        let sheet = read_one(
            "<table><tr><td ROWSPAN=\"5\">周次</td><td colspan=0>a</td><td colspan=abc>b</td>\
             <td rowspan=1 colspan=1>c</td></tr><tr><td>d</td></tr></table>",
        );
        assert_eq!(
            sheet.rows,
            vec![row(0, &["周次", "a", "b", "c"]), row(1, &["", "d"])]
        );
        assert_eq!(sheet.merges, vec![merge(0, 0, 1, 0)]);
    }

    #[test]
    fn empty_tr_keeps_its_row_number() {
        let sheet = read_one(
            "<table><tr><td>标题</td></tr><tr></tr><tr><td>&nbsp;</td></tr>\
             <tr><td>张三</td></tr></table>",
        );
        assert_eq!(sheet.rows, vec![row(0, &["标题"]), row(3, &["张三"])]);
    }

    #[test]
    fn missing_end_tags_are_implied() {
        let sheet = read_one("<table><tr><td>a<td>b<tr><td>c</table><p>after</p>");
        assert_eq!(sheet.rows, vec![row(0, &["a", "b"]), row(1, &["c"])]);
    }

    #[test]
    fn file_without_end_tags_at_all() {
        let sheet = read_one("<table><tr><td>a<td>b");
        assert_eq!(sheet.rows, vec![row(0, &["a", "b"])]);
    }

    #[test]
    fn entities_are_decoded() {
        let sheet = read_one(
            "<table><tr><td>&nbsp;A&amp;B&lt;C&gt;&quot;D&quot;&#39;E&#x4E2D;&#25991;&nbsp;</td>\
             <td>&foo; &amp x&#150;y&hellip;&AMP;</td></tr></table>",
        );
        assert_eq!(
            sheet.rows,
            vec![row(0, &["A&B<C>\"D\"'E中文", "&foo; & x–y…&AMP;"])]
        );
    }

    #[test]
    fn br_breaks_lines_and_white_space_collapses() {
        let sheet = read_one(
            "<table><tr><td>\n  浅谈 <b>小学</b>\n  数学<br>教学研究 <BR/> 张三 </td>\
             <td><p>第一段</p><p>第二段</p></td><td><br></td></tr></table>",
        );
        assert_eq!(
            sheet.rows,
            vec![row(
                0,
                &["浅谈 小学 数学\n教学研究\n张三", "第一段\n第二段"]
            )]
        );
    }

    #[test]
    fn script_style_and_comments_are_skipped() {
        let sheet = read_one(
            "<table><tr><td>A<script type=\"text/javascript\">document.write(\"<td>x</td>\")\
             </SCRIPT><!-- <td>hidden</td> -->B<style>td { color: red }</style></td></tr></table>",
        );
        assert_eq!(sheet.rows, vec![row(0, &["AB"])]);
    }

    #[test]
    fn excel_web_page_export_in_gb2312() {
        let html = "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"\n\
             xmlns:x=\"urn:schemas-microsoft-com:office:excel\">\n<head>\n\
             <meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">\n\
             <title>Excel 导出</title>\n\
             <!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets><x:ExcelWorksheet>\n\
             <x:Name>论文获奖</x:Name><x:WorksheetOptions></x:WorksheetOptions>\n\
             </x:ExcelWorksheet></x:ExcelWorksheets></x:ExcelWorkbook>\n\
             <x:ExcelName><x:Name>Print_Titles</x:Name></x:ExcelName></xml><![endif]-->\n\
             </head><body>\n<TABLE BORDER=0 CELLPADDING=0 style='border-collapse:collapse'>\n\
             <![if supportMisalignedColumns]><tr height=0><td width=72></td></tr><![endif]>\n\
             <TR height=19><TD class=xl65 height=19>姓名</TD><TD>学时</TD></TR>\n\
             <TR><TD class=xl66>张三</TD><TD align=right x:num=\"24\">24</TD></TR>\n\
             <TR><TD>李四</TD><TD x:num=\"0.5\">50%</TD></TR>\n</TABLE></body></html>";
        let sheets = read_html(&gbk(html), "a.xls").unwrap().into_sheets();
        assert_eq!(sheets.len(), 1);
        assert_eq!(sheets[0].sheet, "论文获奖");
        assert_eq!(
            sheets[0].rows,
            vec![
                row(1, &["姓名", "学时"]),
                row(2, &["张三", "24"]),
                row(3, &["李四", "50%"])
            ]
        );
    }

    #[test]
    fn html5_meta_charset_gbk() {
        let html = "<!DOCTYPE html><html><head><meta charset=\"gbk\"></head>\
                    <body><table><tr><td>任教学科</td><td>语文</td></tr></table></body></html>";
        assert_eq!(
            read_html(&gbk(html), "a.xls").unwrap().into_sheets()[0].rows,
            vec![row(0, &["任教学科", "语文"])]
        );
    }

    #[test]
    fn gbk_without_meta_is_detected() {
        let html = "<table><tr><td>课题名称</td></tr></table>";
        assert_eq!(
            read_html(&gbk(html), "a.xls").unwrap().into_sheets()[0].rows,
            vec![row(0, &["课题名称"])]
        );
    }

    #[test]
    fn valid_utf8_wins_over_a_wrong_meta_charset() {
        let html = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
                    <table><tr><td>课题名称</td></tr></table>";
        assert_eq!(read(html)[0].rows, vec![row(0, &["课题名称"])]);
    }

    #[test]
    fn utf16le_with_bom_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "<table><tr><td>主持人</td></tr></table>".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(
            read_html(&bytes, "a.xls").unwrap().into_sheets()[0].rows,
            vec![row(0, &["主持人"])]
        );
    }

    #[test]
    fn nested_table_is_a_separate_sheet_and_empty_tables_are_dropped() {
        let sheets = read(
            "<table><tr><td>\
               <table><tr><td>姓名</td><td>学时</td></tr><tr><td>张三</td><td>24</td></tr></table>\
             </td></tr></table>\
             <table><tr><td></td></tr></table>\
             <table><tr><td>制表人：王五</td><td>日期：2023-05-20</td></tr></table>",
        );
        assert_eq!(sheets.len(), 2);
        assert_eq!(sheets[0].sheet, "表1");
        assert_eq!(
            sheets[0].rows,
            vec![row(0, &["姓名", "学时"]), row(1, &["张三", "24"])]
        );
        assert_eq!(sheets[1].sheet, "表2");
        assert_eq!(
            sheets[1].rows,
            vec![row(0, &["制表人：王五", "日期：2023-05-20"])]
        );
    }

    #[test]
    fn outer_cell_keeps_its_own_text_around_a_nested_table() {
        let sheets = read(
            "<table><tr><td>统计表<table><tr><td>内</td></tr></table>（续）</td><td>外</td></tr></table>",
        );
        assert_eq!(sheets.len(), 2);
        assert_eq!(sheets[0].rows, vec![row(0, &["统计表（续）", "外"])]);
        assert_eq!(sheets[1].rows, vec![row(0, &["内"])]);
    }

    #[test]
    fn attributes_in_every_quoting_style() {
        let sheet = read_one(
            "<table><tr><td class=\"a b\" colspan = '2' data-x=a/b>x</td><td nowrap>y</td></tr></table>",
        );
        assert_eq!(sheet.rows, vec![row(0, &["x", "", "y"])]);
        assert_eq!(sheet.merges, vec![merge(0, 0, 0, 1)]);
    }

    #[test]
    fn stray_less_than_is_text() {
        let sheet = read_one("<table><tr><td>学时 < 72</td><td>a <= b</td></tr></table>");
        assert_eq!(sheet.rows, vec![row(0, &["学时 < 72", "a <= b"])]);
    }

    #[test]
    fn all_tables_empty_gives_no_sheets() {
        assert_eq!(
            read("<table><tr><td>&nbsp;</td></tr></table><table></table>"),
            vec![]
        );
    }

    #[test]
    fn file_without_table_is_an_error() {
        let err = read_html(
            "<html><body><p>导出失败</p></body></html>".as_bytes(),
            "a.xls",
        )
        .unwrap_err();
        assert_eq!(
            err,
            "不是有效的表格文件：文件是网页（HTML）格式，但里面没有表格（<table>）。请在原系统中重新导出为 Excel 表格，或用 Excel 打开后另存为 .xlsx 再提交"
        );
    }

    #[test]
    fn binary_file_is_an_error() {
        let err = read_html(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", "a.xls").unwrap_err();
        assert!(err.starts_with("不是有效的网页（HTML）表格文件："), "{err}");
        assert!(err.contains("二进制"), "{err}");
    }
}
