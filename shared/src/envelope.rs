//! The submission envelope: encrypting a report to the organisation key (widget, tests) and
//! checking, without decrypting, that a body is an OpenPGP message addressed to it (worker).

use std::io::{BufRead, BufReader};

use pgp::armor::{BlockType, Dearmor};
use pgp::composed::{ArmorOptions, Message, MessageBuilder, SignedPublicKey, SignedSecretKey};
use pgp::crypto::aead::{AeadAlgorithm, ChunkSize};
use pgp::crypto::hash::HashAlgorithm;
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use pgp::packet::{Packet, PacketParser};
use pgp::types::Password;
use rand::{CryptoRng, Rng};

use crate::Error;
use crate::key::{Fingerprint, RecipientKey};

mod framing;

pub use framing::{Framing, HEAD_LIMIT};

/// Encrypts `plaintext` to every encryption subkey of every key in `keys` (the organisation key
/// first, then any staff keys; all of one version, which `policy::load` ensures) and returns the
/// armored message: SEIPDv1 with MDC for v4 keys (what GnuPG 2.2 reads), SEIPDv2 (AES-256/OCB)
/// for v6 keys.
pub fn encrypt<R: Rng + CryptoRng>(keys: &[RecipientKey], plaintext: Vec<u8>, rng: R) -> Result<String, Error> {
    encrypt_with(keys, plaintext, None, rng)
}

/// Like [`encrypt`], and signed inside the encryption (one-pass signature, SHA-256) by `signer`'s
/// primary key: what staff replies and reporters' answers are, so the other side can tell who
/// wrote them. GnuPG shows the signature on `--decrypt`.
pub fn encrypt_signed<R: Rng + CryptoRng>(
    keys: &[RecipientKey],
    plaintext: Vec<u8>,
    signer: &SignedSecretKey,
    password: Password,
    rng: R,
) -> Result<String, Error> {
    encrypt_with(keys, plaintext, Some((signer, password)), rng)
}

fn encrypt_with<R: Rng + CryptoRng>(
    keys: &[RecipientKey],
    plaintext: Vec<u8>,
    signer: Option<(&SignedSecretKey, Password)>,
    mut rng: R,
) -> Result<String, Error> {
    let first = keys.first().ok_or(Error::NotEncrypted("no key to encrypt to"))?;
    let recipients: Vec<_> = keys.iter().flat_map(RecipientKey::recipients).collect();
    let builder = MessageBuilder::from_bytes("", plaintext);
    if first.is_v6() {
        let mut b = builder.seipd_v2(&mut rng, SymmetricKeyAlgorithm::AES256, AeadAlgorithm::Ocb, ChunkSize::default());
        for r in &recipients {
            b.encrypt_to_key(&mut rng, r.subkey()).map_err(Error::Encrypt)?;
        }
        if let Some((key, password)) = signer {
            b.sign(&key.primary_key, password, HashAlgorithm::Sha256);
        }
        b.to_armored_string(&mut rng, ArmorOptions { headers: None, include_checksum: false }).map_err(Error::Encrypt)
    } else {
        let mut b = builder.seipd_v1(&mut rng, SymmetricKeyAlgorithm::AES256);
        for r in &recipients {
            b.encrypt_to_key(&mut rng, r.subkey()).map_err(Error::Encrypt)?;
        }
        if let Some((key, password)) = signer {
            b.sign(&key.primary_key, password, HashAlgorithm::Sha256);
        }
        b.to_armored_string(&mut rng, ArmorOptions::default()).map_err(Error::Encrypt)
    }
}

/// The partial body length chunk of a streamed message ([`encrypt_stream`]): 1 MiB, so the
/// worker's framing walk ([`Framing`]) meets about one length header per MiB.
pub const STREAM_CHUNK: u32 = 1 << 20;

/// Like [`encrypt`], streamed: reads the plaintext from `plaintext` and writes a *binary*
/// OpenPGP message to `out` as it goes (partial body lengths of [`STREAM_CHUNK`]), so memory
/// stays bounded by the chunk, whatever the size. What a report uploaded in parts is.
pub fn encrypt_stream<R, P, W>(keys: &[RecipientKey], plaintext: P, out: W, mut rng: R) -> Result<(), Error>
where
    R: Rng + CryptoRng,
    P: std::io::Read,
    W: std::io::Write,
{
    let first = keys.first().ok_or(Error::NotEncrypted("no key to encrypt to"))?;
    let recipients: Vec<_> = keys.iter().flat_map(RecipientKey::recipients).collect();
    let mut builder = MessageBuilder::from_reader("", plaintext);
    builder.partial_chunk_size(STREAM_CHUNK).map_err(Error::Encrypt)?;
    if first.is_v6() {
        let mut b = builder.seipd_v2(&mut rng, SymmetricKeyAlgorithm::AES256, AeadAlgorithm::Ocb, ChunkSize::default());
        for r in &recipients {
            b.encrypt_to_key(&mut rng, r.subkey()).map_err(Error::Encrypt)?;
        }
        b.to_writer(&mut rng, out).map_err(Error::Encrypt)
    } else {
        let mut b = builder.seipd_v1(&mut rng, SymmetricKeyAlgorithm::AES256);
        for r in &recipients {
            b.encrypt_to_key(&mut rng, r.subkey()).map_err(Error::Encrypt)?;
        }
        b.to_writer(&mut rng, out).map_err(Error::Encrypt)
    }
}

/// A binary OpenPGP message ASCII-armored (RFC 9580 §6: base64 in lines of 64, no checksum).
pub fn armor(binary: &[u8]) -> String {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(binary);
    let mut out = String::with_capacity(encoded.len() + encoded.len() / 64 + 64);
    out.push_str("-----BEGIN PGP MESSAGE-----\n\n");
    for line in encoded.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END PGP MESSAGE-----\n");
    out
}

/// The most plaintext a decrypted report or message may hold: the policy's ciphertext limits,
/// which bounds the plaintext of an uncompressed message with room to spare (armor and base64
/// only grow it). Anything larger came out of a compressed packet.
pub fn plaintext_limit(policy: &crate::policy::PublicPolicy) -> u64 {
    policy.max_body_bytes().max(policy.max_upload_bytes())
}

/// Who signed a decrypted message, checked against the keys the reader trusts for it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Signature {
    /// A valid signature by the primary key (or a subkey) of the key with this fingerprint.
    Valid(Fingerprint),
    /// Signed, but not validly by any trusted key: an unknown signer, or a bad signature.
    Invalid,
    /// No signature at all.
    Unsigned,
}

/// A decrypted message: its bytes and who signed it.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The literal data.
    pub data: Vec<u8>,
    /// The signature check against the trusted signers.
    pub signature: Signature,
}

/// Reads a decrypted message (decompressing it if needed) and checks its signature against
/// `signers` (each key's primary, and its subkeys whose binding allows signing). Fails on a broken
/// integrity check, and on more than `limit` bytes of plaintext (a decompression bomb: a few KiB
/// of compressed zeros expand to gigabytes); see [`plaintext_limit`].
pub fn open(message: Message<'_>, signers: &[&SignedPublicKey], limit: u64) -> Result<Opened, Error> {
    use std::io::Read as _;
    let mut message =
        if message.is_compressed() { message.decompress().map_err(Error::MalformedMessage)? } else { message };
    let mut data = Vec::new();
    (&mut message)
        .take(limit.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(|e| Error::ReportFormat(format!("integrity check failed: {e}")))?;
    if data.len() as u64 > limit {
        return Err(Error::TooLarge { limit });
    }
    if !message.is_signed() {
        return Ok(Opened { data, signature: Signature::Unsigned });
    }
    let valid = signers.iter().find(|key| {
        message.verify(&key.primary_key).is_ok()
            || key
                .public_subkeys
                .iter()
                .filter(|sk| sk.signatures.iter().any(|s| s.key_flags().sign()))
                .any(|sk| message.verify(&sk.key).is_ok())
    });
    let signature = match valid {
        Some(key) => Signature::Valid(Fingerprint::from_key(key)),
        None => Signature::Invalid,
    };
    Ok(Opened { data, signature })
}

/// What the worker learns from a valid submission without decrypting it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// Fingerprints of the organisation subkeys the message is addressed to.
    pub recipients: Vec<Fingerprint>,
    /// 1 for SEIPDv1 (with MDC), 2 for SEIPDv2 (AEAD).
    pub seipd_version: u8,
}

/// Checks that `armored` is an ASCII-armored OpenPGP message consisting of public-key encrypted
/// session keys, every one addressed to an encryption subkey of one of `keys` (the organisation
/// key first, then staff keys; no wildcard, no other key, no password) and at least one to the
/// organisation key, followed by one integrity-protected encrypted data packet.
pub fn inspect(keys: &[RecipientKey], armored: &[u8]) -> Result<Envelope, Error> {
    inspect_for(keys, keys.get(..1).unwrap_or_default(), armored)
}

/// Like [`inspect`], with the keys that must be addressed given separately: every session key
/// must go to one of `allowed`, and each of `required` must be addressed (a staff reply: the
/// organisation key and the reporter's reply key).
pub fn inspect_for(allowed: &[RecipientKey], required: &[RecipientKey], armored: &[u8]) -> Result<Envelope, Error> {
    let trimmed = armored.trim_ascii_start();
    if !trimmed.starts_with(b"-----BEGIN PGP MESSAGE-----") {
        return Err(Error::NotEncrypted("the body does not start with `-----BEGIN PGP MESSAGE-----`"));
    }
    check_frame(trimmed)?;
    let mut dearmor = Dearmor::new(BufReader::new(trimmed));
    dearmor.read_header().map_err(Error::MalformedMessage)?;
    if dearmor.typ != Some(BlockType::Message) {
        return Err(Error::NotEncrypted("the armor is not a PGP MESSAGE block"));
    }
    let envelope = inspect_packets(allowed, BufReader::new(dearmor))?;
    require(&envelope.recipients, required)?;
    Ok(envelope)
}

const FOOTER: &[u8] = b"-----END PGP MESSAGE-----";

/// The armor's frame, which is stored and mailed verbatim: no armor headers (nothing
/// unauthenticated rides along into staff mail clients), and nothing but whitespace after the
/// footer. A wrong CRC24 is not a reason to refuse (RFC 9580 §6.1); trailing data is.
fn check_frame(armored: &[u8]) -> Result<(), Error> {
    let end = find(armored, FOOTER).ok_or(Error::NotEncrypted("the armor has no `-----END PGP MESSAGE-----` line"))?;
    if !armored[end + FOOTER.len()..].iter().all(u8::is_ascii_whitespace) {
        return Err(Error::NotEncrypted("only whitespace may follow `-----END PGP MESSAGE-----`"));
    }
    // The line after `-----BEGIN PGP MESSAGE-----` is blank, or base64 (which has no colon).
    let second = armored[..end].split(|&b| b == b'\n').nth(1).unwrap_or_default();
    if second.contains(&b':') {
        return Err(Error::NotEncrypted("armor headers (such as `Comment:`) are not accepted"));
    }
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn inspect_packets<R: BufRead>(keys: &[RecipientKey], reader: R) -> Result<Envelope, Error> {
    let allowed: Vec<_> = keys.iter().flat_map(RecipientKey::recipients).collect();
    let mut recipients = Vec::new();
    let mut seipd_version = None;
    for packet in PacketParser::new(reader) {
        let packet = packet.map_err(Error::MalformedMessage)?;
        if seipd_version.is_some() {
            return Err(Error::NotEncrypted("data after the encrypted data packet"));
        }
        match classify(&allowed, packet)? {
            Head::Recipient(fingerprint) => recipients.push(fingerprint),
            Head::Skip => {}
            Head::Data(version) => {
                if recipients.is_empty() {
                    return Err(Error::NotEncrypted("no recipient before the encrypted data"));
                }
                seipd_version = Some(version);
            }
        }
    }
    let seipd_version = seipd_version.ok_or(Error::NotEncrypted("no encrypted data packet"))?;
    Ok(Envelope { recipients, seipd_version })
}

/// What one packet of a message's head is.
enum Head {
    /// A session key for this subkey (one of the allowed).
    Recipient(Fingerprint),
    /// A marker or padding packet.
    Skip,
    /// The encrypted data packet, of this version.
    Data(u8),
}

/// Checks one packet of a message as the envelope rules say (armored or streamed alike).
fn classify(allowed: &[crate::key::Recipient<'_>], packet: Packet) -> Result<Head, Error> {
    match packet {
        Packet::PublicKeyEncryptedSessionKey(pkesk) => {
            let matched = if let Ok(id) = pkesk.id() {
                if id.is_wildcard() {
                    return Err(Error::NotEncrypted("anonymous (wildcard) recipients are not accepted"));
                }
                allowed
                    .iter()
                    .find(|r| r.key_id()[..] == id.as_ref()[..])
                    .ok_or_else(|| Error::WrongRecipient { key_id: hex(id.as_ref()) })?
            } else if let Ok(fp) = pkesk.fingerprint() {
                let fp = fp.ok_or(Error::NotEncrypted("anonymous (wildcard) recipients are not accepted"))?;
                let fp_hex = format!("{fp:X}");
                allowed
                    .iter()
                    .find(|r| r.fingerprint().as_str() == fp_hex)
                    .ok_or(Error::WrongRecipient { key_id: fp_hex })?
            } else {
                return Err(Error::NotEncrypted("unsupported session key packet version"));
            };
            Ok(Head::Recipient(matched.fingerprint()))
        }
        Packet::SymKeyEncryptedSessionKey(_) => {
            Err(Error::NotEncrypted("password-encrypted messages are not accepted"))
        }
        Packet::Marker(_) | Packet::Padding(_) => Ok(Head::Skip),
        Packet::SymEncryptedProtectedData(data) => Ok(Head::Data(if data.version() == 2 { 2 } else { 1 })),
        Packet::SymEncryptedData(_) => Err(Error::NotEncrypted("unprotected (no MDC) encrypted data is not accepted")),
        _ => Err(Error::NotEncrypted("the message is not encrypted (found a plaintext packet)")),
    }
}

/// Each of `required` must be among the subkeys addressed.
fn require(recipients: &[Fingerprint], required: &[RecipientKey]) -> Result<(), Error> {
    for key in required {
        let subkeys: Vec<Fingerprint> = key.recipients().iter().map(|r| r.fingerprint()).collect();
        if !recipients.iter().any(|r| subkeys.contains(r)) {
            return Err(Error::RecipientMissing { fingerprint: key.fingerprint() });
        }
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}
