//! What the document benches share: their command line and their timing loop.

use std::time::Instant;

mod args;

pub use args::BenchArgs;

/// Run `f` `repeat` times: the times in seconds, ascending, and the last result.
pub fn timed<T>(repeat: usize, mut f: impl FnMut() -> T) -> (Vec<f64>, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..repeat.max(1) {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    (times, last.expect("run at least once"))
}
