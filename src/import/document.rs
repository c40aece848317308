//! Plan documents: a research office's 工作计划 as a `.txt`, `.docx` or `.doc` file.
//!
//! A document is read as numbered lines of running text ([`RawDocument::lines`]: the line of
//! a text file, the paragraph of a Word document) plus, for Word, its tables as [`RawSheet`]s
//! (`表1`, `表2`…), which go through the same header detection as any spreadsheet. Finding the
//! calendar (行事历) in the text is the normalize stage's job
//! ([`crate::normalize::plan_doc`]); this module only reads.

use crate::table::RawSheet;

use super::encoding::decode_text;

/// One line of a document's running text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocLine {
    /// 1-based: the line of a text file, the paragraph of a Word document (tables not
    /// counted, empty paragraphs counted).
    pub number: u32,
    /// The text as written; a Word paragraph with manual line breaks holds `\n`.
    pub text: String,
    /// A Word paragraph styled as a heading or a title (`标题 1`, outline level): a section
    /// heading whatever its text says.
    pub heading: bool,
}

/// A table of a Word document and where it stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocTable {
    /// How many paragraphs come before it.
    pub after: u32,
    /// The table: sheet name `表N`, `RawRow::index` + 1 = the table's row number.
    pub sheet: RawSheet,
}

/// A document as read: its running text and its tables.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawDocument {
    /// Path relative to the inbox, `/` separators.
    pub file: String,
    /// Non-blank lines in document order.
    pub lines: Vec<DocLine>,
    /// Tables in document order (Word only).
    pub tables: Vec<DocTable>,
}

/// Reads a plain-text document (UTF-8, GBK/GB18030 or UTF-16 with a BOM).
///
/// # Errors
/// A Chinese message when the bytes are not text in any of these encodings.
///
/// ```
/// let doc = jiaoke::import::document::read_text(b"\xbe\xc5\xd4\xc2\xb7\xdd\r\n\r\n1.abc\r\n", "a.txt").unwrap();
/// assert_eq!(doc.lines[0].text, "九月份");
/// assert_eq!(doc.lines[1].number, 3);
/// ```
pub fn read_text(bytes: &[u8], file: &str) -> Result<RawDocument, String> {
    let (text, _encoding) = decode_text(bytes).map_err(|detail| {
        format!("不是可以读取的文本文件：{detail}。请用记事本打开后另存为 UTF-8 编码再提交")
    })?;
    Ok(RawDocument {
        file: file.to_string(),
        lines: text_lines(&text),
        tables: Vec::new(),
    })
}

/// Numbers the lines of a text (`\r\n`, `\n` or a lone `\r` end a line), keeping non-blank
/// ones.
pub fn text_lines(text: &str) -> Vec<DocLine> {
    let mut out = Vec::new();
    let mut number = 0u32;
    let mut rest = text;
    while !rest.is_empty() {
        number += 1;
        let end = rest.find(['\r', '\n']).unwrap_or(rest.len());
        let line = &rest[..end];
        rest = &rest[end..];
        if let Some(r) = rest.strip_prefix("\r\n") {
            rest = r;
        } else if !rest.is_empty() {
            rest = &rest[1..];
        }
        if !line.trim().is_empty() {
            out.push(DocLine {
                number,
                text: line.to_string(),
                heading: false,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_whatever_the_line_ends() {
        let lines = text_lines("a\r\nb\n\nc\rd\r\n");
        let got: Vec<(u32, &str)> = lines.iter().map(|l| (l.number, l.text.as_str())).collect();
        assert_eq!(got, [(1, "a"), (2, "b"), (4, "c"), (5, "d")]);
    }

    #[test]
    fn gbk_and_utf8_text_are_read() {
        let (gbk, _, _) = encoding_rs::GB18030.encode("四、行事历：\r\n九月份：\r\n");
        let doc = read_text(&gbk, "计划.txt").unwrap();
        assert_eq!(doc.lines[1].text, "九月份：");
        assert_eq!(doc.lines[1].number, 2);
        let doc = read_text("\u{feff}九月\n".as_bytes(), "计划.txt").unwrap();
        assert_eq!(doc.lines[0].text, "九月");
    }

    #[test]
    fn binary_bytes_are_not_text() {
        let err = read_text(&[0x41, 0, 0x42, 0xff], "x.txt").unwrap_err();
        assert!(err.contains("文本文件"), "{err}");
    }
}
