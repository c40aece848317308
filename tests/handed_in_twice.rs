//! A department's files handed in twice (the same files again in a second folder) change no
//! number in any report: every copy is a `duplicate_record` error, and counts once.

mod common;

use std::path::Path;

use common::{copy_dir, jiaoke_in, root};

fn run(inbox: &Path, out: &Path) {
    let cwd = tempfile::tempdir().unwrap();
    let args = [
        "run",
        inbox.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--school-year",
        "2023-2024",
        "--quiet",
    ];
    let done = jiaoke_in(cwd.path(), &args);
    assert_eq!(
        done.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
}

#[test]
fn files_handed_in_twice_change_no_report() {
    let original = tempfile::tempdir().unwrap();
    copy_dir(&root().join("samples/inbox"), original.path());
    let twice = tempfile::tempdir().unwrap();
    copy_dir(&root().join("samples/inbox"), twice.path());
    // Two departments' training and paper files, and the office's projects list, handed in
    // again in another folder.
    for dept in ["艺体组", "综合组"] {
        copy_dir(
            &root().join("samples/inbox").join(dept),
            &twice.path().join("重复上交").join(dept),
        );
    }
    std::fs::copy(
        root().join("samples/inbox/课题一览表.xlsx"),
        twice.path().join("重复上交/课题一览表（再交）.xlsx"),
    )
    .unwrap();

    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run(original.path(), a.path());
    run(twice.path(), b.path());
    for csv in [
        "research_summary.csv",
        "research_by_teacher.csv",
        "training_by_teacher.csv",
        "term_summary.csv",
    ] {
        let before = std::fs::read_to_string(a.path().join(csv)).unwrap();
        let after = std::fs::read_to_string(b.path().join(csv)).unwrap();
        assert_eq!(
            before, after,
            "{csv} changed when files were handed in twice"
        );
    }

    // Every copy is reported, and there are copies of every kind handed in again.
    let cwd = tempfile::tempdir().unwrap();
    let json = jiaoke_in(
        cwd.path(),
        &["check", twice.path().to_str().unwrap(), "--format", "json"],
    );
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    let copies: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["code"] == "duplicate_record")
        .collect();
    let in_copies = |what: &str| {
        copies.iter().any(|f| {
            f["file"].as_str().unwrap().starts_with("重复上交/")
                && f["message"].as_str().unwrap().contains(what)
        })
    };
    assert!(in_copies("培训记录"), "training copies reported");
    assert!(in_copies("论文"), "paper copies reported");
    assert!(in_copies("课题"), "project copies reported");
}
