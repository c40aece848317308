//! 问题清单.xlsx: one row per finding, filterable, to send back to the departments.

use std::collections::HashMap;

use super::layout::{self, Block, Column, Sheet};
use super::workbook::{Cell, Letterhead};
use crate::finding::{Finding, Severity};

/// The file name of the workbook.
pub const FILE_NAME: &str = "问题清单.xlsx";

/// Builds 问题清单.xlsx in memory.
///
/// # Errors
/// rust_xlsxwriter errors (internal).
pub fn findings_workbook(
    findings: &[Finding],
    departments: &HashMap<(String, String), String>,
    head: &Letterhead,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let title = format!("{}数据问题清单", head.school);
    let mut wb = head.workbook(&title);
    let of = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings) = (of(Severity::Error), of(Severity::Warning));
    let all: Vec<&Finding> = findings.iter().collect();
    let block = finding_list(&all, &Field::ALL, departments);
    let title = format!("{title}（错误 {errors} 个，警告 {warnings} 个）");
    layout::write(&mut wb, head, &Sheet::new("问题清单", title).block(block))?;
    wb.save_to_buffer()
}

/// A column of a list of findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// 错误 / 警告 / 提示.
    Severity,
    /// The file.
    File,
    /// The department the file or sheet comes from.
    Department,
    /// The sheet.
    Sheet,
    /// `F12`.
    Cell,
    /// The row number.
    Row,
    /// The column header.
    Column,
    /// The value as written.
    Value,
    /// What is wrong.
    Message,
    /// What would be right.
    Suggestion,
    /// The finding's code.
    Code,
}

impl Field {
    /// Every field, as 问题清单 lists them.
    pub const ALL: [Field; 11] = [
        Field::Severity,
        Field::File,
        Field::Department,
        Field::Sheet,
        Field::Cell,
        Field::Row,
        Field::Column,
        Field::Value,
        Field::Message,
        Field::Suggestion,
        Field::Code,
    ];

    fn header(self) -> &'static str {
        match self {
            Field::Severity => "严重程度",
            Field::File => "文件",
            Field::Department => "教研组",
            Field::Sheet => "工作表",
            Field::Cell => "单元格",
            Field::Row => "行号",
            Field::Column => "列",
            Field::Value => "原值",
            Field::Message => "问题",
            Field::Suggestion => "建议",
            Field::Code => "代码",
        }
    }

    fn cell(self, f: &Finding, departments: &HashMap<(String, String), String>) -> Cell {
        let text = |s: &str| Cell::Text(s.to_string());
        match self {
            Field::Severity => text(f.severity.label()),
            Field::File => text(&f.file),
            Field::Department => text(
                departments
                    .get(&(f.file.clone(), f.sheet.clone()))
                    .map_or("", String::as_str),
            ),
            Field::Sheet => text(&f.sheet),
            Field::Cell => text(&f.cell),
            Field::Row => f.row.map_or(Cell::Empty, |r| Cell::Number(f64::from(r))),
            Field::Column => text(&f.column),
            Field::Value => text(&f.value),
            Field::Message => text(&f.message),
            Field::Suggestion => text(&f.suggestion),
            Field::Code => text(f.code.as_str()),
        }
    }
}

/// A numbered list of findings with these fields: 问题清单, and the 数据问题 sheet of every
/// report.
pub fn finding_list(
    findings: &[&Finding],
    fields: &[Field],
    departments: &HashMap<(String, String), String>,
) -> Block {
    let cols = fields.iter().map(|f| Column::new(f.header()));
    let rows = findings
        .iter()
        .map(|f| {
            fields
                .iter()
                .map(|field| field.cell(f, departments))
                .collect()
        })
        .collect();
    Block::numbered(cols, rows)
}
