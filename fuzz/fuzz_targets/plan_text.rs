//! A plan as plain text (encoding sniffed), then `normalize_document`: plan text → calendar.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    jiaoke_fuzz::import_and_normalize("x.txt", data);
});
