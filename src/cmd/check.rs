//! `jiaoke check INBOX`: import, run every rule, and report each problem at its cell: a Chinese
//! report on the terminal grouped by file, 问题清单.xlsx, or `--format json` on stdout.

use std::path::PathBuf;
use std::process::ExitCode;

use jiaoke::finding::{Finding, Severity};
use jiaoke::jobs;
use jiaoke::pipeline::Dataset;
use jiaoke::select::departments::departments;

use super::{Outputs, check_out_dir, open_inbox, prepare, say};
use crate::cli::{CheckArgs, Format};

pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let inbox = open_inbox(&args.inbox)?;
    let json = matches!(args.format, Format::Json);
    // In JSON mode nothing but the array goes to stdout, and no file is written unless asked.
    let out: Option<PathBuf> = match (&args.out, json) {
        (Some(dir), _) => Some(dir.clone()),
        (None, false) => Some(PathBuf::from("reports")),
        (None, true) => None,
    };
    if let Some(dir) = &out {
        check_out_dir(&inbox.path, dir)?;
    }
    let prepared = prepare(&inbox, &args.period, json || args.quiet)?;
    let (dataset, findings) = (&prepared.dataset, &prepared.findings);

    let mut written = None;
    if let Some(dir) = &out {
        let mut outputs = Outputs::new(dir)?;
        outputs.run([jobs::findings_list(dataset, findings, &prepared.head)]);
        written = Some(outputs.commit()?);
    }
    let path = written.as_ref().and_then(|w| w.paths.last());
    if json {
        // Full values: the school's own machine-readable data (the terminal report is masked).
        println!("{}", serde_json::to_string_pretty(findings)?);
    } else if !args.quiet {
        print_report(dataset, findings, path.map(|p| p.as_path()));
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let status = if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    Ok(match &written {
        Some(w) => w.exit_code(status),
        None => status,
    })
}

/// The terminal report, grouped by file; every line masked ([`say`]).
fn print_report(dataset: &Dataset, findings: &[Finding], written: Option<&std::path::Path>) {
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    say(&format!(
        "检查 {}：{} 个文件，{} 个错误，{} 个警告，{} 条提示。",
        dataset.inbox.display(),
        dataset.files.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    ));
    let depts = departments(dataset);
    let mut by_file: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for f in findings {
        match by_file.last_mut() {
            Some((file, list)) if *file == f.file => list.push(f),
            _ => by_file.push((f.file.as_str(), vec![f])),
        }
    }
    for (file, list) in by_file {
        let errors = list
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let warnings = list
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count();
        let dept = list
            .iter()
            .find_map(|f| depts.get(&(f.file.clone(), f.sheet.clone())));
        let name = if file.is_empty() {
            "（整个收集文件夹）"
        } else {
            file
        };
        let dept = dept.map(|d| format!("（{d}）")).unwrap_or_default();
        say(&format!(
            "\n{name}{dept}：{errors} 个错误，{warnings} 个警告"
        ));
        for group in groups(&list) {
            print_group(&group);
        }
    }
    if let Some(path) = written {
        say(&format!("\n问题清单已保存：{}", path.display()));
    }
}

/// From this many findings of one code in one column of one sheet, the terminal gives them
/// one entry listing the rows (问题清单 and the JSON keep every one).
const GROUP_FROM: usize = 3;
/// The most row numbers a grouped entry lists.
const ROWS_LISTED: usize = 12;

/// A file's findings in order, those of one severity, code, sheet and column together.
fn groups<'a>(list: &[&'a Finding]) -> Vec<Vec<&'a Finding>> {
    let mut out: Vec<Vec<&Finding>> = Vec::new();
    for f in list {
        let same = |g: &&mut Vec<&Finding>| {
            let first = g[0];
            (first.severity, first.code, &first.sheet, &first.column)
                == (f.severity, f.code, &f.sheet, &f.column)
        };
        match out.iter_mut().find(same) {
            Some(g) if f.row.is_some() && g[0].row.is_some() => g.push(f),
            _ => out.push(vec![f]),
        }
    }
    out
}

/// One finding, or one entry for a group of them (the rows, then the first as an example).
fn print_group(group: &[&Finding]) {
    let f = group[0];
    let cell = if f.cell.is_empty() {
        String::new()
    } else {
        format!("（{}）", f.cell)
    };
    if group.len() >= GROUP_FROM {
        let rows: Vec<String> = group
            .iter()
            .filter_map(|f| f.row)
            .take(ROWS_LISTED)
            .map(|r| r.to_string())
            .collect();
        let more = if group.len() > ROWS_LISTED { "等" } else { "" };
        let place = [f.sheet.as_str(), f.column.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" › ");
        let place = if place.is_empty() {
            place
        } else {
            format!("{place}：")
        };
        say(&format!(
            "  [{}] {place}{} 处，第 {} 行{more}。例如{cell}：{}",
            f.severity.label(),
            group.len(),
            rows.join("、"),
            f.message
        ));
    } else {
        for f in group {
            print_one(f);
        }
        return;
    }
    if !f.suggestion.is_empty() {
        say(&format!("         建议：{}", f.suggestion));
    }
}

fn print_one(f: &Finding) {
    let mut place = Vec::new();
    if !f.sheet.is_empty() {
        place.push(f.sheet.clone());
    }
    if let Some(row) = f.row {
        place.push(format!("第{row}行"));
    }
    if !f.column.is_empty() {
        place.push(f.column.clone());
    }
    let cell = if f.cell.is_empty() {
        String::new()
    } else {
        format!("（{}）", f.cell)
    };
    let place = if place.is_empty() {
        String::new()
    } else {
        format!("{}{cell}：", place.join(" › "))
    };
    say(&format!("  [{}] {place}{}", f.severity.label(), f.message));
    if !f.suggestion.is_empty() {
        say(&format!("         建议：{}", f.suggestion));
    }
}
