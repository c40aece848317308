//! Placeholder until the text-format readers land.
/// Reads SpreadsheetML.
pub fn read_spreadsheetml(
    _bytes: &[u8],
    _file: &str,
) -> Result<Vec<crate::table::RawSheet>, String> {
    Err("XML 尚未支持".into())
}
