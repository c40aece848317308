//! Selection: which records count. One step between normalize and the rest, shared by check
//! and every report, so that two outputs counting the same thing agree by construction.
//!
//! - [`copies`]: records handed in more than once; the copies do not count (check reports
//!   each as `duplicate_record`).

pub mod copies;

pub use copies::Copies;
