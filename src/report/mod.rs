//! Report: frames → CSV files and workbooks.
