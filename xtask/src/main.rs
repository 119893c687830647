//! `cargo xtask`: build orchestration for Sealdrop, in plain Rust.
//!
//! - `cargo xtask dev [--policy FILE] [--port N] [--demo-port M]` installs what is missing,
//!   builds everything and serves the local stack.
//! - `cargo xtask test` runs every test: unit tests, then the wasm build, then the end-to-end
//!   tests against a fresh local stack in headless Chromium.
//! - `cargo xtask build [--policy FILE]` builds the worker and the static assets.
//! - `cargo xtask deploy [--policy FILE]` refuses test keys, builds, and runs `wrangler deploy`.
//! - `cargo xtask bench` prints sizes and timings.
//! - `cargo xtask load [--reports N] [--concurrency M]` load-tests the local stack and reconciles
//!   what it stored (not part of `test`).
//! - `cargo xtask fuzz [--minutes N]` runs the fuzz targets (nightly, cargo-fuzz).
#![deny(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod build;
mod cmd;
mod demo;
mod error;
mod fuzz;
mod load;
mod stack;
mod tools;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use error::Error;

/// The default policy used by `dev`, `test` and `build`.
const DEFAULT_POLICY: &str = "examples/policies/nimbus-cloud/policy.toml";
/// The staff token the local stack accepts when `SEALDROP_STAFF_TOKEN` is unset. Never deployable.
pub const DEFAULT_DEV_TOKEN: &str = "sealdrop-dev-token";

const HELP: &str = "\
cargo xtask <command> [options]

Commands:
  dev      install what is missing, build, and serve the local stack
           (worker + local D1/R2 on --port, demo host page on --demo-port)
  test     run every test (unit, API and end-to-end in headless Chromium)
  build    build the worker and the widget for a policy
  deploy   build for a real policy and run `wrangler deploy`
  bench    measure widget/worker sizes, the pinned embed's cost and encryption speed
  fuzz     run every cargo-fuzz target (--minutes N each; needs nightly and cargo-fuzz)
  load     load-test a local stack: --reports N (default 10000) from --concurrency M reporters
           (default 64), then a quarter as many with the stack SIGKILLed and restarted half-way;
           prints throughput, p50/p99 and a reconciliation of what was stored (not part of test)

Options:
  --policy FILE    policy TOML (default: examples/policies/nimbus-cloud/policy.toml)
  --port N         worker port (default 8787)
  --demo-port M    demo host page port (default 8788)

Environment:
  SEALDROP_STAFF_TOKEN   staff bearer token for the local stack (default: sealdrop-dev-token)
";

/// Parsed command-line options.
#[derive(Debug, Clone)]
pub struct Options {
    policy: PathBuf,
    port: u16,
    demo_port: u16,
}

fn parse_options(args: &[String]) -> Result<Options, Error> {
    let mut options = Options { policy: root().join(DEFAULT_POLICY), port: 8787, demo_port: 8788 };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| iter.next().cloned().ok_or_else(|| Error::Usage(format!("{name} needs a value")));
        match arg.as_str() {
            "--policy" => options.policy = std::env::current_dir()?.join(value("--policy")?),
            "--port" => {
                options.port = value("--port")?.parse().map_err(|_| Error::Usage("--port takes a number".into()))?
            }
            "--demo-port" => {
                options.demo_port =
                    value("--demo-port")?.parse().map_err(|_| Error::Usage("--demo-port takes a number".into()))?;
            }
            other => return Err(Error::Usage(format!("unknown option `{other}`"))),
        }
    }
    Ok(options)
}

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn run(args: &[String]) -> Result<(), Error> {
    let Some((command, rest)) = args.split_first() else {
        print!("{HELP}");
        return Ok(());
    };
    match command.as_str() {
        "dev" => stack::dev(&parse_options(rest)?),
        "test" => stack::test(),
        "build" => {
            let options = parse_options(rest)?;
            tools::ensure_build_tools()?;
            build::build(&options.policy, &[], build::Faults::Never).map(|built| build::print_snippet(&built))
        }
        "deploy" => build::deploy(&parse_options(rest)?),
        "bench" => stack::bench(),
        "fuzz" => fuzz::run(rest),
        "load" => load::run(rest),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(Error::Usage(format!("unknown command `{other}`"))),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            if matches!(e, Error::Usage(_)) {
                eprint!("\n{HELP}");
            }
            ExitCode::FAILURE
        }
    }
}
