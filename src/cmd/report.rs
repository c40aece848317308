//! `jiaoke report research|training|term INBOX`: one standard workbook (two term summaries for
//! a school year), with its summary tables as CSV beside it when asked.

use std::process::ExitCode;

use jiaoke::jobs::{self, Report};

use super::{Outputs, check_out_dir, open_inbox, prepare, print_period, print_written};
use crate::cli::{ReportArgs, ReportFormat, ReportKind};

pub fn run(args: &ReportArgs) -> anyhow::Result<ExitCode> {
    let inbox = open_inbox(&args.inbox)?;
    check_out_dir(&inbox.path, &args.out)?;
    let prepared = prepare(&inbox, &args.period, args.quiet)?;
    let which = match args.kind {
        ReportKind::Research => Report::Research,
        ReportKind::Training => Report::Training,
        ReportKind::Term => Report::Term,
    };
    let mut outputs = Outputs::new(&args.out)?;
    outputs.run([jobs::report(
        &prepared,
        which,
        args.format == ReportFormat::Csv,
    )]);
    let written = outputs.commit()?;
    if !args.quiet {
        print_period(&prepared);
        print_written(&written.paths);
    }
    Ok(written.exit_code(ExitCode::SUCCESS))
}
