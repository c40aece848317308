//! `out_of_range`: implausible values. Hours ≤ 0 or above the bound for one training item;
//! dates in the future; dates outside the reporting period when one is set.

use chrono::NaiveDate;
use polars::prelude::PolarsResult;

use super::{Locator, Settings, places};
use crate::finding::{Code, Finding, Severity};
use crate::normalize::frames::{days, floats};
use crate::pipeline::Dataset;
use crate::vocab::Kind;

/// Date columns checked, per kind. Planned dates (预计结题时间) may lie ahead.
/// The third element says whether the date decides in which period the record counts: only
/// those are compared with the reporting period (a project approved years ago is still
/// active; a course counts in the period it ends in).
const DATE_FIELDS: &[(Kind, &str, InPeriod)] = &[
    (Kind::Papers, "date", InPeriod::Always),
    (Kind::Projects, "approved_on", InPeriod::Never),
    (Kind::Projects, "opened_on", InPeriod::Never),
    (Kind::Projects, "closed_on", InPeriod::Never),
    (Kind::Training, "start", InPeriod::WithoutEnd),
    (Kind::Training, "end", InPeriod::Always),
];

/// Whether a date is compared with the reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InPeriod {
    Always,
    Never,
    /// Only when the record has no end date.
    WithoutEnd,
}

/// Runs the rule.
///
/// # Errors
/// Internal frame errors only.
pub fn check(dataset: &Dataset, settings: &Settings, at: &Locator) -> PolarsResult<Vec<Finding>> {
    let mut out = Vec::new();
    let hours = floats(&dataset.frames.training, "hours")?;
    for (place, h) in places(dataset, Kind::Training)?.iter().zip(hours) {
        let Some(h) = h else { continue };
        let shown = crate::table::format_number(h);
        if h <= 0.0 {
            out.push(at.finding(
                place,
                "hours",
                Code::OutOfRange,
                Severity::Error,
                &shown,
                format!("学时为 {shown}，应大于 0"),
            ));
        } else if h > settings.max_hours_per_item {
            let max = crate::table::format_number(settings.max_hours_per_item);
            out.push(
                at.finding(
                    place,
                    "hours",
                    Code::OutOfRange,
                    Severity::Error,
                    &shown,
                    format!("一项培训 {shown} 学时，超过了合理上限 {max} 学时"),
                )
                .with_suggestion("请核对是否多输了一位数，或把全年合计写进了单项"),
            );
        }
    }
    for &(kind, field, rule) in DATE_FIELDS {
        let df = dataset.frames.get(kind);
        let values = days(df, field)?;
        let ends = if rule == InPeriod::WithoutEnd {
            days(df, "end")?
        } else {
            vec![None; df.height()]
        };
        for ((place, d), end) in places(dataset, kind)?.iter().zip(values).zip(ends) {
            let Some(d) = d else { continue };
            let in_period = match rule {
                InPeriod::Always => true,
                InPeriod::Never => false,
                InPeriod::WithoutEnd => end.is_none(),
            };
            if let Some(f) = date_finding(at, place, field, d, settings, in_period) {
                out.push(f);
            }
        }
    }
    super::dedup_findings(&mut out);
    Ok(out)
}

fn date_finding(
    at: &Locator,
    place: &super::Place,
    field: &str,
    d: NaiveDate,
    s: &Settings,
    in_period: bool,
) -> Option<Finding> {
    let shown = d.format("%Y-%m-%d").to_string();
    if d > s.today {
        return Some(
            at.finding(
                place,
                field,
                Code::OutOfRange,
                Severity::Error,
                &shown,
                format!("日期 {shown} 在今天（{}）之后", s.today.format("%Y-%m-%d")),
            )
            .with_suggestion("请核对年份或月份是否写错"),
        );
    }
    let (from, to) = s.period.filter(|_| in_period)?;
    (d < from || d > to).then(|| {
        at.finding(
            place,
            field,
            Code::OutOfRange,
            Severity::Warning,
            &shown,
            format!(
                "日期 {shown} 不在统计期 {} 至 {} 之内",
                from.format("%Y-%m-%d"),
                to.format("%Y-%m-%d")
            ),
        )
        .with_suggestion("如属往年成果，不应计入本期统计")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{at, dataset};
    use crate::normalize::records::{Paper, Records, Training};

    fn settings() -> Settings {
        Settings {
            today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            period: None,
            max_hours_per_item: 200.0,
        }
    }

    fn training(hours: f64, row: u32) -> Training {
        Training {
            teacher: "张三".into(),
            hours: Some(hours),
            prov: at("t.xlsx", row),
            ..Training::default()
        }
    }

    #[test]
    fn hours_out_of_bounds_are_found_and_plausible_ones_are_not() {
        let d = dataset(Records {
            training: vec![
                training(0.0, 2),
                training(300.0, 3),
                training(24.0, 4),
                training(200.0, 5),
            ],
            ..Records::default()
        });
        let found = check(&d, &settings(), &Locator::new(&d.sheets)).unwrap();
        let rows: Vec<u32> = found.iter().map(|f| f.row.unwrap()).collect();
        assert_eq!(rows, [2, 3]);
        assert!(
            found
                .iter()
                .all(|f| f.code == Code::OutOfRange && f.severity == Severity::Error)
        );
    }

    #[test]
    fn only_dates_that_decide_the_period_are_compared_with_it() {
        use crate::normalize::records::Project;
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        let data = dataset(Records {
            projects: vec![Project {
                title: "x".into(),
                approved_on: d(2021, 5, 1),
                prov: at("p.xlsx", 2),
                ..Project::default()
            }],
            training: vec![
                Training {
                    teacher: "张三".into(),
                    start: d(2022, 12, 28),
                    end: d(2023, 1, 3),
                    prov: at("t.xlsx", 2),
                    ..Training::default()
                },
                Training {
                    teacher: "张三".into(),
                    start: d(2022, 12, 28),
                    end: None,
                    prov: at("t.xlsx", 3),
                    ..Training::default()
                },
            ],
            ..Records::default()
        });
        let mut s = settings();
        s.period = Some((
            NaiveDate::from_ymd_opt(2023, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
        ));
        let found = check(&data, &s, &Locator::new(&data.sheets)).unwrap();
        let got: Vec<(&str, u32)> = found
            .iter()
            .map(|f| (f.file.as_str(), f.row.unwrap()))
            .collect();
        assert_eq!(
            got,
            [("t.xlsx", 3)],
            "a course ending in 2023 counts in 2023; an old approval is fine"
        );
    }

    #[test]
    fn future_dates_and_dates_outside_the_period() {
        let paper = |y, m, row| Paper {
            date: NaiveDate::from_ymd_opt(y, m, 1),
            prov: at("p.xlsx", row),
            ..Paper::default()
        };
        let d = dataset(Records {
            papers: vec![
                paper(2027, 3, 2),
                paper(2026, 11, 3),
                paper(2022, 5, 4),
                paper(2023, 5, 5),
            ],
            ..Records::default()
        });
        let mut s = settings();
        let found = check(&d, &s, &Locator::new(&d.sheets)).unwrap();
        assert_eq!(
            found.iter().map(|f| f.row.unwrap()).collect::<Vec<_>>(),
            [2],
            "today's month is not the future"
        );
        s.period = Some((
            NaiveDate::from_ymd_opt(2023, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
        ));
        let found = check(&d, &s, &Locator::new(&d.sheets)).unwrap();
        let warned: Vec<u32> = found
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .map(|f| f.row.unwrap())
            .collect();
        assert_eq!(warned, [3, 4]);
    }
}
