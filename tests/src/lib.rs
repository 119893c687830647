//! Support for Sealdrop's integration tests: paths of fixtures and a thin wrapper around the
//! real GnuPG (`gpg`), run in throw-away home directories.
#![deny(unsafe_code)]

pub mod fuzzing;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// `tests/fixtures/<rel>`.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// Reads a file to a string, panicking with the path (tests only).
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A GnuPG home directory that is removed on drop.
#[derive(Debug)]
pub struct Gpg {
    home: PathBuf,
}

impl Gpg {
    /// A fresh home with these key files imported.
    pub fn with_keys(keys: &[PathBuf]) -> Self {
        let home = std::env::temp_dir().join(format!("sealdrop-it-gpg-{}-{}", std::process::id(), unique()));
        std::fs::create_dir_all(&home).unwrap_or_else(|e| panic!("{}: {e}", home.display()));
        let gpg = Self { home };
        for key in keys {
            gpg.run(&["--import", &key.display().to_string()], b"")
                .unwrap_or_else(|e| panic!("import {}: {e}", key.display()));
        }
        gpg
    }

    /// Runs `gpg --batch` with `args`, feeding `input`; returns stdout or stderr as the error.
    pub fn run(&self, args: &[&str], input: &[u8]) -> Result<Vec<u8>, String> {
        let mut child = Command::new("gpg")
            .arg("--homedir")
            .arg(&self.home)
            .args(["--batch", "--quiet", "--trust-model", "always"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run gpg (install gnupg): {e}"))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(input).map_err(|e| e.to_string())?;
        }
        let out = child.wait_with_output().map_err(|e| e.to_string())?;
        if out.status.success() { Ok(out.stdout) } else { Err(String::from_utf8_lossy(&out.stderr).into_owned()) }
    }

    /// `gpg --decrypt`.
    pub fn decrypt(&self, ciphertext: &[u8]) -> Result<Vec<u8>, String> {
        self.run(&["--decrypt"], ciphertext)
    }

    /// `gpg --armor --encrypt` to these recipients.
    pub fn encrypt(&self, plaintext: &[u8], recipients: &[&str]) -> String {
        let mut args = vec!["--armor", "--encrypt"];
        for r in recipients {
            args.extend(["--recipient", r]);
        }
        String::from_utf8(self.run(&args, plaintext).unwrap_or_else(|e| panic!("gpg encrypt: {e}"))).unwrap_or_default()
    }
}

impl Drop for Gpg {
    fn drop(&mut self) {
        let _ = Command::new("gpgconf").arg("--homedir").arg(&self.home).args(["--kill", "all"]).status();
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

fn unique() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default()
}

/// Every example policy: `(slug, policy.toml path)`.
pub fn example_policies() -> Vec<(String, PathBuf)> {
    let dir = root().join("examples/policies");
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("policy.toml").exists())
        .map(|p| (p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), p.join("policy.toml")))
        .collect();
    found.sort();
    found
}

/// Loads and validates a policy file with its key, as `cargo xtask build` does.
pub fn load_policy(path: &Path) -> Result<sealdrop_shared::policy::DeployedPolicy, sealdrop_shared::Error> {
    let file = sealdrop_shared::policy::parse_file(&read(path))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let referenced = sealdrop_shared::policy::Referenced {
        key: read(&dir.join(&file.key.public_key)),
        signed_security_txt: file.publish.security_txt.as_ref().map(|p| read(&dir.join(p))),
        staff_keys: file.staff_key_paths().iter().map(|p| read(&dir.join(p))).collect(),
    };
    sealdrop_shared::policy::load(file, referenced)
}
