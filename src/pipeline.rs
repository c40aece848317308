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
        Dataset::of_frames(inbox, files, sheets, Frames::take(records)?, findings)
    }

    /// A dataset from the frames of what the files gave, and the copies found in them.
    ///
    /// # Errors
    /// Internal frame errors only.
    pub fn of_frames(
        inbox: PathBuf,
        files: Vec<FileReport>,
        sheets: Vec<SheetInfo>,
        frames: Frames,
        findings: Vec<Finding>,
    ) -> PolarsResult<Dataset> {
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

/// How many files are read side by side before their records become frame rows: an inbox's
/// records are never all held as Rust values at once (a district's would take several times
/// the room of its frames); the frames grow batch by batch instead.
const BATCH: usize = 256;

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
    import_batched(inbox, entries, vocab, progress, BATCH)
}

/// [`import_entries`], `batch` files at a time.
fn import_batched(
    inbox: &Path,
    entries: &[walk::Entry],
    vocab: &Vocab,
    progress: &(dyn Fn(&str) + Sync),
    batch: usize,
) -> PolarsResult<Dataset> {
    on_pool(move || {
        let mut files = Vec::with_capacity(entries.len());
        let (mut sheets, mut findings) = (Vec::new(), Vec::new());
        let mut frames: Option<Frames> = None;
        for batch in entries.chunks(batch.max(1)) {
            let done: Vec<FileResult> = batch
                .par_iter()
                .map(|entry| read_and_normalize(entry, vocab, progress))
                .collect();
            let mut records = Records::with_capacity(done.iter().map(|d| &d.records));
            for done in done {
                files.push(done.report);
                sheets.extend(done.info);
                records.append(done.records);
                findings.extend(done.findings);
            }
            let part = Frames::take(records)?;
            match frames.as_mut() {
                Some(frames) => frames.append(part)?,
                None => frames = Some(part),
            }
        }
        let mut frames = match frames {
            Some(frames) => frames,
            None => Frames::take(Records::default())?,
        };
        frames.rechunk();
        Dataset::of_frames(inbox.to_path_buf(), files, sheets, frames, findings)
    })
}

/// Reads and normalizes one file; a panic while normalizing it costs that file, not the run.
fn read_and_normalize(
    entry: &walk::Entry,
    vocab: &Vocab,
    progress: &(dyn Fn(&str) + Sync),
) -> FileResult {
    let file = import::read_entry(entry);
    let (rel, format) = (file.rel.clone(), file.format);
    let result = crate::guard::catch(|| normalize_file(file, vocab))
        .unwrap_or_else(|what| internal_error(rel, format, &what));
    progress(&entry.rel);
    result
}

/// Runs `work` on polars' thread pool (inline when called from one of its threads), and with
/// it every parallel step of jiaoke's own (rayon's `par_iter`, `join` and `scope` run on the
/// pool they are called from).
///
/// One pool for both: polars runs its queries on its own pool when called from one of its
/// threads, and one thread at a time otherwise. With two pools a run had twice the threads,
/// and the system allocator gives each allocating thread its own arena, whose freed memory
/// only that arena reuses. On a district of 200 schools, `run` with one pool holds about
/// 10 MiB less at its peak and is faster. The pool has as many threads as cores, or
/// `POLARS_MAX_THREADS`.
pub fn on_pool<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    polars_core::runtime::THREAD_POOL.install(work)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_imported_in_batches_give_what_one_batch_gives() {
        let inbox = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/inbox");
        let entries = walk::list(&inbox).unwrap();
        assert!(entries.len() > 10, "the demo inbox has its files");
        let vocab = Vocab::builtin();
        let import = |batch| import_batched(&inbox, &entries, &vocab, &|_| {}, batch).unwrap();
        let (whole, batched) = (import(usize::MAX), import(3));
        for kind in Kind::ALL {
            let (a, b) = (whole.frames.get(kind), batched.frames.get(kind));
            assert!(
                a.height() > 0 || kind == Kind::Plans,
                "{kind:?} has records"
            );
            assert!(a.equals_missing(b), "{kind:?}");
            assert_eq!(b.first_col_n_chunks(), 1, "{kind:?} is one chunk");
        }
        let names = |d: &Dataset| d.files.iter().map(|f| f.file.clone()).collect::<Vec<_>>();
        assert_eq!(names(&whole), names(&batched));
        assert_eq!(whole.findings, batched.findings);
        assert_eq!(whole.sheets.len(), batched.sheets.len());
    }
}
