//! From the rows below a header to the rows that are records.
//!
//! - A vertically merged cell's value applies to every row it spans (xlsx, xls, HTML).
//! - A blank cell in a grouping column (姓名 in a register, 月份 in a calendar) means "same as
//!   above": the only way to read formats that do not report merges (ods, csv), and what
//!   people mean when they leave it blank in the others.
//! - 合计/总计/小计 rows, 注：/说明 rows, signature rows, blank rows, 序号-only rows and repeated
//!   header rows are not records; they are counted as skipped.
//! - In an online form export, a choice question exported one column per option gives its
//!   field the option chosen ([`Choice`]); several chosen in a single-choice question give no
//!   value but a [`Conflict`]. A multi-select answer's `┋` becomes `、`. The submission time
//!   and the submitting account ride along as [`SUBMITTED_AT`] and [`SUBMITTER`], which never
//!   make a row a record.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::table::{RawRow, RawSheet, Value};
use crate::text::remove_spaces;
use crate::vocab::{KindSpec, ValueKind, Vocab, clean_header};

use super::forms::chosen;
use super::header::{Choice, Layout};

/// The pseudo-field of a form export's submission time.
pub const SUBMITTED_AT: &str = "submitted_at";
/// The pseudo-field of a form export's submitting account.
pub const SUBMITTER: &str = "submitter";

/// One record row: the value of every mapped field, with its column.
#[derive(Debug, Clone, PartialEq)]
pub struct DataRow<'a> {
    /// Row number as Excel shows it.
    pub number: u32,
    /// Field (named by the layout) → (value, 0-based column).
    pub fields: BTreeMap<&'a str, (Value, usize)>,
    /// Single-choice questions answered with several options: no value was taken.
    pub conflicts: Vec<Conflict<'a>>,
}

/// A single-choice question exported one column per option, with several options chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict<'a> {
    /// The field.
    pub field: &'a str,
    /// `(col, option, header as written)` of each option chosen.
    pub chosen: Vec<&'a (usize, String, String)>,
}

impl DataRow<'_> {
    /// The value of a field, or [`Value::Empty`].
    pub fn value(&self, field: &str) -> &Value {
        static EMPTY: Value = Value::Empty;
        self.fields.get(field).map(|(v, _)| v).unwrap_or(&EMPTY)
    }
}

/// Why a row below the header is not a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// 合计 / 小计 / 总计 row.
    Totals,
    /// 注： / 说明 / 填表人 row.
    Note,
    /// The header again (a long sheet printed page by page).
    RepeatedHeader,
    /// A title line between two tables.
    Title,
    /// Nothing in any data column (blank, or only a 序号).
    NoData,
}

/// The rows of a sheet, split into records and skipped rows.
#[derive(Debug, Default)]
pub struct Rows<'a> {
    /// Record rows in sheet order.
    pub records: Vec<DataRow<'a>>,
    /// Skipped rows: (row number, why).
    pub skipped: Vec<(u32, Skip)>,
}

/// Splits the rows below the header into records and skipped rows.
pub fn data_rows<'a>(
    sheet: &RawSheet,
    layout: &'a Layout,
    spec: &'a KindSpec,
    vocab: &Vocab,
) -> Rows<'a> {
    let fills = merge_fills(sheet, layout);
    let mut out = Rows::default();
    let mut carried: FxHashMap<&str, (Value, usize)> = FxHashMap::default();
    for row in sheet.rows.iter().skip(layout.last + 1) {
        if let Some(skip) = skip_reason(row, layout, vocab) {
            if matches!(skip, Skip::Totals | Skip::RepeatedHeader | Skip::Title) {
                // A new group starts after a subtotal: nothing carries over it.
                carried.clear();
            }
            out.skipped.push((row.number(), skip));
            continue;
        }
        let mut fields = BTreeMap::new();
        let mut conflicts = Vec::new();
        for m in &layout.columns {
            let found = match layout.choice(&m.field) {
                Some(choice) => match chosen_value(row, choice, vocab) {
                    Ok(v) => v,
                    Err(c) => {
                        conflicts.push(c);
                        None
                    }
                },
                None => {
                    let mut value = row.get(m.col).clone();
                    if value.is_blank()
                        && let Some(v) = fills.get(&(row.index, m.col))
                    {
                        value = v.clone();
                    }
                    (!value.is_blank()).then_some((value, m.col))
                }
            };
            if let Some((value, col)) = found {
                fields.insert(m.field.as_str(), (value, col));
            }
        }
        let has_data = !conflicts.is_empty() || fields.keys().any(|f| *f != "index");
        if !has_data {
            out.skipped.push((row.number(), Skip::NoData));
            continue;
        }
        if layout.form.is_some() {
            form_fields(row, layout, spec, vocab, &mut fields);
        }
        for field in &spec.fill_down {
            match fields.get(field.as_str()) {
                Some(v) => {
                    carried.insert(field, v.clone());
                }
                None => {
                    if let Some(v) = carried.get(field.as_str()) {
                        fields.insert(field, v.clone());
                    }
                }
            }
        }
        out.records.push(DataRow {
            number: row.number(),
            fields,
            conflicts,
        });
    }
    out
}

/// The value of a field read from its option columns: the option chosen, the options chosen
/// joined with `、` for a multi-select question, none when none is chosen; several chosen in a
/// single-choice question are a [`Conflict`].
fn chosen_value<'a>(
    row: &RawRow,
    choice: &'a Choice,
    vocab: &Vocab,
) -> Result<Option<(Value, usize)>, Conflict<'a>> {
    let picked: Vec<&(usize, String, String)> = choice
        .options
        .iter()
        .filter(|(col, _, _)| chosen(row.get(*col), &vocab.forms))
        .collect();
    match picked.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some((Value::Text(one.1.clone()), one.0))),
        _ if choice.multi => {
            let joined: Vec<&str> = picked.iter().map(|o| o.1.as_str()).collect();
            Ok(Some((Value::Text(joined.join("、")), picked[0].0)))
        }
        _ => Err(Conflict {
            field: &choice.field,
            chosen: picked,
        }),
    }
}

/// A form export's row: multi-select answers in one cell (`张三┋李四`) in a field of names
/// split like any list, and the submission time and account added as pseudo-fields.
fn form_fields(
    row: &RawRow,
    layout: &Layout,
    spec: &KindSpec,
    vocab: &Vocab,
    fields: &mut BTreeMap<&str, (Value, usize)>,
) {
    let separators = &vocab.forms.choice_separators;
    for (field, (value, _)) in fields.iter_mut() {
        let names = spec
            .column(field)
            .is_some_and(|c| c.values == ValueKind::Names);
        if names
            && let Value::Text(t) = value
            && separators.iter().any(|s| t.contains(s.as_str()))
        {
            let mut joined = t.clone();
            for s in separators {
                joined = joined.replace(s.as_str(), "、");
            }
            *t = joined;
        }
    }
    let form = layout.form.unwrap_or_default();
    for (field, col) in [
        (SUBMITTED_AT, form.submitted_at),
        (SUBMITTER, form.submitter),
    ] {
        if let Some(col) = col
            && !row.get(col).is_blank()
        {
            fields.insert(field, (row.get(col).clone(), col));
        }
    }
}

/// Values that vertically merged cells lend to the rows below their top-left cell.
fn merge_fills(sheet: &RawSheet, layout: &Layout) -> FxHashMap<(u32, usize), Value> {
    let header_end = sheet.rows[layout.last].index;
    let mut fills = FxHashMap::default();
    for m in sheet
        .merges
        .iter()
        .filter(|m| m.is_vertical() && m.last_row > header_end)
    {
        let col = m.first_col as usize;
        // The merged region's top-left cell (from the last row of that index that has it,
        // should a reader give two rows one index).
        let top = sheet
            .rows
            .iter()
            .rev()
            .filter(|r| r.index == m.first_row)
            .find_map(|r| r.cells.get(col));
        let Some(v) = top.filter(|v| !v.is_blank()) else {
            continue;
        };
        for r in (m.first_row + 1).max(header_end + 1)..=m.last_row {
            fills.insert((r, col), v.clone());
        }
    }
    fills
}

fn cleaned_texts(row: &RawRow) -> Vec<(usize, String)> {
    row.cells
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.is_blank())
        .map(|(i, v)| match v {
            Value::Text(s) => (i, clean_header(s)),
            _ => (i, clean_header(&v.raw_text())),
        })
        .collect()
}

fn skip_reason(row: &RawRow, layout: &Layout, vocab: &Vocab) -> Option<Skip> {
    let texts = cleaned_texts(row);
    if texts.is_empty() {
        return Some(Skip::NoData);
    }
    // Totals: a cell that is 合计, or 合计 followed by a colon, a number or a bracket.
    let is_total = |t: &str| {
        vocab.rows.totals.iter().any(|w| {
            t.strip_prefix(w.as_str()).is_some_and(|rest| {
                rest.is_empty()
                    || rest.starts_with([':', '：', '(', '（'])
                    || rest.chars().next().is_some_and(|c| c.is_ascii_digit())
            })
        })
    };
    if texts.iter().any(|(_, t)| is_total(t)) {
        return Some(Skip::Totals);
    }
    let first = &texts[0].1;
    let is_note = vocab.rows.notes.iter().any(|w| {
        first.strip_prefix(w.as_str()).is_some_and(|rest| {
            rest.is_empty()
                || rest.starts_with([':', '：', ',', '，', '.', '、', '(', '（'])
                || rest.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
    });
    if is_note {
        return Some(Skip::Note);
    }
    // The header again (a long sheet printed page by page): most of the row's cells are the
    // header texts of their columns. The lower row of a repeated two-row header counts too.
    let header_hits = texts
        .iter()
        .filter(|(c, t)| layout.cleaned.get(c).is_some_and(|h| h.contains(t)))
        .count();
    if header_hits >= 2 && header_hits * 2 >= texts.len() {
        return Some(Skip::RepeatedHeader);
    }
    // A title line between stacked tables; a lone title-like text in a data column stays a
    // (broken) record so that nothing is dropped silently.
    if texts.len() == 1 && is_title(first, vocab) {
        let col = texts[0].0;
        let in_data_column = layout
            .columns
            .iter()
            .any(|m| m.col == col && m.field != "index");
        if !in_data_column {
            return Some(Skip::Title);
        }
    }
    None
}

/// A title line: long, and ends the way titles of school forms end (vocab.toml
/// `[rows] title_endings`).
pub fn is_title(cleaned: &str, vocab: &Vocab) -> bool {
    cleaned.chars().count() >= 6
        && vocab
            .rows
            .title_endings
            .iter()
            .any(|e| cleaned.ends_with(e.as_str()))
}

/// The texts of the rows above the header (titles, info rows), for hints.
pub fn preamble(sheet: &RawSheet, layout: &Layout) -> Vec<String> {
    sheet.rows[..layout.first]
        .iter()
        .flat_map(|r| {
            r.cells
                .iter()
                .filter(|v| !v.is_blank())
                .map(Value::raw_text)
        })
        .collect()
}

/// The department a sheet comes from when no column says it: an info row
/// ("填报部门：数学组"), else a 教研组 name in the title, the sheet name or the file name.
pub fn department_hint(sheet: &RawSheet, preamble: &[String], vocab: &Vocab) -> Option<String> {
    for text in preamble {
        let flat = remove_spaces(&crate::text::to_halfwidth(text));
        for key in &vocab.rows.department_keys {
            if let Some(pos) = flat.find(&format!("{key}:")) {
                let rest = &flat[pos + key.len() + 1..];
                let value: String = rest
                    .chars()
                    .take_while(|c| !matches!(c, ':' | ',' | ';' | '，' | '；' | '、'))
                    .collect();
                // The value runs until the next "key:" of the same row.
                let value = cut_at_next_key(&value, vocab);
                if !value.is_empty() {
                    return Some(value);
                }
            }
        }
    }
    let candidates = preamble
        .iter()
        .map(String::as_str)
        .chain([sheet.sheet.as_str(), sheet.file.as_str()]);
    for text in candidates {
        if let Some(d) = department_in(text, vocab) {
            return Some(d);
        }
    }
    None
}

/// An info row's value, up to the next key of the same row (vocab.toml `[rows] value_ends`).
fn cut_at_next_key(value: &str, vocab: &Vocab) -> String {
    let mut end = value.len();
    for k in &vocab.rows.value_ends {
        if let Some(p) = value.find(k.as_str()) {
            end = end.min(p);
        }
    }
    value[..end].to_string()
}

/// A department name such as `数学组` or `语文教研组` inside a title or a file name.
pub fn department_in(text: &str, vocab: &Vocab) -> Option<String> {
    let flat = remove_spaces(text);
    let mut best: Option<(usize, String)> = None;
    for stem in &vocab.departments {
        // Most texts name no department: a stem that is not there needs no name built.
        if !flat.contains(stem.as_str()) {
            continue;
        }
        for suffix in ["教研组", "组"] {
            let name = format!("{stem}{suffix}");
            if let Some(pos) = flat.find(&name) {
                // The longest stem wins (信息技术组 over 信息组), then the earliest.
                let better = best.as_ref().is_none_or(|(p, n)| {
                    name.chars().count() > n.chars().count() || (name.len() == n.len() && pos < *p)
                });
                if better {
                    best = Some((pos, format!("{stem}组")));
                }
            }
        }
    }
    best.map(|(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::header::detect;
    use crate::table::Merge;
    use crate::vocab::Kind;

    fn sheet(rows: &[&[&str]]) -> RawSheet {
        crate::table::test_sheet("论文/数学组.xls", "Sheet1", rows)
    }

    fn run(s: &RawSheet) -> Rows<'static> {
        // The rows borrow their field names from the layout and the vocabulary.
        let v: &'static Vocab = Box::leak(Box::new(Vocab::builtin()));
        let layout: &'static Layout = Box::leak(Box::new(detect(s, v).unwrap()));
        data_rows(s, layout, v.kind(layout.kind), v)
    }

    #[test]
    fn totals_notes_blank_and_index_only_rows_are_skipped() {
        let s = sheet(&[
            &["序号", "作者", "论文题目", "等次"],
            &["1", "张三", "浅谈", "一等奖"],
            &["2", "", "", ""],
            &["", "", "", ""],
            &["小计", "", "1篇", ""],
            &["3", "李四", "再谈", "二等奖"],
            &["合 计", "", "2", ""],
            &["注：本表由教研组长填写", "", "", ""],
            &["填表人：王五", "", "", ""],
        ]);
        let rows = run(&s);
        let numbers: Vec<u32> = rows.records.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [2, 6]);
        let skipped: Vec<(u32, Skip)> = rows.skipped.clone();
        assert_eq!(
            skipped,
            [
                (3, Skip::NoData),
                (5, Skip::Totals),
                (7, Skip::Totals),
                (8, Skip::Note),
                (9, Skip::Note)
            ]
        );
    }

    #[test]
    fn a_title_word_inside_a_record_is_not_a_totals_row() {
        let s = sheet(&[
            &["作者", "论文题目", "等次"],
            &["张三", "合计算法的教学", "一等奖"],
        ]);
        assert_eq!(run(&s).records.len(), 1);
    }

    #[test]
    fn repeated_header_rows_are_skipped() {
        let s = sheet(&[
            &["作者", "论文题目", "等次"],
            &["张三", "浅谈", "一等奖"],
            &["作者", "论文题目", "等次"],
            &["李四", "再谈", "二等奖"],
        ]);
        let rows = run(&s);
        assert_eq!(rows.records.len(), 2);
        assert_eq!(rows.skipped, [(3, Skip::RepeatedHeader)]);
    }

    #[test]
    fn a_repeated_two_row_header_is_skipped_whole() {
        let mut s = sheet(&[
            &["姓名", "培训项目", "培训时间", "", "学时"],
            &["", "", "开始", "结束", ""],
            &["张三", "新课标", "2023.7.10", "2023.7.14", "24"],
            &["姓名", "培训项目", "培训时间", "", "学时"],
            &["", "", "开始", "结束", ""],
            &["李四", "师德", "2023.8.1", "2023.8.1", "6"],
        ]);
        s.merges = vec![
            Merge {
                first_row: 0,
                first_col: 2,
                last_row: 0,
                last_col: 3,
            },
            Merge {
                first_row: 3,
                first_col: 2,
                last_row: 3,
                last_col: 3,
            },
            Merge {
                first_row: 3,
                first_col: 0,
                last_row: 4,
                last_col: 0,
            },
        ];
        let rows = run(&s);
        assert_eq!(
            rows.records.iter().map(|r| r.number).collect::<Vec<_>>(),
            [3, 6]
        );
        assert_eq!(
            rows.skipped,
            [(4, Skip::RepeatedHeader), (5, Skip::RepeatedHeader)]
        );
    }

    #[test]
    fn vertical_merges_fill_the_rows_they_span() {
        let mut s = sheet(&[
            &["姓名", "培训项目", "学时"],
            &["张三", "新课标", "24"],
            &["", "信息技术", "12"],
            &["李四", "师德", "6"],
        ]);
        s.merges = vec![Merge {
            first_row: 1,
            first_col: 0,
            last_row: 2,
            last_col: 0,
        }];
        let rows = run(&s);
        assert_eq!(
            rows.records[1].value("teacher"),
            &Value::Text("张三".into())
        );
        assert_eq!(
            rows.records[2].value("teacher"),
            &Value::Text("李四".into())
        );
    }

    #[test]
    fn grouping_columns_fill_down_without_merge_information() {
        let mut s = sheet(&[
            &["月份", "工作内容", "负责人"],
            &["九月", "制定计划", "教科室"],
            &["", "教研活动", ""],
            &["十月", "中期评估", "教科室"],
        ]);
        s.merges_known = false;
        let rows = run(&s);
        assert_eq!(rows.records[1].value("month"), &Value::Text("九月".into()));
        // The owner is not a grouping column: a blank stays blank.
        assert_eq!(rows.records[1].value("owner"), &Value::Empty);
    }

    #[test]
    fn nothing_carries_over_a_subtotal() {
        let s = sheet(&[
            &["姓名", "培训项目", "学时"],
            &["张三", "新课标", "24"],
            &["小计", "", "24"],
            &["", "师德", "6"],
        ]);
        let rows = run(&s);
        assert_eq!(rows.records[1].value("teacher"), &Value::Empty);
    }

    #[test]
    fn department_from_info_row_title_or_file_name() {
        let v = Vocab::builtin();
        let s = sheet(&[&["x"]]);
        let info = vec!["填报部门：语文组　　填表人：张三".to_string()];
        assert_eq!(department_hint(&s, &info, &v).as_deref(), Some("语文组"));
        let title = vec!["云溪小学英语教研组2023年论文获奖统计表".to_string()];
        assert_eq!(department_hint(&s, &title, &v).as_deref(), Some("英语组"));
        assert_eq!(department_hint(&s, &[], &v).as_deref(), Some("数学组"));
        let none = RawSheet {
            file: "论文汇总.xlsx".into(),
            ..Default::default()
        };
        assert_eq!(
            department_hint(&none, &["课题组成员名单".to_string()], &v),
            None
        );
        assert_eq!(
            department_in("信息技术组.xlsx", &v).as_deref(),
            Some("信息技术组")
        );
    }

    #[test]
    fn titles_are_recognised() {
        let v = Vocab::builtin();
        assert!(is_title("云溪实验小学2023年度教师论文获奖统计表", &v));
        assert!(!is_title("浅谈统计表的教学", &v));
        assert!(!is_title("名单", &v));
        let _ = Kind::Papers;
    }
}
