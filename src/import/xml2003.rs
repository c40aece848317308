//! Excel 2003 XML spreadsheets ("XML 电子表格 2003", SpreadsheetML, saved as `.xml` or `.xls`)
//! → one [`RawSheet`] per `<Worksheet>`.
//!
//! Structure: `<Workbook>` → `<Worksheet ss:Name>` → `<Table>` → `<Row ss:Index? ss:Span?>` →
//! `<Cell ss:Index? ss:MergeAcross? ss:MergeDown?>` → `<Data ss:Type>`.
//!
//! - Elements and attributes are matched by local name, so `ss:`-prefixed and default-namespace
//!   spellings both work.
//! - `ss:Index` (1-based) places a row or cell; without it a row follows the previous one
//!   (plus the previous row's `ss:Span` repeats), and a cell follows the previous cell of its
//!   row *after its `MergeAcross` range* (cells covered by a merge are not written). A cell is
//!   not pushed past regions merged down from earlier rows: Excel writes `ss:Index` there.
//! - `ss:MergeAcross` / `ss:MergeDown` give a [`Merge`] (`merges_known` is true).
//! - `Number` → [`Value::Number`], `DateTime` (`2023-05-20T00:00:00.000`) →
//!   [`Value::DateTime`], `Boolean` (`1`/`0`) → [`Value::Bool`], `Error` → [`Value::Error`],
//!   `String` and anything else → [`Value::Text`]; a value that doesn't parse as its type is
//!   kept as text. Rich text (`<ss:Data>` with `<B>`, `<Font>`… inside) gives its text; cell
//!   comments (`<Comment><ss:Data>`) are ignored. An empty `Data` is [`Value::Empty`].
//! - `<WorksheetOptions><Visible>SheetHidden</Visible>` (or `SheetVeryHidden`) → `hidden`.
//! - A worksheet without `ss:Name` (Excel always writes one) is named `工作表N`, N its
//!   1-based position.
//! - Every worksheet is returned, empty ones too, like the workbook readers; rows without a
//!   non-blank value are not stored. Hidden rows and columns are read like the others.
//! - Errors: undecodable bytes, malformed or truncated XML (with the line), a root other than
//!   `<Workbook>`, row or column numbers beyond Excel's limits.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use encoding_rs::Encoding;
use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesRef, BytesStart, Event};

use super::encoding::decode_markup;
use super::excel::{Book, ReadSheet};
use super::limits::{Bounds, dense_rows};
use crate::table::{Merge, RawSheet, Value};

/// Excel's row count.
const MAX_ROWS: u32 = 1_048_576;
/// Excel's column count.
const MAX_COLUMNS: u32 = 16_384;

/// Sniffs the first bytes of a file: true when its root element is `<Workbook>` (any prefix),
/// or when it carries the `<?mso-application progid="Excel.Sheet"?>` instruction. Leading
/// white space, a BOM (UTF-8 or UTF-16), the XML declaration, comments and a DOCTYPE are
/// skipped. Excel's HTML export ("save as web page") is not SpreadsheetML and gives false.
pub fn looks_like_spreadsheetml(head: &[u8]) -> bool {
    let text: Cow<'_, str> = match Encoding::for_bom(head) {
        Some((encoding, bom_len)) => encoding.decode_without_bom_handling(&head[bom_len..]).0,
        None => String::from_utf8_lossy(head),
    };
    let mut s = text.as_ref();
    loop {
        s = s.trim_start();
        let skip_to = if s.starts_with("<?") {
            let end = s.find("?>");
            let instruction = &s[..end.unwrap_or(s.len())];
            if instruction.starts_with("<?mso-application") && instruction.contains("Excel.Sheet") {
                return true;
            }
            end.map(|e| e + 2)
        } else if s.starts_with("<!--") {
            s.find("-->").map(|e| e + 3)
        } else if s.starts_with("<!") {
            s.find('>').map(|e| e + 1)
        } else {
            break;
        };
        match skip_to {
            Some(at) => s = &s[at..],
            None => return false,
        }
    }
    let Some(rest) = s.strip_prefix('<') else {
        return false;
    };
    let name_end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/');
    let name = &rest[..name_end.unwrap_or(rest.len())];
    local_part(name) == "Workbook"
}

/// Reads every worksheet of an Excel 2003 XML file. `file` is recorded as the sheets'
/// provenance. An `Err` is a Chinese message for an `unreadable_file` finding.
pub fn read_spreadsheetml(bytes: &[u8], file: &str) -> Result<Book, String> {
    let (text, _encoding) = decode_markup(bytes)
        .map_err(|detail| format!("不是有效的 Excel 2003 XML 电子表格：{detail}。{ADVICE}"))?;
    let sheets = Parser::new(file).run(&text)?;
    Ok(Book {
        sheets,
        findings: Vec::new(),
    })
}

/// What to do about an unreadable file, appended to every message.
const ADVICE: &str = "请用 Excel 或 WPS 打开后另存为 .xlsx 再提交";

/// The part of a name after its namespace prefix.
fn local_part(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Reading state.
struct Parser<'f> {
    file: &'f str,
    sheets: Vec<ReadSheet>,
    /// The file's cell budget.
    bounds: Bounds,
    /// Local names of the open elements.
    path: Vec<String>,
    sheet: Option<SheetBuilder>,
    /// The open row's 0-based index.
    row: Option<u32>,
    /// Where a row without `ss:Index` goes.
    next_row: u32,
    /// Where a cell without `ss:Index` goes.
    next_col: u32,
    cell: Option<CellBuilder>,
    /// Depth of the open `<Data>` element of the open cell, while inside it.
    data_depth: Option<usize>,
    /// Text of an open `<WorksheetOptions><Visible>`.
    visible: Option<String>,
}

struct SheetBuilder {
    name: String,
    hidden: bool,
    values: BTreeMap<u32, Vec<(u32, Value)>>,
    merges: Vec<Merge>,
}

struct CellBuilder {
    row: u32,
    col: u32,
    data_type: Option<String>,
    text: String,
}

impl<'f> Parser<'f> {
    fn new(file: &'f str) -> Self {
        Parser {
            file,
            sheets: Vec::new(),
            bounds: Bounds::default(),
            path: Vec::new(),
            sheet: None,
            row: None,
            next_row: 0,
            next_col: 0,
            cell: None,
            data_depth: None,
            visible: None,
        }
    }

    fn run(mut self, text: &str) -> Result<Vec<ReadSheet>, String> {
        let mut reader = Reader::from_str(text);
        reader.config_mut().expand_empty_elements = true;
        let mut root_seen = false;
        loop {
            let event = reader.read_event().map_err(|e| {
                let line = line_at(text, reader.error_position());
                format!(
                    "不是有效的 Excel 2003 XML 电子表格：第{line}行 XML 格式错误（{e}）。{ADVICE}"
                )
            })?;
            let at = || line_at(text, reader.buffer_position());
            match event {
                Event::Start(e) => {
                    if !root_seen {
                        let name = e.local_name();
                        if name.as_ref() != "Workbook" {
                            return Err(format!(
                                "不是 Excel 2003 XML 电子表格：根元素是 <{}>，不是 <Workbook>。{ADVICE}",
                                e.name().as_ref()
                            ));
                        }
                        root_seen = true;
                    }
                    self.start(&e).map_err(|detail| {
                        format!(
                            "不是有效的 Excel 2003 XML 电子表格：第{}行（XML 文件行号）{detail}。{ADVICE}",
                            at()
                        )
                    })?;
                }
                Event::End(_) => self.end(),
                Event::Text(t) => self.push_text(&t.xml10_content()),
                Event::CData(t) => self.push_text(&t.xml10_content()),
                Event::GeneralRef(r) => self.push_text(&resolve_reference(&r)),
                Event::Eof => break,
                _ => {}
            }
        }
        if !root_seen {
            return Err(format!(
                "不是 Excel 2003 XML 电子表格：文件里没有 <Workbook> 元素。{ADVICE}"
            ));
        }
        if !self.path.is_empty() {
            return Err(format!(
                "不是有效的 Excel 2003 XML 电子表格：文件在第{}行意外结束，可能不完整。{ADVICE}",
                line_at(text, text.len() as u64)
            ));
        }
        Ok(self.sheets)
    }

    fn start(&mut self, e: &BytesStart<'_>) -> Result<(), String> {
        let name = e.local_name().as_ref().to_string();
        let parent = self.path.last().map(String::as_str);
        match (parent, name.as_str()) {
            (Some("Workbook"), "Worksheet") => {
                self.sheet = Some(SheetBuilder {
                    name: attribute(e, "Name")
                        .filter(|name| !name.trim().is_empty())
                        .unwrap_or_else(|| format!("工作表{}", self.sheets.len() + 1)),
                    hidden: false,
                    values: BTreeMap::new(),
                    merges: Vec::new(),
                });
                self.next_row = 0;
            }
            (Some("Table"), "Row") if self.sheet.is_some() => {
                let row = match index_attribute(e)? {
                    Some(index) => index,
                    None => self.next_row,
                };
                if row >= MAX_ROWS {
                    return Err(format!(
                        "的行号 {} 超出了 Excel 的最大行数",
                        u64::from(row) + 1
                    ));
                }
                let span = number_attribute(e, "Span").unwrap_or(0);
                self.row = Some(row);
                self.next_row = row.saturating_add(1).saturating_add(span);
                self.next_col = 0;
            }
            (Some("Row"), "Cell") => {
                if let (Some(row), Some(sheet)) = (self.row, self.sheet.as_mut()) {
                    let col = match index_attribute(e)? {
                        Some(index) => index,
                        None => self.next_col,
                    };
                    if col >= MAX_COLUMNS {
                        return Err(format!(
                            "的列号 {} 超出了 Excel 的最大列数",
                            u64::from(col) + 1
                        ));
                    }
                    let across = number_attribute(e, "MergeAcross").unwrap_or(0);
                    let down = number_attribute(e, "MergeDown").unwrap_or(0);
                    let last_col = col.saturating_add(across).min(MAX_COLUMNS - 1);
                    let last_row = row.saturating_add(down).min(MAX_ROWS - 1);
                    if last_col > col || last_row > row {
                        sheet.merges.push(Merge {
                            first_row: row,
                            first_col: col,
                            last_row,
                            last_col,
                        });
                    }
                    self.next_col = last_col.saturating_add(1);
                    self.cell = Some(CellBuilder {
                        row,
                        col,
                        data_type: None,
                        text: String::new(),
                    });
                }
            }
            (Some("Cell"), "Data") => {
                if let Some(cell) = self.cell.as_mut() {
                    cell.data_type = attribute(e, "Type");
                    self.data_depth = Some(self.path.len() + 1);
                }
            }
            (Some("WorksheetOptions"), "Visible") => self.visible = Some(String::new()),
            _ => {}
        }
        self.path.push(name);
        Ok(())
    }

    fn end(&mut self) {
        let Some(name) = self.path.pop() else { return };
        match name.as_str() {
            "Data" if self.data_depth == Some(self.path.len() + 1) => self.data_depth = None,
            "Cell" if self.path.last().is_some_and(|p| p == "Row") => {
                if let (Some(cell), Some(sheet)) = (self.cell.take(), self.sheet.as_mut()) {
                    sheet.set(
                        cell.row,
                        cell.col,
                        cell_value(cell.data_type.as_deref(), cell.text),
                        &mut self.bounds,
                    );
                }
                self.data_depth = None;
            }
            "Row" if self.path.last().is_some_and(|p| p == "Table") => self.row = None,
            "Visible" => {
                if let (Some(visible), Some(sheet)) = (self.visible.take(), self.sheet.as_mut()) {
                    let visible = visible.trim();
                    sheet.hidden = visible == "SheetHidden" || visible == "SheetVeryHidden";
                }
            }
            "Worksheet" if self.path.len() == 1 => {
                if let Some(sheet) = self.sheet.take() {
                    let finished = sheet.finish(self.file, &mut self.bounds);
                    self.sheets.push(finished);
                }
                self.row = None;
            }
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        if self.data_depth.is_some() {
            if let Some(cell) = self.cell.as_mut() {
                cell.text.push_str(text);
            }
        } else if let Some(visible) = self.visible.as_mut() {
            visible.push_str(text);
        }
    }
}

impl SheetBuilder {
    fn set(&mut self, row: u32, col: u32, value: Value, bounds: &mut Bounds) {
        if value.is_blank() || !bounds.keep(row, col) {
            return;
        }
        self.values.entry(row).or_default().push((col, value));
    }

    fn finish(self, file: &str, bounds: &mut Bounds) -> ReadSheet {
        let rows = dense_rows(self.values.into_iter().collect(), bounds);
        ReadSheet {
            sheet: RawSheet {
                file: file.to_string(),
                sheet: self.name,
                rows,
                merges: self.merges,
                hidden: self.hidden,
                merges_known: true,
                date1904: false,
            },
            dropped: bounds.end_sheet(),
        }
    }
}

/// The value of the attribute with local name `local` (`ss:Name` → `Name`), entities resolved.
pub(super) fn attribute(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find_map(|attr| {
            if attr.key.local_name().as_ref() != local || attr.key.as_ref().starts_with("xmlns") {
                return None;
            }
            let value = attr.normalized_value(XmlVersion::Implicit1_0).ok()?;
            Some(value.into_owned())
        })
}

/// A non-negative integer attribute; `None` when missing or not a number.
fn number_attribute(e: &BytesStart<'_>, local: &str) -> Option<u32> {
    attribute(e, local)?.trim().parse().ok()
}

/// The 0-based position given by a 1-based `ss:Index`; `None` when there is none.
fn index_attribute(e: &BytesStart<'_>) -> Result<Option<u32>, String> {
    let Some(raw) = attribute(e, "Index") else {
        return Ok(None);
    };
    match raw.trim().parse::<u64>() {
        Ok(index) if index >= 1 => Ok(Some(u32::try_from(index - 1).unwrap_or(u32::MAX))),
        _ => Err(format!("的 ss:Index=\"{raw}\" 不是有效的行号或列号")),
    }
}

/// The text of an entity or character reference; unknown entities stay as written.
pub(super) fn resolve_reference(reference: &BytesRef<'_>) -> String {
    if reference.is_char_ref() {
        if let Ok(Some(c)) = reference.resolve_char_ref() {
            return c.to_string();
        }
    } else if let Some(text) = quick_xml::escape::resolve_predefined_entity(reference) {
        return text.to_string();
    }
    format!("&{};", &**reference)
}

/// A cell's value from its `ss:Type` and text.
fn cell_value(data_type: Option<&str>, text: String) -> Value {
    if text.is_empty() {
        return Value::Empty;
    }
    let trimmed = text.trim();
    let parsed = match data_type {
        Some("Number") => trimmed
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(Value::Number),
        Some("DateTime") => parse_datetime(trimmed).map(Value::DateTime),
        Some("Boolean") => match trimmed.to_ascii_lowercase().as_str() {
            "1" | "true" => Some(Value::Bool(true)),
            "0" | "false" => Some(Value::Bool(false)),
            _ => None,
        },
        Some("Error") => Some(Value::Error(trimmed.to_string())),
        _ => None,
    };
    parsed.unwrap_or(Value::Text(text))
}

/// `2023-05-20T00:00:00.000`, with or without fraction or seconds, or a bare date.
fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(s, format).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .map(|d| d.and_time(chrono::NaiveTime::MIN))
        })
}

/// The 1-based line of a byte position in the text.
fn line_at(text: &str, position: u64) -> usize {
    let end = usize::try_from(position)
        .unwrap_or(usize::MAX)
        .min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::RawRow;

    const HEAD: &str = "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n\
        <Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"\n \
        xmlns:o=\"urn:schemas-microsoft-com:office:office\"\n \
        xmlns:x=\"urn:schemas-microsoft-com:office:excel\"\n \
        xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"\n \
        xmlns:html=\"http://www.w3.org/TR/REC-html40\">\n";

    fn workbook(body: &str) -> String {
        format!("{HEAD}{body}</Workbook>\n")
    }

    fn read(body: &str) -> Vec<RawSheet> {
        read_spreadsheetml(workbook(body).as_bytes(), "课题/立项.xml")
            .unwrap()
            .into_sheets()
    }

    fn text(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    fn date(y: i32, m: u32, d: u32, h: u32, min: u32) -> Value {
        Value::DateTime(
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(h, min, 0)
                .unwrap(),
        )
    }

    fn merge(first_row: u32, first_col: u32, last_row: u32, last_col: u32) -> Merge {
        Merge {
            first_row,
            first_col,
            last_row,
            last_col,
        }
    }

    #[test]
    fn typed_cells_with_provenance() {
        let sheets = read(
            "<Worksheet ss:Name=\"课题\"><Table>\
             <Row><Cell><Data ss:Type=\"String\">课题名称</Data></Cell>\
             <Cell><Data ss:Type=\"String\">立项时间</Data></Cell>\
             <Cell><Data ss:Type=\"String\">经费</Data></Cell>\
             <Cell><Data ss:Type=\"String\">结题</Data></Cell>\
             <Cell><Data ss:Type=\"String\">备注</Data></Cell></Row>\
             <Row><Cell><Data ss:Type=\"String\">小学数学 &amp; 阅读</Data></Cell>\
             <Cell ss:StyleID=\"s62\"><Data ss:Type=\"DateTime\">2023-05-20T00:00:00.000</Data></Cell>\
             <Cell><Data ss:Type=\"Number\">1.5</Data></Cell>\
             <Cell><Data ss:Type=\"Boolean\">1</Data></Cell>\
             <Cell ss:Formula=\"=1/0\"><Data ss:Type=\"Error\">#DIV/0!</Data></Cell></Row>\
             </Table></Worksheet>",
        );
        assert_eq!(
            sheets,
            vec![RawSheet {
                file: "课题/立项.xml".to_string(),
                sheet: "课题".to_string(),
                rows: vec![
                    RawRow {
                        index: 0,
                        cells: vec![
                            text("课题名称"),
                            text("立项时间"),
                            text("经费"),
                            text("结题"),
                            text("备注")
                        ],
                    },
                    RawRow {
                        index: 1,
                        cells: vec![
                            text("小学数学 & 阅读"),
                            date(2023, 5, 20, 0, 0),
                            Value::Number(1.5),
                            Value::Bool(true),
                            Value::Error("#DIV/0!".to_string()),
                        ],
                    },
                ],
                merges: vec![],
                hidden: false,
                merges_known: true,
                date1904: false,
            }]
        );
    }

    #[test]
    fn index_gaps_for_rows_and_cells() {
        let sheets = read(
            "<Worksheet ss:Name=\"Sheet1\"><Table>\
             <Row ss:Index=\"2\"><Cell ss:Index=\"3\"><Data ss:Type=\"String\">C2</Data></Cell>\
             <Cell><Data ss:Type=\"String\">D2</Data></Cell></Row>\
             <Row><Cell><Data ss:Type=\"String\">A3</Data></Cell></Row>\
             <Row ss:Index=\"10\"><Cell ss:Index=\"2\"><Data ss:Type=\"Number\">24</Data></Cell></Row>\
             </Table></Worksheet>",
        );
        assert_eq!(
            sheets[0].rows,
            vec![
                RawRow {
                    index: 1,
                    cells: vec![Value::Empty, Value::Empty, text("C2"), text("D2")]
                },
                RawRow {
                    index: 2,
                    cells: vec![text("A3")]
                },
                RawRow {
                    index: 9,
                    cells: vec![Value::Empty, Value::Number(24.0)]
                },
            ]
        );
    }

    #[test]
    fn row_span_skips_the_repeated_rows() {
        let sheets = read(
            "<Worksheet ss:Name=\"S\"><Table>\
             <Row ss:Span=\"2\"/>\
             <Row><Cell><Data ss:Type=\"String\">第4行</Data></Cell></Row>\
             </Table></Worksheet>",
        );
        assert_eq!(
            sheets[0].rows,
            vec![RawRow {
                index: 3,
                cells: vec![text("第4行")]
            }]
        );
    }

    #[test]
    fn merges_are_recorded_and_next_cell_follows_the_merge() {
        let sheets = read(
            "<Worksheet ss:Name=\"行事历\"><Table>\
             <Row><Cell ss:MergeAcross=\"2\"><Data ss:Type=\"String\">2023学年行事历</Data></Cell>\
             <Cell><Data ss:Type=\"String\">D1</Data></Cell></Row>\
             <Row><Cell ss:MergeDown=\"1\"><Data ss:Type=\"String\">第一周</Data></Cell>\
             <Cell><Data ss:Type=\"String\">开学</Data></Cell></Row>\
             <Row><Cell ss:Index=\"2\"><Data ss:Type=\"String\">报到</Data></Cell></Row>\
             <Row><Cell ss:MergeAcross=\"1\" ss:MergeDown=\"1\"/></Row>\
             </Table></Worksheet>",
        );
        assert_eq!(
            sheets[0].rows,
            vec![
                RawRow {
                    index: 0,
                    cells: vec![
                        text("2023学年行事历"),
                        Value::Empty,
                        Value::Empty,
                        text("D1")
                    ],
                },
                RawRow {
                    index: 1,
                    cells: vec![text("第一周"), text("开学")]
                },
                RawRow {
                    index: 2,
                    cells: vec![Value::Empty, text("报到")]
                },
            ]
        );
        assert_eq!(
            sheets[0].merges,
            vec![merge(0, 0, 0, 2), merge(1, 0, 2, 0), merge(3, 0, 4, 1)]
        );
    }

    #[test]
    fn rich_text_gives_its_text_and_comments_are_ignored() {
        let sheets = read(
            "<Worksheet ss:Name=\"S\"><Table><Row>\
             <Cell><ss:Data ss:Type=\"String\" xmlns=\"http://www.w3.org/TR/REC-html40\">\
             <B>浅谈</B><Font html:Color=\"#FF0000\">小学</Font>数学</ss:Data>\
             <Comment ss:Author=\"王五\"><ss:Data><B>王五:</B>请核对</ss:Data></Comment></Cell>\
             <Cell><Data ss:Type=\"String\">第一行&#10;第二行</Data></Cell>\
             </Row></Table></Worksheet>",
        );
        assert_eq!(
            sheets[0].rows,
            vec![RawRow {
                index: 0,
                cells: vec![text("浅谈小学数学"), text("第一行\n第二行")]
            }]
        );
    }

    #[test]
    fn string_data_is_kept_as_written() {
        let sheets = read(
            "<Worksheet ss:Name=\"S\"><Table><Row>\
             <Cell><Data ss:Type=\"String\"> 张　三 </Data></Cell>\
             <Cell><Data ss:Type=\"String\">320412198001010011</Data></Cell>\
             <Cell><Data ss:Type=\"String\"></Data></Cell>\
             <Cell><Data ss:Type=\"String\"><![CDATA[a<b]]></Data></Cell>\
             </Row></Table></Worksheet>",
        );
        assert_eq!(
            sheets[0].rows,
            vec![RawRow {
                index: 0,
                cells: vec![
                    text(" 张　三 "),
                    text("320412198001010011"),
                    Value::Empty,
                    text("a<b")
                ],
            }]
        );
    }

    #[test]
    fn unparsable_typed_values_stay_text() {
        assert_eq!(cell_value(Some("Number"), "24".into()), Value::Number(24.0));
        assert_eq!(
            cell_value(Some("Number"), "1.5E-2".into()),
            Value::Number(0.015)
        );
        assert_eq!(cell_value(Some("Number"), "二十".into()), text("二十"));
        assert_eq!(cell_value(Some("Number"), "NaN".into()), text("NaN"));
        assert_eq!(
            cell_value(Some("DateTime"), "2023-05-20T08:30:00".into()),
            date(2023, 5, 20, 8, 30)
        );
        assert_eq!(
            cell_value(Some("DateTime"), "2023-05-20".into()),
            date(2023, 5, 20, 0, 0)
        );
        assert_eq!(
            cell_value(Some("DateTime"), "2023年5月".into()),
            text("2023年5月")
        );
        assert_eq!(cell_value(Some("Boolean"), "0".into()), Value::Bool(false));
        assert_eq!(cell_value(Some("Boolean"), "是".into()), text("是"));
        assert_eq!(cell_value(None, "x".into()), text("x"));
        assert_eq!(cell_value(Some("Number"), String::new()), Value::Empty);
    }

    #[test]
    fn hidden_and_empty_sheets() {
        let sheets = read(
            "<Worksheet ss:Name=\"数据\"><Table><Row><Cell><Data ss:Type=\"Number\">1</Data></Cell>\
             </Row></Table><WorksheetOptions xmlns=\"urn:schemas-microsoft-com:office:excel\">\
             <Visible>SheetHidden</Visible></WorksheetOptions></Worksheet>\
             <Worksheet ss:Name=\"空表\"><Table/><WorksheetOptions \
             xmlns=\"urn:schemas-microsoft-com:office:excel\"><Selected/></WorksheetOptions>\
             </Worksheet>\
             <Worksheet ss:Name=\"隐藏2\"><WorksheetOptions><Visible>SheetVeryHidden</Visible>\
             </WorksheetOptions></Worksheet>",
        );
        let summary: Vec<(&str, bool, usize)> = sheets
            .iter()
            .map(|s| (s.sheet.as_str(), s.hidden, s.rows.len()))
            .collect();
        assert_eq!(
            summary,
            vec![("数据", true, 1), ("空表", false, 0), ("隐藏2", true, 0)]
        );
    }

    #[test]
    fn worksheet_without_name_gets_its_position() {
        let sheets = read("<Worksheet ss:Name=\"A\"/><Worksheet><Table/></Worksheet>");
        let names: Vec<&str> = sheets.iter().map(|s| s.sheet.as_str()).collect();
        assert_eq!(names, vec!["A", "工作表2"]);
    }

    #[test]
    fn prefixed_element_names_are_read() {
        let xml = "<?xml version=\"1.0\"?><ss:Workbook \
            xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\
            <ss:Worksheet ss:Name=\"A\"><ss:Table><ss:Row><ss:Cell>\
            <ss:Data ss:Type=\"String\">甲</ss:Data></ss:Cell></ss:Row></ss:Table>\
            </ss:Worksheet></ss:Workbook>";
        let sheets = read_spreadsheetml(xml.as_bytes(), "a.xml")
            .unwrap()
            .into_sheets();
        assert_eq!(
            sheets[0].rows,
            vec![RawRow {
                index: 0,
                cells: vec![text("甲")]
            }]
        );
    }

    #[test]
    fn gbk_declared_file_is_decoded() {
        let xml = workbook(
            "<Worksheet ss:Name=\"教师\"><Table><Row><Cell><Data ss:Type=\"String\">语文</Data>\
             </Cell></Row></Table></Worksheet>",
        )
        .replace(
            "<?xml version=\"1.0\"?>",
            "<?xml version=\"1.0\" encoding=\"gb2312\"?>",
        );
        let (bytes, _, _) = encoding_rs::GB18030.encode(&xml);
        let sheets = read_spreadsheetml(&bytes, "a.xml").unwrap().into_sheets();
        assert_eq!(sheets[0].sheet, "教师");
        assert_eq!(
            sheets[0].rows,
            vec![RawRow {
                index: 0,
                cells: vec![text("语文")]
            }]
        );
    }

    #[test]
    fn malformed_xml_is_an_error_with_its_line() {
        let xml = workbook(
            "<Worksheet ss:Name=\"S\"><Table>\n<Row><Cell><Data ss:Type=\"String\">a</Cell>\n\
             </Row></Table></Worksheet>",
        );
        let err = read_spreadsheetml(xml.as_bytes(), "a.xml").unwrap_err();
        assert!(
            err.starts_with("不是有效的 Excel 2003 XML 电子表格：第9行 XML 格式错误（"),
            "{err}"
        );
        assert!(
            err.ends_with("。请用 Excel 或 WPS 打开后另存为 .xlsx 再提交"),
            "{err}"
        );
    }

    #[test]
    fn truncated_file_is_an_error() {
        let xml = format!("{HEAD}<Worksheet ss:Name=\"S\"><Table><Row>");
        let err = read_spreadsheetml(xml.as_bytes(), "a.xml").unwrap_err();
        assert_eq!(
            err,
            "不是有效的 Excel 2003 XML 电子表格：文件在第8行意外结束，可能不完整。请用 Excel 或 WPS 打开后另存为 .xlsx 再提交"
        );
    }

    #[test]
    fn other_root_element_is_an_error() {
        let err = read_spreadsheetml(b"<?xml version=\"1.0\"?><html><body/></html>", "a.xls")
            .unwrap_err();
        assert_eq!(
            err,
            "不是 Excel 2003 XML 电子表格：根元素是 <html>，不是 <Workbook>。请用 Excel 或 WPS 打开后另存为 .xlsx 再提交"
        );
        let err = read_spreadsheetml(b"", "a.xml").unwrap_err();
        assert_eq!(
            err,
            "不是 Excel 2003 XML 电子表格：文件里没有 <Workbook> 元素。请用 Excel 或 WPS 打开后另存为 .xlsx 再提交"
        );
    }

    #[test]
    fn bad_index_is_an_error() {
        let xml = workbook(
            "<Worksheet ss:Name=\"S\"><Table>\n<Row><Cell ss:Index=\"0\"/></Row></Table></Worksheet>",
        );
        let err = read_spreadsheetml(xml.as_bytes(), "a.xml").unwrap_err();
        assert_eq!(
            err,
            "不是有效的 Excel 2003 XML 电子表格：第9行（XML 文件行号）的 ss:Index=\"0\" 不是有效的行号或列号。请用 Excel 或 WPS 打开后另存为 .xlsx 再提交"
        );
        let xml = workbook(
            "<Worksheet ss:Name=\"S\"><Table><Row ss:Index=\"1048577\"/></Table></Worksheet>",
        );
        let err = read_spreadsheetml(xml.as_bytes(), "a.xml").unwrap_err();
        assert!(
            err.contains("的行号 1048577 超出了 Excel 的最大行数"),
            "{err}"
        );
    }

    #[test]
    fn sniffing_spreadsheetml() {
        assert!(looks_like_spreadsheetml(HEAD.as_bytes()));
        assert!(looks_like_spreadsheetml(
            b"\xEF\xBB\xBF  <Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"
        ));
        assert!(looks_like_spreadsheetml(
            b"<?xml version=\"1.0\"?>\n<!-- exported --><ss:Workbook xmlns:ss=\"x\">"
        ));
        assert!(looks_like_spreadsheetml(
            b"<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?>"
        ));
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "<?xml version=\"1.0\"?><Workbook>".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        assert!(looks_like_spreadsheetml(&utf16));
        // Excel's "save as web page" export is HTML, not SpreadsheetML.
        assert!(!looks_like_spreadsheetml(
            b"<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><head>"
        ));
        assert!(!looks_like_spreadsheetml(
            b"<?xml version=\"1.0\"?><office:document>"
        ));
        assert!(!looks_like_spreadsheetml(b"PK\x03\x04"));
        assert!(!looks_like_spreadsheetml(b"<?xml version=\"1.0\""));
        assert!(!looks_like_spreadsheetml(b""));
    }
}
