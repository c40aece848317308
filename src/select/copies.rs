//! Records handed in more than once: which rows are copies, and of which row.
//!
//! One decision, made once per inbox: check reports each copy as `duplicate_record`, naming the
//! row that counts, and every report leaves the copies out. Two records are the same when
//! their key matches despite spacing, punctuation and full-width forms ([`fingerprint`]):
//! a paper by its kind, authors (in any order), title and contest or journal; a project by
//! its title and leaders; a training record by its trainee, course, start and hours; a roster
//! entry by its name and ID (or department when there is no ID). Of a group of the same
//! record, the one that counts is the most complete (most cells filled in), the first in
//! inbox order among equals: a department's file handed in again with a level filled in
//! counts with the level.
//!
//! A record repeated within one row (a training register naming the same trainee twice) is
//! not a copy: it was not handed in twice.

use std::collections::HashMap;

use polars::prelude::*;

use crate::normalize::columns::{
    self as c, papers as p, projects as j, teachers as t, training as tr,
};
use crate::normalize::frames::{Frames, days, floats, lists, strings};
use crate::vocab::Kind;

/// Columns that say where a record is, not what it is: not counted for completeness.
const NOT_CONTENT: [&str; 4] = ["source_file", "sheet", "row", "unparsed"];

/// For each kind, each row's copy status: `Some(k)` when the row is a copy of row `k`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Copies {
    by_kind: HashMap<Kind, Vec<Option<usize>>>,
}

impl Copies {
    /// Finds the copies in every frame.
    ///
    /// # Errors
    /// Internal frame errors only.
    pub fn of(frames: &Frames) -> PolarsResult<Copies> {
        let mut by_kind = HashMap::new();
        for kind in Kind::ALL {
            let df = frames.get(kind);
            let keys = keys(kind, df)?;
            let places = places(df)?;
            by_kind.insert(kind, decide(&keys, &places, &completeness(df)?));
        }
        Ok(Copies { by_kind })
    }

    /// The row that counts in place of row `row`, when `row` is a copy.
    pub fn copy_of(&self, kind: Kind, row: usize) -> Option<usize> {
        self.by_kind.get(&kind)?.get(row).copied().flatten()
    }

    /// Whether row `row` is a copy (and does not count).
    pub fn is_copy(&self, kind: Kind, row: usize) -> bool {
        self.copy_of(kind, row).is_some()
    }

    /// How many rows of a kind are copies.
    pub fn count(&self, kind: Kind) -> usize {
        self.by_kind
            .get(&kind)
            .map_or(0, |v| v.iter().flatten().count())
    }
}

/// The text with everything but letters, digits and ideographs removed, full-width folded,
/// Latin lower-cased: "《浅谈 “情境” 教学》" and "浅谈情境教学" compare equal.
///
/// ```
/// use jiaoke::select::copies::fingerprint;
/// assert_eq!(fingerprint("浅谈“情境”教学， 以ＰＢＬ为例"), fingerprint("浅谈情境教学——以pbl为例"));
/// ```
pub fn fingerprint(s: &str) -> String {
    crate::text::to_halfwidth(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A name list as a set: `李四、张三` and `张三、李四` are the same authors.
fn name_set(names: &[String]) -> String {
    let mut names: Vec<&str> = names.iter().map(String::as_str).collect();
    names.sort_unstable();
    names.join("、")
}

/// Each row's identity (`None`: too little to compare, never a copy).
fn keys(kind: Kind, df: &DataFrame) -> PolarsResult<Vec<Option<String>>> {
    let col = |name| strings(df, name);
    let n = df.height();
    Ok(match kind {
        Kind::Papers => {
            let (k, authors, title, venue) = (
                col(p::KIND)?,
                lists(df, p::AUTHORS)?,
                col(c::TITLE)?,
                col(p::VENUE)?,
            );
            (0..n)
                .map(|i| {
                    let t = fingerprint(title[i].unwrap_or(""));
                    (!t.is_empty()).then(|| {
                        let venue = fingerprint(venue[i].unwrap_or(""));
                        let k = k[i].unwrap_or("");
                        format!("{k}|{}|{t}|{venue}", name_set(&authors[i]))
                    })
                })
                .collect()
        }
        Kind::Projects => {
            let (title, leader) = (col(c::TITLE)?, lists(df, j::LEADER)?);
            (0..n)
                .map(|i| {
                    let t = fingerprint(title[i].unwrap_or(""));
                    (!t.is_empty()).then(|| format!("{t}|{}", name_set(&leader[i])))
                })
                .collect()
        }
        Kind::Training => {
            let (teacher, course) = (col(tr::TEACHER)?, col(tr::COURSE)?);
            let (start, hours) = (days(df, "start")?, floats(df, "hours")?);
            (0..n)
                .map(|i| {
                    let c = fingerprint(course[i].unwrap_or(""));
                    let t = teacher[i].filter(|_| !c.is_empty())?;
                    Some(format!("{t}|{c}|{:?}|{:?}", start[i], hours[i]))
                })
                .collect()
        }
        Kind::Teachers => {
            // Two people may share a name; the same name with the same ID (or, without IDs,
            // in the same department) is one person listed twice.
            let (name, id, dept) = (col(t::NAME)?, col(c::ID_NUMBER)?, col(c::DEPARTMENT)?);
            (0..n)
                .map(|i| {
                    let who = name[i]?;
                    Some(match id[i] {
                        Some(id) => format!("{who}|{id}"),
                        None => format!("{who}|{}", dept[i].unwrap_or("")),
                    })
                })
                .collect()
        }
        // A calendar item may well recur (每周一升旗): no copies.
        Kind::Plans => vec![None; n],
    })
}

/// Each row's (file, sheet, row).
fn places(df: &DataFrame) -> PolarsResult<Vec<(String, String, u32)>> {
    let (file, sheet) = (strings(df, "source_file")?, strings(df, "sheet")?);
    let row = df.column("row")?.u32()?;
    Ok((0..df.height())
        .map(|i| {
            (
                file[i].unwrap_or("").to_string(),
                sheet[i].unwrap_or("").to_string(),
                row.get(i).unwrap_or(0),
            )
        })
        .collect())
}

/// Each row's count of filled-in content cells.
fn completeness(df: &DataFrame) -> PolarsResult<Vec<usize>> {
    let mut filled = vec![0usize; df.height()];
    for column in df.columns() {
        if NOT_CONTENT.contains(&column.name().as_str()) {
            continue;
        }
        let nulls = column.is_null();
        for (i, null) in nulls.iter().enumerate() {
            if null == Some(false) {
                filled[i] += 1;
            }
        }
    }
    Ok(filled)
}

/// Groups rows by key and picks the one that counts in each group: the most complete, the
/// first among equals. Rows at the place of the one that counts are not copies.
fn decide<P: PartialEq>(
    keys: &[Option<String>],
    places: &[P],
    filled: &[usize],
) -> Vec<Option<usize>> {
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        if let Some(key) = key {
            let group = groups.entry(key).or_default();
            if group.is_empty() {
                order.push(key);
            }
            group.push(i);
        }
    }
    let mut copy_of = vec![None; keys.len()];
    for key in order {
        let group = &groups[key];
        let kept =
            group.iter().copied().fold(
                group[0],
                |best, i| if filled[i] > filled[best] { i } else { best },
            );
        for &i in group {
            if places[i] != places[kept] {
                copy_of[i] = Some(kept);
            }
        }
    }
    copy_of
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn the_most_complete_copy_counts_the_first_among_equals() {
        let keys = [key("a"), key("b"), key("a"), None, key("a"), key("b")];
        let places = [1, 2, 3, 4, 5, 6];
        let filled = [3, 5, 4, 9, 4, 5];
        assert_eq!(
            decide(&keys, &places, &filled),
            [Some(2), None, None, None, Some(2), Some(1)]
        );
    }

    #[test]
    fn a_record_repeated_within_one_row_is_no_copy() {
        let keys = [key("张三|培训"), key("张三|培训")];
        assert_eq!(decide(&keys, &[7, 7], &[2, 2]), [None, None]);
    }

    #[test]
    fn names_compare_as_sets() {
        let names = |a: &[&str]| -> Vec<String> { a.iter().map(|s| s.to_string()).collect() };
        assert_eq!(
            name_set(&names(&["李四", "张三"])),
            name_set(&names(&["张三", "李四"]))
        );
    }
}
