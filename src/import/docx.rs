//! Word documents (.docx): paragraphs and tables of `word/document.xml`.
//!
//! Paragraphs (`w:p`) become numbered lines: the text of their runs (`w:t`), `w:tab` as a tab,
//! `w:br`/`w:cr` as a line break. Automatic list numbering (`w:numPr`) is not in the text and
//! is not needed. A paragraph whose style is a heading or a title (from `word/styles.xml`), or
//! which carries an outline level, is marked as a heading. Tables (`w:tbl`) become sheets
//! `表1`, `表2`…: one row per `w:tr`, a cell's paragraphs joined by line breaks, `w:gridSpan`
//! and `w:vMerge` as merged regions, so that a month cell merged down a calendar table
//! applies to every row it spans. A table inside a cell adds its text to the cell. Text boxes'
//! fallback copies (`mc:Fallback`) are skipped, deleted text (`w:delText`) is not text.

use std::collections::HashMap;
use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::table::{Merge, RawRow, RawSheet, Value};

use super::document::{DocLine, DocTable, RawDocument};
use super::limits::MAX_COLUMNS;
use super::xml2003::{attribute, resolve_reference};

/// The most a document part may take once unpacked: more is a zip bomb, not a plan.
const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

const RESAVE: &str = "请用 Word 或 WPS 打开后另存为 .docx 再试";

/// Reads a .docx.
///
/// # Errors
/// A Chinese message when the archive or its XML is damaged, or it holds no Word document.
pub fn read_docx(bytes: &[u8], file: &str) -> Result<RawDocument, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("Word 文档已损坏，无法解压（{e}）：{RESAVE}"))?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.to_string()))
        .collect();
    let find = |wanted: &str| {
        names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(wanted))
            .cloned()
    };
    let main = match find("word/document.xml") {
        Some(name) => name,
        None => main_part(&mut archive, &names).ok_or_else(|| {
            format!("不是 Word 文档：压缩包里没有正文（word/document.xml）。{RESAVE}")
        })?,
    };
    let styles = match find("word/styles.xml") {
        Some(name) => part_text(&mut archive, &name)
            .map(|xml| heading_styles(&xml))
            .unwrap_or_default(),
        None => HashMap::new(),
    };
    let xml = part_text(&mut archive, &main)?;
    Body::new(file, &styles).run(&xml)
}

/// The main part named by `_rels/.rels` when it is not `word/document.xml`.
fn main_part(
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    names: &[String],
) -> Option<String> {
    let rels = part_text(archive, "_rels/.rels").ok()?;
    let mut reader = Reader::from_str(&rels);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let kind = attribute(&e, "Type").unwrap_or_default();
                if kind.ends_with("/officeDocument") {
                    let target = attribute(&e, "Target")?;
                    let target = target.trim_start_matches('/');
                    return names.iter().find(|n| n.as_str() == target).cloned();
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// One part of the archive as text.
fn part_text(
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<String, String> {
    let mut entry = archive
        .by_name(name)
        .map_err(|e| format!("Word 文档已损坏，无法读取 {name}（{e}）：{RESAVE}"))?;
    let mut bytes = Vec::new();
    entry
        .by_ref()
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("Word 文档已损坏，无法读取 {name}（{e}）：{RESAVE}"))?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return Err(format!("Word 文档的正文过大，不像是一份工作计划：{RESAVE}"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec())
        .map_err(|_| format!("Word 文档已损坏：{name} 不是 UTF-8 编码的 XML。{RESAVE}"))
}

/// Paragraph style ids that are headings or titles, from `word/styles.xml`: a style named
/// `heading N` / `Title` / `Subtitle` (Word's built-in names, whatever the display language),
/// one with an outline level below 9, or one based on such a style.
fn heading_styles(xml: &str) -> HashMap<String, bool> {
    struct Style {
        heading: bool,
        based_on: Option<String>,
    }
    let mut styles: HashMap<String, Style> = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut current: Option<(String, Style)> = None;
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    "style" => {
                        let paragraph = attribute(&e, "type").is_none_or(|t| t == "paragraph");
                        current = attribute(&e, "styleId").filter(|_| paragraph).map(|id| {
                            (
                                id,
                                Style {
                                    heading: false,
                                    based_on: None,
                                },
                            )
                        });
                    }
                    "name" => {
                        if let Some((_, s)) = current.as_mut() {
                            let v = attribute(&e, "val").unwrap_or_default().to_lowercase();
                            let v = v.trim();
                            if v.starts_with("heading") || v == "title" || v == "subtitle" {
                                s.heading = true;
                            }
                        }
                    }
                    "outlineLvl" => {
                        if let Some((_, s)) = current.as_mut()
                            && attribute(&e, "val")
                                .and_then(|v| v.trim().parse::<u32>().ok())
                                .is_some_and(|l| l < 9)
                        {
                            s.heading = true;
                        }
                    }
                    "basedOn" => {
                        if let Some((_, s)) = current.as_mut() {
                            s.based_on = attribute(&e, "val");
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) if e.local_name().as_ref() == "style" => {
                if let Some((id, s)) = current.take() {
                    styles.insert(id, s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let resolve = |id: &str| {
        let mut at = id;
        for _ in 0..16 {
            let Some(s) = styles.get(at) else {
                return false;
            };
            if s.heading {
                return true;
            }
            match &s.based_on {
                Some(b) => at = b,
                None => return false,
            }
        }
        false
    };
    styles
        .keys()
        .map(|id| (id.clone(), resolve(id)))
        .filter(|(_, h)| *h)
        .collect()
}

/// A table being read (of a .docx, or of a .doc: [`super::doc`]).
#[derive(Default)]
pub(super) struct TableBuilder {
    rows: Vec<RawRow>,
    merges: Vec<Merge>,
    /// Vertical merges still open: grid column → (first row, last row, last column).
    open: HashMap<u32, (u32, u32, u32)>,
    row: u32,
    col: u32,
    cells: Vec<Value>,
    /// The open cell: its text, span and `w:vMerge` state.
    cell: Option<CellBuilder>,
    after: u32,
}

/// A cell being read: its paragraphs joined by line breaks.
#[derive(Default)]
pub(super) struct CellBuilder {
    pub(super) text: String,
    paragraphs: u32,
    /// Grid columns the cell spans (0 and 1 both mean one).
    pub(super) span: u32,
    /// `Some(true)` restarts a vertical merge, `Some(false)` continues one.
    pub(super) vmerge: Option<bool>,
    /// A legacy `w:hMerge` continuation: the cell belongs to the one on its left.
    pub(super) hmerge_continue: bool,
}

impl CellBuilder {
    /// Starts a paragraph of the cell: a line break after the text so far, if any.
    pub(super) fn start_paragraph(&mut self) {
        if self.paragraphs > 0 && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
        self.paragraphs += 1;
    }
}

impl TableBuilder {
    /// A table standing after `after` paragraphs.
    pub(super) fn new(after: u32) -> Self {
        TableBuilder {
            after,
            ..TableBuilder::default()
        }
    }

    /// Starts a row whose first `skip` grid columns hold no cell (`w:gridBefore`).
    pub(super) fn start_row(&mut self, skip: u32) {
        self.col = skip;
        self.cells.clear();
    }

    /// Adds a whole cell to the open row.
    pub(super) fn push_cell(&mut self, cell: CellBuilder) {
        self.end_cell();
        self.cell = Some(cell);
        self.end_cell();
    }

    fn close_merge(&mut self, col: u32) {
        if let Some((first, last, last_col)) = self.open.remove(&col)
            && (last > first || last_col > col)
        {
            self.merges.push(Merge {
                first_row: first,
                first_col: col,
                last_row: last,
                last_col,
            });
        }
    }

    fn end_cell(&mut self) {
        let Some(cell) = self.cell.take() else {
            return;
        };
        let col = self.col;
        // A cell past the widest form is no data; a span or an offset claimed in the billions
        // (`w:gridSpan`, `w:gridBefore`) must not make the row that wide.
        if col >= MAX_COLUMNS {
            return;
        }
        let span = cell.span.clamp(1, MAX_COLUMNS - col);
        if cell.hmerge_continue && col > 0 {
            // Widen the merge of the cell on the left.
            self.col += span;
            return;
        }
        // Whatever was open in these columns and is not continued here ends.
        let continues = cell.vmerge == Some(false) && self.open.contains_key(&col);
        for c in col..col + span {
            if !(continues && c == col) {
                self.close_merge(c);
            }
        }
        if continues {
            if let Some(m) = self.open.get_mut(&col) {
                m.1 = self.row;
            }
        } else {
            if cell.vmerge == Some(true) || span > 1 {
                self.open.insert(col, (self.row, self.row, col + span - 1));
            }
            let text = cell.text.trim_end_matches('\n');
            let value = if text.trim().is_empty() {
                Value::Empty
            } else {
                Value::Text(text.to_string())
            };
            let at = col as usize;
            if self.cells.len() <= at {
                self.cells.resize(at + 1, Value::Empty);
            }
            self.cells[at] = value;
        }
        self.col += span;
    }

    pub(super) fn end_row(&mut self) {
        self.end_cell();
        // A merge whose column this row did not reach ends above it.
        let reached = self.col;
        let stale: Vec<u32> = self
            .open
            .iter()
            .filter(|(c, m)| **c >= reached || m.1 < self.row)
            .map(|(c, _)| *c)
            .collect();
        for c in stale {
            self.close_merge(c);
        }
        let cells = std::mem::take(&mut self.cells);
        let row = RawRow {
            index: self.row,
            cells,
        };
        if !row.is_blank() {
            self.rows.push(row);
        }
        self.row += 1;
        self.col = 0;
    }

    pub(super) fn finish(mut self, file: &str, number: usize) -> DocTable {
        let cols: Vec<u32> = self.open.keys().copied().collect();
        for c in cols {
            self.close_merge(c);
        }
        self.merges
            .sort_by_key(|m| (m.first_row, m.first_col, m.last_row, m.last_col));
        DocTable {
            after: self.after,
            sheet: RawSheet {
                file: file.to_string(),
                sheet: format!("表{number}"),
                rows: self.rows,
                merges: self.merges,
                hidden: false,
                merges_known: true,
                date1904: false,
            },
        }
    }
}

/// Reading state for `word/document.xml`.
struct Body<'a> {
    file: &'a str,
    styles: &'a HashMap<String, bool>,
    lines: Vec<DocLine>,
    tables: Vec<DocTable>,
    /// Paragraphs seen outside tables.
    paragraphs: u32,
    /// Depth of open `w:p` elements (text boxes nest them).
    p_depth: u32,
    /// Depth of open `w:tbl` elements.
    tbl_depth: u32,
    /// Depth of open `w:r` elements.
    r_depth: u32,
    /// Inside `w:t`.
    in_text: bool,
    /// Depth of a skipped subtree (`mc:Fallback`), 0 when not skipping.
    skip: u32,
    /// The open top-level paragraph.
    para: Option<DocLine>,
    table: Option<TableBuilder>,
}

impl<'a> Body<'a> {
    fn new(file: &'a str, styles: &'a HashMap<String, bool>) -> Self {
        Body {
            file,
            styles,
            lines: Vec::new(),
            tables: Vec::new(),
            paragraphs: 0,
            p_depth: 0,
            tbl_depth: 0,
            r_depth: 0,
            in_text: false,
            skip: 0,
            para: None,
            table: None,
        }
    }

    fn run(mut self, xml: &str) -> Result<RawDocument, String> {
        let mut reader = Reader::from_str(xml);
        reader.config_mut().expand_empty_elements = true;
        let mut seen_document = false;
        loop {
            let event = reader
                .read_event()
                .map_err(|e| format!("Word 文档内容已损坏（XML 格式错误：{e}）：{RESAVE}"))?;
            match event {
                Event::Start(e) => {
                    if !seen_document {
                        let root = e.local_name();
                        if root.as_ref() != "document" {
                            return Err(format!(
                                "不是 Word 文档：正文的根元素是 <{}>。{RESAVE}",
                                e.name().as_ref()
                            ));
                        }
                        seen_document = true;
                    }
                    self.start(&e);
                }
                Event::End(e) => self.end(e.local_name().as_ref()),
                Event::Text(t) => self.push_text(&t.xml10_content()),
                Event::CData(t) => self.push_text(&t.xml10_content()),
                Event::GeneralRef(r) => self.push_text(&resolve_reference(&r)),
                Event::Eof => break,
                _ => {}
            }
        }
        if !seen_document {
            return Err(format!("不是 Word 文档：正文是空的。{RESAVE}"));
        }
        Ok(RawDocument {
            file: self.file.to_string(),
            lines: self.lines,
            tables: self.tables,
        })
    }

    /// Appends to the open cell, or else to the open paragraph.
    fn push_str(&mut self, s: &str) {
        if let Some(cell) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
            cell.text.push_str(s);
        } else if let Some(p) = self.para.as_mut() {
            p.text.push_str(s);
        }
    }

    fn push_text(&mut self, s: &str) {
        if self.in_text && self.skip == 0 {
            self.push_str(s);
        }
    }

    fn start(&mut self, e: &BytesStart<'_>) {
        if self.skip > 0 {
            self.skip += 1;
            return;
        }
        let name = e.local_name();
        match name.as_ref() {
            "Fallback" => self.skip = 1,
            "p" => {
                if self.tbl_depth == 0 && self.p_depth == 0 {
                    self.paragraphs += 1;
                    self.para = Some(DocLine {
                        number: self.paragraphs,
                        text: String::new(),
                        heading: false,
                    });
                } else if let Some(cell) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
                    cell.start_paragraph();
                } else if self.p_depth > 0 {
                    // A text box's paragraph inside a paragraph: its own line.
                    self.push_str("\n");
                }
                self.p_depth += 1;
            }
            "pStyle" if self.tbl_depth == 0 => {
                if let (Some(p), Some(id)) = (self.para.as_mut(), attribute(e, "val"))
                    && self.styles.get(&id).copied().unwrap_or(false)
                {
                    p.heading = true;
                }
            }
            "outlineLvl" if self.tbl_depth == 0 => {
                if let Some(p) = self.para.as_mut()
                    && attribute(e, "val")
                        .and_then(|v| v.trim().parse::<u32>().ok())
                        .is_some_and(|l| l < 9)
                {
                    p.heading = true;
                }
            }
            "r" => self.r_depth += 1,
            "t" if self.r_depth > 0 => self.in_text = true,
            "tab" if self.r_depth > 0 => self.push_str("\t"),
            "br" | "cr" if self.r_depth > 0 => self.push_str("\n"),
            "noBreakHyphen" if self.r_depth > 0 => self.push_str("-"),
            "tbl" => {
                self.tbl_depth += 1;
                if self.tbl_depth == 1 {
                    self.table = Some(TableBuilder::new(self.paragraphs));
                }
            }
            "tr" if self.tbl_depth == 1 => {
                if let Some(t) = self.table.as_mut() {
                    t.start_row(0);
                }
            }
            "gridBefore" if self.tbl_depth == 1 => {
                if let Some(t) = self.table.as_mut() {
                    t.col = t.col.saturating_add(number(e)).min(MAX_COLUMNS);
                }
            }
            "tc" if self.tbl_depth == 1 => {
                if let Some(t) = self.table.as_mut() {
                    t.end_cell();
                    t.cell = Some(CellBuilder {
                        span: 1,
                        ..CellBuilder::default()
                    });
                }
            }
            "gridSpan" if self.tbl_depth == 1 => {
                if let Some(c) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
                    c.span = number(e).max(1);
                }
            }
            "vMerge" if self.tbl_depth == 1 => {
                if let Some(c) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
                    c.vmerge = Some(attribute(e, "val").is_some_and(|v| v == "restart"));
                }
            }
            "hMerge" if self.tbl_depth == 1 => {
                if let Some(c) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
                    c.hmerge_continue = attribute(e, "val").is_none_or(|v| v != "restart");
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match name {
            "p" => {
                self.p_depth = self.p_depth.saturating_sub(1);
                if self.p_depth == 0
                    && self.tbl_depth == 0
                    && let Some(p) = self.para.take()
                    && !p.text.trim().is_empty()
                {
                    self.lines.push(p);
                }
            }
            "r" => self.r_depth = self.r_depth.saturating_sub(1),
            "t" => self.in_text = false,
            "tc" if self.tbl_depth == 1 => {
                if let Some(t) = self.table.as_mut() {
                    t.end_cell();
                }
            }
            "tr" if self.tbl_depth == 1 => {
                if let Some(t) = self.table.as_mut() {
                    t.end_row();
                }
            }
            "tbl" => {
                if self.tbl_depth == 1
                    && let Some(t) = self.table.take()
                {
                    let n = self.tables.len() + 1;
                    self.tables.push(t.finish(self.file, n));
                }
                self.tbl_depth = self.tbl_depth.saturating_sub(1);
            }
            _ => {}
        }
    }
}

fn number(e: &BytesStart<'_>) -> u32 {
    attribute(e, "val")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

/// Builds small .docx files in memory for the unit tests of every stage.
#[cfg(test)]
pub(crate) mod testing {
    use std::io::Write;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    /// A .docx whose `w:body` is `body`, with `word/styles.xml` holding `styles` if given.
    pub(crate) fn docx(body: &str, styles: Option<&str>) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("[Content_Types].xml", opts).unwrap();
        zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
        zip.start_file("word/document.xml", opts).unwrap();
        write!(
            zip,
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"#
        )
        .unwrap();
        if let Some(s) = styles {
            zip.start_file("word/styles.xml", opts).unwrap();
            write!(zip, r#"<?xml version="1.0"?><w:styles {W}>{s}</w:styles>"#).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// A paragraph of one run.
    pub(crate) fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    /// A table row; a cell written `^` continues the vertical merge above it, `*text` starts
    /// one, `\n` separates paragraphs of a cell.
    pub(crate) fn tr(cells: &[&str]) -> String {
        let cells: String = cells
            .iter()
            .map(|c| {
                let (props, text) = match (*c, c.strip_prefix('*')) {
                    ("^", _) => ("<w:vMerge/>", ""),
                    (_, Some(t)) => (r#"<w:vMerge w:val="restart"/>"#, t),
                    _ => ("", *c),
                };
                let paras: String = text.split('\n').filter(|t| !t.is_empty()).map(p).collect();
                format!("<w:tc><w:tcPr>{props}</w:tcPr>{paras}</w:tc>")
            })
            .collect();
        format!("<w:tr>{cells}</w:tr>")
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{docx, p};
    use super::*;
    use std::io::Write;

    fn texts(doc: &RawDocument) -> Vec<(u32, &str)> {
        doc.lines
            .iter()
            .map(|l| (l.number, l.text.as_str()))
            .collect()
    }

    #[test]
    fn paragraphs_are_numbered_with_runs_joined() {
        let body = format!(
            "{}<w:p/>{}<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs></w:pPr><w:r><w:t>1</w:t></w:r><w:r><w:t xml:space=\"preserve\">、制订 </w:t></w:r><w:r><w:tab/><w:t>计划&amp;方案</w:t><w:br/><w:t>第二行</w:t></w:r></w:p><w:sectPr/>",
            p("焦溪小学教科室工作计划"),
            p("九月份")
        );
        let doc = read_docx(&docx(&body, None), "a.docx").unwrap();
        assert_eq!(
            texts(&doc),
            [
                (1, "焦溪小学教科室工作计划"),
                (3, "九月份"),
                (4, "1、制订 \t计划&方案\n第二行")
            ]
        );
    }

    #[test]
    fn deleted_text_and_fallback_copies_are_not_text() {
        let body = "<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del><w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>";
        let doc = read_docx(&docx(body, None), "a.docx").unwrap();
        assert_eq!(texts(&doc), [(1, "保留\n文本框")]);
    }

    #[test]
    fn heading_styles_and_outline_levels_mark_headings() {
        let styles = r#"<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="My"><w:name w:val="我的标题"/><w:basedOn w:val="1"/></w:style><w:style w:type="paragraph" w:styleId="a"><w:name w:val="Normal"/></w:style>"#;
        let body = r#"<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>一、指导思想</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="My"/></w:pPr><w:r><w:t>二、目标</w:t></w:r></w:p><w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>三、行事历</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="a"/></w:pPr><w:r><w:t>正文</w:t></w:r></w:p>"#;
        let doc = read_docx(&docx(body, Some(styles)), "a.docx").unwrap();
        let h: Vec<bool> = doc.lines.iter().map(|l| l.heading).collect();
        assert_eq!(h, [true, true, true, false]);
    }

    #[test]
    fn tables_become_sheets_with_merges() {
        let tc = |props: &str, text: &str| {
            format!("<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
        };
        let restart = r#"<w:vMerge w:val="restart"/>"#;
        let cont = "<w:vMerge/>";
        let rows = [
            format!(
                "{}{}{}",
                tc("", "月份"),
                tc("", "工作内容"),
                tc("", "负责人")
            ),
            format!(
                "{}{}{}",
                tc(restart, "九月"),
                tc("", "制订计划"),
                tc("", "教科室")
            ),
            format!("{}{}{}", tc(cont, ""), tc("", "开学检查"), tc("", "教导处")),
            format!(
                "{}{}",
                tc("", "十月"),
                tc(r#"<w:gridSpan w:val="2"/>"#, "课题中期评估")
            ),
        ];
        let table: String = rows.iter().map(|r| format!("<w:tr>{r}</w:tr>")).collect();
        let body = format!(
            "{}<w:tbl><w:tblGrid/>{table}</w:tbl>{}",
            p("四、行事历"),
            p("五、其他")
        );
        let doc = read_docx(&docx(&body, None), "计划.docx").unwrap();
        assert_eq!(texts(&doc), [(1, "四、行事历"), (2, "五、其他")]);
        assert_eq!(doc.tables.len(), 1);
        let t = &doc.tables[0];
        assert_eq!(t.after, 1);
        assert_eq!(t.sheet.sheet, "表1");
        assert!(t.sheet.merges_known);
        assert_eq!(t.sheet.rows.len(), 4);
        assert_eq!(t.sheet.rows[2].number(), 3);
        assert_eq!(t.sheet.rows[2].get(0), &Value::Empty);
        assert_eq!(t.sheet.rows[2].get(1), &Value::Text("开学检查".into()));
        assert_eq!(
            t.sheet.merges,
            [
                Merge {
                    first_row: 1,
                    first_col: 0,
                    last_row: 2,
                    last_col: 0
                },
                Merge {
                    first_row: 3,
                    first_col: 1,
                    last_row: 3,
                    last_col: 2
                },
            ]
        );
    }

    #[test]
    fn cells_with_several_paragraphs_and_nested_tables_keep_their_text() {
        let body = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>1、甲</w:t></w:r></w:p><w:p><w:r><w:t>2、乙</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>丙</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>";
        let doc = read_docx(&docx(body, None), "a.docx").unwrap();
        assert!(doc.lines.is_empty());
        assert_eq!(
            doc.tables[0].sheet.rows[0].get(0),
            &Value::Text("1、甲\n2、乙\n丙".into())
        );
    }

    #[test]
    fn damaged_documents_are_errors_with_advice() {
        let err = read_docx(b"PK\x03\x04garbage", "a.docx").unwrap_err();
        assert!(err.contains("已损坏") && err.contains(".docx"), "{err}");
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("other.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"<a/>").unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let err = read_docx(&bytes, "a.docx").unwrap_err();
        assert!(err.contains("word/document.xml"), "{err}");
        let bad = docx("<w:p><w:r><w:t>未闭合</w:r></w:p>", None);
        let err = read_docx(&bad, "a.docx").unwrap_err();
        assert!(err.contains("XML"), "{err}");
    }

    #[test]
    fn a_span_or_an_offset_in_the_billions_keeps_the_row_narrow() {
        let tc = |props: &str, text: &str| {
            format!("<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
        };
        let body = format!(
            "<w:tbl><w:tr><w:trPr><w:gridBefore w:val=\"4294967295\"/></w:trPr>{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            tc("", "甲"),
            tc(r#"<w:gridSpan w:val="4294967295"/>"#, "乙"),
            tc("", "丙")
        );
        let doc = read_docx(&docx(&body, None), "a.docx").unwrap();
        let rows = &doc.tables[0].sheet.rows;
        assert!(rows.iter().all(|r| r.cells.len() <= MAX_COLUMNS as usize));
        assert!(
            rows.iter()
                .any(|r| r.cells.iter().any(|c| c.raw_text() == "乙"))
        );
    }
}
