//! Placeholder until the text-format readers land.
/// Reads a CSV file.
pub fn read_csv(_bytes: &[u8], _file: &str) -> Result<crate::table::RawSheet, String> {
    Err("CSV 尚未支持".into())
}
