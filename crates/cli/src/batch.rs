//! What the batch commands (`scan`, `redact`) share: one detector per worker, the progress
//! bar, Ctrl-C, a file's error and the batch's exit code.

use std::io::{self, IsTerminal, StdoutLock, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;
use clearframe_core::detect::{DetectKinds, Detector};
use clearframe_core::pipeline::{self, BatchSummary, CancelToken, Progress, ProgressSink};
use clearframe_core::Error;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::args::CommonArgs;
use crate::l10n::{lang, t};
use crate::output;
use crate::EXIT_FILE_ERRORS;

/// One detector per worker for `files` files (see [`pipeline::load_workers`]), `-j` honoured.
pub(crate) fn load_detectors(
    kinds: DetectKinds,
    common: &CommonArgs,
    files: usize,
) -> Result<Vec<Detector>> {
    let requested = common.jobs.map(usize::from);
    Ok(pipeline::load_workers(
        common.models.config(kinds),
        requested,
        files,
    )?)
}

/// A progress bar on stderr, hidden with `--json` or when stderr is not a terminal.
pub(crate) fn progress_bar(len: usize, json: bool) -> ProgressBar {
    if json || !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::hidden());
    }
    let pb = ProgressBar::new(len as u64);
    pb.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {wide_msg}",
        )
        .expect("valid template"),
    );
    pb
}

/// Draws batch progress with indicatif.
pub(crate) struct BarSink(pub(crate) ProgressBar);

impl ProgressSink for BarSink {
    fn report(&self, event: Progress) {
        match event {
            Progress::Started { total } => self.0.set_length(total as u64),
            Progress::FileStarted { path, .. } => self.0.set_message(path.display().to_string()),
            Progress::FileDone { .. } => self.0.inc(1),
        }
    }
}

/// A cancellation token set by Ctrl-C: the batch stops after the file in progress (which is
/// written whole or not at all). A second Ctrl-C exits at once.
pub(crate) fn cancel_on_ctrl_c() -> CancelToken {
    let token = CancelToken::new();
    let t = token.clone();
    let _ = ctrlc::set_handler(move || {
        if t.is_cancelled() {
            std::process::exit(130);
        }
        eprintln!("{}", t!("stopping"));
        t.cancel();
    });
    token
}

/// Run a batch with one worker per detector (`workers`), the progress bar `pb` and Ctrl-C
/// ([`pipeline::run_batch_parallel`]): `work` handles a file on a worker, `print` writes each
/// file's result, in input order, to the locked stdout. The bar is cleared at the end; the
/// first error writing stdout (the batch runs on regardless) is returned then.
pub(crate) fn run_printed<T: Send>(
    inputs: Vec<clearframe_core::Result<PathBuf>>,
    workers: usize,
    pb: &ProgressBar,
    work: impl Fn(usize, &Path) -> clearframe_core::Result<T> + Sync,
    mut print: impl FnMut(
        &mut StdoutLock<'static>,
        Option<&Path>,
        clearframe_core::Result<T>,
    ) -> io::Result<()>,
) -> io::Result<BatchSummary> {
    let stdout = io::stdout();
    // Each result is told which input it is about (an error may name another path: the
    // output folder, the ledger).
    let paths: Vec<Option<PathBuf>> = inputs.iter().map(|i| i.as_ref().ok().cloned()).collect();
    let mut io_result = Ok(());
    let summary = pipeline::run_batch_parallel(
        inputs,
        &BarSink(pb.clone()),
        &cancel_on_ctrl_c(),
        workers,
        work,
        |index, result| {
            let input = paths.get(index).and_then(Option::as_deref);
            let written = print(&mut stdout.lock(), input, result);
            if io_result.is_ok() {
                io_result = written;
            }
        },
    );
    pb.finish_and_clear();
    io_result.map(|()| summary)
}

/// A file's error: a JSON line on stdout with `--json`, else a line on stderr.
pub(crate) fn report_error(
    out: &mut impl Write,
    pb: &ProgressBar,
    json: bool,
    input: Option<&Path>,
    e: &Error,
) -> std::io::Result<()> {
    if json {
        writeln!(out, "{}", output::error_json(e, input))
    } else {
        pb.suspend(|| {
            // An error writing the output or the ledger names that path: say which input too.
            let message = e.message_in(lang());
            match input {
                Some(p) if !message.contains(&p.display().to_string()) => {
                    eprintln!(
                        "{}",
                        t!("error-file", path = p.display(), message = message)
                    );
                }
                _ => eprintln!("{}", t!("error-plain", message = message)),
            }
            if let Error::Refused(decision) = e {
                output::print_refusal_hints(decision);
            }
        });
        Ok(())
    }
}

/// 1 when any file failed or the batch was cancelled, else `otherwise`.
pub(crate) fn exit_code(summary: &BatchSummary, otherwise: u8) -> u8 {
    if summary.failed > 0 || summary.cancelled {
        EXIT_FILE_ERRORS
    } else {
        otherwise
    }
}
