//! Zip packages — xlsx, xlsm, xlsb, ods, docx — bounded before anything is inflated, then
//! told apart by what they declare.
//!
//! A zip's central directory declares each part's compressed and uncompressed size, and the
//! zip crate refuses to inflate a part past its declared size ("File is larger than its
//! declared uncompressed size"). So the declared sizes are a real bound: a package whose parts
//! add up to more than [`MAX_UNZIPPED_BYTES`], or a large part compressed more than
//! [`MAX_RATIO`] times (a zip bomb: 12 MB that inflate to 1.4 GB), is refused before a
//! reader opens it.
//!
//! What kind of package it is comes from `[Content_Types].xml` (OOXML), the `mimetype` part
//! (OpenDocument) and, failing those, the usual part names. That is only the order in which
//! the readers are tried: whether a package is a workbook is for calamine to say, so a
//! workbook whose parts sit at unusual paths is still read.

use std::io::{Cursor, Read, Seek, Write};

use quick_xml::Reader;
use quick_xml::events::Event;
use zip::ZipArchive;

/// Most bytes the parts of one package may inflate to, all parts together.
pub const MAX_UNZIPPED_BYTES: u64 = 256 * 1024 * 1024;
/// Parts larger than this (inflated) are checked for their compression ratio.
const RATIO_CHECKED_ABOVE: u64 = 8 * 1024 * 1024;
/// The most a large part may be compressed: deflated XML is 5 to 50 times smaller, a zip
/// bomb hundreds to a thousand times.
pub const MAX_RATIO: u64 = 200;
/// The most of a small descriptive part (`[Content_Types].xml`, `mimetype`) read to decide.
const DESCRIPTOR_BYTES: u64 = 256 * 1024;

/// What a package declares itself to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// SpreadsheetML: .xlsx, .xlsm, .xltx.
    Xlsx,
    /// Binary workbook: .xlsb.
    Xlsb,
    /// OpenDocument spreadsheet: .ods.
    Ods,
    /// WordprocessingML: .docx, .docm.
    Docx,
    /// OpenDocument text: .odt.
    Odt,
    /// Nothing known: some other zip archive, or a package too damaged to say.
    Unknown,
}

/// Refuses a package whose parts would inflate past the bounds.
///
/// # Errors
/// A Chinese message for an `unreadable_file` finding.
///
/// ```
/// use std::io::Write;
/// let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
/// zip.start_file("a.xml", zip::write::SimpleFileOptions::default()).unwrap();
/// zip.write_all(&vec![b'x'; 20 << 20]).unwrap();
/// let bytes = zip.finish().unwrap().into_inner();
/// let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
/// let err = jiaoke::import::package::check_bounds(&archive).unwrap_err();
/// assert!(err.contains("压缩炸弹"), "{err}");
/// ```
pub fn check_bounds<R: Read + Seek>(archive: &ZipArchive<R>) -> Result<(), String> {
    within(archive, MAX_UNZIPPED_BYTES)
}

fn within<R: Read + Seek>(archive: &ZipArchive<R>, max_total: u64) -> Result<(), String> {
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index_data(i) else {
            continue;
        };
        let (size, packed) = (part.size(), part.compressed_size());
        total = total.saturating_add(size);
        if size > RATIO_CHECKED_ABOVE && size / packed.max(1) > MAX_RATIO {
            return Err(format!(
                "文件中的“{}”压缩了 {} 倍（{} 解压后为 {}），疑似压缩炸弹，未读取：请确认文件来源，或用 Excel/WPS 打开后另存",
                part.name().unwrap_or_default(),
                size / packed.max(1),
                megabytes(packed),
                megabytes(size)
            ));
        }
    }
    if total > max_total {
        return Err(format!(
            "解压后超过 {}（共 {}），疑似压缩炸弹，未读取：一份收集表不会这么大，请确认文件来源",
            megabytes(max_total),
            megabytes(total)
        ));
    }
    Ok(())
}

fn megabytes(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", bytes / 1024 / 1024)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// What the package declares itself to be.
pub fn identify<R: Read + Seek>(archive: &mut ZipArchive<R>) -> Kind {
    let mimetype = small_part(archive, "mimetype");
    if mimetype.contains("opendocument.spreadsheet") {
        return Kind::Ods;
    }
    if mimetype.contains("opendocument.text") {
        return Kind::Odt;
    }
    let types = small_part(archive, "[Content_Types].xml");
    // The main part's content type: `…sheet.main+xml`, `…sheet.macroEnabled.main+xml`,
    // `…template.main+xml`, `…sheet.binary.macroEnabled.main`, `…document.main+xml`.
    if types.contains("spreadsheetml.sheet.main")
        || types.contains("spreadsheetml.template.main")
        || types.contains("ms-excel.sheet.macroEnabled.main")
        || types.contains("ms-excel.template.macroEnabled.main")
    {
        return Kind::Xlsx;
    }
    if types.contains("ms-excel.sheet.binary.macroEnabled.main") {
        return Kind::Xlsb;
    }
    if types.contains("wordprocessingml.document.main")
        || types.contains("wordprocessingml.template.main")
        || types.contains("ms-word.document.macroEnabled.main")
    {
        return Kind::Docx;
    }
    let has = |name: &str| {
        archive
            .file_names()
            .flatten()
            .any(|n| n.trim_start_matches('/').eq_ignore_ascii_case(name))
    };
    if has("xl/workbook.xml") {
        Kind::Xlsx
    } else if has("xl/workbook.bin") {
        Kind::Xlsb
    } else if has("word/document.xml") {
        Kind::Docx
    } else if has("content.xml") {
        Kind::Ods
    } else {
        Kind::Unknown
    }
}

/// The first bytes of a small part, as text; empty when it is missing or unreadable.
fn small_part<R: Read + Seek>(archive: &mut ZipArchive<R>, name: &str) -> String {
    let mut text = String::new();
    if let Ok(part) = archive.by_name(name) {
        let _ = part.take(DESCRIPTOR_BYTES).read_to_string(&mut text);
    }
    text
}

/// The sheet types calamine opens an xlsx with; any other — an Excel 4.0 macro sheet
/// (`…/xlMacrosheet`, `…/xlIntlMacrosheet`) — makes it refuse the whole workbook.
const KNOWN_SHEET_TYPES: [&str; 3] = ["worksheet", "chartsheet", "dialogsheet"];
const WORKSHEET_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";

/// A copy of an xlsx package in which the sheets of a type calamine does not know are
/// declared as worksheets, and those sheets' names: calamine then opens the workbook, and the
/// caller skips them. `None` when there is no such sheet (or the package is too damaged to
/// say).
pub fn retype_unknown_sheets(bytes: &[u8]) -> Option<(Vec<u8>, Vec<String>)> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).ok()?;
    let root = small_part(&mut archive, "_rels/.rels");
    let workbook = relationships(&root)
        .into_iter()
        .find(|r| r.kind.ends_with("/officeDocument"))?
        .target
        .trim_start_matches('/')
        .to_string();
    let (dir, file) = workbook.rsplit_once('/').unwrap_or(("", &workbook));
    let rels_path = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let rels_text = small_part(&mut archive, &rels_path);
    let rels = relationships(&rels_text);
    let mut unknown_types = Vec::new();
    let mut names = Vec::new();
    for (name, id) in sheet_ids(&small_part(&mut archive, &workbook)) {
        let Some(rel) = rels.iter().find(|r| r.id == id) else {
            continue;
        };
        let last = rel.kind.rsplit('/').next().unwrap_or("");
        if !KNOWN_SHEET_TYPES.contains(&last) {
            names.push(name);
            unknown_types.push(rel.kind.clone());
        }
    }
    if names.is_empty() {
        return None;
    }
    let mut fixed = rels_text.clone();
    for kind in &unknown_types {
        fixed = fixed.replace(&format!("\"{kind}\""), &format!("\"{WORKSHEET_TYPE}\""));
    }
    Some((
        replace_part(&mut archive, &rels_path, fixed.as_bytes())?,
        names,
    ))
}

/// One `<Relationship>`.
struct Relationship {
    id: String,
    kind: String,
    target: String,
}

fn relationships(xml: &str) -> Vec<Relationship> {
    let mut out = Vec::new();
    each_element(xml, "Relationship", |attr| {
        out.push(Relationship {
            id: attr("Id").unwrap_or_default(),
            kind: attr("Type").unwrap_or_default(),
            target: attr("Target").unwrap_or_default(),
        });
    });
    out
}

/// The workbook's `<sheet name r:id>` elements: (name, relationship id).
fn sheet_ids(xml: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    each_element(xml, "sheet", |attr| {
        if let (Some(name), Some(id)) = (attr("name"), attr("id")) {
            out.push((name, id));
        }
    });
    out
}

/// Calls `f` with an attribute getter (by local name) for every element of local name `local`.
fn each_element(xml: &str, local: &str, mut f: impl FnMut(&dyn Fn(&str) -> Option<String>)) {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == local => {
                let attrs: Vec<(String, String)> = e
                    .attributes()
                    .with_checks(false)
                    .flatten()
                    .map(|a| {
                        let key = a.key.local_name().as_ref().to_string();
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map(|v| v.into_owned())
                            .unwrap_or_default();
                        (key, value)
                    })
                    .collect();
                f(&|name: &str| {
                    attrs
                        .iter()
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v.clone())
                });
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
}

/// A copy of the package with one part's content replaced; the other parts copied as they
/// are, without inflating them.
fn replace_part<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    name: &str,
    content: &[u8],
) -> Option<Vec<u8>> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i).ok()?;
        if part.name().is_ok_and(|n| n == name) {
            drop(part);
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .ok()?;
            out.write_all(content).ok()?;
        } else {
            out.raw_copy_file(part).ok()?;
        }
    }
    Some(out.finish().ok()?.into_inner())
}

/// Packages for tests.
#[cfg(test)]
pub(crate) mod testing {
    /// A copy of a package with one part replaced.
    pub fn replace(bytes: &[u8], name: &str, content: &[u8]) -> Vec<u8> {
        let mut archive = super::ZipArchive::new(super::Cursor::new(bytes)).unwrap();
        super::replace_part(&mut archive, name, content).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn package(parts: &[(&str, &[u8])]) -> ZipArchive<std::io::Cursor<Vec<u8>>> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(bytes).unwrap();
        }
        ZipArchive::new(std::io::Cursor::new(zip.finish().unwrap().into_inner())).unwrap()
    }

    #[test]
    fn kinds_come_from_content_types_then_names() {
        let ct = |main: &str| {
            format!(
                "<Types><Override PartName=\"/wb/book.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.{main}+xml\"/></Types>"
            )
        };
        let xlsx = ct("spreadsheetml.sheet.main");
        assert_eq!(
            identify(&mut package(&[("[Content_Types].xml", xlsx.as_bytes())])),
            Kind::Xlsx,
            "a workbook at an unusual path"
        );
        let docx = ct("wordprocessingml.document.main");
        assert_eq!(
            identify(&mut package(&[("[Content_Types].xml", docx.as_bytes())])),
            Kind::Docx
        );
        assert_eq!(
            identify(&mut package(&[(
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet"
            )])),
            Kind::Ods
        );
        assert_eq!(
            identify(&mut package(&[("XL/Workbook.bin", b"")])),
            Kind::Xlsb
        );
        assert_eq!(identify(&mut package(&[("photo.jpg", b"")])), Kind::Unknown);
    }

    #[test]
    fn ordinary_packages_pass_the_bounds() {
        let xml = "<row><c><v>1</v></c></row>".repeat(10_000);
        assert_eq!(
            check_bounds(&package(&[("sheet.xml", xml.as_bytes())])),
            Ok(())
        );
    }

    #[test]
    fn parts_adding_up_past_the_bound_are_refused() {
        let parts = package(&[("a.xml", &[b'a'; 3000]), ("b.xml", &[b'b'; 3000])]);
        assert_eq!(within(&parts, 6000), Ok(()));
        let err = within(&parts, 5 * 1024).unwrap_err();
        assert!(err.contains("解压后超过 5 KB（共 6 KB）"), "{err}");
    }

    #[test]
    fn a_part_compressed_like_a_bomb_is_refused() {
        let err = check_bounds(&package(&[(
            "xl/worksheets/sheet1.xml",
            &vec![0u8; 16 << 20],
        )]))
        .unwrap_err();
        assert!(
            err.contains("sheet1.xml") && err.contains("压缩炸弹"),
            "{err}"
        );
    }
}
