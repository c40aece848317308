//! Listing the inbox: which files to read, which to skip and why.
//!
//! Departments' folders carry more than spreadsheets: Office and WPS lock files
//! (`~$name.xlsx`), LibreOffice locks (`.~lock.name#`), hidden files, pictures. They are
//! listed (so nobody wonders where a file went) but never opened. Word and text documents are
//! read: the office's 工作计划 carries its calendar (行事历).

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// A file found in the inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Absolute or caller-relative path to open.
    pub path: PathBuf,
    /// Path relative to the inbox with `/` separators, as shown to users.
    pub rel: String,
    /// What to do with it.
    pub action: Action,
}

/// Whether a file is read, and if not, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A spreadsheet or a document (by extension; the content decides the reader).
    Read,
    /// Not read; the reason in Chinese.
    Skip(String),
}

/// Extensions of files jiaoke reads as tables. The content decides how.
pub const TABLE_EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xltx", "xltm", "xls", "xlt", "et", "ett", "ods", "xlsb", "csv", "xml",
];

/// Extensions of documents jiaoke reads for the calendar of a plan (工作计划): Word (`.docx`,
/// old `.doc`), WPS `.wps` in Word's format, plain text.
pub const DOCUMENT_EXTENSIONS: &[&str] = &["docx", "docm", "doc", "wps", "txt"];

/// True when the file name's extension is a document's (`.docx`, `.txt`…), not a table's.
pub fn is_document_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    DOCUMENT_EXTENSIONS.contains(&ext)
}

/// Lists every file under `inbox`, sorted by path, with what to do with each.
///
/// # Errors
/// Only when the inbox itself cannot be listed; unreadable sub-folders become skipped entries.
pub fn list(inbox: &Path) -> std::io::Result<Vec<Entry>> {
    let meta = std::fs::metadata(inbox)?;
    if !meta.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotADirectory,
            "不是文件夹",
        ));
    }
    let mut out = Vec::new();
    let walker = WalkDir::new(inbox)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    for item in walker.filter_entry(|e| e.depth() == 0 || !is_hidden_dir(e)) {
        let item = match item {
            Ok(item) => item,
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| inbox.to_path_buf());
                out.push(Entry {
                    rel: relative(inbox, &path),
                    path,
                    action: Action::Skip(format!("无法访问：{err}")),
                });
                continue;
            }
        };
        if !item.file_type().is_file() {
            continue;
        }
        let path = item.path().to_path_buf();
        let rel = relative(inbox, &path);
        let action = classify(item.file_name().to_string_lossy().as_ref());
        out.push(Entry { path, rel, action });
    }
    Ok(out)
}

fn is_hidden_dir(e: &walkdir::DirEntry) -> bool {
    e.file_type().is_dir() && e.file_name().to_string_lossy().starts_with('.')
}

/// The path relative to the inbox, with `/` separators on every platform.
pub fn relative(inbox: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(inbox).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Why a file is not something a person put there, if it is not: a lock file Office, WPS or
/// LibreOffice keep beside an open file, a hidden file, a Windows system file.
///
/// ```
/// use jiaoke::import::walk::leftover;
/// assert!(leftover("~$论文.xlsx").is_some() && leftover("Thumbs.db").is_some());
/// assert!(leftover("论文.xlsx").is_none() && leftover("照片.jpg").is_none());
/// ```
pub fn leftover(name: &str) -> Option<&'static str> {
    if name.starts_with("~$") {
        return Some("Office/WPS 临时锁定文件（文件正被打开时产生），已跳过");
    }
    if name.starts_with(".~lock.") {
        return Some("LibreOffice 锁定文件，已跳过");
    }
    if name.starts_with('.') {
        return Some("隐藏文件，已跳过");
    }
    let lower = name.to_lowercase();
    matches!(lower.as_str(), "thumbs.db" | "desktop.ini").then_some("系统文件，已跳过")
}

/// Decides from a file name alone whether to read it.
///
/// ```
/// use jiaoke::import::walk::{classify, Action};
/// assert_eq!(classify("数学组.XLS"), Action::Read);
/// assert!(matches!(classify("~$数学组.xlsx"), Action::Skip(_)));
/// assert_eq!(classify("教科室工作计划.docx"), Action::Read);
/// assert!(matches!(classify("照片.jpg"), Action::Skip(_)));
/// ```
pub fn classify(name: &str) -> Action {
    if let Some(reason) = leftover(name) {
        return Action::Skip(reason.into());
    }
    let lower = name.to_lowercase();
    if lower == crate::config::FILE_NAME {
        return Action::Skip("jiaoke 学校配置文件".into());
    }
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    if TABLE_EXTENSIONS.contains(&ext) || DOCUMENT_EXTENSIONS.contains(&ext) {
        return Action::Read;
    }
    let kind = match ext {
        "rtf" => "RTF 文档（如是含行事历的工作计划，请另存为 .docx）",
        "md" => "文本文件",
        "pdf" => "PDF 文件",
        "jpg" | "jpeg" | "png" | "gif" | "bmp" | "heic" => "图片",
        "zip" | "rar" | "7z" => "压缩包（请先解压）",
        "ppt" | "pptx" | "dps" => "演示文稿",
        "" => "无扩展名的文件",
        _ => "非表格文件",
    };
    Action::Skip(format!("{kind}，不是表格，已跳过"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_is_skipped_with_a_reason() {
        for name in [
            "~$语文组.xlsx",
            ".~lock.课题.xlsx#",
            ".DS_Store",
            "Thumbs.db",
            "照片.JPG",
            "说明.md",
        ] {
            match classify(name) {
                Action::Skip(reason) => assert!(!reason.is_empty()),
                Action::Read => panic!("{name} must be skipped"),
            }
        }
    }

    #[test]
    fn spreadsheets_are_read_whatever_the_case_of_the_extension() {
        for name in [
            "a.xlsx", "b.XLSX", "c.xls", "d.et", "e.ods", "f.csv", "g.xlsm", "h.Csv",
        ] {
            assert_eq!(classify(name), Action::Read, "{name}");
        }
    }

    #[test]
    fn documents_are_read_for_their_calendar() {
        for name in ["计划.docx", "计划.DOC", "说明.txt", "计划.wps"] {
            assert_eq!(classify(name), Action::Read, "{name}");
            assert!(is_document_name(name), "{name}");
        }
        assert!(!is_document_name("a.csv"));
    }

    #[test]
    fn listing_is_sorted_and_relative_with_slashes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("论文")).unwrap();
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        std::fs::write(dir.path().join("论文/数学组.xls"), b"x").unwrap();
        std::fs::write(dir.path().join("a.csv"), b"x").unwrap();
        std::fs::write(dir.path().join(".git/config"), b"x").unwrap();
        let entries = list(dir.path()).unwrap();
        let rels: Vec<&str> = entries.iter().map(|e| e.rel.as_str()).collect();
        assert_eq!(rels, ["a.csv", "论文/数学组.xls"]);
    }

    #[test]
    fn a_missing_inbox_is_an_error() {
        assert!(list(Path::new("/nonexistent/jiaoke/inbox")).is_err());
    }
}
