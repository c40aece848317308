//! `missing_value`: a required cell is empty (paper title or author, project title or leader,
//! trainee or hours, a calendar item, a roster name), and for an award its level and grade,
//! without which it cannot be counted.

use std::collections::HashSet;

use polars::prelude::PolarsResult;

use super::{Locator, places};
use crate::finding::{Code, Finding, Severity};
use crate::normalize::frames::strings;

use crate::pipeline::Dataset;
use crate::vocab::{Kind, Vocab};

/// Cells that already carry a finding from the import (a value that could not be read is not
/// also "missing").
pub fn flagged_cells(dataset: &Dataset) -> HashSet<(String, String, u32, String)> {
    dataset
        .findings
        .iter()
        .filter_map(|f| Some((f.file.clone(), f.sheet.clone(), f.row?, f.column.clone())))
        .collect()
}

/// Runs the rule.
///
/// # Errors
/// Internal frame errors only.
pub fn check(dataset: &Dataset, at: &Locator) -> PolarsResult<Vec<Finding>> {
    let vocab = Vocab::builtin();
    let flagged = flagged_cells(dataset);
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let spec = vocab.kind(kind);
        let df = dataset.frames.get(kind);
        let places = places(dataset, kind)?;
        for field in &spec.required {
            let label = &spec
                .column(field)
                .expect("required fields are columns")
                .label;
            let missing = df.column(field)?.as_materialized_series().is_null();
            for (place, missing) in places.iter().zip(missing.iter()) {
                if missing != Some(true) || !at.has_column(place, field) {
                    continue;
                }
                let f = at.finding(
                    place,
                    field,
                    Code::MissingValue,
                    Severity::Error,
                    "",
                    format!("{}缺少“{label}”", spec.label),
                );
                if !flagged.contains(&(
                    f.file.clone(),
                    f.sheet.clone(),
                    place.row,
                    f.column.clone(),
                )) {
                    out.push(f);
                }
            }
        }
    }
    out.extend(award_details(dataset, at, &flagged)?);
    super::dedup_findings(&mut out);
    Ok(out)
}

/// An award without its level or grade cannot be placed in the level × grade statistics.
/// A blank cell is reported at its cell; a sheet without the column at all (and no level in
/// the award cells either) is reported once for the sheet.
fn award_details(
    dataset: &Dataset,
    at: &Locator,
    flagged: &HashSet<(String, String, u32, String)>,
) -> PolarsResult<Vec<Finding>> {
    let df = &dataset.frames.papers;
    let kinds = strings(df, "kind")?;
    let levels = strings(df, "level")?;
    let awards = strings(df, "award")?;
    let mut out = Vec::new();
    // (file, sheet, what is missing) → rows, for sheets that lack the column.
    type SheetGap<'a> = ((String, String, &'a str), Vec<u32>);
    let mut whole_sheet: Vec<SheetGap> = Vec::new();
    for (i, place) in places(dataset, Kind::Papers)?.iter().enumerate() {
        if kinds[i] != Some("获奖") {
            continue;
        }
        for (field, value, what) in [
            ("level", levels[i], "级别"),
            ("award", awards[i], "获奖等次"),
        ] {
            if value.is_some() {
                continue;
            }
            if !at.has_column(place, field) {
                let key = (place.file.to_string(), place.sheet.to_string(), what);
                match whole_sheet.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, rows)) => rows.push(place.row),
                    None => whole_sheet.push((key, vec![place.row])),
                }
                continue;
            }
            let f = at.finding(
                place,
                field,
                Code::MissingValue,
                Severity::Warning,
                "",
                format!("获奖论文缺少{what}，无法计入按级别、等次的统计"),
            );
            if !flagged.contains(&(f.file.clone(), f.sheet.clone(), place.row, f.column.clone())) {
                out.push(f);
            }
        }
    }
    for ((file, sheet, what), rows) in whole_sheet {
        let shown: Vec<String> = rows.iter().take(8).map(u32::to_string).collect();
        let more = if rows.len() > 8 { "…" } else { "" };
        out.push(
            Finding::sheet(
                Code::MissingValue,
                Severity::Warning,
                &file,
                &sheet,
                format!(
                    "表中没有“{what}”列，{} 条获奖记录（第{}{more}行）无法按{what}统计",
                    rows.len(),
                    shown.join("、")
                ),
            )
            .with_suggestion(format!(
                "请增加“{what}”列，或在获奖等次中写明级别（如“省一等奖”）"
            )),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{at, dataset};
    use crate::normalize::records::{Paper, Records, Training};

    #[test]
    fn empty_required_cells_are_found() {
        let records = Records {
            papers: vec![
                Paper {
                    kind: "获奖".into(),
                    authors: vec!["张三".into()],
                    title: String::new(),
                    level: "省级".into(),
                    award: "一等奖".into(),
                    prov: at("a.xlsx", 5),
                    ..Paper::default()
                },
                Paper {
                    kind: "获奖".into(),
                    authors: vec!["李四".into()],
                    title: "浅谈".into(),
                    level: "省级".into(),
                    award: "一等奖".into(),
                    prov: at("a.xlsx", 6),
                    ..Paper::default()
                },
            ],
            training: vec![Training {
                teacher: "张三".into(),
                course: "x".into(),
                hours: None,
                prov: at("b.xlsx", 3),
                ..Training::default()
            }],
            ..Records::default()
        };
        let d = dataset(records);
        let found = check(&d, &Locator::new(&d.sheets)).unwrap();
        let cells: Vec<(&str, &str)> = found
            .iter()
            .map(|f| (f.file.as_str(), f.cell.as_str()))
            .collect();
        // papers: title is the 4th field in vocab order (index, category, authors, coauthors, title…)
        assert!(cells.contains(&("a.xlsx", "E5")), "{cells:?}");
        assert!(
            !cells
                .iter()
                .any(|(f, c)| *f == "a.xlsx" && c.ends_with('6')),
            "a complete row is clean"
        );
        assert!(found.iter().any(|f| f.file == "b.xlsx"
            && f.code == Code::MissingValue
            && f.message.contains("学时")));
    }

    #[test]
    fn an_award_without_grade_is_a_warning() {
        let records = Records {
            papers: vec![Paper {
                kind: "获奖".into(),
                authors: vec!["张三".into()],
                title: "浅谈".into(),
                level: "省级".into(),
                prov: at("a.xlsx", 2),
                ..Paper::default()
            }],
            ..Records::default()
        };
        let d = dataset(records);
        let found = check(&d, &Locator::new(&d.sheets)).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].severity, found[0].column.as_str()),
            (Severity::Warning, "获奖等次")
        );
    }

    #[test]
    fn a_sheet_without_a_level_column_is_reported_once() {
        let p = |row| Paper {
            kind: "获奖".into(),
            authors: vec!["张三".into()],
            title: "浅谈".into(),
            award: "一等奖".into(),
            prov: at("a.xlsx", row),
            ..Paper::default()
        };
        let mut d = dataset(Records {
            papers: vec![p(2), p(3), p(4)],
            ..Records::default()
        });
        d.sheets[0].columns.retain(|c| c.field != "level");
        let found = check(&d, &Locator::new(&d.sheets)).unwrap();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].row, None);
        assert!(
            found[0].message.contains("3 条") && found[0].message.contains("第2、3、4行"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn a_publication_needs_no_grade() {
        let records = Records {
            papers: vec![Paper {
                kind: "发表".into(),
                authors: vec!["张三".into()],
                title: "浅谈".into(),
                venue: "江苏教育".into(),
                prov: at("a.xlsx", 2),
                ..Paper::default()
            }],
            ..Records::default()
        };
        let d = dataset(records);
        assert!(check(&d, &Locator::new(&d.sheets)).unwrap().is_empty());
    }
}
