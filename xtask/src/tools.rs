//! Installs what the build and the tests need, only when it is missing. Nothing is downloaded
//! from GitHub: Rust tools come from crates.io, JavaScript tools from the npm registry
//! (`package-lock.json`), system packages from Debian.

use std::path::PathBuf;
use std::process::Command;

use crate::{Error, cmd, root};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Oldest Node.js that wrangler 4.86 accepts.
const MIN_NODE: (u32, u32) = (20, 3);

/// Everything `build` needs: the wasm32 target, wasm-bindgen-cli at the locked version and the
/// npm packages (wrangler, binaryen's wasm-opt).
pub fn ensure_build_tools() -> Result<(), Error> {
    ensure_wasm_target()?;
    ensure_wasm_bindgen()?;
    ensure_node()?;
    ensure_npm_packages()
}

/// Everything `test` needs on top of the build tools: Chromium, Firefox ESR, GnuPG (with gpg-wks-client for
/// the WKD hashes) and the security.txt validator `sectxt` from PyPI.
pub fn ensure_test_tools() -> Result<(), Error> {
    ensure_build_tools()?;
    ensure_debian_packages(&[
        ("command -v chromium", "chromium"),
        ("command -v firefox-esr", "firefox-esr"),
        ("command -v gpg", "gnupg"),
        ("command -v gpg-wks-client || test -x /usr/lib/gnupg/gpg-wks-client", "gpg-wks-client"),
        ("command -v python3 && python3 -c 'import venv, ensurepip'", "python3-venv"),
    ])?;
    ensure_sectxt()
}

/// The Python interpreter of the test tools' virtual environment.
pub fn python_bin() -> PathBuf {
    root().join("target/sealdrop/tools/python/bin/python")
}

/// `sectxt` (the security.txt validator of the Dutch Internet Standards Platform) in a virtual
/// environment under `target/`, at the versions pinned in `tests/e2e/requirements.txt`.
fn ensure_sectxt() -> Result<(), Error> {
    let python = python_bin();
    let requirements = root().join("tests/e2e/requirements.txt");
    let stamp = root().join("target/sealdrop/tools/python/.requirements");
    let wanted =
        std::fs::read_to_string(&requirements).map_err(|source| Error::Read { path: requirements.clone(), source })?;
    if python.exists() && std::fs::read_to_string(&stamp).is_ok_and(|have| have == wanted) {
        return Ok(());
    }
    let venv = root().join("target/sealdrop/tools/python");
    eprintln!("xtask: installing sectxt (PyPI) into {}", venv.display());
    cmd::run(Command::new("python3").args(["-m", "venv", "--clear"]).arg(&venv))?;
    cmd::run(
        Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "-r"])
            .arg(&requirements),
    )?;
    std::fs::write(&stamp, wanted)?;
    Ok(())
}

fn ensure_wasm_target() -> Result<(), Error> {
    let installed = cmd::output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        return Ok(());
    }
    cmd::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String, Error> {
    let path = root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&path).map_err(|source| Error::Read { path, source })?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(version) = lines.next().and_then(|v| v.strip_prefix("version = \""))
        {
            return Ok(version.trim_end_matches('"').to_owned());
        }
    }
    Err(Error::Tool("Cargo.lock has no wasm-bindgen entry".into()))
}

/// Path of the wasm-bindgen binary (in `~/.cargo/bin`).
pub fn wasm_bindgen_bin() -> PathBuf {
    cargo_bin_dir().join("wasm-bindgen")
}

fn cargo_bin_dir() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default();
    home.join("bin")
}

fn ensure_wasm_bindgen() -> Result<(), Error> {
    let wanted = locked_wasm_bindgen_version()?;
    let have = cmd::output(Command::new(wasm_bindgen_bin()).arg("--version")).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(wanted.as_str()) {
        return Ok(());
    }
    eprintln!("xtask: installing wasm-bindgen-cli {wanted} (matches Cargo.lock; takes ~10 minutes once)");
    // Not `--locked`: its lock file pins a crate version the registry mirror here does not serve.
    cmd::run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &format!("={wanted}")]))
}

fn ensure_node() -> Result<(), Error> {
    let version = cmd::output(Command::new("node").arg("--version")).ok_or_else(|| {
        Error::Tool(
            "Node.js is not installed: install Node.js 20.3 or newer (Debian: apt-get install nodejs npm)".into(),
        )
    })?;
    let mut parts = version.trim().trim_start_matches('v').split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    if (major, minor) < MIN_NODE {
        return Err(Error::Tool(format!("Node.js {} is too old: wrangler 4.86 needs 20.3 or newer", version.trim())));
    }
    Ok(())
}

fn ensure_npm_packages() -> Result<(), Error> {
    let root = root();
    let marker = root.join("node_modules/.package-lock.json");
    let lock = root.join("package-lock.json");
    let stale = match (std::fs::metadata(&marker), std::fs::metadata(&lock)) {
        (Ok(m), Ok(l)) => match (m.modified(), l.modified()) {
            (Ok(m), Ok(l)) => m < l,
            _ => true,
        },
        _ => true,
    };
    if !stale && root.join("node_modules/.bin/wrangler").exists() {
        return Ok(());
    }
    cmd::run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&root))
}

/// Installs the Debian packages whose check (a shell command) fails.
fn ensure_debian_packages(packages: &[(&str, &str)]) -> Result<(), Error> {
    let missing: Vec<&str> = packages
        .iter()
        .filter(|(check, _)| cmd::output(Command::new("sh").args(["-c", check])).is_none())
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("xtask: installing Debian packages: {}", missing.join(" "));
    let is_root = cmd::output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0");
    let apt = |args: &[&str]| {
        let mut c = if is_root { Command::new("apt-get") } else { Command::new("sudo") };
        if !is_root {
            c.arg("apt-get");
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    let mut install = vec!["install", "-y"];
    install.extend(&missing);
    if cmd::run(&mut apt(&install)).is_err() {
        cmd::run(&mut apt(&["update"]))?;
        cmd::run(&mut apt(&install))?;
    }
    Ok(())
}

/// A binary installed by npm into `node_modules/.bin`.
pub fn npm_bin(name: &str) -> PathBuf {
    root().join("node_modules/.bin").join(name)
}
