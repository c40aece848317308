//! Personal data: no workbook jiaoke writes carries a full 身份证号 or mobile number unless
//! `[privacy] full_numbers_in_workbooks` asks for them; the CSV files and `check --format json`
//! keep full values; the terminal report never shows them.

mod common;

use std::path::Path;
use std::sync::LazyLock;

use common::{copy_dir, files_ending, jiaoke_in, root, xlsx_cells};
use regex::Regex;

/// A roster entry's ID (valid) and an invalid one 问题清单 lists, both in the demo inbox.
const ROSTER_ID: &str = "32041219860312022X";
const INVALID_ID: &str = "320412197409193540";
/// A paper whose title carries mobile numbers, written two ways.
const PHONES_CSV: &str = "作者,论文题目,级别,等次,获奖时间\n\
    王小明,家校沟通的实践（联系电话 138-1234-5678，13912345678）,市级,一等奖,2023-10-12\n";

/// The demo inbox plus a paper quoting mobile numbers, in a temporary folder.
fn inbox(dir: &Path, full_numbers: bool) {
    copy_dir(&root().join("samples/inbox"), dir);
    std::fs::write(dir.join("家校论文.csv"), PHONES_CSV).unwrap();
    if full_numbers {
        let profile = dir.join("jiaoke.toml");
        let mut text = std::fs::read_to_string(&profile).unwrap();
        text.push_str("\n[privacy]\nfull_numbers_in_workbooks = true\n");
        std::fs::write(profile, text).unwrap();
    }
}

/// Full numbers in a text: 18-character IDs, 15-digit IDs, 11-digit mobiles (as written or 3-4-4).
fn full_numbers(text: &str) -> Vec<String> {
    static ID: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(^|[^0-9A-Za-z])([0-9]{17}[0-9Xx]|[0-9]{15})($|[^0-9A-Za-z])").unwrap()
    });
    static MOBILE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(^|[^0-9])(1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4})($|[^0-9])").unwrap()
    });
    ID.captures_iter(text)
        .chain(MOBILE.captures_iter(text))
        .map(|c| c[2].to_string())
        .collect()
}

fn run(inbox: &Path, out: &Path) {
    let cwd = tempfile::tempdir().unwrap();
    let run = jiaoke_in(
        cwd.path(),
        &[
            "run",
            inbox.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(0), "{run:?}");
}

#[test]
fn workbooks_mask_personal_numbers_and_csv_and_json_keep_them() {
    let dir = tempfile::tempdir().unwrap();
    let (inbox_dir, out) = (dir.path().join("inbox"), dir.path().join("out"));
    inbox(&inbox_dir, false);
    run(&inbox_dir, &out);

    let books = files_ending(&out, ".xlsx");
    assert_eq!(books.len(), 6, "every workbook of a run: {books:?}");
    let mut masked = String::new();
    for book in &books {
        for (sheet, r, c, text) in xlsx_cells(book) {
            let found = full_numbers(&text);
            assert!(
                found.is_empty(),
                "{} › {sheet} › ({r}, {c}): {found:?} in {text}",
                book.display()
            );
            masked.push_str(&text);
            masked.push('\n');
        }
    }
    assert!(
        masked.contains("320412********022X"),
        "the roster's IDs, masked"
    );
    assert!(
        masked.contains("320412********3540"),
        "问题清单's invalid ID, masked"
    );
    assert!(masked.contains("138****5678") && masked.contains("139****5678"));

    let teachers = std::fs::read_to_string(out.join("teachers.csv")).unwrap();
    assert!(teachers.contains(ROSTER_ID), "teachers.csv keeps full IDs");
    let papers = std::fs::read_to_string(out.join("papers.csv")).unwrap();
    assert!(papers.contains("138-1234-5678") && papers.contains("13912345678"));

    let cwd = tempfile::tempdir().unwrap();
    let inbox_arg = inbox_dir.to_str().unwrap();
    let json = jiaoke_in(cwd.path(), &["check", inbox_arg, "--format", "json"]);
    assert!(
        String::from_utf8_lossy(&json.stdout).contains(INVALID_ID),
        "JSON keeps full values"
    );
    let report = jiaoke_in(cwd.path(), &["check", inbox_arg]);
    let terminal = String::from_utf8_lossy(&report.stdout);
    assert!(terminal.contains("320412********3540"), "{terminal}");
    assert_eq!(
        full_numbers(&terminal),
        Vec::<String>::new(),
        "terminal masked"
    );
}

#[test]
fn the_profile_can_ask_for_full_numbers_in_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    let (inbox_dir, out) = (dir.path().join("inbox"), dir.path().join("out"));
    inbox(&inbox_dir, true);
    run(&inbox_dir, &out);
    let cells: Vec<String> = xlsx_cells(&out.join("数据汇总.xlsx"))
        .into_iter()
        .map(|(_, _, _, text)| text)
        .collect();
    assert!(cells.iter().any(|t| t == ROSTER_ID));
    assert!(cells.iter().any(|t| t.contains("138-1234-5678")));
    let findings = xlsx_cells(&out.join("问题清单.xlsx"));
    assert!(findings.iter().any(|(_, _, _, t)| t == INVALID_ID));
}
