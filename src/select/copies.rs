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
//!
//! Online form exports are the one exception to "the most complete counts": one person
//! submitting a form again is a correction, so within one export the *latest* submission
//! counts ([`resubmissions`]). A submission is the same as another of the same sheet when its
//! account (if the export names one) and its person and main field match: a paper by its
//! authors and title, a project by its title and leaders, a training record by its trainee and
//! course, a roster entry by its name; the rest may differ. What is left of each export then
//! meets every other file under the rule above.

use std::collections::HashMap;

use polars::prelude::*;

use crate::normalize::columns::{
    self as c, papers as p, projects as j, teachers as t, training as tr,
};
use crate::normalize::frames::{Frames, days, floats, lists, strings};
use crate::normalize::{SheetInfo, Submission};
use crate::vocab::Kind;

/// Columns that say where a record is, not what it is: not counted for completeness.
const NOT_CONTENT: [&str; 4] = ["source_file", "sheet", "row", "unparsed"];

/// For each kind, each row's copy status: `Some(k)` when the row is a copy of row `k`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Copies {
    by_kind: HashMap<Kind, Vec<Option<usize>>>,
    /// Rows that are an earlier submission of a form answered again.
    resubmitted: HashMap<Kind, Vec<bool>>,
}

impl Copies {
    /// Finds the copies in every frame; `sheets` tell which rows are answers of a form export.
    ///
    /// # Errors
    /// Internal frame errors only.
    pub fn of(frames: &Frames, sheets: &[SheetInfo]) -> PolarsResult<Copies> {
        use rayon::prelude::*;
        let answers = answers(sheets);
        // The kinds side by side: they share nothing.
        let decided: Vec<_> = Kind::ALL
            .par_iter()
            .map(|&kind| kind_copies(kind, frames.get(kind), &answers).map(|c| (kind, c)))
            .collect::<PolarsResult<_>>()?;
        let mut by_kind = HashMap::new();
        let mut resubmitted = HashMap::new();
        for (kind, (copy_of, earlier)) in decided {
            resubmitted.insert(kind, earlier);
            by_kind.insert(kind, copy_of);
        }
        Ok(Copies {
            by_kind,
            resubmitted,
        })
    }

    /// Whether row `row` is an earlier submission of a form answered again (its copy is the
    /// later submission).
    pub fn is_resubmitted(&self, kind: Kind, row: usize) -> bool {
        self.resubmitted
            .get(&kind)
            .and_then(|v| v.get(row))
            .copied()
            .unwrap_or(false)
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

/// One kind's copies: each row's copy status ([`Copies`]) and whether it is an earlier
/// submission of a form answered again.
fn kind_copies(
    kind: Kind,
    df: &DataFrame,
    answers: &Answers,
) -> PolarsResult<(Vec<Option<usize>>, Vec<bool>)> {
    let mut keys = keys(kind, df)?;
    let places = places(df)?;
    let earlier = resubmissions(&form_keys(kind, df, &places, answers)?, &places);
    for (key, later) in keys.iter_mut().zip(&earlier) {
        if later.is_some() {
            *key = None;
        }
    }
    let mut copy_of = decide(&keys, &places, &completeness(df)?);
    for (copy, later) in copy_of.iter_mut().zip(&earlier) {
        *copy = copy.or(*later);
    }
    Ok((copy_of, earlier.iter().map(Option::is_some).collect()))
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

/// The answers of every form export: (file, sheet) → row number → its submission.
type Answers<'s> = HashMap<(&'s str, &'s str), HashMap<u32, &'s Submission>>;

fn answers(sheets: &[SheetInfo]) -> Answers<'_> {
    sheets
        .iter()
        .filter_map(|s| {
            let rows = s.submissions.as_ref()?;
            let by_row = rows.iter().map(|r| (r.row, r)).collect();
            Some(((s.file.as_str(), s.sheet.as_str()), by_row))
        })
        .collect()
}

/// A form answer's identity within its export and its submission time; `None` for a row of
/// any other sheet, or one with too little to compare.
type FormKey = Option<(String, Option<chrono::NaiveDateTime>)>;

fn form_keys(
    kind: Kind,
    df: &DataFrame,
    places: &[(String, String, u32)],
    answers: &Answers,
) -> PolarsResult<Vec<FormKey>> {
    if answers.is_empty() || df.height() == 0 {
        return Ok(vec![None; df.height()]);
    }
    let person: Vec<Option<String>> = match kind {
        Kind::Papers => {
            let (authors, title) = (lists(df, p::AUTHORS)?, strings(df, c::TITLE)?);
            (0..df.height())
                .map(|i| {
                    let t = fingerprint(title[i].unwrap_or(""));
                    (!t.is_empty() && !authors[i].is_empty())
                        .then(|| format!("{}|{t}", name_set(&authors[i])))
                })
                .collect()
        }
        Kind::Training => {
            let (teacher, course) = (strings(df, tr::TEACHER)?, strings(df, tr::COURSE)?);
            (0..df.height())
                .map(|i| Some(format!("{}|{}", teacher[i]?, fingerprint(course[i]?))))
                .collect()
        }
        Kind::Teachers => strings(df, t::NAME)?
            .into_iter()
            .map(|n| n.map(str::to_string))
            .collect(),
        Kind::Projects => keys(kind, df)?,
        Kind::Plans => vec![None; df.height()],
    };
    Ok(person
        .into_iter()
        .zip(places)
        .map(|(key, (file, sheet, row))| {
            let answer = answers.get(&(file.as_str(), sheet.as_str()))?.get(row)?;
            Some((format!("{file}|{sheet}|{}|{}", answer.by, key?), answer.at))
        })
        .collect())
}

/// Groups a form export's answers by person and keeps the latest submission of each group
/// (the later row among equal or unknown times): each earlier one is a copy of it.
fn resubmissions<P: PartialEq>(keys: &[FormKey], places: &[P]) -> Vec<Option<usize>> {
    let mut latest: HashMap<&str, usize> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        if let Some((key, at)) = key {
            let kept = latest.entry(key).or_insert(i);
            if keys[*kept].as_ref().is_some_and(|(_, best)| at >= best) {
                *kept = i;
            }
        }
    }
    keys.iter()
        .enumerate()
        .map(|(i, key)| {
            let kept = latest[key.as_ref()?.0.as_str()];
            (places[i] != places[kept]).then_some(kept)
        })
        .collect()
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
        // A column without nulls fills every row (and asks polars for no mask of them).
        if column.null_count() == 0 {
            filled.iter_mut().for_each(|f| *f += 1);
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
