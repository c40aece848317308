//! The `jiaoke` command: parse the arguments, run the subcommand, map the outcome to an exit
//! status (0 done / no error found, 1 errors found by `check`, 2 could not run).

mod cli;
mod cmd;

use std::process::ExitCode;

fn main() -> ExitCode {
    jiaoke::guard::install_quiet_panic_hook();
    let args = cli::Cli::parse_chinese();
    match cmd::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!(
                "错误：{}",
                jiaoke::privacy::mask_personal(&format!("{err:#}"))
            );
            ExitCode::from(2)
        }
    }
}
