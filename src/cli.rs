//! The command line: clap definitions only. What the user typed, validated; the commands in
//! `cmd/` turn it into what the library needs.

use std::path::PathBuf;

use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand};

/// jiaoke（教科）：把各教研组上交的表格整理成规范数据、问题清单和上报报表。
#[derive(Debug, Parser)]
#[command(name = "jiaoke", version, about, long_about = None)]
#[command(
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true
)]
#[command(
    after_help = "示例：\n  jiaoke run 收集表/                      导入、检查并生成全部报表到 reports/\n  jiaoke check 收集表/                    只检查，列出问题\n  jiaoke report research 收集表/ --year 2023\n  jiaoke init 收集表/                     写一份学校配置 jiaoke.toml\n  jiaoke template 收集表/ --department 语文组   生成发给语文组的采集表\n  jiaoke serve                            打开本机页面（双击 jiaoke 也一样）\n\n详见 README.md。"
)]
pub struct Cli {
    /// 要执行的操作（不写则打开本机页面，同 jiaoke serve）
    #[command(subcommand)]
    pub command: Option<Command>,

    /// 显示帮助
    #[arg(short, long, action = ArgAction::Help, global = true)]
    help: Option<bool>,

    /// 显示版本号
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
}

impl Cli {
    /// Parses the command line with help texts in Chinese throughout (clap's own headings
    /// and usage lines included); on bad arguments clap prints why and exits with status 2.
    pub fn parse_chinese() -> Cli {
        let matches = localize(Cli::command()).get_matches();
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }
}

/// Puts Chinese headings on a command and all its subcommands.
fn localize(cmd: clap::Command) -> clap::Command {
    cmd.help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .mut_args(localize_arg)
        .mut_subcommands(|sub| {
            sub.help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
                .mut_args(localize_arg)
        })
}

/// Chinese headings; possible values and defaults are spelled out in the help texts instead
/// of clap's English "Possible values" / "default" lines.
fn localize_arg(arg: clap::Arg) -> clap::Arg {
    let heading = if arg.is_positional() {
        "参数"
    } else {
        "选项"
    };
    let takes_value = arg.get_action().takes_values();
    let arg = arg.help_heading(heading);
    if takes_value {
        arg.hide_possible_values(true).hide_default_value(true)
    } else {
        arg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_localized_command_line_is_consistent() {
        localize(Cli::command()).debug_assert();
    }

    #[test]
    fn help_is_chinese_throughout() {
        let mut cmd = localize(Cli::command());
        let help = cmd.render_help().to_string();
        assert!(
            help.contains("命令") && help.contains("选项") && help.contains("显示帮助"),
            "{help}"
        );
        assert!(
            !help.contains("Options") && !help.contains("Commands"),
            "{help}"
        );
        let mut report = localize(Cli::command())
            .find_subcommand("report")
            .unwrap()
            .clone();
        let help = report.render_long_help().to_string();
        assert!(
            help.contains("参数") && !help.contains("Possible values"),
            "{help}"
        );
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 导入收集文件夹中的全部表格，输出规范化的 CSV 和《数据汇总.xlsx》
    Import(ImportArgs),
    /// 检查全部表格，逐个指出问题所在的单元格，输出《问题清单.xlsx》
    Check(CheckArgs),
    /// 生成一份上报报表：research（年度教科研成果统计）、training（教师培训学时汇总）、term（学期工作汇总）
    Report(ReportArgs),
    /// 一次完成：导入、检查、全部报表
    Run(RunArgs),
    /// 生成一份带说明的学校配置文件 jiaoke.toml
    Init(InitArgs),
    /// 区（县）汇总：各校上报材料汇总、上报情况、逐校问题清单
    District(DistrictArgs),
    /// 生成发给各教研组填写的采集表（带下拉列表和填写检查）
    Template(TemplateArgs),
    /// 打开本机页面：拖入文件、查看问题、下载报表（不联网，文件不离开本机）
    Serve(ServeArgs),
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

    /// 输出文件夹（默认 reports；不能在收集文件夹之内）
    #[arg(long, short, value_name = "文件夹", default_value = "reports")]
    pub out: PathBuf,

    /// 不显示进度条和汇总表
    #[arg(long, short)]
    pub quiet: bool,
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// 终端上的中文报告
    Text,
    /// JSON 数组（仅输出到标准输出）
    Json,
}

/// `jiaoke check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inbox: InboxArgs,

    /// 输出格式：text（默认，终端上的中文报告）或 json（只在标准输出打印 JSON 数组）
    #[arg(long, value_enum, default_value = "text", value_name = "格式")]
    pub format: Format,

    /// 《问题清单.xlsx》的输出文件夹（默认 reports；JSON 格式时默认不写文件）
    #[arg(long, short, value_name = "文件夹")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub period: PeriodArgs,

    /// 不显示进度条和报告（只用退出码表示结果）
    #[arg(long, short)]
    pub quiet: bool,
}

/// The reporting period (default: `[period]` in jiaoke.toml).
#[derive(Debug, Args, Clone, Default)]
pub struct PeriodArgs {
    /// 统计年度（公历年），如 2023
    #[arg(long, value_name = "年份", conflicts_with_all = ["school_year", "term"])]
    pub year: Option<i32>,

    /// 统计学年，如 2023-2024（9月1日至次年8月31日，学期起始日见 jiaoke.toml）
    #[arg(long, value_name = "学年", conflicts_with = "term")]
    pub school_year: Option<String>,

    /// 学期，如 2023-2024-1（第一学期）、2023-2024-2（第二学期）
    #[arg(long, value_name = "学期")]
    pub term: Option<String>,
}

/// Which standard workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportKind {
    /// 年度教科研成果统计
    Research,
    /// 教师培训学时汇总
    Training,
    /// 学期工作汇总
    Term,
}

/// Output format of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// 只生成工作簿
    Xlsx,
    /// 工作簿，另加各汇总表的 CSV
    Csv,
}

/// `jiaoke report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// 报表：research、training 或 term
    #[arg(value_enum, value_name = "报表")]
    pub kind: ReportKind,

    #[command(flatten)]
    pub inbox: InboxArgs,

    #[command(flatten)]
    pub period: PeriodArgs,

    /// 输出文件夹（默认 reports；不能在收集文件夹之内）
    #[arg(long, short, value_name = "文件夹", default_value = "reports")]
    pub out: PathBuf,

    /// 输出格式：xlsx（默认，只写工作簿）或 csv（另写各汇总表的 CSV）
    #[arg(long, value_enum, default_value = "xlsx", value_name = "格式")]
    pub format: ReportFormat,

    /// 不显示进度条和结果
    #[arg(long, short)]
    pub quiet: bool,
}

/// Output format of `district`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DistrictFormat {
    /// 只生成工作簿
    Xlsx,
    /// 工作簿，另加各汇总表的 CSV
    Csv,
    /// 工作簿和 CSV，另加全区全部记录的 Parquet 文件
    Parquet,
}

/// `jiaoke district`.
#[derive(Debug, Args)]
pub struct DistrictArgs {
    /// 区级收集文件夹：每所学校一个文件夹，最上层放学校名单（含“学校名称”列的表格）
    #[arg(value_name = "收集文件夹")]
    pub inbox: PathBuf,

    /// 配置文件（默认使用收集文件夹中的 jiaoke.toml）
    #[arg(long, value_name = "文件")]
    pub config: Option<PathBuf>,

    #[command(flatten)]
    pub period: PeriodArgs,

    /// 输出文件夹（默认 reports；不能在收集文件夹之内）
    #[arg(long, short, value_name = "文件夹", default_value = "reports")]
    pub out: PathBuf,

    /// 输出格式：xlsx（默认，只写工作簿）、csv（另写各汇总表的 CSV）或 parquet（再写全区全部记录的 Parquet 文件）
    #[arg(long, value_enum, default_value = "xlsx", value_name = "格式")]
    pub format: DistrictFormat,

    /// 与以前的汇总对比：以前 jiaoke district --format csv 的输出文件夹
    #[arg(long, value_name = "文件夹")]
    pub compare: Option<PathBuf>,

    /// 不显示进度条和结果
    #[arg(long, short)]
    pub quiet: bool,
}

/// `jiaoke run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub inbox: InboxArgs,

    #[command(flatten)]
    pub period: PeriodArgs,

    /// 输出文件夹（默认 reports；不能在收集文件夹之内）
    #[arg(long, short, value_name = "文件夹", default_value = "reports")]
    pub out: PathBuf,

    /// 不显示进度条和结果
    #[arg(long, short)]
    pub quiet: bool,
}

/// A record kind of a 采集表.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TemplateKind {
    /// 教师名单
    Teachers,
    /// 论文获奖与发表
    Papers,
    /// 课题
    Projects,
    /// 教师培训学时
    Training,
    /// 行事历
    Plans,
}

/// `jiaoke template`.
#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// 收集文件夹（可不写）：其中有教师名单时，姓名做成下拉列表；学校名称等取自其中的 jiaoke.toml
    #[arg(value_name = "收集文件夹")]
    pub inbox: Option<PathBuf>,

    /// 学校配置文件（默认使用收集文件夹中的 jiaoke.toml）
    #[arg(long, value_name = "文件")]
    pub config: Option<PathBuf>,

    /// 要收集的材料，可写多项（逗号分隔或重复写）：teachers（教师名单）、papers（论文）、projects（课题）、training（培训学时）、plans（行事历）；默认 papers,projects,training,plans
    #[arg(long, value_enum, value_delimiter = ',', value_name = "材料")]
    pub kind: Vec<TemplateKind>,

    /// 发给哪个教研组：写进标题和“填报部门”，姓名下拉列表只列该组的教师
    #[arg(long, value_name = "教研组")]
    pub department: Option<String>,

    #[command(flatten)]
    pub period: PeriodArgs,

    /// 每类材料单独生成一个工作簿（默认一个工作簿，每类一张工作表）
    #[arg(long)]
    pub per_kind: bool,

    /// 区级用：收集文件夹最上层有学校名单时，为名单上的每所学校各生成一份（标题和“填报单位”写好校名）
    #[arg(long)]
    pub district: bool,

    /// 输出文件夹（默认 采集表；不能在收集文件夹之内）
    #[arg(long, short, value_name = "文件夹", default_value = "采集表")]
    pub out: PathBuf,
}

/// `jiaoke init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// 放配置文件的文件夹（通常就是收集文件夹；默认当前文件夹）
    #[arg(value_name = "文件夹", default_value = ".")]
    pub dir: PathBuf,

    /// 已有 jiaoke.toml 时覆盖它
    #[arg(long)]
    pub force: bool,
}

/// `jiaoke serve`.
#[derive(Debug, Args, Default)]
pub struct ServeArgs {
    /// 存放各收集文件夹的文件夹（默认为“文档”中的 jiaoke 文件夹）；也可以直接给一个收集文件夹，只打开它
    #[arg(value_name = "文件夹")]
    pub folder: Option<PathBuf>,

    /// 本机端口（默认自动选一个空闲端口）
    #[arg(long, value_name = "端口", default_value_t = 0)]
    pub port: u16,

    /// 不自动打开浏览器（只显示地址）
    #[arg(long)]
    pub no_browser: bool,
}
