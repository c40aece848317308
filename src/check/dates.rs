//! `inconsistent_dates`: an end before its start, a project closed before it was approved or
//! opened before it was approved, a project marked 结题 without a closing date.

use polars::prelude::PolarsResult;

use super::{Locator, places};
use crate::finding::{Code, Finding, Severity};
use crate::normalize::frames::{days, strings};
use crate::pipeline::Dataset;
use crate::vocab::Kind;

fn iso(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Runs the rule.
///
/// # Errors
/// Internal frame errors only.
pub fn check(dataset: &Dataset, at: &Locator) -> PolarsResult<Vec<Finding>> {
    let mut out = Vec::new();
    let t = &dataset.frames.training;
    let (starts, ends) = (days(t, "start")?, days(t, "end")?);
    for (i, place) in places(dataset, Kind::Training)?.iter().enumerate() {
        if let (Some(s), Some(e)) = (starts[i], ends[i])
            && e < s
        {
            let field = if at.has_column(place, "end") {
                "end"
            } else {
                "period"
            };
            out.push(at.finding(
                place,
                field,
                Code::InconsistentDates,
                Severity::Error,
                &iso(e),
                format!("结束日期 {} 早于开始日期 {}", iso(e), iso(s)),
            ));
        }
    }
    let p = &dataset.frames.projects;
    let approved = days(p, "approved_on")?;
    let opened = days(p, "opened_on")?;
    let closed = days(p, "closed_on")?;
    let status = strings(p, "status")?;
    for (i, place) in places(dataset, Kind::Projects)?.iter().enumerate() {
        if let (Some(a), Some(c)) = (approved[i], closed[i])
            && c < a
        {
            out.push(at.finding(
                place,
                "closed_on",
                Code::InconsistentDates,
                Severity::Error,
                &iso(c),
                format!("结题时间 {} 早于立项时间 {}", iso(c), iso(a)),
            ));
        }
        if let (Some(a), Some(o)) = (approved[i], opened[i])
            && o < a
        {
            out.push(at.finding(
                place,
                "opened_on",
                Code::InconsistentDates,
                Severity::Warning,
                &iso(o),
                format!("开题时间 {} 早于立项时间 {}", iso(o), iso(a)),
            ));
        }
        if status[i] == Some("结题") && closed[i].is_none() {
            let field = if at.has_column(place, "closed_on") {
                "closed_on"
            } else {
                "status"
            };
            out.push(
                at.finding(
                    place,
                    field,
                    Code::InconsistentDates,
                    Severity::Warning,
                    "",
                    "课题状态为“结题”，但没有结题时间".into(),
                )
                .with_suggestion("请补填结题时间（结题证书上的日期）"),
            );
        }
    }
    super::dedup_findings(&mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{at, dataset};
    use crate::normalize::records::{Project, Records, Training};
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn training_that_ends_before_it_starts() {
        let t = |s, e, row| Training {
            teacher: "张三".into(),
            start: s,
            end: e,
            prov: at("t.xlsx", row),
            ..Training::default()
        };
        let data = dataset(Records {
            training: vec![
                t(d(2023, 7, 14), d(2023, 7, 10), 2),
                t(d(2023, 7, 10), d(2023, 7, 10), 3),
            ],
            ..Records::default()
        });
        let found = check(&data, &Locator::new(&data.sheets)).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].row, found[0].value.as_str()),
            (Some(2), "2023-07-10")
        );
    }

    #[test]
    fn projects_closed_before_approval_or_closed_without_a_date() {
        let p = |a, c, status: &str, row| Project {
            title: "x".into(),
            approved_on: a,
            closed_on: c,
            status: status.into(),
            prov: at("p.xlsx", row),
            ..Project::default()
        };
        let data = dataset(Records {
            projects: vec![
                p(d(2023, 5, 1), d(2022, 6, 1), "结题", 2),
                p(d(2021, 5, 1), None, "结题", 3),
                p(d(2021, 5, 1), d(2023, 6, 1), "结题", 4),
                p(d(2021, 5, 1), None, "立项", 5),
            ],
            ..Records::default()
        });
        let found = check(&data, &Locator::new(&data.sheets)).unwrap();
        let got: Vec<(u32, Severity)> =
            found.iter().map(|f| (f.row.unwrap(), f.severity)).collect();
        assert_eq!(got, [(2, Severity::Error), (3, Severity::Warning)]);
    }
}
