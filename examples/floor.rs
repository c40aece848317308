//! The read floor of the benchmark: what merely reading an inbox costs. Opens every workbook
//! below a folder with calamine (xlsx, xlsm, xlsb, xls, ods; other files are skipped), reads
//! every sheet and counts the non-empty cells, nothing else. `bench/run.sh` times it beside
//! `jiaoke import` and `jiaoke run` so that their figures are ratios to it.
//!
//! ```text
//! cargo run --release --example floor -- 收集表/
//! ```

use std::path::Path;
use std::process::ExitCode;

use calamine::{Data, Reader, open_workbook_auto};

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: floor DIR");
        return ExitCode::from(2);
    };
    let (mut books, mut cells) = (0usize, 0usize);
    walk(Path::new(&dir), &mut |path| {
        let Ok(mut book) = open_workbook_auto(path) else {
            return;
        };
        books += 1;
        for name in book.sheet_names() {
            if let Ok(range) = book.worksheet_range(&name) {
                cells += range
                    .used_cells()
                    .filter(|(_, _, c)| **c != Data::Empty)
                    .count();
            }
        }
    });
    println!("{books} {cells}");
    ExitCode::SUCCESS
}

/// Calls `f` on every workbook file below `dir`, in sorted order.
fn walk(dir: &Path, f: &mut dyn FnMut(&Path)) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, f);
            continue;
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods") {
            f(&path);
        }
    }
}
