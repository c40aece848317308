//! `unknown_teacher` and `ambiguous_teacher`: every name in papers, projects and training
//! records is looked up in the roster (the 教师名单 sheets of the inbox) through the one
//! resolver the reports count by ([`crate::select::roster`]): a name the reports attribute is
//! a name this rule accepts.
//!
//! A name not on the roster gets the roster names one character off, or sounding the same
//! (same pinyin), as suggestions. A first author, a project leader or a trainee who is not on
//! the roster makes a per-teacher number wrong: an error. Other co-authors and project members
//! may be colleagues from other schools: a warning.

use polars::prelude::{DataFrame, DataType, PolarsResult};

use super::{Locator, Place, places};
use crate::finding::{Code, Finding, Severity};
use crate::normalize::frames::{lists, strings};
use crate::pipeline::Dataset;
use crate::select::roster::{Roster, Who};
use crate::vocab::Kind;

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
    let roster = &dataset.roster;
    if roster.is_empty() {
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
        let names = names_of(df, nf.field)?;
        let depts = strings(df, "department")?;
        // A trainee's 身份证号 tells namesakes apart, as the training report does.
        let ids = match nf.kind {
            Kind::Training => strings(df, "id_number")?,
            _ => vec![None; df.height()],
        };
        for (i, place) in places(dataset, nf.kind)?.iter().enumerate() {
            let Some(cell) = &names[i] else { continue };
            let dept = depts[i].or(at.department(place)).unwrap_or("");
            for (k, name) in cell.iter().enumerate() {
                let record = Named {
                    name,
                    department: dept,
                    id: ids[i].unwrap_or(""),
                    owner: nf.all_owners || (nf.first_is_owner && k == 0),
                };
                if let Some(f) = check_name(roster, at, place, nf.field, &record) {
                    out.push(f);
                }
            }
        }
    }
    super::dedup_findings(&mut out);
    Ok(out)
}

/// The names of each record in a name column: a list column (authors, leaders, members) as
/// it is, a text column (a trainee) as its one name; `None` for an empty cell.
fn names_of(df: &DataFrame, field: &str) -> PolarsResult<Vec<Option<Vec<String>>>> {
    if matches!(df.column(field)?.dtype(), DataType::List(_)) {
        return Ok(lists(df, field)?
            .into_iter()
            .map(|names| (!names.is_empty()).then_some(names))
            .collect());
    }
    Ok(strings(df, field)?
        .into_iter()
        .map(|cell| cell.map(|c| c.split('、').map(String::from).collect()))
        .collect())
}

/// A name on a record, with what the record says about its person.
struct Named<'a> {
    name: &'a str,
    department: &'a str,
    id: &'a str,
    /// A per-teacher number is attributed to this name.
    owner: bool,
}

fn check_name(
    roster: &Roster,
    at: &Locator,
    place: &Place,
    field: &str,
    n: &Named,
) -> Option<Finding> {
    let name = n.name;
    match roster.resolve(place.file, name, n.department, n.id) {
        Who::Teacher(_) => None,
        Who::Unknown => {
            let (severity, message) = if n.owner {
                (
                    Severity::Error,
                    format!("“{name}”不在教师名单中，这条记录无法计入个人统计"),
                )
            } else {
                (
                    Severity::Warning,
                    format!("“{name}”不在教师名单中（如是外校合作者可忽略）"),
                )
            };
            let suggestion = match roster.near(place.file, name).as_slice() {
                [] => "请核对姓名是否有错别字，或把该教师补入教师名单".to_string(),
                names => format!("是否为 {}？", names.join(" 或 ")),
            };
            Some(
                at.finding(place, field, Code::UnknownTeacher, severity, name, message)
                    .with_suggestion(suggestion),
            )
        }
        Who::Ambiguous(candidates) => {
            let listed: Vec<&str> = candidates
                .iter()
                .map(|&i| match roster.members()[i].department.as_str() {
                    "" => "未注明教研组",
                    d => d,
                })
                .collect();
            Some(
                at.finding(
                    place,
                    field,
                    Code::AmbiguousTeacher,
                    Severity::Warning,
                    name,
                    format!(
                        "教师名单中有 {} 位“{name}”（{}），无法确定是哪一位",
                        candidates.len(),
                        listed.join("、")
                    ),
                )
                .with_suggestion("请在表中注明教研组，或在姓名后加注以区分"),
            )
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
