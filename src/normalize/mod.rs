//! Normalize: raw sheets → typed records per kind.

pub mod values;
