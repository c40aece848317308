//! Reads one file as `jiaoke import` does and prints one tab-separated line: what came of it.
//! With `--calamine`, tries calamine alone on it instead (every format, every sheet) and says
//! whether calamine opens it. `bench/corpus.sh` runs this once per file of a corpus of real
//! workbooks, in a process of its own, to measure each file's time and peak memory and to
//! list the files calamine opens that jiaoke refuses.
//!
//! ```text
//! cargo run --release --example readfile -- 某文件.xlsx
//! cargo run --release --example readfile -- --calamine 某文件.xlsx
//! ```

use std::io::Cursor;
use std::process::ExitCode;

use jiaoke::import::{Outcome, read_bytes};
use jiaoke::vocab::Vocab;

fn main() -> ExitCode {
    jiaoke::guard::install_quiet_panic_hook();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (calamine_only, path) = match args.as_slice() {
        [flag, path] if flag == "--calamine" => (true, path),
        [path] => (false, path),
        _ => {
            eprintln!("usage: readfile [--calamine] FILE");
            return ExitCode::from(2);
        }
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    if calamine_only {
        return calamine_opens(bytes);
    }
    let name = std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = read_bytes(&name, bytes);
    let vocab = Vocab::builtin();
    let (outcome, sheets, rows, mut records, message) = match &file.outcome {
        Outcome::Sheets(sheets) => {
            let rows: usize = sheets.iter().map(|s| s.rows.len()).sum();
            ("sheets", sheets.len(), rows, 0, String::new())
        }
        Outcome::Document(doc) => (
            "document",
            doc.tables.len(),
            doc.lines.len(),
            0,
            String::new(),
        ),
        Outcome::Skipped(r) => ("skipped", 0, 0, 0, r.clone()),
        Outcome::Unreadable(r) => ("unreadable", 0, 0, 0, r.clone()),
    };
    // Normalizing is part of what a file costs, and must not panic either.
    if let Outcome::Sheets(list) = &file.outcome {
        for sheet in list {
            match jiaoke::guard::catch(|| jiaoke::normalize::normalize_sheet(sheet, &vocab)) {
                Ok(n) => records += n.records.len(),
                Err(what) => {
                    println!("{path}\tpanic\t0\t0\t0\tnormalize panicked: {what}");
                    return ExitCode::from(3);
                }
            }
        }
    }
    let message: String = message.chars().take(160).collect();
    println!(
        "{path}\t{outcome}\t{sheets}\t{rows}\t{records}\t{}\t{message}",
        file.format
    );
    ExitCode::SUCCESS
}

/// Whether calamine, by itself, opens the file as any format and reads at least one sheet.
fn calamine_opens(bytes: Vec<u8>) -> ExitCode {
    use calamine::{Ods, Reader, Xls, Xlsb, Xlsx};
    fn all_sheets<RS: std::io::Read + std::io::Seek, R: Reader<RS>>(mut wb: R) -> usize {
        let names = wb.sheet_names();
        names
            .iter()
            .filter(|n| wb.worksheet_range(n).is_ok())
            .count()
    }
    type Open = fn(Vec<u8>) -> Option<usize>;
    let tries: [(&str, Open); 4] = [
        ("xlsx", |b| Xlsx::new(Cursor::new(b)).ok().map(all_sheets)),
        ("xlsb", |b| Xlsb::new(Cursor::new(b)).ok().map(all_sheets)),
        ("xls", |b| Xls::new(Cursor::new(b)).ok().map(all_sheets)),
        ("ods", |b| Ods::new(Cursor::new(b)).ok().map(all_sheets)),
    ];
    for (format, open) in tries {
        let bytes = bytes.clone();
        if let Ok(Some(sheets @ 1..)) = jiaoke::guard::catch(|| open(bytes)) {
            println!("calamine opens it as {format}: {sheets} sheets read");
            return ExitCode::SUCCESS;
        }
    }
    println!("calamine does not open it");
    ExitCode::from(1)
}
