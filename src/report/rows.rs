//! The normalized frames read back into typed rows, for the standard workbooks: the reverse of
//! [`crate::normalize::frames`] for the columns the reports use. Nulls come back as empty
//! strings, name lists as vectors, the provenance as [`Provenance`].

use chrono::NaiveDate;
use polars::prelude::{DataFrame, PolarsResult};

use crate::check::Place;
use crate::normalize::columns::{self as c, papers as p, projects as j, training as tr};
use crate::normalize::frames::{days, floats, lists, strings, uints};
use crate::normalize::records::Provenance;
use crate::normalize::values::Precision;

/// A paper (论文获奖 or 论文发表).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PaperRow {
    /// 获奖 or 发表 (empty when the sheet does not say).
    pub kind: String,
    /// Authors in written order.
    pub authors: Vec<String>,
    /// 论文题目.
    pub title: String,
    /// Contest or journal.
    pub venue: String,
    /// Canonical level.
    pub level: String,
    /// Canonical award grade.
    pub award: String,
    /// Organizer / awarding body.
    pub organizer: String,
    /// Date (day 1 when only the month is known).
    pub date: Option<NaiveDate>,
    /// Whether `date` knows its day.
    pub date_precision: Option<Precision>,
    /// 教研组 as the record says.
    pub department: String,
    /// 期号.
    pub issue: String,
    /// 刊号.
    pub cn: String,
    /// Where the record was read.
    pub prov: Provenance,
}

impl PaperRow {
    /// The date is known to the month only.
    pub fn month_only(&self) -> bool {
        self.date_precision == Some(Precision::Month)
    }

    /// `file › sheet › 第N行`.
    pub fn source(&self) -> String {
        Place::from(&self.prov).describe()
    }
}

/// A research project (课题).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ProjectRow {
    /// 课题名称.
    pub title: String,
    /// 课题编号.
    pub code: String,
    /// Canonical level.
    pub level: String,
    /// 课题类别.
    pub category: String,
    /// 主持人 in written order.
    pub leaders: Vec<String>,
    /// 课题组成员.
    pub members: Vec<String>,
    /// Canonical status.
    pub status: String,
    /// 立项时间.
    pub approved_on: Option<NaiveDate>,
    /// 开题时间.
    pub opened_on: Option<NaiveDate>,
    /// 结题时间.
    pub closed_on: Option<NaiveDate>,
    /// 立项单位.
    pub organizer: String,
    /// 教研组 as the record says.
    pub department: String,
    /// Where the record was read.
    pub prov: Provenance,
}

impl ProjectRow {
    /// `file › sheet › 第N行`.
    pub fn source(&self) -> String {
        Place::from(&self.prov).describe()
    }
}

/// One training record.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TrainingRow {
    /// Position in the training frame.
    pub index: usize,
    /// 姓名.
    pub teacher: String,
    /// 教研组 as the record says.
    pub department: String,
    /// 身份证号.
    pub id_number: String,
    /// 培训项目.
    pub course: String,
    /// 培训类型.
    pub kind: String,
    /// 培训级别.
    pub level: String,
    /// 开始日期.
    pub start: Option<NaiveDate>,
    /// 结束日期.
    pub end: Option<NaiveDate>,
    /// 学时 (None when not filled in or not a number).
    pub hours: Option<f64>,
    /// 培训机构.
    pub organizer: String,
    /// Where the record was read (its file decides which roster applies).
    pub prov: Provenance,
}

impl TrainingRow {
    /// Hours as counted (a missing value counts 0).
    pub fn counted_hours(&self) -> f64 {
        self.hours.unwrap_or(0.0)
    }

    /// `file › sheet › 第N行`.
    pub fn source(&self) -> String {
        Place::from(&self.prov).describe()
    }
}

/// Every paper of a papers frame, in frame order.
///
/// # Errors
/// A column is missing or of another type (an internal error).
pub(crate) fn papers(df: &DataFrame) -> PolarsResult<Vec<PaperRow>> {
    let kind = texts(df, p::KIND)?;
    let authors = lists(df, p::AUTHORS)?;
    let title = texts(df, c::TITLE)?;
    let venue = texts(df, p::VENUE)?;
    let level = texts(df, c::LEVEL)?;
    let award = texts(df, p::AWARD)?;
    let organizer = texts(df, c::ORGANIZER)?;
    let date = days(df, p::DATE)?;
    let precision = strings(df, p::DATE_PRECISION)?;
    let department = texts(df, c::DEPARTMENT)?;
    let issue = texts(df, p::ISSUE)?;
    let cn = texts(df, p::CN)?;
    Ok(provenance(df)?
        .into_iter()
        .enumerate()
        .map(|(i, prov)| PaperRow {
            kind: kind[i].clone(),
            authors: authors[i].clone(),
            title: title[i].clone(),
            venue: venue[i].clone(),
            level: level[i].clone(),
            award: award[i].clone(),
            organizer: organizer[i].clone(),
            date: date[i],
            date_precision: match precision[i] {
                Some("day") => Some(Precision::Day),
                Some("month") => Some(Precision::Month),
                _ => None,
            },
            department: department[i].clone(),
            issue: issue[i].clone(),
            cn: cn[i].clone(),
            prov,
        })
        .collect())
}

/// Every project of a projects frame, in frame order.
///
/// # Errors
/// A column is missing or of another type (an internal error).
pub(crate) fn projects(df: &DataFrame) -> PolarsResult<Vec<ProjectRow>> {
    let title = texts(df, c::TITLE)?;
    let code = texts(df, j::CODE)?;
    let level = texts(df, c::LEVEL)?;
    let category = texts(df, j::CATEGORY)?;
    let leaders = lists(df, j::LEADER)?;
    let members = lists(df, j::MEMBERS)?;
    let status = texts(df, j::STATUS)?;
    let approved_on = days(df, j::APPROVED_ON)?;
    let opened_on = days(df, j::OPENED_ON)?;
    let closed_on = days(df, j::CLOSED_ON)?;
    let organizer = texts(df, c::ORGANIZER)?;
    let department = texts(df, c::DEPARTMENT)?;
    Ok(provenance(df)?
        .into_iter()
        .enumerate()
        .map(|(i, prov)| ProjectRow {
            title: title[i].clone(),
            code: code[i].clone(),
            level: level[i].clone(),
            category: category[i].clone(),
            leaders: leaders[i].clone(),
            members: members[i].clone(),
            status: status[i].clone(),
            approved_on: approved_on[i],
            opened_on: opened_on[i],
            closed_on: closed_on[i],
            organizer: organizer[i].clone(),
            department: department[i].clone(),
            prov,
        })
        .collect())
}

/// Every record of a training frame, in frame order.
///
/// # Errors
/// A column is missing or of another type (an internal error).
pub(crate) fn training(df: &DataFrame) -> PolarsResult<Vec<TrainingRow>> {
    let teacher = texts(df, tr::TEACHER)?;
    let department = texts(df, c::DEPARTMENT)?;
    let id_number = texts(df, c::ID_NUMBER)?;
    let course = texts(df, tr::COURSE)?;
    let kind = texts(df, tr::TYPE)?;
    let level = texts(df, c::LEVEL)?;
    let start = days(df, tr::START)?;
    let end = days(df, tr::END)?;
    let hours = floats(df, tr::HOURS)?;
    let organizer = texts(df, c::ORGANIZER)?;
    Ok(provenance(df)?
        .into_iter()
        .enumerate()
        .map(|(i, prov)| TrainingRow {
            index: i,
            teacher: teacher[i].clone(),
            department: department[i].clone(),
            id_number: id_number[i].clone(),
            course: course[i].clone(),
            kind: kind[i].clone(),
            level: level[i].clone(),
            start: start[i],
            end: end[i],
            hours: hours[i],
            organizer: organizer[i].clone(),
            prov,
        })
        .collect())
}

/// A text column, nulls as empty strings.
fn texts(df: &DataFrame, name: &str) -> PolarsResult<Vec<String>> {
    Ok(strings(df, name)?
        .into_iter()
        .map(|s| s.unwrap_or("").to_string())
        .collect())
}

/// The `source_file`, `sheet` and `row` columns.
fn provenance(df: &DataFrame) -> PolarsResult<Vec<Provenance>> {
    let files = texts(df, c::SOURCE_FILE)?;
    let sheets = texts(df, c::SHEET)?;
    let rows = uints(df, c::ROW)?;
    Ok(files
        .into_iter()
        .zip(sheets)
        .zip(rows)
        .map(|((source_file, sheet), row)| Provenance {
            source_file,
            sheet,
            row: row.unwrap_or(0),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::at;
    use crate::normalize::frames::Frames;
    use crate::normalize::records::{Paper, Project, Records, Training};

    #[test]
    fn rows_read_back_what_the_frames_were_built_from() {
        let records = Records {
            papers: vec![Paper {
                kind: "获奖".into(),
                authors: vec!["张三".into(), "李四".into()],
                title: "论文".into(),
                date: NaiveDate::from_ymd_opt(2023, 11, 1),
                date_precision: Some(Precision::Month),
                prov: at("论文.xlsx", 4),
                ..Paper::default()
            }],
            projects: vec![Project {
                title: "课题".into(),
                leader: vec!["王五".into()],
                opened_on: NaiveDate::from_ymd_opt(2023, 12, 1),
                prov: at("课题.xlsx", 3),
                ..Project::default()
            }],
            training: vec![
                Training::default(),
                Training {
                    teacher: "赵六".into(),
                    hours: Some(4.5),
                    prov: at("培训.xlsx", 7),
                    ..Training::default()
                },
            ],
            ..Records::default()
        };
        let f = Frames::from_records(&records).unwrap();
        let p = &papers(&f.papers).unwrap()[0];
        assert_eq!(p.authors, ["张三", "李四"]);
        assert_eq!(p.venue, "");
        assert!(p.month_only());
        assert_eq!(p.source(), "论文.xlsx › Sheet1 › 第4行");
        let q = &projects(&f.projects).unwrap()[0];
        assert_eq!((q.leaders.len(), q.members.len()), (1, 0));
        assert_eq!(q.opened_on, NaiveDate::from_ymd_opt(2023, 12, 1));
        let t = &training(&f.training).unwrap()[1];
        assert_eq!((t.index, t.counted_hours()), (1, 4.5));
        assert_eq!(t.source(), "培训.xlsx › Sheet1 › 第7行");
    }
}
