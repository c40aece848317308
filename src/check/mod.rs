//! Check: frames → findings. Every problem points at its cell.
//!
//! The import stage has already reported what it could not read (unreadable files, missing
//! columns, values outside their vocabulary); the rules here look at the normalized records:
//! empty required cells ([`required`]), implausible values ([`ranges`]), dates that contradict
//! each other ([`dates`]), ID numbers ([`ids`]), records handed in twice ([`duplicates`]),
//! names not on the roster ([`roster`]) and text too long for a workbook cell ([`cells`]). Each
//! rule is a function of the dataset; none writes.

pub mod cells;
pub mod dates;
pub mod duplicates;
pub mod ids;
pub mod plans;
pub mod ranges;
pub mod required;
pub mod roster;

use std::collections::HashMap;

use chrono::NaiveDate;
use polars::prelude::PolarsResult;

use crate::finding::{Code, Finding, Severity};
use crate::normalize::SheetInfo;
use crate::normalize::records::Provenance;
use crate::pipeline::Dataset;
use crate::table::cell_ref;
use crate::vocab::Kind;

/// What the rules need to know besides the data.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Today: dates after it are in the future.
    pub today: NaiveDate,
    /// The reporting period, when one is set: dates outside it are reported.
    pub period: Option<(NaiveDate, NaiveDate)>,
    /// The most hours one training item can plausibly carry.
    pub max_hours_per_item: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            today: chrono::Local::now().date_naive(),
            period: None,
            max_hours_per_item: 200.0,
        }
    }
}

/// Runs every rule and returns the new findings (the import's own findings are not repeated).
///
/// # Errors
/// Only on an internal error reading the frames.
pub fn run(dataset: &Dataset, settings: &Settings) -> PolarsResult<Vec<Finding>> {
    use rayon::prelude::*;
    type Rule<'r> = &'r (dyn Fn() -> PolarsResult<Vec<Finding>> + Sync);
    let at = &Locator::new(&dataset.sheets);
    // The rules are independent: they run side by side, their findings kept in this order.
    let rules: [Rule; 8] = [
        &|| required::check(dataset, at),
        &|| ranges::check(dataset, settings, at),
        &|| dates::check(dataset, at),
        &|| ids::check(dataset, at),
        &|| duplicates::check(dataset, at),
        &|| roster::check(dataset, at),
        &|| cells::check(dataset, at),
        &|| plans::check(dataset, settings),
    ];
    let found = rules
        .par_iter()
        .map(|rule| rule())
        .collect::<PolarsResult<Vec<_>>>()?;
    Ok(found.concat())
}

/// Finds the column letter and the header as written for a field of a record.
#[derive(Debug)]
pub struct Locator<'a> {
    sheets: HashMap<(&'a str, &'a str), &'a SheetInfo>,
}

/// A record's place: file, sheet, row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place<'a> {
    /// File relative to the inbox.
    pub file: &'a str,
    /// Sheet name.
    pub sheet: &'a str,
    /// Row number.
    pub row: u32,
}

impl Place<'_> {
    /// `file › sheet › 第N行`, to name another record in a message.
    pub fn describe(&self) -> String {
        let mut s = self.file.to_string();
        if !self.sheet.is_empty() {
            s.push_str(" › ");
            s.push_str(self.sheet);
        }
        format!("{s} › 第{}行", self.row)
    }
}

impl<'a> From<&'a Provenance> for Place<'a> {
    fn from(p: &'a Provenance) -> Self {
        Place {
            file: &p.source_file,
            sheet: &p.sheet,
            row: p.row,
        }
    }
}

impl<'a> Locator<'a> {
    /// Indexes the recognised sheets.
    pub fn new(sheets: &'a [SheetInfo]) -> Self {
        Locator {
            sheets: sheets
                .iter()
                .map(|s| ((s.file.as_str(), s.sheet.as_str()), s))
                .collect(),
        }
    }

    /// The department the sheet names, if any.
    pub fn department(&self, place: &Place) -> Option<&'a str> {
        self.sheets
            .get(&(place.file, place.sheet))
            .and_then(|s| s.department.as_deref())
    }

    /// Whether the record's sheet has a column for `field`.
    pub fn has_column(&self, place: &Place, field: &str) -> bool {
        self.sheets
            .get(&(place.file, place.sheet))
            .is_some_and(|s| s.column(field).is_some())
    }

    /// The field whose column has this header as written, in the record's sheet.
    pub fn field_of_header(&self, place: &Place, header: &str) -> Option<&'a str> {
        let sheet = self.sheets.get(&(place.file, place.sheet))?;
        sheet
            .columns
            .iter()
            .find(|c| c.header == header)
            .map(|c| c.field.as_str())
    }

    /// A finding at a record's field: header as written, cell reference.
    pub fn finding(
        &self,
        place: &Place,
        field: &str,
        code: Code,
        severity: Severity,
        value: &str,
        message: String,
    ) -> Finding {
        let column = self
            .sheets
            .get(&(place.file, place.sheet))
            .and_then(|s| s.column(field));
        Finding {
            code,
            severity,
            file: place.file.to_string(),
            sheet: place.sheet.to_string(),
            row: Some(place.row),
            column: column.map(|c| c.header.clone()).unwrap_or_default(),
            cell: column
                .map(|c| cell_ref(c.col, place.row))
                .unwrap_or_default(),
            value: value.to_string(),
            message,
            suggestion: String::new(),
        }
    }
}

/// The places of every record of a frame, in order.
pub fn places(dataset: &Dataset, kind: Kind) -> PolarsResult<Vec<Place<'_>>> {
    use crate::normalize::frames::{strings, uints};
    let df = dataset.frames.get(kind);
    let files = strings(df, "source_file")?;
    let sheets = strings(df, "sheet")?;
    let rows = uints(df, "row")?;
    Ok(files
        .into_iter()
        .zip(sheets)
        .zip(rows)
        .map(|((f, s), r)| Place {
            file: f.unwrap_or(""),
            sheet: s.unwrap_or(""),
            row: r.unwrap_or(0),
        })
        .collect())
}

/// Keeps the first finding per (cell, code): a register row naming three trainees is one row
/// in the file, and its problem is reported once.
pub fn dedup_findings(findings: &mut Vec<Finding>) {
    let mut seen = std::collections::HashSet::new();
    findings.retain(|f| {
        seen.insert((
            f.file.clone(),
            f.sheet.clone(),
            f.row,
            f.cell.clone(),
            f.code,
            f.value.clone(),
        ))
    });
}

#[cfg(test)]
pub(crate) mod testing {
    //! Builds small datasets for the rules' unit tests.
    use crate::normalize::SheetInfo;
    use crate::normalize::header::MappedColumn;
    use crate::normalize::records::Records;
    use crate::pipeline::Dataset;
    use crate::vocab::{Kind, Vocab};

    /// A dataset from records, with a sheet info per (file, sheet) mapping every field of the
    /// kind's vocabulary to consecutive columns (A, B, C… in vocabulary order).
    pub fn dataset(records: Records) -> Dataset {
        let vocab = Vocab::builtin();
        let mut sheets: Vec<SheetInfo> = Vec::new();
        let mut add = |kind: Kind, file: &str, sheet: &str| {
            if sheets.iter().any(|s| s.file == file && s.sheet == sheet) {
                return;
            }
            let columns = vocab
                .kind(kind)
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| MappedColumn {
                    col: i,
                    field: c.field.clone(),
                    header: c.label.clone(),
                })
                .collect();
            sheets.push(SheetInfo {
                file: file.into(),
                sheet: sheet.into(),
                kind,
                header_row: 1,
                columns,
                department: None,
                submissions: None,
            });
        };
        for r in &records.teachers {
            add(Kind::Teachers, &r.prov.source_file, &r.prov.sheet);
        }
        for r in &records.papers {
            add(Kind::Papers, &r.prov.source_file, &r.prov.sheet);
        }
        for r in &records.projects {
            add(Kind::Projects, &r.prov.source_file, &r.prov.sheet);
        }
        for r in &records.training {
            add(Kind::Training, &r.prov.source_file, &r.prov.sheet);
        }
        for r in &records.plans {
            add(Kind::Plans, &r.prov.source_file, &r.prov.sheet);
        }
        Dataset::new("inbox".into(), Vec::new(), sheets, records, Vec::new()).unwrap()
    }

    /// Provenance helper.
    pub fn at(file: &str, row: u32) -> crate::normalize::records::Provenance {
        crate::normalize::records::Provenance {
            source_file: file.into(),
            sheet: "Sheet1".into(),
            row,
        }
    }
}
