//! ClearFrame core: everything the CLI and the desktop app share.
//!
//! The pipeline, in the order data flows through it:
//! [`image_io::decode_file`] ([`DecodedImage`], EXIF orientation applied) →
//! [`detect::Detector`] (`Vec<`[`Finding`]`>`) → [`redact::RedactionPlan`] (what the reviewer
//! edits) → [`redact::apply`] ([`redact::RedactedImage`]) → [`image_io::encode`] (fresh pixels, no
//! metadata) → [`pipeline::verify_output`] (decode the written file, prove it clean) →
//! [`policy`] gate (consent and attestations) before anything is written.
//!
//! Nothing here touches the network; originals are only ever read.

pub mod audit;
pub mod detect;
pub mod document;
pub mod error;
pub mod eval;
pub mod finding;
pub mod fs;
#[doc(hidden)]
pub mod fuzzing;
pub mod hash;
pub mod image_io;
pub mod l10n;
pub mod memory;
pub mod metadata;
pub mod pipeline;
pub mod policy;
pub mod polygon;
pub mod redact;

#[cfg(test)]
mod test_support;

pub use error::{Error, Result};
pub use finding::{Finding, Kind, Rect, TextCategory};
pub use image_io::DecodedImage;
