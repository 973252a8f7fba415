//! See `annotty::fuzzing::sidecar_round_trip` for what the input means and what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| annotty::fuzzing::sidecar_round_trip(data));
