//! `undated_plan`: a plan (a document, or a calendar sheet) that names no school year while a
//! reporting period is set. Its items are taken by their months alone
//! ([`crate::select::plans`]), so an old plan left in the folder would be counted as this
//! term's: one warning per plan says so.

use polars::prelude::PolarsResult;

use super::{Settings, places};
use crate::finding::{Code, Finding, Severity};
use crate::normalize::columns::plans as pl;
use crate::normalize::frames::strings;
use crate::pipeline::Dataset;
use crate::vocab::Kind;

/// Runs the rule.
///
/// # Errors
/// Internal frame errors only.
pub fn check(dataset: &Dataset, settings: &Settings) -> PolarsResult<Vec<Finding>> {
    if settings.period.is_none() {
        return Ok(Vec::new());
    }
    let school_years = strings(&dataset.frames.plans, pl::SCHOOL_YEAR)?;
    // (file, sheet, items) of each undated plan, in inbox order.
    let mut undated: Vec<(&str, &str, usize)> = Vec::new();
    for (place, year) in places(dataset, Kind::Plans)?.iter().zip(school_years) {
        if year.is_some() {
            continue;
        }
        match undated.last_mut() {
            Some((f, s, n)) if *f == place.file && *s == place.sheet => *n += 1,
            _ => undated.push((place.file, place.sheet, 1)),
        }
    }
    Ok(undated
        .into_iter()
        .map(|(file, sheet, n)| {
            Finding::sheet(
                Code::UndatedPlan,
                Severity::Warning,
                file,
                sheet,
                format!(
                    "这份计划没有写明学年学期（标题、工作表名、文件名和其中的日期都没有），其中 {n} 项只按月份计入统计期，如是往年的计划会被误计"
                ),
            )
            .with_suggestion("请在标题或文件名中写明学年学期，如“2023-2024学年第一学期教科室工作计划”")
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{at, dataset};
    use crate::normalize::records::{Plan, Records};

    fn plan(file: &str, school_year: Option<i32>) -> Plan {
        Plan {
            month: Some(9),
            item: "制定计划".into(),
            school_year,
            term: school_year.map(|_| 1),
            prov: at(file, 3),
            ..Plan::default()
        }
    }

    #[test]
    fn one_warning_per_undated_plan_when_a_period_is_set() {
        let d = dataset(Records {
            plans: vec![
                plan("旧计划.txt", None),
                plan("旧计划.txt", None),
                plan("2023-2024学年第一学期计划.txt", Some(2023)),
            ],
            ..Records::default()
        });
        let settings = Settings {
            period: Some((
                chrono::NaiveDate::from_ymd_opt(2023, 9, 1).unwrap(),
                chrono::NaiveDate::from_ymd_opt(2024, 1, 31).unwrap(),
            )),
            ..Settings::default()
        };
        let f = check(&d, &settings).unwrap();
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].code, f[0].file.as_str()),
            (Code::UndatedPlan, "旧计划.txt")
        );
        assert!(f[0].message.contains("其中 2 项"), "{}", f[0].message);
        assert!(check(&d, &Settings::default()).unwrap().is_empty());
    }
}
