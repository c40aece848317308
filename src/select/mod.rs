//! Selection: which records count. One step between normalize and the rest, shared by check
//! and every report, so that two outputs counting the same thing agree by construction.
//!
//! - [`copies`]: records handed in more than once; the copies do not count (check reports
//!   each as `duplicate_record`).
//! - [`roster`]: who a name on a record designates, built once per inbox with the copies
//!   (check reports the names it cannot resolve; the reports count per teacher by it).
//! - [`departments`]: which department each sheet comes from (every list of findings shows
//!   it).
//! - [`plans`]: which calendar items a period takes, by their plan's own term (check warns
//!   about plans that name none).

pub mod copies;
pub mod departments;
pub mod plans;
pub mod query;
pub mod roster;

pub use copies::Copies;
