//! What the document benches share: their command line and their timing loop.

use std::path::PathBuf;
use std::time::Instant;

/// A bench's arguments (cargo's `--bench` left out): `FILE... [--name N]...`.
pub struct BenchArgs(Vec<String>);

impl BenchArgs {
    /// The process's arguments.
    pub fn from_env() -> Self {
        BenchArgs(
            std::env::args()
                .skip(1)
                .filter(|a| a != "--bench")
                .collect(),
        )
    }

    /// The number after `--name`, else `default`.
    pub fn flag(&self, name: &str, default: usize) -> usize {
        (self.0.iter())
            .position(|a| a == name)
            .and_then(|i| self.0.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    }

    /// The arguments that are neither a flag nor a flag's value, in order.
    pub fn files(&self) -> Vec<PathBuf> {
        let a = &self.0;
        (a.iter().enumerate())
            .filter(|(i, f)| !f.starts_with("--") && (*i == 0 || !a[i - 1].starts_with("--")))
            .map(|(_, f)| PathBuf::from(f))
            .collect()
    }
}

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
