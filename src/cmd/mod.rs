//! One module per subcommand, and the helpers they share.

mod check;
mod import;
mod init;
mod report;
mod run;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use jiaoke::config::Config;
use jiaoke::privacy::mask_personal;
use jiaoke::report::output::OutputSet;
use jiaoke::report::workbook::Letterhead;

use crate::cli::{Cli, Command, InboxArgs, PeriodArgs};
use jiaoke::period::Period;

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Import(args) => import::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Run(args) => run::run(&args),
        Command::Init(args) => init::run(&args),
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

/// The period from the flags, else from the profile; `None` when neither sets one.
pub fn resolve_period(config: &Config, args: &PeriodArgs) -> anyhow::Result<Option<Period>> {
    let terms = config.terms().map_err(anyhow::Error::msg)?;
    let from_flags = Period::resolve(
        args.year,
        args.school_year.as_deref(),
        args.term.as_deref(),
        &terms,
    )
    .map_err(anyhow::Error::msg)?;
    match from_flags {
        Some(p) => Ok(Some(p)),
        None => config.period(&terms).map_err(anyhow::Error::msg),
    }
}

/// The letterhead of every workbook: the school, the date, and the school's policy on
/// personal numbers (`[privacy]`), which reaches every writer from here.
pub fn letterhead(config: &Config, date: Option<chrono::NaiveDate>) -> Letterhead {
    Letterhead {
        school: config.school.name.clone(),
        date,
        full_numbers: config.privacy.full_numbers_in_workbooks,
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

/// The outputs of a command, each built on its own: one that fails is reported on stderr and
/// the others are written all the same.
pub struct Outputs {
    set: OutputSet,
    failed: usize,
}

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
        let set =
            OutputSet::new(dir).with_context(|| format!("无法创建输出文件夹 {}", dir.display()))?;
        Ok(Outputs { set, failed: 0 })
    }

    /// Builds the output `name` (its files all or none); a failure is reported, not returned.
    pub fn build(&mut self, name: &str, build: impl FnOnce(&mut OutputSet) -> anyhow::Result<()>) {
        if let Err(reason) = self.set.build(build) {
            self.failed += 1;
            eprintln!(
                "{}",
                mask_personal(&format!("生成《{name}》失败：{reason}；其余文件照常生成"))
            );
        }
    }

    /// Renames every file built into place.
    pub fn commit(self) -> anyhow::Result<Written> {
        let paths = self
            .set
            .commit()
            .context("无法保存输出文件（是否正在 Excel/WPS 中打开？请关闭后重试）")?;
        Ok(Written {
            paths,
            complete: self.failed == 0,
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
