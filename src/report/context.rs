//! What every standard workbook is built from, and what it shares: the 数据问题 sheet listing
//! the errors still in the data, the period filter.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::findings::{Field, finding_list};
use super::layout::{self, Sheet};
use super::workbook::Letterhead;
use crate::finding::{Finding, Severity};
use crate::period::{Period, Terms};
use crate::pipeline::Dataset;
use crate::vocab::Vocab;

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
    /// The orders and words of levels, grades, statuses and training types.
    pub vocab: &'a Vocab,
}

/// A built report: the workbook, laid out, and, for `--format csv`, its summary tables.
///
/// The workbook is saved where it is written ([`Workbook::save_to_writer`]), straight into
/// its file: a district's workbook is never held whole in memory as bytes.
pub struct Built {
    /// File name of the workbook, e.g. `年度教科研成果统计（2023—2024学年）.xlsx`.
    pub file_name: String,
    /// The workbook, ready to be saved.
    pub workbook: Workbook,
    /// CSV files: (file name, bytes).
    pub csvs: Vec<(String, Vec<u8>)>,
}

impl std::fmt::Debug for Built {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let csvs: Vec<&str> = self.csvs.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Built")
            .field("file_name", &self.file_name)
            .field("csvs", &csvs)
            .finish_non_exhaustive()
    }
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
    let title = if errors.is_empty() {
        "数据问题（未发现错误）".to_string()
    } else {
        format!(
            "数据问题（{} 个错误未改正，相关数字可能不准）",
            errors.len()
        )
    };
    let fields = [
        Field::File,
        Field::Sheet,
        Field::Cell,
        Field::Value,
        Field::Message,
        Field::Suggestion,
    ];
    let block = finding_list(&errors, &fields, &Default::default());
    layout::write(wb, head, &Sheet::new("数据问题", title).block(block))
}
