//! What the training report counts: the records of the period, once each, matched to the
//! roster, as hours per teacher by type and level.

use std::collections::HashMap;

use super::*;
use crate::period::{Period, PeriodKind};
use crate::report::context::{ReportError, ReportInput};
use crate::report::rows::{self, TrainingRow};
use crate::select::roster::{Member, Roster, Who};
use crate::vocab::Kind;

/// The records a period counts, and how many it leaves out.
#[derive(Debug, Clone, Default)]
pub(crate) struct Selection {
    /// Records whose day falls in the period (every record when no period is set).
    pub counted: Vec<TrainingRow>,
    /// Dated records outside the period.
    pub outside: usize,
    /// Records without any date (left out when a period is set).
    pub undated: usize,
}

/// Selects the records of a period: by end date, else start date; undated ones only when no
/// period is set.
pub(crate) fn select(records: Vec<TrainingRow>, period: &Period) -> Selection {
    let mut sel = Selection::default();
    for r in records {
        if period.kind == PeriodKind::All {
            sel.counted.push(r);
            continue;
        }
        match r.counting_day() {
            Some(d) if period.contains(d) => sel.counted.push(r),
            Some(_) => sel.outside += 1,
            None => sel.undated += 1,
        }
    }
    sel
}

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
    /// Counted records with the index of their row, in row order.
    pub detail: Vec<(usize, TrainingRow)>,
    /// Records outside the period.
    pub outside: usize,
    /// Records without a date, not counted.
    pub undated: usize,
    /// Copies of records handed in twice, not counted.
    pub copies: usize,
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

    /// Total hours of the counted records.
    pub fn total_hours(&self) -> f64 {
        // `+ 0.0`: an empty f64 sum is -0.0, which a cell would show as "-0".
        self.detail
            .iter()
            .map(|(_, r)| r.counted_hours())
            .sum::<f64>()
            + 0.0
    }

    /// The 教基4068 bucket counts of the roster.
    pub fn buckets(&self) -> [usize; 4] {
        let mut out = [0; 4];
        for r in self.roster_rows() {
            out[bucket(r.total)] += 1;
        }
        out
    }
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

pub(super) fn chinese_list(items: &[String]) -> String {
    items.join("、")
}

/// Who a 名单外 line is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Outside {
    NotOnRoster(String),
    Ambiguous(String),
}

/// Matches the period's records to the roster and adds up the hours.
///
/// # Errors
/// Internal frame errors only.
pub(crate) fn summarize(input: &ReportInput) -> Result<Summary, ReportError> {
    let dataset = input.dataset;
    let (all, copies): (Vec<TrainingRow>, Vec<TrainingRow>) =
        rows::training(&dataset.frames.training)?
            .into_iter()
            .partition(|r| !dataset.copies.is_copy(Kind::Training, r.index));
    // Without a roster, the trainees named in the records stand in for it.
    let no_roster = dataset.roster.is_empty();
    let trainees;
    let roster = if no_roster {
        trainees = trainees_as_roster(&all);
        &trainees
    } else {
        &dataset.roster
    };
    let sel = select(all, &input.period);
    let required = input.required_hours_per_year * input.period.years();

    // Columns: canonical types present, then others (the commonest few), then 其他/未注明.
    let vocab = input.vocab;
    let type_order = &vocab.training_types.order;
    let mut others: Vec<(String, usize)> = Vec::new();
    for r in &sel.counted {
        if !r.kind.is_empty() && r.kind != "其他" && !type_order.contains(&r.kind) {
            match others.iter_mut().find(|(k, _)| *k == r.kind) {
                Some((_, n)) => *n += 1,
                None => others.push((r.kind.clone(), 1)),
            }
        }
    }
    // Commonest first; the sort is stable, so first appearance breaks ties.
    others.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let folded_types: Vec<String> = others
        .iter()
        .skip(MAX_OTHER_TYPES)
        .map(|(k, _)| k.clone())
        .collect();
    let mut types: Vec<String> = type_order
        .iter()
        .filter(|t| sel.counted.iter().any(|r| r.kind == **t))
        .cloned()
        .collect();
    types.extend(others.iter().take(MAX_OTHER_TYPES).map(|(k, _)| k.clone()));
    if sel.counted.iter().any(|r| !types.contains(&r.kind)) {
        types.push(vocab.training_types.missing.clone());
    }
    let type_of = |kind: &str| {
        types
            .iter()
            .position(|t| t == kind)
            .unwrap_or(types.len() - 1)
    };

    // Every level of the scale, as in every report, then levels the scale does not know.
    let mut levels: Vec<String> = vocab.levels.order.clone();
    for r in &sel.counted {
        if !r.level.is_empty() && !levels.contains(&r.level) {
            levels.push(r.level.clone());
        }
    }
    if sel.counted.iter().any(|r| r.level.is_empty()) {
        levels.push(vocab.levels.missing.clone());
    }
    let level_of = |level: &str| {
        levels
            .iter()
            .position(|l| l == level)
            .unwrap_or(levels.len() - 1)
    };

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
    let mut rows: Vec<TeacherRow> = roster
        .members()
        .iter()
        .map(|e| blank(&e.name, &e.department, !no_roster))
        .collect();
    let mut outside_rows: HashMap<Outside, usize> = HashMap::new();
    let mut outside_depts: HashMap<usize, Vec<String>> = HashMap::new();
    let mut detail = Vec::with_capacity(sel.counted.len());
    for r in sel.counted {
        let who = roster.resolve(&r.prov.source_file, &r.teacher, &r.department, &r.id_number);
        let row = match who {
            Who::Teacher(i) => i,
            m => {
                let key = match &m {
                    Who::Ambiguous(_) => Outside::Ambiguous(r.teacher.clone()),
                    _ => Outside::NotOnRoster(r.teacher.clone()),
                };
                let i = *outside_rows.entry(key).or_insert_with(|| {
                    let shown = if r.teacher.is_empty() {
                        "（未填姓名）"
                    } else {
                        &r.teacher
                    };
                    let mut line = blank(shown, "", false);
                    line.required = None;
                    line.note = outside_note(&r, &m, roster, no_roster);
                    rows.push(line);
                    rows.len() - 1
                });
                let depts = outside_depts.entry(i).or_default();
                if !r.department.is_empty() && !depts.contains(&r.department) {
                    depts.push(r.department.clone());
                }
                i
            }
        };
        let hours = r.counted_hours();
        let line = &mut rows[row];
        line.by_type[type_of(&r.kind)] += hours;
        line.by_level[level_of(&r.level)] += hours;
        line.total += hours;
        line.records += 1;
        detail.push((row, r));
    }
    for (i, depts) in outside_depts {
        rows[i].department = chinese_list(&depts);
    }
    // Each teacher's records together, in date order.
    detail.sort_by_key(|(row, r)| (*row, r.counting_day(), r.index));
    let no_hours = detail.iter().filter(|(_, r)| r.hours.is_none()).count();
    Ok(Summary {
        types,
        levels,
        rows,
        detail,
        outside: sel.outside,
        undated: sel.undated,
        copies: copies.len(),
        no_hours,
        folded_types,
        required,
        no_roster,
    })
}

/// Without a roster, the trainees named in the records stand in for it (grouped by the
/// department their records give, in order of first appearance).
pub(super) fn trainees_as_roster(records: &[TrainingRow]) -> Roster {
    let mut members: Vec<Member> = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for r in records {
        if r.teacher.is_empty() {
            continue;
        }
        match seen.get(r.teacher.as_str()) {
            Some(&i) if members[i].department.is_empty() => {
                members[i].department.clone_from(&r.department);
            }
            Some(_) => {}
            None => {
                seen.insert(&r.teacher, members.len());
                members.push(Member::named(&r.teacher, &r.department));
            }
        }
    }
    Roster::from_members(members)
}

pub(super) fn outside_note(r: &TrainingRow, who: &Who, roster: &Roster, no_roster: bool) -> String {
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
                chinese_list(&depts)
            )
        }
        _ if r.teacher.is_empty() => "名单外：记录未填姓名".into(),
        _ => {
            let near = if no_roster {
                Vec::new()
            } else {
                roster.near(&r.prov.source_file, &r.teacher)
            };
            if near.is_empty() {
                "名单外：不在教师名单上".into()
            } else {
                format!("名单外：不在教师名单上（是否为 {}？）", near.join("、"))
            }
        }
    }
}
