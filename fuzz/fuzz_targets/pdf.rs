//! The PDF reader and page renderer (vet without models) on arbitrary bytes.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    clearframe_core::fuzzing::pdf(data);
});
