//! Cells no workbook can hold as they are — a 200,000-character text, a formula-looking text,
//! control characters — cost nothing else: every output is written, the workbook holds the
//! text cut with a marker (a warning at the input cell says so), the CSV holds it whole, and
//! text is always text.

mod common;

use calamine::{Reader, Xlsx, open_workbook};
use common::{jiaoke_in, read_csv, root};

const MARKER: &str = "…（内容超过 Excel 单元格上限，已截断；完整内容见 CSV 文件）";
const LONG_CHARS: usize = 200_000;

fn long_title() -> String {
    format!("浅谈{}", "长".repeat(LONG_CHARS - 2))
}

/// A papers CSV with the hostile cells, beside the demo roster.
fn inbox(dir: &std::path::Path) {
    std::fs::copy(
        root().join("samples/inbox/教师花名册.XLSX"),
        dir.join("教师花名册.XLSX"),
    )
    .unwrap();
    let rows = [
        "作者,论文题目,级别,等次,获奖时间".to_string(),
        format!("李明,{},市级,一等奖,2023-10-12", long_title()),
        "李明,=1+1,市级,二等奖,2023-11-02".to_string(),
        "张丽,控制\u{1}字符\u{7}标题,区县级,三等奖,2023-12-01".to_string(),
    ];
    std::fs::write(dir.join("论文.csv"), rows.join("\n") + "\n").unwrap();
}

#[test]
fn hostile_cells_are_written_safely_and_cost_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let (in_dir, out) = (dir.path().join("inbox"), dir.path().join("out"));
    std::fs::create_dir(&in_dir).unwrap();
    inbox(&in_dir);
    let cwd = tempfile::tempdir().unwrap();
    let (i, o) = (in_dir.to_str().unwrap(), out.to_str().unwrap());
    let run = jiaoke_in(cwd.path(), &["run", i, "--out", o]);
    assert!(matches!(run.status.code(), Some(0 | 1)), "{run:?}");
    for f in [
        "teachers.csv",
        "papers.csv",
        "数据汇总.xlsx",
        "问题清单.xlsx",
        "年度教科研成果统计（全部记录）.xlsx",
        "教师培训学时汇总（全部记录）.xlsx",
        "research_summary.csv",
    ] {
        assert!(out.join(f).is_file(), "{f} written");
    }

    // The CSV keeps every character, control characters included.
    let papers = read_csv(&out.join("papers.csv"));
    let titles: Vec<&str> = papers.iter().map(|p| p["title"].as_str()).collect();
    assert_eq!(titles[0].chars().count(), LONG_CHARS);
    assert_eq!(titles[0], long_title());
    assert!(titles.contains(&"=1+1") && titles.contains(&"控制\u{1}字符\u{7}标题"));

    // The workbook: the cut text within the limit, text as text, no control character.
    let mut wb: Xlsx<_> = open_workbook(out.join("数据汇总.xlsx")).unwrap();
    let mut texts = Vec::new();
    for name in wb.sheet_names() {
        let formulas = wb.worksheet_formula(&name).unwrap();
        assert_eq!(formulas.used_cells().count(), 0, "{name}: no formula");
        let range = wb.worksheet_range(&name).unwrap();
        texts.extend(range.used_cells().map(|(_, _, v)| v.to_string()));
    }
    let cut = texts
        .iter()
        .find(|t| t.starts_with("浅谈长长"))
        .expect("the long title is in the workbook");
    assert!(cut.ends_with(MARKER), "ends with the marker");
    assert!(cut.encode_utf16().count() <= 32_767, "within Excel's limit");
    assert!(
        texts.iter().any(|t| t == "=1+1"),
        "a formula-looking text stays text"
    );
    assert!(texts.iter().any(|t| t == "控制 字符 标题"));
    assert!(
        !texts
            .iter()
            .any(|t| t.chars().any(|c| c == '\u{1}' || c == '\u{7}'))
    );

    // The warning at the input cell, with the value shortened.
    let json = jiaoke_in(cwd.path(), &["check", i, "--format", "json"]);
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    let long: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["code"] == "invalid_value" && f["severity"] == "warning")
        .filter(|f| {
            f["message"]
                .as_str()
                .unwrap()
                .contains("超过 Excel 单元格上限")
        })
        .collect();
    assert_eq!(long.len(), 1, "{long:?}");
    let f = long[0];
    assert_eq!(
        (&f["file"], &f["row"], &f["column"], &f["cell"]),
        (
            &"论文.csv".into(),
            &2.into(),
            &"论文题目".into(),
            &"B2".into()
        )
    );
    assert!(f["message"].as_str().unwrap().contains("200000 个字符"));
    assert!(f["value"].as_str().unwrap().chars().count() <= 51);
}
