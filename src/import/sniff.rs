//! Format detection by content, not by extension.
//!
//! Extensions lie in real inboxes: an `.xls` that is an xlsx, an `.xls` exported by a web
//! system that is HTML, WPS's `.et`, upper-case `.XLSX`. calamine's `open_workbook_auto` goes by
//! the (case-sensitive) extension and on failure only says "Cannot detect file format", which
//! hides e.g. password protection. So the first bytes decide, and the message says what the
//! file really is.

use std::io::Read;

/// What a file's bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// Office Open XML workbook (.xlsx / .xlsm).
    Xlsx,
    /// Binary Office Open XML workbook (.xlsb).
    Xlsb,
    /// OpenDocument spreadsheet (.ods).
    Ods,
    /// BIFF workbook in a compound file (.xls, WPS .et).
    Xls,
    /// An OOXML file encrypted with a password (a compound file holding `EncryptedPackage`).
    Encrypted,
    /// A Word document (.docx): a zip holding `word/document.xml`.
    Docx,
    /// An old binary Word document (.doc, WPS .wps): a compound file holding `WordDocument`.
    Doc,
    /// Another zip archive.
    OtherZip,
    /// Another compound file.
    OtherCompound,
    /// An HTML page (web systems export tables as `.xls` this way).
    Html,
    /// Excel 2003 XML spreadsheet.
    SpreadsheetMl,
    /// Plain text: read as CSV.
    Text,
    /// Zero bytes.
    Empty,
    /// Anything else.
    Unknown,
}

impl Sniffed {
    /// How the format is called in messages.
    pub fn label(self) -> &'static str {
        match self {
            Sniffed::Xlsx => "xlsx",
            Sniffed::Xlsb => "xlsb",
            Sniffed::Ods => "ods",
            Sniffed::Xls => "xls",
            Sniffed::Encrypted => "加密的 Excel",
            Sniffed::Docx => "docx",
            Sniffed::Doc => "Word 97-2003 文档",
            Sniffed::OtherZip => "zip 压缩包",
            Sniffed::OtherCompound => "Office 复合文档",
            Sniffed::Html => "网页(HTML)",
            Sniffed::SpreadsheetMl => "XML 表格",
            Sniffed::Text => "csv",
            Sniffed::Empty => "空文件",
            Sniffed::Unknown => "未知格式",
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Decides a file's format from its bytes.
///
/// ```
/// use jiaoke::import::sniff::{sniff, Sniffed};
/// assert_eq!(sniff(b"\xEF\xBB\xBF\xE5\xA7\x93\xE5\x90\x8D,\xE5\xAD\xA6\xE6\x97\xB6\n"), Sniffed::Text);
/// assert_eq!(sniff(b"<html><table></table></html>"), Sniffed::Html);
/// assert_eq!(sniff(b""), Sniffed::Empty);
/// ```
pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.is_empty() {
        return Sniffed::Empty;
    }
    if bytes.starts_with(ZIP_MAGIC) {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(CFB_MAGIC) {
        return sniff_compound(bytes);
    }
    sniff_text(bytes)
}

fn sniff_zip(bytes: &[u8]) -> Sniffed {
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        // A zip whose central directory is gone (a truncated download): report it as the
        // workbook it claims to be, so that the reader's own error says what is broken.
        return Sniffed::Xlsx;
    };
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.to_string()))
        .collect();
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("xl/workbook.xml") {
        return Sniffed::Xlsx;
    }
    if has("xl/workbook.bin") {
        return Sniffed::Xlsb;
    }
    if has("mimetype") {
        let mut mime = String::new();
        if let Ok(mut f) = archive.by_name("mimetype") {
            let _ = f.by_ref().take(200).read_to_string(&mut mime);
        }
        if mime.contains("opendocument.spreadsheet") {
            return Sniffed::Ods;
        }
    }
    if has("content.xml") && !has("word/document.xml") {
        return Sniffed::Ods;
    }
    if has("word/document.xml") {
        return Sniffed::Docx;
    }
    Sniffed::OtherZip
}

/// Compound files name their streams in UTF-16LE in the directory sectors.
fn contains_utf16(bytes: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

fn sniff_compound(bytes: &[u8]) -> Sniffed {
    if contains_utf16(bytes, "EncryptedPackage") {
        Sniffed::Encrypted
    } else if contains_utf16(bytes, "Workbook") || contains_utf16(bytes, "Book") {
        Sniffed::Xls
    } else if contains_utf16(bytes, "WordDocument") {
        Sniffed::Doc
    } else {
        Sniffed::OtherCompound
    }
}

fn sniff_text(bytes: &[u8]) -> Sniffed {
    let head = &bytes[..bytes.len().min(4096)];
    // UTF-16 text (Excel's "Unicode text") has NULs: decide by its BOM.
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Sniffed::Text;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    if control > head.len() / 100 + 1 {
        return Sniffed::Unknown;
    }
    let start = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    let trimmed: Vec<u8> = start
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(1024)
        .map(u8::to_ascii_lowercase)
        .collect();
    if trimmed.starts_with(b"<") {
        let text = String::from_utf8_lossy(&trimmed);
        if text.contains("urn:schemas-microsoft-com:office:spreadsheet") && !text.contains("<html")
        {
            return Sniffed::SpreadsheetMl;
        }
        if text.contains("<html") || text.contains("<table") || text.contains("<!doctype html") {
            return Sniffed::Html;
        }
        if text.starts_with("<?xml") {
            // An XML prolog: a SpreadsheetML workbook declares its namespace a little later.
            let wider = String::from_utf8_lossy(&bytes[..bytes.len().min(16384)]).to_lowercase();
            if wider.contains("urn:schemas-microsoft-com:office:spreadsheet") {
                return Sniffed::SpreadsheetMl;
            }
            if wider.contains("<html") || wider.contains("<table") {
                return Sniffed::Html;
            }
            return Sniffed::Unknown;
        }
        return Sniffed::Html;
    }
    Sniffed::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compound_files_are_told_apart_by_stream_names() {
        let mut bytes = CFB_MAGIC.to_vec();
        bytes.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(sniff(&bytes), Sniffed::Encrypted);
        let mut xls = CFB_MAGIC.to_vec();
        xls.extend("Workbook".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(sniff(&xls), Sniffed::Xls);
        let mut doc = CFB_MAGIC.to_vec();
        doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(sniff(&doc), Sniffed::Doc);
    }

    #[test]
    fn text_formats() {
        assert_eq!(sniff("姓名,学时\n张三,24\n".as_bytes()), Sniffed::Text);
        assert_eq!(sniff(b"\n  <HTML><body><table>"), Sniffed::Html);
        assert_eq!(
            sniff(
                b"<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"
            ),
            Sniffed::SpreadsheetMl
        );
        assert_eq!(sniff(&[0xFF, 0xFE, b'a', 0, b'b', 0]), Sniffed::Text);
        assert_eq!(sniff(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), Sniffed::Unknown);
    }

    #[test]
    fn a_truncated_zip_is_still_called_a_workbook() {
        assert_eq!(sniff(b"PK\x03\x04garbage"), Sniffed::Xlsx);
    }
}
