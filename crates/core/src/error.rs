//! The core's error type. Every variant that concerns a file names it.

use std::path::PathBuf;

/// Result alias used throughout the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core. Variants carry the path they concern so a
/// message printed by the CLI or shown by the app always says which file it is about.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file's format is not one ClearFrame reads.
    #[error("{path}: not a supported image format (JPEG, PNG, WebP, TIFF, GIF, HEIC/HEIF, AVIF)")]
    UnsupportedFormat {
        /// The file concerned.
        path: PathBuf,
    },
    /// The file looks like a supported format but could not be decoded (truncated, corrupt).
    #[error("{path}: cannot decode image: {message}")]
    Decode {
        /// The file concerned.
        path: PathBuf,
        /// What the decoder said.
        message: String,
    },
    /// The image declares more pixels than the configured limit (decompression bomb guard).
    #[error(
        "{path}: image is {width}x{height} ({megapixels:.1} MP), over the {limit_mp} MP limit"
    )]
    TooLarge {
        /// The file concerned.
        path: PathBuf,
        /// Declared width.
        width: u32,
        /// Declared height.
        height: u32,
        /// width × height / 1e6.
        megapixels: f64,
        /// The limit in megapixels.
        limit_mp: u64,
    },
    /// Encoding the output failed.
    #[error("{path}: cannot encode output: {message}")]
    Encode {
        /// The output file concerned.
        path: PathBuf,
        /// What the encoder said.
        message: String,
    },
    /// A model file is missing, unreadable or not the pinned file.
    #[error("model {path}: {message}")]
    Model {
        /// The model file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The ONNX Runtime library could not be found or loaded, or inference failed.
    #[error("ONNX Runtime: {0}")]
    Runtime(String),
    /// A detector that needs no model failed on an image (the barcode reader): the image's
    /// scan failed, not the set-up.
    #[error("detection failed: {0}")]
    Detection(String),
    /// A redaction plan does not fit the image it is applied to (made for another size).
    #[error("{path}: the redaction plan does not fit the image: {message}")]
    PlanMismatch {
        /// The image concerned.
        path: PathBuf,
        /// The two sizes.
        message: String,
    },
    /// The written output failed verification; it has been removed.
    #[error("{path}: output failed verification: {}", problems.join("; "))]
    Verify {
        /// The output file that failed.
        path: PathBuf,
        /// Each problem found.
        problems: Vec<String>,
    },
    /// A document (such as a .pptx deck) is not a readable zip container or a part of it is
    /// malformed.
    #[error("{path}: cannot read document: {message}")]
    Archive {
        /// The document concerned.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A document's container was refused as unsafe to open: an entry name escaping the
    /// document, too many entries, or entries decompressing past the size or ratio limits
    /// (zip bomb). Nothing from it was used.
    #[error("{path}: refused as unsafe: {message}")]
    UnsafeArchive {
        /// The document concerned.
        path: PathBuf,
        /// Which limit or rule it broke.
        message: String,
    },
    /// A document holds a part ClearFrame cannot redact (an EMF/WMF or SVG picture, a video, a
    /// picture that does not decode), so no redacted copy is written: leaving the original in
    /// it would defeat the redaction.
    #[error("{path}: cannot write a redacted copy: {message}")]
    Unredactable {
        /// The document concerned.
        path: PathBuf,
        /// Which part, and why.
        message: String,
    },
    /// A policy preset could not be loaded.
    #[error(transparent)]
    Policy(#[from] crate::policy::PolicyError),
    /// The audit ledger could not be opened, written or read.
    #[error(transparent)]
    Audit(#[from] crate::audit::AuditError),
    /// The policy's gate refused the export; nothing was written.
    #[error("export refused: {}", .0.unmet.iter().map(|u| u.message.as_str()).collect::<Vec<_>>().join("; "))]
    Refused(Box<crate::policy::GateDecision>),
    /// The work was cancelled through its cancellation token.
    #[error("cancelled")]
    Cancelled,
}

impl Error {
    /// Wrap an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The file this error is about, when it is about one.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Error::Io { path, .. }
            | Error::UnsupportedFormat { path }
            | Error::Decode { path, .. }
            | Error::TooLarge { path, .. }
            | Error::Encode { path, .. }
            | Error::PlanMismatch { path, .. }
            | Error::Model { path, .. }
            | Error::Verify { path, .. }
            | Error::Archive { path, .. }
            | Error::UnsafeArchive { path, .. }
            | Error::Unredactable { path, .. } => Some(path),
            _ => None,
        }
    }

    /// A short stable machine-readable code for this error (used by `--json` and the app).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::UnsupportedFormat { .. } => "unsupported_format",
            Error::Decode { .. } => "decode",
            Error::TooLarge { .. } => "too_large",
            Error::Encode { .. } => "encode",
            Error::Model { .. } => "model",
            Error::Runtime(_) => "runtime",
            Error::Detection(_) => "detection",
            Error::PlanMismatch { .. } => "plan_mismatch",
            Error::Verify { .. } => "verify",
            Error::Archive { .. } => "archive",
            Error::UnsafeArchive { .. } => "unsafe_archive",
            Error::Unredactable { .. } => "unredactable",
            Error::Policy(_) => "policy",
            Error::Refused(_) => "refused",
            Error::Audit(_) => "audit",
            Error::Cancelled => "cancelled",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_failed_is_in_the_code_and_the_message() {
        // The barcode reader needs no model: its failure is the image's, not ONNX Runtime's
        // (the CLI maps `runtime` and `model` to "models unavailable").
        let e = Error::Detection("the barcode reader failed on this image".into());
        assert_eq!(e.code(), "detection");
        assert!(!e.to_string().contains("ONNX"));
        let e = Error::UnsupportedFormat {
            path: "a.xyz".into(),
        };
        for format in ["JPEG", "PNG", "WebP", "TIFF", "GIF", "HEIC", "HEIF", "AVIF"] {
            assert!(e.to_string().contains(format), "{e}");
        }
    }
}
