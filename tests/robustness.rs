//! Bad input never crashes and never stops the run: the demo inbox's files truncated, with
//! bytes flipped, or replaced by noise, under every extension jiaoke reads. Every file comes
//! out either read or reported with a reason.

mod common;

use std::collections::HashSet;

use common::{jiaoke_in, root};

/// A small deterministic generator (no test depends on chance).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn mangled_files_are_reported_not_fatal() {
    let sources: Vec<Vec<u8>> = walkdir::WalkDir::new(root().join("samples/inbox"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| std::fs::read(e.path()).unwrap())
        .filter(|b| b.len() > 16)
        .collect();
    let exts = ["xlsx", "xls", "ods", "csv", "docx", "txt", "et", "xml"];
    let inbox = tempfile::tempdir().unwrap();
    let mut rng = Lcg(20261123);
    let mut names = Vec::new();
    for i in 0..120 {
        let mut bytes = sources[rng.below(sources.len())].clone();
        match i % 3 {
            0 => bytes.truncate(1 + rng.below(bytes.len() - 1)),
            1 => {
                for _ in 0..1 + rng.below(40) {
                    let at = rng.below(bytes.len());
                    bytes[at] = rng.next() as u8;
                }
            }
            _ => bytes = (0..rng.below(4000)).map(|_| rng.next() as u8).collect(),
        }
        let name = format!("f{i:03}.{}", exts[rng.below(exts.len())]);
        std::fs::write(inbox.path().join(&name), &bytes).unwrap();
        names.push(name);
    }
    let cwd = tempfile::tempdir().unwrap();
    let out = jiaoke_in(
        cwd.path(),
        &["check", inbox.path().to_str().unwrap(), "--format", "json"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "the run completes: {stderr}"
    );
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let reported: HashSet<&str> = findings
        .iter()
        .filter(|f| f["code"] == "unreadable_file")
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert!(!reported.is_empty(), "noise is reported");
    for f in findings.iter().filter(|f| f["code"] == "unreadable_file") {
        let message = f["message"].as_str().unwrap();
        assert!(
            message.contains('：')
                && message
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{message}"
        );
    }
    // Every mangled file is accounted for: read, skipped, or reported unreadable.
    let import = jiaoke_in(
        cwd.path(),
        &[
            "import",
            inbox.path().to_str().unwrap(),
            "--out",
            cwd.path().join("out").to_str().unwrap(),
        ],
    );
    assert_eq!(import.status.code(), Some(0));
    // A large inbox lists only (at most 100 of) the files to look at; the others gave records
    // or findings.
    let table = String::from_utf8_lossy(&import.stdout);
    let mut sources = String::new();
    for csv in common::files_ending(&cwd.path().join("out"), ".csv") {
        sources.push_str(&std::fs::read_to_string(csv).unwrap());
    }
    for name in &names {
        assert!(
            table.contains(name.as_str())
                || sources.contains(name.as_str())
                || findings.iter().any(|f| f["file"] == name.as_str()),
            "{name} listed in the import summary, read into the records or reported"
        );
    }
}
