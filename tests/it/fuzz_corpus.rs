//! The fuzz targets' committed corpus (seeds, and every crash or slow input the fuzzer found,
//! saved under `fuzz/corpus/<target>/`), run as ordinary tests on stable: each input must return,
//! without a panic, well within a second. `cargo xtask fuzz --minutes N` grows the corpus on
//! nightly; this keeps what it found.

use std::time::{Duration, Instant};

use sealdrop_tests::fuzzing::TARGETS;
use sealdrop_tests::root;

#[test]
fn every_committed_fuzz_input_returns_quickly_without_a_panic() {
    let corpus = root().join("fuzz/corpus");
    for target in TARGETS {
        let dir = corpus.join(target.name);
        let mut inputs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e} (every target has a committed seed corpus)", dir.display()))
            .map(|e| e.expect("a corpus entry").path())
            .collect();
        inputs.sort();
        assert!(inputs.len() >= 3, "{}: a seed corpus of at least 3 inputs", target.name);
        for input in inputs {
            let data = std::fs::read(&input).expect("readable");
            let started = Instant::now();
            let outcome = std::panic::catch_unwind(|| (target.run)(&data));
            assert!(outcome.is_ok(), "{}: {} panics", target.name, input.display());
            assert!(started.elapsed() < Duration::from_secs(2), "{}: {} is slow", target.name, input.display());
        }
    }
}

/// The targets the fuzz crate builds are exactly the ones listed here.
#[test]
fn every_target_has_a_fuzz_entry_point() {
    for target in TARGETS {
        let file = root().join("fuzz/fuzz_targets").join(format!("{}.rs", target.name));
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(text.contains(&format!("fuzzing::{}(", target.name)), "{} calls its body", file.display());
    }
    let manifest = std::fs::read_to_string(root().join("fuzz/Cargo.toml")).expect("fuzz/Cargo.toml");
    assert_eq!(manifest.matches("[[bin]]").count(), TARGETS.len(), "one [[bin]] per target");
}
