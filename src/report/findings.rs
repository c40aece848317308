//! 问题清单.xlsx: one row per finding, filterable, to send back to the departments.

use std::collections::HashMap;

use rust_xlsxwriter::Workbook;

use super::layout::{self, Block, Row, Sheet, columns};
use super::workbook::{Cell, Letterhead};
use crate::finding::{Finding, Severity};
use crate::normalize::frames::strings;
use crate::pipeline::Dataset;
use crate::vocab::Kind;

/// The file name of the workbook.
pub const FILE_NAME: &str = "问题清单.xlsx";

/// The department each (file, sheet) comes from: what the sheet names, else the one
/// department all its records share.
pub fn departments(dataset: &Dataset) -> HashMap<(String, String), String> {
    let mut out: HashMap<(String, String), String> = HashMap::new();
    let mut seen: HashMap<(String, String), Option<String>> = HashMap::new();
    for kind in Kind::ALL {
        let df = dataset.frames.get(kind);
        let (Ok(files), Ok(sheets), Ok(depts)) = (
            strings(df, "source_file"),
            strings(df, "sheet"),
            strings(df, "department"),
        ) else {
            continue;
        };
        for ((f, s), d) in files.into_iter().zip(sheets).zip(depts) {
            let key = (f.unwrap_or("").to_string(), s.unwrap_or("").to_string());
            let entry = seen.entry(key).or_insert_with(|| d.map(str::to_string));
            if entry.as_deref() != d {
                *entry = None;
            }
        }
    }
    for (key, d) in seen {
        if let Some(d) = d {
            out.insert(key, d);
        }
    }
    for s in &dataset.sheets {
        if let Some(d) = &s.department {
            out.insert((s.file.clone(), s.sheet.clone()), d.clone());
        }
    }
    out
}

/// Builds 问题清单.xlsx in memory.
///
/// # Errors
/// rust_xlsxwriter errors (internal).
pub fn findings_workbook(
    findings: &[Finding],
    departments: &HashMap<(String, String), String>,
    head: &Letterhead,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    let title = format!("{}数据问题清单", head.school);
    head.properties(&mut wb, &title);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    let headers = [
        "序号",
        "严重程度",
        "文件",
        "教研组",
        "工作表",
        "单元格",
        "行号",
        "列",
        "原值",
        "问题",
        "建议",
        "代码",
    ];
    let rows = findings
        .iter()
        .enumerate()
        .map(|(i, f)| Row {
            bold: false,
            cells: cells(i, f, departments),
        })
        .collect();
    let mut block = Block::new(columns(&headers));
    block.rows = rows;
    let title = format!("{title}（错误 {errors} 个，警告 {warnings} 个）");
    layout::write(&mut wb, head, &Sheet::new("问题清单", title).block(block))?;
    wb.save_to_buffer()
}

/// One line of the list.
fn cells(i: usize, f: &Finding, departments: &HashMap<(String, String), String>) -> Vec<Cell> {
    let dept = departments
        .get(&(f.file.clone(), f.sheet.clone()))
        .cloned()
        .unwrap_or_default();
    vec![
        Cell::Number((i + 1) as f64),
        Cell::Text(f.severity.label().into()),
        Cell::Text(f.file.clone()),
        Cell::Text(dept),
        Cell::Text(f.sheet.clone()),
        Cell::Text(f.cell.clone()),
        f.row
            .map(|r| Cell::Number(f64::from(r)))
            .unwrap_or(Cell::Empty),
        Cell::Text(f.column.clone()),
        Cell::Text(f.value.clone()),
        Cell::Text(f.message.clone()),
        Cell::Text(f.suggestion.clone()),
        Cell::Text(f.code.as_str().into()),
    ]
}
