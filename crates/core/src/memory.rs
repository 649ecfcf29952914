//! Process-wide memory settings for scanning large photos on an ordinary laptop.
//!
//! Scanning a 12 MP photo allocates and frees a few large buffers per model run (the decoded
//! pixels, the text model's input and its feature maps, tens of MB each). glibc serves such
//! blocks with `mmap` and gives them back on `free`, so every photo faults its pages in again
//! (measured: a third of a batch's time in the kernel), and each thread that allocates gets an
//! arena of its own, whose freed memory the others cannot reuse. ONNX Runtime's own CPU arena
//! (on by default) avoids the faults but grows by powers of two and keeps its peak.
//! [`tune_allocator`] keeps large blocks in the heap (`M_MMAP_THRESHOLD`, `M_TRIM_THRESHOLD`:
//! 1 GiB) and every thread in one arena (`M_ARENA_MAX` = 1), so freed buffers are reused in
//! place. Measured with `/usr/bin/time` on three 4032×3024 JPEGs (scripts/bench-memory.sh,
//! README): peak RSS 20–31 % lower, at the same speed.

/// Apply the allocator settings above to this process; call it first thing in `main`, before
/// any thread starts. Returns whether they were applied (only with glibc; elsewhere a no-op
/// returning `false`).
pub fn tune_allocator() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const ONE_GIB: libc::c_int = 1 << 30;
        // SAFETY: mallopt only sets glibc's malloc parameters; the values are in range and
        // it is called before this process allocates from another thread.
        #[allow(unsafe_code)]
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, ONE_GIB) == 1
                && libc::mallopt(libc::M_TRIM_THRESHOLD, ONE_GIB) == 1
                && libc::mallopt(libc::M_ARENA_MAX, 1) == 1
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}

/// This process's resident memory in bytes (Linux: `/proc/self/statm`); `None` elsewhere.
pub fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    // Pages of 4 KiB: x86-64, and aarch64 as Debian's kernels configure it.
    Some(pages * 4096)
}

/// Give the heap's free pages back to the system (glibc's `malloc_trim`) when this process's
/// resident memory is above `limit` bytes; returns whether it trimmed. For a long-lived process
/// between pieces of work (the app after each scanned file): with [`tune_allocator`]'s settings
/// nothing is given back otherwise, and the app's heap, where small long-lived allocations lie
/// between the large freed buffers of each scan, grew file after file (30 photos of 12 MP:
/// 1.3 → 2.1–2.7 GB; trimmed above 1.5 GB, a 1.71 GB peak). Trimming costs the next file its
/// page faults (15–17 % of a 12 MP folder's time), hence the limit. Elsewhere a no-op
/// returning `false`.
pub fn release_free_memory_above(limit: u64) -> bool {
    if resident_bytes().is_none_or(|r| r <= limit) {
        return false;
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: malloc_trim only returns free heap pages to the kernel; no memory in use is
        // touched, and it is thread-safe.
        #[allow(unsafe_code)]
        unsafe {
            libc::malloc_trim(0) == 1
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn free_memory_is_given_back_only_above_the_limit() {
        if !cfg!(all(target_os = "linux", target_env = "gnu")) {
            return;
        }
        // The heap keeps what is freed (as in the CLI and the app), so only a trim gives it back.
        super::tune_allocator();
        let resident = super::resident_bytes().expect("statm read");
        assert!(resident > 1 << 20, "{resident}");
        assert!(!super::release_free_memory_above(u64::MAX));
        // 64 MB touched and freed: kept by the heap, given back above a limit of 0.
        let block = vec![1u8; 64 << 20];
        assert_eq!(block.iter().map(|&b| u64::from(b)).sum::<u64>(), 64 << 20);
        drop(block);
        super::release_free_memory_above(0);
        assert!(super::resident_bytes().unwrap() < resident + (32 << 20));
    }

    #[test]
    fn glibc_takes_the_settings() {
        let applied = super::tune_allocator();
        assert_eq!(
            applied,
            cfg!(all(target_os = "linux", target_env = "gnu")),
            "mallopt refused a setting"
        );
    }
}
