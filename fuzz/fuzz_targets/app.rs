//! See `annotty::fuzzing::drive_app` for what the input means and what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| annotty::fuzzing::drive_app(data));
