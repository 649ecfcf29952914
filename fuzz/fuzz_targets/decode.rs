//! The image decode entry point (format sniffing, size checks, EXIF orientation, ICC, alpha)
//! on arbitrary bytes: an error or an image, never a panic or an allocation past the limits.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    clearframe_core::fuzzing::decode(data);
});
