//! End-to-end tests: the `clearframe` binary and the core, with the real ONNX models through
//! ONNX Runtime (run `scripts/setup.sh` first). Tests that read `../shared/corpus` skip
//! cleanly when it is absent.

mod batch;
mod deck_clean;
mod decks;
mod faces;
mod fuzz_regressions;
mod gate_and_ledger;
mod languages;
mod metadata;
mod orientation;
mod pdf_clean;
mod pdfs;
mod quality;
mod redact_mixed;
mod review_document;
mod text_and_barcodes;
mod util;
