//! Import → normalize, for every file of an inbox: the first two stages, wired. The rest
//! (select, check) is wired in [`crate::prepare`].
//!
//! Files are independent, so each is read and normalized on its own thread (rayon); the
//! results are gathered in inbox order, so output never depends on scheduling.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::finding::{Code, Finding, Severity};
use crate::import::{self, Outcome, walk};
use crate::normalize::frames::Frames;
use crate::normalize::records::Records;
use crate::normalize::{self, SheetInfo, SheetSummary};
use crate::select::Copies;
use crate::select::roster::Roster;
use crate::vocab::{Kind, Vocab};
use polars::prelude::PolarsResult;

/// What happened to one file of the inbox.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// Path relative to the inbox.
    pub file: String,
    /// The format its content showed.
    pub format: &'static str,
    /// Read, skipped or unreadable.
    pub status: FileStatus,
    /// Its sheets.
    pub sheets: Vec<SheetSummary>,
}

/// Whether a file was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStatus {
    /// Read.
    Read,
    /// Not a spreadsheet: why.
    Skipped(String),
    /// A spreadsheet that could not be read: why.
    Unreadable(String),
}

/// Everything the import stage produced for an inbox.
#[derive(Debug)]
pub struct Dataset {
    /// The inbox.
    pub inbox: PathBuf,
    /// One report per file, in inbox order.
    pub files: Vec<FileReport>,
    /// The recognised sheets, with their column maps.
    pub sheets: Vec<SheetInfo>,
    /// One frame per record kind.
    pub frames: Frames,
    /// The records handed in more than once (they count once everywhere).
    pub copies: Copies,
    /// Who the names on the records designate, for check and every report.
    pub roster: Roster,
    /// Problems found so far, in inbox order.
    pub findings: Vec<Finding>,
}

impl Dataset {
    /// A dataset from what the files gave: the frames built from the records, the copies
    /// found in them.
    ///
    /// # Errors
    /// Internal frame errors only.
    pub fn new(
        inbox: PathBuf,
        files: Vec<FileReport>,
        sheets: Vec<SheetInfo>,
        records: Records,
        findings: Vec<Finding>,
    ) -> PolarsResult<Dataset> {
        let frames = Frames::take(records)?;
        let copies = Copies::of(&frames, &sheets)?;
        let roster = Roster::of(&frames, &copies)?;
        Ok(Dataset {
            inbox,
            files,
            sheets,
            frames,
            copies,
            roster,
            findings,
        })
    }

    /// Records imported, every kind together.
    pub fn record_count(&self) -> usize {
        Kind::ALL.iter().map(|k| self.frames.get(*k).height()).sum()
    }

    /// Findings of at least the given severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Why the pipeline could not run at all (as opposed to problems in the data).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The inbox cannot be listed.
    #[error("无法打开收集文件夹 {path}：{source}")]
    Inbox {
        /// The inbox.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Building the frames failed (an internal error).
    #[error("内部错误：{0}")]
    Frames(#[from] polars::error::PolarsError),
}

/// Reads and normalizes every file of the inbox.
///
/// `progress` is called once per file, from worker threads, with the file just done.
///
/// # Errors
/// Only when the inbox itself cannot be listed; every problem inside it is a finding.
pub fn import(
    inbox: &Path,
    vocab: &Vocab,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<Dataset, PipelineError> {
    let entries = walk::list(inbox).map_err(|source| PipelineError::Inbox {
        path: inbox.to_path_buf(),
        source,
    })?;
    Ok(import_entries(inbox, &entries, vocab, progress)?)
}

/// Reads and normalizes the listed files of an inbox (a part of it: one school's folder of
/// a district inbox), as [`import`] does.
///
/// # Errors
/// Internal frame errors only.
pub fn import_entries(
    inbox: &Path,
    entries: &[walk::Entry],
    vocab: &Vocab,
    progress: &(dyn Fn(&str) + Sync),
) -> PolarsResult<Dataset> {
    let done: Vec<FileResult> = entries
        .par_iter()
        .map(|entry| {
            let file = import::read_entry(entry);
            let (rel, format) = (file.rel.clone(), file.format);
            // A panic while normalizing one file costs that file, not the run.
            let result = crate::guard::catch(|| normalize_file(file, vocab))
                .unwrap_or_else(|what| internal_error(rel, format, &what));
            progress(&entry.rel);
            result
        })
        .collect();

    on_pool(move || {
        let mut files = Vec::with_capacity(done.len());
        let mut sheets = Vec::new();
        let mut records = Records::with_capacity(done.iter().map(|d| &d.records));
        let mut findings = Vec::with_capacity(done.iter().map(|d| d.findings.len()).sum());
        for done in done {
            files.push(done.report);
            sheets.extend(done.info);
            records.append(done.records);
            findings.extend(done.findings);
        }
        Dataset::new(inbox.to_path_buf(), files, sheets, records, findings)
    })
}

/// Runs `work` on a thread of the pool that read the files (inline when called from one).
///
/// The system allocator gives each thread its own arena and reuses freed memory only in the
/// arena it came from: the records are allocated by the pool's threads, so the frames built
/// as they are freed, and what is derived from the frames, are allocated there too, in the
/// room the records leave, rather than in a new heap of the calling thread (on a district of
/// 200 schools, about 10 MiB less resident memory at the peak of `import` and of `run`).
pub fn on_pool<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    rayon::scope(move |_| work())
}

/// What one file gave.
struct FileResult {
    report: FileReport,
    info: Vec<SheetInfo>,
    records: Records,
    findings: Vec<Finding>,
}

/// What a file gives when normalizing it panicked: one finding saying so.
fn internal_error(rel: String, format: &'static str, what: &str) -> FileResult {
    let reason = format!(
        "处理此文件时出现内部错误（{what}），其中的记录未导入：请把此文件发给 jiaoke 的开发者"
    );
    FileResult {
        findings: vec![Finding::file(
            Code::UnreadableFile,
            Severity::Error,
            &rel,
            reason.clone(),
        )],
        report: FileReport {
            file: rel,
            format,
            status: FileStatus::Unreadable(reason),
            sheets: Vec::new(),
        },
        info: Vec::new(),
        records: Records::default(),
    }
}

/// Normalizes what was read from one file: its sheets, or its document.
fn normalize_file(file: import::ImportedFile, vocab: &Vocab) -> FileResult {
    let mut findings: Vec<Finding> = file.outcome_finding().into_iter().collect();
    findings.extend(file.findings.iter().cloned());
    let mut info = Vec::new();
    let mut records = Records::default();
    let mut summaries = Vec::new();
    let status = match file.outcome {
        Outcome::Sheets(sheets) => {
            for s in &sheets {
                let n = normalize::normalize_sheet(s, vocab);
                summaries.push(n.summary);
                info.extend(n.info);
                records.append(n.records);
                findings.extend(n.findings);
            }
            normalize::plan_term::date_by_siblings(&mut records.plans);
            FileStatus::Read
        }
        Outcome::Document(doc) => {
            let n = normalize::normalize_document(&doc, vocab);
            findings.extend(n.findings);
            match n.skipped {
                Some(reason) => {
                    findings.push(Finding::file(
                        Code::SkippedFile,
                        Severity::Info,
                        &file.rel,
                        reason.clone(),
                    ));
                    FileStatus::Skipped(reason)
                }
                None => {
                    summaries = n.summaries;
                    info = n.info;
                    records = n.records;
                    FileStatus::Read
                }
            }
        }
        Outcome::Skipped(reason) => FileStatus::Skipped(reason),
        Outcome::Unreadable(reason) => FileStatus::Unreadable(reason),
    };
    FileResult {
        report: FileReport {
            file: file.rel,
            format: file.format,
            status,
            sheets: summaries,
        },
        info,
        records,
        findings,
    }
}
