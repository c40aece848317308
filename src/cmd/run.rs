//! `jiaoke run INBOX`: import → check → every report, in one go. Each output is built on its
//! own: one that fails is reported and the others are written.

use std::process::ExitCode;

use jiaoke::finding::Severity;

use super::report::{Prepared, print_written};
use super::{Outputs, check_out_dir, open_inbox};
use crate::cli::{ReportKind, RunArgs};

pub fn run(args: &RunArgs) -> anyhow::Result<ExitCode> {
    let inbox = open_inbox(&args.inbox)?;
    check_out_dir(&inbox.path, &args.out)?;
    let prepared = Prepared::new(&inbox, &args.period, args.quiet)?;
    let mut outputs = Outputs::new(&args.out)?;
    super::import::build_outputs(&mut outputs, &prepared.dataset, &prepared.head);
    super::check::build_outputs(
        &mut outputs,
        &prepared.dataset,
        &prepared.findings,
        &prepared.head,
    );
    for kind in [ReportKind::Research, ReportKind::Training, ReportKind::Term] {
        prepared.build_outputs(&mut outputs, kind, true);
    }
    let written = outputs.commit()?;
    if !args.quiet {
        let count = |s| prepared.findings.iter().filter(|f| f.severity == s).count();
        let records: usize = jiaoke::vocab::Kind::ALL
            .iter()
            .map(|k| prepared.dataset.frames.get(*k).height())
            .sum();
        println!(
            "读取 {} 个文件，导入 {records} 条记录。",
            prepared.dataset.files.len()
        );
        println!(
            "检查：{} 个错误，{} 个警告（详见《问题清单.xlsx》；各报表的“数据问题”表列出了未改正的错误）。",
            count(Severity::Error),
            count(Severity::Warning)
        );
        prepared.print_period();
        print_written(&written.paths);
    }
    Ok(written.exit_code(ExitCode::SUCCESS))
}
