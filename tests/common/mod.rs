//! Helpers shared by the integration tests: run the real binary, read its CSVs back.

#![allow(dead_code)]

pub mod http;

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

/// Runs jiaoke in `cwd` and asserts it exits 0, showing its output when not.
pub fn jiaoke_ok_in(cwd: &Path, args: &[&str]) -> Output {
    let out = jiaoke_in(cwd, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "jiaoke {args:?}\n--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// research_summary.csv's lines (or a district's, of one school) as
/// `category/level/grade=count`, sorted: to compare two of them.
pub fn summary_lines<'a>(rows: impl IntoIterator<Item = &'a Row>) -> Vec<String> {
    let mut out: Vec<String> = rows
        .into_iter()
        .map(|r| {
            format!(
                "{}/{}/{}={}",
                r["category"], r["level"], r["grade"], r["count"]
            )
        })
        .collect();
    out.sort();
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

/// Copies a folder tree (files and folders) into `to`, which is created.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` whose name ends with `suffix`.
pub fn files_ending(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.file_name().to_string_lossy().ends_with(suffix))
        .map(|e| e.into_path())
        .collect()
}

/// One cell of a workbook read back: sheet, 0-based row and column, text.
pub type SheetCell = (String, u32, u32, String);

/// Every non-empty cell of every sheet of an .xlsx, as text (numbers as calamine shows them).
///
/// # Panics
/// The workbook cannot be opened or a sheet read: a test failure.
pub fn xlsx_cells(path: &Path) -> Vec<SheetCell> {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> =
        open_workbook(path).unwrap_or_else(|e| panic!("{} opens: {e}", path.display()));
    let mut cells = Vec::new();
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .unwrap_or_else(|e| panic!("{} › {name}: {e}", path.display()));
        for (r, c, v) in range.used_cells() {
            cells.push((name.clone(), r as u32, c as u32, v.to_string()));
        }
    }
    cells
}

/// Reads every record of a CSV, to prove it parses.
///
/// # Panics
/// A record cannot be read: a test failure.
pub fn parse_csv(path: &Path) -> usize {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut count = 0;
    for record in reader.records() {
        record.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        count += 1;
    }
    count
}

/// A district inbox as one zip: the 学校名单 and one school's folder (the sample inbox); two
/// listed schools handed in nothing.
pub fn district_zip() -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("学校名单.csv", options).unwrap();
    zip.write_all("序号,学校名称,学段\n1,常州市武进区湖塘中心小学,小学\n2,西湖小学,小学\n3,东门实验学校,九年一贯制\n".as_bytes())
        .unwrap();
    zip_folder(&mut zip, &root().join("samples/inbox"), "湖塘中心/");
    zip.finish().unwrap().into_inner()
}

/// Adds every file under `folder` to a zip, named `prefix` + its path inside (`/`).
pub fn zip_folder<W: std::io::Write + std::io::Seek>(
    zip: &mut zip::ZipWriter<W>,
    folder: &Path,
    prefix: &str,
) {
    use std::io::Write;
    let options = zip::write::SimpleFileOptions::default();
    for entry in walkdir::WalkDir::new(folder).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(folder).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            zip.start_file(format!("{prefix}{rel}"), options).unwrap();
            zip.write_all(&std::fs::read(entry.path()).unwrap())
                .unwrap();
        }
    }
}
