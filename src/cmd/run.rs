//! `jiaoke run INBOX`: import → check → every report, in one go. Each output is built on its
//! own: one that fails is reported and the others are written.

use std::process::ExitCode;

use jiaoke::finding::Severity;
use jiaoke::jobs;

use super::{Outputs, check_out_dir, open_inbox, prepare, print_period, print_written};
use crate::cli::RunArgs;

pub fn run(args: &RunArgs) -> anyhow::Result<ExitCode> {
    let inbox = open_inbox(&args.inbox)?;
    check_out_dir(&inbox.path, &args.out)?;
    let prepared = prepare(&inbox, &args.period, args.quiet)?;
    let dataset = &prepared.dataset;
    let mut outputs = Outputs::new(&args.out)?;
    outputs.run(jobs::everything(&prepared));
    let written = outputs.commit()?;
    if !args.quiet {
        let count = |s| prepared.findings.iter().filter(|f| f.severity == s).count();
        println!(
            "读取 {} 个文件，导入 {} 条记录。",
            dataset.files.len(),
            dataset.record_count()
        );
        println!(
            "检查：{} 个错误，{} 个警告（详见《问题清单.xlsx》；各报表的“数据问题”表列出了未改正的错误）。",
            count(Severity::Error),
            count(Severity::Warning)
        );
        print_period(&prepared);
        print_written(&written.paths);
    }
    Ok(written.exit_code(ExitCode::SUCCESS))
}
