//! `cargo bench -p sealdrop-shared` (also run by `cargo xtask bench`): how fast a report is
//! encrypted and checked, natively with rPGP, next to GnuPG doing the same work.
//!
//! Prints numbers and ratios; asserts nothing (speed is measured, not tested). Targets: a
//! 10 MiB report encrypts in well under a second natively; the worker's envelope check is
//! much faster than encryption, as it never decrypts; rPGP stays within 2x of GnuPG; deriving the
//! follow-up channel from a receipt (KDF + key generation), which the browser does on every submit
//! and every look-up, stays under 50 ms natively.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sealdrop_shared::envelope;
use sealdrop_shared::key::RecipientKey;

const KEY: &str = include_str!("../../examples/policies/nimbus-cloud/security.asc");

/// Median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn mib_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / (1024.0 * 1024.0) / d.as_secs_f64()
}

/// A GnuPG home with the organisation key, or `None` without gpg.
fn gpg_home() -> Option<tempdir::Dir> {
    let dir = tempdir::Dir::new("sealdrop-bench")?;
    let mut child = Command::new("gpg")
        .args(["--homedir", dir.path(), "--batch", "--quiet", "--import"])
        .stdin(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(KEY.as_bytes()).ok()?;
    child.wait().ok()?.success().then_some(dir)
}

fn gpg_encrypt(home: &str, fpr: &str, data: &[u8]) {
    let mut child = Command::new("gpg")
        .args(["--homedir", home, "--batch", "--yes", "--trust-model", "always", "--armor", "--recipient", fpr])
        .args(["--cipher-algo", "AES256", "--compress-algo", "none", "--encrypt"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let data = data.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    assert!(child.wait().unwrap().success(), "gpg failed");
    writer.join().unwrap().unwrap();
}

mod tempdir {
    /// A directory removed on drop.
    pub struct Dir(std::path::PathBuf);
    impl Dir {
        pub fn new(prefix: &str) -> Option<Self> {
            let path = std::env::temp_dir().join(format!("{prefix}-{}", std::process::id()));
            std::fs::create_dir_all(&path).ok()?;
            Some(Self(path))
        }
        pub fn path(&self) -> &str {
            self.0.to_str().unwrap_or_default()
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn main() {
    let key = RecipientKey::parse(KEY).unwrap();
    let fpr = key.fingerprint();
    let home = gpg_home();
    if home.is_none() {
        println!("(gpg not found: GnuPG columns left empty)");
    } else {
        println!("GnuPG timings include starting a gpg process, as the staff CLI would.");
    }
    println!(
        "{:>9} {:>7} {:>14} {:>12} {:>14} {:>12} {:>10}",
        "size", "runs", "rPGP encrypt", "MiB/s", "envelope check", "GnuPG enc", "rPGP/GnuPG"
    );
    for (label, size, runs) in [("1 KiB", 1024, 25), ("1 MiB", 1 << 20, 7), ("10 MiB", 10 << 20, 3)] {
        let data: Vec<u8> = (0..size).map(|i| (i * 31 % 251) as u8).collect();
        let mut armored = String::new();
        let enc = median(runs, || {
            armored = envelope::encrypt(std::slice::from_ref(&key), data.clone(), rand::thread_rng()).unwrap()
        });
        let check = median(runs, || {
            envelope::inspect(std::slice::from_ref(&key), armored.as_bytes()).unwrap();
        });
        let (gpg, ratio) = match &home {
            Some(h) => {
                let g = median(runs, || gpg_encrypt(h.path(), fpr.as_str(), &data));
                (format!("{:.2} ms", g.as_secs_f64() * 1e3), format!("{:.2}x", enc.as_secs_f64() / g.as_secs_f64()))
            }
            None => (String::new(), String::new()),
        };
        println!(
            "{label:>9} {runs:>7} {:>11.2} ms {:>12.1} {:>11.2} ms {gpg:>12} {ratio:>10}",
            enc.as_secs_f64() * 1e3,
            mib_per_s(size, enc),
            check.as_secs_f64() * 1e3,
        );
    }

    let receipt = sealdrop_shared::receipt::Receipt::from_bytes([42; sealdrop_shared::receipt::RECEIPT_BYTES]);
    let token = median(101, || {
        std::hint::black_box(receipt.lookup_token());
    });
    let key = median(25, || {
        std::hint::black_box(receipt.reply_key().unwrap());
    });
    println!(
        "\nreceipt → lookup token (HKDF-SHA256): {:.3} ms; → reply key (HKDF + ChaCha20 + Ed25519/X25519 key generation): {:.2} ms (target < 50 ms: {:.0}x margin)",
        token.as_secs_f64() * 1e3,
        key.as_secs_f64() * 1e3,
        0.050 / key.as_secs_f64()
    );
}
