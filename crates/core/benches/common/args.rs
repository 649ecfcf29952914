//! A bench's command line, shared by the benches that take files and `--flag N` options
//! (the document benches through `common`, scan_stages and throughput on their own).

use std::path::PathBuf;

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
