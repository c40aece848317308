//! Every value normalizer of `jiaoke::normalize::values` on one cell: the input as text, and
//! its first 8 bytes as a number (every bit pattern: NaN, infinities, subnormals). None of
//! them may panic, whatever the cell holds.
#![no_main]

use jiaoke::normalize::values as v;
use jiaoke::table::Value;
use jiaoke_fuzz::VOCAB;

fn all(cell: &Value, date1904: bool) {
    let vocab = &*VOCAB;
    let _ = v::text(cell);
    let _ = v::code(cell);
    let _ = v::journal(cell);
    let _ = v::name(cell);
    let _ = v::names(cell, vocab);
    let _ = v::date(cell, date1904);
    let _ = v::date_range(cell, date1904);
    let _ = v::hours(cell);
    let _ = v::level(cell, vocab);
    let _ = v::award(cell, vocab);
    let _ = v::status(cell, vocab);
    let _ = v::paper_category(cell, vocab);
    let _ = v::training_type(cell, vocab);
    let _ = v::month(cell, date1904);
    if let Ok(Some(id)) = v::id_number(cell) {
        let _ = v::validate_id_number(&id);
    }
    let raw = cell.raw_text();
    let _ = v::cn_number(&raw);
    let _ = v::validate_id_number(&raw);
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let date1904 = data.first().is_some_and(|b| b & 1 == 1);
    let text = String::from_utf8_lossy(data).into_owned();
    let mut eight = [0u8; 8];
    let n = data.len().min(8);
    eight[..n].copy_from_slice(&data[..n]);
    let number = f64::from_le_bytes(eight);
    for cell in [
        Value::Text(text.clone()),
        Value::Number(number),
        Value::Error(text),
    ] {
        all(&cell, date1904);
    }
});
