//! The research report's records as frames to count: the papers and projects frames
//! ([`query::records`], copies marked) with the columns only Rust can compute — a record's
//! department, whom its first name designates — and why a record is left out, as a polars
//! expression.
//!
//! Every count of the report is then a query over these frames ([`crate::select::query`]).

use polars::prelude::*;

use crate::normalize::columns::{DEPARTMENT, SOURCE_FILE, papers as p, projects as j};
use crate::normalize::frames::{lists, strings};
use crate::period::Period;
use crate::select::Copies;
use crate::select::query::{
    self, COPY, DUPLICATE, OUTSIDE, POSITION, RECORD, active_in, explode_names, left_out,
};
use crate::select::roster::{Roster, Who};
use crate::vocab::Kind;

/// The record's department: its own, else its first person's in the roster, else "".
pub const DEPT: &str = "dept";
/// The roster teacher (index) a name designates, null when none.
pub const TEACHER: &str = "teacher";
/// [`TEACHER`], [`AMBIGUOUS`] or [`UNKNOWN`]: how a name was attributed.
pub const ATTRIBUTION: &str = "attribution";
/// A name two roster teachers share, not told apart.
pub const AMBIGUOUS: &str = "ambiguous";
/// A name not on the roster (or none).
pub const UNKNOWN: &str = "unknown";
/// A participation's name, after exploding the name lists.
pub const NAME: &str = "name";
/// The teacher who leads the project of a participation (its first leader's), null if none.
pub const LEAD: &str = "lead";

/// Each record's department and whom the first name of its `names` list designates
/// ([`Roster::attribute`]; a department unknown is empty: 未注明教研组).
fn attribute(frame: &DataFrame, names: &str, roster: &Roster) -> PolarsResult<Vec<(String, Who)>> {
    let (files, own) = (strings(frame, SOURCE_FILE)?, strings(frame, DEPARTMENT)?);
    let names = lists(frame, names)?;
    Ok((0..frame.height())
        .map(|i| {
            let first = names[i].first().map(String::as_str);
            roster.attribute(files[i].unwrap_or(""), own[i].unwrap_or(""), first)
        })
        .collect())
}

/// The columns [`TEACHER`] and [`ATTRIBUTION`] of resolved names.
fn who_columns(whos: &[Who]) -> [Column; 2] {
    let teacher: Vec<Option<u32>> = whos.iter().map(|w| w.teacher().map(|i| i as u32)).collect();
    let how: Vec<&str> = whos
        .iter()
        .map(|w| match w {
            Who::Teacher(_) => TEACHER,
            Who::Ambiguous(_) => AMBIGUOUS,
            Who::Unknown => UNKNOWN,
        })
        .collect();
    [
        Column::new(TEACHER.into(), teacher),
        Column::new(ATTRIBUTION.into(), how),
    ]
}

/// A kind's [`query::records`] with the Rust-computed columns [`DEPT`], [`TEACHER`] and
/// [`ATTRIBUTION`] (of each record's first name).
fn with_facts(
    frame: &DataFrame,
    kind: Kind,
    copies: &Copies,
    attributions: Vec<(String, Who)>,
) -> PolarsResult<LazyFrame> {
    let (depts, whos): (Vec<String>, Vec<Who>) = attributions.into_iter().unzip();
    let [teacher, how] = who_columns(&whos);
    let df = query::records(frame, kind, copies)?.collect()?;
    Ok(df
        .hstack(&[Column::new(DEPT.into(), depts), teacher, how])?
        .lazy())
}

/// The papers: each with its facts and why it is not counted in `period` (a copy, of no
/// kind, undated while a period is set, dated outside it).
///
/// # Errors
/// Internal frame errors only.
pub fn papers(
    frame: &DataFrame,
    roster: &Roster,
    copies: &Copies,
    period: &Period,
) -> PolarsResult<DataFrame> {
    let who = attribute(frame, p::AUTHORS, roster)?;
    let kind = col(p::KIND);
    let mut reasons = vec![
        (col(COPY), DUPLICATE),
        (
            kind.clone().neq(lit("获奖")).and(kind.neq(lit("发表"))),
            query::NO_KIND,
        ),
    ];
    reasons.extend(query::dated_in(col(p::DATE), period));
    let reason = left_out(reasons);
    with_facts(frame, Kind::Papers, copies, who)?
        .with_column(reason)
        .collect()
}

/// The projects: each with its facts (of its first leader) and why it is not counted in
/// `period` (a copy, not running in the period).
///
/// # Errors
/// Internal frame errors only.
pub fn projects(
    frame: &DataFrame,
    roster: &Roster,
    copies: &Copies,
    period: &Period,
) -> PolarsResult<DataFrame> {
    let who = attribute(frame, j::LEADER, roster)?;
    let reason = left_out(vec![
        (col(COPY), DUPLICATE),
        (active_in(period).not(), OUTSIDE),
    ]);
    with_facts(frame, Kind::Projects, copies, who)?
        .with_column(reason)
        .collect()
}

/// The participations in counted projects: every leader after the first and every member,
/// one row each with the record, its department, its [`LEAD`] and the name resolved
/// ([`TEACHER`], [`ATTRIBUTION`]).
///
/// # Errors
/// Internal frame errors only.
pub fn participations(projects: &DataFrame, roster: &Roster) -> PolarsResult<DataFrame> {
    let counted = query::counted(projects.clone().lazy()).select([
        col(RECORD),
        col(DEPT),
        col(SOURCE_FILE),
        col(TEACHER).alias(LEAD),
        col(j::LEADER),
        col(j::MEMBERS),
    ]);
    let keep = [
        col(RECORD),
        col(DEPT),
        col(SOURCE_FILE),
        col(LEAD),
        col(NAME),
    ];
    let leaders = explode_names(counted.clone().drop(cols([j::MEMBERS])), j::LEADER, NAME)?
        .filter(col(POSITION).gt(lit(0)))
        .select(keep.clone());
    let members = explode_names(counted.drop(cols([j::LEADER])), j::MEMBERS, NAME)?.select(keep);
    let names = concat([leaders, members], UnionArgs::default())?
        .sort(
            [RECORD],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .collect()?;
    let (files, depts) = (strings(&names, SOURCE_FILE)?, strings(&names, DEPT)?);
    let whos: Vec<Who> = strings(&names, NAME)?
        .into_iter()
        .zip(files.into_iter().zip(depts))
        .map(|(n, (f, d))| roster.resolve(f.unwrap_or(""), n.unwrap_or(""), d.unwrap_or(""), ""))
        .collect();
    names.hstack(&who_columns(&whos))
}
