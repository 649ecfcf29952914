//! Background CPU priority for the app's long work (scans, model loading), so the window
//! stays responsive while both cores scan.

/// The scheduling niceness [`background_priority`] gives a thread (Linux: 0 normal, 19 lowest).
pub const BACKGROUND_NICENESS: i32 = 10;

/// Lower the calling thread's CPU priority for background work, so a desktop window that
/// shares the machine with a scan stays responsive: on Linux the thread's niceness becomes
/// [`BACKGROUND_NICENESS`] (only this thread; threads it starts later, such as an ONNX
/// Runtime session's pool created while loading a model, inherit it). The priority cannot be
/// raised back without privilege, so call it on a thread of its own, not a pooled one.
/// Returns whether the thread now runs at that priority or lower (elsewhere it is a no-op
/// returning `false`).
pub fn background_priority() -> bool {
    #[cfg(target_os = "linux")]
    {
        let tid = Some(rustix::thread::gettid());
        match rustix::process::getpriority_process(tid) {
            // Already as low (a niced process): leave it.
            Ok(now) if now >= BACKGROUND_NICENESS => true,
            _ => rustix::process::setpriority_process(tid, BACKGROUND_NICENESS).is_ok(),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn background_priority_lowers_only_this_thread_and_its_children() {
        let me = || rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap();
        let before = me();
        let (own, child) = std::thread::spawn(move || {
            assert!(background_priority());
            let own = me();
            let child = std::thread::spawn(me).join().unwrap();
            (own, child)
        })
        .join()
        .unwrap();
        assert_eq!(own, BACKGROUND_NICENESS.max(before));
        assert_eq!(child, own, "threads started afterwards inherit it");
        assert_eq!(
            me(),
            before,
            "the calling thread of the test is not changed"
        );
    }
}
