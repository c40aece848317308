//! `jiaoke serve [FOLDER]` (and `jiaoke` alone): the local page. The first line printed is
//! the address with its token; then the browser opens it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use jiaoke::serve::{self, Options, Server, store::OUTPUT_FOLDER};

use crate::cli::ServeArgs;

/// `jiaoke` alone, as a double-click starts it: an error is shown until Enter is pressed,
/// since the window it is printed in would close at once.
pub fn run_alone() -> anyhow::Result<ExitCode> {
    let result = run(&ServeArgs::default());
    if let Err(err) = &result {
        eprintln!(
            "错误：{}",
            jiaoke::privacy::mask_personal(&format!("{err:#}"))
        );
        if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            eprintln!("按回车键关闭……");
            let _ = std::io::stdin().read_line(&mut String::new());
        }
        return Ok(ExitCode::from(2));
    }
    result
}

pub fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let (root, only) = match &args.folder {
        None => (serve::default_root(), None),
        Some(folder) => place(folder)?,
    };
    std::fs::create_dir_all(&root).with_context(|| format!("无法创建文件夹 {}", root.display()))?;
    let server = Server::bind(Options {
        root: root.clone(),
        only: only.clone(),
        port: args.port,
    })
    .map_err(anyhow::Error::msg)?;
    let address = server.address();
    println!("jiaoke 页面：{address}");
    match &only {
        Some(name) => println!("收集文件夹：{}", root.join(name).display()),
        None => println!("收集文件夹都放在：{}", root.display()),
    }
    println!("只有本机能打开这个地址；用完关掉这个窗口（或按 Ctrl+C）即可。");
    if !args.no_browser && webbrowser::open(&address).is_err() {
        println!("未能自动打开浏览器：请把上面的地址复制到浏览器中打开。");
    }
    server.run();
    Ok(ExitCode::SUCCESS)
}

/// A folder given on the command line: the page's own root (empty, new, or holding the
/// 报表 folder the page writes), else one inbox opened on its own.
fn place(folder: &Path) -> anyhow::Result<(PathBuf, Option<String>)> {
    let is_root = !folder.exists()
        || folder.join(OUTPUT_FOLDER).is_dir()
        || std::fs::read_dir(folder)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
    if is_root {
        return Ok((folder.to_path_buf(), None));
    }
    if !folder.is_dir() {
        anyhow::bail!("{} 不是文件夹", folder.display());
    }
    // Not canonicalize: on Windows that gives `\\?\C:\…`, not the path as people write it.
    let full =
        std::path::absolute(folder).with_context(|| format!("无法访问 {}", folder.display()))?;
    let name = full
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .context("请给出一个收集文件夹，而不是磁盘根目录")?;
    let parent = full.parent().map(Path::to_path_buf).unwrap_or(full.clone());
    Ok((parent, Some(name)))
}
