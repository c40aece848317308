//! `invalid_value` (warning): a text longer than a workbook cell can hold (Excel's 32,767
//! characters). The workbooks show it cut, ending with a marker
//! ([`crate::report::workbook::sheet_text`]); the CSV files keep it whole. The warning points at
//! the input cell, so that someone can see what was cut and shorten it where it was written.
//!
//! The rule reads the frames' text columns, i.e. what the writers receive: joined name lists
//! and the `unparsed` column (`表头：原值；…`) included.

use std::collections::HashSet;

use polars::prelude::{DataType, PolarsResult};

use super::{Locator, Place, places};
use crate::finding::{Code, Finding, Severity};
use crate::normalize::columns as c;
use crate::normalize::frames::joined;
use crate::pipeline::Dataset;
use crate::text::{EXCEL_CELL_LIMIT, excel_len};
use crate::vocab::Kind;

/// Characters of the value shown in the finding.
const PREVIEW_CHARS: usize = 50;

/// Runs the rule on every text column of every kind.
///
/// # Errors
/// Internal frame errors only.
pub fn check(dataset: &Dataset, at: &Locator) -> PolarsResult<Vec<Finding>> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let df = dataset.frames.get(kind);
        let places = places(dataset, kind)?;
        for column in df.columns() {
            if column.name() == c::SOURCE_FILE {
                continue;
            }
            let mut check = |place: &Place, value: Option<&str>| {
                // A UTF-8 text never has more UTF-16 units than bytes: most values stop here.
                if let Some(value) = value.filter(|v| v.len() > EXCEL_CELL_LIMIT)
                    && excel_len(value) > EXCEL_CELL_LIMIT
                {
                    out.push(too_long(at, place, column.name(), value));
                }
            };
            match column.dtype() {
                DataType::String => {
                    for (place, value) in places.iter().zip(column.str()?.iter()) {
                        check(place, value);
                    }
                }
                // A name list is written in one cell, joined: its joined text must fit.
                DataType::List(_) => {
                    for (place, value) in places.iter().zip(joined(df, column.name())?) {
                        check(place, value.as_deref());
                    }
                }
                _ => {}
            }
        }
    }
    // One warning per cell: a register row naming three trainees is three records, and a value
    // kept as written may be both in its column and in `unparsed`.
    let mut seen = HashSet::new();
    out.retain(|f| {
        seen.insert((
            f.file.clone(),
            f.sheet.clone(),
            f.row,
            f.column.clone(),
            f.cell.clone(),
        ))
    });
    Ok(out)
}

fn too_long(at: &Locator, place: &Place, column: &str, value: &str) -> Finding {
    let field = if column == "unparsed" {
        unparsed_field(at, place, value)
    } else {
        fields_of(column)
            .iter()
            .copied()
            .find(|f| at.has_column(place, f))
    };
    let mut preview: String = value.chars().take(PREVIEW_CHARS).collect();
    preview.push('…');
    at.finding(
        place,
        field.unwrap_or(column),
        Code::InvalidValue,
        Severity::Warning,
        &preview,
        format!(
            "内容过长（{} 个字符），超过 Excel 单元格上限 {EXCEL_CELL_LIMIT} 个字符：工作簿中已截断，CSV 文件中保留完整内容",
            value.chars().count()
        ),
    )
}

/// The fields a frame column is read from, where their names differ.
fn fields_of(column: &str) -> Vec<&str> {
    match column {
        "venue" => vec!["contest", "journal"],
        "authors" => vec!["authors", "coauthors"],
        "level_raw" => vec!["level"],
        "status_raw" => vec!["status"],
        other => vec![other],
    }
}

/// The field of the longest entry of an `unparsed` value (`表头：原值；表头：原值`); a value may
/// itself hold `；`, so a piece that starts with no known header continues the entry before.
fn unparsed_field<'a>(at: &Locator<'a>, place: &Place, unparsed: &str) -> Option<&'a str> {
    let mut best: Option<(&'a str, usize)> = None;
    let mut current: Option<(&'a str, usize)> = None;
    for piece in unparsed.split('；') {
        let starts = piece
            .split_once('：')
            .and_then(|(header, _)| at.field_of_header(place, header));
        current = match (starts, current) {
            (Some(field), _) => Some((field, piece.len())),
            (None, Some((field, len))) => Some((field, len + piece.len())),
            (None, None) => None,
        };
        if let Some((field, len)) = current
            && best.is_none_or(|(_, l)| len > l)
        {
            best = Some((field, len));
        }
    }
    best.map(|(field, _)| field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{at, dataset};
    use crate::normalize::records::{Paper, Records};

    fn run(records: Records) -> Vec<Finding> {
        let d = dataset(records);
        check(&d, &Locator::new(&d.sheets)).unwrap()
    }

    #[test]
    fn a_text_over_the_cell_limit_is_a_warning_at_its_cell() {
        let long = "长".repeat(EXCEL_CELL_LIMIT + 1);
        let f = run(Records {
            papers: vec![
                Paper {
                    title: long.clone(),
                    prov: at("论文.xlsx", 7),
                    ..Paper::default()
                },
                Paper {
                    title: "长".repeat(EXCEL_CELL_LIMIT),
                    prov: at("论文.xlsx", 8),
                    ..Paper::default()
                },
            ],
            ..Records::default()
        });
        assert_eq!(f.len(), 1, "{f:?}");
        let f = &f[0];
        assert_eq!(
            (f.code, f.severity),
            (Code::InvalidValue, Severity::Warning)
        );
        assert_eq!((f.row, f.column.as_str()), (Some(7), "论文题目"));
        assert!(f.cell.ends_with('7') && !f.cell.is_empty(), "{}", f.cell);
        assert_eq!(f.value.chars().count(), PREVIEW_CHARS + 1);
        assert!(f.message.contains("32768 个字符"), "{}", f.message);
    }

    #[test]
    fn a_long_unparsed_value_points_at_the_column_it_came_from() {
        let vocab = crate::vocab::Vocab::builtin();
        let label = |field: &str| {
            let spec = vocab.kind(Kind::Papers);
            spec.column(field).unwrap().label.clone()
        };
        let (award, date) = (label("award"), label("date"));
        // The long value itself holds `；`: its pieces continue the 时间 entry.
        let long = format!("{}；{}", "9".repeat(20_000), "9".repeat(20_000));
        let f = run(Records {
            papers: vec![Paper {
                title: "浅谈".into(),
                unparsed: vec![format!("{award}：特别奖"), format!("{date}：{long}")],
                prov: at("论文.xlsx", 5),
                ..Paper::default()
            }],
            ..Records::default()
        });
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].column, date);
    }
}
