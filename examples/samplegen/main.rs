//! samplegen: writes jiaoke's messy demo inbox and the records jiaoke must find in it.
//!
//! ```text
//! cargo run --example samplegen -- samples [--out samples]
//! cargo run --release --example samplegen -- district [--schools 200] [--seed 1] --out DIR
//! ```
//!
//! `samples` regenerates `samples/inbox/` (every file Rust can write), `samples/staging/`
//! (workbooks that `samples/convert.sh` turns into .xls/.et/.ods/encrypted files with
//! LibreOffice and msoffcrypto-tool) and `samples/expected/*.csv`. The converted files are
//! committed and never touched here, so the set stays whole without LibreOffice.
//!
//! `verify` reads the inbox back with calamine and checks that each expected record sits on
//! the row expected/*.csv names.
//!
//! `district` writes a district office's inbox: a school list (学校名单.xlsx) and one folder
//! per fictional school (full, partial or short names, files sometimes a folder or two down),
//! each a set of department files rendered with the same renderers, random but seeded; one
//! listed school hands in nothing, one only a truncated workbook. `expected/schools.csv`
//! gives the status `jiaoke district` must report for each. It is the benchmark's inbox
//! (bench/run.sh) and tests/district_generated.rs's, which compiles these modules itself.
//!
//! The design: a truth model ([`model`]) of records, renderers ([`table`], [`cols`]) that
//! write records into a messy [`grid::Grid`] and register where each one landed, and writers
//! ([`write`]) for xlsx/xlsm, CSV (UTF-8, BOM, GBK) and HTML "xls".

mod cols;
mod district;
mod grid;
mod idcard;
mod junk;
mod mess;
mod model;
mod prng;
mod samples;
mod school;
mod table;
mod verify;
mod write;
mod zipw;

use std::path::PathBuf;

use anyhow::{Result, bail};

fn usage() -> &'static str {
    "usage: samplegen samples [--out DIR]\n       samplegen verify [--out DIR]\n       samplegen district [--schools N] [--seed N] --out DIR"
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(mode) = args.first() else {
        bail!(usage())
    };
    let mut out: Option<PathBuf> = None;
    let mut schools = 200usize;
    let mut seed = 1u64;
    let mut i = 1;
    while i < args.len() {
        let value = args.get(i + 1).ok_or_else(|| anyhow::anyhow!(usage()))?;
        match args[i].as_str() {
            "--out" => out = Some(value.into()),
            "--schools" => schools = value.parse()?,
            "--seed" => seed = value.parse()?,
            other => bail!("unknown option {other}\n{}", usage()),
        }
        i += 2;
    }
    match mode.as_str() {
        "samples" => {
            let root =
                out.unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples"));
            let written = samples::generate(&root)?;
            println!(
                "samples written to {}: {}",
                root.display(),
                written.truth.summary()
            );
        }
        "district" => {
            let Some(root) = out else {
                bail!("district needs --out DIR\n{}", usage())
            };
            let summary = district::generate(&root, schools, seed)?;
            println!("district inbox written to {}: {summary}", root.display());
        }
        "verify" => {
            let root =
                out.unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples"));
            let n = verify::run(&root)?;
            println!("{n} expected records found on their rows");
        }
        _ => bail!(usage()),
    }
    Ok(())
}
