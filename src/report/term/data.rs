//! What the term report counts: the calendar items, papers, project milestones and training
//! records of the term.

use chrono::NaiveDate;
use polars::prelude::*;

use super::*;
use crate::normalize::columns::{LEVEL, papers as p, projects as j};
use crate::normalize::frames::{strings, uints};
use crate::period::Period;
use crate::pipeline::Dataset;
use crate::report::context::{ReportError, ReportInput};
use crate::report::rows::{self, PaperRow, ProjectRow};
use crate::report::training::{self, Summary};
use crate::select::query;
use crate::vocab::{Kind, Vocab};

/// One calendar item.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PlanItem {
    /// First month.
    pub month: Option<u32>,
    /// Last month of a range.
    pub month_end: Option<u32>,
    /// The time as written.
    pub when: String,
    /// 工作内容.
    pub item: String,
    /// 负责人.
    pub owner: String,
}

pub(super) fn read_plans(dataset: &Dataset) -> Result<Vec<PlanItem>, ReportError> {
    let p = &dataset.frames.plans;
    let month = uints(p, "month")?;
    let month_end = uints(p, "month_end")?;
    let when = strings(p, "when")?;
    let item = strings(p, "item")?;
    let owner = strings(p, "owner")?;
    let s = |v: Option<&str>| v.unwrap_or("").to_string();
    Ok((0..p.height())
        .map(|i| PlanItem {
            month: month[i],
            month_end: month_end[i],
            when: s(when[i]),
            item: s(item[i]),
            owner: s(owner[i]),
        })
        .collect())
}

/// The items of a term's months, month by month in term order (an item spanning months under
/// the first of them in the term), then the items without a month.
pub(crate) fn term_plans(items: Vec<PlanItem>, months: &[u32]) -> Vec<PlanItem> {
    let mut keyed: Vec<(usize, PlanItem)> = items
        .into_iter()
        .filter_map(|p| match p.month {
            None => Some((usize::MAX, p)),
            Some(m) => covered_months(m, p.month_end)
                .iter()
                .filter_map(|c| months.iter().position(|t| t == c))
                .min()
                .map(|pos| (pos, p)),
        })
        .collect();
    keyed.sort_by_key(|(pos, _)| *pos);
    keyed.into_iter().map(|(_, p)| p).collect()
}

/// A project with the milestones that fall in the term.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TermProject {
    pub(super) project: ProjectRow,
    /// Indexes into [`MILESTONES`] of the dates in the term.
    pub(super) milestones: Vec<usize>,
}

/// The dates of a project's [`MILESTONES`].
pub(super) fn milestone_dates(p: &ProjectRow) -> [Option<NaiveDate>; 3] {
    [p.approved_on, p.opened_on, p.closed_on]
}

/// The projects with a milestone in the period.
pub(super) fn term_projects(
    dataset: &Dataset,
    period: &Period,
) -> Result<Vec<TermProject>, ReportError> {
    Ok(rows::projects(&dataset.frames.projects)?
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !dataset.copies.is_copy(Kind::Projects, *i))
        .filter_map(|(_, project)| {
            let dates = milestone_dates(&project);
            let milestones: Vec<usize> = (0..MILESTONES.len())
                .filter(|&k| dates[k].is_some_and(|d| period.contains(d)))
                .collect();
            (!milestones.is_empty()).then_some(TermProject {
                project,
                milestones,
            })
        })
        .collect())
}

/// The rank of a value on a scale (unknown values after known ones).
pub(super) fn rank(scale: &[&str], v: &str) -> usize {
    scale.iter().position(|s| *s == v).unwrap_or(scale.len())
}

/// Everything the term workbook shows.
#[derive(Debug, Clone)]
pub(super) struct TermData<'a> {
    /// The orders and words of levels and grades.
    pub(super) vocab: &'a Vocab,
    pub(super) plans: Vec<PlanItem>,
    /// 获奖 first, then 发表, then papers of neither kind.
    pub(super) papers: Vec<PaperRow>,
    pub(super) papers_undated: usize,
    pub(super) projects: Vec<TermProject>,
    pub(super) training: Summary,
}

impl<'a> TermData<'a> {
    pub(super) fn collect(input: &ReportInput<'a>) -> Result<TermData<'a>, ReportError> {
        let vocab = input.vocab;
        let period = &input.period;
        let plans = term_plans(read_plans(input.dataset)?, &period.months());
        let copies = &input.dataset.copies;
        let all_papers: Vec<PaperRow> = rows::papers(&input.dataset.frames.papers)?
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !copies.is_copy(Kind::Papers, *i))
            .map(|(_, p)| p)
            .collect();
        let papers_undated = all_papers.iter().filter(|p| p.date.is_none()).count();
        let mut papers: Vec<PaperRow> = all_papers
            .into_iter()
            .filter(|p| p.date.is_some_and(|d| period.contains(d)))
            .collect();
        papers.sort_by_key(|p| {
            (
                rank(&["获奖", "发表"], &p.kind),
                vocab.levels.index(&p.level),
                vocab.awards.index(&p.award),
                p.date,
            )
        });
        let mut projects = term_projects(input.dataset, period)?;
        projects.sort_by_key(|p| (vocab.levels.index(&p.project.level), p.milestones[0]));
        Ok(TermData {
            vocab,
            plans,
            papers,
            papers_undated,
            projects,
            training: training::summarize(input)?,
        })
    }

    pub(super) fn papers_of(&self, kind: &str) -> impl Iterator<Item = &PaperRow> {
        self.papers.iter().filter(move |p| p.kind == kind)
    }

    /// Level rows of a paper table: every level of the scale (as in every report), levels
    /// the scale does not know when present, then 未注明级别 when present.
    pub(super) fn levels_of(&self, kind: &str) -> Vec<String> {
        let present = |l: &str| self.papers_of(kind).any(|p| p.level == l);
        let mut out: Vec<String> = self.vocab.levels.order.clone();
        for p in self.papers_of(kind) {
            if !p.level.is_empty() && !out.contains(&p.level) {
                out.push(p.level.clone());
            }
        }
        if present("") {
            out.push(self.vocab.levels.missing.clone());
        }
        out
    }

    pub(super) fn level_is(&self, p: &PaperRow, row: &str) -> bool {
        p.level == row || (p.level.is_empty() && row == self.vocab.levels.missing)
    }

    /// The counts of 概况 and term_summary.csv: (category, item, count), each category's
    /// total last. Papers and project milestones are counted by queries over the frames.
    ///
    /// # Errors
    /// Internal frame errors only.
    pub(super) fn counts(
        &self,
        dataset: &Dataset,
        period: &Period,
        months: &[u32],
    ) -> PolarsResult<Vec<(String, String, f64)>> {
        let mut out = Vec::new();
        let mut push = |c: &str, i: &str, n: f64| out.push((c.to_string(), i.to_string(), n));
        let papers =
            not_copies(dataset, Kind::Papers)?.filter(query::in_period(col(p::DATE), period));
        let by = [p::KIND, LEVEL];
        let papers = query::tally(&query::count_by(papers, &by).collect()?, &by, query::N)?;
        let kind_sum = |keep: &dyn Fn(&[String]) -> bool| -> f64 {
            // `+ 0.0`: an empty f64 sum is -0.0.
            papers
                .iter()
                .filter(|(k, _)| keep(k))
                .map(|(_, n)| n)
                .sum::<f64>()
                + 0.0
        };
        for (category, kind) in [("论文获奖", "获奖"), ("论文发表", "发表")] {
            for level in self.levels_of(kind) {
                let n = kind_sum(&|k| k[0] == kind && self.vocab.levels.shown(&k[1]) == level);
                push(category, &level, n);
            }
            push(category, "合计", kind_sum(&|k| k[0] == kind));
        }
        let unsorted = kind_sum(&|k| k[0] != "获奖" && k[0] != "发表");
        if unsorted > 0.0 {
            push("论文（未注明获奖或发表）", "合计", unsorted);
        }
        let projects = not_copies(dataset, Kind::Projects)?;
        for (name, date) in MILESTONES.iter().zip(MILESTONE_COLUMNS) {
            let of = projects.clone().filter(query::in_period(col(date), period));
            push("课题", name, of.collect()?.height() as f64);
        }
        let t = &self.training;
        push("培训", "记录", t.detail.len() as f64);
        let trainees = t.rows.iter().filter(|r| r.records > 0).count();
        push("培训", "人数", trainees as f64);
        push("培训", "学时", t.total_hours());
        for (month, n) in self.plans_by_month(months)? {
            push("行事历", &month, n);
        }
        push("行事历", "计划项目", self.plans.len() as f64);
        Ok(out)
    }

    /// Calendar items per term month (and 未注明月份 when some have none), by the month each
    /// is listed under.
    fn plans_by_month(&self, months: &[u32]) -> PolarsResult<Vec<(String, f64)>> {
        const MONTH: &str = "month";
        let listed: Vec<Option<u32>> = self.plans.iter().map(|p| first_month(p, months)).collect();
        let df =
            DataFrame::new_infer_height(vec![polars::prelude::Column::new(MONTH.into(), listed)])?;
        let counts = query::tally(
            &query::count_by(df.lazy(), &[MONTH]).collect()?,
            &[MONTH],
            query::N,
        )?;
        let of = |m: &str| {
            counts
                .iter()
                .find(|(k, _)| k[0] == m)
                .map_or(0.0, |(_, n)| *n)
        };
        let mut out: Vec<(String, f64)> = months
            .iter()
            .map(|m| (MONTHS[(*m - 1) as usize].to_string(), of(&m.to_string())))
            .collect();
        let no_month = self.plans.iter().filter(|p| p.month.is_none()).count();
        if no_month > 0 {
            out.push((NO_MONTH.to_string(), no_month as f64));
        }
        Ok(out)
    }
}

/// A kind's records that are not copies handed in twice.
fn not_copies(dataset: &Dataset, kind: Kind) -> PolarsResult<LazyFrame> {
    const KEEP: &str = "keep";
    let frame = dataset.frames.get(kind);
    let keep: Vec<bool> = (0..frame.height())
        .map(|i| !dataset.copies.is_copy(kind, i))
        .collect();
    let df = query::with_values(frame, polars::prelude::Column::new(KEEP.into(), keep))?;
    Ok(df.lazy().filter(col(KEEP)))
}

/// The date columns of [`MILESTONES`].
const MILESTONE_COLUMNS: [&str; 3] = [j::APPROVED_ON, j::OPENED_ON, j::CLOSED_ON];

/// The term month an item is listed under.
pub(super) fn first_month(p: &PlanItem, months: &[u32]) -> Option<u32> {
    let m = p.month?;
    covered_months(m, p.month_end)
        .into_iter()
        .filter_map(|c| months.iter().position(|t| *t == c))
        .min()
        .map(|i| months[i])
}
