//! Chinese headers for the frames' columns, as jiaoke writes them in its workbooks.
//!
//! A column read from a header has the label vocab.toml gives it (`label`), which is one of
//! the headers jiaoke reads, so that a workbook jiaoke writes is read back by `jiaoke import`
//! (a district office does exactly that). Only the columns jiaoke adds itself (provenance,
//! raw values, merged columns) are labelled here.

use std::sync::LazyLock;

use super::layout::{Block, Column, Total};
use super::listed::FrameRows;
use super::training::SHOWN_DEPARTMENT;
use super::workbook::PLACE;
use crate::normalize::columns::{DEPARTMENT, SOURCE_FILE};
use crate::vocab::{Kind, Vocab};

/// The built-in vocabularies, whose column labels these are (a school's jiaoke.toml adds
/// spellings, never labels).
static VOCAB: LazyLock<Vocab> = LazyLock::new(Vocab::builtin);

/// Labels of the columns jiaoke adds to the frames (not read from one header).
fn own_label(kind: Kind, column: &str) -> Option<&'static str> {
    Some(match (kind, column) {
        (Kind::Papers, "kind") => "类别",
        (Kind::Papers, "venue") => "评比活动或刊物",
        (Kind::Papers, "date_precision") => "时间精度",
        (Kind::Papers, "authors_truncated") => "作者不全",
        (Kind::Projects, "status_raw") => "原填状态",
        (Kind::Plans, "month_end") => "结束月份",
        // The term report's list of projects: the milestones that fall in the term.
        (Kind::Projects, "steps") => "本学期节点",
        (_, "level_raw") => "原填级别",
        (_, "source_file") => "来源文件",
        (_, "sheet") => "工作表",
        (_, "row") => "行号",
        (_, "unparsed") => "未能识别的值",
        _ => return None,
    })
}

/// The Chinese header of a frame column ("" for a column nobody labelled).
pub fn column_label(kind: Kind, column: &str) -> &'static str {
    own_label(kind, column)
        .or_else(|| VOCAB.kind(kind).column(column).map(|c| c.label.as_str()))
        .unwrap_or("")
}

/// The columns of a list of `kind`'s records showing the frame columns `fields`, headed as
/// `jiaoke import` reads them back ([`PLACE`], where a record was read, as 来源文件; a
/// training record's [`SHOWN_DEPARTMENT`] as 教研组); `caps`: the widest some get.
pub(crate) fn list_columns(kind: Kind, fields: &[&str], caps: &[(&str, f64)]) -> Vec<Column> {
    let column = |field: &str| {
        let label = match field {
            PLACE => column_label(kind, SOURCE_FILE),
            SHOWN_DEPARTMENT => column_label(kind, DEPARTMENT),
            f => column_label(kind, f),
        };
        match caps.iter().find(|(c, _)| *c == field) {
            Some((_, cap)) => Column::new(label).cap(*cap),
            None => Column::new(label),
        }
    };
    fields.iter().map(|f| column(f)).collect()
}

/// A numbered list of `kind`'s records: the frame columns `fields` ([`list_columns`]), the
/// first one's total saying how many (`12 篇`), the `summed` ones' their sum (0 when empty).
pub(crate) fn record_list(
    kind: Kind,
    (fields, caps): (&[&str], &[(&str, f64)]),
    rows: FrameRows,
    (unit, summed): (&str, &[&str]),
) -> Block {
    let mut cols = list_columns(kind, fields, caps);
    cols[0].total = Total::Text(format!("{} {unit}", rows.len()));
    for (col, field) in cols.iter_mut().zip(fields) {
        if summed.contains(field) {
            col.total = Total::Sum;
        }
    }
    let mut b = Block::listed(cols, rows);
    b.push_totals("合计");
    b
}

/// The Chinese name of a kind's sheet in 数据汇总.xlsx.
pub fn sheet_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Teachers => "教师名单",
        Kind::Papers => "论文",
        Kind::Projects => "课题",
        Kind::Training => "培训学时",
        Kind::Plans => "行事历",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::frames::Frames;
    use crate::normalize::records::Records;

    #[test]
    fn every_frame_column_has_a_label() {
        let frames = Frames::from_records(&Records::default()).unwrap();
        for kind in Kind::ALL {
            for name in frames.get(kind).get_column_names() {
                assert!(
                    !column_label(kind, name).is_empty(),
                    "{kind:?}.{name} has no label"
                );
            }
        }
    }

    #[test]
    fn labels_of_contract_columns_are_headers_jiaoke_reads_back() {
        let vocab = crate::vocab::Vocab::builtin();
        let frames = Frames::from_records(&Records::default()).unwrap();
        for kind in Kind::ALL {
            let spec = vocab.kind(kind);
            for name in frames.get(kind).get_column_names() {
                if matches!(
                    name.as_str(),
                    "source_file"
                        | "sheet"
                        | "row"
                        | "unparsed"
                        | "date_precision"
                        | "authors_truncated"
                        | "level_raw"
                        | "status_raw"
                        | "month_end"
                ) {
                    continue;
                }
                let label = column_label(kind, name);
                let fields = spec.fields_for_header(&crate::vocab::clean_header(label));
                assert!(
                    !fields.is_empty(),
                    "{kind:?}.{name}: {label} is not a known header"
                );
            }
        }
    }
}
