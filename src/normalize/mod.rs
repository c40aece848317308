//! Normalize: raw sheets → typed records, then polars frames per record kind.
//!
//! For each sheet: find the header and the kind ([`header`]), keep the rows that are records
//! ([`rows`]), read every field through the value normalizers ([`values`]) into typed records
//! ([`records`]). [`frames`] turns the records of the whole inbox into one polars frame per kind.
//! Values that cannot be normalized stay raw and become findings; this stage never drops one.
//! A plan document ([`normalize_document`]) gives its calendar items ([`plan_doc`]) and its
//! Word tables, read like sheets.

pub mod columns;
pub mod forms;
pub mod frames;
pub mod header;
pub mod items;
pub mod plan_doc;
pub mod plan_term;
pub mod records;
pub mod rows;
pub mod values;

use crate::finding::{Code, Finding, Severity};
use crate::import::document::RawDocument;
use crate::table::RawSheet;
use crate::text::remove_spaces;
use crate::vocab::{Kind, Vocab};

use header::{Layout, MappedColumn};
use plan_term::Dating;
use records::{Records, RowReader, SheetHints};

/// What became of one sheet, for the import summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetSummary {
    /// Sheet name (empty for CSV).
    pub sheet: String,
    /// The kind recognised, if any.
    pub kind: Option<Kind>,
    /// Record rows read.
    pub rows: usize,
    /// Records made (a row naming three trainees gives three).
    pub records: usize,
    /// Rows below the header that are not records.
    pub skipped: usize,
    /// Findings at this sheet (errors and warnings).
    pub problems: usize,
    /// Why a sheet was not read, in Chinese (hidden, empty, unrecognised).
    pub note: String,
}

/// A recognised sheet: where its columns are, for findings that point at cells.
#[derive(Debug, Clone)]
pub struct SheetInfo {
    /// File relative to the inbox.
    pub file: String,
    /// Sheet name.
    pub sheet: String,
    /// The kind.
    pub kind: Kind,
    /// Row number of the (last) header row.
    pub header_row: u32,
    /// Mapped columns.
    pub columns: Vec<MappedColumn>,
    /// The department the sheet names, if any.
    pub department: Option<String>,
    /// For an online form export: each record row's submission; `None` for any other sheet.
    pub submissions: Option<Vec<Submission>>,
}

/// One answer of an online form export: which row, when and by whom it was submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// Row number as Excel shows it.
    pub row: u32,
    /// The submission time, when the export gives one that reads.
    pub at: Option<chrono::NaiveDateTime>,
    /// The submitting account as written (empty when the export has none).
    pub by: String,
}

impl SheetInfo {
    /// The header as written and the 0-based column of a field.
    pub fn column(&self, field: &str) -> Option<&MappedColumn> {
        self.columns.iter().find(|c| c.field == field)
    }
}

/// The result of normalizing one sheet.
#[derive(Debug)]
pub struct NormalizedSheet {
    /// For the summary table.
    pub summary: SheetSummary,
    /// Set when the sheet was recognised.
    pub info: Option<SheetInfo>,
    /// Its records.
    pub records: Records,
    /// Problems found while reading it.
    pub findings: Vec<Finding>,
}

/// Normalizes one sheet.
pub fn normalize_sheet(sheet: &RawSheet, vocab: &Vocab) -> NormalizedSheet {
    normalize_sheet_within(sheet, vocab, Dating::default())
}

/// Normalizes one sheet standing in a document: `around` is the school year and term of the
/// plan around it (a Word table under a dated title), between the sheet's own and its file's.
pub fn normalize_sheet_within(sheet: &RawSheet, vocab: &Vocab, around: Dating) -> NormalizedSheet {
    let mut out = NormalizedSheet {
        summary: SheetSummary {
            sheet: sheet.sheet.clone(),
            kind: None,
            rows: 0,
            records: 0,
            skipped: 0,
            problems: 0,
            note: String::new(),
        },
        info: None,
        records: Records::default(),
        findings: Vec::new(),
    };
    if sheet.rows.is_empty() {
        out.summary.note = "空表".into();
        return out;
    }
    if vocab.rows.own_sheets.contains(&sheet.sheet) {
        out.summary.note = "采集表的说明或下拉选项，不是数据".into();
        return out;
    }
    if sheet.hidden {
        out.summary.note = "隐藏的工作表，未导入".into();
        out.findings.push(Finding::sheet(
            Code::UnknownSheet,
            Severity::Info,
            &sheet.file,
            &sheet.sheet,
            "隐藏的工作表（多为下拉选项或旧数据），未导入；如需导入请在 Excel 中取消隐藏",
        ));
        return out;
    }
    let Some(layout) = header::detect(sheet, vocab) else {
        out.summary.note = "未识别".into();
        out.findings.push(Finding::sheet(
            Code::UnknownSheet,
            Severity::Info,
            &sheet.file,
            &sheet.sheet,
            "未找到可识别的表头（教师名单、论文、课题、培训学时、行事历），已跳过",
        ));
        return out;
    };
    let spec = vocab.kind(layout.kind);
    out.summary.kind = Some(layout.kind);
    for field in &spec.required {
        if !layout.has(field) {
            let col = spec.column(field).expect("required fields are columns");
            let spellings: Vec<&str> = col.headers.iter().take(6).map(String::as_str).collect();
            out.findings.push(
                Finding::sheet(
                    Code::MissingColumn,
                    Severity::Error,
                    &sheet.file,
                    &sheet.sheet,
                    format!("{}表缺少“{}”列", spec.label, col.label),
                )
                .with_suggestion(format!("请增加一列，表头写作：{}", spellings.join("、"))),
            );
        }
    }
    let preamble = rows::preamble(sheet, &layout);
    let hints = sheet_hints(sheet, &layout, &preamble, vocab, around);
    let rows = rows::data_rows(sheet, &layout, spec, vocab);
    out.summary.rows = rows.records.len();
    out.summary.skipped = rows.skipped.len();
    for row in &rows.records {
        let mut reader = RowReader::new(vocab, sheet, &layout, row);
        reader.choice_conflicts();
        match layout.kind {
            Kind::Teachers => out
                .records
                .teachers
                .push(records::teacher(&mut reader, &hints)),
            Kind::Papers => out.records.papers.push(records::paper(&mut reader, &hints)),
            Kind::Projects => out
                .records
                .projects
                .push(records::project(&mut reader, &hints)),
            Kind::Training => out
                .records
                .training
                .extend(records::training(&mut reader, &hints)),
            Kind::Plans => out
                .records
                .plans
                .extend(records::plans(&mut reader, &hints)),
        }
        out.findings.append(&mut reader.findings);
    }
    out.summary.records = out.records.len();
    out.summary.problems = out
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .count();
    out.info = Some(SheetInfo {
        file: sheet.file.clone(),
        sheet: sheet.sheet.clone(),
        kind: layout.kind,
        header_row: sheet.rows[layout.last].number(),
        columns: layout.columns.clone(),
        department: hints.department.clone(),
        submissions: layout.form.map(|_| submissions(sheet, &rows.records)),
    });
    out
}

/// Each record row's submission time and account, read from the form's platform columns.
fn submissions(sheet: &RawSheet, rows: &[rows::DataRow]) -> Vec<Submission> {
    rows.iter()
        .map(|r| Submission {
            row: r.number,
            at: forms::submission_time(r.value(rows::SUBMITTED_AT), sheet.date1904),
            by: values::text(r.value(rows::SUBMITTER)),
        })
        .collect()
}

/// The result of normalizing one document.
#[derive(Debug, Default)]
pub struct NormalizedDocument {
    /// For the summary table: the running text (sheet name empty) if it held calendar
    /// items, then each table.
    pub summaries: Vec<SheetSummary>,
    /// The recognised tables.
    pub info: Vec<SheetInfo>,
    /// Its records in document order (text items and table rows interleaved).
    pub records: Records,
    /// Problems found while reading it.
    pub findings: Vec<Finding>,
    /// Set when nothing in the document is a record: why it is skipped.
    pub skipped: Option<String>,
}

/// Normalizes a document: the calendar items of its text ([`plan_doc::plan_items`]) and its
/// tables, read like sheets; a table whose header is not recognised is read line by line for
/// a calendar. A document without any of these is skipped with a reason, not reported.
pub fn normalize_document(doc: &RawDocument, vocab: &Vocab) -> NormalizedDocument {
    let mut out = NormalizedDocument::default();
    let (body, body_findings) = plan_doc::plan_items(doc, vocab);
    if !body.is_empty() {
        out.summaries.push(SheetSummary {
            sheet: String::new(),
            kind: Some(Kind::Plans),
            rows: body.len(),
            records: body.len(),
            skipped: 0,
            problems: body_findings
                .iter()
                .filter(|f| f.severity != Severity::Info)
                .count(),
            note: "正文中的行事历".into(),
        });
    }
    out.findings.extend(body_findings);
    let mut body = body.into_iter().peekable();
    let datings = if doc.tables.is_empty() {
        plan_doc::Datings::default()
    } else {
        plan_doc::datings(doc, vocab)
    };
    let mut recognised = false;
    for table in &doc.tables {
        // Text items above the table come first.
        while let Some(p) = body.next_if(|p| p.prov.row <= table.after) {
            out.records.plans.push(p);
        }
        let around = datings.at(table.after);
        let mut n = normalize_sheet_within(&table.sheet, vocab, around);
        if n.summary.kind.is_none() && !table.sheet.rows.is_empty() {
            let lines = plan_doc::table_lines(&table.sheet, vocab);
            let (plans, findings) =
                plan_doc::plan_lines(&doc.file, &table.sheet.sheet, &lines, vocab, around);
            if !plans.is_empty() {
                n.summary.kind = Some(Kind::Plans);
                n.summary.rows = plans.len();
                n.summary.records = plans.len();
                n.summary.problems = findings
                    .iter()
                    .filter(|f| f.severity != Severity::Info)
                    .count();
                n.summary.note = "表头未识别，按月份逐行读出行事历".into();
                n.findings = findings;
                n.records.plans = plans;
            }
        }
        recognised |= n.summary.kind.is_some();
        out.summaries.push(n.summary);
        out.info.extend(n.info);
        out.findings.extend(n.findings);
        out.records.append(n.records);
    }
    out.records.plans.extend(body);
    if out.records.is_empty() && !recognised {
        out.skipped = Some(if doc.file.to_lowercase().ends_with(".txt") {
            "文本文件中没有找到行事历（按月份列出的工作安排），已跳过".into()
        } else {
            "文档中没有找到行事历（按月份列出的工作安排）或可识别的表格，已跳过".into()
        });
        out.summaries.clear();
        out.findings
            .retain(|f| !(f.code == Code::UnknownSheet && f.severity == Severity::Info));
    }
    out
}

/// What the sheet's columns, title and names say about all of its rows.
fn sheet_hints(
    sheet: &RawSheet,
    layout: &Layout,
    preamble: &[String],
    vocab: &Vocab,
    around: Dating,
) -> SheetHints {
    let mut hints = SheetHints {
        department: rows::department_hint(sheet, preamble, vocab),
        ..SheetHints::default()
    };
    let names = format!("{} {} {}", preamble.join(" "), sheet.sheet, sheet.file);
    match layout.kind {
        Kind::Papers => {
            let awarded = layout.has("contest") || layout.has("award");
            let published = layout.has("journal") || layout.has("issue") || layout.has("cn");
            hints.paper_kind = match (awarded, published) {
                (true, false) => Some("获奖".into()),
                (false, true) => Some("发表".into()),
                _ => match (names.contains("获奖"), names.contains("发表")) {
                    (true, false) => Some("获奖".into()),
                    (false, true) => Some("发表".into()),
                    _ => None,
                },
            };
        }
        Kind::Training => {
            let flat = remove_spaces(&names);
            hints.training_type = vocab
                .training_types
                .aliases
                .iter()
                .flat_map(|(canon, spellings)| spellings.iter().map(move |s| (canon, s)))
                .filter(|(_, s)| s.chars().count() >= 3 && flat.contains(s.as_str()))
                .max_by_key(|(_, s)| s.chars().count())
                .map(|(canon, _)| canon.clone());
        }
        Kind::Plans => {
            let words = &vocab.documents;
            hints.dating = Dating::parse(&preamble.join(" "), words)
                .or(Dating::parse(&sheet.sheet, words))
                .or(around)
                .or(Dating::of_path(&sheet.file, words));
        }
        _ => {}
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::docx::testing::{docx, p, tr};
    use crate::table::RawSheet;

    fn sheet(name: &str, rows: &[&[&str]]) -> RawSheet {
        crate::table::test_sheet("培训/校本培训.xlsx", name, rows)
    }

    #[test]
    fn a_register_row_with_several_trainees_gives_one_record_each() {
        let s = sheet(
            "Sheet1",
            &[
                &["云溪小学校本培训记载表"],
                &["时间", "地点", "主讲人", "培训内容", "参加人员", "学时"],
                &[
                    "2023.9.6",
                    "会议室",
                    "张三",
                    "新课标解读",
                    "李四、王五",
                    "2",
                ],
            ],
        );
        let n = normalize_sheet(&s, &Vocab::builtin());
        assert_eq!(n.summary.kind, Some(Kind::Training));
        let t = &n.records.training;
        assert_eq!(t.len(), 2);
        assert_eq!(
            (t[0].teacher.as_str(), t[1].teacher.as_str()),
            ("李四", "王五")
        );
        assert_eq!(t[0].kind, "校本研修", "the title names the training type");
        assert_eq!(t[1].hours, Some(2.0));
        assert_eq!(t[0].prov.row, 3);
    }

    #[test]
    fn a_missing_required_column_is_reported() {
        let s = sheet(
            "论文获奖",
            &[
                &["论文题目", "评比活动", "等次"],
                &["浅谈", "师陶杯", "一等奖"],
            ],
        );
        let n = normalize_sheet(&s, &Vocab::builtin());
        assert_eq!(n.summary.kind, Some(Kind::Papers));
        let f = n
            .findings
            .iter()
            .find(|f| f.code == Code::MissingColumn)
            .unwrap();
        assert!(f.message.contains("作者"), "{}", f.message);
        assert_eq!(n.records.papers[0].kind, "获奖");
    }

    #[test]
    fn a_bad_value_is_kept_raw_and_reported_at_its_cell() {
        let s = sheet(
            "论文获奖",
            &[&["作者", "论文题目", "等次"], &["张三", "浅谈", "特别奖"]],
        );
        let n = normalize_sheet(&s, &Vocab::builtin());
        let p = &n.records.papers[0];
        assert_eq!(p.award, "");
        assert_eq!(p.unparsed, ["等次：特别奖"]);
        let f = &n.findings[0];
        assert_eq!(
            (f.code, f.cell.as_str(), f.row, f.column.as_str()),
            (Code::InvalidValue, "C2", Some(2), "等次")
        );
        assert_eq!(f.value, "特别奖");
    }

    #[test]
    fn hidden_and_unknown_sheets_are_reported_not_read() {
        let mut s = sheet("下拉选项", &[&["作者", "论文题目"], &["张三", "浅谈"]]);
        s.hidden = true;
        let n = normalize_sheet(&s, &Vocab::builtin());
        assert!(n.records.is_empty());
        assert_eq!(n.findings[0].code, Code::UnknownSheet);
        let other = sheet("成绩", &[&["学生", "成绩"], &["小明", "95"]]);
        let n = normalize_sheet(&other, &Vocab::builtin());
        assert_eq!(n.summary.note, "未识别");
    }

    #[test]
    fn a_plan_docx_gives_its_text_calendar_and_its_table_in_document_order() {
        let table = [
            tr(&["月份", "工作内容", "负责人"]),
            tr(&["*九月", "制订新学期教科室工作计划", "教科室"]),
            tr(&["^", "期初备课检查和听课调研", "教导处、教科室"]),
            tr(&["^", "召开课题主持人会议", "孙建国"]),
            tr(&["*十一月份——十二月份", "组织教师撰写教育教学论文", "教科室"]),
            tr(&["^", "期中教学工作全面检查", "教导处"]),
        ]
        .concat();
        let body = [
            p("云溪实验小学教科室工作计划"),
            p("一、指导思想"),
            p("以科研为先导。"),
            p("二、行事历"),
            p("八月份：1．暑期教师培训（教科室）"),
            format!("<w:tbl>{table}</w:tbl>"),
            p("十二月份"),
            p("1．课题结题，负责人：孙建国"),
            p("三、保障措施"),
            p("1．加强领导。"),
        ]
        .concat();
        let doc = crate::import::docx::read_docx(&docx(&body, None), "教科室/计划.docx").unwrap();
        let n = normalize_document(&doc, &Vocab::builtin());
        assert!(n.skipped.is_none());
        assert!(n.findings.is_empty(), "{:?}", n.findings);
        type Got<'a> = (Option<u32>, Option<u32>, &'a str, &'a str, &'a str, u32);
        let got: Vec<Got> = n
            .records
            .plans
            .iter()
            .map(|p| {
                (
                    p.month,
                    p.month_end,
                    p.item.as_str(),
                    p.owner.as_str(),
                    p.prov.sheet.as_str(),
                    p.prov.row,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (Some(8), None, "暑期教师培训", "教科室", "", 5),
                (
                    Some(9),
                    None,
                    "制订新学期教科室工作计划",
                    "教科室",
                    "表1",
                    2
                ),
                (
                    Some(9),
                    None,
                    "期初备课检查和听课调研",
                    "教导处、教科室",
                    "表1",
                    3
                ),
                (Some(9), None, "召开课题主持人会议", "孙建国", "表1", 4),
                (
                    Some(11),
                    Some(12),
                    "组织教师撰写教育教学论文",
                    "教科室",
                    "表1",
                    5
                ),
                (
                    Some(11),
                    Some(12),
                    "期中教学工作全面检查",
                    "教导处",
                    "表1",
                    6
                ),
                (Some(12), None, "课题结题", "孙建国", "", 7),
            ]
        );
        assert!(
            n.records
                .plans
                .iter()
                .all(|p| p.prov.source_file == "教科室/计划.docx")
        );
        let kinds: Vec<(&str, Option<Kind>)> = n
            .summaries
            .iter()
            .map(|s| (s.sheet.as_str(), s.kind))
            .collect();
        assert_eq!(kinds, [("", Some(Kind::Plans)), ("表1", Some(Kind::Plans))]);
        assert_eq!(n.info.len(), 1);
        assert_eq!(n.info[0].header_row, 1);
    }

    #[test]
    fn a_document_without_a_calendar_is_skipped_quietly() {
        let body = [
            p("关于报送2023年度教科研成果的通知"),
            p("各教研组：请于12月25日前报送本组论文获奖情况。"),
            format!("<w:tbl>{}</w:tbl>", tr(&["签名", "日期"])),
        ]
        .concat();
        let doc = crate::import::docx::read_docx(&docx(&body, None), "通知.docx").unwrap();
        let n = normalize_document(&doc, &Vocab::builtin());
        assert!(n.records.is_empty());
        assert!(n.skipped.unwrap().contains("没有找到行事历"));
        assert!(n.findings.is_empty(), "{:?}", n.findings);
        assert!(n.summaries.is_empty());
    }
}
