//! What every standard workbook is built from, and what it shares: the 数据问题 sheet listing
//! the errors still in the data, the roster in department order, the period filter.

use std::collections::HashMap;

use rust_xlsxwriter::{Workbook, XlsxError};

use super::workbook::{Cell, Letterhead, Table, write_table};
use crate::finding::{Finding, Severity};
use crate::normalize::frames::strings;
use crate::period::{Period, Terms};
use crate::pipeline::Dataset;

/// Everything a report needs.
#[derive(Debug, Clone, Copy)]
pub struct ReportInput<'a> {
    /// The imported inbox.
    pub dataset: &'a Dataset,
    /// Every finding (import and check); the errors go on the 数据问题 sheet.
    pub findings: &'a [Finding],
    /// School and date for titles.
    pub head: &'a Letterhead,
    /// The reporting period.
    pub period: Period,
    /// The terms' first days.
    pub terms: Terms,
    /// Training hours required per year.
    pub required_hours_per_year: f64,
}

/// A built report: the workbook and, for `--format csv`, its summary tables.
#[derive(Debug, Clone, Default)]
pub struct Built {
    /// File name of the workbook, e.g. `年度教科研成果统计（2023—2024学年）.xlsx`.
    pub file_name: String,
    /// The workbook's bytes.
    pub workbook: Vec<u8>,
    /// CSV files: (file name, bytes).
    pub csvs: Vec<(String, Vec<u8>)>,
}

/// Why a report could not be built (internal errors only: problems in the data are findings).
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// rust_xlsxwriter refused something.
    #[error("生成工作簿失败：{0}")]
    Xlsx(#[from] XlsxError),
    /// A frame could not be read.
    #[error("内部错误：{0}")]
    Polars(#[from] polars::error::PolarsError),
    /// Writing CSV failed.
    #[error("生成 CSV 失败：{0}")]
    Csv(String),
}

/// A teacher of the roster, in report order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEntry {
    /// 姓名.
    pub name: String,
    /// 教研组 (empty when the roster does not say).
    pub department: String,
}

/// The roster, grouped by department (departments in order of first appearance, teachers in
/// roster order within each); a name listed twice in the same department appears once.
///
/// # Errors
/// Internal frame errors only.
pub fn roster(dataset: &Dataset) -> Result<Vec<RosterEntry>, ReportError> {
    let t = &dataset.frames.teachers;
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<String>> = HashMap::new();
    for (name, dept) in strings(t, "name")?
        .into_iter()
        .zip(strings(t, "department")?)
    {
        let Some(name) = name else { continue };
        let dept = dept.unwrap_or("").to_string();
        if !groups.contains_key(&dept) {
            order.push(dept.clone());
        }
        let list = groups.entry(dept).or_default();
        if !list.iter().any(|n| n == name) {
            list.push(name.to_string());
        }
    }
    Ok(order
        .into_iter()
        .flat_map(|dept| {
            let names = groups.remove(&dept).unwrap_or_default();
            names.into_iter().map(move |name| RosterEntry {
                name,
                department: dept.clone(),
            })
        })
        .collect())
}

/// Adds the 数据问题 sheet: every error finding, so that nobody hands up numbers without
/// seeing what is still wrong. A clean inbox gets the sheet too, saying so.
///
/// # Errors
/// rust_xlsxwriter errors.
pub fn issues_sheet(
    wb: &mut Workbook,
    head: &Letterhead,
    findings: &[Finding],
) -> Result<(), XlsxError> {
    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let rows = errors
        .iter()
        .enumerate()
        .map(|(i, f)| {
            vec![
                Cell::Number((i + 1) as f64),
                Cell::Text(f.file.clone()),
                Cell::Text(f.sheet.clone()),
                Cell::Text(f.cell.clone()),
                Cell::Text(f.value.clone()),
                Cell::Text(f.message.clone()),
                Cell::Text(f.suggestion.clone()),
            ]
        })
        .collect();
    let title = if errors.is_empty() {
        "数据问题（未发现错误）".to_string()
    } else {
        format!(
            "数据问题（{} 个错误未改正，相关数字可能不准）",
            errors.len()
        )
    };
    let table = Table {
        title,
        headers: ["序号", "文件", "工作表", "单元格", "原值", "问题", "建议"]
            .map(String::from)
            .to_vec(),
        rows,
        totals: None,
    };
    let ws = wb.add_worksheet().set_name("数据问题")?;
    write_table(ws, &head.styles(), head, &table)?;
    Ok(())
}

/// A date column's values as dates, for period filters.
pub use crate::normalize::frames::days;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{at, dataset};
    use crate::normalize::records::{Records, Teacher};

    #[test]
    fn roster_is_grouped_by_department_in_order_of_appearance() {
        let t = |name: &str, dept: &str| Teacher {
            name: name.into(),
            department: dept.into(),
            prov: at("名单.xlsx", 2),
            ..Teacher::default()
        };
        let d = dataset(Records {
            teachers: vec![
                t("张三", "数学组"),
                t("李四", "语文组"),
                t("王五", "数学组"),
                t("张三", "数学组"),
            ],
            ..Records::default()
        });
        let names: Vec<(String, String)> = roster(&d)
            .unwrap()
            .into_iter()
            .map(|e| (e.department, e.name))
            .collect();
        let expect = [("数学组", "张三"), ("数学组", "王五"), ("语文组", "李四")];
        assert_eq!(names, expect.map(|(d, n)| (d.to_string(), n.to_string())));
    }
}
