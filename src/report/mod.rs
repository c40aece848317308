//! Report: frames → files. The only stage (with [`output`]) that writes.
//!
//! - [`csv`]: the machine-readable CSV contract.
//! - [`summary`]: 数据汇总.xlsx, the normalized records for people.
//! - [`workbook`]: the house style every workbook shares.

pub mod csv;
pub mod findings;
pub mod labels;
pub mod output;
pub mod summary;
pub mod workbook;
