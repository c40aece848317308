//! Old Word documents (.doc, Word 97–2003; WPS .wps saved in the same format): the main text
//! of the `WordDocument` stream, read as a [`RawDocument`] exactly as [`super::docx`] reads the
//! same document saved as .docx.
//!
//! The text is found through the piece table (the `Clx` of the table stream), read from
//! character 0 up to `ccpText`: footnotes, headers, comments and text boxes come after it and
//! are not read (a .docx's text box is, inside its paragraph: a difference between the two
//! readers). Paragraphs end at a paragraph mark (0x0D), a cell mark (0x07) or a section break
//! (a 0x0C that ends a paragraph; one inside a paragraph is a page break, a line break as in
//! .docx). Field instructions are dropped and their results kept; manual line and column
//! breaks become `\n`, tabs `\t`, non-breaking hyphens `-`; pictures, objects, note marks,
//! tracked deletions and symbol-font placeholders (what a .docx writes as `w:sym`) are
//! dropped. Each paragraph's properties (its PAPX, read in `props`, large ones in the `Data`
//! stream) say whether it is in a table, ends a row, is nested, and its style and outline
//! level make it a heading. Table cells are laid on the grid of all the cell boundaries of
//! the table, so that a cell spanning several columns and vertically merged cells give the
//! merged regions a .docx gives; a nested table's text joins its cell. When the properties
//! cannot be read, cells are told by their marks alone (a row then ends at an empty cell mark
//! right after a cell).
//!
//! Not read: Word 6/95 and older files, WPS's own pre-2005 format, encrypted documents (each
//! refused with a message), list numbering (not in the text, as in .docx). Every offset is
//! checked; the text is bounded by [`MAX_DOC_CHARS`] and the table cells by [`MAX_CELLS`].

mod props;

use super::compound::Streams;
use super::document::{DocLine, DocTable, RawDocument};
use super::docx::{CellBuilder, TableBuilder};
use super::limits::{MAX_CELLS, MAX_COLUMNS, MAX_DOC_CHARS};
use super::{PASSWORD, SAVE_AS_DOCX};
use props::{CharRun, FkpIndex, ParaProps, RowDef, u16_at, u32_at};

/// Reads a .doc (or a .wps in Word format) whose compound file holds a `WordDocument` stream.
///
/// # Errors
/// A Chinese message: encrypted, too old a format, a damaged structure (naming the part), or
/// more text or table cells than a plan can have.
pub fn read_doc(bytes: &[u8], file: &str) -> Result<RawDocument, String> {
    let mut streams = Streams::open(bytes)?;
    let main = streams
        .find("WordDocument")
        .ok_or_else(|| damaged("没有 WordDocument 数据流"))?;
    let (wd, _) = streams
        .read(&main)
        .map_err(|e| damaged(&format!("无法读取 WordDocument 数据流：{e}")))?;
    let fib = Fib::parse(&wd)?;
    let table_name = fib.table_stream;
    let table = match streams.find(table_name) {
        Some(name) => streams.read(&name).map(|(s, _)| s).ok(),
        None => None,
    }
    .ok_or_else(|| damaged(&format!("缺少 {table_name} 数据流")))?;
    let clx = fib
        .part(&table, fib.clx)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            damaged(&format!(
                "文本索引（Clx）缺失或超出了 {table_name} 数据流的范围"
            ))
        })?;
    let pieces = PieceTable::parse(clx)?;
    // Huge paragraph properties (a table row of many cells) lie in the `Data` stream.
    let data = match streams.find("Data") {
        Some(name) => streams.read(&name).map(|(s, _)| s).unwrap_or_default(),
        None => Vec::new(),
    };
    let mut body = Body {
        file,
        headings: fib
            .part(&table, fib.stsh)
            .map(props::heading_styles)
            .unwrap_or_default(),
        papx: fib
            .part(&table, fib.papx)
            .and_then(|plc| FkpIndex::new(&wd, plc)),
        chpx: fib
            .part(&table, fib.chpx)
            .and_then(|plc| FkpIndex::new(&wd, plc)),
        prcs: &pieces.prcs,
        data: &data,
        ..Body::default()
    };
    pieces.each_char(&wd, fib.ccp_text, |c| body.push(c))?;
    body.finish()
}

/// A damaged document, naming what is wrong.
fn damaged(what: &str) -> String {
    format!(
        "Word 文档已损坏（{what}）：请让提交人重新发送原文件；若 Word 或 WPS 还能打开它，另存为 .docx 再放入收集文件夹"
    )
}

fn too_old(what: &str) -> String {
    format!("这是{what}的旧格式文档，jiaoke 读不了：{SAVE_AS_DOCX}")
}

/// What the File Information Block says.
#[derive(Debug)]
struct Fib {
    ccp_text: u32,
    table_stream: &'static str,
    /// (offset, length) in the table stream.
    clx: (u32, u32),
    papx: (u32, u32),
    chpx: (u32, u32),
    stsh: (u32, u32),
}

impl Fib {
    fn parse(wd: &[u8]) -> Result<Fib, String> {
        let ident = u16_at(wd, 0).ok_or_else(|| damaged("WordDocument 数据流太短，没有文件头"))?;
        let n_fib = u16_at(wd, 2).unwrap_or(0);
        // Word 97 and later write 0xA5EC and a version from 0x00C0 (0x00C1 for every later
        // Word: newer versions say theirs further on); Word 6/95 wrote 0x0065–0x0068 under
        // several identifiers.
        match (ident, n_fib) {
            (0xA5EC, 0x00C0..) => {}
            (_, 1..0x00C0) => {
                return Err(too_old(&format!(
                    " Word 95 或更早版本（版本号 {n_fib:#06x}）"
                )));
            }
            _ => return Err(damaged("文件头（FIB）的标识不对")),
        }
        let short = || damaged("文件头（FIB）不完整");
        let flags = u16_at(wd, 0x0A).ok_or_else(short)?;
        if flags & 0x0100 != 0 {
            return Err(PASSWORD.into());
        }
        // FibBase (32 bytes), then three arrays, each after its count.
        let csw = usize::from(u16_at(wd, 0x20).ok_or_else(short)?);
        let rg_lw = 0x22 + 2 * csw + 2;
        let cslw = usize::from(u16_at(wd, rg_lw - 2).ok_or_else(short)?);
        let rg_fc_lcb = rg_lw + 4 * cslw + 2;
        let pairs = usize::from(u16_at(wd, rg_fc_lcb - 2).ok_or_else(short)?);
        if cslw < 4 || pairs < 34 {
            return Err(short());
        }
        let ccp_text = u32_at(wd, rg_lw + 12).ok_or_else(short)?;
        let pair = |i: usize| -> Result<(u32, u32), String> {
            let fc = u32_at(wd, rg_fc_lcb + 8 * i).ok_or_else(short)?;
            let lcb = u32_at(wd, rg_fc_lcb + 8 * i + 4).ok_or_else(short)?;
            Ok((fc, lcb))
        };
        if ccp_text > MAX_DOC_CHARS {
            return Err(format!(
                "Word 文档的正文过长（{} 万字，jiaoke 最多读 {} 万字），不像是一份工作计划：请检查是否放错了文件",
                ccp_text / 10_000,
                MAX_DOC_CHARS / 10_000
            ));
        }
        Ok(Fib {
            ccp_text,
            table_stream: if flags & 0x0200 != 0 {
                "1Table"
            } else {
                "0Table"
            },
            stsh: pair(1)?,
            chpx: pair(12)?,
            papx: pair(13)?,
            clx: pair(33)?,
        })
    }

    /// A part of the table stream, `None` when it lies beyond the stream.
    fn part<'t>(&self, table: &'t [u8], (fc, lcb): (u32, u32)) -> Option<&'t [u8]> {
        let start = fc as usize;
        table.get(start..start.checked_add(lcb as usize)?)
    }
}

/// One piece of the text: characters `cp..end` stored at byte `fc` of `WordDocument`.
#[derive(Debug, Clone, Copy)]
struct Piece {
    cp: u32,
    end: u32,
    fc: u32,
    /// 8-bit (cp1252) characters rather than UTF-16.
    compressed: bool,
    prm: u16,
}

/// The piece table and the property lists (`Prc`) pieces may point to. Pieces are read as
/// the text is, not stored: a hostile table of millions costs nothing.
struct PieceTable<'t> {
    /// The `PlcPcd`: n + 1 character positions, then n piece descriptors.
    plc: &'t [u8],
    n: usize,
    prcs: Vec<&'t [u8]>,
}

/// A piece's `prm` indexes the `Prc`s with 15 bits: more are never used.
const MAX_PRCS: usize = 1 << 15;

fn bad_clx(what: &str) -> String {
    damaged(&format!("文本索引（Clx）{what}"))
}

impl<'t> PieceTable<'t> {
    fn parse(clx: &'t [u8]) -> Result<PieceTable<'t>, String> {
        let mut prcs = Vec::new();
        let mut pos = 0usize;
        while clx.get(pos) == Some(&1) {
            let cb = u16_at(clx, pos + 1).ok_or_else(|| bad_clx("不完整"))? as i16;
            let cb = usize::try_from(cb).map_err(|_| bad_clx("的属性长度为负数"))?;
            let prc = clx
                .get(pos + 3..pos + 3 + cb)
                .ok_or_else(|| bad_clx("不完整"))?;
            if prcs.len() < MAX_PRCS {
                prcs.push(prc);
            }
            pos += 3 + cb;
        }
        if clx.get(pos) != Some(&2) {
            return Err(bad_clx("中找不到分段表（piece table）"));
        }
        let lcb = u32_at(clx, pos + 1).ok_or_else(|| bad_clx("不完整"))? as usize;
        let plc = clx
            .get(pos + 5..(pos + 5).saturating_add(lcb))
            .ok_or_else(|| bad_clx("的分段表超出了范围"))?;
        if lcb < 16 || !(lcb - 4).is_multiple_of(12) {
            return Err(bad_clx("的分段表长度不对"));
        }
        Ok(PieceTable {
            plc,
            n: (lcb - 4) / 12,
            prcs,
        })
    }

    /// The `i`th piece.
    fn piece(&self, i: usize) -> Result<Piece, String> {
        let at = 4 * (self.n + 1) + 8 * i;
        let (cp, end) = (u32_at(self.plc, 4 * i), u32_at(self.plc, 4 * i + 4));
        let (fc, prm) = (u32_at(self.plc, at + 2), u16_at(self.plc, at + 6));
        let (Some(cp), Some(end), Some(fc), Some(prm)) = (cp, end, fc, prm) else {
            return Err(bad_clx("的分段表不完整"));
        };
        if end < cp {
            return Err(bad_clx("的文字位置顺序错乱"));
        }
        Ok(Piece {
            cp,
            end,
            fc: fc & 0x3FFF_FFFF,
            compressed: fc & 0x4000_0000 != 0,
            prm,
        })
    }

    /// Calls `f` with each character of the main text (`0..ccp_text`), in order.
    fn each_char(
        &self,
        wd: &[u8],
        ccp_text: u32,
        mut f: impl FnMut(Char) -> Result<(), String>,
    ) -> Result<(), String> {
        let outside = || damaged("正文文字超出了 WordDocument 数据流的范围，文件可能不完整");
        for i in 0..self.n {
            let piece = self.piece(i)?;
            if piece.cp >= ccp_text {
                break;
            }
            let count = (piece.end.min(ccp_text) - piece.cp) as usize;
            let (start, width) = if piece.compressed {
                ((piece.fc / 2) as usize, 1)
            } else {
                (piece.fc as usize, 2)
            };
            let bytes = wd.get(start..start + count * width).ok_or_else(outside)?;
            let at = |i: usize, ch: char, width: u32| Char {
                ch,
                fc: (start + i) as u32,
                width,
                prm: piece.prm,
            };
            if piece.compressed {
                let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                for (i, ch) in text.chars().enumerate() {
                    f(at(i, ch, 1))?;
                }
            } else {
                let units = bytes
                    .chunks_exact(2)
                    .map(|b| u16::from_le_bytes([b[0], b[1]]));
                let mut i = 0;
                for ch in char::decode_utf16(units) {
                    let ch = ch.unwrap_or(char::REPLACEMENT_CHARACTER);
                    let width = 2 * ch.len_utf16() as u32;
                    f(at(i, ch, width))?;
                    i += width as usize;
                }
            }
        }
        Ok(())
    }
}

/// A character of the text and where it is stored.
#[derive(Debug, Clone, Copy)]
struct Char {
    ch: char,
    /// Byte offset in `WordDocument`, and bytes taken there.
    fc: u32,
    width: u32,
    /// The property modifier of its piece.
    prm: u16,
}

/// A table being read: its rows are laid out once the table ends (the grid of cell
/// boundaries needs every row).
#[derive(Default)]
struct TableDraft {
    after: u32,
    rows: Vec<DraftRow>,
    row: Vec<CellBuilder>,
    cell: CellBuilder,
    /// The open cell has a paragraph (for guessing without properties).
    cell_open: bool,
    /// The last paragraph ended a cell (for guessing without properties).
    after_cell_end: bool,
    /// The paragraphs (text, heading) read before the first cell mark.
    loose: Vec<(String, bool)>,
}

struct DraftRow {
    cells: Vec<CellBuilder>,
    def: Option<RowDef>,
}

/// Reading state: the paragraphs and tables of the main text.
#[derive(Default)]
struct Body<'a> {
    file: &'a str,
    /// Heading styles by `istd`.
    headings: Vec<bool>,
    papx: Option<FkpIndex<'a>>,
    chpx: Option<FkpIndex<'a>>,
    /// The character run last looked up.
    run: CharRun,
    prcs: &'a [&'a [u8]],
    /// The `Data` stream.
    data: &'a [u8],
    lines: Vec<DocLine>,
    tables: Vec<DocTable>,
    /// Paragraphs seen outside tables.
    paragraphs: u32,
    /// The open paragraph's text.
    text: String,
    /// Open fields, innermost last: false in the instruction, true in the result.
    fields: Vec<bool>,
    table: Option<TableDraft>,
    /// Table cells stored so far.
    cells: usize,
}

impl Body<'_> {
    fn push(&mut self, c: Char) -> Result<(), String> {
        // Deleted text and symbol placeholders are not text (a .docx has them in `w:delText`
        // and `w:sym`); paragraph, cell and section marks still end their paragraphs.
        if !matches!(c.ch, '\r' | '\u{7}' | '\u{c}') {
            let run = self.char_run(&c);
            if run.deleted || run.symbol {
                return Ok(());
            }
        }
        match c.ch {
            '\u{13}' => self.fields.push(false),
            '\u{14}' => {
                if let Some(f) = self.fields.last_mut() {
                    *f = true;
                }
            }
            '\u{15}' => {
                self.fields.pop();
            }
            '\r' | '\u{7}' => return self.end_paragraph(&c),
            '\u{c}' if self.ends_paragraph(&c) => return self.end_paragraph(&c),
            '\u{b}' | '\u{c}' | '\u{e}' => self.push_text('\n'),
            '\t' => self.push_text('\t'),
            '\u{1e}' => self.push_text('-'),
            ch if u32::from(ch) < 0x20 => {}
            ch => self.push_text(ch),
        }
        Ok(())
    }

    /// The character properties of `c` (looked up when it leaves the last run), with its
    /// piece's.
    fn char_run(&mut self, c: &Char) -> CharRun {
        if !(self.run.start..self.run.end).contains(&c.fc) {
            self.run = self
                .chpx
                .as_ref()
                .and_then(|index| index.chpx(c.fc))
                .unwrap_or(CharRun {
                    start: c.fc,
                    end: c.fc.saturating_add(c.width),
                    ..CharRun::default()
                });
        }
        let mut run = self.run;
        if c.prm & 1 == 1
            && let Some(grpprl) = self.prcs.get(usize::from(c.prm >> 1))
        {
            run.apply(grpprl);
        }
        run
    }

    /// Appends to the open paragraph, unless inside a field's instruction (as in .docx, a
    /// field nested in an instruction shows its result).
    fn push_text(&mut self, ch: char) {
        if self.fields.last() != Some(&false) {
            self.text.push(ch);
        }
    }

    /// The properties of the paragraph whose mark is `c`.
    fn props(&self, c: &Char) -> Option<ParaProps> {
        let papx = self.papx.as_ref()?.papx(c.fc)?;
        let mut props = ParaProps::default();
        props.istd = papx.istd;
        props.apply(papx.grpprl, self.data);
        if c.prm & 1 == 1
            && let Some(grpprl) = self.prcs.get(usize::from(c.prm >> 1))
        {
            props.apply(grpprl, self.data);
        }
        Some(props)
    }

    /// A section break (0x0C) ends its paragraph; a page break does not.
    fn ends_paragraph(&self, c: &Char) -> bool {
        match self.papx.as_ref() {
            Some(index) => index
                .papx(c.fc)
                .is_none_or(|p| p.end == c.fc.saturating_add(c.width)),
            None => true,
        }
    }

    /// Properties guessed from the marks alone: a cell mark is in a table, and so is a
    /// paragraph inside an open cell; an empty cell mark right after a cell's ends the row.
    fn guess(&self, cell_mark: bool, text: &str) -> ParaProps {
        let draft = self.table.as_ref();
        let in_cell = draft.is_some_and(|t| t.cell_open || !t.row.is_empty());
        let row_end = cell_mark && text.is_empty() && draft.is_some_and(|t| t.after_cell_end);
        ParaProps::guessed(cell_mark || in_cell, row_end)
    }

    fn end_paragraph(&mut self, c: &Char) -> Result<(), String> {
        let text = std::mem::take(&mut self.text);
        let cell_mark = c.ch == '\u{7}';
        let props = self
            .props(c)
            .unwrap_or_else(|| self.guess(cell_mark, &text));
        let style = self.headings.get(usize::from(props.istd)).copied();
        let heading = style.unwrap_or(false) || props.outline.is_some_and(|l| l < 9);
        let depth = props.depth();
        if depth == 0 {
            self.close_table()?;
            self.top_level(text, heading);
            return Ok(());
        }
        let after = self.paragraphs;
        let t = self.table.get_or_insert_with(|| TableDraft {
            after,
            ..TableDraft::default()
        });
        if depth == 1 && props.ttp {
            t.end_cell_if_open();
            // A row and its layout cost room too.
            self.cells += 1 + props.row.as_ref().map_or(0, |r| r.bounds.len());
            let cells = std::mem::take(&mut t.row);
            t.rows.push(DraftRow {
                cells,
                def: props.row,
            });
            t.after_cell_end = false;
        } else if !(depth > 1 && props.inner_ttp) {
            if t.rows.is_empty() && t.row.is_empty() {
                t.loose.push((text.clone(), heading));
            }
            t.cell.start_paragraph();
            t.cell.text.push_str(&text);
            t.cell_open = true;
            t.after_cell_end = false;
            if depth == 1 && cell_mark {
                t.end_cell();
                t.loose = Vec::new();
                self.cells += 1;
            }
        }
        if self.cells > MAX_CELLS {
            return Err(too_many_cells());
        }
        Ok(())
    }

    /// A paragraph outside tables.
    fn top_level(&mut self, text: String, heading: bool) {
        self.paragraphs += 1;
        if !text.trim().is_empty() {
            self.lines.push(DocLine {
                number: self.paragraphs,
                text,
                heading,
            });
        }
    }

    /// Ends the open table, if any: laid out on its grid. Paragraphs said to be in a table
    /// that has no cell at all (Word shows them as running text) are running text.
    fn close_table(&mut self) -> Result<(), String> {
        let Some(mut draft) = self.table.take() else {
            return Ok(());
        };
        if draft.rows.is_empty() && draft.row.is_empty() {
            for (text, heading) in std::mem::take(&mut draft.loose) {
                self.top_level(text, heading);
            }
            return Ok(());
        }
        // A row without its end mark (a damaged file) still counts.
        draft.end_cell_if_open();
        if !draft.row.is_empty() {
            let cells = std::mem::take(&mut draft.row);
            draft.rows.push(DraftRow { cells, def: None });
        }
        let number = self.tables.len() + 1;
        let table = lay_out(draft, self.file, number, &mut self.cells)?;
        self.tables.push(table);
        Ok(())
    }

    fn finish(mut self) -> Result<RawDocument, String> {
        // Text after the last mark (a document cut short) is a last paragraph.
        if !self.text.is_empty() {
            let last = Char {
                ch: '\r',
                fc: u32::MAX,
                width: 1,
                prm: 0,
            };
            self.end_paragraph(&last)?;
        }
        self.close_table()?;
        Ok(RawDocument {
            file: self.file.to_string(),
            lines: self.lines,
            tables: self.tables,
        })
    }
}

impl TableDraft {
    fn end_cell(&mut self) {
        self.row.push(std::mem::take(&mut self.cell));
        self.cell_open = false;
        self.after_cell_end = true;
    }

    fn end_cell_if_open(&mut self) {
        if self.cell_open {
            self.end_cell();
        }
    }
}

fn too_many_cells() -> String {
    format!(
        "Word 文档的表格过大（超过 {} 万个单元格），不像是一份工作计划：请检查是否放错了文件",
        MAX_CELLS / 10_000
    )
}

/// The grid of a table: every cell boundary of the rows whose layout is known, sorted.
/// `None` when no row's layout is known, or there are more columns than a sheet may have.
fn grid(rows: &[DraftRow]) -> Option<Vec<i16>> {
    let mut bounds: Vec<i16> = rows
        .iter()
        .filter_map(|r| {
            r.def
                .as_ref()
                .filter(|d| d.bounds.len() == r.cells.len() + 1)
        })
        .flat_map(|d| d.bounds.iter().copied())
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    (!bounds.is_empty() && bounds.len() <= MAX_COLUMNS as usize + 1).then_some(bounds)
}

/// Lays a table's rows out on its grid, as [`TableBuilder`] does for a .docx: a cell spans
/// the grid columns between its boundaries, merges come from the row's cell flags. Cells
/// beyond [`MAX_COLUMNS`] are dropped; `cells` counts the cells the rows will hold.
fn lay_out(
    draft: TableDraft,
    file: &str,
    number: usize,
    cells: &mut usize,
) -> Result<DocTable, String> {
    let grid = grid(&draft.rows);
    let column = |b: i16| grid.as_ref().and_then(|g| g.binary_search(&b).ok());
    let mut table = TableBuilder::new(draft.after);
    for row in draft.rows {
        let count = row.cells.len();
        let def = row.def.filter(|d| d.bounds.len() == count + 1);
        let skip = def.as_ref().and_then(|d| column(d.bounds[0])).unwrap_or(0);
        table.start_row(skip as u32);
        let mut width = skip;
        for (i, mut cell) in row.cells.into_iter().enumerate() {
            cell.span = 1;
            if let Some(d) = &def {
                if let (Some(a), Some(b)) = (column(d.bounds[i]), column(d.bounds[i + 1]))
                    && b > a
                {
                    cell.span = (b - a) as u32;
                }
                cell.vmerge = d.vmerge(i);
                cell.hmerge_continue = d.hmerge_continue(i);
            }
            width += cell.span as usize;
            if width > MAX_COLUMNS as usize {
                break;
            }
            table.push_cell(cell);
        }
        // The empty columns a row spans cost room too.
        *cells += width.min(MAX_COLUMNS as usize).saturating_sub(count);
        if *cells > MAX_CELLS {
            return Err(too_many_cells());
        }
        table.end_row();
    }
    Ok(table.finish(file, number))
}

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
mod tests;
