//! Writing outputs whole or not at all.
//!
//! Every file is first written to a temporary file in the output folder; only when all of
//! them are written are they renamed into place. A failed run leaves the previous outputs as
//! they were (the temporary files are removed when dropped), and an existing report is only
//! ever replaced whole.

use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// A set of files to write together.
#[derive(Debug)]
pub struct OutputSet {
    dir: PathBuf,
    pending: Vec<(PathBuf, NamedTempFile)>,
}

impl OutputSet {
    /// Prepares writing into `dir` (created if missing).
    ///
    /// # Errors
    /// The folder cannot be created.
    pub fn new(dir: &Path) -> std::io::Result<OutputSet> {
        std::fs::create_dir_all(dir)?;
        Ok(OutputSet {
            dir: dir.to_path_buf(),
            pending: Vec::new(),
        })
    }

    /// Writes one file's content to a temporary file beside its final name.
    ///
    /// # Errors
    /// The temporary file cannot be created or written (disk full, no permission).
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        let target = self.dir.join(name);
        let parent = target.parent().unwrap_or(&self.dir).to_path_buf();
        std::fs::create_dir_all(&parent)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".jiaoke-")
            .suffix(".tmp")
            .tempfile_in(&parent)?;
        tmp.write_all(bytes)?;
        tmp.as_file().sync_all()?;
        self.pending.push((target, tmp));
        Ok(())
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
}
