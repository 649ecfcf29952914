//! How many files a batch scans at once, and their detectors: the CLI's batches and the
//! benchmarks use the same rule.

use crate::detect::{Detector, DetectorConfig};
use crate::{Error, Result};

/// Memory a worker may need at its peak. A full scan (faces, text, barcodes) of a 4032×3024
/// photo peaks at 0.90–1.21 GB for one worker and 1.78–1.88 GB for two
/// (`scripts/bench-memory.sh`, 2026-12-04): 2 GiB leaves room for larger photos.
pub const WORKER_MEMORY: u64 = 2 << 30;

/// How many workers the available memory allows (`MemAvailable` in /proc/meminfo over
/// [`WORKER_MEMORY`], at least 1); `None` where that cannot be read.
pub fn workers_memory_allows() -> Option<usize> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kb: u64 = info
        .lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(
        usize::try_from(kb * 1024 / WORKER_MEMORY)
            .unwrap_or(usize::MAX)
            .max(1),
    )
}

/// How many workers scan `files` files on `cores` cores when `requested` workers are asked
/// for (`None`: the default) and memory allows `memory` workers, and how many ONNX Runtime
/// intra-op threads each gets (0 = one per core, as [`Detector`] decides).
///
/// By default one single-threaded worker per core, never more than there are files or than
/// memory allows: CenterFace's layers are too small to keep two threads busy, so two files at
/// once go 1.2–1.5× faster than one file on two threads. One file gets one worker with every
/// core. Asked for, as many as asked, the cores shared between them.
pub fn workers(
    requested: Option<usize>,
    files: usize,
    cores: usize,
    memory: Option<usize>,
) -> (usize, usize) {
    let jobs = match requested {
        Some(j) => j.max(1),
        None => cores.min(files).min(memory.unwrap_or(usize::MAX)).max(1),
    };
    let threads = if jobs == 1 { 0 } else { (cores / jobs).max(1) };
    (jobs, threads)
}

/// One detector per worker for a batch of `files` files (an ONNX Runtime session runs one image
/// at a time), the cores shared between them as [`workers`] decides for this machine; loaded
/// side by side, since a session takes a good part of a second to build.
pub fn load_workers(
    config: DetectorConfig,
    requested: Option<usize>,
    files: usize,
) -> Result<Vec<Detector>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (jobs, threads) = workers(requested, files, cores, workers_memory_allows());
    let config = DetectorConfig { threads, ..config };
    std::thread::scope(|s| {
        let loading: Vec<_> = (0..jobs)
            .map(|_| s.spawn(move || Detector::load(config)))
            .collect();
        loading
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::Runtime("loading the models panicked".into())))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_get_a_worker_per_core_and_one_file_gets_every_core() {
        // Default: one single-threaded worker per core, never more workers than files.
        assert_eq!(workers(None, 54, 2, None), (2, 1));
        assert_eq!(workers(None, 54, 8, Some(100)), (8, 1));
        assert_eq!(workers(None, 3, 8, None), (3, 2));
        // One file: one worker, ONNX Runtime's threads on every core.
        assert_eq!(workers(None, 1, 8, None), (1, 0));
        assert_eq!(workers(None, 0, 8, None), (1, 0));
        // Memory for three workers only: three, the cores shared.
        assert_eq!(workers(None, 54, 8, Some(3)), (3, 2));
        assert_eq!(workers(None, 54, 8, Some(1)), (1, 0));
        // Asked for: as many as asked, the cores shared, whatever the memory.
        assert_eq!(workers(Some(1), 54, 8, None), (1, 0));
        assert_eq!(workers(Some(4), 54, 8, Some(1)), (4, 2));
        assert_eq!(workers(Some(16), 54, 8, None), (16, 1));
    }

    #[test]
    fn available_memory_is_read_where_there_is_proc() {
        if std::path::Path::new("/proc/meminfo").exists() {
            let n = workers_memory_allows().expect("MemAvailable parsed");
            assert!(n >= 1);
        }
    }
}
