//! Typed records → one polars frame per record kind: the interface between normalize and the
//! later stages (check, report).
//!
//! Column names and order are the public CSV contract: the contract columns first, then the
//! provenance (`source_file`, `sheet`, `row`), then extra columns. Add columns freely; never
//! rename one. Empty values are nulls.

use chrono::NaiveDate;
use polars::prelude::*;

use super::columns::{
    self as c, papers as p, plans as pl, projects as j, teachers as t, training as tr,
};
use super::records::{Paper, Plan, Project, Records, Teacher, Training};
use super::values::Precision;
use crate::vocab::Kind;

/// One frame per record kind.
#[derive(Debug, Clone)]
pub struct Frames {
    /// 教师名单.
    pub teachers: DataFrame,
    /// 论文获奖 and 论文发表.
    pub papers: DataFrame,
    /// 课题.
    pub projects: DataFrame,
    /// 培训学时.
    pub training: DataFrame,
    /// 行事历.
    pub plans: DataFrame,
}

impl Frames {
    /// The frame of a kind.
    pub fn get(&self, kind: Kind) -> &DataFrame {
        match kind {
            Kind::Teachers => &self.teachers,
            Kind::Papers => &self.papers,
            Kind::Projects => &self.projects,
            Kind::Training => &self.training,
            Kind::Plans => &self.plans,
        }
    }

    /// The frames of `records` (one batch of files, see [`crate::pipeline::import_entries`]),
    /// consumed: each kind's records are freed as soon as its frame is built, the training
    /// frame built beside the others.
    ///
    /// # Errors
    /// Internal frame errors only.
    pub fn take(r: Records) -> PolarsResult<Frames> {
        fn built<T>(
            rows: Vec<T>,
            f: fn(&[T]) -> PolarsResult<DataFrame>,
        ) -> PolarsResult<DataFrame> {
            f(&rows)
        }
        let Records {
            teachers: t,
            papers: pa,
            projects: pr,
            training: tr,
            plans: pl,
        } = r;
        // The training records (the most, one per trainee) are built beside the other kinds.
        let (others, training) = rayon::join(
            || -> PolarsResult<[DataFrame; 4]> {
                Ok([
                    built(t, teachers)?,
                    built(pa, papers)?,
                    built(pr, projects)?,
                    built(pl, plans)?,
                ])
            },
            || built(tr, training),
        );
        let [teachers, papers, projects, plans] = others?;
        Ok(Frames {
            teachers,
            papers,
            projects,
            training: training?,
            plans,
        })
    }

    /// Appends the frames of later records (a later batch of files), kind by kind.
    ///
    /// # Errors
    /// Internal frame errors only (frames of different columns).
    pub fn append(&mut self, later: Frames) -> PolarsResult<()> {
        let Frames {
            teachers,
            papers,
            projects,
            training,
            plans,
        } = later;
        self.teachers.vstack_mut_owned(teachers)?;
        self.papers.vstack_mut_owned(papers)?;
        self.projects.vstack_mut_owned(projects)?;
        self.training.vstack_mut_owned(training)?;
        self.plans.vstack_mut_owned(plans)?;
        Ok(())
    }

    /// Makes each frame one contiguous chunk, kind by kind (after [`Frames::append`]).
    pub fn rechunk(&mut self) {
        for df in [
            &mut self.teachers,
            &mut self.papers,
            &mut self.projects,
            &mut self.training,
            &mut self.plans,
        ] {
            df.rechunk_mut();
        }
    }

    /// Builds the frames from the records of the whole inbox.
    ///
    /// # Errors
    /// Only on an internal inconsistency (columns of different lengths).
    pub fn from_records(r: &Records) -> PolarsResult<Frames> {
        Ok(Frames {
            teachers: teachers(&r.teachers)?,
            papers: papers(&r.papers)?,
            projects: projects(&r.projects)?,
            training: training(&r.training)?,
            plans: plans(&r.plans)?,
        })
    }
}

/// The file name of each kind's CSV.
pub fn csv_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Teachers => "teachers.csv",
        Kind::Papers => "papers.csv",
        Kind::Projects => "projects.csv",
        Kind::Training => "training.csv",
        Kind::Plans => "plans.csv",
    }
}

fn text<'a>(name: &str, values: impl Iterator<Item = &'a str>) -> Column {
    let v: Vec<Option<&str>> = values.map(|s| (!s.is_empty()).then_some(s)).collect();
    Column::new(name.into(), v)
}

fn owned(name: &str, values: impl Iterator<Item = String>) -> Column {
    let v: Vec<Option<String>> = values.map(|s| (!s.is_empty()).then_some(s)).collect();
    Column::new(name.into(), v)
}

fn dates(name: &str, values: impl Iterator<Item = Option<NaiveDate>>) -> PolarsResult<Column> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    let days: Vec<Option<i32>> = values
        .map(|d| d.map(|d| (d - epoch).num_days() as i32))
        .collect();
    Ok(Int32Chunked::new(name.into(), days)
        .into_date()
        .into_column())
}

/// A list of names as a `List(String)` column; an empty list is a null, as an empty text is.
fn names<'a>(name: &str, values: impl Iterator<Item = &'a Vec<String>>) -> Column {
    let mut b = ListStringChunkedBuilder::new(name.into(), 0, 0);
    for names in values {
        if names.is_empty() {
            b.append_null();
        } else {
            b.append_values_iter(names.iter().map(String::as_str));
        }
    }
    b.finish().into_column()
}

macro_rules! provenance {
    ($rows:expr) => {
        [
            text(
                c::SOURCE_FILE,
                $rows.iter().map(|r| r.prov.source_file.as_str()),
            ),
            // An empty sheet name (CSV input) is an empty string, not a missing value.
            Column::new(
                c::SHEET.into(),
                $rows
                    .iter()
                    .map(|r| r.prov.sheet.as_str())
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                c::ROW.into(),
                $rows.iter().map(|r| r.prov.row).collect::<Vec<u32>>(),
            ),
        ]
    };
}

fn unparsed<'a>(rows: impl Iterator<Item = &'a Vec<String>>) -> Column {
    owned(c::UNPARSED, rows.map(|u| u.join("；")))
}

fn teachers(rows: &[Teacher]) -> PolarsResult<DataFrame> {
    let mut cols = vec![
        text(t::NAME, rows.iter().map(|r| r.name.as_str())),
        text(c::DEPARTMENT, rows.iter().map(|r| r.department.as_str())),
        text(t::SUBJECT, rows.iter().map(|r| r.subject.as_str())),
        text(t::TITLE, rows.iter().map(|r| r.title.as_str())),
        text(c::ID_NUMBER, rows.iter().map(|r| r.id_number.as_str())),
    ];
    cols.extend(provenance!(rows));
    cols.extend([
        text(t::GENDER, rows.iter().map(|r| r.gender.as_str())),
        text(t::STAFF_NO, rows.iter().map(|r| r.staff_no.as_str())),
        unparsed(rows.iter().map(|r| &r.unparsed)),
    ]);
    DataFrame::new_infer_height(cols)
}

fn precision(p: Option<Precision>) -> String {
    match p {
        Some(Precision::Day) => "day".into(),
        Some(Precision::Month) => "month".into(),
        None => String::new(),
    }
}

fn papers(rows: &[Paper]) -> PolarsResult<DataFrame> {
    let mut cols = vec![
        text(p::KIND, rows.iter().map(|r| r.kind.as_str())),
        names(p::AUTHORS, rows.iter().map(|r| &r.authors)),
        text(c::TITLE, rows.iter().map(|r| r.title.as_str())),
        text(p::VENUE, rows.iter().map(|r| r.venue.as_str())),
        text(c::LEVEL, rows.iter().map(|r| r.level.as_str())),
        text(p::AWARD, rows.iter().map(|r| r.award.as_str())),
        text(c::ORGANIZER, rows.iter().map(|r| r.organizer.as_str())),
        dates(p::DATE, rows.iter().map(|r| r.date))?,
    ];
    cols.extend(provenance!(rows));
    cols.extend([
        text(c::DEPARTMENT, rows.iter().map(|r| r.department.as_str())),
        text(p::LEVEL_RAW, rows.iter().map(|r| r.level_raw.as_str())),
        owned(
            p::DATE_PRECISION,
            rows.iter().map(|r| precision(r.date_precision)),
        ),
        Column::new(
            p::AUTHORS_TRUNCATED.into(),
            rows.iter().map(|r| r.authors_truncated).collect::<Vec<_>>(),
        ),
        text(p::ISSUE, rows.iter().map(|r| r.issue.as_str())),
        text(p::CN, rows.iter().map(|r| r.cn.as_str())),
        text(p::CERTIFICATE, rows.iter().map(|r| r.certificate.as_str())),
        unparsed(rows.iter().map(|r| &r.unparsed)),
    ]);
    DataFrame::new_infer_height(cols)
}

fn projects(rows: &[Project]) -> PolarsResult<DataFrame> {
    let mut cols = vec![
        text(c::TITLE, rows.iter().map(|r| r.title.as_str())),
        text(j::CODE, rows.iter().map(|r| r.code.as_str())),
        text(c::LEVEL, rows.iter().map(|r| r.level.as_str())),
        text(j::CATEGORY, rows.iter().map(|r| r.category.as_str())),
        names(j::LEADER, rows.iter().map(|r| &r.leader)),
        names(j::MEMBERS, rows.iter().map(|r| &r.members)),
        text(j::STATUS, rows.iter().map(|r| r.status.as_str())),
        dates(j::APPROVED_ON, rows.iter().map(|r| r.approved_on))?,
        dates(j::CLOSED_ON, rows.iter().map(|r| r.closed_on))?,
    ];
    cols.extend(provenance!(rows));
    cols.extend([
        text(j::LEVEL_RAW, rows.iter().map(|r| r.level_raw.as_str())),
        text(j::STATUS_RAW, rows.iter().map(|r| r.status_raw.as_str())),
        dates(j::OPENED_ON, rows.iter().map(|r| r.opened_on))?,
        dates(j::PLANNED_CLOSE, rows.iter().map(|r| r.planned_close))?,
        text(c::ORGANIZER, rows.iter().map(|r| r.organizer.as_str())),
        text(j::RESULT, rows.iter().map(|r| r.result.as_str())),
        text(c::DEPARTMENT, rows.iter().map(|r| r.department.as_str())),
        unparsed(rows.iter().map(|r| &r.unparsed)),
    ]);
    DataFrame::new_infer_height(cols)
}

fn training(rows: &[Training]) -> PolarsResult<DataFrame> {
    let mut cols = vec![
        text(tr::TEACHER, rows.iter().map(|r| r.teacher.as_str())),
        text(c::DEPARTMENT, rows.iter().map(|r| r.department.as_str())),
        text(tr::COURSE, rows.iter().map(|r| r.course.as_str())),
        text(tr::TYPE, rows.iter().map(|r| r.kind.as_str())),
        text(c::LEVEL, rows.iter().map(|r| r.level.as_str())),
        dates(tr::START, rows.iter().map(|r| r.start))?,
        dates(tr::END, rows.iter().map(|r| r.end))?,
        Column::new(
            tr::HOURS.into(),
            rows.iter().map(|r| r.hours).collect::<Vec<Option<f64>>>(),
        ),
    ];
    cols.extend(provenance!(rows));
    cols.extend([
        text(c::ID_NUMBER, rows.iter().map(|r| r.id_number.as_str())),
        text(c::ORGANIZER, rows.iter().map(|r| r.organizer.as_str())),
        unparsed(rows.iter().map(|r| &r.unparsed)),
    ]);
    DataFrame::new_infer_height(cols)
}

fn plans(rows: &[Plan]) -> PolarsResult<DataFrame> {
    let mut cols = vec![
        Column::new(
            pl::MONTH.into(),
            rows.iter().map(|r| r.month).collect::<Vec<Option<u32>>>(),
        ),
        text(pl::ITEM, rows.iter().map(|r| r.item.as_str())),
        text(pl::OWNER, rows.iter().map(|r| r.owner.as_str())),
    ];
    cols.extend(provenance!(rows));
    cols.extend([
        Column::new(
            pl::MONTH_END.into(),
            rows.iter()
                .map(|r| r.month_end)
                .collect::<Vec<Option<u32>>>(),
        ),
        text(pl::WHEN, rows.iter().map(|r| r.when.as_str())),
        owned(
            pl::SCHOOL_YEAR,
            rows.iter().map(|r| {
                r.school_year
                    .map(crate::normalize::plan_term::school_year_label)
                    .unwrap_or_default()
            }),
        ),
        Column::new(
            pl::TERM.into(),
            rows.iter()
                .map(|r| r.term.map(u32::from))
                .collect::<Vec<Option<u32>>>(),
        ),
        unparsed(rows.iter().map(|r| &r.unparsed)),
    ]);
    DataFrame::new_infer_height(cols)
}

/// A text column as a vector, nulls as `None`.
///
/// # Errors
/// The column is missing or not text (an internal error).
pub fn strings<'a>(df: &'a DataFrame, name: &str) -> PolarsResult<Vec<Option<&'a str>>> {
    Ok(df.column(name)?.str()?.iter().collect())
}

/// A `List(String)` column of names as vectors, nulls as empty lists.
///
/// # Errors
/// The column is missing or not a list of text (an internal error).
pub fn lists(df: &DataFrame, name: &str) -> PolarsResult<Vec<Vec<String>>> {
    let ca = df.column(name)?.list()?;
    (0..ca.len())
        .map(|i| match ca.get_as_series(i) {
            None => Ok(Vec::new()),
            Some(s) => Ok(s.str()?.iter().flatten().map(String::from).collect()),
        })
        .collect()
}

/// A `List(String)` column of names as text joined with `、` (how the CSV files and the
/// workbooks show it), nulls as `None`.
///
/// # Errors
/// The column is missing or not a list of text (an internal error).
pub fn joined(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<String>>> {
    Ok(lists(df, name)?
        .into_iter()
        .map(|names| (!names.is_empty()).then(|| names.join(NAME_SEPARATOR)))
        .collect())
}

/// How a list of names is written in one cell.
pub const NAME_SEPARATOR: &str = "、";

/// A date column as a vector.
///
/// # Errors
/// The column is missing or not a date column.
pub fn days(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<NaiveDate>>> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    Ok(df
        .column(name)?
        .date()?
        .phys
        .iter()
        .map(|d| d.map(|d| epoch + chrono::Duration::days(i64::from(d))))
        .collect())
}

/// A float column as a vector.
///
/// # Errors
/// The column is missing or not Float64.
pub fn floats(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<f64>>> {
    Ok(df.column(name)?.f64()?.iter().collect())
}

/// A u32 column as a vector.
///
/// # Errors
/// The column is missing or not UInt32.
pub fn uints(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<u32>>> {
    Ok(df.column(name)?.u32()?.iter().collect())
}

/// A cell of a frame as CSV text: nulls empty, dates ISO, numbers like Excel's General format.
pub fn cell_text(value: &AnyValue) -> String {
    match value {
        AnyValue::Null => String::new(),
        AnyValue::String(s) => (*s).to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        AnyValue::Date(days) => {
            let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
            (epoch + chrono::Duration::days(i64::from(*days)))
                .format("%Y-%m-%d")
                .to_string()
        }
        AnyValue::Float64(f) => crate::table::format_number(*f),
        AnyValue::Float32(f) => crate::table::format_number(f64::from(*f)),
        AnyValue::Boolean(b) => if *b { "true" } else { "false" }.to_string(),
        // A list of names (authors, leaders, members), as written on the sheets.
        AnyValue::List(names) => names
            .str()
            .map(|s| s.iter().flatten().collect::<Vec<_>>().join(NAME_SEPARATOR))
            .unwrap_or_default(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::records::Provenance;

    #[test]
    fn taken_frames_are_the_frames_of_the_records_each_in_its_kind() {
        let vocab = crate::vocab::Vocab::builtin();
        let sheets: [&[&[&str]]; 5] = [
            &[
                &["姓名", "性别", "教研组", "职称"],
                &["张三", "男", "数学组", "一级教师"],
            ],
            &[&["作者", "论文题目", "等次"], &["张三", "浅谈", "一等奖"]],
            &[
                &["课题名称", "主持人", "立项时间"],
                &["x", "张三", "2023.5"],
            ],
            &[
                &["姓名", "培训项目", "学时"],
                &["张三", "新课标", "24"],
                &["李四", "新课标", "12"],
            ],
            &[
                &["月份", "工作内容", "负责人"],
                &["九月", "制定计划", "教科室"],
            ],
        ];
        let mut records = Records::default();
        for rows in sheets {
            let sheet = crate::table::test_sheet("t.xlsx", "Sheet1", rows);
            records.append(crate::normalize::normalize_sheet(&sheet, &vocab).records);
        }
        let expected = Frames::from_records(&records).unwrap();
        let taken = Frames::take(records).unwrap();
        for kind in Kind::ALL {
            assert!(taken.get(kind).height() > 0, "{kind:?} has records");
            assert!(
                taken.get(kind).equals_missing(expected.get(kind)),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn contract_columns_come_first_then_provenance() {
        let f = Frames::from_records(&Records::default()).unwrap();
        let names = |df: &DataFrame| -> Vec<String> {
            df.get_column_names()
                .iter()
                .map(|s| s.to_string())
                .collect()
        };
        assert_eq!(
            names(&f.papers)[..11],
            [
                "kind",
                "authors",
                "title",
                "venue",
                "level",
                "award",
                "organizer",
                "date",
                "source_file",
                "sheet",
                "row"
            ]
        );
        assert_eq!(
            names(&f.teachers)[..8],
            [
                "name",
                "department",
                "subject",
                "title",
                "id_number",
                "source_file",
                "sheet",
                "row"
            ]
        );
        assert_eq!(
            names(&f.projects)[..12],
            [
                "title",
                "code",
                "level",
                "category",
                "leader",
                "members",
                "status",
                "approved_on",
                "closed_on",
                "source_file",
                "sheet",
                "row"
            ]
        );
        assert_eq!(
            names(&f.training)[..11],
            [
                "teacher",
                "department",
                "course",
                "type",
                "level",
                "start",
                "end",
                "hours",
                "source_file",
                "sheet",
                "row"
            ]
        );
        assert_eq!(
            names(&f.plans)[..6],
            ["month", "item", "owner", "source_file", "sheet", "row"]
        );
    }

    #[test]
    fn values_render_as_the_csv_contract_says() {
        let paper = Paper {
            kind: "获奖".into(),
            authors: vec!["张三".into(), "李四".into()],
            date: NaiveDate::from_ymd_opt(2023, 5, 1),
            prov: Provenance {
                source_file: "a.csv".into(),
                sheet: String::new(),
                row: 4,
            },
            ..Paper::default()
        };
        let records = Records {
            papers: vec![paper],
            ..Records::default()
        };
        let f = Frames::from_records(&records).unwrap();
        let cell = |name: &str| cell_text(&f.papers.column(name).unwrap().get(0).unwrap());
        assert_eq!(cell("authors"), "张三、李四");
        assert_eq!(cell("date"), "2023-05-01");
        assert_eq!(cell("row"), "4");
        assert_eq!(cell("sheet"), "");
        assert_eq!(cell("level"), "");
        assert!(f.papers.column("level").unwrap().get(0).unwrap().is_null());
    }

    #[test]
    fn frames_built_batch_by_batch_equal_frames_built_at_once() {
        let paper = |title: &str, authors: &[&str], row: u32| Paper {
            kind: "发表".into(),
            title: title.into(),
            authors: authors.iter().map(|a| a.to_string()).collect(),
            date: NaiveDate::from_ymd_opt(2024, 3, row),
            prov: Provenance {
                source_file: format!("语文组/{title}.xlsx"),
                sheet: "Sheet1".into(),
                row,
            },
            ..Paper::default()
        };
        let batches = [
            vec![paper("甲", &["张三", "李四"], 3)],
            // A batch without papers, and one whose papers name no author: the list column
            // keeps its type, so the batches still stack.
            Vec::new(),
            vec![paper("乙", &[], 4), paper("丙", &["王五"], 5)],
        ];
        let of = |papers: Vec<Paper>| Records {
            papers,
            ..Records::default()
        };
        let whole = Frames::from_records(&of(batches.concat())).unwrap();
        let mut stacked = Frames::take(Records::default()).unwrap();
        for batch in batches {
            stacked.append(Frames::take(of(batch)).unwrap()).unwrap();
        }
        assert!(stacked.papers.first_col_n_chunks() > 1);
        stacked.rechunk();
        assert_eq!(stacked.papers.first_col_n_chunks(), 1);
        for kind in Kind::ALL {
            assert!(
                stacked.get(kind).equals_missing(whole.get(kind)),
                "{kind:?}"
            );
        }
        assert_eq!(stacked.papers.height(), 3);
    }
}
