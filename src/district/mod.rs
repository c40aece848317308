//! The district office's side: every school's submission consolidated.
//!
//! A district inbox holds one folder per school ([`collect`]) and a school list
//! ([`list`]). Each school's files are imported and checked on their own, exactly as the
//! school's own inbox would be, and counted by the school reports' own code: a school's row
//! in the district's workbooks is, by construction, what that school's reports say, and the
//! district's totals are the sum of its schools'.

pub mod collect;
pub mod compare;
pub mod handed_up;
pub mod list;
pub mod names;
pub mod report;
pub mod score;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::config::Config;
use crate::finding::{Finding, Severity};
use polars::prelude::{Column, DataFrame, PolarsResult};

use crate::import::walk::Entry;
use crate::normalize::columns::SCHOOL;
use crate::normalize::frames::Frames;
use crate::period::{Period, Terms};
use crate::pipeline::{self, Dataset, FileStatus};
use crate::prepare::{PrepareError, ordered_findings, settings};
use crate::report::context::ReportInput;
use crate::report::research::{self, Counted, Tables};
use crate::report::training::{self, Totals};
use crate::report::workbook::Letterhead;
use crate::select::roster::Roster;
use crate::vocab::Vocab;
use collect::{Member, Status};

/// One school's submission and its counts.
#[derive(Debug, Clone)]
pub struct SchoolReport {
    /// The school, its folders, whether listed.
    pub member: Member,
    /// 已上报, 未上报 or 无法读取.
    pub status: Status,
    /// Files in its folders, and of them those read.
    pub files: usize,
    /// Files read.
    pub read: usize,
    /// Records imported.
    pub records: usize,
    /// Errors and warnings found in its files.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// The day its newest file was last changed.
    pub latest: Option<NaiveDate>,
    /// Its research counts in the period (its 年度教科研成果统计's 汇总).
    pub research: Tables,
    /// The papers and projects counted, each with its [`SCHOOL`].
    pub counted: Counted,
    /// Every record it handed in (counted or not), each frame with [`SCHOOL`] first.
    pub frames: Frames,
    /// Its training counts in the period (its 教师培训学时汇总's 学时分布).
    pub training: Totals,
    /// Its findings, for the 问题清单 sent back to it.
    pub findings: Vec<Finding>,
    /// The department of each (file, sheet), for that 问题清单.
    pub departments: HashMap<(String, String), String>,
}

/// A district inbox consolidated.
#[derive(Debug)]
pub struct District {
    /// The inbox.
    pub inbox: PathBuf,
    /// Every school: listed ones in list order, then unlisted folders.
    pub schools: Vec<SchoolReport>,
    /// Where the school list was read (file › sheet), if there was one.
    pub list: Option<String>,
    /// Problems with the inbox itself: the list, loose files, folders matched to no school.
    pub findings: Vec<Finding>,
    /// The period counted.
    pub period: Period,
    /// The vocabularies the schools' files were read with.
    pub vocab: Vocab,
    /// The district office's letterhead.
    pub head: Letterhead,
    /// Points per achievement (none set: no score).
    pub points: crate::config::Points,
    /// An earlier output to compare with (`--compare`).
    pub earlier: Option<compare::Comparison>,
}

/// The settings every school of the district is read and counted with.
struct Common<'a> {
    config: &'a Config,
    period: Period,
    period_set: Option<Period>,
    terms: Terms,
    vocab: Vocab,
    today: NaiveDate,
}

/// Reads a district inbox: its school list, every school's folder, imported, checked and
/// counted for `period` (jiaoke.toml's when None).
///
/// # Errors
/// A wrong setting, an inbox that cannot be listed, an internal error.
pub fn consolidate(
    inbox: &Path,
    config: &Config,
    period: Option<Period>,
    today: NaiveDate,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<District, PrepareError> {
    let terms = config.terms().map_err(PrepareError::Config)?;
    let period = match period {
        Some(p) => Some(p),
        None => config.period(&terms).map_err(PrepareError::Config)?,
    };
    let vocab = config
        .vocab()
        .map_err(|e| PrepareError::Config(e.to_string()))?;
    score::check(&config.district.points, &vocab).map_err(PrepareError::Config)?;
    let layout = collect::layout(inbox).map_err(|source| {
        PrepareError::Pipeline(pipeline::PipelineError::Inbox {
            path: inbox.to_path_buf(),
            source,
        })
    })?;
    let (members, matching) = collect::members(&layout);
    let common = Common {
        config,
        period: period.unwrap_or_else(Period::all),
        period_set: period,
        terms,
        vocab,
        today,
    };
    let mut schools = Vec::with_capacity(members.len());
    for member in members {
        schools.push(school(inbox, member, &common, progress)?);
    }
    let mut findings = layout.findings;
    findings.extend(matching);
    Ok(District {
        inbox: inbox.to_path_buf(),
        schools,
        list: layout
            .list
            .map(|l| crate::table::location(&l.file, &l.sheet)),
        findings,
        period: common.period,
        vocab: common.vocab,
        head: Letterhead::of(config, Some(today)),
        points: config.district.points.clone(),
        earlier: None,
    })
}

/// `df` with a first column [`SCHOOL`] holding `school`.
fn add_school(df: &mut DataFrame, school: &str) -> PolarsResult<()> {
    let column = Column::new(SCHOOL.into(), vec![school; df.height()]);
    df.insert_column(0, column)?;
    Ok(())
}

/// Every frame with its school.
fn with_school(mut frames: Frames, school: &str) -> PolarsResult<Frames> {
    for df in [
        &mut frames.teachers,
        &mut frames.papers,
        &mut frames.projects,
        &mut frames.training,
        &mut frames.plans,
    ] {
        add_school(df, school)?;
    }
    Ok(frames)
}

/// A school's status, the files it handed in (not counting lock and system files) and
/// those read.
fn status(entries: &[Entry], dataset: &Dataset) -> (Status, usize, usize) {
    let files = entries.iter().filter(|e| collect::handed_in(e)).count();
    let read = dataset
        .files
        .iter()
        .filter(|f| f.status == FileStatus::Read)
        .count();
    // Handed in: some sheet or document of a known kind was found, even an empty form.
    let status = match (files, dataset.sheets.is_empty()) {
        (0, _) => Status::Missing,
        (_, true) => Status::Unreadable,
        (_, false) => Status::Submitted,
    };
    (status, files, read)
}

/// One school imported, checked and counted.
fn school(
    inbox: &Path,
    mut member: Member,
    c: &Common,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<SchoolReport, PrepareError> {
    let entries = std::mem::take(&mut member.entries);
    let latest = collect::latest_change(&entries);
    let mut dataset = pipeline::import_entries(inbox, &entries, &c.vocab, progress)?;
    if dataset.roster.is_empty() {
        // A school that handed up its workbooks: the roster is its 学时汇总's.
        dataset.roster = Roster::from_members(handed_up::roster(&entries));
    }
    let findings = ordered_findings(&dataset, &settings(c.config, c.period_set, c.today))?;
    let head = Letterhead {
        school: member.school.name.clone(),
        ..Letterhead::of(c.config, Some(c.today))
    };
    let input = ReportInput {
        dataset: &dataset,
        findings: &findings,
        head: &head,
        period: c.period,
        terms: c.terms,
        required_hours_per_year: c.config.training.required_hours_per_year,
        vocab: &c.vocab,
    };
    let (research, mut counted) = research::count(&input)?;
    for df in [
        &mut counted.awards,
        &mut counted.publications,
        &mut counted.projects,
    ] {
        add_school(df, &member.school.name)?;
    }
    let training = training::summarize(&input)?.totals();
    let (status, files, read) = status(&entries, &dataset);
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    let departments = crate::select::departments::departments(&dataset);
    let records = crate::vocab::Kind::ALL
        .iter()
        .map(|k| dataset.frames.get(*k).height())
        .sum();
    let frames = with_school(dataset.frames, &member.school.name)?;
    Ok(SchoolReport {
        status,
        files,
        read,
        records,
        frames,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        latest,
        research,
        counted,
        training,
        departments,
        findings,
        member,
    })
}
