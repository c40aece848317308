//! Placeholder: see the brief.

use super::context::{Built, ReportError, ReportInput};

/// Builds the workbook.
///
/// # Errors
/// Internal errors only.
pub fn build(input: &ReportInput) -> Result<Built, ReportError> {
    let _ = input;
    Ok(Built::default())
}
