//! A district inbox: one folder per school (everything below it, at any depth, is that
//! school's), and at the top the school list and nothing else. Folders are matched to the
//! list ([`super::names`]); each school's files are imported and checked as a school inbox is.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use super::list::{self, School, SchoolList};
use super::names::{Resolved, SchoolNames};
use crate::finding::{Code, Finding, Severity};
use crate::import::walk::{self, Action, Entry};
use crate::import::{self, Outcome};

/// The inbox listed: the school list, the folders and what lies loose at the top.
#[derive(Debug, Default)]
pub struct Layout {
    /// The school list, if the top holds one.
    pub list: Option<SchoolList>,
    /// Each top-level folder's name and files (relative to the inbox), in name order.
    pub folders: Vec<(String, Vec<Entry>)>,
    /// Problems with the list and the loose files.
    pub findings: Vec<Finding>,
}

/// Lists a district inbox and reads its school list.
///
/// # Errors
/// The inbox cannot be listed.
pub fn layout(inbox: &Path) -> std::io::Result<Layout> {
    let mut out = Layout::default();
    let mut folders: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    for entry in walk::list(inbox)? {
        match entry.rel.split_once('/') {
            Some((folder, _)) => folders.entry(folder.to_string()).or_default().push(entry),
            None => top_file(&entry, &mut out),
        }
    }
    // Empty folders are listed too: a school that made its folder and put nothing in it.
    for dir in std::fs::read_dir(inbox)?.flatten() {
        let name = dir.file_name().to_string_lossy().into_owned();
        if dir.path().is_dir() && !name.starts_with('.') {
            folders.entry(name).or_default();
        }
    }
    out.folders = folders.into_iter().collect();
    Ok(out)
}

/// A file at the top: the school list (the first sheet with a 学校名称 column), a list
/// without one (an error), the district's jiaoke.toml, or a loose file (a warning).
fn top_file(entry: &Entry, out: &mut Layout) {
    if let Action::Skip(_) = entry.action {
        if handed_in(entry) && entry.rel.to_lowercase() != crate::config::FILE_NAME {
            out.findings.push(loose(&entry.rel));
        }
        return;
    }
    let file = import::read_entry(entry);
    let Outcome::Sheets(sheets) = &file.outcome else {
        out.findings.extend(file.outcome_finding());
        out.findings.push(loose(&entry.rel));
        return;
    };
    let mut used = false;
    for sheet in sheets {
        match list::read(sheet) {
            Some((found, findings)) if out.list.is_none() => {
                out.list = Some(found);
                out.findings.extend(findings);
                used = true;
            }
            Some(_) => {}
            None if list::looks_like_list(&entry.rel) || list::looks_like_list(&sheet.sheet) => {
                out.findings.push(list::no_name_column(sheet));
                used = true;
            }
            None => {}
        }
    }
    if !used {
        out.findings.push(loose(&entry.rel));
    }
}

/// Whether a file is something a person put there: not a lock, hidden or system file that
/// Office, WPS, Windows or macOS leave beside real files.
pub fn handed_in(entry: &Entry) -> bool {
    walk::leftover(entry.rel.rsplit('/').next().unwrap_or("")).is_none()
}

fn loose(rel: &str) -> Finding {
    Finding::file(
        Code::LooseFile,
        Severity::Warning,
        rel,
        "此文件放在收集文件夹最上层，不属于任何学校，未计入：请放入所属学校的文件夹（最上层只放学校名单）",
    )
}

/// Whether a school handed anything in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Files were read.
    Submitted,
    /// No folder, or one holding nothing but lock and system files.
    Missing,
    /// A folder with files, none of them readable as a sheet of a known kind.
    Unreadable,
}

impl Status {
    /// As 上报情况 shows it.
    pub fn label(self) -> &'static str {
        match self {
            Status::Submitted => "已上报",
            Status::Missing => "未上报",
            Status::Unreadable => "无法读取",
        }
    }

    /// As submissions.csv writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Missing => "missing",
            Status::Unreadable => "unreadable",
        }
    }
}

/// One school of the district: listed, found as a folder, or both.
#[derive(Debug, Clone, Default)]
pub struct Member {
    /// The list's entry (for an unlisted folder: its name, nothing else).
    pub school: School,
    /// On the school list.
    pub listed: bool,
    /// Its folders (usually one).
    pub folders: Vec<String>,
    /// The files of its folders.
    pub entries: Vec<Entry>,
}

/// The district's schools: the listed ones in list order, then unlisted folders; with the
/// findings of matching folders to the list.
pub fn members(layout: &Layout) -> (Vec<Member>, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut members: Vec<Member> = layout
        .list
        .iter()
        .flat_map(|l| &l.schools)
        .map(|s| Member {
            school: s.clone(),
            listed: true,
            ..Member::default()
        })
        .collect();
    let names = SchoolNames::new(&members.iter().map(|m| &m.school.name).collect::<Vec<_>>());
    for (folder, entries) in &layout.folders {
        let at = match resolve(&names, folder, entries, &mut findings) {
            Resolved::School(i) => {
                if let Some(first) = members[i].folders.first() {
                    findings.push(merged(folder, first, &members[i].school.name));
                }
                i
            }
            other => {
                if layout.list.is_some() {
                    findings.push(unlisted(folder, &other, &members));
                }
                members.push(Member {
                    school: School {
                        name: folder.clone(),
                        ..School::default()
                    },
                    ..Member::default()
                });
                members.len() - 1
            }
        };
        members[at].folders.push(folder.clone());
        members[at].entries.extend(entries.iter().cloned());
    }
    (members, findings)
}

/// What a folder designates: by its name, else (when its name fits no listed school, or
/// several) by the 填报单位 line of its tables, which an info finding then says.
fn resolve(
    names: &SchoolNames,
    folder: &str,
    entries: &[Entry],
    findings: &mut Vec<Finding>,
) -> Resolved {
    let by_name = names.resolve(folder);
    if matches!(by_name, Resolved::School(_)) || names.is_empty() {
        return by_name;
    }
    let Some(declared) = super::handed_up::declared_school(entries) else {
        return by_name;
    };
    match names.resolve(&declared) {
        Resolved::School(i) => {
            findings.push(Finding::file(
                Code::UnknownSchool,
                Severity::Info,
                folder,
                format!("文件夹名“{folder}”对不上学校名单，按其中表格的“填报单位：{declared}”计入"),
            ));
            Resolved::School(i)
        }
        _ => by_name,
    }
}

fn merged(folder: &str, first: &str, school: &str) -> Finding {
    Finding::file(
        Code::DuplicateSchool,
        Severity::Warning,
        folder,
        format!("文件夹“{folder}”和“{first}”都是{school}的，已合并统计；同一条记录只计一次"),
    )
}

fn unlisted(folder: &str, how: &Resolved, members: &[Member]) -> Finding {
    let message = match how {
        Resolved::Ambiguous(candidates) => {
            let names: Vec<&str> = candidates
                .iter()
                .map(|&i| members[i].school.name.as_str())
                .collect();
            format!(
                "文件夹名“{folder}”可能是{}中的任何一所，无法确定：已按文件夹名单独统计，请把文件夹改为学校全称",
                names.join("、")
            )
        }
        _ => format!(
            "文件夹名“{folder}”与学校名单上的学校都对不上：已按文件夹名单独统计，请核对学校名称"
        ),
    };
    Finding::file(Code::UnknownSchool, Severity::Warning, folder, message)
}

/// The day the newest file of `entries` was last changed.
pub fn latest_change(entries: &[Entry]) -> Option<NaiveDate> {
    entries
        .iter()
        .filter_map(|e| std::fs::metadata(&e.path).and_then(|m| m.modified()).ok())
        .max()
        .map(|t| chrono::DateTime::<chrono::Local>::from(t).date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, bytes: &[u8]) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    fn inbox() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(
            d,
            "学校名单.csv",
            "学校名称,学段\n东门实验学校,小学\n城南初级中学,初中\n西湖小学,小学\n".as_bytes(),
        );
        write(
            d,
            "东门实验/教科室/论文.csv",
            "作者,论文题目\n王静,浅谈\n".as_bytes(),
        );
        write(
            d,
            "东门实验学校（补交）/课题.csv",
            "课题名称\n一个课题\n".as_bytes(),
        );
        write(
            d,
            "城南初中/论文.csv",
            "作者,论文题目\n李明,再谈\n".as_bytes(),
        );
        write(
            d,
            "北湖中学/论文.csv",
            "作者,论文题目\n张三,三谈\n".as_bytes(),
        );
        write(d, "汇总说明.docx", b"not really");
        write(d, "jiaoke.toml", b"");
        std::fs::create_dir_all(d.join("西湖小学")).unwrap();
        dir
    }

    #[test]
    fn folders_resolve_to_the_list_and_the_rest_is_said() {
        let dir = inbox();
        let layout = layout(dir.path()).unwrap();
        assert_eq!(layout.list.as_ref().unwrap().schools.len(), 3);
        let (members, findings) = members(&layout);
        let names: Vec<&str> = members.iter().map(|m| m.school.name.as_str()).collect();
        assert_eq!(
            names,
            ["东门实验学校", "城南初级中学", "西湖小学", "北湖中学"]
        );
        assert_eq!(members[0].folders, ["东门实验", "东门实验学校（补交）"]);
        assert_eq!(members[0].entries.len(), 2);
        assert_eq!(members[0].entries[0].rel, "东门实验/教科室/论文.csv");
        assert!(members[2].entries.is_empty() && members[2].folders == ["西湖小学"]);
        assert!(!members[3].listed);
        let codes: Vec<(Code, &str)> = layout
            .findings
            .iter()
            .chain(&findings)
            .map(|f| (f.code, f.file.as_str()))
            .collect();
        assert!(
            codes.contains(&(Code::LooseFile, "汇总说明.docx")),
            "{codes:?}"
        );
        assert!(codes.contains(&(Code::DuplicateSchool, "东门实验学校（补交）")));
        assert!(codes.contains(&(Code::UnknownSchool, "北湖中学")));
        assert!(
            !codes
                .iter()
                .any(|(_, f)| *f == "jiaoke.toml" || *f == "学校名单.csv")
        );
    }

    #[test]
    fn a_list_without_a_name_column_is_an_error_and_folders_stand_alone() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "学校名单.csv",
            "名称,学段\n东门实验学校,小学\n".as_bytes(),
        );
        write(
            dir.path(),
            "东门实验/论文.csv",
            "作者,论文题目\n王静,浅谈\n".as_bytes(),
        );
        let layout = layout(dir.path()).unwrap();
        assert!(layout.list.is_none());
        assert_eq!(layout.findings[0].code, Code::MissingColumn);
        let (members, findings) = members(&layout);
        assert_eq!(members.len(), 1);
        assert_eq!(members[0].school.name, "东门实验");
        assert!(findings.is_empty());
    }
}
