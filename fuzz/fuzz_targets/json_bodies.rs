#![no_main]
//! cargo-fuzz entry point; the body is `sealdrop_tests::fuzzing::json_bodies`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| sealdrop_tests::fuzzing::json_bodies(data));
