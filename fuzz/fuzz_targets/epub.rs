//! See `annotty::fuzzing::convert_epub` for what the input means and what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| annotty::fuzzing::convert_epub(data));
