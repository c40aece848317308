//! 教师培训学时汇总（统计期）.xlsx: each roster teacher's training hours in the period, by type
//! and by level, against the requirement (72 a year); the records behind them, as a 学时登记表
//! that `jiaoke import` reads back; the distribution in the buckets of the Ministry's form
//! 教基4068.
//!
//! A record counts in the period when its end date (else its start) falls in it, so a course
//! spanning two years counts in the year it ends. Trainees are matched to the roster by name.
//! A name two roster teachers share is decided by the record's 教研组, else by its 身份证号;
//! failing both, the record is listed under 名单外 with a note rather than guessed.
//!
//! The matching of training records and the multi-table sheet writer are shared with the
//! term summary ([`super::term`]).

mod summary;

pub use summary::Totals;
pub(crate) use summary::*;

use polars::prelude::{DataFrame, IntoLazy, PolarsResult};

use crate::normalize::columns::{LEVEL, ORGANIZER, training as tr};
use crate::period::{Period, PeriodKind};
use crate::report::context::{self, Built, ReportError, ReportInput};
use crate::report::csv::rows_to_csv;
use crate::report::labels::record_list;
use crate::report::layout::{
    self, Block, Chart, ChartKind, Column, Sheet, Total, columns, two_lines,
};
use crate::report::listed::FrameRows;
use crate::report::workbook::{Cell, Letterhead, PLACE};
use crate::table::format_number;
use crate::vocab::Kind;

/// Non-canonical types that get a column of their own; rarer ones go to the `missing` type so that
/// a district's odd spellings cannot make the sheet unprintably wide.
const MAX_OTHER_TYPES: usize = 3;
/// The buckets of 教基4068 (专任教师接受培训情况), by hours.
pub(crate) const BUCKETS: [&str; 4] = ["36学时及以下", "37—72学时", "73—108学时", "109学时及以上"];
/// Sheet names.
const SUMMARY_SHEET: &str = "学时汇总";
const DETAIL_SHEET: &str = "培训明细";
const DISTRIBUTION_SHEET: &str = "学时分布";

/// Builds 教师培训学时汇总（统计期）.xlsx and training_by_teacher.csv.
///
/// # Errors
/// Internal errors only: problems in the data are on the 数据问题 sheet.
pub fn build(input: &ReportInput) -> Result<Built, ReportError> {
    let mut summary = summarize(input)?;
    let head = input.head;
    let label = input.period.label();
    let title = format!("{}教师培训学时汇总（{label}）", head.school);
    let mut wb = head.workbook(&title);
    let mut notes = vec![counting_note(&summary, &input.period)];
    if summary.no_hours > 0 {
        notes.push(format!(
            "{} 条记录未填学时（或学时无法识别），按 0 学时计，见“数据问题”表。",
            summary.no_hours
        ));
    }
    let detail_title = format!(
        "{}教师培训学时明细（{label}，共 {} 条）",
        head.school,
        summary.records()
    );
    // Each sheet is declared just before it is written; the detail list makes its rows from
    // the counted records as they are written, and the records are freed with it (the
    // distribution, which counts them, is declared first): a district's records are never
    // held as cells.
    let distribution = distribution_sheet(&summary, head, &label)?;
    layout::write(&mut wb, head, &summary_sheet(&summary, input, title))?;
    let detail = detail_sheet(DETAIL_SHEET, detail_title, &summary)?.notes(notes);
    summary.detail = DataFrame::empty();
    layout::write(&mut wb, head, &detail)?;
    drop(detail);
    layout::write(&mut wb, head, &distribution)?;
    context::issues_sheet(&mut wb, head, input.findings)?;

    Ok(Built {
        file_name: format!("教师培训学时汇总（{label}）.xlsx"),
        workbook: wb,
        csvs: vec![("training_by_teacher.csv".into(), by_teacher_csv(&summary)?)],
    })
}

fn hours_cell(h: f64) -> Cell {
    if h == 0.0 {
        Cell::Empty
    } else {
        Cell::Number(h)
    }
}

/// The 学时汇总 table: one row per teacher, hours by type and by level, against the
/// requirement.
fn summary_block(s: &Summary) -> Block {
    let mut cols = columns(&["序号", "教研组"]);
    cols.push(Column::new("姓名").total(Total::Text(format!("{} 人", s.rows.len()))));
    // Empty hours cells mean 0, and so does an empty total.
    let hours = |h: &String| Column::new(two_lines(h)).total(Total::Sum);
    cols.extend(s.types.iter().chain(&s.levels).map(hours));
    // Not 合计学时 / 学时: those are training-hours headers, and this sheet must not import
    // back as training records.
    cols.push(Column::new("学时\n合计"));
    cols.push(Column::new("应达\n学时").total(Total::Nothing));
    cols.push(Column::new("差额"));
    cols.push(Column::new("备注").cap(30.0));
    let mut b = Block::new(cols);
    for (i, r) in s.rows.iter().enumerate() {
        let mut row = vec![
            Cell::count(i + 1),
            Cell::Text(r.department.clone()),
            Cell::Text(r.name.clone()),
        ];
        row.extend(r.by_type.iter().chain(&r.by_level).map(|&h| hours_cell(h)));
        row.push(Cell::Number(r.total));
        row.push(r.required.map_or(Cell::Empty, Cell::Number));
        row.push(r.shortfall().map_or(Cell::Empty, Cell::Alert));
        row.push(Cell::Text(r.note.clone()));
        b.push(row);
    }
    b.push_totals("合计");
    b
}

fn summary_notes(s: &Summary, input: &ReportInput) -> Vec<String> {
    let short = s
        .roster_rows()
        .filter(|r| r.total < r.required.unwrap_or(0.0))
        .count();
    let mut notes = vec![counting_note(s, &input.period)];
    notes.push(format!(
        "应达学时 = 每年 {} 学时 × {} 年 = {} 学时；差额 = 应达学时 − 学时合计（已达到的为 0），标红的 {} 位教师未达到。",
        format_number(input.required_hours_per_year),
        format_number(input.period.years()),
        format_number(s.required),
        short
    ));
    notes.push(
        "各培训类型学时之和、各培训级别学时之和都等于学时合计；学时为空的格子表示 0。".into(),
    );
    if s.no_hours > 0 {
        notes.push(format!(
            "{} 条记录未填学时（或学时无法识别），按 0 学时计，见“培训明细”和“数据问题”表。",
            s.no_hours
        ));
    }
    if s.rows.iter().any(|r| !r.on_roster && r.required.is_none()) {
        notes.push(
            "名单外：培训记录中的姓名不在教师名单上，或名单上有同名教师而记录无法区分是哪一位；这些学时未计入任何名单内教师，请核对后改正原表。"
                .into(),
        );
    }
    if !s.folded_types.is_empty() {
        notes.push(format!(
            "以下培训类型记录较少，计入“{}”：{}。",
            input.vocab.training_types.missing,
            s.folded_types.join("、")
        ));
    }
    if s.no_roster {
        notes.push(
            "收集文件夹中没有教师名单：按培训记录中出现的姓名列出，没有任何培训记录的教师不在表中。"
                .into(),
        );
    }
    notes
}

fn summary_sheet(s: &Summary, input: &ReportInput, title: String) -> Sheet {
    Sheet::new(SUMMARY_SHEET, title)
        .block(summary_block(s))
        .notes(summary_notes(s, input))
}

/// How the period was applied, for a note under a table.
pub(crate) fn counting_note(s: &Summary, period: &Period) -> String {
    let counted = s.records();
    let copies = if s.left.duplicates > 0 {
        format!("同一条记录重复上报的 {} 处只计一次。", s.left.duplicates)
    } else {
        String::new()
    };
    if period.kind == PeriodKind::All {
        return format!("未设统计期：计入全部 {counted} 条培训记录。{copies}");
    }
    let mut left = Vec::new();
    if s.left.outside > 0 {
        left.push(format!("{} 条不在本期", s.left.outside));
    }
    if s.left.undated > 0 {
        left.push(format!("{} 条未填日期", s.left.undated));
    }
    let left = if left.is_empty() {
        String::new()
    } else {
        format!("；另有 {}，均未计入", left.join("、"))
    };
    format!(
        "统计口径：培训记录按结束日期（未填结束日期的按开始日期）计入统计期，跨年度的培训计入结束的年度。本期（{} 至 {}）计入 {counted} 条{left}。{copies}",
        period.start.format("%Y年%-m月%-d日"),
        period.end.format("%Y年%-m月%-d日"),
    )
}

/// The columns of a training list, in order: the frame's, the department as listed and the
/// place the record was read.
const DETAIL_FIELDS: [&str; 10] = [
    tr::TEACHER,
    SHOWN_DEPARTMENT,
    tr::COURSE,
    tr::TYPE,
    LEVEL,
    tr::START,
    tr::END,
    tr::HOURS,
    ORGANIZER,
    PLACE,
];

/// A training list: one row per counted record, each teacher's together (a 学时登记表), with
/// headers `jiaoke import` reads back and caps on the long text (培训项目, 培训机构, 来源文件).
pub(crate) fn detail_sheet(name: &str, title: String, s: &Summary) -> PolarsResult<Sheet> {
    let rows = FrameRows::new(&s.detail, &DETAIL_FIELDS)?;
    let caps = [(tr::COURSE, 28.0), (ORGANIZER, 14.0), (PLACE, 34.0)];
    let list = record_list(
        Kind::Training,
        (&DETAIL_FIELDS, &caps),
        rows,
        ("条", &[tr::HOURS]),
    );
    Ok(Sheet::new(name, title).block(list))
}

/// Hours and records per type column and per level column (queries over the records).
fn hours_and_records(s: &Summary) -> PolarsResult<(Vec<Tally>, Vec<Tally>)> {
    let per = |column: &str, n: usize| -> PolarsResult<Vec<Tally>> {
        let mut out = vec![(0.0, 0); n];
        for (k, tally) in hours_by(s.detail.clone().lazy(), &[column])? {
            if let Some(cell) = out.get_mut(k[0]) {
                *cell = tally;
            }
        }
        Ok(out)
    };
    Ok((
        per(TYPE_COLUMN, s.types.len())?,
        per(LEVEL_COLUMN, s.levels.len())?,
    ))
}

/// The share `k / n` as a percentage cell, nothing when `n` is 0.
pub(crate) fn share(k: usize, n: usize) -> Cell {
    if n == 0 {
        Cell::Empty
    } else {
        Cell::Share(k as f64 / n as f64)
    }
}

/// 一、学时分布 and 二、达标情况.
fn distribution_blocks(s: &Summary, who: &str) -> [Block; 2] {
    let totals = s.totals();
    let (buckets, n) = (totals.buckets, totals.teachers);
    let mut dist = Block::new(columns(&["学时段", "人数", "占比"]))
        .caption(format!("一、学时分布（教基4068 口径，{who}）"));
    for (b, k) in BUCKETS.iter().zip(buckets) {
        dist.push(vec![Cell::text(b), Cell::count(k), share(k, n)]);
    }
    dist.push_total(vec![Cell::text("合计"), Cell::count(n), share(n, n)]);
    let reached = totals.met;
    let mut reach = Block::new(columns(&["项目", "数值"])).caption("二、达标情况");
    for (item, value) in [
        ("应达学时".to_string(), Cell::Number(s.required)),
        (format!("{who}（人）"), Cell::count(n)),
        ("达标人数".into(), Cell::count(reached)),
        ("未达标人数".into(), Cell::count(n - reached)),
        ("达标率".into(), share(reached, n)),
    ] {
        reach.push(vec![Cell::Text(item), value]);
    }
    [dist, reach]
}

/// 三、按培训类型 / 四、按培训级别: hours and records per item.
fn split_block(caption: String, names: &[String], sums: &[Tally], s: &Summary) -> Block {
    // Not 培训类型 / 培训级别: with 学时 the block would import back as training.
    let mut b = Block::new(columns(&["项目", "学时", "人次"])).caption(caption);
    for (name, (h, k)) in names.iter().zip(sums) {
        b.push(vec![
            Cell::Text(name.clone()),
            Cell::Number(*h),
            Cell::count(*k),
        ]);
    }
    b.push_total(vec![
        Cell::text("合计"),
        Cell::Number(s.total_hours()),
        Cell::count(s.records()),
    ]);
    b
}

fn distribution_sheet(s: &Summary, head: &Letterhead, label: &str) -> PolarsResult<Sheet> {
    let who = if s.no_roster {
        "培训记录中的教师"
    } else {
        "名单内教师"
    };
    let with_outside = if s.rows.iter().any(|r| r.required.is_none()) {
        "（含名单外）"
    } else {
        ""
    };
    let (by_type, by_level) = hours_and_records(s)?;
    let [dist, reach] = distribution_blocks(s, who);
    let split = |n: &str, names: &[String], sums: &[Tally]| {
        split_block(format!("{n}{with_outside}"), names, sums, s)
    };
    let chart = |title: String, block, rows, kind| Chart {
        kind,
        title,
        block,
        rows,
        series: vec![(String::new(), 1)],
        beside: true,
    };
    let title = format!("{}教师培训学时分布（{label}）", head.school);
    Ok(Sheet::new(DISTRIBUTION_SHEET, title)
        .block(dist)
        .block(reach)
        .block(split("三、按培训类型", &s.types, &by_type))
        .block(split("四、按培训级别", &s.levels, &by_level))
        .chart(chart(
            format!("{who}培训学时分布（人）"),
            0,
            BUCKETS.len(),
            ChartKind::Column,
        ))
        .chart(chart(
            "各培训类型学时".into(),
            2,
            s.types.len(),
            ChartKind::Bar,
        )))
}

fn by_teacher_csv(s: &Summary) -> Result<Vec<u8>, ReportError> {
    let num = |v: Option<f64>| v.map(format_number).unwrap_or_default();
    rows_to_csv(
        &[
            "teacher",
            "department",
            "hours",
            "required",
            "shortfall",
            "on_roster",
            "records",
            "note",
        ],
        s.rows.iter().map(|r| {
            [
                r.name.clone(),
                r.department.clone(),
                format_number(r.total),
                num(r.required),
                num(r.shortfall()),
                r.on_roster.to_string(),
                r.records.to_string(),
                r.note.clone(),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::check::testing::{at, dataset};
    use crate::normalize::frames::{days, floats, strings};
    use crate::normalize::records::{Records, Teacher, Training};
    use crate::period::Terms;
    use crate::pipeline::Dataset;
    use crate::report::testing::{
        csv_rows, head, input, num, reimport, samples, saved, sheet, text, ymd,
    };
    use crate::select::roster::Roster;

    const EPS: f64 = 1e-9;

    #[test]
    fn the_total_column_is_not_a_training_hours_header() {
        let v = crate::vocab::Vocab::builtin();
        let spec = v.kind(crate::vocab::Kind::Training);
        for h in ["学时合计", "应达学时", "差额", "其他/未注明", "未注明级别"] {
            assert!(
                spec.fields_for_header(&crate::vocab::clean_header(h))
                    .is_empty(),
                "{h} would import back as a training column"
            );
        }
        for h in crate::report::labels::list_columns(Kind::Training, &DETAIL_FIELDS, &[]) {
            let h = h.label;
            if h != "来源文件" {
                assert!(
                    !spec
                        .fields_for_header(&crate::vocab::clean_header(&h))
                        .is_empty(),
                    "{h} is not read back"
                );
            }
        }
    }

    #[test]
    fn long_headers_go_over_two_lines() {
        assert_eq!(two_lines("集中培训"), "集中\n培训");
        assert_eq!(two_lines("其他/未注明"), "其他/\n未注明");
        assert_eq!(two_lines("级别未注明"), "级别\n未注明");
        assert_eq!(two_lines("骨干教师研修班"), "骨干教\n师研修班");
        assert_eq!(two_lines("省级"), "省级");
    }

    #[test]
    fn buckets_follow_the_ministry_form() {
        let b: Vec<usize> = [
            0.0, 36.0, 36.5, 37.0, 72.0, 73.0, 108.0, 108.5, 109.0, 400.0,
        ]
        .iter()
        .map(|h| bucket(*h))
        .collect();
        assert_eq!(b, [0, 0, 1, 1, 1, 2, 2, 3, 3, 3]);
    }

    /// The training records of the samples counted in 2023—2024, computed from the frame
    /// without the report's code: (teacher, hours).
    fn expected_sample_records(d: &Dataset, period: &Period) -> Vec<(String, f64)> {
        let t = &d.frames.training;
        let names = strings(t, "teacher").unwrap();
        let starts = days(t, "start").unwrap();
        let ends = days(t, "end").unwrap();
        let hours = floats(t, "hours").unwrap();
        (0..t.height())
            .filter(|&i| {
                ends[i]
                    .or(starts[i])
                    .is_some_and(|d| d >= period.start && d <= period.end)
            })
            .map(|i| (names[i].unwrap_or("").to_string(), hours[i].unwrap_or(0.0)))
            .collect()
    }

    #[test]
    fn sample_school_year_totals_match_the_records() {
        let (d, f) = samples();
        let head = head();
        let period = Period::school_year(2023, &Terms::default());
        let built = saved(build(&input(d, f, &head, period)));
        assert_eq!(built.file_name, "教师培训学时汇总（2023—2024学年）.xlsx");
        let expected = expected_sample_records(d, &period);
        let expected_total: f64 = expected.iter().map(|(_, h)| h).sum();
        assert!(
            expected.len() > 20 && expected_total > 100.0,
            "the samples have records"
        );

        let s = sheet(&built.workbook, "学时汇总");
        let roster = d.roster.members();
        assert_eq!(roster.len(), 41);
        // Every roster teacher, in roster order, then nobody else (all trainees of the
        // period are on the roster).
        let names = s.texts("姓名");
        let roster_names: Vec<String> = roster.iter().map(|e| e.name.clone()).collect();
        assert_eq!(names[..41], roster_names[..]);
        let totals = s.nums("学时合计");
        let sum: f64 = totals.iter().sum();
        assert!(
            (sum - expected_total).abs() < EPS,
            "{sum} vs {expected_total}"
        );
        assert!((s.total("学时合计") - expected_total).abs() < EPS);
        for (i, name) in names.iter().enumerate().take(41) {
            // Each teacher's total is their records' hours (namesakes: none in this period).
            if roster_names.iter().filter(|n| *n == name).count() == 1 {
                let own: f64 = expected
                    .iter()
                    .filter(|(n, _)| n == name)
                    .map(|(_, h)| h)
                    .sum();
                assert!(
                    (totals[i] - own).abs() < EPS,
                    "{name}: {} vs {own}",
                    totals[i]
                );
            }
            let row = &s.body[i];
            let required = num(&row[s.col("应达学时")]);
            assert_eq!(required, 72.0);
            let shortfall = num(&row[s.col("差额")]);
            assert!((shortfall - (required - totals[i]).max(0.0)).abs() < EPS);
            // By type and by level, the hours add up to the total.
            let first_type = s.col("姓名") + 1;
            let first_level = s.col("国家级");
            let total_col = s.col("学时合计");
            let by_type: f64 = row[first_type..first_level].iter().map(num).sum();
            let by_level: f64 = row[first_level..total_col].iter().map(num).sum();
            assert!((by_type - totals[i]).abs() < EPS, "{name} by type");
            assert!((by_level - totals[i]).abs() < EPS, "{name} by level");
        }
        // Types present in canonical order, then the odd one (专题讲座) as written.
        let types: Vec<&str> = s.headers[3..s.col("国家级")]
            .iter()
            .map(String::as_str)
            .collect();
        assert_eq!(
            types,
            [
                "集中培训",
                "网络研修",
                "校本研修",
                "跟岗实践",
                "外出学习",
                "专题讲座"
            ]
        );
        assert!(s.mentions("计入 45 条；另有 26 条不在本期，均未计入"));

        let detail = sheet(&built.workbook, "培训明细");
        assert_eq!(detail.body.len(), expected.len());
        let hours: f64 = detail.nums("学时").iter().sum();
        assert!((hours - expected_total).abs() < EPS);
        assert!((detail.total("学时") - expected_total).abs() < EPS);

        let dist = sheet(&built.workbook, "学时分布");
        let bucket_rows: Vec<(String, f64)> = dist.all[4..8]
            .iter()
            .map(|r| (text(&r[0]), num(&r[1])))
            .collect();
        assert_eq!(
            bucket_rows
                .iter()
                .map(|(b, _)| b.as_str())
                .collect::<Vec<_>>(),
            BUCKETS
        );
        assert_eq!(bucket_rows.iter().map(|(_, k)| k).sum::<f64>(), 41.0);
        for (k, (_, n)) in bucket_rows.iter().enumerate() {
            let by_sheet = totals[..41].iter().filter(|t| bucket(**t) == k).count() as f64;
            assert_eq!(*n, by_sheet, "bucket {k}");
        }
        let short = s.nums("差额")[..41].iter().filter(|v| **v > 0.0).count() as f64;
        let unmet = dist
            .all
            .iter()
            .find(|r| text(&r[0]) == "未达标人数")
            .map(|r| num(&r[1]))
            .unwrap();
        assert_eq!(unmet, short);

        // The CSV says what the sheet says, line by line.
        let (name, bytes) = &built.csvs[0];
        assert_eq!(name, "training_by_teacher.csv");
        assert!(bytes.starts_with(b"teacher,department,hours,required,shortfall"));
        let rows = csv_rows(bytes);
        assert_eq!(rows.len(), s.body.len());
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(r["teacher"], names[i]);
            assert_eq!(r["department"], s.texts("教研组")[i]);
            assert_eq!(r["hours"].parse::<f64>().unwrap(), totals[i]);
            assert_eq!(r["required"].parse::<f64>().unwrap(), 72.0);
            assert_eq!(r["shortfall"].parse::<f64>().unwrap(), s.nums("差额")[i]);
        }
    }

    #[test]
    fn the_detail_sheet_reads_back_as_the_counted_records_and_nothing_else() {
        let (d, f) = samples();
        let head = head();
        let period = Period::school_year(2023, &Terms::default());
        let built = saved(build(&input(d, f, &head, period)));
        let back = reimport(&built.file_name, &built.workbook);
        let expected = expected_sample_records(d, &period);
        let t = &back.frames.training;
        assert_eq!(t.height(), expected.len(), "one record per 培训明细 row");
        let hours: f64 = floats(t, "hours").unwrap().iter().flatten().sum();
        let total: f64 = expected.iter().map(|(_, h)| h).sum();
        assert!((hours - total).abs() < EPS);
        let mut names: Vec<String> = strings(t, "teacher")
            .unwrap()
            .into_iter()
            .map(|n| n.unwrap_or("").to_string())
            .collect();
        let mut want: Vec<String> = expected.into_iter().map(|(n, _)| n).collect();
        names.sort();
        want.sort();
        assert_eq!(names, want);
        let sheets: Vec<&str> = strings(t, "sheet").unwrap().into_iter().flatten().collect();
        assert!(sheets.iter().all(|s| *s == "培训明细"), "{sheets:?}");
        assert_eq!(back.frames.teachers.height(), 0, "学时汇总 is not a roster");
        assert_eq!(
            back.frames.papers.height() + back.frames.projects.height(),
            0
        );
    }

    fn teacher(name: &str, dept: &str, id: &str, row: u32) -> Teacher {
        Teacher {
            name: name.into(),
            department: dept.into(),
            id_number: id.into(),
            prov: at("名单.xlsx", row),
            ..Teacher::default()
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        name: &str,
        dept: &str,
        id: &str,
        kind: &str,
        level: &str,
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
        hours: Option<f64>,
        row: u32,
    ) -> Training {
        Training {
            teacher: name.into(),
            department: dept.into(),
            id_number: id.into(),
            course: format!("培训{row}"),
            kind: kind.into(),
            level: level.into(),
            start,
            end,
            hours,
            prov: at("培训.xlsx", row),
            ..Training::default()
        }
    }

    const ID_CHINESE: &str = "32041219860312022X";
    const ID_ENGLISH: &str = "320412199403167984";

    /// Two 王静 (语文组, 英语组), 张三 and 李四; records naming 王静 by 教研组, by 身份证号
    /// and by nothing; a course ending in 2024; an undated record; one without hours; a
    /// trainee not on the roster.
    fn handmade() -> Dataset {
        dataset(Records {
            teachers: vec![
                teacher("王静", "语文组", ID_CHINESE, 2),
                teacher("王静", "英语组", ID_ENGLISH, 3),
                teacher("张三", "数学组", "", 4),
                teacher("李四", "数学组", "", 5),
            ],
            training: vec![
                record(
                    "王静",
                    "英语组",
                    "",
                    "集中培训",
                    "省级",
                    ymd(2023, 3, 1),
                    ymd(2023, 3, 2),
                    Some(12.0),
                    2,
                ),
                record(
                    "王静",
                    "",
                    ID_CHINESE,
                    "网络研修",
                    "国家级",
                    ymd(2023, 5, 1),
                    ymd(2023, 5, 30),
                    Some(10.0),
                    3,
                ),
                record(
                    "王静",
                    "",
                    "",
                    "校本研修",
                    "",
                    ymd(2023, 6, 1),
                    None,
                    Some(3.0),
                    4,
                ),
                record(
                    "张三",
                    "数学组",
                    "",
                    "集中培训",
                    "市级",
                    ymd(2023, 12, 20),
                    ymd(2024, 1, 5),
                    Some(30.0),
                    5,
                ),
                record(
                    "张三",
                    "数学组",
                    "",
                    "专题讲座",
                    "区县级",
                    None,
                    None,
                    Some(6.0),
                    6,
                ),
                record(
                    "张三",
                    "数学组",
                    "",
                    "外出学习",
                    "区县级",
                    None,
                    ymd(2023, 11, 11),
                    None,
                    7,
                ),
                record(
                    "张叁",
                    "数学组",
                    "",
                    "校本研修",
                    "校级",
                    ymd(2023, 10, 10),
                    ymd(2023, 10, 10),
                    Some(2.0),
                    8,
                ),
                record(
                    "张三",
                    "",
                    "",
                    "公需科目",
                    "",
                    ymd(2023, 8, 1),
                    ymd(2023, 8, 1),
                    Some(80.0),
                    9,
                ),
            ],
            ..Records::default()
        })
    }

    #[test]
    fn namesakes_undated_and_next_year_records_by_hand() {
        let d = handmade();
        let head = head();
        let built = saved(build(&input(&d, &[], &head, Period::year(2023))));
        assert_eq!(built.file_name, "教师培训学时汇总（2023年度）.xlsx");
        let s = sheet(&built.workbook, "学时汇总");
        let lines: Vec<(String, String, f64, f64, f64)> = s
            .body
            .iter()
            .map(|r| {
                (
                    text(&r[s.col("教研组")]),
                    text(&r[s.col("姓名")]),
                    num(&r[s.col("学时合计")]),
                    num(&r[s.col("应达学时")]),
                    num(&r[s.col("差额")]),
                )
            })
            .collect();
        let line = |dept: &str, name: &str, total: f64, req: f64, short: f64| {
            (dept.to_string(), name.to_string(), total, req, short)
        };
        assert_eq!(
            lines,
            [
                line("语文组", "王静", 10.0, 72.0, 62.0), // by 身份证号
                line("英语组", "王静", 12.0, 72.0, 60.0), // by 教研组
                line("数学组", "张三", 80.0, 72.0, 0.0),  // 2024 course and undated one left out
                line("数学组", "李四", 0.0, 72.0, 72.0),
                line("", "王静", 3.0, 0.0, 0.0), // 名单外: can't tell which 王静
                line("数学组", "张叁", 2.0, 0.0, 0.0), // 名单外: not on the roster
            ]
        );
        let notes = s.texts("备注");
        assert!(
            notes[4].starts_with("名单外") && notes[4].contains("2 位王静"),
            "{}",
            notes[4]
        );
        assert!(notes[5].contains("是否为 张三"), "{}", notes[5]);
        assert_eq!(
            text(&s.body[4][s.col("应达学时")]),
            "",
            "no requirement off the roster"
        );
        assert_eq!(
            s.headers[3..s.col("国家级")],
            ["集中培训", "网络研修", "校本研修", "外出学习", "公需科目"],
            "only the types of counted records; 专题讲座 was undated"
        );
        assert_eq!(
            s.headers[s.col("国家级")..s.col("学时合计")],
            [
                "国家级",
                "省级",
                "市级",
                "区县级",
                "片区级",
                "校级",
                "未注明级别"
            ]
        );
        assert_eq!(s.total("学时合计"), 107.0);
        assert_eq!(s.total("差额"), 194.0);
        assert!(s.mentions("计入 6 条；另有 1 条不在本期、1 条未填日期，均未计入"));
        assert!(s.mentions("标红的 3 位教师未达到"));

        let detail = sheet(&built.workbook, "培训明细");
        assert_eq!(detail.body.len(), 6);
        assert_eq!(detail.total("学时"), 107.0);
        // Each teacher's records together; the record without 教研组 gets the roster's.
        assert_eq!(
            detail.texts("姓名"),
            ["王静", "王静", "张三", "张三", "王静", "张叁"]
        );
        assert_eq!(detail.texts("教研组")[0], "语文组");
        assert!(sheet(&built.workbook, "培训明细").mentions("1 条记录未填学时"));
        assert!(s.mentions("1 条记录未填学时"));

        let dist = sheet(&built.workbook, "学时分布");
        let col = |label: &str| {
            dist.all
                .iter()
                .find(|r| text(&r[0]) == label)
                .map(|r| num(&r[1]))
                .unwrap()
        };
        assert_eq!(
            BUCKETS.map(col),
            [3.0, 0.0, 1.0, 0.0],
            "10, 12 and 0 hours ≤36; 80 in 73–108"
        );
        assert_eq!((col("达标人数"), col("未达标人数")), (1.0, 3.0));
        assert_eq!(col("达标率"), 0.25);
        assert_eq!(col("应达学时"), 72.0);
        assert_eq!(col("公需科目"), 80.0);

        let csv = String::from_utf8(built.csvs[0].1.clone()).unwrap();
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some("teacher,department,hours,required,shortfall,on_roster,records,note")
        );
        assert_eq!(lines.next(), Some("王静,语文组,10,72,62,true,1,"));
        assert_eq!(lines.nth(2), Some("李四,数学组,0,72,72,true,0,"));
        assert!(
            lines
                .next()
                .unwrap()
                .starts_with("王静,,3,,,false,1,名单外")
        );

        // The course that ended in January 2024 counts in 2024.
        let built = saved(build(&input(&d, &[], &head, Period::year(2024))));
        let s = sheet(&built.workbook, "学时汇总");
        assert_eq!(s.nums("学时合计"), [0.0, 0.0, 30.0, 0.0]);
        // A term owes half a year's hours.
        let term = Period::term(2023, 1, &Terms::default());
        let built = saved(build(&input(&d, &[], &head, term)));
        let s = sheet(&built.workbook, "学时汇总");
        assert_eq!(s.nums("应达学时")[..4], [36.0; 4]);
        assert_eq!(s.nums("学时合计"), [0.0, 0.0, 30.0, 0.0, 2.0]);
        assert_eq!(s.nums("差额")[2], 6.0);
    }

    #[test]
    fn an_empty_inbox_still_gives_every_sheet() {
        let d = dataset(Records::default());
        let head = head();
        let built = saved(build(&input(&d, &[], &head, Period::all())));
        assert_eq!(built.file_name, "教师培训学时汇总（全部记录）.xlsx");
        for name in ["学时汇总", "培训明细", "数据问题"] {
            let s = sheet(&built.workbook, name);
            assert!(s.body.is_empty(), "{name}");
        }
        let dist = sheet(&built.workbook, "学时分布");
        assert!(dist.all[4..8].iter().all(|r| num(&r[1]) == 0.0));
        assert_eq!(
            built.csvs[0].1,
            b"teacher,department,hours,required,shortfall,on_roster,records,note\n"
        );
    }

    #[test]
    fn without_a_roster_the_trainees_are_the_lines() {
        let mut d = handmade();
        d.frames.teachers = d.frames.teachers.head(Some(0));
        d.roster = Roster::of(&d.frames, &d.copies).unwrap();
        let head = head();
        let built = saved(build(&input(&d, &[], &head, Period::year(2023))));
        let s = sheet(&built.workbook, "学时汇总");
        assert_eq!(s.texts("姓名"), ["王静", "张三", "张叁"]);
        assert_eq!(s.nums("学时合计"), [25.0, 80.0, 2.0]);
        assert_eq!(s.nums("应达学时"), [72.0; 3]);
        assert!(s.mentions("没有教师名单"));
    }
}
