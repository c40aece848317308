//! Import: files in the inbox → raw sheets with provenance.
