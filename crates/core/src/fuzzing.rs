//! Entry points for the fuzz harnesses (`fuzz/`, cargo-fuzz) and for replaying what they found
//! (`tests/fuzz_regressions.rs`, on stable): each runs one parser of untrusted input on
//! arbitrary bytes, with small limits so that a run stays fast, and ignores the result. Any
//! panic is a bug; an error is the right answer to bad input.

use std::path::Path;

use crate::document::{VetOptions, ZipLimits};
use crate::image_io::DecodeOptions;

/// Pictures above this are refused before decoding (the fuzzer's inputs are small; the
/// shipped limit is 100 MP).
const MAX_MEGAPIXELS: u64 = 4;

fn vet_options() -> VetOptions {
    VetOptions {
        limits: ZipLimits {
            max_entries: 200,
            max_entry_size: 8 << 20,
            max_total_size: 32 << 20,
            ..ZipLimits::default()
        },
        decode: DecodeOptions {
            max_megapixels: MAX_MEGAPIXELS,
        },
    }
}

/// The metadata container readers (`metadata::inspect_detailed`).
pub fn metadata(data: &[u8]) {
    let _ = crate::metadata::inspect_detailed(data);
}

/// The image decode entry point (`image_io::decode_bytes`).
pub fn decode(data: &[u8]) {
    let opts = DecodeOptions {
        max_megapixels: MAX_MEGAPIXELS,
    };
    let _ = crate::image_io::decode_bytes(data, Path::new("fuzz-input"), &opts);
}

/// The PPTX archive, XML and picture readers (`document::vet_pptx_bytes`, no models).
pub fn pptx(data: &[u8]) {
    let _ = crate::document::vet_pptx_bytes(data, Path::new("fuzz.pptx"), None, &vet_options());
}

/// The PDF reader and page renderer (`document::vet_pdf_bytes`, no models).
pub fn pdf(data: &[u8]) {
    let _ = crate::document::vet_pdf_bytes(data, Path::new("fuzz.pdf"), None, &vet_options());
}
