//! The inbox is only read: after every command (import, check, each report, run) every entry
//! of a copy of the demo inbox has the same bytes, length, modification time and permissions,
//! and nothing was added or removed.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use common::{copy_dir, jiaoke_in, root};

/// What must not change about one entry: its bytes (none for a folder), length, modification
/// time and permissions.
#[derive(Debug, PartialEq, Eq)]
struct Entry {
    bytes: Option<Vec<u8>>,
    len: u64,
    modified: SystemTime,
    readonly: bool,
}

/// Every entry under `dir`, folders included.
fn fingerprint(dir: &Path) -> BTreeMap<PathBuf, Entry> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let meta = e.metadata().unwrap();
            let bytes = meta.is_file().then(|| std::fs::read(e.path()).unwrap());
            let entry = Entry {
                bytes,
                len: meta.len(),
                modified: meta.modified().unwrap(),
                readonly: meta.permissions().readonly(),
            };
            (e.path().to_path_buf(), entry)
        })
        .collect()
}

#[test]
fn no_command_changes_or_adds_anything_in_the_inbox() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收集表");
    copy_dir(&root().join("samples/inbox"), &inbox);
    let before = fingerprint(&inbox);
    assert!(before.len() > 20, "the demo inbox was copied");
    let work = tempfile::tempdir().unwrap();
    let cwd = work.path();
    let out = dir.path().join("out");
    let (i, o) = (inbox.to_str().unwrap(), out.to_str().unwrap());
    let commands: [&[&str]; 8] = [
        &["import", i, "--out", o],
        &["check", i, "--out", o],
        &["check", i, "--format", "json"],
        &["report", "research", i, "--out", o, "--format", "csv"],
        &["report", "training", i, "--out", o],
        &["report", "term", i, "--out", o],
        &["run", i, "--out", o],
        &["run", i, "--out", o, "--year", "2023"],
    ];
    for args in commands {
        let run = jiaoke_in(cwd, args);
        assert!(
            matches!(run.status.code(), Some(0 | 1)),
            "{args:?}: {run:?}"
        );
        assert!(
            fingerprint(&inbox) == before,
            "jiaoke {args:?} changed the inbox"
        );
    }
    // Writing into the inbox is refused, and refusing writes nothing either.
    let refused = jiaoke_in(cwd, &["run", i, "--out", &format!("{i}/reports")]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(fingerprint(&inbox) == before);
}
