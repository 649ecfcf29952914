//! The PPTX archive and XML readers (vet without models) on arbitrary bytes.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    clearframe_core::fuzzing::pptx(data);
});
