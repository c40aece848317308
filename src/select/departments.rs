//! Which department each sheet of an inbox comes from: what the sheet names, else the one
//! department all its records share. Every list of findings (问题清单, `jiaoke check`, a
//! district's lists per school, the web view) shows it, so that a finding goes back to the
//! department that handed the sheet in.

use std::collections::HashMap;

use crate::normalize::frames::strings;
use crate::pipeline::Dataset;
use crate::vocab::Kind;

/// The department each (file, sheet) comes from: what the sheet names, else the one
/// department all its records share.
pub fn departments(dataset: &Dataset) -> HashMap<(String, String), String> {
    let mut seen: HashMap<(String, String), Option<String>> = HashMap::new();
    for kind in Kind::ALL {
        let df = dataset.frames.get(kind);
        let (Ok(files), Ok(sheets), Ok(depts)) = (
            strings(df, "source_file"),
            strings(df, "sheet"),
            strings(df, "department"),
        ) else {
            continue;
        };
        for ((f, s), d) in files.into_iter().zip(sheets).zip(depts) {
            let key = (f.unwrap_or("").to_string(), s.unwrap_or("").to_string());
            let entry = seen.entry(key).or_insert_with(|| d.map(str::to_string));
            if entry.as_deref() != d {
                *entry = None;
            }
        }
    }
    let mut out: HashMap<_, _> = seen
        .into_iter()
        .filter_map(|(k, d)| Some((k, d?)))
        .collect();
    for s in &dataset.sheets {
        if let Some(d) = &s.department {
            out.insert((s.file.clone(), s.sheet.clone()), d.clone());
        }
    }
    out
}
