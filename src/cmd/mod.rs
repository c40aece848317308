//! One module per subcommand, and the helpers they share.

mod check;
mod district;
mod import;
mod init;
mod report;
mod run;
mod serve;
mod template;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jiaoke::config::Config;
use jiaoke::jobs::{self, Job};
use jiaoke::prepare::Prepared;
use jiaoke::privacy::mask_personal;

use crate::cli::{Cli, Command, InboxArgs, PeriodArgs};
use jiaoke::period::Period;

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let Some(command) = cli.command else {
        // No arguments: what double-clicking the program does.
        return serve::run_alone();
    };
    match command {
        Command::Import(args) => import::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Run(args) => run::run(&args),
        Command::Init(args) => init::run(&args),
        Command::District(args) => district::run(&args),
        Command::Template(args) => template::run(&args),
        Command::Serve(args) => serve::run(&args),
    }
}

/// The inbox, checked, with the school's profile.
pub struct Inbox {
    /// The folder.
    pub path: PathBuf,
    /// The profile.
    pub config: Config,
}

/// Resolves an inbox and its profile; errors say what to do.
pub fn open_inbox(args: &InboxArgs) -> anyhow::Result<Inbox> {
    let path = &args.inbox;
    if !path.exists() {
        bail!("收集文件夹 {} 不存在：请检查路径", path.display());
    }
    if !path.is_dir() {
        bail!(
            "{} 不是文件夹：请给出存放各教研组表格的文件夹",
            path.display()
        );
    }
    let (config, _) = Config::load(path, args.config.as_deref())?;
    Ok(Inbox {
        path: path.clone(),
        config,
    })
}

/// Refuses an output folder inside the inbox: jiaoke never writes into the inbox.
pub fn check_out_dir(inbox: &Path, out: &Path) -> anyhow::Result<()> {
    let inbox_abs = inbox
        .canonicalize()
        .with_context(|| format!("无法访问 {}", inbox.display()))?;
    let out_abs = absolute(out)?;
    if out_abs.starts_with(&inbox_abs) {
        bail!(
            "输出文件夹 {} 在收集文件夹之内：jiaoke 不会往收集文件夹里写文件，请用 --out 换一个位置",
            out.display()
        );
    }
    Ok(())
}

/// An absolute, symlink-resolved path for a folder that may not exist yet: the nearest
/// existing ancestor is canonicalized and the rest appended.
fn absolute(p: &Path) -> anyhow::Result<PathBuf> {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()?.join(p)
    };
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for part in rest.iter().rev() {
        if part == ".." {
            out.pop();
        } else if part != "." {
            out.push(part);
        }
    }
    Ok(out)
}

/// The period the flags give (`--year`, `--school-year`, `--term`), `None` when none does;
/// jiaoke.toml's `[period]` applies then.
pub fn flag_period(config: &Config, args: &PeriodArgs) -> anyhow::Result<Option<Period>> {
    let terms = config.terms().map_err(anyhow::Error::msg)?;
    Period::resolve(
        args.year,
        args.school_year.as_deref(),
        args.term.as_deref(),
        &terms,
    )
    .map_err(anyhow::Error::msg)
}

/// The inbox imported and checked (the library wires the stages), with a progress bar when
/// asked.
pub fn prepare(inbox: &Inbox, period: &PeriodArgs, quiet: bool) -> anyhow::Result<Prepared> {
    let flags = flag_period(&inbox.config, period)?;
    let today = chrono::Local::now().date_naive();
    let bar = progress_bar(&inbox.path, quiet);
    let prepared = Prepared::new(&inbox.path, &inbox.config, flags, today, &tick(&bar))?;
    bar.finish_and_clear();
    Ok(prepared)
}

/// What a bar does for each file read: shows its name (personal numbers masked) and counts
/// it; nothing at all when the bar is hidden.
pub fn tick(bar: &ProgressBar) -> impl Fn(&str) + Sync + '_ {
    move |file: &str| {
        if !bar.is_hidden() {
            bar.set_message(mask_personal(file).into_owned());
            bar.inc(1);
        }
    }
}

/// Folders with more files than this get a progress bar.
const PROGRESS_ABOVE: usize = 20;

/// A progress bar on stderr when the folder is large (and stderr a terminal), else a hidden
/// one.
pub fn progress_bar(inbox: &Path, quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let total = jiaoke::import::walk::list(inbox)
        .map(|e| e.len())
        .unwrap_or(0);
    if total <= PROGRESS_ABOVE {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} 正在读取 [{bar:30}] {pos}/{len} 个文件 {wide_msg}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar
}

/// Says which period the reports cover.
pub fn print_period(prepared: &Prepared) {
    let p = &prepared.period;
    if prepared.period_set {
        println!("统计期：{}（{} 至 {}）", p.label(), p.start, p.end);
    } else {
        println!(
            "未设统计期（可用 --year / --school-year / --term，或在 jiaoke.toml 的 [period] 中设置）：统计全部记录。"
        );
    }
}

/// Prints where each file went.
pub fn print_written(written: &[PathBuf]) {
    println!("\n输出文件：");
    for path in written {
        println!("  {}", path.display());
    }
}

/// Longest line printed for people; a value of 200,000 characters quoted in a message is cut.
const TERMINAL_LINE_CHARS: usize = 400;

/// Prints a line for people, personal numbers masked: whatever the workbook policy, the
/// terminal (and whoever looks at it or at a pasted screenshot) never shows them in full. A
/// line quoting a huge value is cut (the workbooks and JSON have it).
pub fn say(line: &str) {
    println!("{}", for_terminal(line));
}

/// A line as [`say`] prints it.
fn for_terminal(line: &str) -> std::borrow::Cow<'_, str> {
    let line = mask_personal(line);
    match line.char_indices().nth(TERMINAL_LINE_CHARS) {
        Some((end, _)) => format!(
            "{}…（共 {} 个字符，此处从略）",
            &line[..end],
            line.chars().count()
        )
        .into(),
        None => line,
    }
}

/// The outputs of a command ([`jobs::Outputs`]), a failure reported on stderr as it happens.
pub struct Outputs(jobs::Outputs);

/// What a command wrote.
pub struct Written {
    /// The final paths.
    pub paths: Vec<PathBuf>,
    /// Whether every output could be built (else the command exits 2).
    pub complete: bool,
}

impl Outputs {
    /// Prepares writing into an output folder.
    pub fn new(dir: &Path) -> anyhow::Result<Outputs> {
        let outputs = jobs::Outputs::new(dir)
            .with_context(|| format!("无法创建输出文件夹 {}", dir.display()))?;
        Ok(Outputs(outputs))
    }

    /// Builds each output (its files all or none); a failure is reported, not returned.
    pub fn run<'a>(&mut self, jobs: impl IntoIterator<Item = Job<'a>>) {
        for failure in self.0.run(jobs) {
            eprintln!("{failure}");
        }
    }

    /// Renames every file built into place.
    pub fn commit(self) -> anyhow::Result<Written> {
        let written = self
            .0
            .commit()
            .context("无法保存输出文件（是否正在 Excel/WPS 中打开？请关闭后重试）")?;
        Ok(Written {
            complete: written.failures.is_empty(),
            paths: written.paths,
        })
    }
}

impl Written {
    /// The command's exit status: 2 when an output is missing, else `status`.
    pub fn exit_code(&self, status: ExitCode) -> ExitCode {
        if self.complete {
            status
        } else {
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_lines_are_masked_and_cut() {
        assert_eq!(
            for_terminal("张三 320412198607153540"),
            "张三 320412********3540"
        );
        let long = format!("“{}”不是有效等次", "长".repeat(200_000));
        let shown = for_terminal(&long);
        assert_eq!(
            shown.chars().count(),
            TERMINAL_LINE_CHARS + "…（共 200008 个字符，此处从略）".chars().count()
        );
        assert!(
            shown.ends_with("（共 200008 个字符，此处从略）"),
            "{}",
            &shown[shown.len() - 60..]
        );
    }
}
