//! Decrypting on the staff member's machine: with an armored secret key file (rPGP; the
//! passphrase is prompted without echo when the key has one, once per run) or by running the
//! user's own `gpg`, so keys on smartcards work. [`DecryptWith`] is the `--key FILE` / `--gpg`
//! choice every command that decrypts flattens into its arguments; [`Decryptor::unlock`] loads the
//! key once, and [`Unlocked::open`] decrypts a message and checks who signed it, on one code path
//! for both (gpg hands over the session key, rPGP reads the message).

use std::path::{Path, PathBuf};

use pgp::composed::{Deserializable as _, Message, SignedPublicKey, SignedSecretKey};
use pgp::types::{KeyDetails as _, Password};
use sealdrop_shared::envelope::{self, Opened};
use sealdrop_shared::key::Fingerprint;

use crate::error::CliError;
use crate::gpg;

/// How to decrypt, as the command line says it: `--key FILE` or `--gpg [PROGRAM]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args)]
pub struct DecryptWith {
    /// Armored secret key file (its passphrase is asked for once, never echoed); `reply` signs
    /// with it too.
    #[arg(long, value_name = "FILE", conflicts_with = "gpg")]
    pub key: Option<PathBuf>,
    /// Decrypt with your own gpg (smartcards work; `reply` signs with gpg's default key);
    /// optionally the program to run.
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
    /// Ready to decrypt: a key file is read and its passphrase asked for (and checked) now, once.
    pub fn unlock(&self) -> Result<Unlocked, CliError> {
        match self {
            Decryptor::KeyFile(path) => Ok(Unlocked::Key(Box::new(SecretKeyFile::load(path)?))),
            Decryptor::Gpg(program) => Ok(Unlocked::Gpg(program.clone())),
        }
    }
}

/// A secret key read from a file, with its passphrase.
pub struct SecretKeyFile {
    path: PathBuf,
    key: SignedSecretKey,
    /// `None` for a key without a passphrase.
    passphrase: Option<String>,
}

impl std::fmt::Debug for SecretKeyFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretKeyFile").field("path", &self.path).finish_non_exhaustive()
    }
}

impl SecretKeyFile {
    /// Reads an armored secret key; when it is passphrase-protected, asks for the passphrase
    /// without echo and checks it against the primary key.
    pub fn load(path: &Path) -> Result<Self, CliError> {
        let text = std::fs::read_to_string(path).map_err(CliError::file(path))?;
        let (key, _) = SignedSecretKey::from_string(&text)
            .map_err(|e| CliError::Decrypt(format!("{} is not an armored OpenPGP secret key: {e}", path.display())))?;
        let protected = key.primary_key.secret_params().is_encrypted()
            || key.secret_subkeys.iter().any(|s| s.key.secret_params().is_encrypted());
        let passphrase = if protected {
            let prompt = format!("Passphrase for {}: ", path.display());
            let passphrase = rpassword::prompt_password(prompt).map_err(|e| {
                CliError::Decrypt(format!("the key is passphrase-protected and no terminal can ask: {e}"))
            })?;
            Some(passphrase)
        } else {
            None
        };
        let loaded = Self { path: path.to_path_buf(), key, passphrase };
        if loaded.key.primary_key.secret_params().is_encrypted() {
            loaded
                .key
                .primary_key
                .unlock(&loaded.password(), |_, _| Ok(()))
                .map_err(|e| CliError::Decrypt(format!("wrong passphrase or damaged key ({e})")))?
                .map_err(|e| CliError::Decrypt(format!("wrong passphrase or damaged key ({e})")))?;
        }
        Ok(loaded)
    }

    /// The key.
    pub fn key(&self) -> &SignedSecretKey {
        &self.key
    }

    /// The passphrase as rPGP takes it (empty for an unprotected key).
    pub fn password(&self) -> Password {
        self.passphrase.as_deref().map_or_else(Password::empty, Password::from)
    }

    /// The primary key's fingerprint (the key that signs).
    pub fn fingerprint(&self) -> Result<Fingerprint, CliError> {
        format!("{:X}", self.key.primary_key.fingerprint())
            .parse()
            .map_err(|e| CliError::Decrypt(format!("{}: {e}", self.path.display())))
    }

    fn decrypt<'a>(&self, message: Message<'a>) -> Result<Message<'a>, CliError> {
        let protected = self.passphrase.is_some();
        message.decrypt(&self.password(), &self.key).map_err(|e| match e {
            pgp::errors::Error::MissingKey => CliError::Decrypt("the message is not encrypted to this key".into()),
            other if protected => CliError::Decrypt(format!("wrong passphrase or damaged key ({other})")),
            other => CliError::Decrypt(other.to_string()),
        })
    }
}

/// A decryptor that is ready: a key file loaded (and unlocked), or the user's gpg.
#[derive(Debug)]
pub enum Unlocked {
    /// A secret key file.
    Key(Box<SecretKeyFile>),
    /// The user's `gpg` (program name or path).
    Gpg(String),
}

impl Unlocked {
    /// Decrypts an OpenPGP message (armored or binary) and checks its signature against `signers` (see
    /// [`envelope::open`]). With gpg, gpg only finds the session key; rPGP reads the message, so
    /// signatures are checked the same way with either.
    pub fn open(&self, armored: &[u8], signers: &[&SignedPublicKey], limit: u64) -> Result<Opened, CliError> {
        let not_openpgp = |e: pgp::errors::Error| CliError::Server(format!("not an OpenPGP message: {e}"));
        // Armored (one request), or binary OpenPGP (a report uploaded in parts).
        let message = if armored.trim_ascii_start().starts_with(b"-----BEGIN") {
            let text = std::str::from_utf8(armored)
                .map_err(|_| CliError::Server("the armored message is not ASCII".into()))?;
            Message::from_string(text).map_err(not_openpgp)?.0
        } else {
            Message::from_bytes(armored).map_err(not_openpgp)?
        };
        let decrypted = match self {
            Unlocked::Key(key) => key.decrypt(message)?,
            Unlocked::Gpg(program) => {
                let session_key = gpg::session_key_of(program, armored)?;
                message.decrypt_with_session_key(session_key.plain()).map_err(|e| {
                    CliError::Decrypt(format!(
                        "`{program}` found the session key, but the message does not open with it: {e}"
                    ))
                })?
            }
        };
        envelope::open(decrypted, signers, limit).map_err(|e| CliError::Decrypt(e.to_string()))
    }

    /// The plaintext of an armored OpenPGP message (a report: nobody signs those).
    pub fn decrypt(&self, armored: &[u8], limit: u64) -> Result<Vec<u8>, CliError> {
        self.open(armored, &[], limit).map(|opened| opened.data)
    }
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

    /// The test-only keys and a gpg of their own: a wrapper script around `gpg --homedir`, so the
    /// code under test runs it exactly as it runs the user's gpg.
    struct Fixture {
        dir: PathBuf,
        gpg: String,
    }

    impl Fixture {
        fn new() -> Self {
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
            let dir = std::env::temp_dir().join(format!("sealdrop-cli-gpg-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            let home = dir.join("home");
            crate::private::create_dir(&home, false).expect("gpg home");
            let script = dir.join("gpg");
            std::fs::write(
                &script,
                format!("#!/bin/sh\nexec gpg --homedir '{}' --batch --trust-model always \"$@\"\n", home.display()),
            )
            .expect("wrapper");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).expect("chmod");
            }
            let fixture = Self { dir, gpg: script.display().to_string() };
            for key in ["nimbus-cloud.sec.asc", "stranger.sec.asc"] {
                let path = root.join("tests/fixtures/keys").join(key);
                fixture.run(&["--quiet", "--import", &path.display().to_string()], b"");
            }
            fixture
        }

        fn run(&self, args: &[&str], input: &[u8]) -> Vec<u8> {
            use std::io::Write as _;
            let mut child = std::process::Command::new(&self.gpg)
                .args(args)
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("gpg runs (install gnupg)");
            child.stdin.take().expect("stdin").write_all(input).expect("input");
            let out = child.wait_with_output().expect("gpg");
            assert!(out.status.success(), "gpg {args:?}: {}", String::from_utf8_lossy(&out.stderr));
            out.stdout
        }
    }

    impl Drop for Fixture {
        fn drop(&mut self) {
            let home = self.dir.join("home");
            let _ = std::process::Command::new("gpgconf")
                .arg("--homedir")
                .arg(&home)
                .args(["--kill", "gpg-agent"])
                .output();
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    /// What rPGP and GnuPG write, opened with a key file and with gpg: the same bytes and the same
    /// signature verdict on both paths; and what `reply --gpg` writes passes the worker's check.
    #[test]
    fn a_key_file_and_gpg_open_and_judge_messages_alike() {
        use sealdrop_shared::envelope::{Signature, encrypt, encrypt_signed, inspect_for};
        use sealdrop_shared::key::RecipientKey;

        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let org = RecipientKey::parse(include_str!("../../examples/policies/nimbus-cloud/security.asc")).expect("org");
        let stranger =
            RecipientKey::parse(include_str!("../../tests/fixtures/keys/stranger.pub.asc")).expect("stranger");
        let fixture = Fixture::new();
        let key_file = Unlocked::Key(Box::new(
            SecretKeyFile::load(&root.join("tests/fixtures/keys/nimbus-cloud.sec.asc")).expect("test-only key"),
        ));
        let Unlocked::Key(secret) = &key_file else { unreachable!() };
        assert_eq!(secret.fingerprint().expect("fingerprint"), org.fingerprint());
        let with_gpg = Unlocked::Gpg(fixture.gpg.clone());
        let org_only = std::slice::from_ref(&org);

        let signed =
            encrypt_signed(org_only, b"rpgp signed".to_vec(), secret.key(), secret.password(), rand::rngs::OsRng)
                .expect("signs");
        let unsigned = encrypt(org_only, b"unsigned".to_vec(), rand::rngs::OsRng).expect("encrypts");
        let gpg_sign = |signer: &RecipientKey, text: &[u8]| {
            let (local, to) = (signer.fingerprint().to_string(), org.fingerprint().to_string());
            fixture
                .run(&["--armor", "--quiet", "--local-user", &local, "--sign", "--encrypt", "--recipient", &to], text)
        };
        let by_org = gpg_sign(&org, b"gpg signed");
        let by_stranger = gpg_sign(&stranger, b"stranger signed");
        // A reporter's reply key as the widget derives it from a receipt; gpg has never seen it.
        let receipt = sealdrop_shared::receipt::Receipt::from_bytes([7; 20]);
        let reply_secret = receipt.reply_key().expect("reply key");
        let reply_key = RecipientKey::parse(&sealdrop_shared::receipt::armored_public(&reply_secret).expect("armored"))
            .expect("reply key parses");
        // What `sealdrop reply --gpg` writes: signed with gpg's default key (the organisation key,
        // imported first), to the organisation and the reply key; the worker's check passes.
        let recipients = [org.clone(), reply_key.clone()];
        let reply = crate::gpg::sign_and_encrypt(&fixture.gpg, &recipients, b"reply via gpg").expect("gpg signs");
        inspect_for(&[org.clone(), stranger.clone(), reply_key.clone()], &recipients, reply.as_bytes())
            .expect("the worker accepts it");
        let (readable, _) = Message::from_string(&reply).expect("a message");
        let opened = envelope::open(
            readable.decrypt(&Password::empty(), &reply_secret).expect("the reporter decrypts"),
            &[org.inner()],
            1 << 20,
        )
        .expect("opens");
        assert_eq!(
            (opened.data.as_slice(), opened.signature),
            (&b"reply via gpg"[..], Signature::Valid(org.fingerprint()))
        );
        // A reporter's answer, signed by that reply key (gpg exits non-zero: it cannot check it).
        let answer = encrypt_signed(org_only, b"answer".to_vec(), &reply_secret, Password::empty(), rand::rngs::OsRng)
            .expect("signs");

        let cases: Vec<(&str, &[u8], &[u8], Signature)> = vec![
            ("rPGP, organisation key", signed.as_bytes(), b"rpgp signed", Signature::Valid(org.fingerprint())),
            ("not signed", unsigned.as_bytes(), b"unsigned", Signature::Unsigned),
            ("GnuPG, organisation key", &by_org, b"gpg signed", Signature::Valid(org.fingerprint())),
            ("GnuPG, another key", &by_stranger, b"stranger signed", Signature::Invalid),
            ("reply --gpg", reply.as_bytes(), b"reply via gpg", Signature::Valid(org.fingerprint())),
            ("a reply key gpg does not know", answer.as_bytes(), b"answer", Signature::Valid(reply_key.fingerprint())),
        ];
        for (what, armored, data, expected) in cases {
            for (how, unlocked) in [("key file", &key_file), ("gpg", &with_gpg)] {
                let signers = [org.inner(), reply_key.inner()];
                let opened = unlocked.open(armored, &signers, 1 << 20).unwrap_or_else(|e| panic!("{what}, {how}: {e}"));
                assert_eq!(opened.data, data, "{what}, {how}");
                assert_eq!(opened.signature, expected, "{what}, {how}");
            }
        }
        // A message gpg cannot decrypt: one clear line, no session key.
        let to_stranger = encrypt(std::slice::from_ref(&stranger), b"x".to_vec(), rand::rngs::OsRng).expect("encrypts");
        match key_file.open(to_stranger.as_bytes(), &[], 1 << 20) {
            Err(CliError::Decrypt(message)) => assert!(message.contains("not encrypted to this key"), "{message}"),
            other => panic!("{other:?}"),
        }
    }
}
