//! jiaoke (教科): collects the spreadsheets a school's departments hand in to its research
//! office, normalizes them, checks them and writes the standard workbooks.
//!
//! The pipeline reads as its stages, each in its own module, data flowing one way:
//!
//! 1. [`import`]: files → [`table::RawSheet`]s, with provenance (file, sheet, row, column).
//! 2. [`normalize`]: raw sheets → typed records and polars frames per record kind.
//! 3. [`select`]: which records count (copies handed in twice do not), shared by check and
//!    every report.
//! 4. `check`: frames → [`finding::Finding`]s (problems in the data are data).
//! 5. [`report`]: frames → CSV files and workbooks.
//!
//! [`prepare`] is the one place that wires them (with [`pipeline`] for the files);
//! [`jobs`] lists the outputs each command writes and builds them side by side, [`output`]
//! writes them into place, whole or not at all;
//! [`vocab`] holds every spelling jiaoke understands; [`config`] resolves a school's `jiaoke.toml`; [`privacy`] masks personal
//! numbers for people. [`template`] writes the 采集表 that departments fill in, from the same
//! vocabularies.

pub mod check;
pub mod config;
pub mod district;
pub mod finding;
pub mod guard;
pub mod import;
pub mod jobs;
pub mod normalize;
pub mod output;
pub mod period;
pub mod pipeline;
pub mod prepare;
pub mod privacy;
pub mod report;
pub mod select;
pub mod serve;
pub mod table;
pub mod template;
pub mod text;
pub mod vocab;
