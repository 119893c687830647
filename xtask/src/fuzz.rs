//! `cargo xtask fuzz [--minutes N]`: runs every cargo-fuzz target in `fuzz/` for N minutes each
//! (default 1), growing its corpus in `fuzz/corpus/<target>/`, and copies whatever libFuzzer
//! flags (crashes, timeouts, slow units) into the corpus too, where `cargo xtask test` runs them
//! on stable from then on (`tests/it/fuzz_corpus.rs`). Needs the nightly toolchain and
//! `cargo-fuzz`; says so clearly when either is missing. Never part of `cargo xtask test`.

use std::path::Path;
use std::process::Command;

use crate::{Error, cmd, root};

/// Runs the fuzz targets.
pub fn run(args: &[String]) -> Result<(), Error> {
    let minutes = match args {
        [] => 1,
        [flag, n] if flag == "--minutes" => n
            .parse::<u64>()
            .ok()
            .filter(|m| *m > 0)
            .ok_or_else(|| Error::Usage("--minutes takes a positive number".into()))?,
        _ => return Err(Error::Usage("cargo xtask fuzz [--minutes N]".into())),
    };
    let toolchains = cmd::output(Command::new("rustup").args(["toolchain", "list"])).unwrap_or_default();
    if !toolchains.lines().any(|l| l.starts_with("nightly")) {
        return Err(Error::Tool(
            "fuzzing needs the nightly toolchain (cargo-fuzz builds with sanitizers): rustup toolchain install nightly"
                .into(),
        ));
    }
    if cmd::output(Command::new("cargo").args(["+nightly", "fuzz", "--version"])).is_none() {
        return Err(Error::Tool("fuzzing needs cargo-fuzz: cargo install cargo-fuzz".into()));
    }
    let fuzz = root().join("fuzz");
    let mut targets: Vec<String> = std::fs::read_dir(fuzz.join("fuzz_targets"))?
        .filter_map(|e| e.ok()?.path().file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    targets.sort();
    let mut summary = Vec::new();
    for target in &targets {
        let corpus = fuzz.join("corpus").join(target);
        let before = count(&corpus);
        let started = std::time::Instant::now();
        let result = cmd::run(
            Command::new("cargo")
                .args(["+nightly", "fuzz", "run", target])
                .arg(&corpus)
                .args(["--", &format!("-max_total_time={}", minutes * 60), "-timeout=5", "-rss_limit_mb=2048"])
                .current_dir(root()),
        );
        let found = keep_findings(&fuzz.join("artifacts").join(target), &corpus)?;
        summary.push(format!(
            "{target:<12} {:>5.0} s  corpus {before} -> {}  findings {found}{}",
            started.elapsed().as_secs_f64(),
            count(&corpus),
            if result.is_err() { "  (stopped: see above)" } else { "" }
        ));
    }
    println!("\nfuzzing, {minutes} min per target:");
    for line in &summary {
        println!("  {line}");
    }
    println!("Findings were copied into fuzz/corpus/<target>/: `cargo xtask test` now runs them; fix, then commit.");
    Ok(())
}

fn count(dir: &Path) -> usize {
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

/// Copies libFuzzer's artifacts (crash-, timeout-, slow-unit-, oom-) into the corpus.
fn keep_findings(artifacts: &Path, corpus: &Path) -> Result<usize, Error> {
    let Ok(entries) = std::fs::read_dir(artifacts) else { return Ok(0) };
    let mut n = 0;
    for entry in entries {
        let path = entry?.path();
        if let Some(name) = path.file_name() {
            let target = corpus.join(name);
            if !target.exists() {
                std::fs::copy(&path, &target)?;
                n += 1;
            }
        }
    }
    Ok(n)
}
