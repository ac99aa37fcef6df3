//! See `goldeval_fuzz::golden` (tests/fuzz/src/lib.rs) and tests/fuzz/README.md.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    goldeval_fuzz::golden(data);
});
