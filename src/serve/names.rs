//! Names that come from the page — a collection's name, the relative path of a dropped file,
//! the name of an entry in a dropped .zip — made safe before anything is written: one folder
//! level for a collection, relative paths without `..`, no absolute path or drive, no Windows
//! device name, no character Windows refuses. Chinese names are kept exactly as written.

use crate::import::walk;

/// Longest name of one folder or file, in characters (Windows allows 255 UTF-16 units).
const MAX_COMPONENT_CHARS: usize = 120;
/// Deepest relative path accepted (a department folder inside a school folder inside a zip's
/// top folder is four levels).
const MAX_DEPTH: usize = 8;
/// Characters Windows does not allow in a file name.
const FORBIDDEN: &[char] = &['<', '>', ':', '"', '|', '?', '*', '/', '\\'];
/// Names Windows reserves for devices, with or without an extension (`CON.xlsx` too).
const DEVICES: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "CONIN$",
    "CONOUT$",
];

/// One folder or file name, checked: the name as it will be written (spaces and dots that
/// Windows drops at the end are trimmed), or why it is refused, in Chinese.
///
/// ```
/// use jiaoke::serve::names::component;
/// assert_eq!(component("2023-2024学年第一学期").unwrap(), "2023-2024学年第一学期");
/// assert_eq!(component(" 语文组. ").unwrap(), "语文组");
/// assert!(component("..").is_err() && component("a/b").is_err());
/// assert!(component("CON").is_err() && component("nul.xlsx").is_err());
/// ```
pub fn component(raw: &str) -> Result<String, String> {
    let name = raw.trim().trim_end_matches(['.', ' ']);
    if name.is_empty() || name == "." || raw.trim() == ".." {
        return Err(format!("“{raw}”不能用作文件或文件夹名"));
    }
    if let Some(c) = name
        .chars()
        .find(|c| c.is_control() || FORBIDDEN.contains(c))
    {
        return Err(format!(
            "名称“{}”含有不允许的字符“{}”",
            name.escape_default(),
            c.escape_default()
        ));
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    if DEVICES.iter().any(|d| d.eq_ignore_ascii_case(stem)) {
        return Err(format!("“{name}”是 Windows 保留的设备名，不能用作文件名"));
    }
    if name.chars().count() > MAX_COMPONENT_CHARS {
        return Err(format!("名称过长（超过 {MAX_COMPONENT_CHARS} 个字符）"));
    }
    Ok(name.to_string())
}

/// A relative path from the page (`语文组/论文.xlsx`, `/` or `\` separators), checked
/// component by component: never absolute, never `..`, never a drive (`C:`), at most
/// [`MAX_DEPTH`] levels. Empty components (`a//b`) and `.` are dropped.
///
/// ```
/// use jiaoke::serve::names::relative_path;
/// assert_eq!(relative_path("语文组\\论文.xlsx").unwrap(), ["语文组", "论文.xlsx"]);
/// assert!(relative_path("../../etc/passwd").is_err());
/// assert!(relative_path("/etc/passwd").is_err());
/// assert!(relative_path("C:\\Windows\\win.ini").is_err());
/// ```
pub fn relative_path(raw: &str) -> Result<Vec<String>, String> {
    if raw.starts_with(['/', '\\']) {
        return Err(format!("“{raw}”是绝对路径，只能放入收集文件夹之内"));
    }
    let mut parts = Vec::new();
    for part in raw.split(['/', '\\']) {
        if part.is_empty() || part == "." {
            continue;
        }
        if part.trim() == ".." {
            return Err(format!("“{raw}”指向收集文件夹之外，未写入"));
        }
        parts.push(component(part)?);
    }
    if parts.is_empty() {
        return Err("没有文件名".to_string());
    }
    if parts.len() > MAX_DEPTH {
        return Err(format!("“{raw}”的文件夹层次过深（超过 {MAX_DEPTH} 层）"));
    }
    Ok(parts)
}

/// Whether a dropped file is something the computer, not a person, put there: a mac's
/// `__MACOSX` folder, hidden files and folders, the lock files Office, WPS and LibreOffice
/// keep beside an open file, `Thumbs.db` ([`walk::leftover`], the rule the import uses).
/// Such files are left out of an upload without a question.
pub fn is_system_file(parts: &[String]) -> bool {
    let Some((name, folders)) = parts.split_last() else {
        return false;
    };
    folders
        .iter()
        .any(|p| p == "__MACOSX" || p.starts_with('.'))
        || walk::leftover(name).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_are_kept_as_written() {
        for name in [
            "语文组",
            "2023年度区级汇总",
            "数学组（初中）",
            "论文 获奖.xlsx",
        ] {
            assert_eq!(component(name).unwrap(), name);
        }
    }

    #[test]
    fn hostile_components_are_refused() {
        for name in [
            "",
            " ",
            ".",
            "..",
            " .. ",
            "a/b",
            "a\\b",
            "a:b",
            "C:",
            "a\u{0}b",
            "a\nb",
            "CON",
            "con.txt",
            "LPT1.xlsx",
            "COM9",
            "aux ",
            "a?b",
            "a*b",
            "<b>",
            "a|b",
            "\"q\"",
        ] {
            assert!(component(name).is_err(), "{name:?} must be refused");
        }
        assert!(component(&"长".repeat(121)).is_err());
        assert!(component(&"长".repeat(120)).is_ok());
        // Not a device: a longer name that starts like one.
        assert!(component("CONTROL.xlsx").is_ok());
        assert!(component("console").is_ok());
    }

    #[test]
    fn paths_never_leave_the_collection() {
        for path in [
            "../a.xlsx",
            "a/../../b.xlsx",
            "a/ .. /b",
            "/abs.xlsx",
            "\\\\server\\share\\a.xlsx",
            "C:/Windows/a.xlsx",
            "D:a.xlsx",
            "",
            "/",
            "././.",
            "a/b/c/d/e/f/g/h/i.xlsx",
        ] {
            assert!(relative_path(path).is_err(), "{path:?} must be refused");
        }
        assert_eq!(
            relative_path("./语文组//论文.xlsx").unwrap(),
            ["语文组", "论文.xlsx"]
        );
    }

    #[test]
    fn system_files_are_told_apart() {
        let p = |s: &str| relative_path(s).unwrap();
        assert!(is_system_file(&p("__MACOSX/语文组/._论文.xlsx")));
        assert!(is_system_file(&p("语文组/.DS_Store")));
        assert!(is_system_file(&p("语文组/Thumbs.db")));
        assert!(is_system_file(&p("语文组/~$论文.xlsx")));
        assert!(is_system_file(&p(".git/config")));
        assert!(!is_system_file(&p("语文组/论文.xlsx")));
    }
}
