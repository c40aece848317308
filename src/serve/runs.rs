//! Running a collection from the page: everything `jiaoke run` does (or `jiaoke district`, for
//! a district collection), in the background, with its progress, and what the page shows
//! afterwards. The stages are the library's own ([`Prepared`], [`district::consolidate`],
//! [`jobs`]): the page counts exactly what the commands count.
//!
//! Everything kept for the page is for people: personal numbers are masked
//! ([`mask_personal`]), as in the workbooks.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use super::preview::{self, Preview};
use super::store::{self, DiskFile};
use crate::config::Config;
use crate::district::{self, collect::Status};
use crate::finding::{Finding, Severity};
use crate::jobs::{self, Outputs};
use crate::period::Period;
use crate::pipeline::FileStatus;
use crate::prepare::Prepared;
use crate::privacy::mask_personal;
use crate::report::labels::sheet_name;

/// The period asked for on the page; none means jiaoke.toml's (or every record).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct PeriodChoice {
    /// A calendar year, `2023`.
    pub year: Option<i32>,
    /// A school year, `2023-2024`.
    pub school_year: Option<String>,
    /// A term, `2023-2024-1`.
    pub term: Option<String>,
}

/// Where a run is.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Progress {
    /// `idle`, `running`, `done` or `failed`.
    pub state: &'static str,
    /// What it is doing, for people.
    pub stage: String,
    /// Files read so far.
    pub done: usize,
    /// Files to read.
    pub total: usize,
    /// Why it failed.
    pub error: String,
}

/// What a finished run shows.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Results {
    /// When it finished (`2023-11-02 10:15`).
    pub finished: String,
    /// Whether the collection was read as a district's (school folders and a 学校名单).
    pub district: bool,
    /// The counts at the top of the page.
    pub summary: Summary,
    /// Per file: status, each sheet's kind, records, problems.
    pub files: Vec<FileRow>,
    /// Every finding, in the order `jiaoke check` gives.
    pub findings: Vec<FindingRow>,
    /// The district's schools (district collections only).
    pub schools: Vec<SchoolRow>,
    /// The files written, relative to the output folder.
    pub outputs: Vec<DiskFile>,
    /// Outputs that could not be built, and why.
    pub failures: Vec<String>,
    /// The first sheet (汇总) of each report.
    pub previews: Vec<Preview>,
}

/// The counts of a run.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Summary {
    /// Files in the collection.
    pub files: usize,
    /// Records imported.
    pub records: usize,
    /// Errors, as `jiaoke check` counts them.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes.
    pub infos: usize,
    /// The period the reports cover.
    pub period: String,
}

/// A file of the collection, as read.
#[derive(Debug, Clone, Serialize)]
pub struct FileRow {
    /// Relative path.
    pub file: String,
    /// The format its content showed.
    pub format: &'static str,
    /// 已读取 / 已跳过 / 无法读取.
    pub status: &'static str,
    /// Why skipped or unreadable.
    pub note: String,
    /// Its sheets.
    pub sheets: Vec<SheetRow>,
}

/// A sheet of a file.
#[derive(Debug, Clone, Serialize)]
pub struct SheetRow {
    /// Its name.
    pub sheet: String,
    /// The kind recognised (教师名单, 论文…), empty when none.
    pub kind: &'static str,
    /// Records made.
    pub records: usize,
    /// Errors and warnings at it.
    pub problems: usize,
    /// Why it was not read.
    pub note: String,
}

/// A finding as the page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct FindingRow {
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// 错误 / 警告 / 提示.
    pub severity_label: &'static str,
    /// The stable code.
    pub code: &'static str,
    /// What kind of problem, in Chinese.
    pub code_label: &'static str,
    /// File › sheet › row › column, as users read it.
    pub location: String,
    /// The file.
    pub file: String,
    /// The department (or, in a district, the school).
    pub department: String,
    /// The sheet.
    pub sheet: String,
    /// The cell (`F12`).
    pub cell: String,
    /// The value as written.
    pub value: String,
    /// What is wrong.
    pub message: String,
    /// What would be right.
    pub suggestion: String,
}

/// A school of a district collection.
#[derive(Debug, Clone, Serialize)]
pub struct SchoolRow {
    /// Its name.
    pub name: String,
    /// 已上报 / 未上报 / 无法读取.
    pub status: &'static str,
    /// Whether it is on the 学校名单.
    pub listed: bool,
    /// Its folders.
    pub folders: String,
    /// Files, records, errors, warnings.
    pub files: usize,
    /// Records.
    pub records: usize,
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Its newest file's date.
    pub latest: String,
}

/// The state of every collection's run, shared by the server's threads.
#[derive(Debug, Default, Clone)]
pub struct Runs {
    inner: Arc<Mutex<HashMap<String, Slot>>>,
}

#[derive(Debug, Default, Clone)]
struct Slot {
    progress: Progress,
    results: Option<Arc<Results>>,
}

impl Runs {
    /// Where the run of `name` is.
    pub fn progress(&self, name: &str) -> Progress {
        let slots = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        slots.get(name).map_or_else(
            || Progress {
                state: "idle",
                ..Progress::default()
            },
            |s| s.progress.clone(),
        )
    }

    /// The results of the last run of `name`, if any.
    pub fn results(&self, name: &str) -> Option<Arc<Results>> {
        let slots = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        slots.get(name).and_then(|s| s.results.clone())
    }

    fn update(&self, name: &str, f: impl FnOnce(&mut Slot)) {
        let mut slots = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        f(slots.entry(name.to_string()).or_default());
    }

    /// Starts running `inbox` into `out` in the background. Returns false when a run of it
    /// is going on already.
    pub fn start(&self, name: &str, inbox: PathBuf, out: PathBuf, period: PeriodChoice) -> bool {
        {
            let mut slots = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            let slot = slots.entry(name.to_string()).or_default();
            if slot.progress.state == "running" {
                return false;
            }
            slot.progress = Progress {
                state: "running",
                stage: "正在准备".into(),
                ..Progress::default()
            };
        }
        let (runs, name) = (self.clone(), name.to_string());
        std::thread::spawn(move || {
            let progress = |done: usize, total: usize, stage: &str| {
                runs.update(&name, |s| {
                    s.progress.done = done;
                    s.progress.total = total;
                    s.progress.stage = stage.to_string();
                })
            };
            let outcome =
                crate::guard::catch(|| run(&inbox, &out, &period, &progress)).and_then(|r| r);
            runs.update(&name, |slot| match outcome {
                Ok(results) => {
                    slot.progress.state = "done";
                    slot.progress.stage = "完成".into();
                    slot.results = Some(Arc::new(results));
                }
                Err(error) => {
                    slot.progress.state = "failed";
                    slot.progress.error = mask_personal(&error).into_owned();
                }
            });
        });
        true
    }
}

/// Called as a run goes: files read, files to read, what it is doing.
type Tell<'a> = &'a (dyn Fn(usize, usize, &str) + Sync);

/// Runs a collection: a district's when its top holds a 学校名单, else a school's.
///
/// # Errors
/// A Chinese message: a wrong setting, an unreadable folder, outputs that cannot be saved.
pub fn run(
    inbox: &Path,
    out: &Path,
    choice: &PeriodChoice,
    report: Tell<'_>,
) -> Result<Results, String> {
    let (config, _) = Config::load(inbox, None).map_err(|e| format!("{e:#}"))?;
    let terms = config.terms()?;
    let flags = Period::resolve(
        choice.year,
        choice.school_year.as_deref(),
        choice.term.as_deref(),
        &terms,
    )?;
    let total = crate::import::walk::list(inbox).map_or(0, |e| e.len());
    let done = std::sync::atomic::AtomicUsize::new(0);
    let tick = |_: &str| {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        report(n, total, "正在读取文件");
    };
    let today = chrono::Local::now().date_naive();
    let is_district = district::collect::layout(inbox)
        .map(|l| l.list.is_some())
        .unwrap_or(false);
    let mut results = if is_district {
        let d = district::consolidate(inbox, &config, flags, today, &tick)
            .map_err(|e| e.to_string())?;
        report(total, total, "正在生成报表");
        let mut outputs = Outputs::new(out).map_err(|e| save_error(out, &e))?;
        outputs.run(jobs::district(&d, false, false));
        let mut results = district_results(&d);
        finish(outputs, out, &mut results)?;
        results
    } else {
        let prepared =
            Prepared::new(inbox, &config, flags, today, &tick).map_err(|e| e.to_string())?;
        report(total, total, "正在生成报表");
        let mut outputs = Outputs::new(out).map_err(|e| save_error(out, &e))?;
        outputs.run(jobs::everything(&prepared));
        let mut results = school_results(&prepared);
        finish(outputs, out, &mut results)?;
        results
    };
    results.finished = store::local_time(std::time::SystemTime::now());
    Ok(results)
}

fn save_error(out: &Path, e: &std::io::Error) -> String {
    format!("无法创建输出文件夹 {}：{e}", out.display())
}

/// Renames the outputs into place and lists them, with a preview of each report.
fn finish(outputs: Outputs, out: &Path, results: &mut Results) -> Result<(), String> {
    let written = outputs
        .commit()
        .map_err(|e| format!("无法保存输出文件（是否正在 Excel/WPS 中打开？请关闭后重试）：{e}"))?;
    let on_disk = store::list_files(out);
    results.outputs = written
        .paths
        .iter()
        .filter_map(|p| {
            let rel = crate::import::walk::relative(out, p);
            on_disk.iter().find(|f| f.path == rel).cloned()
        })
        .collect();
    results.failures = written.failures;
    results.previews = results
        .outputs
        .iter()
        .filter(|f| preview::is_report(&f.path))
        .filter_map(|f| preview::first_sheet(&out.join(&f.path), &f.path))
        .collect();
    Ok(())
}

fn school_results(prepared: &Prepared) -> Results {
    let dataset = &prepared.dataset;
    let departments = crate::select::departments::departments(dataset);
    let findings = prepared
        .findings
        .iter()
        .map(|f| {
            let dept = departments.get(&(f.file.clone(), f.sheet.clone()));
            finding_row(f, dept.map_or("", String::as_str))
        })
        .collect();
    let period = if prepared.period_set {
        prepared.period.label()
    } else {
        "全部记录（未设统计期）".to_string()
    };
    Results {
        summary: summary(
            dataset.files.len(),
            dataset.record_count(),
            &prepared.findings,
            period,
        ),
        files: dataset.files.iter().map(file_row).collect(),
        findings,
        ..Results::default()
    }
}

fn summary(files: usize, records: usize, findings: &[Finding], period: String) -> Summary {
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    Summary {
        files,
        records,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        infos: count(Severity::Info),
        period,
    }
}

fn file_row(f: &crate::pipeline::FileReport) -> FileRow {
    let (status, note) = match &f.status {
        FileStatus::Read => ("已读取", String::new()),
        FileStatus::Skipped(why) => ("已跳过", why.clone()),
        FileStatus::Unreadable(why) => ("无法读取", why.clone()),
    };
    FileRow {
        file: mask_personal(&f.file).into_owned(),
        format: f.format,
        status,
        note: mask_personal(&note).into_owned(),
        sheets: f
            .sheets
            .iter()
            .map(|s| SheetRow {
                sheet: mask_personal(&s.sheet).into_owned(),
                kind: s.kind.map_or("", sheet_name),
                records: s.records,
                problems: s.problems,
                note: mask_personal(&s.note).into_owned(),
            })
            .collect(),
    }
}

fn finding_row(f: &Finding, department: &str) -> FindingRow {
    let m = |s: &str| mask_personal(s).into_owned();
    FindingRow {
        severity: match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        },
        severity_label: f.severity.label(),
        code: f.code.as_str(),
        code_label: f.code.label(),
        location: m(&f.location()),
        file: m(&f.file),
        department: m(department),
        sheet: m(&f.sheet),
        cell: f.cell.clone(),
        value: m(&f.value),
        message: m(&f.message),
        suggestion: m(&f.suggestion),
    }
}

fn district_results(d: &district::District) -> Results {
    let mut findings: Vec<FindingRow> = d.findings.iter().map(|f| finding_row(f, "")).collect();
    let mut all: Vec<Finding> = d.findings.clone();
    for school in &d.schools {
        let name = &school.member.school.name;
        findings.extend(school.findings.iter().map(|f| finding_row(f, name)));
        all.extend(school.findings.iter().cloned());
    }
    let schools = d
        .schools
        .iter()
        .map(|s| SchoolRow {
            name: s.member.school.name.clone(),
            status: s.status.label(),
            listed: s.member.listed,
            folders: s.member.folders.join("、"),
            files: s.files,
            records: s.records,
            errors: s.errors,
            warnings: s.warnings,
            latest: s.latest.map(|d| d.to_string()).unwrap_or_default(),
        })
        .collect();
    let files = d.schools.iter().map(|s| s.files).sum();
    let records = d.schools.iter().map(|s| s.records).sum();
    let submitted = d
        .schools
        .iter()
        .filter(|s| s.status == Status::Submitted)
        .count();
    let period = format!(
        "{}（{} 所学校，已上报 {}）",
        d.period.label(),
        d.schools.len(),
        submitted
    );
    Results {
        district: true,
        summary: summary(files, records, &all, period),
        findings,
        schools,
        ..Results::default()
    }
}
