//! See `goldeval_fuzz::toml` (tests/fuzz/src/lib.rs) and tests/fuzz/README.md.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    goldeval_fuzz::toml(data);
});
