//! Helpers shared by the integration tests: run the real binary, read its CSVs back.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `jiaoke` with the given arguments.
pub fn jiaoke(args: &[&str]) -> Output {
    jiaoke_in(&root(), args)
}

/// Runs `jiaoke` in the working directory `cwd`.
pub fn jiaoke_in(cwd: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_jiaoke"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("the jiaoke binary runs")
}

/// Runs `jiaoke` and asserts it exited with `code`, showing its output otherwise.
pub fn jiaoke_ok(args: &[&str], code: i32) -> Output {
    let out = jiaoke(args);
    assert_eq!(
        out.status.code(),
        Some(code),
        "jiaoke {args:?}\n--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// One CSV row as column → value.
pub type Row = BTreeMap<String, String>;

/// Reads a CSV with a header row into rows.
pub fn read_csv(path: &Path) -> Vec<Row> {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The header row of a CSV.
pub fn csv_headers(path: &Path) -> Vec<String> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect()
}

/// A snapshot of every file under `dir` (path → bytes), to prove nothing was written there.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}
