//! `clearframe inspect`: the metadata a file carries.

use std::path::PathBuf;

use anyhow::Result;
use clearframe_core::metadata;

use crate::l10n::t;
use crate::{output, EXIT_FILE_ERRORS};

/// `inspect PATHS`: the metadata of each file; 1 if one could not be read.
pub(crate) fn run(paths: &[PathBuf]) -> Result<u8> {
    let mut failed = 0;
    let mut out = std::io::stdout().lock();
    for p in paths {
        match std::fs::read(p) {
            Ok(bytes) => output::print_inspect(&mut out, p, &metadata::inspect_detailed(&bytes))?,
            Err(e) => {
                failed += 1;
                let message = clearframe_core::l10n::io_detail(crate::l10n::lang(), &e);
                eprintln!(
                    "{}",
                    t!("error-file", path = p.display(), message = message)
                );
            }
        }
    }
    Ok(if failed > 0 { EXIT_FILE_ERRORS } else { 0 })
}
