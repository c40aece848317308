//! The command line: clap definitions only. What the user typed, validated; the commands in
//! `cmd/` turn it into what the library needs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// jiaoke（教科）：把各教研组上交的表格整理成规范数据、问题清单和上报报表。
#[derive(Debug, Parser)]
#[command(name = "jiaoke", version, about, long_about = None)]
#[command(help_template = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}")]
#[command(disable_help_subcommand = true)]
#[command(after_help = "示例：\n  jiaoke import 收集表/ --out 输出/\n\n详见 README.md。")]
pub struct Cli {
    /// 要执行的操作
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 导入收集文件夹中的全部表格，输出规范化的 CSV 和《数据汇总.xlsx》
    Import(ImportArgs),
}

/// Options shared by every command that reads an inbox.
#[derive(Debug, Args)]
pub struct InboxArgs {
    /// 收集文件夹：各教研组上交的表格（可含子文件夹），jiaoke 只读不写
    #[arg(value_name = "收集文件夹")]
    pub inbox: PathBuf,

    /// 学校配置文件（默认使用收集文件夹中的 jiaoke.toml）
    #[arg(long, value_name = "文件")]
    pub config: Option<PathBuf>,
}

/// `jiaoke import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub inbox: InboxArgs,

    /// 输出文件夹（不能在收集文件夹之内）
    #[arg(long, short, value_name = "文件夹", default_value = "reports")]
    pub out: PathBuf,

    /// 不显示进度条和汇总表
    #[arg(long, short)]
    pub quiet: bool,
}
