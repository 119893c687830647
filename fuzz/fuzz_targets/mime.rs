#![no_main]
//! cargo-fuzz entry point; the body is `sealdrop_tests::fuzzing::mime`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| sealdrop_tests::fuzzing::mime(data));
