//! `duplicate_record`: the same record handed in twice, across files and departments, despite
//! differences in spacing, punctuation and full-width forms. The first occurrence (in inbox
//! order) is the original; each later one is the finding and names where the first is.

use std::collections::HashMap;

use polars::prelude::PolarsResult;

use super::{Locator, Place, places};
use crate::finding::{Code, Finding, Severity};
use crate::normalize::frames::{days, floats, strings};
use crate::pipeline::Dataset;
use crate::vocab::Kind;

/// The text with everything but letters, digits and ideographs removed, full-width folded,
/// Latin lower-cased: "《浅谈 “情境” 教学》" and "浅谈情境教学" compare equal.
///
/// ```
/// use jiaoke::check::duplicates::fingerprint;
/// assert_eq!(fingerprint("浅谈“情境”教学， 以ＰＢＬ为例"), fingerprint("浅谈情境教学——以pbl为例"));
/// ```
pub fn fingerprint(s: &str) -> String {
    crate::text::to_halfwidth(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn author_set(s: Option<&str>) -> String {
    let mut names: Vec<&str> = s
        .unwrap_or("")
        .split('、')
        .filter(|n| !n.is_empty())
        .collect();
    names.sort_unstable();
    names.join("、")
}

/// Runs the rule on papers, projects, training records and the roster.
///
/// # Errors
/// Internal frame errors only.
pub fn check(dataset: &Dataset, at: &Locator) -> PolarsResult<Vec<Finding>> {
    let mut out = Vec::new();

    let p = &dataset.frames.papers;
    let (kind, authors, title, venue) = (
        strings(p, "kind")?,
        strings(p, "authors")?,
        strings(p, "title")?,
        strings(p, "venue")?,
    );
    let keys: Vec<Option<String>> = (0..p.height())
        .map(|i| {
            let t = fingerprint(title[i].unwrap_or(""));
            (!t.is_empty()).then(|| {
                format!(
                    "{}|{}|{t}|{}",
                    kind[i].unwrap_or(""),
                    author_set(authors[i]),
                    fingerprint(venue[i].unwrap_or(""))
                )
            })
        })
        .collect();
    report(
        &mut out,
        at,
        &places(dataset, Kind::Papers)?,
        &keys,
        "title",
        title.iter().map(|t| t.unwrap_or("")),
        "论文",
    );

    let j = &dataset.frames.projects;
    let (ptitle, leader) = (strings(j, "title")?, strings(j, "leader")?);
    let keys: Vec<Option<String>> = (0..j.height())
        .map(|i| {
            let t = fingerprint(ptitle[i].unwrap_or(""));
            (!t.is_empty()).then(|| format!("{t}|{}", author_set(leader[i])))
        })
        .collect();
    report(
        &mut out,
        at,
        &places(dataset, Kind::Projects)?,
        &keys,
        "title",
        ptitle.iter().map(|t| t.unwrap_or("")),
        "课题",
    );

    let t = &dataset.frames.training;
    let (teacher, course, start, hours) = (
        strings(t, "teacher")?,
        strings(t, "course")?,
        days(t, "start")?,
        floats(t, "hours")?,
    );
    let keys: Vec<Option<String>> = (0..t.height())
        .map(|i| {
            let c = fingerprint(course[i].unwrap_or(""));
            (teacher[i].is_some() && !c.is_empty()).then(|| {
                format!(
                    "{}|{c}|{:?}|{:?}",
                    teacher[i].unwrap_or(""),
                    start[i],
                    hours[i]
                )
            })
        })
        .collect();
    report(
        &mut out,
        at,
        &places(dataset, Kind::Training)?,
        &keys,
        "course",
        course.iter().map(|t| t.unwrap_or("")),
        "培训记录",
    );

    let r = &dataset.frames.teachers;
    let (name, id, dept) = (
        strings(r, "name")?,
        strings(r, "id_number")?,
        strings(r, "department")?,
    );
    let keys: Vec<Option<String>> = (0..r.height())
        .map(|i| {
            let who = name[i]?;
            // Two people may share a name; the same name with the same ID (or, without IDs,
            // in the same department) is one person listed twice.
            Some(match id[i] {
                Some(id) => format!("{who}|{id}"),
                None => format!("{who}|{}", dept[i].unwrap_or("")),
            })
        })
        .collect();
    report(
        &mut out,
        at,
        &places(dataset, Kind::Teachers)?,
        &keys,
        "name",
        name.iter().map(|t| t.unwrap_or("")),
        "教师",
    );
    Ok(out)
}

fn report<'a>(
    out: &mut Vec<Finding>,
    at: &Locator,
    places: &[Place],
    keys: &[Option<String>],
    field: &str,
    shown: impl Iterator<Item = &'a str>,
    what: &str,
) {
    let mut first: HashMap<&str, &Place> = HashMap::new();
    for ((place, key), value) in places.iter().zip(keys).zip(shown) {
        let Some(key) = key else { continue };
        match first.get(key.as_str()) {
            // A register row naming the same person twice is one row: not handed in twice.
            Some(orig)
                if (orig.file, orig.sheet, orig.row) == (place.file, place.sheet, place.row) => {}
            Some(orig) => out.push(
                at.finding(
                    place,
                    field,
                    Code::DuplicateRecord,
                    Severity::Error,
                    value,
                    format!("这条{what}与 {} 重复", orig.describe()),
                )
                .with_suggestion("同一条记录只应上报一次：请删除其中一处"),
            ),
            None => {
                first.insert(key, place);
            }
        }
    }
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
