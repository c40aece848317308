//! Value normalizers: one cell's raw value → its canonical form, or a [`Problem`].
//!
//! Each function takes the cell as read ([`Value`]) and returns `Ok(None)` for a blank cell,
//! `Ok(Some(canonical))` when the value is understood, and `Err(Problem)` when it is not: the
//! caller keeps the raw text and turns the problem into a finding. Nothing here guesses: a
//! value that could mean two things is a problem with both readings in the suggestion.

use chrono::NaiveDate;

use crate::finding::{Code, Severity};
use crate::table::Value;
use crate::vocab::Vocab;

/// Why a value could not be normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `invalid_value`, `invalid_date`, `out_of_range` or `suspicious_value`.
    pub code: Code,
    /// Error unless the value is usable but doubtful.
    pub severity: Severity,
    /// What is wrong, in Chinese.
    pub message: String,
    /// What was probably meant; empty when unknown.
    pub suggestion: String,
}

/// How precise a parsed date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    /// Year and month only (`2023.5`, `2023年第5期`): the day is 1.
    Month,
    /// A full date.
    Day,
}

/// A date that may know only its month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    /// The date; day 1 when `precision` is `Month`.
    pub date: NaiveDate,
    /// How much of it was written.
    pub precision: Precision,
}

/// A month or a range of months in a calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthSpan {
    /// First month, 1–12.
    pub month: u32,
    /// Last month when the entry spans several (`十一月份——十二月份`).
    pub month_end: Option<u32>,
}

/// A list of names from one cell.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Names {
    /// Cleaned names in the order written.
    pub names: Vec<String>,
    /// The list ended in 等 ("张三等", "张三等5人"): someone is missing.
    pub truncated: bool,
}

/// An award cell, which sometimes carries the level too ("省一等奖").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardValue {
    /// Canonical grade.
    pub award: String,
    /// Canonical level, when the cell names one.
    pub level: Option<String>,
}

/// Running text (titles, contests, organizers): full-width letters and digits to ASCII,
/// white space folded, Chinese punctuation kept.
pub fn text(v: &Value) -> String {
    todo!("{v:?}")
}

/// A code or number written as text (project codes, 刊号, certificate numbers): every
/// full-width form to ASCII, spaces removed at the ends.
pub fn code(v: &Value) -> String {
    todo!("{v:?}")
}

/// A journal or contest name without its 《》.
pub fn journal(v: &Value) -> String {
    todo!("{v:?}")
}

/// One person's name: inner spaces removed (`张　三` → `张三`).
pub fn name(v: &Value) -> Result<Option<String>, Problem> {
    todo!("{v:?}")
}

/// Several names in one cell, split on `、，,;；/` and spaces.
pub fn names(v: &Value, vocab: &Vocab) -> Result<Option<Names>, Problem> {
    todo!("{v:?} {vocab:?}")
}

/// A date: date cells, Excel serials, `2023.5`, `2023年5月20日`, `20230520`, `2023年第5期`…
pub fn date(v: &Value, date1904: bool) -> Result<Option<PartialDate>, Problem> {
    todo!("{v:?} {date1904}")
}

/// A date or a range (`2023.7.10-7.14`): a single date gives the same start and end.
pub fn date_range(
    v: &Value,
    date1904: bool,
) -> Result<Option<(PartialDate, PartialDate)>, Problem> {
    todo!("{v:?} {date1904}")
}

/// Training hours: `24`, `"24学时"`, `"２４"`.
pub fn hours(v: &Value) -> Result<Option<f64>, Problem> {
    todo!("{v:?}")
}

/// A level → 国家级/省级/市级/区县级/片区级/校级.
pub fn level(v: &Value, vocab: &Vocab) -> Result<Option<String>, Problem> {
    todo!("{v:?} {vocab:?}")
}

/// An award grade → 特等奖/一等奖/二等奖/三等奖/优秀奖, with the level when the cell has one.
pub fn award(v: &Value, vocab: &Vocab) -> Result<Option<AwardValue>, Problem> {
    todo!("{v:?} {vocab:?}")
}

/// A project status → 申报/立项/开题/中期/结题/延期/撤项.
pub fn status(v: &Value, vocab: &Vocab) -> Result<Option<String>, Problem> {
    todo!("{v:?} {vocab:?}")
}

/// 获奖 or 发表.
pub fn paper_category(v: &Value, vocab: &Vocab) -> Result<Option<String>, Problem> {
    todo!("{v:?} {vocab:?}")
}

/// A training type: known spellings to one name, anything else kept as written.
pub fn training_type(v: &Value, vocab: &Vocab) -> String {
    todo!("{v:?} {vocab:?}")
}

/// A calendar month: `九月份`, `9月`, `十一月份——十二月份`, `第三周 9.13-9.19`, a date cell.
pub fn month(v: &Value, date1904: bool) -> Result<Option<MonthSpan>, Problem> {
    todo!("{v:?} {date1904}")
}

/// A 身份证号 as text: full-width to ASCII, `x` → `X`; a number cell has lost digits.
pub fn id_number(v: &Value) -> Result<Option<String>, Problem> {
    todo!("{v:?}")
}

/// Validates an 18-digit 身份证号 (GB 11643: birth date and check digit). `Err` says why.
pub fn validate_id_number(id: &str) -> Result<(), String> {
    todo!("{id}")
}
