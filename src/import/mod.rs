//! Import: files in the inbox → raw sheets with provenance.

pub mod csv;
pub mod encoding;
pub mod html;
pub mod xml2003;
