//! Findings: problems in the data, pointing at the cell they come from.
//!
//! A problem in a user's file is data, not a Rust error: every stage that notices one records a
//! [`Finding`] and carries on. The codes are a public contract (other tools filter on them):
//! add codes when needed, never rename one.

use serde::Serialize;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Makes a number wrong when handed up.
    Error,
    /// Someone should look at it.
    Warning,
    /// For the record (skipped files, unrecognized sheets).
    Info,
}

impl Severity {
    /// The Chinese label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

/// The fixed vocabulary of finding codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// Corrupt, encrypted, or not a spreadsheet despite its extension.
    UnreadableFile,
    /// A file that is not a spreadsheet (or an office lock file) and was skipped.
    SkippedFile,
    /// A sheet whose columns match no record kind, or a hidden/empty sheet, skipped.
    UnknownSheet,
    /// A sheet of a known kind lacks a required column.
    MissingColumn,
    /// A required cell is empty.
    MissingValue,
    /// A value outside its vocabulary or of the wrong type.
    InvalidValue,
    /// A value that cannot be a date, or cannot be parsed as one.
    InvalidDate,
    /// An implausible value (hours ≤ 0 or too many, a date in the future…).
    OutOfRange,
    /// The same record handed in twice.
    DuplicateRecord,
    /// A name not on the roster.
    UnknownTeacher,
    /// A name two roster teachers share.
    AmbiguousTeacher,
    /// An 18-digit ID number whose check digit or birth date is wrong.
    InvalidIdNumber,
    /// An end before its start, a project closed before it was approved…
    InconsistentDates,
    /// A value kept as written that someone should confirm (a truncated author list "张三等").
    SuspiciousValue,
    /// No roster (教师名单) in the inbox: name checks were skipped.
    NoRoster,
    /// District: a school folder whose name designates no listed school (or several).
    UnknownSchool,
    /// District: two folders designating one listed school, merged.
    DuplicateSchool,
    /// District: a file at the top of the inbox, outside every school's folder.
    LooseFile,
    /// A plan naming no school year while a period is set: its items count by month alone.
    UndatedPlan,
}

impl Code {
    /// What kind of problem it is, in a few Chinese words (the page's filter).
    pub fn label(self) -> &'static str {
        match self {
            Code::UnreadableFile => "文件无法读取",
            Code::SkippedFile => "跳过的文件",
            Code::UnknownSheet => "未识别的工作表",
            Code::MissingColumn => "缺少必需的列",
            Code::MissingValue => "必填项为空",
            Code::InvalidValue => "写法不规范",
            Code::InvalidDate => "日期有误",
            Code::OutOfRange => "数值不合理",
            Code::DuplicateRecord => "重复上交",
            Code::UnknownTeacher => "不在教师名单上",
            Code::AmbiguousTeacher => "教师重名",
            Code::InvalidIdNumber => "身份证号有误",
            Code::InconsistentDates => "日期前后矛盾",
            Code::SuspiciousValue => "需要确认",
            Code::NoRoster => "没有教师名单",
            Code::UnknownSchool => "学校对不上名单",
            Code::DuplicateSchool => "一校多个文件夹",
            Code::LooseFile => "散放的文件",
            Code::UndatedPlan => "计划未写学年学期",
        }
    }

    /// The code as it appears in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::UnreadableFile => "unreadable_file",
            Code::SkippedFile => "skipped_file",
            Code::UnknownSheet => "unknown_sheet",
            Code::MissingColumn => "missing_column",
            Code::MissingValue => "missing_value",
            Code::InvalidValue => "invalid_value",
            Code::InvalidDate => "invalid_date",
            Code::OutOfRange => "out_of_range",
            Code::DuplicateRecord => "duplicate_record",
            Code::UnknownTeacher => "unknown_teacher",
            Code::AmbiguousTeacher => "ambiguous_teacher",
            Code::InvalidIdNumber => "invalid_id_number",
            Code::InconsistentDates => "inconsistent_dates",
            Code::SuspiciousValue => "suspicious_value",
            Code::NoRoster => "no_roster",
            Code::UnknownSchool => "unknown_school",
            Code::DuplicateSchool => "duplicate_school",
            Code::LooseFile => "loose_file",
            Code::UndatedPlan => "undated_plan",
        }
    }
}

/// One problem, pointing at its cell.
///
/// `row`, `column` and `cell` are empty where the problem concerns a whole file or sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable machine-readable code.
    pub code: Code,
    /// Error, warning or info.
    pub severity: Severity,
    /// File path relative to the inbox, `/` separators.
    pub file: String,
    /// Sheet name; empty for CSV input or whole-file findings.
    pub sheet: String,
    /// Row number as Excel shows it (line number for CSV).
    pub row: Option<u32>,
    /// The column's header as written in the file.
    pub column: String,
    /// Cell reference such as `C12`.
    pub cell: String,
    /// The raw value as written.
    pub value: String,
    /// What is wrong, in Chinese.
    pub message: String,
    /// What was probably meant, where known.
    pub suggestion: String,
}

impl Finding {
    /// A finding about a whole file.
    pub fn file(code: Code, severity: Severity, file: &str, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity,
            file: file.to_string(),
            sheet: String::new(),
            row: None,
            column: String::new(),
            cell: String::new(),
            value: String::new(),
            message: message.into(),
            suggestion: String::new(),
        }
    }

    /// A finding about a whole sheet.
    pub fn sheet(
        code: Code,
        severity: Severity,
        file: &str,
        sheet: &str,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            sheet: sheet.to_string(),
            ..Finding::file(code, severity, file, message)
        }
    }

    /// Adds a suggestion ("是否为 张三？").
    pub fn with_suggestion(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = suggestion.into();
        self
    }

    /// The location as users read it: `论文/数学组.xls › 论文获奖 › 第12行 › 等次`.
    pub fn location(&self) -> String {
        let mut parts = vec![self.file.clone()];
        if !self.sheet.is_empty() {
            parts.push(self.sheet.clone());
        }
        if let Some(row) = self.row {
            parts.push(format!("第{row}行"));
        }
        if !self.column.is_empty() {
            parts.push(self.column.clone());
        }
        parts.join(" › ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_reads_like_a_path_to_the_cell() {
        let mut f = Finding::sheet(
            Code::InvalidValue,
            Severity::Error,
            "论文/数学组.xls",
            "论文获奖",
            "x",
        );
        f.row = Some(12);
        f.column = "等次".into();
        assert_eq!(f.location(), "论文/数学组.xls › 论文获奖 › 第12行 › 等次");
        let g = Finding::file(Code::UnreadableFile, Severity::Error, "a.csv", "x");
        assert_eq!(g.location(), "a.csv");
    }

    #[test]
    fn codes_serialize_as_snake_case() {
        for code in [
            Code::UnreadableFile,
            Code::DuplicateRecord,
            Code::InvalidIdNumber,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
        assert_eq!(
            serde_json::to_string(&Severity::Warning).unwrap(),
            "\"warning\""
        );
    }
}
