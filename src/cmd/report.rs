//! `jiaoke report research|training|term INBOX`: one standard workbook (two term summaries for
//! a school year), with its summary tables as CSV beside it when asked; and what `run` shares
//! with it: the inbox imported and checked once ([`Prepared`]), each report built on its own.

use std::process::ExitCode;

use anyhow::Context;
use jiaoke::finding::Finding;
use jiaoke::period::{Period, PeriodKind};
use jiaoke::pipeline::Dataset;
use jiaoke::report::context::{Built, ReportInput};
use jiaoke::report::output::OutputSet;
use jiaoke::report::workbook::Letterhead;
use jiaoke::report::{research, term, training};

use super::{Inbox, Outputs, check_out_dir, open_inbox};
use crate::cli::{PeriodArgs, ReportArgs, ReportFormat, ReportKind};

pub fn run(args: &ReportArgs) -> anyhow::Result<ExitCode> {
    let inbox = open_inbox(&args.inbox)?;
    check_out_dir(&inbox.path, &args.out)?;
    let prepared = Prepared::new(&inbox, &args.period, args.quiet)?;
    let mut outputs = Outputs::new(&args.out)?;
    prepared.build_outputs(&mut outputs, args.kind, args.format == ReportFormat::Csv);
    let written = outputs.commit()?;
    if !args.quiet {
        prepared.print_period();
        print_written(&written.paths);
    }
    Ok(written.exit_code(ExitCode::SUCCESS))
}

/// The inbox imported and checked, ready for any report.
pub struct Prepared {
    /// The data.
    pub dataset: Dataset,
    /// Every finding.
    pub findings: Vec<Finding>,
    /// School and date.
    pub head: Letterhead,
    /// The period asked for (all records when none).
    pub period: Period,
    /// Whether a period was set at all.
    pub period_set: bool,
    terms: jiaoke::period::Terms,
    required_hours: f64,
}

impl Prepared {
    /// Imports and checks the inbox.
    pub fn new(inbox: &Inbox, period: &PeriodArgs, quiet: bool) -> anyhow::Result<Prepared> {
        let vocab = inbox.config.vocab()?;
        let dataset = super::import::import_with_progress(&inbox.path, &vocab, quiet)?;
        let settings = super::check::settings(&inbox.config, period)?;
        let findings = super::check::all_findings(&dataset, &settings)?;
        let resolved = super::resolve_period(&inbox.config, period)?;
        Ok(Prepared {
            dataset,
            findings,
            head: super::letterhead(&inbox.config, Some(settings.today)),
            period: resolved.unwrap_or_else(Period::all),
            period_set: resolved.is_some(),
            terms: inbox.config.terms().map_err(anyhow::Error::msg)?,
            required_hours: inbox.config.training.required_hours_per_year,
        })
    }

    fn input(&self, period: Period) -> ReportInput<'_> {
        ReportInput {
            dataset: &self.dataset,
            findings: &self.findings,
            head: &self.head,
            period,
            terms: self.terms,
            required_hours_per_year: self.required_hours,
        }
    }

    /// The terms a term summary covers: the period's terms, else the term containing today.
    pub fn terms_to_report(&self) -> Vec<Period> {
        match self.period.kind {
            PeriodKind::All => vec![Period::term_of(
                self.head.date.unwrap_or_default(),
                &self.terms,
            )],
            _ => self.period.terms(&self.terms),
        }
    }

    /// Builds one kind of report (term: one workbook per term of the period).
    pub fn build(&self, kind: ReportKind) -> anyhow::Result<Vec<Built>> {
        Ok(match kind {
            ReportKind::Research => vec![research::build(&self.input(self.period))?],
            ReportKind::Training => vec![training::build(&self.input(self.period))?],
            ReportKind::Term => self
                .terms_to_report()
                .into_iter()
                .map(|t| term::build(&self.input(t)))
                .collect::<Result<_, _>>()?,
        })
    }

    /// Builds one kind of report into `outputs` (with its CSVs when asked), on its own.
    pub fn build_outputs(&self, outputs: &mut Outputs, kind: ReportKind, csv: bool) {
        outputs.build(report_name(kind), |set| {
            add_outputs(set, &self.build(kind)?, csv)
        });
    }

    /// Says which period the reports cover.
    pub fn print_period(&self) {
        if self.period_set {
            println!(
                "统计期：{}（{} 至 {}）",
                self.period.label(),
                self.period.start,
                self.period.end
            );
        } else {
            println!(
                "未设统计期（可用 --year / --school-year / --term，或在 jiaoke.toml 的 [period] 中设置）：统计全部记录。"
            );
        }
    }
}

/// The name of a kind of report, for messages.
fn report_name(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::Research => "年度教科研成果统计",
        ReportKind::Training => "教师培训学时汇总",
        ReportKind::Term => "学期工作汇总",
    }
}

/// Adds built reports (and their CSVs when asked) to a set of files to write. CSVs of the
/// same name (the two term summaries of a school year) are joined under one header.
pub fn add_outputs(set: &mut OutputSet, builts: &[Built], csv: bool) -> anyhow::Result<()> {
    let mut joined: Vec<(String, Vec<u8>)> = Vec::new();
    for built in builts {
        set.add(&built.file_name, &built.workbook)
            .context("无法写入输出文件夹")?;
        for (name, bytes) in built.csvs.iter().filter(|_| csv) {
            match joined.iter_mut().find(|(n, _)| n == name) {
                Some((_, all)) => {
                    let body = bytes
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(&bytes[..0], |i| &bytes[i + 1..]);
                    all.extend_from_slice(body);
                }
                None => joined.push((name.clone(), bytes.clone())),
            }
        }
    }
    for (name, bytes) in joined {
        set.add(&name, &bytes).context("无法写入输出文件夹")?;
    }
    Ok(())
}

/// Prints where each file went.
pub fn print_written(written: &[std::path::PathBuf]) {
    println!("\n输出文件：");
    for path in written {
        println!("  {}", path.display());
    }
}
