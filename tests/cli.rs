//! The command line's promises: exit statuses, JSON on stdout and nothing else, never writing
//! into the inbox, a clear message for every file that cannot be read.

mod common;

use std::path::Path;

use common::{jiaoke, jiaoke_in, jiaoke_ok, read_csv, snapshot};
use rust_xlsxwriter::{Format, Workbook};

/// A small inbox: a roster, a papers sheet, a GBK CSV register, and junk.
fn inbox(dir: &Path, paper_award: &str) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("教师名单").unwrap();
    for (r, row) in [
        ["姓名", "教研组", "职称"],
        ["张三", "数学组", "一级教师"],
        ["李四", "语文组", "高级教师"],
    ]
    .iter()
    .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write(r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(dir.join("教师名单.xlsx")).unwrap();

    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("论文获奖").unwrap();
    ws.merge_range(0, 0, 0, 4, "数学组2023年论文获奖统计表", &Format::new())
        .unwrap();
    for (c, h) in ["序号", "作者", "论 文 题 目", "级别", "等次"]
        .iter()
        .enumerate()
    {
        ws.write(2, c as u16, *h).unwrap();
    }
    for (c, v) in ["1", "张　三", "浅谈情境教学", "省级", paper_award]
        .iter()
        .enumerate()
    {
        ws.write(3, c as u16, *v).unwrap();
    }
    ws.write(4, 0, "合计").unwrap();
    ws.write(4, 2, "1篇").unwrap();
    wb.save(dir.join("数学组.xlsx")).unwrap();

    let csv = "姓名,培训项目,学时\n李四,新课标培训,24学时\n";
    let (gbk, _, _) = encoding_rs::GB18030.encode(csv);
    std::fs::write(dir.join("培训登记.csv"), &*gbk).unwrap();
    std::fs::write(dir.join("~$数学组.xlsx"), b"\x05owner").unwrap();
    std::fs::write(
        dir.join("坏文件.xlsx"),
        b"PK\x03\x04 this is not really a zip",
    )
    .unwrap();
}

#[test]
fn version_and_help_are_in_chinese() {
    let out = jiaoke_ok(&["--version"], 0);
    assert!(String::from_utf8_lossy(&out.stdout).contains(env!("CARGO_PKG_VERSION")));
    let out = jiaoke_ok(&["--help"], 0);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("导入") && help.contains("检查"), "{help}");
}

#[test]
fn a_missing_inbox_cannot_run() {
    let out = jiaoke_ok(&["import", "/nonexistent/收集表"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("不存在"));
    jiaoke_ok(&["check", "/nonexistent/收集表"], 2);
    jiaoke_ok(&["import"], 2);
}

#[test]
fn output_inside_the_inbox_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    inbox(dir.path(), "一等奖");
    let before = snapshot(dir.path());
    let out_dir = dir.path().join("输出");
    let out = jiaoke_ok(
        &[
            "import",
            dir.path().to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ],
        2,
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("收集文件夹之内"));
    assert_eq!(before, snapshot(dir.path()));
}

#[test]
fn import_reads_every_format_and_reports_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    inbox(dir.path(), "一等奖");
    let out = tempfile::tempdir().unwrap();
    let run = jiaoke_ok(
        &[
            "import",
            dir.path().to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ],
        0,
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("坏文件.xlsx") && stdout.contains("损坏"),
        "{stdout}"
    );
    assert!(stdout.contains("锁定文件"), "{stdout}");

    let papers = read_csv(&out.path().join("papers.csv"));
    assert_eq!(papers.len(), 1, "the 合计 row is not a record");
    let p = &papers[0];
    assert_eq!(
        (p["authors"].as_str(), p["title"].as_str()),
        ("张三", "浅谈情境教学")
    );
    assert_eq!(
        (p["level"].as_str(), p["award"].as_str(), p["kind"].as_str()),
        ("省级", "一等奖", "获奖")
    );
    assert_eq!(
        (
            p["source_file"].as_str(),
            p["sheet"].as_str(),
            p["row"].as_str()
        ),
        ("数学组.xlsx", "论文获奖", "4")
    );
    assert_eq!(p["department"], "数学组");

    let training = read_csv(&out.path().join("training.csv"));
    assert_eq!(training.len(), 1);
    assert_eq!(
        (
            training[0]["teacher"].as_str(),
            training[0]["hours"].as_str()
        ),
        ("李四", "24")
    );
    assert_eq!(
        (training[0]["sheet"].as_str(), training[0]["row"].as_str()),
        ("", "2")
    );
    assert_eq!(read_csv(&out.path().join("teachers.csv")).len(), 2);
    assert!(out.path().join("数据汇总.xlsx").is_file());
}

#[test]
fn check_json_is_one_array_with_the_contract_fields() {
    let dir = tempfile::tempdir().unwrap();
    inbox(dir.path(), "特别奖");
    let cwd = tempfile::tempdir().unwrap();
    let out = jiaoke_in(
        cwd.path(),
        &["check", dir.path().to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1), "an error finding exits 1");
    let findings: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("stdout is JSON only");
    let list = findings.as_array().unwrap();
    let fields = [
        "code",
        "severity",
        "file",
        "sheet",
        "row",
        "column",
        "cell",
        "value",
        "message",
        "suggestion",
    ];
    for f in list {
        let obj = f.as_object().unwrap();
        for key in fields {
            assert!(obj.contains_key(key), "{key} missing in {f}");
        }
    }
    let award = list
        .iter()
        .find(|f| f["code"] == "invalid_value" && f["value"] == "特别奖")
        .expect("the bad grade");
    assert_eq!(
        (
            award["file"].as_str(),
            award["sheet"].as_str(),
            award["cell"].as_str()
        ),
        (Some("数学组.xlsx"), Some("论文获奖"), Some("E4"))
    );
    assert_eq!(award["column"], "等次");
    assert_eq!(award["row"], 4);
    assert!(
        list.iter()
            .any(|f| f["code"] == "unreadable_file" && f["file"] == "坏文件.xlsx")
    );
    assert!(
        !cwd.path().join("reports").exists(),
        "JSON mode writes no file unless asked"
    );
}

#[test]
fn a_clean_inbox_has_no_error_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    inbox(dir.path(), "一等奖");
    std::fs::remove_file(dir.path().join("坏文件.xlsx")).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = jiaoke(&[
        "check",
        dir.path().to_str().unwrap(),
        "--out",
        out_dir.path().to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("0 个错误"), "{stdout}");
    assert!(out_dir.path().join("问题清单.xlsx").is_file());
}
