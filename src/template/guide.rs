//! The 填表说明 sheet of a 采集表: how to fill it in, then for each kind a table of its
//! columns (必填, 填写要求, and a filled example record).

use rust_xlsxwriter::{Workbook, XlsxError};

use super::fields::{self, List};
use super::{Column, Form, GUIDE_SHEET, Request};
use crate::report::workbook::{
    Letterhead, Styles, merge_text, page_setup, row_height, text_lines, write_text,
};

/// Numbers of the kinds' sections (there are five kinds).
const NUMERALS: [&str; 5] = ["一", "二", "三", "四", "五"];

/// Widths of the guide's four columns: 列名, 必填, 填写要求, 示例.
const WIDTHS: [f64; 4] = [16.0, 6.0, 52.0, 30.0];

/// Writes the guide sheet, first in the workbook.
///
/// # Errors
/// rust_xlsxwriter's errors.
pub fn write(
    wb: &mut Workbook,
    head: &Letterhead,
    req: &Request,
    forms: &[(Form, Vec<Column>)],
    lists: &dyn Fn(List) -> Vec<String>,
) -> Result<(), XlsxError> {
    let st = Styles::default();
    let ws = wb.add_worksheet().set_name(GUIDE_SHEET)?;
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_row_height(0, 30)?;
    let title = format!("{}教科研材料采集表 填表说明", head.school);
    merge_text(ws, (0, 0), (0, 3), &title, &st.title, &st)?;
    let mut r = 2;
    let full: f64 = WIDTHS.iter().sum();
    for line in general(req, forms) {
        merge_text(ws, (r, r), (0, 3), &line, &st.note, &st)?;
        ws.set_row_height(r, row_height(text_lines(&line, full)))?;
        r += 1;
    }
    for (n, (form, cols)) in forms.iter().enumerate() {
        r += 1;
        let caption = format!(
            "{}、{}（工作表“{}”）",
            NUMERALS.get(n).unwrap_or(&"…"),
            super::kind_title(form.kind),
            form.sheet
        );
        merge_text(ws, (r, r), (0, 3), &caption, &st.caption, &st)?;
        r += 1;
        for (c, h) in ["列名", "必填", "填写要求", "示例（一条完整的记录）"]
            .iter()
            .enumerate()
        {
            write_text(ws, r, c as u16, h, &st.header, &st)?;
        }
        r += 1;
        for col in cols {
            let example = fields::example(form.kind, col.spec, col.rule, lists);
            let need = if col.required { "是" } else { "" };
            let what = requirement(col, lists);
            let cells = [col.spec.label.as_str(), need, &what, &example];
            for (c, text) in cells.iter().enumerate() {
                write_text(ws, r, c as u16, text, &st.text, &st)?;
            }
            let lines = cells.iter().zip(WIDTHS).map(|(t, w)| text_lines(t, w));
            ws.set_row_height(r, row_height(lines.max().unwrap_or(1)))?;
            r += 1;
        }
    }
    page_setup(ws, false);
    Ok(())
}

/// The rules every sheet shares.
fn general(req: &Request, forms: &[(Form, Vec<Column>)]) -> Vec<String> {
    let sheets: Vec<String> = forms
        .iter()
        .map(|(f, _)| format!("“{}”", f.sheet))
        .collect();
    let mut lines = vec![
        format!(
            "1．本表共 {} 张工作表：{}。每张填一类材料，一行填一条：一篇论文、一个课题、一位老师参加的一次培训、一项工作安排。",
            sheets.len(),
            sheets.join("、")
        ),
        "2．带下拉箭头的格子请从列表中选择；日期填成 2023-09-01 的样子；学时只填数字。表头已锁定，请不要改动表头、合并单元格或在表中插入小计行。".into(),
        "3．填好后保存为 .xlsx（不要另存为 PDF 或图片），交回教科室；文件名可加上教研组名称。".into(),
    ];
    if !req.school.teachers.is_empty() {
        lines.push(format!(
            "4．姓名的下拉列表取自学校的教师名单（{} 人）；名单里没有的新同事可以直接填写。",
            req.school.teachers.len()
        ));
    }
    lines
}

/// What the guide says a column wants: its input message, or the list it offers.
fn requirement(col: &Column, lists: &dyn Fn(List) -> Vec<String>) -> String {
    match col.rule {
        fields::Rule::Choice { list, strict } if list != List::Teachers => {
            let values = lists(list);
            let shown = if values.len() > 12 {
                format!("{}等", values[..12].join("、"))
            } else {
                values.join("、")
            };
            let more = if strict {
                ""
            } else {
                "；列表中没有的可直接填写"
            };
            format!("从下拉列表中选：{shown}{more}")
        }
        fields::Rule::Index => "1、2、3……".into(),
        _ if col.hint.is_empty() => "如实填写".into(),
        _ => col.hint.clone(),
    }
}
