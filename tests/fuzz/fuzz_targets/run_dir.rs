//! See `goldeval_fuzz::run_dir` (tests/fuzz/src/lib.rs) and tests/fuzz/README.md.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    goldeval_fuzz::run_dir(data);
});
