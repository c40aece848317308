//! Prints every cell of a workbook, one `sheet!A1<TAB>value` line per non-empty cell, to
//! compare two versions of a report (`diff`) when its layout code changes.
//!
//! ```text
//! cargo run --example dumpbook -- 某报表.xlsx
//! ```

use std::process::ExitCode;

use calamine::{Data, Reader, open_workbook_auto};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dumpbook FILE");
        return ExitCode::from(2);
    };
    let mut book = match open_workbook_auto(&path) {
        Ok(book) => book,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if matches!(cell, Data::Empty) {
                    continue;
                }
                let at = cell_name(r0 + r as u32, c0 + c as u32);
                println!("{name}!{at}\t{cell}");
            }
        }
    }
    ExitCode::SUCCESS
}

fn cell_name(row: u32, col: u32) -> String {
    let mut letters = String::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.insert(0, char::from(b'A' + rem as u8));
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}
