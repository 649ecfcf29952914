//! The metadata container readers (JPEG segments, PNG chunks, WebP RIFF, TIFF IFDs, GIF
//! extensions, HEIF boxes) on arbitrary bytes: they must never panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    clearframe_core::fuzzing::metadata(data);
});
