//! Decrypting a downloaded report on the staff member's machine: with an armored secret key file
//! (rPGP; the passphrase is prompted without echo when the key has one) or by running the user's
//! own `gpg`, so keys on smartcards work. [`DecryptWith`] is the `--key FILE` / `--gpg` choice
//! every command that decrypts flattens into its arguments.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use pgp::composed::{Deserializable as _, Message, SignedSecretKey};
use pgp::types::Password;

use crate::error::CliError;

/// How to decrypt, as the command line says it: `--key FILE` or `--gpg [PROGRAM]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args)]
pub struct DecryptWith {
    /// Armored secret key file (its passphrase is asked for, never echoed).
    #[arg(long, value_name = "FILE", conflicts_with = "gpg")]
    pub key: Option<PathBuf>,
    /// Decrypt with your own gpg (smartcards work); optionally the program to run.
    #[arg(long, value_name = "PROGRAM", num_args = 0..=1, default_missing_value = "gpg")]
    pub gpg: Option<String>,
}

impl DecryptWith {
    /// The decryptor: `--gpg` wins, then `--key`, then the config file's `key` (`default_key`);
    /// with none of them, a usage error that says what to pass.
    pub fn decryptor(self, default_key: Option<PathBuf>) -> Result<Decryptor, CliError> {
        match (self.key.or(default_key), self.gpg) {
            (_, Some(program)) => Ok(Decryptor::Gpg(program)),
            (Some(path), None) => Ok(Decryptor::KeyFile(path)),
            (None, None) => Err(CliError::Usage(
                "say how to decrypt: --key FILE (armored secret key) or --gpg (your own gpg)".into(),
            )),
        }
    }
}

/// How to decrypt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decryptor {
    /// An armored secret key file.
    KeyFile(PathBuf),
    /// The user's `gpg` (program name or path).
    Gpg(String),
}

impl Decryptor {
    /// The plaintext of an armored OpenPGP message.
    pub fn decrypt(&self, armored: &[u8]) -> Result<Vec<u8>, CliError> {
        match self {
            Decryptor::KeyFile(path) => with_key_file(path, armored),
            Decryptor::Gpg(program) => with_gpg(program, armored),
        }
    }
}

fn with_key_file(path: &Path, armored: &[u8]) -> Result<Vec<u8>, CliError> {
    let text = std::fs::read_to_string(path).map_err(CliError::file(path))?;
    let (key, _) = SignedSecretKey::from_string(&text)
        .map_err(|e| CliError::Decrypt(format!("{} is not an armored OpenPGP secret key: {e}", path.display())))?;
    let armored =
        std::str::from_utf8(armored).map_err(|_| CliError::Server("the report is not ASCII-armored".into()))?;
    let protected = key.primary_key.secret_params().is_encrypted()
        || key.secret_subkeys.iter().any(|s| s.key.secret_params().is_encrypted());
    let password = if protected {
        let prompt = format!("Passphrase for {}: ", path.display());
        let passphrase = rpassword::prompt_password(prompt)
            .map_err(|e| CliError::Decrypt(format!("the key is passphrase-protected and no terminal can ask: {e}")))?;
        Password::from(passphrase.as_str())
    } else {
        Password::empty()
    };
    let (message, _) = Message::from_string(armored)
        .map_err(|e| CliError::Server(format!("the report is not an OpenPGP message: {e}")))?;
    let message = message.decrypt(&password, &key).map_err(|e| match e {
        pgp::errors::Error::MissingKey => CliError::Decrypt("the report is not encrypted to this key".into()),
        other if protected => CliError::Decrypt(format!("wrong passphrase or damaged key ({other})")),
        other => CliError::Decrypt(other.to_string()),
    })?;
    let mut message = if message.is_compressed() {
        message.decompress().map_err(|e| CliError::Decrypt(e.to_string()))?
    } else {
        message
    };
    message.as_data_vec().map_err(|e| CliError::Decrypt(format!("integrity check failed: {e}")))
}

fn with_gpg(program: &str, armored: &[u8]) -> Result<Vec<u8>, CliError> {
    // The ciphertext goes through a private temporary file so that gpg keeps the terminal for
    // pinentry (smartcard PIN, passphrase).
    let dir = std::env::temp_dir().join(format!("sealdrop-{}-{}", std::process::id(), unique()));
    crate::private::create_dir(&dir, true)?;
    let input = dir.join("report.asc");
    let result = (|| {
        let mut file = std::fs::File::create(&input).map_err(CliError::file(&input))?;
        file.write_all(armored).map_err(CliError::file(&input))?;
        drop(file);
        let output = Command::new(program)
            .args(["--quiet", "--decrypt"])
            .arg(&input)
            .stdin(Stdio::inherit())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| CliError::Decrypt(format!("cannot run `{program}`: {e}")))?;
        if output.status.success() {
            Ok(output.stdout)
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let last = stderr.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("no message");
            Err(CliError::Decrypt(format!("`{program} --decrypt` failed: {}", last.trim())))
        }
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn unique() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_decryptor_follows_the_flags_then_the_config_file() {
        let with = |key: Option<&str>, gpg: Option<&str>| DecryptWith {
            key: key.map(PathBuf::from),
            gpg: gpg.map(String::from),
        };
        let config = Some(PathBuf::from("config.asc"));
        let cases: Vec<(DecryptWith, Option<PathBuf>, Option<Decryptor>)> = vec![
            (with(None, Some("gpg2")), config.clone(), Some(Decryptor::Gpg("gpg2".into()))),
            (with(Some("flag.asc"), None), config.clone(), Some(Decryptor::KeyFile("flag.asc".into()))),
            (with(None, None), config.clone(), Some(Decryptor::KeyFile("config.asc".into()))),
            (with(None, None), None, None),
        ];
        for (flags, default_key, expected) in cases {
            let what = format!("{flags:?} {default_key:?}");
            match (flags.decryptor(default_key), expected) {
                (Ok(got), Some(expected)) => assert_eq!(got, expected, "{what}"),
                (Err(CliError::Usage(message)), None) => assert!(message.contains("--key FILE"), "{message}"),
                (got, expected) => panic!("{what}: got {got:?}, expected {expected:?}"),
            }
        }
    }
}
