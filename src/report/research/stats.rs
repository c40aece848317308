//! What the research report counts: the papers and projects of the period, once each, and
//! their counts by level, grade, status, department and teacher.

use polars::prelude::*;

use super::facts::{self, ATTRIBUTION, DEPT, LEAD};
use super::{Counted, NO_DEPARTMENT};
use crate::finding::{Finding, Severity};
use crate::normalize::columns::{LEVEL, papers as p, projects as j};
use crate::period::Period;
use crate::pipeline::Dataset;
use crate::select::query::{self, Left, count_by, counts, level_counts, level_table};
use crate::select::roster::Roster;
use crate::vocab::Vocab;

// ---------------------------------------------------------------------------------------
// Counting.

/// The counts of 汇总 and research_summary.csv. Tables of several schools add up
/// ([`Tables::add`]): the district's 汇总 is the sum of its schools'.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tables {
    /// Papers read, and why some were not counted.
    pub paper_left: Left,
    /// Projects read, and why some were not counted.
    pub project_left: Left,
    /// Active projects without an approval date (counted as active).
    pub projects_without_approval: usize,
    /// 论文获奖: [level][grade], grades then 未注明等次.
    pub award_table: Vec<Vec<usize>>,
    /// 论文发表 per level.
    pub publication_table: Vec<usize>,
    /// 课题: [level][status], statuses then 未注明状态.
    pub project_table: Vec<Vec<usize>>,
    /// 本期立项 per level.
    pub approved_in_period: Vec<usize>,
    /// 本期结题 per level.
    pub closed_in_period: Vec<usize>,
}

/// `a += b`, element by element (`a` grows to `b`'s length).
fn add_all(a: &mut Vec<usize>, b: &[usize]) {
    if a.len() < b.len() {
        a.resize(b.len(), 0);
    }
    a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
}

fn add_rows(a: &mut Vec<Vec<usize>>, b: &[Vec<usize>]) {
    if a.len() < b.len() {
        a.resize(b.len(), Vec::new());
    }
    a.iter_mut().zip(b).for_each(|(x, y)| add_all(x, y));
}

impl Tables {
    /// Adds another school's counts (same vocabularies).
    pub fn add(&mut self, o: &Tables) {
        self.paper_left.add(&o.paper_left);
        self.project_left.add(&o.project_left);
        self.projects_without_approval += o.projects_without_approval;
        add_rows(&mut self.award_table, &o.award_table);
        add_all(&mut self.publication_table, &o.publication_table);
        add_rows(&mut self.project_table, &o.project_table);
        add_all(&mut self.approved_in_period, &o.approved_in_period);
        add_all(&mut self.closed_in_period, &o.closed_in_period);
    }

    /// Counted awards.
    pub fn awards(&self) -> usize {
        self.award_table.iter().flatten().sum()
    }

    /// Counted publications.
    pub fn publications(&self) -> usize {
        self.publication_table.iter().sum()
    }

    /// Counted (active) projects.
    pub fn projects(&self) -> usize {
        self.project_table.iter().flatten().sum()
    }
}

/// Per teacher (roster order).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct PersonCounts {
    pub(super) awards: usize,
    pub(super) publications: usize,
    pub(super) led: usize,
    pub(super) joined: usize,
}

/// Per department.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct DepartmentCounts {
    /// 论文获奖 by level (the levels and 未注明级别).
    pub(super) awards: Vec<usize>,
    pub(super) publications: usize,
    pub(super) led: usize,
    pub(super) joined: usize,
}

/// How names on counted records were attributed to teachers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Unattributed {
    /// Papers whose first author is not on the roster (or no author is given).
    pub(super) papers_unknown: usize,
    /// Papers whose first author is a name roster teachers share, not told apart.
    pub(super) papers_ambiguous: usize,
    /// Project leaders (first) not on the roster.
    pub(super) leaders_unknown: usize,
    /// Project leaders (first) shared by namesakes.
    pub(super) leaders_ambiguous: usize,
    /// Participations (other leaders and members) not on the roster.
    pub(super) members_unknown: usize,
    /// Participations by shared names.
    pub(super) members_ambiguous: usize,
}

/// Everything the sheets and CSVs show.
#[derive(Debug)]
pub(super) struct Stats<'a> {
    /// The orders and words of levels, grades and statuses.
    pub(super) vocab: &'a Vocab,
    pub(super) period: Period,
    /// The roster, whose teachers 按教师 lists.
    pub(super) roster: &'a Roster,
    /// Counted papers and active projects, in inbox order: the frames' columns and
    /// [`facts`]' ([`DEPT`]: the department, "" when unknown).
    pub(super) counted: Counted,
    /// The counts of 汇总.
    pub(super) tables: Tables,
    pub(super) people: Vec<PersonCounts>,
    pub(super) unattributed: Unattributed,
    /// Departments in report order ("" last = 未注明教研组).
    pub(super) departments: Vec<(String, DepartmentCounts)>,
    /// Errors still in the data.
    pub(super) errors: usize,
}

impl<'a> Stats<'a> {
    /// Counts the records of `dataset` for `period`.
    ///
    /// # Errors
    /// Internal frame errors only.
    pub(super) fn compute(
        dataset: &'a Dataset,
        period: &Period,
        findings: &[Finding],
        vocab: &'a Vocab,
    ) -> PolarsResult<Stats<'a>> {
        let roster = &dataset.roster;
        let (frames, copies) = (&dataset.frames, &dataset.copies);
        let paper_facts = facts::papers(&frames.papers, roster, copies, period)?;
        let project_facts = facts::projects(&frames.projects, roster, copies, period)?;
        let joins = facts::participations(&project_facts, roster)?;
        let awards = of_kind(&paper_facts, "获奖");
        let publications = of_kind(&paper_facts, "发表");
        let active = counted(&project_facts);
        let people = people(roster, &awards, &publications, &active, &joins)?;
        let (papers_ambiguous, papers_unknown) = unattributed(counted(&paper_facts))?;
        let (leaders_ambiguous, leaders_unknown) = unattributed(active.clone())?;
        let (members_ambiguous, members_unknown) = unattributed(joins.lazy())?;
        let mut stats = Stats {
            vocab,
            period: *period,
            counted: Counted {
                awards: awards.clone().collect()?,
                publications: publications.clone().collect()?,
                projects: active.clone().collect()?,
            },
            tables: tables(
                (&paper_facts, &project_facts),
                (&awards, &publications, &active),
                period,
                vocab,
            )?,
            unattributed: Unattributed {
                papers_unknown,
                papers_ambiguous,
                leaders_unknown,
                leaders_ambiguous,
                members_unknown,
                members_ambiguous,
            },
            departments: Vec::new(),
            people,
            roster,
            errors: findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count(),
        };
        stats.departments = departments(&stats, &awards, &publications, &active)?;
        Ok(stats)
    }
}

/// The counts of 汇总 from the facts of papers and projects and the counted ones.
fn tables(
    (paper_facts, project_facts): (&DataFrame, &DataFrame),
    (awards, publications, active): (&LazyFrame, &LazyFrame, &LazyFrame),
    period: &Period,
    vocab: &Vocab,
) -> PolarsResult<Tables> {
    let levels = &vocab.levels;
    // Projects per level whose `date` falls in the period (本期立项, 本期结题).
    let in_period = |date: &str| {
        level_counts(
            active.clone().filter(query::in_period(col(date), period)),
            levels,
        )
    };
    Ok(Tables {
        paper_left: Left::of(paper_facts)?,
        project_left: Left::of(project_facts)?,
        projects_without_approval: active
            .clone()
            .filter(col(j::APPROVED_ON).is_null())
            .collect()?
            .height(),
        award_table: level_table(awards.clone(), levels, (p::AWARD, &vocab.awards))?,
        publication_table: level_counts(publications.clone(), levels)?,
        project_table: level_table(active.clone(), levels, (j::STATUS, &vocab.statuses))?,
        approved_in_period: in_period(j::APPROVED_ON)?,
        closed_in_period: in_period(j::CLOSED_ON)?,
    })
}

/// The counted rows of a facts frame.
fn counted(facts: &DataFrame) -> LazyFrame {
    query::counted(facts.clone().lazy())
}

/// The counted papers of a kind (获奖, 发表).
fn of_kind(facts: &DataFrame, kind: &str) -> LazyFrame {
    counted(facts).filter(col(p::KIND).eq(lit(kind)))
}

/// Names not attributed to one teacher: (shared by namesakes, not on the roster).
fn unattributed(lf: LazyFrame) -> PolarsResult<(usize, usize)> {
    let mut out = (0, 0);
    for (how, n) in counts(lf, &[ATTRIBUTION])? {
        match how[0].as_str() {
            facts::AMBIGUOUS => out.0 = n,
            facts::UNKNOWN => out.1 = n,
            _ => {}
        }
    }
    Ok(out)
}

/// Rows per roster teacher among those attributed to one.
fn per_teacher(lf: LazyFrame, n: usize) -> PolarsResult<Vec<usize>> {
    let mut out = vec![0; n];
    let attributed = lf.filter(col(ATTRIBUTION).eq(lit(facts::TEACHER)));
    for (k, c) in counts(attributed, &[facts::TEACHER])? {
        if let Some(slot) = k[0].parse::<usize>().ok().and_then(|i| out.get_mut(i)) {
            *slot = c;
        }
    }
    Ok(out)
}

/// Per teacher: papers as first author, projects as first leader, and the projects joined
/// otherwise (as another leader or a member, once per project, not one the teacher leads).
fn people(
    roster: &Roster,
    awards: &LazyFrame,
    publications: &LazyFrame,
    active: &LazyFrame,
    joins: &DataFrame,
) -> PolarsResult<Vec<PersonCounts>> {
    let n = roster.members().len();
    let teacher = col(facts::TEACHER);
    let not_the_lead = teacher.clone().neq(col(LEAD)).fill_null(lit(true));
    // One row per (project, teacher): a teacher named twice joins once.
    let joined = count_by(
        joins.clone().lazy().filter(not_the_lead),
        &[query::RECORD, facts::TEACHER, ATTRIBUTION],
    );
    let [a, p, l, j] = [
        per_teacher(awards.clone(), n)?,
        per_teacher(publications.clone(), n)?,
        per_teacher(active.clone(), n)?,
        per_teacher(joined, n)?,
    ];
    Ok((0..n)
        .map(|i| PersonCounts {
            awards: a[i],
            publications: p[i],
            led: l[i],
            joined: j[i],
        })
        .collect())
}

/// Per department, in report order: the roster's departments, then those only records name,
/// then "" (未注明教研组) when it has anything.
fn departments(
    s: &Stats,
    awards: &LazyFrame,
    publications: &LazyFrame,
    active: &LazyFrame,
) -> PolarsResult<Vec<(String, DepartmentCounts)>> {
    let levels = &s.vocab.levels;
    let width = levels.order.len() + 1;
    let mut out = Vec::new();
    for e in s
        .roster
        .members()
        .iter()
        .filter(|e| !e.department.is_empty())
    {
        department(&mut out, &e.department, width);
    }
    for (k, n) in counts(awards.clone(), &[DEPT, LEVEL])? {
        department(&mut out, &k[0], width).awards[levels.index(&k[1])] += n;
    }
    for (k, n) in counts(publications.clone(), &[DEPT])? {
        department(&mut out, &k[0], width).publications += n;
    }
    for (k, n) in counts(active.clone(), &[DEPT])? {
        department(&mut out, &k[0], width).led += n;
    }
    // 课题参与: the joined projects of each department's roster teachers.
    for (e, c) in s.roster.members().iter().zip(&s.people) {
        if c.joined > 0 {
            department(&mut out, &e.department, width).joined += c.joined;
        }
    }
    // Records name departments in the order they come; "" goes last.
    if let Some(i) = out.iter().position(|(d, _)| d.is_empty()) {
        let none = out.remove(i);
        out.push(none);
    }
    Ok(out)
}

/// The counts of department `d`, added after the others the first time it comes (`width`:
/// the levels and 未注明级别).
fn department<'a>(
    out: &'a mut Vec<(String, DepartmentCounts)>,
    d: &str,
    width: usize,
) -> &'a mut DepartmentCounts {
    let i = out.iter().position(|(o, _)| o == d).unwrap_or_else(|| {
        let blank = DepartmentCounts {
            awards: vec![0; width],
            ..DepartmentCounts::default()
        };
        out.push((d.to_string(), blank));
        out.len() - 1
    });
    &mut out[i].1
}

pub(super) fn department_label(d: &str) -> &str {
    if d.is_empty() { NO_DEPARTMENT } else { d }
}
