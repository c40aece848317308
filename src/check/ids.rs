//! `invalid_id_number`: an 18-digit 身份证号 whose GB 11643 check digit or birth date is wrong.

use polars::prelude::PolarsResult;

use super::{Locator, places};
use crate::finding::{Code, Finding, Severity};
use crate::normalize::frames::strings;
use crate::normalize::values::validate_id_number;
use crate::pipeline::Dataset;
use crate::vocab::Kind;

/// Runs the rule on the roster and the training registers.
///
/// # Errors
/// Internal frame errors only.
pub fn check(dataset: &Dataset, at: &Locator) -> PolarsResult<Vec<Finding>> {
    let flagged = super::required::flagged_cells(dataset);
    let mut out = Vec::new();
    for kind in [Kind::Teachers, Kind::Training] {
        let ids = strings(dataset.frames.get(kind), "id_number")?;
        for (place, id) in places(dataset, kind)?.iter().zip(ids) {
            let Some(id) = id else { continue };
            if let Err(why) = validate_id_number(id) {
                let f = at.finding(
                    place,
                    "id_number",
                    Code::InvalidIdNumber,
                    Severity::Error,
                    id,
                    format!("身份证号“{id}”有误：{why}"),
                );
                if !flagged.contains(&(
                    f.file.clone(),
                    f.sheet.clone(),
                    place.row,
                    f.column.clone(),
                )) {
                    out.push(f);
                }
            }
        }
    }
    super::dedup_findings(&mut out);
    Ok(out)
}
