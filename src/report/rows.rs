//! The training frame read back into typed rows, for matching trainees to the roster one
//! record at a time: nulls come back as empty strings, the provenance as [`Provenance`]. The
//! other reports read their frames with queries.

use chrono::NaiveDate;
use polars::prelude::{DataFrame, PolarsResult};

use crate::check::Place;
use crate::normalize::columns::{self as c, training as tr};
use crate::normalize::frames::{days, floats, strings, uints};
use crate::normalize::records::Provenance;

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
    use crate::normalize::records::{Records, Training};

    #[test]
    fn rows_read_back_what_the_frames_were_built_from() {
        let records = Records {
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
        let t = &training(&f.training).unwrap()[1];
        assert_eq!((t.index, t.counted_hours()), (1, 4.5));
        assert_eq!(t.source(), "培训.xlsx › Sheet1 › 第7行");
    }
}
