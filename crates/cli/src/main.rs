//! `clearframe`: de-identify clinical photos from the command line, offline.
//!
//! What people read is in the system's language, English or French (`LC_ALL`, `LC_MESSAGES`,
//! `LANG`; see [`l10n`]); `--json` lines, exit codes and the ledger are the same in both.
//!
//! Exit codes: 0 success; 1 one or more files failed (the others were processed);
//! 2 usage error; 3 the policy's gate refused the export (nothing was written);
//! 4 the models or ONNX Runtime could not be loaded.
//!
//! `vet` is a report: it exits 0 whenever the deck was read, whatever it found; 1 when the deck
//! could not be read or was refused as unsafe (zip bomb, escaping entry names). `vet --out`
//! (a redacted copy) exits like `redact`: 0 written, 1 not written (unreadable deck, a picture
//! that cannot be redacted), 3 refused by the gate, 4 models unavailable.

use std::process::ExitCode;

use clap::Parser;
use clearframe_core::Error;

use args::{Cli, Command};

mod args;
mod batch;
mod commands;
mod l10n;
mod output;
mod vet;

/// Exit code: some files failed.
const EXIT_FILE_ERRORS: u8 = 1;
/// Exit code: usage error (as clap's own).
const EXIT_USAGE: u8 = 2;
/// Exit code: the gate refused.
const EXIT_REFUSED: u8 = 3;
/// Exit code: models or runtime unavailable.
const EXIT_SETUP: u8 = 4;

fn main() -> ExitCode {
    clearframe_core::memory::tune_allocator();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(a) => commands::scan::run(a),
        Command::Redact(a) => commands::redact::run(a),
        Command::Inspect { paths } => commands::inspect::run(&paths),
        Command::Vet(a) => commands::vet::run(a),
        Command::Eval(a) => commands::eval::run(a),
        Command::Audit { command, ledger } => commands::audit::run(command, &ledger),
        Command::Policies {
            id,
            policy_dirs,
            markdown,
            json,
        } => commands::policies::run(id.as_deref(), &policy_dirs, markdown, json),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!(
                "{}",
                l10n::t!("error-line", message = crate::output::error_line(&e))
            );
            let code = match e.downcast_ref::<Error>() {
                Some(Error::Refused(_)) => EXIT_REFUSED,
                Some(Error::Model { .. } | Error::Runtime(_)) => EXIT_SETUP,
                _ => EXIT_FILE_ERRORS,
            };
            ExitCode::from(code)
        }
    }
}
