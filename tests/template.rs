//! An office sends a 采集表 to its 语文组; the department fills it in Excel (here: cells
//! written into the sheet XML as Excel writes them, validation and protection untouched) and
//! hands it back. It reads back with every field right and no finding; a value pasted past
//! the drop-down is still caught by `check`.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use common::{jiaoke_ok, read_csv};

/// A value typed into a cell.
enum Typed<'a> {
    Text(&'a str),
    Number(f64),
    Date(i32, u32, u32),
}

/// The roster the 采集表's name lists come from.
fn roster(dir: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in [
        ["姓名", "性别", "教研组", "任教学科", "职称"],
        ["王静", "女", "语文组", "语文", "一级教师"],
        ["李明", "男", "语文组", "语文", "二级教师"],
        ["张华", "女", "数学组", "数学", "一级教师"],
    ]
    .iter()
    .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(dir.join("教师花名册.xlsx")).unwrap();
}

/// The columns of a sheet by header (row 3), as letters.
fn columns(path: &Path, sheet: &str) -> BTreeMap<String, String> {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let (top, left) = range.start().unwrap();
    let mut out = BTreeMap::new();
    for (c, v) in range
        .rows()
        .nth((2 - top) as usize)
        .unwrap()
        .iter()
        .enumerate()
    {
        let letter = rust_xlsxwriter::utility::column_number_to_name((left as usize + c) as u16);
        out.insert(v.to_string(), letter);
    }
    out
}

/// The workbook with `cells` (sheet, header, row, value) typed in, as Excel stores them.
fn fill(path: &Path, cells: &[(&str, &str, u32, Typed)]) -> Vec<u8> {
    let mut by_sheet: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (sheet, header, row, value) in cells {
        let letter = &columns(path, sheet)[*header];
        let at = format!("{letter}{row}");
        let xml = match value {
            Typed::Text(t) => format!(r#" t="inlineStr"><is><t>{t}</t></is></c>"#),
            Typed::Number(n) => format!("><v>{n}</v></c>"),
            Typed::Date(y, m, d) => {
                let day = chrono::NaiveDate::from_ymd_opt(*y, *m, *d).unwrap();
                let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
                format!("><v>{}</v></c>", (day - base).num_days())
            }
        };
        by_sheet
            .entry(sheet.to_string())
            .or_default()
            .push((at, xml));
    }
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let names = sheet_files(&mut zip);
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut text = Vec::new();
        f.read_to_end(&mut text).unwrap();
        let name = f.name().unwrap().to_string();
        if let Some(sheet) = names.get(&name)
            && let Some(edits) = by_sheet.get(sheet)
        {
            let mut xml = String::from_utf8(text).unwrap();
            for (at, value) in edits {
                // An empty formatted cell `<c r="E4" s="7"/>` gets its value.
                let open = format!(r#"<c r="{at}" "#);
                let start = xml.find(&open).unwrap_or_else(|| panic!("{sheet}!{at}"));
                let end = start + xml[start..].find("/>").unwrap();
                xml.replace_range(end..end + 2, value);
            }
            text = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&text).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Part name → sheet name (rust_xlsxwriter numbers the parts in sheet order).
fn sheet_files(zip: &mut zip::ZipArchive<std::fs::File>) -> BTreeMap<String, String> {
    let mut xml = String::new();
    zip.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml.match_indices("<sheet name=\"")
        .enumerate()
        .map(|(i, (pos, m))| {
            let rest = &xml[pos + m.len()..];
            let name = &rest[..rest.find('"').unwrap()];
            (
                format!("xl/worksheets/sheet{}.xml", i + 1),
                name.to_string(),
            )
        })
        .collect()
}

fn papers_filled(level: &str) -> Vec<(&'static str, &'static str, u32, Typed<'_>)> {
    vec![
        ("论文", "序号", 4, Typed::Number(1.0)),
        ("论文", "类别", 4, Typed::Text("获奖")),
        ("论文", "作者", 4, Typed::Text("王静")),
        ("论文", "其他作者", 4, Typed::Text("李明")),
        ("论文", "论文题目", 4, Typed::Text("整本书阅读的实践与思考")),
        ("论文", "评比活动", 4, Typed::Text("常州市教育学会论文评比")),
        ("论文", "级别", 4, Typed::Text(level)),
        ("论文", "获奖等次", 4, Typed::Text("一等奖")),
        ("论文", "颁奖单位", 4, Typed::Text("常州市教育学会")),
        ("论文", "时间", 4, Typed::Date(2023, 10, 15)),
        ("论文", "序号", 5, Typed::Number(2.0)),
        ("论文", "类别", 5, Typed::Text("发表")),
        ("论文", "作者", 5, Typed::Text("李明")),
        ("论文", "论文题目", 5, Typed::Text("小学古诗词教学例谈")),
        ("论文", "发表刊物", 5, Typed::Text("江苏教育")),
        ("论文", "级别", 5, Typed::Text("省级")),
        ("论文", "时间", 5, Typed::Date(2023, 11, 1)),
        ("论文", "期号", 5, Typed::Text("2023年第11期")),
        ("论文", "刊号", 5, Typed::Text("CN32-1034/G4")),
    ]
}

fn others_filled() -> Vec<(&'static str, &'static str, u32, Typed<'static>)> {
    vec![
        ("课题", "课题名称", 4, Typed::Text("单元整体教学实践研究")),
        ("课题", "课题编号", 4, Typed::Text("CZ2023-012")),
        ("课题", "课题级别", 4, Typed::Text("市级")),
        ("课题", "课题类别", 4, Typed::Text("规划课题")),
        ("课题", "主持人", 4, Typed::Text("王静")),
        ("课题", "课题组成员", 4, Typed::Text("李明")),
        ("课题", "研究状态", 4, Typed::Text("立项")),
        ("课题", "立项时间", 4, Typed::Date(2023, 9, 20)),
        ("培训学时", "姓名", 4, Typed::Text("李明")),
        ("培训学时", "培训项目", 4, Typed::Text("大单元教学设计")),
        ("培训学时", "培训类型", 4, Typed::Text("集中培训")),
        ("培训学时", "培训级别", 4, Typed::Text("区县级")),
        ("培训学时", "开始日期", 4, Typed::Date(2023, 10, 9)),
        ("培训学时", "结束日期", 4, Typed::Date(2023, 10, 11)),
        ("培训学时", "学时", 4, Typed::Number(18.0)),
        ("行事历", "月份", 4, Typed::Text("十月")),
        ("行事历", "工作内容", 4, Typed::Text("组织教师撰写论文")),
        ("行事历", "负责人", 4, Typed::Text("教科室")),
    ]
}

fn field<'a>(rows: &'a [BTreeMap<String, String>], i: usize, name: &str) -> &'a str {
    rows[i][name].as_str()
}

#[test]
fn a_filled_template_reads_back_with_every_field_and_no_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("收集");
    std::fs::create_dir(&inbox).unwrap();
    roster(&inbox);
    let forms = tmp.path().join("采集表");
    let (i, f) = (inbox.to_str().unwrap(), forms.to_str().unwrap());
    let args = [
        "template",
        i,
        "--out",
        f,
        "--department",
        "语文组",
        "--term",
        "2023-2024-1",
    ];
    jiaoke_ok(&args, 0);
    let book = forms.join("教科研材料采集表（语文组）.xlsx");
    let mut cells = papers_filled("市级");
    cells.extend(others_filled());
    std::fs::create_dir(inbox.join("语文组")).unwrap();
    std::fs::write(inbox.join("语文组/采集表.xlsx"), fill(&book, &cells)).unwrap();

    let out = tmp.path().join("out");
    let o = out.to_str().unwrap();
    jiaoke_ok(&["import", i, "--out", o, "--quiet"], 0);
    let papers = read_csv(&out.join("papers.csv"));
    assert_eq!(papers.len(), 2);
    let want = [
        ("kind", "获奖", "发表"),
        ("authors", "王静、李明", "李明"),
        ("title", "整本书阅读的实践与思考", "小学古诗词教学例谈"),
        ("venue", "常州市教育学会论文评比", "江苏教育"),
        ("level", "市级", "省级"),
        ("award", "一等奖", ""),
        ("date", "2023-10-15", "2023-11-01"),
        ("department", "语文组", "语文组"),
        ("cn", "", "CN32-1034/G4"),
    ];
    for (name, first, second) in want {
        assert_eq!(field(&papers, 0, name), first, "{name}");
        assert_eq!(field(&papers, 1, name), second, "{name}");
    }
    let projects = read_csv(&out.join("projects.csv"));
    for (name, v) in [
        ("title", "单元整体教学实践研究"),
        ("code", "CZ2023-012"),
        ("level", "市级"),
        ("category", "规划课题"),
        ("leader", "王静"),
        ("members", "李明"),
        ("status", "立项"),
        ("approved_on", "2023-09-20"),
        ("department", "语文组"),
    ] {
        assert_eq!(field(&projects, 0, name), v, "{name}");
    }
    let training = read_csv(&out.join("training.csv"));
    for (name, v) in [
        ("teacher", "李明"),
        ("department", "语文组"),
        ("course", "大单元教学设计"),
        ("type", "集中培训"),
        ("level", "区县级"),
        ("start", "2023-10-09"),
        ("end", "2023-10-11"),
        ("hours", "18"),
    ] {
        assert_eq!(field(&training, 0, name), v, "{name}");
    }
    let plans = read_csv(&out.join("plans.csv"));
    for (name, v) in [
        ("month", "10"),
        ("item", "组织教师撰写论文"),
        ("owner", "教科室"),
        ("school_year", "2023-2024"),
        ("term", "1"),
    ] {
        assert_eq!(field(&plans, 0, name), v, "{name}");
    }

    let check = jiaoke_ok(
        &["check", i, "--format", "json", "--term", "2023-2024-1"],
        0,
    );
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&check.stdout).unwrap();
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn a_value_pasted_past_the_drop_down_is_still_caught() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("收集");
    std::fs::create_dir(&inbox).unwrap();
    let forms = tmp.path().join("采集表");
    let (i, f) = (inbox.to_str().unwrap(), forms.to_str().unwrap());
    jiaoke_ok(
        &["template", "--out", f, "--kind", "papers", "--per-kind"],
        0,
    );
    let book = forms.join("论文获奖与发表采集表.xlsx");
    std::fs::write(inbox.join("论文.xlsx"), fill(&book, &papers_filled("乡级"))).unwrap();
    let check = jiaoke_ok(&["check", i, "--format", "json"], 1);
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&check.stdout).unwrap();
    let level = findings
        .iter()
        .find(|f| f["code"] == "invalid_value")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(level["sheet"], "论文");
    assert_eq!(level["cell"], "H4");
    assert_eq!(level["value"], "乡级");
}

#[test]
fn the_forms_carry_their_lists_and_checks() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().to_str().unwrap();
    jiaoke_ok(&["template", "--out", f], 0);
    let book = tmp.path().join("教科研材料采集表.xlsx");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&book).unwrap()).unwrap();
    let names = sheet_files(&mut zip);
    let sheets: Vec<&str> = names.values().map(String::as_str).collect();
    assert_eq!(
        sheets,
        [
            "填表说明",
            "论文",
            "课题",
            "培训学时",
            "行事历",
            "下拉选项（jiaoke）"
        ]
    );
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet2.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains(r#"type="list""#), "drop-downs");
    assert!(xml.contains(r#"type="date""#), "a date check");
    assert!(xml.contains("<sheetProtection"), "the header is protected");
    assert!(xml.contains("下拉选项（jiaoke）"), "lists by range");
    let mut wbxml = String::new();
    zip.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut wbxml)
        .unwrap();
    assert!(
        wbxml.contains(r#"state="hidden""#),
        "the list sheet is hidden"
    );
}

#[test]
fn a_district_sends_each_listed_school_its_own_form() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("区级收集");
    std::fs::create_dir(&inbox).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, name) in ["学校名称", "城南初级中学", "湖塘实验小学"]
        .iter()
        .enumerate()
    {
        ws.write_string(r as u32, 0, *name).unwrap();
    }
    wb.save(inbox.join("学校名单.xlsx")).unwrap();
    let forms = tmp.path().join("采集表");
    let (i, f) = (inbox.to_str().unwrap(), forms.to_str().unwrap());
    jiaoke_ok(
        &["template", i, "--district", "--out", f, "--kind", "papers"],
        0,
    );
    for school in ["城南初级中学", "湖塘实验小学"] {
        let book = forms.join(format!("教科研材料采集表（{school}）.xlsx"));
        let cells = common::xlsx_cells(&book);
        let at = |r: u32| {
            cells
                .iter()
                .find(|(s, row, c, _)| s == "论文" && *row == r && *c == 0)
                .map(|c| c.3.clone())
                .unwrap_or_default()
        };
        assert!(at(0).starts_with(school), "{}", at(0));
        assert!(
            at(1).starts_with(&format!("填报单位：{school}")),
            "{}",
            at(1)
        );
    }
    // Without a school list there is nothing to send.
    let bare = tmp.path().join("空");
    std::fs::create_dir(&bare).unwrap();
    let out = common::jiaoke(&["template", bare.to_str().unwrap(), "--district", "--out", f]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("学校名单"));
}

#[test]
fn a_roster_form_keeps_every_digit_of_an_id_number() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("收集");
    std::fs::create_dir(&inbox).unwrap();
    let forms = tmp.path().join("采集表");
    let (i, f) = (inbox.to_str().unwrap(), forms.to_str().unwrap());
    jiaoke_ok(&["template", "--out", f, "--kind", "teachers"], 0);
    let book = forms.join("教科研材料采集表.xlsx");
    let cells = [
        ("教师名单", "姓名", 4, Typed::Text("王静")),
        ("教师名单", "性别", 4, Typed::Text("女")),
        ("教师名单", "教研组", 4, Typed::Text("语文组")),
        ("教师名单", "任教学科", 4, Typed::Text("语文")),
        ("教师名单", "职称", 4, Typed::Text("一级教师")),
        // Typed into a text cell, as the form's format makes Excel keep it.
        ("教师名单", "身份证号", 4, Typed::Text("320412198503150025")),
    ];
    std::fs::write(inbox.join("名单.xlsx"), fill(&book, &cells)).unwrap();
    let out = tmp.path().join("out");
    jiaoke_ok(&["import", i, "--out", out.to_str().unwrap(), "--quiet"], 0);
    let teachers = read_csv(&out.join("teachers.csv"));
    assert_eq!(teachers.len(), 1);
    assert_eq!(field(&teachers, 0, "id_number"), "320412198503150025");
    assert_eq!(field(&teachers, 0, "department"), "语文组");
}
