//! HTML tables exported by web systems as `.xls`, then the normalize stage.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    jiaoke_fuzz::import_and_normalize("x.xls", data);
});
