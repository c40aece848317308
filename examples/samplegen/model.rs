//! The truth model: records as jiaoke must report them, and where each one landed.
//!
//! A renderer writes a record into a file and calls [`Truth::record`] with the (file, sheet,
//! row) it chose; a planted problem is registered the same way. [`Truth::write`] turns it all
//! into `expected/*.csv`. Nothing here is computed from jiaoke's output.

use std::path::Path;

use anyhow::Result;

use jiaoke::vocab::Kind;

use crate::mess::{D, iso};

/// The columns of a kind's expected CSV, before the provenance columns.
fn columns(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Teachers => &["name", "department", "subject", "title", "id_number"],
        Kind::Papers => &[
            "kind",
            "authors",
            "title",
            "venue",
            "level",
            "award",
            "organizer",
            "date",
            "department",
        ],
        Kind::Projects => &[
            "title",
            "code",
            "level",
            "category",
            "leader",
            "members",
            "status",
            "approved_on",
            "closed_on",
        ],
        Kind::Training => &[
            "teacher",
            "department",
            "course",
            "type",
            "level",
            "start",
            "end",
            "hours",
        ],
        Kind::Plans => &["month", "month_end", "item", "owner", "school_year", "term"],
    }
}

/// One expected record without its provenance.
#[derive(Debug, Clone)]
pub struct Exp {
    /// Which CSV it goes to.
    pub kind: Kind,
    /// The normalized fields in the CSV's column order.
    pub fields: Vec<String>,
}

/// Where a record landed.
#[derive(Debug, Clone)]
pub struct Prov {
    /// Path relative to the inbox, `/` separators.
    pub file: String,
    /// Sheet name; empty for CSV.
    pub sheet: String,
    /// Excel row (CSV line), 1-based.
    pub row: u32,
}

/// One planted problem: a line of problems.csv.
#[derive(Debug, Clone)]
pub struct Problem {
    /// File relative to the inbox.
    pub file: String,
    /// Sheet, or empty.
    pub sheet: String,
    /// Row, or none for a whole file or sheet.
    pub row: Option<u32>,
    /// The header as written in the file, or empty.
    pub column: String,
    /// A finding code of jiaoke's.
    pub code: &'static str,
    /// The raw value.
    pub value: String,
    /// Why it is planted, for the reader.
    pub note: String,
}

/// A file or sheet that must yield no records and no problem: junk and non-record sheets.
#[derive(Debug, Clone)]
pub struct Skipped {
    /// File relative to the inbox.
    pub file: String,
    /// Sheet, or empty for the whole file.
    pub sheet: String,
    /// `skipped_file` or `unknown_sheet`.
    pub code: &'static str,
    /// What it is.
    pub note: String,
}

/// Everything the generator knows jiaoke must find.
#[derive(Debug, Default)]
pub struct Truth {
    records: Vec<(Exp, Prov)>,
    problems: Vec<Problem>,
    skipped: Vec<Skipped>,
}

impl Truth {
    /// Registers a record.
    pub fn record(&mut self, exp: Exp, prov: Prov) {
        self.records.push((exp, prov));
    }

    /// Registers a planted problem.
    pub fn problem(&mut self, p: Problem) {
        self.problems.push(p);
    }

    /// Registers a file or sheet jiaoke must skip.
    pub fn skip(&mut self, file: &str, sheet: &str, code: &'static str, note: &str) {
        self.skipped.push(Skipped {
            file: file.into(),
            sheet: sheet.into(),
            code,
            note: note.into(),
        });
    }

    /// A whole-file problem (unreadable files).
    pub fn file_problem(&mut self, file: &str, code: &'static str, note: &str) {
        self.problem(Problem {
            file: file.into(),
            sheet: String::new(),
            row: None,
            column: String::new(),
            code,
            value: String::new(),
            note: note.into(),
        });
    }

    /// Records per kind and planted problems, for the closing line of a run.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = Kind::ALL
            .iter()
            .map(|k| {
                let n = self.records.iter().filter(|(e, _)| e.kind == *k).count();
                format!("{} {n}", k.key())
            })
            .collect();
        parts.push(format!("problems {}", self.problems.len()));
        parts.join(", ")
    }

    /// Writes expected/*.csv, problems.csv and skipped.csv into `dir`. Records are ordered
    /// by file path, then in the order they were written (sheet by sheet, row by row).
    pub fn write(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir)?;
        for kind in Kind::ALL {
            let mut rows: Vec<&(Exp, Prov)> = self
                .records
                .iter()
                .filter(|(e, _)| e.kind == kind)
                .collect();
            rows.sort_by(|a, b| a.1.file.cmp(&b.1.file));
            let mut w = writer(&dir.join(format!("{}.csv", kind.key())))?;
            let mut head: Vec<&str> = columns(kind).to_vec();
            head.extend(["source_file", "sheet", "row"]);
            w.write_record(&head)?;
            for (e, p) in rows {
                let mut f = e.fields.clone();
                f.extend([p.file.clone(), p.sheet.clone(), p.row.to_string()]);
                w.write_record(&f)?;
            }
            w.flush()?;
        }
        let mut problems: Vec<&Problem> = self.problems.iter().collect();
        problems.sort_by(|a, b| a.file.cmp(&b.file));
        let mut w = writer(&dir.join("problems.csv"))?;
        w.write_record(["file", "sheet", "row", "column", "code", "value", "note"])?;
        for p in problems {
            let row = p.row.map(|r| r.to_string()).unwrap_or_default();
            w.write_record([
                &p.file, &p.sheet, &row, &p.column, p.code, &p.value, &p.note,
            ])?;
        }
        w.flush()?;
        let mut skipped: Vec<&Skipped> = self.skipped.iter().collect();
        skipped.sort_by(|a, b| a.file.cmp(&b.file));
        let mut w = writer(&dir.join("skipped.csv"))?;
        w.write_record(["file", "sheet", "code", "note"])?;
        for s in skipped {
            w.write_record([&s.file, &s.sheet, s.code, &s.note])?;
        }
        w.flush()?;
        Ok(())
    }
}

fn writer(path: &Path) -> Result<csv::Writer<std::fs::File>> {
    Ok(csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(path)?)
}

/// Turns a record into the expected rows it gives (one, or several for a 校本培训 session).
pub trait ToExp {
    /// The expected rows.
    fn exp(&self) -> Vec<Exp>;
}

fn hours_text(h: Option<f64>) -> String {
    h.map(crate::grid::number_text).unwrap_or_default()
}

/// A teacher on the roster.
#[derive(Debug, Clone)]
pub struct Teacher {
    /// Name without spaces.
    pub name: String,
    /// 教研组.
    pub department: String,
    /// 任教学科.
    pub subject: String,
    /// 职称.
    pub title: String,
    /// 男 / 女.
    pub male: bool,
    /// A valid 身份证号.
    pub id: String,
    /// What the expected CSV holds as id_number (empty when the cell cannot give it).
    pub id_expected: String,
}

impl ToExp for Teacher {
    fn exp(&self) -> Vec<Exp> {
        vec![Exp {
            kind: Kind::Teachers,
            fields: vec![
                self.name.clone(),
                self.department.clone(),
                self.subject.clone(),
                self.title.clone(),
                self.id_expected.clone(),
            ],
        }]
    }
}

/// 获奖 or 发表.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperKind {
    /// An award in a contest.
    Award,
    /// A publication in a journal.
    Published,
}

/// A paper award or publication.
#[derive(Debug, Clone)]
pub struct Paper {
    /// 获奖 / 发表.
    pub kind: PaperKind,
    /// Authors in written order.
    pub authors: Vec<String>,
    /// Title as normalized.
    pub title: String,
    /// Contest or journal (without 《》).
    pub venue: String,
    /// Canonical level or empty.
    pub level: String,
    /// Canonical award or empty.
    pub award: String,
    /// Organizer or empty.
    pub organizer: String,
    /// Date.
    pub date: Option<D>,
    /// Department as jiaoke must find it.
    pub department: String,
    /// 刊号 (rendering only).
    pub cn: String,
}

impl ToExp for Paper {
    fn exp(&self) -> Vec<Exp> {
        let kind = match self.kind {
            PaperKind::Award => "获奖",
            PaperKind::Published => "发表",
        };
        vec![Exp {
            kind: Kind::Papers,
            fields: vec![
                kind.into(),
                self.authors.join("、"),
                self.title.clone(),
                self.venue.clone(),
                self.level.clone(),
                self.award.clone(),
                self.organizer.clone(),
                iso(&self.date),
                self.department.clone(),
            ],
        }]
    }
}

/// A research project.
#[derive(Debug, Clone)]
pub struct Project {
    /// 课题名称.
    pub title: String,
    /// Code as normalized.
    pub code: String,
    /// Canonical level.
    pub level: String,
    /// 课题类别.
    pub category: String,
    /// 主持人.
    pub leader: String,
    /// Members in written order.
    pub members: Vec<String>,
    /// Canonical status.
    pub status: String,
    /// The status as written (rendering only).
    pub status_written: String,
    /// 立项时间.
    pub approved: Option<D>,
    /// 结题时间.
    pub closed: Option<D>,
}

impl ToExp for Project {
    fn exp(&self) -> Vec<Exp> {
        vec![Exp {
            kind: Kind::Projects,
            fields: vec![
                self.title.clone(),
                self.code.clone(),
                self.level.clone(),
                self.category.clone(),
                self.leader.clone(),
                self.members.join("、"),
                self.status.clone(),
                iso(&self.approved),
                iso(&self.closed),
            ],
        }]
    }
}

/// One teacher's training course.
#[derive(Debug, Clone)]
pub struct Training {
    /// Teacher name.
    pub teacher: String,
    /// Department as jiaoke must find it.
    pub department: String,
    /// Course.
    pub course: String,
    /// Type as written (rendering only).
    pub type_written: String,
    /// Canonical type.
    pub kind: String,
    /// Canonical level or empty.
    pub level: String,
    /// Start.
    pub start: Option<D>,
    /// End.
    pub end: Option<D>,
    /// Hours.
    pub hours: Option<f64>,
    /// Organizer (rendering only).
    pub organizer: String,
    /// 身份证号 (rendering only).
    pub id: String,
    /// 任教学科 (rendering only).
    pub subject: String,
}

impl ToExp for Training {
    fn exp(&self) -> Vec<Exp> {
        vec![Exp {
            kind: Kind::Training,
            fields: vec![
                self.teacher.clone(),
                self.department.clone(),
                self.course.clone(),
                self.kind.clone(),
                self.level.clone(),
                iso(&self.start),
                iso(&self.end),
                hours_text(self.hours),
            ],
        }]
    }
}

/// One session of a 校本培训记载表: every participant gets a training record.
#[derive(Debug, Clone)]
pub struct Session {
    /// The day.
    pub date: D,
    /// 地点.
    pub place: String,
    /// 主讲人.
    pub speaker: String,
    /// 培训内容.
    pub course: String,
    /// 参加人员 in written order.
    pub participants: Vec<String>,
    /// 学时 per participant.
    pub hours: Option<f64>,
    /// Department as jiaoke must find it.
    pub department: String,
}

impl ToExp for Session {
    fn exp(&self) -> Vec<Exp> {
        self.participants
            .iter()
            .map(|p| Exp {
                kind: Kind::Training,
                fields: vec![
                    p.clone(),
                    self.department.clone(),
                    self.course.clone(),
                    "校本研修".into(),
                    String::new(),
                    self.date.iso(),
                    self.date.iso(),
                    hours_text(self.hours),
                ],
            })
            .collect()
    }
}

/// One item of the office calendar.
#[derive(Debug, Clone)]
pub struct Plan {
    /// First month.
    pub month: u32,
    /// Last month of a range.
    pub month_end: Option<u32>,
    /// 工作内容.
    pub item: String,
    /// 负责人.
    pub owner: String,
    /// The plan's school year (by its first year) and term, when it names them.
    pub term: Option<(i32, u8)>,
}

impl ToExp for Plan {
    fn exp(&self) -> Vec<Exp> {
        vec![Exp {
            kind: Kind::Plans,
            fields: vec![
                self.month.to_string(),
                self.month_end.map(|m| m.to_string()).unwrap_or_default(),
                self.item.clone(),
                self.owner.clone(),
                self.term
                    .map(|(y, _)| format!("{y}-{}", y + 1))
                    .unwrap_or_default(),
                self.term.map(|(_, n)| n.to_string()).unwrap_or_default(),
            ],
        }]
    }
}

/// A calendar line under the month label it is written with (`九月`, `十一月份——十二月份`).
#[derive(Debug, Clone)]
pub struct MonthItem {
    /// The month cell as written.
    pub label: String,
    /// The item.
    pub plan: Plan,
}

impl ToExp for MonthItem {
    fn exp(&self) -> Vec<Exp> {
        self.plan.exp()
    }
}
