//! The hidden sheet holding a 采集表's drop-down lists, one column per list, referenced by
//! range: Excel limits a list written into the validation itself to 255 characters, and
//! Excel and WPS read such inline lists differently.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::LIST_SHEET;
use super::fields::List;
use crate::report::workbook::{Styles, write_text};

/// Where each list used by a workbook stands on the list sheet.
#[derive(Debug, Clone, Default)]
pub struct Ranges {
    /// (list, column, number of values), in column order; empty lists are left out.
    placed: Vec<(List, u16, u32)>,
}

impl Ranges {
    /// Places the lists `used` (repeats allowed) that have values.
    pub fn new(used: &[List], values: &dyn Fn(List) -> Vec<String>) -> Ranges {
        let mut placed = Vec::new();
        for list in List::ALL {
            let n = values(list).len() as u32;
            if used.contains(&list) && n > 0 {
                placed.push((list, placed.len() as u16, n));
            }
        }
        Ranges { placed }
    }

    /// The formula of a list's values (`='下拉选项（jiaoke）'!$A$2:$A$7`), or `None` when the
    /// list is empty.
    pub fn get(&self, list: List) -> Option<String> {
        let &(_, col, n) = self.placed.iter().find(|(l, ..)| *l == list)?;
        let letter = rust_xlsxwriter::utility::column_number_to_name(col);
        Some(format!("='{LIST_SHEET}'!${letter}$2:${letter}${}", n + 1))
    }
}

/// Writes the list sheet, hidden (nothing when no list is used).
///
/// # Errors
/// rust_xlsxwriter's errors.
pub fn write(
    wb: &mut Workbook,
    ranges: &Ranges,
    values: &dyn Fn(List) -> Vec<String>,
) -> Result<(), XlsxError> {
    if ranges.placed.is_empty() {
        return Ok(());
    }
    let st = Styles::default();
    let ws = wb.add_worksheet().set_name(LIST_SHEET)?;
    for &(list, col, _) in &ranges.placed {
        write_text(ws, 0, col, list.label(), &st.header, &st)?;
        for (r, v) in values(list).iter().enumerate() {
            write_text(ws, r as u32 + 1, col, v, &st.subtitle, &st)?;
        }
        ws.set_column_width(col, 16)?;
    }
    ws.set_hidden(true);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_in_use_get_a_column_each_and_empty_ones_none() {
        let values = |l: List| match l {
            List::Levels => vec!["国家级".into(), "省级".into()],
            List::Awards => vec!["一等奖".into()],
            _ => Vec::new(),
        };
        let r = Ranges::new(
            &[List::Awards, List::Levels, List::Teachers, List::Levels],
            &values,
        );
        assert_eq!(
            r.get(List::Levels).unwrap(),
            "='下拉选项（jiaoke）'!$A$2:$A$3"
        );
        assert_eq!(
            r.get(List::Awards).unwrap(),
            "='下拉选项（jiaoke）'!$B$2:$B$2"
        );
        assert_eq!(r.get(List::Teachers), None);
        assert_eq!(r.get(List::Months), None);
    }
}
