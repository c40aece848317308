//! A run killed part-way leaves only whole files: every workbook opens, every CSV parses. The
//! next run removes the temporary files killed runs left behind.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{files_ending, jiaoke_in, parse_csv, root, xlsx_cells};

fn spawn_run(inbox: &Path, out: &Path, cwd: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_jiaoke"))
        .args([
            "run",
            inbox.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ])
        .current_dir(cwd)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn temp_files(out: &Path) -> Vec<PathBuf> {
    if !out.exists() {
        return Vec::new();
    }
    walkdir::WalkDir::new(out)
        .into_iter()
        // A file renamed into place while we look is no error.
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".jiaoke-"))
        .map(|e| e.into_path())
        .collect()
}

/// Every workbook present opens and every CSV parses.
fn assert_whole(out: &Path) {
    for book in files_ending(out, ".xlsx") {
        xlsx_cells(&book);
    }
    for csv in files_ending(out, ".csv") {
        parse_csv(&csv);
    }
}

#[test]
fn killed_runs_leave_whole_files_and_the_next_run_cleans_up() {
    let inbox = root().join("samples/inbox");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for delay_ms in [0, 50, 150, 400] {
        let mut child = spawn_run(&inbox, &out, dir.path());
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // it may have finished already
        child.wait().unwrap();
        assert_whole(&out);
    }
    // Killed while writing its files: as soon as the first temporary file appears.
    let mut child = spawn_run(&inbox, &out, dir.path());
    let started = Instant::now();
    while temp_files(&out).is_empty()
        && child.try_wait().unwrap().is_none()
        && started.elapsed() < Duration::from_secs(30)
    {
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = child.kill();
    child.wait().unwrap();
    assert_whole(&out);
    assert!(
        !temp_files(&out).is_empty(),
        "a killed run leaves its temporary files"
    );

    let run = jiaoke_in(
        dir.path(),
        &[
            "run",
            inbox.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    assert_eq!(
        temp_files(&out),
        Vec::<PathBuf>::new(),
        "the next run removes them"
    );
    assert_eq!(files_ending(&out, ".xlsx").len(), 6);
    assert_whole(&out);
}
