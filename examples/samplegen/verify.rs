//! `samplegen verify`: reads the inbox back the way jiaoke will (calamine for workbooks,
//! the raw text for CSV and HTML) and checks that every expected record's row holds the
//! record's key value. It proves the provenance in expected/*.csv, including for the files
//! LibreOffice converted; it does not check normalization, which is jiaoke's job.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use anyhow::{Context, Result, bail};
use calamine::{Data, Reader, open_workbook_auto_from_rs};
use jiaoke::text::{remove_spaces, to_halfwidth};

type Rows = BTreeMap<u32, Vec<String>>;

fn clean(s: &str) -> String {
    remove_spaces(&to_halfwidth(s))
}

fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GBK.decode(bytes).0.into_owned(),
    }
}

/// Rows of one sheet keyed by their 1-based number, cells as text.
fn read_rows(inbox: &Path, file: &str, sheet: &str) -> Result<Rows> {
    let bytes = std::fs::read(inbox.join(file)).with_context(|| format!("reading {file}"))?;
    let mut rows = Rows::new();
    if file.ends_with(".docx") {
        // A plan document: one row per paragraph.
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).with_context(|| file.to_string())?;
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml")?, &mut xml)?;
        for (i, p) in paragraphs(&xml).into_iter().enumerate() {
            rows.insert(i as u32 + 1, vec![p]);
        }
    } else if file.ends_with(".txt") {
        // A plan document: one row per line.
        for (i, line) in decode(&bytes).lines().enumerate() {
            rows.insert(i as u32 + 1, vec![line.to_string()]);
        }
    } else if bytes.starts_with(b"PK") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        let mut wb =
            open_workbook_auto_from_rs(Cursor::new(bytes)).with_context(|| file.to_string())?;
        let range = wb
            .worksheet_range(sheet)
            .with_context(|| format!("{file} › {sheet}"))?;
        let (r0, _) = range.start().unwrap_or((0, 0));
        for (i, row) in range.rows().enumerate() {
            let cells = row
                .iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect();
            rows.insert(r0 + i as u32 + 1, cells);
        }
    } else if file.ends_with(".xls") {
        // An HTML table: one <tr> per row.
        let text = decode(&bytes);
        for (i, tr) in text.split("<tr>").skip(1).enumerate() {
            let cells = tr
                .split("<td")
                .skip(1)
                .map(|td| {
                    let inner = td.split_once('>').map(|x| x.1).unwrap_or("");
                    inner.split("</td>").next().unwrap_or("").to_string()
                })
                .collect();
            rows.insert(i as u32 + 1, cells);
        }
    } else {
        let text = decode(&bytes);
        for (i, line) in text.split("\r\n").enumerate() {
            rows.insert(
                i as u32 + 1,
                line.split(',')
                    .map(|f| f.trim_matches('"').to_string())
                    .collect(),
            );
        }
    }
    Ok(rows)
}

/// The text of each `w:p` of a generated document.xml, tags removed.
fn paragraphs(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(at) = rest.find("<w:p") {
        rest = &rest[at + 4..];
        if rest.starts_with("/>") {
            out.push(String::new());
        } else if rest.starts_with(['>', ' ']) {
            let end = rest.find("</w:p>").unwrap_or(rest.len());
            let mut text = String::new();
            let mut in_tag = false;
            for c in rest[..end].chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    _ if !in_tag => text.push(c),
                    _ => {}
                }
            }
            out.push(
                text.replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&amp;", "&"),
            );
            rest = &rest[end..];
        }
    }
    out
}

/// The field of each kind whose value must appear in the record's row.
const KEYS: &[(&str, &[&str])] = &[
    ("teachers.csv", &["subject"]),
    ("papers.csv", &["title", "venue"]),
    ("projects.csv", &["title"]),
    ("training.csv", &["course"]),
    ("plans.csv", &["item"]),
];

/// Checks every expected record; returns how many were checked.
pub fn run(root: &Path) -> Result<usize> {
    let inbox = root.join("inbox");
    let mut cache: BTreeMap<(String, String), Rows> = BTreeMap::new();
    let mut checked = 0;
    let mut failures = vec![];
    for (csv_name, keys) in KEYS {
        let mut rdr = csv::Reader::from_path(root.join("expected").join(csv_name))?;
        let head = rdr.headers()?.clone();
        let idx = |name: &str| head.iter().position(|h| h == name).expect("known column");
        for rec in rdr.records() {
            let rec = rec?;
            let file = rec[idx("source_file")].to_string();
            let sheet = rec[idx("sheet")].to_string();
            let row: u32 = rec[idx("row")].parse()?;
            let rows = match cache.entry((file.clone(), sheet.clone())) {
                std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::btree_map::Entry::Vacant(v) => {
                    v.insert(read_rows(&inbox, &file, &sheet)?)
                }
            };
            let cells: Vec<String> = rows
                .get(&row)
                .map(|r| r.iter().map(|c| clean(c)).collect())
                .unwrap_or_default();
            let key = keys
                .iter()
                .map(|k| clean(&rec[idx(k)]))
                .find(|v| !v.is_empty())
                .unwrap_or_default();
            if key.is_empty()
                || !cells
                    .iter()
                    .any(|c| c.contains(&key) || key.contains(c.as_str()) && !c.is_empty())
            {
                failures.push(format!(
                    "{csv_name}: {file} › {sheet} › row {row}: «{key}» not in {cells:?}"
                ));
            }
            checked += 1;
        }
    }
    if !failures.is_empty() {
        bail!(
            "{} record(s) not where expected:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
    Ok(checked)
}
