//! What the training report counts: the records of the period, once each, matched to the
//! roster, as hours per teacher by type and level.

use std::collections::HashMap;

use polars::prelude::Column;
use polars::prelude::*;

use super::*;
use crate::normalize::columns::{DEPARTMENT, ID_NUMBER, SOURCE_FILE};
use crate::normalize::columns::{LEVEL, training as tr};
use crate::normalize::frames::strings;
use crate::report::context::{ReportError, ReportInput};
use crate::report::workbook::with_places;
use crate::select::query::{self, Left};
use crate::select::roster::{Roster, Who};
use crate::vocab::Kind;
use crate::vocab::Vocab;

/// One line of the 学时汇总 sheet.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TeacherRow {
    /// 姓名.
    pub name: String,
    /// 教研组 (the roster's; for 名单外 lines, what the records say).
    pub department: String,
    /// On the roster.
    pub on_roster: bool,
    /// Hours per column of [`Summary::types`].
    pub by_type: Vec<f64>,
    /// Hours per column of [`Summary::levels`].
    pub by_level: Vec<f64>,
    /// 学时合计.
    pub total: f64,
    /// Number of counted records.
    pub records: usize,
    /// 应达学时 (None for 名单外 lines: nobody knows what they owe).
    pub required: Option<f64>,
    /// 备注.
    pub note: String,
}

impl TeacherRow {
    /// 差额: what is missing to the requirement, 0 when reached.
    pub fn shortfall(&self) -> Option<f64> {
        self.required.map(|r| (r - self.total).max(0.0))
    }
}

/// Everything the training sheets show, computed once.
#[derive(Debug, Clone)]
pub(crate) struct Summary {
    /// Type columns.
    pub types: Vec<String>,
    /// Level columns.
    pub levels: Vec<String>,
    /// Teachers: the roster in order, then 名单外.
    pub rows: Vec<TeacherRow>,
    /// The counted records, each line's together in date order: the training frame's
    /// columns, [`LINE`], [`SHOWN_DEPARTMENT`], [`PLACE`], [`TYPE_COLUMN`], [`LEVEL_COLUMN`].
    pub detail: DataFrame,
    /// The records read, and why some were not counted (outside the period, undated, a
    /// copy handed in twice).
    pub left: Left,
    /// Counted records without hours.
    pub no_hours: usize,
    /// Rare types counted under the `missing` type (vocab.toml `[training_types]`).
    pub folded_types: Vec<String>,
    /// Hours required of each teacher in the period.
    pub required: f64,
    /// The inbox had no roster: the lines are the trainees found in the records.
    pub no_roster: bool,
}

impl Summary {
    /// The lines a requirement applies to (the roster).
    pub fn roster_rows(&self) -> impl Iterator<Item = &TeacherRow> {
        self.rows.iter().filter(|r| r.required.is_some())
    }

    /// Total hours of the counted records (a missing value counts 0).
    pub fn total_hours(&self) -> f64 {
        let hours = self
            .detail
            .column(tr::HOURS)
            .and_then(|c| Ok(c.f64()?.sum()));
        hours.ok().flatten().unwrap_or(0.0)
    }

    /// The number of counted records.
    pub fn records(&self) -> usize {
        self.detail.height()
    }

    /// The counts a school reports of its teachers' training (学时分布, and the district's
    /// row for the school): one definition for both.
    pub fn totals(&self) -> Totals {
        let roster: Vec<&TeacherRow> = self.roster_rows().collect();
        let trained_at = |level: usize| roster.iter().filter(|r| r.by_level[level] > 0.0).count();
        let mut buckets = [0; 4];
        roster.iter().for_each(|r| buckets[bucket(r.total)] += 1);
        Totals {
            teachers: roster.len(),
            trained: roster.iter().filter(|r| r.total > 0.0).count(),
            hours: self.total_hours(),
            roster_hours: roster.iter().map(|r| r.total).sum::<f64>() + 0.0,
            met: roster.iter().filter(|r| r.shortfall() == Some(0.0)).count(),
            required: self.required,
            buckets,
            by_level: (0..self.levels.len())
                .map(|l| (self.levels[l].clone(), trained_at(l)))
                .collect(),
            short: roster
                .iter()
                .filter(|r| r.shortfall().is_some_and(|s| s > 0.0))
                .map(|r| (r.department.clone(), r.name.clone(), r.total))
                .collect(),
        }
    }
}

/// What a school reports of its teachers' training in a period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    /// Teachers on the roster (without one: those named in the records).
    pub teachers: usize,
    /// Of them, those with any hours.
    pub trained: usize,
    /// Hours of every counted record (名单外 included): the 学时汇总 合计.
    pub hours: f64,
    /// Hours of the roster's teachers.
    pub roster_hours: f64,
    /// Teachers who reached the requirement.
    pub met: usize,
    /// Hours required of each teacher in the period.
    pub required: f64,
    /// Teachers per 教基4068 bucket (≤36, 37–72, 73–108, ≥109 hours).
    pub buckets: [usize; 4],
    /// Teachers who trained at each level (the report's level columns, in order).
    pub by_level: Vec<(String, usize)>,
    /// The teachers short of the requirement: (教研组, 姓名, hours), in roster order.
    pub short: Vec<(String, String, f64)>,
}

/// The 教基4068 bucket of a number of hours: ≤36, 37–72, 73–108, ≥109 (fractions above a
/// bound go to the next bucket: 36.5 is more than 36).
pub(crate) fn bucket(hours: f64) -> usize {
    if hours <= 36.0 {
        0
    } else if hours <= 72.0 {
        1
    } else if hours <= 108.0 {
        2
    } else {
        3
    }
}

/// What roster matching reads of a training record.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Trainee<'a> {
    /// 姓名.
    pub teacher: &'a str,
    /// 教研组 as the record says.
    pub department: &'a str,
    /// 身份证号.
    pub id_number: &'a str,
    /// The file it was read from (rosters are per school folder).
    pub file: &'a str,
}

/// The trainees of a training frame, in frame order.
fn trainees(df: &DataFrame) -> PolarsResult<Vec<Trainee<'_>>> {
    let (teacher, department) = (strings(df, tr::TEACHER)?, strings(df, DEPARTMENT)?);
    let (id_number, file) = (strings(df, ID_NUMBER)?, strings(df, SOURCE_FILE)?);
    Ok((0..df.height())
        .map(|i| Trainee {
            teacher: teacher[i].unwrap_or(""),
            department: department[i].unwrap_or(""),
            id_number: id_number[i].unwrap_or(""),
            file: file[i].unwrap_or(""),
        })
        .collect())
}

/// The department a listed record shows: its own, else its roster teacher's.
pub(crate) const SHOWN_DEPARTMENT: &str = "shown_department";

/// The 学时汇总 line a record counts on (a roster teacher's, or a 名单外 line).
pub(crate) const LINE: &str = "line";
/// The record's type or level column on the sheet.
pub(crate) const TYPE_COLUMN: &str = "type_column";
pub(crate) const LEVEL_COLUMN: &str = "level_column";

/// The training records with why each is not counted in the period: a copy, or (when a
/// period is set) undated or ending (else starting) outside it.
fn facts(input: &ReportInput) -> PolarsResult<LazyFrame> {
    let dataset = input.dataset;
    let date = query::deciding_date(Kind::Training).expect("training has a deciding date");
    let mut reasons = vec![(col(query::COPY), query::DUPLICATE)];
    reasons.extend(query::dated_in(date, &input.period));
    let records = query::records(&dataset.frames.training, Kind::Training, &dataset.copies)?;
    Ok(records.with_column(query::left_out(reasons)))
}

/// The day a record counts on (its end, else its start).
const DAY: &str = "day";

/// The type columns: the canonical types present (vocab.toml order), then the commonest few
/// others, then `missing` when a record is of none of them; and the types folded into it.
fn type_columns(counted: &LazyFrame, vocab: &Vocab) -> PolarsResult<(Vec<String>, Vec<String>)> {
    let present = query::counts(counted.clone(), &[tr::TYPE])?;
    let order = &vocab.training_types.order;
    let mut types: Vec<String> = order
        .iter()
        .filter(|t| present.iter().any(|(k, _)| k[0] == **t))
        .cloned()
        .collect();
    let mut others: Vec<(String, usize)> = present
        .iter()
        .filter(|(k, _)| !k[0].is_empty() && k[0] != "其他" && !order.contains(&k[0]))
        .map(|(k, n)| (k[0].clone(), *n))
        .collect();
    // Commonest first; the sort is stable, so first appearance breaks ties.
    others.sort_by_key(|o| std::cmp::Reverse(o.1));
    types.extend(others.iter().take(MAX_OTHER_TYPES).map(|(k, _)| k.clone()));
    let folded = others
        .iter()
        .skip(MAX_OTHER_TYPES)
        .map(|(k, _)| k.clone())
        .collect();
    if present.iter().any(|(k, _)| !types.contains(&k[0])) {
        types.push(vocab.training_types.missing.clone());
    }
    Ok((types, folded))
}

/// The level columns: every level of the scale, as in every report, then `missing` when a
/// record gives none.
fn level_columns(counted: &LazyFrame, vocab: &Vocab) -> PolarsResult<Vec<String>> {
    let present = query::counts(counted.clone(), &[LEVEL])?;
    Ok(vocab
        .levels
        .rows(present.iter().any(|(k, _)| k[0].is_empty())))
}

/// The index of `value` among `columns`, the last (the `missing` one) when absent.
fn column_of(columns: &[String], value: &str) -> usize {
    columns
        .iter()
        .position(|c| c == value)
        .unwrap_or(columns.len().saturating_sub(1))
}

/// The 学时汇总 lines: the roster (or the trainees standing in for it), then a 名单外 line
/// per unknown or ambiguous name, in order of first appearance; and each record's line.
fn lines(
    records: &[Trainee],
    counted: &[usize],
    roster: &Roster,
    no_roster: bool,
    blank: &dyn Fn(&str, &str, bool) -> TeacherRow,
) -> (Vec<TeacherRow>, Vec<Option<u32>>) {
    let mut rows: Vec<TeacherRow> = roster
        .members()
        .iter()
        .map(|e| blank(&e.name, &e.department, !no_roster))
        .collect();
    let mut line_of = vec![None; records.len()];
    // A 名单外 line per name, one for its ambiguous uses and one for its unknown ones.
    let mut outside_rows: HashMap<(bool, &str), usize> = HashMap::new();
    let mut outside_depts: HashMap<usize, Vec<String>> = HashMap::new();
    for &k in counted {
        let r = &records[k];
        let who = roster.resolve(r.file, r.teacher, r.department, r.id_number);
        let line = match who {
            Who::Teacher(i) => i,
            m => {
                let key = (matches!(m, Who::Ambiguous(_)), r.teacher);
                let i = *outside_rows.entry(key).or_insert_with(|| {
                    let shown = if r.teacher.is_empty() {
                        "（未填姓名）"
                    } else {
                        r.teacher
                    };
                    let mut line = blank(shown, "", false);
                    line.required = None;
                    line.note = outside_note(r, &m, roster);
                    rows.push(line);
                    rows.len() - 1
                });
                let depts = outside_depts.entry(i).or_default();
                if !r.department.is_empty() && !depts.iter().any(|d| d == r.department) {
                    depts.push(r.department.to_string());
                }
                i
            }
        };
        line_of[k] = Some(line as u32);
    }
    for (i, depts) in outside_depts {
        rows[i].department = depts.join("、");
    }
    (rows, line_of)
}

/// Hours and records of one type or level.
pub(crate) type Tally = (f64, usize);

/// Hours and records per combination of the index columns `keys` ([`LINE`], [`TYPE_COLUMN`],
/// [`LEVEL_COLUMN`]), the keys as indices.
pub(crate) fn hours_by(lf: LazyFrame, keys: &[&str]) -> PolarsResult<Vec<(Vec<usize>, Tally)>> {
    let sums = query::sum_by(lf, keys, tr::HOURS).collect()?;
    let records = query::tally(&sums, keys, query::N)?;
    let hours = query::tally(&sums, keys, tr::HOURS)?
        .into_iter()
        .zip(records);
    let index = |k: &[String]| k.iter().map(|v| v.parse().unwrap_or(usize::MAX)).collect();
    Ok(hours
        .map(|((k, h), (_, n))| (index(&k), (h, n as usize)))
        .collect())
}

/// Adds up each line's hours by type and level, its total and its records: one query each.
/// A key that names no line or column (a record without a line) is left out, never a panic.
fn add_hours(rows: &mut [TeacherRow], counted: &LazyFrame) -> PolarsResult<()> {
    let by = |column: &str| hours_by(counted.clone(), &[LINE, column]);
    for (k, (h, _)) in by(TYPE_COLUMN)? {
        if let Some(cell) = rows.get_mut(k[0]).and_then(|r| r.by_type.get_mut(k[1])) {
            *cell += h;
        }
    }
    for (k, (h, _)) in by(LEVEL_COLUMN)? {
        if let Some(cell) = rows.get_mut(k[0]).and_then(|r| r.by_level.get_mut(k[1])) {
            *cell += h;
        }
    }
    for (k, (h, n)) in hours_by(counted.clone(), &[LINE])? {
        if let Some(row) = rows.get_mut(k[0]) {
            row.total += h;
            row.records += n;
        }
    }
    Ok(())
}

/// The [`query::RECORD`] numbers of the rows of `lf`, in order.
fn row_numbers(lf: LazyFrame) -> PolarsResult<Vec<usize>> {
    let df = lf.select([col(query::RECORD)]).collect()?;
    let ca = df.column(query::RECORD)?.cast(&DataType::UInt64)?;
    Ok(ca.u64()?.iter().flatten().map(|i| i as usize).collect())
}

/// The counted records, each line's together, in date order.
fn detail(counted: LazyFrame) -> PolarsResult<DataFrame> {
    let date = query::deciding_date(Kind::Training).expect("training has a deciding date");
    let sorted = counted
        .with_column(date.alias(DAY))
        .sort([LINE, DAY, query::RECORD], SortMultipleOptions::default())
        .collect()?;
    with_places(&sorted)
}

/// Each record's department as listed: its own, else that of the roster teacher whose line
/// it counts on.
fn shown_departments(
    records: &[Trainee],
    line_of: &[Option<u32>],
    rows: &[TeacherRow],
) -> Vec<String> {
    records
        .iter()
        .zip(line_of)
        .map(|(r, line)| match line.and_then(|l| rows.get(l as usize)) {
            Some(row) if r.department.is_empty() && row.on_roster => row.department.clone(),
            _ => r.department.to_string(),
        })
        .collect()
}

/// Matches the period's records to the roster and adds up the hours.
///
/// # Errors
/// Internal frame errors only.
pub(crate) fn summarize(input: &ReportInput) -> Result<Summary, ReportError> {
    let dataset = input.dataset;
    let vocab = input.vocab;
    let records = trainees(&dataset.frames.training)?;
    let facts = facts(input)?.collect()?;
    let counted = |df: &DataFrame| query::counted(df.clone().lazy());
    let counted_rows = row_numbers(counted(&facts))?;
    // Without a roster, the trainees named in the records stand in for it.
    let no_roster = dataset.roster.is_empty();
    let trainees;
    let roster = if no_roster {
        let kept = records
            .iter()
            .enumerate()
            .filter(|(i, _)| !dataset.copies.is_copy(Kind::Training, *i))
            .map(|(_, r)| (r.teacher, r.department));
        trainees = Roster::of_names(kept);
        &trainees
    } else {
        &dataset.roster
    };
    let required = input.required_hours_per_year * input.period.years();
    let (types, folded_types) = type_columns(&counted(&facts), vocab)?;
    let levels = level_columns(&counted(&facts), vocab)?;
    let blank = |name: &str, department: &str, on_roster: bool| TeacherRow {
        name: name.to_string(),
        department: department.to_string(),
        on_roster,
        by_type: vec![0.0; types.len()],
        by_level: vec![0.0; levels.len()],
        total: 0.0,
        records: 0,
        required: Some(required),
        note: String::new(),
    };
    let (mut rows, line_of) = lines(&records, &counted_rows, roster, no_roster, &blank);
    let index = |names: &[String], column: &str| -> PolarsResult<Vec<u32>> {
        Ok(strings(&facts, column)?
            .into_iter()
            .map(|v| column_of(names, v.unwrap_or("")) as u32)
            .collect())
    };
    let shown = shown_departments(&records, &line_of, &rows);
    let df = facts.hstack(&[
        Column::new(LINE.into(), line_of),
        Column::new(TYPE_COLUMN.into(), index(&types, tr::TYPE)?),
        Column::new(LEVEL_COLUMN.into(), index(&levels, LEVEL)?),
        Column::new(SHOWN_DEPARTMENT.into(), shown),
    ])?;
    let counted = counted(&df);
    add_hours(&mut rows, &counted)?;
    let detail = detail(counted)?;
    let no_hours = detail.column(tr::HOURS)?.null_count();
    Ok(Summary {
        types,
        levels,
        rows,
        detail,
        left: Left::of(&facts)?,
        no_hours,
        folded_types,
        required,
        no_roster,
    })
}

/// The 备注 of a 名单外 line. (Without a roster every named trainee is on the one the
/// trainees make, so only a roster's misses get near names.)
pub(super) fn outside_note(r: &Trainee, who: &Who, roster: &Roster) -> String {
    match who {
        Who::Ambiguous(candidates) => {
            let depts: Vec<String> = candidates
                .iter()
                .map(|&i| roster.members()[i].department.clone())
                .collect();
            format!(
                "名单外：名单上有 {} 位{}（{}），记录的教研组、身份证号无法确定是哪一位",
                candidates.len(),
                r.teacher,
                depts.join("、")
            )
        }
        _ if r.teacher.is_empty() => "名单外：记录未填姓名".into(),
        _ => match roster.near(r.file, r.teacher).as_slice() {
            [] => "名单外：不在教师名单上".into(),
            near => format!("名单外：不在教师名单上（是否为 {}？）", near.join("、")),
        },
    }
}
