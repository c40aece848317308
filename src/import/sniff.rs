//! Format detection by content, not by extension: the first bytes decide the family.
//!
//! Extensions lie in real inboxes: an `.xls` that is an xlsx, an `.xls` exported by a web
//! system that is HTML, WPS's `.et`, upper-case `.XLSX`. calamine's `open_workbook_auto` goes by
//! the (case-sensitive) extension and on failure only says "Cannot detect file format", which
//! hides e.g. password protection. So the first bytes decide the family — a zip package, a
//! compound file, text — and the family's module says what the file is
//! ([`super::package`], [`super::compound`]); whether a package is a workbook is left to the
//! readers, so that no file calamine can open is refused here.

/// What a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A zip package: xlsx, xlsm, xlsb, ods, docx, or any other zip.
    Zip,
    /// A compound file (OLE2): xls, WPS .et, doc, WPS .wps, encrypted OOXML…
    Compound,
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
    /// How the family is called in messages.
    pub fn label(self) -> &'static str {
        match self {
            Sniffed::Zip => "zip 压缩包",
            Sniffed::Compound => "Office 复合文档",
            Sniffed::Html => "网页(HTML)",
            Sniffed::SpreadsheetMl => "XML 表格",
            Sniffed::Text => "csv",
            Sniffed::Empty => "空文件",
            Sniffed::Unknown => "未知格式",
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// An empty zip archive starts with its end-of-central-directory record.
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Decides a file's family from its bytes.
///
/// ```
/// use jiaoke::import::sniff::{sniff, Sniffed};
/// assert_eq!(sniff(b"\xEF\xBB\xBF\xE5\xA7\x93\xE5\x90\x8D,\xE5\xAD\xA6\xE6\x97\xB6\n"), Sniffed::Text);
/// assert_eq!(sniff(b"<html><table></table></html>"), Sniffed::Html);
/// assert_eq!(sniff(b"PK\x03\x04"), Sniffed::Zip);
/// assert_eq!(sniff(b""), Sniffed::Empty);
/// ```
pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.is_empty() {
        return Sniffed::Empty;
    }
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC) {
        return Sniffed::Zip;
    }
    if bytes.starts_with(CFB_MAGIC) {
        return Sniffed::Compound;
    }
    sniff_text(bytes)
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
    fn binary_families_by_their_signatures() {
        assert_eq!(sniff(b"PK\x03\x04garbage"), Sniffed::Zip);
        assert_eq!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Sniffed::Compound
        );
    }
}
