//! See `goldeval_fuzz::jsonl` (tests/fuzz/src/lib.rs) and tests/fuzz/README.md.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    goldeval_fuzz::jsonl(data);
});
