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
use rust_xlsxwriter::{
    Chart, ChartFont, ChartLegendPosition, ChartType, Workbook, Worksheet, XlsxError,
};

mod stats;

use crate::period::PeriodKind;
use crate::report::context::{self, Built, ReportError, ReportInput};
use crate::report::csv::rows_to_csv;
use crate::report::rows::{self, PaperRow, ProjectRow};
use crate::report::workbook::{
    BODY_FONT, Cell, Letterhead, Styles, Table, WidthMeter, column_widths, heading, merge_text,
    print_setup, write_cells, write_streamed, write_text,
};
use crate::text::display_width;
use stats::*;

/// Levels in report order.
pub const LEVELS: [&str; 6] = ["国家级", "省级", "市级", "区县级", "片区级", "校级"];
/// The row of records without a level.
pub const NO_LEVEL: &str = "未注明级别";
/// Award grades in report order.
pub const GRADES: [&str; 5] = ["特等奖", "一等奖", "二等奖", "三等奖", "优秀奖"];
/// The column of awards without a grade.
pub const NO_GRADE: &str = "未注明等次";
/// Project statuses in report order.
pub const STATUSES: [&str; 7] = ["申报", "立项", "开题", "中期", "结题", "延期", "撤项"];
/// The column of projects without a status.
pub const NO_STATUS: &str = "未注明状态";
/// The row of records whose department is unknown.
pub const NO_DEPARTMENT: &str = "未注明教研组";

const SUMMARY: &str = "汇总";
const BY_DEPARTMENT: &str = "按教研组";
const BY_TEACHER: &str = "按教师";
const AWARD_DETAIL: &str = "论文获奖明细";
const PUBLICATION_DETAIL: &str = "论文发表明细";
const PROJECT_DETAIL: &str = "课题明细";
/// Total width above which a sheet prints landscape (as the house style does).
const LANDSCAPE_ABOVE: f64 = 95.0;
/// Height of the 汇总 chart in pixels, and the rows it is given (default rows are 20 px).
const CHART_HEIGHT: u32 = 300;
const CHART_ROWS: u32 = CHART_HEIGHT / 20 + 2;

/// Builds 年度教科研成果统计（period）.xlsx and its CSV tables.
///
/// # Errors
/// Internal errors only (frames, rust_xlsxwriter, CSV).
pub fn build(input: &ReportInput) -> Result<Built, ReportError> {
    let papers = rows::papers(&input.dataset.frames.papers)?;
    let projects = rows::projects(&input.dataset.frames.projects)?;
    let stats = Stats::compute(
        &papers,
        &projects,
        &input.dataset.roster,
        &input.period,
        input.findings,
        &input.dataset.copies,
    );

    let label = input.period.label();
    let title = format!("{}年度教科研成果统计（{label}）", input.head.school);
    let mut wb = Workbook::new();
    input.head.properties(&mut wb, &title);
    let styles = input.head.styles();
    summary_sheet(&mut wb, &styles, input, &stats, &title)?;
    department_sheet(&mut wb, &styles, input.head, &stats, &label)?;
    teacher_sheet(&mut wb, &styles, input.head, &stats, &label)?;
    detail_sheets(&mut wb, &styles, input.head, &stats, &label)?;
    context::issues_sheet(&mut wb, input.head, input.findings)?;

    Ok(Built {
        file_name: format!("年度教科研成果统计（{label}）.xlsx"),
        workbook: wb.save_to_buffer()?,
        csvs: vec![
            ("research_summary.csv".into(), summary_csv(&stats)?),
            ("research_by_teacher.csv".into(), teacher_csv(&stats)?),
        ],
    })
}

// ---------------------------------------------------------------------------------------
// Writing blocks of summary tables (several tables on a sheet, two-row headers, bold rows
// in the middle): the house style of `write_table`, placed at any row.

/// A column group of a header: a label over sub-columns (two header rows), or one column
/// whose label spans both header rows when `subs` is empty.
#[derive(Debug, Clone)]
struct Group {
    label: String,
    subs: Vec<String>,
}

fn col(label: &str) -> Group {
    Group {
        label: label.into(),
        subs: Vec::new(),
    }
}

/// A table of a summary sheet.
#[derive(Debug, Clone, Default)]
struct Block {
    caption: Option<String>,
    groups: Vec<Group>,
    /// Body rows, with whether the row is bold (subtotals, totals).
    rows: Vec<(Vec<Cell>, bool)>,
}

impl Block {
    fn ncols(&self) -> usize {
        self.groups.iter().map(|g| g.subs.len().max(1)).sum()
    }

    fn two_rows(&self) -> bool {
        self.groups.iter().any(|g| !g.subs.is_empty())
    }
}

/// Where a block went (0-based rows).
#[derive(Debug, Clone, Copy)]
struct At {
    first_header: u32,
    last_header: u32,
    first_row: u32,
    end_row: u32,
}

fn widths_of(blocks: &[&Block]) -> Vec<f64> {
    let n = blocks.iter().map(|b| b.ncols()).max().unwrap_or(1);
    let mut meter = WidthMeter::new(&vec![String::new(); n]);
    for b in blocks {
        let mut c = 0;
        for g in &b.groups {
            if g.subs.is_empty() {
                meter.feed(c, &g.label);
                c += 1;
            } else {
                for s in &g.subs {
                    meter.feed(c, s);
                    c += 1;
                }
            }
        }
        for (row, _) in &b.rows {
            for (c, cell) in row.iter().enumerate() {
                meter.feed(c, &cell.shown());
            }
        }
    }
    meter.widths()
}

fn lines_in(s: &str) -> usize {
    s.lines().count().max(1)
}

fn header_height(labels: impl Iterator<Item = usize>) -> Option<f64> {
    let lines = labels.max().unwrap_or(1);
    (lines > 1).then_some(14.0 * lines as f64 + 2.0)
}

/// Writes a block from row `start` (its caption first, if any).
fn place(ws: &mut Worksheet, st: &Styles, start: u32, b: &Block) -> Result<At, XlsxError> {
    let mut r = start;
    if let Some(caption) = &b.caption {
        ws.set_row_height(r, 20)?;
        write_text(ws, r, 0, caption, &st.caption, st)?;
        r += 1;
    }
    let first_header = r;
    let last_header = if b.two_rows() { r + 1 } else { r };
    let mut c: u16 = 0;
    for g in &b.groups {
        if g.subs.is_empty() {
            let rows = (first_header, last_header);
            merge_text(ws, rows, (c, c), &g.label, &st.header, st)?;
            c += 1;
        } else {
            let n = g.subs.len() as u16;
            let row = (first_header, first_header);
            merge_text(ws, row, (c, c + n - 1), &g.label, &st.header, st)?;
            for (i, s) in g.subs.iter().enumerate() {
                write_text(ws, last_header, c + i as u16, s, &st.header, st)?;
            }
            c += n;
        }
    }
    if last_header > first_header {
        let top = b
            .groups
            .iter()
            .filter(|g| !g.subs.is_empty())
            .map(|g| lines_in(&g.label));
        if let Some(h) = header_height(top) {
            ws.set_row_height(first_header, h)?;
        }
        let sub = b
            .groups
            .iter()
            .flat_map(|g| g.subs.iter().map(|s| lines_in(s)));
        // A label spanning both rows needs their joint height.
        let spanning = b
            .groups
            .iter()
            .filter(|g| g.subs.is_empty())
            .map(|g| lines_in(&g.label).saturating_sub(1));
        if let Some(h) = header_height(sub.chain(spanning)) {
            ws.set_row_height(last_header, h)?;
        }
    } else if let Some(h) = header_height(b.groups.iter().map(|g| lines_in(&g.label))) {
        ws.set_row_height(first_header, h)?;
    }
    let mut r = last_header + 1;
    let first_row = r;
    for (row, bold) in &b.rows {
        write_cells(ws, r, row, st, *bold)?;
        r += 1;
    }
    Ok(At {
        first_header,
        last_header,
        first_row,
        end_row: r,
    })
}

/// Writes note lines from row `start`, each merged over the table's width and as tall as its
/// text needs; returns the row after them.
fn notes(
    ws: &mut Worksheet,
    st: &Styles,
    start: u32,
    widths: &[f64],
    lines: &[String],
) -> Result<u32, XlsxError> {
    let ncols = widths.len().max(1) as u16;
    let total: f64 = widths.iter().sum::<f64>().max(10.0);
    let mut r = start;
    for line in lines {
        let needed = ((display_width(line) as f64 * 0.95) / total)
            .ceil()
            .max(1.0);
        ws.set_row_height(r, 14.0 * needed + 2.0)?;
        merge_text(ws, (r, r), (0, ncols - 1), line, &st.note, st)?;
        r += 1;
    }
    Ok(r)
}

fn n(v: usize) -> Cell {
    Cell::Number(v as f64)
}

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

// ---------------------------------------------------------------------------------------
// 汇总.

/// The 汇总 sheet's three tables.
fn summary_blocks(s: &Stats) -> [Block; 3] {
    let levels = level_rows();

    let mut groups = vec![col("级别")];
    groups.extend(GRADES.iter().chain(&[NO_GRADE]).map(|g| col(g)));
    groups.push(col("合计"));
    let mut rows = Vec::new();
    let mut totals = vec![0usize; GRADES.len() + 2];
    for (l, label) in levels.iter().enumerate() {
        let row_total: usize = s.award_table[l].iter().sum();
        let mut row = vec![t(label)];
        for (g, v) in s.award_table[l].iter().enumerate() {
            row.push(n(*v));
            totals[g] += v;
        }
        row.push(n(row_total));
        *totals.last_mut().expect("non-empty") += row_total;
        rows.push((row, false));
    }
    let mut total_row = vec![t("合计")];
    total_row.extend(totals.iter().map(|v| n(*v)));
    rows.push((total_row, true));
    let awards = Block {
        caption: Some("一、论文获奖（单位：篇）".into()),
        groups,
        rows,
    };

    let mut rows: Vec<(Vec<Cell>, bool)> = levels
        .iter()
        .zip(&s.publication_table)
        .map(|(label, v)| (vec![t(label), n(*v)], false))
        .collect();
    rows.push((vec![t("合计"), n(s.publication_table.iter().sum())], true));
    let publications = Block {
        caption: Some("二、论文发表（单位：篇）".into()),
        groups: vec![col("级别"), col("篇数")],
        rows,
    };

    let mut groups = vec![col("级别")];
    groups.extend(STATUSES.iter().map(|s| col(s)));
    groups.push(col("未注明\n状态"));
    groups.extend([col("合计"), col("本期\n立项"), col("本期\n结题")]);
    let mut rows = Vec::new();
    let mut totals = vec![0usize; STATUSES.len() + 4];
    for (l, label) in levels.iter().enumerate() {
        let mut values = s.project_table[l].clone();
        values.push(s.project_table[l].iter().sum());
        values.push(s.approved_in_period[l]);
        values.push(s.closed_in_period[l]);
        for (i, v) in values.iter().enumerate() {
            totals[i] += v;
        }
        let mut row = vec![t(label)];
        row.extend(values.iter().map(|v| n(*v)));
        rows.push((row, false));
    }
    let mut total_row = vec![t("合计")];
    total_row.extend(totals.iter().map(|v| n(*v)));
    rows.push((total_row, true));
    let projects = Block {
        caption: Some("三、课题（单位：项；按研究状态，另列本期立项、本期结题）".into()),
        groups,
        rows,
    };
    [awards, publications, projects]
}

fn date_zh(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

fn summary_notes(s: &Stats) -> Vec<String> {
    let mut out = Vec::new();
    let p = &s.period;
    if p.kind == PeriodKind::All {
        out.push("统计范围：全部记录（不限时间）。".to_string());
    } else {
        out.push(format!(
            "统计范围：{}至{}（{}）。论文按获奖或发表时间计入；课题计入在此期间处于研究期的（立项不晚于{}，且未结题或结题不早于{}），跨年度的课题只计一次。",
            date_zh(p.start),
            date_zh(p.end),
            p.label(),
            date_zh(p.end),
            date_zh(p.start),
        ));
    }
    let l = &s.paper_left;
    let mut left = Vec::new();
    if l.outside > 0 {
        left.push(format!("时间不在统计期内的 {} 篇", l.outside));
    }
    if l.undated > 0 {
        left.push(format!("未填获奖或发表时间的 {} 篇", l.undated));
    }
    if l.duplicates > 0 {
        left.push(format!("重复上交的 {} 篇", l.duplicates));
    }
    if l.no_kind > 0 {
        left.push(format!("未注明获奖还是发表的 {} 篇", l.no_kind));
    }
    let mut line = format!(
        "论文记录共 {} 篇，计入获奖 {} 篇、发表 {} 篇",
        l.total,
        s.awards.len(),
        s.publications.len()
    );
    if !left.is_empty() {
        line.push_str(&format!("；{}未计入", left.join("、")));
    }
    line.push('。');
    out.push(line);
    let l = &s.project_left;
    let mut line = format!("课题记录共 {} 项，计入 {} 项", l.total, s.projects.len());
    let mut left = Vec::new();
    if l.outside > 0 {
        left.push(format!("不在统计期内研究的 {} 项", l.outside));
    }
    if l.duplicates > 0 {
        left.push(format!("重复上交的 {} 项", l.duplicates));
    }
    if !left.is_empty() {
        line.push_str(&format!("；{}未计入", left.join("、")));
    }
    if s.projects_without_approval > 0 {
        line.push_str(&format!(
            "；未填立项时间的 {} 项按在研计入",
            s.projects_without_approval
        ));
    }
    line.push('。');
    out.push(line);
    out.push(format!(
        "未填级别、获奖等次或研究状态的记录分别计入“{NO_LEVEL}”“{NO_GRADE}”“未注明状态”，各表合计与明细表条数一致；重复上交的记录（见“数据问题”）只计一次。"
    ));
    if s.errors > 0 {
        out.push(format!(
            "数据中还有 {} 个错误未改正（见“数据问题”工作表），相关数字可能不准。",
            s.errors
        ));
    }
    out.push("本表由 jiaoke 根据各教研组上交表格生成。".to_string());
    out
}

fn summary_sheet(
    wb: &mut Workbook,
    st: &Styles,
    input: &ReportInput,
    s: &Stats,
    title: &str,
) -> Result<(), XlsxError> {
    let blocks = summary_blocks(s);
    let refs: Vec<&Block> = blocks.iter().collect();
    let widths = widths_of(&refs);
    let ncols = widths.len() as u16;
    let ws = wb.add_worksheet().set_name(SUMMARY)?;
    heading(ws, st, input.head, title, ncols)?;
    let mut r = 2;
    let mut at = Vec::new();
    for b in &blocks {
        let placed = place(ws, st, r, b)?;
        r = placed.end_row + 1;
        at.push(placed);
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }

    // Chart of 论文获奖: levels along the axis, grades stacked.
    let awards_at = at[0];
    let award_total: usize = s.award_table.iter().flatten().sum();
    if award_total > 0 {
        let mut chart = Chart::new(ChartType::ColumnStacked);
        let font = ChartFont::new().set_name(BODY_FONT).set_size(9).clone();
        let last = awards_at.first_row + LEVELS.len() as u32;
        for (g, grade) in GRADES.iter().chain(&[NO_GRADE]).enumerate() {
            if s.award_table.iter().all(|row| row[g] == 0) {
                continue;
            }
            let c = 1 + g as u16;
            chart
                .add_series()
                .set_name(*grade)
                .set_categories((SUMMARY, awards_at.first_row, 0, last, 0))
                .set_values((SUMMARY, awards_at.first_row, c, last, c))
                .set_gap(60);
        }
        let title_font = ChartFont::new()
            .set_name(BODY_FONT)
            .set_size(11)
            .set_bold()
            .clone();
        chart
            .title()
            .set_name("论文获奖篇数（按级别、等次）")
            .set_font(&title_font);
        chart.x_axis().set_font(&font);
        let highest = s
            .award_table
            .iter()
            .map(|row| row.iter().sum::<usize>())
            .max()
            .unwrap_or(0);
        chart
            .y_axis()
            .set_font(&font)
            .set_num_format("0")
            .set_min(0)
            .set_major_unit(((highest as f64) / 6.0).ceil().max(1.0));
        chart
            .legend()
            .set_position(ChartLegendPosition::Right)
            .set_font(&font);
        let px: f64 = widths.iter().map(|w| w * 7.0 + 5.0).sum();
        chart
            .set_width(px.min(900.0) as u32)
            .set_height(CHART_HEIGHT);
        ws.insert_chart_with_offset(r, 0, &chart, 0, 4)?;
        r += CHART_ROWS;
    }
    notes(ws, st, r, &widths, &summary_notes(s))?;

    print_setup(ws, false, 1)?;
    ws.set_print_fit_to_pages(1, 1);
    Ok(())
}

// ---------------------------------------------------------------------------------------
// 按教研组, 按教师.

fn department_block(s: &Stats) -> Block {
    let mut award_subs: Vec<String> = LEVELS.iter().map(|l| l.to_string()).collect();
    award_subs.push("未注明\n级别".into());
    award_subs.push("合计".into());
    let groups = vec![
        col("教研组"),
        Group {
            label: "论文获奖（篇）".into(),
            subs: award_subs,
        },
        col("论文发表\n（篇）"),
        col("课题主持\n（项）"),
        col("课题参与\n（人次）"),
    ];
    let mut rows = Vec::new();
    let mut totals = [0usize; LEVELS.len() + 5];
    for (dept, c) in &s.departments {
        let mut values: Vec<usize> = c.awards.to_vec();
        values.push(c.awards.iter().sum());
        values.extend([c.publications, c.led, c.joined]);
        for (i, v) in values.iter().enumerate() {
            totals[i] += v;
        }
        let mut row = vec![t(department_label(dept))];
        row.extend(values.iter().map(|v| n(*v)));
        rows.push((row, false));
    }
    let mut total_row = vec![t("合计")];
    total_row.extend(totals.iter().map(|v| n(*v)));
    rows.push((total_row, true));
    Block {
        caption: None,
        groups,
        rows,
    }
}

/// Writes a sheet holding one block with notes under it, frozen under its header.
fn single_block_sheet(
    wb: &mut Workbook,
    st: &Styles,
    head: &Letterhead,
    name: &str,
    title: &str,
    block: &Block,
    note_lines: &[String],
) -> Result<(), XlsxError> {
    let widths = widths_of(&[block]);
    let ws = wb.add_worksheet().set_name(name)?;
    heading(ws, st, head, title, widths.len() as u16)?;
    let at = place(ws, st, 2, block)?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    notes(ws, st, at.end_row + 1, &widths, note_lines)?;
    ws.set_freeze_panes(at.first_row, 0)?;
    print_setup(
        ws,
        widths.iter().sum::<f64>() > LANDSCAPE_ABOVE,
        at.first_header,
    )?;
    ws.set_repeat_rows(at.first_header, at.last_header)?;
    Ok(())
}

fn department_sheet(
    wb: &mut Workbook,
    st: &Styles,
    head: &Letterhead,
    s: &Stats,
    label: &str,
) -> Result<(), XlsxError> {
    let block = department_block(s);
    let title = format!("{}教科研成果统计（按教研组，{label}）", head.school);
    let note_lines = vec![
        format!(
            "论文按所填教研组计；未填的按第一作者在教师名单中的教研组计（名单上有同名教师的不能确定，计入“{NO_DEPARTMENT}”）。课题主持按课题所填教研组或主持人所在教研组计，每项课题只计一次。"
        ),
        "课题参与为本组教师（按教师名单）作为课题组成员或第二主持人参与课题的人次，同“按教师”表。"
            .to_string(),
    ];
    single_block_sheet(wb, st, head, BY_DEPARTMENT, &title, &block, &note_lines)
}

fn teacher_block(s: &Stats) -> Block {
    let groups = [
        "教研组",
        "姓名",
        "论文获奖",
        "论文发表",
        "主持课题",
        "参与课题",
    ]
    .map(col)
    .to_vec();
    let mut rows = Vec::new();
    let mut grand = PersonCounts::default();
    let entries = s.staff.entries();
    let mut i = 0;
    while i < entries.len() {
        let dept = &entries[i].department;
        let mut sub = PersonCounts::default();
        while i < entries.len() && entries[i].department == *dept {
            let c = s.people[i];
            rows.push((
                vec![
                    t(department_label(dept)),
                    t(&entries[i].name),
                    n(c.awards),
                    n(c.publications),
                    n(c.led),
                    n(c.joined),
                ],
                false,
            ));
            sub.awards += c.awards;
            sub.publications += c.publications;
            sub.led += c.led;
            sub.joined += c.joined;
            i += 1;
        }
        rows.push((
            vec![
                t(department_label(dept)),
                t("小计"),
                n(sub.awards),
                n(sub.publications),
                n(sub.led),
                n(sub.joined),
            ],
            true,
        ));
        grand.awards += sub.awards;
        grand.publications += sub.publications;
        grand.led += sub.led;
        grand.joined += sub.joined;
    }
    rows.push((
        vec![
            t("合计"),
            Cell::Empty,
            n(grand.awards),
            n(grand.publications),
            n(grand.led),
            n(grand.joined),
        ],
        true,
    ));
    Block {
        caption: None,
        groups,
        rows,
    }
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
    if s.staff.entries().is_empty() {
        out.push("收集文件夹里没有教师名单，无法按教师统计。".to_string());
    }
    out
}

fn teacher_sheet(
    wb: &mut Workbook,
    st: &Styles,
    head: &Letterhead,
    s: &Stats,
    label: &str,
) -> Result<(), XlsxError> {
    let title = format!("{}教科研成果统计（按教师，{label}）", head.school);
    single_block_sheet(
        wb,
        st,
        head,
        BY_TEACHER,
        &title,
        &teacher_block(s),
        &teacher_notes(s),
    )
}

// ---------------------------------------------------------------------------------------
// 明细.

/// The widest a detail column gets (its text wraps beyond): the house style's cap is made
/// for one table a sheet, the detail tables have several long text columns and must stay
/// readable on an A4 landscape page.
fn detail_cap(header: &str) -> f64 {
    match header {
        "论文题目" | "课题名称" => 32.0,
        "评比活动" | "发表刊物" => 26.0,
        "来源文件" | "课题组成员" => 22.0,
        "作者" | "颁奖单位" | "立项单位" => 18.0,
        _ => f64::MAX,
    }
}

/// A 明细 sheet: its name (which its title repeats), the unit of its records, the headers
/// after 序号 and one row per record.
struct Detail<'a> {
    name: &'a str,
    unit: &'a str,
    headers: &'a [&'a str],
    rows: Vec<Vec<Cell>>,
}

/// A detail sheet in the house style: numbered rows, the number of records in the title, long
/// text columns capped ([`detail_cap`]).
fn detail_sheet(
    wb: &mut Workbook,
    st: &Styles,
    head: &Letterhead,
    label: &str,
    detail: Detail,
) -> Result<(), XlsxError> {
    let title = format!(
        "{}{}（{label}，共 {} {}）",
        head.school,
        detail.name,
        detail.rows.len(),
        detail.unit
    );
    let mut headers = vec!["序号".to_string()];
    headers.extend(detail.headers.iter().map(|h| h.to_string()));
    let table = Table {
        title,
        headers,
        rows: detail
            .rows
            .into_iter()
            .enumerate()
            .map(|(i, row)| std::iter::once(n(i + 1)).chain(row).collect())
            .collect(),
        totals: None,
    };
    let widths: Vec<f64> = column_widths(&table)
        .into_iter()
        .zip(&table.headers)
        .map(|(w, h)| w.min(detail_cap(h)))
        .collect();
    let ws = wb.add_worksheet().set_name(detail.name)?;
    // write_streamed sizes each row for its wrapped text.
    write_streamed(
        ws,
        st,
        head,
        &table.title,
        &table.headers,
        &widths,
        table.rows.into_iter(),
    )?;
    Ok(())
}

fn text_or_empty(s: &str) -> Cell {
    if s.is_empty() { Cell::Empty } else { t(s) }
}

fn date_cell(d: Option<NaiveDate>) -> Cell {
    d.map_or(Cell::Empty, Cell::Date)
}

/// Papers in detail order: by level (国家级 first), then date, then as handed in.
fn sorted_papers<'s, 'a>(list: &'s [(&'a PaperRow, String)]) -> Vec<&'s (&'a PaperRow, String)> {
    let mut v: Vec<&(&PaperRow, String)> = list.iter().collect();
    v.sort_by_key(|(p, _)| (level_index(&p.level), p.date.is_none(), p.date));
    v
}

fn detail_sheets(
    wb: &mut Workbook,
    st: &Styles,
    head: &Letterhead,
    s: &Stats,
    label: &str,
) -> Result<(), XlsxError> {
    // Headers are ones `jiaoke import` reads back (评比活动 → contest, 发表刊物 → journal,
    // 获奖时间 / 发表时间 → date), so that a district office imports the same records.
    let awards = Detail {
        name: AWARD_DETAIL,
        unit: "篇",
        headers: &[
            "作者",
            "论文题目",
            "评比活动",
            "级别",
            "获奖等次",
            "颁奖单位",
            "获奖时间",
            "教研组",
            "来源文件",
        ],
        rows: sorted_papers(&s.awards)
            .into_iter()
            .map(|(p, dept)| {
                vec![
                    text_or_empty(&p.authors.join("、")),
                    text_or_empty(&p.title),
                    text_or_empty(&p.venue),
                    text_or_empty(&p.level),
                    text_or_empty(&p.award),
                    text_or_empty(&p.organizer),
                    date_cell(p.date),
                    text_or_empty(dept),
                    text_or_empty(&p.prov.source_file),
                ]
            })
            .collect(),
    };
    detail_sheet(wb, st, head, label, awards)?;

    let publications = Detail {
        name: PUBLICATION_DETAIL,
        unit: "篇",
        headers: &[
            "作者",
            "论文题目",
            "发表刊物",
            "刊号",
            "期号",
            "级别",
            "发表时间",
            "教研组",
            "来源文件",
        ],
        rows: sorted_papers(&s.publications)
            .into_iter()
            .map(|(p, dept)| {
                vec![
                    text_or_empty(&p.authors.join("、")),
                    text_or_empty(&p.title),
                    text_or_empty(&p.venue),
                    text_or_empty(&p.cn),
                    text_or_empty(&p.issue),
                    text_or_empty(&p.level),
                    date_cell(p.date),
                    text_or_empty(dept),
                    text_or_empty(&p.prov.source_file),
                ]
            })
            .collect(),
    };
    detail_sheet(wb, st, head, label, publications)?;

    let mut projects: Vec<&(&ProjectRow, String)> = s.projects.iter().collect();
    projects.sort_by_key(|(p, _)| {
        (
            level_index(&p.level),
            p.approved_on.is_none(),
            p.approved_on,
        )
    });
    let projects = Detail {
        name: PROJECT_DETAIL,
        unit: "项",
        headers: &[
            "课题名称",
            "课题编号",
            "课题级别",
            "课题类别",
            "主持人",
            "课题组成员",
            "研究状态",
            "立项时间",
            "结题时间",
            "立项单位",
            "来源文件",
        ],
        rows: projects
            .into_iter()
            .map(|(p, _)| {
                vec![
                    text_or_empty(&p.title),
                    text_or_empty(&p.code),
                    text_or_empty(&p.level),
                    text_or_empty(&p.category),
                    text_or_empty(&p.leaders.join("、")),
                    text_or_empty(&p.members.join("、")),
                    text_or_empty(&p.status),
                    date_cell(p.approved_on),
                    date_cell(p.closed_on),
                    text_or_empty(&p.organizer),
                    text_or_empty(&p.prov.source_file),
                ]
            })
            .collect(),
    };
    detail_sheet(wb, st, head, label, projects)
}

// ---------------------------------------------------------------------------------------
// CSV.

fn summary_csv(s: &Stats) -> Result<Vec<u8>, ReportError> {
    let mut rows = Vec::new();
    let levels = level_rows();
    let mut line = |category: &str, level: &str, grade: &str, count: usize| {
        if count > 0 {
            rows.push(vec![
                category.to_string(),
                level.to_string(),
                grade.to_string(),
                count.to_string(),
            ]);
        }
    };
    for (l, level) in levels.iter().enumerate() {
        for (g, grade) in GRADES.iter().chain(&[NO_GRADE]).enumerate() {
            line("论文获奖", level, grade, s.award_table[l][g]);
        }
    }
    for (l, level) in levels.iter().enumerate() {
        line("论文发表", level, "", s.publication_table[l]);
    }
    for (l, level) in levels.iter().enumerate() {
        for (k, status) in STATUSES.iter().chain(&[NO_STATUS]).enumerate() {
            line("课题", level, status, s.project_table[l][k]);
        }
    }
    for (l, level) in levels.iter().enumerate() {
        line("课题本期立项", level, "", s.approved_in_period[l]);
    }
    for (l, level) in levels.iter().enumerate() {
        line("课题本期结题", level, "", s.closed_in_period[l]);
    }
    rows_to_csv(&["category", "level", "grade", "count"], rows)
}

fn teacher_csv(s: &Stats) -> Result<Vec<u8>, ReportError> {
    let rows = s.staff.entries().iter().zip(&s.people).map(|(e, c)| {
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
    use crate::normalize::frames::{days, joined, strings, uints};
    use crate::normalize::records::{Paper, Project, Records, Teacher};
    use crate::period::Period;
    use crate::period::Terms;
    use crate::pipeline::Dataset;
    use crate::report::testing::{input, samples};
    use crate::vocab::Vocab;

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

    fn build_for(d: &Dataset, findings: &[Finding], period: Period) -> Built {
        build(&input(d, findings, &head(), period)).unwrap()
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

    fn csv_rows(built: &Built, name: &str) -> Vec<BTreeMap<String, String>> {
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
    fn check_against_records(built: &Built, e: &Expected) {
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
                *want_awards.entry((d, level_index(&p.level))).or_default() += 1;
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
        let stats_papers = rows::papers(&d.frames.papers).unwrap();
        let stats_projects = rows::projects(&d.frames.projects).unwrap();
        let roster = &d.roster;
        let s = Stats::compute(
            &stats_papers,
            &stats_projects,
            roster,
            &period,
            findings,
            &d.copies,
        );
        assert!(s.paper_left.undated >= 1);
        assert!(s.paper_left.outside >= 1);
        assert!(s.paper_left.duplicates >= 1);
        let l = s.paper_left;
        assert_eq!(
            l.total,
            s.awards.len()
                + s.publications.len()
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
        let papers = rows::papers(&data.frames.papers).unwrap();
        let projects = rows::projects(&data.frames.projects).unwrap();
        let s = Stats::compute(
            &papers,
            &projects,
            &data.roster,
            &period,
            &findings,
            &data.copies,
        );
        let titles = |v: &[(&PaperRow, String)]| -> Vec<String> {
            v.iter().map(|(p, _)| p.title.clone()).collect()
        };
        assert_eq!(titles(&s.awards), ["论文甲", "论文乙", "论文丙", "论文辛"]);
        assert_eq!(titles(&s.publications), ["论文己", "论文庚"]);
        assert_eq!(
            s.paper_left,
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
        assert_eq!(s.award_table, awards);
        assert_eq!(s.publication_table, [1, 1, 0, 0, 0, 0, 0]);
        let active: Vec<&str> = s.projects.iter().map(|(p, _)| p.title.as_str()).collect();
        assert_eq!(
            active,
            ["课题A", "课题C", "课题D", "课题F"],
            "B closed before, E approved after"
        );
        assert_eq!(s.projects_without_approval, 1);
        assert_eq!(s.project_table[2][3], 1, "市级 中期");
        assert_eq!(s.project_table[3][4], 2, "区县级 结题");
        assert_eq!(s.project_table[6][0], 1, "no level, 申报");
        assert_eq!(s.project_table.iter().flatten().sum::<usize>(), 4);
        assert_eq!(s.approved_in_period, [0, 0, 0, 1, 0, 0, 0]);
        assert_eq!(s.closed_in_period, [0, 0, 0, 1, 0, 0, 0]);

        // Roster order: 数学组 张三 李四, 语文组 王静 赵六, 英语组 王静.
        let people: Vec<(String, String, [usize; 4])> = s
            .staff
            .entries()
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
            .map(|(d, c)| (d.as_str(), c.awards, [c.publications, c.led, c.joined]))
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
        let papers = rows::papers(&data.frames.papers).unwrap();
        let projects = rows::projects(&data.frames.projects).unwrap();
        let s = Stats::compute(
            &papers,
            &projects,
            &data.roster,
            &Period::all(),
            &findings,
            &data.copies,
        );
        assert_eq!((s.awards.len(), s.publications.len()), (6, 2));
        assert_eq!(s.paper_left.undated + s.paper_left.outside, 0);
        assert_eq!(s.projects.len(), 6, "every project, once");
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

        let papers = rows::papers(&d.frames.papers).unwrap();
        let projects = rows::projects(&d.frames.projects).unwrap();
        let s = Stats::compute(&papers, &projects, &d.roster, &period, findings, &d.copies);
        let paper_key = |p: &PaperRow| {
            (
                p.kind.clone(),
                p.authors.join("、"),
                p.title.clone(),
                p.venue.clone(),
                p.level.clone(),
                p.award.clone(),
                p.date,
                p.issue.clone(),
                p.cn.clone(),
            )
        };
        let mut want: Vec<_> = s
            .awards
            .iter()
            .chain(&s.publications)
            .map(|(p, _)| paper_key(p))
            .collect();
        let mut got: Vec<_> = rows::papers(&f.papers)
            .unwrap()
            .iter()
            .map(paper_key)
            .collect();
        want.sort();
        got.sort();
        assert_eq!(got, want);
        let project_key = |p: &ProjectRow| {
            (
                p.title.clone(),
                p.code.clone(),
                p.level.clone(),
                p.category.clone(),
                p.leaders.clone(),
                p.members.clone(),
                p.status.clone(),
                p.approved_on,
                p.closed_on,
                p.organizer.clone(),
            )
        };
        let mut want: Vec<_> = s.projects.iter().map(|(p, _)| project_key(p)).collect();
        let mut got: Vec<_> = rows::projects(&f.projects)
            .unwrap()
            .iter()
            .map(project_key)
            .collect();
        want.sort();
        got.sort();
        assert_eq!(got, want);
    }
}
