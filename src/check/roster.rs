//! `unknown_teacher` and `ambiguous_teacher`: every name in papers, projects and training
//! records is looked up in the roster (the 教师名单 sheets of the inbox).
//!
//! A name not on the roster gets the roster names one character off, or sounding the same
//! (same pinyin), as suggestions.
//!
//! A district office's inbox holds one folder per school, each with its own roster: a name is
//! looked up in the roster of the nearest folder above its file that holds one (two schools
//! may well both have a 王静), else in every roster of the inbox. A first author, a project leader or a trainee who is not on
//! the roster makes a per-teacher number wrong: an error. Other co-authors and project members
//! may be colleagues from other schools: a warning.

use std::collections::HashMap;

use pinyin::ToPinyin;
use polars::prelude::PolarsResult;

use super::{Locator, Place, places};
use crate::finding::{Code, Finding, Severity};
use crate::normalize::frames::strings;
use crate::pipeline::Dataset;
use crate::vocab::Kind;

/// A roster: name → departments of the teachers with that name.
#[derive(Debug, Default)]
pub struct Roster {
    by_name: HashMap<String, Vec<String>>,
    pinyin: HashMap<String, Vec<String>>,
}

/// The folders above a file, deepest first, ending with the inbox itself (`""`).
fn ancestors(file: &str) -> impl Iterator<Item = &str> {
    let dirs = file
        .char_indices()
        .filter(|(_, c)| *c == '/')
        .map(|(i, _)| &file[..i]);
    let mut dirs: Vec<&str> = dirs.collect();
    dirs.reverse();
    dirs.into_iter().chain(std::iter::once(""))
}

/// The rosters of an inbox, by folder: each folder's roster holds the roster sheets found
/// anywhere below it.
#[derive(Debug, Default)]
pub struct Rosters {
    by_folder: HashMap<String, Roster>,
}

impl Rosters {
    /// Builds the rosters from the teachers frame.
    ///
    /// # Errors
    /// Internal frame errors only.
    pub fn from_dataset(dataset: &Dataset) -> PolarsResult<Rosters> {
        let t = &dataset.frames.teachers;
        let mut rosters = Rosters::default();
        let names = strings(t, "name")?;
        let depts = strings(t, "department")?;
        let files = strings(t, "source_file")?;
        for ((name, dept), file) in names.into_iter().zip(depts).zip(files) {
            let Some(name) = name else { continue };
            for folder in ancestors(file.unwrap_or("")) {
                let roster = rosters.by_folder.entry(folder.to_string()).or_default();
                roster.add(name, dept.unwrap_or("").to_string());
            }
        }
        rosters.by_folder.values_mut().for_each(Roster::index);
        Ok(rosters)
    }

    /// True when the inbox had no roster.
    pub fn is_empty(&self) -> bool {
        self.by_folder.is_empty()
    }

    /// The roster that applies to a file: that of the nearest folder above it holding a
    /// roster (a school's folder in a district inbox), else the whole inbox's.
    pub fn for_file(&self, file: &str) -> &Roster {
        ancestors(file)
            .find_map(|folder| self.by_folder.get(folder))
            .expect("a non-empty inbox roster covers the inbox folder")
    }
}

impl Roster {
    fn add(&mut self, name: &str, dept: String) {
        self.by_name.entry(name.to_string()).or_default().push(dept);
    }

    fn index(&mut self) {
        for name in self.by_name.keys() {
            self.pinyin
                .entry(pinyin_of(name))
                .or_default()
                .push(name.clone());
        }
    }

    /// True when the inbox had no roster.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// The departments of the teachers called `name` (empty when none).
    pub fn departments(&self, name: &str) -> &[String] {
        self.by_name.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Roster names a mistyped `name` probably meant: one character off, or the same pinyin.
    pub fn near(&self, name: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .by_name
            .keys()
            .filter(|candidate| one_char_off(name, candidate))
            .cloned()
            .collect();
        for same in self.pinyin.get(&pinyin_of(name)).into_iter().flatten() {
            if same != name && !out.contains(same) {
                out.push(same.clone());
            }
        }
        out.sort();
        out
    }
}

/// The plain pinyin of a name, syllables joined (non-Chinese characters kept).
fn pinyin_of(name: &str) -> String {
    name.to_pinyin()
        .zip(name.chars())
        .map(|(p, c)| {
            p.map(|p| p.plain().to_string())
                .unwrap_or_else(|| c.to_string())
        })
        .collect()
}

/// One substitution, insertion or deletion apart.
fn one_char_off(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    match a.len() as isize - b.len() as isize {
        0 => a.iter().zip(&b).filter(|(x, y)| x != y).count() == 1,
        1 => (0..a.len()).any(|i| a[..i] == b[..i] && a[i + 1..] == b[i..]),
        -1 => one_char_off(&b.iter().collect::<String>(), &a.iter().collect::<String>()),
        _ => false,
    }
}

/// Which names a record holds, and whether each must be on the roster.
struct NameField<'a> {
    kind: Kind,
    field: &'a str,
    /// The first name is the one a per-teacher number is attributed to.
    first_is_owner: bool,
    /// Every name is an owner (a trainee, a leader).
    all_owners: bool,
}

const FIELDS: &[NameField] = &[
    NameField {
        kind: Kind::Papers,
        field: "authors",
        first_is_owner: true,
        all_owners: false,
    },
    NameField {
        kind: Kind::Projects,
        field: "leader",
        first_is_owner: true,
        all_owners: true,
    },
    NameField {
        kind: Kind::Projects,
        field: "members",
        first_is_owner: false,
        all_owners: false,
    },
    NameField {
        kind: Kind::Training,
        field: "teacher",
        first_is_owner: true,
        all_owners: true,
    },
];

/// Runs the rule.
///
/// # Errors
/// Internal frame errors only.
pub fn check(dataset: &Dataset, at: &Locator) -> PolarsResult<Vec<Finding>> {
    let rosters = Rosters::from_dataset(dataset)?;
    if rosters.is_empty() {
        let has_names = FIELDS
            .iter()
            .any(|f| dataset.frames.get(f.kind).height() > 0);
        if !has_names {
            return Ok(Vec::new());
        }
        return Ok(vec![Finding::file(
            Code::NoRoster,
            Severity::Info,
            "",
            "收集文件夹中没有教师名单，未核对人名；放入一份教师名单（姓名、教研组…）即可核对",
        )]);
    }
    let mut out = Vec::new();
    for nf in FIELDS {
        let df = dataset.frames.get(nf.kind);
        let names = strings(df, nf.field)?;
        let depts = strings(df, "department")?;
        for ((place, cell), dept) in places(dataset, nf.kind)?.iter().zip(names).zip(depts) {
            let Some(cell) = cell else { continue };
            for (i, name) in cell.split('、').enumerate() {
                let owner = nf.all_owners || (nf.first_is_owner && i == 0);
                let roster = rosters.for_file(place.file);
                if let Some(f) = check_name(roster, at, place, nf.field, name, dept, owner) {
                    out.push(f);
                }
            }
        }
    }
    super::dedup_findings(&mut out);
    Ok(out)
}

fn check_name(
    roster: &Roster,
    at: &Locator,
    place: &Place,
    field: &str,
    name: &str,
    dept: Option<&str>,
    owner: bool,
) -> Option<Finding> {
    let known = roster.departments(name);
    match known.len() {
        0 => {
            let near = roster.near(name);
            let severity = if owner {
                Severity::Error
            } else {
                Severity::Warning
            };
            let message = if owner {
                format!("“{name}”不在教师名单中，这条记录无法计入个人统计")
            } else {
                format!("“{name}”不在教师名单中（如是外校合作者可忽略）")
            };
            let suggestion = match near.as_slice() {
                [] => "请核对姓名是否有错别字，或把该教师补入教师名单".to_string(),
                names => {
                    let described: Vec<String> = names
                        .iter()
                        .map(|n| match roster.departments(n) {
                            [d] if !d.is_empty() => format!("{n}（{d}）"),
                            _ => n.clone(),
                        })
                        .collect();
                    format!("是否为 {}？", described.join(" 或 "))
                }
            };
            Some(
                at.finding(place, field, Code::UnknownTeacher, severity, name, message)
                    .with_suggestion(suggestion),
            )
        }
        1 => None,
        _ => {
            let dept = dept.or(at.department(place)).unwrap_or("");
            let matching = known
                .iter()
                .filter(|d| !dept.is_empty() && d.as_str() == dept)
                .count();
            (matching != 1).then(|| {
                let listed: Vec<&str> = known
                    .iter()
                    .map(|d| {
                        if d.is_empty() {
                            "未注明教研组"
                        } else {
                            d.as_str()
                        }
                    })
                    .collect();
                at.finding(
                    place,
                    field,
                    Code::AmbiguousTeacher,
                    Severity::Warning,
                    name,
                    format!(
                        "教师名单中有 {} 位“{name}”（{}），无法确定是哪一位",
                        known.len(),
                        listed.join("、")
                    ),
                )
                .with_suggestion("请在表中注明教研组，或在姓名后加注以区分")
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{at, dataset};
    use crate::normalize::records::{Paper, Records, Teacher, Training};

    fn teacher(name: &str, dept: &str, row: u32) -> Teacher {
        Teacher {
            name: name.into(),
            department: dept.into(),
            prov: at("名单.xlsx", row),
            ..Teacher::default()
        }
    }

    fn roster() -> Vec<Teacher> {
        vec![
            teacher("王小明", "数学组", 2),
            teacher("王静", "语文组", 3),
            teacher("王静", "数学组", 4),
            teacher("张伟", "英语组", 5),
        ]
    }

    #[test]
    fn ancestors_deepest_first() {
        assert_eq!(
            ancestors("上报/甲校/论文/a.xlsx").collect::<Vec<_>>(),
            ["上报/甲校/论文", "上报/甲校", "上报", ""]
        );
        assert_eq!(ancestors("a.xlsx").collect::<Vec<_>>(), [""]);
    }

    #[test]
    fn near_matches_one_char_off_or_same_pinyin() {
        assert!(one_char_off("王晓明", "王小明"));
        assert!(one_char_off("王明", "王小明"));
        assert!(!one_char_off("李晓红", "王小明"));
        assert_eq!(pinyin_of("章玮"), pinyin_of("张伟"));
    }

    #[test]
    fn unknown_authors_get_suggestions_and_owners_are_errors() {
        let d = dataset(Records {
            teachers: roster(),
            papers: vec![
                Paper {
                    authors: vec!["王晓明".into(), "外校老师".into()],
                    title: "x".into(),
                    prov: at("p.xlsx", 2),
                    ..Paper::default()
                },
                Paper {
                    authors: vec!["王小明".into()],
                    title: "y".into(),
                    prov: at("p.xlsx", 3),
                    ..Paper::default()
                },
            ],
            ..Records::default()
        });
        let found = check(&d, &Locator::new(&d.sheets)).unwrap();
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(
            (found[0].value.as_str(), found[0].severity),
            ("王晓明", Severity::Error)
        );
        assert_eq!(found[0].suggestion, "是否为 王小明（数学组）？");
        assert_eq!(
            (found[1].value.as_str(), found[1].severity),
            ("外校老师", Severity::Warning)
        );
    }

    #[test]
    fn namesakes_are_ambiguous_unless_the_department_tells() {
        let t = |dept: &str, row| Training {
            teacher: "王静".into(),
            department: dept.into(),
            course: "x".into(),
            prov: at("t.xlsx", row),
            ..Training::default()
        };
        let d = dataset(Records {
            teachers: roster(),
            training: vec![t("", 2), t("语文组", 3)],
            ..Records::default()
        });
        let found = check(&d, &Locator::new(&d.sheets)).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].code, found[0].row),
            (Code::AmbiguousTeacher, Some(2))
        );
    }

    #[test]
    fn each_school_folder_is_checked_against_its_own_roster() {
        let t = |name: &str, file: &str| Teacher {
            name: name.into(),
            department: "语文组".into(),
            prov: at(file, 2),
            ..Teacher::default()
        };
        let p = |name: &str, file: &str| Training {
            teacher: name.into(),
            course: "x".into(),
            prov: at(file, 3),
            ..Training::default()
        };
        let d = dataset(Records {
            teachers: vec![
                t("王静", "上报/甲校/名单.xlsx"),
                t("王静", "上报/乙校/名单.xlsx"),
                t("李明", "上报/乙校/名单.xlsx"),
            ],
            training: vec![
                p("王静", "上报/甲校/培训/a.xlsx"),
                p("李明", "上报/甲校/培训/a.xlsx"),
                p("李明", "上报/乙校/b.xlsx"),
            ],
            ..Records::default()
        });
        let found = check(&d, &Locator::new(&d.sheets)).unwrap();
        // 王静 is one person in each school; 李明 is not on 甲校's roster.
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            (
                found[0].code,
                found[0].file.as_str(),
                found[0].value.as_str()
            ),
            (Code::UnknownTeacher, "上报/甲校/培训/a.xlsx", "李明")
        );
    }

    #[test]
    fn without_a_roster_one_info_finding_says_so() {
        let d = dataset(Records {
            papers: vec![Paper {
                authors: vec!["谁".into()],
                prov: at("p.xlsx", 2),
                ..Paper::default()
            }],
            ..Records::default()
        });
        let found = check(&d, &Locator::new(&d.sheets)).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].code, found[0].severity),
            (Code::NoRoster, Severity::Info)
        );
    }
}
