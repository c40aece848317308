//! Finding a sheet's header and what each column means.
//!
//! Real forms put title rows ("XX学校2023年度教师论文获奖统计表"), info rows ("填报部门：…") and
//! blank rows above the header, break header cells over lines, and use two-row headers where a
//! merged top cell ("培训时间") spans sub-columns ("开始" | "结束"). The header is the row (or
//! pair of rows) among the first [`SCAN_ROWS`] whose cells match the most of one kind's header
//! signature ([`crate::vocab::KindSpec`]). The kind is decided by that signature, never by the
//! file name; names only break ties. A header that means two things in one kind ("等级": a level
//! on one form, an award grade on another) is decided by the column's values.
//!
//! Online form exports ([`super::forms`]): a header that matches nothing as written is looked
//! up again as a question (`3、论文题目（请勿加书名号）：` → 论文题目); adjacent columns of one
//! choice question exported one column per option (`4、获奖级别：国家级`, `4、获奖级别：省级`)
//! map to one field ([`Choice`]); in a header row with a submission time column, the columns the
//! platforms add (IP, 来源, 所用时间…) are no field and are not reported ([`FormLayout`]).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::BTreeMap;

use crate::table::{RawRow, RawSheet, Value};
use crate::vocab::{
    FormColumn, Kind, KindSpec, ValueKind, Vocab, clean_header, clean_header_joined,
};

use super::forms::{Question, split_option};
use super::values;

/// How many non-empty rows from the top may hold the header.
pub const SCAN_ROWS: usize = 30;
/// How many data rows are sampled to decide an ambiguous header.
const SAMPLE_ROWS: usize = 60;

/// One mapped column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedColumn {
    /// 0-based column index.
    pub col: usize,
    /// Canonical field.
    pub field: String,
    /// The header as written (a two-row header as `上/下`), for messages.
    pub header: String,
}

/// Where a sheet's header is and what its columns mean.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The record kind.
    pub kind: Kind,
    /// Position in `sheet.rows` of the first header row.
    pub first: usize,
    /// Position in `sheet.rows` of the last header row (`first + 1` for a two-row header).
    pub last: usize,
    /// The mapped columns, by column index.
    pub columns: Vec<MappedColumn>,
    /// Columns whose header matched nothing: `(col, header as written)`.
    pub unmapped: Vec<(usize, String)>,
    /// Signature score reached.
    pub score: u32,
    /// The cleaned header texts per column (a two-row header's top, sub and combined text),
    /// to recognise the header repeated further down.
    pub cleaned: BTreeMap<usize, Vec<String>>,
    /// Fields read from a choice question exported one column per option.
    pub choices: Vec<Choice>,
    /// Set for an online form export: where its platform columns are.
    pub form: Option<FormLayout>,
}

/// A choice question exported one column per option: the field's value is the option chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Canonical field.
    pub field: String,
    /// `(col, option as written, header as written)`, one per option column.
    pub options: Vec<(usize, String, String)>,
    /// A multi-select question: several options chosen are joined, not a problem.
    pub multi: bool,
}

/// The platform columns of an online form export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FormLayout {
    /// The submission time column.
    pub submitted_at: Option<usize>,
    /// The submitting account column.
    pub submitter: Option<usize>,
}

impl Layout {
    /// The column mapped to `field`, if any.
    pub fn column(&self, field: &str) -> Option<&MappedColumn> {
        self.columns.iter().find(|c| c.field == field)
    }

    /// True when the sheet has a column for `field`.
    pub fn has(&self, field: &str) -> bool {
        self.column(field).is_some()
    }

    /// The option columns of `field`, when it is read from a choice question.
    pub fn choice(&self, field: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.field == field)
    }
}

/// Finds the header and the kind of a sheet, or `None` when no kind's signature is reached.
pub fn detect(sheet: &RawSheet, vocab: &Vocab) -> Option<Layout> {
    // Candidates are ranked by signature score, then by hint words in the names, then a
    // one-row header over a two-row one (a second row must earn its place), then the
    // earliest row.
    let mut best: Option<(Layout, Rank)> = None;
    let scan = sheet.rows.len().min(SCAN_ROWS);
    // Every cell of the top rows is cleaned and looked up once, for every candidate.
    let labels = scan_labels(sheet, scan + 1, vocab);
    for first in 0..scan {
        // A row none of whose cells may name a column is no one-row header.
        let single = labels[first]
            .iter()
            .flatten()
            .any(Label::may_map)
            .then(|| header_cells(sheet, &labels, first, None, vocab));
        let double = may_top_two_rows(sheet, first)
            .then(|| header_cells(sheet, &labels, first, Some(first + 1), vocab));
        // Equal ranks only come from one candidate tried in several kinds: the first kind
        // tried keeps it, whichever of the two candidates is tried first.
        let options = [(first, single.as_ref()), (first + 1, double.as_ref())];
        for (last, cells) in options {
            // Cells none of which may name a column map to no kind.
            let Some(cells) = cells.filter(|c| c.values().any(HeaderCell::may_map)) else {
                continue;
            };
            let form = is_form(cells);
            for (k, spec) in vocab.kinds.iter().enumerate() {
                // Most candidates lose: they are scored on borrowed texts, and only the best
                // so far becomes a layout.
                let Some(draft) = map_columns(spec, k, cells, form) else {
                    continue;
                };
                if draft.score < spec.min_score {
                    continue;
                }
                let key = (
                    draft.score,
                    tie_break(sheet, spec),
                    last == first,
                    std::cmp::Reverse(first),
                );
                if best.as_ref().is_none_or(|(_, best_key)| key > *best_key) {
                    best = Some((draft.into_layout(spec, first, last, cells), key));
                }
            }
        }
    }
    let (mut layout, _) = best?;
    resolve_ambiguous(sheet, vocab.kind(layout.kind), &mut layout, vocab);
    Some(layout)
}

/// Whether row `first` may be the top of a two-row header: the next row follows it, and it
/// has several cells (a title row above a header has one).
fn may_top_two_rows(sheet: &RawSheet, first: usize) -> bool {
    sheet
        .rows
        .get(first + 1)
        .is_some_and(|next| next.index == sheet.rows[first].index + 1)
        && sheet.rows[first]
            .cells
            .iter()
            .filter(|v| !v.is_blank())
            .count()
            >= 2
}

/// How a candidate header ranks: score, hint words, one row over two, earliest first.
type Rank = (u32, u32, bool, std::cmp::Reverse<usize>);

/// Prefers the kind whose hint words appear in the sheet or file name.
fn tie_break(sheet: &RawSheet, spec: &KindSpec) -> u32 {
    let names = format!("{} {}", sheet.sheet, sheet.file);
    spec.sheet_hints
        .iter()
        .filter(|h| names.contains(h.as_str()))
        .count() as u32
}

/// A header text cleaned ([`clean_header`]) and looked up once, for every candidate header
/// and every kind it is tried in.
#[derive(Debug, Clone)]
struct Label {
    cleaned: String,
    /// A column the form platforms add, when the text names one.
    platform: Option<FormColumn>,
    /// The text read as a question, when it looks like one and names no platform column.
    question: Option<Question>,
    /// Bit `k` set when the text names a column of the `k`-th kind of the vocabulary.
    kinds: u32,
}

impl Label {
    /// Cleans `text` and looks it up in every kind and in the form words.
    fn new(text: &str, vocab: &Vocab) -> Label {
        Label::of_cleaned(clean_header(text), vocab)
    }

    /// Looks a text cleaned with [`clean_header`] up in every kind and in the form words.
    fn of_cleaned(cleaned: String, vocab: &Vocab) -> Label {
        let platform = vocab.forms.column(&cleaned);
        let question = match platform {
            Some(_) => None,
            None => Question::parse(&cleaned, &vocab.forms),
        };
        let kinds = vocab.kinds_naming(&cleaned);
        Label {
            cleaned,
            platform,
            question,
            kinds,
        }
    }

    /// Whether the text may name a column of some kind: by its spelling or as a question.
    fn may_map(&self) -> bool {
        self.kinds != 0 || self.question.is_some()
    }
}

/// The labels of the first `rows` rows: per row, per column, `None` for a cell without text.
fn scan_labels(sheet: &RawSheet, rows: usize, vocab: &Vocab) -> Vec<Vec<Option<Label>>> {
    sheet
        .rows
        .iter()
        .take(rows)
        .map(|row| {
            (0..row.cells.len())
                .map(|col| {
                    let text = text_of(row, col);
                    (!text.is_empty()).then(|| Label::new(text, vocab))
                })
                .collect()
        })
        .collect()
}

/// A header cell: the text as written and the labels to try, most specific first (a
/// two-row header's combined text, then the sub-column's, then the top's).
#[derive(Debug, Clone)]
struct HeaderCell<'a> {
    written: Written<'a>,
    labels: Vec<Cow<'a, Label>>,
}

/// A header cell's text as written: one cell's, or a two-row header's `上/下`, joined only
/// when a candidate header that may map reads it (most pairs of rows tried are data rows).
#[derive(Debug, Clone)]
enum Written<'a> {
    One(&'a str),
    Two(&'a str, &'a str, OnceCell<String>),
}

impl Written<'_> {
    fn as_str(&self) -> &str {
        match self {
            Written::One(text) => text,
            Written::Two(top, sub, joined) => joined.get_or_init(|| format!("{top}/{sub}")),
        }
    }
}

impl HeaderCell<'_> {
    /// A column the form platforms add, when the first label names one.
    fn platform(&self) -> Option<FormColumn> {
        self.labels[0].platform
    }

    /// The first label read as a question: tried when no label matches as written.
    fn question(&self) -> Option<&Question> {
        self.labels[0].question.as_ref()
    }

    /// Whether the cell may name a column of some kind ([`Label::may_map`]).
    fn may_map(&self) -> bool {
        self.labels.iter().any(|l| l.kinds != 0) || self.question().is_some()
    }
}

/// Whether a header row is an online form export's: it has a submission time column.
fn is_form(cells: &BTreeMap<usize, HeaderCell<'_>>) -> bool {
    cells
        .values()
        .any(|c| c.platform() == Some(FormColumn::SubmittedAt))
}

/// The platform columns of a form export's header row, `None` for any other header.
fn form_layout(cells: &BTreeMap<usize, HeaderCell<'_>>) -> Option<FormLayout> {
    let find = |role| {
        cells
            .iter()
            .find(|(_, c)| c.platform() == Some(role))
            .map(|(col, _)| *col)
    };
    is_form(cells).then(|| FormLayout {
        submitted_at: find(FormColumn::SubmittedAt),
        submitter: find(FormColumn::Submitter),
    })
}

fn text_of(row: &RawRow, col: usize) -> &str {
    match row.get(col) {
        Value::Text(s) => s.trim(),
        _ => "",
    }
}

/// Builds the header cells of row `top` (and, for a two-row header, row `sub`), the labels
/// of single cells taken from `labels` ([`scan_labels`]).
fn header_cells<'a>(
    sheet: &'a RawSheet,
    labels: &'a [Vec<Option<Label>>],
    top: usize,
    sub: Option<usize>,
    vocab: &Vocab,
) -> BTreeMap<usize, HeaderCell<'a>> {
    let top_row = &sheet.rows[top];
    let sub_row = sub.map(|s| &sheet.rows[s]);
    let width = top_row
        .cells
        .len()
        .max(sub_row.map_or(0, |r| r.cells.len()));
    let below = sub.unwrap_or(top);
    let label = |row: usize, col: usize| {
        Cow::Borrowed(labels[row][col].as_ref().expect("a text has a label"))
    };
    let mut out = BTreeMap::new();
    let mut parent = None;
    for col in 0..width {
        // The parent of a sub-column: a merged top cell spanning it, or (formats that do not
        // report merges) the nearest top text to the left while the top cell is blank.
        let merged_parent = || {
            sheet.merges.iter().find(|m| {
                m.first_row == top_row.index
                    && m.contains(top_row.index, col as u32)
                    && m.is_horizontal()
            })
        };
        let top_col = if !text_of(top_row, col).is_empty() {
            parent = Some(col);
            Some(col)
        } else if let Some(m) = merged_parent() {
            Some(m.first_col as usize).filter(|&c| !text_of(top_row, c).is_empty())
        } else if !sheet.merges_known && sub_row.is_some() {
            parent
        } else {
            None
        };
        let sub_col = sub_row.filter(|r| !text_of(r, col).is_empty()).map(|_| col);
        let cell = match (top_col, sub_col) {
            (None, None) => continue,
            (Some(t), None) => HeaderCell {
                written: Written::One(text_of(top_row, t)),
                labels: vec![label(top, t)],
            },
            (None, Some(s)) => HeaderCell {
                written: Written::One(text_of(&sheet.rows[below], s)),
                labels: vec![label(below, s)],
            },
            (Some(t), Some(s)) => {
                let (top_text, sub_text) = (text_of(top_row, t), text_of(&sheet.rows[below], s));
                HeaderCell {
                    written: Written::Two(top_text, sub_text, OnceCell::new()),
                    labels: vec![
                        Cow::Owned(Label::of_cleaned(
                            clean_header_joined(top_text, sub_text),
                            vocab,
                        )),
                        label(below, s),
                        label(top, t),
                    ],
                }
            }
        };
        out.insert(col, cell);
    }
    out
}

/// A candidate header's columns, borrowed from its cells: a [`Layout`] once it wins.
struct Draft<'c> {
    /// `(col, position in the kind's columns, header as written)`, by column index.
    mapped: Vec<(usize, usize, &'c str)>,
    /// Columns whose header matched nothing: `(col, header as written)`.
    unmapped: Vec<(usize, &'c str)>,
    /// Choice questions exported one column per option, by their first column.
    groups: Vec<Group<'c>>,
    /// Signature score.
    score: u32,
}

impl Draft<'_> {
    /// The layout of a winning candidate, its header `cells` in rows `first..=last`.
    fn into_layout(
        self,
        spec: &KindSpec,
        first: usize,
        last: usize,
        cells: &BTreeMap<usize, HeaderCell<'_>>,
    ) -> Layout {
        let field = |i: usize| spec.columns[i].field.clone();
        let choices = self
            .groups
            .iter()
            .filter_map(|g| {
                let (_, i, _) = self.mapped.iter().find(|m| m.0 == g.options[0].0)?;
                Some(Choice {
                    field: field(*i),
                    options: g
                        .options
                        .iter()
                        .map(|&(col, option, header)| (col, option.to_string(), header.to_string()))
                        .collect(),
                    multi: g.multi,
                })
            })
            .collect();
        Layout {
            kind: spec.kind,
            first,
            last,
            columns: self
                .mapped
                .into_iter()
                .map(|(col, i, header)| MappedColumn {
                    col,
                    field: field(i),
                    header: header.to_string(),
                })
                .collect(),
            unmapped: self
                .unmapped
                .into_iter()
                .map(|(col, header)| (col, header.to_string()))
                .collect(),
            score: self.score,
            cleaned: cells
                .iter()
                .map(|(c, cell)| (*c, cell.labels.iter().map(|l| l.cleaned.clone()).collect()))
                .collect(),
            choices,
            form: form_layout(cells),
        }
    }
}

/// Adjacent option columns of one choice question.
struct Group<'c> {
    number: Option<u32>,
    base: &'c str,
    /// The question as written, without the option.
    prompt: &'c str,
    /// `(col, option as written, header as written)`.
    options: Vec<(usize, &'c str, &'c str)>,
    multi: bool,
}

/// A column that may map: `(col, the kind's columns it may mean, header as written)`.
type Candidate<'s, 'c> = (usize, &'s [usize], &'c str);

/// Each cell's candidate fields in one kind (the `k`-th of the vocabulary): by its labels,
/// else as a question; the option columns of one choice question as one candidate. Platform
/// columns of a form are left out.
fn candidates<'s, 'c>(
    spec: &'s KindSpec,
    k: usize,
    cells: &'c BTreeMap<usize, HeaderCell<'_>>,
    form: bool,
) -> (
    Vec<Candidate<'s, 'c>>,
    Vec<(usize, &'c str)>,
    Vec<Group<'c>>,
) {
    let mut columns = Vec::new();
    let mut unmapped = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut previous = None;
    for (&col, cell) in cells {
        let written = cell.written.as_str();
        if form && cell.platform().is_some() {
            previous = Some(col);
            continue;
        }
        let plain = cell
            .labels
            .iter()
            .find(|l| l.kinds & 1 << k != 0)
            .map(|l| spec.columns_for_header(&l.cleaned));
        match (plain, cell.question()) {
            (Some(found), _) => columns.push((col, found, written)),
            (None, Some(q)) if q.option.is_some() => {
                let (prompt, option) = split_option(written);
                let option = option.map_or("", str::trim);
                match groups.last_mut() {
                    Some(g)
                        if g.number == q.number
                            && g.base == q.base
                            && g.options.last().map(|o| o.0) == previous =>
                    {
                        g.options.push((col, option, written));
                    }
                    _ => groups.push(Group {
                        number: q.number,
                        base: &q.base,
                        prompt: prompt.trim(),
                        options: vec![(col, option, written)],
                        multi: q.multi,
                    }),
                }
            }
            (None, Some(q)) => match spec.columns_for_header(&q.base) {
                [] => unmapped.push((col, written)),
                found => columns.push((col, found, written)),
            },
            (None, None) => unmapped.push((col, written)),
        }
        previous = Some(col);
    }
    // One option column alone is a question whose hint follows a colon: mapped by its prompt.
    groups.retain(|g| match spec.columns_for_header(g.base) {
        [] => {
            unmapped.extend(g.options.iter().map(|o| (o.0, o.2)));
            false
        }
        found => {
            let header = if g.options.len() > 1 {
                g.prompt
            } else {
                g.options[0].2
            };
            columns.push((g.options[0].0, found, header));
            g.options.len() > 1
        }
    });
    columns.sort_by_key(|c| c.0);
    (columns, unmapped, groups)
}

/// Maps header cells to one kind's fields (the `k`-th of the vocabulary); `None` when
/// nothing matches.
fn map_columns<'c>(
    spec: &KindSpec,
    k: usize,
    cells: &'c BTreeMap<usize, HeaderCell<'_>>,
    form: bool,
) -> Option<Draft<'c>> {
    let (columns, mut unmapped, groups) = candidates(spec, k, cells, form);
    if columns.is_empty() {
        return None;
    }
    // Unambiguous columns first; the first column of a field wins.
    let mut mapped: Vec<(usize, usize, &str)> = Vec::new();
    let taken = |mapped: &[(usize, usize, &str)], i: usize| mapped.iter().any(|m| m.1 == i);
    for &(col, candidates, written) in &columns {
        if let [i] = *candidates
            && !taken(&mapped, i)
        {
            mapped.push((col, i, written));
        }
    }
    // Ambiguous ones get a provisional field (the first free candidate); values decide later.
    for &(col, candidates, written) in &columns {
        if candidates.len() > 1 {
            if let Some(&i) = candidates.iter().find(|&&i| !taken(&mapped, i)) {
                mapped.push((col, i, written));
            }
        } else if !mapped.iter().any(|m| m.0 == col) {
            unmapped.push((col, written));
        }
    }
    mapped.sort_by_key(|m| m.0);
    let score = mapped.iter().map(|m| spec.columns[m.1].weight).sum();
    Some(Draft {
        mapped,
        unmapped,
        groups,
        score,
    })
}

/// Re-decides columns whose header has several meanings in this kind by their values.
fn resolve_ambiguous(sheet: &RawSheet, spec: &KindSpec, layout: &mut Layout, vocab: &Vocab) {
    let sample: Vec<&RawRow> = sheet
        .rows
        .iter()
        .skip(layout.last + 1)
        .take(SAMPLE_ROWS)
        .collect();
    let ambiguous: Vec<(usize, Vec<String>)> = layout
        .columns
        .iter()
        .filter_map(|m| {
            let fields: Vec<String> = spec
                .fields_for_header(&clean_header(&m.header.replace('/', "")))
                .iter()
                .map(|c| c.field.clone())
                .collect();
            let fields = if fields.len() > 1 {
                fields
            } else {
                let sub = m.header.rsplit('/').next().unwrap_or(&m.header);
                spec.fields_for_header(&clean_header(sub))
                    .iter()
                    .map(|c| c.field.clone())
                    .collect()
            };
            (fields.len() > 1).then_some((m.col, fields))
        })
        .collect();
    for (col, fields) in ambiguous {
        let taken: Vec<String> = layout
            .columns
            .iter()
            .filter(|m| m.col != col)
            .map(|m| m.field.clone())
            .collect();
        let values: Vec<&Value> = sample
            .iter()
            .map(|r| r.get(col))
            .filter(|v| !v.is_blank())
            .collect();
        let best = fields
            .iter()
            .filter(|f| !taken.contains(f))
            .map(|f| {
                let kind = spec.column(f).map(|c| c.values).unwrap_or(ValueKind::Text);
                let fit = values.iter().filter(|v| fits(kind, v, vocab)).count();
                (fit, f.clone())
            })
            // Highest fit wins; on a tie the vocabulary's first reading stays.
            .fold(None::<(usize, String)>, |acc, (fit, f)| match acc {
                Some((best_fit, _)) if best_fit >= fit => acc,
                _ => Some((fit, f)),
            });
        if let Some((_, field)) = best
            && let Some(m) = layout.columns.iter_mut().find(|m| m.col == col)
        {
            m.field = field;
        }
    }
}

/// Whether a value looks like what a column of `kind` holds.
fn fits(kind: ValueKind, v: &Value, vocab: &Vocab) -> bool {
    match kind {
        ValueKind::Level => matches!(values::level(v, vocab), Ok(Some(_))),
        ValueKind::Award => matches!(values::award(v, vocab), Ok(Some(_))),
        ValueKind::Status => matches!(values::status(v, vocab), Ok(Some(_))),
        ValueKind::Category => matches!(values::paper_category(v, vocab), Ok(Some(_))),
        ValueKind::Date => matches!(values::date(v, false), Ok(Some(_))),
        ValueKind::DateRange => matches!(values::date_range(v, false), Ok(Some(_))),
        ValueKind::Hours => matches!(values::hours(v), Ok(Some(_))),
        ValueKind::Month => matches!(values::month(v, false), Ok(Some(_))),
        ValueKind::Index => {
            matches!(v, Value::Number(n) if n.fract() == 0.0)
                || matches!(v, Value::Text(t) if t.trim().chars().all(|c| c.is_ascii_digit()))
        }
        ValueKind::IdNumber => matches!(values::id_number(v), Ok(Some(_))),
        ValueKind::Name | ValueKind::Names => {
            matches!(v, Value::Text(t) if t.chars().any(crate::text::is_cjk) && t.chars().count() <= 40)
        }
        ValueKind::Text => matches!(v, Value::Text(_)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Merge;

    fn sheet(rows: &[&[&str]]) -> RawSheet {
        crate::table::test_sheet("t.xlsx", "Sheet1", rows)
    }

    fn fields(l: &Layout) -> Vec<(usize, &str)> {
        l.columns
            .iter()
            .map(|m| (m.col, m.field.as_str()))
            .collect()
    }

    #[test]
    fn header_below_title_and_info_rows() {
        let s = sheet(&[
            &["云溪实验小学2023年度教师论文获奖统计表", "", "", ""],
            &["填报部门：数学组　　填表人：张三", "", "", ""],
            &["", "", "", ""],
            &["序号", "获奖\n教师", "论 文 题 目", "等次"],
            &["1", "张三", "浅谈", "一等奖"],
        ]);
        let l = detect(&s, &Vocab::builtin()).unwrap();
        assert_eq!(l.kind, Kind::Papers);
        assert_eq!((l.first, l.last), (2, 2));
        assert_eq!(
            fields(&l),
            [(0, "index"), (1, "authors"), (2, "title"), (3, "award")]
        );
    }

    #[test]
    fn two_row_header_with_merged_parent() {
        let mut s = sheet(&[
            &["姓名", "培训项目", "培训时间", "", "学时"],
            &["", "", "开始", "结束", ""],
            &["张三", "新课标培训", "2023-07-10", "2023-07-14", "24"],
        ]);
        s.merges = vec![
            Merge {
                first_row: 0,
                first_col: 2,
                last_row: 0,
                last_col: 3,
            },
            Merge {
                first_row: 0,
                first_col: 0,
                last_row: 1,
                last_col: 0,
            },
        ];
        let l = detect(&s, &Vocab::builtin()).unwrap();
        assert_eq!(l.kind, Kind::Training);
        assert_eq!((l.first, l.last), (0, 1));
        assert_eq!(
            fields(&l),
            [
                (0, "teacher"),
                (1, "course"),
                (2, "start"),
                (3, "end"),
                (4, "hours")
            ]
        );
        assert_eq!(l.column("start").unwrap().header, "培训时间/开始");
    }

    #[test]
    fn two_row_header_without_merge_information() {
        let mut s = sheet(&[
            &["作者", "论文题目", "获奖情况", "", "颁奖单位"],
            &["", "", "级别", "等次", ""],
            &["张三", "浅谈", "省级", "一等奖", "省教育学会"],
        ]);
        s.merges_known = false;
        let l = detect(&s, &Vocab::builtin()).unwrap();
        assert_eq!(l.last, 1);
        assert_eq!(fields(&l)[2..4], [(2, "level"), (3, "award")]);
    }

    #[test]
    fn ambiguous_header_is_decided_by_values() {
        let v = Vocab::builtin();
        let as_award = sheet(&[
            &["作者", "论文题目", "级别", "等级"],
            &["张三", "浅谈", "省级", "一等奖"],
            &["李四", "再谈", "市级", "二等奖"],
        ]);
        let l = detect(&as_award, &v).unwrap();
        assert_eq!(l.column("award").unwrap().col, 3);
        let as_level = sheet(&[
            &["作者", "论文题目", "等级", "获奖等次"],
            &["张三", "浅谈", "省级", "一等奖"],
        ]);
        let l = detect(&as_level, &v).unwrap();
        assert_eq!(l.column("level").unwrap().col, 2);
        let alone = sheet(&[
            &["作者", "论文题目", "评比活动", "等级"],
            &["张三", "浅谈", "师陶杯", "一等奖"],
            &["李四", "再谈", "师陶杯", "二等"],
        ]);
        let l = detect(&alone, &v).unwrap();
        assert_eq!(l.column("award").unwrap().col, 3);
        assert!(!l.has("level"));
    }

    #[test]
    fn kinds_are_told_apart_by_signature() {
        let v = Vocab::builtin();
        let roster = sheet(&[
            &["序号", "姓名", "性别", "教研组", "职称"],
            &["1", "张三", "男", "数学组", "一级教师"],
        ]);
        assert_eq!(detect(&roster, &v).unwrap().kind, Kind::Teachers);
        let projects = sheet(&[
            &["课题名称", "主持人", "课题组成员", "立项时间"],
            &["x", "张三", "李四", "2023.5"],
        ]);
        assert_eq!(detect(&projects, &v).unwrap().kind, Kind::Projects);
        let training = sheet(&[
            &["姓名", "身份证号", "培训项目", "学时"],
            &["张三", "", "x", "24"],
        ]);
        assert_eq!(detect(&training, &v).unwrap().kind, Kind::Training);
        let plans = sheet(&[
            &["月份", "工作内容", "负责人"],
            &["九月", "制定计划", "教科室"],
        ]);
        assert_eq!(detect(&plans, &v).unwrap().kind, Kind::Plans);
    }

    #[test]
    fn two_row_header_named_only_by_its_combined_texts() {
        // No top cell names a column on its own: the top row is no one-row header, and
        // still the top of a two-row one.
        let s = sheet(&[
            &["获奖", "颁奖", "证书", "发表"],
            &["教师", "单位", "编码", "刊物"],
            &["张三", "省教育学会", "A001", "江苏教育"],
        ]);
        let l = detect(&s, &Vocab::builtin()).unwrap();
        assert_eq!(l.kind, Kind::Papers);
        assert_eq!((l.first, l.last), (0, 1));
        assert_eq!(
            fields(&l),
            [
                (0, "authors"),
                (1, "organizer"),
                (2, "certificate"),
                (3, "journal")
            ]
        );
        assert_eq!(l.column("organizer").unwrap().header, "颁奖/单位");
        assert_eq!(l.cleaned[&1], ["颁奖单位", "单位", "颁奖"]);
    }

    #[test]
    fn long_question_headers_are_found() {
        // Every header is longer than any spelling of the vocabulary: read as questions.
        let s = sheet(&[
            &[
                "提交答卷时间",
                "1、您的姓名（请填写真实姓名，以便核对获奖信息，谢谢您的配合）：",
                "2、论文题目（请勿加书名号，题目请与获奖证书上的完全一致）：",
                "3、获奖等次（一等奖、二等奖、三等奖，请按证书填写）：",
            ],
            &["2024/3/1 10:00:00", "张三", "浅谈", "一等奖"],
        ]);
        let l = detect(&s, &Vocab::builtin()).unwrap();
        assert_eq!(l.kind, Kind::Papers);
        assert_eq!((l.first, l.last), (0, 0));
        assert_eq!(fields(&l), [(1, "authors"), (2, "title"), (3, "award")]);
        assert_eq!(l.form.unwrap().submitted_at, Some(0));
    }

    #[test]
    fn data_rows_are_never_the_header() {
        // Data rows below the header hold texts that name columns ("教师", "论文"), and
        // numbers and dates: the header stays the header.
        let mut rows: Vec<Vec<&str>> = vec![vec!["序号", "作者", "论文题目", "等次", "时间"]];
        for _ in 0..40 {
            rows.push(vec!["1", "教师", "论文", "一等奖", "2023-05-01"]);
        }
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let l = detect(&sheet(&rows), &Vocab::builtin()).unwrap();
        assert_eq!((l.kind, l.first, l.last), (Kind::Papers, 0, 0));
        assert_eq!(l.columns.len(), 5);
    }

    #[test]
    fn a_sheet_of_something_else_has_no_layout() {
        let v = Vocab::builtin();
        let s = sheet(&[&["国家级"], &["省级"], &["市级"]]);
        assert!(detect(&s, &v).is_none());
        let s = sheet(&[&["学生姓名", "班级", "成绩"], &["小明", "三(2)班", "95"]]);
        assert!(detect(&s, &v).is_none());
    }
}
