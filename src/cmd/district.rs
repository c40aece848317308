//! `jiaoke district INBOX`: every school's submission consolidated, who is missing, and one
//! 问题清单 per school to send back.

use std::process::ExitCode;

use jiaoke::district::{self, collect::Status};
use jiaoke::jobs;

use super::{
    Outputs, check_out_dir, flag_period, open_inbox, print_written, progress_bar, say, tick,
};
use crate::cli::{DistrictArgs, DistrictFormat, InboxArgs};

pub fn run(args: &DistrictArgs) -> anyhow::Result<ExitCode> {
    let inbox = open_inbox(&InboxArgs {
        inbox: args.inbox.clone(),
        config: args.config.clone(),
    })?;
    check_out_dir(&inbox.path, &args.out)?;
    let earlier = match &args.compare {
        Some(dir) => Some(district::compare::read(dir).map_err(anyhow::Error::msg)?),
        None => None,
    };
    let flags = flag_period(&inbox.config, &args.period)?;
    let today = chrono::Local::now().date_naive();
    let bar = progress_bar(&inbox.path, args.quiet);
    let mut d = district::consolidate(&inbox.path, &inbox.config, flags, today, &tick(&bar))?;
    bar.finish_and_clear();
    d.earlier = earlier;
    let mut outputs = Outputs::new(&args.out)?;
    let parquet = args.format == DistrictFormat::Parquet;
    let csv = parquet || args.format == DistrictFormat::Csv;
    outputs.run(jobs::district(&d, csv, parquet));
    let written = outputs.commit()?;
    if !args.quiet {
        summary(&d);
        print_written(&written.paths);
    }
    Ok(written.exit_code(ExitCode::SUCCESS))
}

/// The schools in numbers, those not handed in by name, the inbox's own problems.
fn summary(d: &district::District) {
    let count = |s: Status| d.schools.iter().filter(|r| r.status == s).count();
    say(&format!(
        "共 {} 所学校：已上报 {}，未上报 {}，无法读取 {}。统计期：{}。",
        d.schools.len(),
        count(Status::Submitted),
        count(Status::Missing),
        count(Status::Unreadable),
        d.period.label()
    ));
    for status in [Status::Missing, Status::Unreadable] {
        let names: Vec<&str> = d
            .schools
            .iter()
            .filter(|s| s.status == status)
            .map(|s| s.member.school.name.as_str())
            .collect();
        if !names.is_empty() {
            say(&format!("{}：{}", status.label(), names.join("、")));
        }
    }
    if d.list.is_none() {
        say("注意：收集文件夹最上层没有学校名单，无法判断哪些学校未上报。");
    }
    for f in &d.findings {
        say(&format!("{}：{}", f.location(), f.message));
    }
}
