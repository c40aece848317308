//! Import: the files in the inbox → [`RawSheet`]s (and [`RawDocument`]s) with provenance.
//!
//! This is the only stage that reads user files, and it never writes to the inbox. Every file
//! is read independently (in parallel, see [`crate::pipeline`]), behind
//! [`std::panic::catch_unwind`]: calamine has panicked on corrupt files in several releases,
//! and one bad file must not stop the run. What cannot be read becomes an `unreadable_file`
//! finding saying why; junk (lock files, pictures) is listed and skipped. Plan documents
//! (`.docx`, `.txt`) are read as [`RawDocument`]s: numbered lines of text and Word tables.

pub mod csv;
pub mod document;
pub mod docx;
pub mod encoding;
pub mod excel;
pub mod html;
pub mod sniff;
pub mod walk;
pub mod xml2003;

use std::cell::Cell;
use std::panic::AssertUnwindSafe;

use crate::finding::{Code, Finding, Severity};
use crate::table::{RawSheet, cell_ref};
use document::RawDocument;
use excel::Flavor;
use sniff::Sniffed;
use walk::{Action, Entry};

/// Files larger than this are not school forms; reading them would only cost memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// What became of one file.
#[derive(Debug)]
pub struct ImportedFile {
    /// Path relative to the inbox.
    pub rel: String,
    /// The format the content showed (`xlsx`, `xls`, `csv`…), empty when not read.
    pub format: &'static str,
    /// The sheets read, or why none were.
    pub outcome: Outcome,
    /// Problems noticed while reading (cells dropped beyond the bounds…).
    pub findings: Vec<Finding>,
}

/// The result of reading one file.
#[derive(Debug)]
pub enum Outcome {
    /// The file's sheets (possibly none).
    Sheets(Vec<RawSheet>),
    /// A document (.docx, .txt): its lines and tables.
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
    let mut file = ImportedFile {
        rel: entry.rel.clone(),
        format: "",
        outcome: Outcome::Skipped(String::new()),
        findings: Vec::new(),
    };
    if let Action::Skip(reason) = &entry.action {
        file.outcome = Outcome::Skipped(reason.clone());
        return file;
    }
    let bytes = match read_bytes(&entry.path) {
        Ok(bytes) => bytes,
        Err(reason) => {
            file.outcome = Outcome::Unreadable(reason);
            return file;
        }
    };
    let sniffed = sniff::sniff(&bytes);
    file.format = sniffed.label();
    let lower = entry.rel.to_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let result = guarded(|| read_sniffed(sniffed, bytes, &entry.rel, ext));
    match result {
        Ok(Read::Document(doc)) => {
            if sniffed == Sniffed::Text {
                file.format = "txt";
            }
            file.outcome = Outcome::Document(doc);
        }
        Ok(Read::Sheets(sheets)) => {
            let mut kept = Vec::with_capacity(sheets.len());
            for read in sheets {
                if let Some((count, (row, col))) = read.dropped {
                    let mut f = Finding::sheet(
                        Code::InvalidValue,
                        Severity::Warning,
                        &entry.rel,
                        &read.sheet.sheet,
                        format!(
                            "表格范围之外有 {count} 个单元格（第一个在 {}），已忽略：多半是误输入",
                            cell_ref(col as usize, row + 1)
                        ),
                    );
                    f.row = Some(row + 1);
                    f.cell = cell_ref(col as usize, row + 1);
                    file.findings.push(f);
                }
                kept.push(read.sheet);
            }
            file.outcome = Outcome::Sheets(kept);
        }
        Ok(Read::NotATable) => {
            file.outcome = Outcome::Skipped("XML 文件，但不是 Excel 表格，已跳过".into());
        }
        Err(reason) => file.outcome = Outcome::Unreadable(reason),
    }
    file
}

fn read_bytes(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("无法读取文件：{e}"))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "文件过大（{} MB），不像是一份收集表：请检查是否放错了文件",
            meta.len() / 1024 / 1024
        ));
    }
    std::fs::read(path).map_err(|e| format!("无法读取文件：{e}"))
}

/// What a reader made of a file's bytes.
enum Read {
    Sheets(Vec<excel::ReadSheet>),
    Document(RawDocument),
    /// An XML file that is no SpreadsheetML workbook: not a form at all.
    NotATable,
}

const SAVE_AS_DOCX: &str = "请用 Word 或 WPS 打开后另存为 .docx（Word 文档）再放入收集文件夹";

fn read_sniffed(sniffed: Sniffed, bytes: Vec<u8>, rel: &str, ext: &str) -> Result<Read, String> {
    let plain = |sheets: Vec<RawSheet>| {
        Read::Sheets(
            sheets
                .into_iter()
                .map(|sheet| excel::ReadSheet {
                    sheet,
                    dropped: None,
                })
                .collect(),
        )
    };
    let workbook = |flavor, bytes| {
        excel::read_workbook(std::io::Cursor::new(bytes), flavor, rel).map(Read::Sheets)
    };
    let is_xml_ext = ext == "xml";
    let is_document = walk::DOCUMENT_EXTENSIONS.contains(&ext);
    match sniffed {
        Sniffed::Docx => docx::read_docx(&bytes, rel).map(Read::Document),
        // A zip that cannot be opened, named as a Word document: the Word reader says why.
        Sniffed::Xlsx if is_document && zip::ZipArchive::new(std::io::Cursor::new(&bytes)).is_err() => {
            docx::read_docx(&bytes, rel).map(Read::Document)
        }
        Sniffed::Xlsx => workbook(Flavor::Xlsx, bytes),
        Sniffed::Xlsb => workbook(Flavor::Xlsb, bytes),
        Sniffed::Xls => workbook(Flavor::Xls, bytes),
        Sniffed::Ods => workbook(Flavor::Ods, bytes),
        Sniffed::Doc => Err(format!(
            "这是旧版 Word 文档（.doc/.wps），jiaoke 读不了：{SAVE_AS_DOCX}"
        )),
        Sniffed::Text | Sniffed::Html if is_document && bytes.starts_with(b"{\\rtf") => Err(format!(
            "这是 RTF 格式的文档，jiaoke 读不了：{SAVE_AS_DOCX}"
        )),
        Sniffed::Text if ext == "txt" => document::read_text(&bytes, rel).map(Read::Document),
        Sniffed::Text | Sniffed::Html | Sniffed::Unknown if is_document && ext != "txt" => {
            Err(format!(
                "扩展名是 Word 文档，内容却不是（内容为{}）：{SAVE_AS_DOCX}",
                sniffed.label()
            ))
        }
        Sniffed::Html if ext == "txt" => document::read_text(&bytes, rel).map(Read::Document),
        Sniffed::Text if is_xml_ext => Ok(Read::NotATable),
        Sniffed::Text => csv::read_csv(&bytes, rel).map(|s| plain(vec![s])),
        Sniffed::Html => html::read_html(&bytes, rel).map(plain),
        Sniffed::SpreadsheetMl => xml2003::read_spreadsheetml(&bytes, rel).map(plain),
        Sniffed::Encrypted => Err("文件设置了打开密码：请去掉密码后另存，再放入收集文件夹".into()),
        Sniffed::Empty => Err("文件是空的（0 字节）：请让提交人重新发送".into()),
        Sniffed::Unknown if is_xml_ext => Ok(Read::NotATable),
        Sniffed::Unknown if ext == "txt" => Err(
            "不是文本文件（内容是二进制数据）：请用记事本打开后另存为 UTF-8 编码的 .txt，或另存为 .docx"
                .into(),
        ),
        Sniffed::OtherZip | Sniffed::OtherCompound | Sniffed::Unknown => Err(format!(
            "不是 Excel/WPS/ODS 表格，也不是 CSV 或 Word 文档（内容为{}）：请用 Excel 或 WPS 打开后另存为 .xlsx",
            sniffed.label()
        )),
    }
}

thread_local! {
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, turning a panic inside a reader into an error message.
fn guarded<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    GUARDED.with(|g| g.set(true));
    let result = std::panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(false));
    match result {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(format!(
                "文件已损坏，读取时出错（{what}）：请用 Excel 或 WPS 打开后另存为 .xlsx 再试"
            ))
        }
    }
}

/// Installs a panic hook that stays quiet for panics caught while reading a file (they become
/// `unreadable_file` findings) and reports every other panic as usual.
pub fn install_quiet_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !GUARDED.with(Cell::get) {
            default(info);
        }
    }));
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
    }

    #[test]
    fn documents_that_cannot_be_read_say_to_save_as_docx() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
        doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
        let old = read_entry(&entry(dir.path(), "计划.doc", &doc));
        assert!(
            matches!(&old.outcome, Outcome::Unreadable(r) if r.contains("另存为 .docx")),
            "{:?}",
            old.outcome
        );
        assert_eq!(old.outcome_finding().unwrap().code, Code::UnreadableFile);

        let mut enc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
        enc.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
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
