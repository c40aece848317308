//! The page's folder on disk: the collections (each an inbox), the files dropped into them,
//! and the outputs of each.
//!
//! ```text
//! 文档/jiaoke/                       the root (FOLDER of `jiaoke serve`)
//!   2023-2024学年第一学期/           a collection: an inbox, as `jiaoke run` reads it
//!     语文组/论文.xlsx
//!     jiaoke.toml                    its settings (the page's 设置 form)
//!   报表/2023-2024学年第一学期/      its outputs: never inside the inbox
//! ```
//!
//! `jiaoke serve INBOX` opens one existing inbox: the root is then its parent folder, and
//! only that collection is shown.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Serialize;

use super::names::{self, component, relative_path};
use crate::import::limits::MAX_FILE_BYTES;
use crate::import::package;
use crate::import::walk;

/// The folder of the root that holds every collection's outputs; never a collection.
pub const OUTPUT_FOLDER: &str = "报表";

/// The collections under one root.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
    only: Option<String>,
}

/// A collection as the page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct CollectionInfo {
    /// The folder's name.
    pub name: String,
    /// Files in it (lock and system files not counted).
    pub files: usize,
    /// When a file in it last changed (`2023-11-02 10:15`).
    pub changed: String,
}

/// A file on disk, as the page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct DiskFile {
    /// Path relative to its folder, `/` separators.
    pub path: String,
    /// Bytes.
    pub size: u64,
    /// Last changed (`2023-11-02 10:15`).
    pub changed: String,
}

/// Why something dropped on the page was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PutError {
    /// Files of these names are there already; asking first.
    Exists(Vec<String>),
    /// Refused, with a Chinese message.
    Refused(String),
}

impl Store {
    /// The collections under `root`; with `only`, just that one.
    pub fn new(root: PathBuf, only: Option<String>) -> Store {
        Store { root, only }
    }

    /// The root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether the page shows one inbox only (`jiaoke serve INBOX`).
    pub fn single(&self) -> Option<&str> {
        self.only.as_deref()
    }

    /// Every collection, by name.
    ///
    /// # Errors
    /// The root cannot be listed.
    pub fn list(&self) -> std::io::Result<Vec<CollectionInfo>> {
        let mut names: Vec<String> = match &self.only {
            Some(name) => vec![name.clone()],
            None => std::fs::read_dir(&self.root)?
                .flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.') && n != OUTPUT_FOLDER)
                .collect(),
        };
        names.sort();
        Ok(names
            .into_iter()
            .map(|name| {
                let files = self.files(&name).unwrap_or_default();
                let changed = files.iter().map(|f| f.changed.clone()).max();
                CollectionInfo {
                    name,
                    files: files.len(),
                    changed: changed.unwrap_or_default(),
                }
            })
            .collect())
    }

    /// Makes a new, empty collection.
    ///
    /// # Errors
    /// A name that cannot be a folder, one taken, or the disk refusing.
    pub fn create(&self, raw: &str) -> Result<String, String> {
        if self.only.is_some() {
            return Err("只打开了一个收集文件夹，不能新建：请不带文件夹运行 jiaoke".into());
        }
        let name = component(raw)?;
        if name == OUTPUT_FOLDER || name.starts_with('.') {
            return Err(format!("“{name}”是 jiaoke 保留的名称，请换一个"));
        }
        let path = self.root.join(&name);
        if path.exists() {
            return Err(format!("已有名为“{name}”的收集文件夹"));
        }
        std::fs::create_dir_all(&path).map_err(|e| format!("无法创建文件夹：{e}"))?;
        Ok(name)
    }

    /// The inbox of an existing collection.
    ///
    /// # Errors
    /// No such collection (the name is checked, never joined as given).
    pub fn inbox(&self, raw: &str) -> Result<PathBuf, String> {
        let missing = || format!("没有名为“{raw}”的收集文件夹");
        let name = component(raw).map_err(|_| missing())?;
        let listed = match &self.only {
            Some(only) => *only == name,
            None => name != OUTPUT_FOLDER && !name.starts_with('.'),
        };
        let path = self.root.join(&name);
        if !listed || !path.is_dir() {
            return Err(missing());
        }
        Ok(path)
    }

    /// Where a collection's outputs go.
    pub fn outputs(&self, inbox: &Path) -> PathBuf {
        let name = inbox.file_name().unwrap_or_default();
        self.root.join(OUTPUT_FOLDER).join(name)
    }

    /// The files of a collection as `jiaoke run` lists them (lock and system files left out).
    ///
    /// # Errors
    /// No such collection, or it cannot be listed.
    pub fn files(&self, name: &str) -> Result<Vec<DiskFile>, String> {
        let inbox = self.inbox(name)?;
        let entries = walk::list(&inbox).map_err(|e| format!("无法读取文件夹：{e}"))?;
        Ok(entries
            .into_iter()
            .filter(|e| {
                let file = e.rel.rsplit('/').next().unwrap_or(&e.rel);
                walk::leftover(file).is_none()
            })
            .map(|e| disk_file(e.rel, &e.path))
            .collect())
    }
}

/// Removes a file of a collection (one dropped by mistake: the page's copy, never the file
/// it was dropped from). The path is looked up among the collection's files, never used as
/// given; folders left empty are removed too.
///
/// # Errors
/// No such file in the collection, or the disk refused (open in Excel or WPS).
pub fn remove(store: &Store, name: &str, rel: &str) -> Result<(), String> {
    let inbox = store.inbox(name)?;
    let files = store.files(name)?;
    let Some(found) = files.iter().find(|f| f.path == rel) else {
        return Err(format!("收集文件夹中没有“{rel}”"));
    };
    let parts: Vec<String> = found.path.split('/').map(str::to_string).collect();
    let path = join(&inbox, &parts);
    std::fs::remove_file(&path)
        .map_err(|e| format!("无法删除“{rel}”（是否正在 Excel/WPS 中打开？）：{e}"))?;
    let mut dir = path.parent().map(Path::to_path_buf);
    while let Some(d) = dir.filter(|d| d != &inbox && d.starts_with(&inbox)) {
        if std::fs::remove_dir(&d).is_err() {
            break;
        }
        dir = d.parent().map(Path::to_path_buf);
    }
    Ok(())
}

/// The files under a folder, relative paths with `/`, by path.
pub fn list_files(dir: &Path) -> Vec<DiskFile> {
    let mut out: Vec<DiskFile> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| disk_file(walk::relative(dir, e.path()), e.path()))
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn disk_file(path: String, on_disk: &Path) -> DiskFile {
    let meta = std::fs::metadata(on_disk).ok();
    let changed = meta
        .as_ref()
        .and_then(|m| m.modified().ok())
        .map(local_time)
        .unwrap_or_default();
    DiskFile {
        path,
        size: meta.map_or(0, |m| m.len()),
        changed,
    }
}

/// `2023-11-02 10:15` in the computer's time zone.
pub fn local_time(t: SystemTime) -> String {
    chrono::DateTime::<chrono::Local>::from(t)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// Writes a dropped file into `inbox` at `rel` (a path from the page). A .zip is unpacked
/// instead ([`unpack`]). Returns the paths written, relative to the inbox.
///
/// # Errors
/// [`PutError::Exists`] when a file is there and `replace` is not set; else refused.
pub fn put(inbox: &Path, rel: &str, bytes: &[u8], replace: bool) -> Result<Vec<String>, PutError> {
    let parts = relative_path(rel).map_err(PutError::Refused)?;
    if names::is_system_file(&parts) {
        return Ok(Vec::new());
    }
    let is_zip = parts
        .last()
        .is_some_and(|n| n.to_lowercase().ends_with(".zip"));
    if is_zip {
        return unpack(inbox, &parts, bytes, replace);
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(PutError::Refused(too_large(&parts.join("/"))));
    }
    let target = join(inbox, &parts);
    if target.exists() && !replace {
        return Err(PutError::Exists(vec![parts.join("/")]));
    }
    write_file(inbox, &target, bytes).map_err(PutError::Refused)?;
    Ok(vec![parts.join("/")])
}

fn too_large(name: &str) -> String {
    format!(
        "“{name}”超过 {} MB，jiaoke 不读这么大的文件，未接收",
        MAX_FILE_BYTES / 1024 / 1024
    )
}

fn join(inbox: &Path, parts: &[String]) -> PathBuf {
    parts.iter().fold(inbox.to_path_buf(), |p, c| p.join(c))
}

/// Writes a file whole (a temporary file renamed into place), after making sure that its
/// folder, once created and its links resolved, is inside the inbox.
fn write_file(inbox: &Path, target: &Path, bytes: &[u8]) -> Result<(), String> {
    let parent = target.parent().unwrap_or(inbox);
    std::fs::create_dir_all(parent).map_err(|e| format!("无法创建文件夹：{e}"))?;
    let (root, real) = (inbox.canonicalize(), parent.canonicalize());
    match (root, real) {
        (Ok(root), Ok(real)) if real.starts_with(&root) => {}
        _ => return Err("目标位置不在收集文件夹之内（链接指向别处？），未写入".into()),
    }
    if target.is_dir() {
        return Err(format!(
            "已有同名文件夹“{}”，未写入",
            target.file_name().unwrap_or_default().to_string_lossy()
        ));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(crate::output::TEMP_PREFIX)
        .suffix(crate::output::TEMP_SUFFIX)
        .tempfile_in(parent)
        .map_err(|e| format!("无法写入：{e}"))?;
    tmp.write_all(bytes).map_err(|e| format!("无法写入：{e}"))?;
    tmp.persist(target)
        .map_err(|e| format!("无法保存（文件是否正在 Excel/WPS 中打开？）：{}", e.error))?;
    Ok(())
}

/// Unpacks a dropped .zip into the folder it was dropped in, under the bounds of any zip
/// jiaoke reads ([`package::check_bounds`]: total size and compression ratio), each file at
/// most [`MAX_FILE_BYTES`], every name checked ([`relative_path`]). Names are read as the
/// archive wrote them: UTF-8, or GBK (what Windows' Chinese edition writes without saying).
///
/// An archive of loose files only (`语文组.zip` holding the department's tables) goes into a
/// folder named after it, so that it becomes that department's (or school's) folder; any
/// other archive — one folder, or a whole inbox with its folders and 学校名单 — is unpacked as
/// it is.
fn unpack(
    inbox: &Path,
    parts: &[String],
    bytes: &[u8],
    replace: bool,
) -> Result<Vec<String>, PutError> {
    let zip_name = parts.last().cloned().unwrap_or_default();
    let broken = |e: &dyn std::fmt::Display| {
        PutError::Refused(format!("“{zip_name}”不是完好的 zip 压缩包，未解压：{e}"))
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| broken(&e))?;
    package::check_bounds(&archive).map_err(|e| PutError::Refused(format!("“{zip_name}”{e}")))?;
    let entries = plan(&mut archive).map_err(PutError::Refused)?;
    let mut base = parts[..parts.len() - 1].to_vec();
    let loose_only = entries.iter().all(|(_, p)| p.len() == 1);
    if loose_only {
        let stem = zip_name
            .rsplit_once('.')
            .map_or(zip_name.as_str(), |(s, _)| s);
        base.push(component(stem).map_err(PutError::Refused)?);
    }
    let targets: Vec<(usize, Vec<String>)> = entries
        .into_iter()
        .map(|(i, p)| (i, base.iter().cloned().chain(p).collect()))
        .collect();
    let exists: Vec<String> = targets
        .iter()
        .filter(|(_, p)| join(inbox, p).exists())
        .map(|(_, p)| p.join("/"))
        .collect();
    if !exists.is_empty() && !replace {
        return Err(PutError::Exists(exists));
    }
    let mut written = Vec::new();
    for (index, p) in targets {
        let mut file = archive.by_index(index).map_err(|e| broken(&e))?;
        let mut data = Vec::new();
        file.by_ref()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut data)
            .map_err(|e| broken(&e))?;
        if data.len() as u64 > MAX_FILE_BYTES {
            return Err(PutError::Refused(too_large(&p.join("/"))));
        }
        write_file(inbox, &join(inbox, &p), &data).map_err(PutError::Refused)?;
        written.push(p.join("/"));
    }
    Ok(written)
}

/// The archive's files to write: index and checked path, system files left out. Any name
/// that would leave the folder refuses the whole archive.
fn plan<R: Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
) -> Result<Vec<(usize, Vec<String>)>, String> {
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let file = archive
            .by_index_raw(i)
            .map_err(|e| format!("压缩包已损坏：{e}"))?;
        if file.is_dir() {
            continue;
        }
        if file.size() > MAX_FILE_BYTES {
            return Err(too_large(&entry_name(file.name_raw())));
        }
        let name = entry_name(file.name_raw());
        let parts = relative_path(&name).map_err(|e| format!("压缩包中的{e}"))?;
        if !names::is_system_file(&parts) {
            out.push((i, parts));
        }
    }
    if out.is_empty() {
        return Err("压缩包里没有文件".into());
    }
    Ok(out)
}

/// An entry's name: UTF-8 when it is valid UTF-8 (flagged or not), else GBK.
fn entry_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(raw).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_dropped_file_never_overwrites_silently() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            put(dir.path(), "语文组/论文.xlsx", b"one", false).unwrap(),
            ["语文组/论文.xlsx"]
        );
        assert_eq!(
            put(dir.path(), "语文组/论文.xlsx", b"two", false).unwrap_err(),
            PutError::Exists(vec!["语文组/论文.xlsx".into()])
        );
        let on_disk = dir.path().join("语文组").join("论文.xlsx");
        assert_eq!(std::fs::read(&on_disk).unwrap(), b"one");
        put(dir.path(), "语文组/论文.xlsx", b"two", true).unwrap();
        assert_eq!(std::fs::read(&on_disk).unwrap(), b"two");
    }

    #[test]
    fn a_zip_with_folders_is_unpacked_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let zip = zip_of(&[
            ("城南小学/语文组/论文.xlsx", b"a"),
            ("城南小学/课题.xlsx", b"b"),
            ("__MACOSX/城南小学/._课题.xlsx", b"c"),
        ]);
        let written = put(dir.path(), "城南小学.zip", &zip, false).unwrap();
        assert_eq!(written, ["城南小学/语文组/论文.xlsx", "城南小学/课题.xlsx"]);
        assert!(!dir.path().join("__MACOSX").exists());
        assert!(!dir.path().join("城南小学.zip").exists());
        // A whole district inbox: the list and the school folders at the top.
        let zip = zip_of(&[("学校名单.csv", b"a"), ("东门实验/论文.xlsx", b"b")]);
        let written = put(dir.path(), "全区材料.zip", &zip, false).unwrap();
        assert_eq!(written, ["学校名单.csv", "东门实验/论文.xlsx"]);
    }

    #[test]
    fn a_zip_of_loose_files_goes_into_a_folder_named_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let zip = zip_of(&[("论文.xlsx", b"a"), ("课题.xlsx", b"b")]);
        let written = put(dir.path(), "数学组/数学组材料.zip", &zip, false).unwrap();
        assert_eq!(
            written,
            ["数学组/数学组材料/论文.xlsx", "数学组/数学组材料/课题.xlsx"]
        );
        // Dropped again: asks about both, writes neither.
        match put(dir.path(), "数学组/数学组材料.zip", &zip, false) {
            Err(PutError::Exists(names)) => assert_eq!(names.len(), 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_zip_leaving_the_folder_is_refused_whole() {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("收集");
        std::fs::create_dir(&inbox).unwrap();
        for evil in [
            "../逃出.xlsx",
            "/etc/passwd",
            "a/../../逃出.xlsx",
            "C:/x.xlsx",
            "CON.xlsx",
        ] {
            let zip = zip_of(&[("好的.xlsx", b"a"), (evil, b"x")]);
            match put(&inbox, "材料.zip", &zip, false) {
                Err(PutError::Refused(_)) => {}
                other => panic!("{evil}: {other:?}"),
            }
        }
        assert!(!dir.path().join("逃出.xlsx").exists());
        assert_eq!(
            std::fs::read_dir(&inbox).unwrap().count(),
            0,
            "nothing written"
        );
    }

    #[test]
    fn only_a_listed_file_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().to_path_buf(), None);
        store.create("收集").unwrap();
        let inbox = dir.path().join("收集");
        put(&inbox, "语文组/论文.xlsx", b"x", false).unwrap();
        std::fs::write(dir.path().join("外面.xlsx"), b"y").unwrap();
        for evil in ["../外面.xlsx", "语文组", "语文组/../../外面.xlsx", ""] {
            assert!(remove(&store, "收集", evil).is_err(), "{evil}");
        }
        assert!(dir.path().join("外面.xlsx").exists());
        remove(&store, "收集", "语文组/论文.xlsx").unwrap();
        assert!(
            !inbox.join("语文组").exists(),
            "the emptied folder goes too"
        );
        assert!(inbox.exists(), "the collection stays");
    }

    #[test]
    fn gbk_names_are_read_as_chinese() {
        assert_eq!(entry_name(&[0xD3, 0xEF, 0xCE, 0xC4, b'.', b'x']), "语文.x");
        assert_eq!(entry_name("语文.x".as_bytes()), "语文.x");
    }

    #[test]
    fn a_zip_bomb_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let big = vec![b'x'; 20 << 20];
        let zip = zip_of(&[("a.xlsx", &big)]);
        match put(dir.path(), "a.zip", &zip, false) {
            Err(PutError::Refused(msg)) => assert!(msg.contains("压缩炸弹"), "{msg}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn collections_are_checked_names_and_never_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().to_path_buf(), None);
        assert_eq!(
            store.create("2023年度区级汇总").unwrap(),
            "2023年度区级汇总"
        );
        assert!(store.create("2023年度区级汇总").is_err());
        assert!(store.create(OUTPUT_FOLDER).is_err());
        assert!(store.create("../x").is_err());
        std::fs::create_dir(dir.path().join(OUTPUT_FOLDER)).unwrap();
        let names: Vec<String> = store.list().unwrap().into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["2023年度区级汇总"]);
        assert!(store.inbox(OUTPUT_FOLDER).is_err());
        assert!(store.inbox("..").is_err());
        assert!(store.inbox("2023年度区级汇总").is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_collection_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let (inbox, outside) = (dir.path().join("收集"), dir.path().join("外面"));
        std::fs::create_dir_all(&inbox).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, inbox.join("链接")).unwrap();
        match put(&inbox, "链接/a.xlsx", b"x", false) {
            Err(PutError::Refused(_)) => {}
            other => panic!("{other:?}"),
        }
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    }
}
