//! 学期工作汇总（学期）.xlsx: the term's calendar (行事历) with a column to tick off what was
//! done, and what happened in the term, counted (概况) and listed (获奖与发表, 课题进展,
//! 培训记录, with headers `jiaoke import` reads back).
//!
//! Plans carry months but no year: an item belongs to the term when one of its months is one
//! of the term's months. Papers count by their date, projects by the 立项 / 开题 / 结题 dates
//! falling in the term, training records by their end date (else start), as in the training
//! workbook ([`super::training`]).

mod data;

pub(crate) use data::*;

use crate::normalize::columns::{DEPARTMENT, LEVEL, ORGANIZER, TITLE, papers as p, projects as j};
use crate::period::Period;
use crate::report::context::{self, Built, ReportError, ReportInput};
use crate::report::csv::rows_to_csv;
use crate::report::labels::{column_label, record_list};
use crate::report::layout::{self, Block, Column, Sheet, Total, columns};
use crate::report::listed::FrameRows;
use crate::report::training;
use crate::report::workbook::{Cell, Letterhead, PLACE};
use crate::select::plans::Fit;
use crate::table::format_number;
use crate::vocab::Kind;
use polars::prelude::{DataFrame, PolarsResult};

use crate::period::MONTH_NAMES as MONTHS;
/// The 月份 of items whose month is not known.
const NO_MONTH: &str = "未注明月份";
/// The choices of the 完成情况 column.
const COMPLETION: [&str; 4] = ["已完成", "部分完成", "未完成", "已取消"];
/// Project milestones counted in a term (their dates: [`milestone_dates`]).
const MILESTONES: [&str; 3] = ["立项", "开题", "结题"];
/// Sheet names.
const PLANS_SHEET: &str = "行事历";
const OVERVIEW_SHEET: &str = "概况";
const PAPERS_SHEET: &str = "获奖与发表";
const PROJECTS_SHEET: &str = "课题进展";
const TRAINING_SHEET: &str = "培训记录";

/// `九月`, or `十一月—十二月` for an item spanning months.
pub(crate) fn month_label(month: Option<u32>, month_end: Option<u32>) -> String {
    let name = |m: u32| {
        MONTHS
            .get(m.wrapping_sub(1) as usize)
            .copied()
            .unwrap_or("")
    };
    match (month, month_end) {
        (None, _) => NO_MONTH.into(),
        (Some(m), Some(e)) if e != m => format!("{}—{}", name(m), name(e)),
        (Some(m), _) => name(m).into(),
    }
}

/// The months an item covers, in calendar order across the new year (`11–2` → 11, 12, 1, 2).
fn covered_months(month: u32, month_end: Option<u32>) -> Vec<u32> {
    let end = month_end.unwrap_or(month);
    let mut out = vec![month];
    let mut m = month;
    while m != end && out.len() < 12 {
        m = m % 12 + 1;
        out.push(m);
    }
    out
}

/// Builds 学期工作汇总（学期）.xlsx and term_summary.csv.
///
/// # Errors
/// Internal errors only: problems in the data are on the 数据问题 sheet.
pub fn build(input: &ReportInput) -> Result<Built, ReportError> {
    let data = TermData::collect(input)?;
    let head = input.head;
    let label = input.period.label();
    let months = input.period.months();
    let counts = data.counts(input.dataset, &input.period, &months)?;
    let mut wb = head.workbook(&format!("{}学期工作汇总（{label}）", head.school));
    let t = &data.training;
    let training_title = format!(
        "{}教师培训记录（{label}，共 {} 条）",
        head.school,
        t.records()
    );
    // Each sheet is declared just before it is written: the cells of one sheet are freed
    // before the next is declared.
    layout::write(&mut wb, head, &plans_sheet(head, &data, &input.period))?;
    layout::write(&mut wb, head, &overview_sheet(head, &data, &counts, &label))?;
    layout::write(&mut wb, head, &papers_sheet(head, &data, &label)?)?;
    layout::write(
        &mut wb,
        head,
        &projects_sheet(head, &data.projects, &label)?,
    )?;
    let training = training::detail_sheet(TRAINING_SHEET, training_title, t)?
        .note(training::counting_note(t, &input.period));
    layout::write(&mut wb, head, &training)?;
    context::issues_sheet(&mut wb, head, input.findings)?;

    Ok(Built {
        file_name: format!("学期工作汇总（{label}）.xlsx"),
        workbook: wb,
        csvs: vec![(
            "term_summary.csv".into(),
            summary_csv(&counts, &input.period)?,
        )],
    })
}

/// The 时间 of a calendar item when it says more than its month (days, weeks).
fn when_cell(p: &PlanItem, month: &str) -> Cell {
    if p.when.is_empty() || same_month_text(&p.when, month) {
        Cell::Empty
    } else {
        Cell::Text(p.when.clone())
    }
}

fn plans_sheet(head: &Letterhead, data: &TermData, period: &Period) -> Sheet {
    let plans = &data.plans;
    let label = |c: &str| Column::new(column_label(Kind::Plans, c));
    let months: Vec<String> = plans
        .iter()
        .map(|p| month_label(p.month, p.month_end))
        .collect();
    let whens: Vec<Cell> = plans
        .iter()
        .zip(&months)
        .map(|(p, m)| when_cell(p, m))
        .collect();
    // No 时间 column when no item says more than its month.
    let with_when = whens.iter().any(|w| *w != Cell::Empty);
    let mut cols = vec![label("month")];
    cols.extend(with_when.then(|| label("when")));
    cols.push(label("item").total(Total::Text(format!("共 {} 项", plans.len()))));
    cols.push(label("owner"));
    // Room to write in: 完成情况 and 备注 are filled in by hand.
    cols.push(Column::new("完成情况").min(12.0).choices(&COMPLETION));
    cols.push(Column::new("备注").min(24.0));
    let rows = plans
        .iter()
        .zip(months)
        .zip(whens)
        .map(|((p, month), when)| {
            let mut row = vec![Cell::Text(month)];
            row.extend(with_when.then_some(when));
            let (item, owner) = (Cell::Text(p.item.clone()), Cell::Text(p.owner.clone()));
            row.extend([item, owner, Cell::Empty, Cell::Empty]);
            row
        });
    let mut b = Block::numbered(cols, rows.collect());
    b.push_totals("合计");
    let months: Vec<&str> = period
        .months()
        .iter()
        .map(|m| MONTHS[(*m - 1) as usize])
        .collect();
    let span = match (months.first(), months.last()) {
        (Some(a), Some(b)) => format!("{a}至{b}"),
        _ => String::new(),
    };
    let other_years = (!data.other_years.is_empty())
        .then(|| format!("其他学年的计划未列入：{}。", data.other_years.join("、")));
    let undated = files_of(plans, |p| p.fit == Fit::Undated);
    let undated = (!undated.is_empty()).then(|| format!(
        "以下计划没有写明学年学期，其项目已按月份列入，请核对是否属于本学期（可在标题或文件名中写明，如“2023-2024学年第一学期”）：{}。",
        undated.join("、")
    ));
    let title = format!("{}行事历（{}）", head.school, period.label());
    Sheet::new(PLANS_SHEET, title)
        .block(b)
        .note(format!(
            "注：每份计划按它自己的学年学期（取自标题、文件名或其中的日期）列入本学期，其中月份（或起止月份之一）在本学期（{span}）的项目按月列出；跨学期的项目在两个学期中都列出，未注明月份的项目列在最后。"
        ))
        .notes(other_years)
        .notes(undated)
        .note(format!(
            "“完成情况”请从下拉列表中选择：{}。",
            COMPLETION.join("、")
        ))
}

/// Whether a 时间 text says no more than the month label (`九月份`, `9月`).
fn same_month_text(when: &str, label: &str) -> bool {
    let bare = |s: &str| -> String {
        s.chars()
            .filter(|c| {
                !c.is_whitespace()
                    && !matches!(c, '份' | ':' | '：' | '—' | '-' | '~' | '～' | '至')
            })
            .collect()
    };
    let w = bare(when);
    if w == bare(label) {
        return true;
    }
    // Digits: 9月, 11-12月.
    let digits_only = w
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '月' | '-' | '—' | '~' | '至'));
    digits_only && w.ends_with('月')
}

/// 一、论文获奖: level × grade.
fn awards_block(data: &TermData) -> Block {
    let no_grade = data.awards.iter().any(|r| r.last() > Some(&0));
    let grades = data.vocab.awards.rows(no_grade);
    let mut cols = vec![Column::new("级别")];
    cols.extend(grades.iter().map(Column::new));
    cols.push(Column::new("合计"));
    let mut b = Block::new(cols).caption("一、论文获奖（篇）");
    let levels = data.by_level(&data.awards_by_level());
    for ((level, total), row) in levels.into_iter().zip(&data.awards) {
        let mut cells = vec![Cell::Text(level)];
        cells.extend(row[..grades.len()].iter().map(|n| Cell::count(*n)));
        cells.push(Cell::count(total));
        b.push(cells);
    }
    b.push_totals("合计");
    b
}

/// The counts of one category of [`TermData::counts`], without its totals.
fn items(counts: &[(String, String, f64)], category: &str) -> Vec<(String, f64)> {
    counts
        .iter()
        .filter(|(c, i, _)| c == category && i != "合计" && i != "计划项目")
        .map(|(_, i, n)| (i.clone(), *n))
        .collect()
}

fn count(counts: &[(String, String, f64)], category: &str, item: &str) -> f64 {
    counts
        .iter()
        .find(|(c, i, _)| c == category && i == item)
        .map_or(0.0, |(_, _, n)| *n)
}

fn overview_blocks(data: &TermData, counts: &[(String, String, f64)]) -> Vec<Block> {
    let mut blocks = vec![awards_block(data)];
    // A two-column block of (item, number), numbered on from the blocks before it, with a
    // 合计 row when `total` is given.
    let mut add = |caption: &str, headers: [&str; 2], rows: Vec<(String, f64)>, total| {
        let n = ["二", "三", "四", "五", "六", "七"][blocks.len() - 1];
        let mut b = Block::new(columns(&headers)).caption(format!("{n}、{caption}"));
        for (item, n) in rows {
            b.push(vec![Cell::Text(item), Cell::Number(n)]);
        }
        if let Some(n) = total {
            b.push_total(vec![Cell::text("合计"), Cell::Number(n)]);
        }
        blocks.push(b);
    };
    let published = Some(count(counts, "论文发表", "合计"));
    add(
        "论文发表（篇）",
        ["刊物级别", "篇数"],
        items(counts, "论文发表"),
        published,
    );
    let unsorted = count(counts, "论文（未注明获奖或发表）", "合计");
    if unsorted > 0.0 {
        let rows = vec![("未注明获奖或发表".into(), unsorted)];
        add("论文（未注明获奖或发表）", ["项目", "篇数"], rows, None);
    }
    let milestones = items(counts, "课题");
    let total = Some(milestones.iter().map(|(_, k)| k).sum());
    add(
        "课题进展（本学期内的立项、开题、结题）",
        ["节点", "项数"],
        milestones,
        total,
    );
    let training = [
        ("培训记录（条）", "记录"),
        ("参训教师（人）", "人数"),
        ("培训学时", "学时"),
    ]
    .map(|(label, item)| (label.to_string(), count(counts, "培训", item)));
    add("教师培训", ["项目", "数量"], training.to_vec(), None);
    let planned = Some(count(counts, "行事历", "计划项目"));
    add(
        "行事历计划项目",
        ["月份", "项数"],
        items(counts, "行事历"),
        planned,
    );
    blocks
}

fn overview_sheet(
    head: &Letterhead,
    data: &TermData,
    counts: &[(String, String, f64)],
    label: &str,
) -> Sheet {
    let mut sheet = Sheet::new(
        OVERVIEW_SHEET,
        format!("{}学期工作概况（{label}）", head.school),
    );
    sheet.blocks = overview_blocks(data, counts);
    let undated = (data.papers_undated > 0)
        .then(|| format!("另有 {} 篇论文未填时间，未计入。", data.papers_undated));
    sheet
        .note("论文按获奖或发表时间、课题按立项、开题、结题时间、培训按结束日期计入本学期；明细见后面各表。")
        .notes(undated)
}

fn papers_sheet(head: &Letterhead, data: &TermData, label: &str) -> PolarsResult<Sheet> {
    let fields = [
        p::KIND,
        p::AUTHORS,
        TITLE,
        p::VENUE,
        LEVEL,
        p::AWARD,
        ORGANIZER,
        p::DATE,
        DEPARTMENT,
        PLACE,
    ];
    let caps = [
        (p::AUTHORS, 14.0),
        (TITLE, 30.0),
        (p::VENUE, 24.0),
        (ORGANIZER, 16.0),
        (PLACE, 30.0),
    ];
    let papers = &data.papers;
    // A date known to the month only shows as `2023年11月`.
    let rows = FrameRows::new(papers, &fields)?.months(papers, p::DATE, p::DATE_PRECISION)?;
    let title = format!(
        "{}论文获奖与发表（{label}，获奖 {} 篇，发表 {} 篇）",
        head.school,
        data.awarded(),
        data.publications.iter().sum::<usize>()
    );
    let list = record_list(Kind::Papers, (&fields, &caps), rows, ("篇", &[]));
    let undated = (data.papers_undated > 0).then(|| {
        format!(
            "另有 {} 篇论文未填时间，无法确定学期，未列入。",
            data.papers_undated
        )
    });
    Ok(Sheet::new(PAPERS_SHEET, title)
        .block(list)
        .note("按获奖或发表时间计入本学期；同一篇论文由几个教研组重复上交的，“数据问题”表中列为重复记录，这里照原样列出。")
        .notes(undated))
}

fn projects_sheet(head: &Letterhead, projects: &DataFrame, label: &str) -> PolarsResult<Sheet> {
    let fields = [
        TITLE,
        j::CODE,
        LEVEL,
        j::CATEGORY,
        j::LEADER,
        j::MEMBERS,
        j::STATUS,
        j::APPROVED_ON,
        j::OPENED_ON,
        j::CLOSED_ON,
        DEPARTMENT,
        STEPS,
        PLACE,
    ];
    let caps = [(TITLE, 26.0), (j::MEMBERS, 16.0), (PLACE, 22.0)];
    let rows = FrameRows::new(projects, &fields)?;
    let list = record_list(Kind::Projects, (&fields, &caps), rows, ("项", &[]));
    let title = format!(
        "{}课题进展（{label}，共 {} 项）",
        head.school,
        projects.height()
    );
    Ok(Sheet::new(PROJECTS_SHEET, title)
        .block(list)
        .note("列出立项、开题或结题时间在本学期内的课题；“本学期节点”是落在本学期的那几个时间。"))
}

fn summary_csv(counts: &[(String, String, f64)], period: &Period) -> Result<Vec<u8>, ReportError> {
    // `term` lets the summaries of two terms be concatenated.
    let term = period.label();
    rows_to_csv(
        &["category", "item", "count", "term"],
        counts
            .iter()
            .map(|(c, i, n)| [c.clone(), i.clone(), format_number(*n), term.clone()]),
    )
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::check::testing::{at, dataset};
    use crate::normalize::frames::days;
    use crate::normalize::frames::{strings, uints};
    use crate::normalize::records::{Paper, Plan, Project, Records, Teacher, Training};
    use crate::period::Terms;
    use crate::pipeline::Dataset;
    use crate::report::testing::{
        Saved, Sheet, csv_rows, head, input, num, reimport, samples, saved, sheet, sheet_xml, text,
        ymd,
    };
    use std::collections::HashMap;

    #[test]
    fn month_labels_and_ranges() {
        assert_eq!(month_label(Some(9), None), "九月");
        assert_eq!(month_label(Some(11), Some(12)), "十一月—十二月");
        assert_eq!(month_label(Some(12), Some(12)), "十二月");
        assert_eq!(month_label(None, None), "未注明月份");
        assert_eq!(covered_months(11, Some(2)), [11, 12, 1, 2]);
        assert_eq!(covered_months(5, None), [5]);
        assert!(same_month_text("十一月份——十二月份", "十一月—十二月"));
        assert!(same_month_text("9月", "九月"));
        assert!(!same_month_text("9.13-9.19", "九月"));
        assert!(!same_month_text("第三周", "九月"));
    }

    /// The 概况 sheet as (caption, first cell) → last number of the row (its 合计 or count).
    fn overview(bytes: &[u8]) -> HashMap<(String, String), f64> {
        let s = sheet(bytes, "概况");
        let mut out = HashMap::new();
        let mut caption = String::new();
        for row in &s.all[2..] {
            let first = text(&row[0]);
            if ["一、", "二、", "三、", "四、", "五、", "六、"]
                .iter()
                .any(|p| first.starts_with(p))
            {
                caption = first.chars().skip(2).take(4).collect();
                continue;
            }
            let last = row
                .iter()
                .rev()
                .find(|d| matches!(d, calamine::Data::Float(_)));
            if let Some(n) = last {
                out.insert((caption.clone(), first), num(n));
            }
        }
        out
    }

    /// term_summary.csv as (category, item) → count.
    fn summary(built: &Saved) -> Vec<(String, String, f64)> {
        let (name, bytes) = &built.csvs[0];
        assert_eq!(name, "term_summary.csv");
        assert!(bytes.starts_with(b"category,item,count"));
        csv_rows(bytes)
            .into_iter()
            .map(|r| {
                (
                    r["category"].clone(),
                    r["item"].clone(),
                    r["count"].parse().unwrap(),
                )
            })
            .collect()
    }

    fn count(rows: &[(String, String, f64)], c: &str, i: &str) -> f64 {
        rows.iter()
            .find(|(cc, ii, _)| cc == c && ii == i)
            .unwrap_or_else(|| panic!("no {c}/{i}"))
            .2
    }

    /// Plan items of the samples of plans of 2023—2024 term `n` (or of no term), whose months
    /// overlap the term, counted from the frame.
    fn expected_plans(d: &Dataset, months: &[u32], n: u32) -> usize {
        let p = &d.frames.plans;
        let first = uints(p, "month").unwrap();
        let last = uints(p, "month_end").unwrap();
        let year = strings(p, "school_year").unwrap();
        let term = uints(p, "term").unwrap();
        (0..p.height())
            .filter(|&i| year[i].is_none_or(|y| y == "2023-2024") && term[i].is_none_or(|t| t == n))
            .filter(|&i| match first[i] {
                None => true,
                Some(m) => {
                    let e = last[i].unwrap_or(m);
                    let span: Vec<u32> = if e >= m {
                        (m..=e).collect()
                    } else {
                        (m..=12).chain(1..=e).collect()
                    };
                    span.iter().any(|x| months.contains(x))
                }
            })
            .count()
    }

    fn check_against_lists(built: &Saved, term: &Period) {
        let csv = summary(built);
        let plans = sheet(&built.workbook, "行事历");
        let papers = sheet(&built.workbook, "获奖与发表");
        let projects = sheet(&built.workbook, "课题进展");
        let training = sheet(&built.workbook, "培训记录");
        // 概况 and the CSV count what the lists list.
        let of =
            |s: &Sheet, col: &str, v: &str| s.texts(col).iter().filter(|x| *x == v).count() as f64;
        assert_eq!(count(&csv, "论文获奖", "合计"), of(&papers, "类别", "获奖"));
        assert_eq!(count(&csv, "论文发表", "合计"), of(&papers, "类别", "发表"));
        for (c, kind) in [("论文获奖", "获奖"), ("论文发表", "发表")] {
            for (cc, level, n) in &csv {
                if cc != c || level == "合计" {
                    continue;
                }
                let listed = papers
                    .body
                    .iter()
                    .filter(|r| {
                        text(&r[papers.col("类别")]) == kind && {
                            let l = text(&r[papers.col("级别")]);
                            l == *level || (l.is_empty() && level == "未注明级别")
                        }
                    })
                    .count() as f64;
                assert_eq!(*n, listed, "{c}/{level}");
            }
        }
        for m in ["立项", "开题", "结题"] {
            let listed = projects
                .texts("本学期节点")
                .iter()
                .filter(|s| s.split('、').any(|x| x == m))
                .count() as f64;
            assert_eq!(count(&csv, "课题", m), listed, "课题/{m}");
        }
        assert_eq!(count(&csv, "培训", "记录"), training.body.len() as f64);
        let hours: f64 = training.nums("学时").iter().sum();
        assert!((count(&csv, "培训", "学时") - hours).abs() < 1e-9);
        assert!((training.total("学时") - hours).abs() < 1e-9);
        let mut names = training.texts("姓名");
        names.sort();
        names.dedup();
        assert_eq!(count(&csv, "培训", "人数"), names.len() as f64);
        assert_eq!(count(&csv, "行事历", "计划项目"), plans.body.len() as f64);
        let per_month: f64 = csv
            .iter()
            .filter(|(c, i, _)| c == "行事历" && i != "计划项目")
            .map(|(_, _, n)| n)
            .sum();
        assert_eq!(per_month, plans.body.len() as f64);

        // 概况 shows the CSV's numbers.
        let o = overview(&built.workbook);
        for (c, i, n) in &csv {
            let (caption, first) = match c.as_str() {
                "论文获奖" => ("论文获奖", i.as_str()),
                "论文发表" => ("论文发表", i.as_str()),
                "课题" => ("课题进展", i.as_str()),
                "培训" => (
                    "教师培训",
                    match i.as_str() {
                        "记录" => "培训记录（条）",
                        "人数" => "参训教师（人）",
                        _ => "培训学时",
                    },
                ),
                "行事历" => (
                    "行事历计",
                    if i == "计划项目" {
                        "合计"
                    } else {
                        i.as_str()
                    },
                ),
                _ => continue,
            };
            let key = (caption.to_string(), first.to_string());
            assert_eq!(o.get(&key), Some(n), "概况 {key:?}");
        }

        // Every list reads back as what it lists.
        let back = reimport(&format!("{}.xlsx", term.label()), &built.workbook);
        assert_eq!(back.frames.papers.height(), papers.body.len());
        assert_eq!(back.frames.projects.height(), projects.body.len());
        assert_eq!(back.frames.training.height(), training.body.len());
        assert_eq!(back.frames.plans.height(), plans.body.len());
        assert_eq!(back.frames.teachers.height(), 0);
        let kinds: Vec<Option<&str>> = strings(&back.frames.papers, "kind").unwrap();
        let listed: Vec<String> = papers.texts("类别");
        assert_eq!(
            kinds
                .iter()
                .map(|k| k.unwrap_or("").to_string())
                .collect::<Vec<_>>(),
            listed
        );
        let months_back = uints(&back.frames.plans, "month").unwrap();
        let ends_back = uints(&back.frames.plans, "month_end").unwrap();
        let labels: Vec<String> = months_back
            .iter()
            .zip(&ends_back)
            .map(|(m, e)| month_label(*m, *e))
            .collect();
        assert_eq!(labels, plans.texts("月份"), "月份 reads back as written");
    }

    #[test]
    fn sample_terms_count_what_they_list() {
        let (d, f) = samples();
        let head = head();
        for n in [1, 2] {
            let term = Period::term(2023, n, &Terms::default());
            let built = saved(build(&input(d, f, &head, term)));
            assert_eq!(
                built.file_name,
                format!("学期工作汇总（{}）.xlsx", term.label())
            );
            let plans = sheet(&built.workbook, "行事历");
            assert_eq!(
                plans.body.len(),
                expected_plans(d, &term.months(), n.into()),
                "term {n}"
            );
            // Month by month in term order.
            let order: Vec<usize> = plans
                .texts("月份")
                .iter()
                .map(|l| {
                    let first = l.split('—').next().unwrap();
                    let m = MONTHS.iter().position(|x| *x == first).unwrap() as u32 + 1;
                    term.months().iter().position(|x| *x == m).unwrap_or(0)
                })
                .collect();
            assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
            check_against_lists(&built, &term);
            // 完成情况 offers its four choices.
            let xml = sheet_xml(&built.workbook, 1);
            assert!(xml.contains(r#"type="list""#), "a dropdown");
            assert!(xml.contains("已完成,部分完成,未完成,已取消"));
        }
        // Term 1 of the samples: papers, training and the calendar are known.
        let term = Period::term(2023, 1, &Terms::default());
        let built = saved(build(&input(d, f, &head, term)));
        let csv = summary(&built);
        let p = &d.frames.papers;
        let dates = days(p, "date").unwrap();
        let kinds = strings(p, "kind").unwrap();
        // Papers handed in twice count once, as in every report.
        let in_term = |k: &str| {
            (0..p.height())
                .filter(|&i| kinds[i] == Some(k) && dates[i].is_some_and(|x| term.contains(x)))
                .filter(|&i| !d.copies.is_copy(Kind::Papers, i))
                .count() as f64
        };
        assert_eq!(count(&csv, "论文获奖", "合计"), in_term("获奖"));
        assert_eq!(count(&csv, "论文发表", "合计"), in_term("发表"));
        assert_eq!(
            count(&csv, "行事历", "计划项目"),
            expected_plans(d, &term.months(), 1) as f64,
            "plan items of the term's months (sheets and documents)"
        );
    }

    fn handmade() -> Dataset {
        let plan = |month: Option<u32>, end: Option<u32>, item: &str, row: u32| Plan {
            month,
            month_end: end,
            item: item.into(),
            owner: "教科室".into(),
            prov: at("行事历.xlsx", row),
            ..Plan::default()
        };
        let paper =
            |kind: &str, level: &str, award: &str, date: Option<NaiveDate>, row: u32| Paper {
                kind: kind.into(),
                authors: vec!["张三".into()],
                title: format!("论文{row}"),
                venue: "评比".into(),
                level: level.into(),
                award: award.into(),
                date,
                prov: at("论文.xlsx", row),
                ..Paper::default()
            };
        let project = |title: &str, dates: [Option<NaiveDate>; 3], row: u32| Project {
            title: title.into(),
            leader: vec!["张三".into()],
            level: "区县级".into(),
            approved_on: dates[0],
            opened_on: dates[1],
            closed_on: dates[2],
            prov: at("课题.xlsx", row),
            ..Project::default()
        };
        let training = |start: Option<NaiveDate>, hours: f64, row: u32| Training {
            teacher: "张三".into(),
            course: format!("培训{row}"),
            kind: "校本研修".into(),
            start,
            end: start,
            hours: Some(hours),
            prov: at("培训.xlsx", row),
            ..Training::default()
        };
        dataset(Records {
            teachers: vec![Teacher {
                name: "张三".into(),
                department: "数学组".into(),
                prov: at("名单.xlsx", 2),
                ..Teacher::default()
            }],
            plans: vec![
                plan(Some(9), None, "制订教科室工作计划", 2),
                plan(Some(1), Some(2), "期末总结与新学期计划", 3),
                plan(Some(12), Some(2), "课题中期材料整理", 4),
                plan(None, None, "机动", 5),
                plan(Some(3), None, "课题申报", 6),
                plan(Some(8), None, "暑期培训", 7),
            ],
            papers: vec![
                paper("获奖", "省级", "一等奖", ymd(2023, 11, 1), 2),
                paper("获奖", "市级", "二等奖", ymd(2023, 12, 15), 3),
                paper("获奖", "", "三等奖", ymd(2024, 1, 10), 4),
                paper("发表", "国家级", "", ymd(2023, 10, 1), 5),
                paper("获奖", "校级", "一等奖", ymd(2024, 3, 1), 6),
                paper("获奖", "省级", "一等奖", None, 7),
            ],
            projects: vec![
                project("甲", [ymd(2023, 10, 1), ymd(2023, 12, 1), None], 2),
                project("乙", [ymd(2021, 9, 1), None, ymd(2024, 1, 20)], 3),
                project("丙", [ymd(2024, 3, 1), None, None], 4),
            ],
            training: vec![
                training(ymd(2023, 9, 20), 3.0, 2),
                training(ymd(2023, 12, 13), 5.0, 3),
                training(None, 4.0, 4),
                training(ymd(2024, 4, 1), 6.0, 5),
            ],
        })
    }

    #[test]
    fn a_handmade_term_with_items_across_the_boundary() {
        let d = handmade();
        let head = head();
        let t1 = Period::term(2023, 1, &Terms::default());
        let built = saved(build(&input(&d, &[], &head, t1)));
        let plans = sheet(&built.workbook, "行事历");
        assert_eq!(
            plans.texts("月份"),
            ["九月", "十二月—二月", "一月—二月", "未注明月份"]
        );
        assert_eq!(
            plans.texts("工作内容"),
            [
                "制订教科室工作计划",
                "课题中期材料整理",
                "期末总结与新学期计划",
                "机动"
            ]
        );
        assert!(plans.mentions("按它自己的学年学期"));
        assert!(plans.mentions("没有写明学年学期"));
        let csv = String::from_utf8(built.csvs[0].1.clone()).unwrap();
        let term = "2023—2024学年第一学期";
        let expected: String = [
            "category,item,count,term",
            "论文获奖,国家级,0",
            "论文获奖,省级,1",
            "论文获奖,市级,1",
            "论文获奖,区县级,0",
            "论文获奖,片区级,0",
            "论文获奖,校级,0",
            "论文获奖,未注明级别,1",
            "论文获奖,合计,3",
            "论文发表,国家级,1",
            "论文发表,省级,0",
            "论文发表,市级,0",
            "论文发表,区县级,0",
            "论文发表,片区级,0",
            "论文发表,校级,0",
            "论文发表,合计,1",
            "课题,立项,1",
            "课题,开题,1",
            "课题,结题,1",
            "培训,记录,2",
            "培训,人数,1",
            "培训,学时,8",
            "行事历,九月,1",
            "行事历,十月,0",
            "行事历,十一月,0",
            "行事历,十二月,1",
            "行事历,一月,1",
            "行事历,未注明月份,1",
            "行事历,计划项目,4",
        ]
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l}\n")
            } else {
                format!("{l},{term}\n")
            }
        })
        .collect();
        assert_eq!(csv, expected);
        let projects = sheet(&built.workbook, "课题进展");
        assert_eq!(projects.texts("课题名称"), ["甲", "乙"]);
        assert_eq!(projects.texts("本学期节点"), ["立项、开题", "结题"]);
        let o = overview(&built.workbook);
        assert_eq!(o[&("论文获奖".to_string(), "合计".to_string())], 3.0);
        assert_eq!(o[&("论文获奖".to_string(), "省级".to_string())], 1.0);
        assert!(sheet(&built.workbook, "概况").mentions("另有 1 篇论文未填时间"));
        assert!(sheet(&built.workbook, "培训记录").mentions("1 条未填日期"));
        check_against_lists(&built, &t1);

        let t2 = Period::term(2023, 2, &Terms::default());
        let built = saved(build(&input(&d, &[], &head, t2)));
        let plans = sheet(&built.workbook, "行事历");
        assert_eq!(
            plans.texts("月份"),
            ["一月—二月", "十二月—二月", "三月", "八月", "未注明月份"]
        );
        let csv = summary(&built);
        assert_eq!(count(&csv, "论文获奖", "合计"), 1.0);
        assert_eq!(count(&csv, "课题", "立项"), 1.0);
        assert_eq!(count(&csv, "课题", "结题"), 0.0);
        assert_eq!(count(&csv, "培训", "学时"), 6.0);
        assert_eq!(count(&csv, "行事历", "二月"), 2.0);
        check_against_lists(&built, &t2);
    }

    #[test]
    fn an_empty_inbox_still_gives_every_sheet() {
        let d = dataset(Records::default());
        let head = head();
        let term = Period::term(2024, 2, &Terms::default());
        let built = saved(build(&input(&d, &[], &head, term)));
        assert_eq!(
            built.file_name,
            "学期工作汇总（2024—2025学年第二学期）.xlsx"
        );
        for name in ["行事历", "获奖与发表", "课题进展", "培训记录", "数据问题"]
        {
            assert!(sheet(&built.workbook, name).body.is_empty(), "{name}");
        }
        let csv = summary(&built);
        assert!(csv.iter().all(|(_, _, n)| *n == 0.0));
        assert_eq!(count(&csv, "行事历", "计划项目"), 0.0);
    }
}
