//! What the research report counts: the papers and projects of the period, once each, and
//! their counts by level, grade, status, department and teacher.

use std::collections::{HashMap, HashSet};

use super::NO_DEPARTMENT;
use crate::finding::{Finding, Severity};
use crate::period::{Period, PeriodKind};
use crate::report::rows::{PaperRow, ProjectRow};
use crate::select::Copies;
use crate::select::roster::{Member, Roster, Who};
use crate::vocab::{Kind, Vocab};

/// Index of a level in the report order (vocab.toml `[levels]`); the last for 未注明级别.
pub(super) fn level_index(vocab: &Vocab, level: &str) -> usize {
    vocab.levels.index(level)
}

// ---------------------------------------------------------------------------------------
// The roster, for attributing records to teachers and departments.

/// The roster, with the one rule for a record's department.
#[derive(Debug)]
pub(super) struct Staff<'a> {
    pub(super) roster: &'a Roster,
}

impl Staff<'_> {
    /// The teacher a name on a record of `file` designates; `department` is the record's
    /// ([`Staff::department`]), used only to tell namesakes apart.
    pub(super) fn who(&self, file: &str, name: &str, department: &str) -> Who {
        self.roster.resolve(file, name, department, "")
    }

    /// A record's department: its own 教研组, else the roster department of its first
    /// person when the name is unique in the roster, else empty (未注明教研组).
    pub(super) fn department(&self, file: &str, own: &str, first: Option<&String>) -> String {
        if !own.is_empty() {
            return own.to_string();
        }
        first
            .and_then(|n| self.roster.department_of(file, n))
            .unwrap_or("")
            .to_string()
    }

    /// The teachers, in report order.
    pub(super) fn entries(&self) -> &[Member] {
        self.roster.members()
    }
}

// ---------------------------------------------------------------------------------------
// Counting.

/// Why papers or projects were left out, and how many.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Left {
    pub(super) total: usize,
    pub(super) duplicates: usize,
    pub(super) no_kind: usize,
    pub(super) undated: usize,
    pub(super) outside: usize,
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
    pub(super) staff: Staff<'a>,
    /// Counted papers, each with its department ("" = unknown).
    pub(super) awards: Vec<(&'a PaperRow, String)>,
    pub(super) publications: Vec<(&'a PaperRow, String)>,
    /// Active projects, each with its department.
    pub(super) projects: Vec<(&'a ProjectRow, String)>,
    pub(super) paper_left: Left,
    pub(super) project_left: Left,
    /// Active projects without an approval date (counted as active).
    pub(super) projects_without_approval: usize,
    /// 论文获奖: [level][grade], grades then 未注明等次.
    pub(super) award_table: Vec<Vec<usize>>,
    /// 论文发表 per level.
    pub(super) publication_table: Vec<usize>,
    /// 课题: [level][status], statuses then 未注明状态.
    pub(super) project_table: Vec<Vec<usize>>,
    /// 本期立项 / 本期结题 per level.
    pub(super) approved_in_period: Vec<usize>,
    pub(super) closed_in_period: Vec<usize>,
    pub(super) people: Vec<PersonCounts>,
    pub(super) unattributed: Unattributed,
    /// Departments in report order ("" last = 未注明教研组).
    pub(super) departments: Vec<(String, DepartmentCounts)>,
    /// Errors still in the data.
    pub(super) errors: usize,
}

impl<'a> Stats<'a> {
    pub(super) fn compute(
        papers: &'a [PaperRow],
        projects: &'a [ProjectRow],
        roster: &'a Roster,
        period: &Period,
        findings: &[Finding],
        copies: &Copies,
        vocab: &'a Vocab,
    ) -> Stats<'a> {
        let staff = Staff { roster };
        let level_index = |level: &str| vocab.levels.index(level);
        let limited = period.kind != PeriodKind::All;

        let mut paper_left = Left {
            total: papers.len(),
            ..Left::default()
        };
        let mut awards = Vec::new();
        let mut publications = Vec::new();
        for (i, p) in papers.iter().enumerate() {
            if copies.is_copy(Kind::Papers, i) {
                paper_left.duplicates += 1;
                continue;
            }
            if p.kind != "获奖" && p.kind != "发表" {
                paper_left.no_kind += 1;
                continue;
            }
            match p.date {
                None if limited => {
                    paper_left.undated += 1;
                    continue;
                }
                Some(d) if !period.contains(d) => {
                    paper_left.outside += 1;
                    continue;
                }
                _ => {}
            }
            let dept = staff.department(&p.prov.source_file, &p.department, p.authors.first());
            if p.kind == "获奖" {
                awards.push((p, dept));
            } else {
                publications.push((p, dept));
            }
        }

        let mut project_left = Left {
            total: projects.len(),
            ..Left::default()
        };
        let mut active = Vec::new();
        let mut projects_without_approval = 0;
        for (i, p) in projects.iter().enumerate() {
            if copies.is_copy(Kind::Projects, i) {
                project_left.duplicates += 1;
                continue;
            }
            let started = p.approved_on.is_none_or(|d| d <= period.end);
            let running = p.closed_on.is_none_or(|d| d >= period.start);
            if !(started && running) {
                project_left.outside += 1;
                continue;
            }
            if p.approved_on.is_none() {
                projects_without_approval += 1;
            }
            let dept = staff.department(&p.prov.source_file, &p.department, p.leaders.first());
            active.push((p, dept));
        }

        let nlevels = vocab.levels.order.len() + 1;
        let mut award_table = vec![vec![0; vocab.awards.order.len() + 1]; nlevels];
        for (p, _) in &awards {
            award_table[level_index(&p.level)][vocab.awards.index(&p.award)] += 1;
        }
        let mut publication_table = vec![0; nlevels];
        for (p, _) in &publications {
            publication_table[level_index(&p.level)] += 1;
        }
        let mut project_table = vec![vec![0; vocab.statuses.order.len() + 1]; nlevels];
        let mut approved_in_period = vec![0; nlevels];
        let mut closed_in_period = vec![0; nlevels];
        for (p, _) in &active {
            let l = level_index(&p.level);
            project_table[l][vocab.statuses.index(&p.status)] += 1;
            if p.approved_on.is_some_and(|d| period.contains(d)) {
                approved_in_period[l] += 1;
            }
            if p.closed_on.is_some_and(|d| period.contains(d)) {
                closed_in_period[l] += 1;
            }
        }

        // Per teacher: first author, first leader; the others participate.
        let mut people = vec![PersonCounts::default(); staff.entries().len()];
        let mut un = Unattributed::default();
        for (list, is_award) in [(&awards, true), (&publications, false)] {
            for (p, dept) in list {
                let who = p
                    .authors
                    .first()
                    .map_or(Who::Unknown, |a| staff.who(&p.prov.source_file, a, dept));
                match who {
                    Who::Teacher(i) if is_award => people[i].awards += 1,
                    Who::Teacher(i) => people[i].publications += 1,
                    Who::Ambiguous(_) => un.papers_ambiguous += 1,
                    Who::Unknown => un.papers_unknown += 1,
                }
            }
        }
        for (p, dept) in &active {
            let mut seen: HashSet<usize> = HashSet::new();
            match p
                .leaders
                .first()
                .map_or(Who::Unknown, |l| staff.who(&p.prov.source_file, l, dept))
            {
                Who::Teacher(i) => {
                    people[i].led += 1;
                    seen.insert(i);
                }
                Who::Ambiguous(_) => un.leaders_ambiguous += 1,
                Who::Unknown => un.leaders_unknown += 1,
            }
            for name in p.leaders.iter().skip(1).chain(&p.members) {
                match staff.who(&p.prov.source_file, name, dept) {
                    Who::Teacher(i) => {
                        if seen.insert(i) {
                            people[i].joined += 1;
                        }
                    }
                    Who::Ambiguous(_) => un.members_ambiguous += 1,
                    Who::Unknown => un.members_unknown += 1,
                }
            }
        }

        // Departments: the roster's in order, then those only records name, then 未注明.
        let mut order: Vec<String> = Vec::new();
        for e in staff.entries() {
            if !e.department.is_empty() && !order.contains(&e.department) {
                order.push(e.department.clone());
            }
        }
        for dept in awards
            .iter()
            .chain(&publications)
            .map(|(_, d)| d)
            .chain(active.iter().map(|(_, d)| d))
        {
            if !dept.is_empty() && !order.contains(dept) {
                order.push(dept.clone());
            }
        }
        let blank = || DepartmentCounts {
            awards: vec![0; nlevels],
            ..DepartmentCounts::default()
        };
        let mut by_dept: HashMap<String, DepartmentCounts> = HashMap::new();
        for (p, d) in &awards {
            by_dept.entry(d.clone()).or_insert_with(blank).awards[level_index(&p.level)] += 1;
        }
        for (_, d) in &publications {
            by_dept.entry(d.clone()).or_insert_with(blank).publications += 1;
        }
        for (_, d) in &active {
            by_dept.entry(d.clone()).or_insert_with(blank).led += 1;
        }
        for (e, c) in staff.entries().iter().zip(&people) {
            if c.joined > 0 {
                by_dept
                    .entry(e.department.clone())
                    .or_insert_with(blank)
                    .joined += c.joined;
            }
        }
        let mut departments: Vec<(String, DepartmentCounts)> = order
            .into_iter()
            .map(|d| {
                let c = by_dept.remove(&d).unwrap_or_else(blank);
                (d, c)
            })
            .collect();
        if let Some(c) = by_dept.remove("") {
            departments.push((String::new(), c));
        }

        Stats {
            vocab,
            period: *period,
            staff,
            awards,
            publications,
            projects: active,
            paper_left,
            project_left,
            projects_without_approval,
            award_table,
            publication_table,
            project_table,
            approved_in_period,
            closed_in_period,
            people,
            unattributed: un,
            departments,
            errors: findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count(),
        }
    }
}

pub(super) fn department_label(d: &str) -> &str {
    if d.is_empty() { NO_DEPARTMENT } else { d }
}
