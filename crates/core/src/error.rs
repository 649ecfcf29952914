//! The core's error type. Every variant that concerns a file names it.

use std::path::PathBuf;

use crate::l10n::{self, tr, Lang};

/// Result alias used throughout the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core. Variants carry the path they concern so a
/// message printed by the CLI or shown by the app always says which file it is about.
/// `Display` is the English of [`Error::message_in`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file's format is not one ClearFrame reads.
    UnsupportedFormat {
        /// The file concerned.
        path: PathBuf,
    },
    /// The file looks like a supported format but could not be decoded (truncated, corrupt).
    Decode {
        /// The file concerned.
        path: PathBuf,
        /// What the decoder said.
        message: String,
    },
    /// The image declares more pixels than the configured limit (decompression bomb guard).
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
    Encode {
        /// The output file concerned.
        path: PathBuf,
        /// What the encoder said.
        message: String,
    },
    /// A model file is missing, unreadable or not the pinned file.
    Model {
        /// The model file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The ONNX Runtime library could not be found or loaded, or inference failed.
    Runtime(String),
    /// A detector that needs no model failed on an image (the barcode reader): the image's
    /// scan failed, not the set-up.
    Detection(String),
    /// A redaction plan does not fit the image it is applied to (made for another size).
    PlanMismatch {
        /// The image concerned.
        path: PathBuf,
        /// The two sizes.
        message: String,
    },
    /// The written output failed verification; it has been removed.
    Verify {
        /// The output file that failed.
        path: PathBuf,
        /// Each problem found.
        problems: Vec<String>,
    },
    /// A document (such as a .pptx deck) is not a readable zip container or a part of it is
    /// malformed.
    Archive {
        /// The document concerned.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A document's container was refused as unsafe to open: an entry name escaping the
    /// document, too many entries, or entries decompressing past the size or ratio limits
    /// (zip bomb). Nothing from it was used.
    UnsafeArchive {
        /// The document concerned.
        path: PathBuf,
        /// Which limit or rule it broke.
        message: String,
    },
    /// A document holds a part ClearFrame cannot redact (an EMF/WMF or SVG picture, a video, a
    /// picture that does not decode), so no redacted copy is written: leaving the original in
    /// it would defeat the redaction.
    Unredactable {
        /// The document concerned.
        path: PathBuf,
        /// Which part, and why.
        message: String,
    },
    /// A policy preset could not be loaded.
    Policy(#[from] crate::policy::PolicyError),
    /// The audit ledger could not be opened, written or read.
    Audit(#[from] crate::audit::AuditError),
    /// The policy's gate refused the export; nothing was written.
    Refused(Box<crate::policy::GateDecision>),
    /// The work was cancelled through its cancellation token.
    Cancelled,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_in(Lang::En))
    }
}

impl Error {
    /// The message in `lang`, naming the file it concerns: the core catalogue's `error-*`
    /// message, with what went wrong below ClearFrame (a decoder's or SQLite's words, or the
    /// system's, translated for the common cases by [`l10n::io_detail`]).
    pub fn message_in(&self, lang: Lang) -> String {
        let msg = |id: &str, path: &std::path::Path, detail: &str| {
            let path = path.display().to_string();
            tr(
                lang,
                id,
                &[("path", (&path).into()), ("detail", detail.into())],
            )
        };
        match self {
            Error::Io { path, source } => msg("error-io", path, &l10n::io_detail(lang, source)),
            Error::UnsupportedFormat { path } => msg("error-unsupported-format", path, ""),
            Error::Decode { path, message } => msg("error-decode", path, message),
            Error::TooLarge {
                path,
                width,
                height,
                megapixels,
                limit_mp,
            } => {
                let path = path.display().to_string();
                let (w, h, limit) = (width.to_string(), height.to_string(), limit_mp.to_string());
                let mp = l10n::decimal(lang, *megapixels, 1);
                tr(
                    lang,
                    "error-too-large",
                    &[
                        ("path", (&path).into()),
                        ("width", (&w).into()),
                        ("height", (&h).into()),
                        ("megapixels", (&mp).into()),
                        ("limit", (&limit).into()),
                    ],
                )
            }
            Error::Encode { path, message } => msg("error-encode", path, message),
            Error::Model { path, message } => msg("error-model", path, message),
            Error::Runtime(m) => tr(lang, "error-runtime", &[("detail", m.into())]),
            Error::Detection(m) => tr(lang, "error-detection", &[("detail", m.into())]),
            Error::PlanMismatch { path, message } => msg("error-plan-mismatch", path, message),
            Error::Verify { path, problems } => msg("error-verify", path, &problems.join("; ")),
            Error::Archive { path, message } => msg("error-archive", path, message),
            Error::UnsafeArchive { path, message } => msg("error-unsafe-archive", path, message),
            Error::Unredactable { path, message } => msg("error-unredactable", path, message),
            Error::Policy(e) => e.message_in(lang),
            Error::Audit(e) => e.message_in(lang),
            Error::Refused(d) => {
                let unmet: Vec<&str> = d.unmet.iter().map(|u| u.message.as_str()).collect();
                tr(
                    lang,
                    "error-refused",
                    &[("detail", unmet.join("; ").as_str().into())],
                )
            }
            Error::Cancelled => tr(lang, "error-cancelled", &[]),
        }
    }

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

    #[test]
    fn every_error_reads_in_english_and_french_and_names_its_file() {
        let os = |code| std::io::Error::from_raw_os_error(code);
        let cases: Vec<(Error, &str, &str)> = vec![
            (
                Error::io("a.jpg", os(2)),
                "a.jpg: No such file or directory",
                "a.jpg\u{a0}: fichier ou dossier introuvable",
            ),
            (
                Error::io("out", os(13)),
                "out: Permission denied",
                "out\u{a0}: permission refusée",
            ),
            (
                Error::TooLarge {
                    path: "big.png".into(),
                    width: 60000,
                    height: 60000,
                    megapixels: 3600.0,
                    limit_mp: 100,
                },
                "big.png: image is 60000x60000 (3600.0 MP), over the 100 MP limit",
                "big.png\u{a0}: l'image fait 60000x60000 (3600,0\u{a0}Mpx), au-delà de la limite de 100\u{a0}Mpx",
            ),
            (
                Error::Decode {
                    path: "t.jpg".into(),
                    message: "unexpected EOF".into(),
                },
                "t.jpg: cannot decode image: unexpected EOF",
                "t.jpg\u{a0}: impossible de décoder l'image\u{a0}: unexpected EOF",
            ),
            (
                Error::Policy(crate::policy::PolicyError::NotFound {
                    id: "x".into(),
                    available: vec!["a".into(), "b".into()],
                }),
                "no policy preset with id `x`; available: a, b",
                "aucune politique n'a l'identifiant `x`; disponibles\u{a0}: a, b",
            ),
            (
                Error::Audit(crate::audit::AuditError::NewerSchema {
                    path: "l.db".into(),
                    found: 9,
                }),
                "ledger l.db: schema version 9 is newer",
                "registre l.db\u{a0}: la version de schéma 9",
            ),
            (Error::Cancelled, "cancelled", "annulé"),
        ];
        for (e, en, fr) in &cases {
            assert!(e.to_string().starts_with(en), "{e}");
            assert_eq!(e.to_string(), e.message_in(Lang::En));
            assert!(
                e.message_in(Lang::Fr).starts_with(fr),
                "{}",
                e.message_in(Lang::Fr)
            );
        }
        // An error ClearFrame worded itself keeps its words.
        let own = Error::io("m.onnx", std::io::Error::other("truncated model"));
        assert_eq!(own.message_in(Lang::Fr), "m.onnx\u{a0}: truncated model");
        // Every variant has its message in both catalogues.
        for e in [
            Error::UnsupportedFormat { path: "p".into() },
            Error::Encode {
                path: "p".into(),
                message: "m".into(),
            },
            Error::Model {
                path: "p".into(),
                message: "m".into(),
            },
            Error::Runtime("m".into()),
            Error::Detection("m".into()),
            Error::PlanMismatch {
                path: "p".into(),
                message: "m".into(),
            },
            Error::Verify {
                path: "p".into(),
                problems: vec!["m".into()],
            },
            Error::Archive {
                path: "p".into(),
                message: "m".into(),
            },
            Error::UnsafeArchive {
                path: "p".into(),
                message: "m".into(),
            },
            Error::Unredactable {
                path: "p".into(),
                message: "m".into(),
            },
        ] {
            for lang in [Lang::En, Lang::Fr] {
                let m = e.message_in(lang);
                assert!(!m.starts_with("error-") && m.contains('m'), "{m}");
            }
            assert_ne!(e.message_in(Lang::En), e.message_in(Lang::Fr));
        }
    }
}
