//! A data sheet of a 采集表: title, the 填报部门 line, the header in jiaoke's spelling, and
//! empty rows whose cells check what is typed; the header protected (no password), the rows
//! editable; A4, the header repeated on every printed page.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format, Formula,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::fields::{List, Rule, School};
use super::{Column, Form};
use crate::report::workbook::{Styles, page_setup, wide, write_text};

/// Rows of a data sheet ready to be filled.
pub const ROWS: u32 = 200;
/// The header's row (0-based): under the title and the 填报部门 line.
pub const HEADER_ROW: u32 = 2;

/// Writes the data sheet of `form` into `wb`.
///
/// # Errors
/// rust_xlsxwriter's errors.
pub fn write(
    wb: &mut Workbook,
    form: &Form,
    columns: &[Column],
    school: &School,
    list_range: &dyn Fn(List) -> Option<String>,
) -> Result<(), XlsxError> {
    let st = Styles::default();
    let ws = wb.add_worksheet().set_name(&form.sheet)?;
    let last = columns.len().max(1) as u16 - 1;
    ws.set_row_height(0, 30)?;
    ws.merge_range(0, 0, 0, last, &form.title, &st.title)?;
    // 填表人 and 填表日期 are filled in by hand: the line stays editable.
    let info = st.subtitle.clone().set_unlocked();
    ws.merge_range(1, 0, 1, last, &form.info_line(), &info)?;
    let mut widths = Vec::with_capacity(columns.len());
    for (c, col) in columns.iter().enumerate() {
        let c = c as u16;
        write_text(ws, HEADER_ROW, c, &col.spec.label, &st.header, &st)?;
        ws.set_column_width(c, col.width)?;
        widths.push(col.width);
        let body = body_format(col.rule, &st);
        for r in HEADER_ROW + 1..=HEADER_ROW + ROWS {
            ws.write_blank(r, c, &body)?;
        }
        if let Some(v) = validation(col, school, list_range)? {
            ws.add_data_validation(HEADER_ROW + 1, c, HEADER_ROW + ROWS, c, &v)?;
        }
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    page_setup(ws, wide(widths.iter().sum()));
    protect(ws);
    Ok(())
}

/// The header locked against edits by mistake, the rest open: no password, rows may be
/// inserted, deleted, sorted and filtered, columns resized.
fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        insert_rows: true,
        delete_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}

/// The format of a field's empty cells: the house style's body formats, unlocked; dates as
/// dates, 身份证号 and codes as text (so that Excel keeps every digit).
fn body_format(rule: Rule, st: &Styles) -> Format {
    let format = match rule {
        Rule::Date => st.date.clone(),
        Rule::IdNumber | Rule::Code => st.text.clone().unset_text_wrap().set_num_format("@"),
        Rule::Index | Rule::Hours => st.number.clone(),
        // Centred and wrapped, like a month.
        Rule::Choice { .. } => st.month.clone(),
        Rule::Names | Rule::Text => st.text.clone(),
    };
    format.set_unlocked()
}

/// The check a field's cells make as they are typed, with its input and error messages.
fn validation(
    col: &Column,
    school: &School,
    list_range: &dyn Fn(List) -> Option<String>,
) -> Result<Option<DataValidation>, XlsxError> {
    let label = col.spec.label.as_str();
    let v = match col.rule {
        Rule::Choice { list, strict } => {
            let Some(range) = list_range(list) else {
                return Ok(None);
            };
            let style = if strict {
                DataValidationErrorStyle::Stop
            } else {
                DataValidationErrorStyle::Warning
            };
            DataValidation::new()
                .allow_list_formula(Formula::new(range))
                .set_error_style(style)
                .set_error_message(format!("“{label}”请从下拉列表中选择"))?
        }
        Rule::Date => DataValidation::new()
            .allow_date(DataValidationRule::Between(
                ExcelDateTime::from_ymd(1990, 1, 1)?,
                ExcelDateTime::from_ymd(2099, 12, 31)?,
            ))
            .set_error_message(format!("“{label}”应是 1990 年以后的日期，如 2023-09-01"))?,
        Rule::Hours => DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.01, school.max_hours))
            .set_error_message(format!(
                "学时应是大于 0、不超过 {} 的数字",
                crate::table::format_number(school.max_hours)
            ))?,
        Rule::IdNumber => DataValidation::new()
            .allow_text_length(DataValidationRule::EqualTo(18))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_message("身份证号应为 18 位")?,
        Rule::Index | Rule::Names | Rule::Code | Rule::Text => {
            if col.hint.is_empty() {
                return Ok(None);
            }
            DataValidation::new().allow_any_value()
        }
    };
    let v = v.set_error_title(label)?;
    Ok(Some(if col.hint.is_empty() {
        v
    } else {
        v.set_input_title(label)?.set_input_message(&col.hint)?
    }))
}
