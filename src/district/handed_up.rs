//! jiaoke's own workbooks handed up by a school. Their 明细 sheets import as the records they
//! list; the 学时汇总 sheet of 教师培训学时汇总 lists every roster teacher, those with no hours
//! too: the roster a district needs when a school hands up its workbooks and not its 教师名单.

use crate::import::walk::Entry;
use crate::import::{self, Outcome};
use crate::select::roster::Member;
use crate::table::{RawRow, RawSheet, Value};
use crate::vocab::clean_header;

/// The sheet of the training workbook that lists the roster.
const SUMMARY_SHEET: &str = "学时汇总";
/// Its headers: the teacher's name and department, and the hours required of roster
/// teachers (empty on the lines of people not on the roster).
const NAME: &str = "姓名";
const DEPARTMENT: &str = "教研组";
const REQUIRED: &str = "应达学时";

/// The roster teachers listed by the 学时汇总 sheets among `entries` (each name and
/// department once), in the order listed.
pub fn roster(entries: &[Entry]) -> Vec<Member> {
    let mut out: Vec<Member> = Vec::new();
    for entry in entries
        .iter()
        .filter(|e| e.rel.to_lowercase().ends_with(".xlsx"))
    {
        let Outcome::Sheets(sheets) = import::read_entry(entry).outcome else {
            continue;
        };
        for sheet in sheets.iter().filter(|s| s.sheet == SUMMARY_SHEET) {
            for m in members(sheet) {
                if !out
                    .iter()
                    .any(|o| o.name == m.name && o.department == m.department)
                {
                    out.push(m);
                }
            }
        }
    }
    out
}

fn column(row: &RawRow, header: &str) -> Option<usize> {
    row.cells.iter().position(|v| match v {
        Value::Text(t) => clean_header(t) == header,
        _ => false,
    })
}

/// The roster lines of one 学时汇总 sheet: below its header, down to the 合计 row, those
/// with an 应达学时.
fn members(sheet: &RawSheet) -> Vec<Member> {
    let header = sheet.rows.iter().take(6).enumerate().find_map(|(i, row)| {
        Some((
            i,
            column(row, NAME)?,
            column(row, DEPARTMENT)?,
            column(row, REQUIRED)?,
        ))
    });
    let Some((at, name, department, required)) = header else {
        return Vec::new();
    };
    sheet.rows[at + 1..]
        .iter()
        .take_while(|row| row.get(0).raw_text() != "合计")
        .filter(|row| !row.get(required).is_blank())
        .map(|row| Member::named(&row.get(name).raw_text(), &row.get(department).raw_text()))
        .filter(|m| !m.name.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        if s.is_empty() {
            Value::Empty
        } else {
            Value::Text(s.into())
        }
    }

    #[test]
    fn roster_lines_are_those_with_a_requirement() {
        let rows = [
            vec!["某校教师培训学时汇总"],
            vec!["填报单位：某校"],
            vec![
                "序号",
                "教研组",
                "姓名",
                "集中\n培训",
                "学时\n合计",
                "应达\n学时",
                "差额",
            ],
            vec!["1", "语文组", "王静", "", "0", "72", "72"],
            vec!["2", "数学组", "李明", "12", "12", "72", "60"],
            vec!["3", "语文组", "张三", "6", "6", "", ""],
            vec!["合计", "", "3 人", "18", "18", "", "132"],
            vec!["", "", "注：…", "", "", "72", ""],
        ];
        let sheet = RawSheet {
            sheet: SUMMARY_SHEET.into(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| RawRow {
                    index: i as u32,
                    cells: r.iter().map(|c| text(c)).collect(),
                })
                .collect(),
            ..RawSheet::default()
        };
        let names: Vec<(String, String)> = members(&sheet)
            .into_iter()
            .map(|m| (m.department, m.name))
            .collect();
        assert_eq!(
            names,
            [
                ("语文组".to_string(), "王静".to_string()),
                ("数学组".into(), "李明".into())
            ]
        );
    }
}
