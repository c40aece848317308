//! Writing outputs whole or not at all, each output on its own.
//!
//! Every file is first written to a temporary file in the folder of its final name; only when
//! all of them are written are they renamed into place. A failed run leaves the previous outputs
//! as they were (the temporary files are removed when dropped), and an existing report is only
//! ever replaced whole. One output that cannot be built (an internal error, a panic in a writer)
//! adds none of its files and costs the others nothing ([`OutputSet::build`]).
//!
//! Files behave like any program's: created with the permissions the umask gives (0644 under
//! the usual 022; the 0600 of a private temporary file would survive the rename). Temporary files
//! are named `.jiaoke-….tmp` and each is held under an exclusive lock while it exists: a killed
//! run leaves its temporary files unlocked, and the next set writing to that folder removes them,
//! while a file another jiaoke is still writing is locked and left alone.

use std::collections::HashSet;
use std::fmt::Display;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// How every temporary file's name starts.
pub const TEMP_PREFIX: &str = ".jiaoke-";
/// How every temporary file's name ends.
pub const TEMP_SUFFIX: &str = ".tmp";

/// A set of files to write together.
#[derive(Debug)]
pub struct OutputSet {
    dir: PathBuf,
    pending: Vec<(PathBuf, NamedTempFile)>,
    /// Folders already cleared of stale temporary files.
    swept: HashSet<PathBuf>,
}

impl OutputSet {
    /// Prepares writing into `dir` (created if missing), removing the temporary files an
    /// interrupted run left there.
    ///
    /// # Errors
    /// The folder cannot be created.
    pub fn new(dir: &Path) -> std::io::Result<OutputSet> {
        std::fs::create_dir_all(dir)?;
        let mut set = OutputSet {
            dir: dir.to_path_buf(),
            pending: Vec::new(),
            swept: HashSet::new(),
        };
        set.sweep(dir);
        Ok(set)
    }

    /// Writes one file's content to a temporary file beside its final name.
    ///
    /// # Errors
    /// The temporary file cannot be created or written (disk full, no permission).
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.add_with(name, |w| w.write_all(bytes))
            .map_err(|e| match e {
                AddError::Io(e) | AddError::Content(e) => e,
            })
    }

    /// Writes one file's content as `write` produces it, straight into a temporary file beside
    /// its final name: a large output (a district's records) is never held in memory whole
    /// before it is written. When `write` fails the file is not added.
    ///
    /// # Errors
    /// [`AddError::Io`] when the temporary file cannot be created or written (disk full, no
    /// permission), whatever `write` made of that error; else `write`'s own error.
    pub fn add_with<E>(
        &mut self,
        name: &str,
        write: impl FnOnce(&mut (dyn Write + Send)) -> Result<(), E>,
    ) -> Result<(), AddError<E>> {
        let target = self.dir.join(name);
        let parent = target.parent().unwrap_or(&self.dir).to_path_buf();
        std::fs::create_dir_all(&parent)?;
        self.sweep(&parent);
        let mut tmp = locked_temp_file(&parent)?;
        let mut out = Recording {
            inner: std::io::BufWriter::new(tmp.as_file_mut()),
            error: None,
        };
        let written = write(&mut out);
        if let Some(e) = out.error.take() {
            return Err(AddError::Io(e));
        }
        written.map_err(AddError::Content)?;
        out.flush()?;
        drop(out);
        tmp.as_file().sync_all()?;
        self.pending.push((target, tmp));
        Ok(())
    }

    /// Builds one output, whose files `build` adds: all of them are kept, or, when `build`
    /// fails or panics, none, and the reason is returned. Files added before are unaffected.
    ///
    /// # Errors
    /// What `build` returned (`{:#}`, with its context), or the panic's message.
    pub fn build<E: Display>(
        &mut self,
        build: impl FnOnce(&mut OutputSet) -> Result<(), E>,
    ) -> Result<(), String> {
        let mark = self.pending.len();
        let reason = match crate::guard::catch(|| build(self)) {
            Ok(Ok(())) => return Ok(()),
            Ok(Err(e)) => format!("{e:#}"),
            Err(panic) => format!("内部错误（{panic}）"),
        };
        self.pending.truncate(mark);
        Err(reason)
    }

    /// An empty set writing into the same folder, for a job built on another thread; its
    /// files join this set's with [`OutputSet::absorb`].
    pub fn fork(&self) -> OutputSet {
        OutputSet {
            dir: self.dir.clone(),
            pending: Vec::new(),
            swept: self.swept.clone(),
        }
    }

    /// Takes the files of a forked set, after this set's own.
    pub fn absorb(&mut self, other: OutputSet) {
        self.pending.extend(other.pending);
        self.swept.extend(other.swept);
    }

    /// Renames every file into place and returns the final paths.
    ///
    /// # Errors
    /// A rename failed (e.g. the target is open in Excel on Windows): the files renamed before
    /// it are in place, the rest are removed.
    pub fn commit(self) -> std::io::Result<Vec<PathBuf>> {
        let mut done = Vec::with_capacity(self.pending.len());
        for (target, tmp) in self.pending {
            tmp.persist(&target).map_err(|e| {
                std::io::Error::new(e.error.kind(), format!("{}：{}", target.display(), e.error))
            })?;
            done.push(target);
        }
        Ok(done)
    }

    fn sweep(&mut self, dir: &Path) {
        if self.swept.insert(dir.to_path_buf()) {
            remove_stale_temp_files(dir);
        }
    }
}

/// Why [`OutputSet::add_with`] added no file.
#[derive(Debug)]
pub enum AddError<E> {
    /// The temporary file could not be created or written.
    Io(std::io::Error),
    /// The content could not be produced.
    Content(E),
}

impl<E> From<std::io::Error> for AddError<E> {
    fn from(e: std::io::Error) -> Self {
        AddError::Io(e)
    }
}

/// A writer that keeps the first error of the one it wraps, so that a failed write is told
/// apart from a failure of the content, whatever the content's writer wraps the error in.
struct Recording<W> {
    inner: W,
    error: Option<std::io::Error>,
}

impl<W: Write> Recording<W> {
    fn kept<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        result.map_err(|e| {
            // An interrupted write is tried again by the caller: not a failure.
            if e.kind() == std::io::ErrorKind::Interrupted {
                return e;
            }
            let again = std::io::Error::new(e.kind(), e.to_string());
            self.error.get_or_insert(e);
            again
        })
    }
}

impl<W: Write> Write for Recording<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let result = self.inner.write(buf);
        self.kept(result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let result = self.inner.flush();
        self.kept(result)
    }
}

/// Removes the temporary files an interrupted run left in `dir`: those whose lock can be
/// taken. A running jiaoke holds the lock on each of its own until the file is renamed or
/// removed, so its files are left alone. Best effort: what cannot be removed now is tried again
/// by the next run.
pub fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with(TEMP_PREFIX)
            || !name.ends_with(TEMP_SUFFIX)
            || !entry.file_type().is_ok_and(|t| t.is_file())
        {
            continue;
        }
        let path = entry.path();
        if File::open(&path).is_ok_and(|f| f.try_lock().is_ok()) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// A new temporary file in `dir`, locked, with the permissions the umask gives.
fn locked_temp_file(dir: &Path) -> std::io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    // open() applies the umask to the mode asked for, as for any program's new file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    // Between creating a file and locking it, another run's sweep could take it for stale and
    // remove it: then make another.
    for _ in 0..3 {
        let tmp = builder.tempfile_in(dir)?;
        tmp.as_file().lock()?;
        if still_in_place(&tmp) {
            return Ok(tmp);
        }
    }
    Err(std::io::Error::other(format!(
        "无法在 {} 中建立临时文件（被另一个程序删除）",
        dir.display()
    )))
}

/// Whether the temporary file's path still names the file we hold.
fn still_in_place(tmp: &NamedTempFile) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (tmp.path().metadata(), tmp.as_file().metadata()) {
            (Ok(named), Ok(held)) => named.dev() == held.dev() && named.ino() == held.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        tmp.path().exists()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_appears_before_commit_and_nothing_is_left_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let out_dir = dir.path().join("out");
        let mut set = OutputSet::new(&out_dir).unwrap();
        set.add("a.csv", b"x\n").unwrap();
        assert!(!out_dir.join("a.csv").exists());
        drop(set);
        assert_eq!(
            std::fs::read_dir(&out_dir).unwrap().count(),
            0,
            "temporary files removed"
        );

        let mut set = OutputSet::new(&out_dir).unwrap();
        set.add("a.csv", b"x\n").unwrap();
        set.add("b.csv", b"y\n").unwrap();
        let paths = set.commit().unwrap();
        assert_eq!(paths.len(), 2);
        assert_eq!(std::fs::read(out_dir.join("b.csv")).unwrap(), b"y\n");
    }

    #[test]
    fn an_existing_file_is_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), b"old content that is longer").unwrap();
        let mut set = OutputSet::new(dir.path()).unwrap();
        set.add("a.csv", b"new").unwrap();
        set.commit().unwrap();
        assert_eq!(std::fs::read(dir.path().join("a.csv")).unwrap(), b"new");
    }

    fn temp_files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(TEMP_PREFIX))
            .collect();
        names.sort();
        names
    }

    #[cfg(unix)]
    #[test]
    fn files_get_the_permissions_the_umask_gives() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        // What any program's new file gets in this process (0644 under umask 022).
        let plain = dir.path().join("plain");
        File::create(&plain).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let mut set = OutputSet::new(dir.path()).unwrap();
        set.add("a.csv", b"x\n").unwrap();
        set.commit().unwrap();
        assert_eq!(mode(&dir.path().join("a.csv")), mode(&plain));
    }

    #[test]
    fn stale_temporary_files_are_removed_and_locked_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        let stale = dir.path().join(".jiaoke-killed.tmp");
        let stale_in_sub = sub.join(".jiaoke-killed.tmp");
        let busy = dir.path().join(".jiaoke-busy.tmp");
        let other = dir.path().join(".jiaoke-notes.txt");
        for p in [&stale, &stale_in_sub, &busy, &other] {
            std::fs::write(p, b"partial").unwrap();
        }
        // Another jiaoke still writing this one holds its lock.
        let held = File::options().write(true).open(&busy).unwrap();
        held.lock().unwrap();

        let mut set = OutputSet::new(dir.path()).unwrap();
        assert!(!stale.exists(), "a killed run's file is removed");
        assert!(busy.exists(), "a file being written is left alone");
        assert!(other.exists(), "only .jiaoke-*.tmp files are touched");
        assert!(
            stale_in_sub.exists(),
            "a subfolder is swept when written to"
        );
        set.add("sub/a.csv", b"x\n").unwrap();
        assert!(!stale_in_sub.exists());
        set.commit().unwrap();

        drop(held);
        OutputSet::new(dir.path()).unwrap();
        assert!(!busy.exists(), "removed once its writer is gone");
    }

    #[test]
    fn a_pending_file_is_locked_against_another_sweep() {
        let dir = tempfile::tempdir().unwrap();
        let mut set = OutputSet::new(dir.path()).unwrap();
        set.add("a.csv", b"x\n").unwrap();
        let pending = temp_files(dir.path());
        assert_eq!(pending.len(), 1);
        remove_stale_temp_files(dir.path());
        assert_eq!(
            temp_files(dir.path()),
            pending,
            "kept while its writer runs"
        );
        set.commit().unwrap();
        assert!(temp_files(dir.path()).is_empty());
    }

    #[test]
    fn an_output_that_fails_or_panics_adds_nothing_and_the_others_are_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut set = OutputSet::new(dir.path()).unwrap();
        set.build(|s| s.add("good.csv", b"1\n")).unwrap();
        let err = set
            .build(|s| {
                s.add("half.csv", b"2\n")?;
                Err(std::io::Error::other("写不下"))
            })
            .unwrap_err();
        assert!(err.contains("写不下"), "{err}");
        let err = set
            .build(|s| -> std::io::Result<()> {
                s.add("panicked.csv", b"3\n")?;
                panic!("越界");
            })
            .unwrap_err();
        assert!(err.contains("越界"), "{err}");
        set.build(|s| s.add("after.csv", b"4\n")).unwrap();
        let written = set.commit().unwrap();
        let names: Vec<_> = written
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["good.csv", "after.csv"]);
        assert!(
            temp_files(dir.path()).is_empty(),
            "the failed outputs' files are gone"
        );
    }
}
