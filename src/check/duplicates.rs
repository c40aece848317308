//! `duplicate_record`: the same record handed in twice, across files and departments, despite
//! differences in spacing, punctuation and full-width forms. Which rows are copies, and which
//! row counts in their place, is decided once ([`crate::select::copies`]); each copy is a
//! finding naming the row that counts. An earlier answer of an online form submitted again
//! is one too, naming the later submission that counts.

use polars::prelude::PolarsResult;

use super::{Locator, places};
use crate::finding::{Code, Finding, Severity};
use crate::normalize::frames::strings;
use crate::pipeline::Dataset;
use crate::vocab::Kind;

/// Each kind's field pointed at, and what a record is called.
const KINDS: [(Kind, &str, &str); 4] = [
    (Kind::Papers, "title", "论文"),
    (Kind::Projects, "title", "课题"),
    (Kind::Training, "course", "培训记录"),
    (Kind::Teachers, "name", "教师"),
];

/// Runs the rule on papers, projects, training records and the roster.
///
/// # Errors
/// Internal frame errors only.
pub fn check(dataset: &Dataset, at: &Locator) -> PolarsResult<Vec<Finding>> {
    let mut out = Vec::new();
    for (kind, field, what) in KINDS {
        let places = places(dataset, kind)?;
        let shown = strings(dataset.frames.get(kind), field)?;
        for (i, place) in places.iter().enumerate() {
            let Some(kept) = dataset.copies.copy_of(kind, i) else {
                continue;
            };
            let (message, suggestion) = if dataset.copies.is_resubmitted(kind, i) {
                (
                    format!(
                        "同一人再次提交了这条{what}：以较晚的提交 {} 为准，这一次不计",
                        places[kept].describe()
                    ),
                    "表单中同一人提交了两次（多为更正），只计最后一次；如两次都应计入，请核对后改正内容",
                )
            } else {
                (
                    format!("这条{what}与 {} 重复，只计一次", places[kept].describe()),
                    "同一条记录只应上报一次：请删除其中一处",
                )
            };
            out.push(
                at.finding(
                    place,
                    field,
                    Code::DuplicateRecord,
                    Severity::Error,
                    shown[i].unwrap_or(""),
                    message,
                )
                .with_suggestion(suggestion),
            );
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{at, dataset};
    use crate::normalize::records::{Paper, Records, Teacher};

    fn paper(authors: &[&str], title: &str, venue: &str, file: &str, row: u32) -> Paper {
        Paper {
            kind: "获奖".into(),
            authors: authors.iter().map(|s| s.to_string()).collect(),
            title: title.into(),
            venue: venue.into(),
            prov: at(file, row),
            ..Paper::default()
        }
    }

    #[test]
    fn the_same_paper_from_two_departments_despite_punctuation() {
        let d = dataset(Records {
            papers: vec![
                paper(
                    &["张三", "李四"],
                    "浅谈“情境”教学",
                    "师陶杯",
                    "语文组.xlsx",
                    4,
                ),
                paper(
                    &["李四", "张三"],
                    "浅谈情境教学 ",
                    "“师陶杯”",
                    "数学组.xls",
                    7,
                ),
                paper(&["张三"], "浅谈情境教学", "师陶杯", "数学组.xls", 8),
                paper(
                    &["张三", "李四"],
                    "浅谈情境教学",
                    "教海探航",
                    "数学组.xls",
                    9,
                ),
            ],
            ..Records::default()
        });
        let found = check(&d, &Locator::new(&d.sheets)).unwrap();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            (found[0].file.as_str(), found[0].row),
            ("数学组.xls", Some(7))
        );
        assert!(found[0].message.contains("语文组.xlsx › Sheet1 › 第4行"));
    }

    #[test]
    fn namesakes_in_the_roster_are_not_duplicates() {
        let t = |dept: &str, row| Teacher {
            name: "王静".into(),
            department: dept.into(),
            prov: at("名单.xlsx", row),
            ..Teacher::default()
        };
        let d = dataset(Records {
            teachers: vec![t("语文组", 2), t("数学组", 3), t("数学组", 4)],
            ..Records::default()
        });
        let found = check(&d, &Locator::new(&d.sheets)).unwrap();
        assert_eq!(
            found.iter().map(|f| f.row.unwrap()).collect::<Vec<_>>(),
            [4]
        );
    }
}
