//! CSV and tab-separated text files → one [`RawSheet`].
//!
//! - The text is decoded with [`decode_text`] (UTF-8, UTF-16 with BOM, or GB18030).
//! - The delimiter is `,`, tab or `;`, sniffed from the first lines outside quotes; an Excel
//!   `sep=;` first line names it explicitly (that line is not a record).
//! - Records are raw: no header handling, fields kept exactly as written (not trimmed), every
//!   field [`Value::Text`], empty fields [`Value::Empty`]. The one exception is Excel's
//!   "keep as text" idiom `="0123"`, unwrapped to `0123`: Excel shows it that way, and web
//!   systems use it to keep ID numbers and codes from becoming numbers.
//! - `RawRow::index` is the 0-based line on which the record starts, so the row number users
//!   see is the line number in a text editor, also after a quoted field with line breaks.
//! - Rows without a non-blank value are dropped; an empty file gives a sheet without rows.

use super::encoding::decode_text;
use super::excel::{Book, ReadSheet};
use super::limits::{Bounds, CellSink};
use crate::table::{RawSheet, Value};

/// How many lines (outside quotes) the delimiter sniffer looks at.
const SNIFF_LINES: usize = 20;

/// Reads a CSV (or tab-separated "Unicode text") file into a book of one sheet, within the
/// [`Bounds`]. `file` is recorded as the sheet's provenance. An `Err` is a Chinese message
/// for an `unreadable_file` finding.
pub fn read_csv(bytes: &[u8], file: &str) -> Result<Book, String> {
    let (text, _encoding) = decode_text(bytes).map_err(|detail| {
        format!(
            "不是有效的 CSV 文件：{detail}。请用 Excel 或 WPS 打开后另存为“CSV UTF-8（逗号分隔）”再提交"
        )
    })?;

    // An Excel `sep=X` first line: the delimiter is X, and the line is not data.
    let (body, delimiter, first_line) = match explicit_separator(&text) {
        Some((delimiter, rest)) => (rest, delimiter, 1u64),
        None => (text.as_str(), sniff_delimiter(&text), 0u64),
    };

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body.as_bytes());

    let mut bounds = Bounds::default();
    let mut sink = CellSink::new(&mut bounds);
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter::new(body.as_bytes(), first_line);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line()) + first_line;
                return Err(format!(
                    "不是有效的 CSV 文件：第{line}行无法读取（{e}）。请用 Excel 或 WPS 打开后重新另存为 CSV 再提交"
                ));
            }
        }
        let start = record.position().map_or(0, |p| p.byte());
        let index = lines.record_line(start);
        for (col, field) in record.iter().enumerate() {
            sink.push(
                index,
                u32::try_from(col).unwrap_or(u32::MAX),
                field_value(field),
            );
        }
    }
    let (rows, dropped) = sink.finish();
    let sheet = RawSheet {
        file: file.to_string(),
        sheet: String::new(),
        rows,
        merges: Vec::new(),
        hidden: false,
        merges_known: false,
        date1904: false,
    };
    Ok(Book {
        sheets: vec![ReadSheet { sheet, dropped }],
        findings: Vec::new(),
    })
}

/// Finds the 0-based line on which a record starts.
///
/// The csv crate's `Position::line()` is not usable for this: a record's position is taken
/// before the line terminators and blank lines that precede it are skipped, so after a CRLF or
/// a blank line it names an earlier line. The byte offset has the same lag; this skips the
/// terminators from there and counts line breaks, incrementally (records come in order).
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8], first_line: u64) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: first_line,
        }
    }

    fn record_line(&mut self, start: u64) -> u32 {
        let mut start = usize::try_from(start)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start > self.offset {
            // A line ends with LF, CRLF or a lone CR (old Mac Excel).
            let breaks = (self.offset..start)
                .filter(|&i| match self.text[i] {
                    b'\n' => true,
                    b'\r' => self.text.get(i + 1) != Some(&b'\n'),
                    _ => false,
                })
                .count();
            self.line += breaks as u64;
            self.offset = start;
        }
        u32::try_from(self.line).unwrap_or(u32::MAX)
    }
}

/// One field as a value: empty → [`Value::Empty`], `="…"` unwrapped, otherwise text as written.
fn field_value(field: &str) -> Value {
    if field.is_empty() {
        return Value::Empty;
    }
    if let Some(inner) = field.strip_prefix("=\"").and_then(|f| f.strip_suffix('"'))
        && !inner.contains('"')
    {
        return if inner.is_empty() {
            Value::Empty
        } else {
            Value::Text(inner.to_string())
        };
    }
    Value::Text(field.to_string())
}

/// Recognises Excel's `sep=;` first line; returns the delimiter and the text after that line.
fn explicit_separator(text: &str) -> Option<(u8, &str)> {
    let (first, rest) = match text.find('\n') {
        Some(pos) => (&text[..pos], &text[pos + 1..]),
        None => (text, ""),
    };
    let first = first.strip_suffix('\r').unwrap_or(first);
    let sep = first.strip_prefix("sep=")?;
    match sep.as_bytes() {
        [b] if b.is_ascii() && *b != b'"' && *b != b'\n' && *b != b'\r' => Some((*b, rest)),
        _ => None,
    }
}

/// Picks `,`, tab or `;`: the one present on the most of the first lines (outside quotes),
/// then the one occurring most often; ties go to `,`, then tab. `,` when none occurs.
fn sniff_delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 3] = [b',', b'\t', b';'];
    let mut lines_with = [0usize; 3];
    let mut totals = [0usize; 3];
    let mut on_line = [0usize; 3];
    let mut in_quotes = false;
    let mut lines = 0;

    let mut finish_line = |on_line: &mut [usize; 3]| {
        for i in 0..3 {
            if on_line[i] > 0 {
                lines_with[i] += 1;
                totals[i] += on_line[i];
            }
            on_line[i] = 0;
        }
    };

    for &b in text.as_bytes() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => {
                finish_line(&mut on_line);
                lines += 1;
                if lines >= SNIFF_LINES {
                    break;
                }
            }
            _ if !in_quotes => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                    on_line[i] += 1;
                }
            }
            _ => {}
        }
    }
    finish_line(&mut on_line);

    let mut best = 0;
    for i in 1..3 {
        if (lines_with[i], totals[i]) > (lines_with[best], totals[best]) {
            best = i;
        }
    }
    CANDIDATES[best]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::RawRow;

    fn text(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    fn row(index: u32, cells: &[&str]) -> RawRow {
        RawRow {
            index,
            cells: cells
                .iter()
                .map(|c| if c.is_empty() { Value::Empty } else { text(c) })
                .collect(),
        }
    }

    fn read(bytes: &[u8]) -> RawSheet {
        read_csv(bytes, "培训/语文组.csv")
            .unwrap()
            .into_sheets()
            .remove(0)
    }

    #[test]
    fn rows_are_raw_text_with_provenance() {
        // Trailing empty fields are not kept (a row ends at its last value).
        let sheet = read("姓名,学时,备注\n张三,24,\n".as_bytes());
        assert_eq!(
            sheet,
            RawSheet {
                file: "培训/语文组.csv".to_string(),
                sheet: String::new(),
                rows: vec![row(0, &["姓名", "学时", "备注"]), row(1, &["张三", "24"])],
                merges: vec![],
                hidden: false,
                merges_known: false,
                date1904: false,
            }
        );
    }

    #[test]
    fn fields_are_not_trimmed() {
        let sheet = read(" 张三 ,\u{3000}24\n".as_bytes());
        assert_eq!(sheet.rows, vec![row(0, &[" 张三 ", "\u{3000}24"])]);
    }

    #[test]
    fn blank_rows_are_dropped_but_keep_line_numbers() {
        let sheet = read("姓名,学时\n,\n   ,\n\n张三,24\n".as_bytes());
        assert_eq!(
            sheet.rows,
            vec![row(0, &["姓名", "学时"]), row(4, &["张三", "24"])]
        );
    }

    #[test]
    fn embedded_line_break_shifts_the_next_record_start() {
        let sheet = read("题目,作者\n\"浅谈\n小学数学\",张三\n课堂研究,李四\n".as_bytes());
        assert_eq!(
            sheet.rows,
            vec![
                row(0, &["题目", "作者"]),
                row(1, &["浅谈\n小学数学", "张三"]),
                row(3, &["课堂研究", "李四"]),
            ]
        );
    }

    #[test]
    fn crlf_and_missing_final_newline() {
        let sheet = read("姓名,学时\r\n张三,24\r\n李四,12".as_bytes());
        assert_eq!(
            sheet.rows,
            vec![
                row(0, &["姓名", "学时"]),
                row(1, &["张三", "24"]),
                row(2, &["李四", "12"])
            ]
        );
    }

    #[test]
    fn line_numbers_with_crlf_inside_and_between_records() {
        let sheet =
            read("题目,作者\r\n\"浅谈\r\n小学数学\",张三\r\n\r\n课堂研究,李四\r\n".as_bytes());
        assert_eq!(
            sheet.rows,
            vec![
                row(0, &["题目", "作者"]),
                row(1, &["浅谈\r\n小学数学", "张三"]),
                row(4, &["课堂研究", "李四"]),
            ]
        );
    }

    #[test]
    fn old_mac_cr_line_endings() {
        let sheet = read("姓名,学时\r张三,24\r\r李四,12\r".as_bytes());
        assert_eq!(
            sheet.rows,
            vec![
                row(0, &["姓名", "学时"]),
                row(1, &["张三", "24"]),
                row(3, &["李四", "12"])
            ]
        );
    }

    #[test]
    fn ragged_rows_are_kept_as_they_are() {
        let sheet = read("2023年教师培训登记表\n姓名,学时,备注\n张三\n".as_bytes());
        assert_eq!(
            sheet.rows,
            vec![
                row(0, &["2023年教师培训登记表"]),
                row(1, &["姓名", "学时", "备注"]),
                row(2, &["张三"]),
            ]
        );
    }

    #[test]
    fn quotes_inside_fields() {
        let sheet = read("\"他说\"\"好\"\"\",\"a,b\",12\"3\n".as_bytes());
        assert_eq!(sheet.rows, vec![row(0, &["他说\"好\"", "a,b", "12\"3"])]);
    }

    #[test]
    fn excel_text_formula_is_unwrapped() {
        let sheet = read("身份证号,编号\n=\"320412198001010011\",\"=\"\"007\"\"\"\n".as_bytes());
        assert_eq!(
            sheet.rows,
            vec![
                row(0, &["身份证号", "编号"]),
                row(1, &["320412198001010011", "007"])
            ]
        );
    }

    #[test]
    fn utf8_bom_is_not_part_of_the_first_field() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("姓名,学时\n".as_bytes());
        assert_eq!(read(&bytes).rows, vec![row(0, &["姓名", "学时"])]);
    }

    #[test]
    fn gbk_file_is_decoded() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("姓名,任教学科\n张三,语文\n");
        let sheet = read(&bytes);
        assert_eq!(
            sheet.rows,
            vec![row(0, &["姓名", "任教学科"]), row(1, &["张三", "语文"])]
        );
    }

    #[test]
    fn utf16le_unicode_text_uses_tabs() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "姓名\t论文题目\r\n张三\t浅谈读写结合, 以读促写\r\n".encode_utf16()
        {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let sheet = read(&bytes);
        assert_eq!(
            sheet.rows,
            vec![
                row(0, &["姓名", "论文题目"]),
                row(1, &["张三", "浅谈读写结合, 以读促写"])
            ]
        );
    }

    #[test]
    fn semicolon_delimiter_is_sniffed() {
        let sheet = read("姓名;学时\n张三;1,5\n".as_bytes());
        assert_eq!(
            sheet.rows,
            vec![row(0, &["姓名", "学时"]), row(1, &["张三", "1,5"])]
        );
    }

    #[test]
    fn delimiters_inside_quotes_do_not_count_when_sniffing() {
        let sheet = read("\"a;b;c\",x\n\"d;e\",y\n".as_bytes());
        assert_eq!(
            sheet.rows,
            vec![row(0, &["a;b;c", "x"]), row(1, &["d;e", "y"])]
        );
    }

    #[test]
    fn sniffer_prefers_the_delimiter_on_most_lines() {
        assert_eq!(sniff_delimiter("a\tb\tc\nd, e\tf\tg\nh\ti\tj\n"), b'\t');
        assert_eq!(sniff_delimiter("a,b\nc,d\n"), b',');
        assert_eq!(sniff_delimiter("only one column\n"), b',');
    }

    #[test]
    fn excel_sep_line_sets_the_delimiter_and_is_skipped() {
        let sheet = read("sep=;\n姓名;学时\n张三;24\n".as_bytes());
        assert_eq!(
            sheet.rows,
            vec![row(1, &["姓名", "学时"]), row(2, &["张三", "24"])]
        );
    }

    #[test]
    fn empty_file_gives_no_rows() {
        assert_eq!(read(b"").rows, vec![]);
        assert_eq!(read(&[0xEF, 0xBB, 0xBF]).rows, vec![]);
        assert_eq!(read(b"\r\n,,\r\n").rows, vec![]);
    }

    #[test]
    fn binary_file_is_an_error() {
        let err = read_csv(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", "a.csv").unwrap_err();
        assert_eq!(
            err,
            "不是有效的 CSV 文件：第1行（第9字节）是空字节（0x00），这不是文本文件，可能是改了扩展名的二进制文件。请用 Excel 或 WPS 打开后另存为“CSV UTF-8（逗号分隔）”再提交"
        );
    }

    #[test]
    fn undecodable_text_is_an_error_naming_the_line() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("姓名\n张三\n");
        let mut bytes = bytes.into_owned();
        bytes.push(0xFF);
        let err = read_csv(&bytes, "a.csv").unwrap_err();
        assert!(err.starts_with("不是有效的 CSV 文件："), "{err}");
        assert!(err.contains("第3行"), "{err}");
    }
}
