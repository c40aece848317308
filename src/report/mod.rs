//! Report: frames → files. The only stage (with [`output`]) that writes.
//!
//! - [`csv`]: the machine-readable CSV contract.
//! - [`summary`]: 数据汇总.xlsx, the normalized records for people.
//! - [`research`], [`training`], [`term`]: the standard workbooks handed up to the district.
//! - [`context`]: what those are built from, and the 数据问题 sheet they all carry.
//! - [`rows`]: the frames read back into the typed rows those reports count.
//! - [`workbook`]: the house style every workbook shares.
//! - [`jobs`]: every output a command writes, each built on its own.

pub mod context;
pub mod csv;
pub mod findings;
pub mod jobs;
pub mod labels;
pub mod layout;
pub mod output;
pub mod research;
pub mod summary;
pub mod term;
#[cfg(test)]
pub(crate) mod testing;
pub mod training;
#[cfg(test)]
mod vocab_orders;
pub mod workbook;
