//! `jiaoke import INBOX [--out DIR]`: read every file of the inbox, write the normalized CSVs
//! and 数据汇总.xlsx, and print what was found in each file.

use std::collections::HashMap;
use std::process::ExitCode;

use comfy_table::{Cell, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use jiaoke::finding::Severity;
use jiaoke::jobs;
use jiaoke::pipeline::{self, Dataset, FileReport, FileStatus};
use jiaoke::privacy::mask_personal;
use jiaoke::report::workbook::Letterhead;
use jiaoke::vocab::Kind;

use super::{Outputs, check_out_dir, open_inbox, print_written, progress_bar, tick};
use crate::cli::ImportArgs;

pub fn run(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let inbox = open_inbox(&args.inbox)?;
    check_out_dir(&inbox.path, &args.out)?;
    let vocab = inbox.config.vocab()?;
    // Only the import: the checks are `jiaoke check`'s.
    let bar = progress_bar(&inbox.path, args.quiet);
    let dataset = pipeline::import(&inbox.path, &vocab, &tick(&bar))?;
    bar.finish_and_clear();

    let head = Letterhead::of(&inbox.config, None);
    let mut outputs = Outputs::new(&args.out)?;
    outputs.run(jobs::normalized(&dataset, &head));
    let written = outputs.commit()?;
    if !args.quiet {
        print_files(&dataset);
        print_totals(&dataset);
        print_written(&written.paths);
    }
    Ok(written.exit_code(ExitCode::SUCCESS))
}

fn kind_label(kind: Option<Kind>) -> &'static str {
    match kind {
        Some(k) => jiaoke::report::labels::sheet_name(k),
        None => "—",
    }
}

/// A cell of the per-file table, personal numbers masked (a file or sheet may be named after
/// a teacher's ID, a note may quote one).
fn cell(text: impl ToString) -> Cell {
    Cell::new(mask_personal(&text.to_string()))
}

/// Up to this many files, every file gets its lines in the terminal; a larger inbox (a
/// district's) gets a line per folder, then only the files to look at.
const EVERY_FILE_UP_TO: usize = 60;
/// The most files listed under the folders of a large inbox; the workbooks list them all.
const FILES_LISTED_AT_MOST: usize = 100;

/// Prints what was found in the files: every file for a school's inbox; per folder, then the
/// files to look at (not read, nothing recognised in them, or with problems), for a large one.
fn print_files(dataset: &Dataset) {
    let problems = Problems::of(dataset);
    if dataset.files.len() <= EVERY_FILE_UP_TO {
        println!("{}", summary_table(dataset, &problems, |_| true));
        return;
    }
    println!("{}", folder_table(dataset, &problems));
    let to_look_at: Vec<&FileReport> = dataset
        .files
        .iter()
        .filter(|f| {
            let nothing_read = f.sheets.iter().all(|s| s.kind.is_none());
            f.status != FileStatus::Read || nothing_read || problems.file(&f.file) > 0
        })
        .collect();
    if to_look_at.is_empty() {
        println!("所有文件均已读取，没有发现问题。");
        return;
    }
    let shown: Vec<&str> = to_look_at
        .iter()
        .take(FILES_LISTED_AT_MOST)
        .map(|f| f.file.as_str())
        .collect();
    println!("\n有问题、未读取或没有识别出数据的文件：");
    println!(
        "{}",
        summary_table(dataset, &problems, |f| shown.contains(&f.file.as_str()))
    );
    if to_look_at.len() > shown.len() {
        println!(
            "……另有 {} 个文件有问题或未读取，完整的列表见《问题清单.xlsx》（jiaoke check）。",
            to_look_at.len() - shown.len()
        );
    }
}

/// Errors and warnings per file and per sheet, counted once.
struct Problems<'a> {
    by_sheet: HashMap<(&'a str, &'a str), usize>,
    by_file: HashMap<&'a str, usize>,
}

impl<'a> Problems<'a> {
    fn of(dataset: &'a Dataset) -> Problems<'a> {
        let mut p = Problems {
            by_sheet: HashMap::new(),
            by_file: HashMap::new(),
        };
        for f in dataset
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
        {
            *p.by_sheet.entry((&f.file, &f.sheet)).or_default() += 1;
            *p.by_file.entry(&f.file).or_default() += 1;
        }
        p
    }

    fn file(&self, file: &str) -> usize {
        self.by_file.get(file).copied().unwrap_or(0)
    }

    fn sheet(&self, file: &str, sheet: &str) -> usize {
        self.by_sheet.get(&(file, sheet)).copied().unwrap_or(0)
    }
}

/// The folder of a file: its first path component, or the inbox itself.
fn folder_of(file: &str) -> &str {
    match file.split_once(['/', '\\']) {
        Some((folder, _)) => folder,
        None => "（收集文件夹）",
    }
}

/// One line per top-level folder (a school, a department): files, how they were read, records,
/// problems.
fn folder_table(dataset: &Dataset, problems: &Problems) -> Table {
    let mut rows: Vec<(&str, [usize; 5])> = Vec::new();
    for f in &dataset.files {
        let folder = folder_of(&f.file);
        let i = match rows.iter().position(|(name, _)| *name == folder) {
            Some(i) => i,
            None => {
                rows.push((folder, [0; 5]));
                rows.len() - 1
            }
        };
        let counts = &mut rows[i].1;
        counts[0] += 1;
        match f.status {
            FileStatus::Read => counts[1] += 1,
            _ => counts[2] += 1,
        }
        counts[3] += f.sheets.iter().map(|s| s.records).sum::<usize>();
        counts[4] += problems.file(&f.file);
    }
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    table.set_header(["文件夹", "文件", "读取", "跳过或无法读取", "记录", "问题"]);
    for (folder, counts) in rows {
        let mut row = vec![cell(folder)];
        row.extend(counts.iter().map(cell));
        table.add_row(row);
    }
    table
}

/// The per-file table of the files `listed`: sheets found, their kind, rows imported, rows
/// skipped, problems.
fn summary_table(
    dataset: &Dataset,
    problems: &Problems,
    listed: impl Fn(&FileReport) -> bool,
) -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    table.set_header([
        "文件",
        "工作表",
        "类型",
        "导入行数",
        "跳过行数",
        "问题",
        "说明",
    ]);
    for file in dataset.files.iter().filter(|f| listed(f)) {
        let file_problems = |sheet: Option<&str>| match sheet {
            None => problems.file(&file.file),
            Some(s) => problems.sheet(&file.file, s),
        };
        match &file.status {
            FileStatus::Skipped(reason) => {
                table.add_row(vec![
                    cell(&file.file),
                    cell(""),
                    cell("—"),
                    cell(""),
                    cell(""),
                    cell(""),
                    cell(reason),
                ]);
            }
            FileStatus::Unreadable(reason) => {
                table.add_row(vec![
                    cell(&file.file),
                    cell(""),
                    cell("无法读取"),
                    cell(""),
                    cell(""),
                    cell(file_problems(None)),
                    cell(reason),
                ]);
            }
            FileStatus::Read if file.sheets.is_empty() => {
                table.add_row(vec![
                    cell(&file.file),
                    cell(""),
                    cell("—"),
                    cell(0),
                    cell(0),
                    cell(file_problems(None)),
                    cell("没有数据"),
                ]);
            }
            FileStatus::Read => {
                for (i, sheet) in file.sheets.iter().enumerate() {
                    let name = if i == 0 { file.file.as_str() } else { "" };
                    let sheet_name = if !sheet.sheet.is_empty() {
                        sheet.sheet.as_str()
                    } else if file.format == "csv" && !file.file.to_lowercase().ends_with(".txt") {
                        "（CSV）"
                    } else {
                        "（正文）"
                    };
                    let recognised = sheet.kind.is_some();
                    // A register row naming three trainees gives three records.
                    let note = if recognised && sheet.records != sheet.rows {
                        format!("共 {} 条记录", sheet.records)
                    } else {
                        sheet.note.clone()
                    };
                    table.add_row(vec![
                        cell(name),
                        cell(sheet_name),
                        cell(kind_label(sheet.kind)),
                        cell(if recognised {
                            sheet.records.to_string()
                        } else {
                            String::new()
                        }),
                        cell(if recognised {
                            sheet.skipped.to_string()
                        } else {
                            String::new()
                        }),
                        cell(file_problems(Some(&sheet.sheet))),
                        cell(note),
                    ]);
                }
            }
        }
    }
    table
}

fn print_totals(dataset: &Dataset) {
    let counts: Vec<String> = Kind::ALL
        .iter()
        .map(|k| {
            format!(
                "{} {} 条",
                jiaoke::report::labels::sheet_name(*k),
                dataset.frames.get(*k).height()
            )
        })
        .collect();
    let read = dataset
        .files
        .iter()
        .filter(|f| f.status == FileStatus::Read)
        .count();
    println!(
        "\n共 {} 个文件：读取 {read} 个，跳过 {} 个，无法读取 {} 个。",
        dataset.files.len(),
        dataset
            .files
            .iter()
            .filter(|f| matches!(f.status, FileStatus::Skipped(_)))
            .count(),
        dataset
            .files
            .iter()
            .filter(|f| matches!(f.status, FileStatus::Unreadable(_)))
            .count(),
    );
    println!("导入：{}。", counts.join("，"));
    let errors = dataset.count(Severity::Error);
    let warnings = dataset.count(Severity::Warning);
    if errors + warnings > 0 {
        println!("发现 {errors} 个错误、{warnings} 个警告（无法识别的值已原样保留）。");
    }
}
