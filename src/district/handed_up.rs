//! What a school's files say about the school itself. jiaoke's own workbooks handed up by a
//! school: their 明细 sheets import as the records they list; the 学时汇总 sheet of
//! 教师培训学时汇总 lists every roster teacher, those with no hours too: the roster a district
//! needs when a school hands up its workbooks and not its 教师名单. And the 填报单位 line over
//! a table (jiaoke's, and many offices' forms) names the school whose folder name does not.

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

/// Labels of the line naming the school that fills a form in.
const SCHOOL_LABELS: [&str; 4] = ["填报单位", "填报学校", "报送单位", "上报单位"];
/// How many files of a folder are opened looking for it, and rows of a sheet looked at.
const LOOK_IN_FILES: usize = 5;
const LOOK_IN_ROWS: usize = 4;

/// The school named by a 填报单位 line over a table in the first few spreadsheets of
/// `entries` (`填报单位：东门实验学校　　制表日期：…`), if any.
pub fn declared_school(entries: &[Entry]) -> Option<String> {
    let tables = entries.iter().filter(|e| {
        let name = e.rel.to_lowercase();
        [".xlsx", ".xls", ".et", ".csv"]
            .iter()
            .any(|x| name.ends_with(x))
    });
    for entry in tables.take(LOOK_IN_FILES) {
        let Outcome::Sheets(sheets) = import::read_entry(entry).outcome else {
            continue;
        };
        let cells = sheets
            .iter()
            .flat_map(|s| s.rows.iter().take(LOOK_IN_ROWS))
            .flat_map(|r| r.cells.iter());
        if let Some(name) = cells.filter_map(school_in).next() {
            return Some(name);
        }
    }
    None
}

/// `东门实验学校` from a cell `填报单位：东门实验学校　　制表日期：2023年12月5日`.
fn school_in(cell: &Value) -> Option<String> {
    let Value::Text(t) = cell else { return None };
    let at = SCHOOL_LABELS
        .iter()
        .find_map(|l| t.find(l).map(|i| i + l.len()))?;
    let rest = t[at..].trim_start_matches([':', '：', ' ', '\u{3000}']);
    let name: String = rest
        .chars()
        .take_while(|c| !crate::text::is_space(*c) && !matches!(c, '（' | '(' | '，' | ','))
        .collect();
    let unset = name.is_empty() || name.contains("未设置");
    (!unset).then_some(name)
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
    fn the_school_filling_a_form_in() {
        for (cell, school) in [
            (
                "填报单位：东门实验学校　　　　制表日期：2023年12月5日",
                Some("东门实验学校"),
            ),
            ("填报单位: 城南初级中学（盖章）", Some("城南初级中学")),
            ("填报学校：湖塘实小 填表人：王静", Some("湖塘实小")),
            ("填报单位：（未设置，见 jiaoke.toml）", None),
            ("填报单位：", None),
            ("论文获奖统计表", None),
        ] {
            assert_eq!(school_in(&text(cell)).as_deref(), school, "{cell}");
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
