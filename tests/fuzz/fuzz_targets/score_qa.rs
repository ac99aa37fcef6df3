//! See `goldeval_fuzz::score_qa` (tests/fuzz/src/lib.rs) and tests/fuzz/README.md.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    goldeval_fuzz::score_qa(data);
});
