//! `jiaoke run`, `report` and `init` on the demo inbox, read back: every file is written, the
//! report CSVs keep their contract columns, and their totals agree with the normalized records.

mod common;

use std::collections::HashSet;

use calamine::{Reader, Xlsx, open_workbook};
use common::{csv_headers, jiaoke_in, jiaoke_ok, read_csv, root, snapshot};

const SCHOOL_YEAR: (&str, &str) = ("2023-09-01", "2024-08-31");

fn in_period(date: &str) -> bool {
    !date.is_empty() && date >= SCHOOL_YEAR.0 && date <= SCHOOL_YEAR.1
}

fn sum(rows: &[common::Row], col: &str) -> f64 {
    rows.iter()
        .map(|r| r[col].parse::<f64>().unwrap_or(0.0))
        .sum()
}

#[test]
fn run_writes_every_output_and_the_totals_agree_with_the_records() {
    let inbox = root().join("samples/inbox");
    let before = snapshot(&inbox);
    let out = tempfile::tempdir().unwrap();
    let o = out.path();
    let run = jiaoke_ok(
        &["run", inbox.to_str().unwrap(), "--out", o.to_str().unwrap()],
        0,
    );
    assert_eq!(before, snapshot(&inbox), "the inbox must not be modified");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("2023—2024学年"),
        "the profile's period is used: {stdout}"
    );

    let files = [
        "teachers.csv",
        "papers.csv",
        "projects.csv",
        "training.csv",
        "plans.csv",
        "数据汇总.xlsx",
        "问题清单.xlsx",
        "年度教科研成果统计（2023—2024学年）.xlsx",
        "教师培训学时汇总（2023—2024学年）.xlsx",
        "学期工作汇总（2023—2024学年第一学期）.xlsx",
        "学期工作汇总（2023—2024学年第二学期）.xlsx",
        "research_summary.csv",
        "research_by_teacher.csv",
        "training_by_teacher.csv",
        "term_summary.csv",
    ];
    for f in files {
        assert!(o.join(f).is_file(), "{f} written");
        assert!(stdout.contains(f), "{f} listed in the output");
    }
    assert!(
        !std::fs::read_dir(o).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".jiaoke-")),
        "no temporary file is left behind"
    );

    // Contract columns.
    assert_eq!(
        csv_headers(&o.join("research_summary.csv"))[..4],
        ["category", "level", "grade", "count"]
    );
    assert_eq!(
        csv_headers(&o.join("research_by_teacher.csv"))[..6],
        [
            "teacher",
            "department",
            "awards",
            "publications",
            "projects_led",
            "projects_joined"
        ]
    );
    assert_eq!(
        csv_headers(&o.join("training_by_teacher.csv"))[..5],
        ["teacher", "department", "hours", "required", "shortfall"]
    );

    // Awards counted = 获奖 papers dated in the school year, each handed-in twice counted once.
    let cwd = tempfile::tempdir().unwrap();
    let json = jiaoke_in(
        cwd.path(),
        &["check", inbox.to_str().unwrap(), "--format", "json"],
    );
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    let duplicates: HashSet<(String, u64)> = findings
        .iter()
        .filter(|f| f["code"] == "duplicate_record")
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["row"].as_u64().unwrap(),
            )
        })
        .collect();
    let papers = read_csv(&o.join("papers.csv"));
    let counted = |kind: &str| {
        papers
            .iter()
            .filter(|p| p["kind"] == kind && in_period(&p["date"]))
            .filter(|p| {
                !duplicates.contains(&(p["source_file"].clone(), p["row"].parse().unwrap()))
            })
            .count() as f64
    };
    let summary = read_csv(&o.join("research_summary.csv"));
    let category = |c: &str| {
        summary
            .iter()
            .filter(|r| r["category"] == c)
            .map(|r| r["count"].parse::<f64>().unwrap())
            .sum::<f64>()
    };
    assert_eq!(category("论文获奖"), counted("获奖"));
    assert_eq!(category("论文发表"), counted("发表"));

    // Training hours per teacher add up to the hours of the records that end in the year.
    let training = read_csv(&o.join("training.csv"));
    let hours_in_year: f64 = training
        .iter()
        .filter(|t| {
            in_period(if t["end"].is_empty() {
                &t["start"]
            } else {
                &t["end"]
            })
        })
        .map(|t| t["hours"].parse::<f64>().unwrap_or(0.0))
        .sum();
    let by_teacher = read_csv(&o.join("training_by_teacher.csv"));
    assert!((sum(&by_teacher, "hours") - hours_in_year).abs() < 1e-9);
    for t in &by_teacher {
        let (hours, required, shortfall): (f64, f64, f64) = (
            t["hours"].parse().unwrap(),
            t["required"].parse().unwrap_or(0.0),
            t["shortfall"].parse().unwrap_or(0.0),
        );
        if t["on_roster"] == "true" {
            assert_eq!(shortfall, (required - hours).max(0.0), "{t:?}");
        }
    }
    // Every roster teacher has a line.
    let roster: HashSet<String> = read_csv(&o.join("teachers.csv"))
        .iter()
        .map(|t| t["name"].clone())
        .collect();
    let listed: HashSet<String> = by_teacher
        .iter()
        .filter(|t| t["on_roster"] == "true")
        .map(|t| t["teacher"].clone())
        .collect();
    assert_eq!(roster, listed);

    // Each workbook carries the 数据问题 sheet, listing the errors.
    let errors = findings.iter().filter(|f| f["severity"] == "error").count();
    for f in files.iter().filter(|f| {
        f.ends_with(".xlsx") && !f.starts_with("数据汇总") && !f.starts_with("问题清单")
    }) {
        let mut wb: Xlsx<_> = open_workbook(o.join(f)).unwrap();
        assert!(wb.sheet_names().iter().any(|n| n == "数据问题"), "{f}");
        let range = wb.worksheet_range("数据问题").unwrap();
        assert_eq!(range.height(), 3 + errors, "{f}: one row per error");
    }
}

#[test]
fn report_writes_csv_only_when_asked_and_refuses_a_bad_term() {
    let inbox = root().join("samples/inbox");
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    jiaoke_ok(
        &[
            "report",
            "training",
            inbox.to_str().unwrap(),
            "--year",
            "2023",
            "--out",
            o,
            "--quiet",
        ],
        0,
    );
    assert!(
        out.path()
            .join("教师培训学时汇总（2023年度）.xlsx")
            .is_file()
    );
    assert!(!out.path().join("training_by_teacher.csv").exists());
    jiaoke_ok(
        &[
            "report",
            "research",
            inbox.to_str().unwrap(),
            "--year",
            "2023",
            "--out",
            o,
            "--format",
            "csv",
            "--quiet",
        ],
        0,
    );
    assert!(out.path().join("research_summary.csv").is_file());
    let term = jiaoke_ok(
        &[
            "report",
            "term",
            inbox.to_str().unwrap(),
            "--term",
            "2023-2024-3",
            "--out",
            o,
        ],
        2,
    );
    assert!(String::from_utf8_lossy(&term.stderr).contains("学期"));
}

#[test]
fn init_writes_a_profile_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    jiaoke_ok(&["init", d], 0);
    let text = std::fs::read_to_string(dir.path().join("jiaoke.toml")).unwrap();
    assert!(text.contains("[school]") && text.contains("required_hours_per_year"));
    let again = jiaoke_ok(&["init", d], 2);
    assert!(String::from_utf8_lossy(&again.stderr).contains("已存在"));
    jiaoke_ok(&["init", d, "--force"], 0);
}
