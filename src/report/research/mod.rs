//! 年度教科研成果统计（…）.xlsx: the yearly research-output statistics a school hands up to its
//! district office.
//!
//! Sheets: 汇总 (论文获奖 by level × grade, 论文发表 by level, 课题 by level × status, a
//! chart), 按教研组, 按教师, the three 明细 sheets (which `jiaoke import` reads back as the
//! same records) and 数据问题.
//!
//! Counting rules:
//! - a paper counts when its date falls in the period; without a date it is not counted when a
//!   period is set (the 汇总 notes say how many);
//! - a project counts when it is active in the period: approved on or before the period's end
//!   (or no approval date) and not closed before its start; it counts once however many
//!   years it spans. 本期立项 / 本期结题: approved / closed in the period;
//! - a record the check found handed in twice (`duplicate_record`) counts once: the later copy
//!   is left out;
//! - a level, grade or status left empty counts under 未注明级别 / 未注明等次 / 未注明状态, so
//!   that every table's total is its number of records;
//! - a record's department (按教研组) is its 教研组 column, else the roster department of its
//!   first author or leader when that name is unique in the roster, else 未注明教研组;
//!   课题参与 there is the 人次 of the department's roster teachers, as on 按教师;
//! - per teacher, a paper counts for its first-named author only and a project for its first
//!   leader (DOMAIN: a shared achievement is registered by its first-named author); other
//!   leaders and the members count under 参与课题. A name two roster teachers share is
//!   attributed by the record's department (its 教研组, else that of its first author or
//!   leader) when that matches exactly one of them, else to neither.
//!
//! CSV (`--format csv`): `research_summary.csv` (`category,level,grade,count`, one line per
//! non-zero cell: 论文获奖 × grade, 论文发表, 课题 × status, and 课题本期立项 / 课题本期结题
//! with an empty grade) and `research_by_teacher.csv`.

use chrono::NaiveDate;
use polars::prelude::{DataFrame, PolarsResult};

mod facts;
mod stats;

use crate::normalize::columns::{LEVEL, ORGANIZER, SOURCE_FILE, TITLE, papers as p, projects as j};
use crate::normalize::frames::strings;
use crate::period::Period;
use crate::period::PeriodKind;
use crate::report::context::{self, Built, ReportError, ReportInput};
use crate::report::csv::rows_to_csv;
use crate::report::layout::{self, Block, Chart, ChartKind, Column, Sheet, columns, two_lines};
use crate::report::listed::FrameRows;
use crate::report::workbook::{Cell, Letterhead};
use crate::select::query;
use crate::vocab::Vocab;
use facts::DEPT;
pub use stats::Tables;
use stats::*;

/// The row of records whose department is unknown.
pub const NO_DEPARTMENT: &str = "未注明教研组";

const SUMMARY: &str = "汇总";
const BY_DEPARTMENT: &str = "按教研组";
const BY_TEACHER: &str = "按教师";
const AWARD_DETAIL: &str = "论文获奖明细";
const PUBLICATION_DETAIL: &str = "论文发表明细";
const PROJECT_DETAIL: &str = "课题明细";
/// Builds 年度教科研成果统计（period）.xlsx and its CSV tables.
///
/// # Errors
/// Internal errors only (frames, rust_xlsxwriter, CSV).
pub fn build(input: &ReportInput) -> Result<Built, ReportError> {
    let stats = Stats::compute(input.dataset, &input.period, input.findings, input.vocab)?;

    let label = input.period.label();
    let title = format!("{}年度教科研成果统计（{label}）", input.head.school);
    let mut wb = input.head.workbook(&title);
    let head = input.head;
    // Each sheet is declared just before it is written: the cells of one sheet are freed
    // before the next is declared.
    let summary = summary_sheet(
        &stats.tables,
        (&stats.period, stats.errors),
        stats.vocab,
        &title,
    );
    layout::write(&mut wb, head, &summary)?;
    drop(summary);
    layout::write(&mut wb, head, &department_sheet(&stats, head, &label))?;
    layout::write(&mut wb, head, &teacher_sheet(&stats, head, &label))?;
    for sheet in detail_sheets(&stats.counted, (stats.vocab, head, &label), None)? {
        layout::write(&mut wb, head, &sheet)?;
    }
    context::issues_sheet(&mut wb, input.head, input.findings)?;

    Ok(Built {
        file_name: format!("年度教科研成果统计（{label}）.xlsx"),
        workbook: wb,
        csvs: vec![
            (
                "research_summary.csv".into(),
                rows_to_csv(&SUMMARY_COLUMNS, summary_lines(&stats.tables, stats.vocab))?,
            ),
            ("research_by_teacher.csv".into(), teacher_csv(&stats)?),
        ],
    })
}

/// The counts of 汇总 for one inbox: what a district adds up school by school.
///
/// # Errors
/// Internal frame errors only.
pub(crate) fn count(input: &ReportInput) -> PolarsResult<(Tables, Counted)> {
    let s = Stats::compute(input.dataset, &input.period, input.findings, input.vocab)?;
    Ok((s.tables, s.counted))
}

// ---------------------------------------------------------------------------------------
// 汇总.

/// A table of counts by level: one row per level (and 未注明级别), the given columns, a 合计
/// row. `with_total` adds a 合计 column summing each row's first `summed` values.
fn level_block(
    levels: &[&str],
    caption: &str,
    columns: Vec<Column>,
    values: &[Vec<usize>],
    summed: Option<usize>,
) -> Block {
    let mut b = Block::new(columns).caption(caption);
    for (label, row) in levels.iter().zip(values) {
        let mut cells = vec![Cell::text(label)];
        let total = summed.map(|k| row[..k].iter().sum::<usize>());
        let (first, rest) = row.split_at(summed.unwrap_or(row.len()));
        cells.extend(first.iter().map(|v| Cell::count(*v)));
        cells.extend(total.map(Cell::count));
        cells.extend(rest.iter().map(|v| Cell::count(*v)));
        b.push(cells);
    }
    b.push_totals("合计");
    b
}

fn summary_blocks(t: &Tables, v: &Vocab) -> [Block; 3] {
    let levels = v.levels.with_missing();
    let mut award_columns = vec![Column::new("级别")];
    award_columns.extend(v.awards.with_missing().into_iter().map(Column::new));
    award_columns.push(Column::new("合计"));
    let awards = level_block(
        &levels,
        "一、论文获奖（单位：篇）",
        award_columns,
        &t.award_table,
        Some(v.awards.order.len() + 1),
    );
    let publications: Vec<Vec<usize>> = t.publication_table.iter().map(|v| vec![*v]).collect();
    let publications = level_block(
        &levels,
        "二、论文发表（单位：篇）",
        columns(&["级别", "篇数"]),
        &publications,
        None,
    );
    let mut project_columns = vec![Column::new("级别")];
    project_columns.extend(v.statuses.order.iter().map(Column::new));
    project_columns.push(Column::new(two_lines(&v.statuses.missing)));
    project_columns.extend(columns(&["合计", "本期\n立项", "本期\n结题"]));
    let projects: Vec<Vec<usize>> = (0..t.project_table.len())
        .map(|l| {
            let mut row = t.project_table[l].clone();
            row.extend([t.approved_in_period[l], t.closed_in_period[l]]);
            row
        })
        .collect();
    let projects = level_block(
        &levels,
        "三、课题（单位：项；按研究状态，另列本期立项、本期结题）",
        project_columns,
        &projects,
        Some(v.statuses.order.len() + 1),
    );
    [awards, publications, projects]
}

fn date_zh(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

/// `；时间不在统计期内的 3 篇、重复上交的 1 篇未计入`, or nothing.
fn left_out(parts: &[(usize, &str)], unit: &str) -> String {
    let parts: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, why)| format!("{why}的 {n} {unit}"))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("；{}未计入", parts.join("、"))
    }
}

fn period_note(p: &Period) -> String {
    if p.kind == PeriodKind::All {
        return "统计范围：全部记录（不限时间）。".to_string();
    }
    format!(
        "统计范围：{}至{}（{}）。论文按获奖或发表时间计入；课题计入在此期间处于研究期的（立项不晚于{}，且未结题或结题不早于{}），跨年度的课题只计一次。",
        date_zh(p.start),
        date_zh(p.end),
        p.label(),
        date_zh(p.end),
        date_zh(p.start),
    )
}

/// The notes under 汇总: the period, what was counted and left out, the words of missing
/// values, the errors still in the data (`errors`).
fn summary_notes(t: &Tables, period: &Period, errors: usize, v: &Vocab) -> Vec<String> {
    let l = &t.paper_left;
    let papers = format!(
        "论文记录共 {} 篇，计入获奖 {} 篇、发表 {} 篇{}。",
        l.total,
        t.awards(),
        t.publications(),
        left_out(
            &[
                (l.outside, "时间不在统计期内"),
                (l.undated, "未填获奖或发表时间"),
                (l.duplicates, "重复上交"),
                (l.no_kind, "未注明获奖还是发表"),
            ],
            "篇"
        )
    );
    let l = &t.project_left;
    let mut projects = format!(
        "课题记录共 {} 项，计入 {} 项{}",
        l.total,
        t.projects(),
        left_out(
            &[(l.outside, "不在统计期内研究"), (l.duplicates, "重复上交")],
            "项"
        )
    );
    if t.projects_without_approval > 0 {
        projects.push_str(&format!(
            "；未填立项时间的 {} 项按在研计入",
            t.projects_without_approval
        ));
    }
    projects.push('。');
    let mut out = vec![period_note(period), papers, projects];
    out.push(format!(
        "未填级别、获奖等次或研究状态的记录分别计入“{}”“{}”“{}”，各表合计与明细表条数一致；重复上交的记录（见“数据问题”）只计一次。",
        v.levels.missing, v.awards.missing, v.statuses.missing
    ));
    if errors > 0 {
        out.push(format!(
            "数据中还有 {errors} 个错误未改正（见“数据问题”工作表），相关数字可能不准。"
        ));
    }
    out.push("本表由 jiaoke 根据各教研组上交表格生成。".to_string());
    out
}

/// The 汇总 sheet of `t` (a school's counts, or a district's sum of them).
pub(crate) fn summary_sheet(
    t: &Tables,
    (period, errors): (&Period, usize),
    vocab: &Vocab,
    title: &str,
) -> Sheet {
    let [awards, publications, projects] = summary_blocks(t, vocab);
    // Levels along the axis, grades stacked.
    let chart = Chart {
        kind: ChartKind::StackedColumn,
        title: "论文获奖篇数（按级别、等次）".into(),
        block: 0,
        rows: vocab.levels.order.len() + 1,
        series: vocab
            .awards
            .with_missing()
            .into_iter()
            .enumerate()
            .map(|(g, grade)| (grade.to_string(), 1 + g as u16))
            .collect(),
        beside: false,
    };
    Sheet::new(SUMMARY, title)
        .block(awards)
        .block(publications)
        .block(projects)
        .chart(chart)
        .notes(summary_notes(t, period, errors, vocab))
}

// ---------------------------------------------------------------------------------------
// 按教研组, 按教师.

fn department_sheet(s: &Stats, head: &Letterhead, label: &str) -> Sheet {
    let mut cols = vec![Column::new("教研组")];
    let group = "论文获奖（篇）";
    cols.extend(
        s.vocab
            .levels
            .order
            .iter()
            .map(|l| Column::new(l).under(group)),
    );
    cols.push(Column::new(two_lines(&s.vocab.levels.missing)).under(group));
    cols.push(Column::new("合计").under(group));
    cols.extend(columns(&[
        "论文发表\n（篇）",
        "课题主持\n（项）",
        "课题参与\n（人次）",
    ]));
    let mut b = Block::new(cols);
    for (dept, c) in &s.departments {
        let mut row = vec![Cell::text(department_label(dept))];
        row.extend(c.awards.iter().map(|v| Cell::count(*v)));
        row.push(Cell::count(c.awards.iter().sum()));
        row.extend([c.publications, c.led, c.joined].map(Cell::count));
        b.push(row);
    }
    b.push_totals("合计");
    let title = format!("{}教科研成果统计（按教研组，{label}）", head.school);
    Sheet::new(BY_DEPARTMENT, title)
        .block(b)
        .note(format!(
            "论文按所填教研组计；未填的按第一作者在教师名单中的教研组计（名单上有同名教师的不能确定，计入“{NO_DEPARTMENT}”）。课题主持按课题所填教研组或主持人所在教研组计，每项课题只计一次。"
        ))
        .note("课题参与为本组教师（按教师名单）作为课题组成员或第二主持人参与课题的人次，同“按教师”表。")
}

impl PersonCounts {
    fn add(&mut self, other: PersonCounts) {
        self.awards += other.awards;
        self.publications += other.publications;
        self.led += other.led;
        self.joined += other.joined;
    }
}

fn person_cells(dept: &str, name: &str, c: PersonCounts) -> Vec<Cell> {
    let mut row = vec![Cell::text(department_label(dept)), Cell::text(name)];
    row.extend([c.awards, c.publications, c.led, c.joined].map(Cell::count));
    row
}

fn teacher_block(s: &Stats) -> Block {
    let cols = columns(&[
        "教研组",
        "姓名",
        "论文获奖",
        "论文发表",
        "主持课题",
        "参与课题",
    ]);
    let mut b = Block::new(cols);
    let entries = s.roster.members();
    let mut i = 0;
    while i < entries.len() {
        let dept = &entries[i].department;
        let mut sub = PersonCounts::default();
        while i < entries.len() && entries[i].department == *dept {
            b.push(person_cells(dept, &entries[i].name, s.people[i]));
            sub.add(s.people[i]);
            i += 1;
        }
        b.push_total(person_cells(dept, "小计", sub));
    }
    b.push_totals("合计");
    b
}

fn teacher_notes(s: &Stats) -> Vec<String> {
    let u = &s.unattributed;
    let mut out = vec![
        "论文只计第一作者（合作成果由第一作者登记），课题主持只计第一主持人；其他主持人和课题组成员计为“参与课题”。".to_string(),
        "同名教师按记录的教研组区分（记录未填教研组的，按第一作者或第一主持人所在教研组）；区分不了的不计入任何一人。".to_string(),
    ];
    let mut missing = Vec::new();
    if u.papers_ambiguous + u.leaders_ambiguous + u.members_ambiguous > 0 {
        missing.push(format!(
            "因同名无法区分：论文 {} 篇、课题主持 {} 项、课题参与 {} 人次",
            u.papers_ambiguous, u.leaders_ambiguous, u.members_ambiguous
        ));
    }
    if u.papers_unknown + u.leaders_unknown + u.members_unknown > 0 {
        missing.push(format!(
            "第一作者、主持人或成员不在教师名单上（或未填）：论文 {} 篇、课题主持 {} 项、课题参与 {} 人次",
            u.papers_unknown, u.leaders_unknown, u.members_unknown
        ));
    }
    if !missing.is_empty() {
        out.push(format!("未计入个人：{}。", missing.join("；")));
    }
    if s.roster.members().is_empty() {
        out.push("收集文件夹里没有教师名单，无法按教师统计。".to_string());
    }
    out
}

fn teacher_sheet(s: &Stats, head: &Letterhead, label: &str) -> Sheet {
    let title = format!("{}教科研成果统计（按教师，{label}）", head.school);
    Sheet::new(BY_TEACHER, title)
        .block(teacher_block(s))
        .notes(teacher_notes(s))
}

// ---------------------------------------------------------------------------------------
// 明细.

/// A detail column: its header (one `jiaoke import` reads back: 评比活动 → contest, 发表刊物
/// → journal, 获奖时间 / 发表时间 → date) and, for long text, the widest it gets so that
/// the list stays readable on an A4 landscape page.
fn detail_column(header: &str) -> Column {
    let cap = match header {
        "论文题目" | "课题名称" => 32.0,
        "评比活动" | "发表刊物" => 26.0,
        "来源文件" | "课题组成员" => 22.0,
        "作者" | "颁奖单位" | "立项单位" => 18.0,
        _ => return Column::new(header),
    };
    Column::new(header).cap(cap)
}

/// The columns of the 明细 sheets: the frame column and its header, one `jiaoke import`
/// reads back (评比活动 → contest, 发表刊物 → journal, 获奖时间 / 发表时间 → date).
const AWARD_FIELDS: [(&str, &str); 9] = [
    (p::AUTHORS, "作者"),
    (TITLE, "论文题目"),
    (p::VENUE, "评比活动"),
    (LEVEL, "级别"),
    (p::AWARD, "获奖等次"),
    (ORGANIZER, "颁奖单位"),
    (p::DATE, "获奖时间"),
    (DEPT, "教研组"),
    (SOURCE_FILE, "来源文件"),
];
const PUBLICATION_FIELDS: [(&str, &str); 9] = [
    (p::AUTHORS, "作者"),
    (TITLE, "论文题目"),
    (p::VENUE, "发表刊物"),
    (p::CN, "刊号"),
    (p::ISSUE, "期号"),
    (LEVEL, "级别"),
    (p::DATE, "发表时间"),
    (DEPT, "教研组"),
    (SOURCE_FILE, "来源文件"),
];
const PROJECT_FIELDS: [(&str, &str); 11] = [
    (TITLE, "课题名称"),
    (j::CODE, "课题编号"),
    (LEVEL, "课题级别"),
    (j::CATEGORY, "课题类别"),
    (j::LEADER, "主持人"),
    (j::MEMBERS, "课题组成员"),
    (j::STATUS, "研究状态"),
    (j::APPROVED_ON, "立项时间"),
    (j::CLOSED_ON, "结题时间"),
    (ORGANIZER, "立项单位"),
    (SOURCE_FILE, "来源文件"),
];

/// Records in detail order: by level (国家级 first), then by `date` (undated last), then as
/// handed in.
fn by_level(records: &DataFrame, date: &str, vocab: &Vocab) -> PolarsResult<DataFrame> {
    let rank: Vec<u32> = strings(records, LEVEL)?
        .into_iter()
        .map(|l| vocab.levels.index(l.unwrap_or("")) as u32)
        .collect();
    query::sort_by_rank(records, rank, &[date])
}

/// A 明细 sheet: the records in detail order, numbered, their number in the title; `first`
/// is a column listed before `fields` (a district's 学校).
fn detail_sheet(
    (vocab, head, label): (&Vocab, &Letterhead, &str),
    first: Option<(&str, &str)>,
    (name, unit): (&str, &str),
    (records, date): (&DataFrame, &str),
    fields: &[(&str, &str)],
) -> PolarsResult<Sheet> {
    let fields: Vec<(&str, &str)> = first.into_iter().chain(fields.iter().copied()).collect();
    let columns: Vec<&str> = fields.iter().map(|(c, _)| *c).collect();
    let rows = FrameRows::new(&by_level(records, date, vocab)?, &columns)?;
    let title = format!("{}{name}（{label}，共 {} {unit}）", head.school, rows.len());
    let cols = fields.iter().map(|(_, h)| detail_column(h));
    Ok(Sheet::new(name, title).block(Block::listed(cols, rows)))
}

/// The counted papers and projects of an inbox (or of a district's schools, each record
/// with its school): what the 明细 sheets list.
#[derive(Debug, Clone)]
pub struct Counted {
    /// 论文获奖.
    pub awards: DataFrame,
    /// 论文发表.
    pub publications: DataFrame,
    /// Active projects.
    pub projects: DataFrame,
}

/// The three 明细 sheets; `first` is a column listed before the others (a district's 学校).
pub(crate) fn detail_sheets(
    c: &Counted,
    on: (&Vocab, &Letterhead, &str),
    first: Option<(&str, &str)>,
) -> PolarsResult<[Sheet; 3]> {
    let sheet = |spec: (&str, &str), records: (&DataFrame, &str), fields: &[(&str, &str)]| {
        detail_sheet(on, first, spec, records, fields)
    };
    Ok([
        sheet((AWARD_DETAIL, "篇"), (&c.awards, p::DATE), &AWARD_FIELDS)?,
        sheet(
            (PUBLICATION_DETAIL, "篇"),
            (&c.publications, p::DATE),
            &PUBLICATION_FIELDS,
        )?,
        sheet(
            (PROJECT_DETAIL, "项"),
            (&c.projects, j::APPROVED_ON),
            &PROJECT_FIELDS,
        )?,
    ])
}

// ---------------------------------------------------------------------------------------
// CSV.

/// The columns of research_summary.csv.
pub(crate) const SUMMARY_COLUMNS: [&str; 4] = ["category", "level", "grade", "count"];

/// The lines of research_summary.csv: `[category, level, grade, count]`, one per non-zero
/// count of 汇总.
pub(crate) fn summary_lines(t: &Tables, v: &Vocab) -> Vec<[String; 4]> {
    let (grades, statuses) = (v.awards.with_missing(), v.statuses.with_missing());
    let column = |counts: &[usize]| counts.iter().map(|n| vec![*n]).collect::<Vec<_>>();
    // Each table [level][grade or status]; a table by level only has one, empty, grade.
    let one: &[&str] = &[""];
    let tables = [
        ("论文获奖", &grades[..], t.award_table.clone()),
        ("论文发表", one, column(&t.publication_table)),
        ("课题", &statuses[..], t.project_table.clone()),
        ("课题本期立项", one, column(&t.approved_in_period)),
        ("课题本期结题", one, column(&t.closed_in_period)),
    ];
    let mut rows = Vec::new();
    for &(category, grades, ref table) in &tables {
        for (level, counts) in v.levels.with_missing().iter().zip(table) {
            for (grade, n) in grades.iter().zip(counts).filter(|(_, n)| **n > 0) {
                rows.push([category, level, grade, n.to_string().as_str()].map(String::from));
            }
        }
    }
    rows
}

fn teacher_csv(s: &Stats) -> Result<Vec<u8>, ReportError> {
    let rows = s.roster.members().iter().zip(&s.people).map(|(e, c)| {
        [
            e.name.clone(),
            e.department.clone(),
            c.awards.to_string(),
            c.publications.to_string(),
            c.led.to_string(),
            c.joined.to_string(),
        ]
    });
    rows_to_csv(
        &[
            "teacher",
            "department",
            "awards",
            "publications",
            "projects_led",
            "projects_joined",
        ],
        rows,
    )
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap, HashSet};
    use std::io::Cursor;

    use calamine::{Data, Range, Reader, Xlsx};
    use chrono::NaiveDate;
    use polars::prelude::DataFrame;

    use super::*;
    use crate::check::Settings;
    use crate::check::testing::{at, dataset};
    use crate::finding::Code;
    use crate::finding::{Finding, Severity};
    use crate::normalize::frames::cell_text;
    use crate::normalize::frames::{days, joined, strings, uints};
    use crate::normalize::records::{Paper, Project, Records, Teacher};
    use crate::period::Period;
    use crate::period::Terms;
    use crate::pipeline::Dataset;
    use crate::report::testing::{Saved, input, samples, saved};
    use crate::select::query::Left;
    use crate::vocab::Vocab;

    // The built-in orders and words these tests expect (vocab.toml).
    const LEVELS: [&str; 6] = ["国家级", "省级", "市级", "区县级", "片区级", "校级"];
    const NO_LEVEL: &str = "未注明级别";
    const GRADES: [&str; 5] = ["特等奖", "一等奖", "二等奖", "三等奖", "优秀奖"];
    const NO_GRADE: &str = "未注明等次";
    const STATUSES: [&str; 7] = ["申报", "立项", "开题", "中期", "结题", "延期", "撤项"];

    fn vocab() -> &'static Vocab {
        crate::report::testing::builtin_vocab()
    }

    fn level_rows() -> Vec<&'static str> {
        vocab().levels.with_missing()
    }

    #[test]
    fn the_expected_orders_are_the_vocabulary_s() {
        let v = vocab();
        assert_eq!(v.levels.order, LEVELS);
        assert_eq!(v.awards.order, GRADES);
        assert_eq!(v.statuses.order, STATUSES);
        assert_eq!(
            (v.levels.missing.as_str(), v.awards.missing.as_str()),
            (NO_LEVEL, NO_GRADE)
        );
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn head() -> Letterhead {
        Letterhead {
            school: "云溪实验小学".into(),
            date: Some(ymd(2024, 9, 10)),
            ..Letterhead::default()
        }
    }

    fn build_for(d: &Dataset, findings: &[Finding], period: Period) -> Saved {
        saved(build(&input(d, findings, &head(), period)))
    }

    /// A sheet read back, addressed by absolute 0-based row and column.
    struct Grid(Range<Data>);

    impl Grid {
        fn text(&self, r: u32, c: u32) -> String {
            match self.0.get_value((r, c)) {
                Some(Data::String(s)) => s.clone(),
                Some(Data::Float(f)) => f.to_string(),
                Some(Data::Int(i)) => i.to_string(),
                _ => String::new(),
            }
        }

        fn num(&self, r: u32, c: u32) -> usize {
            match self.0.get_value((r, c)) {
                Some(Data::Float(f)) => *f as usize,
                Some(Data::Int(i)) => *i as usize,
                other => panic!("no number at ({r}, {c}): {other:?}"),
            }
        }

        fn height(&self) -> u32 {
            self.0.end().map_or(0, |(r, _)| r + 1)
        }

        /// The first row whose column A starts with `prefix`.
        fn row_starting(&self, prefix: &str) -> u32 {
            (0..self.height())
                .find(|&r| self.text(r, 0).starts_with(prefix))
                .unwrap_or_else(|| panic!("no row starting with {prefix}"))
        }
    }

    fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
        Xlsx::new(Cursor::new(bytes.to_vec())).unwrap()
    }

    fn sheet(wb: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Grid {
        Grid(wb.worksheet_range(name).unwrap())
    }

    fn csv_rows(built: &Saved, name: &str) -> Vec<BTreeMap<String, String>> {
        let bytes = &built.csvs.iter().find(|(n, _)| n == name).unwrap().1;
        let mut r = ::csv::Reader::from_reader(bytes.as_slice());
        let headers = r.headers().unwrap().clone();
        r.records()
            .map(|rec| {
                headers
                    .iter()
                    .zip(rec.unwrap().iter())
                    .map(|(h, v)| (h.to_string(), v.to_string()))
                    .collect()
            })
            .collect()
    }

    /// A counted paper, as the tests see it.
    #[derive(Debug)]
    struct ExpPaper {
        kind: String,
        level: String,
        grade: String,
        /// The 教研组 column.
        dept: String,
        first: String,
    }

    /// An active project, as the tests see it.
    #[derive(Debug)]
    struct ExpProject {
        level: String,
        status: String,
        approved_in: bool,
        closed_in: bool,
        /// The 教研组 column.
        dept: String,
        leaders: Vec<String>,
        members: Vec<String>,
    }

    /// What the workbook should say, computed straight from the frames (independently of
    /// the code under test).
    #[derive(Debug, Default)]
    struct Expected {
        papers: Vec<ExpPaper>,
        projects: Vec<ExpProject>,
        roster: Vec<(String, String)>,
    }

    fn expected(d: &Dataset, findings: &[Finding], period: &Period) -> Expected {
        let dup: HashSet<(String, String, u32)> = findings
            .iter()
            .filter(|f| f.code == Code::DuplicateRecord && f.severity == Severity::Error)
            .map(|f| (f.file.clone(), f.sheet.clone(), f.row.unwrap()))
            .collect();
        let all = period.kind == PeriodKind::All;
        let col = |df: &DataFrame, c: &str| -> Vec<String> {
            // Name lists as the CSV writes them (`张三、李四`).
            if let Ok(names) = joined(df, c) {
                return names.into_iter().map(Option::unwrap_or_default).collect();
            }
            strings(df, c)
                .unwrap()
                .into_iter()
                .map(|s| s.unwrap_or("").to_string())
                .collect()
        };
        let p = &d.frames.papers;
        let (kind, authors, level, award, dept, file, sheet) = (
            col(p, "kind"),
            col(p, "authors"),
            col(p, "level"),
            col(p, "award"),
            col(p, "department"),
            col(p, "source_file"),
            col(p, "sheet"),
        );
        let (date, row) = (days(p, "date").unwrap(), uints(p, "row").unwrap());
        let mut e = Expected::default();
        for i in 0..p.height() {
            let in_period = match date[i] {
                Some(d) => period.contains(d),
                None => all,
            };
            if !in_period
                || !(kind[i] == "获奖" || kind[i] == "发表")
                || dup.contains(&(file[i].clone(), sheet[i].clone(), row[i].unwrap()))
            {
                continue;
            }
            let first = authors[i].split('、').next().unwrap_or("").to_string();
            e.papers.push(ExpPaper {
                kind: kind[i].clone(),
                level: level[i].clone(),
                grade: award[i].clone(),
                dept: dept[i].clone(),
                first,
            });
        }
        let j = &d.frames.projects;
        let (level, status, leader, members, dept, file, sheet) = (
            col(j, "level"),
            col(j, "status"),
            col(j, "leader"),
            col(j, "members"),
            col(j, "department"),
            col(j, "source_file"),
            col(j, "sheet"),
        );
        let (approved, closed, row) = (
            days(j, "approved_on").unwrap(),
            days(j, "closed_on").unwrap(),
            uints(j, "row").unwrap(),
        );
        let split = |s: &str| -> Vec<String> {
            s.split('、')
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect()
        };
        for i in 0..j.height() {
            if dup.contains(&(file[i].clone(), sheet[i].clone(), row[i].unwrap())) {
                continue;
            }
            let starts_in_time = approved[i].is_none() || approved[i].unwrap() <= period.end;
            let not_over = closed[i].is_none() || closed[i].unwrap() >= period.start;
            if !(starts_in_time && not_over) {
                continue;
            }
            e.projects.push(ExpProject {
                level: level[i].clone(),
                status: status[i].clone(),
                approved_in: approved[i].is_some_and(|d| period.contains(d)),
                closed_in: closed[i].is_some_and(|d| period.contains(d)),
                dept: dept[i].clone(),
                leaders: split(&leader[i]),
                members: split(&members[i]),
            });
        }
        let t = &d.frames.teachers;
        for (n, dpt) in col(t, "name").into_iter().zip(col(t, "department")) {
            if !n.is_empty() && !e.roster.contains(&(n.clone(), dpt.clone())) {
                e.roster.push((n, dpt));
            }
        }
        e
    }

    impl Expected {
        fn count(&self, kind: &str, level: &str, grade: Option<&str>) -> usize {
            self.papers
                .iter()
                .filter(|p| {
                    p.kind == kind && p.level == level && grade.is_none_or(|g| p.grade == g)
                })
                .count()
        }

        /// The roster teacher a name on a record stands for (namesakes by department).
        fn teacher(&self, name: &str, dept: &str) -> Option<usize> {
            let hits: Vec<usize> = (0..self.roster.len())
                .filter(|&i| self.roster[i].0 == name)
                .collect();
            if hits.len() == 1 {
                return Some(hits[0]);
            }
            let same: Vec<usize> = hits
                .into_iter()
                .filter(|&i| !dept.is_empty() && self.roster[i].1 == dept)
                .collect();
            (same.len() == 1).then(|| same[0])
        }

        fn department(&self, own: &str, first: &str) -> String {
            if !own.is_empty() {
                return own.to_string();
            }
            let hits: Vec<&(String, String)> =
                self.roster.iter().filter(|(n, _)| n == first).collect();
            match hits.as_slice() {
                [(_, d)] => d.clone(),
                _ => String::new(),
            }
        }
    }

    /// Checks every table of the workbook and both CSVs against the records.
    fn check_against_records(built: &Saved, e: &Expected) {
        let mut wb = open(&built.workbook);
        assert_eq!(
            wb.sheet_names(),
            [
                SUMMARY,
                BY_DEPARTMENT,
                BY_TEACHER,
                AWARD_DETAIL,
                PUBLICATION_DETAIL,
                PROJECT_DETAIL,
                "数据问题"
            ]
        );
        let awards_total = e.papers.iter().filter(|p| p.kind == "获奖").count();
        let pubs_total = e.papers.iter().filter(|p| p.kind == "发表").count();
        assert!(awards_total > 0 && pubs_total > 0, "the samples have both");

        // 汇总 (a): level rows × grade columns.
        let s = sheet(&mut wb, SUMMARY);
        let h = s.row_starting("一、") + 1;
        assert_eq!(s.text(h, 0), "级别");
        let grades: Vec<&str> = GRADES.iter().copied().chain([NO_GRADE]).collect();
        for (g, grade) in grades.iter().enumerate() {
            assert_eq!(s.text(h, 1 + g as u32), *grade);
        }
        assert_eq!(s.text(h, 7), "合计");
        for (l, level) in level_rows().into_iter().enumerate() {
            let r = h + 1 + l as u32;
            assert_eq!(s.text(r, 0), level);
            let canon = if level == NO_LEVEL { "" } else { level };
            for (g, grade) in grades.iter().enumerate() {
                let canon_grade = if *grade == NO_GRADE { "" } else { grade };
                assert_eq!(
                    s.num(r, 1 + g as u32),
                    e.count("获奖", canon, Some(canon_grade)),
                    "{level} {grade}"
                );
            }
            assert_eq!(s.num(r, 7), e.count("获奖", canon, None), "{level}");
        }
        let total = h + 1 + level_rows().len() as u32;
        assert_eq!(s.text(total, 0), "合计");
        assert_eq!(s.num(total, 7), awards_total);
        for (g, grade) in grades.iter().enumerate() {
            let canon_grade = if *grade == NO_GRADE { "" } else { grade };
            let want = e
                .papers
                .iter()
                .filter(|p| p.kind == "获奖" && p.grade == canon_grade)
                .count();
            assert_eq!(s.num(total, 1 + g as u32), want, "{grade}");
        }

        // 汇总 (b).
        let h = s.row_starting("二、") + 1;
        for (l, level) in level_rows().into_iter().enumerate() {
            let canon = if level == NO_LEVEL { "" } else { level };
            assert_eq!(s.num(h + 1 + l as u32, 1), e.count("发表", canon, None));
        }
        assert_eq!(s.num(h + 1 + level_rows().len() as u32, 1), pubs_total);

        // 汇总 (c): statuses, 合计, 本期立项, 本期结题.
        let h = s.row_starting("三、") + 1;
        let statuses: Vec<&str> = STATUSES.iter().copied().chain([""]).collect();
        for (l, level) in level_rows().into_iter().enumerate() {
            let r = h + 1 + l as u32;
            let canon = if level == NO_LEVEL { "" } else { level };
            let at_level: Vec<_> = e.projects.iter().filter(|p| p.level == canon).collect();
            for (k, status) in statuses.iter().enumerate() {
                let want = at_level.iter().filter(|p| p.status == *status).count();
                assert_eq!(s.num(r, 1 + k as u32), want, "{level} {status}");
            }
            assert_eq!(s.num(r, 9), at_level.len());
            assert_eq!(
                s.num(r, 10),
                at_level.iter().filter(|p| p.approved_in).count()
            );
            assert_eq!(
                s.num(r, 11),
                at_level.iter().filter(|p| p.closed_in).count()
            );
        }
        let total = h + 1 + level_rows().len() as u32;
        assert_eq!(s.num(total, 9), e.projects.len());
        assert_eq!(
            s.num(total, 10),
            e.projects.iter().filter(|p| p.approved_in).count()
        );
        assert_eq!(
            s.num(total, 11),
            e.projects.iter().filter(|p| p.closed_in).count()
        );
        assert!(
            (0..s.height()).any(|r| s
                .text(r, 0)
                .contains("本表由 jiaoke 根据各教研组上交表格生成")),
            "closing note"
        );

        // 按教研组: one row per department, totals.
        let s = sheet(&mut wb, BY_DEPARTMENT);
        assert_eq!(
            (s.text(2, 0), s.text(2, 1), s.text(3, 1)),
            ("教研组".into(), "论文获奖（篇）".into(), "国家级".into())
        );
        let mut rows: HashMap<String, u32> = HashMap::new();
        let mut r = 4;
        while s.text(r, 0) != "合计" {
            rows.insert(s.text(r, 0), r);
            r += 1;
        }
        let total_row = r;
        let mut want_awards: HashMap<(String, usize), usize> = HashMap::new();
        let mut want_pubs: HashMap<String, usize> = HashMap::new();
        for p in &e.papers {
            let mut d = e.department(&p.dept, &p.first);
            if d.is_empty() {
                d = NO_DEPARTMENT.into();
            }
            if p.kind == "获奖" {
                *want_awards
                    .entry((d, vocab().levels.index(&p.level)))
                    .or_default() += 1;
            } else {
                *want_pubs.entry(d).or_default() += 1;
            }
        }
        let mut want_led: HashMap<String, usize> = HashMap::new();
        for p in &e.projects {
            let mut d = e.department(&p.dept, p.leaders.first().map_or("", String::as_str));
            if d.is_empty() {
                d = NO_DEPARTMENT.into();
            }
            *want_led.entry(d).or_default() += 1;
        }
        for ((d, l), v) in &want_awards {
            assert_eq!(s.num(rows[d], 1 + *l as u32), *v, "{d} level {l}");
        }
        for (d, &r) in &rows {
            let sum: usize = (0..=LEVELS.len())
                .map(|l| want_awards.get(&(d.clone(), l)).copied().unwrap_or(0))
                .sum();
            assert_eq!(s.num(r, 8), sum, "{d} 合计");
            assert_eq!(
                s.num(r, 9),
                want_pubs.get(d).copied().unwrap_or(0),
                "{d} 发表"
            );
            assert_eq!(
                s.num(r, 10),
                want_led.get(d).copied().unwrap_or(0),
                "{d} 主持"
            );
        }
        for d in want_awards
            .keys()
            .map(|k| &k.0)
            .chain(want_pubs.keys())
            .chain(want_led.keys())
        {
            assert!(rows.contains_key(d), "{d} has a row");
        }
        assert_eq!(s.num(total_row, 8), awards_total);
        assert_eq!(s.num(total_row, 9), pubs_total);
        assert_eq!(s.num(total_row, 10), e.projects.len());
        let dept_joined_total = s.num(total_row, 11);

        // 按教师: first authors and first leaders on the roster.
        let mut want = vec![[0usize; 4]; e.roster.len()];
        for p in &e.papers {
            if let Some(i) = e.teacher(&p.first, &e.department(&p.dept, &p.first)) {
                want[i][if p.kind == "获奖" { 0 } else { 1 }] += 1;
            }
        }
        for p in &e.projects {
            let mut seen = HashSet::new();
            let dept = e.department(&p.dept, p.leaders.first().map_or("", String::as_str));
            if let Some(i) = p.leaders.first().and_then(|l| e.teacher(l, &dept)) {
                want[i][2] += 1;
                seen.insert(i);
            }
            for m in p.leaders.iter().skip(1).chain(&p.members) {
                if let Some(i) = e.teacher(m, &dept)
                    && seen.insert(i)
                {
                    want[i][3] += 1;
                }
            }
        }
        let s = sheet(&mut wb, BY_TEACHER);
        assert_eq!(s.text(2, 1), "姓名");
        let mut r = 3;
        let mut seen = Vec::new();
        let mut sums = [0usize; 4];
        let mut sub = [0usize; 4];
        while s.text(r, 0) != "合计" {
            let vals = [s.num(r, 2), s.num(r, 3), s.num(r, 4), s.num(r, 5)];
            if s.text(r, 1) == "小计" {
                assert_eq!(vals, sub, "subtotal of {}", s.text(r, 0));
                sub = [0; 4];
            } else {
                let dept = s.text(r, 0);
                let dept = if dept == NO_DEPARTMENT {
                    String::new()
                } else {
                    dept
                };
                let i = e
                    .roster
                    .iter()
                    .position(|x| *x == (s.text(r, 1), dept.clone()))
                    .expect("a roster teacher");
                assert_eq!(vals, want[i], "{}（{}）", s.text(r, 1), s.text(r, 0));
                seen.push(i);
                for k in 0..4 {
                    sums[k] += vals[k];
                    sub[k] += vals[k];
                }
            }
            r += 1;
        }
        seen.sort_unstable();
        assert_eq!(
            seen,
            (0..e.roster.len()).collect::<Vec<_>>(),
            "every roster teacher once"
        );
        assert_eq!([s.num(r, 2), s.num(r, 3), s.num(r, 4), s.num(r, 5)], sums);
        assert_eq!(
            dept_joined_total, sums[3],
            "课题参与 adds up to the teachers'"
        );
        let attributed = e
            .papers
            .iter()
            .filter(|p| {
                p.kind == "获奖"
                    && e.teacher(&p.first, &e.department(&p.dept, &p.first))
                        .is_some()
            })
            .count();
        assert_eq!(sums[0], attributed);

        // 明细: one row per counted record, numbered.
        for (name, want) in [
            (AWARD_DETAIL, awards_total),
            (PUBLICATION_DETAIL, pubs_total),
            (PROJECT_DETAIL, e.projects.len()),
        ] {
            let s = sheet(&mut wb, name);
            assert_eq!(s.text(2, 0), "序号");
            assert_eq!(s.height() - 3, want as u32, "{name}");
            for i in 0..want {
                assert_eq!(s.num(3 + i as u32, 0), i + 1);
            }
        }

        // CSVs.
        let summary = csv_rows(built, "research_summary.csv");
        let sum = |cat: &str| -> usize {
            summary
                .iter()
                .filter(|r| r["category"] == cat)
                .map(|r| r["count"].parse::<usize>().unwrap())
                .sum()
        };
        assert_eq!(sum("论文获奖"), awards_total);
        assert_eq!(sum("论文发表"), pubs_total);
        assert_eq!(sum("课题"), e.projects.len());
        assert!(summary.iter().all(|r| r["count"] != "0"));
        for r in summary.iter().filter(|r| r["category"] == "论文获奖") {
            let level = if r["level"] == NO_LEVEL {
                ""
            } else {
                r["level"].as_str()
            };
            let grade = if r["grade"] == NO_GRADE {
                ""
            } else {
                r["grade"].as_str()
            };
            assert_eq!(
                r["count"].parse::<usize>().unwrap(),
                e.count("获奖", level, Some(grade))
            );
        }
        let by_teacher = csv_rows(built, "research_by_teacher.csv");
        assert_eq!(by_teacher.len(), e.roster.len());
        let total: usize = by_teacher
            .iter()
            .map(|r| r["awards"].parse::<usize>().unwrap())
            .sum();
        assert_eq!(total, attributed);
        let mut listed = HashSet::new();
        for r in &by_teacher {
            let key = (r["teacher"].clone(), r["department"].clone());
            let i = e
                .roster
                .iter()
                .position(|x| *x == key)
                .expect("a roster teacher");
            assert!(listed.insert(i), "{key:?} listed once");
            let name = &key.0;
            let got: Vec<usize> = ["awards", "publications", "projects_led", "projects_joined"]
                .iter()
                .map(|k| r[*k].parse().unwrap())
                .collect();
            assert_eq!(got, want[i].to_vec(), "{name}");
        }
    }

    #[test]
    fn samples_school_year_totals_match_the_records() {
        let (d, findings) = samples();
        let period = Period::school_year(2023, &Terms::default());
        let built = build_for(d, findings, period);
        assert_eq!(built.file_name, "年度教科研成果统计（2023—2024学年）.xlsx");
        let e = expected(d, findings, &period);
        check_against_records(&built, &e);
        // The samples hold an undated award (吴芳), papers of 2023 before September, and a
        // paper handed in twice by two departments: none of them counts.
        let s = Stats::compute(d, &period, findings, vocab()).unwrap();
        assert!(s.tables.paper_left.undated >= 1);
        assert!(s.tables.paper_left.outside >= 1);
        assert!(s.tables.paper_left.duplicates >= 1);
        let l = s.tables.paper_left;
        assert_eq!(
            l.total,
            s.counted.awards.height()
                + s.counted.publications.height()
                + l.undated
                + l.outside
                + l.duplicates
                + l.no_kind
        );
        let mut wb = open(&built.workbook);
        let sum = sheet(&mut wb, SUMMARY);
        let undated_note = format!("未填获奖或发表时间的 {} 篇", l.undated);
        assert!(
            (0..sum.height()).any(|r| sum.text(r, 0).contains(&undated_note)),
            "the note says how many papers had no date"
        );
    }

    #[test]
    fn samples_all_records_totals_match_the_records() {
        let (d, findings) = samples();
        let built = build_for(d, findings, Period::all());
        assert_eq!(built.file_name, "年度教科研成果统计（全部记录）.xlsx");
        let e = expected(d, findings, &Period::all());
        check_against_records(&built, &e);
        // Every paper counts but the later copy of a duplicate.
        let dups = findings
            .iter()
            .filter(|f| {
                f.code == Code::DuplicateRecord
                    && f.severity == Severity::Error
                    && d.sheets.iter().any(|s| {
                        s.file == f.file
                            && s.sheet == f.sheet
                            && s.kind == crate::vocab::Kind::Papers
                    })
            })
            .count();
        assert_eq!(e.papers.len() + dups, d.frames.papers.height());
    }

    /// A small school: a namesake pair (王静 of 语文组 and of 英语组), an undated paper, a
    /// paper of the previous year, a paper handed in twice, a project running since 2022.
    fn small_school() -> Dataset {
        let teacher = |name: &str, dept: &str, row| Teacher {
            name: name.into(),
            department: dept.into(),
            prov: at("名单.xlsx", row),
            ..Teacher::default()
        };
        #[allow(clippy::too_many_arguments)]
        let paper = |kind: &str,
                     authors: &[&str],
                     title: &str,
                     level: &str,
                     award: &str,
                     date: Option<NaiveDate>,
                     dept: &str,
                     file: &str,
                     row| Paper {
            kind: kind.into(),
            authors: authors.iter().map(|a| a.to_string()).collect(),
            title: title.into(),
            venue: if kind == "获奖" {
                "区论文评比"
            } else {
                "江苏教育"
            }
            .into(),
            level: level.into(),
            award: award.into(),
            date,
            department: dept.into(),
            prov: at(file, row),
            ..Paper::default()
        };
        let project = |title: &str,
                       level: &str,
                       leader: &str,
                       members: &[&str],
                       status: &str,
                       approved: Option<NaiveDate>,
                       closed: Option<NaiveDate>,
                       dept: &str,
                       row| Project {
            title: title.into(),
            level: level.into(),
            leader: vec![leader.into()],
            members: members.iter().map(|m| m.to_string()).collect(),
            status: status.into(),
            approved_on: approved,
            closed_on: closed,
            department: dept.into(),
            prov: at("课题.xlsx", row),
            ..Project::default()
        };
        let d = |y, m, d| Some(ymd(y, m, d));
        dataset(Records {
            teachers: vec![
                teacher("张三", "数学组", 2),
                teacher("李四", "数学组", 3),
                teacher("王静", "语文组", 4),
                teacher("赵六", "语文组", 5),
                teacher("王静", "英语组", 6),
            ],
            papers: vec![
                paper(
                    "获奖",
                    &["张三", "李四"],
                    "论文甲",
                    "省级",
                    "一等奖",
                    d(2023, 10, 1),
                    "数学组",
                    "a.xlsx",
                    2,
                ),
                paper(
                    "获奖",
                    &["王静"],
                    "论文乙",
                    "市级",
                    "二等奖",
                    d(2024, 3, 1),
                    "英语组",
                    "a.xlsx",
                    3,
                ),
                paper(
                    "获奖",
                    &["王静"],
                    "论文丙",
                    "区县级",
                    "",
                    d(2023, 12, 1),
                    "",
                    "a.xlsx",
                    4,
                ),
                paper(
                    "获奖",
                    &["赵六"],
                    "论文丁",
                    "",
                    "三等奖",
                    None,
                    "",
                    "a.xlsx",
                    5,
                ),
                paper(
                    "获奖",
                    &["李四"],
                    "论文戊",
                    "国家级",
                    "特等奖",
                    d(2023, 5, 1),
                    "",
                    "a.xlsx",
                    6,
                ),
                paper(
                    "发表",
                    &["赵六"],
                    "论文己",
                    "省级",
                    "",
                    d(2024, 1, 1),
                    "",
                    "a.xlsx",
                    7,
                ),
                paper(
                    "发表",
                    &["外校老师"],
                    "论文庚",
                    "国家级",
                    "",
                    d(2024, 5, 1),
                    "综合组",
                    "a.xlsx",
                    8,
                ),
                paper(
                    "获奖",
                    &["李四"],
                    "论文辛",
                    "片区级",
                    "优秀奖",
                    d(2024, 6, 1),
                    "",
                    "a.xlsx",
                    9,
                ),
                // 论文甲 again, from another department's file.
                paper(
                    "获奖",
                    &["张三", "李四"],
                    "论文甲",
                    "省级",
                    "一等奖",
                    d(2023, 10, 1),
                    "数学组",
                    "b.xlsx",
                    2,
                ),
            ],
            projects: vec![
                project(
                    "课题A",
                    "市级",
                    "张三",
                    &["李四", "王静"],
                    "中期",
                    d(2022, 3, 1),
                    None,
                    "",
                    2,
                ),
                project(
                    "课题B",
                    "市级",
                    "李四",
                    &[],
                    "结题",
                    d(2021, 1, 1),
                    d(2023, 6, 30),
                    "",
                    3,
                ),
                project(
                    "课题C",
                    "区县级",
                    "王静",
                    &["赵六"],
                    "结题",
                    d(2023, 10, 1),
                    d(2024, 6, 1),
                    "英语组",
                    4,
                ),
                project("课题D", "", "赵六", &[], "申报", None, None, "", 5),
                project(
                    "课题E",
                    "校级",
                    "张三",
                    &[],
                    "立项",
                    d(2024, 9, 1),
                    None,
                    "",
                    6,
                ),
                // Closed after the period: active, but not 本期结题.
                project(
                    "课题F",
                    "区县级",
                    "李四",
                    &[],
                    "结题",
                    d(2023, 1, 1),
                    d(2024, 10, 15),
                    "",
                    7,
                ),
            ],
            ..Records::default()
        })
    }

    #[test]
    fn small_school_gives_exact_numbers() {
        let data = small_school();
        let findings = crate::check::run(&data, &Settings::default()).unwrap();
        let period = Period::school_year(2023, &Terms::default());
        let s = Stats::compute(&data, &period, &findings, vocab()).unwrap();
        let titles = |v: &DataFrame| -> Vec<String> {
            strings(v, TITLE)
                .unwrap()
                .into_iter()
                .map(|t| t.unwrap_or("").to_string())
                .collect()
        };
        assert_eq!(
            titles(&s.counted.awards),
            ["论文甲", "论文乙", "论文丙", "论文辛"]
        );
        assert_eq!(titles(&s.counted.publications), ["论文己", "论文庚"]);
        assert_eq!(
            s.tables.paper_left,
            Left {
                total: 9,
                duplicates: 1,
                no_kind: 0,
                undated: 1,
                outside: 1
            }
        );
        // Levels: 国家级 省级 市级 区县级 片区级 校级 未注明; grades then 未注明等次.
        let mut awards = vec![vec![0; 6]; 7];
        awards[1][1] = 1; // 省级 一等奖
        awards[2][2] = 1; // 市级 二等奖
        awards[3][5] = 1; // 区县级, no grade
        awards[4][4] = 1; // 片区级 优秀奖
        assert_eq!(s.tables.award_table, awards);
        assert_eq!(s.tables.publication_table, [1, 1, 0, 0, 0, 0, 0]);
        let active = titles(&s.counted.projects);
        assert_eq!(
            active,
            ["课题A", "课题C", "课题D", "课题F"],
            "B closed before, E approved after"
        );
        assert_eq!(s.tables.projects_without_approval, 1);
        assert_eq!(s.tables.project_table[2][3], 1, "市级 中期");
        assert_eq!(s.tables.project_table[3][4], 2, "区县级 结题");
        assert_eq!(s.tables.project_table[6][0], 1, "no level, 申报");
        assert_eq!(s.tables.project_table.iter().flatten().sum::<usize>(), 4);
        assert_eq!(s.tables.approved_in_period, [0, 0, 0, 1, 0, 0, 0]);
        assert_eq!(s.tables.closed_in_period, [0, 0, 0, 1, 0, 0, 0]);

        // Roster order: 数学组 张三 李四, 语文组 王静 赵六, 英语组 王静.
        let people: Vec<(String, String, [usize; 4])> = s
            .roster
            .members()
            .iter()
            .zip(&s.people)
            .map(|(e, c)| {
                (
                    e.department.clone(),
                    e.name.clone(),
                    [c.awards, c.publications, c.led, c.joined],
                )
            })
            .collect();
        let row = |d: &str, n: &str, v: [usize; 4]| (d.to_string(), n.to_string(), v);
        assert_eq!(
            people,
            [
                // 论文甲 (first author), 课题A led.
                row("数学组", "张三", [1, 0, 1, 0]),
                // 论文辛; co-author of 论文甲 does not count; member of 课题A; 课题F led.
                row("数学组", "李四", [1, 0, 1, 1]),
                // 课题A (数学组, by its leader) names 王静: neither 王静 is of 数学组.
                row("语文组", "王静", [0, 0, 0, 0]),
                // 论文己; 课题D led (no approval date: active); member of 课题C.
                row("语文组", "赵六", [0, 1, 1, 1]),
                // 论文乙 says 英语组; 课题C says 英语组. 论文丙 has no department: neither.
                row("英语组", "王静", [1, 0, 1, 0]),
            ]
        );
        assert_eq!(
            s.unattributed,
            Unattributed {
                papers_unknown: 1,
                papers_ambiguous: 1,
                leaders_unknown: 0,
                leaders_ambiguous: 0,
                members_unknown: 0,
                members_ambiguous: 1,
            }
        );

        let depts: Vec<(&str, [usize; 7], [usize; 3])> = s
            .departments
            .iter()
            .map(|(d, c)| {
                let awards: [usize; 7] = c.awards.clone().try_into().unwrap();
                (d.as_str(), awards, [c.publications, c.led, c.joined])
            })
            .collect();
        assert_eq!(
            depts,
            [
                ("数学组", [0, 1, 0, 0, 1, 0, 0], [0, 2, 1]),
                ("语文组", [0, 0, 0, 0, 0, 0, 0], [1, 1, 1]),
                ("英语组", [0, 0, 1, 0, 0, 0, 0], [0, 1, 0]),
                ("综合组", [0; 7], [1, 0, 0]),
                ("", [0, 0, 0, 1, 0, 0, 0], [0, 0, 0]),
            ]
        );

        let built = build_for(&data, &findings, period);
        let csv = |name: &str| {
            String::from_utf8(
                built
                    .csvs
                    .iter()
                    .find(|(n, _)| n == name)
                    .unwrap()
                    .1
                    .clone(),
            )
            .unwrap()
        };
        assert_eq!(
            csv("research_summary.csv"),
            "category,level,grade,count\n\
             论文获奖,省级,一等奖,1\n\
             论文获奖,市级,二等奖,1\n\
             论文获奖,区县级,未注明等次,1\n\
             论文获奖,片区级,优秀奖,1\n\
             论文发表,国家级,,1\n\
             论文发表,省级,,1\n\
             课题,市级,中期,1\n\
             课题,区县级,结题,2\n\
             课题,未注明级别,申报,1\n\
             课题本期立项,区县级,,1\n\
             课题本期结题,区县级,,1\n"
        );
        assert_eq!(
            csv("research_by_teacher.csv"),
            "teacher,department,awards,publications,projects_led,projects_joined\n\
             张三,数学组,1,0,1,0\n\
             李四,数学组,1,0,1,1\n\
             王静,语文组,0,0,0,0\n\
             赵六,语文组,0,1,1,1\n\
             王静,英语组,1,0,1,0\n"
        );

        // The workbook says the same, and the general checks hold.
        check_against_records(&built, &expected(&data, &findings, &period));
        let mut wb = open(&built.workbook);
        let sum = sheet(&mut wb, SUMMARY);
        let notes: String = (0..sum.height()).map(|r| sum.text(r, 0)).collect();
        assert!(
            notes.contains("论文记录共 9 篇，计入获奖 4 篇、发表 2 篇"),
            "{notes}"
        );
        assert!(notes.contains("未填获奖或发表时间的 1 篇"), "{notes}");
        assert!(notes.contains("重复上交的 1 篇"), "{notes}");
        assert!(notes.contains("课题记录共 6 项，计入 4 项"), "{notes}");
        assert!(notes.contains("未填立项时间的 1 项按在研计入"), "{notes}");
        let dept = sheet(&mut wb, BY_DEPARTMENT);
        let labels: Vec<String> = (4..9).map(|r| dept.text(r, 0)).collect();
        assert_eq!(
            labels,
            ["数学组", "语文组", "英语组", "综合组", NO_DEPARTMENT]
        );
        let teacher = sheet(&mut wb, BY_TEACHER);
        let notes: String = (0..teacher.height()).map(|r| teacher.text(r, 0)).collect();
        assert!(notes.contains("论文只计第一作者"), "{notes}");
        assert!(
            notes.contains("因同名无法区分：论文 1 篇、课题主持 0 项、课题参与 1 人次"),
            "{notes}"
        );
    }

    #[test]
    fn without_a_period_undated_papers_count_too() {
        let data = small_school();
        let findings = crate::check::run(&data, &Settings::default()).unwrap();
        let s = Stats::compute(&data, &Period::all(), &findings, vocab()).unwrap();
        assert_eq!(
            (s.counted.awards.height(), s.counted.publications.height()),
            (6, 2)
        );
        assert_eq!(s.tables.paper_left.undated + s.tables.paper_left.outside, 0);
        assert_eq!(s.counted.projects.height(), 6, "every project, once");
        let built = build_for(&data, &findings, Period::all());
        check_against_records(&built, &expected(&data, &findings, &Period::all()));
    }

    /// What `jiaoke import` reads back from the workbook: the detail sheets give the counted
    /// records again; the summary sheets give none.
    #[test]
    fn detail_sheets_import_back_as_the_counted_records() {
        let (d, findings) = samples();
        let period = Period::school_year(2023, &Terms::default());
        let built = build_for(d, findings, period);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(&built.file_name), &built.workbook).unwrap();
        let back = crate::pipeline::import(dir.path(), &Vocab::builtin(), &|_| {}).unwrap();
        let f = &back.frames;
        assert_eq!(f.teachers.height(), 0, "按教师 is not a roster");
        assert_eq!(f.training.height(), 0);
        assert_eq!(f.plans.height(), 0);
        let kinds: Vec<(String, crate::vocab::Kind)> = back
            .sheets
            .iter()
            .map(|s| (s.sheet.clone(), s.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                (AWARD_DETAIL.to_string(), crate::vocab::Kind::Papers),
                (PUBLICATION_DETAIL.to_string(), crate::vocab::Kind::Papers),
                (PROJECT_DETAIL.to_string(), crate::vocab::Kind::Projects),
            ]
        );
        let s = Stats::compute(d, &period, findings, vocab()).unwrap();
        // Each record as the texts of the columns the detail sheets carry.
        let keys = |df: &DataFrame, columns: &[&str]| -> Vec<Vec<String>> {
            let mut rows: Vec<Vec<String>> = (0..df.height())
                .map(|i| {
                    columns
                        .iter()
                        .map(|c| cell_text(&df.column(c).unwrap().get(i).unwrap()))
                        .collect()
                })
                .collect();
            rows.sort();
            rows
        };
        let paper_columns = [
            p::KIND,
            p::AUTHORS,
            TITLE,
            p::VENUE,
            LEVEL,
            p::AWARD,
            p::DATE,
            p::ISSUE,
            p::CN,
        ];
        let counted = s.counted.awards.vstack(&s.counted.publications).unwrap();
        assert_eq!(
            keys(&f.papers, &paper_columns),
            keys(&counted, &paper_columns)
        );
        let columns: Vec<&str> = PROJECT_FIELDS[..10].iter().map(|(c, _)| *c).collect();
        assert_eq!(
            keys(&f.projects, &columns),
            keys(&s.counted.projects, &columns)
        );
    }
}
