//! `jiaoke init [DIR]`: write a commented jiaoke.toml (never over an existing one unless asked).

use std::process::ExitCode;

use anyhow::{Context, bail};
use jiaoke::config::{FILE_NAME, TEMPLATE};
use jiaoke::output::OutputSet;

use crate::cli::InitArgs;

pub fn run(args: &InitArgs) -> anyhow::Result<ExitCode> {
    if !args.dir.is_dir() {
        bail!("{} 不是文件夹", args.dir.display());
    }
    let path = args.dir.join(FILE_NAME);
    if path.exists() && !args.force {
        bail!("{} 已存在：如要用模板覆盖，请加 --force", path.display());
    }
    let mut set =
        OutputSet::new(&args.dir).with_context(|| format!("无法写入 {}", args.dir.display()))?;
    set.add(FILE_NAME, TEMPLATE.as_bytes())
        .context("无法写入配置文件")?;
    set.commit().context("无法写入配置文件")?;
    println!(
        "已写入 {}：请填写学校名称等设置（说明见文件内注释）。",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}
