//! Placeholder until the text-format readers land.
/// Reads HTML tables.
pub fn read_html(_bytes: &[u8], _file: &str) -> Result<Vec<crate::table::RawSheet>, String> {
    Err("HTML 尚未支持".into())
}
