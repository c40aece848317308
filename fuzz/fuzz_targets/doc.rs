//! The old Word (.doc) reader, then the normalize stage: `read_bytes("x.doc", …)`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    jiaoke_fuzz::import_and_normalize("x.doc", data);
});
