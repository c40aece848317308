//! What the term report counts: the calendar items, papers, project milestones and training
//! records of the term.

use polars::prelude::*;

use super::*;
use crate::normalize::columns::{LEVEL, SOURCE_FILE, papers as p, plans as pl, projects as j};
use crate::normalize::frames::{strings, uints};
use crate::period::{Period, Terms};
use crate::pipeline::Dataset;
use crate::report::context::{ReportError, ReportInput};
use crate::report::training::{self, Summary};
use crate::report::workbook::with_places;
use crate::select::plans::{self, Fit};
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
    /// How its plan stands to the period.
    pub fit: Fit,
    /// Its plan belongs to another school year altogether (not only another term).
    pub other_year: bool,
    /// The file it comes from.
    pub source_file: String,
}

/// The calendar items, each with how its plan stands to `period`.
pub(super) fn read_plans(
    dataset: &Dataset,
    period: &Period,
    terms: &Terms,
    vocab: &Vocab,
) -> Result<Vec<PlanItem>, ReportError> {
    let p = &dataset.frames.plans;
    let month = uints(p, pl::MONTH)?;
    let month_end = uints(p, pl::MONTH_END)?;
    let when = strings(p, pl::WHEN)?;
    let item = strings(p, pl::ITEM)?;
    let owner = strings(p, pl::OWNER)?;
    let school_year = strings(p, pl::SCHOOL_YEAR)?;
    let term = uints(p, pl::TERM)?;
    let file = strings(p, SOURCE_FILE)?;
    let s = |v: Option<&str>| v.unwrap_or("").to_string();
    Ok((0..p.height())
        .map(|i| PlanItem {
            month: month[i],
            month_end: month_end[i],
            when: s(when[i]),
            item: s(item[i]),
            owner: s(owner[i]),
            fit: plans::fit(school_year[i], term[i], period, terms, &vocab.documents),
            other_year: plans::fit(school_year[i], None, period, terms, &vocab.documents)
                == Fit::Outside,
            source_file: s(file[i]),
        })
        .collect())
}

/// The items of a term's months, month by month in term order (an item spanning months under
/// the first of them in the term), then the items without a month.
pub(crate) fn term_plans(items: Vec<PlanItem>, months: &[u32]) -> Vec<PlanItem> {
    let mut keyed: Vec<(usize, PlanItem)> = items
        .into_iter()
        .filter(|p| p.fit != Fit::Outside)
        .filter_map(|p| match p.month {
            None => Some((usize::MAX, p)),
            Some(_) => month_index(&p, months).map(|i| (i, p)),
        })
        .collect();
    keyed.sort_by_key(|(pos, _)| *pos);
    keyed.into_iter().map(|(_, p)| p).collect()
}

/// The files of the items `which` selects, in order, once each.
pub(super) fn files_of(items: &[PlanItem], which: impl Fn(&PlanItem) -> bool) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    for p in items.iter().filter(|p| which(p)) {
        if !files.contains(&p.source_file) {
            files.push(p.source_file.clone());
        }
    }
    files
}

/// The project milestones in the term, `立项、结题`.
pub(super) const STEPS: &str = "steps";

/// Everything the term workbook shows.
#[derive(Debug, Clone)]
pub(super) struct TermData<'a> {
    /// The orders and words of levels and grades.
    pub(super) vocab: &'a Vocab,
    pub(super) plans: Vec<PlanItem>,
    /// The files whose plans belong to other school years: not listed.
    pub(super) other_years: Vec<String>,
    /// The papers dated in the term, 获奖 first, then 发表, then papers of neither kind; by
    /// level, grade and date within each; with [`PLACE`].
    pub(super) papers: DataFrame,
    /// Those papers awarded, by level and grade ([`query::level_table`]).
    pub(super) awards: Vec<Vec<usize>>,
    /// Those papers published, by level.
    pub(super) publications: Vec<usize>,
    pub(super) papers_undated: usize,
    /// The projects with a milestone in the term, by level and first milestone; with
    /// [`STEPS`] and [`PLACE`].
    pub(super) projects: DataFrame,
    pub(super) training: Summary,
}

impl<'a> TermData<'a> {
    pub(super) fn collect(input: &ReportInput<'a>) -> Result<TermData<'a>, ReportError> {
        let (dataset, period, vocab) = (input.dataset, &input.period, input.vocab);
        let kept = not_copies(dataset, Kind::Papers)?;
        let papers_undated = kept
            .clone()
            .filter(col(p::DATE).is_null())
            .collect()?
            .height();
        let papers = kept
            .filter(query::in_period(col(p::DATE), period))
            .collect()?;
        let of_kind = |kind: &str| papers.clone().lazy().filter(col(p::KIND).eq(lit(kind)));
        let all_plans = read_plans(dataset, period, &input.terms, vocab)?;

        Ok(TermData {
            vocab,
            other_years: files_of(&all_plans, |p| p.other_year),
            plans: term_plans(all_plans, &period.months()),
            awards: query::level_table(of_kind("获奖"), &vocab.levels, (p::AWARD, &vocab.awards))?,
            publications: query::level_counts(of_kind("发表"), &vocab.levels)?,
            papers: with_places(&sorted_papers(&papers, vocab)?)?,
            papers_undated,
            projects: term_projects(dataset, period, vocab)?,
            training: training::summarize(input)?,
        })
    }

    /// Listed papers of neither kind (未注明获奖或发表).
    pub(super) fn unsorted(&self) -> usize {
        self.papers.height() - self.awarded() - self.publications.iter().sum::<usize>()
    }

    /// Listed papers awarded.
    pub(super) fn awarded(&self) -> usize {
        self.awards.iter().flatten().sum()
    }

    /// Listed papers awarded, by level.
    pub(super) fn awards_by_level(&self) -> Vec<usize> {
        self.awards.iter().map(|r| r.iter().sum()).collect()
    }

    /// The counts of a table by level as rows: every level of the scale (as in every
    /// report), then 未注明级别 when a paper gives none.
    pub(super) fn by_level(&self, counts: &[usize]) -> Vec<(String, usize)> {
        let rows = self.vocab.levels.rows(counts.last() > Some(&0));
        rows.into_iter().zip(counts.iter().copied()).collect()
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
        let awards = self.awards_by_level();
        for (category, counts) in [("论文获奖", &awards), ("论文发表", &self.publications)]
        {
            for (level, n) in self.by_level(counts) {
                push(category, &level, n as f64);
            }
            push(category, "合计", counts.iter().sum::<usize>() as f64);
        }
        if self.unsorted() > 0 {
            push("论文（未注明获奖或发表）", "合计", self.unsorted() as f64);
        }
        let projects = not_copies(dataset, Kind::Projects)?;
        for (name, date) in MILESTONES.iter().zip(MILESTONE_COLUMNS) {
            let of = projects.clone().filter(query::in_period(col(date), period));
            push("课题", name, of.collect()?.height() as f64);
        }
        let t = &self.training;
        push("培训", "记录", t.records() as f64);
        let trainees = t.rows.iter().filter(|r| r.records > 0).count();
        push("培训", "人数", trainees as f64);
        push("培训", "学时", t.total_hours());
        for (month, n) in self.plans_by_month(months) {
            push("行事历", &month, n);
        }
        push("行事历", "计划项目", self.plans.len() as f64);
        Ok(out)
    }

    /// Calendar items per term month (and 未注明月份 when some have none), by the month each
    /// is listed under.
    fn plans_by_month(&self, months: &[u32]) -> Vec<(String, f64)> {
        let listed: Vec<Option<u32>> = self.plans.iter().map(|p| first_month(p, months)).collect();
        let of = |m: u32| listed.iter().filter(|l| **l == Some(m)).count() as f64;
        let mut out: Vec<(String, f64)> = months
            .iter()
            .map(|m| (MONTHS[(*m - 1) as usize].to_string(), of(*m)))
            .collect();
        let no_month = self.plans.iter().filter(|p| p.month.is_none()).count();
        if no_month > 0 {
            out.push((NO_MONTH.to_string(), no_month as f64));
        }
        out
    }
}

/// Papers in list order: 获奖, 发表, then others; by level, grade and date within each.
fn sorted_papers(papers: &DataFrame, vocab: &Vocab) -> PolarsResult<DataFrame> {
    let kinds = strings(papers, p::KIND)?;
    let levels = strings(papers, LEVEL)?;
    let awards = strings(papers, p::AWARD)?;
    let rank = |i: usize| {
        let kind = ["获奖", "发表"]
            .iter()
            .position(|k| Some(*k) == kinds[i])
            .unwrap_or(2);
        let level = vocab.levels.index(levels[i].unwrap_or(""));
        let award = vocab.awards.index(awards[i].unwrap_or(""));
        ((kind * 100 + level) * 100 + award) as u32
    };
    let ranks: Vec<u32> = (0..papers.height()).map(rank).collect();
    query::sort_by_rank(papers, ranks, &[p::DATE])
}

/// The projects with a milestone (立项, 开题, 结题) in the term, by level then first
/// milestone, each with its [`STEPS`].
fn term_projects(dataset: &Dataset, period: &Period, vocab: &Vocab) -> PolarsResult<DataFrame> {
    let in_term: Vec<Expr> = MILESTONE_COLUMNS
        .iter()
        .map(|c| query::in_period(col(*c), period))
        .collect();
    let any = in_term
        .iter()
        .cloned()
        .reduce(|a, b| a.or(b))
        .expect("three milestones");
    let projects = not_copies(dataset, Kind::Projects)?.filter(any).collect()?;
    let flags = projects
        .clone()
        .lazy()
        .select(
            in_term
                .into_iter()
                .enumerate()
                .map(|(k, e)| e.alias(MILESTONES[k]))
                .collect::<Vec<_>>(),
        )
        .collect()?;
    let flags: Vec<Vec<bool>> = MILESTONES
        .iter()
        .map(|m| {
            Ok(flags
                .column(m)?
                .bool()?
                .iter()
                .map(|b| b.unwrap_or(false))
                .collect())
        })
        .collect::<PolarsResult<_>>()?;
    let steps: Vec<String> = (0..projects.height())
        .map(|i| {
            (0..3)
                .filter(|&k| flags[k][i])
                .map(|k| MILESTONES[k])
                .collect::<Vec<_>>()
                .join("、")
        })
        .collect();
    let levels = strings(&projects, LEVEL)?;
    let ranks: Vec<u32> = (0..projects.height())
        .map(|i| {
            let first = (0..3).find(|&k| flags[k][i]).unwrap_or(3);
            (vocab.levels.index(levels[i].unwrap_or("")) * 10 + first) as u32
        })
        .collect();
    let with_steps =
        query::with_values(&projects, polars::prelude::Column::new(STEPS.into(), steps))?;
    with_places(&query::sort_by_rank(&with_steps, ranks, &[])?)
}

/// A kind's records that are not copies handed in twice.
fn not_copies(dataset: &Dataset, kind: Kind) -> PolarsResult<LazyFrame> {
    let records = query::records(dataset.frames.get(kind), kind, &dataset.copies)?;
    Ok(records.filter(col(query::COPY).not()))
}

/// The date columns of [`MILESTONES`].
const MILESTONE_COLUMNS: [&str; 3] = [j::APPROVED_ON, j::OPENED_ON, j::CLOSED_ON];

/// The place among the term's `months` of the first of them an item covers.
fn month_index(p: &PlanItem, months: &[u32]) -> Option<usize> {
    covered_months(p.month?, p.month_end)
        .into_iter()
        .filter_map(|c| months.iter().position(|t| *t == c))
        .min()
}

/// The term month an item is listed under.
pub(super) fn first_month(p: &PlanItem, months: &[u32]) -> Option<u32> {
    month_index(p, months).map(|i| months[i])
}
