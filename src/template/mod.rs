//! 采集表: the workbooks a research office sends its departments to fill in
//! (`jiaoke template`).
//!
//! The mess jiaoke untangles is made at the source. A 采集表 prevents most of it: one sheet
//! per record kind with the header in jiaoke's own spelling (each kind's `template` fields in
//! vocab.toml, labelled as every workbook of jiaoke labels them), drop-downs wherever a value
//! has a vocabulary (the vocab.toml and jiaoke.toml the checks read), dates and hours checked
//! as they are typed, teacher names picked from the roster, and a 填表说明 sheet saying what
//! goes where with a filled example. A filled 采集表 reads back through `jiaoke import` like
//! any sheet (its own 填表说明 and list sheets are skipped); a value that slipped past the
//! drop-downs (pasted text) is still caught by `check`.
//!
//! - [`fields`]: the rule of each field (list, check, hint, width, example): one place;
//! - `sheet`: a data sheet; `guide`: the 填表说明 sheet; `lists`: the hidden list sheet.
//!
//! This module writes bytes; the command (`cmd/template.rs`) decides where they go.

pub mod fields;
mod guide;
mod lists;
mod sheet;

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::report::labels::sheet_name;
use crate::report::workbook::{Letterhead, ZIP_LEVEL};
use crate::vocab::{ColumnSpec, Kind, Vocab};
use fields::{List, Rule, School};

/// The name of the hidden sheet holding the drop-down lists (in vocab.toml's `own_sheets`,
/// so that `import` skips it).
pub const LIST_SHEET: &str = "下拉选项（jiaoke）";
/// The name of the instructions sheet (likewise skipped).
pub const GUIDE_SHEET: &str = "填表说明";

/// What the office asks for.
#[derive(Debug, Clone)]
pub struct Request {
    /// The kinds to collect, in order.
    pub kinds: Vec<Kind>,
    /// The department the forms go to (its name in titles and the 填报部门 line).
    pub department: Option<String>,
    /// The schools the forms go to, for a district office (each its own workbook, its name
    /// in the title and the 填报单位 line); empty for a school's own forms.
    pub schools: Vec<String>,
    /// The period the forms collect, as titles say it (`2023—2024学年第一学期`).
    pub period: Option<String>,
    /// One workbook per kind instead of one with a sheet per kind.
    pub per_kind: bool,
    /// The school's lists.
    pub school: School,
}

/// One column of a data sheet.
#[derive(Debug, Clone)]
pub struct Column<'a> {
    /// The field.
    pub spec: &'a ColumnSpec,
    /// What its cells ask.
    pub rule: Rule,
    /// Its input message ("" for none).
    pub hint: String,
    /// Its width.
    pub width: f64,
    /// Whether a record needs it.
    pub required: bool,
}

/// One data sheet: a record kind's form.
#[derive(Debug, Clone)]
pub struct Form {
    /// The kind.
    pub kind: Kind,
    /// Sheet name (`论文`).
    pub sheet: String,
    /// Title (`云溪实验小学论文获奖与发表采集表（2023—2024学年第一学期）`).
    pub title: String,
    /// The department, when the form goes to one.
    pub department: Option<String>,
    /// The school, when a district sends the form.
    pub unit: Option<String>,
}

impl Form {
    /// `填报部门：语文组　　填表人：　　　　填表日期：` (a school's form) or `填报单位：…` (a
    /// district's): jiaoke reads the department, or the school, back from it.
    pub fn info_line(&self) -> String {
        let (key, who) = match (&self.unit, &self.department) {
            (Some(unit), _) => ("填报单位", unit.as_str()),
            (None, Some(dept)) => ("填报部门", dept.as_str()),
            (None, None) => ("填报部门", "　　　　"),
        };
        format!("{key}：{who}　　　　填表人：　　　　　　填表日期：")
    }
}

/// What a kind's form collects, as titles say it.
pub fn kind_title(kind: Kind) -> &'static str {
    match kind {
        Kind::Teachers => "教师名单",
        Kind::Papers => "论文获奖与发表",
        Kind::Projects => "课题",
        Kind::Training => "教师培训学时",
        Kind::Plans => "行事历",
    }
}

/// The 采集表 workbooks asked for: (file name, bytes).
///
/// # Errors
/// rust_xlsxwriter's errors (an internal error: every name and list is jiaoke's own).
pub fn workbooks(
    req: &Request,
    head: &Letterhead,
    vocab: &Vocab,
) -> Result<Vec<(String, Vec<u8>)>, XlsxError> {
    if req.schools.is_empty() {
        return books(req, head, vocab, None);
    }
    let mut out = Vec::new();
    for school in &req.schools {
        out.extend(books(req, head, vocab, Some(school))?);
    }
    Ok(out)
}

/// The workbooks of one school's forms (`unit`: sent by a district to that school).
fn books(
    req: &Request,
    head: &Letterhead,
    vocab: &Vocab,
    unit: Option<&String>,
) -> Result<Vec<(String, Vec<u8>)>, XlsxError> {
    let to = unit
        .or(req.department.as_ref())
        .map(|d| format!("（{d}）"))
        .unwrap_or_default();
    if !req.per_kind {
        let name = format!("教科研材料采集表{to}.xlsx");
        return Ok(vec![(name, workbook(&req.kinds, req, head, vocab, unit)?)]);
    }
    req.kinds
        .iter()
        .map(|&k| {
            let name = format!("{}采集表{to}.xlsx", kind_title(k));
            Ok((name, workbook(&[k], req, head, vocab, unit)?))
        })
        .collect()
}

/// One workbook: the 填表说明, a data sheet per kind, the hidden lists.
fn workbook(
    kinds: &[Kind],
    req: &Request,
    head: &Letterhead,
    vocab: &Vocab,
    unit: Option<&String>,
) -> Result<Vec<u8>, XlsxError> {
    let head = &Letterhead {
        school: unit.cloned().unwrap_or_else(|| head.school.clone()),
        ..head.clone()
    };
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(ZIP_LEVEL);
    let forms: Vec<(Form, Vec<Column>)> = kinds
        .iter()
        .map(|&k| (form(k, req, head, unit), columns(k, req, vocab)))
        .collect();
    let used: Vec<List> = forms
        .iter()
        .flat_map(|(_, cols)| cols.iter())
        .filter_map(|c| match c.rule {
            Rule::Choice { list, .. } => Some(list),
            _ => None,
        })
        .collect();
    let lists = |l: List| fields::values(l, vocab, &req.school);
    guide::write(&mut wb, head, req, &forms, &lists)?;
    let ranges = lists::Ranges::new(&used, &lists);
    for (form, cols) in &forms {
        sheet::write(&mut wb, form, cols, &req.school, &|l| ranges.get(l))?;
    }
    lists::write(&mut wb, &ranges, &lists)?;
    wb.save_to_buffer()
}

/// A kind's form: its sheet name and title.
fn form(kind: Kind, req: &Request, head: &Letterhead, unit: Option<&String>) -> Form {
    let mut title = format!("{}{}采集表", head.school, kind_title(kind));
    let note: Vec<&str> = [req.department.as_deref(), req.period.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !note.is_empty() {
        title.push_str(&format!("（{}）", note.join("，")));
    }
    Form {
        kind,
        sheet: sheet_name(kind).to_string(),
        title,
        department: req.department.clone(),
        unit: unit.cloned(),
    }
}

/// A kind's columns: its `template` fields with their rules.
fn columns<'v>(kind: Kind, req: &Request, vocab: &'v Vocab) -> Vec<Column<'v>> {
    let spec = vocab.kind(kind);
    let roster = !req.school.teachers.is_empty();
    spec.template
        .iter()
        .filter_map(|f| spec.column(f))
        .map(|col| {
            let rule = fields::rule(kind, col, roster);
            Column {
                spec: col,
                rule,
                hint: fields::hint(kind, col, rule, &req.school),
                width: fields::width(col, rule),
                required: spec.required.contains(&col.field),
            }
        })
        .collect()
}
