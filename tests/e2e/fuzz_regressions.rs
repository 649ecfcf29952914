//! Every input the fuzzers (`fuzz/`, `scripts/fuzz.sh`) found to crash a parser, replayed
//! through the same entry points (`clearframe_core::fuzzing`) on the stable toolchain: each
//! must now end in a result or an error, never a panic. A crash is added by copying its input
//! into `fuzz/regressions/<target>/` (the script does) and fixing the parser.

use clearframe_core::fuzzing;

use crate::util::*;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = repo().join("fuzz/regressions").join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep"))
        .collect();
    inputs.sort();
    for path in &inputs {
        let bytes = std::fs::read(path).unwrap();
        let t = std::time::Instant::now();
        if std::panic::catch_unwind(|| run(&bytes)).is_err() {
            panic!("{target}: {} still panics", path.display());
        }
        // (Printed, not checked: a slow input is found by the fuzzer's timeout, not here.)
        eprintln!(
            "{target}: {} in {:?}",
            path.file_name().unwrap().to_string_lossy(),
            t.elapsed()
        );
    }
    inputs.len()
}

#[test]
fn every_input_a_fuzzer_found_is_handled() {
    let counts = [
        ("metadata", replay("metadata", fuzzing::metadata)),
        ("decode", replay("decode", fuzzing::decode)),
        ("pptx", replay("pptx", fuzzing::pptx)),
        ("pdf", replay("pdf", fuzzing::pdf)),
    ];
    eprintln!("fuzz regressions replayed: {counts:?}");
}
