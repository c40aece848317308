//! The district's school list (学校名单): any sheet at the top of the inbox with a 学校名称
//! column; optionally 学段, 片区 (学区) and 教师数. When present it is the authority on which
//! schools there are and what they are called.

use crate::finding::{Code, Finding, Severity};
use crate::table::{RawRow, RawSheet, Value};
use crate::vocab::clean_header;

/// Headers of the list's columns, as offices write them (cleaned, see [`clean_header`]).
const NAME: &[&str] = &[
    "学校名称",
    "学校",
    "学校全称",
    "校名",
    "学校名",
    "单位名称",
    "单位",
];
const STAGE: &[&str] = &[
    "学段",
    "办学类型",
    "学校类型",
    "学校类别",
    "类别",
    "办学层次",
];
const AREA: &[&str] = &[
    "片区",
    "学区",
    "所属片区",
    "所属学区",
    "协作片",
    "联盟",
    "教育集团",
];
const TEACHERS: &[&str] = &[
    "教师数",
    "教师人数",
    "专任教师数",
    "专任教师",
    "专任教师人数",
    "在编教师数",
    "教职工数",
    "教师总数",
];
/// Words in a file or sheet name that say it is meant as the school list.
const LIST_WORDS: &[&str] = &[
    "学校名单",
    "学校名册",
    "学校列表",
    "学校一览",
    "名单",
    "学校信息",
];
/// How far down the header row may stand (title rows above it).
const HEADER_WITHIN: usize = 10;

/// One listed school.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct School {
    /// 学校名称, as the list writes it.
    pub name: String,
    /// 学段 (小学, 初中…), empty when not given.
    pub stage: String,
    /// 片区 / 学区, empty when not given.
    pub area: String,
    /// 教师数, when given.
    pub teachers: Option<u32>,
}

/// The list read from one sheet.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SchoolList {
    /// The schools, in list order, each name once.
    pub schools: Vec<School>,
    /// Where it was read: the file (relative to the inbox) and sheet.
    pub file: String,
    /// The sheet.
    pub sheet: String,
}

/// The column index of each field in a header row.
#[derive(Debug, Clone, Copy)]
struct Columns {
    name: usize,
    stage: Option<usize>,
    area: Option<usize>,
    teachers: Option<usize>,
}

fn find(row: &RawRow, headers: &[&str]) -> Option<usize> {
    row.cells.iter().position(|v| match v {
        Value::Text(t) => headers.contains(&clean_header(t).as_str()),
        _ => false,
    })
}

fn header(sheet: &RawSheet) -> Option<(usize, Columns)> {
    sheet
        .rows
        .iter()
        .take(HEADER_WITHIN)
        .enumerate()
        .find_map(|(i, row)| {
            let columns = Columns {
                name: find(row, NAME)?,
                stage: find(row, STAGE),
                area: find(row, AREA),
                teachers: find(row, TEACHERS),
            };
            Some((i, columns))
        })
}

/// Rows under a list that are not schools: totals (`合　计`) and notes (`注：…`, `填表人：…`).
const NOT_SCHOOLS: &[&str] = &[
    "合计", "总计", "小计", "注:", "注：", "说明", "备注", "填表", "制表", "审核",
];

fn is_not_a_school(name: &str) -> bool {
    let plain = crate::text::remove_spaces(name);
    NOT_SCHOOLS.iter().any(|w| plain.starts_with(w))
}

/// A whole number of teachers, from a number or a text (`56`, `５６人`).
fn count(v: &Value) -> Option<u32> {
    match v {
        Value::Number(n) if *n >= 0.0 && n.fract() == 0.0 && *n < 1e6 => Some(*n as u32),
        Value::Text(t) => {
            let t = crate::text::to_halfwidth(t);
            let digits = t.trim().trim_end_matches('人').trim();
            digits.parse().ok()
        }
        _ => None,
    }
}

fn text(v: &Value) -> String {
    crate::text::collapse_spaces(&v.raw_text())
}

/// The school list of a sheet, if it has a 学校名称 column: one school per row below the
/// header with a name, except 合计 rows; a name listed twice counts once (a warning).
pub fn read(sheet: &RawSheet) -> Option<(SchoolList, Vec<Finding>)> {
    let (at, cols) = header(sheet)?;
    let mut list = SchoolList {
        file: sheet.file.clone(),
        sheet: sheet.sheet.clone(),
        ..SchoolList::default()
    };
    let mut findings = Vec::new();
    for row in &sheet.rows[at + 1..] {
        let name = text(row.get(cols.name));
        if name.is_empty() || is_not_a_school(&name) {
            continue;
        }
        if list.schools.iter().any(|s| s.name == name) {
            findings.push(list_finding(
                &list,
                row,
                &name,
                format!("学校名单中“{name}”出现了不止一次，只计一次"),
            ));
            continue;
        }
        let get = |c: Option<usize>| c.map(|c| text(row.get(c))).unwrap_or_default();
        let teachers = cols.teachers.map(|c| row.get(c)).filter(|v| !v.is_blank());
        if let Some(v) = teachers.filter(|v| count(v).is_none()) {
            findings.push(list_finding(
                &list,
                row,
                &v.raw_text(),
                format!("“{name}”的教师数不是整数，按未填处理"),
            ));
        }
        list.schools.push(School {
            stage: get(cols.stage),
            area: get(cols.area),
            teachers: teachers.and_then(count),
            name,
        });
    }
    Some((list, findings))
}

fn list_finding(list: &SchoolList, row: &RawRow, value: &str, message: String) -> Finding {
    Finding {
        row: Some(row.number()),
        value: value.to_string(),
        ..Finding::sheet(
            Code::InvalidValue,
            Severity::Warning,
            &list.file,
            &list.sheet,
            message,
        )
    }
}

/// Whether a file or sheet name says it is meant as the school list (`学校名单.xlsx`).
pub fn looks_like_list(name: &str) -> bool {
    LIST_WORDS.iter().any(|w| name.contains(w))
}

/// The error for a sheet meant as the school list that has no 学校名称 column.
pub fn no_name_column(sheet: &RawSheet) -> Finding {
    Finding::sheet(
        Code::MissingColumn,
        Severity::Error,
        &sheet.file,
        &sheet.sheet,
        "学校名单缺少“学校名称”列：请在表头写明“学校名称”（可另列学段、片区、教师数）；本次未使用此名单",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> RawSheet {
        RawSheet {
            file: "学校名单.xlsx".into(),
            sheet: "Sheet1".into(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| RawRow {
                    index: i as u32,
                    cells: r
                        .iter()
                        .map(|c| match c.parse::<f64>() {
                            Ok(n) => Value::Number(n),
                            Err(_) if c.is_empty() => Value::Empty,
                            Err(_) => Value::Text(c.to_string()),
                        })
                        .collect(),
                })
                .collect(),
            ..RawSheet::default()
        }
    }

    #[test]
    fn a_list_under_a_title_with_optional_columns() {
        let s = sheet(&[
            &["2023年度上报学校名单"],
            &["序号", "学 校 名 称", "学段", "所属片区", "专任教师数"],
            &["1", "东门实验学校", "九年一贯制", "城东片", "86"],
            &["2", "城南初级中学", "初中", "城南片", "５６人"],
            &["3", "", "", "", ""],
            &["合计", "", "", "", "142"],
            &["", "合　计", "", "", "142"],
            &["", "注：教师数为在编人数", "", "", ""],
            &["", "填表人：王静", "", "", ""],
        ]);
        let (list, findings) = read(&s).unwrap();
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(list.schools.len(), 2);
        assert_eq!(
            list.schools[1],
            School {
                name: "城南初级中学".into(),
                stage: "初中".into(),
                area: "城南片".into(),
                teachers: Some(56),
            }
        );
    }

    #[test]
    fn only_a_name_column_is_needed_and_bad_counts_are_flagged() {
        let s = sheet(&[
            &["学校", "教师数"],
            &["东门实验学校", "很多"],
            &["东门实验学校", "80"],
        ]);
        let (list, findings) = read(&s).unwrap();
        assert_eq!(list.schools.len(), 1);
        assert_eq!(list.schools[0].teachers, None);
        assert_eq!(list.schools[0].stage, "");
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].row, Some(2));
        assert_eq!(findings[1].row, Some(3));
    }

    #[test]
    fn a_sheet_without_a_school_name_column_is_no_list() {
        assert!(read(&sheet(&[&["姓名", "教研组"], &["王静", "语文组"]])).is_none());
        assert!(looks_like_list("2023学校名单.xlsx"));
        assert!(!looks_like_list("语文组.xlsx"));
        let f = no_name_column(&sheet(&[&["名称"]]));
        assert_eq!((f.code, f.sheet.as_str()), (Code::MissingColumn, "Sheet1"));
    }
}
