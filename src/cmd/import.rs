//! `jiaoke import INBOX [--out DIR]`: read every file of the inbox, write the normalized CSVs
//! and 数据汇总.xlsx, and print what was found in each file.

use std::process::ExitCode;

use comfy_table::{Cell, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use jiaoke::finding::Severity;
use jiaoke::pipeline::{self, Dataset, FileStatus};
use jiaoke::privacy::mask_personal;
use jiaoke::report::jobs;
use jiaoke::report::workbook::Letterhead;
use jiaoke::vocab::Kind;

use super::{Outputs, check_out_dir, open_inbox, print_written, progress_bar};
use crate::cli::ImportArgs;

pub fn run(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let inbox = open_inbox(&args.inbox)?;
    check_out_dir(&inbox.path, &args.out)?;
    let vocab = inbox.config.vocab()?;
    // Only the import: the checks are `jiaoke check`'s.
    let bar = progress_bar(&inbox.path, args.quiet);
    let dataset = pipeline::import(&inbox.path, &vocab, &|file: &str| {
        bar.set_message(mask_personal(file).into_owned());
        bar.inc(1);
    })?;
    bar.finish_and_clear();

    let head = Letterhead::of(&inbox.config, None);
    let mut outputs = Outputs::new(&args.out)?;
    outputs.run(jobs::normalized(&dataset, &head));
    let written = outputs.commit()?;
    if !args.quiet {
        println!("{}", summary_table(&dataset));
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

/// The per-file table: sheets found, their kind, rows imported, rows skipped, problems.
fn summary_table(dataset: &Dataset) -> Table {
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
    for file in &dataset.files {
        let file_problems = |sheet: Option<&str>| {
            dataset
                .findings
                .iter()
                .filter(|f| f.file == file.file && f.severity != Severity::Info)
                .filter(|f| sheet.is_none_or(|s| f.sheet == s))
                .count()
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
