//! The district's outputs: 全区教科研成果统计, 全区教师培训学时汇总, 上报情况, one 问题清单 per
//! school, and their CSV twins. Every number is a school's own count ([`super::SchoolReport`])
//! or a sum of them.

use crate::finding::{Finding, Severity};
use crate::report::context::{Built, ReportError, issues_sheet};
use crate::report::csv::rows_to_csv;
use crate::report::findings::{Field, finding_list, findings_workbook};
use crate::report::layout::{self, Block, Column, Sheet, Total, columns, two_lines};
use polars::prelude::{DataFrame, ParquetWriter, PolarsResult};

use crate::normalize::columns::SCHOOL;
use crate::normalize::frames::csv_name;
use crate::report::research::{self, Counted, SUMMARY_COLUMNS, Tables};
use crate::report::training::{BUCKETS, Totals, share};
use crate::report::workbook::Cell;
use crate::table::format_number;
use crate::vocab::Kind;

use super::collect::Status;
use super::compare::Earlier;
use super::list::School;
use super::score;
use super::{District, SchoolReport};

/// The folder of the 问题清单 sent back to each school.
pub const FINDINGS_DIR: &str = "问题清单";

/// The number of teachers a school has: the list's 教师数, else its roster's.
fn teachers(s: &SchoolReport) -> Option<usize> {
    s.member
        .school
        .teachers
        .map(|t| t as usize)
        .or((s.training.teachers > 0).then_some(s.training.teachers))
}

/// The first columns of every per-school table: 序号, 学校, and 学段 / 片区 when listed.
fn school_columns(d: &District) -> (Vec<Column>, bool, bool) {
    let stage = d.schools.iter().any(|s| !s.member.school.stage.is_empty());
    let area = d.schools.iter().any(|s| !s.member.school.area.is_empty());
    let mut cols = columns(&["序号", "学校"]);
    cols[1] = Column::new("学校").cap(28.0);
    if stage {
        cols.push(Column::new("学段"));
    }
    if area {
        cols.push(Column::new("片区"));
    }
    (cols, stage, area)
}

fn school_cells(i: usize, s: &SchoolReport, (stage, area): (bool, bool)) -> Vec<Cell> {
    let school = &s.member.school;
    let mut row = vec![Cell::count(i + 1), Cell::text(&school.name)];
    if stage {
        row.push(Cell::text(&school.stage));
    }
    if area {
        row.push(Cell::text(&school.area));
    }
    row
}

/// A remark on a school's row: not handed in, unreadable, not on the list.
fn remark(s: &SchoolReport) -> String {
    let mut out = Vec::new();
    if s.status != Status::Submitted {
        out.push(s.status.label().to_string());
    }
    if !s.member.listed {
        out.push("不在学校名单上".to_string());
    }
    out.join("；")
}

/// The district's sum of its schools' research counts.
pub fn research_total(d: &District) -> Tables {
    let mut total = Tables::default();
    for s in &d.schools {
        total.add(&s.research);
    }
    total
}

/// 按学校 of 全区教科研成果统计.
fn research_by_school(d: &District) -> Sheet {
    let v = &d.vocab;
    let (mut cols, stage, area) = school_columns(d);
    let awards = "论文获奖（篇）";
    cols.extend(
        v.levels
            .with_missing()
            .iter()
            .map(|l| Column::new(two_lines(l)).under(awards)),
    );
    cols.push(Column::new("合计").under(awards));
    cols.push(Column::new("论文发表\n（篇）"));
    let projects = "课题（项）";
    cols.extend(
        v.statuses
            .with_missing()
            .iter()
            .map(|l| Column::new(two_lines(l)).under(projects)),
    );
    cols.push(Column::new("合计").under(projects));
    let per = "每百名教师";
    cols.extend(["获奖", "发表", "课题"].map(|c| Column::new(c).under(per).total(Total::Nothing)));
    let scored = d.points.is_set();
    if scored {
        cols.push(Column::new("考核\n得分"));
        cols.push(Column::new("排名").total(Total::Nothing));
    }
    cols.push(Column::new("备注").cap(20.0));
    let mut b = Block::new(cols);
    let scores: Vec<f64> = d
        .schools
        .iter()
        .map(|s| score::score(&s.research, &d.points, v))
        .collect();
    let ranks = score::ranks(&scores);
    for (i, s) in d.schools.iter().enumerate() {
        let t = &s.research;
        let mut row = school_cells(i, s, (stage, area));
        let by_level: Vec<usize> = t.award_table.iter().map(|r| r.iter().sum()).collect();
        row.extend(by_level.iter().map(|n| Cell::count(*n)));
        row.push(Cell::count(t.awards()));
        row.push(Cell::count(t.publications()));
        let width = v.statuses.order.len() + 1;
        row.extend((0..width).map(|k| Cell::count(t.project_table.iter().map(|r| r[k]).sum())));
        row.push(Cell::count(t.projects()));
        let per_100 = |n: usize| match teachers(s) {
            Some(tc) if tc > 0 => Cell::Number((n as f64 * 1000.0 / tc as f64).round() / 10.0),
            _ => Cell::Empty,
        };
        row.extend([t.awards(), t.publications(), t.projects()].map(per_100));
        if scored {
            row.extend([Cell::Number(scores[i]), Cell::count(ranks[i])]);
        }
        row.push(Cell::Text(remark(s)));
        b.push(row);
    }
    b.push_totals("全区合计");
    Sheet::new("按学校", format!("{}各校教科研成果统计（{}）", d.head.school, d.period.label()))
        .block(b)
        .note("每所学校的数字与该校自己生成的《年度教科研成果统计》汇总表一致；全区合计为各校之和（两校各自上报的同一成果各计一次）。")
        .note("每百名教师：按学校名单的教师数计，名单未填的按该校教师名单人数计。")
}

/// 全区教科研成果统计（period）.xlsx and district_research.csv.
///
/// # Errors
/// Internal errors only.
pub fn research(d: &District) -> Result<Built, ReportError> {
    let label = d.period.label();
    let title = format!("{}全区教科研成果统计（{label}）", d.head.school);
    let mut wb = d.head.workbook(&title);
    let total = research_total(d);
    let errors: Vec<Finding> = all_findings(d, Severity::Error);
    let summary = research::summary_sheet(&total, (&d.period, errors.len()), &d.vocab, &title);
    layout::write(&mut wb, &d.head, &summary)?;
    layout::write(&mut wb, &d.head, &research_by_school(d))?;
    let headers = ["学校数", "已上报", "论文获奖", "论文发表", "课题"];
    let title = format!("{}各片区、学段教科研成果（{label}）", d.head.school);
    if let Some(sheet) = grouped_sheet(d, ("按片区学段", title), &headers, research_group_cells)
    {
        layout::write(&mut wb, &d.head, &sheet)?;
    }
    let figures: [Figure; 3] = [
        (
            "论文获奖（篇）",
            |s| s.research.awards() as f64,
            |e| e.awards,
        ),
        (
            "论文发表（篇）",
            |s| s.research.publications() as f64,
            |e| e.publications,
        ),
        (
            "课题（项）",
            |s| s.research.projects() as f64,
            |e| e.projects,
        ),
    ];
    let title = format!("{}各校教科研成果两年对比（{label}）", d.head.school);
    if let Some(sheet) = comparison_sheet(d, title, &figures) {
        layout::write(&mut wb, &d.head, &sheet)?;
    }
    let on = (&d.vocab, &d.head, label.as_str());
    for sheet in research::detail_sheets(&all_counted(d)?, on, Some((SCHOOL, "学校")))? {
        layout::write(&mut wb, &d.head, &sheet)?;
    }
    issues_sheet(&mut wb, &d.head, &errors)?;
    let lines = d.schools.iter().flat_map(|s| {
        research::summary_lines(&s.research, &d.vocab)
            .into_iter()
            .map(|l| {
                std::iter::once(s.member.school.name.clone())
                    .chain(l)
                    .collect::<Vec<_>>()
            })
    });
    let mut header = vec!["school"];
    header.extend(SUMMARY_COLUMNS);
    Ok(Built {
        file_name: format!("全区教科研成果统计（{label}）.xlsx"),
        workbook: wb,
        csvs: vec![("district_research.csv".into(), rows_to_csv(&header, lines)?)],
    })
}

/// One frame of every school, school after school.
fn stacked(d: &District, pick: impl Fn(&SchoolReport) -> &DataFrame) -> PolarsResult<DataFrame> {
    let mut frames = d.schools.iter().map(pick);
    let mut all = frames.next().cloned().unwrap_or_default();
    for df in frames {
        all.vstack_mut(df)?;
    }
    all.rechunk_mut();
    Ok(all)
}

/// Every school's counted papers and projects, school after school.
fn all_counted(d: &District) -> PolarsResult<Counted> {
    Ok(Counted {
        awards: stacked(d, |s| &s.counted.awards)?,
        publications: stacked(d, |s| &s.counted.publications)?,
        projects: stacked(d, |s| &s.counted.projects)?,
    })
}

/// Every school's findings of a severity, in school order.
fn all_findings(d: &District, severity: Severity) -> Vec<Finding> {
    d.schools
        .iter()
        .flat_map(|s| {
            s.findings
                .iter()
                .filter(|f| f.severity == severity)
                .cloned()
        })
        .collect()
}

/// 按学校 of 全区教师培训学时汇总.
fn training_by_school(d: &District) -> Sheet {
    let (mut cols, stage, area) = school_columns(d);
    cols.extend(columns(&["教师数", "参训\n人数", "学时合计", "人均\n学时"]));
    cols.push(Column::new("应达\n学时").total(Total::Nothing));
    cols.push(Column::new("达标\n人数"));
    cols.push(Column::new("达标率"));
    cols.push(Column::new("备注").cap(20.0));
    let mut b = Block::new(cols);
    let (mut teachers_all, mut met_all) = (0, 0);
    for (i, s) in d.schools.iter().enumerate() {
        let t = &s.training;
        let mut row = school_cells(i, s, (stage, area));
        let average = if t.teachers > 0 {
            Cell::Number((t.roster_hours / t.teachers as f64 * 10.0).round() / 10.0)
        } else {
            Cell::Empty
        };
        row.extend([
            Cell::count(t.teachers),
            Cell::count(t.trained),
            Cell::Number(t.hours),
            average,
        ]);
        row.push(if t.teachers > 0 {
            Cell::Number(t.required)
        } else {
            Cell::Empty
        });
        row.push(Cell::count(t.met));
        row.push(share(t.met, t.teachers));
        row.push(Cell::Text(remark(s)));
        teachers_all += t.teachers;
        met_all += t.met;
        b.push(row);
    }
    b.push_totals("全区合计");
    if let Some(total) = b.rows.last_mut() {
        let rate = total.cells.len() - 2;
        total.cells[rate] = share(met_all, teachers_all);
    }
    Sheet::new("按学校", format!("{}各校教师培训学时（{}）", d.head.school, d.period.label()))
        .block(b)
        .note("每所学校的数字与该校自己生成的《教师培训学时汇总》一致：教师数为该校教师名单人数；学时合计含名单外人员的学时，人均学时只计名单内教师。")
}

/// 教基4068: trained teachers by hours and by level, per school and for the district.
fn form_4068(d: &District) -> Sheet {
    let (mut cols, stage, area) = school_columns(d);
    cols.push(Column::new("参训\n人数"));
    let hours = "按学时（人）";
    // `36学时\n及以下`, `37—72\n学时`: the numbers kept on one line.
    let label = |b: &str| match b.find('及').or(b.find("学时")) {
        Some(at) => format!("{}\n{}", &b[..at], &b[at..]),
        None => b.to_string(),
    };
    cols.extend(BUCKETS.iter().map(|b| Column::new(label(b)).under(hours)));
    let by = "按培训级别（人）";
    let levels = d.vocab.levels.with_missing();
    cols.extend(levels.iter().map(|l| Column::new(two_lines(l)).under(by)));
    let mut b = Block::new(cols);
    for (i, s) in d.schools.iter().enumerate() {
        let t = &s.training;
        let mut row = school_cells(i, s, (stage, area));
        row.push(Cell::count(t.trained));
        row.extend(t.buckets.iter().map(|n| Cell::count(*n)));
        row.extend(levels.iter().map(|l| {
            let n = t
                .by_level
                .iter()
                .find(|(name, _)| name == l)
                .map_or(0, |(_, n)| *n);
            Cell::count(n)
        }));
        b.push(row);
    }
    b.push_totals("全区合计");
    Sheet::new("教基4068", format!("{}专任教师接受培训情况（教基4068 口径，{}）", d.head.school, d.period.label()))
        .block(b)
        .note("按学时：名单内每位教师计入一档（36学时及以下含 0 学时）；按培训级别：教师在某一级别有培训学时即计 1 人，一人可计入多个级别。")
}

/// A compared figure: its label, this period's value of a school, the earlier one.
type Figure = (&'static str, fn(&SchoolReport) -> f64, fn(&Earlier) -> f64);

/// 两年对比: each school's figures now and in the earlier output (`--compare`), and the change.
fn comparison_sheet(d: &District, title: String, figures: &[Figure]) -> Option<Sheet> {
    let earlier = d.earlier.as_ref()?;
    let mut cols = columns(&["序号", "学校"]);
    cols[1] = Column::new("学校").cap(28.0);
    for (label, _, _) in figures {
        cols.extend(["本期", "上期", "增减"].map(|c| Column::new(c).under(label)));
    }
    cols.push(Column::new("备注").cap(16.0));
    let mut b = Block::new(cols);
    let change = |now: Option<f64>, before: Option<f64>| match (now, before) {
        (Some(n), Some(p)) => Cell::Number(n - p + 0.0),
        _ => Cell::Empty,
    };
    for s in &d.schools {
        let name = &s.member.school.name;
        let before = earlier.of(name);
        let mut row = vec![Cell::count(b.rows.len() + 1), Cell::text(name)];
        for (_, now, then) in figures {
            let (n, p) = (Some(now(s)), before.map(then));
            row.extend([
                Cell::Number(n.unwrap_or(0.0)),
                p.map_or(Cell::Empty, Cell::Number),
                change(n, p),
            ]);
        }
        row.push(Cell::text(if before.is_none() {
            "上期没有"
        } else {
            ""
        }));
        b.push(row);
    }
    for name in earlier
        .order
        .iter()
        .filter(|n| !d.schools.iter().any(|s| s.member.school.name == **n))
    {
        let then = earlier.of(name).copied().unwrap_or_default();
        let mut row = vec![Cell::count(b.rows.len() + 1), Cell::text(name)];
        for (_, _, value) in figures {
            row.extend([Cell::Empty, Cell::Number(value(&then)), Cell::Empty]);
        }
        row.push(Cell::text("本期没有"));
        b.push(row);
    }
    b.push_totals("全区合计");
    let note = format!(
        "上期：{} 文件夹中的 CSV 文件（以前 jiaoke district --format csv 的输出），按学校名称对应。",
        earlier.label
    );
    Some(Sheet::new("两年对比", title).block(b).note(note))
}

/// A field of a listed school (片区, 学段).
type SchoolKey = fn(&School) -> &str;

/// The schools grouped by 片区 or 学段 (`key`), groups in order of first appearance; none
/// when no school gives one.
fn groups(d: &District, key: SchoolKey) -> Vec<(&str, Vec<&SchoolReport>)> {
    let mut out: Vec<(&str, Vec<&SchoolReport>)> = Vec::new();
    if d.schools.iter().all(|s| key(&s.member.school).is_empty()) {
        return out;
    }
    for s in &d.schools {
        let k = key(&s.member.school);
        let k = if k.is_empty() { "（未注明）" } else { k };
        match out.iter_mut().find(|(g, _)| *g == k) {
            Some((_, members)) => members.push(s),
            None => out.push((k, vec![s])),
        }
    }
    out
}

/// 按片区、学段: one block per grouping the list gives, a row per group of `cells`.
fn grouped_sheet(
    d: &District,
    (name, title): (&str, String),
    headers: &[&str],
    cells: fn(&[&SchoolReport]) -> Vec<Cell>,
) -> Option<Sheet> {
    let mut sheet = Sheet::new(name, title);
    let by: [(&str, SchoolKey); 2] = [("片区", |s| &s.area), ("学段", |s| &s.stage)];
    let numerals = ["一", "二"];
    for (label, key) in by {
        let groups = groups(d, key);
        if groups.is_empty() {
            continue;
        }
        let mut cols = vec![Column::new(label)];
        cols.extend(columns(headers));
        let caption = format!("{}、按{label}", numerals[sheet.blocks.len()]);
        let mut b = Block::new(cols).caption(caption);
        for (group, members) in groups {
            let mut row = vec![Cell::text(group)];
            row.extend(cells(&members));
            b.push(row);
        }
        let all: Vec<&SchoolReport> = d.schools.iter().collect();
        let mut total = vec![Cell::text("全区合计")];
        total.extend(cells(&all));
        b.push_total(total);
        sheet = sheet.block(b);
    }
    (!sheet.blocks.is_empty()).then_some(sheet)
}

fn research_group_cells(schools: &[&SchoolReport]) -> Vec<Cell> {
    let sum = |f: fn(&Tables) -> usize| Cell::count(schools.iter().map(|s| f(&s.research)).sum());
    vec![
        Cell::count(schools.len()),
        Cell::count(
            schools
                .iter()
                .filter(|s| s.status == Status::Submitted)
                .count(),
        ),
        sum(Tables::awards),
        sum(Tables::publications),
        sum(Tables::projects),
    ]
}

fn training_group_cells(schools: &[&SchoolReport]) -> Vec<Cell> {
    let sum = |f: fn(&Totals) -> usize| schools.iter().map(|s| f(&s.training)).sum::<usize>();
    let (teachers, met) = (sum(|t| t.teachers), sum(|t| t.met));
    vec![
        Cell::count(schools.len()),
        Cell::count(teachers),
        Cell::count(sum(|t| t.trained)),
        Cell::Number(schools.iter().map(|s| s.training.hours).sum::<f64>() + 0.0),
        Cell::count(met),
        share(met, teachers),
    ]
}

/// 未达标教师: every teacher short of the requirement, school by school.
fn short_sheet(d: &District) -> Sheet {
    let mut cols = columns(&["序号", "学校", "教研组", "姓名", "学时合计"]);
    cols[1] = Column::new("学校").cap(28.0);
    cols.push(Column::new("应达学时").total(Total::Nothing));
    cols.push(Column::new("差额"));
    let mut b = Block::new(cols);
    for s in &d.schools {
        for (dept, name, hours) in &s.training.short {
            b.push(vec![
                Cell::count(b.rows.len() + 1),
                Cell::text(&s.member.school.name),
                Cell::text(dept),
                Cell::text(name),
                Cell::Number(*hours),
                Cell::Number(s.training.required),
                Cell::Alert(s.training.required - hours),
            ]);
        }
    }
    let n = b.rows.len();
    b.push_totals("合计");
    let title = format!(
        "{}未达到学时要求的教师（{}，共 {n} 人）",
        d.head.school,
        d.period.label()
    );
    Sheet::new("未达标教师", title).block(b)
}

/// 全区教师培训学时汇总（period）.xlsx and district_training.csv.
///
/// # Errors
/// Internal errors only.
pub fn training(d: &District) -> Result<Built, ReportError> {
    let label = d.period.label();
    let title = format!("{}全区教师培训学时汇总（{label}）", d.head.school);
    let mut wb = d.head.workbook(&title);
    layout::write(&mut wb, &d.head, &training_by_school(d))?;
    let headers = [
        "学校数",
        "教师数",
        "参训人数",
        "学时合计",
        "达标人数",
        "达标率",
    ];
    let title = format!("{}各片区、学段教师培训学时（{label}）", d.head.school);
    if let Some(sheet) = grouped_sheet(d, ("按片区学段", title), &headers, training_group_cells)
    {
        layout::write(&mut wb, &d.head, &sheet)?;
    }
    let figures: [Figure; 3] = [
        ("参训人数", |s| s.training.trained as f64, |e| e.trained),
        ("学时合计", |s| s.training.hours, |e| e.hours),
        ("达标人数", |s| s.training.met as f64, |e| e.met),
    ];
    let title = format!("{}各校教师培训两年对比（{label}）", d.head.school);
    if let Some(sheet) = comparison_sheet(d, title, &figures) {
        layout::write(&mut wb, &d.head, &sheet)?;
    }
    layout::write(&mut wb, &d.head, &form_4068(d))?;
    layout::write(&mut wb, &d.head, &short_sheet(d))?;
    let header = [
        "school",
        "teachers",
        "trained",
        "hours",
        "met",
        "required",
        "hours_36_or_less",
        "hours_37_72",
        "hours_73_108",
        "hours_109_or_more",
    ];
    let rows = d.schools.iter().map(|s| {
        let t = &s.training;
        let mut row = vec![
            s.member.school.name.clone(),
            t.teachers.to_string(),
            t.trained.to_string(),
            format_number(t.hours),
            t.met.to_string(),
            format_number(t.required),
        ];
        row.extend(t.buckets.iter().map(usize::to_string));
        row
    });
    Ok(Built {
        file_name: format!("全区教师培训学时汇总（{label}）.xlsx"),
        workbook: wb,
        csvs: vec![("district_training.csv".into(), rows_to_csv(&header, rows)?)],
    })
}

/// 上报情况: every school's status, files, records and problems; and the inbox's own
/// problems (the list, loose files, folders matched to no school).
fn submissions_sheet(d: &District) -> Sheet {
    let (mut cols, stage, area) = school_columns(d);
    cols.push(Column::new("上报情况"));
    cols.extend(columns(&["文件夹"]));
    cols.extend(columns(&["文件数", "记录数", "错误", "警告"]));
    cols.push(Column::new("最近修改").total(Total::Nothing));
    let mut b = Block::new(cols);
    for (i, s) in d.schools.iter().enumerate() {
        let mut row = school_cells(i, s, (stage, area));
        row.push(Cell::text(s.status.label()));
        row.push(Cell::text(&s.member.folders.join("、")));
        row.extend([s.files, s.records, s.errors, s.warnings].map(Cell::count));
        row.push(Cell::date(s.latest));
        b.push(row);
    }
    b.push_totals("合计");
    let count = |st: Status| d.schools.iter().filter(|s| s.status == st).count();
    let listed = d.schools.iter().filter(|s| s.member.listed).count();
    let list = match &d.list {
        Some(at) => format!("学校名单：{at}，共 {listed} 所。"),
        None => "收集文件夹最上层没有学校名单（含“学校名称”列的表格）：按文件夹逐一列出，无法知道哪些学校未上报。".into(),
    };
    Sheet::new("上报情况", format!("{}上报情况（{}）", d.head.school, d.period.label()))
        .block(b)
        .note(list)
        .note(format!(
            "已上报 {} 所，未上报 {} 所，无法读取 {} 所（文件夹里没有能读取的表格）。各校的问题清单在“{FINDINGS_DIR}”文件夹中，可分别发回。",
            count(Status::Submitted),
            count(Status::Missing),
            count(Status::Unreadable)
        ))
}

/// 上报情况（period）.xlsx and submissions.csv.
///
/// # Errors
/// Internal errors only.
pub fn submissions(d: &District) -> Result<Built, ReportError> {
    let label = d.period.label();
    let title = format!("{}上报情况（{label}）", d.head.school);
    let mut wb = d.head.workbook(&title);
    layout::write(&mut wb, &d.head, &submissions_sheet(d))?;
    let problems: Vec<&Finding> = d.findings.iter().collect();
    let fields = [
        Field::Severity,
        Field::File,
        Field::Sheet,
        Field::Row,
        Field::Message,
    ];
    let block = finding_list(&problems, &fields, &Default::default());
    let title = format!("收集文件夹的问题（{} 个）", problems.len());
    layout::write(
        &mut wb,
        &d.head,
        &Sheet::new("文件夹问题", title).block(block),
    )?;
    let header = ["school", "status", "files", "records", "errors", "warnings"];
    let rows = d.schools.iter().map(|s| {
        [
            s.member.school.name.clone(),
            s.status.as_str().to_string(),
            s.files.to_string(),
            s.records.to_string(),
            s.errors.to_string(),
            s.warnings.to_string(),
        ]
    });
    Ok(Built {
        file_name: format!("上报情况（{label}）.xlsx"),
        workbook: wb,
        csvs: vec![("submissions.csv".into(), rows_to_csv(&header, rows)?)],
    })
}

/// A school's name as a file name: characters Windows forbids become `_`.
pub fn file_name(school: &str) -> String {
    let name: String = school
        .chars()
        .map(|c| {
            if r#"\/:*?"<>|"#.contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let name = name.trim().trim_end_matches('.');
    if name.is_empty() {
        "未命名".into()
    } else {
        name.to_string()
    }
}

/// The 问题清单 of each school that handed something in: (file name under [`FINDINGS_DIR`],
/// workbook).
///
/// # Errors
/// Internal errors only.
pub fn school_findings(d: &District) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    let mut out = Vec::new();
    for s in d.schools.iter().filter(|s| s.status != Status::Missing) {
        let head = crate::report::workbook::Letterhead {
            school: s.member.school.name.clone(),
            ..d.head.clone()
        };
        let bytes = findings_workbook(&s.findings, &s.departments, &head)?;
        out.push((
            format!("{FINDINGS_DIR}/{}.xlsx", file_name(&s.member.school.name)),
            bytes,
        ));
    }
    Ok(out)
}

/// The record kinds written as Parquet for queries past one machine.
pub const PARQUET_KINDS: [Kind; 4] = [Kind::Teachers, Kind::Papers, Kind::Projects, Kind::Training];

/// The Parquet file of a kind: `papers.parquet`…
pub fn parquet_name(kind: Kind) -> String {
    csv_name(kind).replace(".csv", ".parquet")
}

/// Every school's records of each of [`PARQUET_KINDS`], school after school, with the
/// `school` column first, as Parquet: (file name, bytes).
///
/// # Errors
/// Internal errors only.
pub fn records_parquet(d: &District) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    let mut out = Vec::new();
    for kind in PARQUET_KINDS {
        let mut all = stacked(d, |s| s.frames.get(kind))?;
        let mut bytes = Vec::new();
        ParquetWriter::new(&mut bytes).finish(&mut all)?;
        out.push((parquet_name(kind), bytes));
    }
    Ok(out)
}
