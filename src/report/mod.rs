//! Report: frames → files, laid out in memory ([`crate::jobs`] decides which and saves the
//! standard workbooks straight into their files, [`crate::output`] writes them whole or not
//! at all).
//!
//! - [`csv`]: the machine-readable CSV contract.
//! - [`summary`]: 数据汇总.xlsx, the normalized records for people.
//! - [`research`], [`training`], [`term`]: the standard workbooks handed up to the district;
//!   they count (with [`crate::select`]) and declare their sheets.
//! - [`findings`] writes 问题清单.xlsx.
//! - [`context`]: what the standard workbooks are built from, and the 数据问题 sheet they all
//!   carry.
//! - [`layout`]: the one renderer of declared sheets ([`listed`]: record lists read from a
//!   frame as they are written); [`workbook`]: the house style every workbook shares;
//!   [`labels`]: the Chinese words of columns and sheets.

pub mod context;
pub mod csv;
pub mod findings;
pub mod labels;
pub mod layout;
pub mod listed;
pub mod research;
pub mod summary;
pub mod term;
#[cfg(test)]
pub(crate) mod testing;
pub mod training;
#[cfg(test)]
mod vocab_orders;
pub mod workbook;
