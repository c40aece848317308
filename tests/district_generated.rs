//! `jiaoke district` on a generated district inbox (`samplegen district`, compiled into this
//! test from examples/samplegen, so no second cargo build is needed): a school list with a
//! title row and full official names, folders named by full names, names without
//! 常州市武进区 and short forms (湖塘实小, 花园初中), some numbered, some with the files one or
//! two folders down, every school's sheets in its own header spellings and layouts; a listed
//! school without a folder, one with only a truncated workbook; and one more school, added
//! here, that hands in the workbooks jiaoke made for another school.
//!
//! Every school must count what its own `jiaoke report` says, the district's totals must be
//! the sum of the schools', every status must be the generator's.

// The generator's modules, as examples/samplegen/main.rs declares them (they name each other
// `crate::…`). Only `district` is driven here; the rest of their API is the samples' too.
#[allow(dead_code)]
#[path = "../examples/samplegen/cols.rs"]
mod cols;
#[allow(dead_code)]
#[path = "../examples/samplegen/district.rs"]
mod district;
#[allow(dead_code)]
#[path = "../examples/samplegen/grid.rs"]
mod grid;
#[allow(dead_code)]
#[path = "../examples/samplegen/idcard.rs"]
mod idcard;
#[allow(dead_code)]
#[path = "../examples/samplegen/mess.rs"]
mod mess;
#[allow(dead_code)]
#[path = "../examples/samplegen/model.rs"]
mod model;
#[allow(dead_code)]
#[path = "../examples/samplegen/prng.rs"]
mod prng;
#[allow(dead_code)]
#[path = "../examples/samplegen/school.rs"]
mod school;
#[allow(dead_code)]
#[path = "../examples/samplegen/table.rs"]
mod table;
#[allow(dead_code)]
#[path = "../examples/samplegen/write.rs"]
mod write;

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Row, SheetCell, files_ending, jiaoke_ok_in, read_csv, summary_lines, xlsx_cells};

const SCHOOLS: usize = 8;
const SEED: u64 = 1;
/// The generated records' year.
const YEAR: &str = "2023";
/// A listed school added here: it hands in another school's own report workbooks.
const HANDED_UP: &str = "常州市武进区城南初级中学";
const HANDED_UP_FOLDER: &str = "城南初中";
/// The district's settings, used for every school's own reports too. A requirement other
/// than the default makes `required` and `met` say which settings counted.
const CONFIG: &str =
    "[school]\nname = \"武进区教师发展中心\"\n[training]\nrequired_hours_per_year = 24\n";

/// A school's own reports (research and training, workbooks and CSVs) on its folder alone.
fn own_reports(folder: &Path, config: &Path, out: &Path) {
    for report in ["research", "training"] {
        jiaoke_ok_in(
            out.parent().unwrap(),
            &[
                "report",
                report,
                folder.to_str().unwrap(),
                "--year",
                YEAR,
                "--config",
                config.to_str().unwrap(),
                "--format",
                "csv",
                "--out",
                out.to_str().unwrap(),
                "--quiet",
            ],
        );
    }
}

/// Adds a school to the list workbook at the inbox's top, keeping its title row and columns.
fn add_to_list(list: &Path, school: &str) {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(list).unwrap();
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).unwrap();
    let mut rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let n = rows.len() - 1; // the title row and the header above the schools
    rows.push(vec![
        Data::Float(n as f64),
        Data::String(school.into()),
        Data::String("初中".into()),
        Data::String("湖塘片".into()),
        Data::Empty,
    ]);
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(&sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match v {
                Data::String(s) => ws.write_string(r, c, s).map(|_| ()).unwrap(),
                Data::Float(f) => ws.write_number(r, c, *f).map(|_| ()).unwrap(),
                Data::Int(i) => ws.write_number(r, c, *i as f64).map(|_| ()).unwrap(),
                _ => {}
            }
        }
    }
    book.save(list).unwrap();
}

fn num(s: &str) -> f64 {
    s.parse()
        .unwrap_or_else(|_| panic!("{s:?} is not a number"))
}

/// The value in `sheet` on the row labelled `row_label` (in its first column), in the first
/// column headed `column` above that row.
fn cell_at(cells: &[SheetCell], sheet: &str, row_label: &str, column: &str) -> String {
    let on: Vec<&SheetCell> = cells.iter().filter(|c| c.0 == sheet).collect();
    let row = on
        .iter()
        .find(|c| c.2 == 0 && c.3 == row_label)
        .unwrap_or_else(|| panic!("{sheet}: no {row_label:?}"))
        .1;
    let col = on
        .iter()
        .find(|c| c.3 == column && c.1 < row)
        .unwrap_or_else(|| panic!("{sheet}: no column {column:?}"))
        .2;
    on.iter()
        .find(|c| c.1 == row && c.2 == col)
        .map(|c| c.3.clone())
        .unwrap_or_default()
}

/// What one school's own reports say.
struct Own {
    research: Vec<Row>,
    teachers: usize,
    hours: f64,
    met: usize,
}

fn own(out: &Path) -> Own {
    let by_teacher = read_csv(&out.join("training_by_teacher.csv"));
    let roster: Vec<&Row> = by_teacher
        .iter()
        .filter(|r| r["on_roster"] == "true")
        .collect();
    Own {
        research: read_csv(&out.join("research_summary.csv")),
        teachers: roster.len(),
        hours: by_teacher.iter().map(|r| num(&r["hours"])).sum(),
        met: roster
            .iter()
            .filter(|r| num(&r["hours"]) >= num(&r["required"]))
            .count(),
    }
}

#[test]
fn a_generated_district_counts_as_its_schools_own_reports() {
    let started = std::time::Instant::now();
    let root = tempfile::tempdir().unwrap();
    district::generate(root.path(), SCHOOLS, SEED).unwrap();
    let inbox = root.path().join("inbox");
    let config = inbox.join("jiaoke.toml");
    std::fs::write(&config, CONFIG).unwrap();

    // The generator's statuses; the inbox is as promised: short and numbered folder names,
    // files one or two folders down, a missing and a damaged school.
    let expected = read_csv(&root.path().join("expected/schools.csv"));
    assert_eq!(expected.len(), SCHOOLS);
    let mut status: BTreeMap<String, String> = expected
        .iter()
        .map(|r| (r["school"].clone(), r["status"].clone()))
        .collect();
    let folders: Vec<(&str, &str)> = expected
        .iter()
        .filter(|r| !r["folder"].is_empty())
        .map(|r| (r["school"].as_str(), r["folder"].as_str()))
        .collect();
    let count = |s: &str| expected.iter().filter(|r| r["status"] == s).count();
    assert_eq!((count("missing"), count("unreadable")), (1, 1));
    assert!(folders.iter().any(|(s, f)| !s.contains(f)), "{folders:?}");
    assert!(
        folders
            .iter()
            .any(|(_, f)| f.starts_with(|c: char| c.is_ascii_digit()))
    );
    assert!(
        files_ending(&inbox, ".xlsx")
            .iter()
            .any(|p| { p.strip_prefix(&inbox).unwrap().components().count() >= 4 })
    );

    // The list at the top does not disturb a plain import of the inbox: every generated
    // record is found, the list is a sheet of no known kind.
    let imported = tempfile::tempdir().unwrap();
    jiaoke_ok_in(
        imported.path(),
        &[
            "import",
            inbox.to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
            "--out",
            imported.path().to_str().unwrap(),
            "--quiet",
        ],
    );
    for kind in ["teachers", "papers", "projects", "training", "plans"] {
        let want = read_csv(&root.path().join(format!("expected/{kind}.csv"))).len();
        assert!(want > 0, "{kind}");
        let got = read_csv(&imported.path().join(format!("{kind}.csv"))).len();
        assert_eq!(got, want, "{kind}");
    }

    // Each submitting school's own reports, on its folder alone, with the district's settings.
    let own_root = tempfile::tempdir().unwrap();
    let mut owns: BTreeMap<String, Own> = BTreeMap::new();
    for (school, folder) in &folders {
        if status[*school] != "submitted" {
            continue;
        }
        let out = own_root.path().join(owns.len().to_string());
        own_reports(&inbox.join(folder), &config, &out);
        owns.insert(school.to_string(), own(&out));
    }
    assert_eq!(owns.len(), SCHOOLS - 2);

    // One more listed school hands in the workbooks jiaoke made for the first one.
    let (first, _) = folders
        .iter()
        .find(|(s, _)| status[*s] == "submitted")
        .unwrap();
    let from = own_root.path().join("0");
    let to = inbox.join(HANDED_UP_FOLDER);
    std::fs::create_dir_all(&to).unwrap();
    for prefix in ["年度教科研成果统计", "教师培训学时汇总"] {
        let books: Vec<_> = files_ending(&from, ".xlsx")
            .into_iter()
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .collect();
        assert_eq!(books.len(), 1, "{prefix}");
        std::fs::copy(&books[0], to.join(books[0].file_name().unwrap())).unwrap();
    }
    add_to_list(&inbox.join("学校名单.xlsx"), HANDED_UP);
    status.insert(HANDED_UP.into(), "submitted".into());
    let copied = own(&from);
    owns.insert(HANDED_UP.into(), copied);

    // The district.
    let out = tempfile::tempdir().unwrap();
    jiaoke_ok_in(
        out.path(),
        &[
            "district",
            inbox.to_str().unwrap(),
            "--year",
            YEAR,
            "--format",
            "csv",
            "--out",
            out.path().to_str().unwrap(),
            "--quiet",
        ],
    );

    // Every status, listed schools only, under the list's names.
    let subs = read_csv(&out.path().join("submissions.csv"));
    let got: BTreeMap<String, String> = subs
        .iter()
        .map(|r| (r["school"].clone(), r["status"].clone()))
        .collect();
    assert_eq!(got, status);
    for r in &subs {
        let records = num(&r["records"]);
        match r["status"].as_str() {
            "submitted" => assert!(records > 0.0, "{r:?}"),
            "missing" => assert_eq!((r["files"].as_str(), records), ("0", 0.0), "{r:?}"),
            _ => assert_eq!((r["files"].as_str(), records), ("1", 0.0), "{r:?}"),
        }
    }

    // Every submitting school counts what its own reports say.
    let research = read_csv(&out.path().join("district_research.csv"));
    let training = read_csv(&out.path().join("district_training.csv"));
    for (school, own) in &owns {
        let mine = summary_lines(research.iter().filter(|r| r["school"] == *school));
        assert!(mine.len() > 5, "{school}: {mine:?}");
        assert_eq!(mine, summary_lines(&own.research), "{school}");
        let t: Vec<&Row> = training.iter().filter(|r| r["school"] == *school).collect();
        assert_eq!(t.len(), 1, "{school}");
        assert_eq!(num(&t[0]["teachers"]), own.teachers as f64, "{school}");
        assert_eq!(num(&t[0]["hours"]), own.hours, "{school}");
        assert_eq!(num(&t[0]["required"]), 24.0, "{school}");
        assert_eq!(num(&t[0]["met"]), own.met as f64, "{school}");
    }
    for (school, s) in &status {
        if s != "submitted" {
            assert!(!research.iter().any(|r| r["school"] == *school), "{school}");
        }
    }
    // The handed-up workbooks give the first school's numbers again.
    assert_eq!(
        summary_lines(research.iter().filter(|r| r["school"] == HANDED_UP)),
        summary_lines(&owns[*first].research)
    );

    // The district's totals are the sums of the schools' own.
    let own_total = |category: &str| -> f64 {
        owns.values()
            .flat_map(|o| &o.research)
            .filter(|r| r["category"] == category)
            .map(|r| num(&r["count"]))
            .sum()
    };
    let awards = own_total("论文获奖");
    assert!(awards > 0.0);
    let book = |name: &str| {
        let found: Vec<_> = files_ending(out.path(), ".xlsx")
            .into_iter()
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
            .collect();
        assert_eq!(found.len(), 1, "{name}");
        xlsx_cells(&found[0])
    };
    let cells = book("全区教科研成果统计");
    assert_eq!(num(&cell_at(&cells, "汇总", "合计", "合计")), awards);
    assert_eq!(num(&cell_at(&cells, "按学校", "全区合计", "合计")), awards);
    let cells = book("全区教师培训学时汇总");
    let teachers: usize = owns.values().map(|o| o.teachers).sum();
    let hours: f64 = owns.values().map(|o| o.hours).sum();
    assert_eq!(
        num(&cell_at(&cells, "按学校", "全区合计", "教师数")),
        teachers as f64
    );
    assert_eq!(
        num(&cell_at(&cells, "按学校", "全区合计", "学时合计")),
        hours
    );
    // A 问题清单 goes back to every school that handed anything in, none to the missing one.
    for (school, s) in &status {
        let sheet = out.path().join(format!("问题清单/{school}.xlsx"));
        assert_eq!(sheet.is_file(), s != "missing", "{school}");
    }
    eprintln!(
        "district of {} schools checked in {:.1?}",
        SCHOOLS + 1,
        started.elapsed()
    );
}
