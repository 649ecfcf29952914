//! Batches: the inputs a command takes, run one file at a time or on several workers, with
//! progress reported to a sink and cancellation at file boundaries.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::image_io;
use crate::{Error, Result};

/// A cancellation flag shared between the caller (a Ctrl-C handler, the app's Cancel button)
/// and the work.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A fresh, not-cancelled token.
    pub fn new() -> Self {
        Self::default()
    }
    /// Ask the work to stop at the next file boundary.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    /// Whether cancellation was asked for.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Progress of a batch.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Progress {
    /// The batch has `total` files.
    Started {
        /// Number of files.
        total: usize,
    },
    /// File `index` (0-based) is starting.
    FileStarted {
        /// Position in the batch.
        index: usize,
        /// The file.
        path: PathBuf,
    },
    /// File `index` (0-based) is done, successfully or not.
    FileDone {
        /// Position in the batch.
        index: usize,
        /// The file.
        path: PathBuf,
        /// Whether it succeeded.
        ok: bool,
    },
}

/// How a batch ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BatchSummary {
    /// Inputs in the batch.
    pub total: usize,
    /// Inputs processed successfully.
    pub ok: usize,
    /// Inputs that failed (each reported to the caller with its error).
    pub failed: usize,
    /// True when the batch stopped early because it was cancelled.
    pub cancelled: bool,
}

/// Run `work` over each input in order. Progress goes to `sink`; each result (or the input's
/// own error, such as a missing path) goes to `on_result` with its index. One bad file never
/// stops the batch; cancellation stops it at the next file boundary, so a file is either
/// wholly processed or not started.
pub fn run_batch<T>(
    inputs: Vec<Result<PathBuf>>,
    sink: &dyn ProgressSink,
    cancel: &CancelToken,
    mut work: impl FnMut(&Path) -> Result<T>,
    mut on_result: impl FnMut(usize, Result<T>),
) -> BatchSummary {
    let mut summary = BatchSummary {
        total: inputs.len(),
        ..BatchSummary::default()
    };
    sink.report(Progress::Started {
        total: inputs.len(),
    });
    for (index, input) in inputs.into_iter().enumerate() {
        if cancel.is_cancelled() {
            summary.cancelled = true;
            break;
        }
        let path = match &input {
            Ok(p) => p.clone(),
            Err(e) => e.path().map(Path::to_path_buf).unwrap_or_default(),
        };
        sink.report(Progress::FileStarted {
            index,
            path: path.clone(),
        });
        let result = input.and_then(|p| work(&p));
        let ok = result.is_ok();
        if ok {
            summary.ok += 1;
        } else {
            summary.failed += 1;
        }
        on_result(index, result);
        sink.report(Progress::FileDone { index, path, ok });
    }
    summary
}

/// [`run_batch`] with up to `jobs` files in flight: `work` runs on `jobs` threads and is told
/// which worker it runs on (so each worker can use its own detector: one ONNX Runtime
/// session runs one image at a time). Results reach `on_result` on the calling thread in
/// input order, each followed by its `FileDone`. Cancellation stops workers taking new files;
/// the files in flight finish. `jobs` ≤ 1 is [`run_batch`].
pub fn run_batch_parallel<T: Send>(
    inputs: Vec<Result<PathBuf>>,
    sink: &dyn ProgressSink,
    cancel: &CancelToken,
    jobs: usize,
    work: impl Fn(usize, &Path) -> Result<T> + Sync,
    mut on_result: impl FnMut(usize, Result<T>),
) -> BatchSummary {
    if jobs <= 1 {
        return run_batch(inputs, sink, cancel, |p| work(0, p), on_result);
    }
    let total = inputs.len();
    let mut summary = BatchSummary {
        total,
        ..BatchSummary::default()
    };
    sink.report(Progress::Started { total });
    let path_of = |input: &Result<PathBuf>| match input {
        Ok(p) => p.clone(),
        Err(e) => e.path().map(Path::to_path_buf).unwrap_or_default(),
    };
    let paths: Vec<PathBuf> = inputs.iter().map(path_of).collect();
    let slots: Vec<Mutex<Option<Result<PathBuf>>>> =
        inputs.into_iter().map(|i| Mutex::new(Some(i))).collect();
    let next = AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Result<T>)>();
    std::thread::scope(|scope| {
        for worker in 0..jobs.min(total) {
            let tx = tx.clone();
            let (slots, next, paths, work) = (&slots, &next, &paths, &work);
            scope.spawn(move || loop {
                if cancel.is_cancelled() {
                    break;
                }
                let index = next.fetch_add(1, Ordering::SeqCst);
                if index >= total {
                    break;
                }
                let input = slots[index]
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .take()
                    .expect("each input is taken once");
                sink.report(Progress::FileStarted {
                    index,
                    path: paths[index].clone(),
                });
                let result = input.and_then(|p| work(worker, &p));
                if tx.send((index, result)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        // Hand results over in input order.
        let mut waiting = BTreeMap::new();
        let mut emit = 0usize;
        for (index, result) in rx {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&emit) {
                let ok = result.is_ok();
                if ok {
                    summary.ok += 1;
                } else {
                    summary.failed += 1;
                }
                on_result(emit, result);
                sink.report(Progress::FileDone {
                    index: emit,
                    path: paths[emit].clone(),
                    ok,
                });
                emit += 1;
            }
        }
    });
    summary.cancelled = summary.ok + summary.failed < total;
    summary
}

/// Receives progress events; the CLI draws a bar, the app forwards them on a channel.
pub trait ProgressSink: Send + Sync {
    /// Called for each event.
    fn report(&self, event: Progress);
}

/// A sink that ignores everything.
impl ProgressSink for () {
    fn report(&self, _event: Progress) {}
}

/// Expand the given paths into image files: folders are walked recursively for the supported
/// extensions (sorted); files are taken as given whatever their name. Symbolic links are
/// followed, to files and folders alike (a file reached twice is taken once; a link loop is an
/// error naming it). Paths that do not exist, dangling links with a supported name, parts of a
/// folder that cannot be read, and a folder with nothing to take are returned as errors naming
/// them, in order, so the caller can report them and go on.
pub fn collect_inputs(paths: &[PathBuf]) -> Vec<Result<PathBuf>> {
    collect(paths, &[image_io::SUPPORTED_EXTENSIONS])
}

/// Like [`collect_inputs`], for a command that exports documents too (`redact`): folders are
/// walked for images and for the documents ClearFrame copies
/// ([`crate::document::DocumentKind::EXTENSIONS`]: `.pptx`, `.pdf`).
pub fn collect_export_inputs(paths: &[PathBuf]) -> Vec<Result<PathBuf>> {
    collect(
        paths,
        &[
            image_io::SUPPORTED_EXTENSIONS,
            &crate::document::DocumentKind::EXTENSIONS,
        ],
    )
}

fn collect(paths: &[PathBuf], extensions: &[&[&str]]) -> Vec<Result<PathBuf>> {
    let wanted = |f: &Path| {
        f.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            let e = e.to_ascii_lowercase();
            extensions.iter().any(|list| list.contains(&e.as_str()))
        })
    };
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            out.extend(walk(p, &wanted));
        } else if p.is_file() {
            out.push(Ok(p.clone()));
        } else {
            // Said in the reader's language by l10n::io_detail (a bare kind); a dangling link
            // in its own words.
            let why = if p.symlink_metadata().is_ok() {
                std::io::Error::new(std::io::ErrorKind::NotFound, "a link to nothing")
            } else {
                std::io::ErrorKind::NotFound.into()
            };
            out.push(Err(Error::io(p, why)));
        }
    }
    out
}

/// The wanted files under `folder` (sorted, each once), then what could not be walked.
fn walk(folder: &Path, wanted: &dyn Fn(&Path) -> bool) -> Vec<Result<PathBuf>> {
    let mut found: Vec<PathBuf> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut errors: Vec<Error> = Vec::new();
    for entry in walkdir::WalkDir::new(folder)
        .follow_links(true)
        .sort_by_file_name()
    {
        match entry {
            Ok(e) => {
                if e.file_type().is_file() && wanted(e.path()) {
                    // The same file through two links is one input: the first in name order.
                    let key = std::fs::canonicalize(e.path()).unwrap_or_else(|_| e.path().into());
                    if seen.insert(key) {
                        found.push(e.into_path());
                    }
                }
            }
            Err(err) => {
                let at = err.path().unwrap_or(folder).to_path_buf();
                let message = if err.loop_ancestor().is_some() {
                    "a link back into a folder that contains it (skipped)".to_string()
                } else if at
                    .symlink_metadata()
                    .is_ok_and(|m| m.file_type().is_symlink())
                    && std::fs::metadata(&at).is_err()
                {
                    // A dangling link matters only where it looks like an input.
                    if !wanted(&at) {
                        continue;
                    }
                    "a link to nothing".to_string()
                } else {
                    err.io_error()
                        .map_or_else(|| err.to_string(), |e| e.to_string())
                };
                errors.push(Error::io(at, std::io::Error::other(message)));
            }
        }
    }
    found.sort();
    if found.is_empty() && errors.is_empty() {
        errors.push(Error::io(
            folder,
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "nothing to open in this folder (no file with a supported extension)",
            ),
        ));
    }
    found
        .into_iter()
        .map(Ok)
        .chain(errors.into_iter().map(Err))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn folders_are_walked_through_links_each_file_once_and_what_cannot_be_taken_is_named() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("photos");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(root.join("a.jpg"), b"x").unwrap();
        std::fs::write(root.join("notes.txt"), b"x").unwrap();
        std::fs::write(elsewhere.join("b.png"), b"x").unwrap();
        symlink(elsewhere.join("b.png"), root.join("linked.png")).unwrap();
        symlink(&elsewhere, root.join("linked-folder")).unwrap();
        symlink(root.join("a.jpg"), root.join("sub/same-as-a.jpg")).unwrap();
        symlink(dir.path().join("gone.jpg"), root.join("dangling.jpg")).unwrap();
        symlink(dir.path().join("gone.txt"), root.join("dangling.txt")).unwrap();
        symlink(&root, root.join("sub/loop")).unwrap();
        let got = collect_inputs(std::slice::from_ref(&root));
        let ok: Vec<String> = (got.iter().filter_map(|r| r.as_ref().ok()))
            .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        // b.png reached twice (a link to it, a link to its folder): once. a.jpg and its link:
        // once. Sorted.
        assert_eq!(ok, ["a.jpg", "linked-folder/b.png"], "{got:?}");
        let errors: Vec<String> = (got.iter().filter_map(|r| r.as_ref().err()))
            .map(|e| e.to_string())
            .collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors
                .iter()
                .any(|e| e.contains("dangling.jpg") && e.contains("a link to nothing")),
            "{errors:?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.contains("loop") && e.contains("link back")),
            "{errors:?}"
        );

        // A folder with nothing to take, a missing path and a dangling link given by name.
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        std::fs::write(empty.join("readme.txt"), b"x").unwrap();
        let got = collect_inputs(&[
            empty.clone(),
            dir.path().join("missing.jpg"),
            root.join("dangling.jpg"),
        ]);
        let messages: Vec<String> = got
            .iter()
            .map(|r| r.as_ref().unwrap_err().to_string())
            .collect();
        assert!(
            messages[0].contains("empty") && messages[0].contains("nothing to open"),
            "{messages:?}"
        );
        assert!(
            messages[1].contains("missing.jpg") && messages[1].contains("No such file"),
            "{messages:?}"
        );
        assert!(
            messages[2].contains("dangling.jpg") && messages[2].contains("a link to nothing"),
            "{messages:?}"
        );
    }

    #[derive(Default)]
    struct Recorder(Mutex<Vec<String>>);

    impl ProgressSink for Recorder {
        fn report(&self, event: Progress) {
            let line = match event {
                Progress::Started { total } => format!("start {total}"),
                Progress::FileStarted { index, .. } => format!("begin {index}"),
                Progress::FileDone { index, ok, .. } => format!("done {index} {ok}"),
            };
            self.0.lock().unwrap().push(line);
        }
    }

    #[test]
    fn a_bad_file_does_not_stop_the_batch_and_cancel_stops_at_a_boundary() {
        let inputs = vec![
            Ok(PathBuf::from("a")),
            Err(Error::Cancelled),
            Ok(PathBuf::from("c")),
            Ok(PathBuf::from("d")),
        ];
        let sink = Recorder::default();
        let cancel = CancelToken::new();
        let mut seen = Vec::new();
        let summary = run_batch(
            inputs,
            &sink,
            &cancel,
            |p| {
                if p == Path::new("c") {
                    cancel.cancel(); // cancelled while c is in progress: c completes, d never starts
                }
                Ok(p.display().to_string())
            },
            |i, r| seen.push((i, r.is_ok())),
        );
        assert_eq!(seen, vec![(0, true), (1, false), (2, true)]);
        assert_eq!(
            summary,
            BatchSummary {
                total: 4,
                ok: 2,
                failed: 1,
                cancelled: true
            }
        );
        assert_eq!(
            *sink.0.lock().unwrap(),
            vec![
                "start 4",
                "begin 0",
                "done 0 true",
                "begin 1",
                "done 1 false",
                "begin 2",
                "done 2 true"
            ]
        );
    }

    #[test]
    fn parallel_batches_run_files_at_once_and_report_them_in_order() {
        let inputs: Vec<Result<PathBuf>> = (0..12)
            .map(|i| {
                if i == 5 {
                    Err(Error::Cancelled)
                } else {
                    Ok(PathBuf::from(i.to_string()))
                }
            })
            .collect();
        let sink = Recorder::default();
        let in_flight = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let workers = Mutex::new(std::collections::BTreeSet::new());
        let mut seen = Vec::new();
        let summary = run_batch_parallel(
            inputs,
            &sink,
            &CancelToken::new(),
            3,
            |worker, p| {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                workers.lock().unwrap().insert(worker);
                // Later files finish first, so results arrive out of order.
                let n: u64 = p.to_str().unwrap().parse().unwrap();
                std::thread::sleep(std::time::Duration::from_millis(40 - 3 * n));
                in_flight.fetch_sub(1, Ordering::SeqCst);
                if n == 7 {
                    return Err(Error::Cancelled);
                }
                Ok(n)
            },
            |i, r| seen.push((i, r.ok())),
        );
        let want: Vec<(usize, Option<u64>)> = (0..12)
            .map(|i| (i, (i != 5 && i != 7).then_some(i as u64)))
            .collect();
        assert_eq!(seen, want);
        assert_eq!(
            (summary.ok, summary.failed, summary.cancelled),
            (10, 2, false)
        );
        assert!(most.load(Ordering::SeqCst) > 1, "files ran at once");
        assert!(workers.lock().unwrap().iter().all(|&w| w < 3));
        let events = sink.0.lock().unwrap();
        let done: Vec<_> = events.iter().filter(|e| e.starts_with("done")).collect();
        assert_eq!(done.len(), 12);
        assert!(done.windows(2).all(|w| {
            let n = |e: &str| e.split(' ').nth(1).unwrap().parse::<usize>().unwrap();
            n(w[0]) < n(w[1])
        }));
    }

    #[test]
    fn a_cancelled_parallel_batch_finishes_the_files_in_flight_only() {
        let inputs: Vec<Result<PathBuf>> =
            (0..50).map(|i| Ok(PathBuf::from(i.to_string()))).collect();
        let cancel = CancelToken::new();
        let mut seen = Vec::new();
        let summary = run_batch_parallel(
            inputs,
            &(),
            &cancel,
            2,
            |_, p| {
                if p == Path::new("3") {
                    cancel.cancel();
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
                Ok(())
            },
            |i, _| seen.push(i),
        );
        assert!(summary.cancelled);
        assert!(seen.len() < 10, "{seen:?}");
        assert_eq!(
            seen,
            (0..seen.len()).collect::<Vec<_>>(),
            "a prefix, in order"
        );
    }
}
