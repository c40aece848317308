//! The docx reader, then the normalize stage: `read_bytes("x.docx", …)`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    jiaoke_fuzz::import_and_normalize("x.docx", data);
});

libfuzzer_sys::fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    jiaoke_fuzz::mutate_package(data, size, max_size, seed)
});
