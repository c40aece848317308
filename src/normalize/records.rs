//! Typed records, one struct per kind, built from a sheet's record rows.
//!
//! Each field is read through [`super::values`]; a value that cannot be normalized is kept raw
//! in the record's `unparsed` list (header and value as written) and reported as a finding at
//! its cell. Nothing is dropped and nothing is guessed.

use chrono::NaiveDate;

use crate::finding::{Code, Finding, Severity};
use crate::table::{RawSheet, Value, cell_ref};
use crate::vocab::Vocab;

use super::header::Layout;
use super::plan_term::Dating;
use super::rows::DataRow;
use super::values::{self, Precision, Problem};

/// Where a record came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Provenance {
    /// File path relative to the inbox.
    pub source_file: String,
    /// Sheet name; empty for CSV.
    pub sheet: String,
    /// Row number as Excel shows it.
    pub row: u32,
}

/// A roster entry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Teacher {
    /// 姓名.
    pub name: String,
    /// 教研组.
    pub department: String,
    /// 任教学科.
    pub subject: String,
    /// 职称.
    pub title: String,
    /// 身份证号 as text.
    pub id_number: String,
    /// 性别.
    pub gender: String,
    /// 工号.
    pub staff_no: String,
    /// Provenance.
    pub prov: Provenance,
    /// Values kept raw: `header：value`.
    pub unparsed: Vec<String>,
}

/// A paper award (获奖) or publication (发表).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paper {
    /// 获奖 or 发表 (empty when the sheet does not say).
    pub kind: String,
    /// Authors in written order.
    pub authors: Vec<String>,
    /// The author list ended in 等.
    pub authors_truncated: bool,
    /// Title.
    pub title: String,
    /// Contest (获奖) or journal (发表), without 《》.
    pub venue: String,
    /// Canonical level.
    pub level: String,
    /// Level as written.
    pub level_raw: String,
    /// Canonical award grade.
    pub award: String,
    /// Organizer / awarding body.
    pub organizer: String,
    /// Date (day 1 when only the month is known).
    pub date: Option<NaiveDate>,
    /// Whether `date` knows its day.
    pub date_precision: Option<Precision>,
    /// 教研组.
    pub department: String,
    /// 期号 / 卷期.
    pub issue: String,
    /// 刊号 (CN / ISSN).
    pub cn: String,
    /// 证书编号.
    pub certificate: String,
    /// Provenance.
    pub prov: Provenance,
    /// Values kept raw.
    pub unparsed: Vec<String>,
}

/// A research project.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Project {
    /// 课题名称.
    pub title: String,
    /// 课题编号, full-width forms to ASCII.
    pub code: String,
    /// Canonical level.
    pub level: String,
    /// Level as written.
    pub level_raw: String,
    /// 课题类别 as written.
    pub category: String,
    /// 主持人 (usually one).
    pub leader: Vec<String>,
    /// 课题组成员.
    pub members: Vec<String>,
    /// Canonical status.
    pub status: String,
    /// Status as written.
    pub status_raw: String,
    /// 立项时间.
    pub approved_on: Option<NaiveDate>,
    /// 开题时间.
    pub opened_on: Option<NaiveDate>,
    /// 结题时间.
    pub closed_on: Option<NaiveDate>,
    /// 预计结题时间 (or the end of 起止年限).
    pub planned_close: Option<NaiveDate>,
    /// 立项单位 / 课题来源.
    pub organizer: String,
    /// 结题等级.
    pub result: String,
    /// 教研组.
    pub department: String,
    /// Provenance.
    pub prov: Provenance,
    /// Values kept raw.
    pub unparsed: Vec<String>,
}

/// One teacher's training record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Training {
    /// The trainee.
    pub teacher: String,
    /// 身份证号.
    pub id_number: String,
    /// 教研组.
    pub department: String,
    /// 培训项目.
    pub course: String,
    /// 培训类型 (canonical when known).
    pub kind: String,
    /// Canonical level.
    pub level: String,
    /// First day.
    pub start: Option<NaiveDate>,
    /// Last day.
    pub end: Option<NaiveDate>,
    /// 学时.
    pub hours: Option<f64>,
    /// 培训机构.
    pub organizer: String,
    /// Provenance.
    pub prov: Provenance,
    /// Values kept raw.
    pub unparsed: Vec<String>,
}

/// One calendar item.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// Month 1–12.
    pub month: Option<u32>,
    /// Last month of a range.
    pub month_end: Option<u32>,
    /// The time as written (`第三周 9.13-9.19`).
    pub when: String,
    /// The work item, without its number.
    pub item: String,
    /// Who is responsible.
    pub owner: String,
    /// The school year of the plan (by its first year: 2021 for 2021—2022), when it says.
    pub school_year: Option<i32>,
    /// Its term, 1 or 2, when it says ([`super::plan_term`]).
    pub term: Option<u8>,
    /// Provenance.
    pub prov: Provenance,
    /// Values kept raw.
    pub unparsed: Vec<String>,
}

/// All records of one sheet (only the sheet's kind is filled).
#[derive(Debug, Default)]
pub struct Records {
    /// Roster entries.
    pub teachers: Vec<Teacher>,
    /// Papers.
    pub papers: Vec<Paper>,
    /// Projects.
    pub projects: Vec<Project>,
    /// Training records.
    pub training: Vec<Training>,
    /// Calendar items.
    pub plans: Vec<Plan>,
}

impl Records {
    /// Number of records.
    pub fn len(&self) -> usize {
        self.teachers.len()
            + self.papers.len()
            + self.projects.len()
            + self.training.len()
            + self.plans.len()
    }

    /// True when there is no record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Empty, with room for all of `parts` (so that appending them never reallocates: a
    /// growing vector of a district's records would briefly hold them twice).
    pub fn with_capacity<'a>(parts: impl Iterator<Item = &'a Records> + Clone) -> Records {
        let room = |f: fn(&Records) -> usize| parts.clone().map(f).sum::<usize>();
        Records {
            teachers: Vec::with_capacity(room(|r| r.teachers.len())),
            papers: Vec::with_capacity(room(|r| r.papers.len())),
            projects: Vec::with_capacity(room(|r| r.projects.len())),
            training: Vec::with_capacity(room(|r| r.training.len())),
            plans: Vec::with_capacity(room(|r| r.plans.len())),
        }
    }

    /// Appends another sheet's records.
    pub fn append(&mut self, other: Records) {
        self.teachers.extend(other.teachers);
        self.papers.extend(other.papers);
        self.projects.extend(other.projects);
        self.training.extend(other.training);
        self.plans.extend(other.plans);
    }
}

/// What a sheet says about all of its rows.
#[derive(Debug, Clone, Default)]
pub struct SheetHints {
    /// The department from an info row, the title or the names.
    pub department: Option<String>,
    /// A training type named by the title or sheet name (校本培训记载表 → 校本研修).
    pub training_type: Option<String>,
    /// 获奖 or 发表 for the whole sheet, when its columns or names say so.
    pub paper_kind: Option<String>,
    /// A calendar's school year and term, from its title, sheet name or file name.
    pub dating: Dating,
}

/// Reads one record row, collecting problems as findings at their cells.
pub struct RowReader<'a> {
    vocab: &'a Vocab,
    sheet: &'a RawSheet,
    layout: &'a Layout,
    row: &'a DataRow<'a>,
    /// Findings at this row's cells.
    pub findings: Vec<Finding>,
    /// Values kept raw.
    pub unparsed: Vec<String>,
}

impl<'a> RowReader<'a> {
    /// A reader for one row.
    pub fn new(
        vocab: &'a Vocab,
        sheet: &'a RawSheet,
        layout: &'a Layout,
        row: &'a DataRow<'a>,
    ) -> Self {
        RowReader {
            vocab,
            sheet,
            layout,
            row,
            findings: Vec::new(),
            unparsed: Vec::new(),
        }
    }

    /// The raw value of a field.
    pub fn raw(&self, field: &str) -> &'a Value {
        self.row.value(field)
    }

    /// The header as written for a field.
    pub fn header(&self, field: &str) -> String {
        self.layout
            .column(field)
            .map(|c| c.header.clone())
            .unwrap_or_default()
    }

    /// Records a problem with a field's value.
    pub fn problem(&mut self, field: &str, problem: Problem) {
        let value = self.raw(field).raw_text();
        let header = self.header(field);
        let col = self.row.fields.get(field).map(|(_, c)| *c);
        self.unparsed.push(format!("{header}：{value}"));
        self.findings.push(Finding {
            code: problem.code,
            severity: problem.severity,
            file: self.sheet.file.clone(),
            sheet: self.sheet.sheet.clone(),
            row: Some(self.row.number),
            column: header,
            cell: col
                .map(|c| cell_ref(c, self.row.number))
                .unwrap_or_default(),
            value,
            message: problem.message,
            suggestion: problem.suggestion,
        });
    }

    /// Applies a normalizer to a field; a problem is recorded and gives `None`.
    pub fn parse<T>(
        &mut self,
        field: &str,
        f: impl FnOnce(&Value, &Vocab, bool) -> Result<Option<T>, Problem>,
    ) -> Option<T> {
        let date1904 = self.sheet.date1904;
        match f(self.raw(field), self.vocab, date1904) {
            Ok(v) => v,
            Err(p) => {
                self.problem(field, p);
                None
            }
        }
    }

    /// Free text.
    pub fn text(&self, field: &str) -> String {
        values::text(self.raw(field))
    }

    /// A code written as text.
    pub fn code(&self, field: &str) -> String {
        values::code(self.raw(field))
    }

    /// Names (one or several).
    pub fn names(&mut self, field: &str) -> values::Names {
        self.parse(field, |v, vocab, _| values::names(v, vocab))
            .unwrap_or_default()
    }

    /// A date.
    pub fn date(&mut self, field: &str) -> Option<values::PartialDate> {
        self.parse(field, |v, _, d1904| values::date(v, d1904))
    }

    /// A date or range.
    pub fn date_range(
        &mut self,
        field: &str,
    ) -> Option<(values::PartialDate, values::PartialDate)> {
        self.parse(field, |v, _, d1904| values::date_range(v, d1904))
    }

    /// A level: canonical and as written.
    pub fn level(&mut self, field: &str) -> (String, String) {
        let raw = self.text(field);
        let canon = self
            .parse(field, |v, vocab, _| values::level(v, vocab))
            .unwrap_or_default();
        (canon, raw)
    }

    /// Reports each single-choice question answered with several options (a form exported one
    /// column per option): the field stays empty, the options are kept raw.
    pub fn choice_conflicts(&mut self) {
        for c in &self.row.conflicts {
            let options: Vec<&str> = c.chosen.iter().map(|o| o.1.as_str()).collect();
            let columns: Vec<String> = c
                .chosen
                .iter()
                .map(|o| format!("“{}”列 {}", o.1, cell_ref(o.0, self.row.number)))
                .collect();
            // The column is the question's, as for any other problem with the field.
            let prompt = self.header(c.field);
            let options = options.join("、");
            self.unparsed.push(format!("{prompt}：{options}"));
            self.findings.push(Finding {
                code: Code::InvalidValue,
                severity: Severity::Error,
                file: self.sheet.file.clone(),
                sheet: self.sheet.sheet.clone(),
                row: Some(self.row.number),
                column: prompt.clone(),
                cell: cell_ref(c.chosen[0].0, self.row.number),
                value: options.clone(),
                message: format!(
                    "单选题“{prompt}”同时选了 {} 个选项（{}），无法确定是哪一个，此项留空",
                    columns.len(),
                    columns.join("、")
                ),
                suggestion: "请与填写人核对，在导出表中只保留一个选项后重新导入".into(),
            });
        }
    }

    /// Whether a suspicious truncated list should be reported (张三等).
    pub fn truncated(&mut self, field: &str) {
        let value = self.raw(field).raw_text();
        let problem = Problem {
            code: Code::SuspiciousValue,
            severity: Severity::Warning,
            message: format!("“{value}”只写了部分人名（以“等”结尾），统计时会漏掉其他人"),
            suggestion: "请补全全部人员姓名".into(),
        };
        self.problem(field, problem);
        // The names before 等 were kept: the value is not "unparsed".
        self.unparsed.pop();
    }

    /// Provenance of this row.
    pub fn prov(&self) -> Provenance {
        Provenance {
            source_file: self.sheet.file.clone(),
            sheet: self.sheet.sheet.clone(),
            row: self.row.number,
        }
    }
}

fn date_of(p: Option<values::PartialDate>) -> Option<NaiveDate> {
    p.map(|d| d.date)
}

/// Builds a roster entry.
pub fn teacher(r: &mut RowReader, hints: &SheetHints) -> Teacher {
    let name = r
        .parse("name", |v, _, _| values::name(v))
        .unwrap_or_default();
    let id_number = r
        .parse("id_number", |v, _, _| {
            values::id_number(v).map_err(|p| Problem {
                code: Code::InvalidIdNumber,
                ..p
            })
        })
        .unwrap_or_default();
    let department = non_empty(r.text("department"))
        .or(hints.department.clone())
        .unwrap_or_default();
    Teacher {
        name,
        department,
        subject: r.text("subject"),
        title: r.text("title"),
        id_number,
        gender: r.text("gender"),
        staff_no: r.code("staff_no"),
        prov: r.prov(),
        unparsed: std::mem::take(&mut r.unparsed),
    }
}

/// Builds a paper record.
pub fn paper(r: &mut RowReader, hints: &SheetHints) -> Paper {
    let mut authors = r.names("authors");
    if authors.truncated {
        r.truncated("authors");
    }
    let co = r.names("coauthors");
    authors.names.extend(co.names);
    let category = r.parse("category", |v, vocab, _| values::paper_category(v, vocab));
    let (mut level, level_raw) = r.level("level");
    let award = r.parse("award", |v, vocab, _| values::award(v, vocab));
    if let Some(a) = &award
        && level.is_empty()
        && let Some(l) = &a.level
    {
        level.clone_from(l);
    }
    let contest = values::journal(r.raw("contest"));
    let journal = values::journal(r.raw("journal"));
    let kind = category
        .or_else(|| hints.paper_kind.clone())
        .or_else(|| {
            // A sheet with both kinds of column: the row's own values say which it is.
            if award.is_some() || !contest.is_empty() {
                Some("获奖".to_string())
            } else if !journal.is_empty() {
                Some("发表".to_string())
            } else {
                None
            }
        })
        .unwrap_or_default();
    let venue = match kind.as_str() {
        "发表" if !journal.is_empty() => journal,
        _ if !contest.is_empty() => contest,
        _ => journal,
    };
    let mut date = r.date("date");
    if date.is_none() && r.raw("date").is_blank() {
        // Publications often give only the issue: "2023年第5期".
        if let Ok(Some(d)) = values::date(r.raw("issue"), false) {
            date = Some(d);
        }
    }
    let department = non_empty(r.text("department"))
        .or(hints.department.clone())
        .unwrap_or_default();
    Paper {
        kind,
        authors: authors.names,
        authors_truncated: authors.truncated,
        title: r.text("title"),
        venue,
        level,
        level_raw,
        award: award.map(|a| a.award).unwrap_or_default(),
        organizer: r.text("organizer"),
        date: date.map(|d| d.date),
        date_precision: date.map(|d| d.precision),
        department,
        issue: r.text("issue"),
        cn: r.code("cn"),
        certificate: r.code("certificate"),
        prov: r.prov(),
        unparsed: std::mem::take(&mut r.unparsed),
    }
}

/// Builds a project record.
pub fn project(r: &mut RowReader, hints: &SheetHints) -> Project {
    let leader = r.names("leader");
    if leader.truncated {
        r.truncated("leader");
    }
    let members = r.names("members");
    if members.truncated {
        r.truncated("members");
    }
    let (level, level_raw) = r.level("level");
    let status_raw = r.text("status");
    let status = r
        .parse("status", |v, vocab, _| values::status(v, vocab))
        .unwrap_or_default();
    let approved = r.date("approved_on");
    let period = r.date_range("period");
    let planned = r.date("planned_close");
    let department = non_empty(r.text("department"))
        .or(hints.department.clone())
        .unwrap_or_default();
    Project {
        title: r.text("title"),
        code: r.code("code"),
        level,
        level_raw,
        category: r.text("category"),
        leader: leader.names,
        members: members.names,
        status,
        status_raw,
        approved_on: date_of(approved).or(period.map(|p| p.0.date)),
        opened_on: date_of(r.date("opened_on")),
        closed_on: date_of(r.date("closed_on")),
        planned_close: date_of(planned).or(period.map(|p| p.1.date)),
        organizer: r.text("organizer"),
        result: r.text("result"),
        department,
        prov: r.prov(),
        unparsed: std::mem::take(&mut r.unparsed),
    }
}

/// Builds the training records of one row: one per trainee named in it.
pub fn training(r: &mut RowReader, hints: &SheetHints) -> Vec<Training> {
    let teachers = r.names("teacher");
    if teachers.truncated {
        r.truncated("teacher");
    }
    let id_number = r
        .parse("id_number", |v, _, _| {
            values::id_number(v).map_err(|p| Problem {
                code: Code::InvalidIdNumber,
                ..p
            })
        })
        .unwrap_or_default();
    let hours = r.parse("hours", |v, _, _| values::hours(v));
    let mut start = date_of(r.date("start"));
    let mut end = date_of(r.date("end"));
    if let Some((s, e)) = r.date_range("period") {
        start = start.or(Some(s.date));
        end = end.or(Some(e.date));
    }
    let (level, _) = r.level("level");
    let kind = if r.raw("type").is_blank() {
        hints.training_type.clone().unwrap_or_default()
    } else {
        values::training_type(r.raw("type"), r.vocab)
    };
    let department = non_empty(r.text("department"))
        .or(hints.department.clone())
        .unwrap_or_default();
    let base = Training {
        teacher: String::new(),
        id_number,
        department,
        course: r.text("course"),
        kind,
        level,
        start,
        end,
        hours,
        organizer: r.text("organizer"),
        prov: r.prov(),
        unparsed: std::mem::take(&mut r.unparsed),
    };
    if teachers.names.is_empty() {
        return vec![base];
    }
    teachers
        .names
        .into_iter()
        .map(|teacher| Training {
            teacher,
            ..base.clone()
        })
        .collect()
}

/// Builds the calendar items of one row: a cell listing numbered items gives one per item.
pub fn plans(r: &mut RowReader, hints: &SheetHints) -> Vec<Plan> {
    // The month column if there is one, else the dates of a week-based calendar, else a week
    // label that carries its dates ("第三周 9.13-9.19").
    let source = ["month", "when", "week"]
        .into_iter()
        .find(|f| !r.raw(f).is_blank());
    let span = source.and_then(|f| r.parse(f, |v, _, d1904| values::month(v, d1904)));
    let when = ["when", "week", "month"]
        .into_iter()
        .map(|f| r.text(f))
        .find(|t| !t.is_empty())
        .unwrap_or_default();
    let owner = r.text("owner");
    let prov = r.prov();
    let unparsed = std::mem::take(&mut r.unparsed);
    let dating = row_dating(r).or(hints.dating);
    let (school_year, term) = dating.of_item(span.map(|s| s.month));
    let items = super::items::split_cell_items(&r.raw("item").raw_text());
    let items = if items.is_empty() {
        vec![String::new()]
    } else {
        items
    };
    items
        .into_iter()
        .map(|item| Plan {
            month: span.map(|s| s.month),
            month_end: span.and_then(|s| s.month_end),
            when: when.clone(),
            item,
            owner: owner.clone(),
            school_year,
            term,
            prov: prov.clone(),
            unparsed: unparsed.clone(),
        })
        .collect()
}

/// A calendar row's own 学年 and 学期 cells (`2023-2024`, `第一学期` or `1`).
fn row_dating(r: &RowReader) -> Dating {
    let words = &r.vocab.documents;
    let term = r.text("term");
    let mut dating = Dating::parse(&format!("{}|{term}", r.text("school_year")), words);
    if dating.term.is_none() {
        dating.term = match crate::text::to_halfwidth(term.trim()).as_str() {
            "1" => Some(1),
            "2" => Some(2),
            _ => None,
        };
    }
    dating
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}
