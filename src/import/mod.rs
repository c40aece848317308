//! Import: the files in the inbox → [`RawSheet`]s (and [`RawDocument`]s) with provenance.
//!
//! This is the only stage that reads user files, and it never writes to the inbox. Every file
//! is read independently (in parallel, see [`crate::pipeline`]), behind
//! [`std::panic::catch_unwind`]: calamine has panicked on corrupt files in several releases,
//! and one bad file must not stop the run. What cannot be read becomes an `unreadable_file`
//! finding saying why; junk (lock files, pictures) is listed and skipped. Plan documents
//! (`.docx`, `.doc`, `.wps`, `.txt`) are read as [`RawDocument`]s: numbered lines of text and
//! Word tables.

pub mod compound;
pub mod csv;
pub mod doc;
pub mod document;
pub mod docx;
pub mod encoding;
pub mod excel;
pub mod html;
pub mod limits;
pub mod ods;
pub mod package;
pub mod sniff;
pub mod walk;
pub mod xml2003;

use std::io::Cursor;

use crate::finding::{Code, Finding, Severity};
use crate::table::cell_ref;
use document::RawDocument;
use excel::{Book, Flavor};
use limits::{MAX_FILE_BYTES, MAX_TEXT_BYTES};
use sniff::Sniffed;
use walk::{Action, Entry};

/// What became of one file.
#[derive(Debug)]
pub struct ImportedFile {
    /// Path relative to the inbox.
    pub rel: String,
    /// The format the content showed (`xlsx`, `xls`, `csv`…), empty when not read.
    pub format: &'static str,
    /// The sheets read, or why none were.
    pub outcome: Outcome,
    /// Problems noticed while reading (cells dropped beyond the bounds, sheets skipped…).
    pub findings: Vec<Finding>,
}

/// The result of reading one file.
#[derive(Debug)]
pub enum Outcome {
    /// The file's sheets (possibly none).
    Sheets(Vec<crate::table::RawSheet>),
    /// A document (.docx, .doc, .txt): its lines and tables.
    Document(RawDocument),
    /// Not a spreadsheet; the reason, at info level.
    Skipped(String),
    /// A spreadsheet that cannot be read; the reason, as an `unreadable_file` error.
    Unreadable(String),
}

impl ImportedFile {
    /// The finding that says why the file was skipped or unreadable, if it was.
    pub fn outcome_finding(&self) -> Option<Finding> {
        match &self.outcome {
            Outcome::Sheets(_) | Outcome::Document(_) => None,
            Outcome::Skipped(reason) => Some(Finding::file(
                Code::SkippedFile,
                Severity::Info,
                &self.rel,
                reason.clone(),
            )),
            Outcome::Unreadable(reason) => Some(Finding::file(
                Code::UnreadableFile,
                Severity::Error,
                &self.rel,
                reason.clone(),
            )),
        }
    }
}

/// Reads one listed file: sniff its content, pick the reader, never panic.
pub fn read_entry(entry: &Entry) -> ImportedFile {
    if let Action::Skip(reason) = &entry.action {
        return ImportedFile {
            rel: entry.rel.clone(),
            format: "",
            outcome: Outcome::Skipped(reason.clone()),
            findings: Vec::new(),
        };
    }
    match read_bounded(&entry.path) {
        Ok(bytes) => read_bytes(&entry.rel, bytes),
        Err(reason) => ImportedFile {
            rel: entry.rel.clone(),
            format: "",
            outcome: Outcome::Unreadable(reason),
            findings: Vec::new(),
        },
    }
}

/// Reads a file's content as [`read_entry`] does once the file is in memory: `rel` names it
/// (its extension counts where the content leaves a choice). Never panics.
///
/// ```
/// use jiaoke::import::{read_bytes, Outcome};
/// let file = read_bytes("学时.csv", "姓名,学时\n张三,24\n".as_bytes().to_vec());
/// assert_eq!(file.format, "csv");
/// assert!(matches!(&file.outcome, Outcome::Sheets(s) if s[0].rows.len() == 2));
/// ```
pub fn read_bytes(rel: &str, bytes: Vec<u8>) -> ImportedFile {
    let sniffed = sniff::sniff(&bytes);
    let lower = rel.to_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let mut format = sniffed.label();
    let result = guarded(|| read_sniffed(sniffed, bytes, rel, ext, &mut format));
    let mut file = ImportedFile {
        rel: rel.to_string(),
        format,
        outcome: Outcome::Skipped(String::new()),
        findings: Vec::new(),
    };
    file.outcome = match result {
        Ok(Read::Document(doc)) => Outcome::Document(doc),
        Ok(Read::Sheets(book)) => Outcome::Sheets(file.take_book(book)),
        Ok(Read::NotATable) => Outcome::Skipped("XML 文件，但不是 Excel 表格，已跳过".into()),
        Err(reason) => Outcome::Unreadable(reason),
    };
    file
}

impl ImportedFile {
    /// Keeps a book's sheets, turning what was dropped or skipped into findings.
    fn take_book(&mut self, book: Book) -> Vec<crate::table::RawSheet> {
        self.findings.extend(book.findings);
        let mut kept = Vec::with_capacity(book.sheets.len());
        for read in book.sheets {
            if let Some(d) = read.dropped {
                let (row, col) = d.first;
                let mut f = Finding::sheet(
                    Code::InvalidValue,
                    Severity::Warning,
                    &self.rel,
                    &read.sheet.sheet,
                    format!(
                        "有 {} 个单元格超出读取范围（第一个在 {}），未读取：jiaoke 每张表最多读 {} 行、{} 列，每个文件最多 {} 万个单元格。多半是误输入；若确是数据，请拆成几个文件",
                        d.count,
                        cell_ref(col as usize, row.saturating_add(1)),
                        limits::MAX_ROWS,
                        limits::MAX_COLUMNS,
                        limits::MAX_CELLS / 10_000
                    ),
                );
                f.row = Some(row.saturating_add(1));
                f.cell = cell_ref(col as usize, row.saturating_add(1));
                self.findings.push(f);
            }
            kept.push(read.sheet);
        }
        kept
    }
}

/// Reads a file within the size bounds: a text file may be smaller than a binary one, so the
/// first bytes are looked at before the whole file is read.
fn read_bounded(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| format!("无法读取文件：{e}");
    let len = std::fs::metadata(path).map_err(cannot)?.len();
    let too_large = |kind: &str, max: u64| {
        format!(
            "文件过大（{} MB，{kind}最多 {} MB），不像是一份收集表：请检查是否放错了文件",
            len / 1024 / 1024,
            max / 1024 / 1024
        )
    };
    if len > MAX_FILE_BYTES {
        return Err(too_large("表格", MAX_FILE_BYTES));
    }
    if len > MAX_TEXT_BYTES {
        let mut head = [0u8; 8];
        let n = std::io::Read::read(&mut std::fs::File::open(path).map_err(cannot)?, &mut head)
            .map_err(cannot)?;
        if !matches!(sniff::sniff(&head[..n]), Sniffed::Zip | Sniffed::Compound) {
            return Err(too_large("文本文件", MAX_TEXT_BYTES));
        }
    }
    std::fs::read(path).map_err(cannot)
}

/// What a reader made of a file's bytes.
enum Read {
    Sheets(Book),
    Document(RawDocument),
    /// An XML file that is no SpreadsheetML workbook: not a form at all.
    NotATable,
}

const SAVE_AS_DOCX: &str = "请用 Word 或 WPS 打开后另存为 .docx（Word 文档）再放入收集文件夹";
const SAVE_AS_XLSX: &str = "请用 Excel 或 WPS 打开后另存为 .xlsx";
const PASSWORD: &str = "文件设置了打开密码：请去掉密码后另存，再放入收集文件夹";

/// Picks the reader for a family; `format` is set to the format the content turned out to be.
fn read_sniffed(
    sniffed: Sniffed,
    bytes: Vec<u8>,
    rel: &str,
    ext: &str,
    format: &mut &'static str,
) -> Result<Read, String> {
    let is_xml_ext = ext == "xml";
    let is_document = walk::DOCUMENT_EXTENSIONS.contains(&ext);
    if matches!(sniffed, Sniffed::Text | Sniffed::Html) && ext == "txt" {
        *format = "txt";
    }
    match sniffed {
        Sniffed::Zip => read_package(&bytes, rel, is_document, format),
        Sniffed::Compound => read_compound(bytes, rel, is_document, format),
        Sniffed::Text | Sniffed::Html if is_document && bytes.starts_with(b"{\\rtf") => Err(format!(
            "这是 RTF 格式的文档，jiaoke 读不了：{SAVE_AS_DOCX}"
        )),
        Sniffed::Text | Sniffed::Html if ext == "txt" => {
            document::read_text(&bytes, rel).map(Read::Document)
        }
        Sniffed::Text | Sniffed::Html | Sniffed::Unknown if is_document && ext != "txt" => {
            Err(format!(
                "扩展名是 Word 文档，内容却不是（内容为{}）：{SAVE_AS_DOCX}",
                sniffed.label()
            ))
        }
        Sniffed::Text if is_xml_ext => Ok(Read::NotATable),
        Sniffed::Text => csv::read_csv(&bytes, rel).map(Read::Sheets),
        Sniffed::Html => html::read_html(&bytes, rel).map(Read::Sheets),
        Sniffed::SpreadsheetMl => xml2003::read_spreadsheetml(&bytes, rel).map(Read::Sheets),
        Sniffed::Empty => Err("文件是空的（0 字节）：请让提交人重新发送".into()),
        Sniffed::Unknown if is_xml_ext => Ok(Read::NotATable),
        Sniffed::Unknown if ext == "txt" => Err(
            "不是文本文件（内容是二进制数据）：请用记事本打开后另存为 UTF-8 编码的 .txt，或另存为 .docx"
                .into(),
        ),
        Sniffed::Unknown => Err(not_a_table(sniffed.label())),
    }
}

fn not_a_table(what: &str) -> String {
    format!("不是 Excel/WPS/ODS 表格，也不是 CSV 或 Word 文档（内容为{what}）：{SAVE_AS_XLSX}")
}

/// A zip package: bounded first, then read as what it declares, other readers tried after.
fn read_package(
    bytes: &[u8],
    rel: &str,
    is_document: bool,
    format: &mut &'static str,
) -> Result<Read, String> {
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(archive) => archive,
        // A zip whose central directory is gone (a truncated download): the reader of what
        // the name claims says what is broken.
        Err(_) if is_document => return docx::read_docx(bytes, rel).map(Read::Document),
        Err(e) => return Err(excel::describe(&e.to_string())),
    };
    package::check_bounds(&archive)?;
    let workbook = |flavor: Flavor, format: &mut &'static str| {
        let book = excel::read_workbook(Cursor::new(bytes), flavor, rel)?;
        *format = flavor.label();
        Ok(Read::Sheets(book))
    };
    // The declared kind first; then the others, so that a package at unusual paths is read.
    let kind = package::identify(&mut archive);
    let order: &[Flavor] = match kind {
        package::Kind::Docx => {
            *format = "docx";
            return docx::read_docx(bytes, rel).map(Read::Document);
        }
        package::Kind::Odt => {
            return Err(format!(
                "这是 OpenDocument 文本文档（.odt），jiaoke 读不了：{SAVE_AS_DOCX}"
            ));
        }
        package::Kind::Ods => {
            ods::check_extent(&mut archive)?;
            &[Flavor::Ods]
        }
        package::Kind::Xlsb => &[Flavor::Xlsb, Flavor::Xlsx],
        package::Kind::Xlsx => &[Flavor::Xlsx, Flavor::Xlsb],
        package::Kind::Unknown => &[Flavor::Xlsx, Flavor::Xlsb],
    };
    let mut first_error = None;
    for &flavor in order {
        match workbook(flavor, format) {
            Ok(read) => return Ok(read),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(read) = without_macro_sheets(bytes, rel, format) {
        return Ok(read);
    }
    match (kind, first_error) {
        (package::Kind::Unknown, _) if is_document => {
            docx::read_docx(bytes, rel).map(Read::Document)
        }
        (package::Kind::Unknown, _) | (_, None) => Err(not_a_table(Sniffed::Zip.label())),
        (_, Some(e)) => Err(e),
    }
}

/// An xlsx that calamine refuses for a sheet type it does not know (an Excel 4.0 macro
/// sheet): read with those sheets declared as worksheets, then skipped with a note.
fn without_macro_sheets(bytes: &[u8], rel: &str, format: &mut &'static str) -> Option<Read> {
    let (fixed, names) = package::retype_unknown_sheets(bytes)?;
    let mut book = excel::read_workbook(Cursor::new(fixed), Flavor::Xlsx, rel).ok()?;
    book.sheets.retain(|s| !names.contains(&s.sheet.sheet));
    book.findings.retain(|f| !names.contains(&f.sheet));
    for name in &names {
        book.findings.push(Finding::sheet(
            Code::UnknownSheet,
            Severity::Info,
            rel,
            name,
            "这是宏表（Excel 4.0 宏），没有数据单元格，已跳过",
        ));
    }
    *format = Flavor::Xlsx.label();
    Some(Read::Sheets(book))
}

/// A compound file: validated and measured first, then read if it is a workbook or a Word
/// document.
fn read_compound(
    bytes: Vec<u8>,
    rel: &str,
    is_document: bool,
    format: &mut &'static str,
) -> Result<Read, String> {
    match compound::inspect(&bytes)? {
        compound::Kind::Encrypted => Err(PASSWORD.into()),
        compound::Kind::Word => {
            *format = "doc";
            doc::read_doc(&bytes, rel).map(Read::Document)
        }
        // calamine reads the workbook stream it is given, the one that was measured.
        compound::Kind::Workbook { file, truncated } => {
            // calamine reads the measured copy: the file itself is no longer needed.
            drop(bytes);
            let mut book = excel::read_workbook(Cursor::new(file), Flavor::Xls, rel)?;
            *format = "xls";
            if truncated {
                book.findings.push(Finding::file(
                    Code::UnreadableFile,
                    Severity::Error,
                    rel,
                    "文件不完整（工作簿数据缺了一截，多半是传输或复制时被截断）：已读取完整的部分，其余内容缺失：请让提交人重新发送原文件",
                ));
            }
            Ok(Read::Sheets(book))
        }
        // A .doc or .wps without a Word document inside: WPS's own format before WPS 2005.
        compound::Kind::Other if is_document => Err(format!(
            "不是 Word 格式的文档（多半是 WPS 2005 以前的旧版 WPS 文字格式），jiaoke 读不了：{SAVE_AS_DOCX}"
        )),
        // No `Workbook` or `Book` stream: calamine would not open it either.
        compound::Kind::Other => Err(not_a_table(Sniffed::Compound.label())),
    }
}

/// Runs a reader, turning a panic inside it (calamine has panicked on corrupt files in
/// several releases) into an error message.
fn guarded<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    crate::guard::catch(f).unwrap_or_else(|what| {
        Err(format!(
            "文件已损坏，读取时出错（{what}）：请用 Excel 或 WPS 打开后另存为 .xlsx 再试"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(dir: &std::path::Path, name: &str, bytes: &[u8]) -> Entry {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        Entry {
            path,
            rel: name.to_string(),
            action: walk::classify(name),
        }
    }

    #[test]
    fn a_panic_in_a_reader_becomes_a_message() {
        let r: Result<(), String> = guarded(|| panic!("boom"));
        let msg = r.unwrap_err();
        assert!(msg.contains("boom") && msg.contains("损坏"), "{msg}");
    }

    #[test]
    fn empty_and_word_files_are_unreadable_with_reasons() {
        let dir = tempfile::tempdir().unwrap();
        let empty = read_entry(&entry(dir.path(), "空.xlsx", b""));
        assert!(matches!(&empty.outcome, Outcome::Unreadable(r) if r.contains("空")));
        let f = empty.outcome_finding().unwrap();
        assert_eq!(
            (f.code, f.severity),
            (Code::UnreadableFile, Severity::Error)
        );

        let junk = read_entry(&entry(
            dir.path(),
            "乱码.xls",
            &[0u8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        ));
        assert!(matches!(&junk.outcome, Outcome::Unreadable(r) if r.contains("不是")));
    }

    /// An xlsx with a data sheet and an Excel 4.0 macro sheet, as Excel writes it.
    fn xlsx_with_macro_sheet() -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet()
            .set_name("论文")
            .unwrap()
            .write(0, 0, "姓名")
            .unwrap();
        wb.add_worksheet()
            .set_name("宏1")
            .unwrap()
            .write(0, 0, "=HALT()")
            .unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let rels = "xl/_rels/workbook.xml.rels";
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(rels).unwrap(), &mut text).unwrap();
        let macro_type = "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet";
        let text = text.replacen(
            "Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\"",
            &format!("Id=\"rId2\" Type=\"{macro_type}\""),
            1,
        );
        assert!(text.contains(macro_type), "{text}");
        package::testing::replace(&bytes, rels, text.as_bytes())
    }

    #[test]
    fn a_macro_sheet_is_skipped_and_the_data_sheet_read() {
        let bytes = xlsx_with_macro_sheet();
        assert!(
            <calamine::Xlsx<_> as calamine::Reader<_>>::new(Cursor::new(bytes.clone())).is_err(),
            "calamine alone refuses the workbook"
        );
        let f = read_bytes("宏.xlsm", bytes);
        let Outcome::Sheets(sheets) = &f.outcome else {
            panic!("{:?}", f.outcome)
        };
        assert_eq!(sheets.len(), 1);
        assert_eq!(sheets[0].sheet, "论文");
        assert_eq!(f.findings.len(), 1);
        assert_eq!(f.findings[0].code, Code::UnknownSheet);
        assert!(f.findings[0].message.contains("宏表"));
    }

    #[test]
    fn lock_files_are_skipped_without_being_opened() {
        let dir = tempfile::tempdir().unwrap();
        let lock = read_entry(&entry(dir.path(), "~$a.xlsx", b"\x00garbage"));
        assert!(matches!(lock.outcome, Outcome::Skipped(_)));
        assert_eq!(lock.outcome_finding().unwrap().severity, Severity::Info);
    }

    #[test]
    fn an_xlsx_named_xls_is_read_by_content() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet().write(0, 0, "姓名").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let f = read_entry(&entry(dir.path(), "伪装.xls", &bytes));
        assert_eq!(f.format, "xlsx");
        assert!(matches!(&f.outcome, Outcome::Sheets(s) if s.len() == 1));
    }

    #[test]
    fn plan_documents_are_read_as_documents() {
        let dir = tempfile::tempdir().unwrap();
        let (gbk, _, _) = encoding_rs::GB18030.encode("四、行事历\r\n九月份：\r\n1．制定计划\r\n");
        let txt = read_entry(&entry(dir.path(), "计划.txt", &gbk));
        assert_eq!(txt.format, "txt");
        let Outcome::Document(doc) = &txt.outcome else {
            panic!("{:?}", txt.outcome)
        };
        assert_eq!(doc.lines[1].text, "九月份：");
        assert!(txt.outcome_finding().is_none());

        let bytes = docx::testing::docx(&docx::testing::p("x"), None);
        let docx = read_entry(&entry(dir.path(), "计划.docx", &bytes));
        assert_eq!(docx.format, "docx");
        assert!(matches!(&docx.outcome, Outcome::Document(d) if d.lines.len() == 1));

        // An old Word document, and a WPS file saved in Word's format.
        let bytes = doc::testing::Doc {
            pieces: vec![doc::testing::utf16("九月份\r")],
            ..Default::default()
        }
        .build();
        for name in ["计划.doc", "计划.wps"] {
            let old = read_entry(&entry(dir.path(), name, &bytes));
            assert_eq!(old.format, "doc");
            assert!(
                matches!(&old.outcome, Outcome::Document(d) if d.lines[0].text == "九月份"),
                "{name}: {:?}",
                old.outcome
            );
            assert!(old.outcome_finding().is_none());
        }
    }

    #[test]
    fn documents_that_cannot_be_read_say_to_save_as_docx() {
        let dir = tempfile::tempdir().unwrap();
        let doc = compound::testing::compound(&[("WordDocument", b"x")]);
        let old = read_entry(&entry(dir.path(), "计划.doc", &doc));
        assert!(
            matches!(&old.outcome, Outcome::Unreadable(r) if r.contains("已损坏") && r.contains("另存为 .docx")),
            "{:?}",
            old.outcome
        );
        assert_eq!(old.outcome_finding().unwrap().code, Code::UnreadableFile);

        let wps = compound::testing::compound(&[("WpsContent", b"x")]);
        let wps = read_entry(&entry(dir.path(), "计划.wps", &wps));
        assert!(
            matches!(&wps.outcome, Outcome::Unreadable(r) if r.contains("WPS") && r.contains("另存为 .docx")),
            "{:?}",
            wps.outcome
        );

        let enc = compound::testing::compound(&[("EncryptedPackage", b"x")]);
        let locked = read_entry(&entry(dir.path(), "计划.docx", &enc));
        assert!(matches!(&locked.outcome, Outcome::Unreadable(r) if r.contains("密码")));

        let broken = read_entry(&entry(dir.path(), "坏.docx", b"PK\x03\x04garbage"));
        assert!(
            matches!(&broken.outcome, Outcome::Unreadable(r) if r.contains("Word 文档已损坏")),
            "{:?}",
            broken.outcome
        );

        let rtf = read_entry(&entry(dir.path(), "计划.doc", b"{\\rtf1\\ansi hello}"));
        assert!(matches!(&rtf.outcome, Outcome::Unreadable(r) if r.contains("RTF")));

        let binary = read_entry(&entry(
            dir.path(),
            "乱码.txt",
            &[0u8, 1, 2, 3, 4, 5, 6, 7, 8],
        ));
        assert!(matches!(&binary.outcome, Outcome::Unreadable(r) if r.contains("不是文本文件")));
    }
}
