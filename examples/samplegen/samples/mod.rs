//! The demo inbox of 云溪实验小学: which record goes into which messy file.
//!
//! Each function in the submodules writes one file (or stages one for LibreOffice) and registers what
//! jiaoke must find in it. samples/README.md lists which file shows which case.

mod broken;
mod calendar;
mod papers;
mod plan_docs;
mod projects;
mod roster;
mod training;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cols::*;
use crate::grid::{Book, Cell, Grid, RowStyle};
use crate::junk;
use crate::mess::{self, D, DateStyle as DS, HourStyle as HS, RangeStyle as RS, ym, ymd};
use crate::model::{
    Exp, MonthItem, Paper, PaperKind, Plan, Project, Session, Teacher, ToExp, Training, Truth,
};
use crate::school::{self, Contest};
use crate::table::{At, Item, Rec, Table, col, index_col, records, render};
use crate::write::{self, TextEnc};

/// Where the sample set is written.
pub struct Out {
    inbox: PathBuf,
    staging: PathBuf,
    manifest: Vec<String>,
    /// What jiaoke must find.
    pub truth: Truth,
}

impl Out {
    /// Files go to `root/inbox`, staging workbooks to `root/staging`.
    pub fn new(root: &Path) -> Out {
        Out {
            inbox: root.join("inbox"),
            staging: root.join("staging"),
            manifest: vec![],
            truth: Truth::default(),
        }
    }

    /// Writes a file into the inbox.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.inbox.join(rel);
        std::fs::create_dir_all(path.parent().expect("inbox path has a parent"))?;
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))
    }

    /// Writes a staging workbook that samples/convert.sh turns into `target` (inbox-relative)
    /// by `method`: `xls`, `et` (an .xls renamed), `ods` or `encrypt` (password 123456).
    pub(super) fn stage(&mut self, target: &str, method: &str, book: &Book) -> Result<()> {
        let stem = target.rsplit_once('.').map(|(s, _)| s).unwrap_or(target);
        let rel = format!("{stem}.xlsx");
        let path = self.staging.join(&rel);
        std::fs::create_dir_all(path.parent().expect("staging path has a parent"))?;
        std::fs::write(&path, write::xlsx(book)?)?;
        self.manifest.push(format!("{method}\t{rel}\t{target}"));
        Ok(())
    }

    pub(super) fn xlsx(&self, rel: &str, book: &Book) -> Result<()> {
        self.put(rel, &write::xlsx(book)?)
    }
}

/// Writes the whole sample set under `root` (samples/).
pub fn generate(root: &Path) -> Result<Out> {
    let mut out = Out::new(root);
    let roster = school::roster();
    roster::roster_file(&mut out, &roster)?;
    papers::papers_yuwen(&mut out)?;
    papers::papers_shuxue(&mut out)?;
    papers::papers_yingyu(&mut out)?;
    papers::papers_zonghe(&mut out)?;
    papers::papers_yiti(&mut out)?;
    papers::papers_published(&mut out)?;
    projects::projects_list(&mut out)?;
    projects::projects_micro(&mut out)?;
    training::training_register(&mut out)?;
    training::training_yiti(&mut out)?;
    training::training_export(&mut out, &roster)?;
    training::training_zonghe(&mut out)?;
    training::training_school(&mut out)?;
    calendar::calendar(&mut out)?;
    plan_docs::plan_documents(&mut out)?;
    broken::broken(&mut out)?;
    junk::write_all(&mut out)?;
    std::fs::create_dir_all(&out.staging)?;
    let manifest = out.manifest.join("\n") + "\n";
    std::fs::write(out.staging.join("manifest.tsv"), manifest)?;
    out.truth.write(&root.join("expected"))?;
    Ok(out)
}

pub(super) fn names(s: &str) -> Vec<String> {
    s.split('、').map(String::from).collect()
}

pub(super) fn award(
    authors: &str,
    title: &str,
    c: Contest,
    award: &str,
    date: D,
    dep: &str,
) -> Paper {
    Paper {
        kind: PaperKind::Award,
        authors: names(authors),
        title: title.into(),
        venue: c.name.into(),
        level: c.level.into(),
        award: award.into(),
        organizer: c.organizer.into(),
        date: Some(date),
        department: dep.into(),
        cn: String::new(),
    }
}

pub(super) fn published(
    authors: &str,
    title: &str,
    journal: &str,
    cn: &str,
    level: &str,
    date: D,
    dep: &str,
) -> Paper {
    Paper {
        kind: PaperKind::Published,
        authors: names(authors),
        title: title.into(),
        venue: journal.into(),
        level: level.into(),
        award: String::new(),
        organizer: String::new(),
        date: Some(date),
        department: dep.into(),
        cn: cn.into(),
    }
}

/// Clears the fields a file has no column for.
pub(super) fn without(mut p: Paper, fields: &[&str]) -> Paper {
    for f in fields {
        match *f {
            "level" => p.level.clear(),
            "organizer" => p.organizer.clear(),
            "authors" => p.authors.clear(),
            other => panic!("cannot clear {other}"),
        }
    }
    p
}
