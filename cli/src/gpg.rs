//! The user's own `gpg` (so keys on smartcards work): decrypting gives us the message's session
//! key, so rPGP reads the message and checks its signature on the same code path as with a key
//! file; signing and encrypting a reply runs `gpg --sign --encrypt` with each recipient's key in a
//! file of its own. The terminal stays gpg's for pinentry (smartcard PIN, passphrase).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use pgp::composed::{PlainSessionKey, RawSessionKey};
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use sealdrop_shared::key::RecipientKey;

use crate::error::CliError;

/// A message's session key as GnuPG reports it (`[GNUPG:] SESSION_KEY <algo>:<hex>`).
#[derive(PartialEq, Eq)]
pub struct SessionKey {
    /// The symmetric algorithm's OpenPGP id (9 = AES-256).
    pub algorithm: u8,
    /// The key bytes.
    pub key: Vec<u8>,
}

impl std::fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the key itself.
        write!(f, "SessionKey {{ algorithm: {}, key: {} bytes }}", self.algorithm, self.key.len())
    }
}

impl SessionKey {
    /// The session key as rPGP takes it for a SEIPDv1 message (what GnuPG 2.2 writes and reads).
    pub fn plain(&self) -> PlainSessionKey {
        PlainSessionKey::V3_4 {
            sym_alg: SymmetricKeyAlgorithm::from(self.algorithm),
            key: RawSessionKey::from(self.key.as_slice()),
        }
    }
}

/// The session key in gpg's status output (`--status-fd`): the first `[GNUPG:] SESSION_KEY` line
/// whose value is `<decimal algorithm id>:<even number of hex digits>`. Log lines (`gpg: …`,
/// which also show the key with `--show-session-key`) are never read.
pub fn session_key(status: &str) -> Option<SessionKey> {
    status.lines().find_map(|line| {
        let value = line.strip_prefix("[GNUPG:] SESSION_KEY ")?.trim();
        let (algorithm, hex) = value.split_once(':')?;
        let algorithm: u8 = algorithm.parse().ok().filter(|a| *a != 0)?;
        if hex.is_empty() || hex.len() % 2 != 0 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let key = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16)).collect::<Result<_, _>>();
        Some(SessionKey { algorithm, key: key.ok()? })
    })
}

/// The last line gpg logged that is not a status line, for an error message.
fn last_log_line(stderr: &str) -> &str {
    stderr
        .lines()
        .rfind(|l| !l.trim().is_empty() && !l.starts_with("[GNUPG:]") && !l.contains("session key"))
        .map_or("no message", str::trim)
}

/// Asks gpg for the session key of `armored`. gpg decrypts it (its plaintext is dropped) and
/// reports the key; a signature gpg cannot check (the reporter's key is rarely in the keyring)
/// makes it exit non-zero, which is fine: the signature is checked by the caller.
pub fn session_key_of(program: &str, armored: &[u8]) -> Result<SessionKey, CliError> {
    // The ciphertext goes through a private temporary file so that gpg keeps the terminal.
    let dir = TempDir::new()?;
    let input = dir.write("message.asc", armored)?;
    let output = Command::new(program)
        .args(["--quiet", "--status-fd", "2", "--show-session-key", "--decrypt"])
        .arg(&input)
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| CliError::Decrypt(format!("cannot run `{program}`: {e}")))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    session_key(&stderr)
        .ok_or_else(|| CliError::Decrypt(format!("`{program} --decrypt` failed: {}", last_log_line(&stderr))))
}

/// Signs (with gpg's default key) and encrypts `plaintext` to every key in `recipients` with the
/// user's gpg; returns the armored message. Nothing else is added: `--no-encrypt-to` drops
/// gpg.conf's `encrypt-to`, which the worker would refuse, and the data is not compressed, so
/// every reader (the reporter's browser included) can open it.
pub fn sign_and_encrypt(program: &str, recipients: &[RecipientKey], plaintext: &[u8]) -> Result<String, CliError> {
    let dir = TempDir::new()?;
    let mut args: Vec<std::ffi::OsString> =
        ["--quiet", "--armor", "--no-encrypt-to", "--compress-algo", "none", "--sign", "--encrypt"]
            .into_iter()
            .map(Into::into)
            .collect();
    for (i, key) in recipients.iter().enumerate() {
        let armored = key.to_armored().map_err(|e| CliError::Decrypt(format!("exporting a recipient key: {e}")))?;
        let file = dir.write(&format!("recipient-{i}.asc"), armored.as_bytes())?;
        args.push("--recipient-file".into());
        args.push(file.into_os_string());
    }
    let mut command = Command::new(program);
    command.args(&args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    // The plaintext goes in on stdin, so gpg cannot find the terminal there for pinentry: name it.
    if std::env::var_os("GPG_TTY").is_none()
        && let Some(tty) = terminal_name()
    {
        command.env("GPG_TTY", tty);
    }
    let mut child = command.spawn().map_err(|e| CliError::Decrypt(format!("cannot run `{program}`: {e}")))?;
    let stdin = child.stdin.take();
    let output: std::io::Result<Output> = std::thread::scope(|scope| {
        if let Some(mut stdin) = stdin {
            // A writer of its own: gpg writes while it reads, and a pipe holds little.
            scope.spawn(move || {
                let _ = stdin.write_all(plaintext);
            });
        }
        child.wait_with_output()
    });
    let output = output.map_err(|e| CliError::Decrypt(format!("`{program}` failed: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(CliError::Decrypt(format!("`{program} --sign --encrypt` failed: {}", last_log_line(&stderr))));
    }
    String::from_utf8(output.stdout)
        .ok()
        .filter(|text| text.trim_start().starts_with("-----BEGIN PGP MESSAGE-----"))
        .ok_or_else(|| CliError::Decrypt(format!("`{program} --sign --encrypt` wrote no armored message")))
}

/// The terminal this process runs on (Linux: where standard input or error points), if any.
fn terminal_name() -> Option<PathBuf> {
    ["/proc/self/fd/0", "/proc/self/fd/2"].into_iter().find_map(|fd| {
        let target = std::fs::read_link(fd).ok()?;
        let text = target.to_str()?;
        (text.starts_with("/dev/pts/") || text.starts_with("/dev/tty")).then_some(target)
    })
}

/// A folder only this user can read, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    /// A new private directory under the system's temporary directory, removed on drop.
    pub fn new() -> Result<Self, CliError> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir = std::env::temp_dir().join(format!("sealdrop-{}-{nanos}", std::process::id()));
        crate::private::create_dir(&dir, true)?;
        Ok(Self(dir))
    }

    /// A path inside it.
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, CliError> {
        let path = self.0.join(name);
        write_file(&path, bytes)?;
        Ok(path)
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let mut file = std::fs::File::create(path).map_err(CliError::file(path))?;
    file.write_all(bytes).map_err(CliError::file(path))
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_key_comes_from_the_status_line_only() {
        const KEY: &str = "39BCB48F377F3D93E332DD18B82310EC4EDD3D64F6C26E7C850C8B3456CEC2CA";
        let key = (0..KEY.len()).step_by(2).map(|i| u8::from_str_radix(&KEY[i..i + 2], 16).expect("hex")).collect();
        let aes256 = Some(SessionKey { algorithm: 9, key });
        let real = format!(
            "[GNUPG:] ENC_TO 26B8177C11FBB765 18 0\n[GNUPG:] DECRYPTION_INFO 2 9 0\n\
             gpg: session key: '9:{KEY}'\n[GNUPG:] SESSION_KEY 9:{KEY}\n[GNUPG:] DECRYPTION_OKAY\n"
        );
        let cases: Vec<(String, Option<SessionKey>)> = vec![
            (real, aes256),
            (
                format!("[GNUPG:] SESSION_KEY 7:{}\r\n", "ab".repeat(16)),
                Some(SessionKey { algorithm: 7, key: vec![0xAB; 16] }),
            ),
            // gpg's log line shows the key too, but only status lines count.
            (format!("gpg: session key: '9:{KEY}'\n"), None),
            (format!("  [GNUPG:] SESSION_KEY 9:{KEY}\n"), None),
            (format!("[GNUPG:] SESSION_KEYS 9:{KEY}\n"), None),
            ("[GNUPG:] SESSION_KEY 9:ABC\n".into(), None),
            ("[GNUPG:] SESSION_KEY 9:\n".into(), None),
            ("[GNUPG:] SESSION_KEY 9:XYZW\n".into(), None),
            ("[GNUPG:] SESSION_KEY x:ABCD\n".into(), None),
            ("[GNUPG:] SESSION_KEY 0:ABCD\n".into(), None),
            ("[GNUPG:] SESSION_KEY 999:ABCD\n".into(), None),
            ("[GNUPG:] SESSION_KEY ABCD\n".into(), None),
            ("[GNUPG:] NO_SECKEY 26B8177C11FBB765\n[GNUPG:] DECRYPTION_FAILED\n".into(), None),
            (String::new(), None),
        ];
        for (status, expected) in cases {
            assert_eq!(session_key(&status), expected, "{status:?}");
        }
    }

    #[test]
    fn errors_quote_gpg_not_its_status_lines_or_the_key() {
        let stderr = "gpg: decryption failed: No secret key\n[GNUPG:] DECRYPTION_FAILED\n\n";
        assert_eq!(last_log_line(stderr), "gpg: decryption failed: No secret key");
        assert_eq!(last_log_line("gpg: session key: '9:AB'\n"), "no message");
        assert_eq!(last_log_line(""), "no message");
    }

    #[test]
    fn a_session_key_never_prints() {
        let key = SessionKey { algorithm: 9, key: vec![0x42; 32] };
        assert_eq!(format!("{key:?}"), "SessionKey { algorithm: 9, key: 32 bytes }");
    }
}
