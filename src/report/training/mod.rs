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

pub(crate) use summary::*;

use chrono::NaiveDate;
use rust_xlsxwriter::{Chart, ChartDataLabel, ChartFont, Workbook, Worksheet, XlsxError};

use crate::period::{Period, PeriodKind};
use crate::report::context::{self, Built, ReportError, ReportInput};
use crate::report::csv::rows_to_csv;
use crate::report::workbook::{
    BODY_START, Cell, Letterhead, Styles, Table, WidthMeter, column_widths, heading, merge_text,
    page_setup, row_height, text_lines, write_cells, write_table, write_text,
};
use crate::table::format_number;
use crate::text::display_width;

/// The canonical training types (vocab.toml `[training_types]`), in the order columns show them.
pub(crate) const TYPE_ORDER: [&str; 7] = [
    "集中培训",
    "网络研修",
    "校本研修",
    "跟岗实践",
    "外出学习",
    "公需科目",
    "专业科目",
];
/// The level scale (vocab.toml `[levels]`), highest first.
pub(crate) const LEVEL_ORDER: [&str; 6] = ["国家级", "省级", "市级", "区县级", "片区级", "校级"];
/// Levels shown even when no record has them (the form's fixed columns).
pub(crate) const FIXED_LEVELS: [&str; 5] = ["国家级", "省级", "市级", "区县级", "校级"];
/// The column of records without a type (or with a rare one, see [`MAX_OTHER_TYPES`]).
pub(crate) const OTHER_TYPE: &str = "其他/未注明";
/// The column of records without a level.
pub(crate) const NO_LEVEL: &str = "级别未注明";
/// Non-canonical types that get a column of their own; rarer ones go to [`OTHER_TYPE`] so that
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
    let summary = summarize(input)?;
    let head = input.head;
    let label = input.period.label();
    let styles = head.styles();
    let mut wb = Workbook::new();
    let title = format!("{}教师培训学时汇总（{label}）", head.school);
    head.properties(&mut wb, &title);

    let ws = wb.add_worksheet().set_name(SUMMARY_SHEET)?;
    summary_sheet(ws, &styles, head, &summary, input)?;
    let ws = wb.add_worksheet().set_name(DETAIL_SHEET)?;
    let detail = detail_table(
        &summary,
        format!(
            "{}教师培训学时明细（{label}，共 {} 条）",
            head.school,
            summary.detail.len()
        ),
    );
    let placed = write_table(ws, &styles, head, &detail)?;
    let widths = fit_table(ws, &detail, placed.first_row, &DETAIL_CAPS)?;
    let mut notes = vec![counting_note(&summary, &input.period)];
    if summary.no_hours > 0 {
        notes.push(format!(
            "{} 条记录未填学时（或学时无法识别），按 0 学时计，见“数据问题”表。",
            summary.no_hours
        ));
    }
    let below = write_notes(ws, &styles, placed.end_row + 1, &widths, &notes)?;
    keep_on_one_page(ws, &detail, &widths, DEFAULT_ROW_HEIGHT, below)?;
    let ws = wb.add_worksheet().set_name(DISTRIBUTION_SHEET)?;
    distribution_sheet(ws, &styles, head, &summary, &label)?;
    context::issues_sheet(&mut wb, head, input.findings)?;

    Ok(Built {
        file_name: format!("教师培训学时汇总（{label}）.xlsx"),
        workbook: wb.save_to_buffer()?,
        csvs: vec![("training_by_teacher.csv".into(), by_teacher_csv(&summary)?)],
    })
}

/// A 4-character header over two lines (`集中\n培训`): the number columns stay narrow.
fn two_lines(h: &str) -> String {
    let chars: Vec<char> = h.chars().collect();
    let at = if let Some(slash) = chars.iter().position(|&c| c == '/') {
        slash + 1
    } else if h.ends_with("未注明") && chars.len() > 3 {
        chars.len() - 3
    } else if chars.len() >= 4 {
        chars.len() / 2
    } else {
        return h.to_string();
    };
    let (a, b) = chars.split_at(at);
    format!(
        "{}\n{}",
        a.iter().collect::<String>(),
        b.iter().collect::<String>()
    )
}

fn hours_cell(h: f64) -> Cell {
    if h == 0.0 {
        Cell::Empty
    } else {
        Cell::Number(h)
    }
}

fn summary_sheet(
    ws: &mut Worksheet,
    styles: &Styles,
    head: &Letterhead,
    s: &Summary,
    input: &ReportInput,
) -> Result<(), XlsxError> {
    let mut headers: Vec<String> = vec!["序号".into(), "教研组".into(), "姓名".into()];
    headers.extend(s.types.iter().map(|t| two_lines(t)));
    headers.extend(s.levels.iter().map(|l| two_lines(l)));
    // Not 合计学时 / 学时: those are training-hours headers, and this sheet must not import
    // back as training records.
    let total_col = headers.len();
    headers.extend(["学时\n合计", "应达\n学时", "差额", "备注"].map(String::from));
    let shortfall_col = total_col + 2;
    let rows: Vec<Vec<Cell>> = s
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut row = vec![
                Cell::Number((i + 1) as f64),
                Cell::Text(r.department.clone()),
                Cell::Text(r.name.clone()),
            ];
            row.extend(r.by_type.iter().map(|&h| hours_cell(h)));
            row.extend(r.by_level.iter().map(|&h| hours_cell(h)));
            row.push(Cell::Number(r.total));
            row.push(r.required.map_or(Cell::Empty, Cell::Number));
            row.push(r.shortfall().map_or(Cell::Empty, Cell::Number));
            row.push(Cell::Text(r.note.clone()));
            row
        })
        .collect();
    let column_sum = |f: &dyn Fn(&TeacherRow) -> f64| s.rows.iter().map(f).sum::<f64>();
    let mut totals = vec![
        Cell::Text("合计".into()),
        Cell::Empty,
        Cell::Text(format!("{} 人", s.rows.len())),
    ];
    for c in 0..s.types.len() {
        totals.push(Cell::Number(column_sum(&|r| r.by_type[c])));
    }
    for c in 0..s.levels.len() {
        totals.push(Cell::Number(column_sum(&|r| r.by_level[c])));
    }
    totals.push(Cell::Number(column_sum(&|r| r.total)));
    totals.push(Cell::Empty);
    totals.push(Cell::Number(column_sum(&|r| r.shortfall().unwrap_or(0.0))));
    totals.push(Cell::Empty);
    let short = s
        .roster_rows()
        .filter(|r| r.total < r.required.unwrap_or(0.0))
        .count();
    let table = Table {
        title: format!(
            "{}教师培训学时汇总（{}）",
            head.school,
            input.period.label()
        ),
        headers,
        rows,
        totals: Some(totals),
    };
    let placed = write_table(ws, styles, head, &table)?;
    let widths = fit_table(
        ws,
        &table,
        placed.first_row,
        &[(table.headers.len() - 1, 30.0)],
    )?;
    ws.set_row_height(placed.header_row, 30)?;
    for (i, r) in s.rows.iter().enumerate() {
        if let Some(v) = r.shortfall().filter(|v| *v > 0.0) {
            ws.write_number_with_format(
                placed.first_row + i as u32,
                shortfall_col as u16,
                v,
                &styles.alert_number,
            )?;
        }
    }
    let years = input.period.years();
    let mut notes = vec![counting_note(s, &input.period)];
    notes.push(format!(
        "应达学时 = 每年 {} 学时 × {} 年 = {} 学时；差额 = 应达学时 − 学时合计（已达到的为 0），标红的 {} 位教师未达到。",
        format_number(input.required_hours_per_year),
        format_number(years),
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
            "以下培训类型记录较少，计入“{OTHER_TYPE}”：{}。",
            chinese_list(&s.folded_types)
        ));
    }
    if s.no_roster {
        notes.push(
            "收集文件夹中没有教师名单：按培训记录中出现的姓名列出，没有任何培训记录的教师不在表中。"
                .into(),
        );
    }
    let below = write_notes(ws, styles, placed.end_row + 1, &widths, &notes)?;
    keep_on_one_page(ws, &table, &widths, 30.0, below)?;
    Ok(())
}

/// How the period was applied, for a note under a table.
pub(crate) fn counting_note(s: &Summary, period: &Period) -> String {
    let counted = s.detail.len();
    let copies = if s.copies > 0 {
        format!("同一条记录重复上报的 {} 处只计一次。", s.copies)
    } else {
        String::new()
    };
    if period.kind == PeriodKind::All {
        return format!("未设统计期：计入全部 {counted} 条培训记录。{copies}");
    }
    let mut left = Vec::new();
    if s.outside > 0 {
        left.push(format!("{} 条不在本期", s.outside));
    }
    if s.undated > 0 {
        left.push(format!("{} 条未填日期", s.undated));
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

/// Widths of the long-text columns of a training list (培训项目, 培训机构, 来源文件).
pub(crate) const DETAIL_CAPS: [(usize, f64); 3] = [(3, 28.0), (9, 14.0), (10, 34.0)];

/// The headers of a training list, as `jiaoke import` reads them back (labels.rs).
pub(crate) fn detail_headers() -> Vec<String> {
    use crate::report::labels::column_label;
    use crate::vocab::Kind::Training;
    let mut h = vec!["序号".to_string(), column_label(Training, "teacher").into()];
    h.push(column_label(Training, "department").into());
    for c in [
        "course",
        "type",
        "level",
        "start",
        "end",
        "hours",
        "organizer",
    ] {
        h.push(column_label(Training, c).into());
    }
    h.push(column_label(Training, "source_file").into());
    h
}

/// One row per counted record, each teacher's together: a 学时登记表.
pub(crate) fn detail_table(s: &Summary, title: String) -> Table {
    let date = |d: Option<NaiveDate>| d.map_or(Cell::Empty, Cell::Date);
    let text = |t: &str| Cell::Text(t.to_string());
    let rows = s
        .detail
        .iter()
        .enumerate()
        .map(|(i, (row, r))| {
            let dept = if r.department.is_empty() && s.rows[*row].on_roster {
                &s.rows[*row].department
            } else {
                &r.department
            };
            vec![
                Cell::Number((i + 1) as f64),
                text(&r.teacher),
                text(dept),
                text(&r.course),
                text(&r.kind),
                text(&r.level),
                date(r.start),
                date(r.end),
                r.hours.map_or(Cell::Empty, Cell::Number),
                text(&r.organizer),
                Cell::Text(r.source()),
            ]
        })
        .collect();
    let mut totals = vec![Cell::Empty; 11];
    totals[0] = Cell::Text("合计".into());
    totals[1] = Cell::Text(format!("{} 条", s.detail.len()));
    totals[8] = Cell::Number(s.total_hours());
    Table {
        title,
        headers: detail_headers(),
        rows,
        totals: Some(totals),
    }
}

fn distribution_sheet(
    ws: &mut Worksheet,
    styles: &Styles,
    head: &Letterhead,
    s: &Summary,
    label: &str,
) -> Result<(), XlsxError> {
    let buckets = s.buckets();
    let n: usize = buckets.iter().sum();
    let share = |k: usize| {
        if n == 0 {
            Cell::Empty
        } else {
            Cell::Number(k as f64 / n as f64)
        }
    };
    let who = if s.no_roster {
        "培训记录中的教师"
    } else {
        "名单内教师"
    };
    let reached = s
        .roster_rows()
        .filter(|r| r.shortfall() == Some(0.0))
        .count();
    let mut by_type = vec![(0.0, 0usize); s.types.len()];
    let mut by_level = vec![(0.0, 0usize); s.levels.len()];
    for r in &s.rows {
        for (i, h) in r.by_type.iter().enumerate() {
            by_type[i].0 += h;
        }
        for (i, h) in r.by_level.iter().enumerate() {
            by_level[i].0 += h;
        }
    }
    let type_index = |k: &str| {
        s.types
            .iter()
            .position(|t| t == k)
            .unwrap_or(s.types.len() - 1)
    };
    let level_index = |k: &str| {
        s.levels
            .iter()
            .position(|t| t == k)
            .unwrap_or(s.levels.len() - 1)
    };
    for (_, r) in &s.detail {
        by_type[type_index(&r.kind)].1 += 1;
        by_level[level_index(&r.level)].1 += 1;
    }
    let split = |names: &[String], sums: &[(f64, usize)]| -> Vec<Vec<Cell>> {
        names
            .iter()
            .zip(sums)
            .map(|(name, (h, k))| {
                vec![
                    Cell::Text(name.clone()),
                    Cell::Number(*h),
                    Cell::Number(*k as f64),
                ]
            })
            .collect()
    };
    let records = s.detail.len() as f64;
    let with_outside = if s.rows.iter().any(|r| r.required.is_none()) {
        "（含名单外）"
    } else {
        ""
    };
    let blocks = vec![
        Block {
            caption: format!("一、学时分布（教基4068 口径，{who}）"),
            headers: vec!["学时段".into(), "人数".into(), "占比".into()],
            rows: BUCKETS
                .iter()
                .zip(buckets)
                .map(|(b, k)| vec![Cell::Text(b.to_string()), Cell::Number(k as f64), share(k)])
                .collect(),
            totals: Some(vec![
                Cell::Text("合计".into()),
                Cell::Number(n as f64),
                share(n),
            ]),
        },
        Block {
            caption: "二、达标情况".into(),
            headers: vec!["项目".into(), "数值".into()],
            rows: vec![
                vec![Cell::Text("应达学时".into()), Cell::Number(s.required)],
                vec![Cell::Text(format!("{who}（人）")), Cell::Number(n as f64)],
                vec![Cell::Text("达标人数".into()), Cell::Number(reached as f64)],
                vec![
                    Cell::Text("未达标人数".into()),
                    Cell::Number((n - reached) as f64),
                ],
                vec![Cell::Text("达标率".into()), share(reached)],
            ],
            totals: None,
        },
        Block {
            caption: format!("三、按培训类型{with_outside}"),
            // Not 培训类型 / 培训级别: with 学时 the block would import back as training.
            headers: vec!["项目".into(), "学时".into(), "人次".into()],
            rows: split(&s.types, &by_type),
            totals: Some(vec![
                Cell::Text("合计".into()),
                Cell::Number(s.total_hours()),
                Cell::Number(records),
            ]),
        },
        Block {
            caption: format!("四、按培训级别{with_outside}"),
            headers: vec!["项目".into(), "学时".into(), "人次".into()],
            rows: split(&s.levels, &by_level),
            totals: Some(vec![
                Cell::Text("合计".into()),
                Cell::Number(s.total_hours()),
                Cell::Number(records),
            ]),
        },
    ];
    let title = format!("{}教师培训学时分布（{label}）", head.school);
    // Charts sit right of the tables, in columns E–L.
    let (placed, widths) = write_blocks(ws, styles, head, &title, &blocks, 12, true)?;
    // Percentages show as 100.0%, wider than the number measured.
    for c in [1, 2] {
        ws.set_column_width(c, widths[c as usize].max(9.0))?;
    }
    // Tables and charts side by side make one landscape page.
    ws.set_print_fit_to_pages(1, 1);
    let percent = styles.number.clone().set_num_format("0.0%");
    let percent_total = styles.total_number.clone().set_num_format("0.0%");
    let (b, p) = (&blocks[0], placed[0]);
    for (i, row) in b.rows.iter().enumerate() {
        if let Cell::Number(v) = row[2] {
            ws.write_number_with_format(p.first_row + i as u32, 2, v, &percent)?;
        }
    }
    if let Some(Cell::Number(v)) = b.totals.as_ref().map(|t| t[2].clone()) {
        ws.write_number_with_format(p.end_row - 1, 2, v, &percent_total)?;
    }
    if let Cell::Number(v) = blocks[1].rows[4][1] {
        ws.write_number_with_format(placed[1].first_row + 4, 1, v, &percent)?;
    }
    let font = |size: f64, bold: bool| {
        let mut f = ChartFont::new();
        f.set_name(super::workbook::BODY_FONT).set_size(size);
        if bold {
            f.set_bold();
        }
        f
    };
    let mut labels = ChartDataLabel::new();
    labels.show_value();
    let p = placed[0];
    let mut chart = Chart::new_column();
    chart
        .add_series()
        .set_categories((DISTRIBUTION_SHEET, p.first_row, 0, p.first_row + 3, 0))
        .set_values((DISTRIBUTION_SHEET, p.first_row, 1, p.first_row + 3, 1))
        .set_data_label(&labels);
    chart
        .title()
        .set_name(&format!("{who}培训学时分布（人）"))
        .set_font(&font(11.0, true));
    chart.x_axis().set_font(&font(9.0, false));
    chart.y_axis().set_font(&font(9.0, false));
    chart.legend().set_hidden();
    chart.set_width(520).set_height(280);
    ws.insert_chart_with_offset(BODY_START, 4, &chart, 10, 0)?;
    let p = placed[2];
    if !s.types.is_empty() {
        let mut chart = Chart::new_bar();
        chart
            .add_series()
            .set_categories((
                DISTRIBUTION_SHEET,
                p.first_row,
                0,
                p.first_row + s.types.len() as u32 - 1,
                0,
            ))
            .set_values((
                DISTRIBUTION_SHEET,
                p.first_row,
                1,
                p.first_row + s.types.len() as u32 - 1,
                1,
            ))
            .set_data_label(&labels);
        chart
            .title()
            .set_name("各培训类型学时")
            .set_font(&font(11.0, true));
        chart.x_axis().set_font(&font(9.0, false));
        chart.y_axis().set_font(&font(9.0, false)).set_reverse();
        chart.legend().set_hidden();
        chart.set_width(520).set_height(280);
        ws.insert_chart_with_offset(BODY_START + 15, 4, &chart, 10, 0)?;
    }
    Ok(())
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

// ---------------------------------------------------------------------------------------
// Sheets of several small tables (学时分布 here, 概况 in the term summary).

/// A small titled table on a sheet holding several.
#[derive(Debug, Clone, Default)]
pub(crate) struct Block {
    /// Caption above it (`一、学时分布`).
    pub caption: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Body rows.
    pub rows: Vec<Vec<Cell>>,
    /// Bold totals row.
    pub totals: Option<Vec<Cell>>,
}

/// Where a block went (0-based rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BlockPlaced {
    /// Header row.
    pub header_row: u32,
    /// First body row.
    pub first_row: u32,
    /// Row after the block (after its totals).
    pub end_row: u32,
}

/// Writes blocks one under the other in the house style: the merged title (over at least
/// `span` columns) and 填报单位 line, then per block a bold caption, a bold bordered header,
/// the rows and a bold totals row. Widths fit every block; A4, one page wide, page numbers.
/// No header is repeated on later pages (each block has its own): keep such sheets short.
///
/// # Errors
/// rust_xlsxwriter's errors.
pub(crate) fn write_blocks(
    ws: &mut Worksheet,
    styles: &Styles,
    head: &Letterhead,
    title: &str,
    blocks: &[Block],
    span: u16,
    landscape: bool,
) -> Result<(Vec<BlockPlaced>, Vec<f64>), XlsxError> {
    let ncols = blocks
        .iter()
        .map(|b| b.headers.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let span = span.max(ncols as u16).max(2);
    heading(ws, styles, head, title, span)?;
    let mut meter = WidthMeter::new(&vec![String::new(); ncols]);
    let mut r = BODY_START - 1;
    let mut placed = Vec::with_capacity(blocks.len());
    for b in blocks {
        ws.set_row_height(r, 22)?;
        write_text(ws, r, 0, &b.caption, &styles.caption, styles)?;
        r += 1;
        let header_row = r;
        for (c, h) in b.headers.iter().enumerate() {
            write_text(ws, r, c as u16, h, &styles.header, styles)?;
            meter.feed(c, h);
        }
        r += 1;
        let first_row = r;
        for row in &b.rows {
            write_cells(ws, r, row, styles, false)?;
            for (c, cell) in row.iter().enumerate() {
                meter.feed(c, &cell.shown());
            }
            r += 1;
        }
        if let Some(t) = &b.totals {
            write_cells(ws, r, t, styles, true)?;
            r += 1;
        }
        placed.push(BlockPlaced {
            header_row,
            first_row,
            end_row: r,
        });
        r += 1;
    }
    // The 16pt title must fit over the columns it spans (unset columns are 8.43 wide).
    let mut widths = meter.widths();
    let spanned = widths.iter().sum::<f64>() + f64::from(span - ncols as u16) * 8.43;
    let needed = display_width(title) as f64 * 1.6 + 4.0;
    if spanned < needed {
        let extra = (needed - spanned) / ncols as f64;
        widths.iter_mut().for_each(|w| *w += extra);
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    page_setup(ws, landscape);
    Ok((placed, widths))
}

/// Narrows the given columns of a written table (`(column, width)`: long text wraps instead)
/// and makes each row tall enough for its wrapped text, which neither Excel nor LibreOffice
/// does by itself for a file written this way. Returns the widths.
///
/// Row heights are estimated for Excel's 宋体, where a CJK character takes two width units;
/// LibreOffice's substitute font is narrower, so there a wrapped row may show spare room.
///
/// # Errors
/// rust_xlsxwriter's errors.
pub(crate) fn fit_table(
    ws: &mut Worksheet,
    table: &Table,
    first_row: u32,
    caps: &[(usize, f64)],
) -> Result<Vec<f64>, XlsxError> {
    let mut widths = column_widths(table);
    for &(c, cap) in caps {
        if let Some(w) = widths.get_mut(c) {
            *w = w.min(cap);
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    if widths.iter().sum::<f64>() <= 95.0 {
        ws.set_portrait();
    }
    for (i, row) in table.rows.iter().chain(table.totals.iter()).enumerate() {
        let lines = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| text_lines(&cell.shown(), *w))
            .max()
            .unwrap_or(1);
        // Explicit even for one line (rust_xlsxwriter leaves out a height equal to the
        // default): LibreOffice's default row is lower than Excel's, and the page breaks
        // should fall where they fall in Excel.
        let height = row_height(lines);
        ws.set_row_height(first_row + i as u32, height)?;
    }
    Ok(widths)
}

/// Writes note lines under a table, each merged across its columns and wrapped; returns
/// their height in points (with the blank row above them).
///
/// # Errors
/// rust_xlsxwriter's errors.
pub(crate) fn write_notes(
    ws: &mut Worksheet,
    styles: &Styles,
    first_row: u32,
    widths: &[f64],
    notes: &[String],
) -> Result<f64, XlsxError> {
    let mut height = DEFAULT_ROW_HEIGHT;
    let ncols = widths.len().max(1) as u16;
    let width: f64 = widths.iter().sum();
    for (i, note) in notes.iter().enumerate() {
        let r = first_row + i as u32;
        // About one display unit of text per column-width unit, at 10pt.
        let lines = ((display_width(note) as f64 + 4.0) / width.max(10.0))
            .ceil()
            .max(1.0);
        ws.set_row_height(r, 14.0 * lines + 2.0)?;
        height += 14.0 * lines + 2.0;
        merge_text(ws, (r, r), (0, ncols - 1), note, &styles.note, styles)?;
    }
    Ok(height)
}

/// Excel's default row height, in points.
const DEFAULT_ROW_HEIGHT: f64 = 15.0;

/// Prints a table on one page when fitting it to the page width leaves only a little of it
/// over (a few rows and the totals alone on a second sheet of paper): shrinking it is better
/// than a page to staple. Longer tables keep their pages. Heights as Excel lays them out.
///
/// `header_height` is the header row's height, `below` the height of what was written under
/// the table (notes), which is shrunk with it.
///
/// # Errors
/// rust_xlsxwriter's errors.
pub(crate) fn keep_on_one_page(
    ws: &mut Worksheet,
    table: &Table,
    widths: &[f64],
    header_height: f64,
    below: f64,
) -> Result<(), XlsxError> {
    let landscape = widths.iter().sum::<f64>() > 95.0;
    // A4 in points, less the house margins (0.5in left and right, 0.75in top and bottom).
    let (page_w, page_h) = if landscape {
        (842.0 - 72.0, 595.0 - 108.0)
    } else {
        (595.0 - 72.0, 842.0 - 108.0)
    };
    // Excel: a column of width w is w * 7 + 5 pixels; 0.75pt a pixel.
    let table_w: f64 = widths.iter().map(|w| (w * 7.0 + 5.0) * 0.75).sum();
    let scale = (page_w / table_w).min(1.0);
    let rows: f64 = table
        .rows
        .iter()
        .chain(table.totals.iter())
        .map(|row| {
            let lines = row
                .iter()
                .zip(widths)
                .map(|(cell, w)| text_lines(&cell.shown(), *w))
                .max()
                .unwrap_or(1);
            if lines > 1 {
                row_height(lines)
            } else {
                row_height(1)
            }
        })
        .sum();
    let table_h = 30.0 + DEFAULT_ROW_HEIGHT + header_height + rows;
    let spill = table_h * scale / page_h;
    // Everything on one page must not shrink below 75% of the width-fitted size.
    let shrink = page_h / ((table_h + below) * scale);
    if spill > 1.0 && spill <= 1.25 && shrink >= 0.75 {
        ws.set_print_fit_to_pages(1, 1);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{at, dataset};
    use crate::normalize::frames::{days, floats, strings};
    use crate::normalize::records::{Records, Teacher, Training};
    use crate::period::Terms;
    use crate::pipeline::Dataset;
    use crate::report::testing::{csv_rows, head, input, num, reimport, samples, sheet, text, ymd};
    use crate::select::roster::Roster;

    const EPS: f64 = 1e-9;

    #[test]
    fn canonical_orders_match_the_vocabulary() {
        let v = crate::vocab::Vocab::builtin();
        let mut types: Vec<&str> = v.training_types.keys().map(String::as_str).collect();
        types.sort_unstable();
        let mut ours = TYPE_ORDER.to_vec();
        ours.sort_unstable();
        assert_eq!(types, ours);
        assert_eq!(v.levels.order, LEVEL_ORDER);
    }

    #[test]
    fn the_total_column_is_not_a_training_hours_header() {
        let v = crate::vocab::Vocab::builtin();
        let spec = v.kind(crate::vocab::Kind::Training);
        for h in ["学时合计", "应达学时", "差额", "其他/未注明", "级别未注明"] {
            assert!(
                spec.fields_for_header(&crate::vocab::clean_header(h))
                    .is_empty(),
                "{h} would import back as a training column"
            );
        }
        for h in detail_headers() {
            if h != "序号" && h != "来源文件" {
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
        let built = build(&input(d, f, &head, period)).unwrap();
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
        let built = build(&input(d, f, &head, period)).unwrap();
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
        let built = build(&input(&d, &[], &head, Period::year(2023))).unwrap();
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
            ["国家级", "省级", "市级", "区县级", "校级", "级别未注明"]
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
        let built = build(&input(&d, &[], &head, Period::year(2024))).unwrap();
        let s = sheet(&built.workbook, "学时汇总");
        assert_eq!(s.nums("学时合计"), [0.0, 0.0, 30.0, 0.0]);
        // A term owes half a year's hours.
        let term = Period::term(2023, 1, &Terms::default());
        let built = build(&input(&d, &[], &head, term)).unwrap();
        let s = sheet(&built.workbook, "学时汇总");
        assert_eq!(s.nums("应达学时")[..4], [36.0; 4]);
        assert_eq!(s.nums("学时合计"), [0.0, 0.0, 30.0, 0.0, 2.0]);
        assert_eq!(s.nums("差额")[2], 6.0);
    }

    #[test]
    fn an_empty_inbox_still_gives_every_sheet() {
        let d = dataset(Records::default());
        let head = head();
        let built = build(&input(&d, &[], &head, Period::all())).unwrap();
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
        let built = build(&input(&d, &[], &head, Period::year(2023))).unwrap();
        let s = sheet(&built.workbook, "学时汇总");
        assert_eq!(s.texts("姓名"), ["王静", "张三", "张叁"]);
        assert_eq!(s.nums("学时合计"), [25.0, 80.0, 2.0]);
        assert_eq!(s.nums("应达学时"), [72.0; 3]);
        assert!(s.mentions("没有教师名单"));
    }
}
