//! `jiaoke check` on the demo inbox: every problem the sample generator planted
//! (`samples/expected/problems.csv`) is found at its exact location, and no error is reported
//! that was not planted.

mod common;

use common::{jiaoke_in, read_csv, root};

#[test]
fn every_planted_problem_is_found_at_its_cell_and_nothing_else_is_an_error() {
    let inbox = root().join("samples/inbox");
    let cwd = tempfile::tempdir().unwrap();
    let out = jiaoke_in(
        cwd.path(),
        &["check", inbox.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "the demo inbox has planted errors"
    );
    let found: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let key = |f: &serde_json::Value| {
        (
            f["file"].as_str().unwrap_or("").to_string(),
            f["sheet"].as_str().unwrap_or("").to_string(),
            f["row"].as_u64().map(|r| r.to_string()).unwrap_or_default(),
            f["column"].as_str().unwrap_or("").to_string(),
            f["code"].as_str().unwrap_or("").to_string(),
        )
    };
    let found_keys: Vec<_> = found.iter().map(key).collect();

    let planted = read_csv(&root().join("samples/expected/problems.csv"));
    let planted_keys: Vec<_> = planted
        .iter()
        .map(|p| {
            (
                p["file"].clone(),
                p["sheet"].clone(),
                p["row"].clone(),
                p["column"].clone(),
                p["code"].clone(),
            )
        })
        .collect();
    let missed: Vec<String> = planted
        .iter()
        .zip(&planted_keys)
        .filter(|(_, k)| !found_keys.contains(k))
        .map(|(p, k)| format!("{k:?} ({})", p["note"]))
        .collect();
    assert!(
        missed.is_empty(),
        "planted problems not found:\n{}",
        missed.join("\n")
    );

    let unplanted_errors: Vec<String> = found
        .iter()
        .filter(|f| f["severity"] == "error" && !planted_keys.contains(&key(f)))
        .map(|f| format!("{:?}: {}", key(f), f["message"]))
        .collect();
    assert!(
        unplanted_errors.is_empty(),
        "errors nobody planted:\n{}",
        unplanted_errors.join("\n")
    );

    for f in &found {
        if f["row"].is_u64() && !f["column"].as_str().unwrap_or("").is_empty() {
            let cell = f["cell"].as_str().unwrap();
            assert!(
                cell.ends_with(&f["row"].to_string()),
                "cell {cell} is on row {}",
                f["row"]
            );
        }
    }
}

#[test]
fn the_findings_workbook_lists_every_finding() {
    let inbox = root().join("samples/inbox");
    let out = tempfile::tempdir().unwrap();
    let run = jiaoke_in(
        out.path(),
        &[
            "check",
            inbox.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(1));
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(
        text.contains("语文组/语文组论文.xlsx") && text.contains("建议："),
        "{text}"
    );
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(out.path().join("问题清单.xlsx")).unwrap();
    let range = wb.worksheet_range("问题清单").unwrap();
    let json = jiaoke_in(
        out.path(),
        &["check", inbox.to_str().unwrap(), "--format", "json"],
    );
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    // Title, letterhead and header rows, then one row per finding.
    assert_eq!(range.height(), 3 + findings.len());
    let header: Vec<String> = range
        .rows()
        .nth(2)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    for h in ["文件", "教研组", "工作表", "单元格", "原值", "问题", "建议"] {
        assert!(header.iter().any(|x| x == h), "{h} in {header:?}");
    }
}

/// The terminal gives repeated findings of one code in one column of a sheet one entry that
/// lists the rows; the JSON (and 问题清单) keep every finding.
#[test]
fn the_terminal_groups_repeated_findings() {
    let inbox = root().join("samples/inbox");
    let out = tempfile::tempdir().unwrap();
    let args = |json: bool| {
        let mut a = vec![
            "check".to_string(),
            inbox.to_str().unwrap().to_string(),
            "--out".to_string(),
            out.path().to_str().unwrap().to_string(),
        ];
        if json {
            a.extend(["--format".to_string(), "json".to_string()]);
        }
        a
    };
    let text_args = args(false);
    let text = jiaoke_in(
        out.path(),
        &text_args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let text = String::from_utf8_lossy(&text.stdout);
    let json_args = args(true);
    let json = jiaoke_in(
        out.path(),
        &json_args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    let out_of_period = findings
        .iter()
        .filter(|f| f["message"].as_str().unwrap().contains("不在统计期"))
        .count();
    let lines = text.lines().filter(|l| l.contains("不在统计期")).count();
    assert!(
        out_of_period >= 10,
        "the samples plant dates out of the period"
    );
    assert!(
        lines < out_of_period / 2,
        "{lines} lines for {out_of_period}: {text}"
    );
    assert!(text.contains(" 处，第 "), "{text}");
}
